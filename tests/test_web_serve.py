"""`resamend serve`: the command that starts the page."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time

import pytest


def test_serve_without_flask_names_the_install_command(monkeypatch, capsys):
    from resamend.entry import main

    for name in [m for m in sys.modules if m == "flask" or m.startswith(("flask.", "resamend.web"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "flask", None)  # import flask → ImportError, as when it is not installed
    monkeypatch.setattr(sys, "argv", ["resamend", "serve"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err == "resamend: error: the web page needs Flask, which is not installed; install it with: pip install 'resamend[web]'\n"


def test_serve_help_has_an_example():
    from click.testing import CliRunner

    from resamend.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "resamend serve --open" in result.output


def test_serve_prints_its_address_answers_there_and_stops_on_ctrl_c():
    pytest.importorskip("flask")
    process = subprocess.Popen([sys.executable, "-m", "resamend", "serve", "--port", "0"], stderr=subprocess.PIPE,
                               stdout=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    try:
        line = process.stderr.readline().decode()  # blocks until the server is listening (or has failed)
        found = re.fullmatch(r"resamend: serving http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)\n", line)
        assert found, line
        connection = http.client.HTTPConnection("127.0.0.1", int(found.group(1)), timeout=20)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 200 and b"<title>resamend</title>" in response.read()
        connection.close()
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=20)
        rest = process.stderr.read().decode()
        assert status == 130, rest
        assert "Traceback" not in rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_a_port_in_use_is_a_one_line_error():
    pytest.importorskip("flask")
    import socket

    from resamend.diagnostics import UsageError
    from resamend.web.server import bind

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError) as error:
            bind("127.0.0.1", port)
    assert str(error.value).startswith(f"cannot listen on 127.0.0.1:{port} (")
    assert str(error.value).endswith("; choose another --port (or --host), or stop the program using it")
