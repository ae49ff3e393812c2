"""Canonical forms of a marked document.

Readers see the world as Word split it: a word in three runs, a mark that
starts on the space before a word.  Normalising merges what only differs by
where a run happened to end, so that equal meanings compare equal.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Block, Document, Mark, Segment

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
