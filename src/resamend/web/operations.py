"""What the web API does: the commands' library calls, on bytes in memory.

Each function takes :class:`Upload` s (bytes and a name used only in
messages, never as a path) and returns an :class:`Answer` holding the same
bytes the corresponding command writes with ``-o``, its diagnostics and its
exit status.  Trouble is raised as :class:`~resamend.diagnostics.ResamendError`,
whose text is the CLI's one-line message.  No web framework here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..diagnostics import Diagnostic, InputError, ResamendError, UsageError

APPLY_FORMATS = ("text", "md", "html", "docx", "json", "critic")
REDLINE_FORMATS = ("md", "critic", "html", "docx", "json", "text")
CHECK_FORMATS = ("text", "json", "github", "junit")
# the first of each is the default, as the command writes it to a file or a pipe
MEDIA_TYPES = {
    "text": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "critic": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
    "github": "text/plain; charset=utf-8",
    "junit": "application/xml",
}
EXTENSIONS = {"text": ".txt", "md": ".md", "critic": ".critic.txt", "html": ".html", "docx": ".docx",
              "json": ".json", "github": ".txt", "junit": ".xml"}


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its bytes and a name for messages (never opened)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Answer:
    body: bytes
    fmt: str
    filename: str  # a suggested download name
    diagnostics: tuple[Diagnostic, ...] = ()
    exit_status: int = 0  # as the command's: 0 same/clean, 1 differences/findings

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.fmt]


def checked(upload: Upload, limit: int) -> Upload:
    """Refuse what ``resamend`` refuses to read from a file: an empty or an
    oversized one (the same messages)."""
    if len(upload.data) > limit:
        raise InputError(f"file is too large ({len(upload.data)} bytes)", f"resamend reads files up to {limit // 2**20} MiB",
                         path=upload.name)
    if not upload.data.strip():
        raise InputError("the file is empty", "give a draft with some text", path=upload.name)
    return upload


def choose(fmt: str | None, formats: tuple[str, ...], default: str) -> str:
    fmt = fmt or default
    if fmt not in formats:
        raise UsageError(f"unknown output format {fmt!r}", "use one of: " + ", ".join(formats))
    return fmt


def _read(upload: Upload, convention: str):
    from ..readers import ReadOptions, read

    try:
        return read(upload.data, None, ReadOptions(convention=convention, source=upload.name))
    except ResamendError as exc:
        raise exc.with_path(upload.name)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


def _template(upload: Upload, fmt: str) -> bytes | None:
    """A DOCX source lends its styles and page setup to a DOCX output."""
    return upload.data if fmt == "docx" and upload.data.startswith(b"PK\x03\x04") else None


def _write(doc, fmt: str, template_source: Upload | None, **options) -> bytes:
    from ..writers import WriteOptions, write

    template = _template(template_source, fmt) if template_source else None
    try:
        return write(doc, fmt, WriteOptions(template=template, **options))
    except ResamendError as exc:
        raise exc.with_path(template_source.name) if template is not None else exc


def apply(draft: Upload, fmt: str | None = None, *, original: bool = False, cop: int | None = None,
          renumber: bool = True, annex: int | None = None, convention: str = "cms") -> Answer:
    """``resamend apply DRAFT -t FMT [--original] [--cop N] [--no-renumber] [--annex N]``."""
    from ..consolidate import ConsolidateOptions, finish
    from ..serialize import document_to_data
    from ..structure import select_instrument

    fmt = choose(fmt, APPLY_FORMATS, "text")
    read = _read(draft, convention)
    selected = select_instrument(read.value, annex)
    result = finish(selected.value, ConsolidateOptions(cop=cop, renumber=renumber, original=original))
    done = result.value
    if fmt == "json":
        data = document_to_data(done.document)
        data["renumbering"] = [list(pair) for pair in done.renumbering]
        body = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        body = _write(done.document, fmt, draft, title=done.document.meta.title)
    view = "original" if original else "consolidated"
    notes = _without_effect([(f"{name} has no effect with original=1 (the original text keeps its tag and numbers)", original and given)
                             for name, given in (("cop", cop is not None), ("renumber=0", not renumber))])
    return Answer(body, fmt, f"{_stem(draft.name)}-{view}{EXTENSIONS[fmt]}",
                  notes + read.diagnostics + selected.diagnostics + result.diagnostics)


def _without_effect(notes: list[tuple[str, bool]]) -> tuple[Diagnostic, ...]:
    """An option that changes nothing in this combination is named in a
    warning, as the command line does, never silently ignored."""
    from ..diagnostics import Severity

    return tuple(Diagnostic("option-without-effect", Severity.WARNING, note) for note, given in notes if given)


def _redline_body(marked, fmt: str, sources: list[Upload], track_changes: bool, author: str | None, date: str | None) -> bytes:
    """The marked document as a redline, as ``render_redline`` writes it
    (a DOCX takes the styles of the last source when it is a Word file)."""
    if fmt == "json":
        from ..amendments import extract, to_json

        return to_json(extract(marked).value).encode("utf-8")
    from ..commands.redlines import redline_title, revision_date

    return _write(marked, fmt, sources[-1], track_changes=track_changes, author=author or "resamend",
                  date=revision_date(date) if track_changes else None,
                  title=marked.meta.title or marked.meta.instrument or redline_title([u.name for u in sources]))


def _tracked_notes(fmt: str, track_changes: bool, author: str | None, date: str | None) -> tuple[Diagnostic, ...]:
    tracked_docx = track_changes and fmt == "docx"
    return _without_effect([
        (f"track_changes has no effect on {fmt} output (only on docx)", track_changes and fmt != "docx"),
        ("author has no effect without track_changes=1 and to=docx", author is not None and not tracked_docx),
        ("date has no effect without track_changes=1 and to=docx", date is not None and not tracked_docx),
    ])


def redline(draft: Upload, fmt: str | None = None, *, track_changes: bool = False, author: str | None = None,
            date: str | None = None, convention: str = "cms", instrument: bool = False, annex: int | None = None) -> Answer:
    """``resamend redline DRAFT -t FMT [--track-changes --author A --date D]``;
    with ``instrument``, only the resolution that ``apply`` consolidates
    (the page shows it beside the consolidated text)."""
    fmt = choose(fmt, REDLINE_FORMATS, "md")
    read = _read(draft, convention)
    marked, diagnostics = read.value, read.diagnostics
    if instrument:
        from ..structure import select_instrument

        selected = select_instrument(marked, annex)
        marked, diagnostics = selected.value, diagnostics + selected.diagnostics
    body = _redline_body(marked, fmt, [draft], track_changes, author, date)
    kind = "tracked" if track_changes and fmt == "docx" else "redline"
    return Answer(body, fmt, f"{_stem(draft.name)}-{kind}{EXTENSIONS[fmt]}",
                  _tracked_notes(fmt, track_changes, author, date) + diagnostics)


def diff(old: Upload, new: Upload, fmt: str | None = None, *, track_changes: bool = False, author: str | None = None,
         date: str | None = None, granularity: str = "word", convention: str = "cms") -> Answer:
    """``resamend diff OLD NEW -t FMT [--track-changes …] [--granularity G]``."""
    from ..amend import accept
    from ..diagnostics import Location, Severity
    from ..diff import diff_documents

    fmt = choose(fmt, REDLINE_FORMATS, "md")
    if granularity not in ("word", "char"):
        raise UsageError(f"unknown granularity {granularity!r}", "use word or char")
    diagnostics: list[Diagnostic] = []
    views = []
    for upload in (old, new):
        read = _read(upload, convention)
        diagnostics += read.diagnostics
        if read.value.is_marked:
            diagnostics.append(Diagnostic("marked-input", Severity.WARNING, "the input is marked; it is compared in its final view (insertions kept, deletions dropped)", Location(source=upload.name)))
        views.append(accept(read.value))
    marked = diff_documents(views[0], views[1], granularity=granularity)
    body = _redline_body(marked, fmt, [old, new], track_changes, author, date)
    kind = "tracked" if track_changes and fmt == "docx" else "redline"
    return Answer(body, fmt, f"{_stem(new.name)}-{kind}{EXTENSIONS[fmt]}",
                  _tracked_notes(fmt, track_changes, author, date) + tuple(diagnostics),
                  1 if marked.is_marked else 0)


def inspect(draft: Upload, *, annex: int | None = None, convention: str = "cms") -> Answer:
    """``resamend inspect DRAFT --json``."""
    from ..lint import inspect_read

    read = _read(draft, convention)
    report = inspect_read(read, draft.name, annex)
    body = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return Answer(body, "json", f"{_stem(draft.name)}-inspect.json")


def check(draft: Upload, base: Upload | None = None, expect: Upload | None = None, fmt: str | None = None, *,
          strict: bool = False, verbose: bool = False, annex: int | None = None, convention: str = "cms") -> Answer:
    """``resamend check DRAFT [--base BASE] [--expect FINAL] --format FMT -o REPORT``."""
    from ..check import exit_status, prepare_reference
    from ..commands.check import _Settings, check_path, render

    fmt = choose(fmt, CHECK_FORMATS, "text")
    references = {}
    for role, upload in (("base", base), ("expect", expect)):
        if upload is not None:
            references[role] = prepare_reference(_read(upload, convention).value, source=upload.name)
    settings = _Settings(references.get("base"), references.get("expect"), None, convention, annex)
    reports = [check_path(draft.name, settings, draft.data)]
    body = render(reports, fmt, strict=strict, verbose=verbose, base=base.name if base else None,
                  expect=expect.name if expect else None, to_file=True)
    return Answer(body, fmt, f"{_stem(draft.name)}-check{EXTENSIONS[fmt]}", (), int(exit_status(reports, strict)))
