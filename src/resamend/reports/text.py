"""``--format text``: the human report of ``resamend check`` (rich),
findings grouped by file, small redlines in colour, a summary table; plain
(CriticMarkup for the redlines) in a file.  Also the progress bar.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..check import CHECKS, FileReport, summary
from ..diagnostics import Diagnostic, Severity, shown_path
from ..display import visible
from . import ReportOptions, redline

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_STATUS = {"clean": ("✓ clean", "green"), "findings": ("✗ findings", "bold red"), "trouble": ("! trouble", "bold magenta")}
_CHECK_STYLE = {"pass": "green", "fail": "red", "error": "magenta", "skipped": "dim"}
_PART_STYLE = {"insert": "green underline", "delete": "red strike", "keep": ""}


@contextmanager
def progress(total: int) -> Iterator[Callable[[], None]]:
    """A transient progress bar on stderr; yields the function that advances it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task("check", total=total)
        yield lambda: bar.advance(task)


def _shown(f: Diagnostic, verbose: bool) -> bool:
    return verbose or f.severity is not Severity.INFO


def redline_text(f: Diagnostic) -> Text:
    """The finding's small redline: insertions green underlined, deletions red struck."""
    out = Text()
    for kind, text in f.parts:
        out.append(visible(text), style=_PART_STYLE.get(kind, ""))
    return out


def finding_renderable(f: Diagnostic, strict: bool, plain: bool = False) -> Text:
    head = Text("  ")
    head.append(f"{f.severity.value:<7}", style=_SEVERITY_STYLE[f.severity])
    head.append(f" {f.check:<6} ", style="bold" if f.counts(strict) else "")
    head.append(f"{f.code}", style="bold")
    where = f.location.where(source=False) if f.location is not None else ""
    if where:
        head.append(f"  {visible(where)}", style="dim")
    head.append("\n    " + visible(f.message))
    if f.parts and plain:  # no colours: the redline as CriticMarkup
        head.append("\n    " + visible(redline(f) or ""))
    elif f.parts:
        head.append("\n    ")
        head.append_text(redline_text(f))
    elif f.text and f.text not in f.message and f.check == "lint":
        head.append(f"\n    “{visible(f.text.strip())}”", style="dim")
    return head


def file_renderable(report: FileReport, strict: bool, verbose: bool, plain: bool = False) -> Group | None:
    """The section of one file, or None when there is nothing to show."""
    status = report.status(strict)
    shown = [f for f in report.findings if _shown(f, verbose)]
    if status == "clean" and not shown:
        return None
    label, style = _STATUS[status]
    head = Text()
    head.append(shown_path(report.source), style="bold")
    head.append(f"  {label}", style=style)
    if report.instrument:
        head.append(f"  {report.instrument}" + (f" ({report.revision})" if report.revision else ""), style="dim")
    lines: list = [head]
    if report.error:
        lines.append(Text("  " + visible(report.error), style="magenta"))
    lines.extend(finding_renderable(f, strict, plain) for f in shown)
    return Group(*lines)


def summary_renderable(reports: Sequence[FileReport], strict: bool):
    s = summary(reports, strict)
    line = Text()
    line.append(f"{s['files']} file{'s' if s['files'] != 1 else ''}: ")
    line.append(f"{s['clean']} clean", style="green")
    line.append(", ")
    line.append(f"{s['findings']} with findings", style="red" if s["findings"] else "")
    line.append(", ")
    line.append(f"{s['trouble']} trouble", style="magenta" if s["trouble"] else "")
    line.append(f"  ({s['errors']} errors, {s['warnings']} warnings, {s['info']} info"
                + ("; warnings count: --strict" if strict else "") + ")", style="dim")
    if len(reports) == 1:
        return line
    table = Table(title="resamend check", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("file", overflow="fold")
    table.add_column("result")
    for c in CHECKS:
        if any(c in r.checks for r in reports):
            table.add_column(c)
    table.add_column("errors", justify="right")
    table.add_column("warnings", justify="right")
    table.add_column("info", justify="right")
    used = [c for c in CHECKS if any(c in r.checks for r in reports)]
    for r in reports:
        label, style = _STATUS[r.status(strict)]
        row = [shown_path(r.source), Text(label, style=style)]
        for c in used:
            st = r.check_status(c, strict)
            row.append(Text(st, style=_CHECK_STYLE[st]))
        row += [str(r.count(Severity.ERROR)), str(r.count(Severity.WARNING)), str(r.count(Severity.INFO))]
        table.add_row(*row)
    return Group(table, line)


def _print(console: Console, reports: Sequence[FileReport], strict: bool, verbose: bool) -> None:
    plain = console.no_color or console.color_system is None
    for r in reports:
        section = file_renderable(r, strict, verbose, plain)
        if section is not None:
            console.print(section, highlight=False)
            console.print()
    console.print(summary_renderable(reports, strict), highlight=False)


def print_report(reports: Sequence[FileReport], options: ReportOptions = ReportOptions()) -> None:
    """The report on stdout (colours only on a terminal that wants them)."""
    _print(Console(highlight=False), reports, options.strict, options.verbose)


def render(reports: Sequence[FileReport], options: ReportOptions = ReportOptions()) -> bytes:
    """The same report as plain text (for ``-o FILE``)."""
    buffer = io.StringIO()
    console = Console(file=buffer, no_color=True, force_terminal=False, width=100, highlight=False,
                      emoji=False, color_system=None)
    _print(console, reports, options.strict, options.verbose)
    return buffer.getvalue().encode("utf-8", "backslashreplace")
