"""The terminal redline and the inspect tables, rendered to a recording console."""

from __future__ import annotations

import io

from rich.console import Console

from resamend.diagnostics import Diagnostic, Location, Severity
from resamend.model import Block, BlockKind, Change, Document, Mark, Segment, Source, paragraph
from resamend.terminal import inspect_renderable, redline_renderable

UNDERLINE = "\x1b[4"
DOC = Document(
    (
        Block((Segment("Synergies"),), kind=BlockKind.HEADING, level=1),
        paragraph("Requests the ", Segment("Executive ", Mark.INSERT), "Secretariat ", Segment("before 2020", Mark.DELETE), label="3."),
        paragraph(
            Segment("moved words", Mark.DELETE, change=Change(Source.DIFF, move_id="m1")),
            " stay ",
            Segment("moved words", Mark.INSERT, change=Change(Source.DIFF, move_id="m1")),
        ),
    )
)


def render(renderable, **kw) -> Console:
    console = Console(record=True, width=100, **kw)
    console.print(renderable)
    return console


def terminal_output(renderable, **kw) -> str:
    """What a terminal would receive (the record keeps colours that
    ``no_color`` strips from the real output, so read the stream)."""
    stream = io.StringIO()
    Console(file=stream, width=100, force_terminal=True, **kw).print(renderable)
    return stream.getvalue()


def sgr_codes(ansi: str, text: str) -> set[str]:
    """The SGR parameters in force where the last ``text`` starts in ``ansi``
    (the last, so that the legend line is not what is found)."""
    at = ansi.rindex(text)
    start = ansi.rindex("\x1b[", 0, at)
    return set(ansi[start + 2 : ansi.index("m", start)].split(";"))


def test_redline_starts_with_a_legend_that_says_what_the_styles_mean():
    lines = render(redline_renderable(DOC)).export_text().splitlines()
    assert lines[0].startswith("inserted = underlined, deleted = struck")


def test_redline_text_keeps_labels_and_all_text_in_reading_order():
    text = render(redline_renderable(DOC)).export_text()
    assert "3. Requests the Executive Secretariat before 2020" in text
    assert "Synergies" in text


def test_inserted_text_is_green_and_underlined_deleted_red_and_struck():
    ansi = render(redline_renderable(DOC), force_terminal=True, color_system="standard").export_text(styles=True)
    assert {"4", "32"} <= sgr_codes(ansi, "Executive ")
    assert {"9", "31"} <= sgr_codes(ansi, "before 2020")
    assert "2" in sgr_codes(ansi, "3.")  # the label is dim


def test_without_colour_underline_and_strike_still_carry_the_meaning():
    ansi = terminal_output(redline_renderable(DOC), no_color=True)
    assert sgr_codes(ansi, "Executive ") == {"4"}
    assert sgr_codes(ansi, "before 2020") == {"9"}
    assert "32" not in ansi.split("\x1b[") and ";31" not in ansi


def test_moved_text_has_its_own_colour_and_a_moved_marker():
    console = render(redline_renderable(DOC), force_terminal=True, color_system="standard")
    ansi = console.export_text(styles=True, clear=False)
    plain = console.export_text()
    assert plain.count("⇄moved:moved words") == 2
    codes = sgr_codes(ansi, "moved words\x1b[0m stay")
    assert "35" in codes and "9" in codes


def test_paragraph_break_marks_show_as_a_styled_pilcrow():
    doc = Document((Block((Segment("joined"),), boundary=Mark.DELETE), paragraph("next")))
    ansi = terminal_output(redline_renderable(doc), no_color=True)
    assert sgr_codes(ansi, "¶") == {"9"}


def test_whole_inserted_paragraph_is_underlined_throughout():
    doc = Document((Block((Segment("all new"),), mark=Mark.INSERT),))
    ansi = terminal_output(redline_renderable(doc), no_color=True)
    assert sgr_codes(ansi, "all new") == {"4"}


REPORT = {
    "structure": {"instrument": "Resolution 11.10", "revision": "Rev.COP13", "operative": 12},
    "paragraphs": [
        {"id": "op.3", "label": "3.", "inserted_words": 2, "deleted_words": 1, "kind": "operative"},
        {"id": "pre.1", "label": None, "inserted_words": 0},
    ],
    "renumbering": [["8bis.", "9."], ["9.", "10."]],
    "diagnostics": [
        Diagnostic("hidden-text", Severity.WARNING, "hidden text is in neither view", Location(source="d.html", line=4, column=2), text="secret").to_dict(),
        {"code": "numbering-gap", "severity": "info", "message": "6. follows 4."},
    ],
}


def test_inspect_shows_one_titled_table_per_section():
    text = render(inspect_renderable(REPORT)).export_text()
    for title in ("Structure", "Paragraphs", "Renumbering", "Diagnostics"):
        assert title in text
    assert text.index("Structure") < text.index("Paragraphs") < text.index("Renumbering") < text.index("Diagnostics")


def test_inspect_paragraph_rows_carry_ids_labels_and_word_counts():
    lines = render(inspect_renderable(REPORT)).export_text().splitlines()
    row = next(line for line in lines if "op.3" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells == ["op.3", "3.", "2", "1", "operative"]


def test_inspect_renumbering_and_diagnostics_are_readable_rows():
    text = render(inspect_renderable(REPORT)).export_text()
    row = next(line for line in text.splitlines() if "8bis." in line)
    assert row.index("8bis.") < row.index("9.")
    diag = next(line for line in text.splitlines() if "hidden-text" in line)
    assert "warning" in diag and "d.html line 4:2" in diag and "secret" in diag


def test_inspect_is_tolerant_of_missing_and_unknown_sections():
    assert "nothing to report" in render(inspect_renderable({})).export_text()
    text = render(inspect_renderable({"paragraphs": [{"id": "op.1"}], "history": {"COP13": "Rev."}})).export_text()
    assert "op.1" in text and "COP13" in text
