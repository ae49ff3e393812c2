"""resamend redline: turn one kind of redline into another."""

from __future__ import annotations

import click

from .options import common_options, convention, input_format, input_path, output_option
from .redlines import REDLINE_FORMATS, redline_options


@click.command("redline")
@input_path()
@input_format
@click.option("-t", "--to", type=click.Choice(REDLINE_FORMATS), help="Redline format (default: terminal on a TTY, else from -o, else md).")
@output_option()
@redline_options
@convention
@common_options
def command(input, from_, to, output, track_changes, author, date, no_pager, reference_doc, color, convention):
    """Convert a marked draft into another kind of redline: underline/strike
    DOCX into tracked changes (so that Word can accept or reject them), into
    an HTML page, CriticMarkup or the terminal — and back.

    \b
    Examples:
      resamend redline draft.docx
      resamend redline draft.docx --track-changes -o draft-tracked.docx
      resamend redline draft-tracked.docx -o draft.docx      (house convention)
      resamend redline draft.docx -t html -o draft.html
      resamend redline draft.docx -t terminal > marks.txt    ([-old-]{+new+})
      resamend redline draft.docx -o tracked.docx --track-changes --reference-doc house.docx
    """
    from .. import cli
    from ..diagnostics import ExitStatus
    from .redlines import default_format, render_redline

    fmt = default_format(to, output)
    read = cli.load(input, from_, convention)
    amendments = None
    if fmt == "json":
        from ..amendments import extract, to_json

        amendments = to_json(extract(read.value).value).encode("utf-8")
    render_redline(
        read.value, fmt, output=output, inputs=[input], template_path=input,
        track_changes=track_changes, author=author, date=date, no_pager=no_pager, amendments=amendments,
        color=color, reference_doc=reference_doc,
    )
    cli.print_diagnostics(read.diagnostics)
    return ExitStatus.OK
