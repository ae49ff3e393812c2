"""Cross-references follow the renumbering (EN/FR/ES); references to other
texts stay.  Expected texts written by hand from the fixtures."""

from __future__ import annotations

import subprocess
import sys

import pytest

from resamend.consolidate import ConsolidateOptions, finish
from resamend.diagnostics import Severity
from resamend.readers.text import parse_critic

HEADER = "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.3 (Rev.COP13)\n\nMANILA DECLARATION\n\n"
EN = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n\n"
FR = "La Conférence des Parties à la Convention sur la conservation des espèces migratrices appartenant à la faune sauvage\n\n"
ES = "La Conferencia de las Partes en la Convención sobre la conservación de las especies migratorias de animales silvestres\n\n"


def consolidated(text: str, **options) -> tuple[list[str], list]:
    result = finish(parse_critic(text).value, ConsolidateOptions(cop=14, **options))
    return [b.text for b in result.value.document.blocks], list(result.diagnostics)


def test_english_references_of_every_form_follow_the_renumbering():
    body, diags = consolidated(
        HEADER + EN
        + "1. Requests;\n\n{++1bis. Also requests;++}\n\n2. Urges;\n\n3. Invites:\n\na) to act;\n\nb) to report;\n\n"
        + "4. Recalls paragraph 1bis of this Resolution, paragraph 2 above, paragraphs 2 and 3, "
        "paragraphs 2 to 3, paragraph 3 (b) and paragraph 3 of Resolution 11.10."
    )
    assert body[-1] == (
        "5. Recalls paragraph 2 of this Resolution, paragraph 3 above, paragraphs 3 and 4, "
        "paragraphs 3 to 4, paragraph 4 (b) and paragraph 3 of Resolution 11.10."
    )
    rewritten = [d for d in diags if d.code == "reference-rewritten"]
    assert all(d.severity is Severity.WARNING for d in rewritten)
    assert [d.text for d in rewritten] == [
        "paragraph 1bis", "paragraph 2", "paragraphs 2 and 3", "paragraphs 2 to 3", "paragraph 3 (b)"
    ]
    assert "'paragraph 1bis' rewritten as 'paragraph 2'" in rewritten[0].message


@pytest.mark.parametrize("formula, body, expected", [
    (
        FR,
        "1. Prie le Secrétariat ;\n\n{++1bis. Prie aussi ;++}\n\n2. Invite les Parties ;\n\n"
        "3. Rappelle le paragraphe 2 ci-dessus, les paragraphes 1bis et 2 et le paragraphe 2 de la Résolution 11.10.",
        "4. Rappelle le paragraphe 3 ci-dessus, les paragraphes 2 et 3 et le paragraphe 2 de la Résolution 11.10.",
    ),
    (
        ES,
        "1. Solicita;\n\n{++1bis. Solicita además;++}\n\n2. Insta;\n\n"
        "3. Recuerda el párrafo 2 de la presente Resolución, los párrafos 1 y 2 y el párrafo 2 de la Resolución 11.10.",
        "4. Recuerda el párrafo 3 de la presente Resolución, los párrafos 1 y 3 y el párrafo 2 de la Resolución 11.10.",
    ),
], ids=["french", "spanish"])
def test_french_and_spanish_references_follow_the_renumbering(formula, body, expected):
    assert consolidated(HEADER + formula + body)[0][-1] == expected


def test_keep_references_leaves_them_and_says_so():
    text = HEADER + EN + "1. One;\n\n{++1bis. Inserted;++}\n\n2. Recalls paragraph 1bis above."
    body, diags = consolidated(text, keep_references=True)
    assert body[-1] == "3. Recalls paragraph 1bis above."
    assert [(d.code, d.severity) for d in diags if "reference" in d.code] == [("cross-reference", Severity.INFO)]


def test_a_deleted_paragraph_moves_later_references_back():
    body, _ = consolidated(HEADER + EN + "1. One;\n\n{--2. Two;--}\n\n3. Three;\n\n4. Recalls paragraph 3.")
    assert body[-2:] == ["2. Three;", "3. Recalls paragraph 2."]


def test_apply_shows_each_rewrite_and_keep_references_opts_out(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(HEADER + EN + "1. One;\n\n{++1bis. Inserted;++}\n\n2. Recalls paragraph 1bis above.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "resamend", "apply", str(draft)], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "3. Recalls paragraph 2 above." in proc.stdout
    assert "'paragraph 1bis' rewritten as 'paragraph 2'" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "resamend", "apply", str(draft), "--keep-references"],
                          capture_output=True, text=True)
    assert "3. Recalls paragraph 1bis above." in proc.stdout and "rewritten" not in proc.stderr


def test_check_reports_each_rewrite():
    from resamend.check import check

    draft = parse_critic(HEADER + EN + "1. One;\n\n{++1bis. Inserted;++}\n\n2. Recalls paragraph 1bis above.").value
    expected = parse_critic(
        "Resolution 12.3 (Rev.COP14)\n\nMANILA DECLARATION\n\n" + EN + "1. One;\n\n2. Inserted;\n\n3. Recalls paragraph 2 above."
    ).value
    report = check(draft, expect=expected)
    assert [f.code for f in report.findings if f.code == "reference-rewritten"] == ["reference-rewritten"]
    assert not [f for f in report.findings if f.check == "expect"]


def test_check_without_expect_reports_each_rewrite_too():
    from resamend.check import check

    draft = parse_critic(HEADER + EN + "1. One;\n\n{++1bis. Inserted;++}\n\n2. Recalls paragraph 1bis above.").value
    report = check(draft)
    rewritten = [f for f in report.findings if f.code == "reference-rewritten"]
    assert len(rewritten) == 1 and rewritten[0].location.block == 5
