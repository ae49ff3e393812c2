"""Words of legal text, and the word ⇄ code-point codec used by the diff.

A redline is read word by word, so the diff works on *tokens*, never on
letters: a mark that starts or ends inside a word ("programm{++e++}") is
what a drafter calls a broken redline.  :func:`tokenize` cuts a text into

* **runs of whitespace** (one token per run, so a doubled space is visible
  as a change of its own and both views keep their spacing exactly);
* **words**: letters, digits and combining marks, with *internal* joiners
  kept inside the word — apostrophes ("Programme’s"), hyphens
  ("Kunming-Montreal", "2024-2032", "post-2020") and, between two digits,
  ``. , / :`` ("11.10", "1,000", "2007/8").  Hyphenated compounds and ranges
  are one token on purpose: replacing "2015-2023" by "2024-2032" is then one
  replacement ``{--2015-2023--}{++2024-2032++}`` instead of a redline that
  keeps a lonely hyphen, and a changed compound ("biodiversity-related" →
  "biodiversity-linked") is struck as a whole word, as drafters do;
* **paragraph numbers** at the start of a line keep their dot ("8bis.",
  "3.", "11.10."), so renumbering "8bis." → "9." is one replacement;
* **each punctuation mark or symbol** on its own (a comma added after a
  word is an insertion of a comma, not a changed word);
* **scripts written without spaces** — Chinese, Japanese, Thai, Lao, Khmer,
  Myanmar, Yi — one character (with its combining marks) per token, since
  a character is the smallest unit a reader of these scripts compares;
* right-to-left text (Arabic, Hebrew) is cut like any other: tokens are in
  logical order, nothing is reordered, bidi controls stay inside words.

Concatenating the tokens gives back the text exactly.

The codec (:class:`TokenCodec`) maps each distinct token to one private-use
code point, as GovTrack's xml_diff does, so that diff-match-patch — which
diffs strings character by character — diffs words.
"""

from __future__ import annotations

import re

from .diagnostics import InputError

# Characters that are a token of their own (punctuation and symbols).  The
# hyphen-like and apostrophe-like marks among them join two word parts.
_PUNCT = (
    "!-/:-@\\[-`{-~"  # ASCII punctuation (a regex class body)
    "\u00a1-\u00a9\u00ab-\u00ac\u00ae-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7"
    "\u037e\u0387\u055a-\u055f\u0589\u05be\u05c0\u05c3\u05c6"
    "\u060c\u060d\u061b\u061e\u061f\u066a-\u066d\u06d4"
    "\u0964\u0965\u0970\u1360-\u1368"
    "\u2010-\u2027\u2030-\u205e"  # general punctuation (not the invisible ones)
    "\u20a0-\u20cf"  # currency
    "\u2100-\u2101\u2103-\u2106\u2108-\u2109\u2116-\u2118\u211e-\u2123\u2125\u2127\u2129\u212e\u213a-\u213b\u2140-\u2144\u214a-\u214d"
    "\u2190-\u2bff"  # arrows, maths, technical, shapes, dingbats
    "\u2e00-\u2e7f"  # supplemental punctuation
    "\ufe10-\ufe19\ufe50-\ufe6b"
)

# Scripts written without spaces: one token per character.
_NO_SPACE_SCRIPTS = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff\u19e0-\u19ff"  # Khmer
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi
    "\u2ff0-\u2fff\u3001-\u303f"  # ideographic description, CJK punctuation
    "\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"  # kana, bopomofo
    "\u3200-\u4dbf\u4e00-\u9fff"  # enclosed, compatibility, ideographs
    "\ua000-\ua4cf"  # Yi
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"  # compatibility, full/half width
    "\U0001b000-\U0001b16f"  # kana supplement
    "\U00020000-\U0003134f"  # ideograph extensions
)

# Marks that belong to the character before them (so that a Thai vowel sign
# or a Japanese voicing mark is never a token of its own).
_CLUSTER_MARKS = (
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\ufe00-\ufe0f"
    "\u3099\u309a\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"
    "\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074"
    "\u1082-\u108d\u108f\u109a-\u109d\u17b4-\u17d3\u17dd\u200c\u200d"
    "\U000e0100-\U000e01ef"
)

_WORD_CHAR = f"[^\\s{_PUNCT}{_NO_SPACE_SCRIPTS}]"
_JOINER = "(?:[-'\u2019\u2010\u2011\u05be]|(?<=\\d)[.,/:](?=\\d))"

_TOKEN = re.compile(
    "|".join(
        [
            r"\s+",
            # a paragraph number at the start of a line: "3.", "8bis.", "11.10."
            r"(?<![^\n])\d+(?:\.\d+)*[^\W\d_]*\.(?=\s)",
            f"[{_NO_SPACE_SCRIPTS}][{_CLUSTER_MARKS}]*",
            f"{_WORD_CHAR}+(?:{_JOINER}{_WORD_CHAR}+)*",
            r".",
        ]
    ),
    re.DOTALL,
)

_SPACE = re.compile(r"\s+\Z")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Cut ``text`` into word, number, punctuation and whitespace tokens.

    ``"".join(tokenize(text)) == text`` for every string.  With ``start`` and
    ``end`` at safe cuts (:func:`is_safe_cut`) the tokens of
    ``text[start:end]`` are returned — the same tokens the whole text has
    there, because the text around is still seen by the pattern.
    """
    return _TOKEN.findall(text, start, len(text) if end is None else end)


def is_safe_cut(text: str, pos: int) -> bool:
    """True where every tokenisation of ``text`` has a token boundary and
    cutting there changes no token: at either end, or where whitespace is
    followed by non-whitespace (whitespace runs are tokens of their own and
    no other token holds whitespace)."""
    return pos <= 0 or pos >= len(text) or (text[pos - 1].isspace() and not text[pos].isspace())


def is_space(token: str) -> bool:
    """True for a whitespace token (tokens never mix whitespace with text)."""
    return token.isspace()


def is_wordlike(token: str) -> bool:
    """True for a token that carries letters or digits (not space, not punctuation)."""
    return any(c.isalnum() for c in token)


# --- the codec ---------------------------------------------------------------

# Private-use ranges, in the order they are handed out: the BMP area first
# (one UTF-16 unit, cheapest everywhere), then planes 15 and 16.
_PRIVATE_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
CODEC_CAPACITY = sum(hi - lo + 1 for lo, hi in _PRIVATE_RANGES)


def _code_point(index: int) -> str:
    for lo, hi in _PRIVATE_RANGES:
        size = hi - lo + 1
        if index < size:
            return chr(lo + index)
        index -= size
    raise InputError(
        f"the texts use more than {CODEC_CAPACITY} distinct words",
        hint="diff smaller parts of the document (for example one annex at a time)",
    )


class TokenCodec:
    """A deterministic, growing map between tokens and private-use characters.

    The first distinct token seen becomes U+E000, the next U+E001 …; after
    the 6,400 code points of the BMP private-use area come planes 15 and 16
    (131,068 more).  Two codecs fed the same tokens in the same order agree,
    so a diff over the encoded strings is as deterministic as the input.
    """

    __slots__ = ("_code", "_token")

    def __init__(self) -> None:
        self._code: dict[str, str] = {}
        self._token: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._code)

    def encode(self, tokens: list[str]) -> str:
        """One character per token (new tokens are given the next code point)."""
        code = self._code
        try:
            return "".join(map(code.__getitem__, tokens))
        except KeyError:
            pass
        for token in dict.fromkeys(tokens):  # first-appearance order
            if token not in code:
                char = _code_point(len(code))
                code[token] = char
                self._token[char] = token
        return "".join(map(code.__getitem__, tokens))

    def decode(self, encoded: str) -> list[str]:
        """The tokens behind ``encoded`` (every character must come from this codec)."""
        return list(map(self._token.__getitem__, encoded))

    def decode_text(self, encoded: str) -> str:
        """The text behind ``encoded``: the decoded tokens joined."""
        return "".join(map(self._token.__getitem__, encoded))
