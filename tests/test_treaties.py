"""Every treaty's and language's own forms: the samples of samples/build_treaty_samples.py
consolidated and given back as they were published, the profiles' forms round-tripped,
and the silent wrong answers of issue 12 turned into warnings.

Expected texts are written by hand from the paragraphs of the samples (see the build
script), never copied from resamend's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resamend.consolidate import ConsolidateOptions, finish, history_update, next_revision, seamed_view
from resamend.diagnostics import Severity
from resamend.readers import ReadOptions, read
from resamend.structure import analyse, select_instrument
from resamend.treaties import extend_history, keys, treaties, treaty

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def critic(text: str):
    return read(text.encode("utf-8"), "text").value


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks if b.text.strip()]


def run(name: str, original: bool = False, **options):
    source = read((SAMPLES / name).read_bytes(), None, ReadOptions(source=name)).value
    selected = select_instrument(source)
    result = finish(selected.value, ConsolidateOptions(original=original, **options))
    return texts(result.value.document), [d.code for d in selected.diagnostics + result.diagnostics
                                          if d.severity is Severity.WARNING]


# --------------------------------------------------------------------------
# The samples, final and original


CITES_ANNEX_FINAL = [
    "Resolution Conf. 10.10 (Rev. CoP20)",
    "TRADE IN ELEPHANT SPECIMENS",
    "NOTING that the Asian elephant, Elephas maximus, has been included in Appendix I since 1973;",
    "RECOGNIZING that elephant range States are the best protectors of their elephants and their habitats;",
    "RECOGNIZING that illegal trade in elephant specimens is an international problem which requires urgent and "
    "concerted efforts to combat it;",
    "THE CONFERENCE OF THE PARTIES TO THE CONVENTION",
    "1. URGES Parties to enhance the security of government and private ivory stocks;",
    "2. DIRECTS the Secretariat to report on this Resolution at each regular meeting of the Conference of the "
    "Parties;",
    "3. RECOMMENDS that Parties report seizures of ivory within 90 days.",
]
CITES_ANNEX_ORIGINAL = [
    "Resolution Conf. 10.10 (Rev. CoP19)",
    "TRADE IN ELEPHANT SPECIMENS",
    "NOTING that the Asian elephant, Elephas maximus, has been included in Appendix I since 1973;",
    "RECOGNIZING that elephant range States are the best protectors of their elephants;",
    "RECOGNIZING that the illegal trade in elephant specimens is an international problem which requires urgent "
    "and concerted efforts to combat it;",
    "THE CONFERENCE OF THE PARTIES TO THE CONVENTION",
    "1. URGES Parties to enhance the security of their ivory stocks;",
    "2. RECOMMENDS that Parties report seizures of ivory within 90 days.",
]


def test_a_cites_cop_document_with_its_annex_headed_in_capitals_is_consolidated():
    final, warnings = run("cites-cop20-doc-annex-conf-10.10.docx")
    assert final == CITES_ANNEX_FINAL
    # the annex carries no '*' footnote: none is invented, and the user is told
    assert warnings == ["history-not-written"]


def test_the_cites_annex_original_is_the_published_text():
    original, _ = run("cites-cop20-doc-annex-conf-10.10.docx", original=True)
    assert original == CITES_ANNEX_ORIGINAL


def test_a_cites_history_footnote_is_extended_in_its_own_words():
    final, warnings = run("cites-res-conf-10.10-footnote.docx")
    assert final == [
        "Resolution Conf. 10.10 (Rev. CoP20)*",
        "Trade in elephant specimens",
        "NOTING that the Asian elephant, Elephas maximus, has been included in Appendix I since 1973;",
        "RECOGNIZING that elephant range States are the best protectors of their elephants;",
        "THE CONFERENCE OF THE PARTIES TO THE CONVENTION",
        "1. URGES Parties to enhance the security of government and private ivory stocks;",
        "2. RECOMMENDS that Parties report seizures of ivory within 90 days.",
        "* Amended at the 11th, 12th, 14th, 15th, 16th, 17th, 18th, 19th and 20th meetings of the Conference of "
        "the Parties.",
    ]
    assert warnings == []


def test_the_cites_footnote_stays_as_published_in_the_original():
    original, _ = run("cites-res-conf-10.10-footnote.docx", original=True)
    assert original[0] == "Resolution Conf. 10.10 (Rev. CoP19)*"
    assert original[-1] == ("* Amended at the 11th, 12th, 14th, 15th, 16th, 17th, 18th and 19th meetings of the "
                            "Conference of the Parties.")
    assert original[-2] == "2. RECOMMENDS that Parties report seizures of ivory."


def test_an_aewa_history_line_with_the_session_in_words_is_left_as_it_is_with_a_warning():
    final, warnings = run("aewa-res-1.9-draft.docx")
    assert final == [
        "AEWA/MOP 8.24",
        "Resolution 1.9",
        "Amendment of the Annexes to the Agreement",
        "Adopted by the Meeting of the Parties at its First Session (Cape Town, 6-9 November 1999)",
        "RECALLING Article X of the Agreement concerning the procedures to amend the Action Plan and its Annexes,",
        "The Meeting of the Parties to the Agreement on the Conservation of African-Eurasian Migratory Waterbirds",
        "1. ADOPTS the proposed amendments to the Action Plan and its Annexes as listed in the annex to this "
        "Resolution;",
        "2. INSTRUCTS the Secretariat to publish the amended Annexes.",
    ]
    assert warnings == ["history-not-extended"]


def test_a_ramsar_resolution_is_renumbered_through_its_numbered_preamble_and_not_tagged():
    final, warnings = run("ramsar-res-x.8-draft.docx")
    assert final == [
        "Resolution X.8",
        "The Convention's Programme on communication, education, participation and awareness (CEPA) 2009-2015",
        "1. RECALLING that Resolution VII.9 adopted the Convention's first Outreach Programme for the period "
        "1999-2002;",
        "2. EXPRESSING APPRECIATION for the work done by the Ramsar Secretariat and the CEPA Oversight Panel;",
        "THE CONFERENCE OF THE CONTRACTING PARTIES",
        "3. ADOPTS the Programme on CEPA 2009-2017 annexed to this Resolution;",
        "4. URGES Contracting Parties to designate their CEPA Focal Points;",
        "5. REQUESTS the Secretariat to report on its implementation.",
    ]
    assert warnings == ["revision-unknown"]
    original, _ = run("ramsar-res-x.8-draft.docx", original=True)
    assert original[3] == ("2. EXPRESSING APPRECIATION for the work done by the Ramsar Secretariat and the CEPA "
                           "Oversight Panel that was established under Resolution IX.18 (2005);")
    assert "3bis." not in " ".join(original)


def test_cms_in_french_keeps_the_french_spaces_and_writes_no_english_history():
    final, warnings = run("cms-res-11.10-fr-draft.docx")
    assert final == [
        "UNEP/CMS/COP14/Doc.18.1",
        "Résolution 11.10 (Rev.COP14)",
        "SYNERGIES ET PARTENARIATS",
        "Rappelant la Résolution 10.21 sur les synergies et les partenariats,",
        "La Conférence des Parties à la Convention sur la conservation des espèces migratrices appartenant à la "
        "faune sauvage",
        "1. Souligne l'importance des synergies ;",
        "2. Prie le Secrétariat : d'urgence de renforcer la coopération avec l'IPBES ;",
        "3. Invite les Parties à « soutenir » ces efforts.",
    ]
    assert warnings == ["history-not-written"]
    original, _ = run("cms-res-11.10-fr-draft.docx", original=True)
    assert original[1] == "Résolution 11.10 (Rev.COP13)"
    assert original[5:] == [
        "1. Souligne l'importance des synergies entre les conventions ;",
        "2. Prie le Secrétariat : de renforcer la coopération ;",
        "3. Invite les Parties à « appuyer » ces efforts.",
    ]


def test_cms_in_spanish_is_consolidated_in_spanish():
    final, warnings = run("cms-res-11.10-es-draft.docx")
    assert final == [
        "UNEP/CMS/COP14/Doc.18.1",
        "Resolución 11.10 (Rev.COP14)",
        "SINERGIAS Y ASOCIACIONES",
        "Recordando la Resolución 10.21 sobre sinergias y asociaciones,",
        "La Conferencia de las Partes en la Convención sobre la Conservación de las Especies Migratorias de "
        "Animales Silvestres",
        "1. Subraya la importancia de las sinergias;",
        "2. Pide a la Secretaría que refuerce la cooperación con la IPBES;",
        "3. Invita a las Partes a apoyar estos esfuerzos.",
    ]
    assert warnings == ["history-not-written"]
    original, _ = run("cms-res-11.10-es-draft.docx", original=True)
    assert original[5:] == [
        "1. Subraya la importancia de las sinergias entre las convenciones;",
        "2. Invita a las Partes a apoyar estos esfuerzos.",
    ]


def test_a_russian_cbd_draft_decision_is_read_and_its_missing_instrument_line_is_said_loudly():
    final, warnings = run("cbd-cop10-l48-ru-draft.docx")
    assert final[-3:] == [
        "Конференция Сторон Конвенции о биологическом разнообразии",
        "1. выражает признательность Канаде в качестве принимающей страны за ее неизменную поддержку секретариата;",
        "2. приветствует взнос Японии, Президента Конференции Сторон, в поддержку осуществления Стратегического "
        "плана.",
    ]
    assert "no-instrument" in warnings
    source = read((SAMPLES / "cbd-cop10-l48-ru-draft.docx").read_bytes(), None, ReadOptions()).value
    assert analyse(source).enact, "the Russian enacting formula is recognised"


# --------------------------------------------------------------------------
# Round trip per profile: heading, tag, history, note read → next revision → same form


ROUND_TRIPS = {
    "cms": ("PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)",
            "Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014) "
            "and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020)",
            "NB: Proposed new text is underlined. Text to be deleted is crossed out.",
            "Resolution 11.10 (Rev.COP14)",
            "Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014) "
            "and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020) "
            "and 14th Meeting (Samarkand, 12–17 February 2024)"),
    "cites": ("Resolution Conf. 10.10 (REV. COP19)*",
              "* Amended at the 11th and 19th meetings of the Conference of the Parties.",
              "NB: Proposed new text is underlined. Text proposed for deletion is crossed out.",
              "Resolution Conf. 10.10 (Rev. CoP20)*",
              "* Amended at the 11th, 19th and 20th meetings of the Conference of the Parties."),
    "aewa": ("Resolution 7.3 (Rev.MOP7)",
             "Adopted by the Meeting of the Parties at its 7th Session (Durban, 4-8 December 2018)",
             "NB: Proposed new text is underlined. Text to be deleted is crossed out.",
             "Resolution 7.3 (Rev.MOP8)",
             "Adopted by the Meeting of the Parties at its 7th Session (Durban, 4-8 December 2018) "
             "and amended at its 8th Session (Budapest, 26-30 September 2022)"),
    "ramsar": ("Resolution XIV.7", None,
               "NB: Proposed new text is underlined. Text to be deleted is crossed out.",
               "Resolution XIV.7", None),
    "cbd": ("Decision 15/4", None, None, "Decision 15/4", None),
}


def test_every_shipped_profile_has_a_round_trip_test():
    assert set(ROUND_TRIPS) == set(keys())


@pytest.mark.parametrize("key", sorted(ROUND_TRIPS))
def test_a_profile_s_heading_tag_history_and_note_round_trip(key):
    heading, history, note, new_heading, new_history = ROUND_TRIPS[key]
    parts = [heading, "TITLE"] + ([note] if note else []) + ([history] if history else [])
    doc = critic("\n\n".join(parts + ["1. Decides {++now++}."]))
    s = analyse(doc)
    assert s.instrument_block == 0
    assert (s.note_block is not None) == bool(note)
    assert (s.history_block is not None) == bool(history)
    cop = None if key in ("ramsar", "cbd") else None
    result = finish(doc, ConsolidateOptions(treaty=key, cop=cop if cop else (15 if key == "cbd" else None)))
    out = texts(result.value.document)
    assert out[0] == new_heading
    if new_history:
        assert new_history in out
    assert not any(t.startswith("NB") for t in out)


# --------------------------------------------------------------------------
# Never a silent wrong answer


def test_a_tag_in_capitals_is_read_and_no_meeting_is_guessed_from_the_number():
    doc = critic("PROPOSED AMENDMENTS TO RESOLUTION CONF. 10.10 (REV. COP19)\n\nTITLE\n\n1. RECOMMENDS {++now++};")
    result = finish(doc)
    assert texts(result.value.document)[0] == "Resolution Conf. 10.10 (Rev. CoP20)"


def test_without_tag_symbol_or_cop_the_heading_is_not_tagged_and_the_warning_names_cop():
    doc = critic("Resolution Conf. 10.10\n\nTITLE\n\n1. RECOMMENDS {++now++};")
    result = finish(doc)
    assert texts(result.value.document)[0] == "Resolution Conf. 10.10"
    warning = next(d for d in result.diagnostics if d.code == "revision-unknown")
    assert warning.severity is Severity.WARNING and "--cop" in warning.message


def test_a_draft_with_no_marks_is_given_back_unchanged_with_a_warning():
    doc = critic("Resolution 11.10 (Rev.COP13)\n\nTITLE\n\nAdopted by the Conference of the Parties at its 11th "
                 "Meeting (Quito, 4–9 November 2014)\n\n1. Decides.")
    result = finish(doc)
    assert result.value.document == doc
    assert [d.code for d in result.diagnostics] == ["no-amendments"]


def test_three_meetings_are_listed_with_commas_and_one_and():
    t = treaty("cms")
    line = ("Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014) and amended at "
            "its 13th Meeting (Gandhinagar, 17–22 February 2020) and 14th Meeting (Samarkand, 12–17 February 2024)")
    new, why = extend_history(line, 15, t, "en")
    assert new == ("Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014) and "
                   "amended at its 13th Meeting (Gandhinagar, 17–22 February 2020), 14th Meeting (Samarkand, "
                   "12–17 February 2024) and 15th Meeting (Campo Grande, 23–29 March 2026)")
    assert why == ""


def test_a_french_line_is_extended_in_french_never_with_english_words():
    line = "Adoptée par la Conférence des Parties à sa 11e réunion et amendée à sa 13e réunion"
    new, _ = extend_history(line, 14, treaty("cms"), "fr")
    assert new == "Adoptée par la Conférence des Parties à sa 11e réunion et amendée à sa 13e réunion et 14e réunion"


def test_a_spanish_footnote_is_extended_with_its_own_ordinals_and_conjunction():
    note = "* Enmendada en las reuniones 11ª, 12ª y 19ª de la Conferencia de las Partes."
    new, _ = extend_history(note, 20, treaty("cites"), "es")
    assert new == "* Enmendada en las reuniones 11ª, 12ª, 19ª y 20ª de la Conferencia de las Partes."


def test_no_history_is_written_where_the_profile_has_no_form_in_that_language():
    line, why = history_update(None, "Resolution 11.10", None, 14, "cms", "fr")
    assert line is None and "'fr'" in why


def test_next_revision_writes_a_shouted_tag_in_the_treaty_s_form_and_none_where_there_is_no_form():
    assert next_revision("REV. COP19", 20, "cites") == "Rev. CoP20"
    assert next_revision(None, 15, "ramsar") is None


# --------------------------------------------------------------------------
# Seams in French


def test_french_seams_keep_the_space_before_semicolon_colon_and_inside_guillemets():
    doc = critic("Résolution 11.10 (Rev.COP13)\n\n1. Prie {--vivement--} ; puis : {--x--} « {--a--} b » !")
    assert texts(seamed_view(doc))[1] == "1. Prie ; puis : « b » !"


def test_the_original_view_of_a_french_text_keeps_its_literal_spaces():
    doc = critic("Résolution 11.10 (Rev.COP13)\n\n1. Prie le Secrétariat{++ d'urgence++} ; et « ceci ».")
    assert texts(seamed_view(doc, final=False))[1] == "1. Prie le Secrétariat ; et « ceci »."


# --------------------------------------------------------------------------
# The data


def test_every_profile_form_cites_a_source():
    folder = ROOT / "src" / "resamend" / "treaties"
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["instrument"]["source"], path.name
        assert data["tag"]["source"], path.name
        for symbol in data.get("symbols", []):
            assert symbol["source"], path.name
        for form in data.get("history", {}).get("forms", {}).values():
            assert form["source"], path.name
        for meeting in data.get("meetings", []):
            assert meeting["source"], (path.name, meeting["number"])
    assert set(treaties()) == {"aewa", "cbd", "cites", "cms", "ramsar"}


# --------------------------------------------------------------------------
# The command line


def test_apply_takes_the_treaty_from_the_option(tmp_path):
    from click.testing import CliRunner

    from resamend.cli import cli as main

    draft = tmp_path / "draft.txt"
    draft.write_text("Resolution 7.3 (Rev.MOP7)\n\nTITLE\n\n1. Requests {++now++}.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["apply", str(draft), "--treaty", "aewa"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Resolution 7.3 (Rev.MOP8)"
    assert "treaty-unknown" not in result.output


def test_check_compares_a_cites_draft_with_its_expected_text_under_treaty_cites(tmp_path):
    from click.testing import CliRunner

    from resamend.cli import cli as main

    expect = tmp_path / "expect.txt"
    expect.write_text("\n\n".join(CITES_ANNEX_FINAL) + "\n", encoding="utf-8")
    draft = str(SAMPLES / "cites-cop20-doc-annex-conf-10.10.docx")
    result = CliRunner().invoke(main, ["check", draft, "--expect", str(expect), "--treaty", "cites", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


@pytest.mark.parametrize("note", [
    "NB: Proposed new text is underlined. Text proposed for deletion is crossed out.",
    "NB : Le texte à supprimer est barré.",
    "NB: El texto que se propone suprimir aparece tachado.",
])
def test_the_convention_note_is_recognised_by_the_words_of_any_profile(note):
    from resamend.structure import is_note

    assert is_note(note)


def test_inspect_reports_the_next_revision_in_the_forced_treaty_s_form(tmp_path):
    from click.testing import CliRunner

    from resamend.cli import cli as main

    draft = tmp_path / "draft.txt"
    draft.write_text("Resolution 7.3 (Rev.MOP7)\n\nTITLE\n\n1. Requests {++now++}.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["inspect", str(draft), "--treaty", "aewa", "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["next_revision"] == "Rev.MOP8"
    assert "treaty-unknown" not in [d["code"] for d in report["diagnostics"]]


# the French and Spanish history wordings here are not confirmed published forms (see cms.json
# notes): they show that an existing line is extended in whatever words it uses
@pytest.mark.parametrize("key, heading, history, note, new_heading, new_history", [
    ("cms", "Résolution 11.10 (Rev.COP13)",
     "Adoptée par la Conférence des Parties à sa 11e réunion et amendée à sa 13e réunion",
     "NB : Le nouveau texte proposé est souligné. Le texte à supprimer est barré.",
     "Résolution 11.10 (Rev.COP14)",
     "Adoptée par la Conférence des Parties à sa 11e réunion et amendée à sa 13e réunion et 14e réunion"),
    ("cms", "Resolución 11.10 (Rev.COP13)",
     "Adoptada por la Conferencia de las Partes en su 11ª reunión y enmendada en su 13ª reunión",
     "NB: El nuevo texto propuesto aparece subrayado. El texto que se propone suprimir aparece tachado.",
     "Resolución 11.10 (Rev.COP14)",
     "Adoptada por la Conferencia de las Partes en su 11ª reunión y enmendada en su 13ª reunión y 14ª reunión"),
    ("cites", "Resolución Conf. 10.10 (Rev. CoP19)*",
     "* Enmendada en las reuniones 11ª y 19ª de la Conferencia de las Partes.",
     "NB: El texto que se propone suprimir aparece tachado.",
     "Resolución Conf. 10.10 (Rev. CoP20)*",
     "* Enmendada en las reuniones 11ª, 19ª y 20ª de la Conferencia de las Partes."),
])
def test_a_french_or_spanish_text_round_trips_in_its_own_language(key, heading, history, note, new_heading,
                                                                   new_history):
    doc = critic("\n\n".join([heading, "TITRE", note, history, "1. Décide {++maintenant++}."]))
    result = finish(doc, ConsolidateOptions(treaty=key))
    out = texts(result.value.document)
    assert out[0] == new_heading
    assert new_history in out
    assert not any(t.startswith("NB") for t in out)


def test_check_reports_a_treaty_it_cannot_tell_as_a_finding():
    from resamend.check import check

    draft = critic("Resolution 7.3\n\nTITLE\n\n1. Requests {++now++}.")
    codes = [f.code for f in check(draft).findings]
    assert "treaty-unknown" in codes
    assert "treaty-unknown" not in [f.code for f in check(draft, treaty="aewa").findings]
