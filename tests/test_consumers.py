"""Real consumers read what resamend writes.

* LibreOffice opens every kind of DOCX redline resamend writes; for tracked
  changes its own Accept All / Reject All give exactly the new / old text;
  a house-convention redline survives a round trip through LibreOffice with
  the same final and original views.
* Chromium renders the HTML redline without errors (screenshot taken).

Skipped when LibreOffice (with its Python UNO bridge) or Chromium is not
installed; .ci/run installs them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.consumer

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
LO_VIEWS = Path(__file__).parent / "consumers" / "lo_views.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


needs_libreoffice = pytest.mark.skipif(not _has_uno(), reason="LibreOffice with python3-uno is not installed")
needs_chromium = pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium is not installed")


def words(lines) -> list[str]:
    text = "\n".join(lines) if not isinstance(lines, str) else lines
    return re.findall(r"\w+", text.replace("\u00ad", ""))


def resamend(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resamend", *args], capture_output=True, timeout=120)


def libreoffice_views(docx: Path, out: Path) -> dict[str, str]:
    """LibreOffice's Accept All / Reject All: body and footnote texts."""
    out.mkdir(exist_ok=True)
    subprocess.run([SYSTEM_PYTHON, str(LO_VIEWS), str(docx), str(out)], check=True, capture_output=True, timeout=180)
    return {name: (out / f"{name}.txt").read_text(encoding="utf-8-sig") for name in ("final", "original", "final-notes", "original-notes")}


def our_views(path: Path) -> tuple[list[str], list[str]]:
    from resamend.amend import final_view, original_view
    from resamend.readers import read

    doc = read(path.read_bytes()).value
    return final_view(doc), original_view(doc)


def body_and_notes(view: list[str]) -> tuple[list[str], list[str]]:
    """Split a view into body lines (note markers removed) and note texts."""
    body = [re.sub(r"\[\^\d+\]", "", line) for line in view if not re.match(r"\[\^\d+\]: ", line)]
    notes = [re.sub(r"^\[\^\d+\]: ", "", line) for line in view if re.match(r"\[\^\d+\]: ", line)]
    return body, notes


@pytest.fixture(scope="module")
def redlines(tmp_path_factory):
    """Every kind of DOCX redline resamend writes, from the samples."""
    out = tmp_path_factory.mktemp("redlines")
    old, new = SAMPLES / "cms-res-11.10-rev-cop13.txt", SAMPLES / "cms-res-11.10-rev-cop14.txt"
    made = {}
    for name, args in {
        "diff-house": ["diff", str(old), str(new), "-o"],
        "diff-tracked": ["diff", str(old), str(new), "--track-changes", "--date", "2024-02-12T09:00:00Z", "-o"],
        "redline-tracked": ["redline", str(SAMPLES / "cms-cop14-doc18.1-synergies.docx"), "--track-changes", "-o"],
        "redline-house": ["redline", str(SAMPLES / "cms-res-11.10-cop14-annex1-tracked.docx"), "-o"],
    }.items():
        target = out / f"{name}.docx"
        proc = resamend(*args, str(target))
        assert proc.returncode in (0, 1), proc.stderr.decode()
        made[name] = target
    return made


@needs_libreoffice
@pytest.mark.parametrize("name", ["diff-tracked", "redline-tracked"])
def test_libreoffice_accept_all_and_reject_all_give_our_final_and_original_text(redlines, name, tmp_path):
    lo = libreoffice_views(redlines[name], tmp_path / "lo")
    for view, ours in zip(("final", "original"), our_views(redlines[name])):
        body, notes = body_and_notes(ours)
        assert words(lo[view]) == words(body), view
        assert words(lo[f"{view}-notes"]) == words(notes), view


@needs_libreoffice
@pytest.mark.parametrize("name", ["diff-house", "redline-house"])
def test_house_convention_redline_survives_a_round_trip_through_libreoffice(redlines, name, tmp_path):
    src = redlines[name]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "docx:MS Word 2007 XML",
         "--outdir", str(tmp_path / "lo"), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    final, original = our_views(src)
    lo_final, lo_original = our_views(tmp_path / "lo" / src.name)
    assert words(lo_final) == words(final)
    assert words(lo_original) == words(original)
    assert final != original  # the marks really were there


@needs_libreoffice
def test_the_diff_redline_accepts_to_the_new_text_and_rejects_to_the_old(redlines):
    final, original = our_views(redlines["diff-tracked"])
    assert words(final) == words((SAMPLES / "cms-res-11.10-rev-cop14.txt").read_text(encoding="utf-8"))
    assert words(original) == words((SAMPLES / "cms-res-11.10-rev-cop13.txt").read_text(encoding="utf-8"))


@needs_chromium
def test_html_redline_renders_in_chromium_without_errors(tmp_path):
    page = tmp_path / "redline.html"
    proc = resamend("diff", str(SAMPLES / "cms-res-11.10-rev-cop13.txt"), str(SAMPLES / "cms-res-11.10-rev-cop14.txt"), "-o", str(page))
    assert proc.returncode == 1, proc.stderr.decode()
    shot = tmp_path / "shot.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(["chromium", *flags, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000  # a page, not a blank error screen
    dom = subprocess.run(["chromium", *flags, "--dump-dom", page.as_uri()], capture_output=True, timeout=120).stdout.decode()
    assert "<ins" in dom and "<del" in dom
    assert "Summary of changes" in dom or "summary" in dom.lower()
