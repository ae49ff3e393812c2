"""Report formats of ``resamend check``: one module per format, registered
here by name, like the writers.

A report module defines ``render(reports: Sequence[FileReport], options:
ReportOptions) -> bytes``.  Adding a format is one module and one line in
``REPORTS``.  Modules are imported only when used.  The findings are
:class:`resamend.diagnostics.Diagnostic`; where one is, is said by
:meth:`resamend.diagnostics.Location.where`, and file names are shown through
:func:`resamend.diagnostics.shown_path` in every format.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Sequence

from ..diagnostics import Diagnostic, UsageError


@dataclass(frozen=True)
class ReportOptions:
    strict: bool = False  # warnings count as findings
    verbose: bool = False  # info findings shown too
    base: str | None = None  # the --base file, as given
    expect: str | None = None  # the --expect file, as given


@dataclass(frozen=True)
class ReportEntry:
    name: str
    module: str
    extensions: tuple[str, ...]  # an -o file with one of these gets this format by default
    description: str

    def load(self):
        return importlib.import_module(self.module)


REPORTS: dict[str, ReportEntry] = {
    e.name: e
    for e in (
        ReportEntry("text", "resamend.reports.text", (), "the human report: findings by file, small redlines, a summary"),
        ReportEntry("json", "resamend.reports.json", (".json",), "the resamend.check/1 document (schema in docs/check.md)"),
        ReportEntry("github", "resamend.reports.github", (), "GitHub Actions workflow commands (annotations)"),
        ReportEntry("junit", "resamend.reports.junit", (".xml",), "JUnit XML: a testsuite per draft, a testcase per check"),
    )
}


def format_for_path(path: str | None, default: str = "text") -> str:
    """The report format an ``-o`` file name asks for (by its extension)."""
    name = (path or "").lower()
    for entry in REPORTS.values():
        if name.endswith(entry.extensions):
            return entry.name
    return default


def render(name: str, reports: Sequence, options: ReportOptions = ReportOptions()) -> bytes:
    """The reports in format ``name``."""
    entry = REPORTS.get(name)
    if entry is None:
        raise UsageError(f"unknown report format {name!r}", "use one of: " + ", ".join(REPORTS))
    return entry.load().render(reports, options)


def critic(parts: Sequence[tuple[str, str]]) -> str:
    """(mark, text) pairs as CriticMarkup; a deletion then an insertion is a substitution."""
    from ..writers.text import escape

    out: list[str] = []
    k = 0
    while k < len(parts):
        kind, text = parts[k]
        if kind == "delete" and k + 1 < len(parts) and parts[k + 1][0] == "insert":
            out.append("{~~" + escape(text) + "~>" + escape(parts[k + 1][1]) + "~~}")
            k += 2
            continue
        if kind == "insert":
            out.append("{++" + escape(text) + "++}")
        elif kind == "delete":
            out.append("{--" + escape(text) + "--}")
        else:
            out.append(escape(text))
        k += 1
    return "".join(out)


def redline(finding: Diagnostic) -> str | None:
    """A finding's small redline as CriticMarkup (reference → draft), if it has one."""
    return critic(finding.parts) if finding.parts else None
