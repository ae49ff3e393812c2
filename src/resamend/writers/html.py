"""A standalone, accessible, print-friendly HTML page.

* marks are ``<ins>``/``<del>``, underlined and struck through so that the
  page reads without colour; CSS adds visually hidden "[inserted: … ]"
  cues for screen readers (pseudo-elements, so they are not text of the
  page and do not come back when the page is read);
* a whole inserted or deleted paragraph is wrapped in ``<ins>``/``<del>``
  (the document's own structure is written as it is: lowering a block mark
  to its text, or lifting it back, is not always view-preserving when the
  neighbours sit in other containers);
  an inserted or deleted paragraph break is an empty
  ``<ins class="break">``/``<del class="break">`` shown as a pilcrow;
* each block has an id (``p1``, ``p2`` …) so that the "Summary of changes"
  at the top of a marked page can link to the changed paragraphs; a clean
  document gives a clean page, without summary or legend;
* every text and attribute value passes through :func:`html.escape` (the
  page is built from escaped pieces only), and whitespace that a browser
  would collapse is protected with ``white-space: pre-wrap`` on that block,
  so that :mod:`resamend.readers.html` reads the page back into the same
  final and original views;
* the summary and legend carry ``data-resamend-generated`` so that the
  reader knows they are apparatus, not document text.

No external resources, no scripts, no clock: the same document gives the
same bytes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

from ..model import Block, BlockKind, Document, Mark, Segment
from ..normalize import merge_segments
from . import WriteOptions

_CELL = re.compile(r"t(\d+)r(\d+)c(\d+)\Z")
_SAFE_URL = re.compile(r"(?:https?:|mailto:|#|/|\./|\.\./|[A-Za-z0-9_\-]+(?:[./?#]|\Z))", re.I)
_COLLAPSIBLE = re.compile(r"[\t\r\f]|  |\A[ \n]|[ \n]\Z| \n|\n ")
_STYLE_TAGS = (("bold", "strong"), ("italic", "em"), ("superscript", "sup"), ("subscript", "sub"))
_MARK_TAG = {Mark.INSERT: "ins", Mark.DELETE: "del"}

CSS = """\
:root{color-scheme:light}
body{font:1rem/1.55 Georgia,"Times New Roman",serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}
h1,h2,h3,h4,h5,h6{font-family:Arial,Helvetica,sans-serif;line-height:1.25}
p,li,td{overflow-wrap:break-word}
.label{font-weight:bold;margin-right:.35em}
table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #555;padding:.25em .5em;vertical-align:top}
ul.list{list-style:none;padding-left:1.5em}
li.nest{list-style:none}
ins{text-decoration:underline;text-decoration-thickness:.12em;text-underline-offset:.15em;color:#05551a;background:#e3f4e8}
del{text-decoration:line-through;text-decoration-thickness:.12em;color:#9b111e;background:#fbe7e9}
ins.move,del.move{color:#4b2488;background:#efe9fb;text-decoration-style:double}
del.both{color:#6b4e00;background:#fff3cd;text-decoration:underline line-through}
ins>p,del>p,ins>h1,ins>h2,ins>h3,ins>h4,ins>h5,ins>h6,del>h1,del>h2,del>h3,del>h4,del>h5,del>h6{display:block}
ins::before,ins::after,del::before,del::after{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
ins::before{content:" [inserted: "}
del::before{content:" [deleted: "}
ins.move::before{content:" [moved here: "}
del.move::before{content:" [moved from here: "}
del.both::before{content:" [inserted and deleted: "}
ins::after,del::after{content:" ] "}
ins.break::before{content:" [inserted paragraph break] "}
del.break::before{content:" [deleted paragraph break] "}
ins.break::after,del.break::after{content:"\\00b6";position:static;width:auto;height:auto;overflow:visible;clip:auto;clip-path:none}
.summary{border:1px solid #777;padding:.5em 1em;margin-bottom:1.5em}
.summary h2{margin-top:.25em;font-size:1.2rem}
.legend{font-size:.9rem}
@media print{
body{max-width:none;margin:0;color:#000}
ins,del,ins.move,del.move,del.both{color:#000;background:none}
.summary{border:1px solid #000}
a{color:#000}
}
"""


# With WriteOptions.attribute: one colour per change author (a Party, or
# several Parties who made the same proposal), text and background with a
# contrast ratio of at least 7:1.
PARTY_COLOURS = (
    ("#0b4f8a", "#e1eefa"), ("#763200", "#fdebdc"), ("#185219", "#e2f3e3"), ("#6a1b7a", "#f4e4f7"),
    ("#5a4400", "#fbf1d0"), ("#00585e", "#dcf3f4"), ("#8a1538", "#fbe3ea"), ("#3d3d3d", "#ececec"),
)


def write(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    return render_page(doc, title=options.title, attribute=options.attribute, conflicts=options.conflicts).encode("utf-8")


def render_page(doc: Document, title: str | None = None, attribute: bool = False, conflicts: tuple[str, ...] = ()) -> str:
    """The whole page as text; with ``attribute``, each change coloured and
    named by its author (a legend of authors, then ``conflicts``, at the top)."""
    meta = doc.meta
    blocks = [replace(b, segments=merge_segments(b.segments)) for b in doc.blocks]
    parties = _authors(blocks) if attribute else {}
    page_title = title or meta.title or meta.instrument or meta.source or "Document"
    out = [
        "<!doctype html>\n",
        f'<html lang="{_attr(meta.language or "en")}">\n',
        "<head>\n",
        '<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="resamend">\n',
        f"<title>{_text(page_title)}</title>\n",
        f"<style>\n{CSS}{_party_css(parties)}</style>\n",
        "</head>\n",
        "<body>\n",
    ]
    if doc.is_marked:
        out.append(summary_html(blocks))
    if parties or conflicts:
        out.append(_parties_html(parties, conflicts))
    out.append("<main>\n")
    out.extend(_body(blocks, parties))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


# --- escaping by construction -------------------------------------------------


def _text(text: str) -> str:
    """Text content: escaped, carriage returns as character references (a raw
    one would become a line feed when the page is parsed)."""
    return escape(text, quote=True).replace("\r", "&#13;")


def _attr(value: str) -> str:
    return escape(value, quote=True).replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {name}="{_attr(value)}"' for name, value in pairs)


# --- summary ----------------------------------------------------------------------


def _words(text: str) -> int:
    return len(text.split())


def summary_html(blocks: list[Block]) -> str:
    """Counts of inserted and deleted words and links to changed paragraphs."""
    inserted = deleted = 0
    items = []
    for number, block in enumerate(blocks, 1):
        if not block.is_marked:
            continue
        ins = sum(_words(s.text) for s in block.segments if s.mark is Mark.INSERT)
        dele = sum(_words(s.text) for s in block.segments if s.mark is Mark.DELETE)
        if block.mark is Mark.INSERT:
            ins = _words(block.text)
        elif block.mark is Mark.DELETE:
            dele = _words(block.text)
        inserted += ins
        deleted += dele
        name = f"paragraph {block.label}" if block.label else f"paragraph {number}"
        what = []
        if block.mark is Mark.INSERT:
            what.append(f"new paragraph ({ins} word{'s' * (ins != 1)})")
        elif block.mark is Mark.DELETE:
            what.append(f"paragraph deleted ({dele} word{'s' * (dele != 1)})")
        else:
            if block.mark is Mark.BOTH:
                what.append("paragraph inserted and deleted")
            if ins:
                what.append(f"{ins} word{'s' * (ins != 1)} inserted")
            if dele:
                what.append(f"{dele} word{'s' * (dele != 1)} deleted")
        if block.boundary is not Mark.KEEP:
            what.append("paragraph break " + ("inserted" if block.boundary is Mark.INSERT else "deleted"))
        items.append(f'<li><a href="#p{number}">{_text(name)}</a>: {_text(", ".join(what) or "changed")}</li>\n')
    changed = len(items)
    return (
        '<section class="summary" aria-labelledby="summary-title" data-resamend-generated="summary">\n'
        '<h2 id="summary-title">Summary of changes</h2>\n'
        f"<p>{inserted} word{'s' * (inserted != 1)} inserted, {deleted} word{'s' * (deleted != 1)} deleted, "
        f"{changed} paragraph{'s' * (changed != 1)} changed.</p>\n"
        '<p class="legend">Inserted text is <ins>underlined</ins>; deleted text is <del>struck through</del>; '
        'moved text is <ins class="move">double-underlined</ins>; \u00b6 marks an inserted or deleted paragraph break.</p>\n'
        f'<ul>\n{"".join(items)}</ul>\n'
        "</section>\n"
    )


# --- blocks -------------------------------------------------------------------------


def _authors(blocks: list[Block]) -> dict[str, str]:
    """Each change author → its CSS class, in order of first appearance."""
    found: dict[str, str] = {}
    for block in blocks:
        for seg in block.segments:
            if seg.change is not None and seg.change.author and (seg.mark is not Mark.KEEP or block.mark is not Mark.KEEP):
                found.setdefault(seg.change.author, f"party{len(found) % len(PARTY_COLOURS) + 1}")
    return found


def _party_css(parties: dict[str, str]) -> str:
    rules = []
    for n in sorted({int(c[5:]) for c in parties.values()}):
        fg, bg = PARTY_COLOURS[n - 1]
        rules.append(f".party{n}{{color:{fg};background:{bg}}}\n")
    if parties:
        rules.append(".party{font-size:.8em;font-style:italic}\n.swatch{padding:0 .4em}\n")
    return "".join(rules)


def _parties_html(parties: dict[str, str], conflicts: tuple[str, ...]) -> str:
    """The legend of authors and the list of conflicts (apparatus, not text)."""
    out = ['<section class="summary" aria-labelledby="parties-title" data-resamend-generated="parties">\n']
    if parties:
        out.append('<h2 id="parties-title">Proposals by</h2>\n<ul>\n')
        for name, cls in parties.items():
            out.append(f'<li><span class="swatch {cls}">\u25a0</span> {_text(name)}</li>\n')
        out.append("</ul>\n")
    if conflicts:
        heading_id = "" if parties else ' id="parties-title"'
        out.append(f"<h2{heading_id}>Conflicts</h2>\n<ol>\n")
        out.extend(f"<li>{_text(line)}</li>\n" for line in conflicts)
        out.append("</ol>\n")
    out.append("</section>\n")
    return "".join(out)


def _body(blocks: list[Block], parties: dict[str, str] | None = None) -> list[str]:
    out: list[str] = []
    state = _Layout(out)
    for number, block in enumerate(blocks, 1):
        state.place(block)
        out.append(_block_html(block, number, state.element(block), parties))
    state.place(None)
    return out


class _Layout:
    """Opens and closes the lists and tables around list items and cells."""

    def __init__(self, out: list[str]):
        self.out = out
        self.list_depth = 0
        self.cell: tuple[int, int, int] | None = None
        self.container: str | None = None
        self.in_table = False

    def element(self, block: Block) -> str:
        if block.kind is BlockKind.HEADING:
            return f"h{max(1, min(6, block.level or 1))}"
        if block.kind is BlockKind.LIST_ITEM:
            return "li"
        return "p"

    def place(self, block: Block | None) -> None:
        depth = max(1, block.level) if block is not None and block.kind is BlockKind.LIST_ITEM else 0
        if block is not None and block.kind is BlockKind.CELL:
            self._set_list_depth(0)
            self._enter_cell(block.container)
        else:
            self._leave_table()
            self._set_list_depth(depth)

    def _set_list_depth(self, depth: int) -> None:
        while self.list_depth > depth:
            self.list_depth -= 1
            self.out.append("</ul></li>\n" if self.list_depth else "</ul>\n")
        while self.list_depth < depth:
            self.out.append('<li class="nest"><ul class="list">\n' if self.list_depth else '<ul class="list">\n')
            self.list_depth += 1

    def _enter_cell(self, container: str | None) -> None:
        if self.in_table and container == self.container:
            return
        found = _CELL.match(container or "")
        cell = tuple(int(x) for x in found.groups()) if found else None
        attrs = _attrs([("data-container", container or "")])
        prev = self.cell
        if self.in_table and cell and prev and cell[0] == prev[0] and cell[1] == prev[1] and cell[2] > prev[2]:
            self.out.append(f"</td><td{attrs}>\n")
        elif self.in_table and cell and prev and cell[0] == prev[0] and cell[1] > prev[1]:
            self.out.append(f"</td></tr>\n<tr><td{attrs}>\n")
        else:
            self._leave_table()
            self.out.append(f"<table>\n<tr><td{attrs}>\n")
            self.in_table = True
        self.cell, self.container = cell, container

    def _leave_table(self) -> None:
        if self.in_table:
            self.out.append("</td></tr>\n</table>\n")
            self.in_table = False
            self.cell = self.container = None


def _block_html(block: Block, number: int, tag: str, parties: dict[str, str] | None = None) -> str:
    attrs: list[tuple[str, str]] = [("id", f"p{number}")]
    classes = []
    if block.kind is BlockKind.NOTE:
        classes.append("note")
    if block.is_marked:
        classes.append("changed")
    if classes:
        attrs.append(("class", " ".join(classes)))
    attrs.append(("dir", "auto"))
    if block.container is not None and block.kind is not BlockKind.CELL:
        attrs.append(("data-container", block.container))
    if _needs_pre(block):
        attrs.append(("style", "white-space:pre-wrap"))
    inner = []
    if block.label:
        inner.append(f'<span class="label">{_text(block.label)}</span> ')
    inner.append(_segments_html(block.segments, parties))
    if block.boundary in _MARK_TAG:
        inner.append(_break_html(block.boundary))
    elif block.boundary is Mark.BOTH:
        inner.append('<del class="break both"><ins class="break"></ins></del>')
    html = f"<{tag}{_attrs(attrs)}>{''.join(inner)}</{tag}>"
    if block.mark in _MARK_TAG:
        html = f"<{_MARK_TAG[block.mark]}>{html}</{_MARK_TAG[block.mark]}>"
    elif block.mark is Mark.BOTH:
        html = f'<del class="both"><ins>{html}</ins></del>'
    return html + "\n"


def _break_html(mark: Mark) -> str:
    tag = _MARK_TAG[mark]
    return f'<{tag} class="break"></{tag}>'


def _needs_pre(block: Block) -> bool:
    """Whitespace a browser would collapse or trim must be protected."""
    return bool(_COLLAPSIBLE.search(block.text))


def _segments_html(segments: tuple[Segment, ...], parties: dict[str, str] | None = None) -> str:
    """Neighbouring segments with one mark share one ``<ins>``/``<del>``;
    with ``parties``, a change is followed by its author's name."""
    out: list[str] = []
    i = 0
    named = None  # the author of the changes just written
    while i < len(segments):
        seg = segments[i]
        j = i + 1
        while j < len(segments) and segments[j].mark is seg.mark and segments[j].change == seg.change:
            j += 1
        author = seg.change.author if parties and seg.mark is not Mark.KEEP and seg.change is not None else None
        if named and author != named:
            out.append(_party_label(named))
        named = author
        inner = "".join(_styled(s) for s in segments[i:j])
        out.append(_wrap_mark(seg, inner, parties))
        i = j
    if named:
        out.append(_party_label(named))
    return "".join(out)


def _party_label(author: str) -> str:
    return f'<span class="party" data-resamend-generated="party"> ({_text(author)})</span>'


def _wrap_mark(seg: Segment, inner: str, parties: dict[str, str] | None = None) -> str:
    if seg.mark is Mark.KEEP:
        return inner
    attrs: list[tuple[str, str]] = []
    change = seg.change
    if change is not None and change.move_id:
        attrs += [("class", "move"), ("data-move", change.move_id)]
    elif parties and change is not None and change.author in parties:
        attrs.append(("class", parties[change.author]))
    if change is not None and change.author:
        attrs.append(("title", change.author + (f", {change.date}" if change.date else "")))
    if seg.mark is Mark.BOTH:
        return f'<del class="both"><ins>{inner}</ins></del>'
    tag = _MARK_TAG[seg.mark]
    return f"<{tag}{_attrs(attrs)}>{inner}</{tag}>"


def _styled(seg: Segment) -> str:
    html = _text(seg.text).replace("\n", "<br>")
    for style, tag in _STYLE_TAGS:
        if style in seg.style:
            html = f"<{tag}>{html}</{tag}>"
    if "smallcaps" in seg.style:
        html = f'<span style="font-variant:small-caps">{html}</span>'
    for style in sorted(seg.style):
        if style.startswith("link:"):
            url = style[len("link:") :]
            if _SAFE_URL.match(url):
                html = f'<a href="{_attr(url)}">{html}</a>'
            else:  # javascript: and friends do not become live links
                html = f'<span class="link" title="{_attr(url)}">{html}</span>'
    return html
