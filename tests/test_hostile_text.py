"""Hostile text, round two (issue 10, items 5, 6, 11 and 15): each attack
through the real command line, in a child process whose wall time and peak
memory are measured (< 10 s, < 1 GiB; the launcher of test_hostile.py).

* a lone surrogate (half of a UTF-16 pair) from Word's ``<w:sym>``, an HTML
  character reference, a JSON escape or not-quite-UTF-8 bytes: U+FFFD and a
  warning naming where, in every command and output format — never
  "internal error";
* one long paragraph against itself reversed or shuffled: the word diff
  ends in bounded time, with a correct (accept gives the new text, reject
  the old) if coarser redline;
* a redline written as CriticMarkup reads back (a deleted word ending in a
  backslash);
* an HTML DOCTYPE with an internal subset leaves no stray "]>".
"""

from __future__ import annotations

import json
import random
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from docx_factory import ins, make_docx, p, r
from test_hostile import LIMIT_KB, LIMIT_SECONDS, Run, run_child
from resamend.amend import final_view, original_view
from resamend.diff import diff_documents
from resamend.model import Document, paragraph
from resamend.readers import read

REPLACEMENT = "\ufffd"
# Words of a resolution, in a fixed order (written by hand, not generated
# by resamend): a long paragraph is made of them.
WORDS = (
    "Requests the Secretariat to continue its work with the Parties on the implementation of the Convention "
    "and encourages Range States to report on migratory species conservation measures by 2026"
).split()


def assert_clean(run: Run, *, status: int = 0) -> None:
    """Ended as asked, no traceback, no internal error, within the limits."""
    assert run.returncode == status, f"exit {run.returncode} for {run.args}\nstderr: {run.err[:800]}"
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.seconds < LIMIT_SECONDS, f"{run.args} took {run.seconds:.1f} s"
    assert run.peak_kb < LIMIT_KB, f"{run.args} peaked at {run.peak_kb // 1024} MB"


def assert_warned_about_the_surrogate(run: Run, name: str) -> None:
    warnings = [line for line in run.err.splitlines() if "[bad-symbol]" in line]
    assert warnings, run.err
    assert all(line.startswith(f"resamend: warning: {name} block 1 (p1): a Word symbol (<w:sym w:char='D800'>)") and "U+FFFD" in line for line in warnings), warnings


# --- a lone surrogate ---------------------------------------------------------------


def sym_docx() -> bytes:
    """"Requests the <sym D800> Secretariat", the symbol inside an insertion."""
    return make_docx(p(r("Requests the "), ins('<w:r><w:sym w:font="Symbol" w:char="D800"/></w:r>', r(" new")), r(" Secretariat")))


SYM_COMMANDS = {
    "apply-text": (["apply", "sym.docx", "-o", "out.txt"], "out.txt"),
    "apply-html": (["apply", "sym.docx", "-o", "out.html"], "out.html"),
    "apply-json": (["apply", "sym.docx", "-t", "json", "-o", "out.json"], "out.json"),
    "apply-docx": (["apply", "sym.docx", "-o", "out.docx"], "out.docx"),
    "extract": (["extract", "sym.docx", "-o", "out.json"], "out.json"),
    "redline-md": (["redline", "sym.docx", "-t", "md", "-o", "out.md"], "out.md"),
    "diff": (["diff", "good.txt", "sym.docx", "-t", "md", "-o", "out.md"], "out.md"),
}


def _output_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".docx":
        with zipfile.ZipFile(BytesIO(data)) as z:
            data = z.read("word/document.xml")
    return data.decode("utf-8")  # strict: the output is valid UTF-8


@pytest.mark.parametrize("case", sorted(SYM_COMMANDS))
def test_a_lone_surrogate_from_a_word_symbol_becomes_a_replacement_character_in_every_command(case, tmp_path):
    (tmp_path / "sym.docx").write_bytes(sym_docx())
    (tmp_path / "good.txt").write_text("Requests the Secretariat\n", encoding="utf-8")
    args, out = SYM_COMMANDS[case]
    run = run_child(args, tmp_path)
    assert_clean(run, status=1 if case == "diff" else 0)
    assert_warned_about_the_surrogate(run, "sym.docx")
    text = _output_text(tmp_path / out)
    assert REPLACEMENT in text or "\\ufffd" in text, text[:500]
    assert "\\ud800" not in text.lower()


@pytest.mark.parametrize("code, problem", [("0", "a control code"), ("1B", "a control code"), ("FFFE", "a noncharacter"), ("zz", "no hexadecimal"), ("110000", "names no character")])
def test_a_word_symbol_that_names_no_text_character_is_a_replacement_character_and_a_warning(code, problem):
    data = make_docx(p(r("Requests "), f'<w:r><w:sym w:font="Symbol" w:char="{code}"/></w:r>', r(" the Parties")))
    result = read(data, "docx")
    assert result.value.blocks[0].text == "Requests \ufffd the Parties"
    (warning,) = result.diagnostics
    assert warning.code == "bad-symbol" and problem in warning.message and warning.text == "\ufffd"


def test_a_word_symbol_of_a_symbol_font_is_its_character():
    data = make_docx(p(r("Requests "), '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'))
    result = read(data, "docx")
    assert result.value.blocks[0].text == "Requests \uf0b7" and result.diagnostics == ()


SURROGATE_INPUTS = {
    # name: bytes, as a hostile or broken tool writes them
    "page.html": b"<p>Requests the &#xD800; Secretariat</p>",
    "doc.json": b'{"format": "resamend.document/1", "blocks": [{"segments": [{"text": "Requests the \\ud800 Secretariat"}]}]}',
    "draft.txt": b"Requests the \xed\xa0\x80 {++new++} Secretariat\n",  # U+D800 in UTF-8 form ("WTF-8")
    "draft16.txt": b"\xff\xfe" + "Requests the ".encode("utf-16-le") + b"\x00\xd8" + " Secretariat".encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(SURROGATE_INPUTS))
def test_a_lone_surrogate_in_html_json_or_text_becomes_a_replacement_character(name, tmp_path):
    (tmp_path / name).write_bytes(SURROGATE_INPUTS[name])
    run = run_child(["apply", name, "-t", "json", "-o", "out.json"], tmp_path)
    assert_clean(run)
    assert "[unencodable-character]" in run.err and name in run.err, run.err
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    texts = [seg["text"] for block in doc["blocks"] for seg in block["segments"]]
    assert "Requests the \ufffd" in "".join(texts), texts


def test_a_lone_surrogate_is_named_with_its_block_by_the_reader():
    result = read(b"First paragraph.\n\nSecond \xed\xa0\x80 paragraph.\n", "text")
    assert result.value.blocks[1].text == "Second \ufffd paragraph."
    (warning,) = [d for d in result.diagnostics if d.code == "unencodable-character"]
    assert warning.location.block == 1 and warning.severity.value == "warning"


def test_a_thousand_paragraphs_with_a_surrogate_give_twenty_one_warnings_not_a_thousand():
    data = "\n\n".join(f"Paragraph {i} \ud800." for i in range(1000)).encode("utf-8", "surrogatepass")
    result = read(data, "text")
    warnings = [d for d in result.diagnostics if d.code == "unencodable-character"]
    assert len(warnings) == 21  # one for each of the first twenty paragraphs, one for the other 980
    assert "980 characters" in warnings[-1].message and "further paragraphs" in warnings[-1].message
    assert result.value.blocks[999].text == "Paragraph 999 \ufffd."


# --- one long paragraph, scrambled -----------------------------------------------------


def long_paragraph(n: int) -> list[str]:
    return [WORDS[(i * 7 + i // len(WORDS)) % len(WORDS)] + ("," if i % 13 == 12 else "") for i in range(n)]


@pytest.mark.parametrize("kind, n", [("reversed", 20_000), ("shuffled", 10_000)])
def test_the_word_diff_of_one_long_scrambled_paragraph_ends_within_the_limits(kind, n, tmp_path):
    words = long_paragraph(n)
    other = words[::-1] if kind == "reversed" else random.Random(10).sample(words, len(words))
    (tmp_path / "old.txt").write_text(" ".join(words) + "\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(" ".join(other) + "\n", encoding="utf-8")
    run = run_child(["diff", "old.txt", "new.txt", "-t", "md", "-o", "out.md"], tmp_path)
    assert_clean(run, status=1)
    # the redline is correct: accepted it is the new text, rejected the old
    redline = read((tmp_path / "out.md").read_bytes(), "text").value
    assert final_view(redline) == [" ".join(other)]
    assert original_view(redline) == [" ".join(words)]


def test_a_coarsened_diff_is_correct_and_says_so_in_a_warning():
    words = long_paragraph(20_000)
    old = Document((paragraph("Unchanged first paragraph."), paragraph(" ".join(words))))
    new = Document((paragraph("Unchanged first paragraph."), paragraph(" ".join(words[::-1]))))
    diagnostics: list = []
    marked = diff_documents(old, new, diagnostics=diagnostics)
    assert final_view(marked) == [b.text for b in new.blocks]
    assert original_view(marked) == [b.text for b in old.blocks]
    (warning,) = diagnostics
    assert warning.code == "diff-coarsened" and warning.severity.value == "warning"
    assert "paragraph 2 of the new version" in warning.message


def test_a_realistic_diff_is_not_coarsened():
    old = Document(tuple(paragraph(" ".join(long_paragraph(300)[k : k + 60])) for k in range(0, 300, 60)))
    new_texts = [b.text.replace("Secretariat", "Executive Secretary", 1) for b in old.blocks]
    diagnostics: list = []
    diff_documents(old, Document(tuple(paragraph(t) for t in new_texts)), diagnostics=diagnostics)
    assert diagnostics == []


# --- CriticMarkup written by resamend reads back -------------------------------------------


def test_a_redline_in_critic_markup_of_a_word_ending_in_a_backslash_reads_back(tmp_path):
    (tmp_path / "old.txt").write_text("See C:\\path\\ for the files\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text("See the website for the files\n", encoding="utf-8")
    run = run_child(["diff", "old.txt", "new.txt", "-t", "md", "-o", "out.md"], tmp_path)
    assert_clean(run, status=1)
    written = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "\\\\--}" in written  # the backslash doubled before the closing mark
    back = run_child(["apply", "out.md", "--original", "-o", "original.txt"], tmp_path)
    assert_clean(back)
    assert (tmp_path / "original.txt").read_text(encoding="utf-8") == "See C:\\path\\ for the files\n"


# --- HTML ------------------------------------------------------------------------------------


def test_an_html_doctype_subset_script_and_template_leave_no_stray_text(tmp_path):
    page = (
        '<!DOCTYPE html [\n  <!ENTITY sec "Secretariat">\n]>\n<html><head><script>var x = "<p>no</p>";</script></head>'
        "<body><p>Requests the <ins>Executive</ins> Secretary</p><template><p>spare text</p></template></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    run = run_child(["apply", "page.html", "-o", "out.txt"], tmp_path)
    assert_clean(run)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Requests the Executive Secretary\n"
    assert "[template-ignored]" in run.err and "page.html" in run.err


# --- the laws hold when the budget runs out -----------------------------------------------

from hypothesis import given, settings  # noqa: E402

from test_diff_laws import edited, paragraph_lists  # noqa: E402


@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(paragraph_lists().flatmap(lambda texts: edited(texts).map(lambda new: (texts, new))))
def test_with_almost_no_budget_the_redline_still_accepts_to_new_and_rejects_to_old(pair):
    import resamend.diff as diff

    old, new = (Document(tuple(paragraph(t) for t in texts)) for texts in pair)
    saved = diff.WORK_BUDGET, diff.WORK_PER_CHAR
    diff.WORK_BUDGET, diff.WORK_PER_CHAR = 3, 0  # spent after the first rounds of the first diff
    try:
        marked = diff_documents(old, new, diagnostics=[])
    finally:
        diff.WORK_BUDGET, diff.WORK_PER_CHAR = saved
    assert final_view(marked) == final_view(new)
    assert original_view(marked) == original_view(old)
