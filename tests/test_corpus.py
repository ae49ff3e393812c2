"""The public DOCX redline corpus (../shared/corpus), read with convention cms.

Each file's final and original views must equal the corpus expectation at
word level (README "Comparing"), or be listed in
corpus_known_differences.json with the reason.  A listed file that now
matches fails, so that the list stays honest.  A second test checks the
conservation law on every file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from resamend.amend import final_view, original_view
from resamend.model import Mark
from resamend.readers import ReadOptions
from resamend.readers.docx import read

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
KNOWN = Path(__file__).with_name("corpus_known_differences.json")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_NOTE_MARKER = re.compile(r"\[\^\d+\]:?")
_WORD = re.compile(r"\w+")


def _manifest() -> list[dict]:
    path = CORPUS / "manifest.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["files"]


FILES = _manifest()
_KNOWN = json.loads(KNOWN.read_text(encoding="utf-8"))
KNOWN_DIFFERENCES = {(k["id"], k["view"]): k for k in _KNOWN if k.get("convention", "cms") == "cms"}
KNOWN_TRACKED_DIFFERENCES = {(k["id"], k["view"]): k["reason"] for k in _KNOWN if k.get("convention") == "tracked"}


def words(text: str) -> list[str]:
    """Word tokens as the corpus compares them: no soft hyphens, no note markers."""
    text = _NOTE_MARKER.sub(" ", text.translate(_INVISIBLE))
    return _WORD.findall(text)


def expected_variant(entry: dict) -> str:
    """Which oracle text is the expectation for convention cms.

    tracked/none: the oracle (identical to oracle-tracked); format and
    tracked+format: the oracle with the formatting reading applied."""
    return "oracle"


def _read(entry: dict, convention: str = "cms"):
    data = (CORPUS / entry["docx"]).read_bytes()
    return read(data, ReadOptions(convention=convention, source=entry["id"]))


def _cases():
    for entry in FILES:
        for view in ("final", "original"):
            yield pytest.param(entry, view, id=f"{entry['id']}-{view}")


@pytest.fixture(scope="module")
def results():
    cache: dict[tuple, object] = {}

    def get(entry, convention="cms"):
        key = (entry["id"], convention)
        if key not in cache:
            cache[key] = _read(entry, convention)
        return cache[key]

    return get


def _skip_without_corpus():
    if not FILES:
        pytest.skip(f"corpus not found at {CORPUS}")


@pytest.mark.parametrize("entry, view", list(_cases()) or [pytest.param(None, None, id="no-corpus")])
def test_corpus_view_matches_expectation_at_word_level(entry, view, results):
    _skip_without_corpus()
    doc = results(entry).value
    ours = words("\n".join(final_view(doc) if view == "final" else original_view(doc)))
    expected_path = CORPUS / entry["expected"][expected_variant(entry)][view]
    theirs = words(expected_path.read_text(encoding="utf-8"))
    known = KNOWN_DIFFERENCES.get((entry["id"], view))
    if known is None:
        assert ours == theirs, _first_difference(ours, theirs)
        return
    assert ours != theirs, f"listed as a known difference ({known['reason']}) but now matches: remove it from {KNOWN.name}"
    if "matches" in known:  # the difference is exactly the one explained: another oracle variant agrees
        instead = words((CORPUS / entry["expected"][known["matches"]][view]).read_text(encoding="utf-8"))
        assert ours == instead, _first_difference(ours, instead)


@pytest.mark.parametrize("entry, view", list(_cases()) or [pytest.param(None, None, id="no-corpus")])
def test_corpus_tracked_convention_matches_the_tracked_only_oracle(entry, view, results):
    """With convention "tracked" formatting is formatting: the expectation is
    oracle-tracked (which pandoc and PowerTools' baselines agree with)."""
    _skip_without_corpus()
    doc = results(entry, "tracked").value
    ours = words("\n".join(final_view(doc) if view == "final" else original_view(doc)))
    theirs = words((CORPUS / entry["expected"]["oracle-tracked"][view]).read_text(encoding="utf-8"))
    known = KNOWN_TRACKED_DIFFERENCES.get((entry["id"], view))
    if known is None:
        assert ours == theirs, _first_difference(ours, theirs)
    else:
        assert ours != theirs, f"listed as a known difference ({known}) but now matches: remove it from {KNOWN.name}"


def _first_difference(ours: list[str], theirs: list[str]) -> str:
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            return f"word {i}: ours {ours[max(0, i - 5):i + 6]} vs expected {theirs[max(0, i - 5):i + 6]}"
    return f"lengths differ: ours {len(ours)} words, expected {len(theirs)}; tail ours {ours[len(theirs):][:10]} expected {theirs[len(ours):][:10]}"


def test_every_known_difference_names_a_corpus_file_and_a_reason():
    _skip_without_corpus()
    ids = {e["id"] for e in FILES}
    for item in _KNOWN:
        assert item["id"] in ids and item["view"] in ("final", "original") and item["reason"].strip()
        assert item.get("convention", "cms") in ("cms", "tracked")


@pytest.mark.parametrize("entry", FILES or [None], ids=[e["id"] for e in FILES] or ["no-corpus"])
def test_corpus_conservation_every_character_is_in_a_view_or_a_diagnostic(entry, results):
    """Nothing is lost: the characters of the flattened marked text are covered
    by the final view, the original view and the diagnostics' texts."""
    _skip_without_corpus()
    result = results(entry)
    doc = result.value
    in_final, in_original, in_neither = Counter(), Counter(), Counter()
    for b in doc.blocks:
        for s in b.segments:
            f = b.mark.in_final and s.mark.in_final
            o = b.mark.in_original and s.mark.in_original
            (in_final if f else in_original if o else in_neither).update(s.text)
            if f and o:
                in_original.update(s.text)
    named = Counter("".join(d.text or "" for d in result.diagnostics))
    lost_final = in_final - Counter("".join(final_view(doc)))
    lost_original = in_original - Counter("".join(original_view(doc)))
    unnamed = in_neither - named
    assert not lost_final, f"final view lost: {dict(lost_final.most_common(10))}"
    assert not lost_original, f"original view lost: {dict(lost_original.most_common(10))}"
    assert not unnamed, f"in neither view nor a diagnostic: {dict(unnamed.most_common(10))}"
    assert all(d.text for d in result.diagnostics if d.code in ("hidden-text", "ambiguous-mark", "unknown-element"))
    assert all(s.mark is not Mark.BOTH or named[s.text[:1]] for b in doc.blocks for s in b.segments if s.text)
