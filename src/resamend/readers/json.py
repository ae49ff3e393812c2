"""Read a resamend JSON document (``resamend.document/1``)."""

from __future__ import annotations

import json

from ..diagnostics import InputError, Result
from ..model import Document
from ..serialize import document_from_data
from . import ReadOptions
from .text import decode


def load_json(data: bytes, source: str | None = None):
    try:
        return json.loads(decode(data, source))
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", "check the file is complete JSON", path=source) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", "check the file is a resamend JSON document", path=source) from None


def read(data: bytes, options: ReadOptions = ReadOptions()) -> Result[Document]:
    obj = load_json(data, options.source)
    if isinstance(obj, dict) and str(obj.get("format", "")).startswith("resamend.amendments/"):
        raise InputError(
            "this is an amendment set, not a document",
            "apply it to a base text: resamend apply SET.json --base BASE",
            path=options.source,
        )
    try:
        doc = document_from_data(obj)
    except InputError as exc:
        raise exc.with_path(options.source) if options.source else exc
    return Result(doc)
