"""Canonical forms of a marked document.

Readers see the world as Word split it: a word in three runs, a mark that
starts on the space before a word.  Normalising merges what only differs by
where a run happened to end, so that equal meanings compare equal.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .diagnostics import Diagnostic, Location, Severity
from .model import Block, Change, Document, Mark, Segment

_PUSH_DOWN = {
    # block mark -> segment mark -> resulting segment mark
    Mark.INSERT: {Mark.KEEP: Mark.INSERT, Mark.INSERT: Mark.INSERT, Mark.DELETE: Mark.BOTH, Mark.BOTH: Mark.BOTH},
    Mark.DELETE: {Mark.KEEP: Mark.DELETE, Mark.DELETE: Mark.DELETE, Mark.INSERT: Mark.BOTH, Mark.BOTH: Mark.BOTH},
    Mark.BOTH: {m: Mark.BOTH for m in Mark},
}


def _is_merged(segments: tuple[Segment, ...]) -> bool:
    """No empty segment and no two neighbours that :func:`merge_segments`
    would join: the segments are canonical already (the common case)."""
    last = None
    for seg in segments:
        if not seg.text:
            return False
        if last is not None and last.mark is seg.mark and last.style == seg.style and last.change == seg.change:
            return False
        last = seg
    return True


def merge_segments(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Join neighbours that agree on mark, style and provenance; drop empties."""
    if _is_merged(segments):
        return segments
    out: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if out:
            last = out[-1]
            if last.mark is seg.mark and last.style == seg.style and last.change == seg.change:
                out[-1] = replace(last, text=last.text + seg.text)
                continue
        out.append(seg)
    return tuple(out)


def lower_block_mark(block: Block) -> Block:
    """Express a whole-block mark as marks on its text and on its break.

    An inserted block is inserted text followed by an inserted break; both
    forms give the same views, this one is what a text format can write.
    """
    if block.mark is Mark.KEEP:
        return block
    table = _PUSH_DOWN[block.mark]
    segments = tuple(s.with_mark(table[s.mark]) for s in block.segments)
    return replace(block, segments=segments, mark=Mark.KEEP, boundary=table[block.boundary])


def canonical(doc: Document) -> Document:
    """Block marks lowered, segments merged: equal views, equal structure.

    The break after the last block joins nothing, so its mark is dropped.
    A block that is canonical already is kept as it is (no copy).
    """
    blocks = [_canonical_block(b) for b in doc.blocks]
    if blocks and blocks[-1].boundary is not Mark.KEEP:
        blocks[-1] = replace(blocks[-1], boundary=Mark.KEEP)
    return doc.with_blocks(blocks)


def _canonical_block(block: Block) -> Block:
    if block.mark is Mark.KEEP and _is_merged(block.segments):
        return block
    lowered = lower_block_mark(block)
    return replace(block, segments=merge_segments(lowered.segments), mark=lowered.mark, boundary=lowered.boundary)


# --- characters no output can carry ------------------------------------------------

# A lone surrogate (U+D800–U+DFFF) is half of a UTF-16 pair: no encoding can
# write it, so every writer would fail on it.  It reaches a document through a
# numeric reference (Word's <w:sym w:char="D800"/>, HTML "&#xD800;", JSON
# "\ud800") or bytes that are not quite UTF-8 or UTF-16.
_UNENCODABLE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
MAX_UNENCODABLE_WARNINGS = 20  # one per paragraph, then one for all the others


def _clean(text, found: list[str]):
    """``text`` with every unencodable character replaced (noted in ``found``)."""
    if not text or text.isascii() or not _UNENCODABLE.search(text):
        return text
    found.extend(f"U+{ord(c):04X}" for c in _UNENCODABLE.findall(text))
    return _UNENCODABLE.sub(REPLACEMENT, text)


def replace_unencodable(doc: Document, source: str | None = None) -> tuple[Document, tuple[Diagnostic, ...]]:
    """``doc`` with each character no encoding can write (a lone surrogate)
    replaced by U+FFFD, and one warning for each block (or for the
    document's metadata) that held one, naming where.

    Every reader's result passes through here (:func:`resamend.readers.read`),
    so that no writer meets such a character.  A document without one is
    given back as it is (no copy).
    """
    diagnostics: list[Diagnostic] = []
    blocks = list(doc.blocks)
    changed = False
    more: list[str] = []  # found in blocks past the first MAX_UNENCODABLE_WARNINGS
    for i, block in enumerate(blocks):
        found: list[str] = []
        segments = tuple(_clean_segment(seg, found) for seg in block.segments)
        fields = {name: _clean(getattr(block, name), found) for name in ("label", "style", "origin", "container")}
        if found:
            blocks[i] = replace(block, segments=segments, **fields)
            changed = True
            if len(diagnostics) < MAX_UNENCODABLE_WARNINGS:
                diagnostics.append(_unencodable_warning(found, Location(source=source, block=i, origin=block.origin)))
            else:
                more.extend(found)
    if more:
        diagnostics.append(_unencodable_warning(more, Location(source=source), where=" in further paragraphs"))
    found = []
    meta = doc.meta
    fields = {name: _clean(getattr(meta, name), found) for name in ("title", "symbol", "instrument", "revision", "language", "convention")}
    extra = tuple((_clean(k, found), _clean(v, found)) for k, v in meta.extra)
    if found:
        meta = replace(meta, extra=extra, **fields)
        changed = True
        diagnostics.append(_unencodable_warning(found, Location(source=source), where=" in the document's properties"))
    if not changed:
        return doc, ()
    return Document(tuple(blocks), meta), tuple(diagnostics)


def _clean_segment(seg: Segment, found: list[str]) -> Segment:
    text = _clean(seg.text, found)
    style = frozenset(_clean(s, found) for s in seg.style) if seg.style else seg.style
    change = seg.change
    if change is not None and (change.author or change.date or change.move_id):
        cleaned = Change(change.source, _clean(change.author, found), _clean(change.date, found), _clean(change.move_id, found))
        change = change if cleaned == change else cleaned
    if text is seg.text and style == seg.style and change is seg.change:
        return seg
    return Segment(text, seg.mark, style, change)


def _unencodable_warning(found: list[str], location: Location, where: str = "") -> Diagnostic:
    names = ", ".join(sorted(set(found)))
    count = f"{len(found)} characters" if len(found) > 1 else "a character"
    return Diagnostic(
        "unencodable-character",
        Severity.WARNING,
        f"{count} that no encoding can write ({names}, half of a UTF-16 pair){where} replaced by U+FFFD; "
        "fix the source document (a broken symbol or character reference)",
        location,
        text=REPLACEMENT * len(found),
    )
