"""resamend apply: the consolidated text of a draft (or its original)."""

from __future__ import annotations

import click

from .._gc import without_gc
from .options import (
    common_options, convention, file_option, input_format, input_path, output_options, paragraphs, reference_doc, treaty,
)


@click.command("apply")
@input_path()
@input_format
@paragraphs
@output_options(["text", "md", "html", "docx", "json", "critic"])
@click.option("--original", is_flag=True, help="Give the text before the amendments (reject all) instead.")
@click.option("--cop", type=click.IntRange(1, 99), metavar="N", help="The meeting that adopts the amendments (default: the one after the revision tag).")
@click.option("--no-renumber", is_flag=True, help="Keep paragraph labels as they are (8bis stays 8bis).")
@click.option("--keep-references", is_flag=True, help="Leave cross-references to renumbered paragraphs (\"paragraph 8bis above\") as they are, instead of rewriting them.")
@click.option("--annex", type=click.IntRange(1, 99), metavar="N", help="Take the resolution from annex N (default: found by itself).")
@click.option("--all", "all_", is_flag=True, help="Write every amended instrument of the document, one consolidated file each, into the directory -o DIR/ (named after it: \"Resolution 12.21 (Rev.COP15).docx\").")
@file_option("--base", metavar="BASE", help="INPUT is an amendment set (JSON from `resamend extract`): apply it to this base text.")
@reference_doc
@convention
@treaty
@common_options
@without_gc  # one document, no reference cycles: collections would find nothing
def command(input, from_, paragraphs, to, output, original, cop, no_renumber, keep_references, annex, all_, base,
            reference_doc, convention, treaty):
    """Print the consolidated text of a marked draft: insertions kept,
    deletions dropped, operative paragraphs renumbered (an excerpt from its
    first number on; each annex of the resolution on its own) and the
    cross-references to them rewritten, the revision tag moved on and the
    convention note dropped.  Parts of a COP document that are not the
    resolution (the report, draft decisions) are named by warnings.

    \b
    Examples:
      resamend apply draft.docx
      resamend apply draft.docx --original
      resamend apply "CoP20 Doc. 66.1.docx" --treaty cites --cop 20
      resamend apply draft.docx -o "Res.11.10 (Rev.COP14).docx"
      resamend apply draft.docx -o final.docx --reference-doc house-template.docx
      resamend apply cop-document.docx --all -o consolidated/
      resamend apply amendments.json --base "Res.11.10 (Rev.COP13).txt" -t md
    """
    from .. import cli
    from ..consolidate import ConsolidateOptions, finish
    from ..diagnostics import ExitStatus, Severity
    from ..structure import select_instrument

    options = ConsolidateOptions(cop=cop, renumber=not no_renumber, original=original, treaty=treaty,
                                 keep_references=keep_references)
    if all_:
        return write_all(input, from_, to, output, options, convention, annex, base, reference_doc, cli, paragraphs)
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
        template_path, template_read = base, base_doc
    else:
        read = cli.load(input, from_, convention, paragraphs)
        diagnostics += read.diagnostics
        selected = select_instrument(read.value, annex)
        diagnostics += selected.diagnostics
        marked = selected.value
        template_path, template_read = input, read
    result = finish(marked, options)
    said = {d.code for d in diagnostics}
    diagnostics += [d for d in result.diagnostics if d.code != "no-instrument" or d.code not in said]
    data = render(result.value, fmt, template_path, reference_doc, template_read)
    cli.emit(data, output, [input] + ([base] if base else []), binary=fmt == "docx")
    cli.print_diagnostics(diagnostics)
    return ExitStatus.OK


def write_all(input, from_, to, output, options, convention, annex, base, reference_doc, cli, paragraphs=None):
    """``apply --all -o DIR/``: one consolidated file per amended instrument,
    named after it.  Every file is rendered before any is written (nothing
    half-done), and each is written by the CLI's safe writer."""
    import os

    from ..consolidate import finish
    from ..diagnostics import ExitStatus, UsageError
    from ..structure import analyse, instrument_part
    from .options import verbosity

    if annex is not None or base:
        raise UsageError("--all takes every instrument of the document", "leave out --annex and --base")
    if not output or not os.path.isdir(output):
        raise UsageError("--all writes one file per instrument into a directory",
                         "give -o DIR/ (an existing directory)")
    fmt = to or "docx"
    read = cli.load(input, from_, convention, paragraphs)
    doc = read.value
    structure = analyse(doc)
    if not structure.instruments:
        raise UsageError("the document amends no resolution (no instrument line, no enacting formula)",
                         "use resamend apply without --all")
    held = {a.heading for i in structure.instruments for a in structure.annexes if a.number == i.annex}
    diagnostics = list(read.diagnostics)
    seen = set()
    files: list[tuple[str, bytes]] = []
    for inst in structure.instruments:
        part = instrument_part(doc, inst)
        result = finish(part.value, options)
        for d in part.diagnostics + result.diagnostics:
            # the other instruments are written too: not "left out"
            if d.code == "part-left-out" and d.location is not None and d.location.block in held:
                continue
            key = (d.code, d.location.block if d.location else None,
                   None if d.code == "part-left-out" else d.text or d.message)
            if key not in seen:
                seen.add(key)
                diagnostics.append(d)
        name = file_name(result.value, fmt, len(files) + 1)
        if any(n == name for n, _ in files):
            raise UsageError(f"two instruments would both be written as {name!r}", "apply them one by one with --annex N")
        files.append((name, render(result.value, fmt, input, reference_doc)))
    for name, data in files:
        path = os.path.join(output, name)
        cli.emit(data, path, [input], binary=fmt == "docx")
        if verbosity() >= 0:
            click.echo(f"resamend: wrote {path}", err=True)
    cli.print_diagnostics(diagnostics)
    return ExitStatus.OK


def file_name(consolidation, fmt: str, n: int) -> str:
    """"Resolution 12.21 (Rev.COP15).docx": the instrument and its new tag,
    made safe as a file name (no separators, no control characters)."""
    import re

    from ..writers import WRITERS

    ext = WRITERS[fmt].extensions[0] if WRITERS[fmt].extensions else "." + fmt
    stem = consolidation.instrument or f"instrument {n}"
    if consolidation.revision:
        stem = f"{stem} ({consolidation.revision})"
    stem = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "-", stem).strip(" .-") or f"instrument {n}"
    return stem[:150] + ext


def render(consolidation, fmt: str, source: str, reference_doc: str | None = None, read=None) -> bytes:
    """The consolidated document in ``fmt``; DOCX takes the styles of
    ``reference_doc`` or else of the source (``read``: the result of reading
    it, which carries the package the reader opened)."""
    from ..writers import WriteOptions, write
    from .redlines import docx_template

    if fmt == "json":
        import json

        from ..serialize import document_to_data

        data = document_to_data(consolidation.document)
        data["renumbering"] = [list(pair) for pair in consolidation.renumbering]
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    template, template_path = docx_template(fmt, reference_doc, source, read)
    from ..diagnostics import ResamendError

    try:
        return write(consolidation.document, fmt, WriteOptions(template=template, title=consolidation.document.meta.title))
    except ResamendError as exc:
        raise exc.with_path(template_path) if template is not None else exc
