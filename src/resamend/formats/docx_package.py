"""The DOCX format's package layer: one home for the ZIP, its limits and its parts.

A DOCX is a ZIP of XML parts (or, as Flat OPC, one XML file holding the
parts inline).  The reader and the writer both reach the input's parts
through :class:`Package` only: one validator, one table of limits, one
table of namespaces, one relationship parser.  The writer takes the package
the reader already opened (an opaque handle the command line passes on), so
an input is read and checked once; the parsed parts up to 1 MiB (styles,
numbering, settings …) are kept for it, and only a larger part it copies
(the main document, for its final section properties) is inflated again,
on the same budget.

Both layers can be abused (ZIP bombs, XML entity expansion, external
entities), so nothing is read before it is checked, and every check fails
with :class:`HostileInput` or :class:`InputError` carrying a hint for the
user.

Limits (module constants, one table; generous enough for a 1000-page
document, whose ``word/document.xml`` is about 50 MB and a million
elements):

* ``MAX_MEMBERS`` – at most 10 000 entries in the ZIP directory;
* ``MAX_PART_BYTES`` – a single part may expand to at most 256 MiB;
* ``MAX_TOTAL_BYTES`` – all the parts read (or copied into a Word output)
  add up to at most 1 GiB;
* ``MAX_COMPRESSION_RATIO`` – past ``RATIO_FLOOR_BYTES`` (32 MiB) of output,
  a part, and the package as a whole, may not be compressed more than
  200:1 (XML compresses 5–30:1; ZIP bombs 1000:1).  Below the floor any
  ratio passes: a small, honest, very repetitive document can reach 300:1;
* ``MAX_ELEMENTS`` – the XML parts parsed from one package hold at most
  4 000 000 elements together (a parsed element costs about 120 bytes);
* encrypted members, member names that climb out of the package
  (``../``) and two members with one name are refused.

Every limit is measured on the bytes actually produced, never on the sizes
the ZIP directory declares (declared sizes over a limit are refused early,
but a directory that lies gains nothing): every member, whatever its
compression method (stored, deflate, bzip2, LZMA), is inflated in chunks by
:meth:`Package.read`, which stops as soon as a budget is exceeded.

XML is parsed with entity resolution, DTD loading and network access off and
libxml2's default size limits (``huge_tree=False``); a part that declares a
DOCTYPE or ENTITY is refused before it is parsed at all (UTF-8 and UTF-16
with or without byte-order mark; ``[Content_Types].xml`` included), and
again after parsing should an encoding have hidden it from the byte check.
ISO/IEC 29500 *strict* namespaces are mapped to the transitional ones
(:func:`to_transitional`), so the reader knows one vocabulary and the
writer writes a strict input back as a transitional package.
"""

from __future__ import annotations

import bz2
import io
import lzma
import posixpath
import re
import zipfile
import zlib

from ..diagnostics import HostileInput, InputError, UnsupportedFormat

# ---- the limits ---------------------------------------------------------------

MAX_MEMBERS = 10_000
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
RATIO_FLOOR_BYTES = 32 * 1024 * 1024
MAX_ELEMENTS = 4_000_000
_SMALLEST_ELEMENT = 4  # bytes: <a/>
_KEPT_BYTES = 1024 * 1024  # parsed parts up to this size are kept for the writer (styles, numbering …)
_CHUNK = 1024 * 1024  # output produced per step
_IN_CHUNK = 64 * 1024  # compressed input fed per step

# ---- the namespaces -----------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_BASE = R_NS + "/"
# relationship types and content types of the parts a Word package needs
RT_OFFICE_DOCUMENT = REL_BASE + "officeDocument"
RT_STYLES = REL_BASE + "styles"
RT_SETTINGS = REL_BASE + "settings"
RT_FOOTNOTES = REL_BASE + "footnotes"
RT_HYPERLINK = REL_BASE + "hyperlink"
RT_CORE = PKG_REL_NS + "/metadata/core-properties"
RT_APP = REL_BASE + "extended-properties"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

FLAT_OPC_NS = "http://schemas.microsoft.com/office/2006/xmlPackage"
WORD_2003_NS = "http://schemas.microsoft.com/office/word/2003/wordml"

# ISO/IEC 29500 strict -> transitional (ECMA-376 Part 1, Annex A), longest first
_STRICT_TO_TRANSITIONAL = (
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties", (REL_BASE + "extended-properties").encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties", (REL_BASE + "custom-properties").encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/customProperties", b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/", b"http://schemas.openxmlformats.org/officeDocument/2006/"),
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/", b"http://schemas.openxmlformats.org/drawingml/2006/"),
)
_STRICT_MARK = b"http://purl.oclc.org/ooxml/"
_STRICT_CONFORMANCE = re.compile(rb'\s[\w]+:conformance="strict"')

# UTF-16 with a byte-order mark, or without one (detected from "<?" as libxml2 does)
_UTF16_STARTS = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00?\x00": "utf-16-le", b"\x00<\x00?": "utf-16-be"}
_HOSTILE_HINT = "the file may be crafted to attack XML parsers; do not process it further"
_BOMB_HINT = "the file may be a ZIP bomb; check where it came from"
_MEMORY_HINT = "the file may be crafted to exhaust memory; check where it came from, or open it in Word and save it again"
_BAD_ZIP_HINT = "the file is damaged or not a Word document; open it in Word and save it again as .docx"


def to_transitional(data: bytes) -> bytes:
    """An XML part with ISO/IEC 29500 strict namespaces (and relationship
    types) mapped to the transitional ones Word writes by default."""
    if _STRICT_MARK not in data:
        return data
    for strict, transitional in _STRICT_TO_TRANSITIONAL:
        data = data.replace(strict, transitional)
    return _STRICT_CONFORMANCE.sub(b"", data, count=1)


def safe_parser(comments: bool = True):
    """An lxml parser that never resolves entities, loads DTDs or uses the
    network, within libxml2's default size limits (``comments``: keep
    comments and processing instructions)."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=not comments, remove_pis=not comments,
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


def parse_xml(name: str, data: bytes, prune: bool = False, comments: bool = False):
    """Parse one part safely (strict namespaces mapped to transitional);
    ``prune``: leave out the formatting elements the reader ignores
    (:func:`prune_ignored`); ``comments``: keep comments and processing
    instructions (a part written back)."""
    from lxml import etree

    refuse_doctype(name, data)
    data = to_transitional(data)
    if prune:
        data = prune_ignored(data)
    try:
        root = etree.fromstring(data, safe_parser(comments))
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

def flat_opc_parts(data: bytes, budget: "_Budget") -> dict[str, bytes]:
    """The parts of a Flat OPC file (Word's "Word XML Document", one
    ``pkg:package`` holding each part inline), as a ZIP would hold them;
    ``[Content_Types].xml`` is made from the parts' content types."""
    import base64
    import binascii

    from lxml import etree

    whole = "the Flat OPC package"
    budget.count(whole, _elements(data), None)  # nothing else is counted yet
    root = parse_xml(whole, data, comments=True)
    budget.forget(whole)
    if root.tag != f"{{{FLAT_OPC_NS}}}package":
        if root.tag.startswith(f"{{{WORD_2003_NS}}}"):
            raise word_2003_xml()
        raise InputError("not a readable DOCX/ZIP package (neither a ZIP nor a Flat OPC Word XML file)", _BAD_ZIP_HINT)
    parts: dict[str, bytes] = {}
    types = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    for kind, ext in ((CT_RELS, "rels"), ("application/xml", "xml")):
        etree.SubElement(types, f"{{{CT_NS}}}Default", Extension=ext, ContentType=kind)
    ns = f"{{{FLAT_OPC_NS}}}"
    folded: set[str] = set()
    for part in root.iterchildren(ns + "part"):
        name = member_name(part.get(ns + "name") or "")
        if name.casefold() in folded:
            raise HostileInput(f"the package has two members named {name}", _HOSTILE_HINT)
        if len(parts) >= MAX_MEMBERS:
            raise HostileInput(f"the package has more than {MAX_MEMBERS} members", _BOMB_HINT)
        folded.add(name.casefold())
        xml_data, binary = part.find(ns + "xmlData"), part.find(ns + "binaryData")
        if xml_data is not None and len(xml_data):
            body = etree.tostring(xml_data[0], xml_declaration=True, encoding="UTF-8", standalone=True)
        elif binary is not None:
            try:
                body = base64.b64decode("".join((binary.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                raise InputError(f"part {name} of the Flat OPC package is not valid base64", _BAD_ZIP_HINT) from None
        else:
            body = b""
        parts[name] = body
        if part.get(ns + "contentType") and not name.endswith(".rels"):
            etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=part.get(ns + "contentType"))
    parts.setdefault("[Content_Types].xml", etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True))
    return parts


def word_2003_xml() -> InputError:
    """The refusal of a Word 2003 XML document (recognised by its root)."""
    return UnsupportedFormat(
        "a Word 2003 XML document (WordprocessingML 2003), which resamend does not read",
        "open it in Word and save it as .docx (Word Document)",
    )


def rels_name(part: str) -> str:
    """``word/document.xml`` → ``word/_rels/document.xml.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve_target(folder: str, target: str) -> str:
    """A relationship's internal target as a part name."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def member_name(raw: str) -> str:
    """The part name of a ZIP member: ``\\`` read as ``/``, ``./`` and a
    leading ``/`` dropped; a name that climbs out of the package (``../``,
    ``word\\..\\..\\x``) or names a drive is refused, so that it can never be
    carried into a Word output nor shadow another part."""
    name = raw.replace("\\", "/")
    normal = posixpath.normpath(name.lstrip("/")) if name.strip("/") else ""
    if normal in ("", ".") or normal == ".." or normal.startswith("../") or ":" in normal.split("/", 1)[0] or "\x00" in normal:
        raise HostileInput(f"the package has a member named {raw!r}, outside the package", _HOSTILE_HINT)
    return normal


class _Budget:
    """What one package may produce: bytes out against compressed bytes in
    (each part and the whole package), and elements in the parts parsed.
    A part read twice (by the reader, then copied by the writer) counts once."""

    __slots__ = ("produced", "out", "used", "elements", "total", "exact")

    def __init__(self):
        self.produced: dict[str, tuple[int, int]] = {}  # part -> (bytes out, bytes in)
        self.out = self.used = 0  # of the parts in ``produced``
        self.elements: dict[str, tuple[int, bool]] = {}  # part -> (elements, counted) or (their bound, False)
        self.total = self.exact = 0  # elements of all parts, of the parts counted

    def _charge(self, name: str, elements: int, counted: bool) -> None:
        old, was_counted = self.elements.get(name, (0, False))
        self.total += elements - old
        self.exact += (elements if counted else 0) - (old if was_counted else 0)
        self.elements[name] = (elements, counted)

    def check(self, name: str, out: int, used: int) -> None:
        """Refuse as soon as ``out`` bytes made from ``used`` compressed
        bytes of part ``name`` break a limit."""
        if out > MAX_PART_BYTES:
            raise HostileInput(f"part {name} expands beyond {MAX_PART_BYTES // 2**20} MiB", _BOMB_HINT)
        if out > RATIO_FLOOR_BYTES and out > MAX_COMPRESSION_RATIO * max(used, 1):
            raise HostileInput(f"part {name} is compressed more than {MAX_COMPRESSION_RATIO}:1", _BOMB_HINT)
        before_out, before_in = self.produced.get(name, (0, 0))
        total_out, total_in = self.out - before_out + out, self.used - before_in + used
        if total_out > MAX_TOTAL_BYTES:
            raise HostileInput(f"the package expands beyond {MAX_TOTAL_BYTES // 2**30} GiB", _BOMB_HINT)
        if total_out > RATIO_FLOOR_BYTES and total_out > MAX_COMPRESSION_RATIO * max(total_in, 1):
            raise HostileInput(f"the package is compressed more than {MAX_COMPRESSION_RATIO}:1 (at part {name})", _BOMB_HINT)

    def done(self, name: str, out: int, used: int) -> None:
        before_out, before_in = self.produced.get(name, (0, 0))
        self.out += out - before_out
        self.used += used - before_in
        self.produced[name] = (out, used)

    def bounds(self, name: str, size: int) -> bool:
        """Whether part ``name`` of at most ``size`` bytes fits the element
        budget whatever it holds (an element takes at least 4 bytes,
        ``<a/>``): then that bound is charged, and its elements need not be
        counted (counting costs a tenth of parsing)."""
        bound = size // _SMALLEST_ELEMENT + 1
        if self.total - self.elements.get(name, (0, False))[0] + bound > MAX_ELEMENTS:
            return False
        self._charge(name, bound, False)
        return True

    def room(self, name: str) -> int:
        """How many elements part ``name`` may hold beside the parts counted."""
        old, counted = self.elements.get(name, (0, False))
        return MAX_ELEMENTS - (self.exact - (old if counted else 0))

    def count(self, name: str, elements: int, recount) -> None:
        """Refuse when the parsed parts would hold more than ``MAX_ELEMENTS``
        (parts charged their bound are counted first: ``recount``)."""
        self._charge(name, elements, True)
        if self.total > MAX_ELEMENTS:
            for part in sorted(p for p, (_n, counted) in self.elements.items() if not counted):
                self._charge(part, recount(part), True)
        if self.total > MAX_ELEMENTS:
            raise HostileInput(
                f"part {name} holds more XML elements than resamend parses from one document "
                f"({MAX_ELEMENTS:,}; a 1000-page resolution holds about a million)",
                _MEMORY_HINT,
            )

    def forget(self, name: str) -> None:
        """Part ``name`` (the whole Flat OPC file) is no longer held."""
        self._charge(name, 0, True)
        del self.elements[name]


class _Zlib:
    """zlib's raw inflater with the interface of bz2's and lzma's."""

    __slots__ = ("_d",)

    def __init__(self):
        self._d = zlib.decompressobj(-15)

    @property
    def eof(self) -> bool:
        return self._d.eof

    @property
    def needs_input(self) -> bool:
        return not self._d.unconsumed_tail

    @property
    def held(self) -> int:
        return len(self._d.unconsumed_tail)

    def decompress(self, data: bytes, max_length: int) -> bytes:
        tail = self._d.unconsumed_tail
        return self._d.decompress(tail + data if tail else data, max_length)


class _Lzma:
    """The LZMA of a ZIP member: a 4-byte header and the filter properties,
    then a raw LZMA1 stream (APPNOTE 5.8.8)."""

    __slots__ = ("_d", "_head", "held")

    def __init__(self):
        self._d = None
        self._head = b""
        self.held = 0

    @property
    def eof(self) -> bool:
        return self._d is not None and self._d.eof

    @property
    def needs_input(self) -> bool:
        return self._d is None or self._d.needs_input

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._d is None:
            self._head += data
            if len(self._head) < 4 or len(self._head) < 4 + int.from_bytes(self._head[2:4], "little"):
                return b""
            size = int.from_bytes(self._head[2:4], "little")
            props = self._head[4 : 4 + size]
            self._d = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma._decode_filter_properties(lzma.FILTER_LZMA1, props)])
            data, self._head = self._head[4 + size :], b""
        return self._d.decompress(data, max_length)


class _Bz2:
    __slots__ = ("_d", "held")

    def __init__(self):
        self._d = bz2.BZ2Decompressor()
        self.held = 0

    @property
    def eof(self) -> bool:
        return self._d.eof

    @property
    def needs_input(self) -> bool:
        return self._d.needs_input

    def decompress(self, data: bytes, max_length: int) -> bytes:
        return self._d.decompress(data, max_length)


_INFLATERS = {zipfile.ZIP_DEFLATED: _Zlib, zipfile.ZIP_BZIP2: _Bz2, zipfile.ZIP_LZMA: _Lzma}
_UNPACK_ERRORS = (zlib.error, OSError, EOFError, ValueError, lzma.LZMAError, MemoryError)


def _elements(chunk: bytes) -> int:
    """About how many elements (start tags) ``chunk`` of XML holds."""
    return chunk.count(b"<") - chunk.count(b"</")


class Package:
    """The checked package (a ZIP, or Flat OPC's parts inline), its
    relationships and parts, each read lazily on a budget.

    Opened once by the reader; the writer keeps the styles, page setup and
    other parts of the same object (``WriteOptions.template``)."""

    def __init__(self, data: bytes):
        self._budget = _Budget()
        self._flat: dict[str, bytes] | None = None
        self._small: dict[str, bytes] = {}  # parsed parts up to _KEPT_BYTES, for the writer
        if data[:2] == b"PK":
            self._open_zip(data)
        elif FLAT_OPC_NS.encode() in data[:4096] or WORD_2003_NS.encode() in data[:4096]:
            self._flat = flat_opc_parts(data, self._budget)
            self._infos = {}
            self.names = frozenset(self._flat)
        else:
            raise InputError("not a readable DOCX/ZIP package (neither a ZIP nor a Flat OPC Word XML file)", _BAD_ZIP_HINT)
        if "[Content_Types].xml" in self.names:  # never parsed by the reader, but a DTD there is a sign of attack
            refuse_doctype("[Content_Types].xml", self.read("[Content_Types].xml"))
        self.main = self._main_part()
        self.main_rels = self.relationships(self.main)

    def _open_zip(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError) as exc:
            raise InputError(f"not a readable DOCX/ZIP package ({exc})", _BAD_ZIP_HINT) from None
        self._data = memoryview(data)
        self._infos = _check_directory(infos)
        self.names = frozenset(self._infos)

    # ---- raw members -------------------------------------------------
    def read(self, name: str, *, xml: bool = False) -> bytes:
        """The bytes of one member, inflated in chunks that stop at the limits
        (``xml``: a part to parse, whose elements count against
        ``MAX_ELEMENTS``).

        Every method is inflated here from the raw bytes, so that each limit
        is checked against the bytes produced and consumed *so far*: a bomb
        stops within its first 32 MiB, whatever sizes the directory declares."""
        budget = self._budget
        if self._flat is not None:
            out = self._flat[name]
            if xml and not budget.bounds(name, len(out)):
                budget.count(name, _elements(out), self._recount)
            return out
        if name in self._small:  # read and counted before
            return self._small[name]
        info = self._infos[name]
        raw = self._raw(name, info)
        count = xml and not budget.bounds(name, info.file_size + 1)
        if info.compress_type == zipfile.ZIP_STORED:
            out = bytes(raw[: info.file_size])
            used = len(out)
            budget.check(name, len(out), used)
            if count:
                budget.count(name, _elements(out), self._recount)
        else:
            out, used = self._inflate(name, info, raw, count)
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise InputError(f"part {name} cannot be unpacked (size or checksum does not match)", _BAD_ZIP_HINT)
        budget.done(name, len(out), used)
        if xml and len(out) <= _KEPT_BYTES:
            self._small[name] = out
        return out

    def _recount(self, name: str) -> int:
        return _elements(self.read(name))

    def _raw(self, name: str, info) -> memoryview:
        data = self._data
        start = info.header_offset
        if bytes(data[start : start + 4]) != b"PK\x03\x04":
            raise InputError(f"part {name} cannot be unpacked (no local header)", _BAD_ZIP_HINT)
        start += 30 + int.from_bytes(data[start + 26 : start + 28], "little") + int.from_bytes(data[start + 28 : start + 30], "little")
        raw = data[start : start + info.compress_size]
        if len(raw) < info.compress_size:
            raise InputError(f"part {name} is truncated", _BAD_ZIP_HINT)
        return raw

    def _inflate(self, name: str, info, raw: memoryview, xml: bool) -> tuple[bytes, int]:
        make = _INFLATERS.get(info.compress_type)
        if make is None:
            raise InputError(
                f"part {name} cannot be unpacked (ZIP compression method {info.compress_type}, which resamend does not read)",
                _BAD_ZIP_HINT,
            )
        inflater = make()
        out = bytearray()
        pos = elements = 0
        limit = min(info.file_size, MAX_PART_BYTES) + 1  # one byte more shows a directory that under-states
        budget = self._budget
        room = budget.room(name) if xml else 0
        try:
            while not inflater.eof and len(out) < limit:
                chunk = b""
                if inflater.needs_input:
                    if pos >= len(raw):
                        break
                    chunk = bytes(raw[pos : pos + _IN_CHUNK])
                    pos += len(chunk)
                piece = inflater.decompress(chunk, _CHUNK)
                out += piece
                budget.check(name, len(out), pos - inflater.held)
                if xml and piece:
                    elements += _elements(piece)
                    if elements > room:  # refused as soon as the budget is spent
                        budget.count(name, elements, self._recount)
                        room = budget.room(name)
        except _UNPACK_ERRORS as exc:
            raise InputError(f"part {name} cannot be unpacked ({exc})", _BAD_ZIP_HINT) from None
        if xml:
            budget.count(name, elements, self._recount)
        return bytes(out), pos

    def xml(self, name: str | None, prune: bool = False, comments: bool = False):
        """The parsed part ``name``, or None when absent (``prune``: see
        :func:`prune_ignored`; ``comments``: keep comments and processing
        instructions, for a part written back)."""
        if not name or name not in self.names:
            return None
        return parse_xml(name, self.read(name, xml=True), prune, comments)

    # ---- relationships -----------------------------------------------
    def relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId -> (type suffix, target part or URL, external) for ``part``."""
        folder = posixpath.dirname(part)
        root = self.xml(rels_name(part))
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
                target = resolve_target(folder, target)
            rels[rel.get("Id") or ""] = (kind, target, external)
        return rels

    def part_of_type(self, kind: str, rels: dict | None = None) -> str | None:
        """The first internal part of relationship type ``kind``."""
        for typ, target, external in (self.main_rels if rels is None else rels).values():
            if typ == kind and not external and target in self.names:
                return target
        return None

    def _main_part(self) -> str:
        root_rels = self.relationships("")
        for typ, target, external in root_rels.values():
            if typ == "officeDocument" and not external and target in self.names:
                return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise not_a_word_package(self.names)


def not_a_word_package(names) -> InputError:
    """What a ZIP without a Word document is, and what to do."""
    what = "no Word document inside the package (word/document.xml is missing)"
    if "mimetype" in names or "content.xml" in names:
        what = "an OpenDocument file (.odt), not a Word .docx"
    elif any(n.startswith("xl/") for n in names):
        what = "an Excel workbook (.xlsx), not a Word .docx"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint presentation (.pptx), not a Word .docx"
    if "word/document.xml" not in what:
        what += " (no word/document.xml inside)"
    return UnsupportedFormat(what, "check that the file is a Word .docx, not another Office or ZIP file; resamend reads Word .docx, HTML, text and JSON")


def _check_directory(infos) -> dict:
    """Part name -> ZIP entry, once the directory is checked: member count,
    names (see :func:`member_name`), one member per name, no encryption,
    declared sizes within the limits (checked again on the bytes produced)."""
    if len(infos) > MAX_MEMBERS:
        raise HostileInput(f"the package has {len(infos)} members (limit {MAX_MEMBERS})", _BOMB_HINT)
    total = 0
    entries: dict = {}
    folded: set[str] = set()
    for info in infos:
        if info.is_dir():  # a folder entry (no OPC part name ends with "/"): never read nor copied
            continue
        name = member_name(info.filename)
        if name.casefold() in folded:
            # readers disagree on which copy wins: one could hide text from
            # a reviewer's Word while another tool reads the other copy
            raise HostileInput(f"the package has two members named {name}", _HOSTILE_HINT)
        folded.add(name.casefold())
        if info.flag_bits & 0x1:
            raise InputError("the package is encrypted", "remove the password in Word (File > Info > Protect Document) and save again")
        if info.file_size > MAX_PART_BYTES:
            raise HostileInput(
                f"part {name} declares {info.file_size} bytes (limit {MAX_PART_BYTES})",
                _BOMB_HINT,
            )
        _check_ratio(name, info.file_size, info.compress_size)
        total += info.file_size
        entries[name] = info
    if total > MAX_TOTAL_BYTES:
        raise HostileInput(f"the package expands to {total} bytes (limit {MAX_TOTAL_BYTES})", _BOMB_HINT)
    return entries


def _check_ratio(name: str, size: int, compressed: int) -> None:
    if size > RATIO_FLOOR_BYTES and size > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise HostileInput(
            f"part {name} is compressed {size // max(compressed, 1)}:1 (limit {MAX_COMPRESSION_RATIO}:1)",
            _BOMB_HINT,
        )
