"""Helpers for the web tests: a real server on an ephemeral port, requests
as a browser or a script sends them, and the CLI's own bytes to compare."""

from __future__ import annotations

import http.client
import sys
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
COP14_DRAFT = SAMPLES / "cms-cop14-doc18.1-synergies.docx"
REV_COP13 = SAMPLES / "cms-res-11.10-rev-cop13.txt"
REV_COP14 = SAMPLES / "cms-res-11.10-rev-cop14.txt"


@contextmanager
def running_server(max_input_bytes: int | None = None):
    """``resamend serve`` on 127.0.0.1 and a free port, in a thread; stopped
    (and its socket closed) when the block ends."""
    from resamend.web.server import bind

    server = bind("127.0.0.1", 0, max_input_bytes=max_input_bytes)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def multipart(files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = uuid.uuid4().hex
    parts = []
    for field, (name, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(server, path: str, files: dict[str, tuple[str, bytes]], headers: dict[str, str] | None = None, timeout: float = 120):
    """POST to the running server; (status, headers, body)."""
    body, content_type = multipart(files)
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": content_type, **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def cli(monkeypatch, capsys, cwd: Path, *args: str) -> tuple[int, str]:
    """Run the resamend command in this process (in ``cwd``): (status, stderr)."""
    status, _, err = cli_output(monkeypatch, capsys, cwd, *args)
    return status, err


def cli_output(monkeypatch, capsys, cwd: Path, *args: str) -> tuple[int, bytes, str]:
    """Run the resamend command in this process (in ``cwd``, its standard
    output a pipe): (status, stdout bytes, stderr)."""
    from resamend.entry import main

    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["resamend", *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main()
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out.encode("utf-8"), captured.err
