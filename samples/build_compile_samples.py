#!/usr/bin/env python3
"""Build the sample for ``resamend compile`` — independently of resamend.

Three Parties propose amendments to the published CMS Resolution 11.10
(Rev.COP14) (``cms-res-11.10-rev-cop14.txt``, built by build_samples.py),
each in another format, as Parties send them before a COP:

* ``proposal-eu.docx`` — the European Union, a Word draft in the house
  convention (underline = new, strike-through = deleted), no author;
* ``proposal-brazil-tracked.docx`` — Brazil, real tracked changes by author
  "Brazil";
* ``proposal-norway.critic.txt`` — Norway, CriticMarkup.

What they propose (the proposals are made up for the sample; the base text is
the published one):

* European Union and Brazil both amend the same word of paragraph 9
  ("protect" → "conserve" / "safeguard"): a **conflict**;
* European Union and Norway make the **same** insertion in paragraph 2
  (" and the Kunming-Montreal Global Biodiversity Framework"): one proposal,
  attributed to both;
* Brazil **deletes** paragraph 5 (it notes a COP13 document);
* Norway **adds** a paragraph 11bis.

Like build_samples.py this script does not import resamend (a sample built by
the code under test would prove nothing); it reuses that script's
deterministic DOCX packaging (string templates, fixed ids, dates and ZIP
time stamps), so rebuilding gives identical bytes.

Usage
    python samples/build_compile_samples.py          # writes into samples/
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_samples as bs  # noqa: E402  (the sibling script: packaging helpers)

BASE = HERE / 'cms-res-11.10-rev-cop14.txt'
OUT_EU = 'proposal-eu.docx'
OUT_BRAZIL = 'proposal-brazil-tracked.docx'
OUT_NORWAY = 'proposal-norway.critic.txt'
BRAZIL = 'Brazil'
BRAZIL_DATE = '2025-11-03T09:30:00Z'

KEEP, INS, DEL = '', 'ins', 'del'


@dataclass(frozen=True)
class Replace:
    """In the paragraph starting with ``para``, replace ``old`` (occurring once) by ``new``."""
    para: str
    old: str
    new: str


@dataclass(frozen=True)
class Insert:
    """A new paragraph ``text`` after the paragraph starting with ``para``."""
    para: str
    text: str


@dataclass(frozen=True)
class Delete:
    """Delete the paragraph starting with ``para``."""
    para: str


KMGBF = ' and the Kunming-Montreal Global Biodiversity Framework'
EU = [
    Replace('2. Requests the Executive Secretary', 'Migratory Species 2024-2032', 'Migratory Species 2024-2032' + KMGBF),
    Replace('9.\tFurther encourages', 'in efforts to protect migratory species', 'in efforts to conserve migratory species'),
]
BRAZIL_EDITS = [
    Delete('5. Notes the recommendations'),
    Replace('9.\tFurther encourages', 'in efforts to protect migratory species', 'in efforts to safeguard migratory species'),
]
NORWAY = [
    Replace('2. Requests the Executive Secretary', 'Migratory Species 2024-2032', 'Migratory Species 2024-2032' + KMGBF),
    Insert('11. Also requests the Secretariat to pursue',
           '11bis. Encourages Parties to involve the private sector in the national implementation of the '
           'Strategic Plan for Migratory Species 2024-2032;'),
]

Seg = tuple[str, str]  # (mark, text)


def marked(paragraphs: list[str], edits) -> list[tuple[str, list[Seg]]]:
    """The base paragraphs with one Party's edits as marked segments:
    (whole-paragraph mark, segments)."""
    out: list[tuple[str, list[Seg]]] = [(KEEP, [(KEEP, p)]) for p in paragraphs]

    def find(prefix: str) -> int:
        hits = [i for i, p in enumerate(paragraphs) if p.startswith(prefix)]
        assert len(hits) == 1, (prefix, hits)
        return hits[0]

    inserts: dict[int, list[str]] = {}
    for e in edits:
        i = find(e.para)
        if isinstance(e, Replace):
            text = paragraphs[i]
            assert text.count(e.old) == 1, e
            # the smallest change: common words either side stay unmarked
            a, b = e.old, e.new
            head = 0
            while head < min(len(a), len(b)) and a[head] == b[head]:
                head += 1
            while head and a[head - 1] != ' ' and not (head == len(a) and b[head:head + 1] in ('', ' ')):
                head -= 1   # whole words
            tail = 0
            while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
                tail += 1
            while tail and a[len(a) - tail] != ' ':
                tail -= 1
            at = text.index(a)
            segs = [(KEEP, text[:at + head])]
            if a[head:len(a) - tail]:
                segs.append((DEL, a[head:len(a) - tail]))
            if b[head:len(b) - tail]:
                segs.append((INS, b[head:len(b) - tail]))
            segs.append((KEEP, text[at + len(a) - tail:]))
            out[i] = (KEEP, [s for s in segs if s[1]])
        elif isinstance(e, Delete):
            out[i] = (DEL, [(DEL, paragraphs[i])])
        else:
            inserts.setdefault(i, []).append(e.text)
    result = []
    for i, item in enumerate(out):
        result.append(item)
        for text in inserts.get(i, []):
            result.append((INS, [(INS, text)]))
    return result


def critic(paras: list[tuple[str, list[Seg]]]) -> str:
    """CriticMarkup: a whole new or deleted paragraph carries its break inside the mark."""
    out = []
    joined = True  # no break before the first paragraph, nor after a deleted one (it is inside the mark)
    for whole, segs in paras:
        body = ''.join({KEEP: t, INS: '{++' + t + '++}', DEL: '{--' + t + '--}'}[m] if whole == KEEP else t for m, t in segs)
        if whole == INS:
            out.append('{++\n\n' + body + '++}')
            continue
        if not joined:
            out.append('\n\n')
        if whole == DEL:
            out.append('{--' + body + '\n\n--}')
            joined = True
            continue
        out.append(body)
        joined = False
    return ''.join(out) + '\n'


def run(text: str, mark: str, tracked: bool) -> str:
    rpr = ''
    if not tracked and mark == DEL:
        rpr = '<w:rPr><w:strike/></w:rPr>'
    elif not tracked and mark == INS:
        rpr = '<w:rPr><w:u w:val="single"/></w:rPr>'
    return f'<w:r>{rpr}{bs.text_children(text, deleted=tracked and mark == DEL)}</w:r>'


class Ids:
    def __init__(self) -> None:
        self.n = 0

    def take(self) -> int:
        self.n += 1
        return self.n


def docx_paragraph(doc: str, index: int, whole: str, segs: list[Seg], tracked: bool, ids: Ids, last: bool) -> str:
    """One w:p; a wholly inserted or deleted paragraph has its mark inserted or deleted too
    (not the last one of the document, whose mark cannot be)."""
    content = []
    for mark, text in segs:
        mark = whole or mark
        r = run(text, mark, tracked)
        if tracked and mark:
            r = f'<w:{mark} w:id="{ids.take()}" w:author="{BRAZIL}" w:date="{BRAZIL_DATE}">{r}</w:{mark}>'
        content.append(r)
    ppr = ''
    if whole and not last:
        if tracked:
            ppr = f'<w:pPr><w:rPr><w:{whole} w:id="{ids.take()}" w:author="{BRAZIL}" w:date="{BRAZIL_DATE}"/></w:rPr></w:pPr>'
        else:
            ppr = '<w:pPr><w:rPr>' + ('<w:strike/>' if whole == DEL else '<w:u w:val="single"/>') + '</w:rPr></w:pPr>'
    return f'<w:p {bs.para_ids(doc, index)}>{ppr}{"".join(content)}</w:p>'


def docx(path: Path, paras: list[tuple[str, list[Seg]]], tracked: bool, title: str) -> None:
    ids = Ids()
    body = [docx_paragraph(path.stem, i, whole, segs, tracked, ids, i == len(paras) - 1)
            for i, (whole, segs) in enumerate(paras)]
    bs.package(path, body, title, 'Resolution 11.10 (Rev.COP14)', bs.Part(), track=tracked, pages=5)


def build(outdir: Path) -> list[Path]:
    paragraphs = BASE.read_text(encoding='utf-8').rstrip('\n').split('\n\n')
    paths = [outdir / OUT_EU, outdir / OUT_BRAZIL, outdir / OUT_NORWAY]
    docx(paths[0], marked(paragraphs, EU), tracked=False, title='Resolution 11.10: amendments proposed by the European Union')
    docx(paths[1], marked(paragraphs, BRAZIL_EDITS), tracked=True, title='Resolution 11.10: amendments proposed by Brazil')
    paths[2].write_text(critic(marked(paragraphs, NORWAY)), encoding='utf-8')
    return paths


def main() -> int:
    for path in build(HERE):
        print(path.relative_to(HERE.parent))
    return 0


if __name__ == '__main__':
    sys.exit(main())
