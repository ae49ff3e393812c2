"""DOCX writer: a clean document, a house-convention redline, or tracked changes.

``write(doc, options)`` renders whatever marks ``doc`` carries:

* a clean Document gives a clean DOCX;
* a marked Document gives a redline in the **house convention** of the
  convention secretariats (default): inserted text underlined
  (``w:u w:val="single"``), deleted text struck (``w:strike``), text marked
  both ways underlined *and* struck.  A paragraph mark that is inserted or
  deleted (a wholly inserted/deleted paragraph, or ``Block.boundary``) gets
  the same formatting on its own run properties (``w:pPr/w:rPr``);
* with ``options.track_changes``: real revisions (``w:ins``, ``w:del`` with
  ``w:delText``, ``w:ins``/``w:del`` nested for text marked both ways,
  ``w:moveFrom``/``w:moveTo`` inside named move ranges for segments whose
  ``Change.move_id`` is set, and paragraph-mark revisions in
  ``w:pPr/w:rPr``), by ``options.author`` at ``options.date`` (``w:date`` is
  left out when the date is None; a bare ``YYYY-MM-DD`` gets ``T00:00:00Z``).

Paragraph marks.  In Word a paragraph's mark is the break *after* it, which is
what ``Block.boundary`` means.  A mark survives Accept All when its block is
in the final view and its break is not deleted (likewise Reject All and the
original view).  Two adjustments make Word's and LibreOffice's Accept All /
Reject All give exactly the model's views (:func:`resamend.amend.accept`):
a paragraph that has text but would be left empty in a view loses its mark in
that view (it then vanishes instead of leaving an empty paragraph), and the
last paragraph of a container (the body before a table, a table cell, a
footnote) always keeps its mark — when it would vanish, the mark of the
previous surviving paragraph is removed instead, so the preceding text joins
it (Word itself records a paragraph added at the end of a document so).

LibreOffice (checked with 7.4 by the tests, Accept/Reject All through UNO):
a change at the end of a paragraph and one of the same author and date at the
start of the next are merged by LibreOffice together with the unchanged mark
between them, so in that case the vanishing paragraph's mark revision is put
on the previous paragraph instead (same text in every view, see
``_keep_revisions_apart``); text marked both ways is written undated (a
dated nested ``w:ins``/``w:del`` pair survives both Accept and Reject All in
LibreOffice).  Known limit: LibreOffice reads a paragraph mark that is both
inserted and deleted (``w:ins`` + ``w:del`` in ``w:pPr/w:rPr``, as Word writes
it) as deleted only, so its Reject All keeps that break; Word is right.

Other mappings:

* ``Segment.style``: bold → ``w:b``, italic → ``w:i``, superscript/subscript
  → ``w:vertAlign``, smallcaps → ``w:smallCaps``, caps → ``w:caps``,
  ``link:URL`` → ``w:hyperlink`` with an external relationship and the
  Hyperlink character style.  In the house convention a link that is not
  inserted gets ``w:u w:val="none"`` so that its style's underline cannot be
  taken for an insertion.
* Text: tab → ``w:tab``, newline (and CR) → ``w:br``, U+2011 →
  ``w:noBreakHyphen``, U+00AD → ``w:softHyphen``.  Characters that XML 1.0
  cannot carry (C0 controls other than tab/newline, U+FFFE/U+FFFF, lone
  surrogates) are replaced by U+FFFD; they cannot be represented in a DOCX.
* ``BlockKind.HEADING`` → the template's "heading N" style (``Heading1`` …),
  N = ``Block.level`` (at least 1); ``Block.style`` → ``w:pStyle`` when a
  paragraph style of that id or name exists in the styles part.
* ``Block.label`` (a number the source application printed) is written as
  typed text, ``label + TAB``, at the start of the paragraph, with the same
  mark as the block; a style's own auto-numbering is then switched off
  (``w:numId 0``) so the number is not printed twice.
* ``BlockKind.CELL`` blocks in containers ``t{T}r{R}c{C}`` → a real table
  for each run of consecutive cells of table T.
* ``BlockKind.NOTE`` blocks in container ``footnote N`` whose text starts
  with ``[^N]:`` → real footnotes (``word/footnotes.xml``), referenced from
  the first ``[^N]`` in the body text; a note without such a marker stays a
  paragraph where it is.
* Paragraph-level section breaks of a template are not kept: the output has
  one section, the template's last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..diagnostics import UsageError
from ..model import Block, BlockKind, Document, Mark, Segment
from . import WriteOptions
from .docx_package import (
    R_NS,
    RT_HYPERLINK,
    W_NS,
    Package,
    default_package,
    fallback_style,
    safe_parser,
    serialize,
    template_package,
)

__all__ = ["write", "write_clean", "render_body"]

_W = "{" + W_NS + "}"
_P, _PPR, _R = _W + "p", _W + "pPr", _W + "r"
_VAL, _ID = _W + "val", _W + "id"
_SPECIAL_TAGS = {"\t": "<w:tab/>", "\n": "<w:br/>", "\u2011": "<w:noBreakHyphen/>", "\u00ad": "<w:softHyphen/>"}
_SPECIAL_RE = re.compile("[\t\n\u2011\u00ad]")
_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CELL_RE = re.compile(r"^t(\d+)r(\d+)c(\d+)$")
_NOTE_CONTAINER_RE = re.compile(r"^footnote\s*(\S+)$")
_MARKER_RE = re.compile(r"\[\^([^\]\s]+)\]")

_VERT_ALIGN = {"superscript": "superscript", "subscript": "subscript"}


def write(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    """The DOCX bytes of ``doc``: clean, house-convention redline or tracked changes."""
    if options.template is not None:
        pkg = template_package(options.template, options.track_changes)
    else:
        pkg = default_package(doc.meta.title)
    document_xml, footnotes_xml = render_body(doc, options, pkg)
    return pkg.to_bytes(document_xml, footnotes_xml)


def write_clean(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    """The final view of ``doc`` (all changes accepted) as a clean DOCX."""
    from ..amend import accept

    return write(accept(doc), replace(options, track_changes=False))


# ---------------------------------------------------------------------------
# Pieces: the text of a block, each with its effective mark


@dataclass(slots=True)
class _Piece:
    text: str
    mark: Mark
    style: frozenset
    move_id: str | None = None
    link: str | None = None
    note: int | None = None  # footnote id of a reference mark
    author: str | None = None  # the change's own author (WriteOptions.attribute)


def combined_mark(block_mark: Mark, seg_mark: Mark) -> Mark:
    """The mark of a segment inside a block that may itself be inserted/deleted.

    Text deleted inside an inserted paragraph (or inserted inside a deleted
    one) is in neither view: BOTH."""
    if block_mark is Mark.KEEP or block_mark is seg_mark:
        return seg_mark
    if block_mark is Mark.BOTH or seg_mark is Mark.BOTH:
        return Mark.BOTH
    if seg_mark is Mark.KEEP:
        return block_mark
    return Mark.BOTH


def clean_text(text: str) -> str:
    """Text as XML 1.0 can carry it (line ends → newline, illegal characters → U+FFFD)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ILLEGAL_XML_RE.search(text):
        text = _ILLEGAL_XML_RE.sub("\ufffd", text)
    return text


_NO_STYLE: frozenset = frozenset()


def _link_of(style: frozenset) -> str | None:
    for s in sorted(style):
        if s.startswith("link:"):
            return s[5:]
    return None


def block_pieces(
    block: Block,
    note_ids: dict[str, int] | None = None,
    strip: str | None = None,
    moves: bool = True,
    authors: bool = False,
) -> list[_Piece]:
    """The pieces of one block, label first, footnote markers split out.

    ``note_ids`` maps a marker text ("[^3]") to the footnote id still to be
    referenced (the entry is removed when used); ``strip`` is a prefix to
    drop from the block's text (a note's own "[^3]:"); ``authors``: each
    piece keeps its change's author."""
    segments: tuple[Segment, ...] = block.segments
    if block.label:
        segments = (Segment(block.label + "\t"),) + segments
    out: list[_Piece] = []
    for seg in segments:
        text = seg.text
        if strip:
            cut = min(len(strip), len(text))
            text, strip = text[cut:], strip[cut:]
        if not text:
            continue
        mark = combined_mark(block.mark, seg.mark)
        move = None
        if moves and seg.change is not None and seg.change.move_id and mark in (Mark.INSERT, Mark.DELETE):
            move = seg.change.move_id
        if seg.style:
            style = frozenset(s for s in seg.style if not s.startswith("link:"))
            link = _link_of(seg.style)
        else:
            style, link = _NO_STYLE, None
        text = clean_text(text)
        if note_ids and "[^" in text:
            _split_markers(out, text, mark, style, move, link, note_ids)
        else:
            out.append(_Piece(text, mark, style, move, link))
        if authors and seg.change is not None and seg.change.author and mark is not Mark.KEEP:
            out[-1].author = seg.change.author
    return out


def _split_markers(out, text, mark, style, move, link, note_ids) -> None:
    pos = 0
    for m in _MARKER_RE.finditer(text):
        fid = note_ids.pop(m.group(0), None)
        if fid is None:
            continue
        if m.start() > pos:
            out.append(_Piece(text[pos : m.start()], mark, style, move, link))
        out.append(_Piece("", mark, style, move, None, note=fid))
        pos = m.end()
    if pos < len(text):
        out.append(_Piece(text[pos:], mark, style, move, link))


# ---------------------------------------------------------------------------
# Paragraph marks


def _has_text(pieces: list[_Piece]) -> bool:
    return any(p.text or p.note is not None for p in pieces)


# The marks of the text each view shows (final: True, original: False).
_SHOWN = {True: frozenset(m for m in Mark if m.in_final), False: frozenset(m for m in Mark if m.in_original)}


def _has_view_text(pieces: list[_Piece], final: bool) -> bool:
    shown = _SHOWN[final]
    return any((p.text or p.note is not None) and p.mark in shown for p in pieces)


def mark_states(run: list[tuple[Block, list[_Piece]]], tracked: bool = False) -> list[tuple[bool, bool]]:
    """For each block of one container run: is its paragraph mark in the final
    view, in the original view?  (See the module docstring for the rules.)"""
    has_text = [_has_text(pieces) for _b, pieces in run]
    states = []
    for final in (True, False):
        flags = [
            (b.mark.in_final and b.boundary.in_final) if final else (b.mark.in_original and b.boundary.in_original)
            for b, _p in run
        ]
        flags[-1] = True  # the container ends here whatever the boundary says
        content = [_has_view_text(pieces, final) for _b, pieces in run]
        _settle(flags, has_text, content)
        if tracked:
            _keep_revisions_apart(flags, content, [pieces for _b, pieces in run], final)
        states.append(flags)
    return list(zip(states[0], states[1]))


def _keep_revisions_apart(flags: list[bool], content: list[bool], pieces: list[list[_Piece]], final: bool) -> None:
    """Move a vanishing paragraph's removed mark to the previous paragraph
    when that one ends with text of the same change.

    LibreOffice merges a change at the end of one paragraph with a change of
    the same author and date at the start of the next, swallowing the
    unchanged paragraph mark between them (Reject All then joins the two
    paragraphs).  Removing the previous mark instead (as Word itself records
    a paragraph typed after another) gives the same text in every view and
    one contiguous change."""
    keep = (lambda m: m.in_final) if final else (lambda m: m.in_original)
    for i in range(1, len(flags)):
        if flags[i] or not flags[i - 1] or content[i]:
            continue
        last = next((p for p in reversed(pieces[i - 1]) if p.text or p.note is not None), None)
        if last is not None and not keep(last.mark) and last.mark is not Mark.BOTH:
            flags[i - 1], flags[i] = False, True


def _settle(flags: list[bool], has_text: list[bool], content: list[bool]) -> None:
    """Remove the mark of every paragraph group that has text but shows none."""
    text = shown = False
    prev_end = None
    last = len(flags) - 1
    for i, flag in enumerate(flags):
        text = text or has_text[i]
        shown = shown or content[i]
        if not flag:
            continue
        if text and not shown:
            if i < last:
                flags[i] = False  # joins the next paragraph, adding nothing
                continue
            if prev_end is not None:
                flags[prev_end] = False  # the previous paragraph ends here instead
        text = shown = False
        prev_end = i


def _container_runs(blocks: list[Block]) -> list[tuple[int, int]]:
    """(start, end) index ranges of consecutive blocks in one container."""
    runs = []
    start = 0
    for i in range(1, len(blocks) + 1):
        if i == len(blocks) or blocks[i].container != blocks[start].container:
            runs.append((start, i))
            start = i
    return runs


# ---------------------------------------------------------------------------
# Styles


class StyleBook:
    """The paragraph and character styles of the styles part, by id and name.

    Styles the body needs but the template lacks are added from our defaults."""

    def __init__(self, styles_root):
        self.root = styles_root
        self.by_id: dict[str, tuple[str, str | None, bool]] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        for st in styles_root.iter(_W + "style"):
            self._index(st)

    def _index(self, st) -> None:
        sid = st.get(_W + "styleId")
        if not sid:
            return
        kind = st.get(_W + "type") or "paragraph"
        name_el = st.find(_W + "name")
        based = st.find(_W + "basedOn")
        numbered = st.find(f"{_W}pPr/{_W}numPr") is not None
        self.by_id[sid] = (kind, based.get(_VAL) if based is not None else None, numbered)
        if name_el is not None and name_el.get(_VAL):
            self.by_name.setdefault((kind, name_el.get(_VAL).lower()), sid)

    def find(self, kind: str, name_or_id: str) -> str | None:
        entry = self.by_id.get(name_or_id)
        if entry is not None and entry[0] == kind:
            return name_or_id
        return self.by_name.get((kind, name_or_id.lower()))

    def require(self, kind: str, name: str, default_id: str) -> str:
        """The id of style ``name``; our own definition is added when missing."""
        found = self.find(kind, name) or self.find(kind, default_id)
        if found:
            return found
        el = fallback_style(default_id)
        if el is None:
            return default_id
        self.root.append(el)
        self._index(el)
        return default_id

    def heading(self, level: int) -> str:
        level = min(max(level, 1), 9)
        return self.require("paragraph", f"heading {level}", f"Heading{level}")

    def numbered(self, style_id: str) -> bool:
        """Whether the style (or one it is based on) numbers its paragraphs."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            entry = self.by_id.get(style_id)
            if entry is None:
                return False
            if entry[2]:
                return True
            style_id = entry[1]
        return False


# ---------------------------------------------------------------------------
# The body


_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?")


def _revision_date(date: str | None) -> str | None:
    """``options.date`` as the xsd:dateTime Word insists on (it refuses to open
    a file with a malformed ``w:date``): a bare date gets midnight UTC, a
    time without seconds gets ``:00``."""
    if not date:
        return None
    m = _DATE_RE.fullmatch(date.strip())
    if m is None:
        raise UsageError(
            f"revision date {date!r} is not an ISO 8601 date or date-time",
            "give it as 2024-02-12 or 2024-02-12T09:30:00Z",
        )
    day, hm, sec, zone = m.groups()
    if hm is None:
        return f"{day}T00:00:00Z"
    return f"{day}T{hm}{sec or ':00'}{zone or ''}"


class _Renderer:
    """Writes the body and footnotes XML as text; one instance per document.

    Every element is appended to a list of strings (``out``) in document
    order, exactly as lxml would serialize it (same prefixes, attribute
    order, escaping and empty-element form): building 200 pages element by
    element through lxml took three times as long."""

    def __init__(self, options: WriteOptions, pkg: Package):
        self.tracked = options.track_changes
        self.author = options.author or "resamend"
        self.date = _revision_date(options.date)
        self._who = f' w:author="{_attr(self.author)}"'
        self._when = f' w:date="{_attr(self.date)}"' if self.date else ""
        self.pkg = pkg
        self.styles = StyleBook(pkg.styles)
        self._next_id = 1
        self._links: dict[str, str] = {}
        self.link_rels = None  # the relationships part of the story being written (None: main)
        self._move_ranges: dict[tuple[str, str], int] = {}  # (kind, name) → open range id
        self._move_left: dict[tuple[str, str], int] = {}  # (kind, name) → paragraphs still to write
        self._run_kinds: dict[tuple, str] = {}  # see _run_properties

    # -- ids, attributes -------------------------------------------------
    def new_id(self) -> str:
        value = self._next_id
        self._next_id += 1
        return str(value)

    def _revision(self, tag: str, dated: bool = True, author: str | None = None) -> str:
        """The start tag of a revision element, without its closing ``>``
        (by ``author`` when given, else by the options' author)."""
        who = self._who if author is None else f' w:author="{_attr(author)}"'
        return f'<w:{tag} w:id="{self.new_id()}"{who}{self._when if dated else ""}'

    def _both(self) -> str:
        """An insertion holding a deletion: text in neither view (start tags).

        Undated on purpose: LibreOffice 7.4 merges a nested pair with the same
        author and date and then keeps the text in both views."""
        outer = self._revision("ins", dated=False)
        return outer + ">" + self._revision("del", dated=False) + ">"

    # -- paragraphs ------------------------------------------------------
    def paragraph(self, out: list[str], block: Block, pieces: list[_Piece], state: tuple[bool, bool], style_id: str | None, first_run: str = "") -> None:
        """One ``w:p``; ``first_run`` (a footnote's reference mark) comes right after its properties."""
        ppr = []
        if style_id:
            ppr.append(f'<w:pStyle w:val="{_attr(style_id)}"/>')
        if block.label and style_id and self.styles.numbered(style_id):
            ppr.append('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
        mark = _state_mark(state)
        common = _common_move(pieces) if self.tracked else None
        starts = []
        if mark is not Mark.KEEP:
            owner = next((p.author for p in reversed(pieces) if p.author), None)
            ppr.append("<w:rPr>" + self._paragraph_mark(mark, common, starts, owner) + "</w:rPr>")
        head = ("<w:pPr>" + "".join(ppr) + "</w:pPr>" if ppr else "") + first_run + "".join(starts)
        body: list[str] = []
        self._content(body, pieces)
        if self._move_left:
            self._close_moves(body, _move_keys(pieces, mark, common))
        content = head + "".join(body)
        out.append("<w:p>" + content + "</w:p>" if content else "<w:p/>")

    def _paragraph_mark(self, mark: Mark, move: str | None, starts: list[str], author: str | None = None) -> str:
        """The children of the paragraph mark's ``w:rPr``; a move range it
        opens goes to ``starts`` (the paragraph, after its properties)."""
        if not self.tracked:
            return ("<w:strike/>" if mark in (Mark.DELETE, Mark.BOTH) else "") + (
                '<w:u w:val="single"/>' if mark in (Mark.INSERT, Mark.BOTH) else ""
            )
        if mark is Mark.BOTH:
            return self._revision("ins", dated=False) + "/>" + self._revision("del", dated=False) + "/>"
        if move is not None:
            kind = "moveTo" if mark is Mark.INSERT else "moveFrom"
            revision = self._revision(kind) + "/>"
            self._open_move(starts, kind, move)
            return revision
        return self._revision("ins" if mark is Mark.INSERT else "del", author=author) + "/>"

    def _content(self, out: list[str], pieces: list[_Piece]) -> None:
        link_url = None
        link_open = False
        wrapper_key = None
        wrapper_end = ""  # closing tags of the open revision wrapper
        for piece in pieces:
            if piece.link != link_url:
                out.append(wrapper_end)
                wrapper_end = ""
                if link_open:
                    out.append("</w:hyperlink>")
                link_url = piece.link
                link_open = bool(link_url)
                if link_open:
                    out.append(self._hyperlink(link_url))
                wrapper_key = None
            if self.tracked:
                key = (piece.mark, piece.move_id, piece.author)
                if key != wrapper_key:
                    out.append(wrapper_end)
                    wrapper_end = self._wrapper(out, piece)
                    wrapper_key = key
            out.append(self._run(piece))
        out.append(wrapper_end)
        if link_open:
            out.append("</w:hyperlink>")

    def _wrapper(self, out: list[str], piece: _Piece) -> str:
        """Open the revision element that holds runs of this mark (tracked
        mode); return its closing tags."""
        mark = piece.mark
        if mark is Mark.KEEP:
            return ""
        if mark is Mark.BOTH:
            out.append(self._both())
            return "</w:del></w:ins>"
        if piece.move_id is not None:
            kind = "moveTo" if mark is Mark.INSERT else "moveFrom"
            self._open_move(out, kind, piece.move_id)
            out.append(self._revision(kind) + ">")
            return f"</w:{kind}>"
        tag = "ins" if mark is Mark.INSERT else "del"
        out.append(self._revision(tag, author=piece.author) + ">")
        return f"</w:{tag}>"

    def _open_move(self, out: list[str], kind: str, name: str) -> None:
        key = (kind, name)
        if key in self._move_ranges:
            return
        rid = self.new_id()
        out.append(f'<w:{kind}RangeStart w:id="{rid}"{self._who}{self._when} w:name="{_attr(name)}"/>')
        self._move_ranges[key] = int(rid)

    def _close_moves(self, out: list[str], keys: set[tuple[str, str]]) -> None:
        """End each move range in the last paragraph that holds part of it."""
        for key in sorted(keys):
            left = self._move_left.get(key, 0) - 1
            self._move_left[key] = left
            rid = self._move_ranges.get(key)
            if left <= 0 and rid:
                out.append(f'<w:{key[0]}RangeEnd w:id="{rid}"/>')
                self._move_ranges[key] = 0  # closed

    def _hyperlink(self, url: str) -> str:
        rid = self._links.get(url)
        if rid is None:
            rid = self.pkg.add_relationship(RT_HYPERLINK, url, external=True, rels=self.link_rels)
            self._links[url] = rid
        return f'<w:hyperlink r:id="{_attr(rid)}" w:history="1">'

    def _run(self, piece: _Piece) -> str:
        key = (piece.mark, piece.style, piece.note is not None, bool(piece.link))
        properties = self._run_kinds.get(key)
        if properties is None:
            properties = self._run_kinds[key] = self._run_properties(piece)
        if piece.note is not None:
            return f'<w:r>{properties}<w:footnoteReference w:id="{piece.note}"/></w:r>'
        deleted = self.tracked and (piece.mark is Mark.BOTH or (piece.mark is Mark.DELETE and piece.move_id is None))
        tag = "w:delText" if deleted else "w:t"
        text = piece.text
        if _SPECIAL_RE.search(text) is None:
            inner = _text(tag, text) if text else ""
        else:
            parts = []
            pos = 0
            for m in _SPECIAL_RE.finditer(text):
                if m.start() > pos:
                    parts.append(_text(tag, text[pos : m.start()]))
                parts.append(_SPECIAL_TAGS[m.group()])
                pos = m.end()
            if pos < len(text):
                parts.append(_text(tag, text[pos:]))
            inner = "".join(parts)
        if properties or inner:
            return "<w:r>" + properties + inner + "</w:r>"
        return "<w:r/>"

    def _run_properties(self, piece: _Piece) -> str:
        """A run's ``w:rPr`` ("" when it has none): it depends only on the
        piece's mark, style, note and link, so a document computes it once
        for each kind of run it has."""
        style = piece.style
        out: list[str] = []
        if piece.note is not None:
            out.append(f'<w:rStyle w:val="{_attr(self.styles.require("character", "footnote reference", "FootnoteReference"))}"/>')
        elif piece.link:
            out.append(f'<w:rStyle w:val="{_attr(self.styles.require("character", "hyperlink", "Hyperlink"))}"/>')
        if style:
            if "bold" in style:
                out.append("<w:b/>")
            if "italic" in style:
                out.append("<w:i/>")
            if "caps" in style:
                out.append("<w:caps/>")
            if "smallcaps" in style:
                out.append("<w:smallCaps/>")
        if not self.tracked:
            if piece.mark in (Mark.DELETE, Mark.BOTH):
                out.append("<w:strike/>")
            if piece.mark in (Mark.INSERT, Mark.BOTH):
                out.append('<w:u w:val="single"/>')
            elif piece.link:
                out.append('<w:u w:val="none"/>')
        if style:
            for name in ("superscript", "subscript"):
                if name in style:
                    out.append(f'<w:vertAlign w:val="{_VERT_ALIGN[name]}"/>')
                    break
        return "<w:rPr>" + "".join(out) + "</w:rPr>" if out else ""

    # -- moves -----------------------------------------------------------
    def plan_moves(self, pieces_per_paragraph: list[tuple[list[_Piece], Mark, str | None]]) -> None:
        """Count the paragraphs of each move range, to close it in its last one."""
        for pieces, mark, common in pieces_per_paragraph:
            for key in _move_keys(pieces, mark, common):
                self._move_left[key] = self._move_left.get(key, 0) + 1


def _move_keys(pieces: list[_Piece], mark: Mark, common: str | None) -> set[tuple[str, str]]:
    """The move ranges ((kind, name)) a paragraph takes part in."""
    keys = {("moveTo" if p.mark is Mark.INSERT else "moveFrom", p.move_id) for p in pieces if p.move_id is not None}
    if common is not None and mark in (Mark.INSERT, Mark.DELETE):
        keys.add(("moveTo" if mark is Mark.INSERT else "moveFrom", common))
    return keys


def _escape(text: str) -> str:
    """Character data as lxml writes it (``"`` and ``'`` stay as they are)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _attr(value: str) -> str:
    """An attribute value as lxml writes it between double quotes."""
    return (
        _escape(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    )


def _text(tag: str, text: str) -> str:
    if text[0] == " " or text[-1] == " " or "  " in text:
        return f'<{tag} xml:space="preserve">{_escape(text)}</{tag}>'
    return f"<{tag}>{_escape(text)}</{tag}>"


def _state_mark(state: tuple[bool, bool]) -> Mark:
    final, original = state
    if final and original:
        return Mark.KEEP
    if final:
        return Mark.INSERT
    if original:
        return Mark.DELETE
    return Mark.BOTH


def _common_move(pieces: list[_Piece]) -> str | None:
    """The move id shared by all the text of a paragraph, if any."""
    moves = {p.move_id for p in pieces if p.text or p.note is not None}
    if len(moves) == 1:
        return next(iter(moves))
    return None


# ---------------------------------------------------------------------------
# Putting it together


def _note_number(block: Block) -> str | None:
    if block.kind is not BlockKind.NOTE or not block.container:
        return None
    m = _NOTE_CONTAINER_RE.match(block.container)
    return m.group(1) if m else None


def _referenced_notes(blocks: tuple[Block, ...], numbers: set[str]) -> set[str]:
    """The note numbers whose marker "[^N]" occurs in the body text."""
    found: set[str] = set()
    if not numbers:
        return found
    for block in blocks:
        if block.kind is BlockKind.NOTE:
            continue
        for seg in block.segments:
            if "[^" in seg.text:
                found.update(m.group(1) for m in _MARKER_RE.finditer(seg.text) if m.group(1) in numbers)
    return found


def render_body(doc: Document, options: WriteOptions, pkg: Package) -> tuple[bytes, bytes | None]:
    """document.xml and (when the document has referenced notes) footnotes.xml."""
    r = _Renderer(options, pkg)
    numbers = {n for n in (_note_number(b) for b in doc.blocks) if n is not None}
    referenced = _referenced_notes(doc.blocks, numbers)
    body_blocks = [b for b in doc.blocks if _note_number(b) not in referenced]
    notes: dict[str, list[Block]] = {}
    for b in doc.blocks:
        n = _note_number(b)
        if n in referenced:
            notes.setdefault(n, []).append(b)

    footnotes_root, first_id = _footnotes_root(pkg)
    note_ids = {f"[^{n}]": first_id + i for i, n in enumerate(sorted(notes, key=_natural))}
    marker_ids = dict(note_ids)

    pieces = [block_pieces(b, note_ids, authors=options.attribute) for b in body_blocks]
    states: list[tuple[bool, bool]] = []
    for start, end in _container_runs(body_blocks):
        states.extend(mark_states(list(zip(body_blocks[start:end], pieces[start:end])), options.track_changes))
    if options.track_changes:
        r.plan_moves([(ps, _state_mark(st), _common_move(ps)) for ps, st in zip(pieces, states)])

    out: list[str] = []
    _write_blocks(r, out, body_blocks, pieces, states)
    document_xml = _document_xml("".join(out), pkg.sect_pr)

    if not notes:
        return document_xml, None
    r.link_rels = pkg.footnote_relationships()  # links in notes are the footnotes part's
    r._links = {}
    out = []
    for n in sorted(notes, key=_natural):
        _write_note(r, out, marker_ids[f"[^{n}]"], n, notes[n])
    _append_parsed(footnotes_root, "".join(out))
    return document_xml, serialize(footnotes_root)


_WRAPPER_START = f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'


def _document_xml(body: str, sect_pr) -> bytes:
    """The main part: our body text inside the serialization lxml gives of
    the document element with the template's final section properties."""
    from lxml import etree

    root = etree.Element(_W + "document", nsmap={"w": W_NS, "r": R_NS})
    etree.SubElement(root, _W + "body").append(sect_pr)
    frame = serialize(root)
    at = frame.index(b"<w:body>") + len(b"<w:body>")
    return frame[:at] + body.encode("utf-8") + frame[at:]


def _append_parsed(root, xml: str) -> None:
    """Parse elements written as text (with the w: and r: prefixes) and
    append them to ``root`` (a part of the template or of our own)."""
    from lxml import etree

    wrapper = etree.fromstring((_WRAPPER_START + xml + "</w:document>").encode("utf-8"), safe_parser())
    for child in list(wrapper):
        root.append(child)


def _natural(n: str):
    return (0, int(n), "") if n.isdigit() else (1, 0, n)


def _paragraph_style(r: _Renderer, block: Block) -> str | None:
    if block.style:
        found = r.styles.find("paragraph", block.style)
        if found:
            return found
    if block.kind is BlockKind.HEADING:
        return r.styles.heading(block.level or 1)
    return None


def _write_blocks(r: _Renderer, out: list[str], blocks: list[Block], pieces, states) -> None:
    """Paragraphs and tables in order; consecutive cells of one table make a table."""
    i = 0
    previous_was_table = False
    while i < len(blocks):
        block = blocks[i]
        cell = _CELL_RE.match(block.container or "") if block.kind is BlockKind.CELL else None
        if cell is None:
            r.paragraph(out, block, pieces[i], states[i], _paragraph_style(r, block))
            previous_was_table = False
            i += 1
            continue
        if previous_was_table:
            out.append("<w:p/>")  # keeps Word from merging two tables
        j = i
        table_no = cell.group(1)
        while j < len(blocks) and blocks[j].kind is BlockKind.CELL:
            m = _CELL_RE.match(blocks[j].container or "")
            if m is None or m.group(1) != table_no:
                break
            j += 1
        _write_table(r, out, blocks, pieces, states, i, j)
        previous_was_table = True
        i = j
    if previous_was_table or not blocks:
        out.append("<w:p/>")  # a body ends with a paragraph


def _write_table(r: _Renderer, out: list[str], blocks, pieces, states, start: int, end: int) -> None:
    rows: dict[int, dict[int, list[int]]] = {}
    for k in range(start, end):
        m = _CELL_RE.match(blocks[k].container)
        rows.setdefault(int(m.group(2)), {}).setdefault(int(m.group(3)), []).append(k)
    columns = max(len(cells) for cells in rows.values())
    width = 9000 // max(columns, 1)
    style = _attr(r.styles.require("table", "table grid", "TableGrid"))
    out.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>')
    out.append(f'<w:gridCol w:w="{width}"/>' * columns)
    out.append("</w:tblGrid>")
    for row_no in sorted(rows):
        cells = rows[row_no]
        out.append("<w:tr>")
        row_mark = _row_mark([blocks[k] for ks in cells.values() for k in ks]) if r.tracked else Mark.KEEP
        if len(cells) < columns or row_mark is not Mark.KEEP:
            trpr = []
            if len(cells) < columns:
                trpr.append(f'<w:gridAfter w:val="{columns - len(cells)}"/>')
            if row_mark is Mark.BOTH:
                trpr.append(r._revision("ins", dated=False) + "/>")
                trpr.append(r._revision("del", dated=False) + "/>")
            elif row_mark is not Mark.KEEP:
                trpr.append(r._revision("ins" if row_mark is Mark.INSERT else "del") + "/>")
            out.append("<w:trPr>" + "".join(trpr) + "</w:trPr>")
        for col_no in sorted(cells):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
            for k in cells[col_no]:
                r.paragraph(out, blocks[k], pieces[k], states[k], _paragraph_style(r, blocks[k]))
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")


def _row_mark(blocks: list[Block]) -> Mark:
    """A table row whose every paragraph is inserted (deleted) is an inserted
    (deleted) row, so that Reject (Accept) All removes the row, not just its text."""
    marks = {b.mark for b in blocks}
    return marks.pop() if len(marks) == 1 else Mark.KEEP


def _footnotes_root(pkg: Package):
    """The footnotes part to fill: the template's separators, or our own."""
    from lxml import etree

    if pkg.footnotes is not None:
        root = pkg.footnotes
        highest = 0
        for fn in list(root):
            if fn.tag != _W + "footnote":
                continue
            if fn.get(_W + "type") in (None, "normal"):
                root.remove(fn)
            else:
                try:
                    highest = max(highest, int(fn.get(_ID, "0")))
                except ValueError:
                    pass
        return root, highest + 1
    root = etree.Element(_W + "footnotes", nsmap={"w": W_NS, "r": R_NS})
    for fid, kind, tag in (("-1", "separator", "separator"), ("0", "continuationSeparator", "continuationSeparator")):
        fn = etree.SubElement(root, _W + "footnote")
        fn.set(_W + "type", kind)
        fn.set(_ID, fid)
        p = etree.SubElement(fn, _P)
        ppr = etree.SubElement(p, _PPR)
        spacing = etree.SubElement(ppr, _W + "spacing")
        spacing.set(_W + "after", "0")
        spacing.set(_W + "line", "240")
        spacing.set(_W + "lineRule", "auto")
        etree.SubElement(etree.SubElement(p, _R), _W + tag)
    return root, 1


def _write_note(r: _Renderer, out: list[str], fid: int, number: str, blocks: list[Block]) -> None:
    """One footnote: its paragraphs, the first starting with the reference mark."""
    prefix = f"[^{number}]:"
    pieces = []
    for k, block in enumerate(blocks):
        strip = prefix if k == 0 and block.text.startswith(prefix) else None
        pieces.append(block_pieces(block, None, strip, moves=False))
    states = []
    for start, end in _container_runs(blocks):
        states.extend(mark_states(list(zip(blocks[start:end], pieces[start:end])), r.tracked))
    style = r.styles.require("paragraph", "footnote text", "FootnoteText")
    ref_style = r.styles.require("character", "footnote reference", "FootnoteReference")
    reference = f'<w:r><w:rPr><w:rStyle w:val="{_attr(ref_style)}"/></w:rPr><w:footnoteRef/></w:r>'
    out.append(f'<w:footnote w:id="{fid}">')
    for k, block in enumerate(blocks):
        r.paragraph(out, block, pieces[k], states[k], _paragraph_style(r, block) or style, reference if k == 0 else "")
    out.append("</w:footnote>")
