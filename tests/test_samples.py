"""End to end on the realistic samples: what a drafter runs at a COP.

The expected texts in samples/ were derived from the CriticMarkup reference
by samples/build_samples.py, independently of resamend's code.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
COP14 = SAMPLES / "cms-cop14-doc18.1-synergies.docx"
TRACKED = SAMPLES / "cms-res-11.10-cop14-annex1-tracked.docx"
COP15 = SAMPLES / "cms-cop15-doc18.1-synergies.docx"
REV_COP13 = SAMPLES / "cms-res-11.10-rev-cop13.txt"
REV_COP14 = SAMPLES / "cms-res-11.10-rev-cop14.txt"


def apply(*args) -> str:
    proc = subprocess.run([sys.executable, "-m", "resamend", "apply", *map(str, args)], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode("utf-8")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def operative_numbers(paras: list[str]) -> list[str]:
    return [m.group(1) for p in paras if (m := re.match(r"(\d+(?:\s?bis)?)\.\s", p))]


@pytest.mark.parametrize("draft", [COP14, TRACKED], ids=["formatting-marks", "tracked-changes"])
def test_apply_gives_the_rev_cop14_text(draft):
    out = paragraphs(apply(draft))
    assert out[0] == "Resolution 11.10 (Rev.COP14)"
    assert out == paragraphs(REV_COP14.read_text(encoding="utf-8"))


@pytest.mark.parametrize("draft", [COP14, TRACKED], ids=["formatting-marks", "tracked-changes"])
def test_consolidated_paragraphs_are_numbered_1_to_30_with_no_run_together_words(draft):
    out = apply(draft)
    assert operative_numbers(paragraphs(out)) == [str(n) for n in range(1, 31)]
    for flattened in ("Gglobal", "Bbiodiversity", "2024-2032 2015-2023", "encouragingencourages", "NB."):
        assert flattened not in out


@pytest.mark.parametrize("draft", [COP14, TRACKED], ids=["formatting-marks", "tracked-changes"])
def test_original_gives_the_rev_cop13_body(draft):
    out = paragraphs(apply(draft, "--original"))
    expected = paragraphs(REV_COP13.read_text(encoding="utf-8"))
    body = expected[expected.index(next(p for p in expected if p.startswith("Recalling"))):]
    assert out[-len(body):] == body
    assert operative_numbers(out) == [str(n) for n in range(1, 29)]


def test_report_and_draft_decisions_are_not_part_of_the_consolidated_text():
    out = apply(COP14)
    assert "Recommended Actions" not in out
    assert "14.AA" not in out


def test_document_without_amendments_gives_its_text_with_hyperlinks_as_plain_text():
    out = apply(COP15)
    assert "Resolution 11.10 (Rev.COP14)" in out
    assert "DRAFT DECISIONS" in out


def test_clean_docx_output_keeps_the_source_styles(tmp_path):
    from docx import Document as WordDocument

    target = tmp_path / "Res.11.10 (Rev.COP14).docx"
    apply(COP14, "-o", target)
    word = WordDocument(str(target))
    texts = [p.text for p in word.paragraphs if p.text.strip()]
    assert texts[0] == "Resolution 11.10 (Rev.COP14)"
    assert any(p.startswith("30.") for p in texts)
    styles = {s.name for s in word.styles}
    assert "Hyperlink" in styles  # the source's style sheet came along


def test_every_output_format_is_written(tmp_path):
    for ext in ("txt", "md", "html", "json", "docx"):
        target = tmp_path / f"out.{ext}"
        apply(COP14, "-o", target)
        assert target.stat().st_size > 1000
    assert '"renumbering"' in (tmp_path / "out.json").read_text(encoding="utf-8")
    assert "<!doctype html>" in (tmp_path / "out.html").read_text(encoding="utf-8").lower()
