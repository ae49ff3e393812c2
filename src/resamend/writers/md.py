"""Markdown: headings as ``#``, marks as CriticMarkup, paragraphs apart."""

from __future__ import annotations

from ..model import BlockKind, Document, Mark
from ..normalize import canonical
from . import WriteOptions
from .text import _Markup, _escaped, _is_empty, _merge_adjacent_marks, block_pieces, break_pieces


def write(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    blocks = [b for b in canonical(doc).blocks if not _is_empty(b)]
    pieces: list[str] = []
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            pieces.append(_Markup("#" * max(1, min(6, block.level or 1)) + " "))
        last = i + 1 == len(blocks)
        pieces.extend(block_pieces(block, attribute=options.attribute, last_comment=last or block.boundary is Mark.KEEP))
        if not last:
            pieces.extend(break_pieces(block, options.attribute))
    return (_escaped(_merge_adjacent_marks(pieces)) + "\n").encode("utf-8")
