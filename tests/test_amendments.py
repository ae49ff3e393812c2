"""The structured amendment set: extract, apply, JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from goldens import check_golden
from resamend.amend import accept, final_view, original_view, reject
from resamend.amendments import (
    FORMAT,
    AmendmentSet,
    BaseInfo,
    BlockEdit,
    TextEdit,
    _unique,
    apply,
    block_ids,
    extract,
    from_json,
    positional_ids,
    to_json,
)
from resamend.diagnostics import InputError
from resamend.model import Block, Change, Document, Mark, Meta, Segment, Source
from resamend.readers.text import parse_critic
from resamend.structure import select_instrument

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "reference" / "cms-res-11.10-cop14-annex1.critic.txt"
GOLDEN = Path(__file__).parent / "golden" / "amendments" / "cms-res-11.10-cop14.json"


def critic(text: str) -> Document:
    return parse_critic(text).value


def edits_of(text: str):
    return extract(critic(text)).value.edits


def round_trip(doc: Document) -> Document:
    result = apply(from_json(to_json(extract(doc).value)), reject(doc))
    assert not result.diagnostics
    return result.value


# --------------------------------------------------------------------------
# extract


def test_a_replaced_word_becomes_one_text_edit_with_its_span_and_context():
    (edit,) = edits_of("Welcomes the joint work {--plan--}{++programme++} between the Secretariats")
    assert edit == TextEdit(
        block="b.1",
        start=24,
        end=28,
        old="plan",
        new="programme",
        before="Welcomes the joint work ",
        after=" between the Secretariats",
    )


def test_context_is_at_most_32_characters_either_side():
    (edit,) = edits_of("A" * 50 + " {++new ++}" + "B" * 50)
    assert edit.before == "A" * 31 + " " and edit.after == "B" * 32
    assert (edit.start, edit.end, edit.old, edit.new) == (51, 51, "", "new ")


def test_a_whole_inserted_paragraph_becomes_an_insert_after_the_paragraph_before():
    edits = edits_of("First paragraph.\n\n{++A new paragraph.++}\n\nSecond paragraph.")
    assert edits == (BlockEdit("insert", "b.1+1", after="b.1", text="A new paragraph.", anchor="First paragraph."),)


def test_paragraphs_inserted_at_the_start_go_after_none():
    edits = edits_of("{++New one.++}\n\n{++New two.++}\n\nOld.")
    assert [(e.op, e.block, e.after, e.text) for e in edits] == [
        ("insert", "start+1", None, "New one."),
        ("insert", "start+2", None, "New two."),
    ]


def test_a_whole_deleted_paragraph_becomes_a_delete_carrying_its_text():
    edits = edits_of("Keep me.\n\n{--Delete me.--}\n\nKeep me too.")
    assert edits == (BlockEdit("delete", "b.2", text="Delete me."),)


def test_a_deleted_paragraph_break_becomes_a_join():
    doc = critic("First part,{--\n\n--} second part.")
    assert extract(doc).value.edits == (BlockEdit("join", "b.1", text="First part,"),)
    assert final_view(round_trip(doc)) == ["First part, second part."]


def test_an_inserted_paragraph_break_is_a_paragraph_separator_in_the_new_text():
    doc = critic("First part.{++\n\n++}Second part.")
    (edit,) = extract(doc).value.edits
    assert (edit.block, edit.start, edit.end, edit.old, edit.new) == ("b.1", 11, 11, "", "\u2029")
    assert final_view(round_trip(doc)) == ["First part.", "Second part."]


def test_structural_ids_name_preamble_and_operative_paragraphs():
    doc = critic(
        "Recalling Resolution 7.9,\n\nThe Conference of the Parties\n\n"
        "1. Stresses the importance of cooperation;\n\n2. Requests the {--Secretariat--}{++Executive Secretary++} to report;"
    )
    (edit,) = extract(doc).value.edits
    assert edit.block == "op.2"
    assert block_ids(reject(doc)) == ("pre.1", "enact", "op.1", "op.2")


def test_blocks_the_structure_does_not_name_get_positional_ids():
    doc = critic("Just a note.\n\n\n\nAnother {++plain ++}note.")
    ids = block_ids(reject(doc))
    assert ids == positional_ids(reject(doc)) == ("b.1", "b.2")
    assert extract(doc).value.edits[0].block == "b.2"


def test_repeated_ids_are_made_unique_in_document_order():
    assert _unique(["enact", "op.1", "enact", "enact"]) == ("enact", "op.1", "enact~2", "enact~3")
    assert _unique(["x", "x~2", "x"]) == ("x", "x~2", "x~3")


def test_text_marked_both_ways_is_named_in_a_warning_and_in_no_edit():
    doc = Document((Block(segments=(Segment("Keep "), Segment("lost", Mark.BOTH), Segment(" end"))),))
    result = extract(doc)
    assert result.value.edits == ()
    assert [(d.code, d.text) for d in result.diagnostics] == [("ambiguous-mark", "lost")]


def test_the_move_id_of_a_tracked_move_is_kept_on_both_edits():
    moved = Change(Source.TRACKED, move_id="move1")
    doc = Document(
        (
            Block(segments=(Segment("Alpha "), Segment("moved words ", Mark.DELETE, change=moved), Segment("beta."))),
            Block(segments=(Segment("Gamma "), Segment("moved words ", Mark.INSERT, change=moved), Segment("delta."))),
        )
    )
    edits = extract(doc).value.edits
    assert [e.move for e in edits] == ["move1", "move1"]
    applied = apply(extract(doc).value, reject(doc)).value
    marked = [s for b in applied.blocks for s in b.segments if s.mark is not Mark.KEEP]
    assert [(s.mark, s.change.move_id) for s in marked] == [(Mark.DELETE, "move1"), (Mark.INSERT, "move1")]


def test_the_base_info_comes_from_the_document_meta():
    doc = select_instrument(critic("PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)\n\nTEXT {++new++}")).value
    base = extract(doc).value.base
    assert (base.instrument, base.revision) == ("Resolution 11.10", "Rev.COP13")


# --------------------------------------------------------------------------
# apply


def test_the_applied_document_is_marked_with_the_base_as_its_original_view():
    base = critic("Requests the Secretariat to report;\n\nUrges Parties to act.")
    amendments = AmendmentSet(
        BaseInfo(),
        (
            TextEdit("b.1", 13, 24, "Secretariat", "Executive Secretary", "Requests the ", " to report;"),
            BlockEdit("insert", "b.1+1", after="b.1", text="Invites observers.", anchor="to report;"),
        ),
    )
    result = apply(amendments, base)
    assert result.diagnostics == ()
    assert result.value.is_marked
    assert [b.text for b in reject(result.value).blocks] == [b.text for b in base.blocks]
    assert final_view(result.value) == ["Requests the Executive Secretary to report;", "Invites observers.", "Urges Parties to act."]


def test_inline_formatting_of_the_base_survives_around_and_inside_edits():
    base = Document((Block(segments=(Segment("Plain "), Segment("bold words", style=frozenset({"bold"})), Segment(" end"))),))
    amendments = AmendmentSet(edits=(TextEdit("b.1", 11, 16, "words", "text", "Plain bold ", " end"),))
    blocks = apply(amendments, base).value.blocks
    assert [(s.text, s.mark, sorted(s.style)) for s in blocks[0].segments] == [
        ("Plain ", Mark.KEEP, []),
        ("bold ", Mark.KEEP, ["bold"]),
        ("words", Mark.DELETE, ["bold"]),
        ("text", Mark.INSERT, []),
        (" end", Mark.KEEP, []),
    ]


def test_a_marked_base_is_refused_with_a_hint():
    with pytest.raises(InputError) as info:
        apply(AmendmentSet(), critic("Some {++marked++} text"))
    assert "clean" in info.value.hint


def test_overlapping_edits_are_reported_and_the_first_is_kept():
    base = critic("one two three four")
    amendments = AmendmentSet(
        edits=(
            TextEdit("b.1", 4, 13, "two three", "2 3", "one ", " four"),
            TextEdit("b.1", 8, 18, "three four", "3 4", "one two ", ""),
        )
    )
    result = apply(amendments, base)
    assert [d.code for d in result.diagnostics] == ["unplaced-edit"]
    assert "overlaps" in result.diagnostics[0].message
    assert final_view(result.value) == ["one 2 3 four"]


def test_an_insert_after_a_block_that_is_not_there_is_unplaced():
    result = apply(AmendmentSet(edits=(BlockEdit("insert", "op.9+1", after="op.9", text="New.", anchor="gone;"),)), critic("Only text."))
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("unplaced-edit", "error")]
    assert "op.9" in result.diagnostics[0].message


def test_a_delete_finds_its_paragraph_again_after_the_base_gained_one_before_it():
    doc = critic("Alpha paragraph.\n\n{--Beta paragraph to go.--}\n\nGamma paragraph.")
    amendments = extract(doc).value
    moved_base = critic("New first paragraph.\n\nAlpha paragraph.\n\nBeta paragraph to go.\n\nGamma paragraph.")
    result = apply(amendments, moved_base)
    assert [d.code for d in result.diagnostics] == ["reanchored-edit"]
    assert final_view(result.value) == ["New first paragraph.", "Alpha paragraph.", "Gamma paragraph."]


def test_an_insertion_with_empty_old_text_is_found_by_its_context_after_the_block_changed():
    doc = critic("Requests the Secretariat to report {++regularly ++}to the Standing Committee on progress made.")
    amendments = extract(doc).value
    base = critic("Further requests the Secretariat to report to the Standing Committee on progress made.")
    result = apply(amendments, base)
    assert not [d for d in result.diagnostics if d.code == "unplaced-edit"]
    assert final_view(result.value) == ["Further requests the Secretariat to report regularly to the Standing Committee on progress made."]


def test_applying_is_deterministic():
    doc = critic("A {--b--}{++c++} d.\n\n{++New.++}\n\nE {++f ++}g.")
    first = apply(extract(doc).value, reject(doc))
    second = apply(extract(doc).value, reject(doc))
    assert first == second


# --------------------------------------------------------------------------
# JSON


def test_json_has_the_format_tag_and_a_stable_key_order():
    amendments = extract(critic("Old {--a--}{++b++} text.\n\n{++New paragraph.++}")).value
    data = json.loads(to_json(amendments))
    assert list(data) == ["format", "base", "edits"]
    assert data["format"] == FORMAT == "resamend.amendments/1"
    assert list(data["base"]) == ["instrument", "revision", "source"]
    assert list(data["edits"][0]) == ["op", "block", "start", "end", "old", "new", "before", "after"]
    assert list(data["edits"][1]) == ["op", "block", "after", "text", "anchor"]


def test_a_paragraph_break_in_json_is_written_as_a_visible_escape():
    text = to_json(extract(critic("First.{++\n\n++}Second.")).value)
    assert '"new": "\\u2029"' in text
    assert "\u2029" not in text


@pytest.mark.parametrize(
    "data, words",
    [
        ("[1, 2", "invalid JSON"),
        ("[]", "JSON object"),
        ('{"format": "resamend.document/1"}', "not an amendment set"),
        ('{"format": "resamend.amendments/2", "edits": []}', "unsupported amendment set version"),
        ('{"format": "resamend.amendments/1"}', '"edits" must be a list'),
        ('{"format": "resamend.amendments/1", "edits": [{"op": "move"}]}', "unknown op"),
        ('{"format": "resamend.amendments/1", "edits": [{"op": "delete", "block": "b.1", "text": "x", "colour": 1}]}', "unknown key 'colour'"),
        ('{"format": "resamend.amendments/1", "edits": [{"op": "text", "block": "b.1", "start": 0, "end": 3, "old": "ab", "new": ""}]}', "not the length of old"),
        ('{"format": "resamend.amendments/1", "edits": [{"op": "text", "block": "b.1", "start": 4, "end": 2, "old": "", "new": ""}]}', "0 <= start <= end"),
        ('{"format": "resamend.amendments/1", "edits": [{"op": "delete", "block": 7, "text": "x"}]}', "'block' must be a string"),
    ],
)
def test_a_bad_amendment_set_is_an_input_error_with_a_hint(data, words):
    with pytest.raises(InputError) as info:
        from_json(data, source="set.json")
    assert words in info.value.what
    assert info.value.hint
    assert info.value.path == "set.json"


def test_json_round_trip_keeps_every_field():
    amendments = AmendmentSet(
        BaseInfo("Resolution 11.10", "Rev.COP13", "draft.docx"),
        (
            TextEdit("op.12", 3, 7, "plan", "programme\u2029", "ab ", " cd", move="m1"),
            BlockEdit("insert", "op.8+1", after="op.8", text="8bis. New", anchor="end;"),
            BlockEdit("insert", "start+1", after=None, text=""),
            BlockEdit("delete", "pre.3", text="Old."),
            BlockEdit("join", "op.4", text="Four", move="m2"),
        ),
    )
    assert from_json(to_json(amendments)) == amendments


# --------------------------------------------------------------------------
# The reference draft: CMS Resolution 11.10 amended at COP14


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE.exists():
        pytest.skip("the shared reference draft is not available")
    doc = parse_critic(REFERENCE.read_text(encoding="utf-8"), REFERENCE.name).value
    return select_instrument(doc).value


def test_the_reference_draft_gives_a_plausible_number_of_edits(reference):
    amendments = extract(reference).value
    marked_runs = REFERENCE.read_text(encoding="utf-8").count("{++") + REFERENCE.read_text(encoding="utf-8").count("{--")
    inserts = [e for e in amendments.edits if isinstance(e, BlockEdit) and e.op == "insert"]
    # adjacent {--old--}{++new++} pairs become one edit each
    assert marked_runs // 2 <= len(amendments.edits) <= marked_runs
    assert [e.block for e in inserts] == ["pre.2+1", "pre.15+1", "pre.18+1", "op.8+1", "op.28+1"]
    assert inserts[3].text.startswith("8bis.") and inserts[3].after == "op.8"


def test_the_reference_set_applied_to_its_original_gives_its_final_view(reference):
    result = apply(from_json(to_json(extract(reference).value)), reject(reference))
    assert result.diagnostics == ()
    assert final_view(result.value) == final_view(reference)
    assert original_view(result.value) == original_view(reference)
    assert accept(result.value) != reject(reference)


def test_the_reference_set_names_paragraph_12_as_op_12(reference):
    edits = [e for e in extract(reference).value.edits if isinstance(e, TextEdit) and e.block == "op.12"]
    assert [(e.old, e.new) for e in edits] == [
        ("plan", ""),
        ("", "programme"),
        ("plans", ""),
        ("", "programmes"),
        ("", " aligned with the Strategic Plan for Migratory Species 2024-2032"),
    ]
    base = reject(reference)
    assert base.blocks[block_ids(base).index("op.12")].text.startswith("12. Welcomes")


def test_the_reference_set_matches_its_golden_file(reference):
    check_golden(GOLDEN, to_json(extract(reference).value))


@pytest.mark.parametrize(
    "draft, published, expected",
    [
        ("Welcomes the joint work {--plan--} {++programme++} between them", "Welcomes the joint work plan between them",
         "Welcomes the joint work programme between them"),
        ("as well as {++Resolution 11.11++}{-- Resolution 10.25--}, and", "as well as Resolution 10.25, and",
         "as well as Resolution 11.11, and"),
        ("the {++Convention’s ++} {--CMS--} objectives", "the CMS objectives", "the Convention’s objectives"),
    ],
)
def test_edits_keep_words_apart_on_a_published_base_with_tidied_spaces(draft, published, expected):
    result = apply(extract(critic(draft)).value, critic(published))
    assert not [d for d in result.diagnostics if d.code == "unplaced-edit"]
    assert " ".join(final_view(result.value)[0].split()) == expected


def test_a_set_for_another_instrument_is_applied_with_a_warning():
    base = replace(critic("Requests the Secretariat to act."), meta=Meta(instrument="Resolution 12.3"))
    amendments = AmendmentSet(BaseInfo(instrument="Resolution 11.10"), (TextEdit("b.1", 0, 8, "Requests", "Urges", "", " the Secr"),))
    result = apply(amendments, base)
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("base-mismatch", "warning")]
    assert "Resolution 11.10" in result.diagnostics[0].message and "Resolution 12.3" in result.diagnostics[0].message
    assert final_view(result.value) == ["Urges the Secretariat to act."]
