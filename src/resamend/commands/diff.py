"""resamend diff: compare two versions and write the redline."""

from __future__ import annotations

import gc

import click

from .options import common_options, convention, input_format, input_path, output_option
from .redlines import REDLINE_FORMATS, redline_options


@click.command("diff")
@input_path("old", "OLD")
@input_path("new", "NEW")
@input_format
@click.option("-t", "--to", type=click.Choice(REDLINE_FORMATS), help="Redline format (default: terminal on a TTY, else from -o, else md). json is the amendment set.")
@output_option()
@click.option("--granularity", type=click.Choice(["word", "char"]), default="word", show_default=True, help="Mark whole words, or single letters inside words (CMS style: {--g--}{++G++}lobal).")
@redline_options
@convention
@common_options
def command(old, new, from_, to, output, granularity, track_changes, author, date, no_pager, reference_doc, color, convention):
    """Compare OLD with NEW and write the redline: paragraphs aligned first
    (moved paragraphs shown as moves), then words inside them.  A marked
    draft is compared in its final view.  Exit status: 0 same, 1 different,
    2 trouble.

    \b
    Examples:
      resamend diff "Res.11.10 (Rev.COP13).docx" "Res.11.10 (Rev.COP14).docx"
      resamend diff old.docx new.docx -o redline.docx
      resamend diff old.docx new.docx -o redline.docx --track-changes --author "CMS Secretariat"
      resamend diff old.txt new.txt -t html -o redline.html
      resamend diff old.txt new.txt | less -R     (marks as [-old-]{+new+})
    """
    from .redlines import default_format

    if old == "-" and new == "-":
        from ..diagnostics import UsageError

        raise UsageError("standard input ('-') can be read only once", "give OLD or NEW as a file")
    fmt = default_format(to, output)
    collecting = gc.isenabled()
    gc.disable()  # see _compare_and_write
    try:
        return _compare_and_write(old, new, from_, fmt, output, granularity, track_changes, author, date, no_pager, convention,
                                  reference_doc=reference_doc, color=color)
    finally:
        if collecting:
            gc.enable()


def _compare_and_write(old, new, from_, fmt, output, granularity, track_changes, author, date, no_pager, convention, *,
                       reference_doc=None, color="auto"):
    """Read, compare, write: with the cyclic garbage collector paused.

    The documents are frozen dataclasses in tuples and the diff makes no
    reference cycles, so the collector would only walk the tens of thousands
    of objects they hold to find nothing (about 20 ms on 200 pages)."""
    from .. import cli
    from ..amend import accept
    from ..diagnostics import Diagnostic, ExitStatus, Location, Severity
    from ..diff import diff_documents
    from .redlines import render_redline

    diagnostics = []
    views = []
    for path in (old, new):
        read = cli.load(path, from_, convention)
        diagnostics += read.diagnostics
        if read.value.is_marked:
            diagnostics.append(Diagnostic("marked-input", Severity.WARNING, "the input is marked; it is compared in its final view (insertions kept, deletions dropped)", Location(source=path)))
        views.append(accept(read.value))
    marked = diff_documents(views[0], views[1], granularity=granularity, diagnostics=diagnostics)
    amendments = None
    if fmt == "json":
        from ..amendments import extract, to_json

        amendments = to_json(extract(marked).value).encode("utf-8")
    render_redline(
        marked, fmt, output=output, inputs=[old, new], template_path=new, read=read,
        track_changes=track_changes, author=author, date=date, no_pager=no_pager, amendments=amendments,
        color=color, reference_doc=reference_doc,
    )
    cli.print_diagnostics(diagnostics)
    return ExitStatus.FINDINGS if marked.is_marked else ExitStatus.OK
