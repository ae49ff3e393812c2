"""Plain text and CriticMarkup.

One paragraph per line with a blank line between paragraphs, so that the
output reads back as the same paragraphs.  A printed label (Word
auto-numbering) comes before the text, separated by a space.  Marks are
written as CriticMarkup (``{++new++}``, ``{--old--}``); a paragraph break
that is inserted or deleted sits inside the mark; text marked both inserted
and deleted is a deletion inside an insertion (``{++{--text--}++}``).
"""

from __future__ import annotations

import re

from .._gc import without_gc
from ..model import Block, Document, Mark
from ..normalize import canonical
from . import WriteOptions

_NEEDS_ESCAPE = re.compile(r"(?=\{(?:\+\+|--|~~|==|>>))|(?=(?:\+\+|--|~~|==|<<)\})")
_OPEN = {Mark.INSERT: "{++", Mark.DELETE: "{--", Mark.BOTH: "{++{--"}
_CLOSE = {Mark.INSERT: "++}", Mark.DELETE: "--}", Mark.BOTH: "--}++}"}
SEPARATOR = "\n\n"


def escape(text: str) -> str:
    """Backslash before anything that would read as CriticMarkup."""
    if "{" not in text and "}" not in text:  # every such token has a brace
        return text
    return _NEEDS_ESCAPE.sub("\\\\", text)


def render_block(block: Block, *, labels: bool = True, attribute: bool = False, last_comment: bool = True) -> str:
    """One block; with ``attribute``, each change is followed by its author
    as a CriticMarkup comment (``{++new++}{>>European Union<<}``) — the last
    one only with ``last_comment`` (else it follows the block's changed
    break: see :func:`break_comment`)."""
    parts = [block.label + " "] if labels and block.label else []
    author = None  # of the change being written
    for seg in block.segments:
        text = escape(seg.text)
        if attribute:
            now = seg.change.author if seg.mark is not Mark.KEEP and seg.change is not None else None
            if author and now != author:
                parts.append(_comment(author))
            author = now
        if seg.mark is Mark.KEEP:
            parts.append(text)
        else:
            parts.append(_OPEN[seg.mark] + text + _CLOSE[seg.mark])
    if author and last_comment:
        parts.append(_comment(author))
    return "".join(parts)


def break_comment(block: Block, attribute: bool) -> str:
    """The author comment that follows a block's inserted or deleted break
    (the author of the block's last change)."""
    if not attribute or block.boundary is Mark.KEEP:
        return ""
    for seg in reversed(block.segments):
        if seg.mark is not Mark.KEEP:
            return _comment(seg.change.author) if seg.change is not None and seg.change.author else ""
    return ""


def _comment(author: str) -> str:
    return "{>>" + escape(author) + "<<}"


def render(doc: Document, attribute: bool = False) -> str:
    """The whole document as CriticMarkup (plain text when unmarked)."""
    doc = canonical(doc)
    out: list[str] = []
    blocks = [b for b in doc.blocks if not _is_empty(b)]
    for i, block in enumerate(blocks):
        last = i + 1 == len(blocks)
        out.append(render_block(block, attribute=attribute, last_comment=last or block.boundary is Mark.KEEP))
        if last:
            break
        if block.boundary is Mark.KEEP:
            out.append(SEPARATOR)
        else:
            out.append(_OPEN[block.boundary] + SEPARATOR + _CLOSE[block.boundary] + break_comment(block, attribute))
    return _merge_adjacent_marks("".join(out)) + "\n"


def _is_empty(block: Block) -> bool:
    """An empty paragraph (a spacer) prints nothing, not a stray blank line."""
    return not block.label and not any(s.text for s in block.segments) and block.boundary is Mark.KEEP


def _merge_adjacent_marks(text: str) -> str:
    """``{++a++}{++b++}`` reads better as ``{++ab++}``."""
    return text.replace("++}{++", "").replace("--}{--", "")


@without_gc
def write(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    return render(doc, options.attribute).encode("utf-8")
