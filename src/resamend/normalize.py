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


def merge_segments(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Join neighbours that agree on mark, style and provenance; drop empties."""
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
    """
    blocks = [
        replace(b, segments=merge_segments(lb.segments), mark=lb.mark, boundary=lb.boundary)
        for b in doc.blocks
        for lb in (lower_block_mark(b),)
    ]
    if blocks and blocks[-1].boundary is not Mark.KEEP:
        blocks[-1] = replace(blocks[-1], boundary=Mark.KEEP)
    return doc.with_blocks(blocks)
