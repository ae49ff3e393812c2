"""The redline laws through every writer that can be read back:

    accept(read(write(diff(a, b)))) == b      reject(read(write(diff(a, b)))) == a

for Markdown (CriticMarkup), JSON, HTML and DOCX in both the house
convention and tracked changes.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from resamend.amend import final_view, original_view
from resamend.diff import diff_documents
from resamend.model import Document, paragraph
from resamend.readers import ReadOptions, read
from resamend.writers import WriteOptions, write

WORDS = st.sampled_from(
    ["Requests", "the", "Secretariat", "to", "Parties,", "2024-2032", "8bis.", "(a)", "Global", "global",
     "été", "协定书", "اتفاقية", "Kunming-Montreal", "“quoted”", "CMS;", "and", "a<b", "R&D", "x"]
)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
VERSIONS = st.lists(PARAGRAPH, min_size=1, max_size=6)

FORMATS = {
    "md": ("md", WriteOptions(), "text"),
    "json": ("json", WriteOptions(), "json"),
    "html": ("html", WriteOptions(), "html"),
    "docx-house": ("docx", WriteOptions(), "docx"),
    "docx-tracked": ("docx", WriteOptions(track_changes=True, author="Test", date="2024-02-12T00:00:00Z"), "docx"),
}


def document(paragraphs: list[str]) -> Document:
    return Document(tuple(paragraph(p) for p in paragraphs))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(VERSIONS, VERSIONS, st.sampled_from(sorted(FORMATS)))
def test_redline_read_back_accepts_to_new_and_rejects_to_old(old, new, name):
    fmt, options, reader = FORMATS[name]
    redline = diff_documents(document(old), document(new))
    back = read(write(redline, fmt, options), reader, ReadOptions(source=f"redline.{fmt}")).value
    assert final_view(back) == new
    assert original_view(back) == old


@settings(max_examples=40, derandomize=True, deadline=None)
@given(VERSIONS, VERSIONS)
def test_letter_level_redline_reads_back_from_markdown(old, new):
    redline = diff_documents(document(old), document(new), granularity="char")
    back = read(write(redline, "md"), "text").value
    assert final_view(back) == new
    assert original_view(back) == old
