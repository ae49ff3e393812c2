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
from bisect import bisect_right

from .._gc import without_gc
from ..model import Block, Document, Mark
from ..normalize import canonical
from ..readers.text import ESCAPABLE
from . import WriteOptions

# Where markup would start: an opener, a closer, or "~>" (which ends the old
# text of a substitution, so text written inside one, as check does, is safe).
_NEEDS_ESCAPE = re.compile(r"(?=\{(?:\+\+|--|~~|==|>>))|(?=(?:\+\+|--|~~|==|<<)\})|(?=~>)")
_BACKSLASHES = re.compile(r"\\+")
_ESCAPABLE = frozenset(ESCAPABLE)
SEPARATOR = "\n\n"


class _Markup(str):
    """A piece of CriticMarkup syntax ("{++", "\\n\\n"…): written as it is.
    Every other piece of a rendering is text, escaped where it would read
    as markup (see :func:`_escaped`)."""


_OPEN = {Mark.INSERT: (_Markup("{++"),), Mark.DELETE: (_Markup("{--"),), Mark.BOTH: (_Markup("{++"), _Markup("{--"))}
_CLOSE = {Mark.INSERT: (_Markup("++}"),), Mark.DELETE: (_Markup("--}"),), Mark.BOTH: (_Markup("--}"), _Markup("++}"))}
_BREAK = _Markup(SEPARATOR)


def escape(text: str) -> str:
    """Backslash before anything that would read as CriticMarkup."""
    return _escaped([text])


def _escaped(pieces: list[str]) -> str:
    """The pieces of a rendering joined, text escaped so that the reader
    gives it back exactly (:mod:`resamend.readers.text`): a backslash
    before every character where markup would start, and a run of
    backslashes that comes before a markup character (in the text or in the
    markup that follows it) doubled."""
    stream = "".join(pieces)
    if "\\" not in stream and not any("{" in p or "}" in p for p in pieces if type(p) is not _Markup):
        return stream  # every mark has a brace: nothing to escape (the common case)
    text_spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        if type(piece) is not _Markup and piece:
            text_spans.append((pos, pos + len(piece)))
        pos += len(piece)
    span_starts = [a for a, _ in text_spans]

    def in_text(i: int) -> bool:
        k = bisect_right(span_starts, i) - 1
        return k >= 0 and i < text_spans[k][1]

    inserts: dict[int, str] = {}
    for m in _NEEDS_ESCAPE.finditer(stream):
        if in_text(m.start()):
            inserts[m.start()] = "\\"
    for m in _BACKSLASHES.finditer(stream):  # (markup holds no backslash)
        if stream[m.end() : m.end() + 1] in _ESCAPABLE:
            inserts[m.start()] = m.group()
    if not inserts:
        return stream
    out, last = [], 0
    for i in sorted(inserts):
        out.append(stream[last:i])
        out.append(inserts[i])
        last = i
    out.append(stream[last:])
    return "".join(out)


def block_pieces(block: Block, *, labels: bool = True, attribute: bool = False, last_comment: bool = True) -> list[str]:
    """One block as text and :class:`_Markup` pieces; with ``attribute``,
    each change is followed by its author as a CriticMarkup comment
    (``{++new++}{>>European Union<<}``) — the last one only with
    ``last_comment`` (else it follows the block's changed break: see
    :func:`break_pieces`)."""
    parts: list[str] = [block.label + " "] if labels and block.label else []
    author = None  # of the change being written
    for seg in block.segments:
        if attribute:
            now = seg.change.author if seg.mark is not Mark.KEEP and seg.change is not None else None
            if author and now != author:
                parts.extend(_comment(author))
            author = now
        if seg.mark is Mark.KEEP:
            parts.append(seg.text)
        else:
            parts.extend((*_OPEN[seg.mark], seg.text, *_CLOSE[seg.mark]))
    if author and last_comment:
        parts.extend(_comment(author))
    return parts


def render_block(block: Block, *, labels: bool = True, attribute: bool = False, last_comment: bool = True) -> str:
    """One block as CriticMarkup (see :func:`block_pieces`)."""
    return _escaped(_merge_adjacent_marks(block_pieces(block, labels=labels, attribute=attribute, last_comment=last_comment)))


def break_pieces(block: Block, attribute: bool) -> list[str]:
    """The paragraph break after ``block``: plain, or inside the mark of an
    inserted or deleted break, then the author comment that follows such a
    break (the author of the block's last change)."""
    if block.boundary is Mark.KEEP:
        return [_BREAK]
    return [*_OPEN[block.boundary], _BREAK, *_CLOSE[block.boundary], *_break_comment(block, attribute)]


def _break_comment(block: Block, attribute: bool) -> list[str]:
    if not attribute:
        return []
    for seg in reversed(block.segments):
        if seg.mark is not Mark.KEEP:
            return _comment(seg.change.author) if seg.change is not None and seg.change.author else []
    return []


def _comment(author: str) -> list[str]:
    return [_Markup("{>>"), author, _Markup("<<}")]


def render(doc: Document, attribute: bool = False) -> str:
    """The whole document as CriticMarkup (plain text when unmarked)."""
    doc = canonical(doc)
    pieces: list[str] = []
    blocks = [b for b in doc.blocks if not _is_empty(b)]
    for i, block in enumerate(blocks):
        last = i + 1 == len(blocks)
        pieces.extend(block_pieces(block, attribute=attribute, last_comment=last or block.boundary is Mark.KEEP))
        if not last:
            pieces.extend(break_pieces(block, attribute))
    return _escaped(_merge_adjacent_marks(pieces)) + "\n"


def _is_empty(block: Block) -> bool:
    """An empty paragraph (a spacer) prints nothing, not a stray blank line."""
    return not block.label and not any(s.text for s in block.segments) and block.boundary is Mark.KEEP


_JOINS = (("++}", "{++"), ("--}", "{--"))


def _merge_adjacent_marks(pieces: list[str]) -> list[str]:
    """``{++a++}{++b++}`` reads better as ``{++ab++}``: a closing mark
    followed by the same opening mark is dropped (markup only, never text)."""
    for close, open_ in _JOINS:
        out: list[str] = []
        for piece in pieces:
            if piece == open_ and type(piece) is _Markup and out and out[-1] == close and type(out[-1]) is _Markup:
                out.pop()
            elif piece:
                out.append(piece)
        pieces = out
    return pieces


@without_gc
def write(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    return render(doc, options.attribute).encode("utf-8")
