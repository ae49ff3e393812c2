"""``resamend check`` on the command line: exit statuses, formats, many
files, and end to end on the CMS samples."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_check import BASE, DRAFT, FINAL, GITHUB_LINE, REPORT_SCHEMA, validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
COP14_DRAFT = SAMPLES / "cms-cop14-doc18.1-synergies.docx"
COP13_BASE = SAMPLES / "cms-res-11.10-rev-cop13.txt"
COP14_FINAL = SAMPLES / "cms-res-11.10-rev-cop14.txt"
needs_samples = pytest.mark.skipif(
    not all(p.exists() for p in (COP14_DRAFT, COP13_BASE, COP14_FINAL)), reason="samples not built"
)


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real command in a child process (what CI runs)."""
    return subprocess.run(
        [sys.executable, "-m", "resamend", "check", *args],
        cwd=cwd, capture_output=True, timeout=120, text=True, input=stdin,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )


def invoke(capsys, *args: str) -> tuple[int, str, str]:
    """The command in this process (faster): exit status, stdout, stderr."""
    from resamend.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["check", *args])
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


@pytest.fixture
def texts(tmp_path):
    """A draft, its base, its final text and a base with one silent change."""
    files = {
        "draft.txt": DRAFT,
        "base.txt": BASE,
        "final.txt": FINAL,
        "changed-base.txt": BASE.replace("objectives of related", "aims of related"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# --- exit statuses -------------------------------------------------------------------


def test_a_clean_draft_exits_0_and_says_so(texts, capsys):
    status, out, err = invoke(capsys, str(texts / "draft.txt"), "--base", str(texts / "base.txt"))
    assert status == 0, out + err
    assert "1 file: 1 clean, 0 with findings, 0 trouble" in out


def test_an_unmarked_edit_exits_1_and_names_the_word_and_the_paragraph(texts, capsys):
    status, out, _ = invoke(capsys, str(texts / "draft.txt"), "--base", str(texts / "changed-base.txt"))
    assert status == 1
    assert "unmarked-edit" in out and "paragraph 1." in out and "line 13" in out
    assert "“aims”" in out and "“objectives”" in out
    assert "{~~aims~>objectives~~}" in out  # no colours: the redline as CriticMarkup


def test_warnings_fail_only_with_strict(texts, capsys):
    draft = texts / "spaced.txt"
    draft.write_text(DRAFT.replace("Requests the Secretariat", "Requests the Secretariat{++ ++}"), encoding="utf-8")
    assert invoke(capsys, str(draft))[0] == 0
    assert invoke(capsys, str(draft), "--strict")[0] == 1


def test_a_missing_base_is_a_one_line_error_with_exit_2(texts):
    proc = run(str(texts / "draft.txt"), "--base", str(texts / "nope.txt"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"resamend: error: {texts / 'nope.txt'}: no such file; check the path"]
    assert proc.stdout == ""


def test_a_bad_option_is_a_one_line_error_with_exit_2(texts):
    proc = run(str(texts / "draft.txt"), "--format", "yaml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("resamend: error:")


def test_a_glob_that_matches_nothing_is_trouble(texts, capsys):
    status, out, err = invoke(capsys, str(texts / "*.docx"))
    assert status == 2 and "no file matches" in err and out == ""


def test_an_unreadable_file_among_many_is_trouble_for_that_file_only(texts, capsys):
    bad = texts / "broken.txt"
    bad.write_bytes(b"{++never closed")
    status, out, _ = invoke(capsys, str(texts / "draft.txt"), str(bad), str(texts / "gone.txt"), "--format", "json", "-j", "1")
    assert status == 2
    data = json.loads(out)
    assert [f["status"] for f in data["files"]] == ["clean", "trouble", "trouble"]
    assert "never closed" in data["files"][1]["error"]
    assert "no such file" in data["files"][2]["error"]


def test_a_draft_can_come_from_standard_input(texts):
    proc = run("-", "--base", str(texts / "changed-base.txt"), "--format", "github", stdin=DRAFT)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("::error file=-,line=13,title=resamend base%3A unmarked-edit::")


# --- formats ---------------------------------------------------------------------------


def test_json_output_follows_the_documented_schema(texts, capsys):
    status, out, _ = invoke(capsys, str(texts / "draft.txt"), "--base", str(texts / "changed-base.txt"),
                            "--expect", str(texts / "final.txt"), "--format", "json")
    assert status == 1
    data = json.loads(out)
    validate(data, REPORT_SCHEMA)
    [finding] = [f for f in data["files"][0]["findings"] if f["check"] == "base"]
    assert finding["location"] == {"block": 6, "label": "1.", "origin": "paragraph 7", "line": 13}


def test_github_output_is_workflow_commands_only(texts, capsys):
    status, out, _ = invoke(capsys, str(texts / "draft.txt"), "--base", str(texts / "changed-base.txt"), "--format", "github")
    assert status == 1
    lines = out.splitlines()
    assert lines and all(GITHUB_LINE.match(line) for line in lines)
    assert lines[0].startswith(f"::error file={texts / 'draft.txt'},line=13,")


def test_junit_output_goes_to_a_file_chosen_by_its_extension(texts, capsys):
    report = texts / "report.xml"
    status, out, _ = invoke(capsys, str(texts / "draft.txt"), "--base", str(texts / "changed-base.txt"), "-o", str(report))
    assert status == 1 and out == ""
    root = ET.parse(report).getroot()
    [suite] = root.findall("testsuite")
    assert [c.get("name") for c in suite.findall("testcase")] == ["base", "lint"]
    assert suite.find("testcase[@name='base']/failure") is not None


def test_the_human_report_to_a_file_is_plain_text(texts, capsys):
    report = texts / "report.txt"
    status, out, _ = invoke(capsys, str(texts / "draft.txt"), "--base", str(texts / "changed-base.txt"), "-o", str(report))
    text = report.read_text(encoding="utf-8")
    assert status == 1 and out == ""
    assert "\x1b[" not in text and "{~~aims~>objectives~~}" in text


# --- many files ------------------------------------------------------------------------


def test_a_directory_brings_its_drafts_but_not_the_base_in_it(texts, capsys):
    folder = texts / "drafts"
    folder.mkdir()
    for name in ("b.txt", "a.md", "~$lock.docx", ".hidden.txt", "notes.pdf"):
        (folder / name).write_text(DRAFT, encoding="utf-8")
    shutil.copy(texts / "base.txt", folder / "base.txt")
    status, out, _ = invoke(capsys, str(folder), "--base", str(folder / "base.txt"), "--format", "json", "-j", "1")
    assert status == 0
    assert [Path(f["file"]).name for f in json.loads(out)["files"]] == ["a.md", "b.txt"]


def test_a_report_from_an_earlier_run_is_not_taken_for_a_draft(texts, capsys):
    (texts / "report.txt").write_text("an old report", encoding="utf-8")
    status, _, err = invoke(capsys, str(texts / "*.txt"), "--base", str(texts / "base.txt"), "-o", str(texts / "report.txt"))
    assert "draft.txt" in (texts / "report.txt").read_text(encoding="utf-8")
    assert "resamend: error" not in err and status == 1  # changed-base.txt and final.txt are drafts too here


def test_globs_are_expanded_for_shells_that_do_not(texts, capsys):
    status, out, _ = invoke(capsys, str(texts / "d*.txt"), "--format", "json")
    assert status == 0
    assert [Path(f["file"]).name for f in json.loads(out)["files"]] == ["draft.txt"]


def test_parallel_checking_keeps_the_input_order_and_the_output(texts, capsys):
    names = []
    for k in range(6):
        name = texts / f"draft-{5 - k}.txt"
        text = DRAFT if k % 2 else DRAFT.replace("objectives", f"aims {k}")
        name.write_text(text, encoding="utf-8")
        names.append(str(name))
    serial = invoke(capsys, *names, "--base", str(texts / "base.txt"), "--format", "json", "-j", "1")
    parallel = invoke(capsys, *names, "--base", str(texts / "base.txt"), "--format", "json", "-j", "2")
    assert serial == parallel
    data = json.loads(parallel[1])
    assert [f["file"] for f in data["files"]] == names
    assert [f["status"] for f in data["files"]] == ["findings", "clean"] * 3


# --- end to end on the samples -------------------------------------------------------------


@needs_samples
def test_the_cop14_draft_is_clean_against_its_rev_cop13_base():
    proc = run(str(COP14_DRAFT), "--base", str(COP13_BASE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 clean" in proc.stdout
    assert proc.stderr == ""  # no progress bar, nothing but results, when not on a terminal


@needs_samples
def test_the_cop14_draft_against_a_silently_changed_base_names_the_word_and_the_paragraph(tmp_path):
    text = COP13_BASE.read_text(encoding="utf-8")
    assert text.count("enhance coherent national-level implementation") == 1
    changed = tmp_path / "base.txt"
    changed.write_text(text.replace("enhance coherent national-level", "enhance consistent national-level"), encoding="utf-8")
    proc = run(str(COP14_DRAFT), "--base", str(changed), "--format", "json")
    assert proc.returncode == 1
    [finding] = [f for f in json.loads(proc.stdout)["files"][0]["findings"] if f["check"] == "base"]
    assert finding["code"] == "unmarked-edit"
    assert "“consistent”" in finding["message"] and "“coherent”" in finding["message"]
    assert "Convinced of the significant potential" in finding["message"]
    assert finding["location"]["origin"].startswith("p")
    assert "{~~consistent~>coherent~~}" in finding["redline"]


@needs_samples
def test_the_cop14_draft_consolidates_to_the_rev_cop14_text():
    proc = run(str(COP14_DRAFT), "--expect", str(COP14_FINAL), "--format", "junit")
    assert proc.returncode == 0, proc.stdout
    root = ET.fromstring(proc.stdout)
    assert [c.get("name") for c in root.iter("testcase")] == ["expect", "lint"]
    assert root.find(".//failure") is None


# --- pre-commit and docs ------------------------------------------------------------------


def test_the_pre_commit_hook_runs_resamend_check_on_drafts():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: resamend-check$", text, re.M)
    assert re.search(r"^  entry: resamend check$", text, re.M)
    assert re.search(r"^  language: python$", text, re.M)


def test_the_json_example_in_the_docs_follows_the_schema():
    docs = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```json\n(.*?)```", docs, re.S)
    validate(json.loads(example), REPORT_SCHEMA)


def test_an_html_draft_is_located_by_its_source_line(tmp_path, capsys):
    (tmp_path / "d.html").write_text(
        "<html><body>\n<p>Resolution 11.10 (Rev.COP13)</p>\n<p>Recalling the <ins>new</ins> text,</p>\n"
        "<p>1. Requests the Secretariat to act;</p>\n</body></html>\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Resolution 11.10 (Rev.COP13)\n\nRecalling the text,\n\n1. Requests the Parties to act;\n", encoding="utf-8")
    status, out, _ = invoke(capsys, str(tmp_path / "d.html"), "--base", str(tmp_path / "b.txt"), "--format", "github")
    assert status == 1
    assert out.startswith(f"::error file={tmp_path / 'd.html'},line=4,")  # <p>1. Requests … is on line 4
    assert "{~~Parties~>Secretariat~~}" in out
