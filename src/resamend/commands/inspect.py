"""resamend inspect: structure, marks and warnings of a draft."""

from __future__ import annotations

import click

from .options import convention, input_format, paragraphs, treaty


@click.command("inspect")
@click.argument("input", metavar="INPUT")
@input_format
@paragraphs
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--annex", type=click.IntRange(1, 99), metavar="N", help="Inspect the resolution in annex N (default: found by itself).")
@convention
@treaty
def command(input, from_, paragraphs, as_json, annex, convention, treaty):
    """Show what resamend sees in a draft: the instrument and revision, the
    parts (preamble, operative paragraphs, annexes), insertions and
    deletions per paragraph, the renumbering that apply would do, and
    warnings (ambiguous marks, marks that split words, numbering gaps …).

    \b
    Examples:
      resamend inspect draft.docx
      resamend inspect draft.docx --json | jq .renumbering
      resamend inspect draft.docx --treaty cites --json | jq .next_revision
      resamend inspect cop-document.docx --json | jq .instruments
    """
    from .. import cli
    from ..diagnostics import ExitStatus
    from ..lint import inspect as inspect_report
    from ..structure import analyse, select_instrument

    read = cli.load(input, from_, convention, paragraphs)
    selected = select_instrument(read.value, annex)
    report = inspect_report(selected.value, treaty)
    # every amended instrument of the document as read, and which one is shown
    whole = analyse(read.value)
    report["instruments"] = [
        dict(inst.to_dict(), used=inst.name == report.get("instrument") and (annex is None or inst.annex == annex))
        for inst in whole.instruments
    ]
    report["diagnostics"] = [d.to_dict() for d in read.diagnostics + selected.diagnostics] + list(report.get("diagnostics", []))
    report["source"] = input
    if read.value.meta.reader == "text":  # which reading cut the text into paragraphs
        report["paragraphs"] = dict(read.value.meta.extra).get("paragraphs", "at blank lines")
    if as_json:
        import json

        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        from ..terminal import inspect_renderable

        Console().print(inspect_renderable(report))
    return ExitStatus.OK
