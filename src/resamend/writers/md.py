"""Markdown: headings as ``#``, marks as CriticMarkup, paragraphs apart."""

from __future__ import annotations

from ..model import BlockKind, Document
from ..normalize import canonical
from . import WriteOptions
from .text import SEPARATOR, _CLOSE, _OPEN, _is_empty, _merge_adjacent_marks, break_comment, render_block


def write(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    blocks = [b for b in canonical(doc).blocks if not _is_empty(b)]
    out: list[str] = []
    for i, block in enumerate(blocks):
        prefix = "#" * max(1, min(6, block.level or 1)) + " " if block.kind is BlockKind.HEADING else ""
        last = i + 1 == len(blocks)
        out.append(prefix + render_block(block, attribute=options.attribute, last_comment=last or block.boundary.value == "keep"))
        if not last:
            sep = SEPARATOR
            if block.boundary.value != "keep":
                sep = _OPEN[block.boundary] + SEPARATOR + _CLOSE[block.boundary] + break_comment(block, options.attribute)
            out.append(sep)
    return (_merge_adjacent_marks("".join(out)) + "\n").encode("utf-8")
