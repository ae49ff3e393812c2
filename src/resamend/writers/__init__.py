"""Writers: one module per format, registered here by name.

A writer module defines ``write(doc: Document, options: WriteOptions) ->
bytes``.  A writer renders whatever marks the document carries: a clean
document gives a clean text, a marked document a redline (CriticMarkup in
text and Markdown, ``<ins>``/``<del>`` in HTML, underline/strike or tracked
changes in DOCX).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..diagnostics import UsageError
from ..model import Document


@dataclass(frozen=True)
class WriteOptions:
    track_changes: bool = False  # DOCX: real revisions instead of underline/strike
    author: str = "resamend"  # tracked-change author
    date: str | None = None  # ISO 8601 revision date; the clock is passed in
    template: bytes | None = None  # source DOCX whose styles/numbering/page setup to keep
    title: str | None = None  # HTML page title
    attribute: bool = False  # name each change's author (Segment.change.author): tracked-change authors, {>>author<<}, colours
    conflicts: tuple[str, ...] = ()  # HTML: a list of conflicts to show after the legend (resamend compile)


@dataclass(frozen=True)
class WriterEntry:
    name: str
    module: str
    extensions: tuple[str, ...]
    binary: bool
    description: str

    def load(self):
        return importlib.import_module(self.module)


WRITERS: dict[str, WriterEntry] = {
    e.name: e
    for e in (
        WriterEntry("text", "resamend.writers.text", (".txt",), False, "plain text, one paragraph per line (marks as CriticMarkup)"),
        WriterEntry("md", "resamend.writers.md", (".md", ".markdown"), False, "Markdown; marks as CriticMarkup"),
        WriterEntry("critic", "resamend.writers.text", (".critic",), False, "CriticMarkup, paragraphs separated by blank lines"),
        WriterEntry("html", "resamend.writers.html", (".html", ".htm"), False, "standalone HTML page; marks as <ins>/<del>"),
        WriterEntry("docx", "resamend.writers.docx", (".docx",), True, "Word document; marks as underline/strike or tracked changes"),
        WriterEntry("json", "resamend.writers.json", (".json",), False, "resamend JSON document"),
    )
}


#: the terminal redline (``-t terminal``) is written by the command line, not by a writer
TERMINAL_DESCRIPTION = "redline for the terminal: colour, underline and strike; [-old-]{+new+} when piped without colour"


def extension_of(path: str) -> str:
    """``.docx`` for ``a/Res. 11.10.DOCX``; "" when the name has none."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def format_for_path(path: str | None, default: str = "text") -> str:
    """The output format an ``-o`` path asks for by its extension: the
    default for standard output or a name without one (``/dev/null``); an
    error naming the formats and ``-t`` for an extension resamend does not
    write (``.pdf``, ``.doc``, ``.odt`` …), never plain text in disguise."""
    if not path or path == "-":
        return default
    ext = extension_of(path)
    if not ext:
        return default
    for entry in WRITERS.values():
        if ext in entry.extensions:
            return entry.name
    known = ", ".join(f"{e.name} ({' '.join(e.extensions)})" for e in WRITERS.values())
    raise UsageError(
        f"resamend does not write {ext} files",
        f"name the output after a format it writes: {known}; or give the format with -t FORMAT",
        path=path,
    )


def write(doc: Document, fmt: str = "text", options: WriteOptions = WriteOptions()) -> bytes:
    try:
        entry = WRITERS[fmt]
    except KeyError:
        raise UsageError(f"unknown output format {fmt!r}", "use one of: " + ", ".join(WRITERS)) from None
    return entry.load().write(doc, options)
