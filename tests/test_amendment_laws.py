"""Laws of the structured amendment set (DESIGN.md):
``apply(extract(d), reject(d))`` has the final and the original view of ``d``,
and a set still lands on a base that has moved a little."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from resamend.amend import final_view, original_view, reject
from resamend.amendments import BlockEdit, TextEdit, apply, extract, from_json, to_json
from resamend.model import Block, Document, Mark, Segment

LAWS = settings(max_examples=200, derandomize=True, deadline=None)

WORDS = st.sampled_from(
    ["Requests", "the", "Secretariat", "to", "Parties,", "2024-2032", "8bis.", "(a)", "Global", "été", "协定",
     "Kunming-Montreal", "CMS;", "and", "x"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
SEG_MARKS = st.sampled_from([Mark.KEEP, Mark.KEEP, Mark.INSERT, Mark.DELETE])


@st.composite
def paragraphs(draw):
    """A paragraph with random insert/delete marks, or a whole inserted or
    deleted paragraph (by block mark or by marking all of its text)."""
    kind = draw(st.sampled_from(["marked"] * 6 + ["inserted", "deleted", "all-inserted", "all-deleted", "spacer"]))
    boundary = draw(st.sampled_from([Mark.KEEP] * 6 + [Mark.INSERT, Mark.DELETE]))
    container = draw(st.sampled_from([None] * 8 + ["t1r1c1"]))
    if kind == "spacer":
        return Block(segments=(), boundary=boundary, container=container)
    if kind in ("all-inserted", "all-deleted"):
        mark = Mark.INSERT if kind == "all-inserted" else Mark.DELETE
        segs = (Segment(draw(TEXT), mark),)
        return Block(segments=segs, boundary=boundary, container=container)
    segs = tuple(Segment(draw(TEXT) + " ", draw(SEG_MARKS)) for _ in range(draw(st.integers(1, 5))))
    mark = {"inserted": Mark.INSERT, "deleted": Mark.DELETE}.get(kind, Mark.KEEP)
    return Block(segments=segs, mark=mark, boundary=boundary, container=container)


@st.composite
def documents(draw):
    """Marked documents, some with paragraphs repeated word for word (the
    anchoring must not confuse a paragraph with its twin)."""
    blocks = draw(st.lists(paragraphs(), min_size=1, max_size=7))
    if draw(st.booleans()):
        i = draw(st.integers(0, len(blocks) - 1))
        j = draw(st.integers(0, len(blocks)))
        blocks.insert(j, blocks[i])
    return Document(tuple(blocks))


@LAWS
@given(documents())
def test_applying_the_extracted_set_to_the_original_gives_the_final_view(doc):
    result = apply(extract(doc).value, reject(doc))
    assert not [d for d in result.diagnostics if d.code == "unplaced-edit"]
    assert final_view(result.value) == final_view(doc)


@LAWS
@given(documents())
def test_applying_the_extracted_set_keeps_the_original_view(doc):
    result = apply(extract(doc).value, reject(doc))
    assert original_view(result.value) == original_view(doc)
    assert [b.text for b in reject(result.value).blocks] == [b.text for b in reject(doc).blocks]


@LAWS
@given(documents())
def test_the_extracted_set_survives_a_json_round_trip(doc):
    amendments = extract(doc).value
    assert from_json(to_json(amendments)) == amendments
    assert to_json(from_json(to_json(amendments))) == to_json(amendments)


@LAWS
@given(documents())
def test_every_edit_is_anchored_to_text_that_is_in_the_base(doc):
    amendments = extract(doc).value
    base = reject(doc)
    texts = [b.text for b in base.blocks]
    from resamend.amendments import block_ids

    index = {name: i for i, name in enumerate(block_ids(base))}
    for edit in amendments.edits:
        if isinstance(edit, TextEdit):
            text = texts[index[edit.block]]
            assert text[edit.start : edit.end] == edit.old
            assert text[: edit.start].endswith(edit.before) and text[edit.end :].startswith(edit.after)
        elif edit.op in ("delete", "join"):
            assert texts[index[edit.block]] == edit.text
        else:
            assert edit.after is None or edit.after in index


# --------------------------------------------------------------------------
# Robustness: the base has moved a little since the set was made

DRAFT = [
    ("Recalling Resolution 7.9 on cooperation with other bodies and processes, and the decisions of the Standing Committee,", None),
    ("Requests the Secretariat to continue developing effective cooperation with relevant stakeholders, including {old} and NGOs, within the mandates given by their Parties;", ("international organizations", "international organizations, subnational and local governments")),
    ("Encourages Parties to strengthen engagement with indigenous peoples, youth groups and local communities across the Family;", None),
]


def _draft() -> Document:
    blocks = []
    for text, change in DRAFT:
        if change is None:
            blocks.append(Block(segments=(Segment(text),)))
            continue
        head, tail = text.split("{old}")
        old, new = change
        blocks.append(Block(segments=(Segment(head), Segment(old, Mark.DELETE), Segment(new, Mark.INSERT), Segment(tail))))
        blocks.append(Block(segments=(Segment("Further requests the Secretariat to report to each meeting."),), mark=Mark.INSERT))
    return Document(tuple(blocks))


def _base(*texts: str) -> Document:
    return Document(tuple(Block(segments=(Segment(t),)) for t in texts))


def _expected_final(base_texts: list[str]) -> list[str]:
    out = []
    for t in base_texts:
        out.append(t.replace("international organizations and", "international organizations, subnational and local governments and"))
        if t.startswith("Requests the Secretariat"):
            out.append("Further requests the Secretariat to report to each meeting.")
    return out


def test_an_edit_still_lands_when_a_word_changed_elsewhere_in_its_block():
    amendments = extract(_draft()).value
    texts = [b.text for b in reject(_draft()).blocks]
    texts[1] = texts[1].replace("continue developing effective", "keep developing practical and effective")
    result = apply(amendments, _base(*texts))
    assert not [d for d in result.diagnostics if d.code == "unplaced-edit"]
    assert final_view(result.value) == _expected_final(texts)
    assert [d.code for d in result.diagnostics] == ["reanchored-edit"]


def test_edits_still_land_when_a_paragraph_was_inserted_before_them():
    amendments = extract(_draft()).value
    texts = [b.text for b in reject(_draft()).blocks]
    texts.insert(0, "Noting with appreciation the work of the partner organizations of the Convention,")
    result = apply(amendments, _base(*texts))
    assert not [d for d in result.diagnostics if d.code == "unplaced-edit"]
    assert final_view(result.value) == _expected_final(texts)


def test_an_edit_whose_old_text_is_gone_is_reported_unplaced():
    amendments = extract(_draft()).value
    texts = [b.text for b in reject(_draft()).blocks]
    texts[1] = texts[1].replace("international organizations", "intergovernmental bodies")
    result = apply(amendments, _base(*texts))
    errors = [d for d in result.diagnostics if d.code == "unplaced-edit"]
    assert len(errors) == 1
    assert errors[0].severity.value == "error"
    assert "b.2" in errors[0].message and "international organizations" in errors[0].message


def test_the_insertion_after_a_moved_paragraph_follows_that_paragraph():
    amendments = extract(_draft()).value
    inserted = [e for e in amendments.edits if isinstance(e, BlockEdit)]
    assert [(e.op, e.after) for e in inserted] == [("insert", "b.2")]
    texts = [b.text for b in reject(_draft()).blocks]
    texts.insert(1, "Recognizing the role of partner organizations,")
    result = apply(amendments, _base(*texts))
    final = final_view(result.value)
    assert final.index("Further requests the Secretariat to report to each meeting.") == final.index(texts[2].replace(
        "international organizations and", "international organizations, subnational and local governments and")) + 1
