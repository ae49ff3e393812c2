"""The document model: frozen dataclasses, no I/O.

A *marked* document carries amendment marks on its segments (inserted or
deleted text), on whole blocks (an inserted or deleted paragraph) and on the
paragraph break after a block (``boundary``: a deleted break joins the block
with the next one when the change is accepted).  A *clean* document has no
marks at all; ``accept`` and ``reject`` in :mod:`resamend.amend` turn the
first into the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Iterable


class Mark(str, Enum):
    """What an amendment does to a piece of text."""

    KEEP = "keep"  # unchanged text, in both views
    INSERT = "insert"  # new text: in the final view only
    DELETE = "delete"  # deleted text: in the original view only
    BOTH = "both"  # inserted and deleted at once: in neither view (diagnosed)

    def inverted(self) -> "Mark":
        return _INVERSE[self]

    @property
    def in_final(self) -> bool:
        return self in (Mark.KEEP, Mark.INSERT)

    @property
    def in_original(self) -> bool:
        return self in (Mark.KEEP, Mark.DELETE)


_INVERSE = {
    Mark.KEEP: Mark.KEEP,
    Mark.INSERT: Mark.DELETE,
    Mark.DELETE: Mark.INSERT,
    Mark.BOTH: Mark.BOTH,
}


class Source(str, Enum):
    """Where a mark came from."""

    MARKUP = "markup"  # underline / strike formatting (the house convention)
    TRACKED = "tracked"  # Word tracked changes
    TEXT = "text"  # CriticMarkup or HTML <ins>/<del>
    DIFF = "diff"  # computed by resamend diff


@dataclass(frozen=True)
class Change:
    """Provenance of a mark."""

    source: Source = Source.TEXT
    author: str | None = None
    date: str | None = None
    move_id: str | None = None  # set on both halves of a move


@dataclass(frozen=True)
class Segment:
    """A run of text with one mark and one residual inline style.

    ``style`` is the formatting that must survive (``bold``, ``italic``,
    ``superscript``, ``subscript``, ``smallcaps``, ``link:URL`` …); the
    underline or strike that *was* the amendment mark is consumed, not kept.
    """

    text: str
    mark: Mark = Mark.KEEP
    style: frozenset[str] = frozenset()
    change: Change | None = None

    def with_mark(self, mark: Mark) -> "Segment":
        return replace(self, mark=mark)


class BlockKind(str, Enum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list-item"
    CELL = "cell"  # a paragraph inside a table cell
    NOTE = "note"  # a footnote or endnote, printed after the body


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit of text.

    ``label`` is a number printed by the application rather than typed
    (Word auto-numbering), as the final view prints it (``original_label``:
    the original view's, when it differs); a typed number such as "8bis." stays in the text
    and is found by :mod:`resamend.structure`.  ``mark`` inserts or deletes
    the whole block; ``boundary`` is the mark on the break after the block.
    ``origin`` is a reader-specific locator for diagnostics ("p12",
    "table 1, row 2, cell 3", "footnote 4").  ``container`` names what holds
    the block (``None`` for the body, "t1r2c3", "footnote 4"): a removed
    paragraph break joins two blocks only inside one container.
    """

    segments: tuple[Segment, ...] = ()
    kind: BlockKind = BlockKind.PARAGRAPH
    style: str | None = None
    label: str | None = None
    mark: Mark = Mark.KEEP
    boundary: Mark = Mark.KEEP
    origin: str | None = None
    level: int = 0
    container: str | None = None  # blocks join only within one container
    #: the number auto-numbering prints in the *original* view, when it
    #: differs from ``label`` (the final view's): Word numbers each view
    #: after Accept All / Reject All, so an inserted item shifts the final
    #: numbers only.  Swapped with ``label`` by ``invert``; a clean block has none.
    original_label: str | None = None

    @property
    def text(self) -> str:
        """All text of the block, marked or not (the "flattened" reading)."""
        return "".join(s.text for s in self.segments)

    @property
    def is_marked(self) -> bool:
        if self.mark is not Mark.KEEP or self.boundary is not Mark.KEEP:
            return True
        for seg in self.segments:  # a plain loop: called for every block, often
            if seg.mark is not Mark.KEEP:
                return True
        return False

    def accepted(self, segments: tuple[Segment, ...]) -> "Block":
        """This block with other (accepted) segments and no marks (and no
        ``original_label``: a clean block is one view): what
        ``dataclasses.replace`` would give, without its per-call
        introspection (this is on the hot path of every view)."""
        return Block(segments, self.kind, self.style, self.label, Mark.KEEP, Mark.KEEP, self.origin, self.level, self.container)

    def view_text(self, final: bool = True) -> str:
        """The text of this block alone in the final (or original) view."""
        keep = (lambda m: m.in_final) if final else (lambda m: m.in_original)
        if not keep(self.mark):
            return ""
        return "".join(s.text for s in self.segments if keep(s.mark))


@dataclass(frozen=True)
class Meta:
    """What is known about the document as a whole."""

    title: str | None = None
    symbol: str | None = None  # "UNEP/CMS/COP14/Doc.18.1"
    instrument: str | None = None  # "Resolution 11.10"
    revision: str | None = None  # "Rev.COP13"
    language: str | None = None
    source: str | None = None  # file name, for messages
    reader: str | None = None  # reader format name
    convention: str | None = None  # which marks were read (cms, tracked, …)
    extra: tuple[tuple[str, str], ...] = ()  # reader-specific facts, sorted


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...] = ()
    meta: Meta = field(default_factory=Meta)

    @property
    def is_marked(self) -> bool:
        for block in self.blocks:
            if block.is_marked:
                return True
        return False

    def with_blocks(self, blocks: Iterable[Block]) -> "Document":
        return replace(self, blocks=tuple(blocks))


def paragraph(*parts: str | Segment, **kwargs) -> Block:
    """Convenience constructor used by readers and tests."""
    segs = tuple(p if isinstance(p, Segment) else Segment(p) for p in parts)
    return Block(segments=segs, **kwargs)
