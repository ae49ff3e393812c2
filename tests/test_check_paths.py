"""``resamend check`` and hostile paths (issue 10, items 7 and 10; issue 9,
point 5): a ``**`` glob does not follow symbolic links into loops or out of
the tree, odd file names (bytes that are not UTF-8, a newline) do not break
a report format nor split the one-line error, and a draft that cannot be
read is named in the report *and* on stderr, exit status 2.

Each case runs the real command in a child process, timed and measured by
the launcher of tests/test_hostile.py (< 10 s, < 1 GiB).
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_check import DRAFT
from test_hostile import LIMIT_KB, LIMIT_SECONDS, Run, run_child

# "café" in Latin-1: a name that is not UTF-8, as an old share or zip tool leaves it
LATIN1_NAME = os.fsdecode(b"caf\xe9.txt")


def measured(args: list[str], cwd: Path) -> Run:
    run = run_child(["check", *args], cwd)
    assert run.seconds < LIMIT_SECONDS, f"{args} took {run.seconds:.1f} s"
    assert 0 < run.peak_kb < LIMIT_KB, f"{args} peaked at {run.peak_kb // 1024} MB"
    assert "Traceback" not in run.err and "internal error" not in run.err + run.out, run.err
    return run


@pytest.fixture
def tree(tmp_path) -> Path:
    """drafts/a.txt and drafts/sub/b.txt, two clean drafts."""
    (tmp_path / "drafts" / "sub").mkdir(parents=True)
    (tmp_path / "drafts" / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "drafts" / "sub" / "b.txt").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def checked_files(run: Run) -> list[str]:
    return [f["file"] for f in json.loads(run.out)["files"]]


# --- globs and symbolic links -------------------------------------------------------------


def test_two_symlink_loops_under_a_recursive_glob_end_quickly_with_the_real_drafts(tree):
    os.symlink("..", tree / "drafts" / "sub" / "up")  # sub/up -> drafts: a loop
    os.symlink(".", tree / "drafts" / "here")  # drafts/here -> drafts: another
    run = measured(["drafts/**/*.txt", "--format", "json"], tree)
    assert run.returncode == 0, run.err
    assert checked_files(run) == ["drafts/a.txt", "drafts/sub/b.txt"]
    warnings = run.err.splitlines()
    assert sorted(warnings) == [
        "resamend: warning: drafts/here: a symbolic link to a directory, not followed by the glob; give it by name to check it [link-not-followed]",
        "resamend: warning: drafts/sub/up: a symbolic link to a directory, not followed by the glob; give it by name to check it [link-not-followed]",
    ]
    assert measured(["drafts/**/*.txt", "-q"], tree).err == ""  # -q: no warnings


def test_a_link_to_the_root_directory_is_not_walked(tree):
    os.symlink("/", tree / "drafts" / "root")
    run = measured(["drafts/**/*.txt", "--format", "json"], tree)
    assert run.returncode == 0, run.err
    assert checked_files(run) == ["drafts/a.txt", "drafts/sub/b.txt"]
    assert "drafts/root: a symbolic link to a directory, not followed" in run.err


def test_a_linked_file_out_of_the_tree_is_left_out_and_named(tree, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("Not a draft of this tree.\n", encoding="utf-8")
    os.symlink(outside, tree / "drafts" / "sub" / "secret.txt")
    os.symlink("a.txt", tree / "drafts" / "same.txt")  # a link inside the tree is the draft it names
    run = measured(["drafts/**/*.txt", "--format", "json"], tree)
    assert checked_files(run) == ["drafts/a.txt", "drafts/sub/b.txt"]
    assert "resamend: warning: drafts/sub/secret.txt: a symbolic link out of 'drafts', not followed" in run.err


def test_a_recursive_glob_still_finds_drafts_at_every_depth(tree):
    (tree / "drafts" / "sub" / "deeper").mkdir()
    (tree / "drafts" / "sub" / "deeper" / "c.md").write_text(DRAFT, encoding="utf-8")
    run = measured(["drafts/**", "--format", "json"], tree)
    assert checked_files(run) == ["drafts/a.txt", "drafts/sub/b.txt", "drafts/sub/deeper/c.md"]
    assert run.err == ""


# --- file names -------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_gives_valid_json_naming_it_with_escapes(tmp_path):
    (tmp_path / LATIN1_NAME).write_text(DRAFT, encoding="utf-8")
    run = measured([LATIN1_NAME, "--format", "json"], tmp_path)
    assert run.returncode == 0, run.err
    assert checked_files(run) == ["caf\\xe9.txt"]


def test_a_file_name_that_is_not_utf8_gives_valid_junit_xml(tmp_path):
    (tmp_path / LATIN1_NAME).write_text(DRAFT, encoding="utf-8")
    run = measured([LATIN1_NAME, "--format", "junit"], tmp_path)
    assert run.returncode == 0, run.err
    root = ET.fromstring(run.stdout)
    assert [s.get("name") for s in root.findall("testsuite")] == ["caf\\xe9.txt"]


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_the_other_formats(fmt, tmp_path):
    (tmp_path / LATIN1_NAME).write_text(DRAFT.replace("Requests the Secretariat", "Requests the Secretariat{++ ++}"), encoding="utf-8")
    run = measured([LATIN1_NAME, "--format", fmt], tmp_path)
    assert run.returncode == 0, run.err
    run.stdout.decode("utf-8")  # strict: the report is UTF-8
    assert "caf\\xe9.txt" in run.out


def test_a_newline_in_a_missing_file_name_does_not_split_the_error_line(tmp_path):
    run = measured(["two\nlines.txt", "--format", "json"], tmp_path)
    assert run.returncode == 2
    assert run.err == "resamend: error: two\\nlines.txt: no such file; check the path\n"
    [entry] = json.loads(run.out)["files"]
    assert entry["file"] == "two\\nlines.txt" and entry["status"] == "trouble"


def test_a_newline_in_a_file_name_keeps_every_github_command_on_one_line(tmp_path):
    name = "a\nb.txt"
    (tmp_path / name).write_text(DRAFT.replace("Requests the Secretariat", "Requests the Secretariat{++ ++}"), encoding="utf-8")
    run = measured([name, "--format", "github"], tmp_path)
    lines = run.out.splitlines()
    assert lines and all(line.startswith("::warning file=a\\nb.txt,line=15,") for line in lines), lines


# --- an input that cannot be read ------------------------------------------------------------


def test_a_missing_draft_is_named_in_the_report_and_in_one_error_line(tree):
    run = measured(["drafts/a.txt", "drafts/gone.txt"], tree)
    assert run.returncode == 2
    assert run.err == "resamend: error: drafts/gone.txt: no such file; check the path\n"
    assert "drafts/gone.txt  ! trouble" in run.out and "drafts/a.txt" not in run.err


def test_each_unreadable_draft_has_its_own_error_line_and_the_report_is_whole(tree):
    (tree / "drafts" / "broken.txt").write_text("Requests {++never closed\n", encoding="utf-8")
    run = measured(["drafts/broken.txt", "drafts/a.txt", "drafts/gone.txt", "--format", "json", "-j", "1"], tree)
    assert run.returncode == 2
    lines = run.err.splitlines()
    assert len(lines) == 2 and all(line.startswith("resamend: error: drafts/") for line in lines), lines
    assert lines[0].startswith("resamend: error: drafts/broken.txt: ") and "{++" in lines[0]
    assert lines[1] == "resamend: error: drafts/gone.txt: no such file; check the path"
    files = json.loads(run.out)["files"]
    assert [(f["file"], f["status"]) for f in files] == [
        ("drafts/broken.txt", "trouble"), ("drafts/a.txt", "clean"), ("drafts/gone.txt", "trouble"),
    ]
    assert [f["error"] for f in files if f["error"]] == [line.removeprefix("resamend: error: ") for line in lines]


@pytest.mark.parametrize("pattern", ["drafts/**/*.txt", "drafts/**", "**/*.md", "drafts/*/*", "drafts/s?b/[ab].txt", "drafts/.*/*.txt", "*"])
def test_without_links_the_glob_matches_what_pythons_glob_matches(pattern, tree, monkeypatch):
    import glob

    from resamend.commands.check import glob_drafts

    (tree / "drafts" / ".hidden").mkdir()
    (tree / "drafts" / ".hidden" / "c.txt").write_text(DRAFT, encoding="utf-8")
    (tree / "drafts" / "sub" / "d.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tree)
    said: list[str] = []
    assert glob_drafts(pattern, said.append) == sorted(glob.glob(pattern, recursive=True))
    assert said == []
