"""Binding the application to an address (Werkzeug's threaded server: one
thread per request, so that a long consolidation does not hold up the
others)."""

from __future__ import annotations

import socket

from werkzeug.serving import WSGIRequestHandler, make_server, select_address_family

from ..diagnostics import UsageError
from .app import _with_port, create_app


class _QuietHandler(WSGIRequestHandler):
    """No line per request on the terminal (errors are still logged)."""

    def log_request(self, code="-", size="-"):
        pass


def bind(host: str = "127.0.0.1", port: int = 8765, *, max_input_bytes: int | None = None):
    """A server listening on ``host:port`` (port 0: a free one), not yet
    serving; ``server.url`` is its address, ``serve_forever()`` runs it and
    ``shutdown()`` stops it from another thread."""
    app = create_app(max_input_bytes=max_input_bytes)
    try:  # bound here, so that a port in use is our one-line error (Werkzeug would print and exit)
        listening = socket.create_server((host, port), family=select_address_family(host, port))
    except OSError as exc:
        raise UsageError(f"cannot listen on {_with_port(host, port)} ({exc.strerror or exc})",
                         "choose another --port (or --host), or stop the program using it") from None
    with listening:  # the server keeps a duplicate of the socket
        server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler, fd=listening.fileno())
    actual_port = server.socket.getsockname()[1]
    app.config["RESAMEND_ADDRESS"] = (host, actual_port)
    server.url = f"http://{_with_port(host, actual_port)}/"
    return server
