"""The structured amendment set: what a draft changes, anchored to its base.

A marked draft says *how* a text changes by its marks; an :class:`AmendmentSet`
says the same thing as a list of edits anchored to the clean BASE text (the
original view), so that the edits can be reviewed, stored as JSON
(``resamend.amendments/1``), and applied again to a base text that has moved
a little since (another amendment adopted meanwhile, a typo fixed).

* :class:`TextEdit` changes characters inside one base block, named by its
  structural id ("op.12", "pre.3"; :func:`resamend.structure.block_ids`), with
  the character span, the old text, the new text and some context either side
  for re-anchoring.  A paragraph break in ``new`` (U+2029 PARAGRAPH SEPARATOR)
  splits the block there.
* :class:`BlockEdit` inserts a whole paragraph after a base block, deletes a
  base block, or joins a base block with the next one (removes the paragraph
  break after it).

:func:`extract` reads the set off a marked document; :func:`apply` applies a
set to a clean base and returns a *marked* document whose ``reject`` is the
base and whose ``accept`` carries the edits (so the result can be
consolidated or rendered as a redline like any draft).

Pure functions on frozen dataclasses; no I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Union

from .amend import invert, reject, view_groups
from .diagnostics import Diagnostic, InputError, Location, Result, Severity
from .model import Block, Change, Document, Mark, Segment, Source

FORMAT = "resamend.amendments/1"
PARAGRAPH_BREAK = "\u2029"  # in TextEdit.new: a paragraph break inserted there
CONTEXT = 32  # characters of context kept either side of a text edit
MATCH_THRESHOLD = 0.3  # diff-match-patch: 0.0 exact … 1.0 anything
SIMILAR = 0.7  # a moved block still counts as the same block from this ratio on
NEIGHBOURS = 3  # how many blocks either side are searched for a moved edit


# --------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class BaseInfo:
    """Which text the edits are anchored to (from the draft's Meta)."""

    instrument: str | None = None  # "Resolution 11.10"
    revision: str | None = None  # "Rev.COP13"
    source: str | None = None  # the file the set was extracted from


@dataclass(frozen=True)
class TextEdit:
    """Replace ``old`` by ``new`` at [start, end) of base block ``block``.

    ``start``/``end`` count characters of the block's text in the base
    (original view); ``old`` is that text, so ``end - start == len(old)``.
    ``before``/``after`` are up to :data:`CONTEXT` characters of base text
    either side, used to find the place again when the base has moved.
    ``new`` may contain U+2029: the block is split there.
    """

    block: str
    start: int
    end: int
    old: str
    new: str
    before: str = ""
    after: str = ""
    move: str | None = None  # move id, when the change is half of a move


@dataclass(frozen=True)
class BlockEdit:
    """A whole-paragraph edit.

    * ``insert``: a new paragraph ``text`` after base block ``after`` (None:
      at the start); ``block`` is the id given to the new paragraph
      ("op.8+1"); ``anchor`` is the end of the ``after`` block's text, used
      to find that block again when the base has moved;
    * ``delete``: delete base block ``block``, whose text is ``text``;
    * ``join``: remove the paragraph break after base block ``block`` (whose
      text is ``text``), joining it with what follows.
    """

    op: str
    block: str
    after: str | None = None
    text: str = ""
    anchor: str = ""
    move: str | None = None


Edit = Union[TextEdit, BlockEdit]
BLOCK_OPS = ("insert", "delete", "join")


@dataclass(frozen=True)
class AmendmentSet:
    base: BaseInfo = BaseInfo()
    edits: tuple[Edit, ...] = ()


# --------------------------------------------------------------------------
# Block ids


def positional_ids(doc: Document) -> tuple[str, ...]:
    """``b.1``, ``b.2`` … — ids for texts without a recognisable structure."""
    return tuple(f"b.{i + 1}" for i in range(len(doc.blocks)))


def _structural_ids(doc: Document) -> tuple[str | None, ...] | None:
    try:
        from .structure import block_ids
    except ImportError:  # pragma: no cover - structure is part of the package
        return None
    ids = block_ids(doc)
    return ids if len(ids) == len(doc.blocks) else None


def block_ids(doc: Document) -> tuple[str, ...]:
    """One unique id per block: structural where the structure names the
    block, positional ("b.N") elsewhere; a repeated id gets "~2", "~3" in
    document order (the enacting formula may span two blocks)."""
    structural = _structural_ids(doc)
    positional = positional_ids(doc)
    raw = [(structural[i] if structural and structural[i] else positional[i]) for i in range(len(doc.blocks))]
    return _unique(raw)


def _unique(raw: Iterable[str]) -> tuple[str, ...]:
    raw = list(raw)
    taken = set(raw)
    seen: dict[str, int] = {}
    out = []
    for name in raw:
        n = seen.get(name, 0) + 1
        seen[name] = n
        if n == 1:
            out.append(name)
            continue
        candidate = f"{name}~{n}"
        while candidate in taken:
            n += 1
            candidate = f"{name}~{n}"
        seen[name] = n
        taken.add(candidate)
        out.append(candidate)
    return tuple(out)


# --------------------------------------------------------------------------
# Extract: the marked document as a stream of tokens, then runs of change


@dataclass(frozen=True)
class _Token:
    """A piece of text or a paragraph break, with the views it is in."""

    text: str  # PARAGRAPH_BREAK for a break
    orig: bool
    final: bool
    block: int  # index of the marked block it comes from
    move: str | None = None
    is_break: bool = False


def _base_groups(doc: Document) -> list[list[int]]:
    """Which marked blocks make up each block of ``reject(doc)``: the
    grouping of :func:`resamend.amend.view_groups` on the inverted document
    (the original view is the final view of the inversion)."""
    return [list(members) for members, kept in view_groups(invert(doc)) if kept]


def _tokens(doc: Document, groups: list[list[int]]) -> list[_Token]:
    """The document as text and breaks, each marked with the views it is in.

    A break is in the original view where it separates two base blocks and
    in the final view where :func:`accept` keeps it (its boundary is in the
    final view, or another container starts before the next block of the
    final view: a removed break never reaches past its container).
    """
    blocks = doc.blocks
    n = len(blocks)
    orig_breaks = {g[-1] for g in groups[:-1]}
    next_final = [n] * n  # the next block in the final view
    next_change = [n] * n  # the next block in another container
    for i in range(n - 2, -1, -1):
        next_final[i] = i + 1 if blocks[i + 1].mark.in_final else next_final[i + 1]
        next_change[i] = i + 1 if blocks[i + 1].container != blocks[i].container else next_change[i + 1]
    out: list[_Token] = []
    for i, b in enumerate(blocks):
        for s in b.segments:
            if s.text:
                move = s.change.move_id if s.change else None
                out.append(_Token(s.text, b.mark.in_original and s.mark.in_original, b.mark.in_final and s.mark.in_final, i, move))
        if i == len(blocks) - 1:
            break
        final = b.mark.in_final and (b.boundary.in_final or next_change[i] <= next_final[i])
        out.append(_Token(PARAGRAPH_BREAK, i in orig_breaks, final, i, is_break=True))
    return out


@dataclass
class _Run:
    start: tuple[int, int]  # (base block, offset)
    end: tuple[int, int]
    old: list[_Token]
    new: list[_Token]
    tokens: list[_Token]  # old and new in document order


def _runs(tokens: list[_Token]) -> tuple[list[_Run], list[_Token]]:
    """Maximal runs of changed tokens, with base coordinates; also the tokens
    that are in neither view (text marked both ways)."""
    runs: list[_Run] = []
    neither: list[_Token] = []
    k, off = 0, 0
    run: _Run | None = None
    for t in tokens:
        if not t.orig and not t.final:
            if not t.is_break:
                neither.append(t)
            continue
        if t.orig and t.final:
            if run is not None:
                runs.append(run)
                run = None
        else:
            if run is None:
                run = _Run((k, off), (k, off), [], [], [])
            run.tokens.append(t)
            if t.orig:
                run.old.append(t)
            else:
                run.new.append(t)
        if t.orig:
            if t.is_break:
                k, off = k + 1, 0
            else:
                off += len(t.text)
        if run is not None:
            run.end = (k, off)
    if run is not None:
        runs.append(run)
    return runs, neither


class _Extractor:
    def __init__(self, doc: Document):
        self.doc = doc
        self.groups = _base_groups(doc)
        self.base = reject(doc)
        self.texts = [b.text for b in self.base.blocks]
        self.ids = block_ids(self.base)
        marked_ids = _structural_ids(doc)
        self.marked_ids = marked_ids or (None,) * len(doc.blocks)
        self.used_ids = set(self.ids)
        self.insert_count: dict[str | None, int] = {}
        self.edits: list[Edit] = []

    # -- edits ------------------------------------------------------------
    def text_edit(self, k: int, start: int, end: int, new: str, move: str | None) -> None:
        text = self.texts[k]
        old = text[start:end]
        if not old and not new:
            return
        self.edits.append(
            TextEdit(
                block=self.ids[k],
                start=start,
                end=end,
                old=old,
                new=new,
                before=text[max(0, start - CONTEXT) : start],
                after=text[end : end + CONTEXT],
                move=move,
            )
        )

    def block_edit(self, op: str, k: int, move: str | None = None) -> None:
        self.edits.append(BlockEdit(op=op, block=self.ids[k], text=self.texts[k], move=move))

    def inserts(self, after: int | None, pieces: list[tuple[str, int, str | None]]) -> None:
        """Whole paragraphs inserted after base block ``after``."""
        after_id = None if after is None else self.ids[after]
        anchor = "" if after is None else self.texts[after][-CONTEXT:]
        for text, source_block, move in pieces:
            name = self.marked_ids[source_block] if 0 <= source_block < len(self.marked_ids) else None
            if name is None or name in self.used_ids:
                n = self.insert_count.get(after_id, 0)
                while True:
                    n += 1
                    name = f"{after_id or 'start'}+{n}"
                    if name not in self.used_ids:
                        break
                self.insert_count[after_id] = n
            self.used_ids.add(name)
            self.edits.append(BlockEdit(op="insert", block=name, after=after_id, text=text, anchor=anchor, move=move))

    def container(self, k: int) -> str | None:
        return self.base.blocks[k].container

    # -- runs -------------------------------------------------------------
    def run(self, r: _Run) -> None:
        (k, s), (m, e) = r.start, r.end
        new = "".join(t.text for t in r.new)
        move = next((t.move for t in r.new + r.old if t.move), None)
        n_base = len(self.texts)
        if n_base == 0:  # nothing to anchor to: every paragraph is inserted
            self.inserts(None, _pieces(r.new))
            return
        if m == k:
            self.single_block_run(k, s, e, r, move)
            return
        # the run crosses base paragraph breaks: a join or whole deleted blocks
        rest = r.new  # new text not placed yet
        first_whole = k  # the first base block deleted whole
        if s > 0:
            first_whole = k + 1
            if self.container(k) == self.container(m):
                self.text_edit(k, s, len(self.texts[k]), new, move)
                self.block_edit("join", k, move)
                rest = []
            else:
                # a break between containers is never removed: new text
                # stays with the container it was written in
                here = self.container(k)
                cut = next((n for n, t in enumerate(r.new) if self.doc.blocks[t.block].container != here), len(r.new))
                self.text_edit(k, s, len(self.texts[k]), "".join(t.text for t in r.new[:cut]), move)
                rest = r.new[cut:]
        for j in range(first_whole, m):
            self.block_edit("delete", j, move)
        if rest and rest[-1].is_break and e == 0:
            self.inserts(first_whole - 1 if first_whole > 0 else None, _pieces(rest, trailing_break=True))
            rest = []
        if e > 0 or rest:
            self.text_edit(m, 0, e, "".join(t.text for t in rest), move)

    def single_block_run(self, k: int, s: int, e: int, r: _Run, move: str | None) -> None:
        """A run inside one base block.  Whole new paragraphs at its start
        or end (new text beyond a new break, before or after all old text)
        become inserts; the text left becomes a text edit, or a delete when
        all of the block's text goes."""
        length = len(self.texts[k])
        toks = r.tokens
        olds = [n for n, t in enumerate(toks) if t.orig]
        lo, hi = 0, len(toks)
        if s == 0:
            breaks = [n for n in range(olds[0] if olds else len(toks)) if toks[n].is_break]
            if breaks:
                lo = breaks[-1] + 1
        if e == length:
            breaks = [n for n in range(max(olds[-1] + 1 if olds else 0, lo), len(toks)) if toks[n].is_break]
            if breaks:
                hi = breaks[0]
        if lo:
            self.inserts(k - 1 if k > 0 else None, _pieces(toks[:lo], trailing_break=True))
        new = "".join(t.text for t in toks[lo:hi] if not t.orig)
        if s == 0 and e == length and length and not new:
            self.block_edit("delete", k, move)
        else:
            self.text_edit(k, s, e, new, move)
        if hi < len(toks):
            self.inserts(k, _pieces(toks[hi:], leading_break=True))


def _pieces(tokens: list[_Token], trailing_break: bool = False, leading_break: bool = False) -> list[tuple[str, int, str | None]]:
    """Split inserted tokens into paragraphs: (text, source block, move id)."""
    toks = list(tokens)
    if trailing_break and toks and toks[-1].is_break:
        toks = toks[:-1]
    if leading_break and toks and toks[0].is_break:
        toks = toks[1:]
    pieces: list[tuple[str, int, str | None]] = []
    text, block, move = "", None, None
    for t in toks:
        if t.is_break:
            pieces.append((text, -1 if block is None else block, move))
            text, block, move = "", None, None
            continue
        text += t.text
        block = t.block if block is None else block
        move = move or t.move
    pieces.append((text, -1 if block is None else block, move))
    return pieces


def extract(marked: Document) -> Result[AmendmentSet]:
    """The amendment set of a marked document, anchored to its original view.

    Text marked both inserted and deleted is in neither view and so in no
    edit; it is named in an ``ambiguous-mark`` warning.
    """
    ex = _Extractor(marked)
    tokens = _tokens(marked, ex.groups)
    runs, neither = _runs(tokens)
    for r in runs:
        ex.run(r)
    meta = marked.meta
    diagnostics = tuple(
        Diagnostic(
            "ambiguous-mark",
            Severity.WARNING,
            "text marked both inserted and deleted is in neither view and in no edit",
            Location(source=meta.source, block=t.block, origin=marked.blocks[t.block].origin),
            text=t.text,
        )
        for t in neither
    )
    base = BaseInfo(instrument=meta.instrument, revision=meta.revision, source=meta.source)
    return Result(AmendmentSet(base, tuple(ex.edits)), diagnostics)


# --------------------------------------------------------------------------
# Apply: place every edit on the base, then build the marked document


def _dmp():
    from diff_match_patch import diff_match_patch

    d = diff_match_patch()
    d.Diff_Timeout = 0  # deterministic: no time limit on diffs
    d.Match_Threshold = MATCH_THRESHOLD
    d.Match_MaxBits = 0  # Python integers have no width limit
    return d


class _Placer:
    """Finds where each edit goes in the base: by id and exact text first,
    then by fuzzy search in the block, then in neighbouring blocks."""

    def __init__(self, base: Document):
        self.base = base
        self.texts = [b.text for b in base.blocks]
        self.ids = block_ids(base)
        self.index = {name: i for i, name in enumerate(self.ids)}
        self._matcher = None

    @property
    def dmp(self):
        if self._matcher is None:
            self._matcher = _dmp()
        return self._matcher

    def candidates(self, name: str | None) -> list[int]:
        """The named block, then its neighbours nearest first."""
        k = self.index.get(name) if name is not None else None
        if k is None:
            k = _positional_index(name, len(self.texts))
        if k is None:
            return []
        out = [k]
        for d in range(1, NEIGHBOURS + 1):
            out += [j for j in (k - d, k + d) if 0 <= j < len(self.texts)]
        return out

    # -- text edits ---------------------------------------------------------
    def text_edit(self, edit: TextEdit) -> tuple[int, int, int, bool] | None:
        order = self.candidates(edit.block)
        k0 = order[0] if order else None
        if k0 is not None and self._exact(self.texts[k0], edit, edit.start):
            return k0, edit.start, edit.end, False
        for k in order:
            spot = self._fuzzy(self.texts[k], edit)
            if spot is not None:
                return k, spot[0], spot[1], True
        if not order:  # an unknown id: the whole base, if the text is unique there
            hits = [(k, t.find(edit.before + edit.old + edit.after)) for k, t in enumerate(self.texts)]
            hits = [(k, p) for k, p in hits if p >= 0]
            if len(hits) == 1 and (edit.before + edit.old + edit.after):
                k, p = hits[0]
                start = p + len(edit.before)
                return k, start, start + len(edit.old), True
        return None

    @staticmethod
    def _exact(text: str, edit: TextEdit, start: int) -> bool:
        end = start + len(edit.old)
        return (
            0 <= start <= len(text)
            and text[start:end] == edit.old
            and text[max(0, start - len(edit.before)) : start] == edit.before
            and text[end : end + len(edit.after)] == edit.after
        )

    def _fuzzy(self, text: str, edit: TextEdit) -> tuple[int, int] | None:
        """Where ``before + old + after`` best matches ``text`` (the old text
        itself must be there exactly; the context may have changed)."""
        if not text and not edit.old:
            return None
        dmp = self.dmp
        dmp.Match_Distance = max(100, len(text))
        old = edit.old
        before, after = edit.before[-CONTEXT:], edit.after[:CONTEXT]  # a hand-made set may carry more
        key = before + old + after
        if len(old) > 2 * CONTEXT:  # long deletions: match the start of it only
            key = before + old[:CONTEXT]
        if not key:
            return None
        expected = max(0, min(len(text), edit.start - len(before)))
        loc = dmp.match_main(text, key, expected)
        if loc == -1:
            return None
        window = text[loc : loc + len(key) + len(key) // 2 + 1]
        diffs = dmp.diff_main(key, window, False)
        start = loc + dmp.diff_xIndex(diffs, len(before))
        if old:
            start = _nearest(text, old, start, slack=len(key) // 2 + 1)
            if start is None:
                return None
        elif not self._context_similar(text, start, edit):
            return None
        return start, start + len(old)

    def _context_similar(self, text: str, at: int, edit: TextEdit) -> bool:
        before, after = edit.before[-CONTEXT:], edit.after[:CONTEXT]
        left = text[max(0, at - len(before)) : at]
        right = text[at : at + len(after)]
        return _similarity(self.dmp, left + "\x00" + right, before + "\x00" + after) >= SIMILAR

    # -- block edits --------------------------------------------------------
    def whole_block(self, edit: BlockEdit) -> tuple[int, bool] | None:
        """The base block a delete or join names: same text, nearest first."""
        order = self.candidates(edit.block)
        for k in order:
            if self.texts[k] == edit.text:
                return k, k != order[0]
        if not order:
            hits = [k for k, t in enumerate(self.texts) if t == edit.text]
            return (hits[0], True) if len(hits) == 1 else None
        best = max(order, key=lambda k: (_similarity(self.dmp, self.texts[k], edit.text), -order.index(k)))
        if _similarity(self.dmp, self.texts[best], edit.text) >= SIMILAR:
            return best, True
        return None

    def insert_after(self, edit: BlockEdit) -> tuple[int | None, bool] | None:
        """The base block after which a new paragraph goes (None: the start)."""
        if edit.after is None:
            return None, False
        order = self.candidates(edit.after)
        if not edit.anchor:
            return (order[0], False) if order else None
        for k in order:
            if self.texts[k].endswith(edit.anchor):
                return k, k != order[0]
        scored = [(k, _similarity(self.dmp, self.texts[k][-len(edit.anchor):], edit.anchor)) for k in order]
        scored = [(k, sc) for k, sc in scored if sc >= SIMILAR]
        if scored:
            k = max(scored, key=lambda x: (x[1], -order.index(x[0])))[0]
            return k, True
        if edit.after in self.index and _positional_index(edit.after, len(self.texts)) is None:
            return self.index[edit.after], True  # a structural id outlives a changed ending
        return None


def _positional_index(name: str | None, n: int) -> int | None:
    if name and name.startswith("b.") and name[2:].isdigit():
        k = int(name[2:]) - 1
        return min(max(k, 0), n - 1) if n else None
    return None


def _nearest(text: str, needle: str, at: int, slack: int) -> int | None:
    """The occurrence of ``needle`` starting nearest to ``at`` (within slack)."""
    lo = max(0, at - slack)
    best = None
    p = text.find(needle, lo, at + slack + len(needle))
    while p != -1 and p <= at + slack:
        if best is None or abs(p - at) < abs(best - at):
            best = p
        p = text.find(needle, p + 1, at + slack + len(needle))
    return best


def _similarity(dmp, a: str, b: str) -> float:
    """1 - (Levenshtein distance / length): 1.0 the same, 0.0 nothing shared."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    diffs = dmp.diff_main(a, b, False)
    return 1.0 - dmp.diff_levenshtein(diffs) / longest


def apply(amendments: AmendmentSet, base: Document, author_of: Callable[[Edit], str | None] | None = None) -> Result[Document]:
    """Apply ``amendments`` to a clean ``base``: a marked document whose
    ``reject`` is the base and whose ``accept`` has the edits.

    ``author_of`` names who proposed an edit (``Change.author`` of its marks;
    :mod:`resamend.compilation` attributes each edit to its Parties).

    Each edit is placed by block id and exact text; failing that by fuzzy
    search (diff-match-patch) in its block and then in the neighbouring
    blocks.  An edit that cannot be placed, or that overlaps one already
    placed, is left out and named in an ``unplaced-edit`` error.
    """
    if base.is_marked:
        raise InputError(
            "the base text has amendment marks",
            "give the clean base text (e.g. `resamend apply BASE --original -o base.txt`)",
            path=base.meta.source,
        )
    placer = _Placer(base)
    who = author_of or (lambda edit: None)
    diagnostics: list[Diagnostic] = []
    text_edits: dict[int, list[tuple[int, int, int, TextEdit]]] = {}
    deletes: dict[int, Edit] = {}
    joins: dict[int, Edit] = {}
    inserts: dict[int | None, list[BlockEdit]] = {}
    source = base.meta.source

    def unplaced(edit: Edit, why: str) -> None:
        diagnostics.append(
            Diagnostic(
                "unplaced-edit",
                Severity.ERROR,
                f"edit {_describe(edit)} cannot be placed: {why}",
                Location(source=source),
                text=edit_text(edit),
            )
        )

    def moved(edit: Edit, k: int | None) -> None:
        diagnostics.append(
            Diagnostic(
                "reanchored-edit",
                Severity.INFO,
                f"edit {_describe(edit)} was found at {placer.ids[k] if k is not None else 'the start'}, not where the set says",
                Location(source=source, block=k),
            )
        )

    for order, edit in enumerate(amendments.edits):
        if isinstance(edit, TextEdit):
            spot = placer.text_edit(edit)
            if spot is None:
                unplaced(edit, "its old text and context are not in the base")
                continue
            k, start, end, fuzzy = spot
            if fuzzy and (k != placer.index.get(edit.block) or start != edit.start):
                moved(edit, k)
            text_edits.setdefault(k, []).append((start, end, order, edit))
        elif edit.op == "insert":
            spot = placer.insert_after(edit)
            if spot is None:
                unplaced(edit, f"block {edit.after} is not in the base")
                continue
            k, fuzzy = spot
            if fuzzy:
                moved(edit, k)
            inserts.setdefault(k, []).append(edit)
        else:
            spot = placer.whole_block(edit)
            if spot is None:
                unplaced(edit, f"block {edit.block} with that text is not in the base")
                continue
            k, fuzzy = spot
            target = deletes if edit.op == "delete" else joins
            if k in target or (edit.op == "join" and k == len(placer.texts) - 1):
                unplaced(edit, "it would repeat another edit" if k in target else "there is no block after it")
                continue
            if fuzzy:
                moved(edit, k)
            target[k] = edit

    diagnostics += _base_mismatch(amendments.base, base)
    for k, items in text_edits.items():
        items[:] = _fit_seams(placer.texts[k], items)
        items.sort(key=lambda x: (x[0], x[1], x[2]))
        kept, last_end = [], -1
        for item in items:
            if k in deletes:
                unplaced(item[3], "its block is deleted by another edit")
            elif item[0] < last_end:
                unplaced(item[3], "it overlaps another edit")
            else:
                kept.append(item)
                last_end = item[1]
        text_edits[k] = kept

    out: list[Block] = []
    blocks = base.blocks
    out.extend(_inserted_blocks(inserts.get(None, ()), blocks[0] if blocks else None, who))
    for k, block in enumerate(blocks):
        pieces = _edited_pieces(block, text_edits.get(k, []), who)
        if k in deletes:
            author = who(deletes[k])
            pieces = [replace(p, mark=Mark.DELETE, segments=_authored(p.segments, author)) for p in pieces]
        if k in joins:
            pieces[-1] = replace(pieces[-1], boundary=Mark.DELETE)
        out.extend(pieces)
        out.extend(_inserted_blocks(inserts.get(k, ()), block, who))
    diagnostics.sort(key=lambda d: (d.severity != Severity.ERROR, d.location.block if d.location and d.location.block is not None else -1))
    return Result(base.with_blocks(out), tuple(diagnostics))


def _base_mismatch(info: BaseInfo, base: Document) -> list[Diagnostic]:
    """A warning when the set was made for another instrument than the base
    (checked only where both are known)."""
    have = base.meta.instrument
    if info.instrument and have and info.instrument != have:
        return [
            Diagnostic(
                "base-mismatch",
                Severity.WARNING,
                f"the amendment set is for {info.instrument}, the base text is {have}",
                Location(source=base.meta.source),
            )
        ]
    return []


def _fit_seams(text: str, items: list[tuple[int, int, int, TextEdit]]) -> list[tuple[int, int, int, TextEdit]]:
    """Keep words apart on a base whose spaces were tidied.

    A drafter's marks often leave two spaces around a replaced word in the
    original view ("as well as " + " Resolution 10.25", "plan" + " " +
    " between"); the published base has one.  Placed on that base, an edit
    may then delete the only space, or an insertion may have two equally
    good places, one of which glues it to the next word.  So: a deletion
    never takes a space the base does not have twice, and an insertion with
    white space on both sides goes next to the deletion it replaces.
    (Placed exactly, every edit has its white space and nothing moves.)
    """
    ends = {i[1] for i in items if i[1] > i[0]}
    starts = {i[0] for i in items if i[1] > i[0]}
    out = []
    for start, end, order, edit in items:
        if start < end:
            if edit.old[:1].isspace() and not edit.new[:1].isspace() and edit.before[-1:].isspace() and not text[start - 1 : start].isspace():
                start += 1
            if start < end and edit.old[-1:].isspace() and not edit.new[-1:].isspace() and edit.after[:1].isspace() and not text[end : end + 1].isspace():
                end -= 1
        elif edit.before[-1:].isspace() and edit.after[:1].isspace():
            left, right = text[start - 1 : start], text[start : start + 1]
            if left.isspace() and not right.isspace() and start - 1 in ends:  # "plan| |programme|between"
                start = end = start - 1
            elif right.isspace() and not left.isspace() and start + 1 in starts:  # "work|programme| |plan"
                start = end = start + 1
        out.append((start, end, order, edit))
    return out


def edit_text(edit: Edit) -> str:
    return edit.old if isinstance(edit, TextEdit) else edit.text


def _describe(edit: Edit) -> str:
    if isinstance(edit, TextEdit):
        return f"{edit.block} [{edit.start}:{edit.end}] {_short(edit.old)!r} → {_short(edit.new)!r}"
    if edit.op == "insert":
        return f"insert {edit.block} after {edit.after or 'the start'}"
    return f"{edit.op} {edit.block}"


def _short(text: str, n: int = 40) -> str:
    text = text.replace(PARAGRAPH_BREAK, "¶")
    return text if len(text) <= n else text[: n - 1] + "…"


def _change(move: str | None, author: str | None = None) -> Change:
    return Change(Source.DIFF, author=author, move_id=move)


def _authored(segments: tuple[Segment, ...], author: str | None) -> tuple[Segment, ...]:
    """The unmarked text of a block deleted whole, attributed (when known)."""
    if author is None:
        return segments
    return tuple(replace(s, change=_change(None, author)) if s.mark is Mark.KEEP else s for s in segments)


def _inserted_blocks(edits: Iterable[BlockEdit], like: Block | None, who: Callable[[Edit], str | None] = lambda e: None) -> list[Block]:
    out = []
    for e in edits:
        segs = (Segment(e.text, Mark.INSERT, change=_change(e.move, who(e))),) if e.text else ()
        out.append(
            Block(
                segments=segs,
                kind=like.kind if like else Block().kind,
                style=like.style if like else None,
                mark=Mark.INSERT,
                level=like.level if like else 0,
                container=like.container if like else None,
                origin=f"inserted {e.block}",
            )
        )
    return out


def _cut(segments: tuple[Segment, ...], points: Iterable[int]) -> tuple[list[int], list[Segment]]:
    """Split segments at the given offsets: (start offset of each, pieces)."""
    cuts = sorted(set(points))
    starts: list[int] = []
    pieces: list[Segment] = []
    pos = 0
    ci = 0
    for s in segments:
        end = pos + len(s.text)
        while ci < len(cuts) and cuts[ci] <= pos:
            ci += 1
        at = pos
        cj = ci
        while cj < len(cuts) and cuts[cj] < end:
            starts.append(at)
            pieces.append(replace(s, text=s.text[at - pos : cuts[cj] - pos]))
            at = cuts[cj]
            cj += 1
        if end > at:
            starts.append(at)
            pieces.append(replace(s, text=s.text[at - pos :]))
        pos = end
    return starts, pieces


def _edited_pieces(block: Block, edits: list[tuple[int, int, int, TextEdit]], who: Callable[[Edit], str | None] = lambda e: None) -> list[Block]:
    """The base block with its text edits marked; a paragraph break in the
    new text splits it (an inserted boundary)."""
    if not edits:
        return [block]
    starts, atoms = _cut(block.segments, [p for e in edits for p in (e[0], e[1])])
    pieces: list[Block] = []
    current: list[Segment] = []
    pos_atom = 0

    def take_until(offset: int, mark: Mark, change: Change | None) -> None:
        nonlocal pos_atom
        while pos_atom < len(atoms) and starts[pos_atom] < offset:
            a = atoms[pos_atom]
            current.append(a if mark is Mark.KEEP else replace(a, mark=mark, change=change))
            pos_atom += 1

    for start, end, _order, edit in edits:
        take_until(start, Mark.KEEP, None)
        change = _change(edit.move, who(edit))
        take_until(end, Mark.DELETE, change)
        parts = edit.new.split(PARAGRAPH_BREAK)
        for n, part in enumerate(parts):
            if n:
                pieces.append(replace(block, segments=tuple(current), boundary=Mark.INSERT, label=block.label if not pieces else None))
                current = []
            if part:
                current.append(Segment(part, Mark.INSERT, change=change))
    take_until(len(block.text) + 1, Mark.KEEP, None)
    pieces.append(replace(block, segments=tuple(current), label=block.label if not pieces else None))
    return pieces


# --------------------------------------------------------------------------
# JSON


def to_json(amendments: AmendmentSet) -> str:
    """The set as ``resamend.amendments/1`` JSON, keys in a fixed order.

    U+2028/U+2029 are written as escapes so that a paragraph break inside an
    edit stays visible in the file."""
    data = to_data(amendments)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("\u2029", "\\u2029").replace("\u2028", "\\u2028") + "\n"


def to_data(amendments: AmendmentSet) -> dict:
    b = amendments.base
    return {
        "format": FORMAT,
        "base": {"instrument": b.instrument, "revision": b.revision, "source": b.source},
        "edits": [_edit_to_data(e) for e in amendments.edits],
    }


def _edit_to_data(edit: Edit) -> dict:
    if isinstance(edit, TextEdit):
        data = {
            "op": "text",
            "block": edit.block,
            "start": edit.start,
            "end": edit.end,
            "old": edit.old,
            "new": edit.new,
            "before": edit.before,
            "after": edit.after,
        }
    else:
        data = {"op": edit.op, "block": edit.block}
        if edit.op == "insert":
            data["after"] = edit.after
        data["text"] = edit.text
        if edit.op == "insert":
            data["anchor"] = edit.anchor
    if edit.move is not None:
        data["move"] = edit.move
    return data


_HINT = "check the file against the resamend.amendments/1 format (docs/amendments-format.md)"
_TEXT_KEYS = {"op", "block", "start", "end", "old", "new", "before", "after", "move"}
_BLOCK_KEYS = {"insert": {"op", "block", "after", "text", "anchor", "move"}, "delete": {"op", "block", "text", "move"}, "join": {"op", "block", "text", "move"}}


def from_json(text: str, source: str | None = None) -> AmendmentSet:
    """Parse ``resamend.amendments/1`` JSON; bad input raises InputError
    (naming ``source``, the file, when given)."""
    try:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", "check the file is complete JSON") from None
        except RecursionError:
            raise InputError("JSON nested too deeply", _HINT) from None
        return from_data(data)
    except InputError as exc:
        raise exc.with_path(source) if source else exc


def from_data(data) -> AmendmentSet:
    if not isinstance(data, dict):
        raise InputError("an amendment set must be a JSON object", _HINT)
    fmt = data.get("format")
    if fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith("resamend.amendments/"):
            raise InputError(f"unsupported amendment set version {fmt!r}", f"this resamend reads {FORMAT}; upgrade resamend")
        raise InputError(f"not an amendment set (format is {fmt!r})", f'expected "format": "{FORMAT}"')
    base = data.get("base", {})
    if not isinstance(base, dict):
        raise InputError('"base" must be an object', _HINT)
    info = BaseInfo(**{k: _opt_str(base.get(k), f"base.{k}") for k in ("instrument", "revision", "source")})
    edits = data.get("edits")
    if not isinstance(edits, list):
        raise InputError('"edits" must be a list', _HINT)
    return AmendmentSet(info, tuple(_edit_from_data(e, n) for n, e in enumerate(edits, 1)))


def _opt_str(value, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where} must be a string or null", _HINT)
    return value


def _str(e: dict, key: str, where: str, default: str | None = None) -> str:
    value = e.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{where}: {key!r} must be a string", _HINT)
    return value


def _edit_from_data(e, n: int) -> Edit:
    where = f"edit {n}"
    if not isinstance(e, dict):
        raise InputError(f"{where} must be an object", _HINT)
    op = e.get("op")
    allowed = _TEXT_KEYS if op == "text" else _BLOCK_KEYS.get(op)
    if allowed is None:
        raise InputError(f"{where}: unknown op {op!r}", 'use "text", "insert", "delete" or "join"')
    unknown = sorted(set(e) - allowed)
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r} for op {op!r}", _HINT)
    block = _str(e, "block", where)
    move = _opt_str(e.get("move"), f"{where}.move")
    if op == "text":
        start, end = e.get("start"), e.get("end")
        if not (type(start) is int and type(end) is int and 0 <= start <= end):
            raise InputError(f"{where}: start and end must be whole numbers with 0 <= start <= end", _HINT)
        old = _str(e, "old", where)
        if end - start != len(old):
            raise InputError(f"{where}: end - start ({end - start}) is not the length of old ({len(old)})", "make end = start + the number of characters in old")
        return TextEdit(block, start, end, old, _str(e, "new", where), _str(e, "before", where, ""), _str(e, "after", where, ""), move)
    text = _str(e, "text", where, "" if op == "insert" else None)
    if op == "insert":
        return BlockEdit("insert", block, _opt_str(e.get("after"), f"{where}.after"), text, _str(e, "anchor", where, ""), move)
    return BlockEdit(op, block, None, text, "", move)
