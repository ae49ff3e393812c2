"""DOCX files written the way Word writes them, for the benchmarks.

Word wraps every run in its revision-session ids (``w:rsidR`` …) and
repeats the run's fonts, size and language in each ``w:rPr``; a paragraph
of a long resolution is a handful of such runs (cut wherever the text was
edited in another session).  Word-made files in the shared corpus hold
40–53 bytes of ``document.xml`` per word, and so do these (about 46);
resamend's own writer needs about 9.
"""

from __future__ import annotations

import io
import random
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RUN_PROPERTIES = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/>'


def rsid(rng: random.Random) -> str:
    """A revision-session id, as Word writes it."""
    return f"00{rng.randrange(16**6):06X}"


def run(rng: random.Random, text: str, extra_properties: str = "") -> str:
    """One run as Word writes it: session ids, fonts, then the text."""
    return (
        f'<w:r w:rsidR="{rsid(rng)}" w:rsidRPr="{rsid(rng)}"><w:rPr>{RUN_PROPERTIES}{extra_properties}</w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    )


def plain_paragraph(rng: random.Random, text: str) -> str:
    """An unmarked paragraph: its words in runs of 3 to 9."""
    words = text.split(" ")
    runs = []
    start = 0
    while start < len(words):
        end = start + rng.randint(3, 9)
        runs.append(run(rng, " ".join(words[start:end]) + (" " if end < len(words) else "")))
        start = end
    return (
        f'<w:p w:rsidR="{rsid(rng)}"><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr>'
        + "".join(runs)
        + "</w:p>"
    )


def single_run_paragraph(rng: random.Random, text: str) -> str:
    """An unmarked paragraph typed in one session: one run, no direct
    formatting (as in the samples; ~10 bytes of XML a word)."""
    return (
        f'<w:p w:rsidR="{rsid(rng)}" w:rsidRDefault="{rsid(rng)}"><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def docx_package(paragraphs: list[str]) -> bytes:
    """The smallest package Word opens around these ``w:p`` elements."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
        + "".join(paragraphs)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", document)
    return buf.getvalue()
