"""Meetings of the governing bodies, for revision tags and history lines.

A consolidated text says where it was adopted and amended: "Adopted by the
Conference of the Parties at its 11th Meeting (Quito, 4–9 November 2014)
and amended at its 14th Meeting (Samarkand, 12–17 February 2024)".  The
table below holds what is certain; a meeting not in it is still named, by
its number only ("at its 16th Meeting"), never guessed.

To add a convention, add its :class:`Convention` to ``CONVENTIONS`` and
its meetings to ``MEETINGS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Convention:
    """How a convention names its meetings and revision tags.

    ``tag`` is the revision tag with ``{n}`` for the meeting number
    ("Rev.COP{n}" for CMS, "Rev. CoP{n}" for CITES); ``body`` the governing
    body as the history line names it.
    """

    key: str
    name: str
    body: str
    tag: str
    meeting_word: str = "Meeting"


CONVENTIONS: dict[str, Convention] = {
    "cms": Convention("cms", "CMS", "the Conference of the Parties", "Rev.COP{n}"),
    "cites": Convention("cites", "CITES", "the Conference of the Parties", "Rev. CoP{n}"),
    "aewa": Convention("aewa", "AEWA", "the Meeting of the Parties", "Rev.MOP{n}", "Session"),
    "ramsar": Convention("ramsar", "Ramsar", "the Conference of the Contracting Parties", "Rev. COP{n}"),
}


@dataclass(frozen=True)
class Meeting:
    convention: str
    number: int
    place: str
    country: str
    dates: str  # as printed: "4–9 November 2014"


MEETINGS: dict[tuple[str, int], Meeting] = {
    (m.convention, m.number): m
    for m in (
        Meeting("cms", 11, "Quito", "Ecuador", "4–9 November 2014"),
        Meeting("cms", 12, "Manila", "Philippines", "23–28 October 2017"),
        Meeting("cms", 13, "Gandhinagar", "India", "17–22 February 2020"),
        Meeting("cms", 14, "Samarkand", "Uzbekistan", "12–17 February 2024"),
        Meeting("cms", 15, "Campo Grande", "Brazil", "23–29 March 2026"),
    )
}


def meeting(convention: str | None, number: int) -> Meeting | None:
    return MEETINGS.get((convention or "cms", number))


def ordinal(n: int) -> str:
    """1 → "1st", 2 → "2nd", 11 → "11th", 13 → "13th", 22 → "22nd"."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def describe(convention: str | None, number: int) -> str:
    """"14th Meeting (Samarkand, 12–17 February 2024)", or "16th Meeting"
    when the meeting is not in the table."""
    conv = CONVENTIONS.get(convention or "cms", CONVENTIONS["cms"])
    m = meeting(convention, number)
    head = f"{ordinal(number)} {conv.meeting_word}"
    return f"{head} ({m.place}, {m.dates})" if m else head


def convention_of(instrument: str | None, revision: str | None = None) -> str:
    """Which convention an instrument belongs to, from its form alone.

    "Resolution Conf. 10.10" is CITES; a "Rev.MOP" tag is AEWA; a Roman
    session number ("Resolution XIII.4") is Ramsar; anything else is taken
    as CMS (the project's home convention).
    """
    inst = instrument or ""
    rev = revision or ""
    if "Conf." in inst or "CoP" in rev:
        return "cites"
    if "MOP" in rev.upper():
        return "aewa"
    if re.search(r"\s[IVXLC]+\.\d", inst):
        return "ramsar"
    return "cms"
