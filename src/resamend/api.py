"""The Python API: the library's functions, taking what a user has at hand.

Every function that reads a document takes a **source**: a path (``str`` or
``pathlib.Path``; read with the same cap and messages as the command line),
the bytes of a file (``bytes``, ``bytearray``, ``memoryview``), or a
:class:`~resamend.model.Document` already read.  A ``str`` is always a path;
pass text as bytes (``text.encode()``), or use :func:`diff_text`.  Bad input
raises :class:`~resamend.diagnostics.ResamendError` (``InputError`` …) whose
message names the file, what is wrong and what to do; nothing is printed.

``diff`` and ``check`` are the names of modules of the package
(``resamend.diff``, ``resamend.check``), so the functions are
:func:`diff_documents` and :func:`check_draft`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Union

from .diagnostics import InputError, Result
from .model import Document
from .readers import ReadOptions
from .writers import WriteOptions

if TYPE_CHECKING:  # pragma: no cover
    from .amendments import AmendmentSet
    from .check import FileReport

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Document]

_BYTES = (bytes, bytearray, memoryview)


def read(source: Source, fmt: str | None = None, options: ReadOptions | None = None) -> Result[Document]:
    """Read a draft: ``Result(value=Document, diagnostics=(…))``.

    ``fmt`` is ``docx``, ``html``, ``json`` or ``text`` (default: from the
    content, then the file's extension); ``options.convention`` is ``cms``
    (tracked changes and underline/strike) or ``tracked``."""
    from .readers import read as read_bytes

    options = options or ReadOptions()
    if isinstance(source, Document):
        return Result(source, ())
    data, name = _bytes_of(source)
    if name is not None and options.source is None:
        from dataclasses import replace

        options = replace(options, source=name)
    try:
        return read_bytes(data, fmt, options)
    except InputError as exc:
        raise exc.with_path(name) if name else exc


def write(doc: Document, fmt: str | None = None, options: WriteOptions | None = None, *, to: str | os.PathLike | None = None) -> bytes:
    """Render ``doc`` as ``fmt`` (text, md, critic, html, docx, json) and
    return the bytes; with ``to``, also write them to that path safely (as
    ``-o`` does: atomically, into a device or FIFO, keeping a file's mode).
    Without ``fmt`` the format follows the extension of ``to`` (else text)."""
    from .writers import format_for_path
    from .writers import write as render

    path = os.fspath(to) if to is not None else None
    data = render(doc, fmt or format_for_path(path, "text"), options or WriteOptions())
    if path is not None:
        from .files import write_output

        write_output(data, path, binary=(fmt or format_for_path(path, "text")) == "docx")
    return data


def diff_documents(old: Source, new: Source, *, granularity: str = "word") -> Document:
    """One marked document whose accepted view is ``new`` and whose
    rejected view is ``old`` (marked inputs are compared in their final
    view).  ``granularity``: ``word`` or ``char``."""
    from .amend import accept
    from .diff import diff_documents as compare

    return compare(accept(_document(old)), accept(_document(new)), granularity=granularity)


def diff_text(old: str, new: str, to: str = "md", *, granularity: str = "word") -> str | bytes:
    """The redline between two texts, in one call: ``str`` for the text
    formats (``md``/``critic``/``text``: CriticMarkup, ``html``: a page,
    ``json``), ``bytes`` for ``docx``.  The texts are read as resamend reads
    a ``.txt`` file: one paragraph a line (CriticMarkup in them is read as
    marks, and compared in its final view)."""
    marked = diff_documents(old.encode("utf-8"), new.encode("utf-8"), granularity=granularity)
    data = write(marked, to)
    return data if to == "docx" else data.decode("utf-8")


def extract(draft: Source) -> Result["AmendmentSet"]:
    """The structured amendment set of a marked draft (``resamend.amendments/1``)."""
    from .amendments import extract as extract_set

    return extract_set(_document(draft))


def apply(amendments: Union["AmendmentSet", str, "os.PathLike[str]", bytes], base: Source) -> Result[Document]:
    """Apply an amendment set (an ``AmendmentSet``, or the JSON written by
    ``resamend extract`` as a path or bytes) to a clean base text: a marked
    document whose final view has the edits; an edit that cannot be placed
    is an ``unplaced-edit`` error in the diagnostics."""
    from .amendments import AmendmentSet, from_json
    from .amendments import apply as apply_set

    if not isinstance(amendments, AmendmentSet):
        data, name = _bytes_of(amendments)
        from .readers.text import decode

        amendments = from_json(decode(data, name or "-"), source=name)
    return apply_set(amendments, _document(base))


def check_draft(draft: Source, *, base: Source | None = None, expect: Source | None = None, **options) -> "FileReport":
    """Check a marked draft: its original view against ``base`` (unmarked
    edits), its consolidated text against ``expect``, and lint; the report
    (``report.status()``: clean, findings or trouble; ``report.findings``)."""
    from .check import check

    return check(_document(draft), base=None if base is None else _document(base),
                 expect=None if expect is None else _document(expect), **options)


def _document(source: Source) -> Document:
    return source if isinstance(source, Document) else read(source).value


def _bytes_of(source) -> tuple[bytes, str | None]:
    """The bytes of a source and the file name for messages (None for bytes)."""
    if isinstance(source, _BYTES):
        return bytes(source), None
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if "\n" in path and not os.path.exists(path):
            raise InputError("a str is a file name, and this one is text", "pass text as bytes (text.encode()), or use resamend.diff_text", path=path[:40] + "…")
        from .files import read_input

        return read_input(path), path
    raise TypeError(f"expected a path (str or pathlib.Path), bytes or a Document, not {type(source).__name__}")
