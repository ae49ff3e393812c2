"""Readers: one module per format, registered here by name.

A reader module defines ``read(data: bytes, options: ReadOptions) ->
Result[Document]``.  Adding a format is one module and one line in
``READERS``.  Modules are imported only when used, so that ``resamend
--help`` does not pay for lxml.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Callable

from ..conventions import MARK_RULES, MarkRules
from ..diagnostics import InputError, Result, UnsupportedFormat
from ..model import Document
from ..normalize import replace_unencodable

CONVENTIONS = tuple(MARK_RULES)


@dataclass(frozen=True)
class ReadOptions:
    """``convention``: which marks mean insert/delete, the name of one of
    the :data:`~resamend.conventions.MARK_RULES` every reader applies.

    * ``cms`` (default): tracked changes *and* underline/strike formatting;
    * ``tracked``: tracked changes only, formatting is formatting;
    """

    convention: str = "cms"
    source: str | None = None  # file name, for messages

    @property
    def rules(self) -> MarkRules:
        return MARK_RULES[self.convention]


@dataclass(frozen=True)
class ReaderEntry:
    name: str
    module: str
    extensions: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    description: str

    def load(self):
        return importlib.import_module(self.module)


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _head(data: bytes) -> bytes:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start


def _is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


_JSON_OBJECT = re.compile(rb'\{\s*(?:"|\})')


def _is_json(data: bytes) -> bool:
    """A JSON object; "{--" or "{++" is CriticMarkup, "[" is just text."""
    return bool(_JSON_OBJECT.match(_head(data)))


def _is_html(data: bytes) -> bool:
    head = _head(data).lower()
    return head.startswith((b"<!doctype html", b"<html", b"<body", b"<p", b"<h1", b"<div", b"<meta", b"<?xml")) and b"<" in head


READERS: dict[str, ReaderEntry] = {
    e.name: e
    for e in (
        ReaderEntry("docx", "resamend.readers.docx", (".docx", ".docm", ".dotx", ".dotm"), _is_zip, "Word document (underline/strike and tracked changes)"),
        ReaderEntry("html", "resamend.readers.html", (".html", ".htm", ".xhtml"), _is_html, "HTML with <ins>/<u> and <del>/<s>"),
        ReaderEntry("json", "resamend.readers.json", (".json",), _is_json, "resamend JSON (document or amendment set)"),
        ReaderEntry("text", "resamend.readers.text", (".txt", ".md", ".markdown", ".critic", ""), lambda _d: True, "plain text or CriticMarkup"),
    )
}


def detect_format(data: bytes, filename: str | None = None) -> str:
    """The reader for ``data``: by content first, then by extension.

    Content wins because drafts arrive renamed; a legacy or encrypted Word
    file (an OLE2 container) is refused here with a message saying what to do.
    """
    if data.startswith(OLE2_MAGIC):
        raise UnsupportedFormat(
            "this is a legacy Word .doc file or a password-protected .docx (an OLE2 container)",
            "save it from Word as an unprotected .docx and try again",
        )
    if _is_zip(data):
        return "docx"
    ext = ""
    if filename and "." in filename.rsplit("/", 1)[-1]:
        ext = "." + filename.rsplit(".", 1)[-1].lower()
    for entry in READERS.values():
        if ext and ext in entry.extensions and entry.name != "docx":
            return entry.name
    if ext in READERS["docx"].extensions:
        raise InputError("not a DOCX file (no ZIP package inside)", "check that the file is a Word .docx and not damaged")
    for name in ("json", "html"):
        if READERS[name].sniff(data):
            return name
    return "text"


def read(data: bytes, fmt: str | None = None, options: ReadOptions = ReadOptions()) -> Result[Document]:
    """Read ``data`` as ``fmt`` (detected when None)."""
    name = fmt or detect_format(data, options.source)
    try:
        entry = READERS[name]
    except KeyError:
        raise InputError(f"unknown input format {name!r}", "use one of: " + ", ".join(READERS)) from None
    if options.convention not in CONVENTIONS:
        raise InputError(f"unknown convention {options.convention!r}", "use one of: " + ", ".join(CONVENTIONS))
    result = entry.load().read(data, options)
    doc, unencodable = replace_unencodable(result.value, options.source)
    if not unencodable:
        return result
    return Result(doc, result.diagnostics + unencodable)
