"""Internal cross-references, rewritten when paragraphs are renumbered.

A resolution refers to its own paragraphs: "paragraph 8bis of this
Resolution", "paragraph 7 above", "paragraphs 5 and 6", "paragraphs 3 to 5",
"paragraph 3 (b)"; in French "paragraphe 8 ci-dessus", "paragraphes 5 et 6",
in Spanish "párrafo 8", "párrafos 5 y 6".  When the consolidation renumbers
the paragraphs ("8bis." → "9."), such references must follow.  A reference
to another text ("paragraph 3 of Resolution 11.10", "du paragraphe 2 de
l'Article 4", "párrafo 1 de la Decisión 14.2") is left alone.

Each rewrite is a warning-level diagnostic naming the old and the new
reference, so that a drafter sees every change the text did not carry.
Pure: a clean Document in, a clean Document and diagnostics out.
"""

from __future__ import annotations

import re
from typing import Mapping

from .diagnostics import Diagnostic, Location, Severity
from .model import Block, Document

#: one paragraph number as a reference writes it: "8", "8bis", "8 bis",
#: with an optional sub-paragraph "(b)", " (ii)"
_NUMBER = r"\d{1,3}(?:\s?(?:bis|ter|quater|quinquies|sexies|septies))?(?:\s?\((?:[a-z]{1,2}|[ivxl]{1,6})\))?"
_JOIN = r"\s*(?:,|and|or|to|through|et|ou|à|y|o|a|–|-)\s*"
_REFERENCE = re.compile(
    r"\b(?P<word>paragraphs?|paragraphes?|p[áa]rrafos?)\s+(?P<numbers>" + _NUMBER + r"(?:" + _JOIN + _NUMBER + r")*)",
    re.IGNORECASE,
)
_ONE = re.compile(
    r"(?P<n>\d{1,3})(?P<suffix>\s?(?:bis|ter|quater|quinquies|sexies|septies))?(?P<sub>\s?\((?:[a-z]{1,2}|[ivxl]{1,6})\))?"
)
#: what follows a reference to another text: "of Resolution 11.10", "of the
#: Convention", "de la Résolution", "du présent Accord"…; "of this
#: Resolution" is ours
_ELSEWHERE = re.compile(
    r"\s*,?\s*(?:of|in|under|de|du|des|del)\s+(?:the\s+|la\s+|le\s+|l['’]\s*|las\s+|los\s+|el\s+)?"
    r"(?!(?:this|present|présente|presente|cette)\b)"
    r"(?:annex|annexe|anexo|resolution|r[ée]solution|resoluci[óo]n|decision|d[ée]cision|decisi[óo]n|article|art[íi]culo"
    r"|convention|convenci[óo]n|agreement|accord|acuerdo|document|documento|doc\b|unep|report|rapport|informe"
    r"|plan|strategy|strat[ée]gie|estrategia|programme|programa|memorandum|mou|protocol|protocole|protocolo|(?-i:[A-Z]{2,}))",
    re.IGNORECASE,
)


#: a cheap test before the regular expression: "paragraph", "paragraphe", "párrafo" in any case
_MAY_REFER = re.compile(r"aragra|[áa]rrafo", re.IGNORECASE).search


def key(label: str) -> str:
    """"8 bis." → "8bis": a label as references compare it."""
    return re.sub(r"[\s.)(]", "", label).lower()


#: "of this Resolution", "de la présente résolution", "de la presente Resolución"
_THIS = re.compile(
    r"\s*,?\s*(?:of|in|de|du|del)\s+(?:this|the\s+present|la\s+présente|la\s+presente|cette)\s+"
    r"(?:resolution|r[ée]solution|resoluci[óo]n)", re.IGNORECASE,
)


def table_of(renumbering) -> dict[str, str]:
    """{"8bis": "9", "9": "10"} from (old, new) label pairs; unchanged ones left out."""
    return {key(old): key(new) for old, new in renumbering if key(old) != key(new)}


def rewrite(doc: Document, table: Mapping[str, str], blocks=None, this_table: Mapping[str, str] | None = None,
            source: str | None = None, keep: bool = False) -> tuple[Document, tuple[Diagnostic, ...]]:
    """Rewrite the references to renumbered paragraphs in ``blocks`` (block
    indices; all by default) of ``doc``.  ``table`` maps old label keys to
    new ones (:func:`table_of`); ``this_table``, when given, is used instead
    for a reference followed by "of this Resolution" (from an annex, which
    numbers its own paragraphs, to the resolution's).  ``keep``: rewrite
    nothing, report each stale reference as an info instead."""
    if not table and not this_table:
        return doc, ()
    out = list(doc.blocks)
    diagnostics: list[Diagnostic] = []
    for i in blocks if blocks is not None else range(len(out)):
        block = out[i]
        text = block.text
        if not _MAY_REFER(text):  # most blocks name no paragraph
            continue
        edits: list[tuple[int, int, str, str, str]] = []
        for m in _REFERENCE.finditer(text):
            if _ELSEWHERE.match(text, m.end()):
                continue
            chosen = this_table if this_table is not None and _THIS.match(text, m.end()) else table
            numbers = m.group("numbers")
            new_numbers = _ONE.sub(lambda n: _renumbered(n, chosen), numbers)
            if new_numbers != numbers:
                edits.append((m.start("numbers"), m.end("numbers"), numbers, new_numbers, m.group("word")))
        where = Location(source=source or doc.meta.source, block=i, origin=block.origin)
        diagnostics += [_said(f"{head} {old}", f"{head} {new}", keep, where) for _s, _e, old, new, head in edits]
        if keep or not edits:
            continue
        for start, end, _old, new, _word in reversed(edits):
            block = _replace(block, start, end, new)
        out[i] = block
    return doc.with_blocks(out), tuple(diagnostics)


def _said(old: str, new: str, keep: bool, where: Location) -> Diagnostic:
    """A rewrite (warning) or, with ``keep``, a stale reference left (info)."""
    if keep:
        return Diagnostic("cross-reference", Severity.INFO,
                          f"'{old}' refers to a renumbered paragraph, now '{new}': "
                          "cross-references are not rewritten (--keep-references)", where, text=old)
    return Diagnostic("reference-rewritten", Severity.WARNING,
                      f"cross-reference '{old}' rewritten as '{new}' (paragraphs were renumbered; "
                      "--keep-references leaves references as they are)", where, text=old)


def _renumbered(m: re.Match, table: Mapping[str, str]) -> str:
    label = m.group("n") + (m.group("suffix") or "")
    sub = m.group("sub") or ""
    if sub:
        # "paragraph 3 (b)": the sub-paragraph may have been relabelled too
        whole = table.get(f"{key(label)}({key(sub)})")
        if whole is not None:
            par, new_sub = whole.split("(", 1)
            space = sub[: len(sub) - len(sub.lstrip())]
            return f"{par}{space}({new_sub.rstrip(')')})"
    new = table.get(key(label))
    if new is None:
        return m.group(0)
    return new + sub


def _replace(block: Block, start: int, end: int, new: str) -> Block:
    from .consolidate import _replace_span

    return _replace_span(block, start, end, new)
