"""The resamend.document/1 JSON format (stable key order, UTF-8)."""

from __future__ import annotations

import json

from ..model import Document
from ..serialize import document_to_data
from . import WriteOptions


def write(doc: Document, options: WriteOptions = WriteOptions()) -> bytes:
    return (json.dumps(document_to_data(doc), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
