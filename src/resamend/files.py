"""Reading inputs and writing outputs safely: the edge of the command line
and of the Python API (the core never touches files).

Inputs are read in chunks with a cap, whatever they are: a regular file, a
FIFO, a device such as ``/dev/zero`` or standard input; an endless stream is
refused once it passes the cap, never read until memory runs out.

Outputs are written so that nothing is half-written and nothing is
clobbered:

* a regular file or a new path: a temporary file beside the target, synced
  and renamed over it (atomic); an existing file keeps its mode and, where
  the user may, its owner and group;
* a symbolic link: followed; the file it names is replaced, the link kept;
* ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` (a shell's process
  substitution ``>(…)``): written to the open descriptor itself, so that
  a shell's redirection (``>> log`` appends) is honoured;
* a character device (``/dev/null``, a terminal), a FIFO, or anything else
  under ``/dev`` or ``/proc``: written *into*, never replaced;
* never over one of the inputs, whatever path names it;
* on any error or signal (SIGINT, and SIGTERM/SIGHUP when the command line
  turns them into :class:`Terminated`) the temporary file is removed.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
from typing import BinaryIO, Iterable

from .diagnostics import InputError, OutputError

MAX_INPUT_BYTES = 512 * 1024 * 1024  # a file larger than this is not a draft
#: what is read from a stream whose size is not known before (standard input,
#: a FIFO, a device): lower, so that an endless one (/dev/urandom gives some
#: 70 MB/s on a busy machine) is refused within seconds
MAX_STREAM_BYTES = 128 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
STDIN = "-"
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_WRITTEN_INTO = ("/dev/", "/proc/")


class Terminated(BaseException):
    """A terminating signal (SIGTERM, SIGHUP) raised as an exception, so that
    ``finally`` blocks run; the command line exits with 128 + the signal number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# --- input ----------------------------------------------------------------


def read_input(path: str, limit: int | None = None) -> bytes:
    """The bytes of an input (``-`` is standard input), or a one-line error
    naming it.  At most ``limit`` bytes from a regular file (default
    :data:`MAX_INPUT_BYTES`), and no more than :data:`MAX_STREAM_BYTES`
    from anything else."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    stream_limit = min(limit, MAX_STREAM_BYTES)
    if path == STDIN:
        data = read_capped(sys.stdin.buffer, stream_limit, STDIN)
        if not data.strip():
            raise InputError("standard input is empty", "pipe a draft into resamend, or give a file", path=STDIN)
        return data
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory", "give a file", path=path)
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise InputError(f"file is too large ({info.st_size} bytes)", f"resamend reads files up to {_mib(limit)}", path=path)
        from pathlib import Path

        with Path(path).open("rb") as fh:
            data = read_capped(fh, limit if stat.S_ISREG(info.st_mode) else stream_limit, path)
    except FileNotFoundError:
        raise InputError("no such file", "check the path", path=path) from None
    except PermissionError:
        raise InputError("cannot read the file (permission denied)", "check its permissions", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory", "give a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", "check the path", path=path) from None
    if not data.strip():
        raise InputError("the file is empty", "give a draft with some text", path=path)
    return data


def read_capped(stream: BinaryIO, limit: int, name: str) -> bytes:
    """Everything ``stream`` gives, in chunks, refused past ``limit`` bytes
    (a device such as /dev/zero, or a pipe that never ends)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK_BYTES, limit + 1 - total))
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            chunks.clear()
            what = "standard input" if name == STDIN else "the input"
            raise InputError(
                f"{what} is larger than {_mib(limit)} (an endless stream such as /dev/zero?)",
                f"resamend reads up to {_mib(limit)} from a stream; save the draft to a file and give that",
                path=name,
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _mib(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n} bytes"


# --- output ---------------------------------------------------------------


def write_output(data: bytes, path: str, inputs: Iterable[str] = (), *, binary: bool = False) -> None:
    """Write ``data`` to ``path`` safely (see the module's docstring)."""
    refuse_over_inputs(path, inputs)
    try:
        info = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot reach the output ({exc.strerror or exc})", "check the path and its links", path=path) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError("the output is a directory", "give a file name", path=path)
    fd = own_descriptor(path)
    if fd is not None:
        write_descriptor(data, fd, path, binary=binary)
        return
    if (info is not None and not stat.S_ISREG(info.st_mode)) or _written_into(path):
        write_into(data, path, binary=binary, truncate=info is not None and stat.S_ISREG(info.st_mode))
        return
    replace_atomically(data, os.path.realpath(path), info, shown=path)


def _written_into(path: str) -> bool:
    """/dev/stdout, /dev/fd/N, /proc/self/fd/N …: the file behind them is
    someone else's open file (a shell's redirection), so write into it."""
    return os.path.abspath(path).startswith(_WRITTEN_INTO)


_STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}


def own_descriptor(path: str) -> int | None:
    """The open file descriptor that ``/dev/stdout``, ``/dev/stderr``,
    ``/dev/fd/N`` or ``/proc/self/fd/N`` names, when it is open: written
    directly, so that a shell's ``>> log`` keeps appending and ``> file``
    its offset (reopening the path would start again at the beginning)."""
    import re

    name = os.path.abspath(path)
    fd = _STANDARD.get(name)
    if fd is None:
        m = re.fullmatch(rf"/dev/fd/(\d+)|/proc/(?:self|{os.getpid()})/fd/(\d+)", name)
        fd = int(m.group(1) or m.group(2)) if m else None
    if fd is None:
        return None
    try:
        os.fstat(fd)
    except OSError:
        return None
    return fd


def write_descriptor(data: bytes, fd: int, path: str, *, binary: bool = False) -> None:
    if binary and os.isatty(fd):
        raise OutputError("will not write a binary DOCX to the terminal", "give -o FILE.docx", path=path)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.fileno() == fd:
                stream.flush()  # what Python has buffered for it goes first
        except (OSError, ValueError, AttributeError):
            pass
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BrokenPipeError:
        if fd == 1:  # `-o /dev/stdout | head`: as quiet as standard output itself
            raise
        raise OutputError("cannot write the output (the reader at the other end has gone)", "check the command that reads it", path=path) from None
    except OSError as exc:
        raise OutputError(f"cannot write the output ({exc.strerror or exc})", "check the reader at the other end and the free space", path=path) from None


def refuse_over_inputs(path: str, inputs: Iterable[str]) -> None:
    for item in inputs:
        if item and item != STDIN and same_file(item, path):
            raise OutputError("the output would overwrite an input file", "choose another -o path", path=path)


def same_file(a: str, b: str) -> bool:
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def write_into(data: bytes, path: str, *, binary: bool = False, truncate: bool = False) -> None:
    """Write into an open-able file that must not be replaced (a device, a
    FIFO, a shell's redirection)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) | (os.O_TRUNC if truncate else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise OutputError(f"cannot open the output for writing ({exc.strerror or exc})", "check the path and its permissions", path=path) from None
    try:
        write_descriptor(data, fd, path, binary=binary)
    finally:
        os.close(fd)


def replace_atomically(data: bytes, target: str, info: os.stat_result | None, *, shown: str) -> None:
    """A temporary file beside ``target``, synced, given ``target``'s mode
    and owner, renamed over it; removed on any error or signal."""
    directory = os.path.dirname(target) or "."
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise OutputError(f"{directory} is a file, not a directory", "choose another -o path", path=shown)
    if not os.path.isdir(directory):
        raise OutputError("the output directory does not exist", f"create {directory} first", path=shown)
    import tempfile

    # No signal between creating the temporary file and entering the block that removes it.
    mask = _block_signals()
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    except OSError as exc:
        _restore_mask(mask)
        raise OutputError(f"cannot write there ({exc.strerror})", "check the directory's permissions", path=shown) from None
    try:
        _restore_mask(mask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            _take_over_mode(fh.fileno(), info)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the output ({exc.strerror or exc})", "check the free space and permissions there; nothing was written", path=shown) from None
        raise


def _block_signals():
    if hasattr(signal, "pthread_sigmask"):
        return signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    return None


def _restore_mask(mask) -> None:
    """Signals that arrived while blocked are delivered now, inside the block that cleans up."""
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _take_over_mode(fd: int, info: os.stat_result | None) -> None:
    """An existing file's permissions (a confidential draft stays 600) and,
    where allowed, owner and group; a new file gets 666 less the umask."""
    if info is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except OSError:
            try:
                os.fchown(fd, -1, info.st_gid)  # the group, at least, when we belong to it
            except OSError:
                pass
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
