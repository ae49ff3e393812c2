"""What the text *is*: the parts of a resolution and of a COP document.

A convention resolution has a fixed shape, the same in CMS, CITES, AEWA and
Ramsar texts::

    PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)   instrument line
    SYNERGIES AND PARTNERSHIPS                                     title
    NB. Proposed new text … underlined. Text to be deleted …       convention note
    Adopted by the Conference of the Parties at its 11th Meeting … history line
    Recalling …, / Noting …, / Convinced …,                        preamble
    The Conference of the Parties to the Convention on …           enacting formula
    1. Stresses … / 8bis. Further encourages … / a) …              operative paragraphs
    ANNEX …                                                        annexes

A whole COP document puts a report first and the amended resolution in one
of its annexes (Annex 1), draft decisions ("14.AA", "15.1") in another.
:func:`analyse` finds these parts, :func:`block_ids` names every block with a
stable structural id, :func:`select_instrument` cuts the amended resolution
out of a whole document.

Labels are read from the view where they exist: a paragraph whose typed
number was inserted ("{++29. Notes …++}") has the label "29." of the final
view; a label that was deleted and replaced ("{--8bis.--}{++9.++}") has the
final label "9." and the original label "8bis.".  ``Block.label`` (a number
printed by Word auto-numbering) counts as a label too.

The core never imports lxml, click or rich; this module is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ._gc import without_gc
from .diagnostics import Diagnostic, Location, Result, Severity
from .model import Block, Document, Mark
from .treaties import all_instrument_words, enact_words, is_history_footnote, note_words, symbol_of

# --------------------------------------------------------------------------
# Recognisers (one regular expression per thing; all anchored, no search
# over whole documents).

_RES_WORD = (r"(?:resolution|r[ée]solution|resoluci[óo]n|decision|d[ée]cision|decisi[óo]n|"
             + "|".join(re.escape(w.lower()) for w in all_instrument_words()) + ")")
_NUMBER = r"(?:Conf\.\s*)?(?:(?:\d+|[IVXLC]+)\.\d+|(?:\d+|[IVXLC]+)/\d+)"
_TAG = r"\(?\s*Rev\.?\s*(?:COP|MOP|CMP)\s*\d+\s*\)?"
#: a title typed on the heading's line: "… (REV. COP19) ON TRADE IN ELEPHANT SPECIMENS"
_SAME_LINE_TITLE = r"(?:\s+(?:on|sur|sobre|relative\s+(?:à|aux?)|relativa\s+a)\s+(?P<title>\S.{0,160}?))?"

_INSTRUMENT_LINE = re.compile(
    r"^\s*(?P<prefix>(?:(?:proposed|draft)\s+(?:amendments?|revisions?)\s+(?:to|of)\s+(?:the\s+)?"
    r"|amendements?\s+propos[ée]s?\s+(?:à|a)\s+(?:la\s+)?"
    r"|projet\s+d['’]amendements?\s+(?:à|a)\s+(?:la\s+)?"
    r"|enmiendas?\s+propuestas?\s+(?:a|de)\s+(?:la\s+)?"
    r"|proyecto\s+de\s+enmiendas?\s+(?:a|de)\s+(?:la\s+)?))?"
    r"(?P<body>(?:UNEP/)?(?:[A-Z]{2,6}/)?" + _RES_WORD + r")\s+(?P<number>" + _NUMBER + r")"
    r"\s*(?P<tag>" + _TAG + r")?\s*(?P<star>\*)?" + _SAME_LINE_TITLE + r"\s*[.:]?\s*$",
    re.IGNORECASE,
)
_REVISION = re.compile(
    r"(?P<open>\(?)\s*(?P<rev>(?i:rev))(?P<dot>\.?)(?P<sp1>\s*)(?P<body>(?i:cop|mop|cmp))(?P<sp2>\s*)(?P<n>\d+)\s*\)?",
)

_NOTE = re.compile(
    r"^\s*(?:N\.?\s?B\b\.?|Note\b)\s*[.:]?\s*.*"
    r"(?:underlin|soulign|subraya|bold|gras|negrita"
    + "".join("|" + re.escape(w) for w in note_words()) + ")",
    re.IGNORECASE | re.DOTALL,
)
_HISTORY = re.compile(
    r"^\s*(?:Adopted|Adoptée?|Adoptada|Adoptado)\b.{0,200}?"
    r"(?:Meeting|meeting|session|Session|réunion|Réunion|sesión|reunión|Reunión)",
    re.DOTALL,
)

_PARTICIPLE = re.compile(
    r"^\s*(?:(?:Further|Also|Further also|Deeply|Gravely|Seriously|Fully)\s+)?"
    r"(?:[A-Z][a-z]+(?:ing|ant|ante|ando|iendo|endo)\b"
    r"|(?:Aware|Convinced|Concerned|Mindful|Conscious|Cognizant|Cognisant|Determined|Desirous|Alarmed"
    r"|Consciente|Convaincue?|Convencid[oa]|Préoccupée?|Preocupad[oa]|Rappelant|Notant|Se félicitant"
    r"|Tomando|Teniendo|Acogiendo|Prenant|Ayant|Sachant|Soulignant|Gardant|Estimant)\b)",
)
_ENACT = re.compile(
    r"^\s*(?:The|THE|La|LA|El|EL)\s+(?:Conference|CONFERENCE|Meeting|MEETING|Conférence|CONFÉRENCE|Réunion|RÉUNION"
    r"|Conferencia|CONFERENCIA|Reunión|REUNIÓN)\s+(?:of\s+the\s+(?:Contracting\s+)?Parties|OF\s+THE\s+(?:CONTRACTING\s+)?PARTIES"
    r"|des\s+(?:Parties|PARTIES)(?:\s+contractantes)?|DES\s+PARTIES|de\s+las\s+Partes(?:\s+Contratantes)?|DE\s+LAS\s+PARTES(?:\s+CONTRATANTES)?|DES\s+PARTIES\s+CONTRACTANTES)"
    r"(?:\s+(?:to|TO|à|À|en|EN|in|IN)\b[^,;]*)?\s*[,:]?\s*$",
    re.DOTALL,
)
_ENACT_CONTINUATION = re.compile(
    r"^\s*(?:the\s+)?(?:Convention|CONVENTION|Agreement|AGREEMENT|Convención|CONVENCIÓN|Acuerdo|ACUERDO|Accord|ACCORD)\b"
)

#: an operative paragraph number typed in the text: "1.", "8bis.", "8 bis.", "12)"
_OP_LABEL = re.compile(r"^(?P<label>(?P<n>\d{1,3})(?P<suffix>\s?(?:bis|ter|quater|quinquies|sexies|septies|[A-Z]))?(?P<punct>[.)]))(?=\s|$)")
#: a sub-paragraph label: "a)", "(a)", "(i)", "iv)", "a."
_SUB_LABEL = re.compile(r"^(?P<label>\((?P<a>[a-z]{1,2}|[ivxl]{1,6})\)|(?P<b>[a-z]{1,2}|[ivxl]{1,6})[).])(?=\s|$)")
#: a draft decision number: "14.AA", "15.1", "13.9"
_DECISION_LABEL = re.compile(r"^(?P<label>\d{1,3}\.(?:\d{1,3}|[A-Z]{1,3}))(?=\s|$)")
_ANNEX_LINE = re.compile(
    r"^\s*(?:ANNEX|Annex|ANNEXE|Annexe|ANEXO|Anexo)(?:\s+(?P<n>\d+|[IVX]+|[A-Z]))?\s*:?\s*$"
)
_AMENDS_HINT = re.compile(r"amend|amendement|enmienda", re.IGNORECASE)

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int | None:
    """"XIII" → 13 (None for anything that is not a Roman numeral)."""
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total or None


# --------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Label:
    """A paragraph number as typed (or printed by auto-numbering).

    ``text`` is the label itself ("8bis."), without the tab or space after
    it; ``number`` its integer part (8), ``suffix`` what follows ("bis"),
    ``punct`` the closing punctuation ("." or ")"); ``auto`` is true when it
    comes from ``Block.label``.  ``original`` is the label of the original
    view when it differs from the final one ("8bis." replaced by "9.").
    """

    text: str
    kind: str  # "op" | "sub" | "decision"
    number: int | None = None
    suffix: str = ""
    punct: str = ""
    auto: bool = False
    original: str | None = None

    @property
    def needs_renumbering(self) -> bool:
        """An "8bis." or "8 bis." is a placeholder the consolidation removes."""
        return bool(self.suffix.strip())


@dataclass(frozen=True)
class Annex:
    """An annex of the document: its number (1-based), the index of its
    heading block and the half-open block range it covers."""

    number: int
    heading: int
    start: int
    end: int
    title: str = ""


@dataclass(frozen=True)
class Structure:
    """What :func:`analyse` found; every index is into ``doc.blocks``.

    ``roles`` has one entry per block: "instrument", "title", "note",
    "history", "preamble", "enact", "operative", "sub", "decision",
    "annex-heading", "heading" or None.  ``instrument_range`` is the
    half-open block range of the amended resolution (None if there is none).
    """

    roles: tuple[str | None, ...]
    labels: tuple[Label | None, ...]
    ids: tuple[str | None, ...]
    instrument: str | None = None
    revision: str | None = None
    title: str | None = None
    instrument_block: int | None = None
    title_block: int | None = None
    note_block: int | None = None
    history_block: int | None = None
    preamble: tuple[int, ...] = ()
    enact: tuple[int, ...] = ()
    operative: tuple[int, ...] = ()
    subparagraphs: tuple[int, ...] = ()
    decisions: tuple[int, ...] = ()
    annexes: tuple[Annex, ...] = ()
    instrument_range: tuple[int, int] | None = None
    instrument_annex: int | None = None  # number of the annex holding it

    def to_dict(self) -> dict:
        return {
            "instrument": self.instrument,
            "revision": self.revision,
            "title": self.title,
            "instrument_block": self.instrument_block,
            "title_block": self.title_block,
            "note_block": self.note_block,
            "history_block": self.history_block,
            "instrument_range": list(self.instrument_range) if self.instrument_range else None,
            "instrument_annex": self.instrument_annex,
            "preamble": list(self.preamble),
            "enact": list(self.enact),
            "operative": list(self.operative),
            "subparagraphs": list(self.subparagraphs),
            "decisions": list(self.decisions),
            "annexes": [
                {"number": a.number, "heading": a.heading, "start": a.start, "end": a.end, "title": a.title}
                for a in self.annexes
            ],
        }


# --------------------------------------------------------------------------
# Per-block readings


class _Reading:
    """The two views of one block's text, with what :func:`analyse` asks of
    them computed once (a 200-page draft has thousands of blocks, and the
    analysis reads each of them several times)."""

    __slots__ = ("final", "original", "text", "inserted", "deleted")

    def __init__(self, final: str, original: str):
        self.final = final
        self.original = original
        if final is original:  # an unmarked block: one text
            self.text = final
            self.inserted = self.deleted = False
            return
        has_final, has_original = bool(final.strip()), bool(original.strip())
        # the text to classify: the final view, or the original one for a
        # paragraph that was deleted whole
        self.text = final if has_final else original
        self.inserted = has_final and not has_original
        self.deleted = has_original and not has_final


_KEEP, _INSERT, _DELETE = Mark.KEEP, Mark.INSERT, Mark.DELETE


def _reading(block: Block) -> _Reading:
    """Both views of ``block`` (as ``Block.view_text``) in one pass."""
    segments = block.segments
    final: list[str] = []
    original: list[str] = []
    marked = False
    for seg in segments:
        mark = seg.mark
        if mark is _KEEP:
            final.append(seg.text)
            original.append(seg.text)
        else:
            marked = True
            if mark is _INSERT:
                final.append(seg.text)
            elif mark is _DELETE:
                original.append(seg.text)
    if not marked and block.mark is _KEEP:
        text = "".join(final)
        return _Reading(text, text)
    bm = block.mark
    return _Reading(
        "".join(final) if bm is _KEEP or bm is _INSERT else "",
        "".join(original) if bm is _KEEP or bm is _DELETE else "",
    )


def parse_label(text: str, block_label: str | None = None) -> Label | None:
    """The label at the start of ``text`` (or the auto-numbering label)."""
    if block_label:
        found = _label_of(block_label.strip() + " ")
        if found is not None:
            return replace(found, auto=True)
        return Label(block_label.strip(), "op", auto=True)
    return _label_of(text.lstrip())


def _label_of(text: str) -> Label | None:
    first = text[:1]
    # every label starts with a digit, "(" or a lower-case letter: most
    # paragraphs are ruled out without a regular expression
    if not (first.isdecimal() or first == "(" or "a" <= first <= "z"):
        return None
    m = _OP_LABEL.match(text)
    if m:
        suffix = m.group("suffix") or ""
        return Label(m.group("label"), "op", int(m.group("n")), suffix, m.group("punct"))
    m = _DECISION_LABEL.match(text)
    if m:
        return Label(m.group("label"), "decision")
    m = _SUB_LABEL.match(text)
    if m:
        return Label(m.group("label"), "sub", punct=m.group("label")[-1])
    return None


#: how far into a paragraph (after its leading spaces) the label patterns
#: can look: the longest label, "123 quinquies.", and the character after it
#: are 15; kept above that with room to spare
_LABEL_REACH = 24


def _block_label(block: Block, reading: _Reading) -> Label | None:
    if reading.final is reading.original:
        return parse_label(reading.final, block.label) if reading.final.strip() else None
    final_start, original_start = reading.final.lstrip(), reading.original.lstrip()
    if final_start and original_start and final_start[:_LABEL_REACH] == original_start[:_LABEL_REACH]:
        # both views open alike (most edited paragraphs): one label for both
        return parse_label(reading.final, block.label)
    final = parse_label(reading.final, block.label) if final_start else None
    original = parse_label(reading.original, block.label) if original_start else None
    if final is None:
        return original
    if original is not None and original.text != final.text:
        return replace(final, original=original.text)
    return final


def instrument_of(text: str) -> tuple[str, str | None, bool] | None:
    """("Resolution 11.10", "Rev.COP13", amends?) from an instrument line.

    The "UNEP/CMS/" prefix is dropped and the word is written
    "Resolution" (or "Résolution", "Resolución") whatever its case.
    """
    first_line = text.strip().split("\n", 1)[0] if "\n" in text.strip() else text
    if len(first_line) > 200:
        return None
    m = _INSTRUMENT_LINE.match(first_line)
    if not m:
        return None
    word = m.group("body").rsplit("/", 1)[-1]
    word = word[0].upper() + word[1:].lower()
    number = re.sub(r"^(?i:conf)\.\s*", "Conf. ", m.group("number"))
    tag = m.group("tag")
    revision = tag.strip().strip("()").strip() if tag else None
    return f"{word} {number}", revision, bool(m.group("prefix"))


def heading_extras(text: str) -> tuple[bool, str | None]:
    """What an instrument line carries besides the instrument and its tag:
    the history footnote mark ("Resolution Conf. 10.10 (Rev. CoP19)*") and
    a title typed on the same line ("… (REV. COP19) ON TRADE IN ELEPHANT
    SPECIMENS" → "TRADE IN ELEPHANT SPECIMENS")."""
    first_line = text.strip().split("\n", 1)[0]
    m = _INSTRUMENT_LINE.match(first_line) if len(first_line) <= 200 else None
    if not m:
        return False, None
    return bool(m.group("star")), (m.group("title") or None)


def _is_annex_heading(text: str) -> str | None:
    """The annex number ("1", "2", "II", "") if a line of the block is an
    annex heading ("ANNEX 1"; also after a page header on the line before)."""
    if len(text) > 200 or ("nnex" not in text and "NNEX" not in text and "nexo" not in text and "NEXO" not in text):
        return None  # too long, or none of the words _ANNEX_LINE looks for
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines or len(lines) > 3:
        return None
    for line in lines:
        m = _ANNEX_LINE.match(line)
        if m:
            return m.group("n") or ""
    return None


def _heading_like(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 160 and t[-1] not in ",;" and "\n" not in t and not _PARTICIPLE.match(t)


def is_note(text: str) -> bool:
    """The "NB. … underlined … crossed out" convention note (EN/FR/ES)."""
    return len(text) < 600 and bool(_NOTE.match(text))


def is_history(text: str) -> bool:
    return len(text) < 800 and bool(_HISTORY.match(text))


def is_preamble(text: str) -> bool:
    return bool(_PARTICIPLE.match(text))


#: enacting formulas of the profiles in other languages ("Конференция Сторон …")
_ENACT_EXTRA = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in enact_words()) + r")\b[^,;.]*[,:]?\s*$") \
    if enact_words() else None


def is_enact(text: str) -> bool:
    if len(text) >= 300:
        return False
    return bool(_ENACT.match(text)) or (_ENACT_EXTRA is not None and bool(_ENACT_EXTRA.match(text)))


# --------------------------------------------------------------------------
# Analysis


#: the last analyses, by the identity of the (immutable) blocks tuple: one
#: ``apply`` asks for the structure of the same blocks in select_instrument,
#: in finish and in the lint; holding the tuple keeps its id from being reused
_RECENT: list[tuple[tuple[Block, ...], "Structure"]] = []
_RECENT_SIZE = 2


def analyse(doc: Document) -> Structure:
    """Find the parts of ``doc`` (a resolution or a whole COP document).

    Depends on ``doc.blocks`` only, and blocks are immutable: the result for
    the same blocks tuple is remembered (the two most recently used)."""
    blocks = doc.blocks
    for k, (seen, structure) in enumerate(_RECENT):
        if seen is blocks:
            if k:
                _RECENT.insert(0, _RECENT.pop(k))
            return structure
    structure = _analyse(doc)
    _RECENT.insert(0, (blocks, structure))
    del _RECENT[_RECENT_SIZE:]
    return structure


def _analyse(doc: Document) -> Structure:
    readings = tuple(_reading(b) for b in doc.blocks)
    labels = tuple(_block_label(b, r) for b, r in zip(doc.blocks, readings))
    roles: list[str | None] = [None] * len(readings)
    annexes = _find_annexes(readings, roles)
    span, annex_no = _instrument_span(doc, readings, annexes)
    found: dict = {}
    if span is not None:
        _classify_instrument(readings, labels, roles, span, found)
    _classify_annexes(readings, labels, roles, annexes, annex_no)
    ids = _ids(readings, labels, roles, annexes, annex_no)

    def indices(role: str) -> tuple[int, ...]:
        return tuple(i for i, r in enumerate(roles) if r == role)

    title_block = found.get("title")
    return Structure(
        roles=tuple(roles),
        labels=labels,
        ids=ids,
        instrument=found.get("instrument"),
        revision=found.get("revision"),
        title=readings[title_block].text.strip() if title_block is not None else None,
        instrument_block=found.get("instrument_block"),
        title_block=title_block,
        note_block=found.get("note"),
        history_block=found.get("history"),
        preamble=indices("preamble"),
        enact=indices("enact"),
        operative=indices("operative"),
        subparagraphs=indices("sub"),
        decisions=indices("decision"),
        annexes=annexes,
        instrument_range=span,
        instrument_annex=annex_no,
    )


def _find_annexes(readings: tuple[_Reading, ...], roles: list[str | None]) -> tuple[Annex, ...]:
    heads: list[tuple[int, str]] = []
    for i, r in enumerate(readings):
        n = _is_annex_heading(r.text)
        if n is not None:
            heads.append((i, n))
            roles[i] = "annex-heading"
    out = []
    for k, (i, _n) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(readings)
        title = next((readings[j].text.strip() for j in range(i + 1, end) if readings[j].text.strip()), "")
        out.append(Annex(k + 1, i, i + 1, end, title[:200]))
    return tuple(out)


def _first_texts(readings, start: int, end: int, count: int):
    seen = 0
    for i in range(start, end):
        if readings[i].text.strip():
            yield i
            seen += 1
            if seen >= count:
                return


def _instrument_span(doc, readings, annexes) -> tuple[tuple[int, int] | None, int | None]:
    """Which part of the document is the amended resolution.

    1. an annex headed "PROPOSED AMENDMENTS TO … RESOLUTION …";
    2. else an annex with amendment marks and an instrument line;
    3. else the part before any annex, if it opens with an instrument line,
       or has an enacting formula (a document that is only a resolution).
    """
    def marked(start, end):
        return any(doc.blocks[i].is_marked for i in range(start, end))

    def has_instrument(start, end, amends_only):
        for i in _first_texts(readings, start, end, 6):
            got = instrument_of(readings[i].text)
            if got and (got[2] or not amends_only or _AMENDS_HINT.search(readings[i].text)):
                return True
        return False

    for a in annexes:
        if has_instrument(a.start, a.end, True):
            return (a.start, a.end), a.number
    for a in annexes:
        if has_instrument(a.start, a.end, False) and marked(a.start, a.end):
            return (a.start, a.end), a.number
    end = annexes[0].heading if annexes else len(readings)
    if has_instrument(0, end, False):
        return (0, end), None
    if any(is_enact(readings[i].text) for i in range(0, end)):
        return (0, end), None
    return None, None


def _classify_instrument(readings, labels, roles, span, found) -> None:
    start, end = span
    phase = "head"
    # a title follows the instrument line when there is one (a page header
    # such as "UNEP/CMS/COP14/Doc.18.1" before it is not the title)
    title_needs_instrument = any(instrument_of(readings[i].text) for i in _first_texts(readings, start, end, 6))
    enact_open = False
    for i in range(start, end):
        text = readings[i].text
        if not text.strip() or roles[i] == "annex-heading":
            continue
        label = labels[i]
        if "history" not in found and is_history_footnote(text):
            # CITES: "* Amended at the 11th, … meetings …", wherever it stands
            roles[i] = "history"
            found["history"] = i
            continue
        if phase == "head":
            got = instrument_of(text) if "instrument_block" not in found else None
            if got:
                roles[i] = "instrument"
                found.update(instrument_block=i, instrument=got[0], revision=got[1])
                continue
            if is_note(text) and "note" not in found:
                roles[i] = "note"
                found["note"] = i
                continue
            if is_history(text) and "history" not in found:
                roles[i] = "history"
                found["history"] = i
                continue
            if (
                label is None
                and "title" not in found
                and ("instrument_block" in found or not title_needs_instrument)
                and not is_enact(text)
                and _heading_like(text)
            ):
                roles[i] = "title"
                found["title"] = i
                continue
        if enact_open:
            if _ENACT_CONTINUATION.match(text) and label is None:
                roles[i] = "enact"
                enact_open = False
                continue
            enact_open = False
        if phase in ("head", "preamble") and label is None and is_enact(text):
            roles[i] = "enact"
            phase = "enact"
            stripped = text.rstrip()
            enact_open = "\n" not in stripped and not _ENACT_CONTINUATION.search(
                stripped.split(" to ", 1)[-1]
            ) and bool(re.search(r"\b(to the|à la|en la|TO THE)$", stripped))
            continue
        if label is not None and label.kind == "op":
            # after the formula; or a bare list with no preamble or formula
            roles[i] = "operative"
            phase = "operative"
            continue
        if phase == "operative":
            if label is not None and label.kind == "sub":
                roles[i] = "sub"
                continue
            if label is not None and label.kind == "decision":
                roles[i] = "decision"
                continue
            roles[i] = "heading" if _heading_like(text) and text.strip()[-1] not in ".;:" else None
            continue
        if phase in ("head", "preamble"):
            if is_preamble(text) or phase == "preamble" or not _heading_like(text):
                roles[i] = "preamble"
                phase = "preamble"
            else:
                roles[i] = "heading"
            continue
        if phase == "enact":
            roles[i] = "heading" if _heading_like(text) else None


def _classify_annexes(readings, labels, roles, annexes, instrument_annex) -> None:
    for a in annexes:
        if a.number == instrument_annex:
            continue
        for i in range(a.start, a.end):
            if roles[i] is None and labels[i] is not None and labels[i].kind == "decision":
                roles[i] = "decision"


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (ordinal sub-paragraph ids)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def _ids(readings, labels, roles, annexes, instrument_annex) -> tuple[str | None, ...]:
    ids: list[str | None] = [None] * len(readings)
    counters = {"preamble": 0, "operative": 0}
    inserted_run = {"preamble": 0, "operative": 0, "sub": 0}
    sub_count = 0
    last_op_id = "op.0"
    last_sub_id: str | None = None
    for i, role in enumerate(roles):
        r = readings[i]
        if role in ("title", "note", "history", "instrument", "enact"):
            ids[i] = role
        elif role == "preamble":
            if r.inserted:
                inserted_run["preamble"] += 1
                ids[i] = f"pre.{counters['preamble']}+{inserted_run['preamble']}"
            else:
                counters["preamble"] += 1
                inserted_run["preamble"] = 0
                ids[i] = f"pre.{counters['preamble']}"
        elif role == "operative":
            if r.inserted:
                inserted_run["operative"] += 1
                last_op_id = f"op.{counters['operative']}+{inserted_run['operative']}"
            else:
                counters["operative"] += 1
                inserted_run["operative"] = 0
                last_op_id = f"op.{counters['operative']}"
            ids[i] = last_op_id
            sub_count = 0
            inserted_run["sub"] = 0
            last_sub_id = None
        elif role == "sub":
            if r.inserted:
                inserted_run["sub"] += 1
                base = last_sub_id or f"{last_op_id}.0"
                ids[i] = f"{base}+{inserted_run['sub']}"
            else:
                sub_count += 1
                inserted_run["sub"] = 0
                last_sub_id = f"{last_op_id}.{_letters(sub_count)}"
                ids[i] = last_sub_id
    for a in annexes:
        if a.number == instrument_annex:
            continue
        m = 0
        for i in range(a.start, a.end):
            if readings[i].text.strip():
                m += 1
                ids[i] = f"annex.{a.number}.{m}"
    return tuple(ids)


def block_ids(doc: Document) -> tuple[str | None, ...]:
    """One stable structural id per block of ``doc`` (None where none applies).

    Scheme (ids of the amended resolution; ordinals count the ORIGINAL view):

    * ``"instrument"`` — the instrument line ("PROPOSED AMENDMENTS TO
      UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)", "Resolution Conf. 10.10 (Rev. CoP19)");
    * ``"title"`` — the title ("SYNERGIES AND PARTNERSHIPS");
    * ``"note"`` — the "NB. … underlined … crossed out" convention note;
    * ``"history"`` — the "Adopted by the Conference of the Parties at its …" line;
    * ``"pre.N"`` — preamble paragraph N (1-based);
    * ``"enact"`` — the enacting formula (both blocks if it spans two);
    * ``"op.N"`` — operative paragraph N, by ordinal position among the
      operative paragraphs of the original view (not by its typed label:
      "8bis." replaced by "9." is still the paragraph it was);
    * ``"op.N.a"``, ``"op.N.b"`` … — sub-paragraphs of op.N by ordinal
      position ("a)", "(a)", "(i)" alike);
    * a paragraph inserted whole (no text in the original view) takes the id
      of the preceding paragraph of its kind plus "+k": the inserted
      "8bis." after op.8 is ``"op.8+1"``, a second one ``"op.8+2"``; one
      inserted before any is ``"op.0+1"`` (``"pre.0+1"``);
    * ``"annex.N.M"`` — the M-th non-empty block of annex N, for annexes of
      the document that are not the amended instrument (a report's Annex 2
      of draft decisions);
    * None — empty blocks, headings, the report text of a whole COP document,
      annex headings.
    """
    return analyse(doc).ids


# --------------------------------------------------------------------------
# Selecting the instrument of a whole document


_SYMBOL_LINE = re.compile(r"^\s*(?:UNEP/)?[A-Z]{2,8}/(?:COP|CoP|MOP)\d+/(?:Doc|Inf|CRP)[\w./-]*\s*$")


#: how many blocks from the start a treaty symbol is looked for (cover and
#: page header)
_SYMBOL_REACH = 40


def find_symbol(doc: Document) -> str | None:
    """The document symbol ("UNEP/CMS/COP14/Doc.18.1") from Meta, else the
    first line that is nothing but a symbol (a page header or cover line);
    a symbol quoted inside a sentence names another document."""
    if doc.meta.symbol:
        return doc.meta.symbol
    for block in doc.blocks:
        text = block.text
        if "/" not in text:
            continue
        for line in text.split("\n"):
            if len(line) < 80 and _SYMBOL_LINE.match(line):
                return line.strip().rstrip(".")
    for block in doc.blocks[:_SYMBOL_REACH]:
        # the other treaties' symbols ("CoP20 Doc. 66.1", "AEWA/MOP 4.24")
        for line in block.text.split("\n"):
            if len(line) < 80 and symbol_of(line) is not None:
                return re.sub(r"^Doc(?:ument)?:\s*", "", line.strip().rstrip("."))
    return None


@without_gc
def select_instrument(doc: Document, annex: int | None = None) -> Result[Document]:
    """The part of ``doc`` that amends a resolution, with Meta filled.

    A whole COP document (report, Annex 1 with the amendments, Annex 2 with
    draft decisions) gives just the blocks of Annex 1 after its heading, up
    to the next annex heading (so an annex of a resolution that is itself
    printed in an annex is cut off: a known limit);
    ``annex=N`` chooses annex N instead; a document that is only a
    resolution is returned whole, its own annexes included.  With no amended instrument the whole
    document comes back with an info diagnostic "no-instrument" (applying
    it then just gives its final view).
    """
    structure = analyse(doc)
    symbol = find_symbol(doc)
    if annex is not None:
        chosen = next((a for a in structure.annexes if a.number == annex), None)
        if chosen is None:
            from .diagnostics import UsageError

            raise UsageError(
                f"there is no annex {annex} (the document has {len(structure.annexes)} annex headings)",
                "leave out --annex to let resamend find the amended resolution",
            )
        part = doc.with_blocks(doc.blocks[chosen.start : chosen.end])
        return Result(_with_meta(part, symbol))
    if structure.instrument_range is None:
        diag = Diagnostic(
            "no-instrument",
            Severity.WARNING,
            "no amended resolution found (looked for an instrument line such as 'PROPOSED AMENDMENTS TO "
            "UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)', 'DRAFT REVISIONS OF RESOLUTION CONF. 10.10 (REV. COP19)' or "
            "'Resolution XIV.7', and for an enacting formula): the whole document is used; pass --annex N to "
            "take the resolution from annex N",
            Location(source=doc.meta.source),
        )
        return Result(replace(doc, meta=replace(doc.meta, symbol=symbol)), (diag,))
    start, end = structure.instrument_range
    if structure.instrument_annex is None:
        # the document is the resolution; annexes after it are its own
        return Result(_with_meta(doc, symbol, structure))
    return Result(_with_meta(doc.with_blocks(doc.blocks[start:end]), symbol))


def _with_meta(doc: Document, symbol: str | None, structure: Structure | None = None) -> Document:
    s = structure or analyse(doc)
    meta = replace(
        doc.meta,
        instrument=s.instrument or doc.meta.instrument,
        revision=s.revision or doc.meta.revision,
        title=s.title or doc.meta.title,
        symbol=symbol or doc.meta.symbol,
    )
    return replace(doc, meta=meta)
