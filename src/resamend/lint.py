"""Lint a redline: the faults a drafter can fix before the text goes out.

Each rule looks at the marked document and returns Diagnostics (data, never
printed here).  Codes:

* ``whitespace-mark`` — a mark on nothing but whitespace (warning): in print
  an underlined space is invisible, so the reader cannot see the edit;
* ``split-word`` — a mark boundary inside a word that keeps some of its
  letters: "{--g--}{++G++}lobal" (info: a case-only change of the first
  letter is the CMS house style) or "provide{++s++}{--d--}" (warning: the
  flattened text reads "providesd");
* ``seam-space`` — a doubled space, a space before , . ; ) or at a paragraph
  edge, or no space after , ; : where an edit meets the text (warning);
* ``numbering-gap`` — operative paragraphs not numbered 1..N after
  accepting ("8bis." counts: info, renumbering fixes it) or already not
  consecutive in the original text (warning);
* ``mixed-marks`` — tracked changes and underline/strike formatting in one
  document without a convention note saying what the formatting means
  (warning);
* ``unpaired-move`` — a move with only one half (warning).

Format-change diagnostics are the readers' (they see the formatting).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .amend import accept, reject
from .consolidate import ConsolidateOptions, _french_spacing, _renumbered, _seam_deletions, finish, first_numbers
from .diagnostics import Diagnostic, Location, Severity
from .model import Block, Document, Mark, Source
from .structure import analyse, is_note, select_instrument

_WORD = re.compile(r"\w+")
_SENTINEL = "\ue000"


def lint(marked: Document) -> tuple[Diagnostic, ...]:
    """All lint findings for a marked document, in block order per rule."""
    structure = analyse(marked)
    labels = tuple(lb.text if lb else None for lb in structure.labels)
    spaced = _french_spacing(marked)

    def loc(i: int) -> Location:
        return Location(source=marked.meta.source, block=i, label=labels[i], origin=marked.blocks[i].origin)

    out: list[Diagnostic] = []
    previous_boundary = Mark.KEEP
    for i, block in enumerate(marked.blocks):
        out.extend(_whitespace_marks(block, loc(i)))
        out.extend(_split_words(block, loc(i)))
        out.extend(_seam_spaces(block, previous_boundary, spaced, loc(i)))
        previous_boundary = block.boundary
    final = accept(marked)
    out.extend(_numbering(marked, final))
    out.extend(_references(marked, final))
    out.extend(_mixed_marks(marked, structure.note_block))
    out.extend(_unpaired_moves(marked, loc))
    return tuple(out)


def _whitespace_marks(block: Block, where: Location) -> list[Diagnostic]:
    return [
        Diagnostic(
            "whitespace-mark",
            Severity.WARNING,
            f"{'inserted' if s.mark is Mark.INSERT else 'deleted'} text is only whitespace; "
            "an underlined or struck space cannot be seen",
            where,
            text=s.text,
        )
        for s in block.segments
        if s.mark in (Mark.INSERT, Mark.DELETE) and s.text and not s.text.strip()
    ]


def _split_words(block: Block, where: Location) -> list[Diagnostic]:
    """Words that keep some letters and change others across a mark boundary."""
    text = block.text
    if not any(s.mark is not Mark.KEEP for s in block.segments):
        return []
    marks: list[Mark] = []
    for s in block.segments:
        marks.extend([s.mark] * len(s.text))
    boundaries = {k for k in range(1, len(text)) if marks[k] is not marks[k - 1]}
    out = []
    for m in _WORD.finditer(text):
        a, b = m.span()
        if not any(a < k < b for k in range(a + 1, b) if k in boundaries):
            continue
        kinds = set(marks[a:b])
        if Mark.KEEP not in kinds:
            continue  # a whole word replaced ("{--plan--}{++programme++}"), not split
        original = "".join(ch for ch, mk in zip(text[a:b], marks[a:b]) if mk.in_original)
        final = "".join(ch for ch, mk in zip(text[a:b], marks[a:b]) if mk.in_final)
        case_only = (
            original.lower() == final.lower() and original[1:] == final[1:] and original[:1] != final[:1]
        )
        out.append(
            Diagnostic(
                "split-word",
                Severity.INFO if case_only else Severity.WARNING,
                f"the mark splits the word '{original}' → '{final}'"
                + ("; a case change of the first letter (house style)" if case_only
                   else "; mark whole words so that the flattened text reads right"),
                where,
                text=m.group(),
            )
        )
    return out


def _seam_spaces(block: Block, previous_boundary: Mark, spaced: bool, where: Location) -> list[Diagnostic]:
    if not block.is_marked and previous_boundary is Mark.KEEP:
        return []
    if not block.mark.in_final:
        return []
    parts: list[str] = [_SENTINEL] if previous_boundary is not Mark.KEEP or block.mark is not Mark.KEEP else []
    for s in block.segments:
        if s.mark is Mark.KEEP:
            parts.append(s.text)
        elif s.mark is Mark.INSERT:
            parts.extend((_SENTINEL, s.text, _SENTINEL))
        else:
            parts.append(_SENTINEL)
    if block.boundary is not Mark.KEEP:
        parts.append(_SENTINEL)
    text = "".join(parts)
    out = [
        Diagnostic(
            "seam-space",
            Severity.WARNING,
            "doubled space, or a space at a paragraph edge or before punctuation, where an edit meets "
            "the text (the consolidation repairs it)",
            where,
            text=_snippet(text, at),
        )
        for at in _problem_starts(sorted(_seam_deletions(text, _SENTINEL, spaced)), text)
    ]
    for m in re.finditer(f"[,;:]{_SENTINEL}+(?=[^\\W\\d_])", text):
        out.append(
            Diagnostic(
                "seam-space",
                Severity.WARNING,
                "no space after punctuation where an edit meets the text",
                where,
                text=_snippet(text, m.start()),
            )
        )
    return out


def _problem_starts(drop: list[int], text: str) -> list[int]:
    """One position per seam problem: removable spaces with nothing but
    spaces and seams between them belong to one problem."""
    starts: list[int] = []
    previous = None
    for k in drop:
        if previous is None or text[previous + 1 : k].strip(" " + _SENTINEL):
            starts.append(k)
        previous = k
    return starts


def _snippet(text: str, at: int) -> str:
    return text[max(0, at - 20): at + 20].replace(_SENTINEL, "")


def _op_numbers(doc: Document) -> list[tuple[int, str, bool, int]]:
    s = analyse(doc)
    return [
        (i, s.labels[i].text, s.labels[i].needs_renumbering, s.labels[i].number)
        for i in s.operative
        if s.labels[i] is not None and s.labels[i].number is not None
    ]


def _numbering(marked: Document, final_view: Document | None = None) -> list[Diagnostic]:
    """Compare the operative numbers with 1..N in both views (an excerpt:
    with its first number onwards, as the consolidation numbers it)."""
    out = []
    first = first_numbers(marked)[0]
    original = _op_numbers(reject(marked))
    if any(bis or number != n for n, (_i, _t, bis, number) in enumerate(original, first)):
        bad = next(t for n, (_i, t, bis, number) in enumerate(original, first) if bis or number != n)
        out.append(
            Diagnostic(
                "numbering-gap",
                Severity.WARNING,
                f"the original text is not numbered {first}..N (first out of sequence: {bad}); "
                "renumbering would change untouched paragraphs",
                Location(source=marked.meta.source),
                text=bad,
            )
        )
        return out
    final = _op_numbers(final_view if final_view is not None else accept(marked))
    for n, (_i, text, bis, number) in enumerate(final, first):
        if bis or number != n:
            out.append(
                Diagnostic(
                    "numbering-gap",
                    Severity.INFO,
                    f"after accepting, paragraph {text} is number {n}: renumbering fixes it",
                    _label_location(marked, text),
                    text=text,
                )
            )
            break
    return out


def _references(marked: Document, final_view: Document) -> list[Diagnostic]:
    """The cross-references the consolidation rewrites ("paragraph 8bis
    above" → "paragraph 9 above"), one warning each, located in the draft."""
    s = analyse(final_view)
    if not s.operative and not s.annex_paragraphs:
        return []
    _done, _changes, found = _renumbered(final_view, s, marked, analyse(marked), ConsolidateOptions())
    where = {b.origin: i for i, b in enumerate(marked.blocks) if b.origin is not None}
    return [
        replace(d, location=replace(d.location, block=where.get(d.location.origin, d.location.block)))
        if d.location is not None else d
        for d in found
    ]


def _label_location(marked: Document, label: str) -> Location:
    """Where the paragraph with this (final-view) label is in the marked document."""
    s = analyse(marked)
    for i in s.operative:
        if s.labels[i] is not None and s.labels[i].text == label:
            return Location(source=marked.meta.source, block=i, label=label, origin=marked.blocks[i].origin)
    return Location(source=marked.meta.source, label=label)


def _mixed_marks(marked: Document, note_block: int | None) -> list[Diagnostic]:
    sources = {
        s.change.source
        for b in marked.blocks
        for s in b.segments
        if s.mark is not Mark.KEEP and s.change is not None
    }
    if Source.TRACKED in sources and Source.MARKUP in sources and note_block is None and not any(
        is_note(b.text) for b in marked.blocks
    ):
        return [
            Diagnostic(
                "mixed-marks",
                Severity.WARNING,
                "both tracked changes and underline/strike formatting mark edits, and no convention "
                "note says what the formatting means",
                Location(source=marked.meta.source),
            )
        ]
    return []


def _unpaired_moves(marked: Document, loc) -> list[Diagnostic]:
    halves: dict[str, set[Mark]] = {}
    first: dict[str, int] = {}
    for i, b in enumerate(marked.blocks):
        for s in b.segments:
            if s.change is not None and s.change.move_id:
                halves.setdefault(s.change.move_id, set()).add(s.mark)
                first.setdefault(s.change.move_id, i)
    return [
        Diagnostic(
            "unpaired-move",
            Severity.WARNING,
            f"move {move_id!r} has only its {'destination' if Mark.INSERT in marks else 'source'}",
            loc(first[move_id]),
        )
        for move_id, marks in sorted(halves.items())
        if not (Mark.INSERT in marks and Mark.DELETE in marks)
    ]


# --------------------------------------------------------------------------
# inspect


def _counts(block: Block) -> dict:
    ins = "".join(s.text for s in block.segments if s.mark is Mark.INSERT or (block.mark is Mark.INSERT and s.mark is Mark.KEEP))
    dele = "".join(s.text for s in block.segments if s.mark is Mark.DELETE or (block.mark is Mark.DELETE and s.mark is Mark.KEEP))
    return {
        "inserted_chars": len(ins),
        "deleted_chars": len(dele),
        "inserted_words": len(_WORD.findall(ins)),
        "deleted_words": len(_WORD.findall(dele)),
    }


def inspect(doc: Document, treaty: str | None = None) -> dict:
    """Structure, marks, renumbering and findings of a document, as data.

    The CLI renders it with rich or as JSON; every value is a plain str,
    int, list, dict or None, and key order is fixed.  ``treaty``: whose
    forms the next revision follows (told from the text when None).
    """
    structure = analyse(doc)
    selected = select_instrument(doc)
    finished = finish(selected.value, ConsolidateOptions(treaty=treaty))
    blocks = []
    for i, block in enumerate(doc.blocks):
        label = structure.labels[i]
        entry = {
            "index": i,
            "id": structure.ids[i],
            "role": structure.roles[i],
            "label": label.text if label else None,
            "origin": block.origin,
            "marked": block.is_marked,
        }
        entry.update(_counts(block))
        blocks.append(entry)
    totals = {k: sum(b[k] for b in blocks) for k in ("inserted_chars", "deleted_chars", "inserted_words", "deleted_words")}
    # the lint reports the cross-references the consolidation rewrites
    diagnostics = selected.diagnostics + tuple(d for d in finished.diagnostics if d.code != "reference-rewritten") + lint(doc)
    return {
        "source": doc.meta.source,
        "instrument": finished.value.instrument,
        "revision": structure.revision,
        "next_revision": finished.value.revision,
        "title": structure.title,
        "structure": structure.to_dict(),
        "blocks": blocks,
        "totals": totals,
        "renumbering": [list(pair) for pair in finished.value.renumbering],
        "diagnostics": [d.to_dict() for d in diagnostics],
    }


def inspect_read(read, source: str, annex: int | None = None, treaty: str | None = None) -> dict:
    """``resamend inspect --json``'s report of a reader's result: the
    instrument chosen (``annex``), every amended instrument of the document,
    the diagnostics of reading and selecting, and which reading cut a text
    into paragraphs.  One home for the command and the web page."""
    selected = select_instrument(read.value, annex)
    report = inspect(selected.value, treaty)
    whole = analyse(read.value)
    report["instruments"] = [
        dict(inst.to_dict(), used=inst.name == report.get("instrument") and (annex is None or inst.annex == annex))
        for inst in whole.instruments
    ]
    report["diagnostics"] = [d.to_dict() for d in read.diagnostics + selected.diagnostics] + list(report.get("diagnostics", []))
    report["source"] = source
    if read.value.meta.reader == "text":  # which reading cut the text into paragraphs
        report["paragraphs"] = dict(read.value.meta.extra).get("paragraphs", "at blank lines")
    return report
