"""HTML with ``<ins>``/``<u>`` and ``<del>``/``<s>`` marks.

What converters and Word's "save as web page" produce is read the way a
browser shows it, with the house convention on top:

* ``<ins>``, ``<u>``, ``text-decoration: underline`` and Word's
  ``class=msoIns`` insert; ``<del>``, ``<s>``, ``<strike>``,
  ``text-decoration: line-through`` and ``class=msoDel`` delete (with
  ``--marks tracked``, :mod:`resamend.conventions`, only ``<ins>``,
  ``<del>`` and the ``mso`` classes do: underline and strike-through are
  then the ``underline`` and ``strike`` styles, as in a Word file); both at
  once (``<del><ins>…</ins></del>``) is ``Mark.BOTH`` with an
  ``ambiguous-mark`` diagnostic, since the text is then in neither view;
* an ``<ins>``/``<del>`` around a whole block element marks the block;
  an empty ``<ins class="break">``/``<del class="break">`` marks the
  paragraph break after the block (what the resamend HTML writer emits);
* an underline opened inside a link is the link's look, not an insertion
  (``hyperlink-underline``, info);
* block elements make blocks (headings with their level, list items, table
  cells with a ``t{T}r{R}c{C}`` container); whitespace collapses as in a
  browser except in ``<pre>`` and ``white-space: pre…``; ``<br>`` is a
  line break; ``<ol>`` numbers and ``<span class="label">`` (or Word's
  ``mso-list:Ignore`` span) become the block's printed label;
* script, style, head and template content is markup, not text; so is an
  element with ``data-resamend-generated`` (the summary and legend that the
  resamend HTML writer adds).  Hidden elements (``hidden``,
  ``display:none``, ``mso-hide:all``) are in no view and are named in a
  ``hidden-text`` diagnostic.

Bytes are decoded as a browser would: byte-order mark, then a ``<meta>``
charset given by a WHATWG label (Python-only codecs such as ``base64`` or
``unicode-escape`` are not labels), else UTF-8; a bad byte is an error that
names its offset.  The standard library's :class:`html.parser.HTMLParser` is
used: it never fetches anything and never expands external entities.  Text
is gathered in parts and joined once per segment, and nesting deeper than
``MAX_DEPTH`` is refused, so that reading stays linear in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..conventions import MARK_RULES, MarkRules
from ..diagnostics import Diagnostic, HostileInput, InputError, Location, Result, Severity
from ..model import Block, BlockKind, Change, Document, Mark, Meta, Segment, Source
from ..normalize import merge_segments
from . import ReadOptions

MAX_DEPTH = 4096  # browsers stop nesting at 512; a deeper page is not a document
_WS = re.compile(r"[ \t\n\r\f]+")
_HTML_WS = " \t\n\r\f"
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_IGNORED = frozenset(("script", "style", "template", "head", "noframes", "xml"))
# Of those, the ones whose content is named in a diagnostic (style sheets and
# the head's metadata are the page's look and properties, not its text):
# (code, severity, message, whether the diagnostic carries the text).
_SKIPPED = {
    "script": ("script-ignored", Severity.INFO, "a <script> is program code, not document text; it is not read", False),
    "template": ("template-ignored", Severity.WARNING, "the content of a <template> is not shown by a browser; it is in neither view", True),
    "noframes": ("noframes-ignored", Severity.INFO, "the content of <noframes> is not shown by a browser; it is in neither view", True),
    "xml": ("xml-island-ignored", Severity.INFO, "an <xml> data island is not document text; it is not read", True),
}
# The end of a DOCTYPE's internal subset ("<!DOCTYPE html [ … ]>").
_SUBSET_END = re.compile(r"\][ \t\n\r\f]*>")
# A numeric character reference to a code point no text can hold (a lone
# surrogate, NUL, or beyond U+10FFFF): the parser makes it U+FFFD.
_MAX_CHARREF_NOTES = 20  # then one diagnostic counts the rest
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")
_HEAD_CONTENT = frozenset(("meta", "link", "title", "style", "script", "base", "noscript", "template"))
# Elements whose content is one block and that give an (empty) block even when empty.
_LEAF_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li td th pre blockquote dt dd caption figcaption address summary".split())
# Elements that only contain blocks: text directly inside them is an anonymous block.
_CONTAINERS = frozenset(
    "html body div section article main header footer nav aside ul ol dl table thead tbody tfoot tr "
    "figure form fieldset details center hgroup search menu".split()
)
_BLOCKS = _LEAF_BLOCKS | _CONTAINERS
_CLOSES_P = _BLOCKS - {"html", "body", "td", "th", "tr", "thead", "tbody", "tfoot", "caption", "li", "dt", "dd"}
_STYLE_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "sup": "superscript", "sub": "subscript"}
_INSERT_TAGS = frozenset(("ins",))
_UNDERLINE_TAGS = frozenset(("u",))
_DELETE_TAGS = frozenset(("del",))
_STRIKE_TAGS = frozenset(("s", "strike"))
_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


# --- bytes to text ------------------------------------------------------------


def decode_html(data: bytes, source: str | None = None) -> str:
    """Bytes to text as a browser would choose: a byte-order mark first, then
    a ``<meta charset>`` in the first 2 KiB, else UTF-8.  A byte that does
    not decode is an error naming its offset (no silent replacement
    characters: they would change the text).  Line ends become ``\\n``, as
    HTML's input stream does."""
    from .text import decode

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, source)
    declared = _declared_charset(data[:2048])
    if declared is None or declared == "utf-8":
        return decode(data, source)
    try:
        text = data.decode(declared)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not {declared} text as its <meta charset> says: invalid byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            "fix the charset declaration or save the page as UTF-8",
            path=source,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _declared_charset(head: bytes) -> str | None:
    """The Python codec for a declared charset, or None (use UTF-8).

    Only WHATWG encoding labels count, as in a browser: Python's codec
    registry also knows ``base64``, ``rot13`` or ``unicode-escape``, which
    are not text encodings of a page (and would rewrite its text)."""
    found = _CHARSET_META.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii", "replace").strip().lower()
    return _WHATWG_LABELS.get(label)


def _labels(codec: str, *labels: str) -> dict[str, str]:
    return {label: codec for label in labels}


# The WHATWG Encoding Standard's labels for the encodings Python can decode.
# UTF-16 labels mean UTF-8 in a <meta> (the standard says so: a page that
# could declare itself in ASCII bytes is not UTF-16).
_WHATWG_LABELS: dict[str, str] = {
    **_labels("utf-8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8",
              "utf-16", "utf-16le", "utf-16be", "unicode", "unicodefeff", "unicodefffe", "csunicode", "iso-10646-ucs-2", "ucs-2"),
    **_labels("cp1252", "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
              "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"),
    **_labels("cp1250", "cp1250", "windows-1250", "x-cp1250"),
    **_labels("cp1251", "cp1251", "windows-1251", "x-cp1251"),
    **_labels("cp1253", "cp1253", "windows-1253", "x-cp1253"),
    **_labels("cp1254", "cp1254", "windows-1254", "x-cp1254", "iso-8859-9", "iso8859-9", "iso88599", "iso_8859-9", "latin5", "l5"),
    **_labels("cp1255", "cp1255", "windows-1255", "x-cp1255"),
    **_labels("cp1256", "cp1256", "windows-1256", "x-cp1256"),
    **_labels("cp1257", "cp1257", "windows-1257", "x-cp1257"),
    **_labels("cp1258", "cp1258", "windows-1258", "x-cp1258"),
    **_labels("cp874", "dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"),
    **_labels("iso8859-2", "iso-8859-2", "iso8859-2", "iso88592", "iso_8859-2", "latin2", "l2", "csisolatin2"),
    **_labels("iso8859-3", "iso-8859-3", "iso8859-3", "iso88593", "iso_8859-3", "latin3", "l3"),
    **_labels("iso8859-4", "iso-8859-4", "iso8859-4", "iso88594", "iso_8859-4", "latin4", "l4"),
    **_labels("iso8859-5", "iso-8859-5", "iso8859-5", "iso88595", "iso_8859-5", "cyrillic", "csisolatincyrillic"),
    **_labels("iso8859-6", "iso-8859-6", "iso8859-6", "iso88596", "iso_8859-6", "arabic"),
    **_labels("iso8859-7", "iso-8859-7", "iso8859-7", "iso88597", "iso_8859-7", "greek", "greek8"),
    **_labels("iso8859-8", "iso-8859-8", "iso8859-8", "iso88598", "iso_8859-8", "hebrew", "iso-8859-8-i", "visual", "logical"),
    **_labels("iso8859-10", "iso-8859-10", "iso8859-10", "iso885910", "latin6", "l6"),
    **_labels("iso8859-13", "iso-8859-13", "iso8859-13", "iso885913"),
    **_labels("iso8859-14", "iso-8859-14", "iso8859-14", "iso885914"),
    **_labels("iso8859-15", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9", "csisolatin9"),
    **_labels("iso8859-16", "iso-8859-16"),
    **_labels("koi8-r", "koi8-r", "koi8_r", "koi8", "koi", "cskoi8r"),
    **_labels("koi8-u", "koi8-u", "koi8-ru"),
    **_labels("mac-roman", "macintosh", "mac", "x-mac-roman", "csmacintosh"),
    **_labels("mac-cyrillic", "x-mac-cyrillic", "x-mac-ukrainian"),
    **_labels("cp866", "ibm866", "866", "cp866", "csibm866"),
    **_labels("gb18030", "gb18030"),
    **_labels("gbk", "gbk", "gb2312", "chinese", "csgb2312", "gb_2312", "gb_2312-80", "x-gbk", "iso-ir-58", "csiso58gb231280"),
    **_labels("big5hkscs", "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    **_labels("euc_jp", "euc-jp", "cseucpkdfmtjapanese", "x-euc-jp"),
    **_labels("iso2022_jp", "iso-2022-jp", "csiso2022jp"),
    **_labels("cp932", "shift_jis", "shift-jis", "sjis", "ms932", "ms_kanji", "windows-31j", "x-sjis", "csshiftjis"),
    **_labels("cp949", "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean", "windows-949", "cseuckr"),
}


# --- inline CSS -----------------------------------------------------------------


def _css(style: str | None) -> dict[str, str]:
    """``style`` attribute to a property map (lower case, last one wins)."""
    props: dict[str, str] = {}
    if not style:
        return props
    for decl in style.split(";"):
        name, sep, value = decl.partition(":")
        if sep:
            props[name.strip().lower()] = value.strip().lower()
    return props


def _css_marks(props: dict[str, str]) -> set[Mark]:
    deco = " ".join(props.get(k, "") for k in ("text-decoration", "text-decoration-line"))
    marks = set()
    if "underline" in deco:
        marks.add(Mark.INSERT)
    if "line-through" in deco:
        marks.add(Mark.DELETE)
    return marks


def _css_styles(props: dict[str, str]) -> set[str]:
    styles = set()
    weight = props.get("font-weight", "")
    if weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600):
        styles.add("bold")
    if props.get("font-style", "") in ("italic", "oblique"):
        styles.add("italic")
    valign = props.get("vertical-align", "")
    if valign in ("super", "sub"):
        styles.add("superscript" if valign == "super" else "subscript")
    if "small-caps" in props.get("font-variant", ""):
        styles.add("smallcaps")
    return styles


def _is_hidden(attrs: dict[str, str | None], props: dict[str, str]) -> bool:
    return "hidden" in attrs or props.get("display") == "none" or props.get("mso-hide") == "all"


def _mark_of(marks: frozenset[Mark]) -> Mark:
    if not marks:
        return Mark.KEEP
    if len(marks) == 1:
        return next(iter(marks))
    return Mark.BOTH


# --- the element stack ------------------------------------------------------------


@dataclass
class _Element:
    """An open element and the state its content inherits.

    ``block_marks`` are the marks opened *outside* the innermost block (they
    mark the block), ``seg_marks`` those opened inside it (they mark text).
    """

    tag: str
    block: "_Element | None" = None  # innermost block element (self for blocks)
    block_marks: frozenset[Mark] = frozenset()
    seg_marks: frozenset[Mark] = frozenset()
    styles: frozenset[str] = frozenset()
    change: Change | None = None
    hidden: "_Hidden | None" = None
    skipped: "_Skipped | None" = None
    ignore: bool = False
    pre: bool = False
    label: bool = False
    link: bool = False
    container: str | None = None
    list_depth: int = 0
    in_cell: bool = False
    note: bool = False
    line: int = 1
    column: int = 1
    # mutable bookkeeping
    had_child_block: bool = False
    produced: bool = False
    ol_next: int | None = None  # the next number in the final view
    ol_original: int | None = None  # … and in the original view
    ol_type: str = "1"
    table_no: int = 0
    row: int = 0
    col: int = 0

    def child(self, tag: str, line: int, column: int) -> "_Element":
        """A new element inheriting this one's state (a shallow copy is much
        cheaper than dataclasses.replace, and this runs once per tag)."""
        el = object.__new__(_Element)
        el.__dict__.update(self.__dict__)
        el.tag, el.line, el.column = tag, line, column
        el.had_child_block = el.produced = False
        el.ol_next = el.ol_original = None
        return el


@dataclass
class _Run:
    """Text gathered for one segment: (mark, style, change) and its parts."""

    key: tuple
    parts: list[str]

    def segment(self) -> Segment:
        mark, style, change = self.key
        return Segment("".join(self.parts), mark, style, change)


@dataclass
class _Hidden:
    line: int
    column: int
    parts: list[str] = field(default_factory=list)


@dataclass
class _Skipped:
    """An element on the ignore list whose content is named in a diagnostic."""

    tag: str
    line: int
    column: int
    parts: list[str] = field(default_factory=list)


def _alpha(n: int, upper: bool) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A" if upper else "a") + rem) + out
    return out or "0"


def _roman(n: int, upper: bool) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out if upper else out.lower()


def _small_int(value: str | None, default: int | None) -> int | None:
    """An HTML integer attribute; absurd ones (a million digits) are ignored."""
    value = (value or "").strip()
    if value.lstrip("-").isdigit() and len(value) <= 9:
        return int(value)
    return default


def _ol_label(n: int, kind: str) -> str:
    if kind in ("a", "A"):
        return _alpha(n, kind == "A") + "."
    if kind in ("i", "I"):
        return _roman(n, kind == "I") + "."
    return f"{n}."


class _Reader(HTMLParser):
    """Builds blocks while the standard parser walks the page once."""

    def __init__(self, source: str | None, rules: MarkRules = MARK_RULES["cms"]):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.rules = rules
        root = _Element("#root")
        root.block = root
        self.stack: list[_Element] = [root]
        self.blocks: list[Block] = []
        self.diagnostics: list[Diagnostic] = []
        self.segments: list[_Run] = []  # the text of the block being read
        self.label_parts: list[str] = []
        self.auto_item: _Element | None = None  # the <ol> of the <li> being read: numbered at its end
        self.boundary = Mark.KEEP
        self.skip_space = False  # one space after a label is its separator
        self.title_parts: list[str] | None = None
        self.title: str | None = None
        self.language: str | None = None
        self.tables = 0
        self.in_head = False

    # -- the stack

    @property
    def top(self) -> _Element:
        return self.stack[-1]

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            self._close(self.stack.pop())

    def _find(self, tag: str, stop: frozenset[str] = frozenset()) -> int | None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                return i
            if self.stack[i].tag in stop:
                return None
        return None

    def _implied_ends(self, tag: str) -> None:
        """The end tags HTML lets authors leave out (``<p>``, ``<li>``, ``<td>``…)."""
        if self.in_head and tag not in _HEAD_CONTENT:
            head = self._find("head")
            if head is not None:
                self._pop_to(head)
            self.in_head = False
        if tag in _CLOSES_P or tag == "p":
            i = self._find("p", stop=frozenset(("td", "th", "li", "div", "blockquote", "body")))
            if i is not None:
                self._pop_to(i)
        if tag == "li":
            i = self._find("li", stop=frozenset(("ul", "ol", "menu")))
            if i is not None:
                self._pop_to(i)
        elif tag in ("dt", "dd"):
            i = self._find("dd", stop=frozenset(("dl",))) or self._find("dt", stop=frozenset(("dl",)))
            if i is not None:
                self._pop_to(i)
        elif tag in ("td", "th"):
            for other in ("td", "th"):
                i = self._find(other, stop=frozenset(("tr", "table")))
                if i is not None:
                    self._pop_to(i)
        elif tag == "tr":
            i = self._find("tr", stop=frozenset(("table",)))
            if i is not None:
                self._pop_to(i)

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = {k.lower(): v for k, v in attrs_list}
        if not self.top.ignore:
            self._implied_ends(tag)
        parent = self.top
        if parent.ignore or parent.hidden is not None:
            if tag == "title":
                self.title_parts = []
            if tag not in _VOID:
                el = parent.child(tag, parent.line, parent.column)
                if tag in _SKIPPED and parent.skipped is None:
                    line, offset = self.getpos()
                    el.skipped = _Skipped(tag, line, offset + 1)
                self._push(el)
            return
        if tag == "html" and attrs.get("lang"):
            self.language = attrs["lang"]
        if tag == "title":
            self.title_parts = []
        if tag == "br":
            self._line_break()
            return
        if tag in _VOID:
            return
        props = _css(attrs.get("style"))
        line, offset = self.getpos()
        el = parent.child(tag, line, offset + 1)
        classes = set((attrs.get("class") or "").lower().split())
        if tag in _IGNORED or tag == "title" or "data-resamend-generated" in attrs:
            el.ignore = True
            if tag in _SKIPPED:
                el.skipped = _Skipped(tag, line, offset + 1)
        elif _is_hidden(attrs, props):
            el.hidden = _Hidden(line, offset + 1)
        if tag in _BLOCKS:
            self._start_block(el, parent, tag, attrs, classes)
        if "white-space" in props:
            el.pre = props["white-space"].startswith("pre") or props["white-space"] == "break-spaces"
        elif tag in ("pre", "textarea", "listing", "plaintext"):
            el.pre = True
        self._inline(el, tag, attrs, classes, props)
        self._push(el)
        if tag == "head":
            self.in_head = True

    def _push(self, el: _Element) -> None:
        if len(self.stack) > MAX_DEPTH:
            raise HostileInput(
                f"elements nested more than {MAX_DEPTH} deep (line {el.line})",
                "this is not a document page; check the file",
                path=self.source,
            )
        self.stack.append(el)

    def _start_block(self, el: _Element, parent: _Element, tag: str, attrs: dict, classes: set[str]) -> None:
        self._flush()
        if parent.block is not None:
            parent.block.had_child_block = True
        el.block = el
        el.block_marks = parent.block_marks | parent.seg_marks
        el.seg_marks = frozenset()
        if tag in ("ul", "ol", "menu"):
            el.list_depth = parent.list_depth + 1
            if tag == "ol":
                el.ol_next = el.ol_original = _small_int(attrs.get("start"), 1)
                el.ol_type = attrs.get("type") or "1"
        if tag == "li":
            self._number_list_item(attrs)
        if tag == "table":
            self.tables += 1
            el.table_no, el.row, el.col = self.tables, 0, 0
        elif tag == "tr":
            table = self._nearest("table")
            if table is not None:
                table.row += 1
                table.col = 0
        elif tag in ("td", "th"):
            table = self._nearest("table")
            if table is not None:
                table.col += 1
                el.container = f"t{table.table_no}r{max(table.row, 1)}c{table.col}"
            el.in_cell = True
        if "data-container" in attrs:
            el.container = attrs["data-container"] or None
        if classes & {"note", "footnote", "endnote", "msofootnotetext", "msoendnotetext"}:
            el.note = True

    def _nearest(self, tag: str) -> _Element | None:
        i = self._find(tag)
        return None if i is None else self.stack[i]

    def _number_list_item(self, attrs: dict) -> None:
        owner = None
        for el in reversed(self.stack):
            if el.tag in ("ul", "ol", "menu"):
                owner = el
                break
        if owner is None or owner.tag != "ol":
            self.auto_item = None
            return
        value = _small_int(attrs.get("value"), None)
        if value is not None:
            owner.ol_next = owner.ol_original = value
        self.auto_item = owner  # numbered when its text (and marks) are known

    def _item_labels(self, owner: _Element, segments: tuple[Segment, ...], block_mark: Mark) -> tuple[str, str | None]:
        """The number of a list item in the final view and, when it differs,
        in the original view, as a browser shows each view: an item counts
        in a view where it has text (an item inserted whole shifts only the
        final numbers); one with no text in a view carries the next number."""
        final = block_mark.in_final and any(s.mark.in_final and s.text.strip() for s in segments)
        original = block_mark.in_original and any(s.mark.in_original and s.text.strip() for s in segments)
        if not (final or original):
            final = original = True
        n_final, n_original = owner.ol_next or 1, owner.ol_original or 1
        if final:
            owner.ol_next = n_final + 1
        if original:
            owner.ol_original = n_original + 1
        label, other = _ol_label(n_final, owner.ol_type), _ol_label(n_original, owner.ol_type)
        return label, (other if other != label else None)

    def _marks(self, el: _Element, tag: str, classes: set[str], props: dict) -> tuple[set[Mark], set[str]]:
        """The marks an element opens, by the mark rules (``--marks``),
        and the underline or strike-through that is only its look."""
        marks: set[Mark] = set()
        looks: set[str] = set()
        css_marks = _css_marks(props) if props else set()
        underline = tag in _UNDERLINE_TAGS or Mark.INSERT in css_marks
        struck = tag in _STRIKE_TAGS or Mark.DELETE in css_marks
        if not self.rules.formatting_marks:  # (--marks tracked) the look of the text, not a mark
            looks.update((("underline",) if underline else ()) + (("strike",) if struck else ()))
            underline = struck = False
        if tag in _INSERT_TAGS or "msoins" in classes:
            marks.add(Mark.INSERT)
        elif underline:
            if el.link:
                self._note(
                    "hyperlink-underline",
                    Severity.INFO,
                    "underline inside a link is the link's look, not an insertion",
                    el.line,
                    el.column,
                )
            else:
                marks.add(Mark.INSERT)
        if tag in _DELETE_TAGS or "msodel" in classes or struck:
            marks.add(Mark.DELETE)
        return marks, looks

    def _inline(self, el: _Element, tag: str, attrs: dict, classes: set[str], props: dict) -> None:
        """What an element does to the text inside it: marks, styles, link."""
        marks, styles = self._marks(el, tag, classes, props)
        if marks and "break" in classes:
            self.boundary = _mark_of(el.seg_marks | frozenset(marks))
        if marks:
            outer = el.change if el.seg_marks else None
            author = attrs.get("cite") or None
            if author and author.startswith("mailto:"):
                author = author[len("mailto:") :]
            el.change = Change(
                Source.TEXT,
                author=author or (outer and outer.author),
                date=attrs.get("datetime") or (outer and outer.date) or None,
                move_id=attrs.get("data-move") or (outer and outer.move_id) or None,
            )
            el.seg_marks = el.seg_marks | frozenset(marks)
        if props:
            styles.update(_css_styles(props))
        if tag in _STYLE_TAGS:
            styles.add(_STYLE_TAGS[tag])
        if tag == "a" and attrs.get("href"):
            styles = {s for s in el.styles if not s.startswith("link:")} | styles
            el.styles = frozenset(s for s in el.styles if not s.startswith("link:"))
            styles.add("link:" + attrs["href"])
            el.link = True
        if styles:
            el.styles = el.styles | frozenset(styles)
        if ("label" in classes or props.get("mso-list") == "ignore") and not self.label_parts and self._at_block_start():
            el.label = True  # a printed number comes first; a "label" later on is text

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            if tag == "br" and not (self.top.ignore or self.top.hidden):
                self._line_break()  # "</br>" is a line break in browsers too
            return
        i = self._find(tag)
        if i is not None:
            self._pop_to(i)

    def _close(self, el: _Element) -> None:
        if el.tag == "head":
            self.in_head = False
        if el.tag == "title" and self.title_parts is not None:
            self.title = _WS.sub(" ", "".join(self.title_parts)).strip() or None
            self.title_parts = None
        parent_hidden = self.top.hidden
        if el.hidden is not None and el.hidden is not parent_hidden:
            self._report_hidden(el.hidden)
        if el.skipped is not None and el.skipped is not self.top.skipped:
            self._report_skipped(el.skipped)
        if el.label and not self.top.label:
            self.skip_space = True
        if el.block is el and not el.ignore and el.hidden is None:
            self._flush(el)
            if el.tag in _LEAF_BLOCKS and not el.produced and not el.had_child_block:
                self._emit(el, ())

    def handle_data(self, data: str) -> None:
        el = self.top
        if el.ignore:
            if el.skipped is not None:
                el.skipped.parts.append(data)
            if self.title_parts is not None:
                self.title_parts.append(data)
            return
        if el.hidden is not None:
            el.hidden.parts.append(data)
            return
        if self.skip_space and data:
            self.skip_space = False
            if data[0] in _HTML_WS:
                data = data[1:]
        if not data:
            return
        if not el.pre:
            data = _WS.sub(" ", data)
            if data.startswith(" ") and self._at_line_start():
                data = data[1:]
            if not data:
                return
        elif el.tag == "pre" and not el.produced and not self.segments and data.startswith("\n"):
            data = data[1:]  # a newline right after <pre> is not content
        if el.label:
            self.label_parts.append(data)
            return
        self._append(data, el)

    def _append(self, text: str, el: _Element) -> None:
        """Text joins the last run when mark, style and provenance agree, as
        a list of parts joined once (no quadratic string concatenation)."""
        key = (_mark_of(el.seg_marks), el.styles, el.change if el.seg_marks else None)
        if self.segments and self.segments[-1].key == key:
            self.segments[-1].parts.append(text)
        else:
            self.segments.append(_Run(key, [text]))

    # -- text helpers

    def _at_line_start(self) -> bool:
        for run in reversed(self.segments):
            for part in reversed(run.parts):
                if part:
                    return part[-1] in " \n"
        return True

    def _at_block_start(self) -> bool:
        return not any(part.strip() for run in self.segments for part in run.parts)

    def _trim_trailing_spaces(self) -> None:
        while self.segments:
            parts = self.segments[-1].parts
            while parts:
                stripped = parts[-1].rstrip(" ")
                if stripped:
                    parts[-1] = stripped
                    return
                parts.pop()
            self.segments.pop()

    def _line_break(self) -> None:
        el = self.top
        if el.ignore or el.hidden is not None:
            return
        if not el.pre:
            self._trim_trailing_spaces()
        self._append("\n", el)

    def _note(self, code: str, severity: Severity, message: str, line: int, column: int, text: str | None = None) -> None:
        where = Location(source=self.source, block=len(self.blocks), line=line, column=column)
        self.diagnostics.append(Diagnostic(code, severity, message, where, text=text))

    def _report_skipped(self, skipped: _Skipped) -> None:
        code, severity, message, with_text = _SKIPPED[skipped.tag]
        text = _WS.sub(" ", "".join(skipped.parts)).strip()
        if text:
            shown = text if with_text else None
            self._note(code, severity, f"{message} ({len(text)} characters)", skipped.line, skipped.column, text=shown)

    def parse_html_declaration(self, i: int) -> int:
        """``<!DOCTYPE html [ … ]>``: the internal subset ends at "]>", not at
        the first ">" inside it (no entity of it is defined or expanded: a
        reference to one stays as it is written, as in a browser)."""
        rawdata = self.rawdata
        if rawdata[i : i + 9].lower() == "<!doctype":
            gt = rawdata.find(">", i + 9)
            bracket = rawdata.find("[", i + 9)
            if bracket != -1 and (gt == -1 or bracket < gt):
                end = _SUBSET_END.search(rawdata, bracket)
                if end is not None:
                    line, offset = self.getpos()
                    self._note(
                        "doctype-subset-ignored",
                        Severity.INFO,
                        "the DOCTYPE has an internal subset (entity or element declarations); it is not read",
                        line,
                        offset + 1,
                    )
                    return end.end()
        return super().parse_html_declaration(i)

    def _report_hidden(self, hidden: _Hidden) -> None:
        text = _WS.sub(" ", "".join(hidden.parts)).strip()
        if text:
            self._note(
                "hidden-text",
                Severity.WARNING,
                "hidden text (hidden attribute or display:none) is in neither view",
                hidden.line,
                hidden.column,
                text=text,
            )

    # -- blocks

    def _flush(self, el: _Element | None = None) -> None:
        """End the text gathered so far as a block of the innermost block element."""
        owner = (el or self.top).block or self.stack[0]
        if not owner.pre:
            self._trim_trailing_spaces()
        segments = tuple(run.segment() for run in self.segments)
        if not any(s.text for s in segments) and not self.label_parts:
            self.segments = []
            return
        self._emit(owner, segments)

    def _emit(self, owner: _Element, segments: tuple[Segment, ...]) -> None:
        label = "".join(self.label_parts).strip(_HTML_WS + "\u00a0")
        block_mark = _mark_of(owner.block_marks)
        segments = self._resolve_both(merge_segments(segments), block_mark, owner)
        original_label = None
        if self.auto_item is not None:
            numbered, original_label = self._item_labels(self.auto_item, segments, block_mark)
            if label:  # a printed label of its own wins
                original_label = None
            else:
                label = numbered
        block = Block(
            segments=segments,
            kind=self._kind(owner),
            style=owner.tag if owner.tag in ("blockquote", "pre") else None,
            label=label or None,
            mark=block_mark,
            boundary=self.boundary,
            origin=f"line {owner.line}",
            level=int(owner.tag[1]) if owner.tag in ("h1", "h2", "h3", "h4", "h5", "h6") else owner.list_depth if owner.tag == "li" else 0,
            container=owner.container,
            original_label=original_label,
        )
        self.blocks.append(block)
        owner.produced = True
        self.segments = []
        self.label_parts = []
        self.auto_item = None
        self.boundary = Mark.KEEP
        self.skip_space = False

    def _kind(self, owner: _Element) -> BlockKind:
        if owner.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return BlockKind.HEADING
        if owner.tag == "li":
            return BlockKind.LIST_ITEM
        if owner.note:
            return BlockKind.NOTE
        if owner.in_cell:
            return BlockKind.CELL
        return BlockKind.PARAGRAPH

    def _resolve_both(self, segments: tuple[Segment, ...], block_mark: Mark, owner: _Element) -> tuple[Segment, ...]:
        """Text both inserted and deleted is in neither view: say so, by name."""
        if block_mark is Mark.BOTH:
            text = "".join(s.text for s in segments)
            if text:
                self._note("ambiguous-mark", Severity.WARNING, "a block is both inserted and deleted; it is in neither view", owner.line, owner.column, text=text)
            return segments
        out = []
        for seg in segments:
            mark = seg.mark
            if block_mark is not Mark.KEEP and mark not in (Mark.KEEP, block_mark):
                mark = Mark.BOTH
            if mark is Mark.BOTH:
                self._note(
                    "ambiguous-mark",
                    Severity.WARNING,
                    "text is marked both inserted and deleted (e.g. <ins> inside <del>); it is in neither view",
                    owner.line,
                    owner.column,
                    text=seg.text,
                )
                seg = seg.with_mark(Mark.BOTH)
            out.append(seg)
        return tuple(out)

    def finish(self) -> None:
        self.close()
        self._pop_to(1)
        root = self.stack[0]
        self._flush(root)
        reported = set()
        for el in self.stack:
            if el.hidden is not None and id(el.hidden) not in reported:
                reported.add(id(el.hidden))
                self._report_hidden(el.hidden)
            if el.skipped is not None and id(el.skipped) not in reported:
                reported.add(id(el.skipped))
                self._report_skipped(el.skipped)


def parse_html(text: str, source: str | None = None, rules: MarkRules = MARK_RULES["cms"]) -> Result[Document]:
    """Parse HTML text into a marked Document (marks read by ``rules``)."""
    reader = _Reader(source, rules)
    reader.feed(text)
    reader.finish()
    if "&#" in text:
        _note_impossible_charrefs(reader, text)
    meta = Meta(title=reader.title, language=reader.language, source=source, reader="html")
    return Result(Document(tuple(reader.blocks), meta), tuple(reader.diagnostics))


def _note_impossible_charrefs(reader: _Reader, text: str) -> None:
    """A numeric reference to a character no text can hold ("&#xD800;", half
    of a UTF-16 pair; "&#0;"; beyond U+10FFFF) is read as U+FFFD, as a
    browser does: say so, with where."""
    found = 0
    for m in _CHARREF.finditer(text):
        digits = m.group(1) or m.group(2)
        if len(digits) > 8:
            code = 0x110000
        else:
            code = int(digits, 16 if m.group(1) else 10)
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            found += 1
            if found > _MAX_CHARREF_NOTES:
                continue
            line = text.count("\n", 0, m.start()) + 1
            column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            name = f"U+{code:04X}" if code <= 0x10FFFF else "a code point beyond U+10FFFF"
            reader.diagnostics.append(
                Diagnostic(
                    "unencodable-character",
                    Severity.WARNING,
                    f"the character reference {m.group()} ({name}) names no character; it is read as U+FFFD",
                    Location(source=reader.source, line=line, column=column),
                    text="\ufffd",
                )
            )
    if found > _MAX_CHARREF_NOTES:
        reader.diagnostics.append(
            Diagnostic(
                "unencodable-character",
                Severity.WARNING,
                f"{found - _MAX_CHARREF_NOTES} more character references that name no character are read as U+FFFD",
                Location(source=reader.source),
                text="\ufffd" * (found - _MAX_CHARREF_NOTES),
            )
        )


def read(data: bytes, options: ReadOptions = ReadOptions()) -> Result[Document]:
    return parse_html(decode_html(data, options.source), options.source, options.rules)
