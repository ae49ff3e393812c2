"""Golden outputs: the samples consolidated, and the CMS redline (Rev.COP13
→ Rev.COP14) in every format.

A change in output shows up as a diff against tests/golden/; when it is
deliberate, rewrite the files with ``pytest --update-goldens`` (or
RESAMEND_UPDATE_GOLDENS=1) and review the diff before committing.  DOCX is
compared as its canonicalised word/document.xml.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from resamend.amend import accept
from resamend.consolidate import ConsolidateOptions, finish
from resamend.diff import diff_documents
from resamend.readers import ReadOptions, read
from resamend.structure import select_instrument
from resamend.writers import WriteOptions, write

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RESAMEND_UPDATE_GOLDENS") == "1"

SAMPLE_FILES = [
    "cms-cop14-doc18.1-synergies.docx",
    "cms-res-11.10-cop14-annex1-tracked.docx",
    "cms-cop15-doc18.1-synergies.docx",
    "cms-res-11.10-cop14-annex1.critic.txt",
    # other treaties and languages (samples/build_treaty_samples.py)
    "cites-cop20-doc-annex-conf-10.10.docx",
    "cites-res-conf-10.10-footnote.docx",
    "aewa-res-1.9-draft.docx",
    "ramsar-res-x.8-draft.docx",
    "cms-res-11.10-fr-draft.docx",
    "cms-res-11.10-es-draft.docx",
    "cbd-cop10-l48-ru-draft.docx",
]


def canonical_docx(data: bytes) -> str:
    """word/document.xml, canonicalised, one element per line, no rsids."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True))
    text = etree.tostring(root, method="c14n").decode("utf-8")
    text = re.sub(r' w:rsid\w*="[^"]*"', "", text)
    return text.replace("><", ">\n<") + "\n"


def check_golden(path: Path, actual: str) -> None:
    if UPDATE or not path.exists():
        if not UPDATE and os.environ.get("CI"):
            pytest.fail(f"golden file {path.relative_to(ROOT)} is missing; run pytest --update-goldens and commit it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.relative_to(ROOT)} differs; if deliberate, run pytest --update-goldens"


def consolidated(name: str, original: bool = False):
    source = read((SAMPLES / name).read_bytes(), None, ReadOptions(source=f"samples/{name}")).value
    selected = select_instrument(source).value
    return finish(selected, ConsolidateOptions(original=original)).value.document


@pytest.mark.parametrize("name", SAMPLE_FILES)
@pytest.mark.parametrize("view", ["final", "original"])
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_sample_consolidates_to_its_golden_text(name, view, fmt):
    doc = consolidated(name, original=view == "original")
    out = write(doc, fmt, WriteOptions(title=doc.meta.title)).decode("utf-8")
    suffix = {"text": "txt", "md": "md", "html": "html"}[fmt]
    check_golden(GOLDEN / "samples" / name.rsplit(".", 1)[0] / f"{view}.{suffix}", out)


@pytest.mark.parametrize("name", SAMPLE_FILES[:2])
def test_sample_consolidates_to_its_golden_word_document(name):
    doc = consolidated(name)
    template = (SAMPLES / name).read_bytes()
    check_golden(GOLDEN / "samples" / name.rsplit(".", 1)[0] / "final.document.xml", canonical_docx(write(doc, "docx", WriteOptions(template=template))))


def cms_redline():
    old = read((SAMPLES / "cms-res-11.10-rev-cop13.txt").read_bytes(), "text").value
    new = read((SAMPLES / "cms-res-11.10-rev-cop14.txt").read_bytes(), "text").value
    return diff_documents(accept(old), accept(new))


@pytest.mark.parametrize(
    "fmt, options, golden",
    [
        ("md", WriteOptions(), "redline.md"),
        ("html", WriteOptions(title="Resolution 11.10: Rev.COP13 → Rev.COP14"), "redline.html"),
        ("json", WriteOptions(), "redline.json"),
        ("docx", WriteOptions(), "redline-house.document.xml"),
        ("docx", WriteOptions(track_changes=True, author="CMS Secretariat", date="2024-02-12T00:00:00Z"), "redline-tracked.document.xml"),
    ],
)
def test_cms_redline_matches_its_golden(fmt, options, golden):
    data = write(cms_redline(), fmt, options)
    actual = canonical_docx(data) if fmt == "docx" else data.decode("utf-8")
    check_golden(GOLDEN / "redlines" / "cms-res-11.10-cop13-to-cop14" / golden, actual)


def test_cms_redline_matches_its_golden_amendment_set():
    from resamend.amendments import extract, to_json

    check_golden(GOLDEN / "redlines" / "cms-res-11.10-cop13-to-cop14" / "amendments.json", to_json(extract(cms_redline()).value))


def test_cms_redline_on_the_terminal_matches_its_golden():
    from rich.console import Console

    from resamend.terminal import redline_renderable

    console = Console(record=True, width=100, no_color=True, force_terminal=True, file=io.StringIO())
    console.print(redline_renderable(cms_redline()))
    check_golden(GOLDEN / "redlines" / "cms-res-11.10-cop13-to-cop14" / "terminal.ansi", console.export_text(styles=True))
