"""Fuzzing the readers: any input ends in a Result or a ResamendError.

Random CriticMarkup-like text, random HTML-like text and DOCX packages whose
``word/document.xml`` is mutated (elements dropped, duplicated, moved,
attributes removed or set to odd values, text changed) go through
``resamend.readers.read``.  The only outcomes allowed are a ``Result`` or an
``InputError`` (a ``ResamendError``): any other exception is a bug.  Every
successful read must also obey the conservation law: each character of the
flattened text is in the final view, the original view, or named in a
diagnostic.

The runs are derandomized (the same examples every time, no example
database).  About 2,000 examples in all; ``RESAMEND_FUZZ_EXAMPLES=N``
scales every count so that they add up to about N (a longer job, e.g.
``RESAMEND_FUZZ_EXAMPLES=50000 pytest tests/test_fuzz.py``).

The conservation law on the public corpus is in test_corpus.py; here it is
checked on every sample in ``samples/``.
"""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from docx_factory import dele, deleted_run, ins, make_docx, p, r
from resamend.amend import final_view, original_view
from resamend.diagnostics import InputError, Result
from resamend.readers import ReadOptions, read

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# --- budget -------------------------------------------------------------------

DEFAULT_BUDGET = {"critic": 600, "html": 600, "docx-sample": 600, "docx-small": 200}
_TOTAL = sum(DEFAULT_BUDGET.values())


def examples(kind: str) -> int:
    """The number of examples for ``kind``: the default share of ~2,000, or
    of RESAMEND_FUZZ_EXAMPLES when set."""
    wanted = os.environ.get("RESAMEND_FUZZ_EXAMPLES")
    if not wanted:
        return DEFAULT_BUDGET[kind]
    return max(1, int(wanted) * DEFAULT_BUDGET[kind] // _TOTAL)


def fuzz_settings(kind: str):
    return settings(
        max_examples=examples(kind),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# --- the law ---------------------------------------------------------------------


def conservation_failures(result: Result) -> list[str]:
    """What the conservation law finds missing (empty when it holds):
    characters of segments in the final view that the final view lacks,
    the same for the original view, and characters in neither view that no
    diagnostic names."""
    doc = result.value
    in_final, in_original, in_neither = Counter(), Counter(), Counter()
    for block in doc.blocks:
        for seg in block.segments:
            final = block.mark.in_final and seg.mark.in_final
            original = block.mark.in_original and seg.mark.in_original
            if final:
                in_final.update(seg.text)
            if original:
                in_original.update(seg.text)
            if not final and not original:
                in_neither.update(seg.text)
    named = Counter("".join(d.text or "" for d in result.diagnostics))
    problems = []
    lost = in_final - Counter("".join(final_view(doc)))
    if lost:
        problems.append(f"final view lost {dict(lost.most_common(5))}")
    lost = in_original - Counter("".join(original_view(doc)))
    if lost:
        problems.append(f"original view lost {dict(lost.most_common(5))}")
    unnamed = in_neither - named
    if unnamed:
        problems.append(f"in neither view nor a diagnostic: {dict(unnamed.most_common(5))}")
    return problems


def read_or_refuse(data: bytes, fmt: str | None, source: str):
    """The reader's answer: a Result, or None when it refused with an
    InputError.  Any other exception propagates and fails the test."""
    try:
        result = read(data, fmt, ReadOptions(source=source))
    except InputError as exc:
        assert str(exc) and exc.what, "an error must say what is wrong"
        event(f"refused: {exc.__class__.__name__}")
        return None
    assert isinstance(result, Result)
    event("read")
    return result


def assert_nothing_lost(result) -> None:
    if result is not None:
        failures = conservation_failures(result)
        assert not failures, failures


# --- CriticMarkup-like text -------------------------------------------------------------

CRITIC_PIECES = st.sampled_from(
    ["{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{==", "==}", "{>>", "<<}", "\\", "{", "}", "+", "-", "~", ">", "<",
     "=", "\n", "\n\n", " ", "\t", "\r", "Requests", "8bis.", "été", "协定", "\u00a0", "\u200b", "\ufeff", "\U0001f600", "a", "{+", "+}"]
)
CRITIC_TEXT = st.lists(CRITIC_PIECES, max_size=40).map("".join)


@fuzz_settings("critic")
@given(CRITIC_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_critic_like_text_is_read_or_refused_and_nothing_is_lost(text, encoding):
    assert_nothing_lost(read_or_refuse(text.encode(encoding), "text", "fuzz.txt"))


# --- HTML-like text ----------------------------------------------------------------------------

HTML_PIECES = st.sampled_from(
    ["<p>", "</p>", "<ins>", "</ins>", "<del>", "</del>", "<u>", "</u>", "<s>", "</s>", "<strike>", "<b>", "</b>", "<i>",
     "<br>", "<br/>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<ol>", "<ul>", "<li>", "</li>", "</ol>",
     "<h1>", "</h1>", "<pre>", "</pre>", "<div>", "</div>", "<span>", "</span>", "<a href='#x'>", "</a>",
     "<div hidden>", "<span style='display:none'>", "<span style='text-decoration:underline line-through'>",
     "<span class=msoIns>", "<span class=msoDel>", "<ins class=break></ins>", "<del class=break></del>",
     "<span class=label>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>",
     "<!DOCTYPE html>", "<?xml version='1.0'?>", "<head>", "</head>", "<body>", "<html>", "<meta charset='latin-1'>",
     "&amp;", "&lt;", "&nbsp;", "&#0;", "&#xD800;", "&#x110000;", "&bogus;", "&", "<", ">", "\"", "'",
     "Requests", " ", "\n", "\t", "été", "协定", "\u00ad"]
)
HTML_TEXT = st.lists(HTML_PIECES, max_size=40).map("".join)


@fuzz_settings("html")
@given(HTML_TEXT)
def test_html_like_text_is_read_or_refused_and_nothing_is_lost(text):
    assert_nothing_lost(read_or_refuse(text.encode("utf-8"), "html", "fuzz.html"))


# --- lone surrogates, by every way in (issue #10, item 5) ----------------------------------------
#
# Half of a UTF-16 pair reaches a reader as a JSON escape, an HTML character
# reference, WTF-8 or UTF-16 bytes, or Word's <w:sym w:char>.  Whatever is
# read holds no such character any more (U+FFFD instead, with a warning), so
# every writer can write it.

TEXT_BUDGET = {"surrogates": 300, "long-paragraph": 10}


def text_fuzz_settings(kind: str):
    """Like :func:`fuzz_settings`, for the generators of this section."""
    wanted = os.environ.get("RESAMEND_FUZZ_EXAMPLES")
    count = TEXT_BUDGET[kind]
    if wanted:
        count = max(1, int(wanted) * count // (_TOTAL + sum(TEXT_BUDGET.values())))
    return settings(
        max_examples=count, derandomize=True, database=None, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


SURROGATES = st.integers(0xD800, 0xDFFF)
PLAIN_PIECES = st.sampled_from(["Requests", " ", "the", "Secretariat", "été", "协定", "\U0001f600", "{++", "++}", "a"])
#: pieces of text, some of them a lone surrogate (as a code point)
SURROGATE_PIECES = st.lists(st.one_of(PLAIN_PIECES, SURROGATES), min_size=1, max_size=12)


def surrogate_input(how: str, pieces: list) -> tuple[bytes, str | None]:
    """The pieces as an input of kind ``how`` (bytes, reader name)."""
    def text(escape) -> str:
        return "".join(escape(p) if isinstance(p, int) else p for p in pieces)

    if how == "json":
        body = json.dumps(text(chr), ensure_ascii=True)  # a lone surrogate becomes "\udXXX"
        return ('{"format": "resamend.document/1", "blocks": [{"segments": [{"text": %s}]}]}' % body).encode(), "json"
    if how == "html":
        return ("<p>" + text(lambda c: f"&#x{c:X};") + "</p>").encode(), "html"
    if how == "html-decimal":
        return ("<p><ins>" + text(lambda c: f"&#{c};") + "</ins></p>").encode(), "html"
    if how == "wtf-8":
        return text(chr).encode("utf-8", "surrogatepass"), "text"
    if how == "utf-16":
        return b"\xff\xfe" + text(chr).encode("utf-16-le", "surrogatepass"), "text"
    assert how == "docx"
    runs = "".join(
        f'<w:r><w:sym w:font="Symbol" w:char="{p:X}"/></w:r>' if isinstance(p, int) else r(p.replace("&", "&amp;").replace("<", "&lt;"))
        for p in pieces
    )
    return make_docx(p(runs)), None


@text_fuzz_settings("surrogates")
@given(st.sampled_from(["json", "html", "html-decimal", "wtf-8", "utf-16", "docx"]), SURROGATE_PIECES)
def test_lone_surrogates_by_every_way_in_are_replaced_and_every_writer_writes_the_result(how, pieces):
    from resamend.writers import WriteOptions, write

    data, fmt = surrogate_input(how, pieces)
    result = read_or_refuse(data, fmt, f"fuzz.{fmt or 'docx'}")
    if result is None:
        return
    assert_nothing_lost(result)
    doc = result.value
    texts = [seg.text for block in doc.blocks for seg in block.segments]
    assert not any(0xD800 <= ord(c) <= 0xDFFF for t in texts for c in t), texts
    written = "".join(chr(p) if isinstance(p, int) else p for p in pieces)
    if how in ("json", "utf-16"):  # a high and a low surrogate side by side are one character there
        written = written.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in written):
        assert any(d.code in ("unencodable-character", "bad-symbol") for d in result.diagnostics), result.diagnostics
        assert "\ufffd" in "".join(texts)
    for name in ("text", "md", "html", "json") + (("docx",) if how == "docx" else ()):
        assert write(doc, name, WriteOptions()), name


# --- one long paragraph, scrambled (issue #10, item 6) ------------------------------------------
#
# Long single paragraphs against scrambled versions of themselves: the word
# diff must end (its work is budgeted) and stay correct — accepted it gives
# the new text, rejected the old — whatever alignment it falls back to.

LONG_WORDS = ["Requests", "the", "Secretariat", "to", "Parties,", "and", "of", "2024-2032", "(a)", "été", "协定", "CMS;"]


def scrambled(words: list[str], how: str, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    if how == "reversed":
        return words[::-1]
    if how == "shuffled":
        return rng.sample(words, len(words))
    if how == "rotated":
        k = rng.randrange(len(words))
        return words[k:] + words[:k]
    if how == "blocks-swapped":  # chunks of 50 words in another order
        chunks = [words[i : i + 50] for i in range(0, len(words), 50)]
        rng.shuffle(chunks)
        return [w for c in chunks for w in c]
    assert how == "sprinkled"  # one word in ten replaced
    return [rng.choice(LONG_WORDS) if rng.random() < 0.1 else w for w in words]


@text_fuzz_settings("long-paragraph")
@given(
    st.sampled_from([300, 1_000, 3_000, 20_000]),
    st.sampled_from(["reversed", "shuffled", "rotated", "blocks-swapped", "sprinkled"]),
    st.integers(0, 10**6),
)
def test_a_long_paragraph_against_a_scrambled_self_diffs_correctly_in_bounded_work(size, how, seed):
    import random

    from resamend.amend import accept, reject
    from resamend.diff import diff_documents
    from resamend.model import Document, paragraph

    rng = random.Random(seed)
    words = rng.choices(LONG_WORDS, k=size)
    old = Document((paragraph(" ".join(words)),))
    new = Document((paragraph(" ".join(scrambled(words, how, seed))),))
    diagnostics: list = []
    marked = diff_documents(old, new, diagnostics=diagnostics)
    event(f"coarsened: {bool(diagnostics)}")
    assert [b.text for b in accept(marked).blocks] == [b.text for b in new.blocks]
    assert [b.text for b in reject(marked).blocks] == [b.text for b in old.blocks]
    assert all(d.code == "diff-coarsened" for d in diagnostics)


# --- mutated DOCX packages ----------------------------------------------------------------------


def small_documents() -> dict[str, bytes]:
    """Small generated drafts that use what a real one uses: marks by
    formatting and by tracking, tables, footnotes, numbering, hidden text,
    fields, links, breaks."""
    u, s = "<w:u w:val='single'/>", "<w:strike/>"
    return {
        "formatting": make_docx(
            p(r("1. Requests "), r("the ", u), r("Secretariat", s), r(" both", u + s), r(" hidden", "<w:vanish/>"))
            + p(r("8bis.", u), r("\t", u, tag="w:t"), r("New paragraph", u), ppr=f"<w:rPr>{u}</w:rPr>")
        ),
        "tracked": make_docx(
            p(r("Kept "), ins(r("inserted ")), dele(deleted_run("deleted ")), ins(dele(deleted_run("both"), rid=4), rid=3))
            + p(r("Second"), ppr='<w:rPr><w:del w:id="9" w:author="A"/></w:rPr>')
            + p(r("Third"))
        ),
        "structure": make_docx(
            p(r("Heading"), ppr="<w:pStyle w:val='Heading1'/>")
            + "<w:tbl><w:tr><w:tc>" + p(r("cell", u)) + "</w:tc><w:tc>" + p(r("other")) + "</w:tc></w:tr></w:tbl>"
            + p(r("item"), ppr="<w:numPr><w:ilvl w:val='0'/><w:numId w:val='1'/></w:numPr>")
            + p(r("note"), '<w:r><w:footnoteReference w:id="1"/></w:r>')
            + p('<w:hyperlink r:id="rIdL"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:u w:val="single"/></w:rPr><w:t>link</w:t></w:r></w:hyperlink>')
            + p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://x" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>field</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
            numbering='<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
            footnotes='<w:footnote w:id="1"><w:p><w:r><w:rPr><w:strike/></w:rPr><w:t>struck note</w:t></w:r></w:p></w:footnote>',
            styles='<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:u w:val="single"/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:rPr><w:u w:val="single"/></w:rPr></w:style>',
            document_rels='<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://x" TargetMode="External"/>',
        ),
        "inline": make_docx(
            p(r("a"), "<w:r><w:tab/><w:br/><w:noBreakHyphen/><w:softHyphen/><w:sym w:font='Symbol' w:char='F0B7'/></w:r>",
              "<w:smartTag><w:r><w:t>smart</w:t></w:r></w:smartTag>",
              "<w:sdt><w:sdtContent><w:r><w:rPr><w:dstrike/></w:rPr><w:t>sdt</w:t></w:r></w:sdtContent></w:sdt>",
              "<w:customXml><w:r><w:t>custom</w:t></w:r></w:customXml>")
        ),
    }


@lru_cache(maxsize=None)
def seed_packages() -> dict[str, tuple[dict[str, bytes], bytes]]:
    """name -> (members of the package, document.xml), read once."""
    seeds = {f"sample:{path.name}": path.read_bytes() for path in sorted(SAMPLES.glob("*.docx"))}
    seeds.update({f"small:{k}": v for k, v in small_documents().items()})
    out = {}
    for name, data in seeds.items():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
        out[name] = (parts, parts["word/document.xml"])
    return out


@lru_cache(maxsize=None)
def parsed_seed(name: str):
    from lxml import etree

    return etree.fromstring(seed_packages()[name][1])


ODD_VALUES = ["", "0", "1", "-1", "none", "false", "true", "single", "99999999999999999999", "x", "%1.", "Hyperlink", "Heading1"]
ODD_TEXT = ["", " ", "8bis.", "{++", "été", "\u00ad", "\u00a0", "协定", "a\tb", "x" * 50]
OPERATIONS = ("drop", "duplicate", "move", "strip-attributes", "odd-attribute", "text", "tail", "insert", "insert")
#: WordprocessingML a real draft may contain, put anywhere by the "insert" operation
SNIPPETS = (
    '<w:r><w:t xml:space="preserve"> inserted </w:t></w:r>',
    '<w:ins w:id="90" w:author="F"><w:r><w:t>tracked</w:t></w:r></w:ins>',
    '<w:del w:id="91" w:author="F"><w:r><w:delText>gone</w:delText></w:r></w:del>',
    '<w:moveFrom w:id="92" w:author="F"><w:r><w:t>moved</w:t></w:r></w:moveFrom>',
    '<w:moveTo w:id="93" w:author="F"><w:r><w:t>moved</w:t></w:r></w:moveTo>',
    "<w:rPr><w:vanish/></w:rPr>",
    "<w:rPr><w:u w:val='double'/><w:dstrike/></w:rPr>",
    "<w:rPr><w:strike w:val='0'/><w:u w:val='none'/></w:rPr>",
    '<w:pPr><w:rPr><w:del w:id="94" w:author="F"/></w:rPr></w:pPr>',
    '<w:pPr><w:rPr><w:ins w:id="95" w:author="F"/></w:rPr></w:pPr>',
    '<x:unknown xmlns:x="urn:example"><w:r><w:t>foreign</w:t></w:r></x:unknown>',
    "<w:p><w:r><w:t>paragraph</w:t></w:r></w:p>",
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    '<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>choice</w:t></w:r></mc:Choice>'
    "<mc:Fallback><w:r><w:t>fallback</w:t></w:r></mc:Fallback></mc:AlternateContent>",
    '<w:fldSimple w:instr=" HYPERLINK &quot;http://x&quot; "><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>field</w:t></w:r></w:fldSimple>',
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    "<w:sdt><w:sdtContent><w:p><w:r><w:t>sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    "<w:r><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></w:r>",
    '<w:r><w:footnoteReference w:id="77"/></w:r>',
    '<w:r><w:sym w:font="Wingdings" w:char="zz"/><w:tab/><w:br w:type="page"/><w:cr/><w:noBreakHyphen/><w:softHyphen/></w:r>',
    '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>styled</w:t></w:r>',
    '<w:hyperlink r:id="rId404"><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>link</w:t></w:r></w:hyperlink>',
    '<w:customXml w:element="x"><w:r><w:t>custom</w:t></w:r></w:customXml>',
    '<w:ruby><w:rubyPr/><w:rt><w:r><w:t>rt</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>base</w:t></w:r></w:rubyBase></w:ruby>',
    '<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>',
)


@lru_cache(maxsize=None)
def snippet(index: int):
    from lxml import etree

    from docx_factory import XMLNS

    wrapper = etree.fromstring(f"<w:wrap {XMLNS}>{SNIPPETS[index]}</w:wrap>")
    return wrapper[0]


def mutate(root, ops: list[tuple[str, int, int, int]]) -> None:
    """Apply (operation, element pick, second pick, value pick) tuples."""
    for op, a, b, v in ops:
        elements = [el for el in root.iter() if isinstance(el.tag, str)][1:]  # never the root
        if not elements:
            return
        el = elements[a % len(elements)]
        parent = el.getparent()
        if op == "drop" and parent is not None:
            parent.remove(el)
        elif op == "duplicate" and parent is not None:
            parent.insert(parent.index(el) + 1, copy.deepcopy(el))
        elif op == "move" and parent is not None:
            target = elements[b % len(elements)]
            if target is not el and not any(a is el for a in target.iterancestors()):  # not into itself
                parent.remove(el)
                target.insert(v % (len(target) + 1), el)
        elif op == "strip-attributes":
            el.attrib.clear()
        elif op == "odd-attribute" and el.attrib:
            keys = sorted(el.attrib)
            el.set(keys[b % len(keys)], ODD_VALUES[v % len(ODD_VALUES)])
        elif op == "text":
            el.text = ODD_TEXT[v % len(ODD_TEXT)]
        elif op == "tail":
            el.tail = ODD_TEXT[v % len(ODD_TEXT)]
        elif op == "insert":
            el.insert(b % (len(el) + 1), copy.deepcopy(snippet(v % len(SNIPPETS))))


def mutated_package(name: str, ops) -> bytes:
    from lxml import etree

    root = copy.deepcopy(parsed_seed(name))
    mutate(root, ops)
    parts = dict(seed_packages()[name][0])
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
    return buf.getvalue()


MUTATIONS = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 1000)),
    min_size=1, max_size=6,
)


def _seed_names(prefix: str) -> list[str]:
    return [n for n in seed_packages() if n.startswith(prefix)]


@fuzz_settings("docx-sample")
@given(st.sampled_from(_seed_names("sample:")), MUTATIONS)
def test_mutated_sample_documents_are_read_or_refused_and_nothing_is_lost(name, ops):
    assert_nothing_lost(read_or_refuse(mutated_package(name, ops), None, "fuzz.docx"))


@fuzz_settings("docx-small")
@given(st.sampled_from(_seed_names("small:")), MUTATIONS)
def test_mutated_small_documents_are_read_or_refused_and_nothing_is_lost(name, ops):
    assert_nothing_lost(read_or_refuse(mutated_package(name, ops), None, "fuzz.docx"))


def test_the_seeds_are_read_and_keep_the_law_before_any_mutation():
    """The fuzzing starts from documents the reader handles."""
    assert len(_seed_names("sample:")) >= 3
    for name in seed_packages():
        result = read(mutated_package(name, []), None, ReadOptions(source=name))
        assert result.value.blocks, name
        assert not conservation_failures(result), name


def test_the_law_checker_notices_a_lost_character():
    """The checker itself can fail: a deleted segment missing from both the
    original view and the diagnostics is reported."""
    from resamend.model import Block, Document, Mark, Segment

    doc = Document((Block((Segment("kept "), Segment("gone", Mark.BOTH))),))
    assert conservation_failures(Result(doc, ()))
    from resamend.diagnostics import Diagnostic, Severity

    assert not conservation_failures(Result(doc, (Diagnostic("ambiguous-mark", Severity.WARNING, "both", text="gone"),)))


# --- every sample keeps the law ------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.docx")) + sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_sample_keeps_every_character_in_a_view_or_a_diagnostic(path):
    result = read(path.read_bytes(), None, ReadOptions(source=path.name))
    assert result.value.blocks
    assert not conservation_failures(result)


# --- packages: member names, compression methods, Flat OPC (issue #10) ------------
#
# Each example is read, and when it is read, written as a Word output that
# takes the opened package as its template (the parts copied on the same
# budget): the only outcomes allowed are bytes or an InputError, and a Word
# output never carries a member name that is not a plain part name.

PACKAGE_BUDGET = {"member-names": 150, "methods": 150, "flat-opc": 200}


def package_fuzz_settings(kind: str):
    wanted = os.environ.get("RESAMEND_FUZZ_EXAMPLES")
    count = PACKAGE_BUDGET[kind]
    if wanted:
        count = max(1, int(wanted) * count // (_TOTAL + sum(PACKAGE_BUDGET.values())))
    return settings(
        max_examples=count, derandomize=True, database=None, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def read_and_write_or_refuse(data: bytes):
    """Read ``data``; if it is read, write it as DOCX on its own package.
    Returns (result, output members) or None when refused."""
    from resamend.readers import source_of
    from resamend.writers import WriteOptions, write

    result = read_or_refuse(data, None, "fuzz.docx")
    if result is None:
        return None
    try:
        out = write(result.value, "docx", WriteOptions(template=source_of(result)))
    except InputError as exc:
        assert exc.what
        event("refused when written")
        return None
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        names = zf.namelist()
    for name in names:
        assert "\\" not in name and not name.startswith(("/", "./")) and ".." not in name.split("/"), name
    assert len({n.casefold() for n in names}) == len(names), names
    return result, names


NAME_PIECES = st.sampled_from(["..", ".", "/", "\\", "word", "document.xml", "styles.xml", "customXml", "item1.xml", "C:", "_rels", ".rels", "%2e%2e", "é", " "])
MEMBER_NAMES = st.lists(NAME_PIECES, min_size=1, max_size=8).map("".join)


@package_fuzz_settings("member-names")
@given(st.lists(st.tuples(MEMBER_NAMES, st.binary(max_size=30)), min_size=1, max_size=3))
def test_packages_with_odd_member_names_are_read_and_written_or_refused(extra):
    from hostile_factory import renamed_members, small_docx

    outcome = read_and_write_or_refuse(renamed_members(small_docx(), {}, dict(extra)))
    if outcome is not None:
        assert_nothing_lost(outcome[0])


METHODS = st.sampled_from(["stored", "deflate", "bzip2", "lzma"])
LIES = st.sampled_from([None, None, None, None, None, None, "more", "small", "short"])


@package_fuzz_settings("methods")
@given(st.lists(st.tuples(METHODS, LIES), min_size=6, max_size=6))
def test_packages_with_any_compression_method_and_any_lie_are_read_or_refused(choices):
    from hostile_factory import compressed_member, handmade_zip, members, small_docx

    entries = []
    for (name, body), (method, lie) in zip(members(small_docx()).items(), choices):
        packed, crc, size = compressed_member(method, body)
        said_csize = {"short": max(len(packed) // 2, 1), "more": len(packed) + 7}.get(lie)
        said_usize = size // 2 if lie == "small" else None
        entries.append((name, method, packed + (bytes(7) if lie == "more" else b""), crc, size, said_csize, said_usize))
    outcome = read_and_write_or_refuse(handmade_zip(entries))
    if outcome is not None:
        assert_nothing_lost(outcome[0])
        # nothing invented: the text is the draft's, whatever the method
        assert [b.text for b in outcome[0].value.blocks][:2] == ["Recalling the Convention on Migratory Species,", "Requests the Secretariat to report."]


FLAT_PIECES = st.sampled_from([
    b"", b" ", b"x", b"\n", b"<pkg:part>", b"</pkg:part>", b'pkg:name="/word/document.xml"', b'pkg:name="../x"', b"<pkg:binaryData>QUJD</pkg:binaryData>",
    b"<pkg:xmlData>", b"</pkg:xmlData>", b"<!DOCTYPE x>", b"<w:t>x</w:t>", b"&amp;", b"<", b">", b"\"", b"\x00", b"\xff",
])


@package_fuzz_settings("flat-opc")
@given(st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from([0, 0, 1, 5, 40]), FLAT_PIECES), max_size=2))
def test_mutated_flat_opc_documents_are_read_and_written_or_refused(splices):
    from hostile_factory import flat_opc, small_docx

    data = bytearray(flat_opc(small_docx()))
    for at, cut, piece in splices:
        at %= len(data) + 1
        data[at : at + cut] = piece
    outcome = read_and_write_or_refuse(bytes(data))
    if outcome is not None:
        assert_nothing_lost(outcome[0])
