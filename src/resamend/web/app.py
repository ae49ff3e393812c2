"""The Flask application behind ``resamend serve``.

Flask (with Werkzeug's threaded server) was chosen because it is small,
well kept, synchronous — the work is CPU-bound library calls, which a
thread per request serves without an event loop — and has a test client;
it is an optional extra (``pip install 'resamend[web]'``).

Safety: only the addresses this server answers on are accepted in the
``Host`` header (a page on another site that makes its name point at
127.0.0.1 is refused: DNS rebinding); a POST from another origin is
refused (``Origin`` / ``Sec-Fetch-Site``); uploads are held in memory,
limited to the CLI's input limit, and their names are used in messages
only, never as paths.
"""

from __future__ import annotations

import io
import ipaddress
import json
import socket
from importlib import resources

from flask import Flask, Request, Response, abort, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..diagnostics import ResamendError, UsageError
from . import operations as ops
from .operations import Upload

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: the largest number of multipart parts a request may carry (check sends three files and a few fields)
MAX_PARTS = 16
#: room for the multipart framing and the small fields around the files
FORM_OVERHEAD = 64 * 1024
#: the answer's diagnostics go in a header; past this size, the rest are counted, not listed
DIAGNOSTICS_HEADER_BYTES = 32 * 1024
SECURITY_HEADERS = {
    # the writers' HTML pages are shown in sandboxed frames (blob: URLs) and carry their own <style>
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "connect-src 'self'; frame-src 'self' blob:; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class _InMemoryRequest(Request):
    """Multipart uploads are parsed into memory, never spooled to disk."""

    max_form_parts = MAX_PARTS

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return io.BytesIO()


def create_app(*, max_input_bytes: int | None = None) -> Flask:
    """The application.  ``app.config["RESAMEND_ADDRESS"] = (host, port)``
    must be set to the address served (``serve`` does it once bound)."""
    if max_input_bytes is None:
        from ..cli import MAX_INPUT_BYTES as max_input_bytes
    app = Flask(__name__, static_folder=None)
    app.request_class = _InMemoryRequest
    app.config["MAX_CONTENT_LENGTH"] = 3 * max_input_bytes + FORM_OVERHEAD
    app.config["MAX_FORM_MEMORY_SIZE"] = FORM_OVERHEAD
    app.config["RESAMEND_MAX_INPUT"] = max_input_bytes
    app.config["RESAMEND_ADDRESS"] = ("127.0.0.1", 8765)
    _routes(app)
    return app


# --- who may ask -----------------------------------------------------------------


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` header values this server answers to.  On a loopback
    address: 127.0.0.1, localhost and [::1] with the port; on another
    address: that address, or, on all addresses, this machine's names; and
    any IP address literal (DNS rebinding needs a name)."""
    names = {host.lower()}
    if _is_loopback(host):
        names.update(LOOPBACK_NAMES)
    if host in ("0.0.0.0", "::", ""):
        names.update(LOOPBACK_NAMES)
        names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
    return frozenset(_with_port(name, port) for name in names)


def _with_port(name: str, port: int) -> str:
    return f"[{name}]:{port}" if ":" in name else f"{name}:{port}"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_allowed(header: str, host: str, port: int) -> bool:
    value = header.strip().lower()
    if not value:
        return False
    if ":" not in value.rsplit("]", 1)[-1]:
        value = f"{value}:80"
    if value in allowed_hosts(host, port):
        return True
    if host in ("0.0.0.0", "::", "") or not _is_loopback(host):
        literal, _, given_port = value.rpartition(":")
        try:
            ipaddress.ip_address(literal.strip("[]"))
        except ValueError:
            return False
        return given_port == str(port)
    return False


def same_origin(origin: str | None, fetch_site: str | None, host_header: str) -> bool:
    """A POST is accepted from this page itself, or from a script that
    sends neither header (curl, Python); never from another site."""
    if origin is not None:
        return origin.lower() == f"http://{host_header.strip().lower()}"
    return fetch_site is None or fetch_site in ("same-origin", "none")


# --- routes ------------------------------------------------------------------------


def _routes(app: Flask) -> None:
    @app.before_request
    def guard():
        host, port = app.config["RESAMEND_ADDRESS"]
        header = request.headers.get("Host", "")
        if not host_allowed(header, host, port):
            return _error(f"this server answers at http://{_with_port(host, port)}/ only, not at Host {header[:100]!r}; "
                          "open that address", 403)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(
                request.headers.get("Origin"), request.headers.get("Sec-Fetch-Site"), header):
            return _error("a request from another web site was refused; use the page this server serves", 403)
        return None

    @app.after_request
    def harden(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(ResamendError)
    def trouble(exc: ResamendError):
        return _error(str(exc), 400)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc):
        limit = app.config["RESAMEND_MAX_INPUT"]
        if (request.content_length or 0) <= app.config["MAX_CONTENT_LENGTH"]:  # within the size: the form's shape
            return _error(f"the form has more than {MAX_PARTS} parts or a text field over {FORM_OVERHEAD // 1024} KiB; "
                          "send only the files (draft, old, new, base, expect)", 413)
        return _error(f"the upload is too large; resamend reads files up to {limit // 2**20} MiB", 413)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _error(f"{exc.name.lower()}; see http://{request.host}/ for the page and /api/ for the API", exc.code or 500)

    @app.errorhandler(Exception)
    def bug(exc: Exception):
        if isinstance(exc, RecursionError):
            return _error("the document is nested too deeply to read", 400)
        return _error(f"internal error ({exc.__class__.__name__}: {exc}); please report it", 500)

    @app.get("/")
    def page():
        return _static("index.html")

    @app.get("/static/<name>")
    def static_file(name: str):
        return _static(name)

    @app.get("/api/")
    def api_index():
        return _json({
            "endpoints": {f"POST /api/{name}": {"files": list(files), "query": dict(query)}
                          for name, (files, query) in ENDPOINTS.items()},
            "max_input_bytes": app.config["RESAMEND_MAX_INPUT"],
        })

    @app.before_request
    def known_options():
        name = request.path.removeprefix("/api/")
        if request.method == "POST" and name in ENDPOINTS:
            allowed = dict(ENDPOINTS[name][1])
            for key in request.args:
                if key not in allowed:
                    raise UsageError(f"unknown option {key[:40]!r} for /api/{name}", "use " + ", ".join(allowed))
        return None

    @app.post("/api/apply")
    def api_apply():
        return _answer(ops.apply(_upload("draft"), _arg("to"), original=_flag("original"), cop=_number("cop"),
                                 renumber=_flag("renumber", True), annex=_number("annex"), convention=_convention()))

    @app.post("/api/redline")
    def api_redline():
        return _answer(ops.redline(_upload("draft"), _arg("to"), track_changes=_flag("track_changes"),
                                   author=_arg("author"), date=_arg("date"), convention=_convention(),
                                   instrument=_flag("instrument"), annex=_number("annex")))

    @app.post("/api/diff")
    def api_diff():
        return _answer(ops.diff(_upload("old"), _upload("new"), _arg("to"), track_changes=_flag("track_changes"),
                                author=_arg("author"), date=_arg("date"), granularity=_arg("granularity") or "word",
                                convention=_convention()))

    @app.post("/api/check")
    def api_check():
        return _answer(ops.check(_upload("draft"), _upload("base", required=False), _upload("expect", required=False),
                                 _arg("to"), strict=_flag("strict"), verbose=_flag("verbose"), annex=_number("annex"),
                                 convention=_convention()))

    @app.post("/api/inspect")
    def api_inspect():
        return _answer(ops.inspect(_upload("draft"), annex=_number("annex"), convention=_convention()))


_CONVENTION = ("marks", "all (tracked changes and underline/strike, the default) or tracked (tracked changes only)")
_TRACKED = (("track_changes", "1: DOCX with real tracked changes"), ("author", "tracked-change author (default resamend)"),
            ("date", "tracked-change date, ISO 8601 (default now)"))
#: per endpoint: the multipart file fields (optional ones in brackets) and the query options
ENDPOINTS = {
    "apply": (("draft",), (("to", "|".join(ops.APPLY_FORMATS)), ("original", "1: the text before the amendments"),
                           ("cop", "N: the meeting that adopts them"), ("renumber", "0: keep 8bis as 8bis"),
                           ("annex", "N: the resolution in annex N"), _CONVENTION)),
    "redline": (("draft",), (("to", "|".join(ops.REDLINE_FORMATS)), *_TRACKED,
                             ("instrument", "1: the resolution only, as apply finds it"), ("annex", "N: with instrument=1"), _CONVENTION)),
    "diff": (("old", "new"), (("to", "|".join(ops.REDLINE_FORMATS)), *_TRACKED, ("granularity", "word|char"), _CONVENTION)),
    "check": (("draft", "[base]", "[expect]"), (("to", "|".join(ops.CHECK_FORMATS)), ("strict", "1: warnings count as findings"),
                                                 ("verbose", "1: info findings too (text, github)"), ("annex", "N"), _CONVENTION)),
    "inspect": (("draft",), (("annex", "N"), _CONVENTION)),
}

_STATIC_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}


def _static(name: str) -> Response:
    """One of the files shipped in ``static/``, by its exact name (a name
    that is not one of them, ``..`` included, is a 404)."""
    folder = resources.files(__package__) / "static"
    shipped = {entry.name: entry for entry in folder.iterdir() if entry.is_file()}
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if name not in shipped or suffix not in _STATIC_TYPES:
        abort(404)
    return Response(shipped[name].read_bytes(), content_type=_STATIC_TYPES[suffix])


# --- request parts -----------------------------------------------------------------


def _upload(field: str, required: bool = True) -> Upload | None:
    from flask import current_app

    files = [item for item in request.files.getlist(field) if item.filename or item.stream.getbuffer().nbytes]
    if not files:  # a file input left empty sends a part with no name and no bytes
        if required:
            raise UsageError(f"no file was sent as {field!r}", f"send it as the multipart/form-data field {field!r}")
        return None
    if len(files) > 1:
        raise UsageError(f"{len(files)} files were sent as {field!r}", "send one")
    item = files[0]
    return ops.checked(Upload(_display_name(item.filename, field), item.stream.getvalue()), current_app.config["RESAMEND_MAX_INPUT"])


def _display_name(filename: str | None, field: str) -> str:
    """The client's file name, for messages only: its last component,
    printable characters, at most 100 of them."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:100].strip()
    return name if name and name not in (".", "..") else field


def _arg(name: str) -> str | None:
    value = request.args.get(name)
    return value if value not in (None, "") else None


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _flag(name: str, default: bool = False) -> bool:
    value = _arg(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise UsageError(f"{name}={value[:40]!r} is not a yes/no value", f"use {name}=1 or {name}=0")


def _number(name: str) -> int | None:
    value = _arg(name)
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 99:
        raise UsageError(f"{name}={value[:40]!r} is not a number from 1 to 99", f"give {name}=N")
    return int(value)


def _convention() -> str:
    from ..commands.options import MARKS  # marks= is the command line's --marks

    value = _arg("marks") or "all"
    if value not in MARKS:
        raise UsageError(f"marks={value[:40]!r} is not a kind of marks", "use marks=all (tracked changes and underline/strike) or marks=tracked")
    return MARKS[value]


# --- answers -----------------------------------------------------------------------


def _answer(answer: ops.Answer) -> Response:
    response = Response(answer.body, content_type=answer.media_type)
    response.headers["Content-Disposition"] = _disposition(answer.filename)
    response.headers["X-Resamend-Exit-Status"] = str(answer.exit_status)
    listed, omitted = _diagnostics_header(answer.diagnostics)
    response.headers["X-Resamend-Diagnostics"] = listed
    if omitted:
        response.headers["X-Resamend-Diagnostics-Omitted"] = str(omitted)
    return response


def _diagnostics_header(diagnostics) -> tuple[str, int]:
    """The warnings and errors as ASCII JSON, as many as fit in a header."""
    items = [d.to_dict() for d in diagnostics if d.severity.value != "info"]
    listed: list[dict] = []
    size = 2
    for item in items:
        text = json.dumps(item, ensure_ascii=True)
        if size + len(text) + 1 > DIAGNOSTICS_HEADER_BYTES:
            break
        listed.append(item)
        size += len(text) + 1
    return json.dumps(listed, ensure_ascii=True), len(items) - len(listed)


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False) + "\n", status=status, content_type="application/json")


def _error(message: str, status: int) -> Response:
    return _json({"error": message}, status)
