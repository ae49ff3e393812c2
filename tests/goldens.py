"""The one golden-file helper of the test suite.

``check_golden(path, actual)`` fails when the output differs from the golden
file *and* when the golden file is missing: a golden is written only on
purpose, with ``pytest --update-goldens`` (or ``RESAMEND_UPDATE_GOLDENS=1``),
and the diff is reviewed before it is committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def updating() -> bool:
    """Whether this run rewrites the goldens (``--update-goldens``, see conftest.py)."""
    return os.environ.get("RESAMEND_UPDATE_GOLDENS") == "1"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def check_golden(path: Path, actual: str) -> None:
    """``actual`` must equal the text of the golden file ``path``."""
    if updating():
        if not path.exists() or path.read_text(encoding="utf-8") != actual:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
        return
    if not path.exists():
        pytest.fail(f"golden file {_shown(path)} is missing; run pytest --update-goldens, review it and commit it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{_shown(path)} differs; if deliberate, run pytest --update-goldens and review the diff"
