"""The DOCX reader: one test per convention, on tiny generated packages."""

from __future__ import annotations

import io
import zipfile

import pytest

from docx_factory import dele, deleted_run, ins, make_docx, p, r
from resamend.amend import final_view, original_view
from resamend.diagnostics import HostileInput, InputError
from resamend.model import BlockKind, Mark, Source
from resamend.readers import ReadOptions
from resamend.formats import docx_package
from resamend.readers.docx import read

U = '<w:u w:val="single"/>'
STRIKE = "<w:strike/>"


def doc_of(body, convention="cms", **parts):
    return read(make_docx(body, **parts), ReadOptions(convention=convention, source="t.docx"))


def views(body, convention="cms", **parts):
    doc = doc_of(body, convention, **parts).value
    return final_view(doc), original_view(doc)


def codes(result, code):
    return [d for d in result.diagnostics if d.code == code]


def style(sid, rpr="", kind="character", based_on=None, name=None, ppr="", default=False):
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    dflt = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{sid}"{dflt}><w:name w:val="{name or sid}"/>{based}'
        f"{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}</w:style>"
    )


# ---- formatting marks --------------------------------------------------------


@pytest.mark.parametrize("value", ["single", "double", "wave", "dotted", "words"])
def test_underline_of_any_style_inserts(value):
    assert views(p(r("old "), r("new", f'<w:u w:val="{value}"/>'))) == (["old new"], ["old "])


def test_underline_none_is_not_an_insertion():
    assert views(p(r("a "), r("b", '<w:u w:val="none"/>'))) == (["a b"], ["a b"])


@pytest.mark.parametrize("prop", ["<w:strike/>", "<w:dstrike/>", '<w:strike w:val="1"/>', '<w:dstrike w:val="true"/>'])
def test_strike_and_double_strike_delete(prop):
    assert views(p(r("keep "), r("gone", prop))) == (["keep "], ["keep gone"])


@pytest.mark.parametrize("value", ["0", "false", "off", "none"])
def test_false_values_switch_strike_off(value):
    assert views(p(r("keep", f'<w:strike w:val="{value}"/>'))) == (["keep"], ["keep"])


def test_underline_and_strike_at_once_is_both_and_named_in_a_diagnostic():
    res = doc_of(p(r("a "), r("odd", U + STRIKE)))
    seg = res.value.blocks[0].segments[1]
    assert seg.mark is Mark.BOTH and seg.text == "odd"
    assert [d.text for d in codes(res, "ambiguous-mark")] == ["odd"]
    assert final_view(res.value) == original_view(res.value) == ["a "]


def test_tracked_insertion_of_struck_text_is_both():
    res = doc_of(p(r("a "), ins(r("x", STRIKE))))
    assert res.value.blocks[0].segments[1].mark is Mark.BOTH
    assert [d.text for d in codes(res, "ambiguous-mark")] == ["x"]


def test_deletion_inside_insertion_is_in_neither_view():
    res = doc_of(p(r("a"), ins(r("b"), dele(deleted_run("c"), author="B"))))
    assert final_view(res.value) == ["ab"] and original_view(res.value) == ["a"]
    assert [d.text for d in codes(res, "ambiguous-mark")] == ["c"]


def test_underline_from_character_style_chain_inserts():
    styles = style("Base", U) + style("New", based_on="Base")
    assert views(p(r("a"), r("b", '<w:rStyle w:val="New"/>')), styles=styles) == (["ab"], ["a"])


def test_strike_from_paragraph_style_deletes():
    styles = style("Gone", STRIKE, kind="paragraph")
    assert views(p(r("x"), ppr='<w:pStyle w:val="Gone"/>') + p(r("y")), styles=styles) == (["y"], ["x", "y"])


def test_default_paragraph_style_and_doc_defaults_count():
    styles = style("Normal", U, kind="paragraph", default=True)
    assert views(p(r("n")), styles=styles) == (["n"], [])
    defaults = f"<w:docDefaults><w:rPrDefault><w:rPr>{STRIKE}</w:rPr></w:rPrDefault></w:docDefaults>"
    assert views(p(r("d")), styles=defaults) == ([], ["d"])


def test_strike_toggle_in_character_style_is_switched_off_by_direct_false():
    styles = style("Struck", STRIKE)
    body = p(r("a", '<w:rStyle w:val="Struck"/><w:strike w:val="0"/>'), r("b", '<w:rStyle w:val="Struck"/>'))
    assert views(body, styles=styles) == (["a"], ["ab"])


def test_strike_in_paragraph_and_character_style_toggle_each_other_off():
    styles = style("PS", STRIKE, kind="paragraph") + style("CS", STRIKE)
    body = p(r("a", '<w:rStyle w:val="CS"/>'), r("b"), ppr='<w:pStyle w:val="PS"/>')
    assert views(body, styles=styles) == (["a"], ["ab"])


def test_direct_underline_none_overrides_style_underline():
    styles = style("CU", U)
    assert views(p(r("a", '<w:rStyle w:val="CU"/><w:u w:val="none"/>')), styles=styles) == (["a"], ["a"])


def test_underline_from_hyperlink_style_is_not_an_insertion():
    styles = style("Hyperlink", U + '<w:color w:val="0000FF"/>')
    res = doc_of(p(r("see "), r("example.org", '<w:rStyle w:val="Hyperlink"/>'), r(" new", U)) + p(r("x", '<w:rStyle w:val="Hyperlink"/>')), styles=styles)
    assert final_view(res.value) == ["see example.org new", "x"]
    assert original_view(res.value) == ["see example.org", "x"]
    assert len(codes(res, "hyperlink-underline")) == 1


def test_underline_inside_hyperlink_element_is_not_an_insertion_and_keeps_the_url():
    rel = '<Relationship Id="rL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://cms.int" TargetMode="External"/>'
    body = p(r("at "), '<w:hyperlink r:id="rL">' + r("cms.int", U) + "</w:hyperlink>")
    res = read(make_docx(body, document_rels=rel), ReadOptions())
    assert final_view(res.value) == original_view(res.value) == ["at cms.int"]
    assert "link:https://cms.int" in res.value.blocks[0].segments[-1].style


def test_underline_in_hyperlink_field_result_is_not_an_insertion():
    body = p(
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>",
        "<w:r><w:instrText xml:space='preserve'> HYPERLINK \"https://x.org\" </w:instrText></w:r>",
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>",
        r("x.org", U),
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>",
        r(" added", U),
    )
    assert views(body) == (["x.org added"], ["x.org"])


def test_tracked_convention_keeps_formatting_as_style():
    res = doc_of(p(r("a", U), r("b", STRIKE), ins(r("c"))), convention="tracked")
    assert final_view(res.value) == ["abc"] and original_view(res.value) == ["ab"]
    segs = res.value.blocks[0].segments
    assert "underline" in segs[0].style and "strike" in segs[1].style


def test_residual_style_survives_but_the_mark_is_consumed():
    res = doc_of(p(r("b", "<w:b/>" + U), r("s", '<w:vertAlign w:val="superscript"/>')))
    first, second = res.value.blocks[0].segments
    assert first.mark is Mark.INSERT and first.style == frozenset({"bold"}) and first.change.source is Source.MARKUP
    assert second.style == frozenset({"superscript"})


# ---- tracked changes ---------------------------------------------------------


def test_tracked_insertion_and_deletion_carry_author_and_date():
    res = doc_of(p(r("a "), ins(r("new"), author="Ann", date="2024-05-01T00:00:00Z"), dele(deleted_run(" old"), author="Bo")))
    segs = res.value.blocks[0].segments
    assert [(s.text, s.mark) for s in segs] == [("a ", Mark.KEEP), ("new", Mark.INSERT), (" old", Mark.DELETE)]
    assert (segs[1].change.source, segs[1].change.author, segs[1].change.date) == (Source.TRACKED, "Ann", "2024-05-01T00:00:00Z")
    assert segs[2].change.author == "Bo"


def test_move_from_and_move_to_share_the_move_name():
    body = (
        p('<w:moveFromRangeStart w:id="1" w:name="move1" w:author="A"/>', '<w:moveFrom w:id="2" w:author="A">' + r("moved") + "</w:moveFrom>", '<w:moveFromRangeEnd w:id="1"/>', r(" stay"))
        + p(r("there "), '<w:moveToRangeStart w:id="3" w:name="move1" w:author="A"/>', '<w:moveTo w:id="4" w:author="A">' + r("moved") + "</w:moveTo>", '<w:moveToRangeEnd w:id="3"/>')
    )
    res = doc_of(body)
    assert final_view(res.value) == [" stay", "there moved"]
    assert original_view(res.value) == ["moved stay", "there "]
    moved = [s for b in res.value.blocks for s in b.segments if s.text == "moved"]
    assert [s.change.move_id for s in moved] == ["move1", "move1"]


def test_deleted_paragraph_mark_joins_next_block():
    body = p(r("split"), ppr='<w:rPr><w:del w:id="1" w:author="A"/></w:rPr>') + p(r("Paragraph."))
    res = doc_of(body)
    assert res.value.blocks[0].boundary is Mark.DELETE
    assert final_view(res.value) == ["splitParagraph."]
    assert original_view(res.value) == ["split", "Paragraph."]


def test_inserted_paragraph_mark_joins_in_the_original_view():
    body = p(r("one"), ppr='<w:rPr><w:ins w:id="1" w:author="A"/></w:rPr>') + p(r("two"))
    assert views(body) == (["one", "two"], ["onetwo"])


def table(*rows):
    return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"


def row(*cells, trpr=""):
    return "<w:tr>" + (f"<w:trPr>{trpr}</w:trPr>" if trpr else "") + "".join(cells) + "</w:tr>"


def cell(*paras, tcpr=""):
    return "<w:tc>" + (f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else "") + "".join(paras) + "</w:tc>"


def test_deleted_table_row_marks_every_cell_block():
    body = table(row(cell(p(r("a"))), cell(p(r("b")))), row(cell(p(r("c"))), cell(p(r("d"))), trpr='<w:del w:id="1" w:author="A"/>'))
    res = doc_of(body)
    blocks = res.value.blocks
    assert [b.kind for b in blocks] == [BlockKind.CELL] * 4
    assert [b.container for b in blocks] == ["t1r1c1", "t1r1c2", "t1r2c1", "t1r2c2"]
    assert [b.mark for b in blocks] == [Mark.KEEP, Mark.KEEP, Mark.DELETE, Mark.DELETE]
    assert final_view(res.value) == ["a", "b"] and original_view(res.value) == ["a", "b", "c", "d"]


def test_inserted_table_row_and_inserted_cell_are_only_in_the_final_view():
    body = table(row(cell(p(r("a"))), cell(p(r("n")), tcpr='<w:cellIns w:id="2" w:author="A"/>')), row(cell(p(r("c"))), trpr='<w:ins w:id="1" w:author="A"/>'))
    assert views(body) == (["a", "n", "c"], ["a"])


def test_nested_table_cells_have_their_own_container():
    inner = table(row(cell(p(r("in")))))
    res = doc_of(table(row(cell(p(r("before")), inner, p(r("after"))))))
    assert [(b.text, b.container) for b in res.value.blocks] == [("before", "t1r1c1"), ("in", "t2r1c1"), ("after", "t1r1c1")]


def test_format_change_is_reported_not_applied():
    """A tracked formatting change (here: underline added, recorded in
    w:rPrChange) is current formatting; the change itself is only reported."""
    change = "<w:rPrChange w:id='1' w:author='A'><w:rPr/></w:rPrChange>"
    body = p(r("a", "<w:b/>" + change)) + p(r("b"), ppr="<w:pPrChange w:id='2' w:author='A'><w:pPr/></w:pPrChange>")
    res = doc_of(body)
    assert final_view(res.value) == original_view(res.value) == ["a", "b"]
    assert [d.location.origin for d in codes(res, "format-change")] == ["p1", "p2"]


# ---- where text lives --------------------------------------------------------


def test_text_in_wrappers_is_read():
    body = p(
        "<w:smartTag w:element='place'><w:smartTagPr/>" + r("a") + "</w:smartTag>",
        "<w:sdt><w:sdtPr/><w:sdtContent>" + r("b") + "</w:sdtContent></w:sdt>",
        "<w:customXml w:element='x'>" + r("c") + "</w:customXml>",
        "<w:fldSimple w:instr=' DATE '>" + r("d") + "</w:fldSimple>",
        "<w:hyperlink w:anchor='x'>" + r("e") + "</w:hyperlink>",
    ) + "<w:sdt><w:sdtContent>" + p(r("block sdt")) + "</w:sdtContent></w:sdt>"
    assert views(body)[0] == ["abcde", "block sdt"]


def test_field_code_is_never_text():
    body = p(
        r("Page "),
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>",
        "<w:r><w:t>code text</w:t></w:r>",
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>",
        r("7"),
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>",
        r(" end"),
    )
    res = doc_of(body)
    assert final_view(res.value) == original_view(res.value) == ["Page 7 end"]


def test_nested_field_shows_only_the_outer_result():
    body = p(
        "<w:r><w:fldChar w:fldCharType='begin'/><w:instrText>IF </w:instrText>"
        "<w:fldChar w:fldCharType='begin'/><w:instrText>PAGE</w:instrText><w:fldChar w:fldCharType='separate'/>"
        "<w:t>1</w:t><w:fldChar w:fldCharType='end'/><w:instrText> = 1 \"yes\"</w:instrText>"
        "<w:fldChar w:fldCharType='separate'/><w:t>yes</w:t><w:fldChar w:fldCharType='end'/></w:r>"
    )
    assert views(body)[0] == ["yes"]


def test_special_characters_survive():
    body = p(
        "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t>"
        "<w:br w:type='page'/><w:br w:type='column'/><w:t>e</w:t><w:noBreakHyphen/><w:softHyphen/>"
        "<w:sym w:font='Wingdings' w:char='F0FC'/><w:t>\u00a0f</w:t></w:r>"
    )
    assert views(body)[0] == ["a\tb\nc\nde\u2011\u00ad\uf0fc\u00a0f"]


def test_footnote_reference_and_note_blocks():
    notes = '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Note </w:t></w:r>' + ins(r("text")) + "</w:p></w:footnote>"
    body = p(r("Body"), "<w:r><w:footnoteReference w:id='1'/></w:r>", r(" more"))
    res = doc_of(body, footnotes=notes)
    blocks = res.value.blocks
    assert blocks[0].text == "Body[^1] more"
    assert (blocks[1].kind, blocks[1].container, blocks[1].text) == (BlockKind.NOTE, "footnote 1", "[^1]:  Note text")
    assert final_view(res.value)[1] == "[^1]:  Note text" and original_view(res.value)[1] == "[^1]:  Note "


def test_footnotes_and_endnotes_share_one_counter_and_a_deleted_reference_deletes_its_note():
    fn = '<w:footnote w:id="5"><w:p>' + r("foot") + "</w:p></w:footnote>"
    en = '<w:endnote w:id="2"><w:p>' + r("end") + "</w:p></w:endnote>"
    body = p(dele("<w:r><w:endnoteReference w:id='2'/></w:r>"), r("x"), "<w:r><w:footnoteReference w:id='5'/></w:r>")
    res = doc_of(body, footnotes=fn, endnotes=en)
    assert [b.text for b in res.value.blocks] == ["[^1]x[^2]", "[^1]: end", "[^2]: foot"]
    assert res.value.blocks[1].mark is Mark.DELETE
    assert final_view(res.value) == ["x[^2]", "[^2]: foot"]


def test_text_box_paragraphs_follow_the_anchoring_paragraph_first_choice_only():
    box = "<w:txbxContent>" + p(r("in box")) + "</w:txbxContent>"
    drawing = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>" + box + "</wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox>" + box + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    res = doc_of(p(r("anchor "), drawing) + p(r("next")))
    assert [(b.text, b.container) for b in res.value.blocks] == [("anchor ", None), ("in box", "textbox 1"), ("next", None)]


def test_math_text_with_revisions():
    math = "<m:oMath><m:r><m:t>x=</m:t></m:r>" + ins("<m:r><m:t>1</m:t></m:r>") + dele("<m:r><m:t>2</m:t></m:r>") + "</m:oMath>"
    assert views(p(r("so "), math)) == (["so x=1"], ["so x=2"])


def test_hidden_text_is_named_in_a_diagnostic():
    styles = style("Secret", "<w:vanish/>")
    res = doc_of(p(r("shown "), r("hidden", "<w:vanish/>"), r(" also", '<w:rStyle w:val="Secret"/>')), styles=styles)
    assert final_view(res.value) == original_view(res.value) == ["shown "]
    assert [d.text for d in codes(res, "hidden-text")] == ["hidden also"]


def test_comments_are_not_text():
    body = p("<w:commentRangeStart w:id='0'/>", r("text"), "<w:commentRangeEnd w:id='0'/>", "<w:r><w:commentReference w:id='0'/></w:r>")
    res = doc_of(body)
    assert final_view(res.value) == ["text"] and not res.diagnostics


def test_unknown_element_with_text_is_named_in_a_diagnostic():
    res = doc_of(p(r("a"), "<w:mystery><w:r><w:t>lost?</w:t></w:r></w:mystery>", "<w:bookmarkStart w:id='1' w:name='x'/>"))
    assert final_view(res.value) == ["a"]
    assert [d.text for d in codes(res, "unknown-element")] == ["lost?"]


def test_drop_cap_joins_the_next_paragraph():
    body = p(r("O"), ppr="<w:framePr w:dropCap='drop' w:lines='3'/>") + p(r("nce upon a time")) + p(r("end"))
    assert views(body)[0] == ["Once upon a time", "end"]


# ---- structure -----------------------------------------------------------------

NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2.%3)"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>'
)


def numbered(text, num_id, ilvl=0):
    return p(r(text), ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def test_numbering_labels_follow_levels_formats_and_overrides():
    body = (
        numbered("one", 1) + numbered("sub a", 1, 1) + numbered("sub b", 1, 1) + numbered("deep", 1, 2)
        + numbered("two", 1) + numbered("sub again", 1, 1) + numbered("dot", 2) + numbered("roman", 3)
        + numbered("ten", 4) + p(r("plain")) + numbered("three", 1)
    )
    blocks = doc_of(body, numbering=NUMBERING).value.blocks
    assert [b.label for b in blocks] == ["1.", "(a)", "(b)", "1.b.i)", "2.", "(a)", "•", "IV.", "10.", None, "3."]
    assert [b.level for b in blocks[:4]] == [0, 1, 1, 2]
    assert blocks[0].kind is BlockKind.LIST_ITEM and blocks[9].kind is BlockKind.PARAGRAPH
    assert blocks[0].text == "one"  # the label is not text


def test_numbering_through_the_paragraph_style():
    styles = style("ListNum", kind="paragraph", ppr='<w:numPr><w:numId w:val="3"/></w:numPr>')
    body = p(r("x"), ppr='<w:pStyle w:val="ListNum"/>') + p(r("y"), ppr='<w:pStyle w:val="ListNum"/>')
    assert [b.label for b in doc_of(body, styles=styles, numbering=NUMBERING).value.blocks] == ["IV.", "V."]


def test_heading_style_gives_heading_kind_and_style_name_and_origin():
    styles = style("Heading1", kind="paragraph", name="heading 1") + style("Title", kind="paragraph", name="Title")
    body = p(r("T"), ppr='<w:pStyle w:val="Title"/>') + p(r("H"), ppr='<w:pStyle w:val="Heading1"/>') + p(r("body"))
    blocks = doc_of(body, styles=styles).value.blocks
    assert [(b.kind, b.style, b.origin) for b in blocks] == [
        (BlockKind.HEADING, "Title", "p1"), (BlockKind.HEADING, "Heading 1", "p2"), (BlockKind.PARAGRAPH, None, "p3"),
    ]


def test_meta_records_reader_convention_title_and_producer():
    app = '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application></Properties>'
    data = make_docx(p(r("x")), title="Resolution 11.10", extra_parts={"docProps/app.xml": app})
    meta = read(data, ReadOptions(convention="tracked", source="d.docx")).value.meta
    assert (meta.reader, meta.convention, meta.source, meta.title) == ("docx", "tracked", "d.docx", "Resolution 11.10")
    assert meta.extra == (("producer", "Microsoft Office Word"),)


def test_main_part_is_found_through_the_package_relationships():
    data = make_docx(p(r("elsewhere")), main_part="word/document2.xml")
    assert final_view(read(data, ReadOptions()).value) == ["elsewhere"]


def test_strict_namespaces_are_read_as_transitional():
    strict = (
        '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>'
        + p(r("strict"), ins(r(" new"))) + "</w:body></w:document>"
    )
    assert views(strict) == (["strict new"], ["strict"])


# ---- safety ------------------------------------------------------------------


def test_doctype_in_document_part_is_refused():
    doc = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(HostileInput) as err:
        read(make_docx(doc), ReadOptions())
    assert err.value.hint


def test_entity_declaration_in_styles_part_is_refused():
    styles = '<!DOCTYPE x SYSTEM "http://evil.example/x.dtd"><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    with pytest.raises(HostileInput):
        read(make_docx(p(r("x")), styles=styles), ReadOptions())


def test_missing_document_part_is_an_input_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError) as err:
        read(buf.getvalue(), ReadOptions())
    assert "word/document.xml" in err.value.what and err.value.hint


@pytest.mark.parametrize("data", [b"PK\x03\x04 truncated", b"not a zip at all"])
def test_damaged_package_is_an_input_error_with_a_hint(data):
    with pytest.raises(InputError) as err:
        read(data, ReadOptions())
    assert err.value.hint


def test_truncated_member_is_an_input_error():
    data = make_docx(p(r("x" * 5000)))
    with pytest.raises(InputError):
        read(data[: len(data) // 2] + data[-200:], ReadOptions())


def test_encrypted_member_is_refused():
    data = bytearray(make_docx(p(r("x"))))
    # set the "encrypted" general-purpose flag in every central directory entry
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 4)
    with pytest.raises(InputError) as err:
        read(bytes(data), ReadOptions())
    assert "encrypted" in err.value.what


def test_highly_compressed_member_is_refused(monkeypatch):
    monkeypatch.setattr(docx_package, "RATIO_FLOOR_BYTES", 1000)
    data = make_docx(p(r("a" * 200_000)))
    with pytest.raises(HostileInput) as err:
        read(data, ReadOptions())
    assert "compressed" in err.value.what


def test_member_declared_larger_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(docx_package, "MAX_PART_BYTES", 10_000)
    monkeypatch.setattr(docx_package, "_CHUNK", 1024)
    data = make_docx(p(r("abcdefghij" * 2000)))
    with pytest.raises(HostileInput):
        read(data, ReadOptions())


def test_directory_that_understates_a_member_size_is_an_input_error():
    data = bytearray(make_docx(p(r("abcdefghij" * 2000))))
    info = next(i for i in zipfile.ZipFile(io.BytesIO(bytes(data))).infolist() if i.filename == "word/document.xml")
    pos = -1
    for start in _central_entries(data):
        name_len = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_len] == b"word/document.xml":
            pos = start
    assert pos != -1 and info.file_size > 100
    data[pos + 24 : pos + 28] = (100).to_bytes(4, "little")  # claim 100 bytes
    with pytest.raises(InputError):
        read(bytes(data), ReadOptions())


def _central_entries(data):
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        yield pos
        pos = data.find(b"PK\x01\x02", pos + 4)


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(docx_package, "MAX_MEMBERS", 3)
    with pytest.raises(HostileInput):
        read(make_docx(p(r("x"))), ReadOptions())


def test_insertion_inside_a_deleted_row_is_in_neither_view_and_named():
    body = table(row(cell(p(r("old "), ins(r("new")))), trpr='<w:del w:id="1" w:author="A"/>'))
    res = doc_of(body)
    assert final_view(res.value) == [] and original_view(res.value) == ["old "]
    assert [d.text for d in codes(res, "ambiguous-mark")] == ["new"]


def test_inserted_text_box_is_only_in_the_final_view():
    box = "<w:txbxContent>" + p(r("boxed")) + "</w:txbxContent>"
    body = p(r("a"), ins("<w:r><w:pict><v:shape><v:textbox>" + box + "</v:textbox></v:shape></w:pict></w:r>"))
    assert views(body) == (["a", "boxed"], ["a"])


def test_diagnostics_say_where_the_text_is():
    res = doc_of(p(r("x")) + p(r("both", U + STRIKE)))
    (diag,) = codes(res, "ambiguous-mark")
    assert (diag.location.source, diag.location.block, diag.location.origin) == ("t.docx", 1, "p2")


def test_unknown_block_level_element_with_text_is_named():
    res = doc_of(p(r("a")) + "<w:weird><w:p><w:r><w:t>odd block</w:t></w:r></w:p></w:weird>")
    assert [d.text for d in codes(res, "unknown-element")] == ["odd block"]


def test_paragraph_and_character_style_caches_give_the_same_answer_twice():
    styles = style("CU", U)
    body = p(r("a", '<w:rStyle w:val="CU"/>'), r("b")) * 3
    assert views(body, styles=styles) == (["ab"] * 3, ["b"] * 3)


def test_number_formats_print_like_word():
    from resamend.readers.docx_numbering import format_number

    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 40)] == ["IV", "IX", "XIV", "XL"]
    assert format_number(3, "decimalZero") == "03" and format_number(7, "none") == ""


def test_legal_numbering_prints_every_level_as_decimal():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%2"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = numbered("I", 1) + numbered("I", 1) + numbered("sub", 1, 1)
    assert [b.label for b in doc_of(body, numbering=numbering).value.blocks] == ["I.", "II.", "2.1"]


def test_text_swallowed_by_a_field_that_never_ends_is_named():
    body = p(r("a"), "<w:r><w:fldChar w:fldCharType='begin'/></w:r>", r("swallowed")) + p(r("too"))
    res = doc_of(body)
    assert final_view(res.value) == ["a"]
    assert [d.text for d in codes(res, "unknown-element")] == ["swallowedtoo"]


def test_move_range_between_paragraphs_names_the_move():
    body = (
        '<w:moveFromRangeStart w:id="1" w:name="moveX" w:author="A"/>'
        + p('<w:moveFrom w:id="2" w:author="A">' + r("gone") + "</w:moveFrom>")
        + '<w:moveFromRangeEnd w:id="1"/>'
    )
    (seg,) = doc_of(body).value.blocks[0].segments
    assert (seg.mark, seg.change.move_id) == (Mark.DELETE, "moveX")


def test_blocks_and_segments_are_ordinary_model_values():
    """The reader builds Blocks/Segments on a fast path: they must compare and
    hash like ones made by the dataclass constructors."""
    from dataclasses import fields, replace

    from resamend.model import Block, Segment

    block = doc_of(p(r("a "), r("b", U))).value.blocks[0]
    rebuilt = Block(**{f.name: getattr(block, f.name) for f in fields(Block)})
    assert block == rebuilt and hash(block) == hash(rebuilt) and replace(block) == block
    seg = block.segments[1]
    assert seg == Segment("b", Mark.INSERT, frozenset(), seg.change) and hash(seg) == hash(replace(seg))
    with pytest.raises(AttributeError):
        seg.text = "x"  # still frozen


def test_struck_paragraph_mark_after_unmarked_text_is_a_deleted_break():
    body = p(r("Urges Parties "), ppr=f"<w:rPr>{STRIKE}</w:rPr>") + p(r("to act"))
    res = doc_of(body)
    assert res.value.blocks[0].boundary is Mark.DELETE
    assert (final_view(res.value), original_view(res.value)) == (["Urges Parties to act"], ["Urges Parties ", "to act"])
    assert views(body, convention="tracked") == (["Urges Parties ", "to act"],) * 2


def test_underlined_paragraph_mark_after_unmarked_text_is_an_inserted_break():
    body = p(r("one"), ppr=f"<w:rPr>{U}</w:rPr>") + p(r("two"))
    assert views(body) == (["one", "two"], ["onetwo"])


def test_paragraph_mark_formatted_like_the_text_before_it_does_not_join():
    """Selecting underlined new text up to the end of a paragraph also
    underlines its mark: that alone is no inserted break."""
    body = p(r("old "), r("new words", U), ppr=f"<w:rPr>{U}</w:rPr>") + p(r("next"))
    res = doc_of(body)
    assert res.value.blocks[0].boundary is Mark.KEEP
    assert original_view(res.value) == ["old ", "next"]


def test_a_bomb_whose_directory_declares_a_plausible_size_stops_while_inflating(monkeypatch):
    monkeypatch.setattr(docx_package, "RATIO_FLOOR_BYTES", 1000)
    data = bytearray(make_docx(p(r("a" * 300_000))))
    info = next(i for i in zipfile.ZipFile(io.BytesIO(bytes(data))).infolist() if i.filename == "word/document.xml")
    for start in _central_entries(data):
        name_len = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_len] == b"word/document.xml":
            data[start + 24 : start + 28] = (info.compress_size * 10).to_bytes(4, "little")  # a plausible 10:1
    with pytest.raises(HostileInput) as err:
        read(bytes(data), ReadOptions())
    assert "compressed more than" in err.value.what


def test_direct_outline_level_makes_a_heading_and_body_text_level_unmakes_one():
    styles = style("Heading2", kind="paragraph", name="heading 2")
    body = p(r("Annex"), ppr='<w:outlineLvl w:val="0"/>') + p(r("not"), ppr='<w:pStyle w:val="Heading2"/><w:outlineLvl w:val="9"/>')
    blocks = doc_of(body, styles=styles).value.blocks
    assert [(b.kind, b.level) for b in blocks] == [(BlockKind.HEADING, 1), (BlockKind.PARAGRAPH, 0)]
