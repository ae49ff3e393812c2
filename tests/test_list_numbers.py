"""Word auto-numbered lists are numbered per view, as Word numbers them after
Accept All and after Reject All.  Expected numbers written by hand."""

from __future__ import annotations

import pytest

from docx_factory import dele, deleted_run, ins, make_docx, p, r
from resamend.amend import accept, reject
from resamend.consolidate import ConsolidateOptions, finish
from resamend.readers import ReadOptions, read

NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)
ITEM = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
SUB = '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'
U, S = "<w:u w:val='single'/>", "<w:strike/>"

TRACKED = (
    p(r("Requests the Secretariat;"), ppr=ITEM)
    + p(ins(r("Also requests the Parties;")), ppr=ITEM + '<w:rPr><w:ins w:id="9" w:author="A"/></w:rPr>')
    + p(r("Urges Parties;"), ppr=ITEM)
    + p(dele(deleted_run("Invites observers;")), ppr=ITEM + '<w:rPr><w:del w:id="8" w:author="A"/></w:rPr>')
    + p(r("Decides to review."), ppr=ITEM)
)
UNDERLINE = (
    p(r("Requests the Secretariat;"), ppr=ITEM)
    + p(r("Also requests the Parties;", U), ppr=ITEM + f"<w:rPr>{U}</w:rPr>")
    + p(r("Urges Parties;"), ppr=ITEM)
    + p(r("Invites observers;", S), ppr=ITEM + f"<w:rPr>{S}</w:rPr>")
    + p(r("Decides to review."), ppr=ITEM)
)


def numbered(blocks) -> list[str]:
    return [f"{b.label} {b.text}" for b in blocks if b.text.strip()]


@pytest.mark.parametrize("body", [TRACKED, UNDERLINE], ids=["tracked", "underline"])
def test_each_view_is_numbered_as_word_numbers_it(body):
    doc = read(make_docx(body, numbering=NUMBERING), "docx", ReadOptions()).value
    assert numbered(accept(doc).blocks) == [
        "1. Requests the Secretariat;", "2. Also requests the Parties;", "3. Urges Parties;", "4. Decides to review.",
    ]
    assert numbered(reject(doc).blocks) == [
        "1. Requests the Secretariat;", "2. Urges Parties;", "3. Invites observers;", "4. Decides to review.",
    ]


@pytest.mark.parametrize("body", [TRACKED, UNDERLINE], ids=["tracked", "underline"])
def test_apply_and_original_print_the_numbers_of_their_view(body):
    doc = read(make_docx(body, numbering=NUMBERING), "docx", ReadOptions()).value
    final = finish(doc, ConsolidateOptions(renumber=False)).value.document
    original = finish(doc, ConsolidateOptions(original=True)).value.document
    assert [b.label for b in final.blocks if b.text.strip()] == ["1.", "2.", "3.", "4."]
    assert [b.label for b in original.blocks if b.text.strip()] == ["1.", "2.", "3.", "4."]
    assert numbered(original.blocks)[2] == "3. Invites observers;"


def test_an_inserted_sub_item_shifts_only_the_final_letters():
    body = (
        p(r("Requests:"), ppr=ITEM)
        + p(r("to act;"), ppr=SUB)
        + p(ins(r("to report;")), ppr=SUB + '<w:rPr><w:ins w:id="9" w:author="A"/></w:rPr>')
        + p(r("to meet."), ppr=SUB)
    )
    doc = read(make_docx(body, numbering=NUMBERING), "docx", ReadOptions()).value
    assert numbered(accept(doc).blocks) == ["1. Requests:", "(a) to act;", "(b) to report;", "(c) to meet."]
    assert numbered(reject(doc).blocks) == ["1. Requests:", "(a) to act;", "(b) to meet."]


def test_an_html_ordered_list_is_numbered_per_view():
    from resamend.readers.html import parse_html

    doc = parse_html(
        "<ol><li>Requests the Secretariat;</li><li><ins>Also requests the Parties;</ins></li><li>Urges Parties;</li>"
        "<li><del>Invites observers;</del></li><li>Decides to review.</li></ol>"
    ).value
    assert numbered(accept(doc).blocks) == [
        "1. Requests the Secretariat;", "2. Also requests the Parties;", "3. Urges Parties;", "4. Decides to review.",
    ]
    assert numbered(reject(doc).blocks) == [
        "1. Requests the Secretariat;", "2. Urges Parties;", "3. Invites observers;", "4. Decides to review.",
    ]


def test_the_original_number_survives_a_json_round_trip():
    from resamend.serialize import document_from_data, document_to_data

    doc = read(make_docx(TRACKED, numbering=NUMBERING), "docx", ReadOptions()).value
    again = document_from_data(document_to_data(doc))
    assert [(b.label, b.original_label) for b in again.blocks] == [(b.label, b.original_label) for b in doc.blocks]
    assert numbered(reject(again).blocks)[1] == "2. Urges Parties;"
