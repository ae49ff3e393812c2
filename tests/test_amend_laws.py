"""The laws of DESIGN.md that hold for the core operations alone."""

from hypothesis import given, settings

from resamend.amend import accept, final_view, invert, original_view, reject
from resamend.model import Document, Mark, Segment, paragraph
from resamend.normalize import canonical
from resamend.readers.text import parse_critic
from resamend.writers.text import render

from strategies import documents

LAWS = settings(max_examples=150, derandomize=True, deadline=None)


@LAWS
@given(documents())
def test_inverting_twice_changes_nothing(doc):
    assert invert(invert(doc)) == doc


@LAWS
@given(documents())
def test_reject_is_accept_after_invert_in_both_directions(doc):
    assert reject(doc) == accept(invert(doc))
    assert accept(doc) == reject(invert(doc))


@LAWS
@given(documents())
def test_accepted_document_has_no_marks_left(doc):
    assert not accept(doc).is_marked
    assert not reject(doc).is_marked


@LAWS
@given(documents())
def test_accepting_a_clean_document_changes_nothing(doc):
    clean = accept(doc)
    assert accept(clean) == clean


def test_an_unmarked_document_is_its_own_final_view():
    doc = Document((paragraph("Requests the Secretariat"), paragraph(Segment("to report", style=frozenset({"b"})))))
    assert accept(doc) == doc


def test_accepting_drops_an_empty_segment_even_when_nothing_is_marked():
    doc = Document((paragraph(Segment("Requests"), Segment(""), Segment(" the Parties")),))
    assert accept(doc).blocks[0].segments == (Segment("Requests"), Segment(" the Parties"))


@LAWS
@given(documents())
def test_lowering_block_marks_keeps_both_views(doc):
    assert final_view(canonical(doc)) == final_view(doc)
    assert original_view(canonical(doc)) == original_view(doc)


@LAWS
@given(documents())
def test_critic_markup_round_trip_keeps_the_document(doc):
    back = parse_critic(render(doc)).value
    assert _same_marks(back, doc)


def _same_marks(a, b):
    """Compare text and marks only (provenance differs: text vs none)."""
    def key(d):
        return [([(s.text, s.mark) for s in blk.segments], blk.boundary) for blk in canonical(d).blocks]
    return key(a) == key(b)


@LAWS
@given(documents())
def test_every_character_is_in_the_final_or_the_original_view(doc):
    from collections import Counter

    segs = [s for b in canonical(doc).blocks for s in b.segments]
    in_final = Counter("".join(s.text for s in segs if s.mark.in_final))
    in_original = Counter("".join(s.text for s in segs if s.mark.in_original))
    assert not in_final - Counter("".join(final_view(doc)))
    assert not in_original - Counter("".join(original_view(doc)))


def test_removed_break_does_not_join_across_a_vanished_table_cell():
    from resamend.model import Block, Document, Segment

    doc = Document((
        Block((Segment("before table"),), boundary=Mark.DELETE),
        Block((Segment("deleted cell"),), mark=Mark.DELETE, container="t1r1c1"),
        Block((Segment("after table"),)),
    ))
    assert final_view(doc) == ["before table", "after table"]


def test_accepted_block_is_what_dataclasses_replace_would_give():
    """Block.accepted lists the fields by hand for speed: a new field must
    be added there too, or this fails."""
    from dataclasses import fields, replace

    from resamend.model import Block, BlockKind, Segment

    values = {
        "segments": (Segment("a", Mark.INSERT),), "kind": BlockKind.CELL, "style": "Normal", "label": "8bis.",
        "mark": Mark.DELETE, "boundary": Mark.INSERT, "origin": "p3", "level": 2, "container": "t1r1c1",
        "original_label": "8.",
    }
    assert set(values) == {f.name for f in fields(Block)}
    block = Block(**values)
    new = (Segment("b"),)
    # a clean block has no original-view label
    assert block.accepted(new) == replace(block, segments=new, mark=Mark.KEEP, boundary=Mark.KEEP, original_label=None)
