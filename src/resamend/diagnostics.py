"""Diagnostics are data; only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Generic, TypeVar


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Location:
    """Where a diagnostic is, in structured fields the readers and checks fill
    (nothing downstream parses ``origin``: it is shown as it is)."""

    source: str | None = None  # file name
    block: int | None = None  # index of the block in the document
    label: str | None = None  # paragraph label ("8bis.")
    origin: str | None = None  # reader locator ("p12", "table 1, row 2"), shown as it is
    line: int | None = None  # 1-based line in the input file (text and HTML inputs)
    column: int | None = None  # 1-based, with ``line``

    def where(self, source: bool = True) -> str:
        """The one way resamend says where something is: file, line,
        paragraph (or block), and the reader's locator when no line says it
        ("draft.txt line 15 paragraph 2.", "paragraph 8bis. (p40)")."""
        parts = []
        if source and self.source:
            parts.append(shown_path(self.source))
        if self.line is not None:
            parts.append(f"line {self.line}" + (f":{self.column}" if self.column is not None else ""))
        if self.label:
            parts.append(f"paragraph {self.label}")
        elif self.block is not None:
            parts.append(f"block {self.block + 1}")
        if self.origin and self.line is None:
            parts.append(f"({self.origin})")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.where()

    def fields(self, *names: str) -> dict:
        """The fields as data: the named ones (None included), or every one that is set."""
        if names:
            return {k: getattr(self, k) for k in names}
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class Diagnostic:
    """One finding, whoever made it (a reader, the consolidation, the lint,
    a check of ``resamend check``).

    ``text`` names the input text concerned, if any: text that is in neither
    view (hidden, marked both ways) must be named here so that nothing is
    lost silently.  ``check`` names the check of ``resamend check`` that
    reported it ("base", "expect", "lint"); ``parts`` is a small redline
    (reference → draft) as (mark, text) pairs, mark being "keep", "insert"
    or "delete", for the report formats to show.
    """

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    text: str | None = None
    check: str | None = None
    parts: tuple[tuple[str, str], ...] = ()

    def counts(self, strict: bool = False) -> bool:
        """Errors always fail a check, warnings only with ``--strict``, info never."""
        return self.severity is Severity.ERROR or (strict and self.severity is Severity.WARNING)

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": None if loc is None else loc.fields(),
            "text": self.text,
        }


_UNSHOWN = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_UNSHOWN.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
_UNSHOWN.update({c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)})  # bytes that were not UTF-8


def shown_path(path: str) -> str:
    """A file name safe in a one-line message and in every report format: a
    newline, a control or invisible character, or a byte that is not UTF-8
    (which Python carries as a lone surrogate) is shown as an escape
    ("a\\nb.txt", "caf\\xe9.txt"), as ``ls -b`` does; any other name is
    shown as it is."""
    if path.isprintable():
        return path
    return "".join(_UNSHOWN.get(ord(ch)) or (ch if ch.isprintable() else f"\\u{ord(ch):04x}") for ch in path)


T = TypeVar("T")


@dataclass(frozen=True)
class Result(Generic[T]):
    value: T
    diagnostics: tuple[Diagnostic, ...] = ()


class ExitStatus(IntEnum):
    OK = 0  # same / clean
    FINDINGS = 1  # differences or findings
    TROUBLE = 2  # bad input, bad options
    INTERRUPTED = 130


class ResamendError(Exception):
    """Trouble: printed by the CLI as one line, exit status 2.

    ``what`` says what is wrong, ``hint`` what to do; ``path`` names the file.
    """

    def __init__(self, what: str, hint: str | None = None, path: str | None = None):
        super().__init__(what)
        self.what = what
        self.hint = hint
        self.path = path

    def with_path(self, path: str) -> "ResamendError":
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        head = f"{shown_path(self.path)}: " if self.path else ""
        tail = f"; {self.hint}" if self.hint else ""
        return f"{head}{self.what}{tail}"


class InputError(ResamendError):
    """The input cannot be read as the format it claims to be."""


class UnsupportedFormat(InputError):
    """The input is of a format resamend does not read (legacy .doc, …)."""


class HostileInput(InputError):
    """The input exceeds a safety limit or uses a forbidden XML feature."""


class UsageError(ResamendError):
    """Options that do not fit together."""


class OutputError(ResamendError):
    """The output cannot be written where asked."""
