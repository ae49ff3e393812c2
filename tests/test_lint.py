"""Lint rules on a redline, and the inspect report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resamend.diagnostics import Severity
from resamend.lint import inspect, lint
from resamend.model import Block, Change, Document, Mark, Segment, Source
from resamend.readers.text import parse_critic

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cms-res-11.10-cop14-annex1.critic.txt"
FORMULA = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n\n"


def critic(text: str) -> Document:
    return parse_critic(text).value


def codes(diagnostics, code: str) -> list:
    return [d for d in diagnostics if d.code == code]


def test_a_mark_on_whitespace_only_is_a_warning():
    found = codes(lint(critic("one{++ ++}two and {--  --}three")), "whitespace-mark")
    assert [(d.severity, d.text) for d in found] == [(Severity.WARNING, " "), (Severity.WARNING, "  ")]
    assert found[0].location.block == 0


def test_case_change_of_a_first_letter_is_an_info_split_word():
    found = codes(lint(critic("the {--g--}{++G++}lobal framework")), "split-word")
    assert [(d.severity, d.text) for d in found] == [(Severity.INFO, "gGlobal")]


def test_a_mark_inside_a_word_that_changes_its_ending_is_a_warning():
    found = codes(lint(critic("which provide{++s++}{--d--} an important")), "split-word")
    assert [(d.severity, d.text) for d in found] == [(Severity.WARNING, "providesd")]


def test_a_whole_word_replaced_is_not_a_split_word():
    assert codes(lint(critic("joint work {--plan--}{++programme++} between")), "split-word") == []


def test_doubled_space_at_a_seam_is_a_seam_space_warning():
    found = codes(lint(critic("the Species {--2015-2023--} {++2024-2032++} as")), "seam-space")
    assert len(found) == 1 and found[0].severity is Severity.WARNING


def test_doubled_space_away_from_seams_is_not_a_seam_space():
    assert codes(lint(critic("to facilitate   collaborations {++now++} with")), "seam-space") == []
    assert codes(lint(critic("noting the {++Bern    Process++} to")), "seam-space") == []


def test_missing_space_after_a_comma_at_a_seam_is_a_seam_space_warning():
    found = codes(lint(critic("meetings,{++and++} more")), "seam-space")
    assert len(found) == 1 and "no space" in found[0].message


def test_8bis_after_accepting_is_an_info_numbering_gap_that_renumbering_fixes():
    doc = critic(FORMULA + "1. One;\n\n{++1bis.\tInserted;++}\n\n2. Two.")
    found = codes(lint(doc), "numbering-gap")
    assert [(d.severity, d.text, d.location.block) for d in found] == [(Severity.INFO, "1bis.", 2)]


def test_a_deleted_paragraph_leaves_an_info_gap():
    doc = critic(FORMULA + "1. One;\n\n{--2. Two;--}\n\n3. Three.")
    found = codes(lint(doc), "numbering-gap")
    assert [(d.severity, d.text) for d in found] == [(Severity.INFO, "3.")]


def test_a_gap_already_in_the_original_text_is_a_warning():
    doc = critic(FORMULA + "1. One;\n\n3. Three {++now++}.")
    found = codes(lint(doc), "numbering-gap")
    assert [(d.severity, d.text) for d in found] == [(Severity.WARNING, "3.")]


def test_consecutive_numbers_raise_no_numbering_gap():
    doc = critic(FORMULA + "1. One;\n\n2. Two {++now++}.")
    assert codes(lint(doc), "numbering-gap") == []


def _mixed(note: bool) -> Document:
    blocks = [
        Block((Segment("a "), Segment("tracked", Mark.INSERT, change=Change(Source.TRACKED)))),
        Block((Segment("b "), Segment("underlined", Mark.INSERT, change=Change(Source.MARKUP)))),
    ]
    if note:
        blocks.insert(0, Block((Segment("NB. New text is underlined. Deleted text is crossed out."),)))
    return Document(tuple(blocks))


def test_tracked_changes_and_formatting_marks_without_a_note_are_mixed_marks():
    assert [d.severity for d in codes(lint(_mixed(note=False)), "mixed-marks")] == [Severity.WARNING]


def test_a_convention_note_explains_mixed_marks():
    assert codes(lint(_mixed(note=True)), "mixed-marks") == []


def test_a_move_with_one_half_is_unpaired():
    moved = Change(Source.TRACKED, move_id="m1")
    paired = Change(Source.TRACKED, move_id="m2")
    doc = Document(
        (
            Block((Segment("kept "), Segment("went", Mark.DELETE, change=moved))),
            Block((Segment("x", Mark.DELETE, change=paired), Segment("x", Mark.INSERT, change=paired))),
        )
    )
    found = codes(lint(doc), "unpaired-move")
    assert len(found) == 1 and found[0].location.block == 0 and "m1" in found[0].message


def test_reference_lint_finds_the_cms_case_changes_and_the_mis_marked_endings():
    if not REFERENCE.exists():
        pytest.skip("../shared is not beside the repository")
    found = lint(critic(REFERENCE.read_text(encoding="utf-8")))
    split = codes(found, "split-word")
    warnings = sorted(d.text for d in split if d.severity is Severity.WARNING)
    assert warnings == ["deserveing", "providesd"]
    assert sum(d.text == "Gglobal" for d in split) == 3
    gap = codes(found, "numbering-gap")
    assert [(d.text, d.location.label) for d in gap] == [("8bis.", "8bis.")]
    assert all(d.location is not None and d.location.block is not None for d in split)


def test_inspect_counts_marks_per_paragraph_and_is_plain_json():
    doc = critic("Resolution 12.3 (Rev.COP13)\n\nTITLE\n\n" + FORMULA
                 + "1. One {++abc def++} keep {--gh--};\n\n{++1bis.\tNew.++}\n\n2. Two.")
    report = inspect(doc)
    json.dumps(report)  # plain data only
    first = report["blocks"][3]
    assert first["id"] == "op.1" and first["label"] == "1."
    assert (first["inserted_chars"], first["inserted_words"], first["deleted_chars"], first["deleted_words"]) == (7, 2, 2, 1)
    assert report["blocks"][4]["id"] == "op.1+1"
    assert report["renumbering"] == [["1bis.", "2."], ["2.", "3."]]
    assert report["instrument"] == "Resolution 12.3"
    assert report["next_revision"] == "Rev.COP14"
    assert "numbering-gap" in {d["code"] for d in report["diagnostics"]}
    assert report["totals"]["inserted_words"] == 2 + 2  # "abc def" and "1bis New"


def test_each_seam_problem_in_a_paragraph_is_reported_once():
    doc = critic("Species {--2015-2023--} {++2024-2032++} as {++the framework++} {--a plan--} and more {--x--}.")
    found = codes(lint(doc), "seam-space")
    assert len(found) == 3
    assert "2024-2032" in found[0].text and "framework" in found[1].text and "more" in found[2].text
