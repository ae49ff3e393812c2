"""Several Parties' proposals against one base text, compiled.

Before a meeting several Parties propose amendments to the same draft
resolution; the secretariat compiles them into one document where every
proposal is attributed and proposals that touch the same words are shown
side by side as bracketed alternatives.

* Each :class:`Proposal` is an amendment set (:mod:`resamend.amendments`)
  with the name of the Party that made it.
* :func:`compile_proposals` places every proposal on the base (the fuzzy
  re-anchoring of ``apply --base``), merges identical edits (attributed to
  all their Parties), finds the **conflicts** — edits of different Parties
  that touch the same words of the base (or the same paragraph, or add
  different paragraphs at the same place) — and builds one marked document
  whose ``reject`` is the base: every mark carries its Parties' names as
  ``Change.author`` ("Brazil; European Union" when several made it).
* A conflict is written as the base words deleted (attributed to every Party
  of the conflict) followed by one insertion per alternative (attributed to
  its Parties): accepting the changes whose author names a Party and
  rejecting the others gives that Party's text; rejecting all gives the base.
* :func:`adopt` gives the marked document of the chosen Parties' proposals
  only (to be consolidated like any draft); a conflict among them is an
  error naming both.

Pure functions on frozen dataclasses; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from .amend import accept
from .amendments import (
    CONTEXT,
    PARAGRAPH_BREAK,
    AmendmentSet,
    BaseInfo,
    BlockEdit,
    Edit,
    TextEdit,
    _short,
    block_ids,
    edit_text,
    extract,
)
from .amendments import apply as apply_set
from .diagnostics import Diagnostic, Location, Result, Severity, UsageError
from .model import Block, Document, Mark, Segment

FORMAT = "resamend.compilation/1"
JOINT = "; "  # between the names of Parties who made the same proposal


# --------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Proposal:
    """One Party's amendments, anchored to the text the Party amended."""

    party: str
    amendments: AmendmentSet
    source: str | None = None  # the file it came from, for messages


@dataclass(frozen=True)
class Placed:
    """An edit placed exactly on the compiled base, with the Parties who
    propose it (sorted by name); ``conflict`` numbers its conflict (1, 2 …)
    or is None."""

    edit: Edit
    parties: tuple[str, ...]
    block: int  # index of the base block the edit is anchored to
    conflict: int | None = None


@dataclass(frozen=True)
class Alternative:
    parties: tuple[str, ...]
    new: str  # what these Parties propose instead of the conflict's old text (U+2029: a paragraph break)


@dataclass(frozen=True)
class Conflict:
    """Proposals of different Parties on the same words of the base.

    ``blocks`` are the base blocks concerned (ids); ``start``/``end`` the
    span of the first one when the conflict is inside one paragraph (else
    None: whole paragraphs); ``old`` the base text concerned."""

    number: int
    blocks: tuple[str, ...]
    old: str
    alternatives: tuple[Alternative, ...]
    start: int | None = None
    end: int | None = None

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(sorted({p for a in self.alternatives for p in a.parties}))


@dataclass(frozen=True)
class Compilation:
    base: Document  # the clean base text
    parties: tuple[str, ...]  # in the order the proposals were given
    proposals: tuple[Placed, ...]  # every placed edit, in base order
    conflicts: tuple[Conflict, ...]
    document: Document  # marked: reject = base; Change.author = the Parties


def joint(parties: Iterable[str]) -> str:
    """The author name of a change several Parties propose."""
    return JOINT.join(sorted(set(parties)))


def party_names(author: str | None) -> tuple[str, ...]:
    """The Parties named by a change's author (see :func:`joint`)."""
    return tuple(author.split(JOINT)) if author else ()


# --------------------------------------------------------------------------
# Reading a marked draft as proposals


def authors(doc: Document) -> tuple[str, ...]:
    """The tracked-change authors of a marked document, in order of appearance."""
    seen: dict[str, None] = {}
    for block in doc.blocks:
        for seg in block.segments:
            if seg.mark is not Mark.KEEP or block.mark is not Mark.KEEP:
                if seg.change is not None and seg.change.author:
                    seen.setdefault(seg.change.author, None)
    return tuple(seen)


def by_author(doc: Document, author: str) -> Document:
    """The draft with only ``author``'s changes: the other authors' marks
    are rejected (their insertions dropped, their deletions kept as text,
    the paragraphs their inserted breaks split joined again).  A whole
    inserted or deleted paragraph, and the break after a paragraph, belong
    to the author of the paragraph's last change."""
    return _resolved(doc, lambda name: name == author)


def _resolved(doc: Document, mine) -> Document:
    """``doc`` with the changes whose author is not ``mine(author)``
    rejected; the rest keep their marks (so its reject is unchanged)."""
    out: list[Block] = []
    carried: tuple[Segment, ...] = ()  # text of a block whose break was rejected
    for block in doc.blocks:
        owner = _block_author(block)
        ours = owner is None or mine(owner)
        before, carried = carried, ()
        segments = list(before)
        for seg in block.segments:
            seg_author = seg.change.author if seg.change is not None else None
            if seg.mark is Mark.KEEP or seg_author is None or mine(seg_author):
                segments.append(seg)
            elif seg.mark is Mark.DELETE:
                segments.append(replace(seg, mark=Mark.KEEP, change=None))
            # another author's insertion (or text marked both ways): left out
        if not ours and block.mark is Mark.INSERT:
            carried = before  # another author's new paragraph: gone, and what was joined to it goes on
            continue
        mark = block.mark if ours else Mark.KEEP
        if not ours and block.boundary is Mark.INSERT:
            carried = tuple(segments)  # the break was not there: one paragraph with the next
            continue
        boundary = block.boundary if ours else Mark.KEEP
        out.append(replace(block, segments=tuple(segments), mark=mark, boundary=boundary))
    if carried:
        out.append(replace(doc.blocks[-1], segments=carried, mark=Mark.KEEP, boundary=Mark.KEEP))
    return doc.with_blocks(out)


def _block_author(block: Block) -> str | None:
    for seg in reversed(block.segments):
        if seg.change is not None and seg.change.author and (seg.mark is not Mark.KEEP or block.mark is not Mark.KEEP):
            return seg.change.author
    return None


def proposals_of(marked: Document, party: str | None, fallback: str) -> Result[tuple[Proposal, ...]]:
    """The proposals in one marked draft: one for ``party`` when given;
    else one per tracked-change author; else one named ``fallback`` (the
    file name)."""
    names = authors(marked) if party is None else ()
    if len(names) <= 1:
        result = extract(marked)
        name = party or (names[0] if names else fallback)
        return Result((Proposal(name, result.value, marked.meta.source),), result.diagnostics)
    out, diagnostics = [], []
    for name in names:
        result = extract(by_author(marked, name))
        out.append(Proposal(name, result.value, marked.meta.source))
        diagnostics += result.diagnostics
    return Result(tuple(out), tuple(diagnostics))


# --------------------------------------------------------------------------
# Compiling


def compile_proposals(base: Document, proposals: Sequence[Proposal]) -> Result[Compilation]:
    """Place every proposal on ``base`` (clean), merge identical edits, find
    the conflicts and build the compiled, attributed, marked document.

    An edit that cannot be placed on the base is left out and named in a
    warning; a proposal made against another revision of the base is named
    in a warning (its edits are re-anchored, so check them)."""
    diagnostics: list[Diagnostic] = []
    ids = block_ids(base)
    index = {name: k for k, name in enumerate(ids)}
    merged: dict[tuple, tuple[Edit, int, list[str], int]] = {}  # key → (edit, block, parties, first seen)
    parties: list[str] = []
    orders: dict[tuple[str, int], list[str]] = {}  # (Party, block) → its new paragraphs after that block, in order
    for proposal in proposals:
        if proposal.party not in parties:
            parties.append(proposal.party)
        diagnostics += _revision_check(proposal, base)
        if not proposal.amendments.edits:
            diagnostics.append(Diagnostic("no-proposal", Severity.WARNING, f"{proposal.party}'s draft proposes no change to the base "
                                          "(no marks, or the same text); check that it is the right file", Location(source=proposal.source)))
        placed = apply_set(proposal.amendments, base)
        for d in placed.diagnostics:
            diagnostics.append(_attributed(d, proposal))
        seen: dict[tuple, int] = {}
        for edit in extract(placed.value).value.edits:
            k = _anchor_block(edit, index)
            key = _identity(edit)
            seen[key] = seen.get(key, 0) + 1
            key += (seen[key],)  # one Party's two equal new paragraphs stay two
            if isinstance(edit, BlockEdit) and edit.op == "insert":
                orders.setdefault((proposal.party, k), []).append(edit.text)
            if key in merged:
                if proposal.party not in merged[key][2]:
                    merged[key][2].append(proposal.party)
            else:
                merged[key] = (edit, k, [proposal.party], len(merged))
    items = [Placed(edit, tuple(sorted(names)), k) for edit, k, names, _n in merged.values()]
    items.sort(key=lambda p: _position(p, base))  # stable: one Party's edits keep their order
    items, conflicts = _conflicts(items, base, ids, orders)
    built = _build(base, items, conflicts, ids)
    diagnostics += _left_out(built.diagnostics)
    compilation = Compilation(base, tuple(parties), tuple(items), tuple(conflicts), built.value)
    for c in conflicts:
        diagnostics.append(Diagnostic("conflict", Severity.WARNING, describe(c), Location(source=base.meta.source), text=c.old))
    return Result(compilation, tuple(diagnostics))


def _revision_check(proposal: Proposal, base: Document) -> list[Diagnostic]:
    made, have = proposal.amendments.base.revision, base.meta.revision
    made_for, base_is = proposal.amendments.base.instrument, base.meta.instrument
    if made and have and made != have and (not made_for or not base_is or made_for == base_is):
        return [
            Diagnostic(
                "base-revision",
                Severity.WARNING,
                f"{proposal.party}'s proposal was made against {made}, the base is {have}: its edits were "
                f"re-anchored on {have} (check them), or give the base it was made against",
                Location(source=proposal.source),
            )
        ]
    return []


def _attributed(d: Diagnostic, proposal: Proposal) -> Diagnostic:
    """A diagnostic of placing one proposal: its Party named; an edit that
    cannot be placed is a warning here (the others are still compiled)."""
    severity = Severity.WARNING if d.severity is Severity.ERROR else d.severity
    message = f"{proposal.party}: {d.message}" + ("; it is left out of the compilation" if d.code == "unplaced-edit" else "")
    location = replace(d.location, source=proposal.source) if d.location is not None and proposal.source else d.location
    return replace(d, severity=severity, message=message, location=location)


def _left_out(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """What the last placing of the compiled edits could not place (two
    proposals given under one Party's name that overlap): named, as warnings."""
    return [
        replace(d, severity=Severity.WARNING, message=d.message + "; it is left out of the compilation")
        for d in diagnostics
        if d.severity is Severity.ERROR
    ]


def _anchor_block(edit: Edit, index: dict[str, int]) -> int:
    if isinstance(edit, BlockEdit) and edit.op == "insert":
        return -1 if edit.after is None else index[edit.after]
    return index[edit.block]


def _identity(edit: Edit) -> tuple:
    """Two Parties' edits are the same proposal when they do the same thing
    at the same place (an inserted paragraph's own id does not matter)."""
    if isinstance(edit, TextEdit):
        return ("text", edit.block, edit.start, edit.end, edit.new)
    if edit.op == "insert":
        return ("insert", edit.after, edit.text)
    return (edit.op, edit.block)


_KIND_ORDER = {"text": 0, "delete": 1, "join": 2, "insert": 3}


def _position(p: Placed, base: Document) -> tuple:
    e = p.edit
    if isinstance(e, TextEdit):
        return (p.block, 0, e.start, e.end)
    if e.op == "insert":
        return (p.block, 1, len(base.blocks[p.block].text) if p.block >= 0 else 0, 0)
    if e.op == "join":
        return (p.block, 1, len(base.blocks[p.block].text), -1)
    return (p.block, 0, 0, -1)


# -- conflicts ---------------------------------------------------------------


def _footprint(p: Placed, base: Document) -> tuple[int, int, int, str]:
    """(block, start, end, kind) of what an edit touches in the base."""
    e = p.edit
    if isinstance(e, TextEdit):
        return (p.block, e.start, e.end, "text")
    if e.op == "delete":
        return (p.block, 0, len(base.blocks[p.block].text), "delete")
    if e.op == "join":
        n = len(base.blocks[p.block].text)
        return (p.block, n, n, "join")
    return (p.block, 0, 0, "insert")


def _overlap(a: Placed, b: Placed, base: Document) -> bool:
    if set(a.parties) & set(b.parties):
        return False  # one Party's edits never conflict with each other
    ka, sa, ea, kinda = _footprint(a, base)
    kb, sb, eb, kindb = _footprint(b, base)
    if "insert" in (kinda, kindb):
        return False  # new paragraphs at one place: see _conflicts
    if "join" in (kinda, kindb):
        if kinda == kindb:
            return False  # the same join is merged already
        other_kind, k_join, k_other = (kindb, ka, kb) if kinda == "join" else (kinda, kb, ka)
        return other_kind == "delete" and k_other in (k_join, k_join + 1)
    if ka != kb:
        return False
    if "delete" in (kinda, kindb):
        return True  # a deleted paragraph and anything else in it
    if sa == ea and sb == eb:
        return sa == sb  # two insertions at one point
    if sa == ea:
        return sb < sa < eb
    if sb == eb:
        return sa < sb < ea
    return sa < eb and sb < ea


def _conflicts(items: list[Placed], base: Document, ids: tuple[str, ...], orders: dict[tuple[str, int], list[str]]) -> tuple[list[Placed], list[Conflict]]:
    """Group overlapping edits of different Parties (connected components);
    a group that reaches past one paragraph takes in every edit of the
    paragraphs it covers; the new paragraphs several Parties add at one
    place are one group unless they all add the same ones in the same order."""
    n = len(items)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    by_block: dict[int, list[int]] = {}
    for i, p in enumerate(items):
        by_block.setdefault(p.block, []).append(i)
        if isinstance(p.edit, BlockEdit) and p.edit.op == "join":
            by_block.setdefault(p.block + 1, []).append(i)
    for members in by_block.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                if _overlap(items[members[x]], items[members[y]], base):
                    union(members[x], members[y])
    for k, members in by_block.items():
        new = [i for i in members if isinstance(items[i].edit, BlockEdit) and items[i].edit.op == "insert" and items[i].block == k]
        adding = {q for i in new for q in items[i].parties}
        if len(adding) > 1 and len({tuple(orders[(q, k)]) for q in adding}) > 1:
            for i in new[1:]:
                union(i, new[0])
    while True:  # whole-paragraph groups take in the rest of their paragraphs
        changed = False
        groups = _groups(items, find)
        for root, members in groups.items():
            region = _region(items, members)
            if region is None:
                continue
            for k in range(region[0], region[1] + 1):
                for i in by_block.get(k, []):
                    if not (isinstance(items[i].edit, BlockEdit) and items[i].edit.op == "insert") and find(i) != find(root):
                        union(i, root)
                        changed = True
        if not changed:
            break
    conflicts: list[Conflict] = []
    number_of: dict[int, int] = {}
    for root, members in sorted(_groups(items, find).items(), key=lambda kv: kv[1][0]):
        if len({q for i in members for q in items[i].parties}) < 2 or len(members) < 2:
            continue
        number = len(conflicts) + 1
        conflicts.append(_conflict(number, [items[i] for i in members], base, ids, orders))
        for i in members:
            number_of[i] = number
    return [replace(p, conflict=number_of.get(i)) for i, p in enumerate(items)], conflicts


def _groups(items: list[Placed], find) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return groups


def _region(items: list[Placed], members: list[int]) -> tuple[int, int] | None:
    """The base blocks a group rewrites whole (None: words inside one block,
    or new paragraphs only)."""
    edits = [items[i] for i in members]
    if len(edits) < 2:
        return None
    blocks = set()
    whole = False
    for p in edits:
        e = p.edit
        if isinstance(e, TextEdit):
            blocks.add(p.block)
            whole = whole or PARAGRAPH_BREAK in e.new
        elif e.op != "insert":
            blocks.update({p.block, p.block + 1} if e.op == "join" else {p.block})
            whole = True
    if not blocks or (len(blocks) == 1 and not whole):
        return None
    return min(blocks), max(blocks)


def _conflict(number: int, group: list[Placed], base: Document, ids: tuple[str, ...], orders: dict[tuple[str, int], list[str]]) -> Conflict:
    parties = sorted({q for p in group for q in p.parties})
    region = _region(group, list(range(len(group))))
    if all(isinstance(p.edit, BlockEdit) and p.edit.op == "insert" for p in group):
        k = group[0].block
        alternatives = _alternatives({q: PARAGRAPH_BREAK.join(orders[(q, k)]) for q in parties})
        return Conflict(number, (ids[k] if k >= 0 else "start",), "", alternatives)
    if region is None:
        k = group[0].block
        text = base.blocks[k].text
        start = min(p.edit.start for p in group)
        end = max(p.edit.end for p in group)
        alternatives = _alternatives({q: _edited(text, [p.edit for p in group if q in p.parties], start, end) for q in parties})
        return Conflict(number, (ids[k],), text[start:end], alternatives, start, end)
    k0, k1 = region
    old = PARAGRAPH_BREAK.join(b.text for b in base.blocks[k0 : k1 + 1])
    alternatives = _alternatives({q: _rewritten(base, region, [p for p in group if q in p.parties]) for q in parties})
    return Conflict(number, tuple(ids[k0 : k1 + 1]), old, alternatives)


def _alternatives(texts: dict[str, str]) -> tuple[Alternative, ...]:
    """Parties proposing the same text share one alternative; alternatives
    in the order of their first Party's name."""
    by_text: dict[str, list[str]] = {}
    for party in sorted(texts):
        by_text.setdefault(texts[party], []).append(party)
    return tuple(Alternative(tuple(names), text) for text, names in by_text.items())


def _edited(text: str, edits: list[TextEdit], start: int, end: int) -> str:
    """text[start:end] with one Party's (non-overlapping) edits applied."""
    out, pos = [], start
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos : e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:end])
    return "".join(out)


def _rewritten(base: Document, region: tuple[int, int], mine: list[Placed]) -> str:
    """One Party's text for base blocks region[0]..region[1] (paragraphs
    separated by U+2029; "" when the Party deletes them all)."""
    k0, k1 = region
    paragraphs: list[str] = []
    joined = False
    for k in range(k0, k1 + 1):
        text = base.blocks[k].text
        edits = [p.edit for p in mine if p.block == k]
        deleted = any(isinstance(e, BlockEdit) and e.op == "delete" for e in edits)
        here = "" if deleted else _edited(text, [e for e in edits if isinstance(e, TextEdit)], 0, len(text))
        if joined and paragraphs:
            paragraphs[-1] += here
        elif not deleted:
            paragraphs.append(here)
        joined = any(isinstance(e, BlockEdit) and e.op == "join" for e in edits)
        paragraphs.extend(e.text for e in edits if isinstance(e, BlockEdit) and e.op == "insert")
    return PARAGRAPH_BREAK.join(paragraphs)


# -- the compiled document -------------------------------------------------------


def _build(base: Document, items: list[Placed], conflicts: list[Conflict], ids: tuple[str, ...]) -> Result[Document]:
    """Every proposal outside a conflict as it is; each conflict as the base
    words deleted (by all its Parties) and one insertion per alternative."""
    edits: list[Edit] = []
    author: dict[int, str] = {}

    def add(edit: Edit, parties: Iterable[str]) -> None:
        edits.append(edit)
        author[id(edit)] = joint(parties)

    done: set[int] = set()
    for p in items:
        if p.conflict is None:
            add(p.edit, p.parties)
            continue
        if p.conflict in done:
            continue
        done.add(p.conflict)
        c = conflicts[p.conflict - 1]
        for edit, parties in _conflict_edits(c, base, ids):
            add(edit, parties)
    return apply_set(AmendmentSet(_base_info(base), tuple(edits)), base, lambda e: author.get(id(e)))


def _conflict_edits(c: Conflict, base: Document, ids: tuple[str, ...]) -> list[tuple[Edit, tuple[str, ...]]]:
    index = {name: k for k, name in enumerate(ids)}
    out: list[tuple[Edit, tuple[str, ...]]] = []
    if c.start is not None:  # words inside one paragraph
        k = index[c.blocks[0]]
        text = base.blocks[k].text
        before, after = text[max(0, c.start - CONTEXT) : c.start], text[c.end : c.end + CONTEXT]
        if c.end > c.start:
            out.append((TextEdit(c.blocks[0], c.start, c.end, c.old, "", before, after), c.parties))
        for a in c.alternatives:
            if a.new:
                lead = text[max(0, c.end - CONTEXT) : c.end]
                out.append((TextEdit(c.blocks[0], c.end, c.end, "", a.new, lead, after), a.parties))
        return out
    if not c.old:  # new paragraphs at one place
        after_id = None if c.blocks[0] == "start" else c.blocks[0]
        anchor = "" if after_id is None else base.blocks[index[after_id]].text[-CONTEXT:]
        for a in c.alternatives:
            for n, para in enumerate(a.new.split(PARAGRAPH_BREAK), 1):
                out.append((BlockEdit("insert", f"{after_id or 'start'}+c{c.number}.{a.parties[0]}.{n}", after_id, para, anchor), a.parties))
        return out
    for name in c.blocks:  # whole paragraphs
        out.append((BlockEdit("delete", name, text=base.blocks[index[name]].text), c.parties))
    last = c.blocks[-1]
    anchor = base.blocks[index[last]].text[-CONTEXT:]
    for a in c.alternatives:
        if not a.new:
            continue
        for n, para in enumerate(a.new.split(PARAGRAPH_BREAK), 1):
            out.append((BlockEdit("insert", f"{last}+c{c.number}.{a.parties[0]}.{n}", last, para, anchor), a.parties))
    return out


def _base_info(base: Document) -> BaseInfo:
    return BaseInfo(base.meta.instrument, base.meta.revision, base.meta.source)


# --------------------------------------------------------------------------
# Adopting


def adopt(compilation: Compilation, parties: Sequence[str]) -> Result[Document]:
    """The marked base with the proposals of ``parties`` only (each mark
    attributed), ready to be consolidated.  An unknown Party, or two chosen
    Parties whose proposals conflict, is an error naming them; an edit that
    cannot be placed with the others is named in a warning."""
    chosen = set(parties)
    unknown = [p for p in parties if p not in compilation.parties]
    if unknown:
        raise UsageError(
            f"no proposal by {unknown[0]!r}",
            "name one of the Parties: " + ", ".join(compilation.parties),
        )
    for c in compilation.conflicts:
        sides = [a for a in c.alternatives if chosen & set(a.parties)]
        if len(sides) > 1:
            first, second = sides[0], sides[1]
            raise UsageError(
                f"the proposals of {joint(chosen & set(first.parties))} and {joint(chosen & set(second.parties))} "
                f"conflict in {', '.join(c.blocks)} ({_short(c.old, 60) or 'new paragraphs'!r})",
                "adopt only one of them",
            )
    edits: list[Edit] = []
    author: dict[int, str] = {}
    for p in compilation.proposals:
        if chosen & set(p.parties):
            edits.append(p.edit)
            author[id(p.edit)] = joint(p.parties)
    base = compilation.base
    result = apply_set(AmendmentSet(_base_info(base), tuple(edits)), base, lambda e: author.get(id(e)))
    return Result(result.value, tuple(_left_out(result.diagnostics)))


# --------------------------------------------------------------------------
# Views and data


def party_view(compilation: Compilation, party: str) -> Document:
    """What accepting one Party's changes and rejecting the others gives
    (the clean text that Party proposes)."""
    return accept(_only(compilation.document, party))


def _only(doc: Document, party: str) -> Document:
    """The compiled document with the changes that do not name ``party`` rejected."""
    return _resolved(doc, lambda author: party in party_names(author))


def bracketed(doc: Document) -> Document:
    """The compiled document with each attributed change in brackets, the
    Parties' names after it: "[~~plan~~programme (European Union)]" — the
    house convention of compilations (the brackets and names are kept text,
    in italics for the names)."""
    out = []
    for block in doc.blocks:
        segments: list[Segment] = []
        open_author: str | None = None
        for seg in block.segments:
            author = seg.change.author if seg.mark is not Mark.KEEP and seg.change is not None else None
            if block.mark is not Mark.KEEP:
                author = None  # a whole paragraph: named once, at its end
            if author != open_author and open_author is not None:
                segments += _closing(open_author)
                open_author = None
            if author is not None and open_author is None:
                segments.append(Segment("["))
                open_author = author
            segments.append(seg)
        if open_author is not None:
            segments += _closing(open_author)
        owner = _block_author(block) if block.mark is not Mark.KEEP else None
        if owner is not None:  # the brackets share the paragraph's own mark
            segments = [Segment("[")] + segments + _closing(owner)
        out.append(replace(block, segments=tuple(segments)))
    return doc.with_blocks(out)


def _closing(author: str) -> list[Segment]:
    return [Segment(" ("), Segment(author, style=frozenset({"italic"})), Segment(")]")]


def describe(c: Conflict) -> str:
    """One line for the conflict report."""
    old = f"“{_short(c.old, 60)}”" if c.old else "new paragraphs"
    sides = " / ".join(f"{joint(a.parties)}: “{_short(a.new, 60)}”" if a.new else f"{joint(a.parties)}: (delete)" for a in c.alternatives)
    return f"conflict {c.number} in {', '.join(c.blocks)} on {old}: {sides}"


def to_data(compilation: Compilation) -> dict:
    """The compilation as ``resamend.compilation/1`` data (see
    docs/compilation-format.md)."""
    base = compilation.base.meta
    return {
        "format": FORMAT,
        "base": {"instrument": base.instrument, "revision": base.revision, "source": base.source},
        "parties": list(compilation.parties),
        "proposals": [_placed_to_data(p) for p in compilation.proposals],
        "conflicts": [
            {
                "conflict": c.number,
                "blocks": list(c.blocks),
                "start": c.start,
                "end": c.end,
                "old": c.old,
                "parties": list(c.parties),
                "alternatives": [{"parties": list(a.parties), "new": a.new} for a in c.alternatives],
            }
            for c in compilation.conflicts
        ],
    }


def _placed_to_data(p: Placed) -> dict:
    e = p.edit
    data: dict = {"parties": list(p.parties)}
    if isinstance(e, TextEdit):
        data.update(op="text", block=e.block, start=e.start, end=e.end, old=e.old, new=e.new)
    elif e.op == "insert":
        data.update(op="insert", block=e.block, after=e.after, old="", new=e.text)
    else:
        data.update(op=e.op, block=e.block, old=edit_text(e), new="")
    data["conflict"] = p.conflict
    return data
