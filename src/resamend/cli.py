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
import tempfile
from pathlib import Path

import click

from . import __version__
from .diagnostics import ExitStatus, InputError, OutputError, ResamendError, UsageError

COMMANDS = {
    "apply": "resamend.commands.apply",
    "extract": "resamend.commands.extract",
    "inspect": "resamend.commands.inspect",
    "diff": "resamend.commands.diff",
    "redline": "resamend.commands.redline",
    "check": "resamend.commands.check",
    "compile": "resamend.commands.compile",
    "serve": "resamend.commands.serve",
}

MAX_INPUT_BYTES = 512 * 1024 * 1024  # a file larger than this is not a draft


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
@click.option("--debug", is_flag=True, help="Show a traceback on errors (for bug reports).")
def cli(debug: bool) -> None:
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
    """


# --- input ----------------------------------------------------------------


def read_bytes(path: str) -> bytes:
    """The bytes of an input file, or a one-line error naming it."""
    if path == "-":
        data = sys.stdin.buffer.read()
        if not data.strip():
            raise InputError("standard input is empty", "pipe a draft into resamend, or give a file", path="-")
        return data
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory", "give a file", path=path)
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"file is too large ({size} bytes)", f"resamend reads files up to {MAX_INPUT_BYTES // 2**20} MiB", path=path)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", "check the path", path=path) from None
    except PermissionError:
        raise InputError("cannot read the file (permission denied)", "check its permissions", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory", "give a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", "check the path", path=path) from None
    if not data.strip():
        raise InputError("the file is empty", "give a draft with some text", path=path)
    return data


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
    """Write to stdout, or atomically to ``output`` (never over an input)."""
    if not output or output == "-":
        if binary and sys.stdout.isatty():
            raise UsageError("will not write a binary DOCX to the terminal", "give -o FILE.docx")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    for item in inputs:
        if item != "-" and _same_file(Path(item), target):
            raise OutputError("the output would overwrite an input file", "choose another -o path", path=output)
    directory = target.parent if str(target.parent) else Path(".")
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory} is a file, not a directory", "choose another -o path", path=output)
    if not directory.is_dir():
        raise OutputError("the output directory does not exist", f"create {directory} first", path=output)
    if target.is_dir():
        raise OutputError("the output is a directory", "give a file name", path=output)
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write there ({exc.strerror})", "check the directory's permissions", path=output) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the output ({exc.strerror or exc})", "check the free space and permissions there; nothing was written", path=output) from None
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def print_diagnostics(diagnostics, *, quiet: bool = False, min_severity: str = "warning") -> None:
    """Diagnostics to stderr, one line each (info only when asked)."""
    order = {"info": 0, "warning": 1, "error": 2}
    for d in diagnostics:
        if quiet or order[d.severity.value] < order[min_severity]:
            continue
        from .display import visible

        where = f"{d.location}: " if d.location else ""
        click.echo(visible(f"resamend: {d.severity.value}: {where}{d.message} [{d.code}]"), err=True)


# --- entry point ------------------------------------------------------------


def _error(message: str) -> None:
    from .display import visible

    click.echo(visible(f"resamend: error: {message}"), err=True)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    try:
        status = cli.main(args=args, prog_name="resamend", standalone_mode=False)
    except ResamendError as exc:
        if debug:
            raise
        _error(str(exc))
        status = ExitStatus.TROUBLE
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "resamend"
        _error(f"{exc.format_message().rstrip('.')}; see '{command} --help'")
        status = ExitStatus.TROUBLE
    except click.ClickException as exc:
        _error(exc.format_message())
        status = ExitStatus.TROUBLE
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("resamend: interrupted", err=True)
        status = ExitStatus.INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        status = ExitStatus.OK
    except Exception as exc:  # a bug: say so in one line
        if debug:
            raise
        _error(f"internal error ({exc.__class__.__name__}: {exc}); please report it with the output of --debug")
        status = ExitStatus.TROUBLE
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    sys.exit(int(status or 0))


def _quiet_stdout() -> None:
    """After a broken pipe, send what Python still flushes to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
