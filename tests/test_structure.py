"""What the text is: parts of a resolution, structural ids, the annex that amends."""

from __future__ import annotations

from pathlib import Path

import pytest

from resamend.diagnostics import Severity, UsageError
from resamend.model import Block, Document, Segment
from resamend.readers.text import parse_critic
from resamend.structure import analyse, block_ids, instrument_of, is_note, select_instrument

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "reference" / "cms-res-11.10-cop14-annex1.critic.txt"
SEED = SHARED / "seeds" / "000_1ef9e6d26096b6df.txt"


def critic(text: str) -> Document:
    return parse_critic(text).value


def reference() -> Document:
    if not REFERENCE.exists():
        pytest.skip("../shared is not beside the repository")
    return critic(REFERENCE.read_text(encoding="utf-8"))


def whole_cop14_document() -> str:
    """Report + Annex 1 (the marked reference) + Annex 2 (draft decisions),
    cut from the seed text of UNEP/CMS/COP14/Doc.18.1."""
    if not (REFERENCE.exists() and SEED.exists()):
        pytest.skip("../shared is not beside the repository")
    seed = SEED.read_text(encoding="utf-8")
    annex1 = seed.index("UNEP/CMS/COP14/Doc.18.1\n ANNEX 1")
    annex2 = seed.index(" ANNEX 2")
    return (
        seed[:annex1]
        + "UNEP/CMS/COP14/Doc.18.1\n ANNEX 1\n\n"
        + REFERENCE.read_text(encoding="utf-8")
        + "\n\n"
        + seed[annex2:]
    )


SMALL = """PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.3 (Rev.COP13)

MANILA DECLARATION

NB. Proposed new text is underlined. Text to be deleted is crossed out.

Recalling the Convention,

{++Noting the new facts,++}

Convinced of the need,

The Conference of the Parties to the
Convention on the Conservation of Migratory Species of Wild Animals

1. Requests the Secretariat;

{++1bis. Also requests the Parties;++}

2. Invites the Parties:

a) to act;

{++b) to report;++}

c) to meet;

3. Urges the Parties."""


def test_reference_annex_gets_ids_by_ordinal_position_in_the_original_view():
    doc = reference()
    ids = block_ids(doc)
    texts = [b.text for b in doc.blocks]

    def starting(prefix: str) -> int:
        return next(i for i, t in enumerate(texts) if t.startswith(prefix))

    assert ids[0] == "instrument"
    assert ids[1] == "title"
    assert ids[2] == "note"
    assert ids[3] == "pre.1"
    assert ids[5] == "pre.2+1"  # the inserted "Noting that while …" after pre.2
    assert ids[6] == "pre.3"
    assert ids[starting("The Conference")] == "enact"
    assert ids[starting("8bis.\t")] == "op.8+1"
    assert ids[starting("9. Further r")] == "op.9"
    assert ids[-1] == "op.28+1"  # the inserted "29. Notes …"
    ops = [x for x in ids if x and x.startswith("op.") and "+" not in x]
    assert ops == [f"op.{n}" for n in range(1, 29)]


def test_reference_annex_structure_names_instrument_revision_and_title():
    s = analyse(reference())
    assert (s.instrument, s.revision, s.title) == ("Resolution 11.10", "Rev.COP13", "SYNERGIES AND PARTNERSHIPS")
    assert len(s.operative) == 30
    assert len(s.enact) == 1
    assert s.labels[s.operative[8]].text == "8bis."
    assert s.labels[s.operative[8]].needs_renumbering
    assert s.labels[s.operative[-1]].text == "29."


def test_inserted_paragraphs_take_the_preceding_id_with_a_suffix_and_sub_paragraphs_count_by_position():
    ids = block_ids(critic(SMALL))
    assert ids == (
        "instrument", "title", "note", "pre.1", "pre.1+1", "pre.2", "enact",
        "op.1", "op.1+1", "op.2", "op.2.a", "op.2.a+1", "op.2.b", "op.3",
    )


def test_paragraph_inserted_before_the_first_operative_paragraph_is_op_0_plus_1():
    doc = critic("The Conference of the Parties to the Convention,\n\n{++1. New first;++}\n\n1. Old first.")
    assert block_ids(doc) == ("enact", "op.0+1", "op.1")


def test_enacting_formula_may_span_two_blocks():
    doc = critic(
        "Recalling the past,\n\nThe Conference of the Parties to the\n\n"
        "Convention on the Conservation of Migratory Species of Wild Animals\n\n1. Decides."
    )
    assert block_ids(doc) == ("pre.1", "enact", "enact", "op.1")


def test_label_replaced_in_place_is_read_from_the_final_view_with_the_original_kept():
    doc = critic("The Conference of the Parties,\n\n1. One;\n\n{--8bis.--}{++2.++}\tTwo;")
    s = analyse(doc)
    label = s.labels[2]
    assert (label.text, label.original, label.number) == ("2.", "8bis.", 2)
    assert s.ids[2] == "op.2"  # the paragraph existed in the original: not an insertion


def test_inserted_label_is_the_label_of_an_inserted_paragraph():
    doc = critic("The Conference of the Parties,\n\n1. One.\n\n{++2. Two.++}")
    s = analyse(doc)
    assert s.labels[2].text == "2."
    assert s.ids[2] == "op.1+1"


@pytest.mark.parametrize(
    "typed, number, suffix",
    [("8bis.", 8, "bis"), ("8 bis.", 8, " bis"), ("12.", 12, ""), ("3)", 3, ""), ("7ter.", 7, "ter")],
)
def test_typed_operative_labels_are_recognised_with_their_suffix(typed, number, suffix):
    doc = critic(f"The Conference of the Parties,\n\n{typed}\tDecides.")
    label = analyse(doc).labels[1]
    assert (label.text, label.kind, label.number, label.suffix) == (typed, "op", number, suffix)


@pytest.mark.parametrize("typed", ["a)", "(a)", "(i)", "iv)"])
def test_sub_paragraph_labels_are_recognised(typed):
    doc = critic(f"The Conference of the Parties,\n\n1. Decides:\n\n{typed} something;")
    s = analyse(doc)
    assert s.roles[2] == "sub"
    assert s.ids[2] == "op.1.a"


def test_auto_numbering_label_counts_as_an_operative_label():
    doc = Document(
        (
            Block((Segment("The Conference of the Parties,"),)),
            Block((Segment("Decides;"),), label="1."),
            Block((Segment("Requests;"),), label="2."),
        )
    )
    s = analyse(doc)
    assert s.roles == ("enact", "operative", "operative")
    assert s.labels[2].auto and s.labels[2].number == 2


@pytest.mark.parametrize(
    "note",
    [
        "NB. Proposed new text to Resolutions originating from COP13 is underlined. Text to be deleted is crossed out.",
        "NB : Le nouveau texte proposé est souligné. Le texte à supprimer est barré.",
        "NB: El nuevo texto propuesto aparece subrayado. El texto que se suprimirá está tachado.",
        "N.B. New text is underlined and deleted text is struck through.",
    ],
)
def test_convention_note_is_recognised_in_english_french_and_spanish(note):
    assert is_note(note)
    doc = critic(f"Resolution 12.3 (Rev.COP13)\n\nTITLE\n\n{note}\n\nRecalling x,")
    assert block_ids(doc)[2] == "note"


def test_a_preamble_paragraph_mentioning_underlining_is_not_a_note():
    assert not is_note("Recalling that underlined text is new,")


@pytest.mark.parametrize(
    "line, instrument, revision",
    [
        ("PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)", "Resolution 11.10", "Rev.COP13"),
        ("Resolution Conf. 10.10 (Rev. CoP19)", "Resolution Conf. 10.10", "Rev. CoP19"),
        ("Resolution 7.3 (Rev.MOP8)", "Resolution 7.3", "Rev.MOP8"),
        ("Resolution XIII.4", "Resolution XIII.4", None),
        ("UNEP/CMS/Resolution 12.3 (Rev. COP 13)", "Resolution 12.3", "Rev. COP 13"),
        ("DRAFT AMENDMENTS TO RESOLUTION 12.3", "Resolution 12.3", None),
    ],
)
def test_instrument_lines_of_cms_cites_aewa_and_ramsar_are_read(line, instrument, revision):
    got = instrument_of(line)
    assert got is not None
    assert got[:2] == (instrument, revision)


def test_a_sentence_that_mentions_a_resolution_is_not_an_instrument_line():
    assert instrument_of("Implementation of Resolution 11.10 (Rev.COP13) Synergies and Partnerships") is None


def test_whole_cop_document_selects_the_annex_that_amends_the_resolution_by_itself():
    doc = critic(whole_cop14_document())
    result = select_instrument(doc)
    part = result.value
    assert result.diagnostics == ()
    assert part.blocks[0].text.startswith("PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10")
    assert part.blocks[-1].view_text().startswith("29. Notes that the present Resolution")
    assert part.meta.instrument == "Resolution 11.10"
    assert part.meta.revision == "Rev.COP13"
    assert part.meta.title == "SYNERGIES AND PARTNERSHIPS"
    assert part.meta.symbol == "UNEP/CMS/COP14/Doc.18.1"
    assert [b.text for b in part.blocks] == [b.text for b in reference().blocks]


def test_whole_cop_document_ids_leave_the_report_alone_and_number_the_other_annex():
    doc = critic(whole_cop14_document())
    s = analyse(doc)
    assert [a.number for a in s.annexes] == [1, 2]
    assert s.instrument_annex == 1
    first_annex = s.annexes[0]
    assert all(x is None for x in s.ids[: first_annex.heading + 1])
    annex2 = s.annexes[1]
    assert s.ids[annex2.start] == "annex.2.1"
    decisions = [doc.blocks[i].text.split()[0] for i in s.decisions]
    assert decisions == ["14.AA", "14.BB"]


def test_annex_option_overrides_the_choice():
    doc = critic(whole_cop14_document())
    part = select_instrument(doc, annex=2).value
    assert part.blocks[0].text == "DRAFT DECISIONS"
    assert part.meta.instrument is None


def test_annex_option_naming_a_missing_annex_is_a_usage_error_with_a_hint():
    doc = critic(whole_cop14_document())
    with pytest.raises(UsageError) as info:
        select_instrument(doc, annex=5)
    assert info.value.hint


def test_a_document_that_is_only_a_resolution_is_returned_whole():
    doc = critic(SMALL)
    part = select_instrument(doc).value
    assert part.blocks == doc.blocks
    assert part.meta.instrument == "Resolution 12.3"
    assert part.meta.revision == "Rev.COP13"


def test_a_document_with_no_instrument_comes_back_whole_with_a_warning_naming_annex():
    doc = critic("Background\n\n1. The Secretariat reports progress.\n\nANNEX\n\nDRAFT DECISIONS\n\n15.1 Parties are invited.")
    result = select_instrument(doc)
    assert result.value.blocks == doc.blocks
    assert [(d.code, d.severity) for d in result.diagnostics] == [("no-instrument", Severity.WARNING)]
    assert "--annex" in result.diagnostics[0].message


@pytest.mark.parametrize("heading", ["ANNEX 1", "Annex 2", "ANNEXE", "ANEXO", "Annex"])
def test_annex_headings_in_three_languages_open_an_annex(heading):
    doc = critic(f"Report text.\n\n{heading}\n\nSomething annexed.")
    s = analyse(doc)
    assert len(s.annexes) == 1 and s.annexes[0].heading == 1
    assert s.ids[2] == "annex.1.1"


def test_french_resolution_parts_are_recognised():
    doc = critic(
        "Résolution 11.10 (Rev.COP13)\n\nSYNERGIES ET PARTENARIATS\n\n"
        "NB : Le nouveau texte proposé est souligné. Le texte à supprimer est barré.\n\n"
        "Rappelant la Résolution 7.9,\n\n"
        "La Conférence des Parties à la Convention sur la conservation des espèces migratrices\n\n"
        "1. Prie le Secrétariat ;"
    )
    s = analyse(doc)
    assert s.instrument == "Résolution 11.10"
    assert s.ids == ("instrument", "title", "note", "pre.1", "enact", "op.1")


def test_cites_resolution_without_formula_numbers_its_paragraphs():
    doc = critic("Resolution Conf. 10.10 (Rev. CoP19)\n\nTrade in elephant specimens\n\n1. RECOMMENDS that Parties act;")
    s = analyse(doc)
    assert (s.instrument, s.revision) == ("Resolution Conf. 10.10", "Rev. CoP19")
    assert s.ids == ("instrument", "title", "op.1")


def test_a_page_header_before_the_instrument_line_is_not_the_title():
    doc = critic("UNEP/CMS/COP14/Doc.18.1\n\nPROPOSED AMENDMENTS TO RESOLUTION 12.3 (Rev.COP13)\n\nMANILA DECLARATION\n\nRecalling x,")
    s = analyse(doc)
    assert s.ids == (None, "instrument", "title", "pre.1")
    assert s.title == "MANILA DECLARATION"


def test_an_operative_paragraph_beginning_with_notes_is_not_a_note():
    assert not is_note("Notes that underlined text in the annex is new;")


def test_spanish_resolution_parts_are_recognised():
    doc = critic(
        "Resolución 11.10 (Rev.COP13)\n\nSINERGIAS Y ASOCIACIONES\n\n"
        "NB: El nuevo texto propuesto aparece subrayado. El texto que se suprimirá está tachado.\n\n"
        "Recordando la Resolución 7.9,\n\n"
        "Reconociendo la importancia,\n\n"
        "La Conferencia de las Partes en la Convención sobre la conservación de las especies migratorias\n\n"
        "1. Solicita a la Secretaría;"
    )
    s = analyse(doc)
    assert s.instrument == "Resolución 11.10"
    assert s.ids == ("instrument", "title", "note", "pre.1", "pre.2", "enact", "op.1")


def test_a_resolution_with_its_own_annex_is_returned_whole():
    doc = critic(SMALL + "\n\nANNEX\n\nGUIDELINES\n\n1. First guideline {++now++}.")
    part = select_instrument(doc).value
    assert part.blocks == doc.blocks
    s = analyse(doc)
    assert s.ids[-2:] == ("annex.1.1", "annex.1.2")
