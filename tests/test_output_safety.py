"""Output files written safely, inputs read with a cap, signals cleaned up.

``-o`` replaces a regular file atomically but writes *into* what must not be
replaced: character devices (``/dev/null``), FIFOs, ``/dev/stdout`` and a
shell's process substitution; it follows symbolic links and keeps them; it
keeps an existing file's mode and owner; it leaves no temporary file on any
error or signal.  Every input (a file, a device, a FIFO, standard input) is
read in chunks with a cap.  The expensive cases run in a real child process
whose wall time and peak RSS are measured (as in test_hostile.py).
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

DRAFT = "Requests the Secretariat {++to continue its work++}{-- and to report--}.\n"
FINAL = "Requests the Secretariat to continue its work.\n"  # written by hand from DRAFT
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
LIMIT_SECONDS = 10
LIMIT_KB = 1024 * 1024  # 1 GiB of peak RSS
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(autouse=True)
def machine_devices_restored():
    """Should a regression replace /dev/null or /dev/stdout with a regular
    file, put the device and the link back (as root) so that the rest of
    the machine keeps working, and let the test fail."""
    yield
    if not IS_ROOT:
        return
    if os.path.exists("/dev/null") and not stat.S_ISCHR(os.lstat("/dev/null").st_mode):
        os.unlink("/dev/null")
        os.mknod("/dev/null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.chmod("/dev/null", 0o666)
    if os.path.lexists("/dev/stdout") and not os.path.islink("/dev/stdout"):
        os.unlink("/dev/stdout")
        os.symlink("/proc/self/fd/1", "/dev/stdout")


def resamend(*args: str, cwd: Path, stdin=None, stdout=subprocess.PIPE, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resamend", *args], cwd=cwd, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                          stdout=stdout, stderr=subprocess.PIPE, env=ENV, timeout=timeout)


def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".tmp") or name.startswith("."))


# --- devices --------------------------------------------------------------------


@pytest.mark.skipif(not IS_ROOT or not hasattr(os, "mknod"), reason="creating a device node needs root")
def test_a_character_device_is_written_into_and_stays_a_device(tmp_path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device, in a directory of our own
    before = os.lstat(device)
    draft(tmp_path)
    proc = resamend("apply", "draft.txt", "-o", "null", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    info = os.lstat(device)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3) and info.st_ino == before.st_ino
    assert stat.S_IMODE(info.st_mode) == stat.S_IMODE(before.st_mode)
    assert sorted(os.listdir(tmp_path)) == ["draft.txt", "null"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_the_real_dev_null_is_still_a_character_device_afterwards(fmt, tmp_path):
    draft(tmp_path)
    before = os.stat("/dev/null")
    args = ["apply", "draft.txt", "-o", "/dev/null"] + (["-t", "docx"] if fmt == "docx" else [])
    proc = resamend(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)
    assert not [n for n in os.listdir("/dev") if n.startswith(".null.")]


# --- FIFOs, /dev/stdout, process substitution -------------------------------------


def test_a_fifo_receives_the_bytes(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    draft(tmp_path)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = resamend("apply", "draft.txt", "-o", "pipe", cwd=tmp_path)
    reader.join(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert received == [FINAL.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["draft.txt", "pipe"]


def test_dev_stdout_writes_into_the_pipe_of_standard_output(tmp_path):
    draft(tmp_path)
    proc = resamend("apply", "draft.txt", "-o", "/dev/stdout", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == FINAL.encode()


def test_dev_stdout_redirected_to_a_file_writes_into_that_same_file(tmp_path):
    draft(tmp_path)
    out = tmp_path / "redirected.txt"
    out.write_text("old content that is longer than the new one, to see truncation\n")
    inode = out.stat().st_ino
    with open(out, "r+b") as fh:  # as a shell's "> redirected.txt" would give it
        fh.truncate(0)
        proc = resamend("apply", "draft.txt", "-o", "/dev/stdout", cwd=tmp_path, stdout=fh)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_ino == inode  # the shell's file, not a new one renamed over it
    assert out.read_bytes() == FINAL.encode()


def test_dev_stdout_appended_to_by_the_shell_keeps_what_was_there(tmp_path):
    draft(tmp_path)
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n")
    with open(log, "ab") as fh:  # as a shell's ">> log.txt" would give it
        proc = resamend("apply", "draft.txt", "-o", "/dev/stdout", cwd=tmp_path, stdout=fh)
    assert proc.returncode == 0, proc.stderr
    assert log.read_bytes() == b"earlier line\n" + FINAL.encode()


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash for >(…)")
def test_a_process_substitution_receives_the_bytes(tmp_path):
    draft(tmp_path)
    script = f'"{sys.executable}" -m resamend apply draft.txt -o >(cat > got.txt); wait $!'
    proc = subprocess.run(["/bin/bash", "-c", script], cwd=tmp_path, capture_output=True, env=ENV, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for _ in range(100):  # the substituted process may finish just after bash
        if (tmp_path / "got.txt").exists() and (tmp_path / "got.txt").stat().st_size:
            break
        time.sleep(0.05)
    assert (tmp_path / "got.txt").read_bytes() == FINAL.encode()


# --- links, modes, owners -----------------------------------------------------------


def test_a_symlinks_target_is_written_and_the_link_kept(tmp_path):
    draft(tmp_path)
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "final.txt"
    target.write_text("the previous consolidated text\n")
    (tmp_path / "link.txt").symlink_to(target)
    proc = resamend("apply", "draft.txt", "-o", "link.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "link.txt").is_symlink() and os.readlink(tmp_path / "link.txt") == str(target)
    assert target.read_bytes() == FINAL.encode()
    assert sorted(os.listdir(tmp_path / "real")) == ["final.txt"]
    assert sorted(os.listdir(tmp_path)) == ["draft.txt", "link.txt", "real"]


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path):
    draft(tmp_path)
    (tmp_path / "link.txt").symlink_to(tmp_path / "new.txt")
    proc = resamend("apply", "draft.txt", "-o", "link.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "new.txt").read_bytes() == FINAL.encode()


def test_a_symlink_to_an_input_is_refused_and_the_input_kept(tmp_path):
    draft(tmp_path)
    (tmp_path / "link.txt").symlink_to(tmp_path / "draft.txt")
    proc = resamend("apply", "draft.txt", "-o", "link.txt", cwd=tmp_path)
    assert proc.returncode == 2 and b"would overwrite an input" in proc.stderr
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == DRAFT


def test_mode_600_survives_the_rewrite(tmp_path):
    draft(tmp_path)
    out = tmp_path / "confidential.txt"
    out.write_text("draft of the secretariat\n")
    out.chmod(0o600)
    proc = resamend("apply", "draft.txt", "-o", "confidential.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes() == FINAL.encode()


def test_a_new_file_gets_the_usual_mode_less_the_umask(tmp_path):
    draft(tmp_path)
    script = f"import os, sys; os.umask(0o027); sys.argv = ['resamend', 'apply', 'draft.txt', '-o', 'new.txt']; from resamend.cli import main; main()"
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, env=ENV, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_an_existing_files_owner_and_group_are_kept(tmp_path):
    draft(tmp_path)
    out = tmp_path / "theirs.txt"
    out.write_text("someone else's file\n")
    os.chown(out, 4321, 4322)
    proc = resamend("apply", "draft.txt", "-o", "theirs.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    info = out.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_a_directory_as_output_is_refused(tmp_path):
    draft(tmp_path)
    (tmp_path / "out").mkdir()
    proc = resamend("apply", "draft.txt", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2 and b"the output is a directory" in proc.stderr


# --- signals mid-write -----------------------------------------------------------------

# The child runs the real command line; the signal is sent to itself while the
# temporary file is open and written (from inside os.fsync), the deterministic
# form of "a signal arrives in the middle of the write".
_SIGNAL_MID_WRITE = """
import os, signal, sys
signum = int(sys.argv[1])
real_fsync = os.fsync
def fsync_then_signal(fd):
    os.kill(os.getpid(), signum)
    return real_fsync(fd)
os.fsync = fsync_then_signal
sys.argv = ['resamend', 'apply', 'draft.txt', '-o', 'out.txt']
from resamend.cli import main
main()
"""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_mid_write_leaves_no_temporary_file_and_exits_128_plus_n(name, tmp_path):
    signum = getattr(signal, name)
    draft(tmp_path)
    (tmp_path / "out.txt").write_text("the previous output\n")
    status, _, err, seconds, peak_kb = run_measured([sys.executable, "-c", _SIGNAL_MID_WRITE, str(int(signum))], tmp_path)
    assert status == 128 + signum, err
    assert "Traceback" not in err
    assert seconds < LIMIT_SECONDS and peak_kb < LIMIT_KB, (seconds, peak_kb)
    assert sorted(os.listdir(tmp_path)) == ["draft.txt", "out.txt"]
    assert (tmp_path / "out.txt").read_text() == "the previous output\n"  # untouched


def test_sigterm_from_outside_while_writing_into_a_fifo_with_no_reader_ends_cleanly(tmp_path):
    """Blocked opening a FIFO nobody reads: SIGTERM ends it with 143, no file left."""
    draft(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    proc = subprocess.Popen([sys.executable, "-m", "resamend", "apply", "draft.txt", "-o", "pipe"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    time.sleep(2)  # let it reach the open (no timing is asserted)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == ["draft.txt", "pipe"]


# --- inputs with a cap: devices, standard input --------------------------------------

_LAUNCHER = (
    "import os, subprocess, sys\n"
    "stdin = open(sys.argv[2], 'rb') if sys.argv[2] != '-' else None\n"
    "proc = subprocess.Popen(sys.argv[3:], stdin=stdin)\n"
    "_, status, usage = os.wait4(proc.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_measured(args: list[str], cwd: Path, stdin: str = "-", timeout: float = 3 * LIMIT_SECONDS):
    """``python -m resamend ARGS`` (or ARGS itself when it starts with the
    interpreter), standard input from the file ``stdin``, with its wall time
    and its own peak RSS (a launcher forks it, so that pytest's memory is
    not counted)."""
    argv = args if args[0] == sys.executable else [sys.executable, "-m", "resamend", *args]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "peak"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), stdin, *argv],
                                cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        seconds = time.monotonic() - start
        peak = int(report.read_text()) if report.exists() and report.read_text().strip() else 0
    return proc.returncode, out, err.decode("utf-8", "replace"), seconds, peak


ENDLESS = [
    pytest.param(["apply", "/dev/zero"], "-", "/dev/zero", id="dev-zero"),
    pytest.param(["apply", "/dev/urandom", "-f", "text"], "-", "/dev/urandom", id="dev-urandom"),
    pytest.param(["apply", "-"], "/dev/zero", "standard input", id="stdin-from-dev-zero"),
    pytest.param(["check", "-"], "/dev/zero", "standard input", id="check-stdin"),
]


@pytest.mark.parametrize("args, stdin, name", ENDLESS)
def test_an_endless_input_is_refused_in_one_line_within_time_and_memory(args, stdin, name, tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    status, out, err, seconds, peak_kb = run_measured(args, tmp_path, stdin)
    assert status == 2, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("resamend: error: ") and "larger than 128 MiB" in lines[0], err
    assert name in lines[0]
    assert b"Traceback" not in out and not (out and args[0] != "check")
    assert seconds < LIMIT_SECONDS, f"{seconds:.1f} s"
    assert peak_kb < LIMIT_KB, f"{peak_kb // 1024} MB"
    assert sorted(os.listdir(tmp_path)) == []


def test_the_cap_applies_to_standard_input_in_process(monkeypatch, capsys):
    import io

    from resamend import cli

    monkeypatch.setattr(cli, "MAX_INPUT_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Requests the Secretariat. " * 100)))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["apply", "-"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err == "resamend: error: -: standard input is larger than 1000 bytes (an endless stream such as /dev/zero?); resamend reads up to 1000 bytes from a stream; save the draft to a file and give that\n"


def test_a_regular_file_may_be_larger_than_the_stream_cap(tmp_path, monkeypatch):
    from resamend import files

    monkeypatch.setattr(files, "MAX_STREAM_BYTES", 100)
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT * 10, encoding="utf-8")
    assert files.read_input(str(path)) == (DRAFT * 10).encode()
    with pytest.raises(files.InputError, match="larger than 100 bytes"):
        files.read_input("/dev/zero")


def test_a_fifo_as_input_is_read_whole(tmp_path):
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(DRAFT, encoding="utf-8"))
    writer.start()
    proc = resamend("apply", "in.txt", cwd=tmp_path)
    writer.join(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == FINAL.encode()
