"""resamend inspect: structure, marks and warnings of a draft."""

from __future__ import annotations

import click

from .options import color, common_options, convention, input_format, input_path, output_option, paragraphs, treaty


@click.command("inspect")
@input_path()
@input_format
@paragraphs
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (also for -o *.json).")
@output_option("Write the report here instead of stdout (JSON for *.json, else text).")
@click.option("--annex", type=click.IntRange(1, 99), metavar="N", help="Inspect the resolution in annex N (default: found by itself).")
@color
@convention
@treaty
@common_options
def command(input, from_, paragraphs, as_json, output, annex, color, convention, treaty):
    """Show what resamend sees in a draft: the instrument and revision, the
    parts (preamble, operative paragraphs, annexes), insertions and
    deletions per paragraph, the renumbering that apply would do, and
    warnings (ambiguous marks, marks that split words, numbering gaps …).

    \b
    Examples:
      resamend inspect draft.docx
      resamend inspect draft.docx --json | jq .renumbering
      resamend inspect draft.docx -o report.txt
      resamend inspect draft.docx --treaty cites --json | jq .next_revision
      resamend inspect cop-document.docx --json | jq .instruments
    """
    from .. import cli
    from ..diagnostics import ExitStatus
    from ..lint import inspect_read

    to_file = bool(output and output != "-")
    as_json = as_json or (to_file and output.lower().endswith(".json"))
    if as_json and color != "auto":
        cli.warn("--color has no effect on the JSON report", "option-without-effect")
    read = cli.load(input, from_, convention, paragraphs)
    report = inspect_read(read, input, annex, treaty)
    if as_json:
        import json

        cli.emit((json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output, [input])
        return ExitStatus.OK
    from io import StringIO

    from ..terminal import inspect_renderable, report_console

    import sys

    on_terminal = not to_file and sys.stdout.isatty()
    buffer = None if on_terminal else StringIO()
    console = report_console(color, file=buffer)
    console.print(inspect_renderable(report, expand=on_terminal))
    if buffer is not None:  # not a terminal: whole lines, without the padding of the table titles
        text = "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
        cli.emit(text.encode("utf-8"), output if to_file else None, [input])
    return ExitStatus.OK
