"""Laws of compiling proposals (hypothesis).

* compiling one proposal gives that proposal's redline;
* proposals without conflicts commute;
* adopting every proposal when none conflict (and none is made by both)
  gives what applying them one after the other (each re-anchored on the
  text the one before left) gives;
* for every Party, accepting its changes and rejecting the others gives the
  text it proposed, and rejecting everything gives the base.

Base texts are made of distinct words, so that "the same place" has one
meaning; each Party's proposal is a revised text (marked by the diff).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from resamend.amend import accept, reject
from resamend.amendments import apply, extract
from resamend.compilation import Proposal, adopt, compile_proposals, party_view
from resamend.diff import diff_documents
from resamend.model import Block, Document, Mark, Meta, Segment
from resamend.normalize import canonical

BASE_WORDS = [f"w{n}" for n in range(60)]
NEW_WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta"])
SETTINGS = settings(max_examples=int(os.environ.get("RESAMEND_LAW_EXAMPLES", "60")), derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def bases(draw) -> list[list[str]]:
    words = draw(st.permutations(BASE_WORDS))
    sizes = draw(st.lists(st.integers(2, 6), min_size=2, max_size=5))
    out, at = [], 0
    for n in sizes:
        out.append(list(words[at : at + n]))
        at += n
    return out


@st.composite
def revisions(draw, base: list[list[str]], mine: int | None = None) -> list[list[str]]:
    """One Party's revised text: a few words replaced, maybe a paragraph
    deleted, maybe one added after a paragraph; with ``mine`` (0 or 1),
    only in the paragraphs whose index has that parity."""
    ours = [k for k in range(len(base)) if mine is None or k % 2 == mine]
    paras = [list(p) for p in base]
    for _ in range(draw(st.integers(1, 2))):
        k = draw(st.sampled_from(ours))
        words = paras[k]
        i = draw(st.integers(0, len(words)))
        j = draw(st.integers(i, min(len(words), i + 2)))
        new = draw(st.lists(NEW_WORDS, min_size=0 if j > i else 1, max_size=2))
        if j - i == len(words) and not new:
            continue  # an emptied paragraph is a deletion: drawn below
        paras[k] = words[:i] + new + words[j:]
    deleted = draw(st.sampled_from(ours)) if len(base) > 2 and draw(st.booleans()) else None
    added = draw(st.sampled_from(ours)) if draw(st.booleans()) else None
    out = []
    for k, words in enumerate(paras):
        if k != deleted:
            out.append(words)
        if k == added:
            out.append(draw(st.lists(NEW_WORDS, min_size=1, max_size=3)))
    return out


def document(paras: list[list[str]], source: str = "base.txt") -> Document:
    return Document(tuple(Block((Segment(" ".join(p)),)) for p in paras), Meta(source=source))


def proposal(base: Document, party: str, paras: list[list[str]]) -> Proposal:
    return Proposal(party, extract(diff_documents(base, document(paras, party))).value)


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if b.text]


def marked_text(doc: Document) -> dict[Mark, str]:
    """All inserted text and all deleted text, in order."""
    out = {Mark.INSERT: "", Mark.DELETE: ""}
    for block in canonical(doc).blocks:
        for seg in block.segments:
            if seg.mark in out:
                out[seg.mark] += seg.text
    return out


@st.composite
def cases(draw, parties: int, apart: bool = False):
    """A base and revisions; ``apart``: each Party in paragraphs of its own."""
    base = draw(bases())
    return base, [draw(revisions(base, n % 2 if apart else None)) for n in range(parties)]


@SETTINGS
@given(cases(1))
def test_compiling_one_proposal_gives_its_redline(case):
    paras, (revised,) = case
    base = document(paras)
    p = proposal(base, "A", revised)
    comp = compile_proposals(base, [p]).value
    assert comp.conflicts == ()
    redline = apply(p.amendments, base).value
    # the same views and the same words marked (paragraph breaks may be
    # expressed either way round: a split block or an inserted one)
    assert texts(accept(comp.document)) == texts(accept(redline)) == texts(document(revised))
    assert texts(reject(comp.document)) == texts(reject(redline)) == texts(base)
    assert marked_text(comp.document) == marked_text(redline)


@SETTINGS
@given(cases(2, apart=True))
def test_proposals_without_conflicts_commute(case):
    paras, (ra, rb) = case
    base = document(paras)
    a, b = proposal(base, "A", ra), proposal(base, "B", rb)
    ab = compile_proposals(base, [a, b]).value
    assume(not ab.conflicts)
    ba = compile_proposals(base, [b, a]).value
    assert ba.conflicts == ()
    assert ab.document == ba.document
    assert ab.proposals == ba.proposals


@SETTINGS
@given(cases(2, apart=True))
def test_adopting_all_non_conflicting_proposals_equals_applying_them_one_by_one(case):
    paras, (ra, rb) = case
    base = document(paras)
    a, b = proposal(base, "A", ra), proposal(base, "B", rb)
    comp = compile_proposals(base, [a, b]).value
    assume(not comp.conflicts)
    # an edit both made is merged here, and would be made twice one by one
    # (the very thing compiling is for)
    assume(all(len(p.parties) == 1 for p in comp.proposals))
    after_a = accept(apply(a.amendments, base).value)
    one_by_one = apply(b.amendments, after_a)
    assume(all(d.severity.value != "error" for d in one_by_one.diagnostics))  # B could be placed on A's text
    assert texts(accept(adopt(comp, ["A", "B"]).value)) == texts(accept(one_by_one.value))


@SETTINGS
@given(cases(3))
def test_each_partys_view_is_its_own_text_and_rejecting_all_gives_the_base(case):
    paras, revised = case
    base = document(paras)
    parties = ["A", "B", "C"]
    comp = compile_proposals(base, [proposal(base, q, r) for q, r in zip(parties, revised)]).value
    assert texts(reject(comp.document)) == texts(base)
    for q, r in zip(parties, revised):
        assert texts(party_view(comp, q)) == texts(document(r)), q
