"""The README's examples are executed, and what they show must be what a
user gets.

Every ```console block is a session: lines starting with ``$ `` are run by
bash in a temporary copy of the samples (so examples may write files), the
lines after a command are its expected output.  A line ``...`` stands for
any number of lines; otherwise lines must match exactly and in order.
A command ending in ``# exit N`` must exit with status N (0 otherwise).
The Quick start block (```sh) is run by .ci/run itself, not here; every
```python block is run too and must finish without error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def sessions():
    text = README.read_text(encoding="utf-8")
    for n, block in enumerate(re.findall(r"```console\n(.*?)```", text, re.S), 1):
        yield pytest.param(block, id=f"block{n}")


def parse(block: str):
    """[(command, expected_status, [expected lines])]"""
    steps = []
    for line in block.splitlines():
        if line.startswith("$ "):
            command = line[2:]
            status = 0
            m = re.search(r"\s+# exit (\d+)$", command)
            if m:
                status, command = int(m.group(1)), command[: m.start()]
            steps.append((command, status, []))
        elif steps:
            steps[-1][2].append(line)
    return steps


def matches(expected: list[str], actual: list[str]) -> bool:
    """Expected lines in order, ``...`` matching any run of lines."""
    if not expected:
        return True
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == expected[0].rstrip() and matches(expected[1:], actual[1:])


@pytest.mark.parametrize("block", list(sessions()))
def test_readme_example_gives_what_it_shows(block, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(ROOT / "samples", work / "samples")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "TERM": "dumb",
    }
    for command, status, expected in parse(block):
        proc = subprocess.run(["bash", "-c", command], cwd=work, capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == status, f"$ {command}\n{proc.stderr}"
        actual = (proc.stdout + proc.stderr).splitlines()
        # trailing blank lines are not part of what a reader sees
        while expected and not expected[-1].strip():
            expected.pop()
        assert matches(expected, actual), f"$ {command}\n--- expected\n" + "\n".join(expected) + "\n--- got\n" + "\n".join(actual)


def python_blocks():
    text = README.read_text(encoding="utf-8")
    for n, block in enumerate(re.findall(r"```python\n(.*?)```", text, re.S), 1):
        yield pytest.param(block, id=f"python{n}")


@pytest.mark.parametrize("block", list(python_blocks()))
def test_readme_python_example_runs(block, tmp_path):
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    proc = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), "the example prints nothing"


def test_readme_quick_start_has_exactly_two_commands():
    section = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    assert len([line for line in block.splitlines() if line.strip()]) == 2
