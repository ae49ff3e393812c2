"""Safe loading of a WordprocessingML package: ZIP checks, XML parsing, parts.

A DOCX is a ZIP of XML parts.  Both layers can be abused (ZIP bombs, XML
entity expansion, external entities), so nothing is read before it is
checked, and every check fails with :class:`HostileInput` or
:class:`InputError` carrying a hint for the user.

Limits (module constants; generous enough for a 1000-page document, whose
``word/document.xml`` is about 50 MB):

* ``MAX_MEMBERS`` – at most 10 000 entries in the ZIP directory;
* ``MAX_PART_BYTES`` – a single part may expand to at most 256 MiB
  (declared size checked first; a deflated part is inflated in 1 MiB steps
  and never beyond its declared size, so a lying directory gains nothing);
* ``MAX_TOTAL_BYTES`` – the declared sizes of all members add up to at most
  1 GiB;
* ``MAX_COMPRESSION_RATIO`` – a member larger than ``RATIO_FLOOR_BYTES``
  (1 MiB) may not be compressed more than 200:1 (XML compresses 5–30:1;
  ZIP bombs 1000:1); checked on the declared sizes and again while
  inflating, against the compressed bytes consumed so far;
* encrypted members are refused.

XML is parsed with entity resolution, DTD loading and network access off and
libxml2's default size limits (``huge_tree=False``); a part that declares a
DOCTYPE or ENTITY is refused before it is parsed at all (UTF-8 and UTF-16
with or without byte-order mark; ``[Content_Types].xml`` included), and
again after parsing should an encoding have hidden it from the byte check.  ISO/IEC 29500
*strict* namespaces are mapped to the transitional ones, so the walker only
knows one vocabulary.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib

from ..diagnostics import HostileInput, InputError

MAX_MEMBERS = 10_000
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_STRICT_TO_TRANSITIONAL = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
)
_STRICT_MARK = b"http://purl.oclc.org/ooxml/"

# UTF-16 with a byte-order mark, or without one (detected from "<?" as libxml2 does)
_UTF16_STARTS = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00?\x00": "utf-16-le", b"\x00<\x00?": "utf-16-be"}
_HOSTILE_HINT = "the file may be crafted to attack XML parsers; do not process it further"
_BOMB_HINT = "the file may be a ZIP bomb; check where it came from"
_IN_CHUNK = 64 * 1024
_BAD_ZIP_HINT = "the file is damaged or not a Word document; open it in Word and save it again as .docx"


def _parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )


def refuse_doctype(name: str, data: bytes) -> None:
    """Refuse a part declaring a DOCTYPE or ENTITY (billion laughs, XXE).

    Checked on the raw bytes before parsing: Office never writes a DTD, and
    a literal ``<!`` followed by these words can only be markup."""
    probe = data
    encoding = _UTF16_STARTS.get(data[:4]) or _UTF16_STARTS.get(data[:2])
    if encoding is not None:
        try:
            probe = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"part {name} is not valid UTF-16 XML", _BAD_ZIP_HINT) from None
    upper_hit = find_markup(probe, b"<!")
    while upper_hit != -1:
        word = probe[upper_hit + 2 : upper_hit + 9].upper()
        if word.startswith(b"DOCTYPE") or word.startswith(b"ENTITY"):
            raise HostileInput(
                f"part {name} declares a DOCTYPE/ENTITY, which Word never writes",
                _HOSTILE_HINT,
            )
        upper_hit = find_markup(probe, b"<!", upper_hit + 2)


#: rare second bytes that do not lead to ``<`` are skipped this many times
#: before :func:`find_markup` hands the rest of the search to ``bytes.find``
_MARKUP_MISSES = 64


def find_markup(data: bytes, pair: bytes, start: int = 0) -> int:
    """``data.find(pair, start)`` for a pair ``<!`` or ``<?``, fast.

    In XML every tag starts with ``<``, so ``bytes.find`` stops at each of
    them (some 20 ms on a 1000-page document); ``!`` and ``?`` are rare, so
    those are searched instead and the byte before them checked.  A text
    full of them falls back to ``bytes.find`` after a few misses, so the
    search is never slower than that by more than a little."""
    lead, second = pair[0], pair[1:]
    hit = data.find(second, start + 1)
    misses = 0
    while hit != -1:
        if data[hit - 1] == lead:
            return hit - 1
        misses += 1
        if misses > _MARKUP_MISSES:
            return data.find(pair, hit)
        hit = data.find(second, hit + 1)
    return -1


# Empty formatting elements that Word writes around nearly every run and
# paragraph (fonts, sizes, language, spacing, alignment …) and that the
# reader never looks at.  A whole empty tag ``<w:sz w:val="22"/>`` can only
# be markup (text and attribute values cannot hold a raw "<"), except inside
# a comment, a CDATA section or a processing instruction: parts holding any
# of those are parsed as they are.
_IGNORED_NAMES = (
    rb"(?:rFonts|szCs|sz|lang|color|kern|spacing|jc|ind|noProof|bCs|iCs|highlight|shd|w|position"
    rb"|keepNext|keepLines|widowControl|snapToGrid|contextualSpacing|autoSpaceDE|autoSpaceDN|adjustRightInd)"
)
# as Word writes them; a tag spelt otherwise is kept.  Possessive (``*+``):
# a name ends at "=", a value at '"', so nothing is given back on a miss
_ATTRIBUTES = rb'(?: [\w:]++="[^"<]*+")*+'
_IGNORED_TAG = rb"<w:" + _IGNORED_NAMES + _ATTRIBUTES + rb"/>"
_IGNORED_RPR = rb"<w:rPr>(?:" + _IGNORED_TAG + rb")*</w:rPr>"
#: one ignored tag, or run/paragraph properties holding nothing else (left
#: empty without them), in one pass
_IGNORED = re.compile(
    rb"<w:(?:" + _IGNORED_NAMES + _ATTRIBUTES + rb"/>"
    rb"|rPr>(?:" + _IGNORED_TAG + rb")*</w:rPr>"
    rb"|pPr>(?:" + _IGNORED_TAG + rb"|" + _IGNORED_RPR + rb")*</w:pPr>)"
)
# xml:space tells other programs to keep the spaces of a text: the parser
# keeps every space anyway, so the attribute is dropped where Word writes it
_PRESERVE_SPACE = (
    (b'<w:t xml:space="preserve">', b"<w:t>"),
    (b'<w:delText xml:space="preserve">', b"<w:delText>"),
    (b'<w:instrText xml:space="preserve">', b"<w:instrText>"),
)


def prune_ignored(data: bytes) -> bytes:
    """``data`` without the empty elements the reader ignores, so that
    libxml2 and the walk do not build and visit a node for each of them
    (about half the elements of a document as Word writes it), and without
    the ``xml:space="preserve"`` of its texts.

    Only the main document and the notes are pruned (see
    :meth:`Package.xml`); the text and every element the reader looks at
    are left exactly as they were."""
    declaration = data.find(b"<?xml", 0, 8)  # allowed: at the start (after a BOM)
    after = data.find(b"?>", declaration) + 2 if declaration != -1 else 0
    if find_markup(data, b"<!") != -1 or find_markup(data, b"<?", after) != -1:  # a comment or CDATA section, a PI
        return data
    data = _IGNORED.sub(b"", data)
    for tag, bare in _PRESERVE_SPACE:
        data = data.replace(tag, bare)
    return data


# libxml2's words when one of its resource limits (not a syntax error) stops it
_PARSER_LIMIT = re.compile(r"XML_PARSE_HUGE|Excessive depth|too long|Huge input lookup|Memory allocation failed", re.I)


def parse_xml(name: str, data: bytes, prune: bool = False):
    """Parse one part safely (strict namespaces mapped to transitional);
    ``prune``: leave out the formatting elements the reader ignores
    (:func:`prune_ignored`)."""
    from lxml import etree

    refuse_doctype(name, data)
    if _STRICT_MARK in data:
        for strict, transitional in _STRICT_TO_TRANSITIONAL:
            data = data.replace(strict, transitional)
    if prune:
        data = prune_ignored(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if _PARSER_LIMIT.search(str(exc)):
            # libxml2's safety limits (nesting depth, size of one text)
            raise HostileInput(
                f"part {name} is nested too deeply or holds a text too long for a Word document",
                _HOSTILE_HINT,
            ) from None
        raise InputError(f"part {name} is not well-formed XML ({exc})", _BAD_ZIP_HINT) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:  # an encoding the byte check did not see
        raise HostileInput(f"part {name} declares a DOCTYPE/ENTITY, which Word never writes", _HOSTILE_HINT)
    return root


class Package:
    """The checked ZIP container, its relationships and parts (read lazily)."""

    def __init__(self, data: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError) as exc:
            raise InputError(f"not a readable DOCX/ZIP package ({exc})", _BAD_ZIP_HINT) from None
        _check_directory(infos)
        self._data = memoryview(data)
        self._infos = {i.filename: i for i in infos}
        if "[Content_Types].xml" in self._infos:  # never parsed, but a DTD there is a sign of attack
            refuse_doctype("[Content_Types].xml", self.read("[Content_Types].xml"))
        self.names = frozenset(self._infos)
        self.main = self._main_part()
        self.main_rels = self.relationships(self.main)

    # ---- raw members -------------------------------------------------
    def read(self, name: str) -> bytes:
        """The bytes of one member, inflated in chunks that stop at the limits.

        Deflated members (all that Word writes) are inflated here from the raw
        bytes, so that the compression ratio is checked against the input
        consumed *so far*: a bomb stops after about a megabyte, whatever size
        the directory declares.  Other methods go through :mod:`zipfile`."""
        info = self._infos[name]
        if info.compress_type == zipfile.ZIP_DEFLATED:
            return self._inflate(info)
        out = bytearray()
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > MAX_PART_BYTES:
                        raise HostileInput(
                            f"part {name} expands beyond {MAX_PART_BYTES // (1024 * 1024)} MiB",
                            _BOMB_HINT,
                        )
        except HostileInput:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, RuntimeError, NotImplementedError) as exc:
            raise InputError(f"part {name} cannot be unpacked ({exc})", _BAD_ZIP_HINT) from None
        _check_ratio(name, len(out), info.compress_size)
        return bytes(out)

    def _inflate(self, info) -> bytes:
        name = info.filename
        data = self._data
        start = info.header_offset
        if bytes(data[start : start + 4]) != b"PK\x03\x04":
            raise InputError(f"part {name} cannot be unpacked (no local header)", _BAD_ZIP_HINT)
        start += 30 + int.from_bytes(data[start + 26 : start + 28], "little") + int.from_bytes(data[start + 28 : start + 30], "little")
        raw = data[start : start + info.compress_size]
        if len(raw) < info.compress_size:
            raise InputError(f"part {name} is truncated", _BAD_ZIP_HINT)
        inflater = zlib.decompressobj(-15)
        out = bytearray()
        pos = 0
        limit = min(info.file_size, MAX_PART_BYTES)
        try:
            while not inflater.eof:
                chunk = inflater.unconsumed_tail
                if not chunk:
                    if pos >= len(raw):
                        break
                    chunk = raw[pos : pos + _IN_CHUNK]
                    pos += len(chunk)
                out += inflater.decompress(chunk, _CHUNK)
                consumed = pos - len(inflater.unconsumed_tail)
                if len(out) > RATIO_FLOOR_BYTES and len(out) > MAX_COMPRESSION_RATIO * max(consumed, 1):
                    raise HostileInput(
                        f"part {name} is compressed more than {MAX_COMPRESSION_RATIO}:1", _BOMB_HINT
                    )
                if len(out) > limit:
                    break
        except zlib.error as exc:
            raise InputError(f"part {name} cannot be unpacked ({exc})", _BAD_ZIP_HINT) from None
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise InputError(f"part {name} cannot be unpacked (size or checksum does not match)", _BAD_ZIP_HINT)
        return bytes(out)

    def xml(self, name: str | None, prune: bool = False):
        """The parsed part ``name``, or None when absent (``prune``: see
        :func:`prune_ignored`)."""
        if not name or name not in self._infos:
            return None
        return parse_xml(name, self.read(name), prune)

    # ---- relationships -----------------------------------------------
    def relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId -> (type suffix, target part or URL, external) for ``part``."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        rels: dict[str, tuple[str, str, bool]] = {}
        if root is None:
            return rels
        for rel in root:
            if not isinstance(rel.tag, str) or not rel.tag.endswith("Relationship"):
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            external = rel.get("TargetMode") == "External"
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            rels[rel.get("Id") or ""] = (kind, target, external)
        return rels

    def part_of_type(self, kind: str, rels: dict | None = None) -> str | None:
        """The first internal part of relationship type ``kind``."""
        for typ, target, external in (self.main_rels if rels is None else rels).values():
            if typ == kind and not external and target in self._infos:
                return target
        return None

    def _main_part(self) -> str:
        root_rels = self.relationships("")
        for typ, target, external in root_rels.values():
            if typ == "officeDocument" and not external and target in self._infos:
                return target
        if "word/document.xml" in self._infos:
            return "word/document.xml"
        raise InputError(
            "no Word document inside the package (word/document.xml is missing)",
            "check that the file is a Word .docx, not another Office or ZIP file",
        )


def _check_directory(infos) -> None:
    if len(infos) > MAX_MEMBERS:
        raise HostileInput(f"the package has {len(infos)} members (limit {MAX_MEMBERS})", _BOMB_HINT)
    total = 0
    names: set[str] = set()
    for info in infos:
        name = info.filename.lstrip("/").casefold()
        if name in names:
            # readers disagree on which copy wins: one could hide text from
            # a reviewer's Word while another tool reads the other copy
            raise HostileInput(f"the package has two members named {info.filename}", _HOSTILE_HINT)
        names.add(name)
        if info.flag_bits & 0x1:
            raise InputError("the package is encrypted", "remove the password in Word (File > Info > Protect Document) and save again")
        if info.file_size > MAX_PART_BYTES:
            raise HostileInput(
                f"part {info.filename} declares {info.file_size} bytes (limit {MAX_PART_BYTES})",
                _BOMB_HINT,
            )
        _check_ratio(info.filename, info.file_size, info.compress_size)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise HostileInput(f"the package expands to {total} bytes (limit {MAX_TOTAL_BYTES})", _BOMB_HINT)


def _check_ratio(name: str, size: int, compressed: int) -> None:
    if size > RATIO_FLOOR_BYTES and size > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise HostileInput(
            f"part {name} is compressed {size // max(compressed, 1)}:1 (limit {MAX_COMPRESSION_RATIO}:1)",
            _BOMB_HINT,
        )
