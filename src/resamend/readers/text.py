"""Plain text and CriticMarkup.

* paragraphs are separated by one or more blank lines; a single newline is a
  line break inside a paragraph — unless the text has no blank line at all
  (as many exports and ``pdftotext`` give): then each line is a paragraph,
  and hard-wrapped lines (of similar length, ending mid-sentence) are joined
  with a space (``ReadOptions.paragraphs`` forces either reading, and
  ``Meta.extra["paragraphs"]`` says which one was used);
* ``{++new++}`` inserts, ``{--old--}`` deletes, ``{~~old~>new~~}`` replaces;
  ``{==highlight==}`` keeps its text, ``{>>comment<<}`` is not text (named in
  an info diagnostic so that nothing disappears unseen);
* a blank line inside ``{++ … ++}`` is an inserted paragraph break, inside
  ``{-- … --}`` a deleted one (the paragraphs join when accepted);
* a deletion inside an insertion (``{++new {--gone--}++}``) is text that was
  inserted and deleted again: it is in neither view;
* a backslash before a markup character (``{ } + - ~ = < >``) makes that
  character literal text (``\\{++`` is the text "{++"); before such a
  character, ``\\\\`` is one literal backslash (so ``\\\\{++`` is a backslash
  followed by a real insertion); a backslash anywhere else is just a
  backslash.  Any text can so round-trip;
* unbalanced or nested markup is an error naming line and column.

Text is UTF-8 (with or without a byte-order mark) or UTF-16 with a BOM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..diagnostics import Diagnostic, InputError, Location, Result, Severity
from ..model import Block, Change, Document, Mark, Meta, Segment, Source
from . import ReadOptions

# Characters a backslash can escape: every character a mark can start with
# (and the closing brace and ">", so that any text can be written safely).
ESCAPABLE = "{}+-~=<>"
_TOKEN = re.compile(
    r"\\+(?=[" + re.escape(ESCAPABLE) + "])"  # backslashes before a markup character (see parse_critic)
    r"|\{\+\+|\{--|\{~~|\{==|\{>>"
    r"|\+\+\}|--\}|~~\}|==\}|<<\}|~>"
    r"|\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*"
)
#: the line-per-paragraph reading: a single newline ends a paragraph too
_TOKEN_LINES = re.compile(_TOKEN.pattern + r"|\n")
_CLOSER = {"{++": "++}", "{--": "--}", "{~~": "~~}", "{==": "==}", "{>>": "<<}"}
_OPEN_MARK = {"{++": Mark.INSERT, "{--": Mark.DELETE, "{~~": Mark.DELETE, "{==": Mark.KEEP}


def decode(data: bytes, source: str | None = None) -> str:
    """Bytes to text: UTF-8 (BOM optional) or UTF-16 with BOM; else an error
    that names the byte offset of the first bad byte."""
    # "surrogatepass": half of a UTF-16 pair, alone, is read (and replaced,
    # with a warning, by resamend.normalize.replace_unencodable), not refused.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16", "surrogatepass")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"invalid UTF-16 at byte offset {exc.start}",
                "save the file as UTF-8",
                path=source,
            ) from None
    try:
        text = data.decode("utf-8-sig", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text: invalid byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            "save the file as UTF-8 (or give a .docx/.html file)",
            path=source,
        ) from None
    nul = text.find("\x00")
    if nul != -1:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        raise InputError(
            f"NUL character in the text at byte offset {bom + len(text[:nul].encode('utf-8'))}",
            "this is not a text file (UTF-16 without a byte-order mark?); save it as UTF-8",
            path=source,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class _Builder:
    source: str | None
    blocks: list[Block] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, text: str, mark: Mark) -> None:
        if text:
            change = None if mark is Mark.KEEP else Change(Source.TEXT)
            if self.segments and self.segments[-1].mark is mark:
                last = self.segments[-1]
                self.segments[-1] = Segment(last.text + text, mark, last.style, last.change)
            else:
                self.segments.append(Segment(text, mark, change=change))

    def end_paragraph(self, boundary: Mark) -> None:
        self.blocks.append(
            Block(
                segments=tuple(self.segments),
                boundary=boundary,
                origin=f"paragraph {len(self.blocks) + 1}",
            )
        )
        self.segments = []


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def parse_critic(text: str, source: str | None = None, paragraphs: str = "blank") -> Result[Document]:
    """Parse CriticMarkup text into a marked Document (``paragraphs="lines"``:
    one paragraph per line, hard-wrapped lines joined; see the module doc)."""
    b = _Builder(source)
    text = text.strip("\n")
    tokens, wraps = (_TOKEN_LINES, wrapped_lines(text)) if paragraphs == "lines" else (_TOKEN, frozenset())
    stack: list[tuple[str, int]] = []  # open marks and where they opened
    mark = Mark.KEEP
    comment: list[str] = []
    pos = 0

    def error(msg: str, at: int, hint: str):
        line, col = _line_col(text, at)
        raise InputError(f"line {line}, column {col}: {msg}", hint, path=source)

    while (m := tokens.search(text, pos)) is not None:
        tok = m.group()
        chunk = text[pos : m.start()]
        pos = m.end()
        if tok.startswith("\\"):  # backslashes before a markup character
            chunk += "\\" * (len(tok) // 2)
            if len(tok) % 2:  # the character itself is text
                chunk += text[pos]
                pos += 1
            tok = ""
        in_comment = bool(stack) and stack[-1][0] == "{>>"
        if in_comment:
            comment.append(chunk)
            if tok == "<<}":
                line, col = _line_col(text, stack[-1][1])
                b.diagnostics.append(
                    Diagnostic(
                        "comment-ignored",
                        Severity.INFO,
                        "a CriticMarkup comment is not part of the text",
                        Location(source=source, line=line, column=col),
                        text="".join(comment),
                    )
                )
                stack.pop()
                comment = []
            else:
                comment.append(tok)
            continue
        b.add(chunk, mark)
        if not tok:
            continue
        if tok.startswith("\n"):
            if tok == "\n" and m.start() in wraps:
                b.add(" ", mark)  # a hard-wrapped line goes on
                continue
            b.end_paragraph(mark)
            continue
        if tok in _CLOSER:  # an opener
            nested_delete = tok == "{--" and len(stack) == 1 and stack[0][0] == "{++"
            if stack and not nested_delete and tok != "{>>":
                error(f"{tok} inside {stack[-1][0]}…{_CLOSER[stack[-1][0]]}", m.start(), "CriticMarkup cannot nest (only a deletion inside an insertion); close the first mark before opening another")
            stack.append((tok, m.start()))
            if tok != "{>>":
                mark = Mark.BOTH if nested_delete else _OPEN_MARK[tok]
            continue
        if tok == "~>":
            if stack and stack[-1][0] == "{~~" and mark is Mark.DELETE:
                mark = Mark.INSERT
            else:
                b.add(tok, mark)
            continue
        # a closer
        if not stack:
            error(f"{tok} closes a mark that was never opened", m.start(), "remove it or add the opening mark")
        if _CLOSER[stack[-1][0]] != tok:
            error(f"{tok} does not close {stack[-1][0]}", m.start(), f"close it with {_CLOSER[stack[-1][0]]}")
        stack.pop()
        mark = Mark.INSERT if stack else Mark.KEEP
    if stack:
        opener, at = stack[-1]
        line, col = _line_col(text, at)
        raise InputError(
            f"line {line}, column {col}: {opener} is never closed",
            f"add {_CLOSER[opener]} where the mark ends",
            path=source,
        )
    b.add(text[pos:], Mark.KEEP)
    if b.segments or not b.blocks:
        b.end_paragraph(Mark.KEEP)
    doc = Document(tuple(b.blocks), Meta(source=source, reader="text"))
    return Result(doc, tuple(b.diagnostics))


#: what a line ending mid-sentence does not end with
_SENTENCE_END = ".;:!?"
#: a line that opens a new paragraph: a number, a sub-paragraph letter, a bullet
_OPENS_PARAGRAPH = re.compile(r"^\s*(?:\d{1,3}(?:\s?bis|\s?ter)?[.)]\s|\(?[a-z]{1,2}[.)]\s|\([ivxl]+\)\s|[•·\-–*]\s)")


def wrapped_lines(text: str) -> frozenset[int]:
    """Offsets of the newlines in ``text`` that hard-wrap a paragraph.

    A text is hard-wrapped when its longer lines cluster at one width (most
    lines at least half as long as the longest are within 80 % of it, the
    longest at most 200 characters): a newline after such a full line that
    ends mid-sentence, before a line that does not open a paragraph (a
    number, a sub-paragraph letter, a bullet), is a wrap.  Anything else,
    and every newline of a text that is not hard-wrapped, ends a paragraph.
    """
    lines = text.split("\n")
    lengths = [len(line.rstrip()) for line in lines]
    width = max(lengths, default=0)
    if width < 30 or width > 200:
        return frozenset()
    long = [n for n in lengths if n >= width / 2]
    full = [n for n in long if n >= 0.8 * width]
    if len(full) < 2 or len(full) < 0.6 * len(long):
        return frozenset()
    out = set()
    offset = 0
    for k, line in enumerate(lines[:-1]):
        end = offset + len(line)  # the newline after this line
        stripped = line.rstrip()
        following = lines[k + 1]
        if (
            lengths[k] >= 0.8 * width
            and stripped[-1:] not in _SENTENCE_END
            and following.strip()
            and not _OPENS_PARAGRAPH.match(following)
        ):
            out.add(end)
        offset = end + 1
    return frozenset(out)


def paragraph_reading(text: str, forced: str | None = None) -> str:
    """"blank" or "lines" (see the module doc): ``forced`` if given, else
    "lines" for a text of several lines with no blank line."""
    if forced in ("blank", "lines"):
        return forced
    stripped = text.strip("\n")
    if "\n" in stripped and not re.search(r"\n[ \t\r\f\v]*\n", stripped):
        return "lines"
    return "blank"


def read(data: bytes, options: ReadOptions = ReadOptions()) -> Result[Document]:
    text = decode(data, options.source)
    reading = paragraph_reading(text, options.paragraphs)
    result = parse_critic(text, options.source, reading)
    if reading == "blank" and options.paragraphs is None:
        return result
    wraps = reading == "lines" and bool(wrapped_lines(text.strip("\n")))
    said = "one per line" + (", hard-wrapped lines joined" if wraps else "") if reading == "lines" else "at blank lines"
    doc = result.value
    meta = replace(doc.meta, extra=tuple(sorted(dict(doc.meta.extra, paragraphs=said).items())))
    return Result(replace(doc, meta=meta), result.diagnostics)
