"""resamend check: the CI verifier (unmarked edits, expected text, lint)."""

from __future__ import annotations

import click

from .options import common_options, convention, file_option, input_format, output_option, treaty, verbosity

FORMATS = ("text", "json", "github", "junit")
#: what a directory given as INPUT contributes (not recursive; use a glob for that)
DRAFT_EXTENSIONS = (".docx", ".txt", ".md", ".html", ".htm", ".critic")
_GLOB_MAGIC = "*?["


@click.command("check")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...", type=click.Path(allow_dash=True))
@file_option("--base", metavar="BASE", help="The published text the drafts amend: each draft's original view must equal it.")
@file_option("--expect", metavar="FINAL", help="The adopted text: each draft's consolidated text must equal it (text, DOCX or a marked draft).")
@click.option("--strict", is_flag=True, help="Warnings count as findings too (errors always do, info never).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Report format (default: text; json for -o *.json, junit for -o *.xml).")
@output_option("Write the report here instead of stdout (atomically for a file; into a device or FIFO).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), metavar="N", help="Check N files at once (default: the number of CPUs).")
@click.option("--annex", type=click.IntRange(1, 99), metavar="N", help="Take the resolution from annex N of each draft (default: found by itself).")
@input_format
@convention
@treaty
@common_options
def command(inputs, base, expect, strict, fmt, output, jobs, annex, from_, convention, treaty):
    """Check marked drafts: no unmarked edits against the published BASE,
    the consolidated text equal to FINAL, and a clean redline (lint).

    INPUT may be files, directories (their .docx, .txt, .md, .html and
    .critic files) and glob patterns (quote them for recursive '**').
    Exit status: 0 clean, 1 findings, 2 trouble (an unreadable draft, bad
    options).

    \b
    Examples:
      resamend check draft.docx --base "Res.11.10 (Rev.COP13).txt"
      resamend check draft.docx --expect "Res.11.10 (Rev.COP14).docx" --strict
      resamend check drafts/ --base base.txt --format junit -o check.xml
      resamend check "CoP20 Doc. 66.1.docx" --expect "Conf. 10.10 (Rev. CoP20).docx" --treaty cites
      resamend check 'drafts/**/*.docx' --base base.txt --format github
    """
    import os
    import sys

    from .. import cli
    from ..check import exit_status, prepare_reference

    verbose = verbosity() > 0  # -v: info findings too
    fmt = fmt or _format_for(output)
    files = expand_inputs(inputs, exclude=[p for p in (base, expect, output) if p and p != "-"])
    references = {}
    for role, path in (("base", base), ("expect", expect)):
        if path:
            references[role] = prepare_reference(cli.load(path, None, convention).value, source=path, treaty=treaty)
    settings = _Settings(references.get("base"), references.get("expect"), from_, convention, annex, treaty)
    stdin = cli.read_bytes("-") if "-" in files else None
    jobs = min(jobs or os.cpu_count() or 1, len(files))
    show_progress = sys.stderr.isatty() and len(files) > 1
    reports = run_checks(files, settings, jobs, stdin, show_progress)
    data = render(reports, fmt, strict=strict, verbose=verbose, base=base, expect=expect, to_file=bool(output and output != "-"))
    if data is not None:
        cli.emit(data, output, [*files, *(p for p in (base, expect) if p)])
    for report in reports:  # trouble is also one line on stderr, wherever the report went
        if report.error is not None:
            cli.error_line(report.error)
    return exit_status(reports, strict)


def _format_for(output: str | None) -> str:
    name = (output or "").lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith(".xml"):
        return "junit"
    return "text"


# --- inputs -------------------------------------------------------------------


def expand_inputs(inputs, exclude=()) -> list[str]:
    """Files to check, in the order given: globs expanded (for shells that
    do not), directories replaced by their draft files (sorted), duplicates
    dropped.  The base and expected files (and the report) are left out of
    what a directory or a glob brings in.  A path that does not exist stays, to be reported
    as trouble for that file."""
    import glob
    import os

    from ..diagnostics import UsageError

    skip = {os.path.realpath(p) for p in exclude}
    out: list[str] = []
    seen: set[str] = set()

    def add(path: str, explicit: bool) -> None:
        key = path if path == "-" else os.path.realpath(path)
        if key in seen or (not explicit and key in skip):
            return
        seen.add(key)
        out.append(path)

    for item in inputs:
        if item == "-" or os.path.isfile(item):
            add(item, True)
        elif os.path.isdir(item):
            found = _drafts_in(item)
            if not found:
                raise UsageError(f"{item}: no drafts in this directory ({', '.join(DRAFT_EXTENSIONS)})",
                                 "give the files, or a glob such as 'drafts/**/*.docx'")
            for path in found:
                add(path, False)
        elif any(ch in item for ch in _GLOB_MAGIC):
            matches = sorted(glob.glob(item, recursive=True))
            files = [m for m in matches if os.path.isfile(m)]
            for d in (m for m in matches if os.path.isdir(m)):
                files.extend(_drafts_in(d))
            if not files:
                raise UsageError(f"no file matches {item!r}", "check the pattern (quote it so the shell does not expand it)")
            for path in files:
                add(path, False)
        else:
            add(item, True)
    if out.count("-") > 1:
        raise UsageError("standard input ('-') can be read only once", "give it once")
    return out


def _drafts_in(directory: str) -> list[str]:
    import os

    names = sorted(os.listdir(directory))
    return [
        os.path.join(directory, n)
        for n in names
        if n.lower().endswith(DRAFT_EXTENSIONS)
        and not n.startswith((".", "~$"))
        and os.path.isfile(os.path.join(directory, n))
    ]


# --- running the checks -----------------------------------------------------------


class _Settings:
    """What every worker needs: the prepared references and the options
    (sent once per worker process, not once per file)."""

    def __init__(self, base, expect, fmt, convention, annex, treaty=None):
        self.treaty = treaty
        self.base = base
        self.expect = expect
        self.fmt = fmt
        self.convention = convention
        self.annex = annex


_WORKER_SETTINGS: _Settings | None = None


def _init_worker(settings: _Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    for name in ("SIGTERM", "SIGHUP"):  # a worker is ended by the default action, not the parent's cleanup
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)


def _check_in_worker(path: str):
    return check_path(path, _WORKER_SETTINGS)


def check_path(path: str, settings: _Settings, data: bytes | None = None):
    """Read and check one draft; trouble becomes a report, never an exception."""
    from .. import check as checks
    from ..diagnostics import ResamendError

    try:
        return _check(path, settings, data)
    except ResamendError as exc:
        return checks.trouble(path, str(exc.with_path(path)), _requested(settings))
    except RecursionError:
        return checks.trouble(path, f"{path}: the document is nested too deeply to check", _requested(settings))
    except Exception as exc:  # a bug: report it for this file, keep checking the others
        return checks.trouble(path, f"{path}: internal error ({exc.__class__.__name__}: {exc}); please report it",
                              _requested(settings))


def _requested(settings: _Settings) -> tuple[str, ...]:
    return tuple(c for c, ref in (("base", settings.base), ("expect", settings.expect), ("lint", True)) if ref)


def _check(path: str, settings: _Settings, data: bytes | None):
    from .. import cli
    from ..check import check, paragraph_lines
    from ..readers import ReadOptions, read
    from ..readers.text import decode

    if data is None:
        data = cli.read_bytes(path)
    result = read(data, settings.fmt, ReadOptions(convention=settings.convention, source=path))
    lines = paragraph_lines(decode(data, path)) if result.value.meta.reader == "text" else ()
    return check(result.value, base=settings.base, expect=settings.expect, diagnostics=result.diagnostics,
                 annex=settings.annex, lines=lines, treaty=settings.treaty)


def run_checks(files: list[str], settings: _Settings, jobs: int, stdin: bytes | None = None,
               show_progress: bool = False) -> list:
    """Reports in input order; files are checked in ``jobs`` processes."""
    from contextlib import nullcontext

    tracker = nullcontext(lambda: None)
    if show_progress:
        from ..check_report import progress

        tracker = progress(len(files))
    with tracker as advance:
        reports: list = [None] * len(files)
        if "-" in files:
            k = files.index("-")
            reports[k] = check_path("-", settings, stdin)
            advance()
        todo = [(k, p) for k, p in enumerate(files) if p != "-"]
        if jobs <= 1 or len(todo) <= 1:
            for k, p in todo:
                reports[k] = check_path(p, settings)
                advance()
            return reports
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from ..check import trouble

        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings,))
        try:
            futures = [(k, p, pool.submit(_check_in_worker, p)) for k, p in todo]
            for k, p, future in futures:
                try:
                    reports[k] = future.result()
                except BrokenProcessPool:
                    reports[k] = trouble(p, f"{p}: the checking process died (out of memory?); "
                                            "check this file alone with -j 1", _requested(settings))
                advance()
        except BaseException:  # Ctrl-C: stop now, do not wait for the files in progress
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers:
                process.terminate()
            raise
        pool.shutdown()
        return reports


# --- output -----------------------------------------------------------------------


def render(reports, fmt: str, *, strict: bool, verbose: bool, base, expect, to_file: bool) -> bytes | None:
    """The report as bytes; None when the human report went to the terminal."""
    from .. import check as checks

    if fmt == "json":
        return checks.to_json(reports, strict=strict, base=base, expect=expect).encode("utf-8")
    if fmt == "github":
        return checks.to_github(reports, strict=strict, verbose=verbose).encode("utf-8")
    if fmt == "junit":
        return checks.to_junit(reports, strict=strict)
    from ..check_report import print_report, report_text

    if to_file:
        return report_text(reports, strict=strict, verbose=verbose).encode("utf-8")
    print_report(reports, strict=strict, verbose=verbose)
    return None
