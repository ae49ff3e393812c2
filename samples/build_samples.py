#!/usr/bin/env python3
"""Build resamend's realistic sample documents — independently of resamend.

The samples are the documents the project was created for: the CMS report
UNEP/CMS/COP14/Doc.18.1 *Synergies and Partnerships*, whose Annex 1 amends
Resolution 11.10 (Rev.COP13) with underline (new text) and strike-through
(deleted text), the same Annex 1 as real tracked changes, the COP15 report that
follows it (hyperlinks that are *not* insertions), and the two plain texts a
reader must produce: the published base (original view) and the consolidated
Resolution 11.10 (Rev.COP14) (final view).

Why this script does not import resamend: a sample built by the code under test
would prove nothing.  Everything here is plain string templates and the
standard library.  The output is deterministic (fixed ZIP timestamps, sorted
members, fixed rsids and ids), so rebuilding gives identical bytes.

Inputs
    samples/cms-res-11.10-cop14-annex1.critic.txt   Annex 1 in CriticMarkup
        (a copy of ../shared/reference/cms-res-11.10-cop14-annex1.critic.txt)
    the report excerpts below, copied from the seed texts
        (../shared/seeds/000_*.txt and 001_*.txt); ``--check-seeds DIR``
        proves that every copied paragraph occurs in the seeds.

Usage
    python samples/build_samples.py                 # writes into samples/
    python samples/build_samples.py --check-seeds /work/shared/seeds
    python samples/build_samples.py --verify /work/shared/corpus/tools/oracle.py
"""
from __future__ import annotations

import argparse
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRITIC = HERE / 'cms-res-11.10-cop14-annex1.critic.txt'

OUT_COP14 = 'cms-cop14-doc18.1-synergies.docx'
OUT_TRACKED = 'cms-res-11.10-cop14-annex1-tracked.docx'
OUT_COP15 = 'cms-cop15-doc18.1-synergies.docx'
OUT_BASE = 'cms-res-11.10-rev-cop13.txt'
OUT_FINAL = 'cms-res-11.10-rev-cop14.txt'

AUTHOR = 'CMS Secretariat'
REVISION_DATE = '2023-11-20T10:00:00Z'
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Fixed revision-save ids, as Word records them in settings.xml.
RSID_ROOT = '00A72C1E'
RSID_REPORT = '00F3C6D1'   # the session that typed the report
RSID_BASE = '004E1B7A'     # the session that pasted the resolution text
RSID_INS = '0061A3D2'      # the session that typed the amendments
RSID_DEL = '00E46F19'      # the session that struck text through
RSID_ALT = '007D2A4B'      # a later touch-up session (splits runs mid-word)
RSID_PARA = '00B21C5F'
ALL_RSIDS = sorted({RSID_ROOT, RSID_REPORT, RSID_BASE, RSID_INS, RSID_DEL, RSID_ALT, RSID_PARA})

HISTORY_COP13 = ('Adopted by the Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014) '
                 'and amended at its 13th Meeting (Gandhinagar, 17–22 February 2020)')
HISTORY_COP14 = HISTORY_COP13 + ' and 14th Meeting (Samarkand, 12–17 February 2024)'

NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
NS_DECL = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           f'xmlns:r="{NS_R}" '
           'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
           f'xmlns:w="{NS_W}" mc:Ignorable="w14"')
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.'


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

def esc(text: str) -> str:
    """Escape text for an XML text node."""
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def esc_attr(text: str) -> str:
    return esc(text).replace('"', '&quot;')


def stable_int(*parts: object) -> int:
    """A deterministic pseudo-random number: Word's run splits look random, ours must not be."""
    digest = hashlib.sha256('|'.join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], 'big')


def para_ids(doc: str, index: int) -> str:
    """w14:paraId / w14:textId as Word 2010+ writes them (paraId < 0x80000000)."""
    pid = stable_int(doc, 'para', index) & 0x7FFFFFFF
    tid = stable_int(doc, 'text', index) & 0x7FFFFFFF
    return f'w14:paraId="{pid:08X}" w14:textId="{tid:08X}"'


def text_children(text: str, deleted: bool = False) -> str:
    """The children of a w:r for a piece of text: w:t / w:delText, w:tab and w:br."""
    tag = 'w:delText' if deleted else 'w:t'
    out = []
    for piece in re.split(r'(\t|\n)', text):
        if piece == '\t':
            out.append('<w:tab/>')
        elif piece == '\n':
            out.append('<w:br/>')
        elif piece:
            space = ' xml:space="preserve"' if piece != piece.strip(' ') else ''
            out.append(f'<{tag}{space}>{esc(piece)}</{tag}>')
    return ''.join(out)


def write_zip(path: Path, parts: dict[str, str | bytes]) -> None:
    """Write a DOCX package byte-for-byte reproducibly: sorted members, fixed time stamps."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as zf:
        for name in sorted(parts):
            data = parts[name]
            if isinstance(data, str):
                data = data.encode('utf-8')
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data, compresslevel=9)
    path.write_bytes(buf.getvalue())


# ---------------------------------------------------------------------------
# CriticMarkup reference -> marked paragraphs
# ---------------------------------------------------------------------------

KEEP, INS, DEL = '', 'ins', 'del'
Seg = tuple[str, str]  # (mark, text)

CRITIC_RE = re.compile(r'\{\+\+(.*?)\+\+\}|\{--(.*?)--\}', re.S)


def parse_critic(text: str) -> list[list[Seg]]:
    """Paragraphs (separated by a blank line) of (mark, text) segments; a single newline is a line break."""
    paragraphs = []
    for block in text.strip('\n').split('\n\n'):
        segs: list[Seg] = []
        pos = 0
        for m in CRITIC_RE.finditer(block):
            if m.start() > pos:
                segs.append((KEEP, block[pos:m.start()]))
            segs.append((INS, m.group(1)) if m.group(1) is not None else (DEL, m.group(2)))
            pos = m.end()
        if pos < len(block):
            segs.append((KEEP, block[pos:]))
        paragraphs.append(segs)
    return paragraphs


def union_text(segs: list[Seg]) -> str:
    return ''.join(t for _, t in segs)


def whole_mark(segs: list[Seg]) -> str:
    """INS/DEL when the whole paragraph is one kind of change (its paragraph mark changes too)."""
    marks = {m for m, t in segs if t}
    return marks.pop() if len(marks) == 1 and KEEP not in marks else KEEP


# ---------------------------------------------------------------------------
# the two plain-text views, written independently of resamend
# ---------------------------------------------------------------------------

LABEL_RE = re.compile(r'^(\d+)(bis|ter|quater)?\.([ \t])')
SEAM_PUNCT = ',;.)'


def fix_seam(text: str, pos: int) -> str:
    """Clean the one place where a removed change left a doubled space or a space before punctuation."""
    before = text[pos - 1] if pos > 0 else ''
    after = text[pos] if pos < len(text) else ''
    if before == ' ' and (after == ' ' or after == '' or after in SEAM_PUNCT):
        return text[:pos - 1] + text[pos:]
    if before == '' and after == ' ':
        return text[pos + 1:]
    return text


def view_text(segs: list[Seg], final: bool) -> str:
    """The paragraph as accepted (final) or rejected (original), with seams cleaned."""
    drop = DEL if final else INS
    out, seams, pos = [], [], 0
    for mark, text in segs:
        if mark == drop:
            if not seams or seams[-1] != pos:
                seams.append(pos)
            continue
        out.append(text)
        pos += len(text)
    text = ''.join(out)
    for seam in reversed(seams):
        text = fix_seam(text, seam)
    return text


def resolution_views(paragraphs: list[list[Seg]]) -> tuple[list[str], list[str]]:
    """Body paragraphs (after heading, title and NB note) of the original and the final view."""
    body = paragraphs[3:]
    original = [p for p in (view_text(s, final=False) for s in body) if p.strip()]
    final = [p for p in (view_text(s, final=True) for s in body) if p.strip()]
    return original, renumber(final)


def renumber(paragraphs: list[str]) -> list[str]:
    """Operative paragraphs numbered 1., 2., … in order (8bis. becomes 9., and so on).

    Only the number changes; the separator the drafter typed after it (a space,
    or the tab after "8bis.") is kept, as every other character is.
    """
    out, n = [], 0
    for p in paragraphs:
        m = LABEL_RE.match(p)
        if m:
            n += 1
            p = f'{n}.{m.group(3)}' + p[m.end():]
        out.append(p)
    return out


def labels(paragraphs: list[str]) -> list[str]:
    return [m.group(1) + (m.group(2) or '') for m in map(LABEL_RE.match, paragraphs) if m]


def plain_texts(paragraphs: list[list[Seg]]) -> tuple[str, str]:
    original, final = resolution_views(paragraphs)
    assert labels(original) == [str(i) for i in range(1, 29)], labels(original)
    assert labels(final) == [str(i) for i in range(1, 31)], labels(final)
    base = ['Resolution 11.10 (Rev.COP13)', 'SYNERGIES AND PARTNERSHIPS', HISTORY_COP13] + original
    cons = ['Resolution 11.10 (Rev.COP14)', 'SYNERGIES AND PARTNERSHIPS', HISTORY_COP14] + final
    return '\n\n'.join(base) + '\n', '\n\n'.join(cons) + '\n'


# ---------------------------------------------------------------------------
# Word-like runs for the Annex 1 paragraphs
# ---------------------------------------------------------------------------

PREAMBLE_WORDS = {'Recalling', 'Acknowledging', 'Noting', 'with', 'appreciation', 'Recognizing',
                  'Appreciating', 'Expressing', 'its', 'gratitude', 'Welcoming', 'also', 'Further',
                  'taking', 'note', 'recognizing', 'Highlighting', 'Aware', 'Convinced'}
OPERATIVE_WORDS = {'Stresses', 'Requests', 'requests', 'rRequests', 'Rrequests', 'Also', 'Further',
                   'Calls', 'on', 'Notes', 'Recognizes', 'Encourages', 'encourages', 'Welcomes',
                   'Invites', 'invites', 'Urges', 'uUrges'}
ITALIC_ANYWHERE = {'aAppreciating'}   # the new opening word after a struck-out preamble opening
PROOF_WORDS = ('InforMEA', 'DaRT', 'NBSAPs', 'subnational', 'transdisciplinary', 'ICLEI')
GRAMMAR_SPANS = ('organization (NGO)',)
BOOKMARKS = {'8bis.': '_Hlk148093361'}


def italic_flags(text: str) -> list[bool]:
    """CMS house style: the opening words of preambular and operative paragraphs are in italics.

    Computed on the union text (both marks), so italics run across amendment marks
    the way they do in the drafts ("Further rRequests").
    """
    flags = [False] * len(text)
    if text.startswith('The Conference of the Parties to the\n'):
        return [True] * len(text)
    m = LABEL_RE.match(text)
    start, vocab = (m.end(), OPERATIVE_WORDS) if m else (0, PREAMBLE_WORDS)
    end = start
    for word in re.finditer(r'\S+', text[start:]):
        if word.group() not in vocab:
            break
        end = start + word.end()
    for i in range(start, end):
        flags[i] = True
    for word in re.finditer(r'\S+', text):
        if word.group() in ITALIC_ANYWHERE:
            for i in range(word.start(), word.end()):
                flags[i] = True
    return flags


@dataclass
class RunItem:
    text: str
    mark: str
    italic: bool
    rsid: str
    first: bool = False


@dataclass
class MarkerItem:
    xml: str


@dataclass
class Ids:
    """One counter for bookmark and revision ids, so every w:id in a part is unique."""
    next: int = 0

    def take(self) -> int:
        self.next += 1
        return self.next


def annex_items(doc: str, index: int, segs: list[Seg], ids: Ids) -> list[RunItem | MarkerItem]:
    """Split a marked paragraph into runs the way Word would have saved it.

    Besides the boundaries the formatting needs, Word leaves boundaries where an
    editing session touched the text (mid-word, or a lone space run), and
    proofing and bookmark markers between runs.  All choices are deterministic.
    """
    text = union_text(segs)
    marks = [m for m, t in segs for _ in t]
    italic = italic_flags(text)
    n = len(text)
    attrs = list(zip(marks, italic))
    bounds = {0, n} | {i for i in range(1, n) if attrs[i] != attrs[i - 1]}
    markers: dict[int, list[str]] = {}

    def add_marker(pos: int, xml: str) -> None:
        markers.setdefault(pos, []).append(xml)
        bounds.add(pos)

    for label, name in BOOKMARKS.items():
        if text.startswith(label):
            bid = ids.take()
            add_marker(0, f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>')
            add_marker(n, f'<w:bookmarkEnd w:id="{bid}"/>')
    for word in PROOF_WORDS:
        m = re.search(r'\b%s\b' % re.escape(word), text)
        if m:
            add_marker(m.start(), '<w:proofErr w:type="spellStart"/>')
            add_marker(m.end(), '<w:proofErr w:type="spellEnd"/>')
    for span in GRAMMAR_SPANS:
        i = text.find(span)
        if i >= 0:
            add_marker(i, '<w:proofErr w:type="gramStart"/>')
            add_marker(i + len(span), '<w:proofErr w:type="gramEnd"/>')

    touched: set[int] = set()
    plain = sorted(bounds)
    for a, b in zip(plain, plain[1:]):
        h = stable_int(doc, index, a)
        if b - a >= 15 and h % 4 == 0:          # a touch-up session split a word
            cands = [i for i in range(a + 3, b - 3) if text[i - 1].isalpha() and text[i].isalpha()]
            if cands:
                cut = cands[(h >> 8) % len(cands)]
                bounds.add(cut)
                touched.add(cut)
        elif b - a >= 15 and h % 7 == 1:        # a retyped space in a run of its own
            spaces = [i for i in range(a + 1, b - 1)
                      if text[i] == ' ' and text[i - 1] != ' ' and text[i + 1] != ' ']
            if spaces:
                sp = spaces[(h >> 8) % len(spaces)]
                bounds |= {sp, sp + 1}
                touched.add(sp)

    items: list[RunItem | MarkerItem] = []
    cuts = sorted(bounds)
    for a, b in zip(cuts, cuts[1:] + [None]):
        for xml in sorted(markers.get(a, []), key=lambda x: 'End' not in x):   # close before open
            items.append(MarkerItem(xml))
        if b is None:
            break
        mark, ital = attrs[a]
        rsid = RSID_ALT if a in touched else {KEEP: RSID_BASE, INS: RSID_INS, DEL: RSID_DEL}[mark]
        items.append(RunItem(text[a:b], mark, ital, rsid, first=(a == 0)))
    return items


def run_xml(item: RunItem, tracked: bool, last_rendered_break: bool = False) -> str:
    """One w:r; formatting marks (u/strike) only in the formatting redline."""
    rpr = []
    if item.italic:
        rpr.append('<w:i/><w:iCs/>')
    if not tracked and item.mark == DEL:
        rpr.append('<w:strike/>')
    if not tracked and item.mark == INS:
        rpr.append('<w:u w:val="single"/>')
    if item.mark == INS:
        rpr.append('<w:lang w:val="en-US"/>')   # typed on a US keyboard, as amendments often are
    rpr_xml = f'<w:rPr>{"".join(rpr)}</w:rPr>' if rpr else ''
    if tracked and item.mark == DEL:
        attrs = f' w:rsidDel="{item.rsid}"'
    elif item.mark == KEEP and item.rsid == RSID_BASE:
        attrs = f' w:rsidRPr="{RSID_BASE}"' if item.italic else ''
    else:
        attrs = f' w:rsidR="{item.rsid}" w:rsidRPr="{item.rsid}"'
    lrpb = '<w:lastRenderedPageBreak/>' if last_rendered_break else ''
    return f'<w:r{attrs}>{rpr_xml}{lrpb}{text_children(item.text, deleted=tracked and item.mark == DEL)}</w:r>'


def revision_attrs(ids: Ids) -> str:
    return f'w:id="{ids.take()}" w:author="{AUTHOR}" w:date="{REVISION_DATE}"'


def annex_content(items: list[RunItem | MarkerItem], tracked: bool, ids: Ids, lrpb: bool) -> str:
    """Paragraph content; for tracked changes consecutive runs of one kind share a w:ins/w:del."""
    out: list[str] = []
    open_mark = KEEP
    for k, item in enumerate(items):
        if isinstance(item, MarkerItem):
            nxt = next((x for x in items[k + 1:] if isinstance(x, RunItem)), None)
            if open_mark and (nxt is None or nxt.mark != open_mark):
                out.append(f'</w:{open_mark}>')
                open_mark = KEEP
            out.append(item.xml)
            continue
        if tracked and item.mark != open_mark:
            if open_mark:
                out.append(f'</w:{open_mark}>')
            if item.mark:
                out.append(f'<w:{item.mark} {revision_attrs(ids)}>')
            open_mark = item.mark
        out.append(run_xml(item, tracked, last_rendered_break=lrpb and item.first))
    if open_mark:
        out.append(f'</w:{open_mark}>')
    return ''.join(out)


def annex_paragraph(doc: str, index: int, segs: list[Seg], tracked: bool, ids: Ids,
                    mark_insert_of_paragraph: bool) -> str:
    """A Word paragraph of the amended resolution (formatting redline or tracked changes)."""
    text = union_text(segs)
    items = annex_items(doc, index, segs, ids)
    lrpb = text.startswith('14. ')   # Word remembers where it last broke the page
    content = annex_content(items, tracked, ids, lrpb)
    ppr = []
    if text.startswith('The Conference of the Parties to the\n'):
        ppr.append('<w:keepNext/><w:spacing w:before="240"/>')
    mark_rpr = ''
    if mark_insert_of_paragraph:
        mark_rpr = (f'<w:rPr><w:ins {revision_attrs(ids)}/></w:rPr>' if tracked
                    else '<w:rPr><w:u w:val="single"/><w:lang w:val="en-US"/></w:rPr>')
    ppr_xml = f'<w:pPr>{"".join(ppr)}{mark_rpr}</w:pPr>' if (ppr or mark_rpr) else ''
    rsid = RSID_INS if whole_mark(segs) == INS else RSID_PARA
    return (f'<w:p {para_ids(doc, index)} w:rsidR="{rsid}" w:rsidRDefault="{RSID_BASE}" '
            f'w:rsidP="{RSID_PARA}">{ppr_xml}{content}</w:p>')


def annex_body(doc: str, paragraphs: list[list[Seg]], tracked: bool, ids: Ids, start: int,
               whole_doc_ends_here: bool) -> list[str]:
    """Heading, title, NB note and the marked body of Annex 1."""
    heading, title, nb = (union_text(p) for p in paragraphs[:3])
    out = [
        simple_para(doc, start, heading, style='Heading1'),
        simple_para(doc, start + 1, title, style='Title'),
        simple_para(doc, start + 2, nb, italic=True, extra_ppr=NB_BOX),
    ]
    body = paragraphs[3:]
    for k, segs in enumerate(body):
        inserted = whole_mark(segs) == INS
        if tracked and whole_doc_ends_here:
            # Word cannot insert the last paragraph mark of a document: the inserted
            # break is the one *before* a wholly inserted last paragraph.
            nxt_inserted = k + 1 == len(body) - 1 and whole_mark(body[k + 1]) == INS
            is_last = k == len(body) - 1
            mark_ins = (inserted and not is_last) or nxt_inserted
        else:
            mark_ins = inserted
        out.append(annex_paragraph(doc, start + 3 + k, segs, tracked, ids, mark_ins))
    return out


NB_BOX = ('<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="auto"/>'
          '<w:left w:val="single" w:sz="4" w:space="4" w:color="auto"/>'
          '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="auto"/>'
          '<w:right w:val="single" w:sz="4" w:space="4" w:color="auto"/></w:pBdr>')


# ---------------------------------------------------------------------------
# the report: a tiny inline markup for the excerpts
# ---------------------------------------------------------------------------

INLINE_RE = re.compile(r'\*\*(?P<b>.+?)\*\*|\*(?P<i>.+?)\*|\[(?P<lt>[^\]]+)\]\((?P<lu>[^)\s]+)\)'
                       r'|\^\[(?P<fn>\d+)\]')


def plain(markup: str) -> str:
    """The text a reader should see (no footnote numbers)."""
    def repl(m: re.Match) -> str:
        return m.group('b') or m.group('i') or m.group('lt') or ''
    return INLINE_RE.sub(repl, markup)


@dataclass
class Part:
    """What one XML part (document, footnotes) needs in its relationships."""
    rels: list[tuple[str, str, str, bool]] = field(default_factory=list)  # id, type, target, external

    def hyperlink(self, url: str) -> str:
        for rid, typ, target, _ in self.rels:
            if typ == 'hyperlink' and target == url:
                return rid
        rid = f'rId{100 + len(self.rels)}'
        self.rels.append((rid, 'hyperlink', url, True))
        return rid


def plain_run(text: str, rpr: str = '', rsid: str = RSID_REPORT) -> str:
    rpr_xml = f'<w:rPr>{rpr}</w:rPr>' if rpr else ''
    return f'<w:r w:rsidRPr="{rsid}">{rpr_xml}{text_children(text)}</w:r>'


def inline_runs(markup: str, part: Part, base_rpr: str = '') -> str:
    """Runs for a line of excerpt markup: **bold**, *italic*, [link](url), ^[n] footnote."""
    out, pos = [], 0
    for m in INLINE_RE.finditer(markup):
        if m.start() > pos:
            out.append(plain_run(markup[pos:m.start()], base_rpr))
        if m.group('b'):
            out.append(plain_run(m.group('b'), '<w:b/><w:bCs/>' + base_rpr))
        elif m.group('i'):
            out.append(plain_run(m.group('i'), base_rpr + '<w:i/><w:iCs/>'))
        elif m.group('lt'):
            rid = part.hyperlink(m.group('lu'))
            out.append(f'<w:hyperlink r:id="{rid}" w:history="1">'
                       + plain_run(m.group('lt'), '<w:rStyle w:val="Hyperlink"/>' + base_rpr) + '</w:hyperlink>')
        else:
            out.append(f'<w:r w:rsidRPr="{RSID_REPORT}"><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                       f'<w:footnoteReference w:id="{m.group("fn")}"/></w:r>')
        pos = m.end()
    if pos < len(markup):
        out.append(plain_run(markup[pos:], base_rpr))
    return ''.join(out)


def simple_para(doc: str, index: int, text: str, style: str = '', italic: bool = False,
                bold: bool = False, jc: str = '', extra_ppr: str = '', part: Part | None = None,
                num: tuple[int, int] | None = None, bookmark: tuple[int, str] | None = None,
                keep_next: bool = False) -> str:
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        ppr.append('<w:keepNext/>')
    if num:
        ppr.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    ppr.append(extra_ppr)
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    rpr = ('<w:b/><w:bCs/>' if bold else '') + ('<w:i/><w:iCs/>' if italic else '')
    runs = inline_runs(text, part or Part(), rpr)
    if bookmark:
        runs = (f'<w:bookmarkStart w:id="{bookmark[0]}" w:name="{bookmark[1]}"/>' + runs
                + f'<w:bookmarkEnd w:id="{bookmark[0]}"/>')
    ppr_xml = f'<w:pPr>{"".join(ppr)}</w:pPr>' if any(ppr) else ''
    return (f'<w:p {para_ids(doc, index)} w:rsidR="{RSID_REPORT}" w:rsidRDefault="{RSID_REPORT}" '
            f'w:rsidP="{RSID_REPORT}">{ppr_xml}{runs}</w:p>')


def page_break_para(doc: str, index: int) -> str:
    return (f'<w:p {para_ids(doc, index)} w:rsidR="{RSID_REPORT}" w:rsidRDefault="{RSID_REPORT}">'
            '<w:r><w:br w:type="page"/></w:r></w:p>')


def table(cells: list[list[str]], widths: list[int], borders: bool) -> str:
    """A one-row table (title block, summary box) as Word lays them out."""
    border = ('<w:tblBorders>' + ''.join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV')) + '</w:tblBorders>'
              if borders else '')
    grid = ''.join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    tcs = ''.join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{"".join(c)}</w:tc>'
                  for c, w in zip(cells, widths))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{border}'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid><w:tr>{tcs}</w:tr></w:tbl>')


# ---------------------------------------------------------------------------
# package parts shared by the three documents
# ---------------------------------------------------------------------------

def content_types(parts: list[str]) -> str:
    kinds = {
        'word/document.xml': CT + 'document.main+xml',
        'word/styles.xml': CT + 'styles+xml',
        'word/settings.xml': CT + 'settings+xml',
        'word/webSettings.xml': CT + 'webSettings+xml',
        'word/fontTable.xml': CT + 'fontTable+xml',
        'word/numbering.xml': CT + 'numbering+xml',
        'word/footnotes.xml': CT + 'footnotes+xml',
        'word/header1.xml': CT + 'header+xml',
        'word/header2.xml': CT + 'header+xml',
        'word/theme/theme1.xml': 'application/vnd.openxmlformats-officedocument.theme+xml',
        'docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
        'docProps/app.xml': 'application/vnd.openxmlformats-officedocument.extended-properties+xml',
    }
    overrides = ''.join(f'<Override PartName="/{p}" ContentType="{kinds[p]}"/>' for p in parts if p in kinds)
    return (XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + overrides + '</Types>')


def rels_xml(rels: list[tuple[str, str, str, bool]]) -> str:
    items = []
    for rid, typ, target, external in rels:
        url = typ if typ.startswith('http') else REL + typ
        mode = ' TargetMode="External"' if external else ''
        items.append(f'<Relationship Id="{rid}" Type="{url}" Target="{esc_attr(target)}"{mode}/>')
    return (XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + ''.join(items) + '</Relationships>')


ROOT_RELS = [
    ('rId3', 'extended-properties', 'docProps/app.xml', False),
    ('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
     'docProps/core.xml', False),
    ('rId1', 'officeDocument', 'word/document.xml', False),
]


def styles_xml() -> str:
    """docDefaults and the styles a CMS document uses (Hyperlink: underlined, yet not an insertion)."""
    def pstyle(sid: str, name: str, ppr: str = '', rpr: str = '', based: str = 'Normal',
               ui: int = 0, link_next: str = 'Normal') -> str:
        return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
                f'<w:basedOn w:val="{based}"/><w:next w:val="{link_next}"/><w:uiPriority w:val="{ui}"/>'
                f'<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')
    return (XML_HEAD + f'<w:styles {NS_DECL}>'
            '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:eastAsia="Times New Roman" '
            'w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            '</w:pPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
            '<w:pPr><w:spacing w:after="240"/><w:jc w:val="both"/></w:pPr></w:style>'
            + pstyle('Heading1', 'heading 1', '<w:keepNext/><w:spacing w:before="240" w:after="240"/>'
                     '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>', '<w:b/><w:bCs/><w:sz w:val="22"/>',
                     ui=9)
            + pstyle('Heading2', 'heading 2', '<w:keepNext/><w:spacing w:before="120" w:after="240"/>'
                     '<w:jc w:val="left"/><w:outlineLvl w:val="1"/>', '<w:b/><w:bCs/>', ui=9)
            + pstyle('Title', 'Title', '<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/>',
                     '<w:b/><w:bCs/><w:kern w:val="28"/><w:sz w:val="24"/><w:szCs w:val="24"/>', ui=10)
            + pstyle('ListParagraph', 'List Paragraph', '<w:ind w:left="720"/><w:contextualSpacing/>', ui=34)
            + '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>'
            '<w:uiPriority w:val="99"/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/>'
            '<w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0"/><w:jc w:val="right"/></w:pPr>'
            '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:pPr><w:spacing w:after="0"/>'
            '<w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
            '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
            '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
            '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:rPr><w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/></w:rPr></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
            '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
            '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
            '<w:uiPriority w:val="99"/><w:semiHidden/></w:style>'
            '</w:styles>')


LEVEL_FORMATS = ['decimal', 'lowerLetter', 'lowerRoman'] * 3


def numbering_xml(lists: list[tuple[int, str, list[tuple[str, str]]]]) -> str:
    """Abstract lists: (abstractNumId, nsid, [(numFmt, lvlText) for the first levels]); 9 levels as Word writes."""
    out = []
    for aid, nsid, first in lists:
        lvls = []
        for lvl in range(9):
            fmt, txt = first[lvl] if lvl < len(first) else (LEVEL_FORMATS[lvl], f'%{lvl + 1}.')
            left = 567 * (lvl + 1)
            rpr = ('<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>'
                   if fmt == 'bullet' else '')
            lvls.append(f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                        f'<w:lvlText w:val="{esc_attr(txt)}"/><w:lvlJc w:val="left"/>'
                        f'<w:pPr><w:ind w:left="{left}" w:hanging="567"/></w:pPr>{rpr}</w:lvl>')
        out.append(f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="{nsid}"/>'
                   f'<w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="0809000F"/>{"".join(lvls)}'
                   '</w:abstractNum>')
    nums = ''.join(f'<w:num w:numId="{aid + 1}"><w:abstractNumId w:val="{aid}"/></w:num>' for aid, _, _ in lists)
    return XML_HEAD + f'<w:numbering {NS_DECL}>' + ''.join(out) + nums + '</w:numbering>'


def settings_xml(track: bool, footnotes: bool) -> str:
    rsids = f'<w:rsids><w:rsidRoot w:val="{RSID_ROOT}"/>' + ''.join(
        f'<w:rsid w:val="{r}"/>' for r in ALL_RSIDS) + '</w:rsids>'
    return (XML_HEAD + f'<w:settings {NS_DECL}><w:zoom w:percent="100"/>'
            + ('<w:trackRevisions/>' if track else '')
            + '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
            + ('<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' if footnotes else '')
            + '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat>' + rsids
            + '<w:themeFontLang w:val="en-GB"/><w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" '
            'w:t2="dark2" w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
            'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
            'w:followedHyperlink="followedHyperlink"/><w:decimalSymbol w:val="."/>'
            '<w:listSeparator w:val=","/></w:settings>')


def font_table_xml() -> str:
    fonts = [('Arial', '020B0604020202020204', 'swiss', 'variable'),
             ('Times New Roman', '02020603050405020304', 'roman', 'variable'),
             ('Symbol', '05050102010706020507', 'roman', 'variable'),
             ('Calibri', '020F0502020204030204', 'swiss', 'variable')]
    body = ''.join(f'<w:font w:name="{n}"><w:panose1 w:val="{p}"/><w:charset w:val="00"/>'
                   f'<w:family w:val="{f}"/><w:pitch w:val="{pt}"/></w:font>' for n, p, f, pt in fonts)
    return XML_HEAD + f'<w:fonts {NS_DECL}>{body}</w:fonts>'


def web_settings_xml() -> str:
    return XML_HEAD + f'<w:webSettings {NS_DECL}><w:optimizeForBrowser/><w:allowPNG/></w:webSettings>'


def theme_xml() -> str:
    """A minimal but complete Office theme (colours, fonts, three of each format style)."""
    colours = [('dk1', '<a:sysClr val="windowText" lastClr="000000"/>'),
               ('lt1', '<a:sysClr val="window" lastClr="FFFFFF"/>'),
               ('dk2', '<a:srgbClr val="44546A"/>'), ('lt2', '<a:srgbClr val="E7E6E6"/>'),
               ('accent1', '<a:srgbClr val="4472C4"/>'), ('accent2', '<a:srgbClr val="ED7D31"/>'),
               ('accent3', '<a:srgbClr val="A5A5A5"/>'), ('accent4', '<a:srgbClr val="FFC000"/>'),
               ('accent5', '<a:srgbClr val="5B9BD5"/>'), ('accent6', '<a:srgbClr val="70AD47"/>'),
               ('hlink', '<a:srgbClr val="0563C1"/>'), ('folHlink', '<a:srgbClr val="954F72"/>')]
    clr = ''.join(f'<a:{n}>{v}</a:{n}>' for n, v in colours)
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    font = ('<a:{k}Font><a:latin typeface="{f}"/><a:ea typeface=""/><a:cs typeface=""/></a:{k}Font>')
    return (XML_HEAD + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'name="Office Theme"><a:themeElements>'
            f'<a:clrScheme name="Office">{clr}</a:clrScheme>'
            '<a:fontScheme name="Office">' + font.format(k='major', f='Calibri Light')
            + font.format(k='minor', f='Calibri') + '</a:fontScheme>'
            f'<a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst><a:lnStyleLst>'
            + f'<a:ln w="6350">{fill}</a:ln>' * 3 + '</a:lnStyleLst><a:effectStyleLst>'
            + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3
            + f'</a:effectStyleLst><a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>'
            '</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>')


def footnotes_xml(notes: list[tuple[int, str]], part: Part) -> str:
    """Separator (-1) and continuation separator (0) as Word writes them, then the real notes."""
    sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
           'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
           'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
    body = ''.join(
        f'<w:footnote w:id="{nid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{inline_runs(text, part)}</w:p></w:footnote>'
        for nid, text in notes)
    return XML_HEAD + f'<w:footnotes {NS_DECL}>{sep}{body}</w:footnotes>'


def header_xml(symbol: str) -> str:
    run = f'<w:r><w:t>{esc(symbol)}</w:t></w:r>' if symbol else ''
    return (XML_HEAD + f'<w:hdr {NS_DECL}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>{run}</w:p></w:hdr>')


def core_xml(title: str) -> str:
    return (XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{esc(title)}</dc:title><dc:creator>{AUTHOR}</dc:creator>'
            f'<cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy><cp:revision>3</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{REVISION_DATE}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{REVISION_DATE}</dcterms:modified>'
            '</cp:coreProperties>')


def app_xml(words: int, chars: int, paragraphs: int, pages: int) -> str:
    return (XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>{pages}</Pages><Words>{words}</Words>'
            f'<Characters>{chars}</Characters><Application>Microsoft Office Word</Application>'
            f'<DocSecurity>0</DocSecurity><Lines>{max(1, chars // 90)}</Lines><Paragraphs>{paragraphs}</Paragraphs>'
            '<ScaleCrop>false</ScaleCrop><Company>UNEP</Company><LinksUpToDate>false</LinksUpToDate>'
            f'<CharactersWithSpaces>{chars + words}</CharactersWithSpaces><SharedDoc>false</SharedDoc>'
            '<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>')


SECT_PR = ('<w:sectPr w:rsidR="{rsid}" w:rsidSect="{rsid}">{header}<w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1418" w:right="1247" w:bottom="1418" w:left="1247" w:header="709" '
           'w:footer="709" w:gutter="0"/><w:cols w:space="708"/>{title_pg}<w:docGrid w:linePitch="360"/></w:sectPr>')


def package(path: Path, body: list[str], title: str, symbol: str, part: Part, *, notes=None,
            numbering=None, track=False, cover=False, pages=1) -> None:
    """Assemble the parts of one DOCX and write it."""
    doc_rels = [('rId1', 'styles', 'styles.xml', False), ('rId2', 'settings', 'settings.xml', False),
                ('rId3', 'webSettings', 'webSettings.xml', False)]
    parts: dict[str, str] = {}
    if numbering:
        doc_rels.append(('rId4', 'numbering', 'numbering.xml', False))
        parts['word/numbering.xml'] = numbering_xml(numbering)
    if notes:
        notes_part = Part()
        parts['word/footnotes.xml'] = footnotes_xml(notes, notes_part)
        doc_rels.append(('rId5', 'footnotes', 'footnotes.xml', False))
        if notes_part.rels:
            parts['word/_rels/footnotes.xml.rels'] = rels_xml(notes_part.rels)
    doc_rels += [('rId6', 'header', 'header1.xml', False), ('rId7', 'fontTable', 'fontTable.xml', False),
                 ('rId8', 'theme', 'theme/theme1.xml', False)] + part.rels
    header = '<w:headerReference w:type="default" r:id="rId6"/>'
    if cover:   # the cover page carries the symbol in its title block, not in a header
        doc_rels.append(('rId9', 'header', 'header2.xml', False))
        parts['word/header2.xml'] = header_xml('')
        header += '<w:headerReference w:type="first" r:id="rId9"/>'
    document = (XML_HEAD + f'<w:document {NS_DECL}><w:body>' + ''.join(body)
                + SECT_PR.format(rsid=RSID_REPORT, header=header, title_pg='<w:titlePg/>' if cover else '')
                + '</w:body></w:document>')
    text = re.sub(r'<[^>]+>', ' ', document)
    words = len(re.findall(r'\w+', text))
    parts.update({
        'word/document.xml': document,
        'word/_rels/document.xml.rels': rels_xml(doc_rels),
        'word/styles.xml': styles_xml(),
        'word/settings.xml': settings_xml(track, bool(notes)),
        'word/webSettings.xml': web_settings_xml(),
        'word/fontTable.xml': font_table_xml(),
        'word/theme/theme1.xml': theme_xml(),
        'word/header1.xml': header_xml(symbol),
        'docProps/core.xml': core_xml(title),
        'docProps/app.xml': app_xml(words, len(text.replace(' ', '')), len(body), pages),
        '_rels/.rels': rels_xml(ROOT_RELS),
    })
    parts['[Content_Types].xml'] = content_types(sorted(parts))
    write_zip(path, parts)


# ---------------------------------------------------------------------------
# the report excerpts (copied from the seeds; 'added' marks our own words)
# ---------------------------------------------------------------------------

@dataclass
class P:
    """One report paragraph: kind, excerpt markup, seed it came from ('000', '001' or 'added')."""
    kind: str
    text: str = ''
    src: str = 'added'
    opts: dict = field(default_factory=dict)


def label(n: int, text: str, sep: str = ' ') -> str:
    return f'{n}.{sep}{text}'


COP14_SUMMARY = [
    'This document reports on progress in implementing Resolution 11.10 (Rev.COP13) *Synergies and '
    'Partnerships* and Decision 13.9 *NGO participation in CMS processes*.',
    'The document proposes amendments to Resolution 11.10 (Rev.COP13), the adoption of new Decisions and '
    'the deletion of Decisions 13.9–13.10.',
]

COP14_REPORT = [
    P('h1', 'SYNERGIES AND PARTNERSHIPS', '000'),
    P('h2', 'Background', '000'),
    P('para', label(1, 'The Conference of the Parties, at its 13th meeting^[1] (COP13, 2020), reaffirmed the '
                    'importance of engagement in relevant processes and cooperation with partners through the '
                    'adoption of Resolution 11.10 (Rev.COP13) *Synergies and Partnerships*.'), '000'),
    P('para', label(2, 'CMS Decision 13.9 *NGO participation in CMS processes* also provides specific mandates '
                    'aimed at setting up a process for NGO accreditation as well as for ways to increase the '
                    'engagement of indigenous peoples, youth groups and local communities in CMS processes:',
                    sep='\t'), '000'),
    P('quote-head', '13.9 Directed to the Secretariat', '000'),
    P('quote', 'The Secretariat shall:', '000'),
    P('quote-item', 'a)\testablish an Intersessional Working Group comprising Parties, the Secretariat, '
      'non-governmental organizations (NGOs) including members of the Civil Society Project Steering Group, and '
      'other relevant organizations to explore options for a special accreditation for NGO partners to CMS, '
      'including a process and a template for reporting to the Conference of the Parties;', '000'),
    P('quote-item', 'b)\tpresent a proposal for NGO partners’ accreditation to CMS under a) to the 14th meeting '
      'of the Conference of the Parties for its consideration and adoption;', '000'),
    P('quote-item', 'c)\tsubject to the availability of external resources, explore and propose ways to increase '
      'involvement of indigenous peoples, youth groups and local communities in CMS processes, building on the '
      'experiences from other multilateral environmental agreements, and present suggestions, including their '
      'cost implications, to the 14th meeting of the Conference of the Parties (COP14).', '000'),
    P('h2', 'Implementation of Resolution 11.10 (Rev.COP13) *Synergies and Partnerships*', '000'),
    P('h2', 'Engagement within the UN System', '000'),
    P('para', label(3, 'The Secretariat engaged in numerous relevant processes and meetings of the UN, including '
                    'those of the UN Environment Programme (UNEP) and the UN Environment Assembly (UNEA), '
                    'implementation of the 2030 Agenda for Sustainable Development, preparations for the 2021 '
                    'United Nations Food Summit, thematic dialogues convened by the UN Environment Management '
                    'Group, and consultations around the UN Decade on Ecosystem Restoration.'), '000'),
    P('h2', 'UNEP processes and initiatives, including UN Environment Assembly meetings', '000'),
    P('para', label(4, 'The Secretariat also engaged on specific initiatives with various UNEP Regional Offices, '
                    'including with:'), '000'),
    P('bullet', 'The North America Office, on issues related to ecological connectivity under the framework of '
      'the North America Marine Protected Areas Network (NAMPAN). The Office is a member of the CMS Scientific '
      'Council Working Group (ScC WG) on Connectivity on behalf of NAMPAM.', '000'),
    P('bullet', 'The India Office, to support collaboration with the Indian Government to help provide leadership '
      'and support to the implementation of CMS and the delivery of priority commitments and actions during '
      'India’s CMS COP Presidency (2020–2023).', '000'),
    P('bullet', 'The Regional Office for Europe, including its branch in Almaty, Kazakhstan, to support '
      'preparations for COP14.', '000'),
    P('bullet', 'All regional offices, to support the CMS regional workshops in preparation for COP14 (Pre-COPs) '
      'held in October 2023.', '000'),
    P('para', label(5, 'The Secretariat is an active member of the UN Environment-supported MEA Information and '
                    'Knowledge Management Initiative. A flagship project of the initiative is InforMEA '
                    '([www.informea.org](https://www.informea.org/)), a web-portal that provides centralized, '
                    'organized access to a wide array of MEA information such as COP decisions and resolutions, '
                    'national reports and focal point contact information.'), '000'),
    P('h2', 'Strengthening existing collaboration with other multilateral environmental agreements', '000'),
    P('h2', 'Liaison Group of Biodiversity-related Conventions', '000'),
    P('para', label(6, 'The Secretariat took part in the meetings and informal consultations of the BLG, which '
                    'took place over the course of the intersessional period. Further information can be found '
                    'here: [https://www.cbd.int/blg/](https://www.cbd.int/blg/).'), '000'),
    P('h2', 'Discussion and analysis', '000'),
    P('para', label(7, 'The CMS Secretariat has invested significant effort in engaging with other organizations '
                    'and partners, and is appreciative of the positive collaboration with other '
                    'biodiversity-related conventions, other UN entities, NGOs, and other stakeholders to further '
                    'the work of CMS.'), '000', {'bookmark': '_Hlk27397956'}),
    P('para', label(8, 'Subject to the availability of resources, the Secretariat will continue to engage with '
                    'these key organizations to advance the implementation of CMS. The Secretariat also proposes '
                    'to continue work to explore ways to establish a dialogue with other key stakeholders, '
                    'including indigenous peoples, local communities and youth groups, and to increase the '
                    'engagement and recognition of those NGO partners whose activities make a significant '
                    'contribution to CMS.'), '000'),
    P('h2', 'Recommended Actions', '000'),
    P('para', label(9, 'The Conference of the Parties is recommended to:'), '000', {'keep_next': True}),
    P('action', 'adopt the draft amendments to Resolution 11.10 (Rev. COP13) contained in Annex 1 of this document;',
      '000'),
    P('action', 'adopt the draft Decisions contained in Annex 2 of this document;', '000'),
    P('action', 'Delete Decisions 13.9–13.10.', '000'),
]

COP14_NOTES = [(1, '13th meeting of the Conference of the Parties, Gandhinagar, India, 17–22 February 2020.')]

COP14_ANNEX2 = [
    P('h1', 'DRAFT DECISIONS', '000'),
    P('h1', 'NGO AND OTHER GROUPS PARTICIPATION IN CMS PROCESSES', '000'),
    P('directed', 'Directed to the Secretariat', '000'),
    P('decision', '**14.AA**\tThe Secretariat shall:', '000'),
    P('dec-item', 'a)\testablish an Intersessional Working Group comprising Parties, the Secretariat, '
      'non-governmental organizations (NGOs) and other relevant organizations to explore options for a special '
      'accreditation for NGO partners to CMS, including a process and a template for reporting to the Conference '
      'of the Parties;', '000'),
    P('dec-item', 'b)\tpresent a proposal for accreditation for NGO partners to CMS to the 15th meeting of the '
      'Conference of the Parties for its consideration and adoption;', '000'),
    P('dec-item', 'c)\tsubject to the availability of external resources, continue exploring and proposing ways to '
      'increase the involvement of indigenous peoples, youth groups and local communities in CMS processes, '
      'building on the experiences from other multilateral environmental agreements, and present suggestions, '
      'including their cost implications, to the 15th meeting of the Conference of the Parties (COP15).', '000'),
    P('directed', 'Directed to Parties, IGOs & NGOs, Others', '000'),
    P('decision', '**14.BB**\tParties, NGOs and other relevant organizations are invited to support the Secretariat '
      'in exploring options for a special accreditation for NGO partners to CMS for the consideration of COP15.',
      '000'),
]

LOST = 'https://www.cms.int/'   # link targets the seed extraction lost ("(#)") point to the CMS home page

COP15_SUMMARY = [
    ('This document reports on progress in implementing Resolution 11.10 (Rev.COP14) *Synergies and '
     'Partnerships* and Decisions 14.8-14.10 *Participation of Non-Governmental Organizations and Other Groups '
     'in CMS Processes*.'),
    'The document proposes the adoption of new Decisions and deletion of Decisions 14.8–14.10.',
    ('The draft Decisions, if adopted, would contribute to all targets of the Strategic Plan for Migratory '
     'Species 2024-2032, especially Target 6.4.'),
]

COP15_REPORT = [
    P('h1', 'SYNERGIES AND PARTNERSHIPS', '001'),
    P('h2', 'Background', '001'),
    P('num', 'The Conference of the Parties, at its 14th meeting (COP14, 2024)^[1], reaffirmed the importance of '
      'engagement in relevant processes and cooperation with partners through the adoption of '
      f'[Resolution 11.10 (Rev.COP14) Synergies and Partnerships]({LOST}) which includes provisions directed to '
      'the Secretariat as well as Parties.', '001'),
    P('num', 'COP14 also adopted Decisions 14.8-14.10 *Participation of Non-Governmental Organizations and Other '
      'Groups in CMS Processes*:', '001'),
    P('quote-head', '14.8 Directed to Parties, intergovernmental and non-governmental organizations, and others',
      '001'),
    P('quote', 'Parties, NGOs and other relevant organizations are invited to support the Secretariat in exploring '
      'options for a special accreditation for NGO partners to CMS for the consideration of COP15.', '001'),
    P('quote-head', '14.9 Directed to the Scientific Council', '001'),
    P('quote', 'The Scientific Council is requested, subject to the availability of external resources, to:', '001'),
    P('quote-item', 'a)\t*assess the significance of multiple systems of knowledge and understanding, including '
      'traditional and Indigenous knowledge, for supporting effective migratory species conservation; and*', '001'),
    P('quote-item', 'b)\t*provide a report to COP15 with suggestions for ways in which CMS might facilitate '
      'inclusion of additional systems of knowledge and understanding for enhanced implementation of the '
      'Convention.*', '001'),
    P('h2', 'Strengthening existing collaboration with other multilateral environmental agreements', '001'),
    P('h2', 'Liaison Group of Biodiversity-related Conventions (BLG)', '001'),
    P('num', 'The Secretariat took part in the meetings and informal consultations of the BLG, which took place over '
      'the course of the intersessional period. The group met in person at the Food and Agriculture Organization '
      '(FAO) headquarters in Rome ahead of the resumed CBD COP16 meetings (February 2025).', '001'),
    P('num', 'BLG discussions included engagement with scientific bodies and mechanisms, such as the '
      'Intergovernmental Platform on Biodiversity and Ecosystem Services (IPBES), to help ensure that scientific '
      'assessments and evidence inform policy actions across conventions and at national levels. The group '
      'discussed ways to better support countries – especially through coordinated capacity-building, resource '
      'mobilization and technical assistance – to implement biodiversity commitments effectively. Further '
      'information can be found here: [https://www.cbd.int/blg/](https://www.cbd.int/blg/).', '001'),
    P('h2', 'Cooperation with multilateral environmental agreements', '001'),
    P('num', f'The collaboration with the CBD Secretariat including in the implementation and monitoring of the '
      f'KMGBF is addressed in [UNEP/CMS/COP15/Doc.18.3]({LOST}) *CMS Contribution to the Kunming-Montreal '
      f'Global Biodiversity Framework*.', '001'),
    P('num', 'Following the endorsement of the 2021-2025 Joint Work Programme, the Secretariats of CMS and the '
      'Convention on International Trade in Endangered Species of Wild Fauna and Flora (CITES) worked closely to '
      'further the conservation of a number of common species, including the African wild dog, cheetah, leopard '
      'and lion under the framework of the African Carnivores Initiative, as well as the Jaguar. Further details '
      f'are included in [UNEP/CMS/COP15/Doc.27.1 Joint CITES-CMS African Carnivores Initiative]({LOST}) and '
      f'[UNEP/CMS/COP15/Doc.27.4 Jaguar]({LOST}). The two bodies also cooperated on aquatic species of shared '
      'concern.', '001'),
    P('num', 'The Secretariat worked closely with the Secretariat of the United Nations Convention to Combat '
      'Desertification (UNCCD) on matters of common interest, with a special focus on ecological connectivity, '
      f'and launched the [Global Land Outlook Thematic Report on Ecological Connectivity and Land Restoration]'
      f'({LOST}) at the International Union for Conservation of Nature (IUCN) World Conservation Congress in Abu '
      'Dhabi on 11 October 2025.', '001'),
    P('h2', 'Cooperation on outreach activities', '001'),
    P('num', 'Since COP14, the Secretariat has continued to work closely with its partners: the East '
      'Asian-Australasian Flyway Partnership (EAAFP), Environment for the Americas (EFTA) and the '
      'African-Eurasian Waterbird Agreement (AEWA) to organize World Migratory Bird Day (WMBD)^[2], which is now '
      'being celebrated twice a year, on the second Saturdays in May and October. In 2024, the theme of WMBD was '
      f'"[Protect Insects, Protect Birds]({LOST})", highlighting the critical role insects play in the lifecycle '
      'of many migratory birds. In 2025, WMBD focused on highlighting the importance of designing and managing '
      'urban environments that support both birds and people under the slogan "[Shared Spaces: Creating '
      f'Bird-Friendly Cities and Communities]({LOST})". On 10 May 2025, an event was celebrated in Bonn in '
      'cooperation with ICLEI–Local Governments for Sustainability and GWOPA/UN-Habitat to bring attention to the '
      'importance of making urban areas more welcoming for migratory birds. In 2026, WMBD will focus on the '
      'important role of community science in bird conservation with the slogan "Every Bird Counts – Your '
      'Observations Matter!".', '001'),
    P('h2', 'Recommended actions', '001'),
    P('num', 'The Conference of the Parties is recommended to:', '001', {'keep_next': True}),
    P('sub', 'adopt the draft Decisions contained in the Annex of this document;', '001'),
    P('sub', 'Delete Decisions 14.8–14.10.', '001'),
]

COP15_NOTES = [
    (1, '14th meeting of the Conference of the Parties, Samarkand, Uzbekistan, 12–17 February 2024.'),
    (2, 'See [https://www.worldmigratorybirdday.org/](https://www.worldmigratorybirdday.org/).'),
]

COP15_ANNEX = [
    P('h1', 'ANNEX', '001'),
    P('h1', 'DRAFT DECISIONS', '001'),
    P('h1', 'TANGIBLE AND INTANGIBLE CULTURAL VALUES', '001'),
    P('directed', 'Directed to the Secretariat', '001'),
    P('decision', '**14.AA**\tThe Secretariat shall, subject to the availability of external resources, in '
      'collaboration with interested Parties, UNESCO and other relevant intergovernmental and non-governmental '
      'organizations, undertake a concise review of the values, policy principles and concrete opportunities that '
      'exist in relation to the tangible and intangible cultural values associated with migratory species and '
      'their conservation.', '001'),
    P('h1', 'PARTNERSHIP POLICY', '001'),
    P('directed', 'Directed to the Secretariat', '001'),
    P('decision', '**14.AA**\tThe Secretariat shall, subject to the availability of resources, develop a '
      'partnership policy tailored to the Convention and its instruments, depending on the outcome of the testing '
      'of the simplified UNEP policy.', '001'),
]

HANGING = '<w:ind w:left="567" w:hanging="567"/>'
QUOTE = '<w:ind w:left="567"/>'
QUOTE_ITEM = '<w:ind w:left="1134" w:hanging="567"/>'


class Body:
    """Collects the body paragraphs of one document with running paragraph indexes."""

    def __init__(self, doc: str, part: Part):
        self.doc, self.part, self.items = doc, part, []

    def add(self, xml: str) -> None:
        self.items.append(xml)

    def para(self, text: str, **kw) -> None:
        self.add(simple_para(self.doc, len(self.items), text, part=self.part, **kw))

    def page_break(self) -> None:
        self.add(page_break_para(self.doc, len(self.items)))

    def report(self, paragraphs: list[P], action_num: int = 0, bullet_num: int = 0, list_num: int = 0) -> None:
        """Lay out excerpt paragraphs in the CMS house style."""
        for p in paragraphs:
            o = p.opts
            if p.kind == 'h1':
                self.para(p.text, style='Heading1')
            elif p.kind == 'h2':
                self.para(p.text, style='Heading2')
            elif p.kind == 'para':
                bm = (len(self.items) + 900, o['bookmark']) if 'bookmark' in o else None
                ind = HANGING if '\t' in p.text[:6] else ''
                self.para(p.text, extra_ppr=ind, bookmark=bm, keep_next=o.get('keep_next', False))
            elif p.kind == 'num':
                self.para(p.text, num=(list_num, 0), keep_next=o.get('keep_next', False))
            elif p.kind == 'sub':
                self.para(p.text, num=(list_num, 1))
            elif p.kind == 'quote-head':
                self.para(p.text, bold=True, extra_ppr=QUOTE, keep_next=True)
            elif p.kind == 'quote':
                self.para(p.text, extra_ppr=QUOTE)
            elif p.kind == 'quote-item':
                self.para(p.text, extra_ppr=QUOTE_ITEM)
            elif p.kind == 'bullet':
                self.para(p.text, style='ListParagraph', num=(bullet_num, 0),
                          extra_ppr='<w:spacing w:after="120"/><w:ind w:left="1134" w:hanging="567"/>')
            elif p.kind == 'action':
                self.para(p.text, style='ListParagraph', num=(action_num, 0),
                          extra_ppr='<w:spacing w:after="120"/><w:ind w:left="1134" w:hanging="567"/>')
            elif p.kind == 'directed':
                self.para(p.text, italic=True, bold=True, keep_next=True)
            elif p.kind == 'decision':
                self.para(p.text, extra_ppr='<w:ind w:left="1134" w:hanging="1134"/>')
            elif p.kind == 'dec-item':
                self.para(p.text, extra_ppr='<w:ind w:left="1701" w:hanging="567"/>')
            else:
                raise ValueError(p.kind)


def title_block(body: Body, symbol: str, date: str, meeting: str, place: str, item: str,
                summary: list[str]) -> None:
    """The cover of a CMS meeting document: convention, symbol, date, language, meeting, title, summary."""
    left = [simple_para(body.doc, 500, 'CONVENTION ON\nMIGRATORY\nSPECIES', bold=True, jc='left',
                        extra_ppr='<w:spacing w:after="0"/>')]
    right = [simple_para(body.doc, 501 + k, t, jc='right', extra_ppr='<w:spacing w:after="0"/>')
             for k, t in enumerate([symbol, '', date, '', 'Original: English'])]
    body.add(table([left, right], [4706, 4706], borders=False))
    body.para('', extra_ppr='<w:spacing w:after="0"/>')
    body.para(meeting, bold=True, jc='center', extra_ppr='<w:spacing w:before="480" w:after="0"/>')
    body.para(place, jc='center', extra_ppr='<w:spacing w:after="0"/>')
    body.para(item, jc='center')
    body.para('SYNERGIES AND PARTNERSHIPS', style='Title')
    body.para('(Prepared by the Secretariat)', jc='center', extra_ppr='<w:spacing w:after="480"/>')
    cell = [simple_para(body.doc, 520, 'Summary:', bold=True, extra_ppr='<w:spacing w:before="120"/>')]
    cell += [simple_para(body.doc, 521 + k, t, part=body.part) for k, t in enumerate(summary)]
    body.add(table([cell], [9412], borders=True))


# ---------------------------------------------------------------------------
# the documents
# ---------------------------------------------------------------------------

BULLET_LIST = (0, '1A2B3C4D', [('bullet', '\uf0b7')])
DECIMAL_LIST = (1, '5E6F7A8B', [('decimal', '%1.')])
REPORT_LIST = (0, '2C4E6A8C', [('decimal', '%1.'), ('lowerLetter', '%2)')])


def build_cop14(out: Path, annex: list[list[Seg]]) -> None:
    """(a) The whole COP14 document: report, Annex 1 as a formatting redline, Annex 2."""
    part = Part()
    body = Body('cop14', part)
    title_block(body, 'UNEP/CMS/COP14/Doc.18.1', '8 December 2023',
                '14th MEETING OF THE CONFERENCE OF THE PARTIES', 'Samarkand, Uzbekistan, 12 – 17 February 2024',
                'Agenda Item 18.1', COP14_SUMMARY)
    body.page_break()
    body.report(COP14_REPORT, action_num=2, bullet_num=1)
    body.page_break()
    body.para('ANNEX 1', bold=True, jc='right')
    for xml in annex_body('cop14', annex, tracked=False, ids=Ids(1000), start=len(body.items),
                          whole_doc_ends_here=False):
        body.add(xml)
    body.page_break()
    body.para('ANNEX 2', bold=True, jc='right')
    body.report(COP14_ANNEX2)
    package(out, body.items, 'Synergies and Partnerships', 'UNEP/CMS/COP14/Doc.18.1', part,
            notes=COP14_NOTES, numbering=[BULLET_LIST, DECIMAL_LIST], cover=True, pages=9)


def build_tracked(out: Path, annex: list[list[Seg]]) -> None:
    """(b) Annex 1 alone, the same amendments as real tracked changes."""
    part = Part()
    body = Body('tracked', part)
    for xml in annex_body('tracked', annex, tracked=True, ids=Ids(), start=0, whole_doc_ends_here=True):
        body.add(xml)
    package(out, body.items, 'Proposed amendments to Resolution 11.10 (Rev.COP13)',
            'UNEP/CMS/COP14/Doc.18.1/Annex 1', part, track=True, pages=5)


def build_cop15(out: Path) -> None:
    """(c) The COP15 report: hyperlinks and footnotes, no amendment marks at all."""
    part = Part()
    body = Body('cop15', part)
    title_block(body, 'UNEP/CMS/COP15/Doc.18.1', '8 January 2026',
                '15th MEETING OF THE CONFERENCE OF THE PARTIES', 'Campo Grande, Brazil, 23 to 29 March 2026',
                'Agenda Item 18.1', COP15_SUMMARY)
    body.page_break()
    body.report(COP15_REPORT, list_num=1)
    body.page_break()
    body.report(COP15_ANNEX)
    package(out, body.items, 'Synergies and Partnerships', 'UNEP/CMS/COP15/Doc.18.1', part,
            notes=COP15_NOTES, numbering=[REPORT_LIST], cover=True, pages=4)


def build(outdir: Path) -> list[Path]:
    annex = parse_critic(CRITIC.read_text(encoding='utf-8'))
    base, final = plain_texts(annex)
    paths = [outdir / n for n in (OUT_COP14, OUT_TRACKED, OUT_COP15, OUT_BASE, OUT_FINAL)]
    build_cop14(paths[0], annex)
    build_tracked(paths[1], annex)
    build_cop15(paths[2])
    paths[3].write_text(base, encoding='utf-8')
    paths[4].write_text(final, encoding='utf-8')
    return paths


# ---------------------------------------------------------------------------
# provenance and verification (optional; used when the shared material is at hand)
# ---------------------------------------------------------------------------

def _normal(text: str) -> str:
    text = text.replace('](#)', '').replace('\\', '')
    text = re.sub(r'<(https?://[^>]+)>', r'\1', text)
    text = re.sub(r'[*\[\]]', '', text)
    return re.sub(r'\s+', ' ', text).strip()


def check_seeds(seed_dir: Path) -> int:
    """Every excerpt marked as copied must occur in its seed (labels and markup aside)."""
    seeds = {k: _normal(next(seed_dir.glob(f'{k}_*.txt')).read_text(encoding='utf-8')) for k in ('000', '001')}
    bad = 0
    for p in COP14_REPORT + COP14_ANNEX2 + COP15_REPORT + COP15_ANNEX:
        if p.src == 'added':
            continue
        text = re.sub(r'^(\d+\.|[a-c]\)|14\.[A-Z]{2})\s*', '', _normal(plain(p.text)))
        if text not in seeds[p.src]:
            bad += 1
            print(f'NOT IN SEED {p.src}: {text[:90]}…')
    print(f'seed check: {bad} excerpt(s) not found')
    return bad


def _words(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        out += re.findall(r'\w+', LABEL_RE.sub('', line.strip()))
    return out


def verify(oracle: Path) -> int:
    """python-docx opens every sample; the oracle's views of Annex 1 equal the plain texts word for word."""
    import docx  # python-docx, only for this check
    failures = 0
    for name in (OUT_COP14, OUT_TRACKED, OUT_COP15):
        d = docx.Document(str(HERE / name))
        print(f'python-docx: {name}: {len(d.paragraphs)} paragraphs, {len(d.tables)} tables')
    texts = {'original': (HERE / OUT_BASE).read_text(encoding='utf-8'),
             'final': (HERE / OUT_FINAL).read_text(encoding='utf-8')}
    for name in (OUT_COP14, OUT_TRACKED):
        for view, text in texts.items():
            out = subprocess.run([sys.executable, str(oracle), str(HERE / name), '--view', view],
                                 capture_output=True, text=True, check=True).stdout
            lines = out.split('\n\n')[0].splitlines() if name == OUT_TRACKED else out.splitlines()
            start = next(i for i, l in enumerate(lines) if l.startswith('NB.')) + 1
            end = next((i for i, l in enumerate(lines) if l.strip() == 'ANNEX 2'), len(lines))
            got = _words(lines[start:end])
            want = _words(text.strip('\n').split('\n\n')[3:])
            ok = got == want
            failures += not ok
            print(f'oracle {view:8} {name}: {"equal" if ok else "DIFFERENT"} ({len(got)} vs {len(want)} words)')
            if not ok:
                import difflib
                for d in list(difflib.unified_diff(want, got, lineterm='', n=2))[:30]:
                    print('   ', d)
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--check-seeds', type=Path, metavar='DIR', help='check the excerpts against the seed texts')
    ap.add_argument('--verify', type=Path, metavar='ORACLE', help='check the samples with python-docx and oracle.py')
    args = ap.parse_args(argv)
    for path in build(HERE):
        print(f'{path.name}: {path.stat().st_size} bytes')
    bad = 0
    if args.check_seeds:
        bad += check_seeds(args.check_seeds)
    if args.verify:
        bad += verify(args.verify)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
