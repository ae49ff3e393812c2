"""DOCX reader: a WordprocessingML package -> a marked :class:`Document`.

Two kinds of amendment marks are read (``ReadOptions.convention``):

* ``tracked`` – Word revisions: ``w:ins``/``w:moveTo`` insert,
  ``w:del``/``w:moveFrom`` delete, revised paragraph marks set
  ``Block.boundary``, inserted/deleted table rows and cells set
  ``Block.mark``; ``w:rPrChange``/``w:pPrChange`` are reported, not applied;
* ``cms`` (default) – the above *and* the house convention: underline (any
  style but ``none``) inserts, ``w:strike``/``w:dstrike`` delete, resolved
  through the style hierarchy (:mod:`.docx_styles`).  Underline that only
  comes from a Hyperlink character style, or that sits in a hyperlink or a
  HYPERLINK/TOC field result, is the look of a link, not an insertion.

Text marked both ways, hidden text and text in unknown elements is named in
a diagnostic, so that every character of the input is in the final view,
the original view, or a diagnostic.

The walk is one recursive descent over each part with a dispatch table by
tag (no XPath per run); run formatting is cached per style pair and per
set of direct properties.  Package safety is in :mod:`resamend.formats.docx_package`,
numbering labels in :mod:`.docx_numbering`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .._gc import paused_gc
from ..diagnostics import Diagnostic, InputError, Location, Result, Severity
from ..model import Block, BlockKind, Change, Document, Mark, Meta, Segment, Source
from ..formats.docx_package import M_NS, R_NS, W_NS, Package
from .docx_numbering import Numbering
from .docx_styles import PROP_TAGS, Styles, direct_key

W = "{%s}" % W_NS
M = "{%s}" % M_NS
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

W_P, W_R, W_T, W_DELTEXT, W_RPR, W_PPR = W + "p", W + "r", W + "t", W + "delText", W + "rPr", W + "pPr"
W_TAB, W_BR, W_CR, W_TBL = W + "tab", W + "br", W + "cr", W + "tbl"
W_INS, W_DEL, W_MOVEFROM, W_MOVETO = W + "ins", W + "del", W + "moveFrom", W + "moveTo"
W_VAL, W_TYPE = W + "val", W + "type"
M_T = M + "t"
W_PSTYLE, W_NUMPR, W_NUMID, W_ILVL, W_FRAMEPR = W + "pStyle", W + "numPr", W + "numId", W + "ilvl", W + "framePr"
W_OUTLINE = W + "outlineLvl"
W_MOVEFROM_START, W_MOVETO_START = W + "moveFromRangeStart", W + "moveToRangeStart"
W_RPRCHANGE, W_PPRCHANGE, W_DROPCAP = W + "rPrChange", W + "pPrChange", W + "dropCap"
W_FLDCHAR, W_INSTR, W_DELINSTR, W_PTAB = W + "fldChar", W + "instrText", W + "delInstrText", W + "ptab"
W_NBHYPHEN, W_SOFTHYPHEN, W_SYM, W_CHAR = W + "noBreakHyphen", W + "softHyphen", W + "sym", W + "char"
W_FNREF, W_ENREF, W_RUBY, W_RUBYBASE, W_ID = W + "footnoteReference", W + "endnoteReference", W + "ruby", W + "rubyBase", W + "id"
MC_ALT, MC_CHOICE, MC_FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
W_TXBX = W + "txbxContent"
R_ID = "{%s}id" % R_NS

INSERTING = frozenset((W_INS, W_MOVETO))
DELETING = frozenset((W_DEL, W_MOVEFROM))
REVISIONS = INSERTING | DELETING

# Inline elements that carry no text of their own (bookkeeping, anchors).
INLINE_IGNORED = frozenset(
    W + t
    for t in (
        "pPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "commentRangeStart",
        "commentRangeEnd", "moveFromRangeEnd", "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
        "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "smartTagPr", "customXmlPr", "sdtPr", "sdtEndPr",
        "fldData", "subDoc", "rPr", "sectPr",
    )
)
# Run children that print nothing (or nothing that is text of the document).
RUN_IGNORED = frozenset(
    W + t
    for t in (
        "lastRenderedPageBreak", "commentReference", "annotationRef", "footnoteRef", "endnoteRef", "separator",
        "continuationSeparator", "pgNum", "dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong",
        "fldData", "contentPart", "instrText", "delInstrText", 
    )
)
# Block-level elements without text.
BLOCK_IGNORED = frozenset(
    W + t
    for t in (
        "sectPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "commentRangeStart",
        "commentRangeEnd", "moveFromRangeEnd", "moveToRangeEnd",
        "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd", "sdtPr", "sdtEndPr", "customXmlPr", "tblPr", "tblGrid", "tblPrEx", "trPr",
        "tcPr", "footnotePr", "endnotePr",
    )
)
BLOCK_TRANSPARENT = frozenset((W + "customXml", W + "sdtContent") + tuple(REVISIONS))
INLINE_TRANSPARENT = frozenset((W + "smartTag", W + "customXml", W + "sdtContent", W + "bdo", W + "dir"))
TEXTBOX_HOSTS = frozenset((W + "drawing", W + "pict", W + "object", MC_ALT))
BREAKS_AS_NEWLINE = (None, "textWrapping")
DROP_CAP = ("drop", "margin")
LINK_FIELDS = ("HYPERLINK", "TOC")
_HYPERLINK_TARGET = re.compile(r'HYPERLINK\s+(?:\\l\s+)?"([^"]*)"')
_MARKUP = Change(Source.MARKUP)
RUN_PROPERTY_SET = frozenset(PROP_TAGS) | REVISIONS | {W_RPRCHANGE}
MARK_FORMAT_TAGS = frozenset((W + "u", W + "strike", W + "dstrike"))


def symbol_char(value: str | None) -> tuple[str, str | None]:
    """The character of ``<w:sym w:char="F0B7"/>`` (a hexadecimal code in the
    symbol font) and, when the code names no character text can hold, U+FFFD
    and what is wrong with it."""
    try:
        code = int(value or "", 16)
    except ValueError:
        return "\ufffd", "has no hexadecimal character code"
    if not 0 <= code <= 0x10FFFF:
        return "\ufffd", "names no character"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd", "names half of a UTF-16 pair, which no encoding can write"
    if code < 0x20 or 0x7F <= code < 0xA0 or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return "\ufffd", "names a control code or a noncharacter, not text"
    return chr(code), None


class Ctx(NamedTuple):
    """What encloses the current element: tracked changes, link, block mark."""

    ins: Change | None = None
    dele: Change | None = None
    link: str = ""  # "" outside links; "link:URL" or "link" inside
    block_mark: Mark = Mark.KEEP


def combine(inserted: bool, deleted: bool) -> Mark:
    if inserted and deleted:
        return Mark.BOTH
    if inserted:
        return Mark.INSERT
    if deleted:
        return Mark.DELETE
    return Mark.KEEP


def merge_marks(*marks: Mark) -> Mark:
    ins = any(m in (Mark.INSERT, Mark.BOTH) for m in marks)
    dele = any(m in (Mark.DELETE, Mark.BOTH) for m in marks)
    return combine(ins, dele)


class _Para:
    """Builder of one paragraph: merged segments and its diagnostics."""

    __slots__ = ("pstyle", "segs", "diags", "events", "textboxes", "format_change", "original_label")

    def __init__(self, pstyle):
        self.pstyle = pstyle
        self.original_label: str | None = None  # the auto-number in the original view, if it differs
        self.segs: list[list] = []  # [text pieces, mark, style, change]
        self.diags: list[list] = []  # [code, severity, message, text pieces, last event]
        self.events = 0
        self.textboxes: list[tuple] = []
        self.format_change = False

    def append(self, text: str, mark: Mark, style: frozenset, change) -> None:
        self.events += 1
        segs = self.segs
        if segs:
            last = segs[-1]
            if last[1] is mark and last[3] is change and last[2] == style:
                last[0].append(text)
                return
        segs.append([[text], mark, style, change])

    def diag(self, code: str, severity: Severity, message: str, text: str) -> None:
        """Name ``text``; consecutive findings of one kind become one."""
        if self.diags:
            last = self.diags[-1]
            if last[0] == code and last[2] == message and last[4] >= self.events - 1:
                last[3].append(text)
                last[4] = self.events
                return
        self.diags.append([code, severity, message, [text], self.events])


class _Reader:
    """One walk over one package."""

    def __init__(self, pkg: Package, options):
        self.pkg = pkg
        self.source = options.source
        self.cms = options.rules.formatting_marks  # underline/strike are marks (the house convention)
        self.styles = Styles(pkg.xml(pkg.part_of_type("styles")))
        self.numbering = Numbering(pkg.xml(pkg.part_of_type("numbering")))
        self.links = {rid: target for rid, (_k, target, _e) in pkg.main_rels.items() if _k == "hyperlink"}
        self.blocks: list[Block] = []
        self.diagnostics: list[Diagnostic] = []
        self.para = _Para(None)
        self.fields: list[list] = []  # [phase, instr pieces, link style]
        self.field_codes = 0
        self.field_link = ""
        self.notes: list[tuple] = []  # (n, kind, id, mark)
        self.note_counter = 0
        self.table_counter = 0
        self.textbox_counter = 0
        self.paragraph_counter = 0
        self.move_names: dict[str, str | None] = {"from": None, "to": None}
        self.changes: dict[tuple, Change] = {}
        self.states: dict[tuple, tuple] = {}
        # id(ctx) -> (ctx, {(pstyle, direct): state}); holding ctx keeps its id unique
        self.ctx_states: dict[int, tuple] = {}
        self.last_run: tuple = (None, None, None, None)  # (ctx, para, direct, state) of the last plain run
        self.hyperlink_noted = False
        self.drop_cap: tuple | None = None  # (container, para, ctx) waiting for the next paragraph
        self.inline = {
            W_R: self._run,
            W_INS: self._inserted,
            W_MOVETO: self._inserted,
            W_DEL: self._deleted,
            W_MOVEFROM: self._deleted,
            W + "hyperlink": self._hyperlink,
            W + "fldSimple": self._simple_field,
            W + "sdt": self._sdt_inline,
            W + "moveFromRangeStart": self._move_range,
            W + "moveToRangeStart": self._move_range,
            M + "oMath": self._math,
            M + "oMathPara": self._math,
            MC_ALT: self._alternate_inline,
        }
        for tag in INLINE_TRANSPARENT:
            self.inline[tag] = self._inline

    # ---- document -------------------------------------------------------
    def read(self, root) -> None:
        body = root.find(W + "body") if root.tag == W + "document" else None
        if body is None:
            raise InputError("the main part is not a WordprocessingML document (no w:body)", "check that the file is a Word .docx")
        self._container(body, Ctx(), None, BlockKind.PARAGRAPH)
        self._flush_drop_cap()
        self._close_fields()
        self._read_notes()

    def _close_fields(self) -> None:
        """A field that never ends hides everything after it as field code:
        name that text instead of losing it silently."""
        lost = "".join(t for f in self.fields if f[0] == "code" for t in f[3])
        if lost:
            self._document_diag(
                "unknown-element", Severity.WARNING, "a field is never closed (w:fldChar end missing): its text is not read", lost
            )
        self.fields, self.field_codes, self.field_link = [], 0, ""

    def _container(self, el, ctx: Ctx, container, kind) -> None:
        for child in el:
            tag = child.tag
            if tag == W_P:
                self._paragraph(child, ctx, container, kind)
            elif tag == W_TBL:
                self._table(child, ctx)
            elif tag == W_MOVEFROM_START or tag == W_MOVETO_START:
                self._move_range(child, ctx)
            elif tag in BLOCK_IGNORED or not isinstance(tag, str):
                continue
            elif tag in BLOCK_TRANSPARENT:
                self._container(child, ctx, container, kind)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self._container(content, ctx, container, kind)
            elif tag == MC_ALT:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._container(choice, ctx, container, kind)
            elif tag in (M + "oMathPara", M + "oMath"):
                para = self._paragraph_like(ctx, container, kind)
                self._math(child, ctx)
                self._finish(para, ctx, container, kind)
            elif tag == W + "altChunk":
                self._document_diag("unknown-element", Severity.WARNING, "an embedded document (w:altChunk) is not read", None)
            else:
                self._unknown(child, block_level=True)

    # ---- paragraphs -----------------------------------------------------
    def _paragraph_like(self, ctx, container, kind) -> _Para:
        self.paragraph_counter += 1
        self.para = _Para(None)
        return self.para

    def _paragraph(self, p, ctx: Ctx, container, kind) -> None:
        self.paragraph_counter += 1
        pstyle = num_id = ilvl = None
        boundary_ins = boundary_del = False
        drop_cap = False
        format_change = False
        mark_format = Mark.KEEP
        outline = None
        ppr = p[0] if len(p) and p[0].tag == W_PPR else None
        if ppr is not None:
            for c in ppr:
                tag = c.tag
                if tag == W_PSTYLE:
                    pstyle = c.get(W_VAL)
                elif tag == W_NUMPR:
                    for n in c:
                        if n.tag == W_NUMID:
                            num_id = n.get(W_VAL)
                        elif n.tag == W_ILVL:
                            ilvl = _int(n.get(W_VAL))
                elif tag == W_FRAMEPR:
                    drop_cap = c.get(W_DROPCAP) in DROP_CAP
                elif tag == W_RPR:
                    mark_props = None
                    for r in c:
                        if r.tag in INSERTING:
                            boundary_ins = True
                        elif r.tag in DELETING:
                            boundary_del = True
                        elif r.tag == W_RPRCHANGE:
                            format_change = True
                        elif r.tag in MARK_FORMAT_TAGS:
                            mark_props = True
                    if mark_props and self.cms:
                        mark_format = self._mark_format(c)
                elif tag == W_PPRCHANGE:
                    format_change = True
                elif tag == W_OUTLINE:
                    outline = _int(c.get(W_VAL))
        para = _Para(pstyle)
        para.format_change = format_change
        self.para = para
        self._inline(p, ctx)
        pinfo = self.styles.paragraph_style(pstyle)
        if num_id is None:
            num_id = pinfo.num_id
        if ilvl is None:
            ilvl = pinfo.ilvl or 0
        boundary = combine(boundary_ins, boundary_del)
        if mark_format is not Mark.KEEP and _last_mark(para) is not mark_format:
            boundary = merge_marks(boundary, mark_format)
        label, original_label = self._labels(para, ctx, boundary, num_id, ilvl) if num_id else (None, None)
        if kind is BlockKind.PARAGRAPH:
            if outline is not None and 0 <= outline < 9:  # direct outline level (body text is 9)
                kind, level = BlockKind.HEADING, outline + 1
            elif pinfo.heading_level is not None and outline is None:
                kind, level = BlockKind.HEADING, pinfo.heading_level
            elif label is not None:
                kind, level = BlockKind.LIST_ITEM, ilvl
            else:
                level = 0
        else:
            level = ilvl if label is not None else 0
        para.original_label = original_label
        if drop_cap:
            self._flush_drop_cap()
            self.drop_cap = (container, para, ctx)
        else:
            self._finish(para, ctx, container, kind, pinfo.name, boundary, label, level)
        for box, box_ctx in para.textboxes:
            self.textbox_counter += 1
            self._container(box, box_ctx, f"textbox {self.textbox_counter}", BlockKind.PARAGRAPH)

    def _labels(self, para: "_Para", ctx: Ctx, boundary: Mark, num_id: str, ilvl: int) -> tuple[str | None, str | None]:
        """The auto-number of a list paragraph in the final view and, when it
        differs, in the original view.  A paragraph counts in a view when it
        has text there and its paragraph mark is not removed there (a
        paragraph whose mark goes joins the next one, which is counted, and
        carries its number); an empty paragraph counts in both, as Word
        prints a number on it."""
        final = original = False
        for text, mark, _style, _change in para.segs:
            if not final and mark.in_final and "".join(text).strip():
                final = True
            if not original and mark.in_original and "".join(text).strip():
                original = True
        if not (final or original):
            final = original = True
        final = final and ctx.block_mark.in_final and boundary.in_final
        original = original and ctx.block_mark.in_original and boundary.in_original
        # a paragraph not counted in a view joins the next one there (or is
        # gone): it carries the number that paragraph will get
        in_final = self.numbering.next_label(num_id, ilvl, "final", count=final)
        in_original = self.numbering.next_label(num_id, ilvl, "original", count=original)
        return in_final, (in_original if in_original != in_final else None)

    def _mark_format(self, rpr) -> Mark:
        """The house-convention mark on a paragraph mark (``w:pPr/w:rPr``).

        Only direct formatting counts (a struck paragraph *style* strikes the
        text, not the break), and :meth:`_paragraph` applies it only when it
        differs from the mark of the paragraph's last text: a struck break
        after unmarked text is a deleted break, whereas a break formatted like
        the text before it is most often the selection running over the end
        of the paragraph (the text's own mark already says what happens)."""
        props = dict(direct_key(c for c in rpr if c.tag in MARK_FORMAT_TAGS))
        underlined = bool(props.get("u"))
        struck = bool(props.get("strike")) or bool(props.get("dstrike"))
        return combine(underlined, struck)

    def _flush_drop_cap(self) -> None:
        if self.drop_cap is not None:
            container, para, ctx = self.drop_cap
            self.drop_cap = None
            self._finish(para, ctx, container, BlockKind.PARAGRAPH)

    def _finish(self, para: _Para, ctx: Ctx, container, kind, style=None, boundary=Mark.KEEP, label=None, level=0) -> None:
        """Turn a paragraph builder into a Block (joining a waiting drop cap)."""
        if self.drop_cap is not None and self.drop_cap[1] is not para:
            cap_container, cap, cap_ctx = self.drop_cap
            self.drop_cap = None
            if cap_container == container:
                cap.segs.extend(para.segs)
                cap.diags.extend(para.diags)
                cap.format_change = cap.format_change or para.format_change
                cap.original_label = para.original_label
                para = cap
            else:
                self._finish(cap, cap_ctx, cap_container, BlockKind.PARAGRAPH)
        segments = tuple([Segment("".join(t), m, s, c) for t, m, s, c in para.segs])
        if container is not None and container.startswith(("footnote", "endnote")):
            origin = container
        else:
            origin = f"p{self.paragraph_counter}"
        index = len(self.blocks)
        block = Block(segments, kind, style, label, ctx.block_mark, boundary, origin, level, container,
                      para.original_label if label is not None else None)
        self.blocks.append(block)
        if not (para.diags or para.format_change or ctx.block_mark is not Mark.KEEP):
            return
        loc = Location(source=self.source, block=index, label=label, origin=origin)
        for code, severity, message, texts, _ in para.diags:
            self.diagnostics.append(Diagnostic(code, severity, message, loc, "".join(texts)))
        if para.format_change:
            self.diagnostics.append(
                Diagnostic("format-change", Severity.INFO, "tracked formatting change (not applied as text)", loc)
            )
        if ctx.block_mark is not Mark.KEEP:
            self._diagnose_block_mark(block, loc)

    def _diagnose_block_mark(self, block: Block, loc: Location) -> None:
        """Text that a row/cell/note mark and its own mark put in neither view."""
        bm = block.mark
        lost = [
            s.text
            for s in block.segments
            if s.mark is not Mark.BOTH
            and not (bm.in_final and s.mark.in_final)
            and not (bm.in_original and s.mark.in_original)
        ]
        if lost and "".join(lost):
            self.diagnostics.append(
                Diagnostic(
                    "ambiguous-mark", Severity.WARNING,
                    "text in an inserted/deleted row, cell or note is marked the other way too: in neither view",
                    loc, "".join(lost),
                )
            )

    # ---- tables ---------------------------------------------------------
    def _table(self, tbl, ctx: Ctx) -> None:
        self.table_counter += 1
        t = self.table_counter
        for r, tr in enumerate(_children(tbl, W + "tr"), 1):
            row_mark = Mark.KEEP
            trpr = tr.find(W + "trPr")
            if trpr is not None:
                row_mark = combine(trpr.find(W_INS) is not None, trpr.find(W_DEL) is not None)
            for c, tc in enumerate(_children(tr, W + "tc"), 1):
                cell_mark = Mark.KEEP
                tcpr = tc.find(W + "tcPr")
                if tcpr is not None:
                    cell_mark = combine(tcpr.find(W + "cellIns") is not None, tcpr.find(W + "cellDel") is not None)
                mark = merge_marks(ctx.block_mark, row_mark, cell_mark)
                self._container(tc, ctx._replace(block_mark=mark), f"t{t}r{r}c{c}", BlockKind.CELL)

    # ---- inline ---------------------------------------------------------
    def _inline(self, el, ctx: Ctx) -> None:
        dispatch = self.inline
        run = self._run
        for child in el:
            tag = child.tag
            if tag == W_R:  # most children of a paragraph
                run(child, ctx)
                continue
            handler = dispatch.get(tag)
            if handler is not None:
                handler(child, ctx)
            elif tag not in INLINE_IGNORED and isinstance(tag, str):
                self._unknown(child)

    def _change(self, el, kind: str | None) -> Change:
        move_id = None
        if kind is not None:
            move_id = self.move_names.get(kind) or f"move{el.get(W + 'id')}"
        key = (el.get(W + "author"), el.get(W + "date"), move_id)
        change = self.changes.get(key)
        if change is None:
            change = self.changes[key] = Change(Source.TRACKED, key[0], key[1], move_id)
        return change

    def _inserted(self, el, ctx: Ctx) -> None:
        kind = "to" if el.tag == W_MOVETO else None
        self._inline(el, ctx._replace(ins=self._change(el, kind)))

    def _deleted(self, el, ctx: Ctx) -> None:
        kind = "from" if el.tag == W_MOVEFROM else None
        self._inline(el, ctx._replace(dele=self._change(el, kind)))

    def _move_range(self, el, ctx: Ctx) -> None:
        kind = "from" if el.tag == W_MOVEFROM_START else "to"
        self.move_names[kind] = el.get(W + "name") or f"range{el.get(W + 'id')}"

    def _hyperlink(self, el, ctx: Ctx) -> None:
        target = self.links.get(el.get(R_ID) or "")
        anchor = el.get(W + "anchor")
        if target is None and anchor:
            target = "#" + anchor
        self._inline(el, ctx._replace(link=f"link:{target}" if target else "link"))

    def _simple_field(self, el, ctx: Ctx) -> None:
        link = _field_link(el.get(W + "instr") or "")
        self._inline(el, ctx._replace(link=link) if link else ctx)

    def _sdt_inline(self, el, ctx: Ctx) -> None:
        content = el.find(W + "sdtContent")
        if content is not None:
            self._inline(content, ctx)

    def _alternate_inline(self, el, ctx: Ctx) -> None:
        choice = el.find(MC_CHOICE)
        if choice is not None:
            self._inline(choice, ctx)

    def _unknown(self, el, block_level: bool = False) -> None:
        """Report an element we have no rule for, if it holds text."""
        text = "".join(t for t in el.itertext())
        if not text.strip():
            return
        name = el.tag.split("}")[-1] if isinstance(el.tag, str) else "?"
        message = f"text inside an unsupported element <{name}> is not read"
        if block_level:
            self._document_diag("unknown-element", Severity.WARNING, message, text)
        else:
            self.para.events += 1
            self.para.diag("unknown-element", Severity.WARNING, message, text)

    def _bad_symbol(self, value: str | None, problem: str) -> None:
        self.bad_symbols = getattr(self, "bad_symbols", 0) + 1
        if self.bad_symbols <= 20:
            self._document_diag(
                "bad-symbol", Severity.WARNING,
                f"a Word symbol (<w:sym w:char={value!r}>) {problem}; it is read as U+FFFD"
                + ("" if self.bad_symbols < 20 else " (further ones are not named)"),
                "\ufffd",
            )

    def _document_diag(self, code, severity, message, text) -> None:
        loc = Location(source=self.source, block=len(self.blocks), origin=f"p{self.paragraph_counter}")
        self.diagnostics.append(Diagnostic(code, severity, message, loc, text))

    # ---- fields ---------------------------------------------------------
    def _field_char(self, el) -> None:
        kind = el.get(W + "fldCharType")
        fields = self.fields
        if kind == "begin":
            fields.append(["code", [], "", []])
            self.field_codes += 1
        elif kind == "separate" and fields:
            top = fields[-1]
            if top[0] == "code":
                top[0] = "result"
                self.field_codes -= 1
                top[2] = _field_link("".join(top[1]))
        elif kind == "end" and fields:
            top = fields.pop()
            if top[0] == "code":
                self.field_codes -= 1
        self.field_link = next((f[2] for f in reversed(fields) if f[0] == "result" and f[2]), "")

    # ---- runs -----------------------------------------------------------
    def _run(self, r, ctx: Ctx) -> None:
        """One w:r: its text pieces, with one mark computed for the whole run.

        This is the hot loop of the reader: tags are compared with module
        constants and the common case (one flush at the end) appends to the
        paragraph builder inline."""
        direct: tuple = ()
        run_ins = run_del = None
        state = None
        buf: list[str] = []
        para = self.para
        for ch in r:
            tag = ch.tag
            if tag == W_T or tag == W_DELTEXT:
                if not self.field_codes:
                    buf.append(ch.text or "")
                elif ch.text:
                    self.fields[-1][3].append(ch.text)  # reported if the field never ends
            elif tag == W_RPR:
                props = [c for c in ch if c.tag in RUN_PROPERTY_SET]
                if props:
                    direct = direct_key(props)
                    for c in props:
                        ctag = c.tag
                        if ctag in INSERTING:
                            run_ins = self._change(c, None)
                        elif ctag in DELETING:
                            run_del = self._change(c, None)
                        elif ctag == W_RPRCHANGE:
                            para.format_change = True
            elif tag == W_TAB or tag == W_PTAB:
                if not self.field_codes:
                    buf.append("\t")
            elif tag == W_BR:
                if not self.field_codes and ch.get(W_TYPE) in BREAKS_AS_NEWLINE:
                    buf.append("\n")
            elif tag == W_CR:
                if not self.field_codes:
                    buf.append("\n")
            elif tag == W_FLDCHAR:
                if buf:
                    self._emit("".join(buf), state or self._run_state(direct, ctx, run_ins, run_del))
                    buf = []
                self._field_char(ch)
                state = None
            elif tag == W_INSTR or tag == W_DELINSTR:
                if self.fields and self.fields[-1][0] == "code":
                    self.fields[-1][1].append(ch.text or "")
            elif tag in RUN_IGNORED or not isinstance(tag, str):
                continue
            elif self.field_codes:
                continue
            elif tag == W_NBHYPHEN:
                buf.append("\u2011")
            elif tag == W_SOFTHYPHEN:
                buf.append("\u00ad")
            elif tag == W_SYM:
                char, problem = symbol_char(ch.get(W_CHAR))
                buf.append(char)
                if problem:
                    self._bad_symbol(ch.get(W_CHAR), problem)
            elif tag == W_FNREF or tag == W_ENREF:
                state = state or self._run_state(direct, ctx, run_ins, run_del)
                if buf:
                    self._emit("".join(buf), state)
                    buf = []
                self.note_counter += 1
                n = self.note_counter
                kind = "footnote" if tag == W_FNREF else "endnote"
                self.notes.append((n, kind, ch.get(W_ID), merge_marks(state[0], ctx.block_mark)))
                self._emit(f"[^{n}]", state)
            elif tag in TEXTBOX_HOSTS:
                boxes: list = []
                _find_textboxes(ch, boxes)
                if boxes:
                    mark = merge_marks(ctx.block_mark, combine(bool(ctx.ins or run_ins), bool(ctx.dele or run_del)))
                    para.textboxes.extend((box, Ctx(block_mark=mark)) for box in boxes)
            elif tag == W_RUBY:
                base = ch.find(W_RUBYBASE)
                if base is not None:
                    if buf:
                        state = state or self._run_state(direct, ctx, run_ins, run_del)
                        self._emit("".join(buf), state)
                        buf = []
                    self._inline(base, ctx)
            else:
                self._unknown(ch)
        if not buf:
            return
        text = "".join(buf)  # of one piece: that very string, no copy
        if state is None:
            if run_ins is None and run_del is None and not self.field_link:
                # the common case: look up (context, paragraph style, properties),
                # first in the memo of the run before (most runs format alike)
                last = self.last_run
                if last[0] is ctx and last[1] is para and last[2] == direct:
                    state = last[3]
                else:
                    by_ctx = self.ctx_states.get(id(ctx))
                    if by_ctx is None or by_ctx[0] is not ctx:
                        by_ctx = self.ctx_states[id(ctx)] = (ctx, {})
                    key = (para.pstyle, direct)
                    state = by_ctx[1].get(key)
                    if state is None:
                        state = by_ctx[1][key] = self._compute_run_state(direct, ctx, None, None)
                    self.last_run = (ctx, para, direct, state)
            else:
                state = self._run_state(direct, ctx, run_ins, run_del)
        mark, style, change, hidden, ambiguity = state
        if hidden or ambiguity is not None:
            self._emit(text, state)
            return
        # inline of _Para.append for the common case
        para.events += 1
        segs = para.segs
        if segs:
            last = segs[-1]
            if last[1] is mark and last[3] is change and last[2] == style:
                last[0].append(text)
                return
        segs.append([[text], mark, style, change])

    def _run_state(self, direct: tuple, ctx: Ctx, run_ins, run_del) -> tuple:
        """(mark, style, change, hidden, ambiguity) of a run's text, cached.

        Changes are interned (``self.changes``), so their ids are stable keys."""
        key = (self.para.pstyle, direct, id(ctx.ins), id(ctx.dele), ctx.link, id(run_ins), id(run_del), self.field_link)
        state = self.states.get(key)
        if state is None:
            state = self.states[key] = self._compute_run_state(direct, ctx, run_ins, run_del)
        return state

    def _compute_run_state(self, direct: tuple, ctx: Ctx, run_ins, run_del) -> tuple:
        fmt = self.styles.run_format(self.para.pstyle, direct)
        ins = ctx.ins or run_ins
        dele = ctx.dele or run_del
        link = ctx.link or self.field_link
        style = fmt.style
        underlined = struck = False
        if self.cms:
            struck = fmt.struck
            if fmt.underline:
                if fmt.underline_from_link_style or link:
                    self._note_hyperlink_underline()
                else:
                    underlined = True
        else:
            extra = (("underline",) if fmt.underline else ()) + (("strike",) if fmt.struck else ())
            if extra:
                style = style | frozenset(extra)
        if link.startswith("link:"):
            style = style | frozenset((link,))
        is_ins = ins is not None or underlined
        is_del = dele is not None or struck
        mark = combine(is_ins, is_del)
        change = dele or ins or (_MARKUP if (underlined or struck) else None)
        ambiguity = None
        if mark is Mark.BOTH:
            if underlined and struck:
                ambiguity = "underlined and struck through at once: in neither view"
            elif ins is not None and struck:
                ambiguity = "a tracked insertion that is struck through: in neither view"
            elif dele is not None and underlined:
                ambiguity = "underlined text inside a tracked deletion: in neither view"
            else:
                ambiguity = "inserted and then deleted (tracked): in neither view"
        return (mark, style, change, fmt.hidden, ambiguity)

    def _emit(self, text: str, state: tuple) -> None:
        mark, style, change, hidden, ambiguity = state
        para = self.para
        if hidden:
            para.events += 1
            para.diag("hidden-text", Severity.WARNING, "hidden text (w:vanish) is in neither view", text)
            return
        para.append(text, mark, style, change)
        if ambiguity is not None:
            severity = Severity.INFO if ambiguity.startswith("inserted and then") else Severity.WARNING
            para.diag("ambiguous-mark", severity, ambiguity, text)

    def _note_hyperlink_underline(self) -> None:
        if not self.hyperlink_noted:
            self.hyperlink_noted = True
            self.diagnostics.append(
                Diagnostic(
                    "hyperlink-underline", Severity.INFO,
                    "underlined hyperlink text is read as a link, not as an insertion",
                    Location(source=self.source, origin=f"p{self.paragraph_counter}"),
                )
            )

    # ---- math -----------------------------------------------------------
    def _math(self, el, ctx: Ctx) -> None:
        """OMML: the m:t characters, with the tracked changes around them."""
        for ch in el:
            tag = ch.tag
            if tag == M_T:
                if not self.field_codes and ch.text:
                    mark = combine(ctx.ins is not None, ctx.dele is not None)
                    change = ctx.dele or ctx.ins
                    self.para.append(ch.text, mark, frozenset(), change)
                    if mark is Mark.BOTH:
                        self.para.diag("ambiguous-mark", Severity.INFO, "inserted and then deleted (tracked): in neither view", ch.text)
            elif tag in INSERTING:
                self._math(ch, ctx._replace(ins=self._change(ch, "to" if tag == W_MOVETO else None)))
            elif tag in DELETING:
                self._math(ch, ctx._replace(dele=self._change(ch, "from" if tag == W_MOVEFROM else None)))
            elif tag == W_R:
                self._run(ch, ctx)
            elif not isinstance(tag, str) or tag == W_RPR or (tag.startswith(M) and tag.endswith("Pr")):
                continue
            else:
                self._math(ch, ctx)

    # ---- notes ----------------------------------------------------------
    def _read_notes(self) -> None:
        if not self.notes:
            return
        parts = {}
        for kind in ("footnote", "endnote"):
            root = self.pkg.xml(self.pkg.part_of_type(kind + "s"), prune=True)
            parts[kind] = {} if root is None else {n.get(W + "id"): n for n in root.iter(W + kind)}
        done = 0
        while done < len(self.notes):
            n, kind, nid, mark = self.notes[done]
            done += 1
            note = parts[kind].get(nid)
            self.fields, self.field_codes, self.field_link = [], 0, ""
            start = len(self.blocks)
            container = f"{kind} {n}"
            if note is not None:
                self._container(note, Ctx(block_mark=mark), container, BlockKind.NOTE)
                self._flush_drop_cap()
                self._close_fields()
            prefix = Segment(f"[^{n}]: ")
            if start < len(self.blocks):
                first = self.blocks[start]
                self.blocks[start] = Block(
                    segments=(prefix,) + first.segments, kind=first.kind, style=first.style, label=first.label,
                    mark=first.mark, boundary=first.boundary, origin=first.origin, level=first.level,
                    container=first.container,
                )
            else:
                self.blocks.append(Block((prefix,), kind=BlockKind.NOTE, mark=mark, origin=container, container=container))


def _last_mark(para: _Para) -> Mark | None:
    """The mark of the last non-empty text of a paragraph (None if none)."""
    for pieces, mark, _style, _change in reversed(para.segs):
        if any(pieces):
            return mark
    return None


def _int(v) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _field_link(instr: str) -> str:
    """The link style of a HYPERLINK/TOC field result ("" for other fields)."""
    words = instr.split(None, 1)
    if not words or words[0].upper() not in LINK_FIELDS:
        return ""
    m = _HYPERLINK_TARGET.search(instr)
    if words[0].upper() == "HYPERLINK" and m:
        anchor = "#" if "\\l" in instr[: m.start(1)] else ""
        return f"link:{anchor}{m.group(1)}"
    return "link"


def _children(el, tag: str):
    """Children ``tag`` of ``el``, looking through sdt/customXml wrappers."""
    for child in el:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif ctag == W + "customXml" or ctag in REVISIONS:
            yield from _children(child, tag)


def _find_textboxes(el, out: list) -> None:
    """w:txbxContent below ``el``: first mc:Choice only, not nested boxes."""
    for child in el:
        tag = child.tag
        if tag == W_TXBX:
            out.append(child)
        elif tag == MC_ALT:
            choice = child.find(MC_CHOICE)
            if choice is not None:
                _find_textboxes(choice, out)
        elif tag == MC_FALLBACK or not isinstance(tag, str):
            continue
        elif len(child):
            _find_textboxes(child, out)


def _meta(pkg: Package, options) -> Meta:
    root_rels = pkg.relationships("")
    title = None
    core = pkg.xml(pkg.part_of_type("core-properties", root_rels) or ("docProps/core.xml" if "docProps/core.xml" in pkg.names else None))
    if core is not None:
        el = core.find("{http://purl.org/dc/elements/1.1/}title")
        if el is not None and (el.text or "").strip():
            title = el.text.strip()
    extra = []
    app = pkg.xml(pkg.part_of_type("extended-properties", root_rels) or ("docProps/app.xml" if "docProps/app.xml" in pkg.names else None))
    if app is not None:
        for el in app:
            if isinstance(el.tag, str) and el.tag.endswith("}Application") and (el.text or "").strip():
                extra.append(("producer", el.text.strip()))
    return Meta(title=title, source=options.source, reader="docx", convention=options.convention, extra=tuple(sorted(extra)))


def open_source(data: bytes) -> Package:
    """The checked package of ``data`` (a ZIP or Flat OPC): the handle
    :func:`read_source` reads and the DOCX writer takes as its template."""
    return Package(data)


def read(data: bytes, options) -> Result[Document]:
    """Read a DOCX package into a marked Document (see the module docstring)."""
    return read_source(open_source(data), options)


def read_source(pkg: Package, options) -> Result[Document]:
    """Read an opened package (see :func:`open_source`)."""
    reader = _Reader(pkg, options)
    root = pkg.xml(pkg.main, prune=True)
    with paused_gc():  # the walk makes many small objects and no cycles
        reader.read(root)
        doc = Document(blocks=tuple(reader.blocks), meta=_meta(pkg, options))
    return Result(doc, tuple(reader.diagnostics))
