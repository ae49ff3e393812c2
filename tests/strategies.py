"""Hypothesis strategies for marked documents (shared by the law tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from resamend.model import Block, Document, Mark, Segment

WORDS = st.sampled_from(
    ["Requests", "the", "Secretariat", "to", "Parties,", "2024-2032", "8bis.", "(a)", "Global", "ſ", "été",
     "协定", "اتفاقية", "Kunming-Montreal", "“quoted”", "CMS;", "and", "\u00a0", "x"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
MARKS = st.sampled_from([Mark.KEEP, Mark.KEEP, Mark.INSERT, Mark.DELETE])


@st.composite
def segments(draw, marks=MARKS):
    return Segment(draw(TEXT), draw(marks))


@st.composite
def blocks(draw, allow_block_marks=True):
    segs = tuple(draw(st.lists(segments(), min_size=1, max_size=5)))
    mark = draw(st.sampled_from([Mark.KEEP] * 4 + [Mark.INSERT, Mark.DELETE])) if allow_block_marks else Mark.KEEP
    boundary = draw(st.sampled_from([Mark.KEEP] * 5 + [Mark.INSERT, Mark.DELETE]))
    return Block(segments=segs, mark=mark, boundary=boundary)


@st.composite
def documents(draw, allow_block_marks=True):
    return Document(tuple(draw(st.lists(blocks(allow_block_marks), min_size=1, max_size=6))))
