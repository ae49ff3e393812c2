"""The redline of two versions of a text: ``resamend diff``.

Two steps, as an editor compares two drafts:

1. **Align paragraphs.**  Identical paragraphs are matched first (each
   paragraph text is one "character" of a diff over the paragraph sequence,
   anchored on paragraphs that occur once in both versions).  A paragraph
   that left one place and appears, unchanged or nearly, at another is a
   *move*: a deleted and an inserted block that share a ``move_id``.  The
   remaining changed paragraphs between two matched ones are paired in
   order when they share enough words; the rest are whole deleted or
   inserted blocks.
2. **Diff words inside each paired paragraph.**  Tokens (:mod:`.tokens`)
   are encoded one code point each and diffed with diff-match-patch
   (``Diff_Timeout = 0``: exact and deterministic).  Long texts are first
   anchored on tokens that occur exactly once in both (the longest
   increasing run of them, as in patience diff), so only the gaps between
   anchors go through the O(ND) diff.  A clean-up then makes the result
   read like a drafter's redline (see :func:`_clean_regions`).

``granularity="char"`` marks letters inside changed words when a word was
merely respelled ("{--g--}{++G++}lobal"), as the CMS secretariat does.

The result is one marked :class:`~resamend.model.Document`: accepting it
gives ``new``, rejecting it gives ``old``, paragraph for paragraph.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from .amend import accept
from .diagnostics import Diagnostic, InputError, Location, Severity, UsageError
from .model import Block, Change, Document, Mark, Segment, Source
from .tokens import TokenCodec, is_space, is_wordlike, tokenize

GRANULARITIES = ("word", "char")

_EQUAL, _DELETE, _INSERT = 0, -1, 1

# Below this total length (in tokens) the O(ND) diff runs directly.
_DIRECT_LIMIT = 600
# When we only look for which paragraphs belong together, a gap whose
# O(ND) diff would cost more than this (N·D, about a third of a second) is
# taken as replaced whole.
_COST_BUDGET = 2_000_000
# The redline of one paragraph is diffed exactly, save for a pathological
# gap (tens of thousands of words without a single reliable anchor) whose
# O(ND) diff would take many seconds: that gap is shown replaced whole.
_REDLINE_BUDGET = 40_000_000
_MAX_DEPTH = 48
# Work budget of one comparison (diff_documents, diff_texts), in steps of the
# O(ND) diff (a few million a second): a fixed part and a part per token
# (character) of the input, so that a large document gets a larger budget.  Realistic
# drafts, even of 500,000 words, use a small part of it; past it the diffs
# not yet done show their text replaced whole (a coarser redline, still a
# correct one) and a warning says so.
WORK_BUDGET = 3_000_000
WORK_PER_CHAR = 1

# Paragraph pairing: share of text (Dice coefficient over the non-space
# characters the word diff keeps, ignoring case if that helps) from which
# two changed paragraphs count as one amended paragraph.  A lone changed paragraph between two unchanged ones is read
# as amended more readily: that is what stands in its place.
# (Calibrated on the CMS reference text: unrelated paragraphs of one
# resolution score up to 0.35, its amended paragraphs 0.49 and more.)
PAIR_THRESHOLD = 0.4
LONE_PAIR_THRESHOLD = 0.35
# A deleted and an inserted paragraph this similar are one moved paragraph.
MOVE_THRESHOLD = 0.8
# Near moves are looked for among the inserted paragraphs holding one of the
# rarest words of a deleted one (how many words, how many holders each).
_MOVE_SIGNATURE = 6
_MOVE_FANOUT = 200
_MOVE_CANDIDATES = 12  # compared per deleted paragraph, most shared rare words first

_BREAK = "\x00\u2029"  # a token tokenize() never produces: a paragraph break


# --- sequence diff over encoded strings ----------------------------------------


class _Work:
    """The work budget of one comparison, counted in steps of the O(ND)
    diff, not in seconds: the same input always gives the same redline.

    diff-match-patch asks ``time.time() > deadline`` once per edit distance
    *d* of its search; given this object as the deadline, that question
    counts the about 2·d steps of the round (see :meth:`__lt__`), and
    answers "past the deadline" once the budget is spent: that diff, and
    every one after it, is then a whole replacement."""

    def __init__(self, units: float):
        self.left = units
        self.d = 0
        self.exhausted = False
        self.coarse = 0  # diffs coarsened (budget spent, or a gap too costly to try)
        self.cut_short: set[int] = set()  # new-version blocks whose word diff was coarsened

    def __lt__(self, now) -> bool:  # ``now > deadline``
        self.d += 1
        self.left -= 2 * self.d
        if self.left < 0 and not self.exhausted:
            self.exhausted = True
            self.coarse += 1
        return self.exhausted

    def __gt__(self, now) -> bool:
        return False


_WORK: ContextVar[_Work | None] = ContextVar("resamend_diff_work", default=None)


@contextmanager
def _budget(units: float):
    """A work budget for the diffs inside the ``with`` (the one already set
    by an outer comparison stays in force)."""
    work = _WORK.get()
    if work is not None:
        yield work
        return
    work = _Work(units)
    token = _WORK.set(work)
    try:
        yield work
    finally:
        _WORK.reset(token)


_DMP = None


def _dmp():
    """One diff-match-patch instance, exact and deterministic (no timeout;
    a work budget when a comparison sets one, see :class:`_Work`)."""
    global _DMP
    if _DMP is None:
        from diff_match_patch import diff_match_patch

        class _Budgeted(diff_match_patch):
            def diff_bisect(self, text1, text2, deadline):
                if type(deadline) is _Work:
                    deadline.d = 0  # a new search: its rounds count from 1 again
                return super().diff_bisect(text1, text2, deadline)

        _DMP = _Budgeted()
        _DMP.Diff_Timeout = 0
    return _DMP


def _exact_diff(a: str, b: str) -> list[tuple[int, str]]:
    """diff-match-patch's O(ND) diff, within the comparison's work budget."""
    work = _WORK.get()
    if work is None:
        return _dmp().diff_main(a, b, False)
    if work.exhausted:
        work.coarse += 1
        return [(_DELETE, a), (_INSERT, b)]
    return _dmp().diff_main(a, b, False, work)


def diff_codes(a: str, b: str, *, give_up: str | None = None, direct_limit: int = _DIRECT_LIMIT) -> list[tuple[int, str]]:
    """diff-match-patch style ops (-1, 0, 1) between two encoded strings.

    Short inputs go straight to the exact O(ND) diff; long ones are first
    cut at unique common characters (patience anchors).  With ``give_up``
    a gap without anchors is reported as replaced whole instead of being
    diffed when its diff would be slow (``"costly"``), also when most of it
    cannot match anyway (``"unrelated"``; both for callers that only look
    for what belongs together), or only when it would take many seconds
    (``"redline"``).
    The result is canonical: equal runs merged, and in every change the
    deletion comes before the insertion.
    """
    out: list[tuple[int, str]] = []
    _diff_into(a, b, out, give_up, direct_limit, 0)
    return _canonical_ops(out)


def _diff_into(a: str, b: str, out: list, give_up: str | None, direct_limit: int, depth: int) -> None:
    if a == b:
        if a:
            out.append((_EQUAL, a))
        return
    dmp = _dmp()
    head = dmp.diff_commonPrefix(a, b)
    if head:
        out.append((_EQUAL, a[:head]))
        a, b = a[head:], b[head:]
    tail_len = dmp.diff_commonSuffix(a, b)
    tail = a[len(a) - tail_len :] if tail_len else ""
    if tail_len:
        a, b = a[:-tail_len], b[:-tail_len]
    if not a or not b:
        out.append((_DELETE, a) if a else (_INSERT, b))
    elif len(a) + len(b) <= direct_limit:
        if give_up == "unrelated" and _too_costly(a, b, give_up):
            out.extend(((_DELETE, a), (_INSERT, b)))
        else:
            out.extend(_exact_diff(a, b))
    else:
        anchors = _unique_anchors(a, b) if depth < _MAX_DEPTH else []
        if anchors:
            ia = ib = 0
            for i, j in anchors:
                _diff_into(a[ia:i], b[ib:j], out, give_up, direct_limit, depth + 1)
                out.append((_EQUAL, a[i]))
                ia, ib = i + 1, j + 1
            _diff_into(a[ia:], b[ib:], out, give_up, direct_limit, depth + 1)
        elif give_up and _too_costly(a, b, give_up):
            if give_up == "redline" and (work := _WORK.get()) is not None:
                work.coarse += 1
            out.extend(((_DELETE, a), (_INSERT, b)))
        else:
            out.extend(_exact_diff(a, b))
    if tail:
        out.append((_EQUAL, tail))


def _too_costly(a: str, b: str, give_up: str) -> bool:
    """Not worth an O(ND) diff when only looking for what belongs together:
    most of the two strings cannot match (counted as bags, D is at least
    the characters they do not share), or N·D would take long."""
    size = len(a) + len(b)
    if size <= 64:
        return False
    count_a, count_b = Counter(a), Counter(b)
    at_least = sum((count_a - count_b).values()) + sum((count_b - count_a).values())
    budget = _REDLINE_BUDGET if give_up == "redline" else _COST_BUDGET
    return (give_up == "unrelated" and 2 * at_least > size) or size * at_least > budget


def _unique_anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Positions (i, j) of characters found exactly once in ``a`` and once in
    ``b``, reduced to their longest chain increasing in both (patience diff)."""
    count_a = Counter(a)
    count_b = Counter(b)
    unique = {c for c, n in count_a.items() if n == 1 and count_b.get(c) == 1}
    if not unique:
        return []
    where_b = {c: j for j, c in enumerate(b) if c in unique}
    pairs = [(i, where_b[c]) for i, c in enumerate(a) if c in unique]
    # A unique word that was deleted in one place and inserted in another
    # would pull the alignment astray: trust only anchors whose neighbour
    # (before or after) matches as well.
    last_a, last_b = len(a) - 1, len(b) - 1
    confirmed = [
        (i, j)
        for i, j in pairs
        if (i and j and a[i - 1] == b[j - 1]) or (i < last_a and j < last_b and a[i + 1] == b[j + 1])
    ]
    return _longest_increasing(confirmed)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of ``pairs`` (sorted by i) with increasing j."""
    tops: list[int] = []  # smallest j ending a chain of each length
    top_index: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tops, j)
        back.append(top_index[n - 1] if n else -1)
        if n == len(tops):
            tops.append(j)
            top_index.append(k)
        else:
            tops[n] = j
            top_index[n] = k
    chain = []
    k = top_index[-1] if top_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain


def _canonical_ops(ops: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """Merge neighbours; within each change put the deletion first."""
    out: list[tuple[int, str]] = []
    dels: list[str] = []
    ins: list[str] = []
    eq: list[str] = []

    def flush_change():
        if dels:
            out.append((_DELETE, "".join(dels)))
            dels.clear()
        if ins:
            out.append((_INSERT, "".join(ins)))
            ins.clear()

    for op, text in ops:
        if not text:
            continue
        if op == _EQUAL:
            flush_change()
            eq.append(text)
        else:
            if eq:
                out.append((_EQUAL, "".join(eq)))
                eq.clear()
            (dels if op == _DELETE else ins).append(text)
    flush_change()
    if eq:
        out.append((_EQUAL, "".join(eq)))
    return out


# --- word diff of one paragraph -------------------------------------------------


@dataclass(slots=True)
class _Region:
    """Either an equal run (``same``) or one change: ``old`` replaced by ``new``."""

    same: list[str] | None = None
    old: list[str] | None = None
    new: list[str] | None = None

    @property
    def is_equal(self) -> bool:
        return self.same is not None


def _regions(ops: list[tuple[int, str]], codec: TokenCodec) -> list[_Region]:
    out: list[_Region] = []
    for op, text in ops:
        tokens = codec.decode(text)
        if op == _EQUAL:
            out.append(_Region(same=tokens))
        elif out and out[-1].same is None:
            (out[-1].old if op == _DELETE else out[-1].new).extend(tokens)
        else:
            out.append(_Region(old=tokens if op == _DELETE else [], new=tokens if op == _INSERT else []))
    return out


def _clean_regions(regions: list[_Region]) -> list[_Region]:
    """Make a minimal diff read like a legal redline.

    * no tiny equal islands: a space, a punctuation mark or one short word
      left between two changes, where the two together replace text, is
      absorbed, so "{--plan was--}{++programme is++}" reads as one
      replacement rather than a comb of marks;
    * a pure insertion or deletion is slid (where the text around allows
      it) to start on a word and end with its space — "{--big --}dog" — or,
      before punctuation or the end of the paragraph, to carry its leading
      space — "Facility{-- and others--},";
    * in a replacement the deletion comes first (done by the representation).

    Tokens are never split, so no mark starts or ends inside a word.
    """
    regions = _absorb_islands(regions)
    for k, region in enumerate(regions):
        if region.same is None and (not region.old or not region.new):
            _slide(regions, k)
    return _merged(_spaces_kept_out(_merged(regions)))


def _spaces_kept_out(regions: list[_Region]) -> list[_Region]:
    """A replacement that starts (or ends) with whitespace on both sides
    keeps the spaces the two share unmarked: "Species{-- 2015-2023--}{++
    2024-2032++}" becomes "Species {--2015-2023--}{++2024-2032++}", and a
    doubled space next to a change only marks the extra space."""
    out: list[_Region] = []
    for region in regions:
        if region.same is not None or not region.old or not region.new:
            out.append(region)
            continue
        old, new = list(region.old), list(region.new)
        head = _shared_space(old[0], new[0], from_end=False)
        tail = _shared_space(old[-1], new[-1], from_end=True) if len(old) > 1 and len(new) > 1 else ""
        if head:
            old[0], new[0] = old[0][len(head) :], new[0][len(head) :]
            out.append(_Region(same=[head]))
        if tail:
            old[-1], new[-1] = old[-1][: -len(tail)], new[-1][: -len(tail)]
        out.append(_Region(old=[t for t in old if t], new=[t for t in new if t]))
        if tail:
            out.append(_Region(same=[tail]))
    return out


def _shared_space(a: str, b: str, from_end: bool) -> str:
    if not (a.isspace() and b.isspace()):
        return ""
    if from_end:
        a, b = a[::-1], b[::-1]
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    shared = a[:n]
    return shared[::-1] if from_end else shared


def _is_tiny(tokens: list[str]) -> bool:
    if len(tokens) > 3:
        return False
    words = [t for t in tokens if not is_space(t)]
    return len(words) <= 1 and all(len(w) <= 3 for w in words)


def _absorb_islands(regions: list[_Region]) -> list[_Region]:
    out: list[_Region] = []
    for region in regions:
        if (
            region.same is None
            and len(out) >= 2
            and out[-1].same is not None
            and out[-2].same is None
            and _is_tiny(out[-1].same)
        ):
            before = out[-2]
            if (before.old or region.old) and (before.new or region.new):
                island = out.pop().same
                out.pop()
                out.append(_Region(old=before.old + island + region.old, new=before.new + island + region.new))
                continue
        out.append(region)
    return out


_SLIDE_WINDOW = 32


def _slide(regions: list[_Region], k: int) -> None:
    """Move a pure insertion or deletion to the best-reading equivalent place."""
    region = regions[k]
    moving = region.old or region.new
    before = regions[k - 1].same if k > 0 else []
    after = regions[k + 1].same if k + 1 < len(regions) else []
    head = before[-_SLIDE_WINDOW:]
    tail = after[:_SLIDE_WINDOW]
    seq = head + moving + tail
    size = len(moving)
    lo = hi = len(head)
    while lo > 0 and seq[lo - 1] == seq[lo + size - 1]:
        lo -= 1
    while hi + size < len(seq) and seq[hi] == seq[hi + size]:
        hi += 1
    if lo == hi:
        return
    best = max(range(lo, hi + 1), key=lambda s: (_placement_score(seq, s, size), -s))
    if best == len(head):
        return
    new_before = before[: len(before) - len(head)] + seq[:best]
    new_after = seq[best + size :] + after[len(tail) :]
    moved = seq[best : best + size]
    if region.old:
        region.old = moved
    else:
        region.new = moved
    if k > 0:  # (with nothing before or after, there was no room to slide)
        regions[k - 1].same = new_before
    if k + 1 < len(regions):
        regions[k + 1].same = new_after


def _placement_score(seq: list[str], start: int, size: int) -> int:
    first, last = seq[start], seq[start + size - 1]
    after = seq[start + size] if start + size < len(seq) else None
    before = seq[start - 1] if start > 0 else None
    if not is_space(first) and is_space(last):
        return 4  # "word … " : the drafter's way
    if is_space(first) and not is_space(last) and (after is None or not (is_space(after) or is_wordlike(after))):
        return 3  # " … word" before punctuation or the end
    if not is_space(first) and not is_space(last):
        if (before is None or not is_wordlike(before)) and (after is None or not is_wordlike(after)):
            return 2
    return 1


def _merged(regions: list[_Region]) -> list[_Region]:
    """Drop emptied equal runs and join the changes they separated."""
    out: list[_Region] = []
    for region in regions:
        if region.same is not None:
            if not region.same:
                continue
            if out and out[-1].same is not None:
                out[-1].same.extend(region.same)
                continue
        elif out and out[-1].same is None:
            out[-1].old.extend(region.old)
            out[-1].new.extend(region.new)
            continue
        out.append(region)
    return out


# --- from regions to marked text ---------------------------------------------


def _text_ops(regions: list[_Region], granularity: str) -> list[tuple[Mark, str]]:
    ops: list[tuple[Mark, str]] = []
    for region in regions:
        if region.same is not None:
            ops.append((Mark.KEEP, "".join(region.same)))
        elif granularity == "char" and region.old and region.new:
            ops.extend(_letter_ops(region.old, region.new))
        else:
            if region.old:
                ops.append((Mark.DELETE, "".join(region.old)))
            if region.new:
                ops.append((Mark.INSERT, "".join(region.new)))
    return _joined_ops(ops)


def _joined_ops(ops: list[tuple[Mark, str]]) -> list[tuple[Mark, str]]:
    """Merge neighbours with one mark; in each change, deletions first."""
    out: list[tuple[Mark, str]] = []
    for mark, text in ops:
        if not text:
            continue
        if out and out[-1][0] is mark:
            out[-1] = (mark, out[-1][1] + text)
        elif mark is Mark.DELETE and out and out[-1][0] is Mark.INSERT:
            if len(out) >= 2 and out[-2][0] is Mark.DELETE:
                out[-2] = (Mark.DELETE, out[-2][1] + text)
            else:
                out.insert(len(out) - 1, (mark, text))
        else:
            out.append((mark, text))
    return out


def _letter_ops(old: list[str], new: list[str]) -> list[tuple[Mark, str]]:
    """Letter-level marks for a replacement: pair the old and new tokens
    (aligned at the start or at the end, whichever pairs more respelled
    words) and diff the letters of each respelled word."""
    n = min(len(old), len(new))
    front = list(zip(old[:n], new[:n]))
    back = list(zip(old[len(old) - n :], new[len(new) - n :]))
    use_back = _respelled_count(back) > _respelled_count(front)
    pairs = back if use_back else front
    extra_old = old[: len(old) - n] if use_back else old[n:]
    extra_new = new[: len(new) - n] if use_back else new[n:]
    if not any(a == b or _respelled(a, b) for a, b in pairs):
        return [(Mark.DELETE, "".join(old)), (Mark.INSERT, "".join(new))]
    ops: list[tuple[Mark, str]] = []
    extra = [(Mark.DELETE, "".join(extra_old)), (Mark.INSERT, "".join(extra_new))]
    if use_back:
        ops.extend(extra)
    for a, b in pairs:
        if a == b:
            ops.append((Mark.KEEP, a))
        elif _respelled(a, b):
            ops.extend(_letter_diff(a, b))
        else:
            ops.extend(((Mark.DELETE, a), (Mark.INSERT, b)))
    if not use_back:
        ops.extend(extra)
    return ops


def _respelled_count(pairs: list[tuple[str, str]]) -> int:
    return sum(1 for a, b in pairs if a == b or _respelled(a, b))


def _respelled(a: str, b: str) -> bool:
    """Same word, differently spelled: at least half the letters survive.

    Numbers are never respelled: "2015-2023" → "2024-2032" is a new range,
    and a redline that keeps "20…-20…" of it would be unreadable.
    """
    if a == b or not (_is_lettered(a) and _is_lettered(b)):
        return False
    kept = sum(len(t) for op, t in _char_diff(a, b) if op == _EQUAL)
    return 2 * kept >= max(len(a), len(b))


def _is_lettered(token: str) -> bool:
    return any(c.isalpha() for c in token) and not any(c.isdigit() for c in token)


def _char_diff(a: str, b: str) -> list[tuple[int, str]]:
    ops = _exact_diff(a, b)
    _dmp().diff_cleanupSemantic(ops)
    return ops


def _letter_diff(a: str, b: str) -> list[tuple[Mark, str]]:
    marks = {_EQUAL: Mark.KEEP, _DELETE: Mark.DELETE, _INSERT: Mark.INSERT}
    return [(marks[op], text) for op, text in _canonical_ops(_char_diff(a, b))]


# --- styles ----------------------------------------------------------------------


_NO_STYLE: frozenset[str] = frozenset()


class _StyleRuns:
    """Which style each character offset of a block's text has."""

    def __init__(self, segments: Sequence[Segment]):
        self.starts: list[int] = []
        self.styles: list[frozenset[str]] = []
        self.plain = not any(seg.style for seg in segments)
        if self.plain:
            return
        pos = 0
        for seg in segments:
            if not seg.text:
                continue
            if not self.styles or self.styles[-1] != seg.style:
                self.starts.append(pos)
                self.styles.append(seg.style)
            pos += len(seg.text)

    def pieces(self, pos: int, text: str) -> Iterable[tuple[str, frozenset[str]]]:
        """``text`` (found at offset ``pos``) cut where the style changes."""
        if self.plain:
            yield text, frozenset()
            return
        k = max(bisect_right(self.starts, pos) - 1, 0)
        offset = 0
        while offset < len(text):
            room = self.starts[k + 1] - (pos + offset) if k + 1 < len(self.starts) else len(text)
            take = min(len(text) - offset, room)
            yield text[offset : offset + take], self.styles[k]
            offset += take
            k += 1


def _segments_of(ops: list[tuple[Mark, str]], old_block: Block, new_block: Block, change: Change) -> tuple[Segment, ...]:
    """Marked segments; KEEP and INSERT text carry the new block's styles,
    DELETE text the old block's."""
    old_runs, new_runs = _StyleRuns(old_block.segments), _StyleRuns(new_block.segments)
    if old_runs.plain and new_runs.plain:
        # No style to follow: one segment per op (neighbouring ops never
        # share a mark, see _joined_ops).
        return tuple(Segment(text, mark, _NO_STYLE, None if mark is Mark.KEEP else change) for mark, text in ops)
    old_pos = new_pos = 0
    out: list[Segment] = []
    for mark, text in ops:
        if mark is Mark.DELETE:
            pieces = old_runs.pieces(old_pos, text)
            old_pos += len(text)
        else:
            pieces = new_runs.pieces(new_pos, text)
            new_pos += len(text)
            if mark is Mark.KEEP:
                old_pos += len(text)
        for piece, style in pieces:
            seg_change = None if mark is Mark.KEEP else change
            if out and out[-1].mark is mark and out[-1].style == style:
                out[-1] = replace(out[-1], text=out[-1].text + piece)
            else:
                out.append(Segment(piece, mark, style, seg_change))
    return tuple(out)


# --- paragraph alignment ----------------------------------------------------------


@dataclass
class _Pair:
    old: int
    new: int
    regions: list[_Region] | None  # None: identical text


class _Texts:
    """Tokens of the blocks of both versions, computed once, on demand."""

    def __init__(self, old: Sequence[str], new: Sequence[str]):
        self.old_text = list(old)
        self.new_text = list(new)
        self._old_tokens: dict[int, list[str]] = {}
        self._new_tokens: dict[int, list[str]] = {}
        self.codec = TokenCodec()
        self._ink_old: dict[int, int] = {}

    def old_tokens(self, i: int) -> list[str]:
        if i not in self._old_tokens:
            self._old_tokens[i] = tokenize(self.old_text[i])
        return self._old_tokens[i]

    def new_tokens(self, j: int) -> list[str]:
        if j not in self._new_tokens:
            self._new_tokens[j] = tokenize(self.new_text[j])
        return self._new_tokens[j]

    def words(self, tokens: list[str]) -> list[str]:
        return [t for t in tokens if not t.isspace()]

    def pair(self, i: int, j: int, threshold: float | None = None) -> tuple[list[_Region] | None, float]:
        """The word diff of old block i and new block j, and their similarity.

        With a ``threshold``, two blocks whose words cannot reach it (by
        counting alone) are not diffed at all: ``(None, upper bound)``.

        Only the middle that differs is tokenised and diffed: the common
        head and tail (cut where a token boundary is certain) stay whole,
        save a few tokens next to the middle so that the clean-up can still
        slide a change across the cut.  Similarity is the Dice coefficient
        of the non-space characters the diff keeps.
        """
        a, b = self.old_text[i], self.new_text[j]
        head, tail = _trim(a, b)
        mid_a = tokenize(a, head, len(a) - tail)
        mid_b = tokenize(b, head, len(b) - tail)
        ink_a = self.ink_old(i)
        # ink is additive and both texts share their ends: b holds what a
        # does, less a's middle, plus b's
        ink_mid_a = _ink(a[head : len(a) - tail])
        total = 2 * ink_a - ink_mid_a + _ink(b[head : len(b) - tail])
        if threshold is not None and total:
            fixed = ink_a - ink_mid_a
            if 2 * fixed < threshold * total:  # the common ends alone do not settle it
                bound = 2 * (fixed + _shared_ink(mid_a, mid_b)) / total
                if bound < threshold:
                    return None, bound
        try:
            code_a, code_b, codec = self.codec.encode(mid_a), self.codec.encode(mid_b), self.codec
        except InputError:  # the shared codec is full: a private one suffices
            codec = TokenCodec()
            code_a, code_b = codec.encode(mid_a), codec.encode(mid_b)
        work = _WORK.get()
        coarse = work.coarse if work is not None else 0
        ops = diff_codes(code_a, code_b, give_up="redline")
        if work is not None and work.coarse != coarse:
            work.cut_short.add(j)
        regions = _regions(ops, codec)
        changes = [r for r in regions if r.same is None]
        # The common ends are tokenised only where the clean-up may slide a
        # change into them (a pure insertion or deletion next to them, see
        # _slide); elsewhere each stays one chunk of unchanged text.
        if head:
            slides = bool(changes) and not (changes[0].old and changes[0].new)
            regions.insert(0, _Region(same=_head_tokens(a, head) if slides else [a[:head]]))
        if tail:
            slides = bool(changes) and not (changes[-1].old and changes[-1].new)
            regions.append(_Region(same=_tail_tokens(a, len(a) - tail) if slides else [a[len(a) - tail :]]))
        regions = _merged(regions)
        kept = ink_a - sum(_ink("".join(r.old)) for r in regions if r.same is None)
        similarity = 2 * kept / total if total else float(a == b)
        if similarity < PAIR_THRESHOLD:
            similarity = max(similarity, _casefold_similarity(a, b))
        return _clean_regions(regions), similarity

    def ink_old(self, i: int) -> int:
        if i not in self._ink_old:
            self._ink_old[i] = _ink(self.old_text[i])
        return self._ink_old[i]


def _shared_ink(a: list[str], b: list[str]) -> int:
    """Most non-space characters a diff of ``a`` and ``b`` could keep, even
    ignoring case: the characters of the tokens the two have in common."""
    common = Counter(t.casefold() for t in a) & Counter(t.casefold() for t in b)
    return sum(len(t) * n for t, n in common.items() if not t.isspace())


def _casefold_similarity(a: str, b: str) -> float:
    """Similarity ignoring case: a paragraph whose words were only
    capitalised ("global biodiversity framework" → "Global Biodiversity
    Framework") is still the same paragraph."""
    a, b = a.casefold(), b.casefold()
    codec = TokenCodec()
    ops = diff_codes(codec.encode(tokenize(a)), codec.encode(tokenize(b)), give_up="unrelated")
    kept = sum(_ink(codec.decode_text(text)) for op, text in ops if op == _EQUAL)
    total = _ink(a) + _ink(b)
    return 2 * kept / total if total else 0.0


_CONTEXT = 100  # characters of the common head and tail still tokenised


def _trim(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common head and tail of two texts, both cut at safe
    token boundaries and not overlapping."""
    dmp = _dmp()
    head = dmp.diff_commonPrefix(a, b)
    if not (_safe(a, head) and _safe(b, head)):
        # Further back both texts hold the same characters on either side
        # of every position, so one text decides: back to a word's start.
        head -= 1
        while head > 0 and not (a[head - 1].isspace() and not a[head].isspace()):
            head -= 1
    tail = min(dmp.diff_commonSuffix(a, b), len(a) - head, len(b) - head)
    if not (_safe(a, len(a) - tail) and _safe(b, len(b) - tail)):
        tail -= 1
        end = len(a)
        while tail > 0 and not (a[end - tail - 1].isspace() and not a[end - tail].isspace()):
            tail -= 1
    return head, tail


def _safe(text: str, pos: int) -> bool:
    """:func:`~resamend.tokens.is_safe_cut`, with the usual case (inside the
    text, in the middle of a word) decided first."""
    if 0 < pos < len(text):
        return text[pos - 1].isspace() and not text[pos].isspace()
    return True


def _head_tokens(text: str, end: int) -> list[str]:
    """``text[:end]`` as one chunk followed by the tokens of its last part."""
    cut = max(end - _CONTEXT, 0)
    if not _safe(text, cut):
        cut += 1
        while cut < end and not (text[cut - 1].isspace() and not text[cut].isspace()):
            cut += 1
    return ([text[:cut]] if cut else []) + tokenize(text, cut, end)


def _tail_tokens(text: str, start: int) -> list[str]:
    """The tokens of the first part of ``text[start:]``, then the rest as one chunk."""
    cut = min(start + _CONTEXT, len(text))
    if not _safe(text, cut):
        cut -= 1
        while cut > start and not (text[cut - 1].isspace() and not text[cut].isspace()):
            cut -= 1
    return tokenize(text, start, cut) + ([text[cut:]] if cut < len(text) else [])


def _ink(text: str) -> int:
    """Characters that are not whitespace."""
    return len("".join(text.split()))


def _pairable(texts: _Texts, i: int, j: int) -> bool:
    """An empty paragraph is never the amended form of a non-empty one (the
    accepted view would lose the empty paragraph)."""
    return bool(texts.old_text[i]) == bool(texts.new_text[j])


def _pair_gap(texts: _Texts, olds: list[int], news: list[int]) -> list[_Pair]:
    """Pair the changed paragraphs between two matched ones, in order."""
    if not olds or not news:
        return []
    threshold = LONE_PAIR_THRESHOLD if len(olds) == len(news) == 1 else PAIR_THRESHOLD
    if len(olds) == len(news):
        trial = []
        for i, j in zip(olds, news):
            if not _pairable(texts, i, j):
                break
            regions, similarity = texts.pair(i, j, threshold)
            if similarity < threshold:
                break
            trial.append(_Pair(i, j, regions))
        else:
            return trial
    pairs: list[_Pair] = []
    for i, j in _similar_in_order(texts, olds, news):
        if pairs and j <= pairs[-1].new:  # keep the order of both versions
            continue
        if _pairable(texts, i, j):
            regions, similarity = texts.pair(i, j, threshold)
            if similarity >= threshold:
                pairs.append(_Pair(i, j, regions))
    return pairs


def _similar_in_order(texts: _Texts, olds: list[int], news: list[int]) -> list[tuple[int, int]]:
    """Candidate pairs (old, new), increasing in both, from one word diff of
    the whole gap: paragraph breaks are tokens too, so the diff itself says
    which old paragraph's words went into which new paragraph."""
    codec = TokenCodec()
    old_words = [texts.words(texts.old_tokens(i)) for i in olds]
    new_words = [texts.words(texts.new_tokens(j)) for j in news]
    a = codec.encode([t for ws in old_words for t in (*ws, _BREAK)])
    b = codec.encode([t for ws in new_words for t in (*ws, _BREAK)])
    ends_a = _running_ends(old_words)
    ends_b = _running_ends(new_words)
    shared: dict[tuple[int, int], int] = {}
    pa = pb = 0
    for op, text in diff_codes(a, b, give_up="unrelated"):
        if op == _DELETE:
            pa += len(text)
        elif op == _INSERT:
            pb += len(text)
        else:
            left = len(text)
            while left:
                ka, kb = bisect_left(ends_a, pa), bisect_left(ends_b, pb)
                step = min(left, ends_a[ka] - pa + 1, ends_b[kb] - pb + 1)
                words = step - (1 if pa + step - 1 == ends_a[ka] else 0)
                if words:
                    shared[ka, kb] = shared.get((ka, kb), 0) + words
                pa, pb, left = pa + step, pb + step, left - step
    best: dict[int, tuple[float, int]] = {}
    for (ka, kb), n in shared.items():
        total = len(old_words[ka]) + len(new_words[kb])
        score = 2 * n / total if total else 0.0
        if ka not in best or score > best[ka][0]:
            best[ka] = (score, kb)
    by_new: dict[int, tuple[float, int]] = {}
    for ka, (score, kb) in best.items():
        if kb not in by_new or score > by_new[kb][0]:
            by_new[kb] = (score, ka)
    return sorted((olds[ka], news[kb]) for kb, (score, ka) in by_new.items())


def _running_ends(word_lists: list[list[str]]) -> list[int]:
    """Offset of the break token that ends each paragraph in the joined string."""
    ends, pos = [], 0
    for ws in word_lists:
        pos += len(ws)
        ends.append(pos)
        pos += 1
    return ends


def _movable(texts: _Texts, tokens: list[str]) -> bool:
    """Only a paragraph with some words is worth calling a move."""
    return sum(1 for t in tokens if is_wordlike(t)) >= 2


@dataclass
class _Gap:
    olds: list[int]
    news: list[int]


def _block_level(texts: _Texts) -> list[tuple[int, int] | _Gap]:
    """Identical paragraphs matched in order, and the gaps between them."""
    codec = TokenCodec()
    ops = diff_codes(codec.encode(texts.old_text), codec.encode(texts.new_text), give_up="costly")
    steps: list[tuple[int, int] | _Gap] = []
    i = j = 0
    for op, text in ops:
        n = len(text)
        if op == _EQUAL:
            steps.extend((i + k, j + k) for k in range(n))
            i, j = i + n, j + n
            continue
        if not steps or not isinstance(steps[-1], _Gap):
            steps.append(_Gap([], []))
        if op == _DELETE:
            steps[-1].olds.extend(range(i, i + n))
            i += n
        else:
            steps[-1].news.extend(range(j, j + n))
            j += n
    return steps


def _exact_moves(texts: _Texts, gaps: list[_Gap]) -> dict[tuple[str, int], tuple[int, int]]:
    """Paragraphs deleted in one place and inserted, identical, in another."""
    waiting: dict[str, list[int]] = {}
    for gap in gaps:
        for i in gap.olds:
            text = texts.old_text[i]
            if text.strip():
                waiting.setdefault(text, []).append(i)
    moves: dict[tuple[str, int], tuple[int, int]] = {}
    for gap in gaps:
        for j in gap.news:
            olds = waiting.get(texts.new_text[j])
            if olds and _movable(texts, texts.new_tokens(j)):
                i = olds.pop(0)
                moves["old", i] = moves["new", j] = (i, j)
    return moves


def _near_moves(texts: _Texts, olds: list[int], news: list[int]) -> list[tuple[int, int]]:
    """Deleted and inserted paragraphs that are the same paragraph, slightly
    edited on the way (multiset Dice similarity of their words).

    Two paragraphs that similar share most of their words, so they share
    some of the rarest words of the deleted one: only inserted paragraphs
    that hold one of those are compared (an index, not all pairs).
    """
    if not olds or not news:
        return []
    bags_old = {i: Counter(texts.words(texts.old_tokens(i))) for i in olds if _movable(texts, texts.old_tokens(i))}
    bags_new = {j: Counter(texts.words(texts.new_tokens(j))) for j in news if _movable(texts, texts.new_tokens(j))}
    sizes_old = {i: sum(c.values()) for i, c in bags_old.items()}
    sizes_new = {j: sum(c.values()) for j, c in bags_new.items()}
    holders: dict[str, list[int]] = {}
    for j, bag in bags_new.items():
        for word in bag:
            holders.setdefault(word, []).append(j)
    candidates = []
    for i, bag_i in bags_old.items():
        rarest = sorted(bag_i, key=lambda w: (len(holders.get(w, ())), w))[:_MOVE_SIGNATURE]
        hits = Counter(j for w in rarest for j in holders.get(w, ())[:_MOVE_FANOUT])
        for j in sorted(sorted(hits), key=lambda j: -hits[j])[:_MOVE_CANDIDATES]:
            bag_j = bags_new[j]
            total = sizes_old[i] + sizes_new[j]
            if 2 * min(sizes_old[i], sizes_new[j]) < MOVE_THRESHOLD * total:
                continue
            score = 2 * sum((bag_i & bag_j).values()) / total
            if score >= MOVE_THRESHOLD:
                candidates.append((-score, i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    found = []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            found.append((i, j))
    return found


# --- the document diff -----------------------------------------------------------


def diff_documents(old: Document, new: Document, *, granularity: str = "word", diagnostics: list[Diagnostic] | None = None) -> Document:
    """One marked document whose accepted view is ``new`` and whose rejected
    view is ``old``, paragraph for paragraph (metadata from ``new``).

    Marked inputs are compared by their final (accepted) views.  Every mark
    carries ``Change(Source.DIFF)``; both halves of a moved paragraph carry
    the same ``move_id`` ("move-1", "move-2" … in reading order).

    The time is bounded on any input (see :data:`WORK_BUDGET`): past the
    budget, or where one paragraph's words were shuffled beyond any useful
    alignment, text is shown replaced whole, and a ``diff-coarsened``
    warning is appended to ``diagnostics`` (when a list is given).
    """
    if granularity not in GRANULARITIES:
        raise UsageError(
            f"unknown granularity {granularity!r}",
            hint="use one of: " + ", ".join(GRANULARITIES),
        )
    if old.is_marked:
        old = accept(old)
    if new.is_marked:
        new = accept(new)
    texts = _Texts([b.text for b in old.blocks], [b.text for b in new.blocks])
    with _budget(_units(texts.old_text, texts.new_text)) as work:
        doc = _diff_texts(old, new, texts, granularity)
    if work.coarse and diagnostics is not None:
        diagnostics.append(_coarsened_warning(work, new))
    return doc


def _units(old: Sequence[str], new: Sequence[str]) -> int:
    """The work budget for comparing these texts (see :data:`WORK_BUDGET`)."""
    return WORK_BUDGET + WORK_PER_CHAR * (sum(map(len, old)) + sum(map(len, new)))


def _coarsened_warning(work: _Work, new: Document) -> Diagnostic:
    blocks = sorted(work.cut_short)
    where = ""
    if blocks:
        named = ", ".join(str(j + 1) for j in blocks[:10]) + (f" and {len(blocks) - 10} more" if len(blocks) > 10 else "")
        where = f" (paragraphs {named} of the new version)" if len(blocks) > 1 else f" (paragraph {named} of the new version)"
    return Diagnostic(
        "diff-coarsened",
        Severity.WARNING,
        f"the two versions differ too much to be aligned word by word everywhere{where}: "
        "some text is shown deleted and inserted whole (a correct but coarser redline); "
        "compare smaller parts of the documents, or check that they are two versions of one text",
        Location(source=new.meta.source, block=blocks[0] if blocks else None),
    )


def _diff_texts(old: Document, new: Document, texts: "_Texts", granularity: str) -> Document:
    steps = _block_level(texts)
    gaps = [s for s in steps if isinstance(s, _Gap)]
    moves = _exact_moves(texts, gaps)
    pairs_of: dict[int, list[_Pair]] = {}
    for n, gap in enumerate(gaps):
        olds = [i for i in gap.olds if ("old", i) not in moves]
        news = [j for j in gap.news if ("new", j) not in moves]
        pairs_of[n] = _pair_gap(texts, olds, news)
    paired_old = {p.old for ps in pairs_of.values() for p in ps}
    paired_new = {p.new for ps in pairs_of.values() for p in ps}
    loose_old = [i for g in gaps for i in g.olds if ("old", i) not in moves and i not in paired_old]
    loose_new = [j for g in gaps for j in g.news if ("new", j) not in moves and j not in paired_new]
    for i, j in _near_moves(texts, loose_old, loose_new):
        moves["old", i] = moves["new", j] = (i, j)
    return Document(tuple(_assemble(old, new, texts, steps, pairs_of, moves, granularity)), new.meta)


def _assemble(old, new, texts, steps, pairs_of, moves, granularity) -> list[Block]:
    move_ids: dict[tuple[int, int], str] = {}

    def change_for(key) -> Change:
        move = moves.get(key)
        if move is None:
            return _DIFF
        if move not in move_ids:
            move_ids[move] = f"move-{len(move_ids) + 1}"
        return Change(Source.DIFF, move_id=move_ids[move])

    out: list[Block] = []
    gap_no = 0
    for step in steps:
        if not isinstance(step, _Gap):
            out.append(new.blocks[step[1]])
            continue
        pairs = pairs_of[gap_no]
        gap_no += 1
        olds = iter(step.olds)
        news = iter(step.news)
        for pair in [*pairs, None]:
            for i in olds:
                if pair is not None and i == pair.old:
                    break
                out.append(_whole_block(old.blocks[i], Mark.DELETE, change_for(("old", i))))
            for j in news:
                if pair is not None and j == pair.new:
                    break
                out.append(_whole_block(new.blocks[j], Mark.INSERT, change_for(("new", j))))
            if pair is not None:
                out.append(_paired_block(old.blocks[pair.old], new.blocks[pair.new], pair, granularity))
    return out


_DIFF = Change(Source.DIFF)


def _whole_block(block: Block, mark: Mark, change: Change) -> Block:
    segments = tuple(replace(s, mark=mark, change=change) for s in block.segments)
    return replace(block, segments=segments, mark=mark, boundary=Mark.KEEP)


def _paired_block(old_block: Block, new_block: Block, pair: _Pair, granularity: str) -> Block:
    ops = _text_ops(pair.regions, granularity)
    return _with_segments(new_block, _segments_of(ops, old_block, new_block, _DIFF))


def _with_segments(block: Block, segments: tuple[Segment, ...]) -> Block:
    """``replace(block, segments=segments)`` without the generic machinery
    of :func:`dataclasses.replace` (a tenth of the time): a copy of the
    frozen block, given its new segments before anyone sees it."""
    fields = getattr(block, "__dict__", None)
    if fields is None or type(block) is not Block:  # (a model with slots: the generic way)
        return replace(block, segments=segments)
    out = object.__new__(Block)
    out.__dict__.update(fields)
    object.__setattr__(out, "segments", segments)
    return out


def diff_texts(old: str, new: str, *, granularity: str = "word") -> list[tuple[Mark, str]]:
    """The redline of one paragraph as (mark, text) pieces: KEEP, DELETE, INSERT.

    The same word diff and clean-up as inside :func:`diff_documents`;
    joining the KEEP and DELETE pieces gives ``old``, the KEEP and INSERT
    pieces ``new``.
    """
    if granularity not in GRANULARITIES:
        raise UsageError(f"unknown granularity {granularity!r}", hint="use one of: " + ", ".join(GRANULARITIES))
    if old == new:
        return [(Mark.KEEP, old)] if old else []
    with _budget(_units([old], [new])):
        regions, _ = _Texts([old], [new]).pair(0, 0)
        return _text_ops(regions, granularity)


# --- measures -----------------------------------------------------------------


def changed_token_count(doc: Document) -> int:
    """Words and punctuation marks inside marked text (whitespace not counted).

    The quality measure of a redline: fewer is better, and no redline can
    mark fewer than :func:`lcs_changed_tokens` of the two views.
    """
    count = 0
    for block in doc.blocks:
        for seg in block.segments:
            if block.mark is not Mark.KEEP or seg.mark is not Mark.KEEP:
                count += sum(1 for t in tokenize(seg.text) if not is_space(t))
    return count


def lcs_changed_tokens(old_tokens: list[str], new_tokens: list[str], *, exact_limit: int = 20_000) -> int:
    """``len(old) + len(new) - 2 * LCS(old, new)``: the fewest tokens any
    redline must mark.

    Exact (Myers' O(ND) diff over the whole sequences) when, after common
    head and tail are removed, the two sides together have at most
    ``exact_limit`` tokens.  Beyond that the sequences are first cut at
    tokens that occur exactly once in both (longest increasing chain) and
    each gap is diffed exactly: the result is then an **upper bound** on the
    minimum — equal to it unless a unique common token lies outside every
    longest common subsequence, which in prose is very rare.
    """
    codec = TokenCodec()
    ops = diff_codes(codec.encode(list(old_tokens)), codec.encode(list(new_tokens)), direct_limit=exact_limit)
    return sum(len(text) for op, text in ops if op != _EQUAL)
