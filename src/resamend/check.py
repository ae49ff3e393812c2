"""``resamend check``: keep published texts honest.

Three checks on a marked draft, each giving findings as plain data:

* **base** — the draft's *original* view (every mark rejected, seams
  repaired) must read exactly like the published text it amends.  A
  difference is an edit the drafter made without marking it; each one is
  reported with its paragraph, the words involved and a small CriticMarkup
  redline (from the published text to the draft).
* **expect** — the draft's *consolidated* text (:func:`resamend.consolidate.finish`:
  marks accepted, paragraphs renumbered) must read exactly like the adopted
  text.
* **lint** — faults in the redline itself (:func:`resamend.lint.lint`) and
  what the reader noticed (format-only changes, hidden text …).

Comparison rules, chosen so that a check fails on *words* and not on
typography the published text cannot show:

* runs of white space (tabs after labels, non-breaking spaces, line breaks)
  compare as one space, soft hyphens are ignored, empty paragraphs are
  skipped; a printed auto-number counts as the start of the paragraph text;
* the instrument line, the amendment-history line and the convention note
  are compared by instrument and revision, not literally: the base
  "Resolution 11.10 (Rev.COP13)" matches the draft heading "PROPOSED
  AMENDMENTS TO UNEP/CMS/RESOLUTION 11.10 (Rev.COP13)", a different
  instrument or revision is a finding;
* the title compares without regard to letter case (drafts set it in capitals);
* a reference that is itself a marked draft contributes its consolidated text.

Everything here is pure: documents in, data out.  Renderers for JSON, GitHub
workflow commands and JUnit XML (``xml.etree`` from the standard library)
live here too; the human report (rich) is :mod:`resamend.check_report`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from .diagnostics import Diagnostic, ExitStatus, Location, Severity
from .model import Block, Document, Mark, Segment

FORMAT = "resamend.check/1"
CHECKS = ("base", "expect", "lint")
_HEADER_ROLES = frozenset({"instrument", "history", "note"})
_CONTEXT = 32  # characters of unchanged text kept either side of a change in a redline
_QUOTE = 60  # characters of changed text quoted in a message


# --------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Finding:
    """One thing a check found, located in the draft.

    ``check`` is "read", "base", "expect" or "lint"; ``block`` is the 0-based
    index of the paragraph in the draft as read, ``label`` its printed number
    ("8bis."), ``origin`` the reader's locator ("p12", "paragraph 40"),
    ``line`` a 1-based line for text drafts.  ``redline`` is a CriticMarkup
    snippet (reference → draft) and ``parts`` the same as (mark, text) pairs
    for renderers that style it.
    """

    check: str
    code: str
    severity: Severity
    message: str
    block: int | None = None
    label: str | None = None
    origin: str | None = None
    line: int | None = None
    text: str | None = None
    redline: str | None = None
    parts: tuple[tuple[str, str], ...] = ()

    def counts(self, strict: bool = False) -> bool:
        """Errors always fail a check, warnings only with ``--strict``, info never."""
        return self.severity is Severity.ERROR or (strict and self.severity is Severity.WARNING)

    def to_dict(self, strict: bool = False) -> dict:
        return {
            "check": self.check,
            "code": self.code,
            "severity": self.severity.value,
            "counts": self.counts(strict),
            "message": self.message,
            "location": {"block": self.block, "label": self.label, "origin": self.origin, "line": self.line},
            "text": self.text,
            "redline": self.redline,
        }


@dataclass(frozen=True)
class FileReport:
    """What checking one draft gave.  ``error`` is set when the draft could
    not be checked at all (unreadable): that is trouble, not a finding."""

    source: str
    checks: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    instrument: str | None = None
    revision: str | None = None

    def status(self, strict: bool = False) -> str:
        if self.error is not None:
            return "trouble"
        return "findings" if any(f.counts(strict) for f in self.findings) else "clean"

    def check_status(self, check: str, strict: bool = False) -> str:
        """"pass", "fail", "error" (trouble) or "skipped" (not asked for)."""
        if self.error is not None:
            return "error" if check in self.checks else "skipped"
        if check not in self.checks:
            return "skipped"
        return "fail" if any(f.check == check and f.counts(strict) for f in self.findings) else "pass"

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


@dataclass(frozen=True)
class Comparable:
    """A text reduced to what the checks compare: normalised paragraphs
    (header lines dropped) and the instrument and revision they belong to.

    ``positions`` has, for each block, (index in the view, label, origin).
    """

    document: Document
    positions: tuple[tuple[int, str | None, str | None], ...]
    instrument: str | None = None
    revision: str | None = None
    source: str | None = None
    heading: tuple[int, str | None, str | None] | None = None  # where the instrument line is


@dataclass(frozen=True)
class Reference(Comparable):
    """A published (or expected) text, prepared once for many drafts."""


# --------------------------------------------------------------------------
# Normalisation


_SPACE = re.compile(r"\s+")
_SPACE_BEFORE = re.compile(r" (?=[,.;:)\]])")
_SPACE_AFTER = re.compile(r"(?<=[(\[]) ")


def normalise_text(text: str) -> str:
    """One space for any run of white space, none before , . ; : ) ] or
    after ( [, no soft hyphens, no edges: what an edit seam or a French
    typesetter leaves behind is not a difference of words."""
    text = _SPACE.sub(" ", text.replace("\u00ad", "")).strip()
    if " " in text:
        text = _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))
    return text


def _revision_key(revision: str | None) -> str | None:
    """"Rev.COP13", "Rev. CoP13" and "(Rev.COP13)" are one revision."""
    if not revision:
        return None
    return re.sub(r"[\s.()]", "", revision).upper()


def _instrument_key(instrument: str | None) -> str | None:
    if not instrument:
        return None
    return re.sub(r"\s+", " ", instrument).strip().casefold()


def comparable(view: Document, *, instrument: str | None = None, revision: str | None = None) -> Comparable:
    """The clean ``view`` as the checks compare it (see the module doc).

    ``instrument`` and ``revision`` default to what the view's instrument
    line says.
    """
    from .structure import analyse

    structure = analyse(view)
    blocks: list[Block] = []
    positions: list[tuple[int, str | None, str | None]] = []
    heading = None
    for i, block in enumerate(view.blocks):
        role = structure.roles[i]
        if role == "instrument" and heading is None:
            heading = (i, None, block.origin)
        if role in _HEADER_ROLES:
            continue
        text = normalise_text(((block.label + " ") if block.label else "") + block.text)
        if not text:
            continue
        if role == "title":
            text = text.casefold()
        label = structure.labels[i]
        blocks.append(Block(segments=(Segment(text),), kind=block.kind, origin=block.origin))
        positions.append((i, label.text if label else None, block.origin))
    return Comparable(
        document=Document(tuple(blocks), view.meta),
        positions=tuple(positions),
        instrument=instrument or structure.instrument,
        revision=revision or structure.revision,
        source=view.meta.source,
        heading=heading,
    )


def original_view(doc: Document) -> Document:
    """The original view, as :func:`resamend.amend.reject` gives it, but
    built directly (one plain segment per paragraph) instead of inverting
    every segment first: the base check runs on every draft, and this is
    the part of it that grows with the document.  Same blocks, same texts
    (a property test holds it to ``reject``)."""
    out: list[Block] = []
    pending: tuple[Block, list[str]] | None = None  # a paragraph whose break is not in the original

    def flush(block: Block, texts: list[str], emptied: bool) -> None:
        if emptied and not texts:
            return
        segments = (Segment("".join(texts)),) if texts else ()
        out.append(Block(segments, block.kind, block.style, block.label, Mark.KEEP, Mark.KEEP,
                         block.origin, block.level, block.container))

    for block in doc.blocks:
        if not block.mark.in_original:
            continue
        kept = [s.text for s in block.segments if s.mark.in_original and s.text]
        emptied = not kept and any(s.text for s in block.segments)
        head, texts = block, kept
        if pending is not None:
            if pending[0].container == block.container:
                head, texts = pending[0], pending[1] + kept
                emptied = emptied and not pending[1]
            else:
                flush(pending[0], pending[1], False)
            pending = None
        if not block.boundary.in_original:
            pending = (head, texts)
            continue
        flush(head, texts, emptied)
    if pending is not None:
        flush(pending[0], pending[1], False)
    return doc.with_blocks(out)


def prepare_reference(doc: Document, source: str | None = None, treaty: str | None = None) -> Reference:
    """A base or expected text, ready to compare many drafts against.

    A marked reference (say, last meeting's draft) contributes its
    consolidated text; a clean one its resolution (cut out of a whole COP
    document if need be), as it is.
    """
    from .consolidate import ConsolidateOptions, finish
    from .structure import analyse, select_instrument

    instrument = revision = None
    if doc.is_marked:
        done = finish(select_instrument(doc).value, ConsolidateOptions(treaty=treaty)).value
        view, instrument, revision = done.document, done.instrument, done.revision
    elif analyse(doc).instrument_range is not None:
        view = select_instrument(doc).value
    else:
        view = doc
    c = comparable(view, instrument=instrument, revision=revision)
    return Reference(c.document, c.positions, c.instrument, c.revision, source or doc.meta.source, c.heading)


# --------------------------------------------------------------------------
# Comparing two texts


@dataclass(frozen=True)
class _Wording:
    """How a check phrases its findings."""

    check: str
    code: str
    reference: str  # "the base", "FINAL"
    draft: str  # "the draft", "the draft's consolidated text"
    added: str  # what an added paragraph is
    missing: str


_BASE = _Wording("base", "unmarked-edit", "the base", "the draft",
                 "is in the draft but not in the base, and is not marked as inserted",
                 "is missing from the draft, and is not marked as deleted")
_EXPECT = _Wording("expect", "final-mismatch", "the expected text", "the draft's consolidated text",
                   "is in the draft's consolidated text but not in the expected text",
                   "of the expected text is missing from the draft's consolidated text")


def _quote(text: str, limit: int = _QUOTE) -> str:
    text = normalise_text(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def _paragraph_name(label: str | None, text: str) -> str:
    if label:
        return f"paragraph {label}"
    words = text.split()
    head = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
    return f"the paragraph “{head}”"


def compare(reference: Comparable, draft: Comparable, wording: _Wording,
            where: "_Locator") -> list[Finding]:
    """Findings for every paragraph where ``draft`` differs from ``reference``."""
    from .diff import diff_documents

    out: list[Finding] = []
    if _unrelated(reference, draft):
        return [where.finding(wording.check, "no-instrument",
                              f"{wording.draft} holds no resolution to compare with {wording.reference} "
                              f"({reference.instrument}): no instrument line, and no paragraph in common",
                              draft.positions[0] if draft.positions else None)]
    if [b.text for b in reference.document.blocks] != [b.text for b in draft.document.blocks]:
        redline = diff_documents(reference.document, draft.document)
        out.extend(_paragraph_findings(redline, draft, wording, where))
    return _header_findings(reference, draft, wording, where) + out


def _unrelated(reference: Comparable, draft: Comparable) -> bool:
    """A draft with no instrument line that shares no paragraph with a
    reference that has one (a report, a decisions paper): one finding, not a
    hundred."""
    if draft.instrument or not reference.instrument:
        return False
    texts = {b.text for b in reference.document.blocks}
    return not any(b.text in texts for b in draft.document.blocks)


def _header_findings(reference: Comparable, draft: Comparable, wording: _Wording, where: "_Locator") -> list[Finding]:
    """Instrument lines compare by what they name, not by their words."""
    ri, di = _instrument_key(reference.instrument), _instrument_key(draft.instrument)
    if ri and di and ri != di:
        return [where.finding(wording.check, "instrument-mismatch",
                              f"{wording.draft} is {draft.instrument}, {wording.reference} is {reference.instrument}",
                              draft.heading, text=draft.instrument)]
    rr, dr = _revision_key(reference.revision), _revision_key(draft.revision)
    if rr and dr and rr != dr:
        name = draft.instrument or reference.instrument or "the resolution"
        return [where.finding(wording.check, "revision-mismatch",
                              f"{wording.draft} is {name} ({draft.revision}), "
                              f"{wording.reference} is {reference.instrument or name} ({reference.revision})",
                              draft.heading, text=draft.revision)]
    return []


def _paragraph_findings(redline: Document, draft: Comparable, wording: _Wording,
                        where: "_Locator") -> Iterable[Finding]:
    """Walk the redline: blocks not wholly deleted are the draft's, in order."""
    j = 0  # index into draft.positions
    for block in redline.blocks:
        if block.mark is Mark.DELETE:
            before = j < len(draft.positions)
            at = draft.positions[j] if before else (draft.positions[-1] if draft.positions else None)
            text = block.text
            moved = any(s.change and s.change.move_id for s in block.segments)
            message = (f"{_paragraph_name(None, text)} {wording.missing}"
                       + (" (it appears elsewhere: moved without marks)" if moved else "")
                       + (f"; it came before {_paragraph_name(at[1], '')}" if at and at[1] and before else ""))
            parts = (("delete", _trim(text, _CONTEXT * 3, "middle")),)
            yield where.finding(wording.check, wording.code, message, at, text=text, parts=parts)
            continue
        at = draft.positions[j]
        j += 1
        if block.mark is Mark.INSERT:
            text = block.text
            moved = any(s.change and s.change.move_id for s in block.segments)
            name = _paragraph_name(at[1], text)
            message = f"{name} {wording.added}" + (" (moved without marks)" if moved else "")
            parts = (("insert", _trim(text, _CONTEXT * 3, "middle")),)
            yield where.finding(wording.check, wording.code, message, at, text=text, parts=parts)
            continue
        if not any(s.mark is not Mark.KEEP for s in block.segments):
            continue
        changes = _changes(block.segments)
        described = [_describe(old, new, wording) for old, new in changes]
        shown = "; ".join(described[:3]) + (f"; and {len(described) - 3} more" if len(described) > 3 else "")
        name = _paragraph_name(at[1], block.view_text(True))
        words = " / ".join(normalise_text(new or old) for old, new in changes)
        yield where.finding(wording.check, wording.code, f"{name}: {shown}", at, text=words,
                            parts=_small_redline(block.segments))


def _changes(segments: Sequence[Segment]) -> list[tuple[str, str]]:
    """(old, new) text of each run of marked segments."""
    out: list[tuple[str, str]] = []
    old: list[str] = []
    new: list[str] = []
    for s in segments:
        if s.mark is Mark.KEEP:
            if old or new:
                out.append(("".join(old), "".join(new)))
                old, new = [], []
            continue
        (new if s.mark is Mark.INSERT else old).append(s.text)
    if old or new:
        out.append(("".join(old), "".join(new)))
    return out


def _describe(old: str, new: str, wording: _Wording) -> str:
    if old.strip() and new.strip():
        return f"{wording.reference} has {_quote(old)} where {wording.draft} has {_quote(new)}"
    if new.strip():
        return f"{_quote(new)} is in {wording.draft} but not in {wording.reference}"
    return f"{_quote(old)} of {wording.reference} is missing from {wording.draft}"


# --------------------------------------------------------------------------
# Small redlines


def _trim(text: str, keep: int, where: str) -> str:
    """Cut unchanged context down to about ``keep`` characters, at word
    edges: ``head`` keeps the end (context before a change), ``tail`` the
    start (context after one), ``middle`` both ends."""
    if len(text) <= keep * (2 if where == "middle" else 1) + 3:
        return text
    if where == "head":
        cut = text[-keep:]
        space = cut.find(" ")
        return "…" + (cut[space + 1:] if 0 <= space < len(cut) - 1 else cut)
    if where == "tail":
        cut = text[:keep]
        space = cut.rfind(" ")
        return (cut[:space] if space > 0 else cut) + "…"
    return _trim(text, keep, "tail")[:-1] + " … " + _trim(text, keep, "head")[1:]


def _small_redline(segments: Sequence[Segment]) -> tuple[tuple[str, str], ...]:
    """The paragraph's redline with long unchanged stretches shortened."""
    merged: list[list] = []
    for s in segments:
        kind = {Mark.KEEP: "keep", Mark.INSERT: "insert", Mark.DELETE: "delete"}.get(s.mark, "keep")
        if merged and merged[-1][0] == kind:
            merged[-1][1] += s.text
        else:
            merged.append([kind, s.text])
    out = []
    for k, (kind, text) in enumerate(merged):
        if kind == "keep":
            where = "head" if k == 0 else "tail" if k == len(merged) - 1 else "middle"
            text = _trim(text, _CONTEXT, where)
        out.append((kind, text))
    return tuple(out)


def critic(parts: Sequence[tuple[str, str]]) -> str:
    """(mark, text) pairs as CriticMarkup; a deletion then an insertion is a substitution."""
    from .writers.text import escape

    out: list[str] = []
    k = 0
    while k < len(parts):
        kind, text = parts[k]
        if kind == "delete" and k + 1 < len(parts) and parts[k + 1][0] == "insert":
            out.append("{~~" + escape(text) + "~>" + escape(parts[k + 1][1]) + "~~}")
            k += 2
            continue
        if kind == "insert":
            out.append("{++" + escape(text) + "++}")
        elif kind == "delete":
            out.append("{--" + escape(text) + "--}")
        else:
            out.append(escape(text))
        k += 1
    return "".join(out)


# --------------------------------------------------------------------------
# Locating findings in the draft as read


@dataclass
class _Locator:
    """Turns a paragraph of a view into (block index as read, line)."""

    source: str | None
    block_of_origin: dict[str, int] = field(default_factory=dict)
    lines: Sequence[int] = ()

    @classmethod
    def of(cls, doc: Document, lines: Sequence[int] = ()) -> "_Locator":
        seen: dict[str, int] = {}
        for i, b in enumerate(doc.blocks):
            if b.origin is not None and b.origin not in seen:
                seen[b.origin] = i
        return cls(doc.meta.source, seen, lines)

    def line(self, origin: str | None, block: int | None) -> int | None:
        """The 1-based line: from the reader's locator ("line 12" in HTML)
        or from the paragraph's place in a text draft."""
        if origin and origin.startswith("line "):
            m = re.match(r"line (\d+)", origin)
            if m:
                return int(m.group(1))
        if not self.lines:
            return None
        m = re.fullmatch(r"paragraph (\d+)", origin or "")
        n = int(m.group(1)) - 1 if m else block
        if n is not None and 0 <= n < len(self.lines):
            return self.lines[n]
        return None

    def finding(self, check: str, code: str, message: str, at, *, text=None, parts=()) -> Finding:
        label = origin = block = None
        if at is not None:
            _view_index, label, origin = at
            block = self.block_of_origin.get(origin) if origin else None
        parts = tuple(parts)
        return Finding(check, code, Severity.ERROR, message, block, label, origin,
                       self.line(origin, block), text, critic(parts) if parts else None, parts)

    def from_diagnostic(self, check: str, d: Diagnostic, offset: int = 0) -> Finding:
        loc = d.location or Location()
        block = loc.block + offset if loc.block is not None else None
        if loc.origin and loc.origin in self.block_of_origin:
            block = self.block_of_origin[loc.origin]
        line = loc.line if loc.line is not None else self.line(loc.origin, block)
        return Finding(check, d.code, d.severity, d.message, block, loc.label, loc.origin, line, d.text)


def paragraph_lines(text: str) -> tuple[int, ...]:
    """The 1-based line on which each paragraph of a plain-text or
    CriticMarkup file starts (as :mod:`resamend.readers.text` splits it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = text.lstrip("\n")
    first = len(text) - len(stripped) + 1
    lines = [first]
    line = first
    pos = 0
    for m in re.finditer(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*", stripped.rstrip("\n")):
        line += stripped.count("\n", pos, m.end())
        pos = m.end()
        lines.append(line)
    return tuple(lines)


# --------------------------------------------------------------------------
# The check


def _as_reference(doc: Document | Comparable | None) -> Comparable | None:
    if doc is None or isinstance(doc, Comparable):
        return doc
    return prepare_reference(doc)


def _offset(read: Document, part: Document) -> int:
    """Where the selected instrument starts in the document as read."""
    if part.blocks and read.blocks:
        first = part.blocks[0]
        for i, b in enumerate(read.blocks):
            if b is first:
                return i
    return 0


def check(draft: Document, *, base: Document | Comparable | None = None,
          expect: Document | Comparable | None = None, diagnostics: Iterable[Diagnostic] = (),
          annex: int | None = None, lines: Sequence[int] = (), lint: bool = True,
          treaty: str | None = None) -> FileReport:
    """Check a marked draft (as read, a whole COP document or a resolution).

    ``base``/``expect`` are the published and the expected consolidated
    text (Documents, or references from :func:`prepare_reference` when many
    drafts share them); ``diagnostics`` are the reader's, reported with the
    lint; ``lines`` maps paragraphs to lines for text drafts
    (:func:`paragraph_lines`); ``treaty`` whose forms the draft follows
    (see :mod:`resamend.treaties`; told from the text when None).
    """
    from .consolidate import ConsolidateOptions, finish, treaty_diagnostics
    from .lint import lint as lint_rules
    from .structure import select_instrument

    source = draft.meta.source or "-"
    where = _Locator.of(draft, lines)
    selected = select_instrument(draft, annex)
    marked = selected.value
    offset = _offset(draft, marked)
    findings: list[Finding] = []
    checks: list[str] = []
    lint_findings = [where.from_diagnostic("lint", d) for d in diagnostics]
    lint_findings += [where.from_diagnostic("lint", d, offset) for d in selected.diagnostics]
    instrument, revision = marked.meta.instrument, marked.meta.revision
    base_ref, expect_ref = _as_reference(base), _as_reference(expect)
    if base_ref is not None:
        checks.append("base")
        # the original view: every mark rejected (the heading and the note it
        # keeps are header lines, compared by instrument and revision)
        view = comparable(original_view(marked), instrument=instrument, revision=revision)
        findings += compare(base_ref, view, _BASE, where)
    if expect_ref is not None:
        checks.append("expect")
        result = finish(marked, ConsolidateOptions(treaty=treaty))
        done = result.value
        view = comparable(done.document, instrument=done.instrument, revision=done.revision)
        findings += compare(expect_ref, view, _EXPECT, where)
        # what the consolidation could not do (tag unknown …); its notes are not findings
        lint_findings += [where.from_diagnostic("lint", d, offset) for d in result.diagnostics
                          if d.severity is not Severity.INFO]
    if lint:
        checks.append("lint")
        lint_findings += [where.from_diagnostic("lint", d, offset) for d in lint_rules(marked)]
        if expect_ref is None:  # with --expect the consolidation has said it
            lint_findings += [where.from_diagnostic("lint", d, offset) for d in treaty_diagnostics(marked, treaty)]
        findings += lint_findings
    return FileReport(source, tuple(checks), tuple(findings), None, instrument, revision)


def trouble(source: str, message: str, checks: Sequence[str] = CHECKS) -> FileReport:
    """The report for a draft that could not be checked (exit status 2)."""
    return FileReport(source, tuple(checks), (), message)


# --------------------------------------------------------------------------
# Outcome


def exit_status(reports: Sequence[FileReport], strict: bool = False) -> ExitStatus:
    statuses = {r.status(strict) for r in reports}
    if "trouble" in statuses:
        return ExitStatus.TROUBLE
    if "findings" in statuses:
        return ExitStatus.FINDINGS
    return ExitStatus.OK


def summary(reports: Sequence[FileReport], strict: bool = False) -> dict:
    statuses = [r.status(strict) for r in reports]
    return {
        "files": len(reports),
        "clean": statuses.count("clean"),
        "findings": statuses.count("findings"),
        "trouble": statuses.count("trouble"),
        "errors": sum(r.count(Severity.ERROR) for r in reports),
        "warnings": sum(r.count(Severity.WARNING) for r in reports),
        "info": sum(r.count(Severity.INFO) for r in reports),
        "exit_status": int(exit_status(reports, strict)),
    }


# --------------------------------------------------------------------------
# Renderers (JSON, GitHub workflow commands, JUnit XML)


def to_data(reports: Sequence[FileReport], *, strict: bool = False, base: str | None = None,
            expect: str | None = None) -> dict:
    """The ``resamend.check/1`` document (schema in docs/check.md)."""
    return {
        "format": FORMAT,
        "strict": strict,
        "base": base,
        "expect": expect,
        "files": [
            {
                "file": r.source,
                "status": r.status(strict),
                "error": r.error,
                "instrument": r.instrument,
                "revision": r.revision,
                "checks": {c: r.check_status(c, strict) for c in CHECKS if c in r.checks},
                "findings": [f.to_dict(strict) for f in r.findings],
            }
            for r in reports
        ],
        "summary": summary(reports, strict),
    }


def to_json(reports: Sequence[FileReport], **kwargs) -> str:
    return json.dumps(to_data(reports, **kwargs), ensure_ascii=False, indent=2) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def to_github(reports: Sequence[FileReport], *, strict: bool = False, verbose: bool = False) -> str:
    """GitHub Actions workflow commands, one per finding (errors and warnings;
    info as notices with ``verbose``); a warning that counts (``--strict``)
    is raised to an error so that the annotation matches the failure."""
    lines = []
    for r in reports:
        if r.error is not None:
            lines.append(f"::error file={_gh_property(r.source)},title={_gh_property('resamend: cannot check')}::"
                         f"{_gh_data(r.error)}")
            continue
        for f in r.findings:
            if f.severity is Severity.INFO and not verbose:
                continue
            level = "error" if f.counts(strict) else _GH_LEVEL[f.severity]
            props = [f"file={_gh_property(r.source)}"]
            if f.line is not None:
                props.append(f"line={f.line}")
            props.append(f"title={_gh_property(f'resamend {f.check}: {f.code}')}")
            lines.append(f"::{level} {','.join(props)}::{_gh_data(_annotation(f))}")
    return "".join(line + "\n" for line in lines)


def _annotation(f: Finding) -> str:
    """The annotation text: where (when no line can say it), what, and the redline."""
    where = ""
    if f.line is None and f.check == "lint" and (f.label or f.origin):
        if f.label:
            where = f"paragraph {f.label}" + (f" ({f.origin})" if f.origin else "") + ": "
        else:
            where = f"{f.origin}: "
    message = where + f.message
    if f.redline:
        return f"{message}\n{f.redline}"
    if f.text and f.text.strip() and f.text not in f.message:
        return f"{message}: “{f.text.strip()}”"
    return message


def _finding_line(f: Finding) -> str:
    where = []
    if f.line is not None:
        where.append(f"line {f.line}")
    if f.label:
        where.append(f"paragraph {f.label}")
    elif f.block is not None:
        where.append(f"block {f.block + 1}")
    if f.origin and f.line is None:
        where.append(f"({f.origin})")
    head = f"{f.severity.value} [{f.code}]" + (f" {' '.join(where)}" if where else "")
    return f"{head}: {f.message}" + (f"\n    {f.redline}" if f.redline else "")


def to_junit(reports: Sequence[FileReport], *, strict: bool = False) -> bytes:
    """JUnit XML: one testsuite per draft, one testcase per check that ran
    ("base", "expect", "lint"; "read" for a draft that could not be read)."""
    import xml.etree.ElementTree as ET

    reports = [sanitised(r) for r in reports]
    root = ET.Element("testsuites", name="resamend check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in reports:
        suite = ET.SubElement(root, "testsuite", name=r.source)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", name="read", classname=r.source, file=r.source, time="0")
            ET.SubElement(case, "error", message=r.error, type="trouble").text = r.error
            counts["tests"] += 1
            counts["errors"] += 1
        else:
            for check_name in CHECKS:
                if check_name not in r.checks:
                    continue
                counts["tests"] += 1
                case = ET.SubElement(suite, "testcase", name=check_name, classname=r.source, file=r.source, time="0")
                mine = [f for f in r.findings if f.check == check_name]
                failing = [f for f in mine if f.counts(strict)]
                if failing:
                    counts["failures"] += 1
                    first = failing[0]
                    message = f"{len(failing)} finding{'s' if len(failing) != 1 else ''}: {first.message}"
                    failure = ET.SubElement(case, "failure", message=_one_line(message), type=first.code)
                    failure.text = "\n".join(_finding_line(f) for f in failing)
                rest = [f for f in mine if not f.counts(strict)]
                if rest:
                    ET.SubElement(case, "system-out").text = "\n".join(_finding_line(f) for f in rest)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _one_line(text: str, limit: int = 300) -> str:
    text = normalise_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters: drop them."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def sanitised(report: FileReport) -> FileReport:
    """The report with every string safe for XML (used before :func:`to_junit`)."""
    def clean(value):
        return _xml_safe(value) if isinstance(value, str) else value

    findings = tuple(
        replace(f, message=clean(f.message), text=clean(f.text), redline=clean(f.redline), label=clean(f.label),
                origin=clean(f.origin), parts=tuple((k, clean(t)) for k, t in f.parts))
        for f in report.findings
    )
    return replace(report, source=clean(report.source), error=clean(report.error), findings=findings)
