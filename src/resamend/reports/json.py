"""``--format json``: the ``resamend.check/1`` document (schema in docs/check.md)."""

from __future__ import annotations

import json
from typing import Sequence

from ..check import CHECKS, FileReport, summary
from ..diagnostics import Diagnostic, Location, shown_path
from . import ReportOptions, redline

FORMAT = "resamend.check/1"
_LOCATION = ("block", "label", "origin", "line")


def finding_data(f: Diagnostic, strict: bool = False) -> dict:
    return {
        "check": f.check,
        "code": f.code,
        "severity": f.severity.value,
        "counts": f.counts(strict),
        "message": f.message,
        "location": (f.location or Location()).fields(*_LOCATION),
        "text": f.text,
        "redline": redline(f),
    }


def _name(path: str | None) -> str | None:
    return None if path is None else shown_path(path)


def to_data(reports: Sequence[FileReport], options: ReportOptions = ReportOptions()) -> dict:
    strict = options.strict
    return {
        "format": FORMAT,
        "strict": strict,
        "base": _name(options.base),
        "expect": _name(options.expect),
        "files": [
            {
                "file": shown_path(r.source),
                "status": r.status(strict),
                "error": r.error,
                "instrument": r.instrument,
                "revision": r.revision,
                "checks": {c: r.check_status(c, strict) for c in CHECKS if c in r.checks},
                "findings": [finding_data(f, strict) for f in r.findings],
            }
            for r in reports
        ],
        "summary": summary(reports, strict),
    }


def render(reports: Sequence[FileReport], options: ReportOptions = ReportOptions()) -> bytes:
    text = json.dumps(to_data(reports, options), ensure_ascii=False, indent=2) + "\n"
    # a lone surrogate left in a message becomes a JSON escape, not a crash
    return text.encode("utf-8", "backslashreplace")
