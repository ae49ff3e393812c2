"""Finishing a consolidated Rev.COPn text: seams, header, history, renumbering."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings

from resamend.amend import accept, final_view, original_view, reject
from resamend.consolidate import ConsolidateOptions, finish, history_line, seamed_view
from resamend.diagnostics import Severity
from resamend.treaties import describe, detect, ordinal, treaty
from resamend.model import Document
from resamend.readers.text import parse_critic
from resamend.structure import select_instrument
from strategies import documents

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "reference" / "cms-res-11.10-cop14-annex1.critic.txt"
SEED = SHARED / "seeds" / "000_1ef9e6d26096b6df.txt"

HEADER = "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.3 (Rev.COP13)\n\nMANILA DECLARATION\n\n"
NOTE = "NB. Proposed new text is underlined. Text to be deleted is crossed out.\n\n"
FORMULA = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n\n"


def critic(text: str) -> Document:
    return parse_critic(text).value


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def reference() -> Document:
    if not REFERENCE.exists():
        pytest.skip("../shared is not beside the repository")
    return critic(REFERENCE.read_text(encoding="utf-8"))


_LABEL = re.compile(r"^(\d+)(?:\s?bis)?\.\s")


def _words(text: str) -> list[str]:
    """Words with the spaces a seam repair may remove taken out of the way."""
    return re.sub(r"\s+([,;.)])", r"\1", text).split()


def _body_words(paragraph: str) -> list[str]:
    return _words(_LABEL.sub("", paragraph))


# --------------------------------------------------------------------------
# The reference: Annex 1 of UNEP/CMS/COP14/Doc.18.1


def test_cop14_reference_consolidates_to_rev_cop14():
    marked = reference()
    result = finish(marked)
    out = texts(result.value.document)
    assert out[0] == "Resolution 11.10 (Rev.COP14)"
    assert out[1] == "SYNERGIES AND PARTNERSHIPS"
    assert out[2] == (
        "Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014) "
        "and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020) "
        "and 14th Meeting (Samarkand, 12–17 February 2024)"
    )
    assert not any("Gglobal" in t for t in out)
    assert not any(t.startswith("NB.") for t in out)
    numbers = [int(m.group(1)) for t in out if (m := _LABEL.match(t))]
    assert numbers == list(range(1, 31))
    # the body is the accept-all view, word for word, except seams and labels
    accepted = final_view(marked)
    assert accepted[2].startswith("NB.")
    expected_body = accepted[3:]
    body = out[3:]
    assert len(body) == len(expected_body)
    for got, want in zip(body, expected_body):
        assert _body_words(got) == _body_words(want)
    assert result.value.instrument == "Resolution 11.10"
    assert result.value.revision == "Rev.COP14"
    assert not result.value.document.is_marked
    # and the original view is the Rev.COP13 text
    original = finish(marked, ConsolidateOptions(original=True)).value.document
    otexts = texts(original)
    assert otexts[0] == "Resolution 11.10 (Rev.COP13)"
    onumbers = [int(m.group(1)) for t in otexts if (m := _LABEL.match(t))]
    assert onumbers == list(range(1, 29))
    assert any("2015-2023" in t for t in otexts)
    assert not any("Kunming" in t for t in otexts)
    assert not any(t.startswith("NB.") for t in otexts)
    assert otexts[2] == (
        "Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014)"
        " and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020)"
    )
    for got, want in zip(otexts[3:], original_view(marked)[3:]):
        assert _words(got) == _words(want)


def test_cop14_reference_renumbering_map_moves_8bis_and_every_later_paragraph():
    renumbering = finish(reference()).value.renumbering
    expected = (("8bis.", "9."),) + tuple((f"{n}.", f"{n + 1}.") for n in range(9, 30))
    assert renumbering == expected


def test_cop14_reference_seams_are_repaired_and_drafters_spacing_inside_insertions_is_kept():
    out = texts(finish(reference()).value.document)
    joined = "\n".join(out)
    assert "Migratory Species 2024-2032 as a strategic framework" in joined  # was "Species  2024-2032"
    assert "10. Also requests" not in joined and "11. Also requests the Secretariat" in joined
    assert "the Bern    Process  to strengthen" in joined  # inside one insertion: not a seam
    assert "to facilitate   collaborations" in joined  # untouched text: not a seam
    assert "and Partnerships,  as well" not in joined


def test_whole_cop_document_gives_the_same_consolidation_as_its_annex():
    if not SEED.exists():
        pytest.skip("../shared is not beside the repository")
    seed = SEED.read_text(encoding="utf-8")
    a1 = seed.index("UNEP/CMS/COP14/Doc.18.1\n ANNEX 1")
    a2 = seed.index(" ANNEX 2")
    whole = critic(seed[:a1] + "UNEP/CMS/COP14/Doc.18.1\n ANNEX 1\n\n" + REFERENCE.read_text(encoding="utf-8")
                   + "\n\n" + seed[a2:])
    selected = select_instrument(whole).value
    assert texts(finish(selected).value.document) == texts(finish(reference()).value.document)


# --------------------------------------------------------------------------
# Seam repair only at seams


def test_doubled_space_at_a_seam_becomes_one_and_a_doubled_space_elsewhere_stays():
    doc = critic("Keep  this b {--c--} d {++e    f++}, g.")
    assert texts(seamed_view(doc)) == ["Keep  this b d e    f, g."]


def test_space_left_before_punctuation_by_a_deletion_is_removed():
    doc = critic("the text {--that was deleted--}, more {--text--}.")
    assert texts(seamed_view(doc)) == ["the text, more."]


def test_space_before_punctuation_in_untouched_text_stays():
    doc = critic("the text , more {++new++} words")
    assert texts(seamed_view(doc)) == ["the text , more new words"]


def test_leading_and_trailing_space_at_a_seam_are_removed():
    doc = critic("{--Further--} requests the Secretariat {--and others--}")
    assert texts(seamed_view(doc)) == ["requests the Secretariat"]


def test_original_view_gets_the_same_seam_repair():
    doc = critic("the {++new++} text {++added++}, more")
    assert texts(seamed_view(doc, final=False)) == ["the text, more"]


def test_french_space_before_semicolon_survives_a_seam():
    doc = critic(
        "Résolution 12.3 (Rev.COP13)\n\nTITRE\n\n"
        "NB : Le nouveau texte proposé est souligné. Le texte à supprimer est barré.\n\n"
        "1. Prie le Secrétariat {--de rien--} ;"
    )
    out = texts(seamed_view(doc))
    assert out[-1] == "1. Prie le Secrétariat ;"


def test_a_paragraph_emptied_by_the_change_disappears_and_an_empty_spacer_stays():
    doc = critic("One.\n\n{--Gone.--}\n\nTwo.")
    assert texts(seamed_view(doc)) == ["One.", "Two."]


# --------------------------------------------------------------------------
# Header: instrument line, title, history, note


def test_proposed_amendments_heading_becomes_the_instrument_line_with_the_next_tag():
    doc = critic(HEADER + NOTE + "Recalling x,\n\n" + FORMULA + "1. Decides {++now++}.")
    out = texts(finish(doc).value.document)
    assert out[:2] == ["Resolution 12.3 (Rev.COP14)", "MANILA DECLARATION"]
    assert not any(t.startswith("NB.") for t in out)


def test_cop_option_overrides_the_next_meeting():
    doc = critic(HEADER + "Recalling x,\n\n" + FORMULA + "1. Decides {++now++}.")
    result = finish(doc, ConsolidateOptions(cop=15)).value
    out = texts(result.document)
    assert out[0] == "Resolution 12.3 (Rev.COP15)"
    assert out[2] == (
        "Adopted by the Conference of the Parties at its 12th Meeting (Manila, 23–28 October 2017) "
        "and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020) "
        "and 15th Meeting (Campo Grande, 23–29 March 2026)"
    )


def test_document_symbol_names_the_adopting_meeting_when_a_meeting_was_skipped():
    doc = critic("Resolution 12.3 (Rev.COP12)\n\nTITLE\n\nRecalling x,\n\n" + FORMULA + "1. Decides {++now++}.")
    doc = replace(doc, meta=replace(doc.meta, symbol="UNEP/CMS/COP14/Doc.18.1"))
    assert texts(finish(doc).value.document)[0] == "Resolution 12.3 (Rev.COP14)"


def test_plain_instrument_line_gets_its_tag_moved_on():
    doc = critic("Resolution 12.3 (Rev.COP13)\n\nTITLE\n\n1. Decides {++now++}.")
    assert texts(finish(doc).value.document)[0] == "Resolution 12.3 (Rev.COP14)"


def test_cites_tag_keeps_its_own_form_and_no_history_is_invented():
    doc = critic("Resolution Conf. 10.10 (Rev. CoP19)\n\nTrade in elephant specimens\n\n1. RECOMMENDS {++now++};")
    result = finish(doc)
    out = texts(result.value.document)
    assert out[:3] == ["Resolution Conf. 10.10 (Rev. CoP20)", "Trade in elephant specimens", "1. RECOMMENDS now;"]
    assert [d.code for d in result.diagnostics if d.severity is Severity.WARNING] == ["history-not-written"]


def test_aewa_tag_moves_from_mop8_to_mop9():
    doc = critic("Resolution 7.3 (Rev.MOP8)\n\nTITLE\n\n1. Requests {++now++}.")
    assert texts(finish(doc).value.document)[0] == "Resolution 7.3 (Rev.MOP9)"


def test_existing_history_line_is_extended_with_the_new_meeting():
    history = (
        "Adopted by the Conference of the Parties at its 12th Meeting (Manila, 23–28 October 2017) "
        "and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020)"
    )
    doc = critic("Resolution 12.3 (Rev.COP13)\n\nTITLE\n\n" + history + "\n\nRecalling x,\n\n1. Decides {++now++}.")
    out = texts(finish(doc).value.document)
    assert out[2] == history + " and 14th Meeting (Samarkand, 12–17 February 2024)"
    assert out.count(out[2]) == 1 and len(out) == 5


def test_history_without_amendments_gets_amended_at_and_keeps_its_full_stop():
    line = history_line(
        "Adopted by the Conference of the Parties at its 12th Meeting (Manila, 23–28 October 2017).",
        "Resolution 12.3", None, 14, "cms",
    )
    assert line == (
        "Adopted by the Conference of the Parties at its 12th Meeting (Manila, 23–28 October 2017) "
        "and amended at its 14th Meeting (Samarkand, 12–17 February 2024)."
    )


def test_unknown_meeting_gets_no_history_line_written_and_a_warning():
    doc = critic(HEADER + "1. Decides {++now++}.")
    result = finish(doc, ConsolidateOptions(cop=16))
    out = texts(result.value.document)
    assert out == ["Resolution 12.3 (Rev.COP16)", "MANILA DECLARATION", "1. Decides now."]
    assert "history-not-written" in [d.code for d in result.diagnostics if d.severity is Severity.WARNING]


def test_an_existing_line_is_extended_by_a_meeting_without_dates_and_a_warning_says_so():
    line = "Adopted by the Conference of the Parties at its 12th Meeting (Manila, 23–28 October 2017)"
    doc = critic(HEADER + line + "\n\n1. Decides {++now++}.")
    result = finish(doc, ConsolidateOptions(cop=16))
    assert texts(result.value.document)[2] == line + " and amended at its 16th Meeting"
    assert "history-unverified" in [d.code for d in result.diagnostics]


def test_no_tag_and_no_symbol_leaves_the_heading_untagged_with_a_warning_naming_cop():
    doc = critic("PROPOSED AMENDMENTS TO RESOLUTION 12.3\n\nTITLE\n\n1. Decides {++now++}.")
    result = finish(doc)
    assert texts(result.value.document)[0] == "Resolution 12.3"
    warnings = [d for d in result.diagnostics if d.severity is Severity.WARNING]
    assert [d.code for d in warnings] == ["treaty-unknown", "revision-unknown"]
    assert "--cop" in warnings[1].message and "--treaty" in warnings[0].message


def test_text_without_an_instrument_is_just_its_repaired_final_view():
    doc = critic("Some {--old--} text.\n\nMore  text {++here++}.")
    result = finish(doc)
    assert texts(result.value.document) == ["Some text.", "More  text here."]
    assert [d.code for d in result.diagnostics] == ["no-instrument"]


def test_dropped_note_and_rewritten_heading_are_named_in_info_diagnostics():
    doc = critic(HEADER + NOTE + FORMULA + "1. Decides {++now++}.")
    found = {d.code: d for d in finish(doc).diagnostics}
    assert found["note-dropped"].text == NOTE.strip()
    assert found["note-dropped"].location.block == 2
    assert found["heading-rewritten"].text == "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.3 (Rev.COP13)"


def test_a_title_after_a_line_break_in_the_instrument_paragraph_is_kept():
    doc = critic("Resolution 12.3 (Rev.COP13)\nMANILA DECLARATION\n\n1. Decides {++now++}.")
    assert texts(finish(doc).value.document)[0] == "Resolution 12.3 (Rev.COP14)\nMANILA DECLARATION"


# --------------------------------------------------------------------------
# Renumbering


def test_8_bis_becomes_9_keeping_its_tab_and_later_paragraphs_shift():
    doc = critic(HEADER + FORMULA + "8. Eight;\n\n{++8 bis.\tInserted;++}\n\n9. Nine;\n\na) sub;\n\n10)  Ten.")
    result = finish(doc).value
    out = texts(result.document)
    assert out[-5:] == ["1. Eight;", "2.\tInserted;", "3. Nine;", "a) sub;", "4)  Ten."]
    assert result.renumbering == (("8.", "1."), ("8 bis.", "2."), ("9.", "3."), ("10)", "4)"))


def test_no_renumber_keeps_the_labels_and_reports_no_map():
    doc = critic(HEADER + FORMULA + "1. One;\n\n{++1bis.\tInserted;++}\n\n2. Two.")
    result = finish(doc, ConsolidateOptions(renumber=False)).value
    assert texts(result.document)[-3:] == ["1. One;", "1bis.\tInserted;", "2. Two."]
    assert result.renumbering == ()


def test_cross_reference_to_a_renumbered_paragraph_is_reported_not_rewritten():
    doc = critic(HEADER + FORMULA + "1. One;\n\n{++1bis.\tInserted;++}\n\n2. Recalls paragraph 1bis above.")
    result = finish(doc)
    out = texts(result.value.document)
    assert out[-1] == "3. Recalls paragraph 1bis above."
    refs = [d for d in result.diagnostics if d.code == "cross-reference"]
    assert len(refs) == 1 and refs[0].severity is Severity.INFO and refs[0].text == "paragraph 1bis"


def test_paragraph_of_another_resolution_is_not_a_cross_reference():
    doc = critic(HEADER + FORMULA + "1. One;\n\n{++1bis.\tInserted;++}\n\n2. Recalls paragraphs 1 and 2 of Resolution 11.10.")
    assert [d for d in finish(doc).diagnostics if d.code == "cross-reference"] == []


def test_original_option_gives_the_reject_view_without_renumbering_or_note():
    doc = critic(HEADER + NOTE + FORMULA + "1. One;\n\n{++1bis.\tInserted;++}\n\n2. Two {--old--}{++new++}.")
    result = finish(doc, ConsolidateOptions(original=True)).value
    assert texts(result.document) == [
        "Resolution 12.3 (Rev.COP13)", "MANILA DECLARATION",
        "Adopted by the Conference of the Parties at its 12th Meeting (Manila, 23–28 October 2017)"
        " and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020)",
        FORMULA.strip(), "1. One;", "2. Two old.",
    ]
    assert result.renumbering == ()
    assert result.revision == "Rev.COP13"


# --------------------------------------------------------------------------
# Meetings


def test_ordinals_follow_english_usage():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "112th"
    ]


def test_known_cms_meeting_is_described_with_place_and_dates():
    assert describe(treaty("cms"), 11) == ("11th Meeting (Quito, 4–9 November 2014)", True)
    assert describe(treaty("cms"), 16) == ("16th Meeting", False)


def test_treaty_is_told_from_the_instrument_form_or_not_at_all():
    assert detect("Resolution Conf. 10.10", "Rev. CoP19", None)[0].key == "cites"
    assert detect("Resolution 7.3", "Rev.MOP8", None)[0].key == "aewa"
    assert detect("Resolution XIII.4", None, None)[0].key == "ramsar"
    assert detect("Resolution 11.10", "Rev.COP13", None)[0].key == "cms"
    assert detect("Resolution 7.3", None, None)[0] is None


@pytest.mark.parametrize(
    "old, cop, convention, new",
    [
        ("Rev.COP13", 14, "cms", "Rev.COP14"),
        ("Rev. CoP19", 20, "cites", "Rev. CoP20"),
        ("Rev. COP 13", 15, "cms", "Rev. COP 15"),
        ("Rev.MOP8", 9, "aewa", "Rev.MOP9"),
        (None, 14, "cms", "Rev.COP14"),
        (None, 20, "cites", "Rev. CoP20"),
    ],
)
def test_next_revision_keeps_the_form_of_the_old_tag(old, cop, convention, new):
    from resamend.consolidate import next_revision

    assert next_revision(old, cop, convention) == new


def test_auto_numbering_labels_are_renumbered_too():
    from resamend.model import Block, Mark, Segment

    doc = critic(HEADER + FORMULA.strip())
    blocks = doc.blocks + (
        Block((Segment("One;"),), label="1."),
        Block((Segment("Gone;"),), label="2.", mark=Mark.DELETE),
        Block((Segment("Three."),), label="3."),
    )
    result = finish(doc.with_blocks(blocks)).value
    assert [b.label for b in result.document.blocks[-2:]] == ["1.", "2."]
    assert result.renumbering == (("3.", "2."),)


# --------------------------------------------------------------------------
# Properties of the seam repair


def _squeezed(doc: Document) -> list[str]:
    return [b.text.replace(" ", "") for b in doc.blocks if b.text.strip(" ")]


@settings(max_examples=150, deadline=None)
@given(documents())
def test_seam_repair_only_ever_removes_spaces_from_either_view(doc):
    assert _squeezed(seamed_view(doc)) == _squeezed(accept(doc))
    assert _squeezed(seamed_view(doc, final=False)) == _squeezed(reject(doc))


@settings(max_examples=100, deadline=None)
@given(documents())
def test_a_document_without_marks_comes_back_unchanged(doc):
    clean = accept(doc)
    assert seamed_view(clean).blocks == clean.blocks
