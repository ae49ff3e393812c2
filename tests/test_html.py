"""HTML reader and writer: conventions, safety, goldens, and the round trip.

Golden pages live in tests/golden/html/; run with pytest --update-goldens
to rewrite them after a deliberate change (then read the diff by hand).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldens import check_golden
from resamend.amend import final_view, original_view
from resamend.conventions import MARK_RULES
from resamend.diagnostics import InputError, Severity
from resamend.model import Block, BlockKind, Change, Document, Mark, Meta, Segment, Source, paragraph
from resamend.readers import ReadOptions, detect_format, read
from resamend.readers.html import parse_html
from resamend.readers.html import read as read_html_bytes
from resamend.readers.text import parse_critic
from resamend.writers import WriteOptions
from resamend.writers.html import write as write_html
from resamend.writers.text import render as render_critic

GOLDEN = Path(__file__).parent / "golden" / "html"


def read_html(page: str | bytes, source: str | None = None):
    data = page.encode("utf-8") if isinstance(page, str) else page
    return read_html_bytes(data, ReadOptions(source=source))


def doc_of(page: str) -> Document:
    return read_html(page).value


def marks(block: Block) -> list[tuple[str, str]]:
    return [(s.text, s.mark.value) for s in block.segments]


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


# --- reader: marks ----------------------------------------------------------------


def test_ins_and_u_insert_while_del_s_and_strike_delete():
    doc = doc_of("<p>a <ins>b</ins> <u>c</u> <del>d</del> <s>e</s> <strike>f</strike></p>")
    assert marks(doc.blocks[0]) == [
        ("a ", "keep"), ("b", "insert"), (" ", "keep"), ("c", "insert"), (" ", "keep"),
        ("d", "delete"), (" ", "keep"), ("e", "delete"), (" ", "keep"), ("f", "delete"),
    ]


def test_inline_text_decoration_styles_mark_text_like_word_exports():
    doc = doc_of(
        '<p><span style="text-decoration: underline">new</span>'
        "<span style='TEXT-DECORATION:LINE-THROUGH'>old</span>"
        '<span class="msoIns">ins</span><span class="msoDel">del</span></p>'
    )
    assert marks(doc.blocks[0]) == [("new", "insert"), ("old", "delete"), ("ins", "insert"), ("del", "delete")]


def test_word_ins_carries_author_and_date_from_cite_and_datetime():
    doc = doc_of('<p><ins cite="mailto:Jane%20Doe" datetime="2024-02-01T10:00">x</ins></p>')
    seg = doc.blocks[0].segments[0]
    assert seg.change == Change(Source.TEXT, author="Jane%20Doe", date="2024-02-01T10:00")


def test_ins_inside_del_is_marked_both_and_named_in_a_diagnostic():
    result = read_html("<p>keep <del>old <ins>odd</ins></del></p>")
    assert marks(result.value.blocks[0]) == [("keep ", "keep"), ("old ", "delete"), ("odd", "both")]
    (diag,) = result.diagnostics
    assert diag.code == "ambiguous-mark" and diag.text == "odd"


def test_underline_and_strike_on_the_same_text_is_ambiguous():
    result = read_html('<p><u><s>x</s></u></p>')
    assert marks(result.value.blocks[0]) == [("x", "both")]
    assert codes(result) == ["ambiguous-mark"]


def test_del_around_a_whole_paragraph_marks_the_block_not_its_text():
    doc = doc_of("<p>one</p><del><p>two</p></del><ins><p>three</p></ins>")
    assert [b.mark for b in doc.blocks] == [Mark.KEEP, Mark.DELETE, Mark.INSERT]
    assert marks(doc.blocks[1]) == [("two", "keep")]
    assert final_view(doc) == ["one", "three"]
    assert original_view(doc) == ["one", "two"]


def test_deletion_inside_an_inserted_paragraph_is_in_neither_view_and_diagnosed():
    result = read_html("<ins><p>new <del>gone</del></p></ins>")
    assert marks(result.value.blocks[0]) == [("new ", "keep"), ("gone", "both")]
    assert codes(result) == ["ambiguous-mark"]


def test_underlined_link_is_not_an_insertion():
    result = read_html('<p>see <a href="https://cms.int/x"><u>the site</u></a></p>')
    seg = result.value.blocks[0].segments[1]
    assert (seg.text, seg.mark, seg.style) == ("the site", Mark.KEEP, frozenset({"link:https://cms.int/x"}))
    assert codes(result) == ["hyperlink-underline"]


def test_ins_inside_a_link_still_inserts():
    doc = doc_of('<p><a href="#x"><ins>new</ins></a></p>')
    assert marks(doc.blocks[0]) == [("new", "insert")]


def test_inline_formatting_survives_as_residual_style():
    doc = doc_of("<p><b>b</b><strong>s</strong><i>i</i><em>e</em><sup>2</sup><sub>3</sub></p>")
    assert [sorted(s.style) for s in doc.blocks[0].segments] == [
        ["bold"], ["italic"], ["superscript"], ["subscript"]
    ]
    assert doc.blocks[0].text == "bsie23"


# --- reader: blocks and whitespace -------------------------------------------------


def test_headings_list_items_and_cells_become_their_block_kinds():
    doc = doc_of(
        "<h3>Title</h3><ul><li>a<ul><li>b</li></ul></li></ul>"
        "<table><tr><td>r1c1</td><td>r1c2</td></tr><tr><th>r2c1</th></tr></table>"
        "<table><tr><td><p>x</p><p>y</p></td></tr></table>"
    )
    got = [(b.kind, b.level, b.container, b.text) for b in doc.blocks]
    assert got == [
        (BlockKind.HEADING, 3, None, "Title"),
        (BlockKind.LIST_ITEM, 1, None, "a"),
        (BlockKind.LIST_ITEM, 2, None, "b"),
        (BlockKind.CELL, 0, "t1r1c1", "r1c1"),
        (BlockKind.CELL, 0, "t1r1c2", "r1c2"),
        (BlockKind.CELL, 0, "t1r2c1", "r2c1"),
        (BlockKind.CELL, 0, "t2r1c1", "x"),
        (BlockKind.CELL, 0, "t2r1c1", "y"),
    ]


def test_ordered_list_items_get_printed_numbers_as_labels():
    doc = doc_of('<ol start="7"><li>a<li>b<li value="10">c</ol><ol type="a"><li>x<li>y</ol><ol type="I"><li>z</ol>')
    assert [(b.label, b.text) for b in doc.blocks] == [
        ("7.", "a"), ("8.", "b"), ("10.", "c"), ("a.", "x"), ("b.", "y"), ("I.", "z")
    ]


def test_label_span_and_word_list_marker_become_the_block_label():
    doc = doc_of(
        '<p><span class="label">8bis.</span> Requests</p>'
        "<p class=MsoListParagraph><span style='mso-list:Ignore'>(a)<span>&nbsp;&nbsp;</span></span>Text</p>"
    )
    assert [(b.label, b.text) for b in doc.blocks] == [("8bis.", "Requests"), ("(a)", "Text")]


def test_whitespace_collapses_like_a_browser_except_in_pre():
    doc = doc_of("<p>\n  Recalling   the\n\tResolution  <b> 11.10 </b>  </p><pre>\n a  b\n c</pre>")
    assert [b.text for b in doc.blocks] == ["Recalling the Resolution 11.10", " a  b\n c"]


def test_white_space_pre_wrap_style_keeps_spaces():
    doc = doc_of('<p style="white-space:pre-wrap">  two  spaces </p>')
    assert doc.blocks[0].text == "  two  spaces "


def test_br_is_a_line_break_without_the_spaces_around_it():
    doc = doc_of("<p>first <br/> second<br>third</p>")
    assert doc.blocks[0].text == "first\nsecond\nthird"


def test_div_with_direct_text_is_a_block_and_nested_blocks_split_it():
    doc = doc_of("<div>intro<p>para</p>tail</div><div><div>inner</div></div>")
    assert [b.text for b in doc.blocks] == ["intro", "para", "tail", "inner"]


def test_unclosed_paragraphs_end_where_html_says_they_end():
    doc = doc_of("<p>one<p>two<div>three</div><blockquote>four</blockquote>")
    assert [b.text for b in doc.blocks] == ["one", "two", "three", "four"]
    assert doc.blocks[-1].style == "blockquote"


def test_script_style_head_and_template_are_not_text_and_script_and_template_are_named():
    result = read_html(
        "<html><head><title>My  title</title><style>p{color:red}</style>"
        '<script>document.write("<p>no</p>")</script></head>'
        "<body><template><p>tpl</p></template><p>yes</p><noscript>ns</noscript></body></html>"
    )
    assert [b.text for b in result.value.blocks] == ["yes", "ns"]
    assert result.value.meta.title == "My title"
    script, template = result.diagnostics
    assert (script.code, script.severity, script.location.line, script.location.column) == ("script-ignored", Severity.INFO, 1, 64)
    assert script.text is None and "(27 characters)" in script.message  # code is named, not copied
    assert (template.code, template.severity, template.text) == ("template-ignored", Severity.WARNING, "tpl")


def test_a_doctype_with_an_internal_subset_leaves_no_stray_text():
    result = read_html('<!DOCTYPE html [\n  <!ENTITY x "y">\n  <!ELEMENT p ANY>\n]>\n<p>Requests &x; the Parties</p>')
    assert [b.text for b in result.value.blocks] == ["Requests &x; the Parties"]  # the entity is not expanded
    assert [d.code for d in result.diagnostics] == ["doctype-subset-ignored"]


def test_with_tracked_only_underline_and_strike_are_formatting_in_html_as_in_word():
    page = "<p>Requests <u>all</u> <s>the</s> <ins>new</ins> <del>old</del> <span style='text-decoration: underline'>x</span></p>"
    doc = parse_html(page, rules=MARK_RULES["tracked"]).value
    marks = [(s.text, s.mark, sorted(s.style)) for s in doc.blocks[0].segments if s.text.strip()]
    assert marks == [
        ("Requests ", Mark.KEEP, []),
        ("all", Mark.KEEP, ["underline"]),
        ("the", Mark.KEEP, ["strike"]),
        ("new", Mark.INSERT, []),
        ("old", Mark.DELETE, []),
        ("x", Mark.KEEP, ["underline"]),
    ]
    cms = parse_html(page).value
    assert [s.mark for s in cms.blocks[0].segments if s.text.strip()][1:3] == [Mark.INSERT, Mark.DELETE]


def test_the_cli_convention_reaches_the_html_reader():
    result = read(b"<p>a <u>b</u></p>", "html", ReadOptions(convention="tracked"))
    assert all(s.mark is Mark.KEEP for s in result.value.blocks[0].segments)


def test_a_character_reference_to_half_a_surrogate_pair_is_named():
    result = read_html("<p>a &#xD800; b</p>")
    assert result.value.blocks[0].text == "a \ufffd b"
    (diag,) = result.diagnostics
    assert (diag.code, diag.severity, diag.location.line, diag.location.column) == ("unencodable-character", Severity.WARNING, 1, 6)


def test_hidden_text_is_in_no_view_and_named_in_a_diagnostic():
    result = read_html(
        '<p>shown<span hidden> secret one</span></p><p style="display: none">secret <b>two</b></p>'
        "<p><span style='mso-hide:all'>three</span>end</p>"
    )
    doc = result.value
    assert final_view(doc) == original_view(doc) == ["shown", "end"]
    assert [(d.code, d.text) for d in result.diagnostics] == [
        ("hidden-text", "secret one"), ("hidden-text", "secret two"), ("hidden-text", "three")
    ]
    assert result.diagnostics[1].location.line == 1


def test_html_lang_becomes_the_document_language():
    assert doc_of('<html lang="fr"><body><p>x</p></body></html>').meta.language == "fr"


def test_reader_is_found_by_content_and_extension():
    assert detect_format(b"<!DOCTYPE html><p>x</p>") == "html"
    assert detect_format(b"anything", "draft.htm") == "html"


# --- reader: decoding ------------------------------------------------------------


def test_meta_charset_windows_1252_is_honoured():
    page = '<meta charset="windows-1252"><p>caf\u00e9 \u201cquoted\u201d</p>'.encode("cp1252")
    assert doc_of_bytes(page).blocks[0].text == "caf\u00e9 \u201cquoted\u201d"


def test_http_equiv_latin1_is_read_as_windows_1252_like_browsers():
    page = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>\x93q\x94 \xe9</p>'
    assert doc_of_bytes(page).blocks[0].text == "\u201cq\u201d \u00e9"


def test_byte_order_mark_wins_over_meta_charset():
    page = '<meta charset="windows-1252"><p>\u00e9t\u00e9 \u534f</p>'.encode("utf-16")
    assert doc_of_bytes(page).blocks[0].text == "\u00e9t\u00e9 \u534f"


@pytest.mark.parametrize("label", ["base64", "rot13", "unicode-escape", "undefined", "utf-7", "bogus"])
def test_charset_labels_browsers_do_not_know_fall_back_to_utf8(label):
    page = f'<meta charset="{label}"><p>Requests \\u0041 caf\u00e9</p>'.encode("utf-8")
    assert doc_of_bytes(page).blocks[0].text == "Requests \\u0041 caf\u00e9"


def test_a_whatwg_label_such_as_koi8_r_is_honoured():
    page = '<meta charset="KOI8-R"><p>\u041f\u0440\u0438\u0432\u0435\u0442</p>'.encode("koi8-r")
    assert doc_of_bytes(page).blocks[0].text == "\u041f\u0440\u0438\u0432\u0435\u0442"


def test_invalid_utf8_names_the_byte_offset():
    with pytest.raises(InputError) as err:
        read_html_bytes(b"<p>ok \xff bad</p>", ReadOptions(source="x.html"))
    assert "byte offset 6" in str(err.value) and err.value.hint


def doc_of_bytes(data: bytes) -> Document:
    return read_html_bytes(data, ReadOptions()).value


def test_entities_are_decoded_and_nothing_external_is_fetched():
    page = '<!DOCTYPE html SYSTEM "http://127.0.0.1:9/x.dtd"><p>&amp;&lt;&eacute;&#x534F;&nosuch;</p>'
    assert doc_of(page).blocks[0].text == "&<\u00e9\u534f&nosuch;"


# --- writer -----------------------------------------------------------------------


SAMPLE = Document(
    (
        Block((Segment("SYNERGIES AND PARTNERSHIPS"),), kind=BlockKind.HEADING, level=1),
        paragraph(
            "Requests the Secretariat ",
            Segment("to <report> & \"inform\"", Mark.INSERT),
            Segment(" before 2020", Mark.DELETE),
            ",",
            label="3.",
        ),
        Block((Segment("A whole new paragraph"),), mark=Mark.INSERT),
        paragraph("Unchanged."),
    ),
    Meta(title="Resolution 11.10 <Rev.COP14>", language="en"),
)


def page_of(doc: Document, **kw) -> str:
    return write_html(doc, WriteOptions(**kw)).decode("utf-8")


def test_page_is_standalone_with_doctype_lang_charset_and_escaped_title():
    page = page_of(SAMPLE)
    assert page.startswith("<!doctype html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page
    assert "<title>Resolution 11.10 &lt;Rev.COP14&gt;</title>" in page
    assert not re.search(r"""(src=|<link|url\(|@import|<script)""", page)


def test_options_title_wins_and_language_defaults_to_english():
    page = page_of(Document((paragraph("x"),)), title="Mine & yours")
    assert "<title>Mine &amp; yours</title>" in page and '<html lang="en">' in page


def test_marked_page_has_summary_with_counts_and_links_to_changed_paragraphs():
    page = page_of(SAMPLE)
    # inserted: "to <report> & "inform"" (4 words) + "A whole new paragraph" (4); deleted: "before 2020" (2)
    assert "8 words inserted, 2 words deleted, 2 paragraphs changed." in page
    assert '<a href="#p2">paragraph 3.</a>' in page and '<a href="#p3">paragraph 3</a>' in page
    assert 'id="p2"' in page and 'id="p4"' in page
    assert page.index("Summary of changes") < page.index("<main>")


def test_clean_document_gives_a_clean_page_without_summary_or_marks():
    page = page_of(Document((paragraph("Clean <text>"),)))
    body = page[page.index("<body>"):]
    assert "Summary of changes" not in body
    assert "<ins" not in body and "<del" not in body
    assert "Clean &lt;text&gt;" in body


def test_marks_are_ins_and_del_with_underline_strike_and_screen_reader_cues():
    page = page_of(SAMPLE)
    assert "<ins>to &lt;report&gt; &amp; &quot;inform&quot;</ins>" in page
    assert "<del> before 2020</del>" in page
    assert '<ins><p id="p3" class="changed" dir="auto">A whole new paragraph</p></ins>' in page
    css = page[page.index("<style>"):page.index("</style>")]
    assert "ins{text-decoration:underline" in css and "del{text-decoration:line-through" in css
    assert 'ins::before{content:" [inserted: "}' in css and 'del::before{content:" [deleted: "}' in css
    assert '<span class="label">3.</span> Requests' in page


def test_print_css_makes_marks_black_without_backgrounds():
    page = page_of(SAMPLE)
    print_css = page[page.index("@media print"):page.index("</style>")]
    assert "color:#000;background:none" in print_css


def test_moves_carry_class_and_move_id_and_read_back():
    move = Change(Source.DIFF, move_id="m1")
    doc = Document((paragraph(Segment("gone", Mark.DELETE, change=move), " stays ", Segment("gone", Mark.INSERT, change=move)),))
    page = page_of(doc)
    assert '<del class="move" data-move="m1">gone</del>' in page
    assert '<ins class="move" data-move="m1">gone</ins>' in page
    back = doc_of(page)
    assert [s.change.move_id for s in back.blocks[0].segments if s.mark is not Mark.KEEP] == ["m1", "m1"]


def test_javascript_links_are_not_written_as_live_links():
    doc = Document((paragraph(Segment("x", style=frozenset({"link:javascript:alert(1)"}))),))
    page = page_of(doc)
    assert 'href="javascript' not in page and "<a " not in page[page.index("<main>"):]


def test_output_is_deterministic():
    assert write_html(SAMPLE, WriteOptions()) == write_html(SAMPLE, WriteOptions())


def test_attribute_values_are_escaped():
    doc = Document((Block((Segment("x"),), container='c"><script>'),), Meta(language='en"><x'))
    page = page_of(doc)
    assert '<html lang="en&quot;&gt;&lt;x">' in page
    assert 'data-container="c&quot;&gt;&lt;script&gt;"' in page
    assert "<script>" not in page and "<x" not in page


def test_labels_levels_and_containers_read_back():
    doc = Document(
        (
            Block((Segment("Heading"),), kind=BlockKind.HEADING, level=4),
            Block((Segment("first"),), kind=BlockKind.LIST_ITEM, level=1, label="(a)"),
            Block((Segment("deeper"),), kind=BlockKind.LIST_ITEM, level=3, label="(i)"),
            Block((Segment("cell"),), kind=BlockKind.CELL, container="t4r2c3"),
            Block((Segment("note"),), kind=BlockKind.NOTE, container="footnote 1"),
        )
    )
    back = doc_of(page_of(doc))
    assert [(b.kind, b.level, b.label, b.container, b.text) for b in back.blocks] == [
        (BlockKind.HEADING, 4, None, None, "Heading"),
        (BlockKind.LIST_ITEM, 1, "(a)", None, "first"),
        (BlockKind.LIST_ITEM, 3, "(i)", None, "deeper"),
        (BlockKind.CELL, 0, None, "t4r2c3", "cell"),
        (BlockKind.NOTE, 0, None, "footnote 1", "note"),
    ]


def test_deleted_paragraph_break_reads_back_as_a_deleted_boundary():
    doc = Document((Block((Segment("joined "),), boundary=Mark.DELETE), paragraph("here")))
    page = page_of(doc)
    assert '<del class="break"></del>' in page
    back = doc_of(page)
    assert back.blocks[0].boundary is Mark.DELETE
    assert final_view(back) == ["joined here"] and original_view(back) == ["joined ", "here"]


def test_summary_and_legend_are_apparatus_not_text_when_read_back():
    back = read_html(page_of(SAMPLE))
    texts = [b.text for b in back.value.blocks]
    assert not any("Summary of changes" in t or "underlined" in t for t in texts)
    assert texts[0] == "SYNERGIES AND PARTNERSHIPS" and back.diagnostics == ()


def test_nested_marks_keep_the_outer_author():
    doc = doc_of('<p><ins cite="mailto:Ann" datetime="2024">a <u>b</u></ins></p>')
    assert [s.change.author for s in doc.blocks[0].segments] == ["Ann"]


# --- the round trip -----------------------------------------------------------------

SPECIAL = st.sampled_from(
    ["<", ">", "&", "&amp;", '"', "'", " ", "  ", "\t", "\n", "\r", "\u00a0", "<p>", "</del>", "{++", "-->",
     "\u05e9\u05dc\u05d5\u05dd", "\u0627\u062a\u0641\u0627\u0642\u064a\u0629", "\u534f\u5b9a", "\u200f", "\u3000",
     "caf\u00e9", "e\u0301", "\U0001f426", "8bis.", "Resolution 11.10"]
)
CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
TEXT = st.lists(st.one_of(SPECIAL, st.text(CHARS, min_size=1, max_size=6)), min_size=1, max_size=4).map("".join)
STYLES = st.sets(st.sampled_from(["bold", "italic", "superscript", "link:https://x.org/?a=1&b=<2>"]), max_size=2).map(frozenset)
MARKS = st.sampled_from([Mark.KEEP, Mark.KEEP, Mark.INSERT, Mark.DELETE, Mark.BOTH])
CHANGES = st.sampled_from([None, None, Change(Source.TEXT, move_id="m1"), Change(Source.TEXT, author="A <b>")])


@st.composite
def segments(draw):
    mark = draw(MARKS)
    change = draw(CHANGES) if mark is not Mark.KEEP else None
    return Segment(draw(TEXT), mark, draw(STYLES), change)


@st.composite
def blocks(draw):
    kind = draw(st.sampled_from(list(BlockKind)))
    level = draw(st.integers(1, 6)) if kind is BlockKind.HEADING else draw(st.integers(0, 3)) if kind is BlockKind.LIST_ITEM else 0
    container = draw(st.sampled_from(["t1r1c1", "t1r1c2", "t1r2c1", "t2r1c1", None])) if kind is BlockKind.CELL else draw(st.sampled_from([None, None, "footnote 1"]))
    return Block(
        segments=tuple(draw(st.lists(segments(), min_size=0, max_size=4))),
        kind=kind,
        level=level,
        label=draw(st.sampled_from([None, None, "3.", "(a)", "8bis.", "<1>"])),
        mark=draw(st.sampled_from([Mark.KEEP] * 4 + [Mark.INSERT, Mark.DELETE, Mark.BOTH])),
        boundary=draw(st.sampled_from([Mark.KEEP] * 4 + [Mark.INSERT, Mark.DELETE, Mark.BOTH])),
        container=container,
    )


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(blocks(), min_size=1, max_size=6).map(lambda bs: Document(tuple(bs))))
def test_written_page_reads_back_into_the_same_final_and_original_views(doc):
    back = read_html(write_html(doc, WriteOptions())).value
    assert final_view(back) == final_view(doc)
    assert original_view(back) == original_view(doc)


# --- goldens -------------------------------------------------------------------------


def _check_golden(name: str, actual: str) -> None:
    check_golden(GOLDEN / name, actual)


@pytest.mark.parametrize("case", ["annex-excerpt", "clean"])
def test_writer_matches_golden_page(case):
    source = (GOLDEN / f"{case}.critic.txt").read_text(encoding="utf-8")
    doc = parse_critic(source).value
    doc = Document(doc.blocks, Meta(title="Resolution 11.10 (Rev.COP13)", language="en"))
    _check_golden(f"{case}.html", write_html(doc, WriteOptions()).decode("utf-8"))


def test_word_style_page_reads_as_golden_critic_text():
    data = (GOLDEN / "word-export.input.html").read_bytes()
    result = read_html_bytes(data, ReadOptions(source="word-export.input.html"))
    report = render_critic(result.value) + "\n# diagnostics\n" + "".join(
        f"{d.code}: {d.text!r}\n" for d in result.diagnostics
    )
    _check_golden("word-export.expected.txt", report)


# --- nothing is lost ------------------------------------------------------------------

FRAGMENT_TEXT = st.text(st.sampled_from("ab \u00e9\u534f&<\n"), min_size=1, max_size=5)
INLINE = ["ins", "del", "u", "s", "b", "span hidden", 'span style="display:none"', 'span style="text-decoration:underline line-through"', 'a href="#x"']
BLOCK = ["p", "li", "h2", "td", "div", "blockquote"]


@st.composite
def fragments(draw, depth=0):
    """Random, possibly ill-nested HTML: text inside marks, blocks, hidden spans."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 3 if depth < 3 else 0))
        if choice == 0:
            parts.append(html_escape(draw(FRAGMENT_TEXT)))
        else:
            tag = draw(st.sampled_from(INLINE if choice < 3 else BLOCK))
            name = tag.split()[0]
            parts.append(f"<{tag}>{draw(fragments(depth + 1))}</{name}>")
    return "".join(parts)


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _visible(text: str) -> list[str]:
    return sorted(c for c in text if not c.isspace())


@settings(max_examples=150, derandomize=True, deadline=None)
@given(fragments())
def test_every_character_is_in_a_view_or_named_in_a_diagnostic(fragment):
    from html import unescape

    result = read_html(fragment)
    doc = result.value
    expected = _visible(unescape(re.sub(r"<[^>]*>", "", fragment)))
    seen = []
    for block in doc.blocks:
        seen += block.text + (block.label or "")
    named = "".join(d.text or "" for d in result.diagnostics if d.code in ("hidden-text", "ambiguous-mark"))
    hidden = "".join(d.text or "" for d in result.diagnostics if d.code == "hidden-text")
    assert _visible("".join(seen) + hidden) == expected
    in_views = _visible("".join(final_view(doc)) + "".join(original_view(doc)))
    for block in doc.blocks:
        for seg in block.segments:
            if not (seg.mark.in_final and block.mark.in_final) and not (seg.mark.in_original and block.mark.in_original):
                assert seg.text.strip() in named or block.text.strip() in named
    assert set(in_views) <= set(expected)
