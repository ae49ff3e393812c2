"""Finishing a consolidated "Rev.COPn" text from a marked resolution.

Accepting every mark gives the words of the new text; a secretariat's
consolidated text is more than that:

* the spaces left over where a deletion was cut out or an insertion put in
  (the *seams*) are repaired — and nothing else is touched, so that a double
  space the drafter typed inside untouched or inserted text stays as it was
  (``resamend check`` and the lint report it; the consolidation does not
  silently rewrite it);
* "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)" becomes
  "Resolution 11.10 (Rev.COP14)", and the amendment history line names the
  new meeting;
* the "NB. … underlined … crossed out" note goes (it only explains marks);
* operative paragraphs are numbered 1..N again ("8bis." → "9.").

Everything here is pure: a marked Document in, a clean Document out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ._gc import without_gc
from .amend import invert, view_groups
from .diagnostics import Diagnostic, Location, Result, Severity
from . import treaties
from .model import Block, BlockKind, Document, Mark, Segment
from .structure import _REVISION, Structure, analyse, find_symbol, heading_extras, roman_to_int
from .treaties import Treaty

_KEEP, _INSERT = Mark.KEEP, Mark.INSERT

# --------------------------------------------------------------------------
# Options and result


@dataclass(frozen=True)
class ConsolidateOptions:
    """``cop``: the meeting that adopts the amendments (default: the one
    named by the document symbol, else the meeting after the revision tag);
    ``renumber``: number operative paragraphs 1..N; ``original``: give the
    original text (the reject view) instead of the consolidated one;
    ``treaty``: whose forms the text follows (see :mod:`resamend.treaties`),
    told from the text when not given."""

    cop: int | None = None
    renumber: bool = True
    original: bool = False
    treaty: str | None = None  # a profile key ("cites"); None: told from the text


@dataclass(frozen=True)
class Consolidation:
    document: Document  # clean: no marks
    renumbering: tuple[tuple[str, str], ...] = ()  # ("8bis.", "9."), only changed labels
    instrument: str | None = None  # "Resolution 11.10"
    revision: str | None = None  # "Rev.COP14"


# --------------------------------------------------------------------------
# Seams

_SENTINEL_CANDIDATES = "\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007"


def _choose_sentinel(doc: Document) -> str:
    """A private-use character that the document does not contain."""
    text = "".join([s.text for b in doc.blocks for s in b.segments])
    for ch in _SENTINEL_CANDIDATES:
        if ch not in text:
            return ch
    raise AssertionError("document uses every sentinel candidate")  # pragma: no cover


def _seam_deletions(text: str, sentinel: str, spaced_semicolon: bool) -> set[int]:
    """Positions of the spaces to remove around the seams of one paragraph.

    At a seam (a run of spaces and sentinels holding at least one sentinel):
    at the start or end of the paragraph every space goes; before , . ) (and
    ; unless French spacing is in use) every space goes; otherwise two or
    more spaces become one (the first is kept).
    """
    drop: set[int] = set()
    n = len(text)
    i = text.find(sentinel)
    while i != -1:
        a = i
        while a > 0 and text[a - 1] in (" ", sentinel):
            a -= 1
        b = i
        while b < n and text[b] in (" ", sentinel):
            b += 1
        spaces = [k for k in range(a, b) if text[k] == " "]
        if spaces:
            before_punct = b < n and (text[b] in ",.)" or (text[b] == ";" and not spaced_semicolon))
            if a == 0 or b == n or before_punct:
                drop.update(spaces)
            elif len(spaces) > 1:
                drop.update(spaces[1:])
        i = text.find(sentinel, b)
    return drop


def _repair_segments(
    segments: tuple[Segment, ...] | list[Segment], sentinel: str, spaced_semicolon: bool, seam: Segment | None = None
) -> tuple[tuple[Segment, ...] | None, int]:
    """The accepted ``segments`` of one paragraph without sentinels and with
    the spaces at its seams repaired; None if they held nothing but seams.

    Every segment counts as KEEP (they are accepted text); neighbours that
    agree on style and provenance are joined.  ``seam``: the segment that
    marks the seams (nothing but the sentinel), passed over at once."""
    text = "".join([s.text for s in segments])
    if sentinel not in text:
        return tuple(s if s.mark is _KEEP else s.with_mark(_KEEP) for s in segments), 0
    drop = _seam_deletions(text, sentinel, spaced_semicolon)
    if not drop and seam is not None:
        return _joined_without_seams(segments, seam), 0
    cuts = sorted(drop)
    ncuts = len(cuts)
    c = 0  # the next cut (positions only grow)
    seam_length = len(sentinel)
    out: list[list] = []  # [text pieces, segment]
    pos = 0
    for seg in segments:
        if seg is seam:  # a seam holds no space: no cut falls in it
            pos += seam_length
            continue
        seg_text = seg.text
        end = pos + len(seg_text)
        if c < ncuts and cuts[c] < end:
            pieces, prev = [], pos
            while c < ncuts and cuts[c] < end:
                pieces.append(text[prev : cuts[c]])
                prev = cuts[c] + 1
                c += 1
            pieces.append(text[prev:end])
            seg_text = "".join(pieces)
        pos = end
        kept = seg_text.replace(sentinel, "") if sentinel in seg_text else seg_text
        if not kept:
            continue
        if out:
            last = out[-1][1]
            if last.style == seg.style and last.change == seg.change:
                out[-1][0].append(kept)
                continue
        out.append([[kept], seg])
    if not out and text.replace(sentinel, "").strip(" ") == "":
        if text.replace(sentinel, ""):
            return None, len(drop)
        return None, 0
    repaired = tuple(Segment("".join(pieces), _KEEP, seg.style, seg.change) for pieces, seg in out)
    return repaired, len(drop)


def _joined_without_seams(segments, seam: Segment) -> tuple[Segment, ...] | None:
    """The common case of :func:`_repair_segments`: no space to remove.
    The sentinel lives only in the ``seam`` segments, so dropping those is
    all the repair there is; neighbours that agree on style and provenance
    are joined.  None if nothing but seams was left."""
    out: list[Segment] = []
    for seg in segments:
        if seg is seam or not seg.text:
            continue
        if out:
            last = out[-1]
            if last.style == seg.style and last.change == seg.change:
                out[-1] = Segment(last.text + seg.text, _KEEP, last.style, last.change)
                continue
        out.append(seg if seg.mark is _KEEP else Segment(seg.text, _KEEP, seg.style, seg.change))
    return tuple(out) if out else None


def _seamed_accept(source: Document, sentinel: str, spaced_semicolon: bool) -> list[Block]:
    """The accepted blocks of ``source`` with a sentinel at every edit seam
    (after each removed piece, around each inserted one, at a removed or
    inserted paragraph break), repaired by :func:`_repair_segments`.

    Blocks are joined as :func:`resamend.amend.view_groups` says (the rules
    of accept); a block no edit touches comes back as the very same object."""
    seam = Segment(sentinel)
    blocks = source.blocks
    out: list[Block] = []
    for members, _kept in view_groups(source):
        first = blocks[members[0]]
        if len(members) == 1 and not _seam_before(blocks, members[0]) and first.boundary is _KEEP \
                and all(s.mark is _KEEP for s in first.segments):
            # untouched by any edit (most blocks)
            if all(s.text for s in first.segments):
                out.append(first)
            else:
                out.append(first.accepted(tuple(s for s in first.segments if s.text)))
            continue
        kept: list[Segment] = []
        for i in members:
            kept += _seamed_segments(blocks, i, seam)
        repaired, _ = _repair_segments(kept, sentinel, spaced_semicolon, seam)
        if repaired is not None:  # None: nothing but seams was left
            out.append(first.accepted(repaired))
    return out


def _seam_before(blocks: tuple[Block, ...], i: int) -> bool:
    """A seam opens block ``i``: the break before it, or the block, is marked."""
    return (i > 0 and blocks[i - 1].boundary is not _KEEP) or blocks[i].mark is not _KEEP


def _seamed_segments(blocks: tuple[Block, ...], i: int, seam: Segment) -> list[Segment]:
    """Block ``i``'s text in the final view, with ``seam`` where an edit was."""
    block = blocks[i]
    kept: list[Segment] = [seam] if _seam_before(blocks, i) else []
    for seg in block.segments:
        mark = seg.mark
        if mark is _KEEP:
            if seg.text:
                kept.append(seg)
        elif mark is _INSERT:
            kept.append(seam)
            if seg.text:
                kept.append(seg)
            kept.append(seam)
        else:  # deleted (or marked both ways): gone, a seam where it was
            kept.append(seam)
    if block.boundary is not _KEEP or block.mark is not _KEEP:
        kept.append(seam)
    return kept


def seamed_view(marked: Document, final: bool = True) -> Document:
    """The final (or original) view with spaces repaired at edit seams only.

    Same blocks as :func:`resamend.amend.accept` (or ``reject``); the text
    differs only by spaces removed next to a seam.
    """
    source = marked if final else invert(marked)
    sentinel = _choose_sentinel(source)
    return source.with_blocks(_seamed_accept(source, sentinel, _french_spacing(marked)))


def _french_spacing(doc: Document) -> bool:
    """French puts a space before ; : ! ? and inside « » — do not take it
    away there.  French when the reader says so, or when the first blocks
    carry a French instrument word or convention note."""
    if (doc.meta.language or "").lower().startswith("fr"):
        return True
    for block in doc.blocks[:8]:
        text = block.text
        if _FRENCH_HINT.search(text):
            return True
    return False


_FRENCH_HINT = re.compile(r"^\s*NB\s*:\s*Le |\brésolution\s+(?:conf\.\s*)?[\dIVXLC]", re.IGNORECASE)


# --------------------------------------------------------------------------
# Revision tag, instrument line, history line


def _tag_number(revision: str | None) -> int | None:
    m = _REVISION.search(revision or "")
    return int(m.group("n")) if m else None


def next_revision(revision: str | None, cop: int, treaty: "Treaty | str | None") -> str | None:
    """The tag for meeting ``cop`` in the form of the old one ("Rev. CoP19"
    → "Rev. CoP20"); a tag typed in capitals in a heading ("REV. COP19")
    takes the treaty's own form; with no old tag, the treaty's form, or
    None when its profile has none."""
    t = treaties.treaty(treaty) if isinstance(treaty, str) else treaty
    m = _REVISION.search(revision or "")
    if m:
        shouted = m.group("rev").isupper() and m.group("body").isupper() and len(m.group("rev")) > 1
        if shouted and t is not None and t.tag_form and not t.tag_form.isupper():
            return t.tag(cop)
        return f"{m.group('rev')}{m.group('dot')}{m.group('sp1')}{m.group('body')}{m.group('sp2')}{cop}"
    return t.tag(cop) if t is not None else None


def _tag_in_form(revision: str | None, t: Treaty | None) -> str | None:
    """The old tag as the published text prints it ("REV. COP19" → "Rev. CoP19")."""
    n = _tag_number(revision)
    return next_revision(revision, n, t) if n is not None else revision


def adoption_meeting(instrument: str | None, t: Treaty | None = None) -> int | None:
    """The meeting that adopted a resolution, from its number, where the
    treaty's profile says its numbers begin with it: CMS "11.10", CITES
    "Conf. 10.10", AEWA "7.3", Ramsar "XIII.4", CBD "X/2"."""
    if t is not None and not t.number_gives_adoption:
        return None
    m = re.search(r"(?:Conf\.\s*)?(\d+|[IVXLC]+)[./]\d+\s*$", instrument or "")
    if not m:
        return None
    head = m.group(1)
    return int(head) if head.isdigit() else roman_to_int(head)


def _target_meeting(options: ConsolidateOptions, revision: str | None, symbol: str | None) -> tuple[int | None, str]:
    """Which meeting adopts the amendments, and how we know: ``--cop``, the
    document symbol, the meeting after the tag — never a guess from the
    resolution's number."""
    if options.cop is not None:
        return options.cop, "option"
    tagged = _tag_number(revision)
    found = treaties.symbol_of(symbol) if symbol else None
    if found is not None:
        from_symbol: int | None = found[1]
    else:
        m = re.search(r"(?:COP|CoP|MOP)\s?(\d+)", symbol or "")
        from_symbol = int(m.group(1)) if m else None
    if from_symbol is not None and (tagged is None or from_symbol > tagged):
        return from_symbol, "symbol"
    if tagged is not None:
        return tagged + 1, "tag"
    return None, "unknown"


def history_line(existing: str | None, instrument: str | None, revision: str | None, cop: int,
                 treaty: "Treaty | str | None", language: str = "en") -> str | None:
    """The amendment history with meeting ``cop`` added, or None when it
    cannot be written without a guess (see :func:`history_update`)."""
    return history_update(existing, instrument, revision, cop, treaty, language)[0]


def history_update(existing: str | None, instrument: str | None, revision: str | None, cop: int,
                   treaty: "Treaty | str | None", language: str = "en") -> tuple[str | None, str]:
    """(the history with meeting ``cop`` added, what stopped or limited it).

    An existing line or footnote is extended in its own words
    (:func:`resamend.treaties.extend_history`).  Without one, a line is
    written only where the profile says the published texts carry one in
    ``language`` and every fact is certain: the adopting meeting (from the
    instrument number) and, when the text was never revised (no tag), the new
    one — a tagged text may have been amended at meetings the draft does not
    name, so none is written for it.
    """
    t = treaties.treaty(treaty) if isinstance(treaty, str) else treaty
    if existing:
        return treaties.extend_history(existing, cop, t, language)
    if t is None:
        return None, "the treaty is not known"
    adopted = adoption_meeting(instrument, t)
    if adopted is None:
        return None, "the adopting meeting is not known"
    tagged = _tag_number(revision)
    amended = sorted({n for n in (tagged, cop) if n is not None and n != adopted})
    line, why = treaties.new_history(t, language, adopted, amended)
    if line is not None and tagged is not None and tagged - adopted > 1:
        # the tag names the last amendment only: meetings in between are not
        # in the draft; the line says what the number and the tag make certain
        why = (f"written from the instrument number and the tag; an amendment between meetings {adopted} "
               f"and {tagged} would not be named — check it against the published text")
    return line, why


def _text_block(template: Block | None, text: str) -> Block:
    style = frozenset()
    if template is not None:
        first = next((s for s in template.segments if s.text.strip()), None)
        style = first.style if first else frozenset()
        return replace(template, segments=(Segment(text, style=style),), label=None,
                       mark=Mark.KEEP, boundary=Mark.KEEP)
    return Block(segments=(Segment(text),), kind=BlockKind.PARAGRAPH)


# --------------------------------------------------------------------------
# Renumbering


def _replace_span(block: Block, start: int, end: int, new: str) -> Block:
    """Replace characters [start, end) of the block's text by ``new``,
    keeping the segments (the new text takes the first segment's style)."""
    out: list[Segment] = []
    pos = 0
    placed = False
    for seg in block.segments:
        s0, s1 = pos, pos + len(seg.text)
        pos = s1
        if s1 <= start or s0 >= end:
            if s0 >= end and not placed:
                out.append(Segment(new, style=seg.style))
                placed = True
            out.append(seg)
            continue
        head = seg.text[: max(0, start - s0)]
        tail = seg.text[max(0, end - s0):] if end < s1 else ""
        text = head + ("" if placed else new) + tail
        placed = True
        if text:
            out.append(replace(seg, text=text))
    if not placed:
        out.append(Segment(new))
    return replace(block, segments=tuple(out))


def renumber(doc: Document, structure: Structure | None = None) -> tuple[Document, tuple[tuple[str, str], ...]]:
    """Number the operative paragraphs of a clean document 1..N.

    Each label keeps its own punctuation ("8bis." → "9.", "12)" → "13)") and
    whatever follows it (tab or space); sub-paragraph labels and draft
    decision numbers are not touched.  Returns the document and the map of
    changed labels, in document order.
    """
    s = structure or analyse(doc)
    blocks = list(doc.blocks)
    changes: list[tuple[str, str]] = []
    for n, i in enumerate(s.operative, 1):
        label = s.labels[i]
        if label is None or label.number is None:
            continue
        new = f"{n}{label.punct}"
        if new == label.text:
            continue
        block = blocks[i]
        if label.auto:
            blocks[i] = replace(block, label=new)
        else:
            text = block.text
            start = len(text) - len(text.lstrip())
            blocks[i] = _replace_span(block, start, start + len(label.text), new)
        changes.append((label.text, new))
    return doc.with_blocks(blocks), tuple(changes)


_CROSS_REF = re.compile(
    r"\bparagraphs?\s+((?:\d{1,3}(?:\s?(?:bis|ter|quater))?(?:\s*(?:,|and|or|to|–|-)\s*)?)+)"
)
#: "paragraph 3 of Resolution 12.3" names another text: not ours
_ELSEWHERE = re.compile(r"\s*(?:of|in|de)\s+(?:the\s+)?(?:Resolution|Decision|Article|document|Annex|UNEP|Doc)")


def _label_key(label: str) -> str:
    return re.sub(r"[\s.)(]", "", label).lower()


def cross_references(doc: Document, renumbering: tuple[tuple[str, str], ...]) -> tuple[Diagnostic, ...]:
    """Info diagnostics for "paragraph 8bis" that names a renumbered
    paragraph: the text is not rewritten (it may refer to another text)."""
    if not renumbering:
        return ()
    old = {_label_key(a): b for a, b in renumbering}
    out = []
    for i, block in enumerate(doc.blocks):
        for m in _CROSS_REF.finditer(block.text):
            if _ELSEWHERE.match(block.text, m.end()):
                continue
            for ref in re.findall(r"\d{1,3}(?:\s?(?:bis|ter|quater))?", m.group(1)):
                key = _label_key(ref)
                if key in old:
                    out.append(
                        Diagnostic(
                            "cross-reference",
                            Severity.INFO,
                            f"'{m.group(0).strip()}' may refer to paragraph {ref}, now numbered {old[key]}: "
                            "cross-references are not rewritten",
                            Location(source=doc.meta.source, block=i, origin=block.origin),
                            text=m.group(0).strip(),
                        )
                    )
    return tuple(out)


# --------------------------------------------------------------------------
# finish


@without_gc
def finish(marked: Document, options: ConsolidateOptions = ConsolidateOptions()) -> Result[Consolidation]:
    """The consolidated (or, with ``original``, the original) text.

    Works on the marked, selected instrument (see
    :func:`resamend.structure.select_instrument`).  The consolidated text
    starts with the instrument line, the title and the history line; the
    convention note is dropped; operative paragraphs are renumbered.  The
    tag and the history follow the treaty's own forms
    (:mod:`resamend.treaties`); whatever cannot be done without a guess is
    left as it was and named in a warning.

    ``original=True`` gives the reject view with seam repair: the draft's
    "PROPOSED AMENDMENTS TO …" heading becomes the plain instrument line of
    the published text with its *old* tag ("Resolution 11.10 (Rev.COP13)"),
    the history line stays as it was, nothing is renumbered, and the note is
    dropped (the published original has none).

    A draft with no marks at all is given back unchanged, with a warning.
    """
    marked_structure = analyse(marked)
    source = marked.meta.source
    instrument = marked_structure.instrument or marked.meta.instrument
    if instrument is not None and not options.original and not marked.is_marked:
        return Result(Consolidation(marked, (), instrument, marked_structure.revision or marked.meta.revision),
                      (_warning("no-amendments",
                                "no amendments found (no underline, strike-through or tracked change): the text is "
                                "given back unchanged, not re-tagged; check that this is the draft, not the "
                                "published text", source),))
    view = seamed_view(marked, final=not options.original)
    s = analyse(view)
    diagnostics: list[Diagnostic] = []
    instrument = s.instrument or instrument
    old_revision = (
        (marked_structure.revision if options.original else s.revision)
        or marked_structure.revision
        or marked.meta.revision
    )
    symbol = find_symbol(marked)
    if instrument is None:
        diagnostics.append(_warning(
            "no-instrument",
            "no instrument line found (looked for a heading such as 'Resolution 11.10 (Rev.COP13)', "
            "'PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10' or 'Resolution Conf. 10.10 (Rev. CoP19)'): "
            "the text is given without a revision header or history; pass --annex N to choose the annex "
            "that holds the resolution, --treaty KEY if it follows one of " + ", ".join(treaties.keys()), source))
        doc = _drop(view, {s.note_block})
        return Result(Consolidation(doc, (), None, None), tuple(diagnostics))

    heading_block = s.instrument_block if s.instrument_block is not None else marked_structure.instrument_block
    heading_text = (view if s.instrument_block is not None else marked).blocks[heading_block].text \
        if heading_block is not None else ""
    star, same_line_title = heading_extras(heading_text)
    t, language = _treaty_and_language(options, instrument, old_revision, symbol, heading_text, marked, diagnostics)
    history_index = s.history_block
    history_text = view.blocks[history_index].text if history_index is not None else None
    footnote = history_text is not None and history_text.lstrip().startswith("*")
    replaced: dict[int, Block] = {}

    if options.original:
        revision = _tag_in_form(old_revision, t)
        header = [_instrument_block(_at(view, s.instrument_block), _instrument_text(instrument, revision, star))]
        header += _title_blocks(view, s, same_line_title)
        if history_index is not None and not footnote:
            header.append(view.blocks[history_index])
        elif history_index is None and t is not None and t.history_carrier == "line":
            # what the instrument number and the tag make certain, as the
            # published text of that revision prints it
            last = _tag_number(old_revision) or adoption_meeting(instrument, t)
            line = history_line(None, instrument, old_revision, last, t, language or "en") if last else None
            if line is not None:
                header.append(_text_block(None, line))
        renumbering: tuple[tuple[str, str], ...] = ()
        body_doc = view
    else:
        cop, _how = _target_meeting(options, old_revision, symbol)
        if cop is None:
            diagnostics.append(_warning(
                "revision-unknown",
                "cannot tell which meeting adopts the amendments (no revision tag, no document symbol such as "
                "UNEP/CMS/COP14/Doc.18.1 or CoP20 Doc. 66.1): the tag and the history are left as they were; "
                "pass --cop N", source))
            revision = _tag_in_form(old_revision, t)
        else:
            revision = next_revision(old_revision, cop, t)
            if revision is None:
                diagnostics.append(Diagnostic(
                    "revision-not-written", Severity.INFO,
                    f"the {t.name if t else 'treaty'} profile has no revision tag form: no tag is added",
                    Location(source=source)))
        body_doc, renumbering = (renumber(view, s) if options.renumber else (view, ()))
        header = [_instrument_block(_at(view, s.instrument_block), _instrument_text(instrument, revision, star))]
        header += _title_blocks(body_doc, s, same_line_title)
        history = _history(view, history_index, history_text, instrument, old_revision, cop, t, language,
                           diagnostics, source)
        if history is not None and footnote:
            replaced[history_index] = history
        elif history is not None:
            header.append(history)
        diagnostics.extend(cross_references(body_doc, renumbering))
    diagnostics.extend(_left_out(view, s, header[0].text.split("\n", 1)[0], source))
    skip = {s.instrument_block, s.title_block, s.note_block}
    if not footnote:
        skip.add(history_index)
    # the header stands where the heading stood (a symbol line before it stays before it)
    at = s.instrument_block if s.instrument_block is not None else 0
    before = [b for i, b in enumerate(body_doc.blocks[:at]) if i not in skip]
    body = [replaced.get(i, b) for i, b in enumerate(body_doc.blocks) if i >= at and i not in skip]
    title = s.title or same_line_title or marked.meta.title
    meta = replace(marked.meta, instrument=instrument, revision=revision, title=title)
    doc = Document(tuple(before + header + body), meta)
    return Result(Consolidation(doc, renumbering, instrument, revision), tuple(diagnostics))


def _warning(code: str, message: str, source: str | None) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, Location(source=source))


def treaty_diagnostics(marked: Document, treaty: str | None = None) -> tuple[Diagnostic, ...]:
    """The warning :func:`finish` gives when the treaty of a selected,
    marked instrument cannot be told (none when there is no instrument, or
    ``treaty`` names one) — for ``check``, which lints without finishing."""
    s = analyse(marked)
    instrument = s.instrument or marked.meta.instrument
    if instrument is None or treaty is not None:
        return ()
    heading = marked.blocks[s.instrument_block].text if s.instrument_block is not None else ""
    out: list[Diagnostic] = []
    _treaty_and_language(ConsolidateOptions(), instrument, s.revision or marked.meta.revision, find_symbol(marked),
                         heading, marked, out)
    return tuple(out)


def _treaty_and_language(options, instrument, revision, symbol, heading, marked, diagnostics):
    """The profile the text follows (``--treaty``, else told from the text,
    else None with a warning) and the text's language."""
    word = instrument.split(" ", 1)[0]
    language = treaties.language_of_word(word) or (marked.meta.language or "")[:2].lower() or None
    if options.treaty is not None:
        return treaties.treaty(options.treaty), language
    t, _why = treaties.detect(instrument, revision, symbol, heading)
    if t is None:
        diagnostics.append(_warning(
            "treaty-unknown",
            "cannot tell which treaty the text belongs to (looked for a document symbol, an instrument number "
            "such as 'Conf. 10.10' or 'XIV.7', a tag such as 'Rev.COP14' or 'Rev. CoP19', a heading such as "
            "'UNEP/CMS/RESOLUTION'): the tag and the history keep their own form and no new one is written; "
            "pass --treaty " + "|".join(treaties.keys()), marked.meta.source))
    return t, language


def _history(view, index, text, instrument, old_revision, cop, t, language, diagnostics, source) -> Block | None:
    """The history block of the consolidated text (None: there is none)."""
    if cop is None:
        return view.blocks[index] if index is not None else None
    if text is None and (t is None or t.history_carrier == "none"):
        return None
    new, why = history_update(text, instrument, old_revision, cop, t, language or "en")
    if new is None:
        what = "extended" if text is not None else "written"
        diagnostics.append(_warning(
            "history-" + ("not-extended" if text is not None else "not-written"),
            f"the history is not {what} with meeting {cop}: {why}; "
            + ("it is left as it was" if text is not None else "none is added") + " — add it by hand", source))
        return view.blocks[index] if index is not None else None
    if why:
        diagnostics.append(_warning("history-unverified", f"the history line with meeting {cop}: {why}", source))
    return _text_block(_at(view, index), new)


def _title_blocks(doc: Document, s: Structure, same_line_title: str | None) -> list[Block]:
    if s.title_block is not None:
        return [doc.blocks[s.title_block]]
    if same_line_title:
        return [_text_block(_at(doc, s.instrument_block), same_line_title)]
    return []


def _instrument_block(template: Block | None, line: str) -> Block:
    """The instrument line; lines after it in the same paragraph (a title
    typed after a line break) are kept."""
    rest = ""
    if template is not None:
        text = template.text.strip()
        if "\n" in text:
            rest = text[text.index("\n"):]
    return _text_block(template, line + rest)


def _left_out(view: Document, s: Structure, line: str, source: str | None) -> list[Diagnostic]:
    """Name the text the finishing leaves out, so that nothing goes unseen:
    the convention note and the draft's own heading wording."""
    out = []
    if s.note_block is not None:
        out.append(
            Diagnostic(
                "note-dropped",
                Severity.INFO,
                "the convention note only explains the marks: it is left out of the clean text",
                Location(source=source, block=s.note_block, origin=view.blocks[s.note_block].origin),
                text=view.blocks[s.note_block].text,
            )
        )
    if s.instrument_block is not None:
        old = view.blocks[s.instrument_block].text.strip().split("\n", 1)[0]
        if old != line:
            out.append(
                Diagnostic(
                    "heading-rewritten",
                    Severity.INFO,
                    f"the heading is written as '{line}'",
                    Location(source=source, block=s.instrument_block, origin=view.blocks[s.instrument_block].origin),
                    text=old,
                )
            )
    return out


def _instrument_text(instrument: str, revision: str | None, star: bool = False) -> str:
    line = f"{instrument} ({revision})" if revision else instrument
    return line + "*" if star else line


def _at(doc: Document, index: int | None) -> Block | None:
    return doc.blocks[index] if index is not None else None


def _drop(doc: Document, indices: set[int | None]) -> Document:
    return doc.with_blocks(b for i, b in enumerate(doc.blocks) if i not in indices)
