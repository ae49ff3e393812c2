"""Builders for hostile and broken inputs (DOCX packages, XML, ZIP tricks).

Each builder returns bytes (or writes a file) that a real attacker or a
damaged disk could produce.  The ZIP tricks patch the bytes of a normal
package rather than relying on :mod:`zipfile` to write something odd, so
that the test sees exactly what a crafted file contains.

    from hostile_factory import small_docx, with_xml_attack, patch_central
    data = with_xml_attack(small_docx(), "word/styles.xml", "external-entity", canary_url)
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from docx_factory import make_docx, p, r

# --- a normal starting point ----------------------------------------------

PARAGRAPHS = (
    ("Recalling ", "the Convention", " on Migratory Species,"),
    ("Requests ", "the Secretariat", " to report."),
)


def small_docx(**parts) -> bytes:
    """A small valid draft with styles, numbering and footnotes parts, so
    that each of them can be replaced by a hostile version."""
    body = "".join(
        p(r(a), r(b, "<w:u w:val='single'/>"), r(c, "<w:strike/>")) for a, b, c in PARAGRAPHS
    )
    body += p(r("See the note"), '<w:r><w:footnoteReference w:id="1"/></w:r>')
    kwargs = dict(
        styles='<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
        numbering='<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
        footnotes='<w:footnote w:id="1"><w:p><w:r><w:t>A footnote.</w:t></w:r></w:p></w:footnote>',
    )
    kwargs.update(parts)
    return make_docx(body, **kwargs)


def members(data: bytes) -> dict[str, bytes]:
    """Every member of a ZIP, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(parts: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    parts = members(data)
    parts[name] = content
    return rezip(parts)


def drop_member(data: bytes, name: str) -> bytes:
    parts = members(data)
    del parts[name]
    return rezip(parts)


# --- XML attacks -----------------------------------------------------------

#: the parts a reader loads, and the root element each one starts with
READ_PARTS = {
    "word/document.xml": "w:document",
    "word/styles.xml": "w:styles",
    "word/numbering.xml": "w:numbering",
    "word/footnotes.xml": "w:footnotes",
    "[Content_Types].xml": "Types",
    "_rels/.rels": "Relationships",
    "word/_rels/document.xml.rels": "Relationships",
}

XML_ATTACKS = ("billion-laughs", "external-entity", "parameter-entity", "external-dtd")


def _doctype(kind: str, root: str, url: str) -> tuple[str, str]:
    """(the DOCTYPE declaration, an entity reference to put in the text)."""
    if kind == "billion-laughs":
        levels = ['<!ENTITY lol0 "lol">'] + [
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
        ]
        return f"<!DOCTYPE {root} [{''.join(levels)}]>", "&lol9;"
    if kind == "external-entity":
        return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}">]>', "&xxe;"
    if kind == "parameter-entity":
        return (
            f'<!DOCTYPE {root} [<!ENTITY % leak SYSTEM "{url}"> <!ENTITY % wrap "<!ENTITY inner \'%leak;\'>"> %wrap;]>',
            "&inner;",
        )
    if kind == "external-dtd":
        return f'<!DOCTYPE {root} SYSTEM "{url}">', ""
    raise ValueError(kind)


def xml_attack(part_xml: bytes, kind: str, root: str, url: str) -> bytes:
    """``part_xml`` with a hostile DOCTYPE after the XML declaration and,
    where the attack has one, an entity reference in its first text or
    attribute-free spot (so that an expanding parser would put the entity's
    content into the document's text)."""
    text = part_xml.decode("utf-8")
    decl_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    doctype, ref = _doctype(kind, root, url)
    body = text[decl_end:]
    if ref:
        if "<w:t" in body:
            start = body.index(">", body.index("<w:t")) + 1
            body = body[:start] + ref + body[start:]
        else:  # no text element: put the reference as the root's text
            close = body.index(">", body.index("<" + root)) + 1
            body = body[:close] + ref + body[close:]
    return (text[:decl_end] + doctype + body).encode("utf-8")


def with_xml_attack(data: bytes, part: str, kind: str, url: str) -> bytes:
    """The package ``data`` with ``part`` carrying the XML attack ``kind``
    (``url`` is the external resource the attack tries to read)."""
    parts = members(data)
    parts[part] = xml_attack(parts[part], kind, READ_PARTS[part], url)
    return rezip(parts)


def utf16_without_bom(xml: bytes) -> bytes:
    """The part re-encoded as UTF-16LE with no byte-order mark (XML allows
    the parser to detect it from ``<\\0?\\0``)."""
    text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return text.encode("utf-16-le")


# --- ZIP tricks ---------------------------------------------------------------

_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def _central_entries(data: bytes):
    """(offset, name) of every central-directory header."""
    at = data.find(_CENTRAL)
    while at != -1:
        (name_len,) = struct.unpack_from("<H", data, at + 28)
        yield at, data[at + 46 : at + 46 + name_len].decode("utf-8")
        at = data.find(_CENTRAL, at + 46 + name_len)


def patch_central(data: bytes, name: str, *, file_size=None, compress_size=None, flag_bits=None) -> bytes:
    """Rewrite fields of ``name``'s central-directory header: the sizes a
    reader trusts before it inflates anything, and the flag bits
    (bit 0 = encrypted)."""
    out = bytearray(data)
    for at, entry in _central_entries(data):
        if entry != name:
            continue
        if flag_bits is not None:
            struct.pack_into("<H", out, at + 8, flag_bits)
        if compress_size is not None:
            struct.pack_into("<I", out, at + 20, compress_size)
        if file_size is not None:
            struct.pack_into("<I", out, at + 24, file_size)
        return bytes(out)
    raise KeyError(name)


def encrypted_flag(data: bytes, name: str = "word/document.xml") -> bytes:
    """The member marked as encrypted (general purpose bit 0), in the
    central directory and in its local header."""
    out = bytearray(patch_central(data, name, flag_bits=0x1))
    at = out.find(_LOCAL)
    while at != -1:
        (name_len,) = struct.unpack_from("<H", out, at + 26)
        if out[at + 30 : at + 30 + name_len].decode("utf-8") == name:
            (flags,) = struct.unpack_from("<H", out, at + 6)
            struct.pack_into("<H", out, at + 6, flags | 0x1)
        at = out.find(_LOCAL, at + 30)
    return bytes(out)


def compression_method(data: bytes, name: str, method: int) -> bytes:
    """The member's compression method field set to ``method`` (99 is
    WinZip AES, 14 LZMA, 12 bzip2) in its central and local headers."""
    out = bytearray(data)
    for at, entry in _central_entries(data):
        if entry == name:
            struct.pack_into("<H", out, at + 10, method)
    at = out.find(_LOCAL)
    while at != -1:
        (name_len,) = struct.unpack_from("<H", out, at + 26)
        if out[at + 30 : at + 30 + name_len].decode("utf-8") == name:
            struct.pack_into("<H", out, at + 8, method)
        at = out.find(_LOCAL, at + 30)
    return bytes(out)


def duplicate_member(data: bytes, name: str, content: bytes) -> bytes:
    """A second member called ``name`` after the first (OPC forbids it;
    zip tools disagree about which one they show)."""
    import warnings

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, body in members(data).items():
            zf.writestr(part, body)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name"
            zf.writestr(name, content)
    return buf.getvalue()


def many_members(count: int) -> bytes:
    """A valid draft followed by ``count`` empty members."""
    parts = members(small_docx())
    for i in range(count):
        parts[f"customXml/item{i}.xml"] = b""
    return rezip(parts, compression=zipfile.ZIP_STORED)


def truncated(data: bytes) -> bytes:
    """The first half of the file (a broken download)."""
    return data[: len(data) // 2]


def write_zip_bomb(path: Path, inflated: int, *, member: str = "word/document.xml", chunk: int = 4 * 1024 * 1024) -> int:
    """Write a DOCX-shaped ZIP whose ``member`` inflates to ``inflated``
    bytes of zeros, compressing in chunks (never holding the inflated data).
    Returns the compressed size of the member."""
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'
    )
    central = []
    with open(path, "wb") as fh:
        # a small, honest first member
        central.append(_write_member(fh, "_rels/.rels", zlib.crc32(rels), len(rels), _deflate_all(rels)))
        # the bomb: local header first (sizes patched after the stream)
        name = member.encode()
        offset = fh.tell()
        fh.write(_local_header(name, 0, 0, 0))
        # After a full flush the compressor starts afresh, so every chunk of
        # zeros compresses to the same bytes: compress one, write it n times.
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        zeros = bytes(chunk)
        block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
        count, rest = divmod(inflated, chunk)
        crc, csize = 0, 0
        for _ in range(count):
            crc = zlib.crc32(zeros, crc)
            fh.write(block)
            csize += len(block)
        final = zlib.compressobj(9, zlib.DEFLATED, -15)
        tail = final.compress(bytes(rest)) + final.flush()
        crc = zlib.crc32(bytes(rest), crc)
        fh.write(tail)
        csize += len(tail)
        end = fh.tell()
        fh.seek(offset)
        fh.write(_local_header(name, crc, csize, inflated))
        fh.seek(end)
        central.append((name, crc, csize, inflated, offset))
        _write_central(fh, central)
    return csize


def _deflate_all(data: bytes) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush()


def _local_header(name: bytes, crc: int, csize: int, usize: int) -> bytes:
    return struct.pack("<4sHHHHHIIIHH", _LOCAL, 20, 0, 8, 0, 0x21, crc, csize, usize, len(name), 0) + name


def _write_member(fh, name: str, crc: int, usize: int, compressed: bytes):
    offset = fh.tell()
    fh.write(_local_header(name.encode(), crc, len(compressed), usize))
    fh.write(compressed)
    return (name.encode(), crc, len(compressed), usize, offset)


def _write_central(fh, entries) -> None:
    start = fh.tell()
    for name, crc, csize, usize, offset in entries:
        fh.write(
            struct.pack("<4sHHHHHHIIIHHHHHII", _CENTRAL, 20, 20, 0, 8, 0, 0x21, crc, csize, usize, len(name), 0, 0, 0, 0, 0, offset)
            + name
        )
    size = fh.tell() - start
    fh.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), size, start, 0))


# --- containers that are not a ZIP ---------------------------------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole2_container(streams: tuple[str, ...]) -> bytes:
    """An OLE2 compound file header followed by directory entries naming
    ``streams`` (enough for format sniffing: the magic and the names)."""
    header = OLE2_MAGIC + bytes(512 - len(OLE2_MAGIC))
    entries = b""
    for name in ("Root Entry",) + streams:
        raw = name.encode("utf-16-le") + b"\0\0"
        entries += raw + bytes(64 - len(raw)) + struct.pack("<H", len(raw)) + bytes(128 - 66)
    return header + entries + bytes(-len(entries) % 512)


def legacy_doc() -> bytes:
    return ole2_container(("WordDocument", "1Table", "\x05SummaryInformation"))


def password_protected_docx() -> bytes:
    """What Word writes for a .docx with a password: an OLE2 container with
    the encrypted package inside (MS-OFFCRYPTO)."""
    return ole2_container(("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))


# --- large but honest inputs ------------------------------------------------------


def compendium_docx(paragraphs: int = 10_000) -> bytes:
    """A resolution compendium of ~1000 pages: ``paragraphs`` numbered
    operative paragraphs, every tenth with an underlined insertion and a
    struck deletion, split into several runs as Word does."""
    rows = []
    for i in range(1, paragraphs + 1):
        if i % 10 == 0:
            rows.append(
                p(
                    r(f"{i}. Requests the Secretariat to "),
                    r("continue ", "<w:u w:val='single'/>"),
                    r("begin ", "<w:strike/>"),
                    r(f"its work on item {i} in cooperation with the Parties and report to the next meeting;"),
                )
            )
        else:
            rows.append(p(r(f"{i}. Recalling the decisions taken on item {i} by the Conference of the Parties "), r("at its previous meetings and the relevant reports of the Scientific Council;")))
    return make_docx("".join(rows))


# --- round two: package attacks (issue #10 items 1, 2, 3, 8, 12, 13, 14) ----------

import functools  # noqa: E402  (the generators of round two are kept together, at the end)
#
# Members are written by hand (method, sizes and names exactly as given), so
# that a test sees what a crafted file holds.  Large members are compressed
# once, in chunks, and never held inflated.

ZIP_METHODS = {"stored": 0, "deflate": 8, "bzip2": 12, "lzma": 14}


def _lzma_member_header(props: bytes) -> bytes:
    # APPNOTE 5.8.8: LZMA SDK version 9.4, then the size of the properties
    return struct.pack("<BBH", 9, 4, len(props)) + props


class _Compressor:
    """One streaming compressor per ZIP method, writing what a ZIP member holds."""

    def __init__(self, method: str):
        import bz2
        import lzma

        self.method = method
        if method == "deflate":
            self._c = zlib.compressobj(9, zlib.DEFLATED, -15)
        elif method == "bzip2":
            self._c = bz2.BZ2Compressor(9)
        elif method == "lzma":
            filters = [{"id": lzma.FILTER_LZMA1, "preset": 0}]
            self._c = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=filters)
            self._head = _lzma_member_header(lzma._encode_filter_properties(filters[0]))
        else:
            self._c = None

    def compress(self, data: bytes) -> bytes:
        out = self._c.compress(data) if self._c else data
        head, self._head = getattr(self, "_head", b""), b""
        return head + out

    def flush(self) -> bytes:
        head, self._head = getattr(self, "_head", b""), b""
        return head + (self._c.flush() if self._c else b"")


@functools.lru_cache(maxsize=16)
def compressed_member(method: str, chunk: bytes, repeat: int = 1) -> tuple[bytes, int, int]:
    """(compressed bytes, CRC-32, inflated size) of ``chunk`` written
    ``repeat`` times with ``method``."""
    comp = _Compressor(method)
    out, crc = [], 0
    for _ in range(repeat):
        out.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    out.append(comp.flush())
    return b"".join(out), crc, len(chunk) * repeat


def _local(name: bytes, method: int, crc: int, csize: int, usize: int) -> bytes:
    return struct.pack("<4sHHHHHIIIHH", _LOCAL, 20, 0, method, 0, 0x21, crc, csize, usize, len(name), 0) + name


def handmade_zip(entries) -> bytes:
    """A ZIP of ``entries``: (name, method, compressed bytes, CRC, inflated
    size, declared compressed size, declared inflated size), the declared
    sizes written in both headers as given (None: the true ones)."""
    out = io.BytesIO()
    central = []
    for name, method, data, crc, usize, said_csize, said_usize in entries:
        raw = name.encode("utf-8")
        csize = len(data) if said_csize is None else said_csize
        size = usize if said_usize is None else said_usize
        offset = out.tell()
        out.write(_local(raw, ZIP_METHODS[method], crc, csize, size) + data)
        central.append((raw, ZIP_METHODS[method], crc, csize, size, offset))
    start = out.tell()
    for raw, method, crc, csize, size, offset in central:
        out.write(struct.pack("<4sHHHHHHIIIHHHHHII", _CENTRAL, 20, 20, 0, method, 0, 0x21, crc, csize, size, len(raw), 0, 0, 0, 0, 0, offset) + raw)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def honest_entries(data: bytes, method: str = "deflate") -> list:
    """The members of ``data`` as :func:`handmade_zip` entries."""
    entries = []
    for name, body in members(data).items():
        packed, crc, size = compressed_member(method, body)
        entries.append((name, method, packed, crc, size, None, None))
    return entries


def bomb_entry(name: str, method: str, inflated: int, *, lie: str = "padded", chunk: bytes = bytes(1024 * 1024)) -> tuple:
    """A member of ``inflated`` bytes (``chunk`` repeated) that passes the
    directory checks by lying about its sizes:

    * ``padded``: honest inflated size, and a compressed size (made true by
      padding after the stream) that shows a ratio of 100:1;
    * ``small``: an inflated size of 1 KiB;
    * ``short``: a compressed size of 16 bytes."""
    data, crc, size = compressed_member(method, chunk, inflated // len(chunk))
    if lie == "padded":
        data += bytes(max(size // 100 - len(data), 0))
        return (name, method, data, crc, size, None, None)
    if lie == "small":
        return (name, method, data, crc, size, None, 1024)
    return (name, method, data, crc, size, 16, None)


def copied_member_bomb(method: str, *, inflated: int = 64 * 1024 * 1024, count: int = 4, lie: str = "padded") -> bytes:
    """Issue #10 item 1: a draft whose ``customXml`` members, never read but
    copied into a Word output, each inflate to ``inflated`` bytes."""
    entries = honest_entries(small_docx())
    entries += [bomb_entry(f"customXml/item{i}.xml", method, inflated, lie=lie) for i in range(1, count + 1)]
    return handmade_zip(entries)


def read_part_bomb(method: str, *, inflated: int = 250 * 1024 * 1024, lie: str = "padded") -> bytes:
    """Issue #10 item 3: ``word/document.xml`` itself a bzip2/LZMA bomb."""
    entries = [e for e in honest_entries(small_docx()) if e[0] != "word/document.xml"]
    return handmade_zip(entries + [bomb_entry("word/document.xml", method, inflated, lie=lie)])


def element_flood_docx(*, inflated: int = 250 * 1024 * 1024, every: int = 250) -> bytes:
    """Issue #10 item 2: an honest directory whose ``word/styles.xml`` holds
    ``inflated`` bytes of empty elements, compressed about 160:1 (under the
    ratio limit): one distinct element name every ``every`` elements."""
    import random

    rnd = random.Random(2)
    pieces, size = [], 0
    while size < 1024 * 1024:
        piece = b"<w:a/>" * every + b"<w:b%06x/>" % rnd.getrandbits(24)
        pieces.append(piece)
        size += len(piece)
    chunk = b"".join(pieces)
    head = b'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    tail = b"</w:styles>"
    # after a full flush the compressor starts afresh: compress the chunk
    # once and write it again and again (see write_zip_bomb)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    count = inflated // len(chunk)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    end = comp.compress(tail) + comp.flush()
    crc, total = zlib.crc32(tail, crc), len(head) + count * len(chunk) + len(tail)
    parts = [start, block * count, end]
    entries = [e for e in honest_entries(small_docx()) if e[0] != "word/styles.xml"]
    return handmade_zip(entries + [("word/styles.xml", "deflate", b"".join(parts), crc, total, None, None)])


def renamed_members(data: bytes, renames: dict[str, str], extra: dict[str, bytes] | None = None) -> bytes:
    """The package with members renamed (``word\\..\\..\\x``, ``../../x``)
    and ``extra`` members added, names written exactly as given."""
    entries = []
    for name, method, packed, crc, size, a, b in honest_entries(data):
        entries.append((renames.get(name, name), method, packed, crc, size, a, b))
    for name, body in (extra or {}).items():
        packed, crc, size = compressed_member("deflate", body)
        entries.append((name, "deflate", packed, crc, size, None, None))
    return handmade_zip(entries)


def repetitive_honest_docx(runs: int = 100_000) -> bytes:
    """Issue #10 item 14: a small honest draft, ``runs`` identical underlined
    one-letter runs in one paragraph (Word writes such runs after
    character-by-character edits): about 28 KB, compressed about 290:1."""
    run = "<w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t>a</w:t></w:r>"
    return make_docx(p(r("Requests the Secretariat to "), run * runs, r(".")))


# ISO/IEC 29500 strict namespaces, as Word writes them with "Strict Open XML Document"
STRICT_NAMESPACES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "http://purl.oclc.org/ooxml/officeDocument/math",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "http://purl.oclc.org/ooxml/drawingml/main",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
}


def strict_docx(data: bytes) -> bytes:
    """``data`` saved as Strict Open XML: strict namespaces and relationship
    types, ``w:conformance="strict"`` on the document."""
    parts = {}
    for name, body in members(data).items():
        for transitional, strict in STRICT_NAMESPACES.items():
            body = body.replace(transitional.encode(), strict.encode())
        if name == "word/document.xml":
            body = body.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
        parts[name] = body
    return rezip(parts)


FLAT_OPC_NS = "http://schemas.microsoft.com/office/2006/xmlPackage"


def flat_opc(data: bytes) -> bytes:
    """``data`` as Word's "Word XML Document" (Flat OPC): every part inline
    in one ``pkg:package``, XML parts as ``pkg:xmlData``, others base64."""
    import base64
    import re

    types = dict(re.findall(rb'PartName="/([^"]+)" ContentType="([^"]+)"', members(data)["[Content_Types].xml"]))
    out = [b'<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n',
           f'<pkg:package xmlns:pkg="{FLAT_OPC_NS}">'.encode()]
    for name, body in members(data).items():
        if name == "[Content_Types].xml":
            continue
        kind = types.get(name.encode(), b"application/vnd.openxmlformats-package.relationships+xml" if name.endswith(".rels") else b"application/xml")
        out.append(b'<pkg:part pkg:name="/' + name.encode() + b'" pkg:contentType="' + kind + b'"')
        if name.endswith((".xml", ".rels")):
            xml = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", body)
            out.append(b' pkg:padding="256"><pkg:xmlData>' + xml + b"</pkg:xmlData></pkg:part>")
        else:
            out.append(b' pkg:compression="store"><pkg:binaryData>' + base64.encodebytes(body) + b"</pkg:binaryData></pkg:part>")
    out.append(b"</pkg:package>")
    return b"".join(out)


def word_2003_xml() -> bytes:
    """A Word 2003 XML document (WordprocessingML 2003) with a struck word."""
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
        b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body>'
        b"<w:p><w:r><w:t>Requests the Secretariat to </w:t></w:r><w:r><w:rPr><w:strike/></w:rPr><w:t>begin</w:t></w:r>"
        b"<w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t>continue</w:t></w:r><w:r><w:t> its work.</w:t></w:r></w:p>"
        b"</w:body></w:wordDocument>"
    )


def odt_like() -> bytes:
    """What an OpenDocument text starts with: a stored ``mimetype`` member."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    return buf.getvalue()


def xlsx_like() -> bytes:
    return rezip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def many_links_and_comments(count: int = 5000) -> bytes:
    """An honest-looking draft with ``count`` external hyperlinks (each kept
    in a Word output) and ``count`` comment parts (each dropped from it)."""
    links = "".join(
        f'<w:hyperlink r:id="rIdL{i}"><w:r><w:t xml:space="preserve">link {i} </w:t></w:r></w:hyperlink>' for i in range(count)
    )
    rels = "".join(f'<Relationship Id="rIdL{i}" Type="{_REL}hyperlink" Target="https://example.org/{i}" TargetMode="External"/>' for i in range(count))
    rels += "".join(f'<Relationship Id="rIdC{i}" Type="{_REL}comments" Target="comments{i}.xml"/>' for i in range(count))
    comments = {f"word/comments{i}.xml": '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' for i in range(count)}
    overrides = "".join(
        f'<Override PartName="/word/comments{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
        for i in range(count)
    )
    data = make_docx(p(links), document_rels=rels, extra_parts=comments)
    types = members(data)["[Content_Types].xml"].replace(b"</Types>", overrides.encode() + b"</Types>")
    return replace_member(data, "[Content_Types].xml", types)


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
