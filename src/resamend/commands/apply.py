"""resamend apply: the consolidated text of a draft (or its original)."""

from __future__ import annotations

import click

from .._gc import without_gc
from .options import common_options, convention, file_option, input_format, input_path, output_options, reference_doc, treaty


@click.command("apply")
@input_path()
@input_format
@output_options(["text", "md", "html", "docx", "json", "critic"])
@click.option("--original", is_flag=True, help="Give the text before the amendments (reject all) instead.")
@click.option("--cop", type=click.IntRange(1, 99), metavar="N", help="The meeting that adopts the amendments (default: the one after the revision tag).")
@click.option("--no-renumber", is_flag=True, help="Keep paragraph labels as they are (8bis stays 8bis).")
@click.option("--annex", type=click.IntRange(1, 99), metavar="N", help="Take the resolution from annex N (default: found by itself).")
@file_option("--base", metavar="BASE", help="INPUT is an amendment set (JSON from `resamend extract`): apply it to this base text.")
@reference_doc
@convention
@treaty
@common_options
@without_gc  # one document, no reference cycles: collections would find nothing
def command(input, from_, to, output, original, cop, no_renumber, annex, base, reference_doc, convention, treaty):
    """Print the consolidated text of a marked draft: insertions kept,
    deletions dropped, operative paragraphs renumbered, the revision tag
    moved on and the convention note dropped.

    \b
    Examples:
      resamend apply draft.docx
      resamend apply draft.docx --original
      resamend apply "CoP20 Doc. 66.1.docx" --treaty cites --cop 20
      resamend apply draft.docx -o "Res.11.10 (Rev.COP14).docx"
      resamend apply draft.docx -o final.docx --reference-doc house-template.docx
      resamend apply amendments.json --base "Res.11.10 (Rev.COP13).txt" -t md
    """
    from .. import cli
    from ..consolidate import ConsolidateOptions, finish
    from ..diagnostics import ExitStatus, Severity
    from ..structure import select_instrument

    fmt = cli.output_format(to, output)
    if original:
        for name, given in (("--cop", cop is not None), ("--no-renumber", no_renumber)):
            if given:
                cli.warn(f"{name} has no effect with --original (the original text keeps its tag and numbers)", "option-without-effect")
    diagnostics = []
    if base:
        from ..amendments import apply as apply_set
        from ..amendments import from_json

        from ..readers.text import decode

        amendments = from_json(decode(cli.read_bytes(input), input), source=input)
        base_doc = cli.load(base, from_, convention)
        base_selected = select_instrument(base_doc.value, annex)
        diagnostics += base_doc.diagnostics + base_selected.diagnostics
        applied = apply_set(amendments, base_selected.value)
        diagnostics += applied.diagnostics
        if any(d.severity is Severity.ERROR for d in applied.diagnostics):
            cli.print_diagnostics(diagnostics, min_severity="warning")
            click.echo(f"resamend: {input}: some edits could not be placed in {base}; nothing written", err=True)
            return ExitStatus.FINDINGS
        marked = applied.value
        template_path = base
    else:
        read = cli.load(input, from_, convention)
        diagnostics += read.diagnostics
        selected = select_instrument(read.value, annex)
        diagnostics += selected.diagnostics
        marked = selected.value
        template_path = input
    result = finish(marked, ConsolidateOptions(cop=cop, renumber=not no_renumber, original=original, treaty=treaty))
    said = {d.code for d in diagnostics}
    diagnostics += [d for d in result.diagnostics if d.code != "no-instrument" or d.code not in said]
    data = render(result.value, fmt, template_path, reference_doc)
    cli.emit(data, output, [input] + ([base] if base else []), binary=fmt == "docx")
    cli.print_diagnostics(diagnostics)
    return ExitStatus.OK


def render(consolidation, fmt: str, source: str, reference_doc: str | None = None) -> bytes:
    """The consolidated document in ``fmt``; DOCX takes the styles of
    ``reference_doc`` or else of the source."""
    from ..writers import WriteOptions, write
    from .redlines import docx_template

    if fmt == "json":
        import json

        from ..serialize import document_to_data

        data = document_to_data(consolidation.document)
        data["renumbering"] = [list(pair) for pair in consolidation.renumbering]
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    template, template_path = docx_template(fmt, reference_doc, source)
    from ..diagnostics import ResamendError

    try:
        return write(consolidation.document, fmt, WriteOptions(template=template, title=consolidation.document.meta.title))
    except ResamendError as exc:
        raise exc.with_path(template_path) if template is not None else exc
