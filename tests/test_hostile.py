"""Hostile and broken input: refuse cleanly, lose nothing, leak nothing.

Every bad input must end the same way, whatever the command: exit status 2,
one line ``resamend: error: FILE: what; hint`` on stderr, no traceback, no
"internal error", nothing on stdout that came from outside the file, no
output file and no temporary file left behind, in under 10 s and 1 GB.

Three layers of checks, cheapest first:

* the reader (``resamend.readers.read``) raises the right ResamendError;
* every hostile input through every command, in process
  (``resamend.cli.main``), for the message shape and the directory listing;
* one real ``python -m resamend`` child per hostile input (the command
  rotates through all of them), with wall time and peak RSS measured by
  ``os.wait4``; the full input × command matrix of children runs when
  ``RESAMEND_HOSTILE_MATRIX=1`` (about 3 minutes).

``check`` reports an unreadable draft in its report (it goes on with the
other files) and also as one ``resamend: error:`` line on stderr; for it the
file name, the problem and exit status 2 are checked in its output too.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile_factory import (
    READ_PARTS,
    XML_ATTACKS,
    compendium_docx,
    compression_method,
    duplicate_member,
    drop_member,
    encrypted_flag,
    legacy_doc,
    many_members,
    members,
    password_protected_docx,
    patch_central,
    replace_member,
    rezip,
    small_docx,
    truncated,
    utf16_without_bom,
    with_xml_attack,
    write_zip_bomb,
    xml_attack,
)
from docx_factory import make_docx, p, r
from resamend.cli import COMMANDS as REGISTERED
from resamend.diagnostics import HostileInput, InputError, UnsupportedFormat
from resamend.readers import ReadOptions, read
from resamend.formats.docx_package import MAX_COMPRESSION_RATIO, MAX_MEMBERS, MAX_PART_BYTES

COMMANDS = [c for c in ("apply", "extract", "inspect", "diff", "redline", "check") if c in REGISTERED and importlib.util.find_spec(REGISTERED[c])]
LIMIT_SECONDS = 10
LIMIT_KB = 1024 * 1024  # 1 GB of peak RSS
ERROR_LINE = re.compile(r"^resamend: error: .+: .+")
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
CANARY = "CANARY-5e1f-only-in-a-file-outside-the-draft"
GOOD_TEXT = "Requests the Secretariat {++to continue its work++}.\n"


# --- running the command line ------------------------------------------------


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_kb: int = 0  # 0 when run in process

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")


# A forked child's peak RSS counts the resident pages of the process it was
# forked from (Linux keeps the pre-exec high-water mark), so a child forked
# from pytest would be charged for pytest's memory.  A small launcher forks
# the real child instead and reports that child's own peak.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "proc = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(proc.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_child(args: list[str], cwd: Path, *, timeout: float = 3 * LIMIT_SECONDS) -> Run:
    """``python -m resamend ARGS`` with its own wall time and peak RSS
    (measured by a launcher process, see ``_LAUNCHER``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "peak"
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(report), sys.executable, "-m", "resamend", *args],
            cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=ENV, start_new_session=True,
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        peak = int(report.read_text()) if report.exists() and report.read_text().strip() else 0
        return Run(args, proc.returncode, out.read(), err.read(), seconds, peak)


def run_in_process(args: list[str], cwd: Path, capsys, monkeypatch) -> Run:
    """``resamend.cli.main(ARGS)`` in this process: the same code path as
    the command, a hundred times cheaper than a child."""
    from resamend import cli

    monkeypatch.chdir(cwd)
    capsys.readouterr()
    start = time.monotonic()
    with pytest.raises(SystemExit) as exit_:
        cli.main(list(args))
    seconds = time.monotonic() - start
    captured = capsys.readouterr()
    return Run(args, int(exit_.value.code or 0), captured.out.encode(), captured.err.encode(), seconds)


def command_line(command: str, name: str) -> list[str]:
    """How ``command`` is asked to read the input ``name`` and write an
    output file (so that a partial output would show in the listing)."""
    return {
        "apply": ["apply", name, "-o", "out.txt"],
        "extract": ["extract", name, "-o", "out.json"],
        "inspect": ["inspect", name, "--json"],
        "diff": ["diff", "good.txt", name, "-t", "md", "-o", "out.md"],
        "redline": ["redline", name, "-t", "md", "-o", "out.md"],
        "check": ["check", name, "--format", "text"],
    }[command]


def assert_refused(run: Run, command: str, name: str, says: tuple[str, ...] = (), secrets: tuple[str, ...] = ()) -> None:
    """The shape every refusal must have (see the module docstring)."""
    err, out = run.err, run.out
    assert run.returncode == 2, f"exit {run.returncode} for {run.args}\nstdout: {out[:500]}\nstderr: {err[:500]}"
    assert "Traceback" not in err and "Traceback" not in out, err
    assert "internal error" not in err and "internal error" not in out, err
    for secret in secrets:
        assert secret not in out and secret not in err, f"{secret!r} leaked"
    if command == "check":  # trouble is part of the report, and one error line on stderr
        assert name in out, (out, err)
        lines = err.splitlines()
        assert len(lines) == 1 and ERROR_LINE.match(lines[0]) and name in lines[0], err
        message = " ".join(out.split())
    else:
        lines = err.splitlines()
        assert len(lines) == 1 and ERROR_LINE.match(lines[0]), err
        assert name in lines[0], lines[0]
        assert not out, out[:300]
        message = lines[0]
    for fragment in says:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert run.seconds < LIMIT_SECONDS, f"{run.args} took {run.seconds:.1f} s"
    assert run.peak_kb < LIMIT_KB, f"{run.args} peaked at {run.peak_kb // 1024} MB"


# --- the hostile inputs ---------------------------------------------------------


@pytest.fixture(scope="session")
def canary(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(CANARY + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> Path:
    """A 1 MB DOCX whose document.xml inflates to 1 GiB of zeros (built
    once, streaming: the inflated data never exists)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    write_zip_bomb(path, 1024**3)
    return path


def _hostname() -> str:
    try:
        return Path("/etc/hostname").read_text().strip()
    except OSError:
        return ""


def _secrets() -> tuple[str, ...]:
    """Text from outside the draft that must never appear (the host name
    only when long enough not to occur by chance)."""
    host = _hostname()
    return (CANARY,) + ((host,) if len(host) >= 6 else ())


XML_CASES = [(part, kind) for part in READ_PARTS for kind in XML_ATTACKS]
XML_IDS = {f"xml-{kind}-in-{part}": (part, kind) for part, kind in XML_CASES}

#: id -> (file name, fragments the message must contain); the bytes come from ``hostile_bytes``
HOSTILE = {
    **{case: ("draft.docx", ("DOCTYPE", f"part {part}")) for case, (part, _kind) in XML_IDS.items()},
    "xml-external-entity-etc-hostname": ("draft.docx", ("DOCTYPE",)),
    "zip-too-many-members": ("draft.docx", ("members", f"limit {MAX_MEMBERS}")),
    "zip-declared-huge-part": ("draft.docx", ("word/document.xml", "declares", f"limit {MAX_PART_BYTES}")),
    "zip-bomb-1mb-to-1gb": ("bomb.docx", ("word/document.xml", "ZIP bomb")),
    "zip-bomb-with-lying-directory": ("bomb.docx", ("word/document.xml",)),
    "zip-size-lies-smaller": ("draft.docx", ("word/document.xml", "cannot be unpacked")),
    "zip-compression-ratio": ("ratio.docx", ("word/document.xml", f"limit {MAX_COMPRESSION_RATIO}:1")),
    "zip-missing-document-xml": ("draft.docx", ("word/document.xml is missing",)),
    "zip-aes-compression-method": ("draft.docx", ("word/document.xml", "cannot be unpacked")),
    "zip-lzma-compression-method": ("draft.docx", ("word/document.xml", "cannot be unpacked")),
    "zip-truncated": ("draft.docx", ("not a readable DOCX",)),
    "zip-random-bytes": ("draft.docx", ("not a DOCX file",)),
    "zip-encrypted-entry": ("draft.docx", ("encrypted", "remove the password")),
    "ole2-legacy-doc": ("old.doc", (".doc", "save it", ".docx")),
    "ole2-password-protected-docx": ("locked.docx", ("password", ".docx")),
    "xml-not-well-formed": ("draft.docx", ("word/document.xml", "not well-formed")),
    "xml-nested-too-deeply": ("draft.docx", ("word/document.xml",)),
    "text-latin1": ("draft.txt", ("byte offset 10",)),
    "text-invalid-utf16": ("draft.txt", ("UTF-16",)),
    "text-unbalanced-critic": ("draft.txt", ("line 3, column 10", "{++ is never closed")),
    "text-stray-closer": ("draft.txt", ("line 1, column 9", "never opened")),
    "json-nested-too-deeply": ("draft.json", ("nested too deeply",)),
    "html-nested-too-deeply": ("page.html", ("nested more than",)),
    "json-truncated": ("draft.json", ("invalid JSON",)),
    "file-empty": ("draft.txt", ("empty",)),
    "file-only-whitespace": ("draft.txt", ("empty",)),
}


def _xml_case(part: str, kind: str, url: str) -> bytes:
    return with_xml_attack(small_docx(), part, kind, url)


def _ratio_bomb() -> bytes:
    """An honest directory, but a part of 40 MiB of spaces compressed ~1000:1
    (past the 32 MiB below which any ratio passes)."""
    parts = members(small_docx())
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:body>", b"<!--" + b" " * (40 * 2**20) + b"--></w:body>")
    return rezip(parts)


def hostile_bytes(case: str, canary: Path, bomb: Path) -> bytes:
    url = canary.as_uri()
    if case in XML_IDS:
        part, kind = XML_IDS[case]
        return _xml_case(part, kind, url)
    base = small_docx()
    document = members(base)["word/document.xml"]
    return {
        "xml-external-entity-etc-hostname": lambda: _xml_case("word/document.xml", "external-entity", "file:///etc/hostname"),
        "zip-too-many-members": lambda: many_members(MAX_MEMBERS + 1),
        "zip-declared-huge-part": lambda: patch_central(base, "word/document.xml", file_size=2**31),
        "zip-bomb-1mb-to-1gb": lambda: bomb.read_bytes(),
        "zip-bomb-with-lying-directory": lambda: patch_central(bomb.read_bytes(), "word/document.xml", file_size=2**20),
        "zip-size-lies-smaller": lambda: patch_central(base, "word/document.xml", file_size=len(document) // 2),
        "zip-compression-ratio": _ratio_bomb,
        "zip-missing-document-xml": lambda: drop_member(base, "word/document.xml"),
        "zip-aes-compression-method": lambda: compression_method(base, "word/document.xml", 99),
        "zip-lzma-compression-method": lambda: compression_method(base, "word/document.xml", 14),
        "zip-truncated": lambda: truncated(base),
        "zip-random-bytes": lambda: bytes((i * 7919 + 13) % 251 for i in range(4096)),
        "zip-encrypted-entry": lambda: encrypted_flag(base),
        "ole2-legacy-doc": legacy_doc,
        "ole2-password-protected-docx": password_protected_docx,
        "xml-not-well-formed": lambda: replace_member(base, "word/document.xml", document.replace(b"</w:body>", b"</w:bod>")),
        "xml-nested-too-deeply": lambda: make_docx("<w:customXml>" * 300 + p(r("deep")) + "</w:customXml>" * 300),
        "text-latin1": lambda: b"Recalling \xe9t\xe9 {++new++}\n",
        # (an odd byte at the end: a lone surrogate is read, as U+FFFD with a warning, see test_hostile_text.py)
        "text-invalid-utf16": lambda: b"\xff\xfe" + "Recalling".encode("utf-16-le") + b"\x00",
        "text-unbalanced-critic": lambda: b"Recalling\n\nRequests {++the Secretariat\n",
        "text-stray-closer": lambda: b"Requests++} the Secretariat\n",
        "json-nested-too-deeply": lambda: b"[" * 100_000 + b"]" * 100_000,
        "html-nested-too-deeply": lambda: b"<p>" + b"<b><i>" * 50_000 + b"x",
        "json-truncated": lambda: b'{"format": "resamend.document/1", "blocks": [',
        "file-empty": lambda: b"",
        "file-only-whitespace": lambda: b" \n\t\r\n",
    }[case]()


@pytest.fixture(scope="session")
def hostile(canary, zip_bomb):
    cache: dict[str, bytes] = {}

    def get(case: str) -> bytes:
        if case not in cache:
            cache[case] = hostile_bytes(case, canary, zip_bomb)
        return cache[case]

    return get


def _workdir(tmp_path: Path, name: str, data: bytes) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (work / name).write_bytes(data)
    return work


# --- the reader refuses ------------------------------------------------------------


@pytest.mark.parametrize("part, kind", XML_CASES, ids=[f"{k}-in-{p}" for p, k in XML_CASES])
def test_a_part_declaring_a_dtd_or_entities_is_refused_before_anything_is_expanded(part, kind, canary):
    data = with_xml_attack(small_docx(), part, kind, canary.as_uri())
    with pytest.raises(HostileInput) as exc:
        read(data, None, ReadOptions(source="draft.docx"))
    assert f"part {part}" in str(exc.value) and CANARY not in str(exc.value)


def test_a_dtd_in_the_content_types_part_is_refused(canary):
    data = with_xml_attack(small_docx(), "[Content_Types].xml", "external-entity", canary.as_uri())
    with pytest.raises(HostileInput):
        read(data, None, ReadOptions(source="draft.docx"))


@pytest.mark.parametrize("kind", XML_ATTACKS)
@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_a_dtd_in_a_utf16_part_without_byte_order_mark_is_refused_too(part, kind, canary):
    """libxml2 detects UTF-16 from ``<\\0?\\0``: a check of the raw bytes
    for ``<!DOCTYPE`` alone would miss it (and the unexpanded entity
    reference would swallow the text after it)."""
    parts = members(small_docx())
    parts[part] = utf16_without_bom(xml_attack(parts[part], kind, READ_PARTS[part], canary.as_uri()))
    with pytest.raises(InputError) as exc:
        read(rezip(parts), None, ReadOptions(source="draft.docx"))
    assert part in str(exc.value) and CANARY not in str(exc.value)


def test_an_external_relationship_to_a_local_file_is_never_followed(canary):
    """A styles relationship with TargetMode="External" pointing at a local
    file must be ignored, not read."""
    rel = (
        '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        f'Target="{canary.as_uri()}" TargetMode="External"/>'
    )
    data = make_docx(p(r("Requests the Secretariat")), document_rels=rel)
    result = read(data, None, ReadOptions(source="draft.docx"))
    assert [b.text for b in result.value.blocks] == ["Requests the Secretariat"]
    assert CANARY not in repr(result)


def test_a_relationship_escaping_the_package_reads_nothing_outside_it():
    rel = (
        '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="../../../../../../etc/hostname"/>'
    )
    data = make_docx(p(r("Requests the Secretariat")), document_rels=rel)
    result = read(data, None, ReadOptions(source="draft.docx"))
    assert [b.text for b in result.value.blocks] == ["Requests the Secretariat"]


SAMPLE_WITH_HEADER = Path(__file__).resolve().parents[1] / "samples" / "cms-cop14-doc18.1-synergies.docx"
UNREAD_PARTS = {"word/header1.xml": "w:hdr", "word/fontTable.xml": "w:fonts", "word/theme/theme1.xml": "a:theme"}


def _template_attack(part: str, root: str, url: str) -> bytes:
    parts = members(SAMPLE_WITH_HEADER.read_bytes())
    parts[part] = xml_attack(parts[part], "external-entity", root, url)
    return rezip(parts)


@pytest.mark.parametrize("part", list(UNREAD_PARTS))
@pytest.mark.parametrize("command", [c for c in ("apply", "redline") if c in COMMANDS])
def test_a_dtd_in_a_part_only_copied_to_a_docx_output_never_reaches_the_output(part, command, canary, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "draft.docx", _template_attack(part, UNREAD_PARTS[part], canary.as_uri()))
    args = ["apply", "draft.docx", "-o", "out.docx"] if command == "apply" else ["redline", "draft.docx", "--track-changes", "-o", "out.docx"]
    run = run_in_process(args, work, capsys, monkeypatch)
    if run.returncode == 2:
        assert_refused(run, command, "draft.docx", ("DOCTYPE",))
        assert not (work / "out.docx").exists()
    else:
        assert run.returncode == 0, run.err
        written = members((work / "out.docx").read_bytes())
        assert not [name for name, data in written.items() if b"<!DOCTYPE" in data]


def test_a_dtd_in_a_template_part_is_refused_naming_the_file(canary, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "draft.docx", _template_attack("word/settings.xml", "w:settings", canary.as_uri()))
    run = run_in_process(["apply", "draft.docx", "-o", "out.docx"], work, capsys, monkeypatch)
    assert_refused(run, "apply", "draft.docx", ("word/settings.xml",))
    assert sorted(os.listdir(work)) == ["draft.docx", "good.txt"]


def test_a_zip_bomb_with_an_honest_directory_is_refused_within_a_second_without_inflating_it(zip_bomb):
    data = zip_bomb.read_bytes()
    assert len(data) < 2 * 1024 * 1024
    start = time.process_time()
    with pytest.raises(HostileInput) as exc:
        read(data, None, ReadOptions(source="bomb.docx"))
    assert time.process_time() - start < 1.0  # inflating 1 GiB takes several CPU seconds
    assert "ZIP bomb" in exc.value.hint


def test_a_zip_bomb_whose_directory_lies_about_its_size_stops_at_the_declared_size(zip_bomb):
    lying = patch_central(zip_bomb.read_bytes(), "word/document.xml", file_size=2**20)
    start = time.process_time()
    with pytest.raises(InputError):
        read(lying, None, ReadOptions(source="bomb.docx"))
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("declared", [150 * 2**20, 255 * 2**20])
def test_a_zip_bomb_declaring_a_plausible_size_is_refused_before_it_is_inflated(zip_bomb, tmp_path, declared):
    """A directory may declare any size under the limits; the ratio of
    bytes out to bytes consumed must stop the inflation early all the same."""
    lying = patch_central(zip_bomb.read_bytes(), "word/document.xml", file_size=declared)
    (tmp_path / "bomb.docx").write_bytes(lying)
    run = run_child(["apply", "bomb.docx"], tmp_path)
    assert_refused(run, "apply", "bomb.docx", ("word/document.xml",))
    assert run.peak_kb < 128 * 1024, f"peak {run.peak_kb // 1024} MB: the part was inflated"


def test_a_package_with_two_document_parts_of_the_same_name_is_refused():
    other = members(small_docx())["word/document.xml"].replace(b"Recalling", b"Smuggled")
    with pytest.raises(InputError):
        read(duplicate_member(small_docx(), "word/document.xml", other), None, ReadOptions(source="twice.docx"))


def test_a_password_protected_docx_is_told_apart_from_a_legacy_doc():
    with pytest.raises(UnsupportedFormat) as locked:
        read(password_protected_docx(), None, ReadOptions(source="locked.docx"))
    with pytest.raises(UnsupportedFormat) as legacy:
        read(legacy_doc(), None, ReadOptions(source="old.doc"))
    assert "password" in str(locked.value) and ".doc" in str(legacy.value)


def test_a_resolution_compendium_of_a_thousand_pages_is_read_whole():
    """10,000 operative paragraphs (~1000 pages): within every limit."""
    data = compendium_docx(10_000)
    start = time.monotonic()
    result = read(data, None, ReadOptions(source="compendium.docx"))
    seconds = time.monotonic() - start
    texts = [b.text for b in result.value.blocks]
    assert len(texts) == 10_000
    assert texts[0].startswith("1. Recalling") and texts[-1].startswith("10000. Requests")
    from resamend.amend import final_view

    assert final_view(result.value)[-1].startswith("10000. Requests the Secretariat to continue its work")
    assert seconds < LIMIT_SECONDS


def test_the_limits_page_states_the_limits_the_code_enforces():
    """docs/limits.md is for users; it must not drift from the constants."""
    from resamend import cli
    from resamend.formats import docx_package as pkg

    page = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    stated = {
        "MAX_INPUT_BYTES": f"| {cli.MAX_INPUT_BYTES // 2**20} MiB |",
        "MAX_MEMBERS": f"| {pkg.MAX_MEMBERS:,} |",
        "MAX_PART_BYTES": f"| {pkg.MAX_PART_BYTES // 2**20} MiB |",
        "MAX_TOTAL_BYTES": f"| {pkg.MAX_TOTAL_BYTES // 2**30} GiB |",
        "MAX_COMPRESSION_RATIO": f"| {pkg.MAX_COMPRESSION_RATIO}:1, for parts over {pkg.RATIO_FLOOR_BYTES // 2**20} MiB",
    }
    for name, text in stated.items():
        assert f"`{name}`" in page and text in page, f"docs/limits.md: {name} should read {text!r}"
    from resamend.readers import html

    assert f"deeper than {html.MAX_DEPTH} (`MAX_DEPTH`)" in page


def test_xml_nested_beyond_the_parser_limit_is_refused_in_the_users_terms():
    data = make_docx("<w:customXml>" * 300 + p(r("deep")) + "</w:customXml>" * 300)
    with pytest.raises(InputError) as exc:
        read(data, None, ReadOptions(source="deep.docx"))
    assert "XML_PARSE_HUGE" not in str(exc.value)
    assert isinstance(exc.value, HostileInput)


def test_deep_but_legal_nesting_is_read():
    data = make_docx("<w:customXml>" * 200 + p(r("deep")) + "</w:customXml>" * 200)
    assert [b.text for b in read(data, None, ReadOptions(source="d.docx")).value.blocks] == ["deep"]


# --- HTML ---------------------------------------------------------------------------


def _page(charset: str) -> bytes:
    return f'<meta charset="{charset}"><p>Requests <ins>new</ins> \\u0041 caf\xe9</p>'.encode("latin-1")


@pytest.mark.parametrize("charset", ["utf-7", "idna", "punycode", "utf-32", "x-user-defined", "bogus", "koi8-r", "utf-8-sig"])
def test_an_html_page_with_an_odd_charset_is_read_or_refused(charset):
    try:
        read(_page(charset), "html", ReadOptions(source="page.html"))
    except InputError as exc:
        assert "page.html" in str(exc)


BYTES_CODECS = ["base64", "zlib", "bz2", "hex", "uu", "quopri", "rot13", "undefined"]


@pytest.mark.parametrize("charset", BYTES_CODECS)
def test_an_html_charset_that_is_not_a_text_encoding_is_not_a_crash(charset):
    """Python's codec registry knows base64, zlib, rot13 …: a page cannot
    be in them; they must not crash the reader (only WHATWG labels count)."""
    try:
        read(_page(charset), "html", ReadOptions(source="page.html"))
    except InputError:
        pass


def test_an_html_charset_that_rewrites_backslashes_is_not_honoured():
    from resamend.amend import final_view

    page = b'<meta charset="unicode-escape"><p>Requests \\u0041</p>'
    try:
        result = read(page, "html", ReadOptions(source="page.html"))
    except InputError:
        return
    assert final_view(result.value) == ["Requests \\u0041"]


@pytest.mark.parametrize("opening", ["<b>", "<div>", "<ins><del>", "<table><tr><td>", "<ol><li>"])
def test_html_nested_a_hundred_thousand_deep_is_refused_quickly(opening):
    page = b"<p>" + opening.encode() * 100_000 + b"x"
    start = time.monotonic()
    with pytest.raises(InputError):
        read(page, "html", ReadOptions(source="deep.html"))
    assert time.monotonic() - start < LIMIT_SECONDS


# --- text encodings ----------------------------------------------------------------

DRAFT = "Requests the Secretariat {++to continue++}{--to begin--} its work on “Ramsar” sites.\n"
FINAL = "Requests the Secretariat to continue its work on “Ramsar” sites."


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param(lambda s: s.encode("utf-8"), id="utf-8"),
        pytest.param(lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda s: b"\xff\xfe" + s.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(lambda s: b"\xfe\xff" + s.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(lambda s: s.replace("\n", "\r\n").encode("utf-8"), id="utf-8-crlf"),
    ],
)
def test_text_in_every_supported_encoding_is_read_the_same(encoding):
    from resamend.amend import final_view

    result = read(encoding(DRAFT), None, ReadOptions(source="draft.txt"))
    assert final_view(result.value) == [FINAL]


def test_utf16_text_without_byte_order_mark_is_refused():
    with pytest.raises(InputError):
        read(DRAFT.encode("utf-16-le"), None, ReadOptions(source="draft.txt"))


def test_apply_on_a_fifty_megabyte_single_line_finishes_in_ten_seconds(tmp_path):
    """Performance sanity: one 50 MB paragraph (no quadratic step over the
    text of a block) through the real command."""
    unit = "Requests the Secretariat to continue its work in cooperation with the Parties. "
    line = (unit * (50 * 2**20 // len(unit) + 1))[: 50 * 2**20]  # ends inside a word
    (tmp_path / "long.txt").write_text(line + " {++and report++}\n", encoding="utf-8")
    run = run_child(["apply", "long.txt", "-o", "out.txt"], tmp_path, timeout=60)
    assert run.returncode == 0, run.err
    assert run.seconds < LIMIT_SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_kb < LIMIT_KB, f"{run.peak_kb // 1024} MB"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == line + " and report\n"


@pytest.mark.parametrize("args", [
    pytest.param(["inspect", "esc.txt"], id="inspect"),
    pytest.param(["redline", "esc.txt", "-t", "terminal", "--no-pager"], id="redline"),
])
def test_terminal_escape_sequences_in_a_draft_do_not_reach_the_terminal(args, tmp_path):
    if args[0] not in COMMANDS:
        pytest.skip(f"{args[0]} is not built")
    (tmp_path / "esc.txt").write_text("Requests \x1b[2J the {++new\x1b]0;pwned\x07++} Secretariat\n", encoding="utf-8")
    run = run_child(args, tmp_path)
    assert run.returncode == 0, run.err
    assert b"\x1b]0;pwned" not in run.stdout and b"\x1b[2J" not in run.stdout


# --- every hostile input through every command ----------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", list(HOSTILE))
def test_every_command_refuses_every_hostile_input_in_one_line_leaving_no_file(case, command, hostile, tmp_path, capsys, monkeypatch):
    name, says = HOSTILE[case]
    work = _workdir(tmp_path, name, hostile(case))
    before = sorted(os.listdir(work))
    run = run_in_process(command_line(command, name), work, capsys, monkeypatch)
    assert_refused(run, command, name, says, _secrets())
    assert sorted(os.listdir(work)) == before


#: one hostile input of each family for a real child (the in-process test
#: above covers every input with every command)
CHILD_CASES = [
    "xml-billion-laughs-in-word/document.xml",
    "xml-external-entity-in-word/styles.xml",
    "xml-parameter-entity-in-word/numbering.xml",
    "xml-external-dtd-in-word/_rels/document.xml.rels",
    "xml-external-entity-etc-hostname",
    "zip-too-many-members",
    "zip-bomb-1mb-to-1gb",
    "zip-bomb-with-lying-directory",
    "zip-compression-ratio",
    "zip-truncated",
    "zip-encrypted-entry",
    "ole2-password-protected-docx",
    "text-latin1",
    "text-unbalanced-critic",
    "json-nested-too-deeply",
    "file-empty",
]


@pytest.mark.parametrize("case", [
    "zip-bomb-1mb-to-1gb", "xml-external-entity-in-word/document.xml", "text-latin1",
    pytest.param("file-empty"),
])
def test_hostile_input_on_standard_input_is_refused_the_same_way(case, hostile, tmp_path, capsys, monkeypatch):
    import io

    work = _workdir(tmp_path, "unused.txt", b"x")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(hostile(case))))
    run = run_in_process(["apply", "-", "-o", "out.txt"], work, capsys, monkeypatch)
    assert_refused(run, "apply", "-", (), _secrets())
    assert sorted(os.listdir(work)) == ["good.txt", "unused.txt"]


def _rotation() -> list[tuple[str, str]]:
    """Each family's input once, the command rotating through all of them."""
    return [(case, COMMANDS[i % len(COMMANDS)]) for i, case in enumerate(CHILD_CASES)]


def _matrix() -> list[tuple[str, str]]:
    if os.environ.get("RESAMEND_HOSTILE_MATRIX"):
        return [(case, command) for case in HOSTILE for command in COMMANDS]
    return _rotation()


@pytest.mark.parametrize("case, command", _matrix(), ids=[f"{c}-{m}" for c, m in _matrix()])
def test_a_real_child_refuses_the_hostile_input_within_ten_seconds_and_one_gigabyte(case, command, hostile, tmp_path):
    name, says = HOSTILE[case]
    work = _workdir(tmp_path, name, hostile(case))
    before = sorted(os.listdir(work))
    run = run_child(command_line(command, name), work)
    assert_refused(run, command, name, says, _secrets())
    assert run.peak_kb > 0
    assert sorted(os.listdir(work)) == before


# --- files and paths -----------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_file_is_named_with_what_to_do(command, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "good2.txt", GOOD_TEXT.encode())
    run = run_in_process(command_line(command, "nope.docx"), work, capsys, monkeypatch)
    assert_refused(run, command, "nope.docx", ("no such file",))


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "check"])  # check reads a directory's drafts
def test_a_directory_as_input_is_refused(command, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "good2.txt", GOOD_TEXT.encode())
    (work / "folder.docx").mkdir()
    run = run_in_process(command_line(command, "folder.docx"), work, capsys, monkeypatch)
    assert_refused(run, command, "folder.docx", ("is a directory",))


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="running as root: root reads a chmod 000 file anyway")
@pytest.mark.parametrize("command", COMMANDS)
def test_an_unreadable_file_is_refused(command, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "locked.txt", GOOD_TEXT.encode())
    (work / "locked.txt").chmod(0)
    try:
        run = run_in_process(command_line(command, "locked.txt"), work, capsys, monkeypatch)
        assert_refused(run, command, "locked.txt", ("permission denied",))
    finally:
        (work / "locked.txt").chmod(0o644)


def _outputs_over_the_input(work: Path) -> dict[str, str]:
    (work / "sub").mkdir()
    (work / "link.txt").symlink_to(work / "draft.txt")
    os.link(work / "draft.txt", work / "hardlink.txt")
    return {"same-path": "draft.txt", "dotted-path": "sub/../draft.txt", "absolute-path": str(work / "draft.txt"),
            "symlink": "link.txt", "hard-link": "hardlink.txt"}


def _writing_to(command: str, target: str) -> list[str]:
    """Arguments that make ``command`` write its output to ``target`` (in a
    folder made by _workdir)."""
    return {
        "apply": ["apply", "draft.txt", "-o", target],
        "extract": ["extract", "draft.txt", "-o", target],
        "diff": ["diff", "good.txt", "draft.txt", "-t", "md", "-o", target],
        "redline": ["redline", "draft.txt", "-t", "md", "-o", target],
        "check": ["check", "draft.txt", "-o", target],
    }[command]


@pytest.mark.parametrize("how", ["same-path", "dotted-path", "absolute-path", "symlink", "hard-link"])
@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "inspect"])  # inspect writes no file
def test_output_over_an_input_is_refused_and_the_input_kept(command, how, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "draft.txt", GOOD_TEXT.encode())
    target = _outputs_over_the_input(work)[how]
    args = _writing_to(command, target)
    before = sorted(os.listdir(work))
    run = run_in_process(args, work, capsys, monkeypatch)
    assert run.returncode == 2 and "would overwrite an input" in run.err, (run.out, run.err)
    assert len(run.err.splitlines()) == 1 and ERROR_LINE.match(run.err) and "Traceback" not in run.err
    assert (work / "draft.txt").read_text(encoding="utf-8") == GOOD_TEXT
    assert sorted(os.listdir(work)) == before


def test_an_unreadable_file_is_refused_even_when_the_tests_run_as_root(tmp_path, capsys, monkeypatch):
    """The permission-denied path, simulated (root reads a chmod 000 file)."""
    import pathlib

    work = _workdir(tmp_path, "locked.txt", GOOD_TEXT.encode())
    real = pathlib.Path.open

    def denied(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", denied)
    run = run_in_process(["apply", "locked.txt", "-o", "out.txt"], work, capsys, monkeypatch)
    assert_refused(run, "apply", "locked.txt", ("permission denied", "check its permissions"))
    assert sorted(os.listdir(work)) == ["good.txt", "locked.txt"]


def test_output_over_the_base_of_a_check_is_refused(tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "draft.txt", GOOD_TEXT.encode())
    run = run_in_process(["check", "draft.txt", "--base", "good.txt", "-o", "good.txt"], work, capsys, monkeypatch)
    assert run.returncode == 2 and "would overwrite an input" in run.err
    assert (work / "good.txt").read_text(encoding="utf-8") == GOOD_TEXT


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "inspect"])
def test_output_into_a_missing_directory_is_refused(command, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "draft.txt", GOOD_TEXT.encode())
    target = "missing/out.md"
    args = _writing_to(command, target)
    before = sorted(os.listdir(work))
    run = run_in_process(args, work, capsys, monkeypatch)
    assert run.returncode == 2 and "output directory does not exist" in run.err, (run.out, run.err)
    assert len(run.err.splitlines()) == 1 and ERROR_LINE.match(run.err)
    assert sorted(os.listdir(work)) == before


def _disk_full(monkeypatch):
    from resamend import cli

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", broken_replace)


@pytest.mark.parametrize("target", [".", "sub"])
def test_an_output_that_is_a_directory_is_refused(target, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "draft.txt", GOOD_TEXT.encode())
    (work / "sub").mkdir()
    run = run_in_process(["apply", "draft.txt", "-o", target], work, capsys, monkeypatch)
    assert_refused(run, "apply", target, ("is a directory",))
    assert sorted(os.listdir(work)) == ["draft.txt", "good.txt", "sub"] and not os.listdir(work / "sub")


def test_check_reports_a_hostile_draft_as_trouble_and_still_checks_the_others(hostile, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "bomb.docx", hostile("zip-bomb-1mb-to-1gb"))
    run = run_in_process(["check", "good.txt", "bomb.docx", "--format", "json", "-j", "1"], work, capsys, monkeypatch)
    assert run.returncode == 2 and "Traceback" not in run.err
    import json

    files = {f["file"]: f for f in json.loads(run.out)["files"]}
    assert set(files) == {"good.txt", "bomb.docx"}
    assert files["bomb.docx"]["status"] == "trouble" and "ZIP bomb" in files["bomb.docx"]["error"]
    assert files["good.txt"]["status"] != "trouble"


def test_diff_refuses_a_hostile_old_version_too(hostile, tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "old.docx", hostile("xml-billion-laughs-in-word/document.xml"))
    run = run_in_process(["diff", "old.docx", "good.txt", "-t", "md", "-o", "out.md"], work, capsys, monkeypatch)
    assert_refused(run, "diff", "old.docx", ("DOCTYPE",))
    assert sorted(os.listdir(work)) == ["good.txt", "old.docx"]


def test_a_failed_write_leaves_neither_output_nor_temporary_file(tmp_path, capsys, monkeypatch):
    """A write that fails after the temporary file was opened (disk full)
    must remove the temporary file and leave no output."""
    work = _workdir(tmp_path, "draft.txt", GOOD_TEXT.encode())
    _disk_full(monkeypatch)
    run = run_in_process(["apply", "draft.txt", "-o", "out.txt"], work, capsys, monkeypatch)
    assert run.returncode == 2 and "Traceback" not in run.err
    assert sorted(os.listdir(work)) == ["draft.txt", "good.txt"]


def test_a_disk_full_is_an_output_error_not_an_internal_error(tmp_path, capsys, monkeypatch):
    work = _workdir(tmp_path, "draft.txt", GOOD_TEXT.encode())
    _disk_full(monkeypatch)
    run = run_in_process(["apply", "draft.txt", "-o", "out.txt"], work, capsys, monkeypatch)
    assert_refused(run, "apply", "out.txt", ("No space left on device",))


# --- pipes and Ctrl-C ------------------------------------------------------------------------


def _long_draft(paragraphs: int) -> str:
    return "\n\n".join(f"{i}. Requests the Secretariat {{++to continue++}} its work on item {i};" for i in range(1, paragraphs + 1)) + "\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_output_into_a_closed_pipe_ends_quietly(command, tmp_path):
    (tmp_path / "long.txt").write_text(_long_draft(1200), encoding="utf-8")  # every output > 64 KiB, the pipe's buffer
    args = {
        "apply": "apply -q long.txt",
        "extract": "extract -q long.txt",
        "inspect": "inspect long.txt --json",
        "diff": "diff long.txt long2.txt -t md -q",
        "redline": "redline long.txt -t md",
        "check": "check long.txt --base long2.txt --format json",
    }[command]
    (tmp_path / "long2.txt").write_text(_long_draft(1200).replace("continue", "go on"), encoding="utf-8")
    proc = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {sys.executable} -m resamend {args} | head -n 1 >/dev/null"],
        cwd=tmp_path, capture_output=True, timeout=60, env=ENV,
    )
    # check exits 1 when it has findings; that is its answer, not trouble
    assert proc.returncode in ((0, 1) if command in ("check", "diff") else (0,)), proc.stderr.decode()
    assert proc.stderr == b""


def _bytes_read(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs /proc/PID/io to know the input was read")
def test_ctrl_c_during_apply_exits_130_without_a_traceback(tmp_path):
    draft = tmp_path / "big.txt"
    unit = "Requests the Secretariat {++to continue++} its {--work--} cooperation, "
    draft.write_text(unit * (2 * 2**20 // len(unit)) + "\n", encoding="utf-8")  # several seconds of work
    size = draft.stat().st_size
    proc = subprocess.Popen([sys.executable, "-m", "resamend", "apply", "big.txt", "-o", "out.txt"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    deadline = time.monotonic() + 20
    while _bytes_read(proc.pid) < size and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    assert proc.poll() is None, "apply finished before it could be interrupted: make the input bigger"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err and err.decode().strip() == "resamend: interrupted"
    assert sorted(os.listdir(tmp_path)) == ["big.txt"]
