"""The ``resamend`` command: a thin click group.

Options → library call → output → exit status.  Commands live in
``resamend.commands.<name>`` and are imported only when run (or when their
help is shown), so that ``resamend --version`` starts fast.

Every failure the user can fix is one line on stderr,
``resamend: error: FILE: what is wrong; what to do``, with exit status 2
and no traceback (``--debug`` shows one).  Output files are written to a
temporary file beside the target and renamed, never over an input.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys

import click

from . import __version__, files
from .commands.options import common_options, verbosity
from .diagnostics import ExitStatus, ResamendError, UsageError

COMMANDS = {
    "apply": "resamend.commands.apply",
    "extract": "resamend.commands.extract",
    "inspect": "resamend.commands.inspect",
    "diff": "resamend.commands.diff",
    "redline": "resamend.commands.redline",
    "check": "resamend.commands.check",
    "compile": "resamend.commands.compile",
    "formats": "resamend.commands.formats",
}


class LazyGroup(click.Group):
    """Imports a command's module only when the command is needed."""

    def list_commands(self, ctx):
        return [name for name, mod in COMMANDS.items() if _module_exists(mod)]

    def get_command(self, ctx, name):
        module = COMMANDS.get(name)
        if module is None or not _module_exists(module):
            return None
        return importlib.import_module(module).command


def _module_exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="resamend", message="%(prog)s %(version)s")
@common_options
def cli() -> None:
    """Read amendment drafts of convention resolutions and render the
    consolidated text, the original text and redlines.

    \b
    Examples:
      resamend apply draft.docx                  consolidated Rev.COPn text
      resamend apply draft.docx --original       the text before the amendments
      resamend diff old.docx new.docx -o redline.docx
      resamend check draft.docx --base resolution.txt

    \b
    Shell completion (bash; zsh and fish likewise):
      eval "$(_RESAMEND_COMPLETE=bash_source resamend)"

    --debug, -q and -v may be given before or after the command.
    """


# --- input ----------------------------------------------------------------

MAX_INPUT_BYTES = files.MAX_INPUT_BYTES


def read_bytes(path: str) -> bytes:
    """The bytes of an input file (``-``: standard input), read with a cap,
    or a one-line error naming it."""
    return files.read_input(path, MAX_INPUT_BYTES)


def load(path: str, fmt: str | None = None, convention: str = "cms"):
    """Read a file into a ``Result[Document]``; errors name the file."""
    from .readers import ReadOptions, read

    data = read_bytes(path)
    try:
        return read(data, fmt, ReadOptions(convention=convention, source=path))
    except ResamendError as exc:
        raise exc.with_path(path)


# --- output ---------------------------------------------------------------


def output_format(to: str | None, output: str | None, default: str = "text") -> str:
    from .writers import WRITERS, format_for_path

    fmt = to or format_for_path(output, default)
    if fmt not in WRITERS and fmt != "terminal":
        raise UsageError(f"unknown output format {fmt!r}", "use one of: " + ", ".join([*WRITERS, "terminal"]))
    return fmt


def emit(data: bytes, output: str | None, inputs: list[str], binary: bool = False) -> None:
    """Write to stdout, or safely to ``output`` (see :mod:`resamend.files`):
    atomically for a file, into a device or FIFO, never over an input."""
    if not output or output == "-":
        if binary and sys.stdout.isatty():
            raise UsageError("will not write a binary DOCX to the terminal", "give -o FILE.docx")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    files.write_output(data, output, inputs, binary=binary)


def print_diagnostics(diagnostics, *, quiet: bool = False, min_severity: str | None = None) -> None:
    """Diagnostics to stderr, one line each: warnings and errors; info too
    with -v; nothing with -q."""
    order = {"info": 0, "warning": 1, "error": 2}
    level = verbosity()
    if quiet or level < 0:
        return
    floor = order[min_severity or ("info" if level > 0 else "warning")]
    from .display import visible

    for d in diagnostics:
        if order[d.severity.value] < floor:
            continue
        where = f"{d.location}: " if d.location else ""
        click.echo(visible(f"resamend: {d.severity.value}: {where}{d.message} [{d.code}]"), err=True)


def warn(message: str, code: str) -> None:
    """A warning from the command line itself (an option without effect …)."""
    if verbosity() >= 0:
        from .display import visible

        click.echo(visible(f"resamend: warning: {message} [{code}]"), err=True)


# --- entry point ------------------------------------------------------------


def error_line(message: str) -> None:
    """``resamend: error: FILE: what; what to do`` on stderr, one line."""
    _error(message)


def _error(message: str) -> None:
    from .display import visible

    click.echo(visible(f"resamend: error: {message}").replace("\n", " "), err=True)


def _usage_message(exc: click.UsageError) -> str:
    """click's message as one clause: "No such option: --colr (did you mean
    --color?); see 'resamend diff --help'"."""
    import re

    message = " ".join(exc.format_message().split())
    message = re.sub(r"\.? \(?Did you mean ([^)]*?)\)?$", r" (did you mean \1)", message)
    command = exc.ctx.command_path if exc.ctx else "resamend"
    return f"{message.rstrip('.')}; see '{command} --help'"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    previous = _terminate_by_exception()
    try:
        status = cli.main(args=args, prog_name="resamend", standalone_mode=False)
    except ResamendError as exc:
        _traceback(debug)
        _error(str(exc))
        status = ExitStatus.TROUBLE
    except click.UsageError as exc:
        _traceback(debug)
        _error(_usage_message(exc))
        status = ExitStatus.TROUBLE
    except click.ClickException as exc:
        _traceback(debug)
        _error(exc.format_message())
        status = ExitStatus.TROUBLE
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("resamend: interrupted", err=True)
        status = ExitStatus.INTERRUPTED
    except files.Terminated as exc:
        click.echo("resamend: terminated by a signal; nothing was written", err=True)
        status = 128 + exc.signum
    except BrokenPipeError:
        _quiet_stdout()
        status = ExitStatus.OK
    except Exception as exc:  # a bug: say so in one line
        _traceback(debug)
        _error(f"internal error ({exc.__class__.__name__}: {exc}); please report it with the output of --debug")
        status = ExitStatus.TROUBLE
    finally:
        _restore_signals(previous)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    sys.exit(int(status or 0))


def _traceback(debug: bool) -> None:
    """--debug: the traceback for a bug report, then the usual one line and exit status 2."""
    if debug:
        import traceback

        traceback.print_exc()


def _raise_terminated(signum, frame) -> None:
    raise files.Terminated(signum)


def _terminate_by_exception() -> dict:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: by an exception, so
    that a temporary output file is removed (a signal the caller ignores,
    as nohup does with SIGHUP, stays ignored)."""
    import signal
    import threading

    previous = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _raise_terminated)
    return previous


def _restore_signals(previous: dict) -> None:
    import signal

    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _quiet_stdout() -> None:
    """After a broken pipe, send what Python still flushes to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
