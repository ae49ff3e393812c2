"""The command line as a user meets it: help, version, errors, output files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = ["apply", "extract", "inspect", "diff", "redline", "check"]


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "resamend", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
    )


def assert_one_line_error(proc, *fragments: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("resamend: error:")]
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0]


def test_version_is_printed():
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("resamend ")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    from resamend.cli import COMMANDS as registered

    if command not in registered or __import__("importlib").util.find_spec(registered[command]) is None:
        pytest.skip(f"{command} is not built yet")
    proc = run(command, "--help")
    assert proc.returncode == 0
    assert "Example" in proc.stdout.decode()


def test_unknown_command_is_a_one_line_error():
    assert_one_line_error(run("frobnicate"), "No such command", "resamend --help")


def test_missing_file_is_named_with_what_to_do(tmp_path):
    assert_one_line_error(run("apply", str(tmp_path / "nope.docx")), "nope.docx: no such file; check the path")


def test_directory_as_input_is_refused(tmp_path):
    assert_one_line_error(run("apply", str(tmp_path)), "is a directory")


def test_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(run("apply", str(empty)), "empty.txt: the file is empty")


def test_text_that_is_not_utf8_names_the_byte_offset(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Recalling \xe9t\xe9")
    assert_one_line_error(run("apply", str(bad)), "bad.txt:", "byte offset 10")


def test_unbalanced_markup_names_line_and_column(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Recalling\n\nRequests {++the Secretariat\n", encoding="utf-8")
    assert_one_line_error(run("apply", str(draft)), "draft.txt: line 3, column 10: {++ is never closed")


def test_output_over_the_input_is_refused_and_the_input_kept(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Requests {++the ++}Secretariat\n", encoding="utf-8")
    proc = run("apply", str(draft), "-o", str(draft))
    assert_one_line_error(proc, "would overwrite an input")
    assert draft.read_text(encoding="utf-8") == "Requests {++the ++}Secretariat\n"


def test_output_into_a_missing_directory_is_refused(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Requests\n", encoding="utf-8")
    assert_one_line_error(run("apply", str(draft), "-o", str(tmp_path / "no" / "out.txt")), "output directory does not exist")


def test_output_is_written_whole_with_no_temporary_left_behind(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Requests {--Further r--}{++R++}equests\n", encoding="utf-8")
    proc = run("apply", str(draft), "-o", str(tmp_path / "out.md"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt", "out.md"]
    assert "Requests Requests" in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_legacy_doc_file_gets_advice(tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert_one_line_error(run("apply", str(doc)), "old.doc:", "save it from Word as an unprotected .docx")


def test_input_from_stdin_is_read(tmp_path):
    proc = run("apply", "-", stdin="{--Further r--}{++R++}equests the Secretariat\n".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().strip() == "Requests the Secretariat"


def test_broken_pipe_ends_quietly(tmp_path):
    draft = tmp_path / "long.txt"
    draft.write_text("\n\n".join(f"{i}. Requests the Secretariat" for i in range(1, 20000)), encoding="utf-8")
    proc = subprocess.run(
        f"{sys.executable} -m resamend apply -q {draft} | head -n 1",
        shell=True, capture_output=True, timeout=60,
    )
    assert proc.returncode == 0
    assert b"Traceback" not in proc.stderr
    assert proc.stderr == b""


def test_public_api_names_survive_importing_the_submodules():
    import resamend
    import resamend.check  # noqa: F401  (a submodule import must not hide the function)
    import resamend.diff  # noqa: F401

    assert callable(resamend.check_draft) and resamend.check_draft.__module__ == "resamend.api"
    assert callable(resamend.diff_documents) and resamend.diff_documents.__module__ == "resamend.api"
    for name in ("read", "write", "accept", "reject", "invert", "extract", "apply"):
        assert callable(getattr(resamend, name)), name
