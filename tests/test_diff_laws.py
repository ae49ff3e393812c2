"""The laws of the diff, over generated documents (DESIGN.md: accept(diff(a, b))
== b, reject(diff(a, b)) == a), and its quality against the LCS optimum."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from resamend.amend import accept, final_view, original_view, reject
from resamend.diff import changed_token_count, diff_documents, lcs_changed_tokens
from resamend.model import Document, Mark, Segment, paragraph
from resamend.tokens import is_space, tokenize

LAWS = settings(max_examples=200, derandomize=True, deadline=None)

WORDS = [
    "Requests", "requests", "the", "Secretariat", "to", "Parties,", "2024-2032", "2015-2023", "8bis.", "(a)",
    "Global", "global", "ſ", "été", "e\u0301te\u0301", "协定", "保护迁徙物种", "ภาษาไทย", "اتفاقية", "المهاجرة،",
    "אמנת", "Kunming-Montreal", "“quoted”", "CMS;", "and", "of", "plan", "programme", "x", "11.10", "—", ",", ".",
]
SEPARATORS = [" ", " ", " ", " ", "  ", "\t", "\u00a0", "", "\n"]


@st.composite
def paragraph_texts(draw):
    words = draw(st.lists(st.sampled_from(WORDS), max_size=12))
    if not words:
        return draw(st.sampled_from(["", " ", ""]))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words) - 1, max_size=len(words) - 1))
    return "".join(w + s for w, s in zip(words, seps + [""]))


def as_document(texts):
    return Document(tuple(paragraph(t) for t in texts))


@st.composite
def paragraph_lists(draw):
    return draw(st.lists(paragraph_texts(), max_size=8))


@st.composite
def edited(draw, texts):
    """A later version of ``texts``: paragraphs changed, added, removed,
    duplicated, emptied or moved, as drafters do."""
    out = list(texts)
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["change", "add", "remove", "duplicate", "empty", "move", "word"]))
        if kind == "add" or not out:
            out.insert(draw(st.integers(0, len(out))), draw(paragraph_texts()))
            continue
        k = draw(st.integers(0, len(out) - 1))
        if kind == "change":
            out[k] = draw(paragraph_texts())
        elif kind == "remove":
            del out[k]
        elif kind == "duplicate":
            out.insert(draw(st.integers(0, len(out))), out[k])
        elif kind == "empty":
            out[k] = ""
        elif kind == "move":
            moved = out.pop(k)
            out.insert(draw(st.integers(0, len(out))), moved)
        else:
            tokens = tokenize(out[k])
            at = draw(st.integers(0, len(tokens)))
            tokens[at : at + draw(st.integers(0, 2))] = draw(st.lists(st.sampled_from(WORDS + [" "]), max_size=3))
            out[k] = "".join(tokens)
    return out


@st.composite
def version_pairs(draw):
    old = draw(paragraph_lists())
    new = draw(st.one_of(edited(old), paragraph_lists()))
    return old, new


def nonempty(texts):
    return [t for t in texts if t]


@LAWS
@given(version_pairs())
def test_diff_gives_back_both_versions_paragraph_for_paragraph(pair):
    old, new = pair
    d = diff_documents(as_document(old), as_document(new))
    assert final_view(d) == nonempty(new)
    assert original_view(d) == nonempty(old)
    assert [b.text for b in accept(d).blocks] == new
    assert [b.text for b in reject(d).blocks] == old
    # and, on the way, the two promises of a word redline:
    assert_marks_on_token_boundaries(d)
    assert changed_token_count(d) >= lcs_changed_tokens(_words(old), _words(new))


@LAWS
@given(version_pairs())
def test_letter_granularity_gives_back_both_versions(pair):
    old, new = pair
    d = diff_documents(as_document(old), as_document(new), granularity="char")
    assert [b.text for b in accept(d).blocks] == new
    assert [b.text for b in reject(d).blocks] == old


STYLES = st.sampled_from([frozenset(), frozenset(), frozenset({"bold"}), frozenset({"italic", "superscript"})])


@st.composite
def styled_documents(draw, texts):
    """The paragraphs ``texts`` cut into segments of random styles."""
    blocks = []
    for text in texts:
        cuts = sorted(draw(st.sets(st.integers(1, max(len(text) - 1, 1)), max_size=3)))
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]) if text[a:b]]
        blocks.append(paragraph(*(Segment(p, style=draw(STYLES)) for p in pieces)))
    return Document(tuple(blocks))


def styles_by_character(segments, keep):
    return [seg.style for seg in segments if keep(seg.mark) for _ in seg.text]


@LAWS
@given(version_pairs(), st.data())
def test_kept_and_inserted_text_wear_the_new_styles_and_deleted_text_the_old(pair, data):
    old_doc = data.draw(styled_documents(pair[0]))
    new_doc = data.draw(styled_documents(pair[1]))
    d = diff_documents(old_doc, new_doc)
    assert [b.text for b in accept(d).blocks] == pair[1]
    finals = [styles_by_character(b.segments, lambda m: m.in_final) for b in accept(d).blocks]
    assert finals == [styles_by_character(b.segments, lambda m: True) for b in new_doc.blocks]
    in_original = [b for b in d.blocks if b.mark.in_original]
    assert len(in_original) == len(old_doc.blocks)
    for marked, before in zip(in_original, old_doc.blocks):
        old_styles = styles_by_character(before.segments, lambda m: True)
        seen = [
            (seg.style, seg.mark is Mark.DELETE or marked.mark is Mark.DELETE)
            for seg in marked.segments
            if seg.mark.in_original
            for _ in seg.text
        ]
        assert [style for (style, deleted), old in zip(seen, old_styles) if deleted] == [
            old for (style, deleted), old in zip(seen, old_styles) if deleted
        ]


def assert_marks_on_token_boundaries(d):
    """No mark starts or ends inside a word (inside a run of spaces is fine:
    a doubled space that became single marks just the extra space)."""
    for block in d.blocks:
        if block.mark is not Mark.KEEP:
            continue
        original = "".join(s.text for s in block.segments if s.mark.in_original)
        final = "".join(s.text for s in block.segments if s.mark.in_final)
        old_cuts, new_cuts = cuts(original), cuts(final)
        old_pos = new_pos = 0
        for seg in block.segments:
            old_pos += len(seg.text) if seg.mark.in_original else 0
            new_pos += len(seg.text) if seg.mark.in_final else 0
            assert old_pos in old_cuts and new_pos in new_cuts, (block, seg)


def cuts(text):
    """Offsets where a mark may start or end: token boundaries, and any
    offset inside whitespace."""
    out, pos = {0}, 0
    for token in tokenize(text):
        if token.isspace():
            out.update(range(pos, pos + len(token)))
        pos += len(token)
        out.add(pos)
    return out


@LAWS
@given(paragraph_lists())
def test_diff_of_a_version_with_itself_has_no_marks(texts):
    assert not diff_documents(as_document(texts), as_document(texts)).is_marked


def _words(texts):
    return [t for p in texts for t in tokenize(p) if not is_space(t)]


# --- quality on realistic pairs ---------------------------------------------------

VOCABULARY = (
    "Requests the Secretariat to continue developing effective and practical cooperation with relevant "
    "stakeholders including other biodiversity instruments international organizations and NGOs Urges Parties "
    "facilitate among promote integration of concerns related migratory species into all sectors by coordinating "
    "their national positions various conventions fora in which they are involved Welcomes joint work plan "
    "between CMS CITES Secretariats further proposals strengthen coordination synergies targets timetables "
    "consideration at future meetings Conference 2024-2032 Kunming-Montreal Global Biodiversity Framework"
).split()


def realistic_pair(seed: int):
    """A resolution-like text and a later version with a few separate
    amendments (words replaced, inserted or deleted, never two within three
    words of each other — as separate amendments are drafted)."""
    rng = random.Random(seed)
    paragraphs = []
    for n in range(rng.randint(4, 12)):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(12, 60))]
        paragraphs.append(f"{n + 1}. " + " ".join(words) + ";")
    new = [p.split(" ") for p in paragraphs]
    for _ in range(rng.randint(1, 10)):
        words = rng.choice(new)
        at = rng.randrange(1, len(words) - 1)
        if any(w.startswith("\x00") for w in words[max(at - 4, 0) : at + 5]):
            continue  # too close to an earlier amendment
        kind = rng.choice(["replace", "insert", "delete"])
        if kind == "replace":
            words[at] = "\x00" + rng.choice(VOCABULARY)
        elif kind == "insert":
            words.insert(at, "\x00" + rng.choice(VOCABULARY))
        else:
            words[at] = "\x00"
    new_texts = [" ".join(w for w in (x.lstrip("\x00") for x in words) if w) for words in new]
    return paragraphs, new_texts


@LAWS
@given(st.integers(0, 10**9))
def test_marked_tokens_stay_within_ten_percent_of_the_optimum(seed):
    old, new = realistic_pair(seed)
    d = diff_documents(as_document(old), as_document(new))
    optimum = lcs_changed_tokens(_words(old), _words(new))
    assert changed_token_count(d) <= 1.1 * optimum
