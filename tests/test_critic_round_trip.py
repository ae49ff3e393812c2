"""The CriticMarkup writer and reader agree on every document (a law).

Whatever text a document holds — backslashes, braces, ``~>``, ``--}``,
markup-like runs split across two segments — ``parse_critic(render(d))``
gives back the same paragraphs with the same marks.  Plain CriticMarkup has
no way to write a blank line or a newline next to a paragraph break inside a
paragraph (that *is* a paragraph break), so generated text holds no newline;
for the same reason an unmarked paragraph of spaces only is a blank line, and
is not generated.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resamend.model import Block, Document, Mark, Segment
from resamend.normalize import canonical
from resamend.readers.text import parse_critic
from resamend.writers.md import write as write_md
from resamend.writers.text import escape, render

# Pieces of markup and the characters around them, so that generated text
# often holds (parts of) markup, and ordinary words between them.
MARKUPISH = ["{", "}", "\\", "\\\\", "+", "-", "~", "=", "<", ">", "{++", "++}", "{--", "--}", "{~~", "~>", "~~}",
             "{==", "==}", "{>>", "<<}", "C:\\path", "a", " ", "Parties", "été", "\u00a0", "\t"]
TEXT = st.lists(st.sampled_from(MARKUPISH), min_size=1, max_size=8).map("".join)
MARKS = st.sampled_from([Mark.KEEP, Mark.KEEP, Mark.INSERT, Mark.DELETE, Mark.BOTH])
STYLES = st.sampled_from([frozenset(), frozenset({"b"})])


@st.composite
def documents(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        segs = tuple(Segment(draw(TEXT), draw(MARKS), draw(STYLES)) for _ in range(draw(st.integers(1, 4))))
        if all(s.mark is Mark.KEEP for s in segs) and not "".join(s.text for s in segs).strip():
            segs += (Segment("x"),)  # (a blank line, not a paragraph)
        blocks.append(Block(segments=segs, boundary=draw(st.sampled_from([Mark.KEEP] * 4 + [Mark.INSERT, Mark.DELETE]))))
    return Document(tuple(blocks))


def _marks(doc: Document):
    """Text and marks of each paragraph, neighbours with one mark joined
    (provenance and style are not part of CriticMarkup)."""
    out = []
    for block in canonical(doc).blocks:
        segs: list[list] = []
        for seg in block.segments:
            if segs and segs[-1][1] is seg.mark:
                segs[-1][0] += seg.text
            else:
                segs.append([seg.text, seg.mark])
        out.append(([tuple(s) for s in segs], block.boundary))
    return out


LAW = settings(max_examples=1500, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@LAW
@given(documents())
def test_reading_back_what_the_critic_writer_wrote_gives_the_same_document(doc):
    written = render(doc)
    assert _marks(parse_critic(written).value) == _marks(doc), written


@LAW
@given(documents())
def test_reading_back_what_the_markdown_writer_wrote_gives_the_same_document(doc):
    written = write_md(doc).decode("utf-8")
    assert _marks(parse_critic(written).value) == _marks(doc), written


def test_a_deleted_word_ending_in_a_backslash_reads_back():
    doc = Document((Block(segments=(Segment("old\\", Mark.DELETE), Segment("new", Mark.INSERT))),))
    assert render(doc) == "{--old\\\\--}{++new++}\n"  # the backslash doubled before the closing mark
    assert _marks(parse_critic(render(doc)).value) == [([("old\\", Mark.DELETE), ("new", Mark.INSERT)], Mark.KEEP)]


def test_a_brace_before_a_closing_mark_is_escaped():
    doc = Document((Block(segments=(Segment("a{", Mark.INSERT),)),))
    assert render(doc) == "{++a\\{++}\n"
    assert _marks(parse_critic(render(doc)).value) == [([("a{", Mark.INSERT)], Mark.KEEP)]


def test_a_backslash_away_from_markup_is_just_a_backslash():
    assert parse_critic("C:\\path and \\n").value.blocks[0].text == "C:\\path and \\n"
    assert escape("C:\\path") == "C:\\path"


def test_two_backslashes_before_a_mark_are_one_backslash_and_the_mark_is_real():
    doc = parse_critic("a\\\\{++b++}").value
    assert [(s.text, s.mark) for s in doc.blocks[0].segments] == [("a\\", Mark.KEEP), ("b", Mark.INSERT)]
