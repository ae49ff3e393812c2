"""How fast is `resamend check` over a folder of drafts, against `apply`?

Generates DRAFTS drafts of about PAGES pages each (ten paragraphs a page,
some words underlined-inserted, some struck-deleted), all amending one
published base text, into a temporary directory; then measures

* check: ``resamend check DIR --base base.txt -j JOBS --format json -o …``
  as a whole process (start-up included), the way CI runs it;
* check (lint only): the same without ``--base``;
* apply: read → find the instrument → consolidate → text for every draft,
  sequentially in this one process (library calls, no start-up).

The result is the ratio check / apply in wall-clock time (target: < 1.5
with -j 2).  CPU time (all processes) is printed too: on a shared machine
the wall clock says more about the neighbours than about resamend, and
CPU / 2 is what -j 2 gives on two idle cores.  Never fails on time.  Usage::

    python benchmarks/bench_check.py [--drafts 200] [--pages 20] [--jobs 2] [--kind docx|critic]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_apply import docx_package  # noqa: E402  (the same minimal package)

VOCAB = (
    "the Conference of Parties requests Secretariat to continue developing effective and practical cooperation "
    "with relevant stakeholders including other biodiversity instruments international organizations subnational "
    "local governments NGOs Strategic Plan for Migratory Species Kunming-Montreal Global Biodiversity Framework"
).split()
HEAD = [
    [("keep", "PROPOSED AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)")],
    [("keep", "SYNERGIES AND PARTNERSHIPS")],
    [("keep", "NB. Proposed new text is underlined. Text to be deleted is crossed out.")],
    [("keep", "Recalling Resolution 7.9 Cooperation with Other Bodies and Processes,")],
    [("keep", "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals")],
]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def base_paragraphs(pages: int, seed: int = 7) -> list[str]:
    """The published operative paragraphs (shared by every draft)."""
    rng = random.Random(seed)
    return [f"{n}. {words(rng, rng.randint(40, 90))};" for n in range(1, pages * 10 + 1)]


def draft_paragraphs(base: list[str], seed: int) -> list[list[tuple[str, str]]]:
    """Each base paragraph with a few marks: deleted words (kept in the
    original view) and inserted words (not in it), each with its own
    leading space so that no seam doubles a space."""
    rng = random.Random(seed)
    out = []
    for text in base:
        tokens = text.split(" ")
        parts: list[tuple[str, str]] = [("keep", tokens[0])]
        for tok in tokens[1:]:
            r = rng.random()
            if r < 0.03:
                parts.append(("insert", " " + words(rng, rng.randint(1, 4))))
            if r > 0.97 and not tok.endswith(";"):
                parts.append(("delete", " " + tok))
            else:
                parts.append(("keep", " " + tok))
        out.append(parts)
    return out


def critic(paragraphs: list[list[tuple[str, str]]]) -> bytes:
    wrap = {"keep": "{}", "insert": "{{++{}++}}", "delete": "{{--{}--}}"}
    return ("\n\n".join("".join(wrap[k].format(t) for k, t in p) for p in paragraphs) + "\n").encode("utf-8")


def docx(paragraphs: list[list[tuple[str, str]]]) -> bytes:
    props = {"keep": "", "insert": '<w:u w:val="single"/>', "delete": "<w:strike/>"}
    body = []
    for p in paragraphs:
        runs = "".join(
            f'<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>{props[k]}<w:sz w:val="22"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(t)}</w:t></w:r>'
            for k, t in p
        )
        body.append(f'<w:p><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr>{runs}</w:p>')
    return docx_package(body)


def generate(folder: Path, drafts: int, pages: int, kind: str) -> tuple[list[Path], Path]:
    base = base_paragraphs(pages)
    published = ["Resolution 11.10 (Rev.COP13)", "SYNERGIES AND PARTNERSHIPS",
                 HEAD[3][0][1], HEAD[4][0][1], *base]
    base_path = folder / "base.txt"
    base_path.write_text("\n\n".join(published) + "\n", encoding="utf-8")
    drafts_dir = folder / "drafts"
    drafts_dir.mkdir()
    paths = []
    for k in range(drafts):
        paragraphs = HEAD + draft_paragraphs(base, seed=1000 + k)
        path = drafts_dir / f"draft-{k:03d}.{'docx' if kind == 'docx' else 'txt'}"
        path.write_bytes(docx(paragraphs) if kind == "docx" else critic(paragraphs))
        paths.append(path)
    return paths, base_path


def apply_all(paths: list[Path]) -> tuple[float, float]:
    """`resamend apply` on every draft, one after the other, in this process:
    (wall, CPU) seconds."""
    from resamend.consolidate import ConsolidateOptions, finish
    from resamend.readers import ReadOptions, read
    from resamend.structure import select_instrument
    from resamend.writers import write

    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        doc = read(path.read_bytes(), None, ReadOptions(source=str(path))).value
        done = finish(select_instrument(doc).value, ConsolidateOptions()).value
        write(done.document, "text")
    return time.perf_counter() - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_all(folder: Path, jobs: int, base: Path | None, report: Path) -> tuple[float, float, dict]:
    """`resamend check` on the folder as a child process: (wall, CPU of it
    and its workers, summary)."""
    args = [sys.executable, "-m", "resamend", "check", str(folder / "drafts"), "-j", str(jobs),
            "--format", "json", "-o", str(report)]
    if base is not None:
        args += ["--base", str(base)]
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(args, capture_output=True, text=True)
    elapsed, used = time.perf_counter() - start, _children_cpu() - cpu
    if proc.returncode not in (0, 1):
        raise SystemExit(f"resamend check failed ({proc.returncode}): {proc.stderr}")
    return elapsed, used, json.loads(report.read_text(encoding="utf-8"))["summary"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drafts", type=int, default=200)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--kind", choices=["docx", "critic"], default="docx")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        folder = Path(tmp)
        paths, base = generate(folder, args.drafts, args.pages, args.kind)
        size = sum(p.stat().st_size for p in paths)
        print(f"{args.drafts} {args.kind} drafts of {args.pages} pages ({size / 2**20:.1f} MiB), "
              f"{os.cpu_count()} CPUs, -j {args.jobs}")
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        print(f"{'':34} {'wall s':>8} {'CPU s':>8}")
        apply_s, apply_cpu = apply_all(paths)
        print(f"{'apply, sequential, in process':34} {apply_s:8.2f} {apply_cpu:8.2f}")
        check_s, check_cpu, summary = check_all(folder, args.jobs, base, folder / "report.json")
        print(f"{f'check --base, -j {args.jobs} (a process)':34} {check_s:8.2f} {check_cpu:8.2f}   {summary}")
        lint_s, lint_cpu, _ = check_all(folder, args.jobs, None, folder / "report-lint.json")
        print(f"{f'check (lint only), -j {args.jobs}':34} {lint_s:8.2f} {lint_cpu:8.2f}")
        print(f"ratio check --base / apply: wall {check_s / apply_s:.2f}x (target < 1.5x), CPU {check_cpu / apply_cpu:.2f}x")
        print(f"ratio check lint-only / apply: wall {lint_s / apply_s:.2f}x, CPU {lint_cpu / apply_cpu:.2f}x")
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
