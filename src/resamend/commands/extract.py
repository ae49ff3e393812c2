"""resamend extract: the structured amendment set of a draft."""

from __future__ import annotations

import click

from .options import common_options, convention, input_format, input_path, output_option


@click.command("extract")
@input_path()
@input_format
@output_option("Write the JSON here instead of stdout (atomically for a file; into a device or FIFO).")
@click.option("--annex", type=click.IntRange(1, 99), metavar="N", help="Take the resolution from annex N (default: found by itself).")
@convention
@common_options
def command(input, from_, output, annex, convention):
    """Write the amendments of a marked draft as a structured, versioned
    JSON amendment set (format resamend.amendments/1), anchored to the
    paragraphs of the base text.

    \b
    Examples:
      resamend extract draft.docx -o amendments.json
      resamend apply amendments.json --base "Res.11.10 (Rev.COP13).txt"
    """
    from .. import cli
    from ..amendments import extract, to_json
    from ..diagnostics import ExitStatus
    from ..structure import select_instrument

    read = cli.load(input, from_, convention)
    selected = select_instrument(read.value, annex)
    result = extract(selected.value)
    cli.emit(to_json(result.value).encode("utf-8"), output, [input])
    cli.print_diagnostics(read.diagnostics + selected.diagnostics + result.diagnostics)
    return ExitStatus.OK
