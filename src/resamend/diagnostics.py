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
    source: str | None = None  # file name
    block: int | None = None  # index of the block in the document
    label: str | None = None  # paragraph label ("8bis.")
    origin: str | None = None  # reader locator ("p12", "table 1, row 2")
    line: int | None = None  # 1-based, text inputs
    column: int | None = None  # 1-based, text inputs

    def __str__(self) -> str:
        parts = []
        if self.source:
            parts.append(self.source)
        if self.line is not None:
            parts.append(f"{self.line}:{self.column or 1}")
        if self.label:
            parts.append(f"paragraph {self.label}")
        elif self.block is not None:
            parts.append(f"block {self.block + 1}")
        if self.origin and self.line is None:
            parts.append(f"({self.origin})")
        return " ".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One finding.  ``text`` names the input text concerned, if any: text
    that is in neither view (hidden, marked both ways) must be named here so
    that nothing is lost silently."""

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    text: str | None = None

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": None
            if loc is None
            else {k: v for k, v in vars(loc).items() if v is not None},
            "text": self.text,
        }


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
        head = f"{self.path}: " if self.path else ""
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
