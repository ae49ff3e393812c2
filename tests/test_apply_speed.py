"""The shortcuts that make `resamend apply` fast change nothing it gives.

Each shortcut is checked against the plain way of doing the same thing:
pruning ignored formatting before parsing, remembering the structure of a
document (never for another, never keeping documents alive), passing
untouched blocks through unchanged, building the seamed
view in one pass, escaping only text with braces, pausing the collector.
"""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docx_factory import dele, ins, make_docx, p, r
from resamend.amend import accept, invert
from resamend.consolidate import _french_spacing, _seam_deletions, seamed_view
from resamend.model import Block, Document, Mark, Meta, Segment
from resamend.formats import docx_package
from resamend.readers import ReadOptions
from resamend.readers.docx import read
from resamend.structure import analyse
from resamend.writers.text import escape, render
from strategies import documents

SAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("samples").glob("*.docx"))
CORPUS = sorted((Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docx").glob("*.docx"))
WORD_RUN_PROPS = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/>'


# --------------------------------------------------------------------------
# Pruning of ignored formatting before parsing


def _read_both_ways(data: bytes, convention: str, monkeypatch) -> tuple:
    pruned = read(data, ReadOptions(convention=convention, source="x.docx"))
    with monkeypatch.context() as m:
        m.setattr(docx_package, "prune_ignored", lambda part: part)
        whole = read(data, ReadOptions(convention=convention, source="x.docx"))
    return pruned, whole


@pytest.mark.parametrize("path", SAMPLES + CORPUS, ids=lambda path: path.name)
def test_pruned_and_unpruned_parts_read_as_the_same_document(path, monkeypatch):
    for convention in ("cms", "tracked"):
        pruned, whole = _read_both_ways(path.read_bytes(), convention, monkeypatch)
        assert pruned.value == whole.value
        assert pruned.diagnostics == whole.diagnostics


def test_pruning_keeps_marks_formatting_and_text_that_looks_like_markup(monkeypatch):
    body = (
        p(r("keep &lt;w:sz w:val=\"1\"/&gt; ", WORD_RUN_PROPS), r("new ", WORD_RUN_PROPS + '<w:u w:val="single"/>'),
          r("old", '<w:strike/><w:sz w:val="22"/>'), ppr='<w:spacing w:after="120"/><w:jc w:val="both"/>')
        + p(ins(r("tracked ", WORD_RUN_PROPS)), dele(r("gone", WORD_RUN_PROPS, tag="w:delText")),
            r("bold", "<w:b/><w:bCs/>"))
    )
    data = make_docx(body)
    pruned, whole = _read_both_ways(data, "cms", monkeypatch)
    assert pruned.value == whole.value
    texts = [[(s.text, s.mark, s.style) for s in b.segments] for b in pruned.value.blocks]
    assert texts[0] == [('keep <w:sz w:val="1"/> ', Mark.KEEP, frozenset()), ("new ", Mark.INSERT, frozenset()),
                        ("old", Mark.DELETE, frozenset())]
    assert [(t, m) for t, m, _ in texts[1]] == [("tracked ", Mark.INSERT), ("gone", Mark.DELETE), ("bold", Mark.KEEP)]
    assert texts[1][2][2] == frozenset({"bold"})


def test_pruning_removes_only_whole_empty_tags_of_ignored_properties():
    part = (b'<?xml version="1.0"?><w:document><w:r><w:rPr><w:sz w:val="a>b"/><w:szCs w:val="2"/><w:b/>'
            b'<w:u w:val="single"/><w:w w:val="90"/><w:wrap/></w:rPr><w:t>x</w:t></w:r></w:document>')
    assert docx_package.prune_ignored(part) == (
        b'<?xml version="1.0"?><w:document><w:r><w:rPr><w:b/><w:u w:val="single"/><w:wrap/></w:rPr>'
        b"<w:t>x</w:t></w:r></w:document>"
    )


def test_spaces_of_a_text_survive_the_dropped_preserve_attribute(monkeypatch):
    data = make_docx(p(r("a"), r("  "), r(" \t "), r("b ", WORD_RUN_PROPS + '<w:u w:val="single"/>'), r("\n")))
    pruned, whole = _read_both_ways(data, "cms", monkeypatch)
    assert pruned.value == whole.value
    assert pruned.value.blocks[0].text == "a   \t b \n"
    assert b'xml:space="preserve"' not in docx_package.prune_ignored(b'<?xml version="1.0"?><w:t xml:space="preserve"> </w:t>')


def test_pruning_drops_properties_left_empty():
    part = b'<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:lang w:val="fr-FR"/></w:rPr><w:t>x</w:t></w:r></w:p>'
    assert docx_package.prune_ignored(part) == b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    mark = b'<w:p><w:pPr><w:ind w:left="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr><w:r><w:rPr></w:rPr><w:t>y</w:t></w:r></w:p>'
    assert docx_package.prune_ignored(mark) == b"<w:p><w:r><w:t>y</w:t></w:r></w:p>"
    kept = b'<w:pPr><w:jc w:val="left"/><w:rPr><w:sz w:val="2"/><w:strike/></w:rPr></w:pPr>'
    assert docx_package.prune_ignored(kept) == b"<w:pPr><w:rPr><w:strike/></w:rPr></w:pPr>"


@pytest.mark.parametrize(
    "part",
    [
        b'<w:document><!-- <w:sz w:val="-->"/> --><w:sz w:val="1"/></w:document>',
        b'<w:document><w:t><![CDATA[<w:sz w:val="1"/>]]></w:t></w:document>',
        b'<?xml version="1.0"?><w:document><?pi <w:sz w:val="?>"/> ?><w:sz w:val="1"/></w:document>',
    ],
    ids=["comment", "cdata", "processing-instruction"],
)
def test_parts_with_comments_cdata_or_processing_instructions_are_not_pruned(part):
    assert docx_package.prune_ignored(part) == part


def test_the_xml_declaration_alone_does_not_stop_pruning():
    for start in (b'<?xml version="1.0"?>', b'\xef\xbb\xbf<?xml version="1.0" standalone="yes"?>\r\n'):
        assert docx_package.prune_ignored(start + b'<a><w:sz w:val="2"/></a>') == start + b"<a></a>"


# --------------------------------------------------------------------------
# The structure of the same blocks is computed once


def _resolution() -> Document:
    return Document(
        (
            Block((Segment("Resolution 11.10 (Rev.COP13)"),)),
            Block((Segment("The Conference of the Parties to the Convention on Migratory Species,"),)),
            Block((Segment("1. Requests the Secretariat;"),)),
            Block((Segment("2. "), Segment("Urges", Mark.INSERT), Segment("Invites", Mark.DELETE), Segment(" Parties."))),
        )
    )


def test_analyse_gives_the_same_structure_for_the_same_blocks_whatever_the_meta():
    doc = _resolution()
    first = analyse(doc)
    assert analyse(dataclasses.replace(doc, meta=Meta(title="other"))) == first
    assert first.instrument == "Resolution 11.10" and first.revision == "Rev.COP13"


def test_equal_blocks_in_another_tuple_are_analysed_with_an_equal_result():
    doc = _resolution()
    assert analyse(Document(tuple(list(doc.blocks)))) == analyse(doc)


def test_a_structure_remembered_for_one_document_is_never_given_for_another():
    doc = _resolution()
    analyse(doc)
    renumbered = doc.with_blocks([*doc.blocks[:2], Block((Segment("7. Requests the Secretariat;"),)), *doc.blocks[3:]])
    assert [lb.text if lb else None for lb in analyse(renumbered).labels][2] == "7."
    assert [lb.text if lb else None for lb in analyse(doc).labels][2] == "1."


def test_analyse_keeps_no_document_alive_once_many_others_were_analysed():
    import weakref

    doc = _resolution()
    analyse(doc)
    gone = weakref.ref(doc.blocks[0])
    del doc
    for _ in range(16):
        analyse(_resolution())
    gc.collect()
    assert gone() is None


# --------------------------------------------------------------------------
# Untouched blocks pass through as they are


def test_unmarked_blocks_come_through_accept_invert_and_the_seamed_view_as_they_are():
    doc = _resolution()
    for view in (accept(doc), invert(doc), seamed_view(doc), seamed_view(doc, final=False)):
        assert view.blocks[:3] == doc.blocks[:3]
    assert seamed_view(doc).blocks[3].text == "2. Urges Parties."
    assert seamed_view(doc, final=False).blocks[3].text == "2. Invites Parties."


# the definition of the seamed view before it was done in one pass: mark the
# seams with a sentinel, accept, repair each block


def _mark_seams(doc: Document, sentinel: str) -> Document:
    seam = Segment(sentinel)
    blocks, after_break = [], False
    for block in doc.blocks:
        segs = [seam] if (after_break or block.mark is not Mark.KEEP) else []
        for s in block.segments:
            if s.mark is Mark.KEEP:
                segs.append(s)
            elif s.mark is Mark.INSERT:
                segs.extend((seam, s, seam))
            else:
                segs.extend((s, seam))
        if block.boundary is not Mark.KEEP or block.mark is not Mark.KEEP:
            segs.append(seam)
        after_break = block.boundary is not Mark.KEEP
        blocks.append(dataclasses.replace(block, segments=tuple(segs)))
    return doc.with_blocks(blocks)


def _repair(block: Block, sentinel: str, spaced: bool) -> Block | None:
    text = block.text
    if sentinel not in text:
        return block
    drop = _seam_deletions(text, sentinel, spaced)
    out: list[Segment] = []
    pos = 0
    for seg in block.segments:
        kept = "".join(ch for k, ch in enumerate(seg.text, pos) if k not in drop).replace(sentinel, "")
        pos += len(seg.text)
        if not kept:
            continue
        if out and out[-1].style == seg.style and out[-1].change == seg.change and out[-1].mark is seg.mark:
            out[-1] = dataclasses.replace(out[-1], text=out[-1].text + kept)
        else:
            out.append(dataclasses.replace(seg, text=kept))
    if not out and text.replace(sentinel, "").strip(" ") == "":
        return None
    return dataclasses.replace(block, segments=tuple(out))


def _reference_seamed_view(marked: Document, final: bool) -> Document:
    source = marked if final else invert(marked)
    sentinel = "\ue000"
    accepted = accept(_mark_seams(source, sentinel))
    repaired = (_repair(b, sentinel, _french_spacing(marked)) for b in accepted.blocks)
    return accepted.with_blocks(b for b in repaired if b is not None)


@settings(max_examples=300, deadline=None)
@given(documents())
def test_the_one_pass_seamed_view_is_the_seam_accept_repair_of_before(doc):
    for final in (True, False):
        assert seamed_view(doc, final) == _reference_seamed_view(doc, final)


def test_segment_fields_are_the_ones_the_seam_repair_rebuilds():
    """consolidate._repair_segments builds Segment(text, mark, style, change)
    directly: a new field of Segment must be carried there too."""
    assert [f.name for f in dataclasses.fields(Segment)] == ["text", "mark", "style", "change"]


# --------------------------------------------------------------------------
# Text writer


def test_text_without_braces_is_returned_as_it_is_and_markup_is_still_escaped():
    plain = "1. Requests the Secretariat -- and ++ Parties"
    assert escape(plain) == plain
    assert escape("a {++b++} c") == "a \\{++b\\++} c"  # before "{++" and before "++}"
    assert render(Document((Block((Segment("{+"), Segment("+x"))),))) == "\\{++x\n"


# --------------------------------------------------------------------------
# The collector


def test_the_collector_is_paused_inside_and_restored_after_even_on_errors():
    from resamend._gc import paused_gc

    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused_gc():
            assert not gc.isenabled()
            with paused_gc():
                pass
            assert not gc.isenabled()  # the inner use leaves it to the outer one
            raise ValueError
    assert gc.isenabled()


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.binary(max_size=300).map(lambda b: b.replace(b"\x00", b"<")), st.sampled_from([b"<!", b"<?"]), st.integers(0, 40))
def test_find_markup_finds_what_bytes_find_finds(data, pair, start):
    """The fast search guards the DOCTYPE check: it must never miss."""
    from resamend.formats.docx_package import find_markup

    data = data + b"!" * 70 + b"<!" + b"?" * 70 + b"<?"  # past the fallback, too
    assert find_markup(data, pair, start) == data.find(pair, start)
