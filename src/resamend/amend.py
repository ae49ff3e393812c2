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
    if _unmarked(block) and block.original_label is None:
        return block  # inverting changes nothing: keep the very object
    labels = {}
    if block.original_label is not None:  # the views number the list apart
        labels = {"label": block.original_label, "original_label": block.label}
    return replace(
        block,
        segments=tuple(s.with_mark(s.mark.inverted()) for s in block.segments),
        mark=block.mark.inverted(),
        boundary=block.boundary.inverted(),
        **labels,
    )


def view_groups(doc: Document) -> list[tuple[tuple[int, ...], bool]]:
    """How the blocks of ``doc`` become the blocks of its final view.

    For each block of the view, in order: the indices of the marked blocks
    joined into it, and whether the view keeps it.  The rules live here
    only — :func:`accept`, the seam-repaired view of
    :mod:`resamend.consolidate` and the base blocks of an amendment set all
    follow them:

    * a block whose own mark is not in the final view disappears whole;
    * a block whose break is removed is joined, with no separator, to the
      next block of the same container (as Word does), never past it, even
      when what lies between vanishes too;
    * a block left empty by the change disappears (kept is False); a block
      that was empty to begin with (a spacer) stays.
    """
    blocks = doc.blocks
    groups: list[tuple[tuple[int, ...], bool]] = []
    pending: list[int] | None = None  # joined blocks whose last break was removed
    pending_text = False  # whether any of them keeps text
    for i, block in enumerate(blocks):
        if not block.mark.in_final:
            if pending is not None and blocks[pending[0]].container != block.container:
                groups.append((tuple(pending), True))
                pending = None
            continue
        kept = any(s.text and s.mark.in_final for s in block.segments)
        emptied = not kept and any(s.text for s in block.segments)
        members, has_text = [i], kept
        if pending is not None:
            if blocks[pending[0]].container == block.container:
                members, has_text = pending + [i], pending_text or kept
                emptied = emptied and not pending_text
            else:
                groups.append((tuple(pending), True))
            pending = None
        if not block.boundary.in_final:
            pending, pending_text = members, has_text
            continue
        groups.append((tuple(members), not (emptied and not has_text)))
    if pending is not None:
        groups.append((tuple(pending), True))
    return groups


def accept(doc: Document) -> Document:
    """The final view: insertions kept, deletions dropped, breaks joined
    (see :func:`view_groups` for the rules)."""
    if _nothing_to_accept(doc):
        return doc  # an unmarked document is its own final view (no copy)
    blocks = doc.blocks
    out: list[Block] = []
    for members, kept in view_groups(doc):
        if not kept:
            continue
        first = blocks[members[0]]
        if len(members) == 1 and _unmarked(first) and all(s.text for s in first.segments) \
                and first.original_label is None:
            out.append(first)  # nothing to accept: the block as it is (no copy)
            continue
        segments: tuple[Segment, ...] = ()
        for m in members:
            segments += accepted_segments(blocks[m].segments)
        out.append(first.accepted(segments))
    return doc.with_blocks(out)


def _nothing_to_accept(doc: Document) -> bool:
    """No mark anywhere and no empty segment (which accepting would drop):
    a plain loop, as this runs on every view of every input."""
    for block in doc.blocks:
        if block.mark is not _KEEP or block.boundary is not _KEEP:
            return False
        for seg in block.segments:
            if seg.mark is not _KEEP or not seg.text:
                return False
    return True


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
