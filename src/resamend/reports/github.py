"""``--format github``: GitHub Actions workflow commands, one per finding
(errors and warnings; info as notices with ``--verbose``).  A warning that
counts (``--strict``) is raised to an error so that the annotation matches
the failure."""

from __future__ import annotations

from typing import Sequence

from ..check import FileReport
from ..diagnostics import Diagnostic, Severity, shown_path
from . import ReportOptions, redline

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Diagnostic) -> str:
    """The annotation text: where (when no line can say it), what, and the redline."""
    where = ""
    loc = f.location
    if loc is not None and loc.line is None and f.check == "lint" and (loc.label or loc.origin):
        where = loc.where(source=False) + ": "
    message = where + f.message
    shown = redline(f)
    if shown:
        return f"{message}\n{shown}"
    if f.text and f.text.strip() and f.text not in f.message:
        return f"{message}: “{f.text.strip()}”"
    return message


def lines(reports: Sequence[FileReport], options: ReportOptions = ReportOptions()) -> list[str]:
    out = []
    for r in reports:
        file = _property(shown_path(r.source))
        if r.error is not None:
            out.append(f"::error file={file},title={_property('resamend: cannot check')}::{_data(r.error)}")
            continue
        for f in r.findings:
            if f.severity is Severity.INFO and not options.verbose:
                continue
            level = "error" if f.counts(options.strict) else _LEVEL[f.severity]
            props = [f"file={file}"]
            if f.location is not None and f.location.line is not None:
                props.append(f"line={f.location.line}")
            props.append(f"title={_property(f'resamend {f.check}: {f.code}')}")
            out.append(f"::{level} {','.join(props)}::{_data(annotation(f))}")
    return out


def render(reports: Sequence[FileReport], options: ReportOptions = ReportOptions()) -> bytes:
    return "".join(line + "\n" for line in lines(reports, options)).encode("utf-8", "backslashreplace")
