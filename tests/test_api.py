"""The Python API: sources as str, Path or bytes; docs/api.md executed.

Every ```python block of docs/api.md runs in a temporary directory holding a
copy of samples/, and must finish without error and print something; the
lines it prints that the page shows are checked below by hand."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import resamend
from resamend.diagnostics import InputError
from resamend.model import Document

ROOT = Path(__file__).resolve().parents[1]
API_PAGE = ROOT / "docs" / "api.md"
SAMPLES = ROOT / "samples"
TRACKED = SAMPLES / "cms-res-11.10-cop14-annex1-tracked.docx"
COP13 = SAMPLES / "cms-res-11.10-rev-cop13.txt"
COP14 = SAMPLES / "cms-res-11.10-rev-cop14.txt"


def python_blocks():
    text = API_PAGE.read_text(encoding="utf-8")
    for n, block in enumerate(re.findall(r"```python\n(.*?)```", text, re.S), 1):
        yield pytest.param(block, id=f"api{n}")


def run_block(block: str, tmp_path: Path) -> str:
    shutil.copytree(SAMPLES, tmp_path / "samples")
    proc = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), "the example prints nothing"
    return proc.stdout


@pytest.mark.parametrize("block", list(python_blocks()))
def test_every_example_of_the_api_page_runs(block, tmp_path):
    run_block(block, tmp_path)


def test_the_api_page_documents_every_public_function():
    page = API_PAGE.read_text(encoding="utf-8")
    for name in resamend.__all__:
        if name != "__version__":
            assert f"`{name}" in page, name


def test_the_diff_text_example_prints_the_redline_the_page_describes(tmp_path):
    block = [b.values[0] for b in python_blocks() if "diff_text(" in b.values[0]][0]
    out = [line for line in run_block(block, tmp_path).splitlines() if line]
    # by hand: Secretariat → Executive Secretary, COP14 → COP15
    assert out == ["Requests the {--Secretariat--}{++Executive Secretary++} to report to {--COP14--}{++COP15++}.", "True"]


def test_the_apply_example_gives_the_published_text(tmp_path):
    block = [b.values[0] for b in python_blocks() if "amendments.json" in b.values[0]][0]
    assert run_block(block, tmp_path).splitlines() == ["68 edits; same as the published Rev.COP14: True"]


def test_the_sources_example_names_the_missing_file(tmp_path):
    block = [b.values[0] for b in python_blocks() if "no-such-draft" in b.values[0]][0]
    out = run_block(block, tmp_path).splitlines()
    assert out[-1] == "samples/no-such-draft.docx: no such file; check the path"


def test_read_takes_a_str_path_a_pathlib_path_and_bytes_alike():
    as_str = resamend.read(str(TRACKED)).value
    as_path = resamend.read(TRACKED).value
    as_bytes = resamend.read(TRACKED.read_bytes()).value
    as_view = resamend.read(memoryview(TRACKED.read_bytes())).value
    assert as_str.blocks == as_path.blocks == as_bytes.blocks == as_view.blocks
    assert as_path.meta.source == str(TRACKED)


def test_read_of_a_text_given_as_str_says_to_pass_bytes():
    with pytest.raises(InputError, match=r"pass text as bytes"):
        resamend.read("Requests the Secretariat\n{++to report++}\n")
    with pytest.raises(TypeError, match="expected a path"):
        resamend.read(42)


def test_diff_documents_takes_paths_and_its_views_are_the_two_texts():
    redline = resamend.diff_documents(COP13, str(COP14))
    assert isinstance(redline, Document) and redline.is_marked
    assert resamend.write(resamend.accept(redline), "text") == COP14.read_bytes()
    assert resamend.write(resamend.reject(redline), "text") == COP13.read_bytes()


def test_diff_text_in_every_format():
    old, new = "Notes the joint work plan.", "Notes the joint work programme."
    assert resamend.diff_text(old, new) == "Notes the joint work {--plan--}{++programme++}.\n"
    assert resamend.diff_text(old, new, to="critic").strip() == "Notes the joint work {--plan--}{++programme++}."
    assert "<del>plan</del><ins>programme</ins>" in resamend.diff_text(old, new, to="html")
    docx = resamend.diff_text(old, new, to="docx")
    assert isinstance(docx, bytes) and docx.startswith(b"PK\x03\x04")
    assert resamend.write(resamend.accept(resamend.read(docx).value), "text") == b"Notes the joint work programme.\n"
    assert resamend.diff_text(old, old) == old + "\n"


def test_write_to_a_path_writes_safely_and_returns_the_bytes(tmp_path):
    doc = resamend.read(b"Requests the {++Executive ++}Secretary.\n").value
    out = tmp_path / "final.md"
    out.write_text("old")
    out.chmod(0o600)
    data = resamend.write(resamend.accept(doc), to=out)
    assert data == b"Requests the Executive Secretary.\n" == out.read_bytes()
    assert out.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["final.md"]
    with pytest.raises(resamend.diagnostics.UsageError, match="does not write .pdf"):
        resamend.write(doc, to=tmp_path / "final.pdf")


def test_apply_and_check_take_paths_and_bytes(tmp_path):
    draft = SAMPLES / "cms-cop14-doc18.1-synergies.docx"
    from resamend.amendments import to_json
    from resamend.structure import select_instrument

    amendments = resamend.extract(select_instrument(resamend.read(draft).value).value).value
    (tmp_path / "set.json").write_text(to_json(amendments), encoding="utf-8")
    from resamend.consolidate import ConsolidateOptions, finish

    for given in (tmp_path / "set.json", str(tmp_path / "set.json"), to_json(amendments).encode(), amendments):
        applied = resamend.apply(given, COP13)
        assert resamend.write(finish(applied.value, ConsolidateOptions()).value.document, "text") == COP14.read_bytes()
    assert resamend.check_draft(draft, base=COP13).status() == "clean"
    edited = COP13.read_text(encoding="utf-8").replace("coherent national-level", "consistent national-level").encode()
    report = resamend.check_draft(draft.read_bytes(), base=edited)
    assert report.status() == "findings" and [f.code for f in report.findings if f.check == "base"] == ["unmarked-edit"]
