"""The command line behaves as people expect: colour and marks when piped,
formats by extension (and refused when unknown), a house template for Word
output, file-name completion, the same --debug/-q/-v/-o on every command,
options without effect said so, deprecated names still working."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from docx_factory import make_docx, p, r

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
COP13 = SAMPLES / "cms-res-11.10-rev-cop13.txt"
COP14 = SAMPLES / "cms-res-11.10-rev-cop14.txt"
ANNEX = SAMPLES / "cms-cop14-doc18.1-synergies.docx"
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "LESS", "PAGER")}
ENV.update(COLUMNS="100", TERM="xterm")
COMMANDS = ["apply", "extract", "inspect", "diff", "redline", "check", "formats"]
DRAFT = "Requests the {--Secretariat--}{++Executive Secretary++} to continue its work.\n"


def run(*args: str, cwd: Path | None = None, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resamend", *map(str, args)], cwd=cwd, input=stdin, capture_output=True,
                          timeout=120, env={**ENV, **(env or {})})


def one_error_line(proc) -> str:
    err = proc.stderr.decode()
    lines = err.splitlines()
    assert proc.returncode == 2, err
    assert len(lines) == 1 and lines[0].startswith("resamend: error: "), err
    return lines[0]


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


# --- 2. terminal: marks in text when piped, colour on request ----------------------


def test_a_piped_terminal_redline_shows_the_marks_in_text(draft):
    proc = run("redline", draft, "-t", "terminal")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "Requests the [-Secretariat-]{+Executive Secretary+} to continue its work.\n"


def test_a_piped_diff_on_the_terminal_format_keeps_every_mark(tmp_path):
    proc = run("diff", COP13, COP14, "-t", "terminal")
    assert proc.returncode == 1, proc.stderr
    text = proc.stdout.decode()
    assert "\x1b[" not in text
    assert text.splitlines()[0] == "Resolution 11.10 (Rev.[-COP13-]{+COP14+})"  # "Rev.COP13COP14" would lose the marks


def test_color_always_sends_styles_down_a_pipe_and_never_sends_none(draft):
    always = run("redline", draft, "-t", "terminal", "--color", "always").stdout.decode()
    assert "\x1b[" in always and "Executive Secretary" in always
    never = run("redline", draft, "-t", "terminal", "--color", "never").stdout.decode()
    assert "\x1b[" not in never and "{+Executive Secretary+}" in never


def test_force_color_is_honoured_and_no_color_keeps_text_marks(draft):
    forced = run("redline", draft, "-t", "terminal", env={"FORCE_COLOR": "1"}).stdout.decode()
    assert "\x1b[" in forced
    plain = run("redline", draft, "-t", "terminal", env={"NO_COLOR": "1"}).stdout.decode()
    assert "[-Secretariat-]" in plain and "\x1b[" not in plain


def test_the_pager_is_told_to_show_colours_as_git_does(monkeypatch):
    from resamend.commands import redlines

    seen = {}
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setattr("click.echo_via_pager", lambda text, color=None: seen.update(text=text, color=color, less=os.environ["LESS"]))
    redlines.page("\x1b[4mnew\x1b[0m")
    assert seen == {"text": "\x1b[4mnew\x1b[0m", "color": True, "less": "FRX"}
    monkeypatch.setenv("LESS", "-i")
    redlines.page("x")
    assert seen["less"] == "-i -R"


def test_a_terminal_redline_written_to_a_file_keeps_its_styles_and_is_not_wrapped(tmp_path):
    proc = run("diff", COP13, COP14, "-t", "terminal", "-o", tmp_path / "redline.ansi")
    assert proc.returncode == 1, proc.stderr
    text = (tmp_path / "redline.ansi").read_text(encoding="utf-8")
    assert "\x1b[" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert max(len(line) for line in plain.splitlines()) > 200


def test_the_html_redline_is_titled_by_file_names_not_paths(tmp_path):
    proc = run("diff", COP13, COP14, "-t", "html")
    title = re.search(r"<title>(.*)</title>", proc.stdout.decode()).group(1)
    assert "/" not in title and "cms-res-11.10-rev-cop14.txt" in title


def test_on_a_terminal_a_long_redline_goes_to_the_pager_with_its_styles(tmp_path):
    """A real pseudo-terminal: the redline is paged (through $PAGER, as
    click runs it), styled, and the pager is told to show the styles."""
    import fcntl
    import pty
    import struct
    import termios

    pager = tmp_path / "pager.sh"
    pager.write_text('#!/bin/sh\nprintf "%s" "$LESS" > less.env\ncat > paged.txt\n')
    pager.chmod(0o755)
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "resamend", "diff", str(COP13), str(COP14)], cwd=tmp_path,
                            stdin=child, stdout=child, stderr=subprocess.PIPE, env={**ENV, "PAGER": str(pager)})
    os.close(child)
    try:
        while os.read(main, 65536):  # drain the terminal until the child closes it
            pass
    except OSError:
        pass
    proc.wait(timeout=120)
    os.close(main)
    assert proc.returncode == 1, proc.stderr.read()
    assert (tmp_path / "less.env").read_text() == "FRX"
    paged = (tmp_path / "paged.txt").read_text(encoding="utf-8")
    assert "\x1b[" in paged and "COP13" in paged and "COP14" in paged


def test_inspect_output_that_is_not_a_terminal_is_not_wrapped():
    proc = run("inspect", ANNEX)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert max(len(line) for line in lines) > 200  # a long paragraph stays on one line
    assert any("SYNERGIES AND PARTNERSHIPS" in line for line in lines)


# --- 3. formats ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x.pdf", "x.doc", "x.odt", "x.rtf"])
def test_an_unknown_output_extension_is_refused_naming_the_formats_and_t(name, draft):
    line = one_error_line(run("apply", draft, "-o", draft.parent / name))
    assert f"resamend does not write .{name.split('.')[1]} files" in line
    assert "docx (.docx)" in line and "md (.md .markdown)" in line and "-t FORMAT" in line
    assert sorted(os.listdir(draft.parent)) == ["draft.txt"]


def test_t_overrides_an_extension_resamend_does_not_know(draft):
    proc = run("apply", draft, "-o", draft.parent / "final.out", "-t", "text")
    assert proc.returncode == 0, proc.stderr
    assert (draft.parent / "final.out").read_text(encoding="utf-8") == "Requests the Executive Secretary to continue its work.\n"


def test_markdown_and_htm_aliases_choose_markdown_and_html(draft):
    assert run("redline", draft, "-o", draft.parent / "r.markdown").returncode == 0
    assert (draft.parent / "r.markdown").read_text(encoding="utf-8").strip() == "Requests the {--Secretariat--}{++Executive Secretary++} to continue its work."
    assert run("redline", draft, "-o", draft.parent / "r.htm").returncode == 0
    page = (draft.parent / "r.htm").read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>") and "<del>Secretariat</del>" in page and "<ins>Executive Secretary</ins>" in page


def test_formats_lists_every_reader_and_writer():
    from resamend.readers import READERS
    from resamend.writers import WRITERS

    proc = run("formats", "--json")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert [f["name"] for f in listed["input"]] == list(READERS)
    assert [f["name"] for f in listed["output"]] == [*WRITERS, "terminal"]
    text = run("formats").stdout.decode()
    assert ".markdown" in text and ".htm" in text and "terminal" in text


def _house_template(path: Path) -> Path:
    """A house template: A4 landscape, 2 cm margins, a body style of its own."""
    styles = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
              '<w:rPr><w:rFonts w:ascii="Garamond" w:hAnsi="Garamond"/><w:sz w:val="23"/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HouseBody"><w:name w:val="House Body"/></w:style>')
    body = p(r("Template text that must not appear.")) + (
        '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>')
    path.write_bytes(make_docx(body, styles=styles))
    return path


def _part(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(name).decode("utf-8")


@pytest.mark.parametrize("command", [
    ["apply", "{draft}", "-o", "{out}"],
    ["redline", "{draft}", "-o", "{out}"],
    ["redline", "{draft}", "-o", "{out}", "--track-changes"],
    ["diff", str(COP13), str(COP14), "-o", "{out}"],
])
def test_reference_doc_gives_every_docx_output_the_templates_styles_and_page(command, draft, tmp_path):
    template = _house_template(tmp_path / "house.docx")
    out = tmp_path / "out.docx"
    args = [a.format(draft=draft, out=out) for a in command]
    proc = run(*args, "--reference-doc", template)
    assert proc.returncode in (0, 1), proc.stderr
    document = _part(out, "word/document.xml")
    assert 'w:w="16838"' in document and 'w:orient="landscape"' in document
    assert "Template text that must not appear" not in document
    assert "HouseBody" in _part(out, "word/styles.xml") and "Garamond" in _part(out, "word/styles.xml")


def test_reference_doc_on_a_text_output_is_a_warning(draft, tmp_path):
    template = _house_template(tmp_path / "house.docx")
    proc = run("apply", draft, "--reference-doc", template)
    assert proc.returncode == 0
    assert "--reference-doc has no effect on text output" in proc.stderr.decode()


def test_a_reference_doc_that_is_not_word_is_refused_by_name(draft, tmp_path):
    (tmp_path / "house.docx").write_text("not a Word file\n")
    line = one_error_line(run("apply", draft, "-o", tmp_path / "out.docx", "--reference-doc", tmp_path / "house.docx"))
    assert "house.docx: --reference-doc is not a Word .docx file" in line
    assert not (tmp_path / "out.docx").exists()


# --- 4. options ----------------------------------------------------------------------


def _complete(words: str, cwd: Path) -> list[str]:
    """click's bash completion protocol, as the shell function calls it."""
    env = {"_RESAMEND_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    proc = run(cwd=cwd, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.decode().splitlines()


@pytest.mark.parametrize("words", [
    "resamend apply dra", "resamend diff old.txt ne", "resamend check dra", "resamend apply x.docx --base ba",
    "resamend redline x.docx --reference-doc ho", "resamend apply x.docx -o ou",
])
def test_bash_completion_completes_file_names(words, tmp_path):
    completions = _complete(words, tmp_path)
    assert completions and all(c.startswith("file,") for c in completions), completions


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_completion_complete_file_names_too(shell, tmp_path):
    # zsh gives the index of the word being completed; fish gives the word itself
    env = {"_RESAMEND_COMPLETE": f"{shell}_complete", "COMP_WORDS": "resamend apply dra", "COMP_CWORD": "2" if shell == "zsh" else "dra"}
    proc = run(cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert (out.splitlines()[0] == "file") if shell == "zsh" else out.startswith("file,"), out


def test_bash_completion_completes_options_and_commands(tmp_path):
    assert "plain,--marks" in _complete("resamend apply --ma", tmp_path)
    assert "plain,formats" in _complete("resamend form", tmp_path)


def test_completion_through_clicks_own_harness():
    from click.shell_completion import ShellComplete

    from resamend.cli import cli

    items = ShellComplete(cli, {}, "resamend", "_RESAMEND_COMPLETE").get_completions(["diff", "a.txt"], "")
    assert [i.type for i in items] == ["file"]
    items = ShellComplete(cli, {}, "resamend", "_RESAMEND_COMPLETE").get_completions(["redline", "a.txt", "--color"], "")
    assert [i.value for i in items] == ["auto", "always", "never"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_offers_debug_quiet_verbose_and_output(command):
    text = run(command, "--help").stdout.decode()
    for option in ("--debug", "-q, --quiet", "-v, --verbose"):
        assert option in text, (command, option)
    assert "-o, --output" in text


def test_debug_after_the_command_shows_a_traceback_and_exits_2(tmp_path):
    proc = run("apply", tmp_path / "missing.txt", "--debug")
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" in err and err.splitlines()[-1] == f"resamend: error: {tmp_path / 'missing.txt'}: no such file; check the path"
    assert run("--debug", "apply", tmp_path / "missing.txt").returncode == 2


def test_quiet_and_verbose_mean_the_same_before_and_after_the_command(draft):
    loud = run("diff", draft, draft, "--author", "X").stderr.decode()
    assert "resamend: warning:" in loud
    assert run("diff", draft, draft, "--author", "X", "-q").stderr == b""
    assert run("-q", "diff", draft, draft, "--author", "X").stderr == b""
    info = run("apply", ANNEX, "-v").stderr.decode()
    assert "resamend: info:" in info and "resamend: info:" in run("-v", "apply", ANNEX).stderr.decode()
    assert "resamend: info:" not in run("apply", ANNEX).stderr.decode()


@pytest.mark.parametrize("args, says", [
    (["--author", "CMS Secretariat"], "--author has no effect without --track-changes"),
    (["--date", "2024-02-12"], "--date has no effect without --track-changes"),
    (["--track-changes", "-t", "html"], "--track-changes has no effect on html output"),
    (["--no-pager", "-t", "md"], "--no-pager has no effect on md output"),
    (["--color", "always", "-t", "md"], "--color has no effect on md output"),
])
def test_an_option_without_effect_is_a_warning_never_silently_ignored(args, says, draft):
    proc = run("redline", draft, *args)
    assert proc.returncode == 0, proc.stderr
    assert f"resamend: warning: {says}" in proc.stderr.decode()


@pytest.mark.parametrize("option", [["--cop", "15"], ["--no-renumber"]])
def test_apply_options_that_original_ignores_are_named(option):
    proc = run("apply", ANNEX, "--original", *option, "-q")
    assert proc.returncode == 0 and proc.stderr == b""  # -q: no warnings at all
    proc = run("apply", ANNEX, "--original", *option)
    assert f"resamend: warning: {option[0]} has no effect with --original" in proc.stderr.decode()


def test_marks_tracked_reads_tracked_changes_only(tmp_path):
    docx = tmp_path / "d.docx"
    docx.write_bytes(make_docx(p(r("Requests "), r("new ", "<w:u w:val='single'/>"), r("work."))))
    assert run("apply", docx).stdout.decode() == "Requests new work.\n"
    assert run("apply", docx, "--marks", "all").stdout.decode() == "Requests new work.\n"
    assert run("apply", docx, "--marks", "tracked").stdout.decode() == "Requests new work.\n"  # underline is formatting
    assert run("apply", docx, "--original").stdout.decode() == "Requests work.\n"
    assert run("apply", docx, "--original", "--marks", "tracked").stdout.decode() == "Requests new work.\n"


def test_the_old_convention_option_still_works_with_a_deprecation_warning(tmp_path):
    docx = tmp_path / "d.docx"
    docx.write_bytes(make_docx(p(r("Requests "), r("new ", "<w:u w:val='single'/>"), r("work."))))
    proc = run("apply", docx, "--original", "--convention", "tracked")
    assert proc.stdout.decode() == "Requests new work.\n"
    # (the one-paragraph draft has no instrument line: that is a warning of its own)
    err = [line for line in proc.stderr.decode().splitlines() if not line.endswith("[no-instrument]")]
    assert err == ["resamend: warning: --convention is deprecated; use --marks all|tracked (cms is now 'all') [deprecated-option]"]
    assert "--convention" not in run("apply", "--help").stdout.decode()
    assert run("apply", docx, "--original", "--convention", "cms").stdout.decode() == "Requests work.\n"


def test_an_unknown_option_is_one_clause_with_the_suggestion(draft):
    line = one_error_line(run("redline", draft, "--colr", "never"))
    assert "?;" not in line and line.endswith("; see 'resamend redline --help'") and "--color" in line


def test_standard_input_twice_is_named_as_such():
    line = one_error_line(run("diff", "-", "-", stdin=DRAFT.encode()))
    assert "standard input ('-') can be read only once" in line


def test_check_reports_a_missing_input_also_as_one_error_line(draft, tmp_path):
    proc = run("check", draft, tmp_path / "missing.docx", "--format", "json")
    assert proc.returncode == 2
    lines = proc.stderr.decode().splitlines()
    assert lines == [f"resamend: error: {tmp_path / 'missing.docx'}: no such file; check the path"]
    report = json.loads(proc.stdout)
    assert [f["file"] for f in report["files"]] == [str(draft), str(tmp_path / "missing.docx")]
