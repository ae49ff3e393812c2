"""Every treaty's own forms, as data: one JSON file per treaty in this folder.

A *profile* says how a treaty's texts are written: the words of its instrument
headings per language ("Resolution Conf. 10.10", "Résolution 11.10",
"Решение X/2"), the form of its revision tag ("Rev.COP14", "Rev. CoP19"), its
document symbols ("UNEP/CMS/COP14/Doc.18.1", "CoP20 Doc. 66.1"), how the
history of a text is carried (a line, a ``*`` footnote, nothing) and in which
words, and its meetings with places and dates.  Every form names the source it
was seen in; what could not be confirmed is left out and said so in the file's
``notes``.

Adding a treaty or a meeting is a data change: a new ``KEY.json`` here (same
fields as ``cms.json``) or one more entry in ``meetings``.  Nothing else in
resamend names a treaty.

This module is pure (standard library only) and everything it returns is
frozen.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Meeting:
    number: int
    place: str
    dates: Mapping[str, str]  # language → dates as printed ("4–9 November 2014")
    source: str


@dataclass(frozen=True)
class HistoryForm:
    """The words of a history line (or footnote) in one language."""

    language: str
    adopted: str | None = None  # "Adopted by the Conference of the Parties at its {meeting}"
    amended: str | None = None  # "amended at its {meetings}"
    meeting: str | None = None  # "{ordinal} Meeting ({place}, {dates})"
    meeting_bare: str | None = None  # "{ordinal} Meeting"
    footnote: str | None = None  # "* Amended at the {meetings} meetings of the Conference of the Parties."
    conjunction: str = "and"
    ordinals: str = "en"
    source: str = ""


@dataclass(frozen=True)
class Treaty:
    key: str
    name: str
    title: str
    languages: tuple[str, ...]
    words: Mapping[str, tuple[str, ...]]  # language → instrument words
    number: str  # regular expression of an instrument number
    number_gives_adoption: bool
    tag_form: str | None  # "Rev.COP{n}"; None: no confirmed form, none written
    tag_bodies: tuple[str, ...]  # "COP", "CoP", "MOP" as the treaty writes them
    symbols: tuple[re.Pattern, ...]
    history_carrier: str  # "line" | "footnote" | "none"
    history_write: tuple[str, ...]  # languages in which a new history may be written
    history_forms: Mapping[str, HistoryForm]
    note_words: Mapping[str, tuple[str, ...]]
    enact: Mapping[str, tuple[str, ...]]
    meetings: Mapping[int, Meeting]
    notes: tuple[str, ...]

    def meeting(self, number: int) -> Meeting | None:
        return self.meetings.get(number)

    def tag(self, number: int) -> str | None:
        return self.tag_form.format(n=number) if self.tag_form else None


def _load(data: dict) -> Treaty:
    inst = data["instrument"]
    history = data.get("history", {})
    forms = {}
    for lang, f in history.get("forms", {}).items():
        forms[lang] = HistoryForm(
            lang, f.get("adopted"), f.get("amended"), f.get("meeting"), f.get("meeting_bare"),
            f.get("footnote"), f.get("and", "and"), f.get("ordinals", "en"), f.get("source", ""),
        )
    note = {k: tuple(v) for k, v in data.get("note", {}).items() if k != "source"}
    enact = {k: tuple(v) for k, v in data.get("enact", {}).items() if k != "source"}
    meetings = {
        m["number"]: Meeting(m["number"], m["place"], MappingProxyType(dict(m.get("dates", {}))), m["source"])
        for m in data.get("meetings", ())
    }
    tag = data.get("tag", {})
    return Treaty(
        key=data["key"],
        name=data["name"],
        title=data.get("title", data["name"]),
        languages=tuple(data.get("languages", ("en",))),
        words=MappingProxyType({k: tuple(v) for k, v in inst["words"].items()}),
        number=inst["number"],
        number_gives_adoption=bool(inst.get("number_gives_adoption")),
        tag_form=tag.get("write"),
        tag_bodies=tuple(tag.get("bodies", ())),
        symbols=tuple(re.compile(s["pattern"]) for s in data.get("symbols", ())),
        history_carrier=history.get("carrier", "none"),
        history_write=tuple(history.get("write", ())),
        history_forms=MappingProxyType(forms),
        note_words=MappingProxyType(note),
        enact=MappingProxyType(enact),
        meetings=MappingProxyType(meetings),
        notes=tuple(data.get("notes", ())),
    )


@lru_cache(maxsize=1)
def treaties() -> Mapping[str, Treaty]:
    """Every profile shipped with resamend, by key, in name order."""
    found = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            treaty = _load(json.loads(entry.read_text(encoding="utf-8")))
            found[treaty.key] = treaty
    return MappingProxyType(found)


def keys() -> tuple[str, ...]:
    return tuple(treaties())


def treaty(key: str | None) -> Treaty | None:
    return treaties().get(key) if key else None


# --------------------------------------------------------------------------
# Ordinals and meetings


_ORDINAL = re.compile(r"(?P<n>\d{1,3})(?P<suffix>st|nd|rd|th|e|er|re|ème|ª|º|a|o|\.ª|-?(?:е|го|я|й))\b", re.UNICODE)


def ordinal(n: int, scheme: str = "en") -> str:
    """1 → "1st", 2 → "2nd", 11 → "11th", 22 → "22nd" (scheme "en")."""
    if scheme == "en":
        if 10 <= n % 100 <= 20:
            return f"{n}th"
        return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    raise ValueError(f"no ordinal scheme {scheme!r}")


def ordinal_like(n: int, example: str) -> str:
    """``n`` written as the ordinal ``example`` is ("19e" → "20e", "19ª" →
    "20ª", "19th" → "20th")."""
    m = _ORDINAL.fullmatch(example)
    if m is None:
        raise ValueError(example)
    suffix = m.group("suffix")
    if suffix in ("st", "nd", "rd", "th"):
        return ordinal(n, "en")
    if suffix in ("er", "re"):  # "1er"/"1re": only the first takes it
        return f"{n}e"
    return f"{n}{suffix}"


def describe(t: Treaty, number: int, language: str = "en") -> tuple[str, bool]:
    """"14th Meeting (Samarkand, 12–17 February 2024)" and whether every
    fact was known; "16th Meeting" (False) when the meeting is not in the
    profile or has no dates in ``language``."""
    form = t.history_forms.get(language)
    if form is None or form.meeting_bare is None:
        return ordinal(number), False
    m = t.meeting(number)
    head = ordinal(number, form.ordinals)
    if m is not None and form.meeting and language in m.dates:
        return form.meeting.format(ordinal=head, place=m.place, dates=m.dates[language]), True
    return form.meeting_bare.format(ordinal=head), False


def join(items: list[str], conjunction: str) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


# --------------------------------------------------------------------------
# Recognition: the forms of every profile, as regular expressions


def all_instrument_words() -> tuple[str, ...]:
    words = {w for t in treaties().values() for ws in t.words.values() for w in ws}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def language_of_word(word: str) -> str | None:
    """The language of an instrument word ("Résolution" → "fr")."""
    low = word.lower()
    for t in treaties().values():
        for lang, ws in t.words.items():
            if any(low == w.lower() for w in ws):
                return lang
    return None


def symbol_of(line: str) -> tuple[str, int] | None:
    """(treaty key, meeting number) if ``line`` is nothing but a document
    symbol of a profile ("CoP20 Doc. 66.1" → ("cites", 20))."""
    text = line.strip().rstrip(".")
    if len(text) > 80:
        return None
    for t in treaties().values():
        for pattern in t.symbols:
            m = pattern.match(text)
            if m:
                return t.key, int(m.group("n"))
    return None


def detect(instrument: str | None, revision: str | None, symbol: str | None,
           heading: str | None = None) -> tuple[Treaty | None, str]:
    """Which treaty a text belongs to, from what it says of itself, and why.

    Evidence, strongest first: the document symbol; the number's own form
    ("Conf. 10.10" is CITES's, "XIV.7" Ramsar's, "X/2" CBD's); the heading's
    prefix ("UNEP/CMS/RESOLUTION"); the revision tag as it is written
    ("Rev. CoP19" CITES, "Rev.MOP8" AEWA, "Rev.COP14" CMS).  None when the
    text says nothing that tells them apart (a bare "Resolution 7.3").
    """
    if symbol:
        found = symbol_of(symbol)
        if found:
            return treaties()[found[0]], f"document symbol {symbol}"
    number = re.sub(r"^\S+\s+", "", instrument or "")
    if number:
        matching = [t for t in treaties().values() if re.fullmatch(t.number, number)]
        if len(matching) == 1:
            return matching[0], f"instrument number {number}"
    head = heading or ""
    for t in treaties().values():
        if re.search(rf"\b{re.escape(t.name)}/", head, re.IGNORECASE):
            return t, f"heading {head.strip()[:60]!r}"
    rev = revision or ""
    m = re.search(r"Rev\.?\s*(?P<body>[A-Za-z]+)\s*\d", rev)
    if m:
        body = m.group("body")
        exact = [t for t in treaties().values() if body in t.tag_bodies]
        if len(exact) == 1:
            return exact[0], f"revision tag {rev}"
    return None, ""


HISTORY_FOOTNOTE = re.compile(
    r"^\s*\*\s*(?:Amended|Adopted|Amendée?|Adoptée?|Modifiée?|Enmendada|Adoptada|Modificada)\b", re.IGNORECASE
)


def is_history_footnote(text: str) -> bool:
    """"* Amended at the 11th, … and 19th meetings of the Conference of the Parties." """
    return len(text) < 800 and bool(HISTORY_FOOTNOTE.match(text))


def note_words() -> tuple[str, ...]:
    """The words that make a paragraph the convention note, every profile
    and language ("underlin", "crossed out", "barré", "tachad" …)."""
    return tuple(sorted({w for t in treaties().values() for ws in t.note_words.values() for w in ws}))


def enact_words() -> tuple[str, ...]:
    """Enacting-formula openings beyond the EN/FR/ES ones structure knows."""
    return tuple(sorted({w for t in treaties().values() for ws in t.enact.values() for w in ws}))


# --------------------------------------------------------------------------
# History: extend what the text carries, in its own form


def extend_history(text: str, cop: int, t: Treaty | None, language: str) -> tuple[str | None, str]:
    """The history line or footnote ``text`` with meeting ``cop`` added, in
    the text's own words; (None, why) when it cannot be done safely.

    The last ordinal of the text is the model of the new one ("19th" →
    "20th", "13e" → "14e"); the conjunction before it becomes a comma
    ("…, 18th and 19th meetings" → "…, 18th, 19th and 20th meetings").  A
    line (not a footnote) gets the new meeting with its place and dates when
    the profile knows them in the text's language.
    """
    body = text.rstrip()
    matches = list(_ORDINAL.finditer(body))
    if not matches:
        return None, "the history names no meeting by number"
    numbers = [int(m.group("n")) for m in matches]
    if cop in numbers:
        return body, ""
    if cop < max(numbers):
        return None, f"the history already names a meeting after meeting {cop}"
    last = matches[-1]
    form = t.history_forms.get(language) if t else None
    conjunction = form.conjunction if form else {"en": "and", "fr": "et", "es": "y"}.get(language)
    if conjunction is None:
        return None, f"no list conjunction is known for language {language!r}"
    new = ordinal_like(cop, last.group(0))
    footnote = body.lstrip().startswith("*")
    if footnote:
        # "…, 18th and 19th meetings of …" → "…, 18th, 19th and 20th meetings of …"
        head = body[: last.start()]
        joined = re.sub(rf"\s+{re.escape(conjunction)}\s+$", ", ", head)
        if joined == head and len(matches) > 1:
            return None, f"the list of meetings does not end in '{conjunction}'"
        if len(matches) == 1:
            joined = head
        return f"{joined}{last.group(0)} {conjunction} {new}{body[last.end():]}", ""
    # a line: "… and amended at its 13th Meeting (Gandhinagar, …)" → "… and 14th Meeting (…)"
    stop = "." if body.endswith(".") else ""
    core = body[:-1] if stop else body
    if form is not None and form.meeting_bare is not None and language == form.language:
        described, complete = describe(t, cop, language)
        missing = "" if complete else f"meeting {cop} has no place and dates in the {t.name} profile ({language})"
    else:
        described = new
        tail = core[last.end():]
        word = re.match(r"\s+(\w+)", tail)
        if word:
            described = f"{new} {word.group(1)}"
        missing = ""
    amended_words = ("amended", "amendée", "amendé", "enmendada", "enmendado", "modifiée", "modificada")
    if not any(w in core.lower() for w in amended_words):
        if form is None or form.amended is None:
            return None, f"no words for 'amended at' are known in language {language!r}"
        return f"{core} {conjunction} {form.amended.format(meetings=described)}{stop}", missing
    # "X and Y" → "X, Y and Z": the last conjunction of the amendments goes
    idx = max(core.lower().rfind(w) for w in amended_words)
    amended_part = core[idx:]
    sep = f" {conjunction} "
    k = amended_part.rfind(sep)
    if k != -1:
        amended_part = amended_part[:k] + ", " + amended_part[k + len(sep):]
    return f"{core[:idx]}{amended_part}{sep}{described}{stop}", missing


def new_history(t: Treaty, language: str, adopted: int, amended: list[int]) -> tuple[str | None, str]:
    """A history line written from scratch, only where the profile says the
    published texts carry one in ``language`` and every fact is known."""
    if t.history_carrier == "footnote":
        return None, (f"the draft has no history footnote, and {t.name} footnotes list every amending meeting, "
                      "which the draft does not name")
    if t.history_carrier != "line":
        return None, f"{t.name} texts carry no history line"
    if language not in t.history_write:
        return None, f"the {t.name} profile has no confirmed history line form in language {language!r}"
    form = t.history_forms[language]
    described = []
    for n in [adopted] + amended:
        text, complete = describe(t, n, language)
        if not complete:
            return None, f"meeting {n} has no place and dates in the {t.name} profile"
        described.append(text)
    line = form.adopted.format(meeting=described[0])
    if amended:
        line += f" {form.conjunction} " + form.amended.format(meetings=join(described[1:], form.conjunction))
    return line, ""
