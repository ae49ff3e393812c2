"""How fast and how tight is ``resamend diff``, next to the usual tools?

Run from the repository root::

    python benchmarks/bench_diff.py                 # 10k, 100k and 500k words
    python benchmarks/bench_diff.py --sizes 10000 --cap 30

For each size a resolution-style text is generated (seeded, so every run
compares the same texts) from the vocabulary of the CMS reference text, and
about 2 % of its words are changed in scattered places: replacements,
insertions, deletions, and one paragraph moved far away.

Quality is *changed tokens / optimum*: words and punctuation marks inside
marked text (whitespace not counted), divided by the fewest any redline
must mark (``len(a) + len(b) - 2·LCS`` over the two word sequences, see
:func:`resamend.diff.lcs_changed_tokens`: exact Myers up to
``--exact-max`` words, an upper bound from patience anchors beyond — for
the 500k text the bound equals the exact count, 15144, checked once with
``--exact-max 500000`` in about a minute).  A moved paragraph counts as
deleted and inserted for every tool, including the optimum.

git's porcelain word diff does not give back the old text exactly (it
drops some spaces at its marks), so its count, made with resamend's
tokenizer from the marked pieces, is approximate and can come out a little
below the optimum.

Baselines, in the same run, each stopped after ``--cap`` seconds:

* diff-match-patch in word mode (tokens encoded as characters,
  ``Diff_Timeout = 0``) over the whole text;
* difflib ``SequenceMatcher(autojunk=False)`` over the word lists (quadratic:
  only tried up to ``--difflib-max`` words);
* the ``redlines`` package when it is importable (skipped otherwise);
* ``git diff --no-index --word-diff=porcelain``.

First (``--docx-pages``, 200 by default) the whole ``resamend diff
old.docx new.docx -o redline.docx`` process is timed against a process that
only reads the two files, on files as Word writes them (the target: at most
2x) and on leaner ones (see :func:`docx_process`).

The benchmark never fails on time; it prints a table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from resamend.diff import changed_token_count, diff_documents, lcs_changed_tokens
from resamend.model import Document, paragraph
from resamend.tokens import TokenCodec, is_space, is_wordlike, tokenize

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cms-res-11.10-cop14-annex1.critic.txt"
FALLBACK_WORDS = (
    "the Parties Secretariat Convention requests encourages migratory species cooperation of and to in "
    "with for on by Resolution Decision framework biodiversity-related conventions implementation 2024-2032"
).split()
CHANGE_SHARE = 0.02


# --- texts ---------------------------------------------------------------------


def vocabulary() -> tuple[list[str], list[int]]:
    """Words of the reference text with their frequencies (both versions of
    every amendment are read)."""
    if REFERENCE.exists():
        text = REFERENCE.read_text(encoding="utf-8")
        text = re.sub(r"\{(\+\+|--|~~|==|>>)|(\+\+|--|~~|==|<<)\}|~>", " ", text)
        counts = Counter(t for t in tokenize(text) if is_wordlike(t))
    else:
        counts = Counter(FALLBACK_WORDS)
    words = sorted(counts)
    return words, [counts[w] for w in words]


def _sentence(rng: random.Random, words, weights, n: int) -> list[str]:
    out = rng.choices(words, weights, k=n)
    for k in range(rng.randint(6, 14), n - 1, rng.randint(6, 14)):
        out[k] += ","
    out[-1] += rng.choice([",", ";", "."])
    return out


def generate(total_words: int, seed: int = 2024):
    """(old paragraphs, new paragraphs) as lists of word lists."""
    rng = random.Random(seed)
    words, weights = vocabulary()
    paragraphs: list[list[str]] = []
    count = 0
    while count < total_words:
        n = min(rng.randint(15, 110), total_words - count)
        body = _sentence(rng, words, weights, max(n, 2))
        if rng.random() < 0.6:
            body.insert(0, f"{len(paragraphs) + 1}.")
        paragraphs.append(body)
        count += len(body)
    old = [list(p) for p in paragraphs]
    new = [list(p) for p in paragraphs]
    budget = int(CHANGE_SHARE * count)
    changed = 0
    sizes = [len(p) for p in new]
    while changed < budget:
        k = rng.choices(range(len(new)), sizes)[0]
        para = new[k]
        kind = rng.random()
        span = rng.randint(1, 3)
        at = rng.randrange(len(para))
        if kind < 0.5:  # replace
            para[at : at + span] = rng.choices(words, weights, k=span)
        elif kind < 0.75 and len(para) > span + 2:  # delete
            del para[at : at + span]
        else:  # insert
            para[at:at] = rng.choices(words, weights, k=span + 1)
            span += 1
        changed += span
    moved = new.pop(len(new) // 5)
    new.insert(len(new) * 4 // 5, moved)
    return [" ".join(p) for p in old], [" ".join(p) for p in new], count, changed


def words_of(paragraphs: list[str]) -> list[str]:
    return [t for p in paragraphs for t in tokenize(p) if not is_space(t)]


# --- tools ---------------------------------------------------------------------


def run_resamend(old: list[str], new: list[str]):
    a = Document(tuple(paragraph(t) for t in old))
    b = Document(tuple(paragraph(t) for t in new))
    start, cpu = time.perf_counter(), time.process_time()
    doc = diff_documents(a, b)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return seconds, changed_token_count(doc), f"cpu {cpu:.3f} s"


def run_dmp_words(old: list[str], new: list[str]):
    from diff_match_patch import diff_match_patch

    start = time.perf_counter()
    codec = TokenCodec()
    a = codec.encode(tokenize("\n".join(old)))
    b = codec.encode(tokenize("\n".join(new)))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    ops = dmp.diff_main(a, b, False)
    seconds = time.perf_counter() - start
    return seconds, sum(1 for op, text in ops if op for t in codec.decode(text) if not is_space(t))


def run_difflib(old: list[str], new: list[str]):
    import difflib

    start = time.perf_counter()
    a, b = words_of(old), words_of(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changed = sum((i2 - i1) + (j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
    return time.perf_counter() - start, changed


def run_redlines(old: list[str], new: list[str]):
    from redlines import Redlines  # noqa: F401  (skipped when absent)

    start = time.perf_counter()
    diff = Redlines("\n".join(old), "\n".join(new))
    marked = diff.output_markdown
    seconds = time.perf_counter() - start
    pieces = re.findall(r"<(ins|del)[^>]*>(.*?)</\1>", marked, flags=re.S)
    return seconds, sum(1 for _, text in pieces for t in tokenize(text) if not is_space(t))


def run_git(old: list[str], new: list[str]):
    git = shutil.which("git")
    if git is None:
        raise RuntimeError("git not found")
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "old.txt"), Path(tmp, "new.txt")
        a.write_text("\n".join(old) + "\n", encoding="utf-8")
        b.write_text("\n".join(new) + "\n", encoding="utf-8")
        start = time.perf_counter()
        out = subprocess.run(
            [git, "diff", "--no-index", "--no-color", "--word-diff=porcelain", str(a), str(b)],
            capture_output=True,
            text=True,
            encoding="utf-8",
        ).stdout
        seconds = time.perf_counter() - start
    changed = 0
    in_hunks = False
    for line in out.splitlines():
        if line.startswith("@@"):
            in_hunks = True
        elif in_hunks and line[:1] in "+-":
            changed += sum(1 for t in tokenize(line[1:]) if not is_space(t))
    return seconds, changed


TOOLS = {
    "resamend": run_resamend,
    "dmp word mode": run_dmp_words,
    "difflib": run_difflib,
    "redlines": run_redlines,
    "git word-diff": run_git,
}


def _child(name, old, new, queue):
    try:
        queue.put(("ok", TOOLS[name](old, new)))
    except ImportError as exc:
        queue.put(("skip", f"not importable ({exc.name})"))
    except Exception as exc:  # a baseline's failure is a row of the table
        queue.put(("skip", f"failed: {exc}"))


def timed(name: str, old, new, cap: float):
    """Run one tool in a child process, stopped after ``cap`` seconds."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(name, old, new, queue))
    child.start()
    try:
        status, value = queue.get(timeout=cap)
    except Exception:
        status, value = "skip", f"stopped after {cap:.0f} s"
    child.join(timeout=5)
    if child.is_alive():
        child.terminate()
        child.join()
    return status, value


# --- main ----------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,500000")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a baseline is stopped")
    parser.add_argument("--difflib-max", type=int, default=10_000)
    parser.add_argument("--dmp-max", type=int, default=100_000)
    parser.add_argument(
        "--exact-max", type=int, default=100_000, help="largest size whose optimum is computed exactly (500k: ~1 min)"
    )
    parser.add_argument("--docx-pages", type=int, default=200, help="pages of the two DOCX files for the whole-process run (0: skip)")
    args = parser.parse_args(argv)
    if args.docx_pages:
        docx_process(args.docx_pages)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        old, new, words, changed = generate(size)
        start = time.perf_counter()
        exact = size <= args.exact_max
        optimum = lcs_changed_tokens(words_of(old), words_of(new), exact_limit=10**9 if exact else 20_000)
        exact = "exact" if exact else "upper bound from patience anchors"
        print(
            f"# {words} words in {len(old)} paragraphs, {changed} words changed "
            f"({100 * changed / words:.1f} %), optimum {optimum} tokens ({exact}, "
            f"{time.perf_counter() - start:.1f} s)",
            flush=True,
        )
        for name in TOOLS:
            if name == "difflib" and size > args.difflib_max:
                rows.append((size, name, None, f"not run above {args.difflib_max} words (quadratic)"))
                continue
            if name == "dmp word mode" and size > args.dmp_max:
                rows.append((size, name, None, f"not run above {args.dmp_max} words (O(ND), too slow)"))
                continue
            status, value = timed(name, old, new, args.cap)
            if status == "ok":
                seconds, tokens, *note = value
                note = f" ({note[0]})" if note else ""
                rows.append((size, name, seconds, f"{tokens} tokens, {tokens / optimum:.3f} x optimum{note}"))
            else:
                rows.append((size, name, None, value))
            print(f"  {name:14} {_fmt(rows[-1])}", flush=True)
    print()
    print(f"{'words':>8}  {'tool':14} {'seconds':>8}  quality")
    for row in rows:
        print(f"{row[0]:>8}  {row[1]:14} {_fmt(row)}")
    return 0


def docx_process(pages: int, words_per_page: int = 500, runs: int = 5) -> None:
    """The whole ``resamend diff old.docx new.docx -o redline.docx`` process
    against a process that only reads the two files with resamend's DOCX
    reader (both pay the interpreter's start-up).  Target: at most 2x.

    Measured on three kinds of input with the same text: files as Word
    writes them after a few editing sessions (runs in revision-session ids
    and fonts, ~46 bytes of XML a word like the Word-made files of the
    corpus; see benchmarks/wordml.py), the target's case; files typed in one
    session (one run a paragraph, ~10 bytes a word); and resamend's own lean
    output (~9 bytes a word).  The leaner the file, the less reading there
    is to set the diff and the writing against.  Each process is timed
    ``runs`` times, alternately; the best of each is kept.
    """
    import subprocess
    import tempfile
    from pathlib import Path

    from wordml import docx_package, plain_paragraph, single_run_paragraph

    from resamend.model import Document, paragraph
    from resamend.writers import write

    old, new, words, changed = generate(pages * words_per_page)
    makers = {
        "as Word writes them": lambda paras: docx_package([plain_paragraph(random.Random(7), p) for p in paras]),
        "with one run a paragraph": lambda paras: docx_package([single_run_paragraph(random.Random(7), p) for p in paras]),
        "as resamend writes them": lambda paras: write(Document(tuple(paragraph(p) for p in paras)), "docx"),
    }
    reader_process = (
        "import sys; from resamend.readers import read; "
        "[read(open(p, 'rb').read(), 'docx') for p in sys.argv[1:]]"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for kind, make in makers.items():
            paths = []
            for name, paras in (("old", old), ("new", new)):
                path = Path(tmp) / f"{name}.docx"
                path.write_bytes(make(paras))
                paths.append(path)
            reading = [sys.executable, "-c", reader_process, *map(str, paths)]
            diffing = [sys.executable, "-m", "resamend", "diff", *map(str, paths), "-o", str(Path(tmp) / "redline.docx")]
            read_times, diff_times = [], []
            for _ in range(runs):
                read_times.append(_seconds(lambda: subprocess.run(reading, check=True, capture_output=True)))
                diff_times.append(_seconds(lambda: subprocess.run(diffing, check=False, capture_output=True)))
            reading_process, process = min(read_times), min(diff_times)
            size = sum(p.stat().st_size for p in paths) // 2 // 1024
            print(f"# resamend diff on two {pages}-page DOCX files {kind} ({words} words, {changed} changed, {size} kB each): "
                  f"whole diff process {process:.2f} s; a process that only reads both {reading_process:.2f} s "
                  f"(ratio {process / reading_process:.2f}, target <= 2)", flush=True)


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _fmt(row) -> str:
    seconds = "-" if row[2] is None else f"{row[2]:.3f}"
    return f"{seconds:>8}  {row[3]}"


if __name__ == "__main__":
    sys.exit(main())
