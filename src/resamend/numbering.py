"""Numbers as labels print them: Roman numerals and letters.

One home for the counting schemes that Word's auto-numbering
(:mod:`resamend.readers.docx_numbering`) and the consolidation's relabelling
of sub-paragraphs (:mod:`resamend.consolidate`) share.  Pure.
"""

from __future__ import annotations


def to_roman(n: int) -> str:
    """4 → "IV" (upper case; n <= 0 is written as a decimal)."""
    if n <= 0:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def to_letter(n: int) -> str:
    """Word's letters: A … Z, AA … ZZ, AAA … (the letter repeated)."""
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
