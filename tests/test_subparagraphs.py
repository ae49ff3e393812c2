"""Sub-paragraphs are relabelled in sequence within each paragraph, in their
own scheme; draft decision placeholders are left alone.  Expected texts
written by hand from the fixtures."""

from __future__ import annotations

from resamend.consolidate import ConsolidateOptions, finish
from resamend.readers.text import parse_critic

HEADER = (
    "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.3 (Rev.COP13)\n\nMANILA DECLARATION\n\n"
    "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n\n"
)


def body(text: str, **options) -> list[str]:
    doc = finish(parse_critic(HEADER + text).value, ConsolidateOptions(cop=14, **options)).value.document
    return [b.text for b in doc.blocks][4:]


def test_an_inserted_a_bis_becomes_b_and_later_letters_shift():
    assert body("1. Requests:\n\na) to act;\n\n{++a bis) to report;++}\n\nb) to meet.") == [
        "1. Requests:", "a) to act;", "b) to report;", "c) to meet."
    ]


def test_an_inserted_aa_in_parentheses_becomes_b():
    assert body("1. Requests:\n\n(a) to act;\n\n{++(aa) to report;++}\n\n(b) to meet.") == [
        "1. Requests:", "(a) to act;", "(b) to report;", "(c) to meet."
    ]


def test_roman_numerals_below_letters_are_counted_on_their_own():
    assert body("1. Requests:\n\na) to act:\n\n(i) first;\n\n{--(ii) second;--}\n\n(iii) third;\n\nb) to meet.") == [
        "1. Requests:", "a) to act:", "(i) first;", "(ii) third;", "b) to meet."
    ]


def test_letters_h_i_j_stay_letters():
    subs = "".join(f"{c}) item {c};\n\n" for c in "abcdefgh") + "{++h bis) new;++}\n\ni) item i;\n\nj) item j."
    out = body("1. Requests:\n\n" + subs)
    assert out[-3:] == ["i) new;", "j) item i;", "k) item j."]


def test_each_paragraph_starts_its_letters_again_and_dotted_letters_keep_their_dot():
    assert body("1. Requests:\n\na. to act;\n\n{++b. to report;++}\n\nb. to meet;\n\n2. Urges:\n\nb. misnumbered.") == [
        "1. Requests:", "a. to act;", "b. to report;", "c. to meet;", "2. Urges:", "a. misnumbered."
    ]


def test_a_deleted_sub_paragraph_closes_the_gap():
    assert body("1. Requests:\n\na) to act;\n\n{--b) to report;--}\n\nc) to meet.") == [
        "1. Requests:", "a) to act;", "b) to meet."
    ]


def test_draft_decision_placeholders_are_left_alone():
    out = body("1. Requests:\n\na) to act.\n\n14.AA The Secretariat shall:\n\n{++14.BB Parties are invited.++}")
    assert out[-2:] == ["14.AA The Secretariat shall:", "14.BB Parties are invited."]


def test_no_renumber_leaves_sub_paragraph_labels_too():
    assert body("1. Requests:\n\na) to act;\n\n{++a bis) to report;++}", renumber=False)[-1] == "a bis) to report;"


def test_a_reference_to_a_relabelled_sub_paragraph_follows_it():
    out = body("1. Requests:\n\na) to act;\n\n{++a bis) to report;++}\n\nb) to meet.\n\n2. Recalls paragraph 1 (b).")
    assert out[-1] == "2. Recalls paragraph 1 (c)."
