"""resamend check: the CI verifier (unmarked edits, expected text, lint)."""

from __future__ import annotations

import click

from .options import common_options, convention, file_option, input_format, output_option, treaty, verbosity

FORMATS = ("text", "json", "github", "junit")  # resamend.reports.REPORTS, named here so that --help stays fast
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

    from ..reports import format_for_path

    verbose = verbosity() > 0  # -v: info findings too
    fmt = fmt or format_for_path(output)
    files = expand_inputs(inputs, exclude=[p for p in (base, expect, output) if p and p != "-"], warn=_warn)
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


def _warn(message: str) -> None:
    from .. import cli

    cli.warn(message, "link-not-followed")  # not with -q


# --- inputs -------------------------------------------------------------------


def expand_inputs(inputs, exclude=(), warn=None) -> list[str]:
    """Files to check, in the order given: globs expanded (for shells that
    do not; see :func:`glob_drafts`), directories replaced by their draft
    files (sorted), duplicates dropped.  The base and expected files (and
    the report) are left out of what a directory or a glob brings in.  A
    path that does not exist stays, to be reported as trouble for that
    file.  ``warn`` is told of each symbolic link a glob did not follow."""
    import os

    from ..diagnostics import UsageError, shown_path

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
                raise UsageError(f"{shown_path(item)}: no drafts in this directory ({', '.join(DRAFT_EXTENSIONS)})",
                                 "give the files, or a glob such as 'drafts/**/*.docx'")
            for path in found:
                add(path, False)
        elif _is_magic(item):
            matches = glob_drafts(item, warn or (lambda _message: None))
            files = [m for m in matches if os.path.isfile(m)]
            for d in (m for m in matches if os.path.isdir(m)):
                files.extend(_drafts_in(d))
            if not files:
                raise UsageError(f"no file matches '{shown_path(item)}'", "check the pattern (quote it so the shell does not expand it)")
            for path in files:
                add(path, False)
        else:
            add(item, True)
    if out.count("-") > 1:
        raise UsageError("standard input ('-') can be read only once", "give it once")
    return out


def glob_drafts(pattern: str, warn) -> list[str]:
    """What a glob matches (sorted), as ``glob.glob(pattern, recursive=True)``
    would, except that symbolic links are not followed into or out of the
    tree: a link to a directory met by a wildcard or ``**`` is not entered
    (no loop, no walk of the whole disk), and a matched link that leads out
    of the pattern's fixed start directory is left out.  Each link left is
    named through ``warn``."""
    return _Glob(pattern, warn).matches()


class _Glob:
    """One glob pattern, walked without following symbolic links (see
    :func:`glob_drafts`).  Hidden names match only a part that starts with
    a dot, as for ``glob``."""

    LINKED_DIRECTORY = "a symbolic link to a directory, not followed by the glob"

    def __init__(self, pattern: str, warn) -> None:
        import os

        parts = pattern.replace(os.sep, "/").split("/")
        fixed = 0
        while fixed < len(parts) - 1 and not _is_magic(parts[fixed]):
            fixed += 1
        self.start = "/".join(parts[:fixed]) or ("/" if pattern.startswith("/") else "")
        self.rest = [p for p in parts[fixed:] if p]
        self.inside = os.path.realpath(self.start or ".")
        self.warn = warn
        self.warned: set[str] = set()

    def matches(self) -> list[str]:
        import os

        if not self.rest:
            return [self.start] if os.path.lexists(self.start) else []
        return sorted({path for path in self.walk(self.start, self.rest) if self.within(path)})

    def walk(self, directory: str, rest: list[str]):
        if rest[0] == "**":
            yield from self.any_depth(directory, rest)
        elif _is_magic(rest[0]):
            yield from self.wildcard(directory, rest)
        else:
            yield from self.literal(directory, rest)

    def any_depth(self, directory: str, rest: list[str], top: bool = True):
        """``**``: this directory and every one below it, links not entered."""
        tail = rest[1:]
        if tail:
            yield from self.walk(directory, tail)
        elif top and directory:
            yield _join(directory, "")  # "drafts/", as glob gives it
        for entry in self.entries(directory, hidden=False):
            path = _join(directory, entry.name)
            if _linked_directory(entry):
                self.skip(path, self.LINKED_DIRECTORY)
                continue
            if not tail:
                yield path
            if entry.is_dir(follow_symlinks=False):
                yield from self.any_depth(path, rest, top=False)

    def wildcard(self, directory: str, rest: list[str]):
        import fnmatch

        head, tail = rest[0], rest[1:]
        for entry in self.entries(directory, hidden=head.startswith(".")):
            if not fnmatch.fnmatch(entry.name, head):
                continue
            path = _join(directory, entry.name)
            if not tail:
                yield path
            elif _linked_directory(entry):
                self.skip(path, self.LINKED_DIRECTORY)
            elif entry.is_dir(follow_symlinks=False):
                yield from self.walk(path, tail)

    def literal(self, directory: str, rest: list[str]):
        import os

        path = _join(directory, rest[0])
        if len(rest) == 1:
            if os.path.lexists(path):
                yield path
        elif os.path.islink(path) and os.path.isdir(path):
            self.skip(path, self.LINKED_DIRECTORY)
        elif os.path.isdir(path):
            yield from self.walk(path, rest[1:])

    @staticmethod
    def entries(directory: str, hidden: bool) -> list:
        import os

        try:
            with os.scandir(directory or ".") as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError:  # unreadable: matches nothing, as for glob
            return []
        return [e for e in found if hidden or not e.name.startswith(".")]

    def within(self, path: str) -> bool:
        """A matched link must lead inside the fixed start directory."""
        import os

        if not os.path.islink(path):
            return True
        if os.path.commonpath([self.inside, os.path.realpath(path)]) == self.inside:
            return True
        self.skip(path, f"a symbolic link out of '{_shown(self.start or '.')}', not followed by the glob")
        return False

    def skip(self, path: str, why: str) -> None:
        if path not in self.warned:
            self.warned.add(path)
            self.warn(f"{_shown(path)}: {why}; give it by name to check it")


def _is_magic(part: str) -> bool:
    return any(ch in part for ch in _GLOB_MAGIC)


def _join(directory: str, name: str) -> str:
    return name if not directory else directory.rstrip("/") + "/" + name


def _linked_directory(entry) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _shown(path: str) -> str:
    from ..diagnostics import shown_path

    return shown_path(path)


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
    from ..diagnostics import InputError, ResamendError

    try:
        return _check(path, settings, data)
    except ResamendError as exc:
        return checks.trouble(path, str(exc.with_path(path)), _requested(settings))
    except RecursionError:
        error = InputError("the document is nested too deeply to check", "simplify its nesting", path=path)
        return checks.trouble(path, str(error), _requested(settings))
    except Exception as exc:  # a bug: report it for this file, keep checking the others
        error = InputError(f"internal error ({exc.__class__.__name__}: {exc})", "please report it", path=path)
        return checks.trouble(path, str(error), _requested(settings))


def _requested(settings: _Settings) -> tuple[str, ...]:
    return tuple(c for c, ref in (("base", settings.base), ("expect", settings.expect), ("lint", True)) if ref)


def _check(path: str, settings: _Settings, data: bytes | None):
    from .. import cli
    from ..check import check
    from ..readers import ReadOptions, read

    if data is None:
        data = cli.read_bytes(path)
    result = read(data, settings.fmt, ReadOptions(convention=settings.convention, source=path))
    lines = block_lines(result.value, data, path)
    return check(result.value, base=settings.base, expect=settings.expect, diagnostics=result.diagnostics,
                 annex=settings.annex, lines=lines, treaty=settings.treaty)


def block_lines(doc, data: bytes, path: str) -> tuple[int | None, ...]:
    """The 1-based line of each block as read, for the inputs that have
    lines: a text draft's paragraphs (split as the text reader splits them),
    an HTML page's blocks (the HTML reader's locator is "line N")."""
    import re

    from ..check import paragraph_lines
    from ..readers.text import decode, paragraph_reading, wrapped_lines

    if doc.meta.reader == "text":
        text = decode(data, path)
        lined = paragraph_reading(text) == "lines"
        return paragraph_lines(text, wrapped_lines(text.replace("\r\n", "\n").strip("\n")) if lined else None)
    if doc.meta.reader == "html":
        found = (re.fullmatch(r"line (\d+)", b.origin or "") for b in doc.blocks)
        return tuple(int(m.group(1)) if m else None for m in found)
    return ()


def run_checks(files: list[str], settings: _Settings, jobs: int, stdin: bytes | None = None,
               show_progress: bool = False) -> list:
    """Reports in input order; files are checked in ``jobs`` processes."""
    from contextlib import nullcontext

    tracker = nullcontext(lambda: None)
    if show_progress:
        from ..reports.text import progress

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
        from ..diagnostics import InputError

        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings,))
        try:
            futures = [(k, p, pool.submit(_check_in_worker, p)) for k, p in todo]
            for k, p, future in futures:
                try:
                    reports[k] = future.result()
                except BrokenProcessPool:
                    died = InputError("the checking process died (out of memory?)", "check this file alone with -j 1", path=p)
                    reports[k] = trouble(p, str(died), _requested(settings))
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
    """The report as bytes (a format of :mod:`resamend.reports`); None when
    the human report went to the terminal."""
    from .. import reports as formats

    options = formats.ReportOptions(strict=strict, verbose=verbose, base=base, expect=expect)
    if fmt == "text" and not to_file:
        from ..reports.text import print_report

        print_report(reports, options)
        return None
    return formats.render(fmt, reports, options)
