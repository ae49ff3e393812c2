"""The web API (`resamend serve`): the same bytes and the same one-line
errors as the command line, and a server that only its own page can use."""

from __future__ import annotations

import io
import json
import shutil
import threading

import pytest

pytest.importorskip("flask")

from web_support import COP14_DRAFT, REV_COP13, REV_COP14, cli, cli_output, post, running_server  # noqa: E402

from resamend.web.app import create_app, host_allowed, same_origin  # noqa: E402

HOST = {"Host": "127.0.0.1:8765"}


@pytest.fixture()
def client():
    app = create_app()
    app.config["RESAMEND_ADDRESS"] = ("127.0.0.1", 8765)
    return app.test_client()


@pytest.fixture()
def folder(tmp_path):
    """The samples copied where the CLI runs, under the names the page sends."""
    for sample in (COP14_DRAFT, REV_COP13, REV_COP14):
        shutil.copy(sample, tmp_path / sample.name)
    published = REV_COP13.read_text(encoding="utf-8").replace("coherent national-level", "consistent national-level")
    (tmp_path / "published.txt").write_text(published, encoding="utf-8")
    return tmp_path


def send(client, path, headers=HOST, **fields):
    data = {field: (io.BytesIO(path_.read_bytes()), path_.name) for field, path_ in fields.items()}
    return client.post(path, data=data, headers=headers, content_type="multipart/form-data")


# --- the same bytes as the CLI ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "md", "html", "docx", "json", "critic"])
def test_apply_answers_with_the_bytes_resamend_apply_writes(client, folder, monkeypatch, capsys, fmt):
    status, _ = cli(monkeypatch, capsys, folder, "apply", COP14_DRAFT.name, "-t", fmt, "-o", f"out.{fmt}")
    assert status == 0
    answer = send(client, f"/api/apply?to={fmt}", draft=folder / COP14_DRAFT.name)
    assert answer.status_code == 200
    assert answer.data == (folder / f"out.{fmt}").read_bytes()
    assert answer.headers["X-Resamend-Exit-Status"] == "0"


def test_the_consolidated_text_is_resolution_11_10_rev_cop14(client, folder):
    answer = send(client, "/api/apply", draft=folder / COP14_DRAFT.name)
    lines = answer.data.decode("utf-8").splitlines()
    assert lines[0] == "Resolution 11.10 (Rev.COP14)"
    assert lines[2] == "SYNERGIES AND PARTNERSHIPS"
    assert answer.data == REV_COP14.read_bytes()  # as the secretariat published it


def test_apply_options_are_those_of_the_command(client, folder, monkeypatch, capsys):
    cli(monkeypatch, capsys, folder, "apply", COP14_DRAFT.name, "--original", "-o", "original.txt")
    original = send(client, "/api/apply?original=1", draft=folder / COP14_DRAFT.name)
    assert original.data == (folder / "original.txt").read_bytes() == REV_COP13.read_bytes()
    kept = send(client, "/api/apply?renumber=0&cop=15", draft=folder / COP14_DRAFT.name).data.decode()
    assert kept.startswith("Resolution 11.10 (Rev.COP15)\n")
    assert any(line.startswith("8bis.") for line in kept.splitlines())


def test_marks_tracked_reads_underline_and_strike_as_formatting(client, folder, monkeypatch, capsys):
    cli(monkeypatch, capsys, folder, "apply", COP14_DRAFT.name, "--marks", "tracked", "-o", "tracked-only.txt")
    answer = send(client, "/api/apply?marks=tracked", draft=folder / COP14_DRAFT.name)
    assert answer.data == (folder / "tracked-only.txt").read_bytes()
    assert "2015-2023" in answer.data.decode()  # struck through, but only tracked deletions delete here
    assert "2015-2023" not in send(client, "/api/apply?marks=all", draft=folder / COP14_DRAFT.name).data.decode()


@pytest.mark.parametrize("path, cli_args, warning", [
    ("/api/apply?original=1&cop=15", ("apply", COP14_DRAFT.name, "--original", "--cop", "15"),
     "cop has no effect with original=1 (the original text keeps its tag and numbers)"),
    ("/api/redline?to=md&track_changes=1", ("redline", COP14_DRAFT.name, "-t", "md", "--track-changes"),
     "track_changes has no effect on md output (only on docx)"),
    ("/api/redline?to=docx&author=CMS", ("redline", COP14_DRAFT.name, "-o", "x.docx", "--author", "CMS"),
     "author has no effect without track_changes=1 and to=docx"),
])
def test_an_option_without_effect_is_named_in_a_warning_as_the_cli_does(client, folder, monkeypatch, capsys, path, cli_args, warning):
    _, _, err = cli_output(monkeypatch, capsys, folder, *cli_args)
    assert "option-without-effect" in err  # the command line says so too
    answer = send(client, path, draft=folder / COP14_DRAFT.name)
    assert answer.status_code == 200
    assert {"code": "option-without-effect", "severity": "warning", "message": warning, "location": None, "text": None} \
        in json.loads(answer.headers["X-Resamend-Diagnostics"])


def test_apply_names_its_warnings_in_a_header(client, folder, monkeypatch, capsys):
    (folder / "untagged.txt").write_text("Resolution 1.1\n\n1.\tThe Parties {++agree++} to act.\n", encoding="utf-8")
    _, err = cli(monkeypatch, capsys, folder, "apply", "untagged.txt")
    answer = send(client, "/api/apply", draft=folder / "untagged.txt")
    warnings = json.loads(answer.headers["X-Resamend-Diagnostics"])
    assert "revision-unknown" in [w["code"] for w in warnings]  # no tag, no symbol: which meeting adopts it?
    for w in warnings:  # what the CLI says on stderr
        assert f"{w['message']} [{w['code']}]" in err
    assert len(warnings) == err.count("resamend: warning:")
    assert answer.data.decode().startswith("Resolution 1.1\n")
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="untagged-consolidated.txt"')


def test_the_warnings_header_holds_what_the_cli_warns_and_a_file_name_is_suggested(client, folder, monkeypatch, capsys):
    _, err = cli(monkeypatch, capsys, folder, "apply", COP14_DRAFT.name, "-o", "out.docx")
    answer = send(client, "/api/apply?to=docx", draft=folder / COP14_DRAFT.name)
    warnings = json.loads(answer.headers["X-Resamend-Diagnostics"])
    assert [f"[{w['code']}]" for w in warnings] == [line.rsplit(" ", 1)[-1] for line in err.splitlines() if "warning:" in line]
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="cms-cop14-doc18.1-synergies-consolidated.docx"')


@pytest.mark.parametrize("fmt", ["md", "critic", "html", "docx", "json", "text"])
def test_diff_answers_with_the_bytes_resamend_diff_writes(client, folder, monkeypatch, capsys, fmt):
    status, _ = cli(monkeypatch, capsys, folder, "diff", REV_COP13.name, REV_COP14.name, "-t", fmt, "-o", f"out.{fmt}")
    assert status == 1
    answer = send(client, f"/api/diff?to={fmt}", old=folder / REV_COP13.name, new=folder / REV_COP14.name)
    assert answer.status_code == 200
    assert answer.data == (folder / f"out.{fmt}").read_bytes()
    assert answer.headers["X-Resamend-Exit-Status"] == "1"


def test_diff_with_tracked_changes_carries_the_author_and_date(client, folder, monkeypatch, capsys):
    cli(monkeypatch, capsys, folder, "diff", REV_COP13.name, REV_COP14.name, "-o", "tracked.docx", "--track-changes",
        "--author", "CMS Secretariat", "--date", "2024-02-12")
    answer = send(client, "/api/diff?to=docx&track_changes=1&author=CMS%20Secretariat&date=2024-02-12",
                  old=folder / REV_COP13.name, new=folder / REV_COP14.name)
    assert answer.data == (folder / "tracked.docx").read_bytes()
    import zipfile

    document = zipfile.ZipFile(io.BytesIO(answer.data)).read("word/document.xml").decode()
    assert 'w:author="CMS Secretariat"' in document and 'w:date="2024-02-12T00:00:00Z"' in document


def test_the_redline_of_two_versions_marks_plan_changed_to_programme(client, folder):
    answer = send(client, "/api/diff?to=md", old=folder / REV_COP13.name, new=folder / REV_COP14.name)
    assert "joint work {--plan--}{++programme++}" in answer.data.decode()


def test_the_same_text_twice_is_no_difference(client, folder):
    answer = send(client, "/api/diff?to=md", old=folder / REV_COP14.name, new=folder / REV_COP14.name)
    assert answer.headers["X-Resamend-Exit-Status"] == "0"
    assert "{++" not in answer.data.decode() and "{--" not in answer.data.decode()


@pytest.mark.parametrize("fmt", ["json", "text", "junit", "github"])
def test_check_answers_with_the_report_resamend_check_writes(client, folder, monkeypatch, capsys, fmt):
    status, _ = cli(monkeypatch, capsys, folder, "check", COP14_DRAFT.name, "--base", "published.txt",
                    "--format", fmt, "-o", f"report.{fmt}")
    assert status == 1
    answer = send(client, f"/api/check?to={fmt}", draft=folder / COP14_DRAFT.name, base=folder / "published.txt")
    assert answer.status_code == 200
    assert answer.data == (folder / f"report.{fmt}").read_bytes()
    assert answer.headers["X-Resamend-Exit-Status"] == "1"


def test_check_finds_the_unmarked_edit_with_its_small_redline(client, folder):
    answer = send(client, "/api/check?to=json", draft=folder / COP14_DRAFT.name, base=folder / "published.txt")
    finding = json.loads(answer.data)["files"][0]["findings"][0]
    assert finding["code"] == "unmarked-edit"
    assert finding["redline"] == "…conventions to enhance {~~consistent~>coherent~~} national-level implementation…"


def test_check_against_the_published_and_adopted_texts_is_clean(client, folder):
    answer = send(client, "/api/check?to=json", draft=folder / COP14_DRAFT.name, base=folder / REV_COP13.name,
                  expect=folder / REV_COP14.name)
    report = json.loads(answer.data)["files"][0]
    assert report["status"] == "clean" and report["checks"] == {"base": "pass", "expect": "pass", "lint": "pass"}
    assert answer.headers["X-Resamend-Exit-Status"] == "0"


def test_inspect_answers_with_what_resamend_inspect_prints(client, folder, monkeypatch, capsys):
    from resamend.entry import main

    monkeypatch.chdir(folder)
    monkeypatch.setattr("sys.argv", ["resamend", "inspect", COP14_DRAFT.name, "--json"])
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main()
    printed = capsys.readouterr().out
    answer = send(client, "/api/inspect", draft=folder / COP14_DRAFT.name)
    assert answer.data.decode("utf-8") == printed
    report = json.loads(answer.data)
    assert (report["instrument"], report["revision"], report["next_revision"]) == ("Resolution 11.10", "Rev.COP13", "Rev.COP14")
    assert report["renumbering"][0] == ["8bis.", "9."]


def test_redline_answers_with_the_bytes_resamend_redline_writes(client, folder, monkeypatch, capsys):
    cli(monkeypatch, capsys, folder, "redline", COP14_DRAFT.name, "-t", "md", "-o", "redline.md")
    answer = send(client, "/api/redline?to=md", draft=folder / COP14_DRAFT.name)
    assert answer.data == (folder / "redline.md").read_bytes()
    assert "{--2015-2023--} {++2024-2032++}" in answer.data.decode()


def test_the_redline_of_the_resolution_alone_starts_at_its_heading(client, folder):
    whole = send(client, "/api/redline?to=text", draft=folder / COP14_DRAFT.name).data.decode()
    alone = send(client, "/api/redline?to=text&instrument=1", draft=folder / COP14_DRAFT.name).data.decode()
    assert len(alone) < len(whole)
    assert "RESOLUTION 11.10" in alone.splitlines()[0].upper()
    assert "2024-2032" in alone


# --- bad input: the CLI's one-line message, 400 -------------------------------------------------


def test_a_broken_docx_is_the_clis_one_line_error(client, folder, monkeypatch, capsys):
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    status, err = cli(monkeypatch, capsys, folder, "apply", "broken.docx")
    assert status == 2
    answer = send(client, "/api/apply", draft=folder / "broken.docx")
    assert answer.status_code == 400
    assert f"resamend: error: {answer.json['error']}\n" == err
    assert answer.json["error"].startswith("broken.docx: not a readable DOCX/ZIP package")


def test_an_empty_file_is_refused_as_the_cli_refuses_it(client, folder):
    (folder / "empty.txt").write_bytes(b"  \n")
    answer = send(client, "/api/apply", draft=folder / "empty.txt")
    assert answer.status_code == 400
    assert answer.json == {"error": "empty.txt: the file is empty; give a draft with some text"}


@pytest.mark.parametrize("query, message", [
    ("to=pdf", "unknown output format 'pdf'; use one of: text, md, html, docx, json, critic"),
    ("original=maybe", "original='maybe' is not a yes/no value; use original=1 or original=0"),
    ("annex=0", "annex='0' is not a number from 1 to 99; give annex=N"),
    ("marks=word", "marks='word' is not a kind of marks; use marks=all (tracked changes and underline/strike) or marks=tracked"),
])
def test_bad_options_are_a_one_line_error(client, folder, query, message):
    answer = send(client, f"/api/apply?{query}", draft=folder / REV_COP14.name)
    assert answer.status_code == 400
    assert answer.json == {"error": message}


def test_a_missing_file_field_says_which_field_to_send(client, folder):
    answer = send(client, "/api/diff", old=folder / REV_COP13.name)
    assert answer.status_code == 400
    assert answer.json == {"error": "no file was sent as 'new'; send it as the multipart/form-data field 'new'"}


def test_a_broken_base_for_check_is_an_error_naming_it(client, folder):
    (folder / "base.docx").write_bytes(b"PK\x03\x04 not really a zip")
    answer = send(client, "/api/check", draft=folder / COP14_DRAFT.name, base=folder / "base.docx")
    assert answer.status_code == 400
    assert answer.json["error"].startswith("base.docx: not a readable DOCX/ZIP package")


def test_a_broken_draft_for_check_is_trouble_in_the_report_as_the_cli_writes_it(client, folder, monkeypatch, capsys):
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    status, _ = cli(monkeypatch, capsys, folder, "check", "broken.docx", "--format", "json", "-o", "report.json")
    assert status == 2
    answer = send(client, "/api/check?to=json", draft=folder / "broken.docx")
    assert answer.status_code == 200 and answer.headers["X-Resamend-Exit-Status"] == "2"
    assert answer.data == (folder / "report.json").read_bytes()
    report = json.loads(answer.data)["files"][0]
    assert report["status"] == "trouble"
    assert report["error"].startswith("broken.docx: not a readable DOCX/ZIP package")


def test_a_file_name_is_a_label_never_a_path(client):
    data = {"draft": (io.BytesIO(b"The text {++added++}.\n"), "../../../../etc/passwd")}
    answer = client.post("/api/apply", data=data, headers=HOST, content_type="multipart/form-data")
    assert answer.status_code == 200
    assert answer.data.decode() == "The text added.\n"
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="passwd-consolidated.txt"')
    broken = {"draft": (io.BytesIO(b"PK\x03\x04 x"), "/etc/hostname")}
    assert client.post("/api/apply", data=broken, headers=HOST).json["error"].startswith("hostname: not a readable")


def test_unknown_pages_and_methods_are_json_errors(client):
    assert client.get("/nowhere", headers=HOST).status_code == 404
    assert "error" in client.get("/nowhere", headers=HOST).json
    assert client.get("/api/apply", headers=HOST).status_code == 405
    assert client.get("/static/../app.py", headers=HOST).status_code == 404
    assert client.get("/static/operations.py", headers=HOST).status_code == 404


def test_without_a_format_each_endpoint_answers_as_the_command_writes_to_a_pipe(client, folder, monkeypatch, capsys):
    _, piped, _ = cli_output(monkeypatch, capsys, folder, "diff", REV_COP13.name, REV_COP14.name)
    answer = send(client, "/api/diff", old=folder / REV_COP13.name, new=folder / REV_COP14.name)
    assert answer.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert answer.data == piped
    _, piped, _ = cli_output(monkeypatch, capsys, folder, "apply", COP14_DRAFT.name)
    assert send(client, "/api/apply", draft=folder / COP14_DRAFT.name).data == piped
    cli(monkeypatch, capsys, folder, "check", COP14_DRAFT.name, "--base", "published.txt", "-o", "report.txt")
    answer = send(client, "/api/check", draft=folder / COP14_DRAFT.name, base=folder / "published.txt")
    assert answer.data == (folder / "report.txt").read_bytes()


def test_an_unknown_option_is_an_error_not_ignored(client, folder):
    answer = send(client, "/api/diff?to=docx&track-changes=1", old=folder / REV_COP13.name, new=folder / REV_COP14.name)
    assert answer.status_code == 400
    assert answer.json["error"] == ("unknown option 'track-changes' for /api/diff; "
                                    "use to, track_changes, author, date, granularity, marks")


def test_a_form_of_many_parts_is_refused_saying_so(client):
    data = {f"field{k}": (io.BytesIO(b"x"), f"f{k}.txt") for k in range(40)}
    answer = client.post("/api/apply", data=data, headers=HOST)
    assert answer.status_code == 413
    assert answer.json["error"].startswith("the form has more than 16 parts")


def test_the_api_describes_itself(client):
    index = client.get("/api/", headers=HOST).json
    assert set(index["endpoints"]) == {"POST /api/apply", "POST /api/redline", "POST /api/diff", "POST /api/check", "POST /api/inspect"}


# --- who may ask -------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["attacker.example:8765", "attacker.example", "127.0.0.1:8766", "127.0.0.1.nip.io:8765",
                                  "localhost.attacker.example:8765", ""])
def test_a_wrong_host_header_is_refused(client, folder, host):
    answer = send(client, "/api/apply", headers={"Host": host}, draft=folder / REV_COP14.name)
    assert answer.status_code == 403
    assert "answers at http://127.0.0.1:8765/ only" in answer.json["error"]
    assert client.get("/", headers={"Host": host}).status_code == 403


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "LOCALHOST:8765", "[::1]:8765"])
def test_the_loopback_names_are_accepted(client, folder, host):
    assert send(client, "/api/apply", headers={"Host": host}, draft=folder / REV_COP14.name).status_code == 200


def test_on_all_addresses_only_address_literals_and_this_machines_names_are_accepted():
    import socket

    assert host_allowed("192.168.1.20:8765", "0.0.0.0", 8765)
    assert host_allowed(f"{socket.gethostname()}:8765", "0.0.0.0", 8765)
    assert host_allowed("localhost:8765", "0.0.0.0", 8765)
    assert not host_allowed("attacker.example:8765", "0.0.0.0", 8765)
    assert not host_allowed("192.168.1.20:8000", "0.0.0.0", 8765)
    assert not host_allowed("192.168.1.20:8765", "127.0.0.1", 8765)


@pytest.mark.parametrize("headers", [
    {"Origin": "http://attacker.example"},
    {"Origin": "http://127.0.0.1:9999"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
])
def test_a_cross_origin_post_is_refused(client, folder, headers):
    answer = send(client, "/api/apply", headers={**HOST, **headers}, draft=folder / REV_COP14.name)
    assert answer.status_code == 403
    assert answer.json == {"error": "a request from another web site was refused; use the page this server serves"}


@pytest.mark.parametrize("headers", [{}, {"Origin": "http://127.0.0.1:8765", "Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}])
def test_the_page_itself_and_scripts_may_post(client, folder, headers):
    assert send(client, "/api/apply", headers={**HOST, **headers}, draft=folder / REV_COP14.name).status_code == 200


def test_same_origin_means_this_scheme_host_and_port():
    assert same_origin("http://localhost:8765", "same-origin", "localhost:8765")
    assert not same_origin("https://localhost:8765", None, "localhost:8765")
    assert not same_origin("http://localhost:8765", None, "127.0.0.1:8765")


def test_the_page_forbids_foreign_scripts_and_framing(client):
    page = client.get("/", headers=HOST)
    assert page.status_code == 200 and b"<title>resamend</title>" in page.data
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_every_asset_is_served_by_resamend():
    import re
    from importlib import resources

    folder = resources.files("resamend.web") / "static"
    names = sorted(entry.name for entry in folder.iterdir())
    assert {"index.html", "app.js", "style.css"} <= set(names)
    for name in names:
        text = re.sub(r'xmlns="[^"]*"', "", (folder / name).read_text(encoding="utf-8"))  # a name, not a fetch
        for link in re.findall(r'(?:src|href)="([^"]*)"|url\(([^)]*)\)', text):
            assert "".join(link).startswith(("/", "#")) and not "".join(link).startswith("//"), (name, link)
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I), name  # no CDN, no web font
        assert "import(" not in text


# --- limits -----------------------------------------------------------------------------------------------


def test_the_upload_limit_is_the_clis_input_limit():
    from resamend import cli as command_line

    assert create_app().config["RESAMEND_MAX_INPUT"] == command_line.MAX_INPUT_BYTES


def test_a_file_over_the_limit_is_refused_with_the_clis_words():
    app = create_app(max_input_bytes=1 << 20)
    app.config["RESAMEND_ADDRESS"] = ("127.0.0.1", 8765)
    data = {"draft": (io.BytesIO(b"x" * ((1 << 20) + 1)), "big.txt")}
    answer = app.test_client().post("/api/apply", data=data, headers=HOST)
    assert answer.status_code == 400
    assert answer.json == {"error": "big.txt: file is too large (1048577 bytes); resamend reads files up to 1 MiB"}


def test_an_oversized_upload_is_refused_before_it_is_read():
    """The server answers 413 on the headers alone: a client that says it
    sends 10 GiB gets its answer without sending them."""
    import http.client

    with running_server(max_input_bytes=1 << 20) as server:
        connection = http.client.HTTPConnection(*server.server_address[:2], timeout=20)
        connection.putrequest("POST", "/api/apply")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(10 << 30))
        connection.endheaders(b"--x\r\n")
        response = connection.getresponse()
        assert response.status == 413
        assert json.loads(response.read()) == {"error": "the upload is too large; resamend reads files up to 1 MiB"}
        connection.close()


def test_uploads_are_held_in_memory_never_on_disk(monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("an upload went to a temporary file")

    for name in ("TemporaryFile", "SpooledTemporaryFile", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big = ("A paragraph of {++new++} text that goes on. " * 20 + "\n\n") * 600  # ~ 1 MB
    with running_server() as server:
        status, _, body = post(server, "/api/apply", {"draft": ("big.txt", big.encode())})
    assert status == 200, body[:200]
    assert body.count(b"new text") == 600 * 20


def test_twenty_concurrent_requests_get_twenty_correct_unmixed_answers():
    """Twenty drafts, each with its own resolution number and inserted word,
    sent at the same moment to a real server: each answer is its own."""
    count = 20
    drafts = {k: f"Draft {k}: the Parties {{++agree{k}++}}{{--refuse{k}--}} to act.\n\n{{--Old {k}.--}}{{++New {k}.++}}\n".encode()
              for k in range(count)}
    answers: dict[int, tuple] = {}
    barrier = threading.Barrier(count, timeout=60)

    def ask(k: int) -> None:
        barrier.wait()
        answers[k] = post(server, "/api/apply?to=text", {"draft": (f"draft-{k}.txt", drafts[k])})

    with running_server() as server:
        threads = [threading.Thread(target=ask, args=(k,)) for k in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert sorted(answers) == list(range(count))
    for k, (status, headers, body) in answers.items():
        assert status == 200, body
        assert body.decode() == f"Draft {k}: the Parties agree{k} to act.\n\nNew {k}.\n"
        assert headers["Content-Disposition"].startswith(f'attachment; filename="draft-{k}-consolidated.txt"')


# --- hostile input: the CLI's defences, the CLI's words -----------------------------------------------


@pytest.mark.parametrize("kind", ["billion-laughs", "external-entity"])
def test_an_xml_attack_is_refused_as_the_cli_refuses_it(client, tmp_path, monkeypatch, capsys, kind):
    from hostile_factory import small_docx, with_xml_attack

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (tmp_path / "attack.docx").write_bytes(with_xml_attack(small_docx(), "word/document.xml", kind, secret.as_uri()))
    status, err = cli(monkeypatch, capsys, tmp_path, "apply", "attack.docx")
    assert status == 2
    answer = send(client, "/api/apply", draft=tmp_path / "attack.docx")
    assert answer.status_code == 400
    assert f"resamend: error: {answer.json['error']}\n" == err
    assert "TOP SECRET" not in answer.json["error"]


def test_a_zip_bomb_is_refused_before_it_is_inflated(client, tmp_path, monkeypatch, capsys):
    from hostile_factory import write_zip_bomb

    write_zip_bomb(tmp_path / "bomb.docx", 1024**3)  # 1 GiB of zeros in about 1 MB
    status, err = cli(monkeypatch, capsys, tmp_path, "apply", "bomb.docx")
    assert status == 2
    answer = send(client, "/api/apply", draft=tmp_path / "bomb.docx")
    assert answer.status_code == 400
    assert f"resamend: error: {answer.json['error']}\n" == err


def test_many_warnings_are_counted_when_they_do_not_fit_in_the_header():
    from resamend.diagnostics import Diagnostic, Location, Severity
    from resamend.web.app import DIAGNOSTICS_HEADER_BYTES, _diagnostics_header

    many = [Diagnostic("seam-space", Severity.WARNING, f"doubled space number {k} " + "x" * 200, Location(block=k))
            for k in range(500)]
    notes = [Diagnostic("note-dropped", Severity.INFO, "a note")]
    listed, omitted = _diagnostics_header(many + notes)
    assert len(listed) <= DIAGNOSTICS_HEADER_BYTES and listed.isascii()
    shown = json.loads(listed)
    assert [d["message"] for d in shown] == [d.message for d in many[:len(shown)]]
    assert len(shown) + omitted == 500  # infos are left to /api/inspect
