"""Readers: one module per format, registered here by name.

A reader module defines ``read(data: bytes, options: ReadOptions) ->
Result[Document]``.  Adding a format is one module and one line in
``READERS``.  Modules are imported only when used, so that ``resamend
--help`` does not pay for lxml.

A reader may also define ``open_source(data)`` and ``read_source(source,
options)``: :func:`read` then returns a :class:`SourcedResult` carrying the
opened source as an opaque handle (for DOCX, the checked package), which the
command line passes to the writer as its template, so that the input is not
read and unpacked a second time.

Inputs are recognised by their content first (:func:`detect_format`):
formats resamend does not read (PDF, legacy Word, RTF, OpenDocument, flat
OpenDocument, Word 2003 XML) are refused by name, each with what to do.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
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
    #: text input: "blank" (paragraphs end at blank lines), "lines" (one
    #: paragraph per line, hard-wrapped lines joined) or None (lines when the
    #: text has no blank line and more than one line, else blank)
    paragraphs: str | None = None

    @property
    def rules(self) -> MarkRules:
        return MARK_RULES[self.convention]


@dataclass(frozen=True)
class SourcedResult(Result[Document]):
    """A reader's result with the source it opened: an opaque handle that
    only a writer of the same format looks into (``WriteOptions.template``)."""

    source: object | None = field(default=None, compare=False, repr=False)


def source_of(result) -> object | None:
    """The opened source a :func:`read` result carries, if any."""
    return getattr(result, "source", None)


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
_READ = "resamend reads Word .docx, HTML, text and JSON"
_FLAT_OPC = b"http://schemas.microsoft.com/office/2006/xmlPackage"
_WORD_2003 = b"http://schemas.microsoft.com/office/word/2003/wordml"
_ODF_OFFICE = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_MIMETYPE = re.compile(rb"mimetype(application/vnd\.oasis\.opendocument\.[a-z-]+)")
_NAME = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)")
# what may stand before the root element, and where each ends
_PROLOG = ((b"<?", b"?>"), (b"<!--", b"-->"), (b"<!DOCTYPE", b">"))


def _xml_root(data: bytes, namespace: bytes) -> bytes | None:
    """The local name of the root element of ``data`` (after the XML
    declaration, processing instructions, comments and a document type
    declaration, which is refused later, when it is parsed), when the start
    of the file declares ``namespace``; None otherwise.  One pass, no
    backtracking."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if namespace not in head:
        return None
    pos = 0
    while True:
        while pos < len(head) and head[pos : pos + 1].isspace():
            pos += 1
        for start, end in _PROLOG:
            if head.startswith(start, pos):
                if start == b"<!DOCTYPE" and b"[" in head[pos : head.find(b">", pos)]:
                    end = b"]>"  # an internal subset
                found = head.find(end, pos + len(start))
                if found == -1:
                    return None
                pos = found + len(end)
                break
        else:
            name = _NAME.match(head, pos)
            return name.group(1) if name else None


def _refuse_foreign(data: bytes) -> None:
    """Refuse, by name, a format resamend does not read (by its content)."""
    if b"%PDF-" in data[:1024]:
        raise UnsupportedFormat("a PDF file", f"{_READ}; open the draft in Word and save it as .docx")
    if data.startswith(OLE2_MAGIC):
        raise UnsupportedFormat(
            "this is a legacy Word .doc file or a password-protected .docx (an OLE2 container)",
            "save it from Word as an unprotected .docx and try again",
        )
    if _head(data)[:200].lower().startswith((b"mime-version:", b"from:", b"date:", b"subject:")) and b"multipart/related" in data[:4096].lower():
        raise UnsupportedFormat(
            "a web archive (MHTML, .mht), as Word saves a \"Single File Web Page\"",
            f"{_READ}; save it from Word as .docx, or as a web page (.htm)",
        )
    if _head(data).startswith(b"{\\rtf"):
        raise UnsupportedFormat("an RTF file", f"{_READ}; open it in Word and save it as .docx")
    odf = _ODF_MIMETYPE.match(data, 30, 120) if data.startswith(ZIP_MAGIC) else None
    if odf:
        kind = odf.group(1).decode().rsplit(".", 1)[-1]
        raise UnsupportedFormat(
            f"an OpenDocument {kind} file (.odt, .ods …), not a Word .docx",
            f"{_READ}; open it in LibreOffice or Word and save it as Word .docx",
        )
    if _xml_root(data, _ODF_OFFICE) in (b"document", b"document-content"):
        raise UnsupportedFormat(
            "a flat OpenDocument file (.fodt), not a Word .docx",
            f"{_READ}; open it in LibreOffice or Word and save it as Word .docx",
        )
    if _xml_root(data, _WORD_2003) == b"wordDocument":
        from ..formats.docx_package import word_2003_xml

        raise word_2003_xml()


def _head(data: bytes) -> bytes:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start


def _is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def _is_docx(data: bytes) -> bool:
    """A ZIP package, or Flat OPC: Word's "Word XML Document", the parts of
    a package inline in one XML file (``<pkg:package>``)."""
    return _is_zip(data) or _xml_root(data, _FLAT_OPC) == b"package"


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
        ReaderEntry("docx", "resamend.readers.docx", (".docx", ".docm", ".dotx", ".dotm"), _is_docx, "Word document (underline/strike and tracked changes)"),
        ReaderEntry("html", "resamend.readers.html", (".html", ".htm", ".xhtml"), _is_html, "HTML with <ins>/<u> and <del>/<s>"),
        ReaderEntry("json", "resamend.readers.json", (".json",), _is_json, "resamend JSON (document or amendment set)"),
        ReaderEntry("text", "resamend.readers.text", (".txt", ".md", ".markdown", ".critic", ""), lambda _d: True, "plain text or CriticMarkup"),
    )
}


def detect_format(data: bytes, filename: str | None = None) -> str:
    """The reader for ``data``: by content first, then by extension.

    Content wins because drafts arrive renamed; a format resamend does not
    read (PDF, legacy or encrypted Word, RTF, OpenDocument and flat
    OpenDocument, Word 2003 XML) is refused here with a message saying what
    it is and what to do.
    """
    _refuse_foreign(data)
    if _is_docx(data):
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
    module = entry.load()
    source = None
    if hasattr(module, "open_source"):
        source = module.open_source(data)
        result = module.read_source(source, options)
    else:
        result = module.read(data, options)
    doc, unencodable = replace_unencodable(result.value, options.source)
    if unencodable:
        result = Result(doc, result.diagnostics + unencodable)
    if source is None:
        return result
    return SourcedResult(result.value, result.diagnostics, source=source)
