"""How fast is `resamend apply`, against the floor and against pandoc?

Generates resolution-style drafts of 20, 200 and 1000 pages (about ten
paragraphs a page, mixed underline/strike marks and tracked changes) and
reports, measured in one run on this machine:

* floor: unzip + lxml parse + walk of every w:t / w:delText of document.xml
  (what any DOCX reader must at least do);
* apply: read (both conventions) → find the instrument → consolidate → text,
  in this process (no interpreter start-up);
* pandoc -f docx -t plain --track-changes=accept, where installed (a whole
  process, so it includes pandoc's start-up);
* start-up of `resamend --version` and `resamend --help`.

Ratios, not absolute times, are the result: apply/floor should be ≤ 2.
Never fails on time.  Usage: python benchmarks/bench_apply.py [--pages 20,200]
[--stages] [--profile N] [--clock wall|cpu] [--repeat N] [--no-pandoc] [--no-startup]

Every in-process time is the best of ``--repeat`` runs, each started after
``gc.collect()`` (no run pays for the garbage of the one before).
``--stages`` adds the time of each step of apply (read, select_instrument,
finish, write text) and read/floor; ``--profile N`` prints the cProfile top
N functions (by cumulative time) of one apply of the largest draft;
``--clock cpu`` times with process CPU time, steadier than wall time when
the machine is busy with other work (start-up and pandoc stay wall time).
"""

from __future__ import annotations

import argparse
import gc
import io
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from wordml import W, docx_package, run, rsid  # what Word writes around every run

VOCAB = (
    "the Conference of Parties requests Secretariat to continue developing effective and practical cooperation "
    "with relevant stakeholders including other biodiversity instruments international organizations subnational "
    "local governments NGOs Strategic Plan for Migratory Species Kunming-Montreal Global Biodiversity Framework"
).split()


def run_xml(rng: random.Random, words: int, rid: list[int]) -> str:
    text = " ".join(rng.choice(VOCAB) for _ in range(words)) + " "
    kind = rng.random()
    if kind < 0.80:
        return run(rng, text)
    if kind < 0.86:
        return run(rng, text, '<w:u w:val="single"/>')
    if kind < 0.92:
        return run(rng, text, "<w:strike/>")
    rid[0] += 1
    revision = f'w:id="{rid[0]}" w:author="Bench" w:date="2024-01-01T00:00:00Z"'
    if kind < 0.96:
        return f"<w:ins {revision}>{run(rng, text)}</w:ins>"
    deleted = run(rng, text).replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
    return f"<w:del {revision}>{deleted}</w:del>"


def make_draft(pages: int, seed: int = 11) -> bytes:
    rng = random.Random(seed)
    rid = [0]
    body = [
        '<w:p><w:r><w:t>PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)</w:t></w:r></w:p>',
        "<w:p><w:r><w:t>SYNERGIES AND PARTNERSHIPS</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>NB. Proposed new text is underlined. Text to be deleted is crossed out.</w:t></w:r></w:p>",
    ]
    n = 0
    for _ in range(pages * 10):
        n += 1
        runs = "".join(run_xml(rng, rng.randint(3, 9), rid) for _ in range(rng.randint(4, 9)))
        body.append(
            f'<w:p w:rsidR="{rsid(rng)}"><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{n}.\u00a0</w:t></w:r>{runs}</w:p>'
        )
    return docx_package(body)


def floor(data: bytes) -> int:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    n = 0
    for el in root.iter(f"{{{W}}}t", f"{{{W}}}delText"):
        n += len(el.text or "")
    return n


def apply_in_process(data: bytes) -> int:
    from resamend.consolidate import ConsolidateOptions, finish
    from resamend.readers import ReadOptions, read
    from resamend.structure import select_instrument
    from resamend.writers import write

    doc = read(data, "docx", ReadOptions(source="bench.docx")).value
    selected = select_instrument(doc).value
    done = finish(selected, ConsolidateOptions()).value
    return len(write(done.document, "text"))


def stage_times(data: bytes, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` time of each step of :func:`apply_in_process`."""
    from resamend import structure
    from resamend.consolidate import ConsolidateOptions, finish
    from resamend.readers import ReadOptions, read
    from resamend.structure import select_instrument
    from resamend.writers import write

    def select():
        # analyse() remembers its last results: forget them, so that this
        # stage pays the analysis, as it does in apply (finish then reuses it)
        getattr(structure, "_RECENT", []).clear()
        return select_instrument(doc)

    doc = read(data, "docx", ReadOptions(source="bench.docx")).value
    selected = select().value
    done = finish(selected, ConsolidateOptions()).value
    return {
        "read": best_of(lambda: read(data, "docx", ReadOptions(source="bench.docx")), repeat),
        "select": best_of(select, repeat),
        "finish": best_of(lambda: finish(selected, ConsolidateOptions()), repeat),
        "write": best_of(lambda: write(done.document, "text"), repeat),
    }


def profile(data: bytes, top: int) -> None:
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    apply_in_process(data)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


#: in-process timings use this clock; ``--clock cpu`` (process CPU time) is
#: steadier than wall time on a machine shared with other work
CLOCK = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = time.perf_counter


def best_of(fn, repeat: int, clock=None) -> float:
    now = clock or _clock
    times = []
    for _ in range(repeat):
        gc.collect()  # no garbage of the run before is collected on this one's time
        t = now()
        fn()
        times.append(now() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="20,200,1000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stages", action="store_true", help="time each step of apply")
    ap.add_argument("--profile", type=int, metavar="N", default=0, help="cProfile top N of the largest draft")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up measurements")
    ap.add_argument("--no-pandoc", action="store_true", help="skip pandoc")
    ap.add_argument("--clock", choices=sorted(CLOCK), default="wall", help="clock of the in-process timings")
    args = ap.parse_args()
    global _clock
    _clock = CLOCK[args.clock]
    pandoc = None if args.no_pandoc else shutil.which("pandoc")
    print(f"{'pages':>6} {'size':>8} {'floor s':>9} {'apply s':>9} {'apply/floor':>12} {'pandoc s':>9} {'pandoc/apply':>13}")
    stages: list[tuple[int, float, dict[str, float]]] = []
    data = b""
    with tempfile.TemporaryDirectory() as tmp:
        for pages in [int(p) for p in args.pages.split(",")]:
            data = make_draft(pages)
            path = Path(tmp) / f"draft-{pages}.docx"
            path.write_bytes(data)
            apply_in_process(data)  # warm imports
            f = best_of(lambda: floor(data), args.repeat)
            a = best_of(lambda: apply_in_process(data), args.repeat)
            p = None
            if pandoc and pages <= 200:
                p = best_of(lambda: subprocess.run([pandoc, "-f", "docx", "-t", "plain", "--wrap=none", "--track-changes=accept", str(path)], capture_output=True, check=True), 1, time.perf_counter)
            ptxt = f"{p:9.3f} {p / a:13.1f}" if p else f"{'-':>9} {'-':>13}"
            print(f"{pages:>6} {len(data) // 1024:>7}K {f:9.3f} {a:9.3f} {a / f:12.2f} {ptxt}")
            if args.stages:
                stages.append((pages, f, stage_times(data, args.repeat)))
    if stages:
        names = list(stages[0][2])
        print(f"{'pages':>6} " + " ".join(f"{n + ' s':>9}" for n in names) + f" {'read/floor':>11}")
        for pages, f, t in stages:
            print(f"{pages:>6} " + " ".join(f"{t[n]:9.3f}" for n in names) + f" {t['read'] / f:11.2f}")
    if args.profile:
        profile(data, args.profile)
    if args.no_startup:
        return
    for args_ in (["--version"], ["--help"]):
        times = [
            best_of(lambda: subprocess.run([sys.executable, "-m", "resamend", *args_], capture_output=True, check=True), 1, time.perf_counter)
            for _ in range(5)
        ]
        print(f"resamend {' '.join(args_)}: median {statistics.median(times):.3f} s (python -m, 5 runs)")
    t0 = [best_of(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True), 1, time.perf_counter) for _ in range(5)]
    print(f"interpreter alone: median {statistics.median(t0):.3f} s")


if __name__ == "__main__":
    main()
