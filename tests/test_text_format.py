"""CriticMarkup and plain text in and out."""

import pytest

from resamend.amend import final_view, original_view
from resamend.diagnostics import InputError
from resamend.model import Mark
from resamend.readers import detect_format, read
from resamend.readers.text import decode, parse_critic
from resamend.writers.text import render


def views(text):
    doc = parse_critic(text).value
    return final_view(doc), original_view(doc)


def test_plain_text_without_markup_is_a_clean_document():
    doc = parse_critic("First paragraph.\n\nSecond paragraph.").value
    assert not doc.is_marked
    assert [b.text for b in doc.blocks] == ["First paragraph.", "Second paragraph."]


def test_single_newline_is_a_line_break_inside_a_paragraph():
    doc = parse_critic("The Conference of the Parties to the\nConvention on Migratory Species").value
    assert len(doc.blocks) == 1
    assert doc.blocks[0].text == "The Conference of the Parties to the\nConvention on Migratory Species"


def test_insertion_and_deletion_give_two_views():
    assert views("Strategic Plan {--2015-2023--}{++2024-2032++} as") == (
        ["Strategic Plan 2024-2032 as"],
        ["Strategic Plan 2015-2023 as"],
    )


def test_substitution_deletes_old_and_inserts_new():
    assert views("joint work {~~plan~>programme~~} between") == (
        ["joint work programme between"],
        ["joint work plan between"],
    )


def test_blank_line_inside_an_insertion_is_an_inserted_paragraph_break():
    final, original = views("8. Encourages Parties;{++\n\n8bis. Further encourages++}\n\n9. Requests")
    assert final == ["8. Encourages Parties;", "8bis. Further encourages", "9. Requests"]
    assert original == ["8. Encourages Parties;", "9. Requests"]


def test_deleted_paragraph_break_joins_the_paragraphs_when_accepted():
    doc = parse_critic("collaboration{--\n\n--}; and").value
    assert doc.blocks[0].boundary is Mark.DELETE
    assert final_view(doc) == ["collaboration; and"]
    assert original_view(doc) == ["collaboration", "; and"]


def test_deletion_inside_insertion_is_in_neither_view():
    doc = parse_critic("a {++new {--gone--}++}b").value
    assert [s.mark for s in doc.blocks[0].segments] == [Mark.KEEP, Mark.INSERT, Mark.BOTH, Mark.KEEP]
    assert final_view(doc) == ["a new b"]
    assert original_view(doc) == ["a b"]


def test_comment_is_not_text_but_is_named_in_a_diagnostic():
    result = parse_critic("Requests{>>check with legal<<} the Secretariat")
    assert final_view(result.value) == ["Requests the Secretariat"]
    assert [(d.code, d.text) for d in result.diagnostics] == [("comment-ignored", "check with legal")]


def test_highlight_keeps_its_text():
    assert views("the {==Framework==} and") == (["the Framework and"], ["the Framework and"])


@pytest.mark.parametrize(
    "text, where",
    [
        ("one\n\ntwo {++three", "line 3, column 5: {++ is never closed"),
        ("one --} two", "line 1, column 5: --} closes a mark that was never opened"),
        ("a {++b --} c", "line 1, column 8: --} does not close {++"),
        ("a {--b {++c++} d--}", "line 1, column 8: {++ inside {--"),
    ],
)
def test_unbalanced_markup_is_an_error_with_line_and_column(text, where):
    with pytest.raises(InputError) as info:
        parse_critic(text)
    assert where in str(info.value)


def test_escaped_markup_is_literal_text_and_round_trips():
    doc = parse_critic("literal \\{++ and \\++} here").value
    assert doc.blocks[0].text == "literal {++ and ++} here"
    assert render(doc) == "literal \\{++ and \\++} here\n"


def test_utf16_with_bom_is_read():
    data = "\ufeffRésolution {++11.10++}".encode("utf-16-le")
    assert final_view(read(data).value) == ["Résolution 11.10"]


def test_bytes_that_are_not_utf8_are_an_error_naming_the_offset():
    with pytest.raises(InputError) as info:
        decode(b"Resolution \xff 11.10")
    assert "byte offset 11" in str(info.value)


def test_format_is_detected_from_content_before_extension():
    assert detect_format(b"PK\x03\x04rest", "draft.txt") == "docx"
    assert detect_format(b'{"format": "resamend.document/1"}', None) == "json"
    assert detect_format(b"<html><p>x</p></html>", None) == "html"
    assert detect_format(b"Recalling {++x++}", "draft.critic") == "text"


def test_legacy_word_file_is_refused_with_advice():
    with pytest.raises(InputError) as info:
        detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc")
    assert "save it from Word as an unprotected .docx" in str(info.value)


def test_reference_annex_reads_back_from_its_own_rendering():
    from pathlib import Path

    ref = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cms-res-11.10-cop14-annex1.critic.txt"
    if not ref.exists():
        pytest.skip("../shared is not beside the repository")
    doc = parse_critic(ref.read_text(encoding="utf-8")).value
    again = parse_critic(render(doc)).value
    assert final_view(again) == final_view(doc)
    assert original_view(again) == original_view(doc)
    assert "Gglobal" not in " ".join(final_view(doc) + original_view(doc))


def test_critic_markup_at_the_start_is_not_mistaken_for_json():
    assert detect_format(b"{--Further r--}{++R++}equests", None) == "text"
    assert detect_format(b"[The Secretariat explored opportunities]", None) == "text"
