"""resamend compile: three Parties' proposals to Resolution 11.10 (Rev.COP14).

The sample (samples/build_compile_samples.py) has the European Union
(underline/strike DOCX), Brazil (tracked changes by "Brazil") and Norway
(CriticMarkup).  Expected texts below are written by hand from those drafts:
EU and Brazil both replace "protect" in paragraph 9 ("conserve" /
"safeguard": a conflict), EU and Norway make the same insertion in
paragraph 2, Brazil deletes paragraph 5, Norway adds a paragraph 11bis.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from resamend.amend import accept, reject
from resamend.amendments import AmendmentSet, BaseInfo, BlockEdit, TextEdit
from resamend.compilation import (
    Proposal,
    adopt,
    authors,
    bracketed,
    compile_proposals,
    party_view,
    proposals_of,
)
from resamend.diagnostics import UsageError
from resamend.model import Block, Change, Document, Mark, Meta, Segment, Source
from resamend.readers import ReadOptions, read
from resamend.structure import select_instrument

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
BASE = SAMPLES / "cms-res-11.10-rev-cop14.txt"
EU = SAMPLES / "proposal-eu.docx"
BRAZIL = SAMPLES / "proposal-brazil-tracked.docx"
NORWAY = SAMPLES / "proposal-norway.critic.txt"

def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))  # the CLI runs in the repository's root: outputs name the samples alike everywhere


PARTIES = ["--party", f"European Union={_rel(EU)}", "--party", f"Norway={_rel(NORWAY)}"]
ALL = [_rel(BASE), _rel(EU), _rel(BRAZIL), _rel(NORWAY), *PARTIES]

KMGBF = " and the Kunming-Montreal Global Biodiversity Framework"
PARA_2_START = "2. Requests the Executive Secretary to inform biodiversity-related"
PARA_5 = ("5. Notes the recommendations contained in UNEP/CMS/COP13/Doc.18/Annex.3 aimed at enhancing the "
          "relationship between the CMS Family and civil society both at international and national levels;")
PARA_9_HEAD = ("9.\tFurther encourages Parties and the Secretariat to   promote the active engagement of subnational "
               "and local governments in efforts to ")
PARA_11BIS = ("11bis. Encourages Parties to involve the private sector in the national implementation of the "
              "Strategic Plan for Migratory Species 2024-2032;")


# the terminal golden is written with colours: the same ones whatever the caller's terminal
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "COLUMNS", "TERM")}
ENV["TERM"] = "xterm-256color"


def resamend(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resamend", *args], capture_output=True, timeout=120, cwd=cwd, env=ENV)


def _doc(path: Path) -> Document:
    return select_instrument(read(path.read_bytes(), None, ReadOptions(source=path.name)).value).value


@pytest.fixture(scope="module")
def compiled():
    base = _doc(BASE)
    found = []
    for path, party in ((EU, "European Union"), (BRAZIL, None), (NORWAY, "Norway")):
        found += proposals_of(_doc(path), party, path.stem).value
    return compile_proposals(base, found)


# -- the CLI, on the sample ------------------------------------------------------


def test_the_critic_compilation_names_every_party_after_its_proposal():
    proc = resamend("compile", *ALL, "-t", "critic")
    assert proc.returncode == 1, proc.stderr.decode()  # there is a conflict
    lines = proc.stdout.decode("utf-8").split("\n\n")
    para_2 = next(line for line in lines if line.startswith(PARA_2_START))
    assert "Migratory Species 2024-2032{++" + KMGBF + "++}{>>European Union; Norway<<} and pursue" in para_2
    assert "{--" + PARA_5 in proc.stdout.decode()
    assert "--}{>>Brazil<<}6. Recognizes that formal partnerships" in proc.stdout.decode()
    assert PARA_9_HEAD + "{--protect--}{>>Brazil; European Union<<}{++safeguard++}{>>Brazil<<}{++conserve++}{>>European Union<<} migratory species;" in lines
    assert "{++" + PARA_11BIS in proc.stdout.decode()


def test_the_conflict_is_reported_on_stderr_with_both_parties():
    proc = resamend("compile", *ALL, "-t", "md")
    err = proc.stderr.decode()
    assert "conflict 1 in op.9 on “protect”: Brazil: “safeguard” / European Union: “conserve” [conflict]" in err
    assert err.count("[conflict]") == 1


def test_json_lists_parties_proposals_and_the_conflict():
    proc = resamend("compile", *ALL, "-t", "json")
    data = json.loads(proc.stdout)
    assert data["format"] == "resamend.compilation/1"
    assert data["base"]["revision"] == "Rev.COP14" and data["base"]["instrument"] == "Resolution 11.10"
    assert data["parties"] == ["European Union", "Brazil", "Norway"]
    para_2 = next(line for line in BASE.read_text(encoding="utf-8").split("\n\n") if line.startswith(PARA_2_START))
    at = para_2.index("Migratory Species 2024-2032") + len("Migratory Species 2024-2032")
    shared = [p for p in data["proposals"] if p["block"] == "op.2"]
    assert shared == [{"parties": ["European Union", "Norway"], "op": "text", "block": "op.2", "start": at, "end": at,
                       "old": "", "new": KMGBF, "conflict": None}]
    assert {"parties": ["Brazil"], "op": "delete", "block": "op.5", "old": PARA_5, "new": "", "conflict": None} in data["proposals"]
    inserted = [p for p in data["proposals"] if p["op"] == "insert"]
    assert [(p["parties"], p["after"], p["new"]) for p in inserted] == [(["Norway"], "op.11", PARA_11BIS)]
    (conflict,) = data["conflicts"]
    assert conflict["blocks"] == ["op.9"] and conflict["old"] == "protect"
    assert conflict["alternatives"] == [{"parties": ["Brazil"], "new": "safeguard"}, {"parties": ["European Union"], "new": "conserve"}]
    assert [p["conflict"] for p in data["proposals"] if p["block"] == "op.9"] == [1, 1]


def test_adopting_two_parties_gives_the_consolidated_text_renumbered_and_tagged_once(tmp_path):
    proc = resamend("compile", *ALL, "--adopt", "European Union", "--adopt", "Norway")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode("utf-8").split("\n\n")
    assert lines[0] == "Resolution 11.10 (Rev.COP15)"
    assert PARA_9_HEAD + "conserve migratory species;" in lines
    assert "12. " + PARA_11BIS.removeprefix("11bis. ") in lines
    assert any(line.startswith("13. Further requests the Secretariat, its daughter Agreements") for line in lines)
    assert any(line.startswith("5. Notes the recommendations") for line in lines)  # Brazil's deletion not adopted
    para_2 = next(line for line in lines if line.startswith(PARA_2_START))
    assert "Migratory Species 2024-2032" + KMGBF + " and pursue" in para_2
    assert "Rev.COP16" not in proc.stdout.decode()


def test_adopting_two_conflicting_parties_is_an_error_naming_both():
    proc = resamend("compile", *ALL, "--adopt", "Brazil", "--adopt", "European Union")
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().strip().endswith(
        "resamend: error: the proposals of Brazil and European Union conflict in op.9 ('protect'); adopt only one of them")


def test_an_unknown_party_to_adopt_is_an_error_naming_the_parties():
    proc = resamend("compile", *ALL, "--adopt", "Peru")
    assert proc.returncode == 2
    assert "no proposal by 'Peru'; name one of the Parties: European Union, Brazil, Norway" in proc.stderr.decode()


def test_party_naming_a_file_that_is_not_a_proposal_is_an_error():
    proc = resamend("compile", str(BASE), str(EU), "--party", "Peru=peru.docx")
    assert proc.returncode == 2 and "not one of the proposals" in proc.stderr.decode()
    proc = resamend("compile", str(BASE), str(EU), "--party", "Peru")
    assert proc.returncode == 2 and "is not NAME=FILE" in proc.stderr.decode()


def test_without_party_the_file_name_and_the_tracked_author_name_the_proposals():
    proc = resamend("compile", str(BASE), str(EU), str(BRAZIL), str(NORWAY), "-t", "json")
    assert json.loads(proc.stdout)["parties"] == ["proposal-eu", "Brazil", "proposal-norway"]


def test_a_proposal_made_against_another_revision_is_reported_not_silently_applied():
    old_draft = SAMPLES / "cms-res-11.10-cop14-annex1.critic.txt"  # amends Rev.COP13
    proc = resamend("compile", str(BASE), str(old_draft), "--party", f"CMS Secretariat={old_draft}", "-t", "json")
    err = proc.stderr.decode()
    assert "CMS Secretariat's proposal was made against Rev.COP13, the base is Rev.COP14" in err
    assert "[base-revision]" in err
    assert "cannot be placed" in err and "it is left out of the compilation [unplaced-edit]" in err


def test_a_clean_revised_text_is_compared_with_the_base(tmp_path):
    revised = tmp_path / "peru.txt"
    revised.write_text(BASE.read_text(encoding="utf-8").replace("efforts to protect migratory", "efforts to defend migratory"), encoding="utf-8")
    proc = resamend("compile", str(BASE), str(revised), str(EU), "-t", "json")
    (conflict,) = json.loads(proc.stdout)["conflicts"]
    assert conflict["alternatives"] == [{"parties": ["peru"], "new": "defend"}, {"parties": ["proposal-eu"], "new": "conserve"}]


def test_an_amendment_set_from_extract_is_a_proposal(tmp_path):
    proc = resamend("extract", str(NORWAY), "-o", str(tmp_path / "norway.json"))
    assert proc.returncode == 0, proc.stderr
    proc = resamend("compile", str(BASE), str(tmp_path / "norway.json"), "-t", "json")
    data = json.loads(proc.stdout)
    assert data["parties"] == ["norway"] and data["conflicts"] == []
    assert [p["new"] for p in data["proposals"]] == [KMGBF, PARA_11BIS]
    assert proc.returncode == 0


def test_a_marked_base_is_refused(tmp_path):
    proc = resamend("compile", str(NORWAY), str(EU))
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().startswith(f"resamend: error: {NORWAY}: the base text has amendment marks; give the clean base text")


def test_tracked_docx_has_each_party_as_the_author(tmp_path):
    out = tmp_path / "compiled.docx"
    proc = resamend("compile", *ALL, "--track-changes", "--date", "2025-11-10", "-o", str(out))
    assert proc.returncode == 1, proc.stderr.decode()
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    for author in ("Brazil", "European Union; Norway", "Brazil; European Union", "European Union", "Norway"):
        assert f'w:author="{author}"' in xml
    doc = read(out.read_bytes()).value
    assert [b.text for b in reject(doc).blocks if b.text] == [b.text for b in _doc(BASE).blocks if b.text]


def test_house_convention_docx_brackets_each_proposal_with_its_party(tmp_path):
    out = tmp_path / "compiled.docx"
    resamend("compile", *ALL, "-o", str(out))
    doc = read(out.read_bytes()).value
    para_9 = next(b for b in doc.blocks if b.text.startswith("9.\t"))
    assert para_9.text == PARA_9_HEAD + "[protect (Brazil; European Union)][safeguard (Brazil)][conserve (European Union)] migratory species;"
    assert [s.text for s in para_9.segments if s.mark is Mark.DELETE] == ["protect"]
    assert [s.text for s in para_9.segments if s.mark is Mark.INSERT] == ["safeguard", "conserve"]


def test_html_has_a_legend_of_parties_and_the_conflict_list(tmp_path):
    out = tmp_path / "compiled.html"
    resamend("compile", *ALL, "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "<h2>Conflicts</h2>" in page
    assert "<li>conflict 1 in op.9 on “protect”: Brazil: “safeguard” / European Union: “conserve”</li>" in page
    for name in ("European Union; Norway", "Brazil", "Brazil; European Union", "European Union", "Norway"):
        assert f"</span> {name}</li>" in page
    assert '<ins class="party' in page and '<del class="party' in page
    # the legend, list and names are apparatus: the page reads back as the compiled redline
    doc = read(page.encode("utf-8")).value
    assert [b.text for b in reject(doc).blocks if b.text] == [b.text for b in _doc(BASE).blocks if b.text]
    assert not any("(Brazil)" in b.text for b in doc.blocks)


def test_terminal_output_brackets_the_alternatives(tmp_path):
    proc = resamend("compile", *ALL, "-t", "terminal", "-o", str(tmp_path / "out.txt"))
    assert proc.returncode == 1
    text = re.sub(r"\x1b\[[0-9;]*m", "", (tmp_path / "out.txt").read_text(encoding="utf-8"))
    words = " ".join(text.split())  # lines are wrapped at 100 columns
    assert "efforts to [protect (Brazil; European Union)][safeguard (Brazil)][conserve (European Union)] migratory" in words
    assert "(Norway)]" in words


# -- the core ------------------------------------------------------------------------


def test_every_party_view_is_that_partys_own_text(compiled):
    comp = compiled.value
    base = comp.base
    for path, party in ((EU, "European Union"), (BRAZIL, "Brazil"), (NORWAY, "Norway")):
        own = [b.text for b in accept(_doc(path)).blocks if b.text]
        assert [b.text for b in party_view(comp, party).blocks if b.text] == own, party
    assert [b.text for b in reject(comp.document).blocks] == [b.text for b in base.blocks]


def test_a_file_with_two_authors_gives_two_proposals():
    doc = Document((
        Block((Segment("The Conference "), Segment("urges", Mark.DELETE, change=Change(Source.TRACKED, "Peru")),
               Segment("invites", Mark.INSERT, change=Change(Source.TRACKED, "Peru")), Segment(" Parties to act"),
               Segment(" now", Mark.INSERT, change=Change(Source.TRACKED, "Chile")), Segment(".")),),
        Block((Segment("A new paragraph.", Mark.INSERT, change=Change(Source.TRACKED, "Chile")),), mark=Mark.INSERT),
    ), Meta(source="two.docx"))
    assert authors(doc) == ("Peru", "Chile")
    found = proposals_of(doc, None, "two").value
    assert [p.party for p in found] == ["Peru", "Chile"]
    peru, chile = (p.amendments.edits for p in found)
    assert [(e.old, e.new) for e in peru] == [("urges", "invites")]
    assert [(type(e).__name__, getattr(e, "new", getattr(e, "text", None))) for e in chile] == [("TextEdit", " now"), ("BlockEdit", "A new paragraph.")]
    assert [p.party for p in proposals_of(doc, "Andean group", "two").value] == ["Andean group"]


def _base(*texts: str) -> Document:
    return Document(tuple(Block((Segment(t),)) for t in texts), Meta(source="base.txt"))


def _text(block: str, start: int, old: str, new: str, text: str) -> TextEdit:
    return TextEdit(block, start, start + len(old), old, new, text[max(0, start - 32):start], text[start + len(old):start + len(old) + 32])


def test_a_deleted_paragraph_and_an_edit_inside_it_conflict_paragraph_wide():
    base = _base("First paragraph stays.", "Second paragraph goes.")
    gone = Proposal("A", AmendmentSet(BaseInfo(), (BlockEdit("delete", "b.2", text="Second paragraph goes."),)))
    edit = Proposal("B", AmendmentSet(BaseInfo(), (_text("b.2", 17, "goes", "stays too", "Second paragraph goes."),)))
    comp = compile_proposals(base, [gone, edit]).value
    (c,) = comp.conflicts
    assert c.blocks == ("b.2",) and c.start is None
    assert [(a.parties, a.new) for a in c.alternatives] == [(("A",), ""), (("B",), "Second paragraph stays too.")]
    assert [b.text for b in accept(_only_party(comp, "A")).blocks] == ["First paragraph stays."]
    assert [b.text for b in accept(_only_party(comp, "B")).blocks] == ["First paragraph stays.", "Second paragraph stays too."]
    assert [b.text for b in reject(comp.document).blocks] == ["First paragraph stays.", "Second paragraph goes."]


def _only_party(comp, party):
    from resamend.compilation import _only

    return _only(comp.document, party)


def test_two_new_paragraphs_at_one_place_are_a_conflict_and_adopting_one_works():
    base = _base("One.", "Two.")
    a = Proposal("A", AmendmentSet(BaseInfo(), (BlockEdit("insert", "b.1+1", "b.1", "New by A.", "One."),)))
    b = Proposal("B", AmendmentSet(BaseInfo(), (BlockEdit("insert", "b.1+1", "b.1", "New by B.", "One."),)))
    comp = compile_proposals(base, [a, b]).value
    assert len(comp.conflicts) == 1 and comp.conflicts[0].old == ""
    assert [b.text for b in accept(comp.document).blocks] == ["One.", "New by A.", "New by B.", "Two."]
    assert [b.text for b in accept(adopt(comp, ["B"]).value).blocks] == ["One.", "New by B.", "Two."]
    with pytest.raises(UsageError, match="the proposals of A and B conflict in b.1"):
        adopt(comp, ["A", "B"])


def test_edits_next_to_each_other_do_not_conflict():
    text = "Requests the Secretariat to act."
    base = _base(text)
    a = Proposal("A", AmendmentSet(BaseInfo(), (_text("b.1", 9, "the", "the Executive", text),)))
    b = Proposal("B", AmendmentSet(BaseInfo(), (_text("b.1", 13, "Secretariat", "Secretary", text),)))
    comp = compile_proposals(base, [a, b]).value
    assert comp.conflicts == ()
    assert [b.text for b in accept(comp.document).blocks] == ["Requests the Executive Secretary to act."]


def test_bracketed_puts_the_party_after_each_change():
    base = _base("Requests the Secretariat to act.")
    a = Proposal("European Union", AmendmentSet(BaseInfo(), (_text("b.1", 13, "Secretariat", "Secretary", "Requests the Secretariat to act."),)))
    comp = compile_proposals(base, [a]).value
    assert bracketed(comp.document).blocks[0].text == "Requests the [SecretariatSecretary (European Union)] to act."


# -- goldens (reviewed by hand against the drafts; rewrite with --update-goldens) ------------

GOLDEN_OUTPUTS = {
    "compiled.md": ["-t", "md"],
    "compiled.critic": ["-t", "critic"],
    "compiled.html": ["-t", "html"],
    "compiled.json": ["-t", "json"],
    "compiled.terminal.txt": ["-t", "terminal"],
    "compiled-house.docx.xml": ["-t", "docx"],
    "compiled-tracked.docx.xml": ["-t", "docx", "--track-changes", "--date", "2025-11-10T09:00:00Z"],
    "adopted-eu-norway.txt": ["--adopt", "European Union", "--adopt", "Norway"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_OUTPUTS))
def test_compile_golden(name, tmp_path):
    from test_goldens import GOLDEN, canonical_docx, check_golden

    out = tmp_path / ("out.docx" if "docx" in name else "out")
    proc = resamend("compile", *ALL, *GOLDEN_OUTPUTS[name], "-o", str(out))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    actual = canonical_docx(out.read_bytes()) if name.endswith(".docx.xml") else out.read_text(encoding="utf-8")
    check_golden(GOLDEN / "compile" / name, actual)


# -- LibreOffice: accepting one Party's changes gives that Party's text ----------------------


def _has_libreoffice() -> bool:
    from test_consumers import _has_uno

    return _has_uno()


@pytest.mark.consumer
@pytest.mark.skipif(not _has_libreoffice(), reason="LibreOffice with python3-uno is not installed")
def test_libreoffice_accepting_one_partys_changes_gives_its_text_and_rejecting_all_the_base(tmp_path):
    from test_consumers import SYSTEM_PYTHON, libreoffice_views, words

    tracked = tmp_path / "compiled.docx"
    proc = resamend("compile", *ALL, "--track-changes", "--date", "2025-11-10", "-o", str(tracked))
    assert proc.returncode == 1, proc.stderr.decode()
    out = tmp_path / "lo"
    out.mkdir()
    script = Path(__file__).parent / "consumers" / "lo_by_author.py"
    parties = {"European Union": EU, "Brazil": BRAZIL, "Norway": NORWAY}
    subprocess.run([SYSTEM_PYTHON, str(script), str(tracked), str(out), *parties], check=True, capture_output=True, timeout=300)
    for n, (party, draft) in enumerate(parties.items(), 1):
        lo = (out / f"{n}.txt").read_text(encoding="utf-8-sig")
        own = [b.text for b in accept(_doc(draft)).blocks]
        assert words(lo) == words(own), party
    views = libreoffice_views(tracked, tmp_path / "all")
    assert words(views["original"]) == words(BASE.read_text(encoding="utf-8"))
    # and Brazil's text as LibreOffice itself reads Brazil's own draft
    assert words((out / "2.txt").read_text(encoding="utf-8-sig")) == words(libreoffice_views(BRAZIL, tmp_path / "br")["final"])


def test_the_compile_sample_rebuilds_to_the_same_bytes(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'samples'); import build_compile_samples as b; "
                           f"from pathlib import Path; b.build(Path({str(tmp_path)!r}))"], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    for path in (EU, BRAZIL, NORWAY):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


# -- bad and hostile input ----------------------------------------------------------------------


def test_compile_help_has_examples():
    proc = resamend("compile", "--help")
    assert proc.returncode == 0 and "Examples:" in proc.stdout.decode()


@pytest.mark.parametrize("kind", ["billion-laughs", "external-entity"])
def test_a_hostile_proposal_is_refused_in_one_line_and_nothing_is_written(kind, tmp_path):
    from hostile_factory import small_docx, with_xml_attack

    (tmp_path / "evil.docx").write_bytes(with_xml_attack(small_docx(), "word/document.xml", kind, "file:///etc/passwd"))
    proc = resamend("compile", str(BASE), str(EU), str(tmp_path / "evil.docx"), "-o", str(tmp_path / "out.html"))
    assert proc.returncode == 2 and proc.stdout == b""
    err = proc.stderr.decode()
    assert err.startswith(f"resamend: error: {tmp_path / 'evil.docx'}: ") and err.count("\n") == 1, err
    assert "root:" not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.docx"]


def test_the_output_never_overwrites_a_proposal(tmp_path):
    draft = tmp_path / "norway.txt"
    draft.write_bytes(NORWAY.read_bytes())
    proc = resamend("compile", str(BASE), str(draft), "-o", str(draft))
    assert proc.returncode == 2 and "the output would overwrite an input file" in proc.stderr.decode()
    assert draft.read_bytes() == NORWAY.read_bytes()


def test_control_characters_in_an_author_do_not_reach_the_terminal(tmp_path):
    draft = tmp_path / "esc.txt"
    draft.write_bytes(NORWAY.read_bytes())
    proc = resamend("compile", str(BASE), str(draft), "--party", f"\x1b]0;pwned\x07Evil={draft}", "-t", "terminal", "--no-pager")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"\x1b]0;pwned" not in proc.stdout and b"\x1b]0;pwned" not in proc.stderr


def test_two_overlapping_proposals_under_one_name_are_not_dropped_silently():
    text = "Requests the Secretariat to act."
    base = _base(text)
    one = Proposal("A", AmendmentSet(BaseInfo(), (_text("b.1", 13, "Secretariat", "Secretary", text),)))
    two = Proposal("A", AmendmentSet(BaseInfo(), (_text("b.1", 13, "Secretariat", "Bureau", text),)))
    result = compile_proposals(base, [one, two])
    left_out = [d for d in result.diagnostics if "left out of the compilation" in d.message]
    assert len(left_out) == 1 and left_out[0].severity.value == "warning"
    assert "overlaps another edit" in left_out[0].message


def test_every_party_colour_has_a_contrast_of_at_least_7_to_1():
    from resamend.writers.html import PARTY_COLOURS

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for text, background in PARTY_COLOURS:
        light, dark = sorted((luminance(text), luminance(background)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 7, (text, background)


@pytest.mark.consumer
@pytest.mark.skipif(not __import__("shutil").which("chromium"), reason="Chromium is not installed")
def test_the_compiled_page_renders_in_chromium_with_the_legend_and_the_conflicts(tmp_path):
    page = tmp_path / "compiled.html"
    assert resamend("compile", *ALL, "-o", str(page)).returncode == 1
    shot = tmp_path / "shot.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(["chromium", *flags, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000  # a page, not a blank error screen
    dom = subprocess.run(["chromium", *flags, "--dump-dom", page.as_uri()], capture_output=True, timeout=120).stdout.decode()
    assert "Proposals by" in dom and "Conflicts" in dom and 'class="party1"' in dom


def test_a_draft_that_changes_nothing_is_named():
    proc = resamend("compile", _rel(BASE), _rel(BASE), _rel(NORWAY), "-t", "json")
    assert proc.returncode == 0
    assert "cms-res-11.10-rev-cop14's draft proposes no change to the base" in proc.stderr.decode()
    assert "[no-proposal]" in proc.stderr.decode()
