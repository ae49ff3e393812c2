"""Accept, invert, reject: the three operations on a marked document.

There is one accept; reject is accept after invert (as in
Open-XML-PowerTools), so the two views can never disagree about the rules.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Block, Document, Mark, Segment

_KEEP = Mark.KEEP


def invert(doc: Document) -> Document:
    """Swap insertions and deletions everywhere (text marked both stays both)."""
    return doc.with_blocks(_invert_block(b) for b in doc.blocks)


def _unmarked(block: Block) -> bool:
    """No mark on the block, its break or its text (most blocks of a draft)."""
    return block.mark is _KEEP and block.boundary is _KEEP and all(s.mark is _KEEP for s in block.segments)


def _invert_block(block: Block) -> Block:
    if _unmarked(block):
        return block  # inverting changes nothing: keep the very object
    return replace(
        block,
        segments=tuple(s.with_mark(s.mark.inverted()) for s in block.segments),
        mark=block.mark.inverted(),
        boundary=block.boundary.inverted(),
    )


def accept(doc: Document) -> Document:
    """The final view: insertions kept, deletions dropped, breaks joined.

    * a block whose own mark is not in the final view disappears whole;
    * segments not in the final view are dropped, the rest become KEEP;
    * a block whose break is removed is joined, with no separator, to the
      next block of the same container (as Word does);
    * a block left empty by the change disappears; a block that was empty
      to begin with (a spacer) stays.
    """
    out: list[Block] = []
    pending: Block | None = None  # a block whose break was removed
    for block in doc.blocks:
        if not block.mark.in_final:
            if pending is not None and pending.container != block.container:
                # a removed break never reaches past its own container,
                # even when what lies between vanishes too
                _flush(out, pending, emptied=False)
                pending = None
            continue
        segments = block.segments
        if block.mark is _KEEP and block.boundary is _KEEP and all(s.mark is _KEEP and s.text for s in segments):
            # nothing to accept: the block as it is (no copy)
            kept, emptied, current = segments, False, block
        else:
            kept = accepted_segments(segments)
            emptied = not kept and any(s.text for s in segments)
            current = block.accepted(kept)
        if pending is not None:
            if pending.container == block.container:
                current = pending.accepted(pending.segments + kept)
                emptied = emptied and not pending.segments
            else:
                _flush(out, pending, emptied=False)
            pending = None
        if not block.boundary.in_final:
            pending = current
            continue
        _flush(out, current, emptied)
    if pending is not None:
        _flush(out, pending, emptied=False)
    return doc.with_blocks(out)


def _flush(out: list[Block], block: Block, emptied: bool) -> None:
    if emptied and not block.segments:
        return
    out.append(block)


def accepted_segments(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    return tuple(
        s if s.mark is Mark.KEEP else s.with_mark(Mark.KEEP)
        for s in segments
        if s.mark.in_final and s.text
    )


def reject(doc: Document) -> Document:
    """The original view: accept after invert."""
    return accept(invert(doc))


def final_view(doc: Document) -> list[str]:
    """Paragraph texts of the final view (empty paragraphs left out)."""
    return [t for t in (b.text for b in accept(doc).blocks) if t]


def original_view(doc: Document) -> list[str]:
    """Paragraph texts of the original view (empty paragraphs left out)."""
    return [t for t in (b.text for b in reject(doc).blocks) if t]
