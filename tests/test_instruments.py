"""The whole instrument, every time: a resolution with its own annexes and
footnotes, several amended instruments in one COP document, excerpts.

Every expected text here is written by hand from the fixture's source text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from docx_factory import make_docx, p, r
from resamend.check import check
from resamend.consolidate import ConsolidateOptions, finish
from resamend.diagnostics import Severity
from resamend.model import Document
from resamend.readers import ReadOptions, read
from resamend.readers.text import parse_critic
from resamend.structure import analyse, select_instrument

U = "<w:u w:val='single'/>"
S = "<w:strike/>"

# A COP document (report, Annex 1 amending Resolution 12.21, whose own annex
# is a programme of work with a table and whose text has a footnote; Annex 2
# with draft decisions), in the house convention (underline = new, strike =
# deleted).  Modelled on UNEP/CMS/COP14/Doc.18.1.
COP_BODY = (
    p(r("UNEP/CMS/COP15/Doc.22"))
    + p(r("CLIMATE CHANGE AND MIGRATORY SPECIES"))
    + p(r("1. The Secretariat reports on the implementation of Resolution 12.21."))
    + p(r("ANNEX 1"))
    + p(r("PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.21 (Rev.COP14)"))
    + p(r("CLIMATE CHANGE AND MIGRATORY SPECIES"))
    + p(r("The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals"))
    + p(r("1. Adopts the Programme of Work annexed to this Resolution"), "<w:r><w:footnoteReference w:id='1'/></w:r>", r(";"))
    + p(r("2. Urges Parties"), r(" and the Secretariat", U), r(" to act."))
    + p(r("ANNEX"))
    + p(r("PROGRAMME OF WORK ON CLIMATE CHANGE"))
    + "<w:tbl><w:tblPr/>"
    + "<w:tr><w:tc>" + p(r("Action")) + "</w:tc><w:tc>" + p(r("Lead")) + "</w:tc></w:tr>"
    + "<w:tr><w:tc>" + p(r("Monitor "), r("flyways", U), r("routes", S)) + "</w:tc><w:tc>" + p(r("Parties")) + "</w:tc></w:tr>"
    + "</w:tbl>"
    + p(r("1. Parties report every three years;"))
    + p(r("1bis. The Secretariat compiles the reports;", U))
    + p(r("2. The Scientific Council reviews them."))
    + p(r("ANNEX 2"))
    + p(r("DRAFT DECISIONS"))
    + p(r("15.AA Directed to the Secretariat"))
)
COP_NOTES = (
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> As adopted at COP12 (Manila, 2017).</w:t></w:r></w:p></w:footnote>'
)


def cop_document() -> Document:
    data = make_docx(COP_BODY, footnotes=COP_NOTES)
    return read(data, "docx", ReadOptions(source="cop15-doc22.docx")).value


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if b.text.strip()]


def test_the_resolution_keeps_its_own_annex_its_table_and_its_footnote():
    selected = select_instrument(cop_document())
    done = finish(selected.value, ConsolidateOptions(cop=15)).value.document
    assert texts(done) == [
        "Resolution 12.21 (Rev.COP15)",
        "CLIMATE CHANGE AND MIGRATORY SPECIES",
        "Adopted by the Conference of the Parties at its 12th Meeting (Manila, 23–28 October 2017) and amended at "
        "its 14th Meeting (Samarkand, 12–17 February 2024) and 15th Meeting (Campo Grande, 23–29 March 2026)",
        "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals",
        "1. Adopts the Programme of Work annexed to this Resolution[^1];",
        "2. Urges Parties and the Secretariat to act.",
        "ANNEX",
        "PROGRAMME OF WORK ON CLIMATE CHANGE",
        "Action",
        "Lead",
        "Monitor flyways",
        "Parties",
        # the annex's paragraphs are numbered on their own: 1bis becomes 2
        "1. Parties report every three years;",
        "2. The Secretariat compiles the reports;",
        "3. The Scientific Council reviews them.",
        "[^1]:  As adopted at COP12 (Manila, 2017).",
    ]


def test_the_original_view_keeps_the_annex_as_it_was():
    selected = select_instrument(cop_document())
    done = finish(selected.value, ConsolidateOptions(original=True)).value.document
    body = texts(done)
    assert "Monitor routes" in body
    assert "1bis. The Secretariat compiles the reports;" not in body
    assert body[-1] == "[^1]:  As adopted at COP12 (Manila, 2017)."


def test_the_report_and_the_draft_decisions_left_out_are_named_by_warnings():
    result = select_instrument(cop_document())
    left = [d for d in result.diagnostics if d.code == "part-left-out"]
    assert [d.severity for d in left] == [Severity.WARNING, Severity.WARNING]
    assert "the text before Annex 1 is not part of Resolution 12.21: left out" in left[0].message
    assert "The Secretariat reports on the implementation" in left[0].text
    assert "Annex 2 (draft decisions) is not part of Resolution 12.21: left out" in left[1].message
    assert "15.AA Directed to the Secretariat" in left[1].text


TWO = """UNEP/CMS/COP15/Doc.20

1. The Secretariat reports.

ANNEX 1

PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 12.21 (Rev.COP14)

CLIMATE CHANGE

The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals

1. Adopts{++ the programme++};

ANNEX 2

PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP14)

SYNERGIES AND PARTNERSHIPS

The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals

1. Urges{++ Parties++};

ANNEX 3

DRAFT DECISIONS

15.AA Directed to the Secretariat
"""


def test_every_amended_instrument_of_a_document_is_found():
    s = analyse(parse_critic(TWO).value)
    assert [(i.name, i.revision, i.annex) for i in s.instruments] == [
        ("Resolution 12.21", "Rev.COP14", 1),
        ("Resolution 11.10", "Rev.COP14", 2),
    ]


def test_a_document_with_two_instruments_warns_and_says_how_to_choose():
    result = select_instrument(parse_critic(TWO).value)
    several = [d for d in result.diagnostics if d.code == "several-instruments"]
    assert len(several) == 1 and several[0].severity is Severity.WARNING
    assert "--annex 2" in several[0].message and "--all -o DIR/" in several[0].message
    assert "Annex 2 (Resolution 11.10) is not part of Resolution 12.21" in " ".join(d.message for d in result.diagnostics)


def test_annex_n_takes_the_instrument_of_that_annex():
    part = select_instrument(parse_critic(TWO).value, annex=2).value
    assert texts(finish(part).value.document)[-1] == "1. Urges Parties;"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resamend", *args], cwd=cwd, capture_output=True, timeout=60,
                          env={**os.environ, "NO_COLOR": "1"})


def test_apply_all_writes_one_file_per_instrument_named_after_it(tmp_path):
    (tmp_path / "doc.txt").write_text(TWO, encoding="utf-8")
    (tmp_path / "out").mkdir()
    proc = run("apply", "doc.txt", "--all", "-o", "out", "-t", "text", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["Resolution 11.10 (Rev.COP15).txt", "Resolution 12.21 (Rev.COP15).txt"]
    written = (tmp_path / "out" / "Resolution 11.10 (Rev.COP15).txt").read_text(encoding="utf-8")
    assert written.startswith("Resolution 11.10 (Rev.COP15)\n")
    assert "1. Urges Parties;" in written and "Adopts" not in written
    # the report and the draft decisions are named once; the other instrument is not "left out"
    err = proc.stderr.decode()
    assert err.count("[part-left-out]") == 2 and "Annex 3 (draft decisions)" in err
    assert "Annex 2 (Resolution 11.10) is not part" not in err


def test_apply_all_writes_word_files_by_default_and_needs_a_directory(tmp_path):
    (tmp_path / "doc.txt").write_text(TWO, encoding="utf-8")
    (tmp_path / "out").mkdir()
    proc = run("apply", "doc.txt", "--all", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "Resolution 12.21 (Rev.COP15).docx").read_bytes().startswith(b"PK")
    proc = run("apply", "doc.txt", "--all", "-o", "missing", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err and "give -o DIR/" in err


def test_an_excerpt_without_heading_continues_from_its_first_number():
    excerpt = "8. Eight;\n\n{++8bis. New;++}\n\n9. Nine;\n\n{--10. Ten;--}\n\n11. Eleven."
    done = finish(select_instrument(parse_critic(excerpt).value).value).value
    assert texts(done.document) == ["8. Eight;", "9. New;", "10. Nine;", "11. Eleven."]
    assert done.renumbering == (("8bis.", "9."), ("9.", "10."))


def test_an_excerpt_whose_first_paragraph_is_deleted_continues_from_that_number():
    excerpt = "{--3. Three;--}\n\n4. Four;\n\n5. Five."
    done = finish(parse_critic(excerpt).value).value
    assert texts(done.document) == ["3. Four;", "4. Five."]


def test_no_renumber_keeps_the_excerpts_labels():
    excerpt = "8. Eight;\n\n{++8bis. New;++}\n\n9. Nine."
    done = finish(parse_critic(excerpt).value, ConsolidateOptions(renumber=False)).value
    assert texts(done.document) == ["8. Eight;", "8bis. New;", "9. Nine."]


def test_check_expect_fails_when_the_consolidated_text_lacks_the_resolutions_annex():
    draft = cop_document()
    whole = texts(finish(select_instrument(draft).value, ConsolidateOptions(cop=15)).value.document)
    # the adopted text, typed from the source: with the annex, and without it
    with_annex = "\n\n".join(whole)
    annex_at = whole.index("ANNEX")
    without_annex = "\n\n".join(whole[:annex_at] + whole[-1:])
    good = check(draft, expect=parse_critic(with_annex).value, lint=False)
    bad = check(draft, expect=parse_critic(without_annex).value, lint=False)
    assert good.status() == "clean", good.findings
    assert bad.status() == "findings"


# --------------------------------------------------------------------------
# Conservation: every block of the input is in the final view, the original
# view, or a diagnostic.

REPORT = st.sampled_from(["1. The Secretariat reports.", "Background", "2. Parties are invited to note the report."])
PARAS = st.sampled_from(["Requests the Secretariat to act;", "Urges Parties to report;", "Invites partners to help."])
MARKS = st.sampled_from(["", "", "ins", "del"])


def _marked(text: str, mark: str) -> str:
    return {"": text, "ins": "{++" + text + "++}", "del": "{--" + text + "--}"}[mark]


@st.composite
def cop_documents(draw):
    parts: list[str] = []
    if draw(st.booleans()):
        parts += draw(st.lists(REPORT, min_size=1, max_size=3))
    n_instruments = draw(st.integers(0, 2))
    annex = 0
    for k in range(n_instruments):
        annex += 1
        parts += [f"ANNEX {annex}", f"PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 1{k}.{annex} (Rev.COP14)", "A TITLE",
                  "The Conference of the Parties to the Convention on the Conservation of Migratory Species"]
        for n, para in enumerate(draw(st.lists(PARAS, min_size=1, max_size=4)), 1):
            parts.append(_marked(f"{n}. {para}", draw(MARKS)))
        if draw(st.booleans()):
            parts += ["Annex", "GUIDELINES"]
            for n, para in enumerate(draw(st.lists(PARAS, min_size=1, max_size=3)), 1):
                parts.append(_marked(f"{n}. {para}", draw(MARKS)))
    if draw(st.booleans()):
        annex += 1
        parts += [f"ANNEX {annex}", "DRAFT DECISIONS", "15.AA Directed to the Secretariat"]
    if not parts:
        parts = ["1. Only a report."]
    return "\n\n".join(parts)


_LABEL = re.compile(r"^\s*\d+(?:bis)?\.\s*")


def _core(text: str) -> str:
    return _LABEL.sub("", text).strip()


@settings(max_examples=60, deadline=None)
@given(cop_documents())
def test_every_block_is_in_a_view_or_named_by_a_diagnostic(text):
    doc = parse_critic(text).value
    selected = select_instrument(doc)
    final = finish(selected.value)
    original = finish(selected.value, ConsolidateOptions(original=True))
    seen = " \n".join(_core(b.text) for b in final.value.document.blocks + original.value.document.blocks)
    named = "\n".join(d.text or "" for d in selected.diagnostics + final.diagnostics + original.diagnostics)
    for block in doc.blocks:
        views = [_core(block.view_text(True)), _core(block.view_text(False))]
        kept = any(v and v in seen for v in views)
        assert kept or block.text.strip() in named, (block.text, named)


def test_inspect_lists_every_instrument_and_the_one_it_shows(tmp_path):
    import json

    (tmp_path / "doc.txt").write_text(TWO, encoding="utf-8")
    proc = run("inspect", "doc.txt", "--json", cwd=tmp_path)
    listed = json.loads(proc.stdout)["instruments"]
    assert [(i["instrument"], i["annex"], i["used"]) for i in listed] == [
        ("Resolution 12.21", 1, True), ("Resolution 11.10", 2, False),
    ]
    proc = run("inspect", "doc.txt", "--json", "--annex", "2", cwd=tmp_path)
    assert [i["used"] for i in json.loads(proc.stdout)["instruments"]] == [False, True]


def test_a_footnote_of_the_report_is_left_out_with_it_and_named():
    body = COP_BODY.replace(
        p(r("1. The Secretariat reports on the implementation of Resolution 12.21.")),
        p(r("1. The Secretariat reports on the implementation of Resolution 12.21."),
          "<w:r><w:footnoteReference w:id='2'/></w:r>"),
    )
    notes = COP_NOTES + (
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> See UNEP/CMS/COP14/Doc.18.1.</w:t></w:r></w:p></w:footnote>'
    )
    doc = read(make_docx(body, footnotes=notes), "docx", ReadOptions(source="cop15-doc22.docx")).value
    result = select_instrument(doc)
    finished = finish(result.value, ConsolidateOptions(cop=15))
    done = finished.value.document
    assert texts(done)[-1] == "[^2]:  As adopted at COP12 (Manila, 2017)."
    left = [d.text for d in result.diagnostics if d.code == "part-left-out"]
    assert any("See UNEP/CMS/COP14/Doc.18.1." in t for t in left)
    # every block of the input is in the consolidated text, the original text or a diagnostic
    named = left + [d.text or "" for d in finished.diagnostics]
    original = finish(result.value, ConsolidateOptions(original=True)).value.document
    seen = "\n".join(texts(done) + texts(original))
    for block in doc.blocks:
        core = block.view_text().strip()
        assert (core and core.split(" ", 1)[-1] in seen) or any(block.text.strip() in t for t in named), block.text
