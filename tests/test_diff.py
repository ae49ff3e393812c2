"""The diff engine, on examples taken from real CMS amendments."""

import re
from collections import Counter
from pathlib import Path

import pytest

from resamend.amend import accept, final_view, original_view, reject
from resamend.diagnostics import UsageError
from resamend.diff import (
    changed_token_count,
    diff_documents,
    diff_texts,
    lcs_changed_tokens,
)
from resamend.model import Block, BlockKind, Document, Mark, Meta, Segment, Source, paragraph
from resamend.tokens import is_space, tokenize

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cms-res-11.10-cop14-annex1.critic.txt"


def doc(*texts, **meta):
    return Document(tuple(paragraph(t) for t in texts), Meta(**meta))


def redline(d: Document) -> list[str]:
    """CriticMarkup-like reading of a diff, one string per block."""
    out = []
    for block in d.blocks:
        text = "".join(
            {Mark.KEEP: "{}", Mark.INSERT: "{{++{}++}}", Mark.DELETE: "{{--{}--}}"}[s.mark].format(s.text)
            for s in block.segments
        )
        out.append(text if block.mark is Mark.KEEP else f"[{block.mark.value}] {text}")
    return out


def marked_pieces(d: Document) -> list[tuple[Mark, str]]:
    return [(s.mark, s.text) for b in d.blocks for s in b.segments if s.mark is not Mark.KEEP]


# --- one paragraph -----------------------------------------------------------


def test_identical_documents_have_no_marks():
    a = doc("Recalling Resolution 7.9 Cooperation with Other Bodies,", "1. Requests the Secretariat;")
    d = diff_documents(a, a)
    assert not d.is_marked
    assert [b.text for b in d.blocks] == [b.text for b in a.blocks]


def test_changed_year_range_is_one_replacement():
    d = diff_documents(
        doc("Highlighting the Strategic Plan for Migratory Species 2015-2023 as a strategic framework"),
        doc("Highlighting the Strategic Plan for Migratory Species 2024-2032 as a strategic framework"),
    )
    assert marked_pieces(d) == [(Mark.DELETE, "2015-2023"), (Mark.INSERT, "2024-2032")]


def test_changed_word_is_one_replacement_with_the_deletion_first():
    d = diff_documents(
        doc("Requests the Secretariat to develop a plan of action"),
        doc("Requests the Secretariat to develop a programme of action"),
    )
    assert redline(d) == ["Requests the Secretariat to develop a {--plan--}{++programme++} of action"]


def test_removed_words_at_the_start_are_one_deletion_with_their_space():
    d = diff_documents(
        doc("Further requests the Secretariat to report"),
        doc("Requests the Secretariat to report"),
    )
    assert redline(d) == ["{--Further requests--}{++Requests++} the Secretariat to report"]


def test_deleted_word_takes_its_following_space():
    d = diff_documents(doc("the big dog barks"), doc("the dog barks"))
    assert redline(d) == ["the {--big --}dog barks"]


def test_inserted_words_take_their_following_space():
    d = diff_documents(
        doc("the development of the global framework"),
        doc("the development of the Kunming-Montreal global framework"),
    )
    assert redline(d) == ["the development of the {++Kunming-Montreal ++}global framework"]


def test_doubled_word_is_marked_where_it_first_stands():
    # The change may slide along the repeated word; the rule puts it first,
    # even when that lies in the unchanged start the diff cut off.
    d = diff_documents(
        doc("Requests the Secretariat to to continue its work", "the Conference of the Parties requests"),
        doc("Requests the Secretariat to continue its work", "the Conference of the the Parties requests"),
    )
    assert redline(d) == ["Requests the Secretariat {--to --}to continue its work", "the Conference of {++the ++}the Parties requests"]


def test_deletion_before_punctuation_takes_its_leading_space():
    d = diff_documents(
        doc("so as to improve coherence in their implementation; and"),
        doc("so as to improve coherence in their implementation;"),
    )
    assert redline(d) == ["so as to improve coherence in their implementation;{-- and--}"]


def test_short_word_between_two_changes_is_absorbed_into_one_replacement():
    d = diff_documents(doc("the plan of action was adopted"), doc("the programme of work was adopted"))
    assert redline(d) == ["the {--plan of action--}{++programme of work++} was adopted"]


def test_long_word_between_two_changes_stays_unmarked():
    d = diff_documents(doc("the plan Secretariat was adopted"), doc("the programme Secretariat is adopted"))
    assert redline(d) == ["the {--plan--}{++programme++} Secretariat {--was--}{++is++} adopted"]


def test_mark_never_splits_a_word():
    old = "which provided an important contribution to the global biodiversity framework, including synergies"
    new = "which provides an important contributions to the Kunming-Montreal Global Biodiversity Framework, incl. synergy"
    d = diff_documents(doc(old), doc(new))
    _assert_marks_on_token_boundaries(d.blocks[0], old, new)


def _assert_marks_on_token_boundaries(block: Block, old: str, new: str) -> None:
    def boundaries(text):  # token boundaries, or inside a run of spaces
        ends, pos = {0}, 0
        for t in tokenize(text):
            if t.isspace():
                ends.update(range(pos, pos + len(t)))
            pos += len(t)
            ends.add(pos)
        return ends

    old_cuts, new_cuts = boundaries(old), boundaries(new)
    old_pos = new_pos = 0
    for seg in block.segments:
        if seg.mark.in_original:
            old_pos += len(seg.text)
        if seg.mark.in_final:
            new_pos += len(seg.text)
        assert old_pos in old_cuts, (seg, old_pos)
        assert new_pos in new_cuts, (seg, new_pos)


def test_number_change_inside_a_paragraph_label_is_one_replacement():
    d = diff_documents(doc("8bis.\tFurther encourages Parties"), doc("9.\tFurther encourages Parties"))
    assert marked_pieces(d) == [(Mark.DELETE, "8bis."), (Mark.INSERT, "9.")]


def test_cjk_text_is_compared_character_by_character():
    d = diff_documents(doc("保护迁徙物种公约"), doc("保护迁徙野生动物物种公约"))
    assert marked_pieces(d) == [(Mark.INSERT, "野生动物")]


def test_long_paragraph_without_line_breaks_is_diffed_exactly():
    words = [f"w{n}" for n in range(3000)]  # long enough to take the anchored path
    new = list(words)
    new[100] = "changed"
    del new[2000:2002]
    new.insert(2500, "added")
    old_text, new_text = " ".join(words), " ".join(new)
    d = diff_documents(doc(old_text), doc(new_text))
    assert final_view(d) == [new_text] and original_view(d) == [old_text]
    assert changed_token_count(d) == lcs_changed_tokens(words, new) == 5


# --- letters -----------------------------------------------------------------


def test_char_granularity_marks_single_letters():
    d = diff_documents(
        doc("the global biodiversity framework, which provided"),
        doc("the Global Biodiversity Framework, which provides"),
        granularity="char",
    )
    assert redline(d) == [
        "the {--g--}{++G++}lobal {--b--}{++B++}iodiversity {--f--}{++F++}ramework, which provide{--d--}{++s++}"
    ]


def test_char_granularity_keeps_words_that_were_replaced_not_respelled():
    d = diff_documents(doc("a plan of action"), doc("a programme of action"), granularity="char")
    assert redline(d) == ["a {--plan--}{++programme++} of action"]


def test_char_granularity_leaves_numbers_whole():
    d = diff_documents(doc("Strategic Plan 2015-2023"), doc("Strategic Plan 2024-2032"), granularity="char")
    assert marked_pieces(d) == [(Mark.DELETE, "2015-2023"), (Mark.INSERT, "2024-2032")]


def test_char_granularity_pairs_a_respelled_word_after_an_insertion():
    pieces = diff_texts(
        "Aware of the ongoing discussions, and appreciating the efforts",
        "Appreciating the efforts",
        granularity="char",
    )
    assert pieces[:3] == [
        (Mark.DELETE, "Aware of the ongoing discussions, and a"),
        (Mark.INSERT, "A"),
        (Mark.KEEP, "ppreciating the efforts"),
    ]


def test_unknown_granularity_is_a_usage_error():
    with pytest.raises(UsageError) as caught:
        diff_documents(doc("a"), doc("b"), granularity="line")
    assert "word" in caught.value.hint


# --- paragraphs --------------------------------------------------------------


def test_new_paragraph_is_an_inserted_block():
    a = doc("Recalling the Convention,", "1. Requests the Secretariat;")
    b = doc("Recalling the Convention,", "Noting the role of local governments,", "1. Requests the Secretariat;")
    d = diff_documents(a, b)
    assert [blk.mark for blk in d.blocks] == [Mark.KEEP, Mark.INSERT, Mark.KEEP]
    assert d.blocks[1].text == "Noting the role of local governments,"


def test_removed_paragraph_is_a_deleted_block():
    a = doc("Recalling the Convention,", "Aware of the ongoing discussions with FAO,", "1. Requests;")
    b = doc("Recalling the Convention,", "1. Requests;")
    d = diff_documents(a, b)
    assert [blk.mark for blk in d.blocks] == [Mark.KEEP, Mark.DELETE, Mark.KEEP]
    assert all(s.mark is Mark.DELETE for s in d.blocks[1].segments)


def test_amended_paragraph_is_one_block_with_marks_inside():
    a = doc("Recalling the Convention,", "23. Requests the Secretariat to report to the Standing Committee;", "End.")
    b = doc("Recalling the Convention,", "23. Also requests the Secretariat to report to the Standing Committee;", "End.")
    d = diff_documents(a, b)
    assert len(d.blocks) == 3
    assert redline(d)[1] == "23. {--Requests--}{++Also requests++} the Secretariat to report to the Standing Committee;"


def test_unrelated_paragraph_in_the_same_place_is_replaced_whole():
    a = doc("Recalling the Convention,", "Aware of the ongoing discussions with FAO on cooperation,", "End.")
    b = doc("Recalling the Convention,", "Welcoming the World Coastal Forum as a global partnership initiative,", "End.")
    d = diff_documents(a, b)
    assert [blk.mark for blk in d.blocks] == [Mark.KEEP, Mark.DELETE, Mark.INSERT, Mark.KEEP]


def test_moved_paragraph_is_a_move_not_delete_and_insert():
    moving = "Welcoming the decisions taken by the Convention on Biological Diversity on synergies,"
    a = doc(moving, "Recalling Resolution 7.9,", "Acknowledging the importance of cooperation,", "1. Requests;")
    b = doc("Recalling Resolution 7.9,", "Acknowledging the importance of cooperation,", moving, "1. Requests;")
    d = diff_documents(a, b)
    halves = [blk for blk in d.blocks if blk.mark is not Mark.KEEP]
    assert [h.mark for h in halves] == [Mark.DELETE, Mark.INSERT]
    assert {h.text for h in halves} == {moving}
    ids = {s.change.move_id for h in halves for s in h.segments}
    assert ids == {"move-1"}


def test_slightly_edited_moved_paragraph_is_still_a_move():
    moving = "Welcoming the decisions taken by the Convention on Biological Diversity and CITES on cooperation, coordination and synergies,"
    edited = moving.replace("and CITES ", "")
    a = doc(moving, "Recalling Resolution 7.9,", "Acknowledging the importance of cooperation,", "1. Requests;")
    b = doc("Recalling Resolution 7.9,", "Acknowledging the importance of cooperation,", edited, "1. Requests;")
    d = diff_documents(a, b)
    halves = [blk for blk in d.blocks if blk.mark is not Mark.KEEP]
    assert [(h.mark, h.text) for h in halves] == [(Mark.DELETE, moving), (Mark.INSERT, edited)]
    assert {s.change.move_id for h in halves for s in h.segments} == {"move-1"}


PREAMBLE = [
    "Acknowledging the importance of cooperation and synergies with other bodies, including multilateral environmental agreements,",
    "Recognizing the instrumental role of partner organizations in the development and implementation of CMS and its related initiatives,",
    "Appreciating the value of such partnerships in reaching a wider audience and raising public awareness of the Convention,",
    "Expressing its gratitude to the many partner organizations that have assisted in promoting CMS and its mandate,",
    "Welcoming the decisions taken by the Convention on Biological Diversity on cooperation, coordination and synergies,",
    "Further taking note of the results of the project on improving the effectiveness of and cooperation among conventions,",
]


def test_reordered_and_edited_paragraphs_are_all_moves():
    new = [t.replace("the ", "all the ", 1) for t in reversed(PREAMBLE)]
    d = diff_documents(doc(*PREAMBLE), doc(*new))
    halves = [blk for blk in d.blocks if blk.mark is not Mark.KEEP]
    ids = Counter(s.change.move_id for blk in halves for s in blk.segments[:1])
    assert None not in ids and set(ids.values()) == {2}
    assert len(ids) >= 5  # all but the one paragraph the alignment keeps in place


def test_unchanged_paragraphs_among_mostly_changed_ones_stay_unmarked():
    old = [f"{n}. Requests the Secretariat to report on item {n} to the Standing Committee;" for n in range(1, 13)]
    new = [t.replace("report", "report annually") if n % 3 else t for n, t in enumerate(old)]
    d = diff_documents(doc(*old), doc(*new))
    assert len(d.blocks) == 12 and all(blk.mark is Mark.KEEP for blk in d.blocks)
    unchanged = [d.blocks[n] for n in range(0, 12, 3)]
    assert all(not blk.is_marked for blk in unchanged)
    assert all(marked_pieces(doc_of(d.blocks[n])) == [(Mark.INSERT, "annually ")] for n in range(12) if n % 3)


def doc_of(block):
    return Document((block,))


def test_duplicated_paragraph_is_an_insertion_not_a_move():
    a = doc("Recalling the Convention,", "1. Requests the Secretariat to report;")
    b = doc("Recalling the Convention,", "1. Requests the Secretariat to report;", "1. Requests the Secretariat to report;")
    d = diff_documents(a, b)
    inserted = [blk for blk in d.blocks if blk.mark is Mark.INSERT]
    assert len(inserted) == 1 and inserted[0].segments[0].change.move_id is None


def test_empty_paragraph_is_never_paired_with_text():
    a = doc("Recalling the Convention,", "Aware of the discussions,", "End.")
    b = doc("Recalling the Convention,", "", "End.")
    d = diff_documents(a, b)
    assert [blk.text for blk in accept(d).blocks] == ["Recalling the Convention,", "", "End."]
    assert [blk.text for blk in reject(d).blocks] == ["Recalling the Convention,", "Aware of the discussions,", "End."]


def test_amended_paragraph_keeps_the_label_kind_and_style_of_the_new_version():
    a = Document((Block((Segment("Requests the Secretariat"),), kind=BlockKind.PARAGRAPH, label="3.", style="Body"),))
    b = Document((Block((Segment("Also requests the Secretariat"),), kind=BlockKind.LIST_ITEM, label="4.", style="List"),))
    block = diff_documents(a, b).blocks[0]
    assert (block.kind, block.label, block.style) == (BlockKind.LIST_ITEM, "4.", "List")


def test_kept_and_inserted_text_carry_new_styles_and_deleted_text_old_styles():
    bold, italic = frozenset({"bold"}), frozenset({"italic"})
    a = Document((paragraph(Segment("Requests the "), Segment("Standing Committee", style=italic), Segment(" now")),))
    b = Document((paragraph(Segment("Requests the "), Segment("Secretariat", style=bold), Segment(" now")),))
    segs = [(s.mark, s.text, s.style) for s in diff_documents(a, b).blocks[0].segments]
    assert segs == [
        (Mark.KEEP, "Requests the ", frozenset()),
        (Mark.DELETE, "Standing Committee", italic),
        (Mark.INSERT, "Secretariat", bold),
        (Mark.KEEP, " now", frozenset()),
    ]


def test_style_change_inside_kept_text_splits_the_segment():
    bold = frozenset({"bold"})
    a = doc("Urges Parties to act")
    b = Document((paragraph(Segment("Urges "), Segment("Parties", style=bold), Segment(" to act now")),))
    segs = [(s.mark, s.text, s.style) for s in diff_documents(a, b).blocks[0].segments]
    assert segs == [
        (Mark.KEEP, "Urges ", frozenset()),
        (Mark.KEEP, "Parties", bold),
        (Mark.KEEP, " to act", frozenset()),
        (Mark.INSERT, " now", frozenset()),
    ]


def test_every_mark_records_the_diff_as_its_source():
    a = doc("Recalling the Convention,", "Aware of the discussions with FAO,", "Requests the plan;")
    b = doc("Recalling the Convention,", "Requests the programme;", "Noting the new partnership initiative,")
    d = diff_documents(a, b)
    marked = [s for blk in d.blocks for s in blk.segments if s.mark is not Mark.KEEP or blk.mark is not Mark.KEEP]
    assert marked and all(s.change is not None and s.change.source is Source.DIFF for s in marked)
    kept = [s for blk in d.blocks if blk.mark is Mark.KEEP for s in blk.segments if s.mark is Mark.KEEP]
    assert all(s.change is None for s in kept)


def test_metadata_comes_from_the_new_version():
    d = diff_documents(doc("a", revision="Rev.COP13"), doc("b", revision="Rev.COP14"))
    assert d.meta.revision == "Rev.COP14"


def test_marked_inputs_are_compared_by_their_final_views():
    marked = Document((paragraph("Requests ", Segment("Parties", Mark.INSERT), Segment("States", Mark.DELETE)),))
    d = diff_documents(marked, doc("Requests Parties and others"))
    assert original_view(d) == ["Requests Parties"]
    assert marked_pieces(d) == [(Mark.INSERT, " and others")]


def test_diff_is_deterministic():
    a = doc("Recalling the Convention,", "Aware of the discussions with FAO,", "Requests the plan;", "Moved here,")
    b = doc("Moved here,", "Recalling the Convention,", "Requests the programme;", "Noting the initiative,")
    first = diff_documents(a, b)
    assert all(diff_documents(a, b) == first for _ in range(3))


# --- measures ----------------------------------------------------------------


def test_changed_token_count_counts_marked_words_and_punctuation_not_spaces():
    d = Document((paragraph("keep ", Segment("two words, ", Mark.DELETE), Segment("new", Mark.INSERT)),
                  Block((Segment("whole block"),), mark=Mark.INSERT)))
    assert changed_token_count(d) == 3 + 1 + 2


def test_lcs_changed_tokens_is_the_minimal_number_of_marked_tokens():
    assert lcs_changed_tokens(list("abcd"), list("axcd")) == 2
    assert lcs_changed_tokens(list("abc"), list("abc")) == 0
    assert lcs_changed_tokens(list("abc"), []) == 3
    assert lcs_changed_tokens(list("abcabba"), list("cbabac")) == 5  # the classic Myers example: D = 5


def test_lcs_anchored_bound_matches_the_exact_count_on_prose():
    import random

    rng = random.Random(7)
    vocabulary = "the Parties Secretariat Convention requests of to and in species migratory cooperation".split()
    old = [rng.choice(vocabulary) for _ in range(4000)] + [f"unique{n}" for n in range(0, 4000, 97)]
    rng.shuffle(old)
    new = list(old)
    for _ in range(40):
        at = rng.randrange(len(new))
        new[at : at + 2] = [rng.choice(vocabulary)]
    exact = lcs_changed_tokens(old, new, exact_limit=10**9)
    bound = lcs_changed_tokens(old, new, exact_limit=100)
    assert bound >= exact
    assert bound <= exact * 1.02


# --- the CMS reference text ----------------------------------------------------


def _views_of_critic(text: str) -> tuple[list[str], list[str]]:
    old, new = [], []
    for line in text.split("\n"):
        if not line.strip():
            continue
        original = re.sub(r"\{--(.*?)--\}", r"\1", re.sub(r"\{\+\+.*?\+\+\}", "", line))
        final = re.sub(r"\{\+\+(.*?)\+\+\}", r"\1", re.sub(r"\{--.*?--\}", "", line))
        if original:
            old.append(original)
        if final:
            new.append(final)
    return old, new


def _replacements(d: Document) -> list[tuple[list[str], list[str]]]:
    """(deleted words, inserted words) of each deletion followed by an insertion
    (whitespace left out: the reference text has stray spaces at its marks)."""
    out = []
    for block in d.blocks:
        segs = block.segments
        for first, second in zip(segs, segs[1:]):
            if first.mark is Mark.DELETE and second.mark is Mark.INSERT:
                out.append((first.text.split(), second.text.split()))
    return out


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference text not present")
def test_cms_amendments_are_found_again_with_no_more_marks_than_the_drafters_used():
    old, new = _views_of_critic(REFERENCE.read_text(encoding="utf-8"))
    d = diff_documents(doc(*old), doc(*new))
    assert final_view(d) == new and original_view(d) == old
    words = lambda paragraphs: [t for p in paragraphs for t in tokenize(p) if not is_space(t)]  # noqa: E731
    optimum = lcs_changed_tokens(words(old), words(new))
    drafters = sum(
        sum(1 for t in tokenize(m) if not is_space(t))
        for m in re.findall(r"\{(?:\+\+|--)(.*?)(?:\+\+|--)\}", REFERENCE.read_text(encoding="utf-8"))
    )
    assert optimum <= changed_token_count(d) <= min(1.1 * optimum, drafters)
    replacements = _replacements(d)
    assert (["2015-2023"], ["2024-2032"]) in replacements
    assert (["plan"], ["programme"]) in replacements
    for block in d.blocks:
        if block.mark is Mark.KEEP:
            original = "".join(s.text for s in block.segments if s.mark.in_original)
            final = "".join(s.text for s in block.segments if s.mark.in_final)
            _assert_marks_on_token_boundaries(block, original, final)
