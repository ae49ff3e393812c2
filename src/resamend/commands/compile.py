"""resamend compile: several Parties' proposals against one base, attributed."""

from __future__ import annotations

from pathlib import Path

import click

from .options import color, common_options, convention, input_format, input_path, output_option, reference_doc
from .redlines import revision_date

FORMATS = ["terminal", "md", "critic", "text", "html", "docx", "json"]


@click.command("compile")
@input_path("base", "BASE")
@click.argument("proposals", metavar="PROPOSAL...", nargs=-1, required=True, type=click.Path(allow_dash=True))
@input_format
@click.option("-t", "--to", type=click.Choice(FORMATS), help="Output format (default: terminal on a TTY, else from -o, else md).")
@output_option()
@click.option("--party", "parties", metavar="NAME=FILE", multiple=True, help="Attribute the proposals in FILE to the Party NAME (repeatable; default: the tracked changes' authors, else the file name).")
@click.option("--adopt", "adopted", metavar="PARTY", multiple=True, help="Give the consolidated text with this Party's proposals applied (repeatable).")
@click.option("--cop", type=click.IntRange(1, 99), metavar="N", help="With --adopt: the meeting that adopts the amendments (default: the one after the revision tag).")
@click.option("--track-changes", is_flag=True, help="DOCX: real tracked changes whose author is the Party (default: underline/strike with the Party's name in brackets).")
@click.option("--date", metavar="ISO-8601", help="Revision date for --track-changes (default: now, or SOURCE_DATE_EPOCH).")
@click.option("--no-pager", is_flag=True, help="Terminal: do not page a long compilation.")
@color
@reference_doc
@convention
@common_options
def command(base, proposals, from_, to, output, parties, adopted, cop, track_changes, date, no_pager, color, reference_doc, convention):
    """Compile several Parties' proposals against one BASE text: each
    proposal attributed to its Party, identical proposals merged, and
    proposals that touch the same words of the base shown side by side as
    bracketed alternatives and listed as conflicts (on stderr, and in the
    HTML and JSON outputs).

    A PROPOSAL is a marked draft (underline/strike, tracked changes,
    CriticMarkup, HTML), a clean revised text (compared with BASE) or an
    amendment set from `resamend extract`.  A draft with tracked changes by
    several authors gives one proposal per author.  Exit status: 0 no
    conflicts, 1 conflicts, 2 trouble.

    \b
    Examples:
      resamend compile base.txt eu.docx brazil-tracked.docx norway.critic.txt
      resamend compile base.txt eu.docx br.docx --party "European Union"=eu.docx -o compiled.html
      resamend compile base.docx *.docx --track-changes -o compiled.docx
      resamend compile base.txt eu.docx br.docx -t json -o compilation.json
      resamend compile base.txt eu.docx br.docx --adopt "European Union" -o "Res (Rev.COP15).docx"
    """
    from .. import cli
    from ..compilation import compile_proposals
    from ..diagnostics import ExitStatus
    from ..structure import select_instrument
    from .redlines import default_format

    fmt = cli.output_format("text" if to == "terminal" else to, output) if adopted else default_format(to, output)
    names = _party_names(parties, proposals)
    read = cli.load(base, from_, convention)
    selected = select_instrument(read.value)
    base_doc = selected.value
    if base_doc.is_marked:
        from ..diagnostics import InputError

        raise InputError("the base text has amendment marks", "give the clean base text (e.g. `resamend apply DRAFT --original -o base.txt`)", path=base)
    diagnostics = list(read.diagnostics) + [d for d in selected.diagnostics if d.code != "no-instrument"]
    found = []
    for path in proposals:
        result = _read_proposals(path, names.get(path), base_doc, from_, convention, cli)
        found += result.value
        diagnostics += result.diagnostics
    compiled = compile_proposals(base_doc, found)
    diagnostics += compiled.diagnostics
    compilation = compiled.value
    if adopted:
        return _adopted(compilation, adopted, fmt, output, base, proposals, cop, diagnostics, reference_doc, cli)
    if fmt == "terminal":
        _terminal(compilation, output, [base, *proposals], no_pager, color, cli)
    else:
        from .redlines import docx_template

        template, _ = docx_template(fmt, reference_doc, base)
        data = render(compilation, fmt, track_changes=track_changes, date=date, template=template)
        cli.emit(data, output, [base, *proposals], binary=fmt == "docx")
    cli.print_diagnostics(diagnostics)
    return ExitStatus.FINDINGS if compilation.conflicts else ExitStatus.OK


def _party_names(parties: tuple[str, ...], proposals: tuple[str, ...]) -> dict[str, str]:
    """--party NAME=FILE, checked against the PROPOSAL arguments."""
    from ..diagnostics import UsageError
    from ..files import same_file

    names: dict[str, str] = {}
    for item in parties:
        name, sep, path = item.partition("=")
        if not sep or not name.strip() or not path:
            raise UsageError(f"--party {item!r} is not NAME=FILE", 'write it like --party "European Union"=eu.docx')
        match = next((p for p in proposals if p == path or (p != "-" and same_file(p, path))), None)
        if match is None:
            raise UsageError(f"--party names {path!r}, which is not one of the proposals", "give the file as a PROPOSAL argument too")
        names[match] = name.strip()
    return names


def _read_proposals(path, party, base_doc, from_, convention, cli):
    """The proposals in one file: an amendment set, a marked draft (one per
    tracked-change author) or a clean revised text (compared with the base)."""
    from ..amendments import BaseInfo, extract, from_json
    from ..compilation import Proposal, proposals_of
    from ..diagnostics import Result
    from ..structure import select_instrument

    fallback = Path(path).stem.removesuffix(".critic") if path != "-" else "standard input"
    data = cli.read_bytes(path)
    head = data[:512].lstrip()
    if head.startswith(b"{") and b'"resamend.amendments/' in head:
        from ..readers.text import decode

        amendments = from_json(decode(data, path), source=path)
        return Result((Proposal(party or fallback, amendments, path),))
    from ..diagnostics import ResamendError
    from ..readers import ReadOptions, read

    try:
        doc = read(data, from_, ReadOptions(convention=convention, source=path))
    except ResamendError as exc:
        raise exc.with_path(path)
    selected = select_instrument(doc.value)
    diagnostics = list(doc.diagnostics) + [d for d in selected.diagnostics if d.code != "no-instrument"]
    draft = selected.value
    if draft.is_marked:
        found = proposals_of(draft, party, fallback)
        return Result(found.value, tuple(diagnostics) + found.diagnostics)
    from dataclasses import replace

    from ..diff import diff_documents

    marked = diff_documents(base_doc, draft)
    amendments = extract(marked).value
    amendments = replace(amendments, base=BaseInfo(draft.meta.instrument, draft.meta.revision, path))
    return Result((Proposal(party or fallback, amendments, path),), tuple(diagnostics))


def render(compilation, fmt: str, *, track_changes: bool = False, date: str | None = None, template: bytes | None = None) -> bytes:
    """The compilation in ``fmt`` (not terminal)."""
    from ..compilation import bracketed, describe, to_data
    from ..writers import WriteOptions, write

    doc = compilation.document
    title = doc.meta.title or doc.meta.instrument
    if fmt == "json":
        import json

        return (json.dumps(to_data(compilation), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "docx" and not track_changes:
        return write(bracketed(doc), "docx", WriteOptions(template=template, title=title))
    options = WriteOptions(
        track_changes=track_changes and fmt == "docx",
        date=revision_date(date) if track_changes and fmt == "docx" else None,
        template=template,
        title=title,
        attribute=True,
        conflicts=tuple(describe(c) for c in compilation.conflicts),
    )
    return write(doc, fmt, options)


def _terminal(compilation, output, inputs, no_pager, color, cli) -> None:
    from ..compilation import bracketed
    from .redlines import render_redline

    render_redline(
        bracketed(compilation.document), "terminal", output=output, inputs=inputs, template_path=None,
        track_changes=False, author=None, date=None, no_pager=no_pager, color=color,
    )


def _adopted(compilation, adopted, fmt, output, base, proposals, cop, diagnostics, reference_doc, cli):
    """--adopt: the consolidated text with the chosen Parties' proposals."""
    from ..compilation import adopt
    from ..consolidate import ConsolidateOptions, finish
    from ..diagnostics import ExitStatus
    from .apply import render as render_consolidated

    marked = adopt(compilation, adopted)
    diagnostics += marked.diagnostics
    result = finish(marked.value, ConsolidateOptions(cop=cop))
    diagnostics += result.diagnostics
    diagnostics = [d for d in diagnostics if d.code != "conflict"]  # the chosen Parties' proposals do not conflict
    data = render_consolidated(result.value, fmt, base, reference_doc)
    cli.emit(data, output, [base, *proposals], binary=fmt == "docx")
    cli.print_diagnostics(diagnostics)
    return ExitStatus.OK
