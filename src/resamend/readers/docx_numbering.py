"""Printed numbers of auto-numbered paragraphs (numbering.xml).

Word does not store "3." or "(b)" in the text of a numbered paragraph; it
computes them from ``w:abstractNum`` levels (start value, number format,
level text such as ``%1.`` or ``%1.%2``) and the order of the paragraphs.
Drafters refer to paragraphs by these numbers, so the reader computes the
label the way Word prints it — *in each view*, as Word numbers the list
after Accept All and after Reject All (an inserted item shifts only the
final numbers, a deleted one only the original numbers): one counter set
per view and ``w:numId``, continuing across the whole document; a paragraph at level *n* restarts all deeper
levels; ``w:lvlOverride/w:startOverride`` and an overriding ``w:lvl`` win
over the abstract definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..formats.docx_package import W_NS
from ..numbering import to_letter, to_roman

_W = "{%s}" % W_NS
VAL = _W + "val"
MAX_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # isLgl: all levels printed as decimal


def _int(v, default=None):
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def _level(el) -> tuple[int, Level]:
    def val(tag, default=None):
        child = el.find(_W + tag)
        return child.get(VAL, default) if child is not None else default

    ilvl = _int(el.get(_W + "ilvl"), 0)
    legal = el.find(_W + "isLgl") is not None and (el.find(_W + "isLgl").get(VAL) or "1") not in ("0", "false", "off")
    return ilvl, Level(
        start=_int(val("start"), 1),
        fmt=val("numFmt", "decimal") or "decimal",
        text=val("lvlText", "") or "",
        legal=legal,
    )


def format_number(n: int, fmt: str) -> str:
    if fmt == "decimalZero" and 0 <= n < 10:
        return f"0{n}"
    if fmt == "lowerLetter":
        return to_letter(n).lower()
    if fmt == "upperLetter":
        return to_letter(n)
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt == "upperRoman":
        return to_roman(n)
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """numbering.xml plus the running counters of one document walk."""

    def __init__(self, root):
        self._abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, tuple[str | None, dict[int, Level], dict[int, int]]] = {}
        self._counters: dict[tuple[str, str], list[int | None]] = {}
        if root is None:
            return
        for el in root.iter(_W + "abstractNum"):
            levels = dict(_level(lvl) for lvl in el.iter(_W + "lvl"))
            self._abstract[el.get(_W + "abstractNumId") or ""] = levels
        for el in root.iter(_W + "num"):
            aid = el.find(_W + "abstractNumId")
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for ov in el.iter(_W + "lvlOverride"):
                ilvl = _int(ov.get(_W + "ilvl"), 0)
                so = ov.find(_W + "startOverride")
                if so is not None:
                    starts[ilvl] = _int(so.get(VAL), 1)
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)[1]
            self._nums[el.get(_W + "numId") or ""] = (aid.get(VAL) if aid is not None else None, overrides, starts)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        aid, overrides, starts = num
        lvl = overrides.get(ilvl) or self._abstract.get(aid or "", {}).get(ilvl)
        if lvl is None:
            return None
        if ilvl in starts:
            lvl = Level(starts[ilvl], lvl.fmt, lvl.text, lvl.legal)
        return lvl

    def next_label(self, num_id: str | None, ilvl: int, view: str = "final", count: bool = True) -> str | None:
        """Count one paragraph of list ``num_id`` at ``ilvl`` in ``view``
        ("final" or "original": each has its own counters); its printed label.
        ``count=False``: the label the next such paragraph would get, without
        counting (for a paragraph that joins the next one in that view)."""
        if not num_id or num_id == "0":
            return None
        ilvl = min(max(ilvl, 0), MAX_LEVELS - 1)
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return None
        counters = self._counters.setdefault((view, num_id), [None] * MAX_LEVELS)
        if not count:
            counters = list(counters)
        current = counters[ilvl]
        counters[ilvl] = lvl.start if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = None
        if lvl.fmt == "bullet":
            return "•"

        def substitute(m):
            k = int(m.group(1)) - 1
            other = self.level(num_id, k)
            value = counters[k]
            if value is None:
                value = other.start if other is not None else 1
            fmt = "decimal" if lvl.legal else (other.fmt if other is not None else "decimal")
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(substitute, lvl.text)
