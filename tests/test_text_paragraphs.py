"""Text without blank lines is read one paragraph per line, hard-wrapped
lines joined; the reading can be forced and inspect names it.  Expected
paragraphs written by hand."""

from __future__ import annotations

import json
import subprocess
import sys

from resamend.readers import ReadOptions
from resamend.readers.text import read, wrapped_lines

LINES = (
    "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.3 (Rev.COP13)\n"
    "MANILA DECLARATION\n"
    "Recalling the Convention,\n"
    "1. Requests the Secretariat;\n"
    "{++1bis. Also requests the Parties;++}\n"
    "2. Urges Parties.\n"
)

# paragraph 1 of Resolution 11.10 as pdftotext gives it: wrapped at 78 columns
WRAPPED = (
    "1. Urges Parties to strengthen cooperation and synergies among the\n"
    "biodiversity-related conventions at the national level, including through\n"
    "the development of national biodiversity strategies and action plans;\n"
    "2. Requests the Secretariat to continue to explore ways of enhancing\n"
    "cooperation with other multilateral environmental agreements and to\n"
    "report to the Conference of the Parties at its next meeting.\n"
)


def paragraphs(text: str, forced: str | None = None) -> list[str]:
    doc = read(text.encode("utf-8"), ReadOptions(paragraphs=forced)).value
    return [b.text for b in doc.blocks]


def test_a_text_without_blank_lines_is_read_one_paragraph_per_line():
    assert paragraphs(LINES) == [
        "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.3 (Rev.COP13)",
        "MANILA DECLARATION",
        "Recalling the Convention,",
        "1. Requests the Secretariat;",
        "1bis. Also requests the Parties;",
        "2. Urges Parties.",
    ]


def test_hard_wrapped_lines_are_joined_into_their_paragraph():
    assert paragraphs(WRAPPED) == [
        "1. Urges Parties to strengthen cooperation and synergies among the biodiversity-related conventions at "
        "the national level, including through the development of national biodiversity strategies and action plans;",
        "2. Requests the Secretariat to continue to explore ways of enhancing cooperation with other multilateral "
        "environmental agreements and to report to the Conference of the Parties at its next meeting.",
    ]


def test_lines_of_very_different_lengths_are_not_joined():
    assert wrapped_lines(LINES.strip("\n")) == frozenset()


def test_blank_forces_the_blank_line_reading():
    assert paragraphs(LINES, "blank") == [LINES.strip("\n").replace("{++", "").replace("++}", "")]


def test_lines_forces_the_line_reading_of_a_text_with_blank_lines():
    assert paragraphs("one\ntwo\n\nthree", "lines") == ["one", "two", "three"]


def test_inspect_says_which_reading_was_used(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "resamend", "inspect", str(path), "--json"], capture_output=True)
    assert json.loads(proc.stdout)["paragraphs"] == "one per line, hard-wrapped lines joined"
    proc = subprocess.run([sys.executable, "-m", "resamend", "inspect", str(path), "--json", "--paragraphs", "blank"],
                          capture_output=True)
    assert json.loads(proc.stdout)["paragraphs"] == "at blank lines"


def test_paragraph_lines_follow_the_line_reading():
    from resamend.check import paragraph_lines

    assert paragraph_lines(LINES, frozenset()) == (1, 2, 3, 4, 5, 6)
    assert paragraph_lines(WRAPPED, wrapped_lines(WRAPPED.strip("\n"))) == (1, 4)
    assert paragraph_lines("one\n\ntwo") == (1, 3)
