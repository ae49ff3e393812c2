"""Rich renderables for the terminal (only the CLI imports this module).

A redline must read without colour (``NO_COLOR``, monochrome terminals,
colour-blind readers): inserted text is underlined *and* green, deleted text
struck through *and* red, moved text carries a visible "moved" marker as well
as its own colour.  rich drops colours under ``no_color`` but keeps the
underline and strike attributes, so the cue that carries the meaning stays.
"""

from __future__ import annotations

from typing import Any, Iterable

from .display import visible
from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .model import Block, BlockKind, Document, Mark, Segment
from .normalize import canonical

INSERT_STYLE = "underline green"
DELETE_STYLE = "strike red"
MOVED_INSERT_STYLE = "underline magenta"
MOVED_DELETE_STYLE = "strike magenta"
BOTH_STYLE = "underline strike yellow"
LABEL_STYLE = "dim"
MOVED_MARKER = "⇄moved:"
LEGEND = "inserted = underlined, deleted = struck, ⇄ = moved, ¶ = paragraph break"

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _mark_style(seg: Segment) -> str | None:
    moved = seg.change is not None and seg.change.move_id is not None
    if seg.mark is Mark.INSERT:
        return MOVED_INSERT_STYLE if moved else INSERT_STYLE
    if seg.mark is Mark.DELETE:
        return MOVED_DELETE_STYLE if moved else DELETE_STYLE
    if seg.mark is Mark.BOTH:
        return BOTH_STYLE
    return None


def _residual_style(seg: Segment) -> str:
    parts = [s for s in ("bold", "italic") if s in seg.style]
    return " ".join(parts)


def block_text(block: Block) -> Text:
    """One paragraph as styled text (block marks already lowered)."""
    text = Text(no_wrap=False)
    if block.label:
        text.append(visible(block.label), style=LABEL_STYLE)
        text.append(" ")
    base = "bold" if block.kind is BlockKind.HEADING else ""
    previous_move: str | None = None
    for seg in block.segments:
        mark_style = _mark_style(seg)
        move = seg.change.move_id if seg.change is not None and seg.mark is not Mark.KEEP else None
        if move is not None and move != previous_move:
            text.append(MOVED_MARKER, style=(mark_style or "") + " bold")
        previous_move = move
        style = Style.parse(" ".join(s for s in (base, _residual_style(seg), mark_style or "") if s) or "none")
        link = next((s[len("link:") :] for s in sorted(seg.style) if s.startswith("link:")), None)
        if link:
            style += Style(link=link)
        text.append(visible(seg.text), style=style)
    if block.boundary is not Mark.KEEP:
        text.append("¶", style=_mark_style(Segment("¶", block.boundary)))
    return text


def redline_renderable(doc: Document) -> Group:
    """The document as a redline: a legend line, then one Text per paragraph."""
    items: list[Any] = [Text(LEGEND, style="dim")]
    for block in canonical(doc).blocks:
        items.append(block_text(block))
    return Group(*items)


# --- without styles -------------------------------------------------------------

#: marks in text, as ``git diff --word-diff=plain`` writes them
PLAIN_MARKS = {Mark.INSERT: ("{+", "+}"), Mark.DELETE: ("[-", "-]"), Mark.BOTH: ("{+[-", "-]+}")}


def plain_block(block: Block) -> str:
    """One paragraph with its marks in text: ``[-old-]{+new+}``."""
    out: list[str] = []
    if block.label:
        out.append(visible(block.label) + " ")
    previous_move: str | None = None
    for seg in block.segments:
        move = seg.change.move_id if seg.change is not None and seg.mark is not Mark.KEEP else None
        if move is not None and move != previous_move:
            out.append(MOVED_MARKER)
        previous_move = move
        opening, closing = PLAIN_MARKS.get(seg.mark, ("", ""))
        out.append(f"{opening}{visible(seg.text)}{closing}")
    if block.boundary is not Mark.KEEP:
        opening, closing = PLAIN_MARKS[block.boundary]
        out.append(f"{opening}¶{closing}")
    return "".join(out)


def plain_redline(doc: Document) -> str:
    """The redline for output that cannot carry styles (a pipe without
    colour): one paragraph a line, marks in text, so that nothing is lost."""
    return "".join(plain_block(block) + "\n" for block in canonical(doc).blocks)


# --- consoles --------------------------------------------------------------------

#: output that is not a terminal is not wrapped: lines as long as their content
UNWRAPPED_WIDTH = 10_000


def report_console(color: str = "auto", file=None):
    """A console for reports: on a terminal, its width and colours (unless
    NO_COLOR; --color always/never decide); elsewhere (a pipe, a file) no
    styles unless asked for, and no hard wrapping at 80 columns."""
    import sys

    from rich.console import Console

    force = {"always": True, "never": False}.get(color)
    no_color = True if color == "never" else None
    if file is None and sys.stdout.isatty():
        return Console(force_terminal=force, no_color=no_color)
    return Console(file=file, force_terminal=force, no_color=no_color, width=UNWRAPPED_WIDTH)


# --- inspect ----------------------------------------------------------------------


def _cell(value: Any) -> str:
    return visible(_cell_text(value))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


def _location_text(loc: Any) -> str:
    if not isinstance(loc, dict):
        return _cell(loc)
    from .diagnostics import Location

    try:
        return str(Location(**loc))
    except TypeError:
        return _cell(loc)


def _key_value_table(title: str, data: dict) -> Table:
    """Facts as rows; a fact that was looked for and not found is left out."""
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for key, value in data.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        table.add_row(Text(str(key).replace("_", " ")), Text(_cell(value)))
    if not table.rows:
        table.add_row(Text("(nothing found)", style="dim"), Text(""))
    return table


_PARAGRAPH_COLUMNS = ("id", "label", "inserted_words", "deleted_words")


def _paragraphs_table(rows: Iterable[Any], title: str = "Paragraphs") -> Table:
    rows = [r for r in rows if isinstance(r, dict)]
    extra: list[str] = []
    for row in rows:
        for key in row:
            if key not in _PARAGRAPH_COLUMNS and key not in extra:
                extra.append(key)
    columns = list(_PARAGRAPH_COLUMNS) + extra
    columns = [k for k in columns if any(row.get(k) not in (None, "") for row in rows) or k in ("id", "label")]
    table = Table(title=title, title_justify="left")
    for key in columns:
        numeric = key.endswith("_words") or key in ("index", "block")
        header = key.replace("_", " ")
        if key == "inserted_words":
            header = Text("inserted words", style="underline")
        elif key == "deleted_words":
            header = Text("deleted words", style="strike")
        table.add_column(header, justify="right" if numeric else "left")
    for row in rows:
        cells = []
        for key in columns:
            value = row.get(key)
            style = INSERT_STYLE if key == "inserted_words" and value else DELETE_STYLE if key == "deleted_words" and value else None
            cells.append(Text(_cell(value), style=style or ""))
        table.add_row(*cells)
    return table


def _renumbering_table(pairs: Iterable[Any]) -> Table:
    table = Table(title="Renumbering", title_justify="left")
    table.add_column("was")
    table.add_column("becomes")
    for pair in pairs:
        if isinstance(pair, dict):
            old, new = pair.get("old", pair.get("from")), pair.get("new", pair.get("to"))
        elif isinstance(pair, (list, tuple)) and len(pair) >= 2:
            old, new = pair[0], pair[1]
        else:
            old, new = pair, None
        table.add_row(Text(_cell(old), style=DELETE_STYLE), Text(_cell(new), style=INSERT_STYLE))
    return table


def _diagnostics_table(items: Iterable[Any], expand: bool = True) -> Table:
    table = Table(title="Diagnostics", title_justify="left", expand=expand)
    table.add_column("severity", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("where", ratio=2)
    table.add_column("message", ratio=4)
    table.add_column("text", ratio=2, overflow="fold")
    for item in items:
        if not isinstance(item, dict):
            item = getattr(item, "to_dict", lambda: {"message": str(item)})()
        severity = str(item.get("severity") or "")
        table.add_row(
            Text(severity, style=_SEVERITY_STYLE.get(severity, "")),
            Text(_cell(item.get("code"))),
            Text(_location_text(item.get("location"))),
            Text(_cell(item.get("message"))),
            Text(_cell(item.get("text"))),
        )
    return table


def inspect_renderable(report: dict, expand: bool = True) -> Group:
    """``resamend inspect``: one table per section of the report.

    Known sections are structure, paragraphs, renumbering and diagnostics;
    a missing or empty section is left out, any other section is shown as a
    key/value table, and top-level single values ("source") share one table
    at the top, so that nothing in the report is hidden.
    """
    report = report or {}
    items: list[Any] = []
    scalars: dict[str, Any] = {}  # top-level facts such as "source", in one table
    known = [k for k in ("structure", "paragraphs", "renumbering", "diagnostics") if k in report]
    for key in known + [k for k in report if k not in known]:
        value = report[key]
        if value in (None, {}, []):
            continue
        if key == "structure" and isinstance(value, dict):
            items.append(_key_value_table("Structure", value))
        elif key == "paragraphs" and isinstance(value, list):
            items.append(_paragraphs_table(value))
        elif key == "renumbering" and isinstance(value, list):
            items.append(_renumbering_table(value))
        elif key == "diagnostics" and isinstance(value, list):
            items.append(_diagnostics_table(value, expand))
        elif isinstance(value, dict):
            items.append(_key_value_table(str(key).replace("_", " ").capitalize(), value))
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            items.append(_paragraphs_table(value, title=str(key).replace("_", " ").capitalize()))
        elif isinstance(value, list):
            items.append(_key_value_table(str(key).replace("_", " ").capitalize(), {i + 1: v for i, v in enumerate(value)}))
        else:
            scalars[key] = value
    if scalars:
        items.insert(0, _key_value_table("Report", scalars))
    if not items:
        items.append(Text("nothing to report", style="dim"))
    return Group(*items)
