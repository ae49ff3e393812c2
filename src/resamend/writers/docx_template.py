"""The OPC package around the body: default parts, templates, deterministic ZIP.

The writer of :mod:`resamend.writers.docx` produces only the body (and the
footnotes); everything else comes from here:

* without a template, a minimal package of our own: styles (Normal,
  Heading 1-9, Title, Hyperlink, FootnoteText, FootnoteReference, Table
  Grid), settings, an A4 page;
* with a template (the source DOCX's :class:`~resamend.formats.docx_package.Package`
  as the reader opened it, or its bytes), the template's styles,
  numbering, settings, theme, fonts, headers/footers, document properties
  and the final ``w:sectPr`` are kept, and only the body is replaced.  Parts
  that belonged to the old body and would now dangle (comments, macros,
  external hyperlink relationships) are dropped.

Templates are untrusted input: they are read through the one package layer
(:mod:`resamend.formats.docx_package`), so every member copied into the
output is inflated on the same budget as the parts the reader reads, its
name is checked, a part declaring a DOCTYPE is refused, and XML is parsed
with entity resolution, DTD loading and network access off.

Output bytes depend on the input only: fixed ZIP timestamps and
permissions, ``[Content_Types].xml`` and ``_rels/.rels`` first, then the
other members in sorted order.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from ..diagnostics import InputError
from ..formats.docx_package import (
    CT_APP,
    CT_CORE,
    CT_FOOTNOTES,
    CT_MAIN,
    CT_NS,
    CT_RELS,
    CT_SETTINGS,
    CT_STYLES,
    PKG_REL_NS,
    RT_APP,
    RT_CORE,
    RT_FOOTNOTES,
    RT_HYPERLINK,
    RT_OFFICE_DOCUMENT,
    RT_SETTINGS,
    RT_STYLES,
    R_NS,
    W_NS,
    Package,
    parse_xml,
    refuse_doctype,
    rels_name,
    resolve_target,
    safe_parser,
    to_transitional,
)

# Relationship types of parts that only make sense with the old body.
_DROPPED_RELTYPE_SUFFIXES = (
    "/comments",
    "/commentsExtended",
    "/commentsIds",
    "/commentsExtensible",
    "/vbaProject",
)

# The template is the source .docx whose styles the output keeps: to the
# user it is simply the input file.
_TEMPLATE_HINT = "open the file in Word and save it again as .docx, or write another format (-t text, md, html)"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Deflate level of every member.  Level 1 deflates a 200-page body (900 kB of
# XML) in a quarter of the time of zlib's default level 6 (8 ms against
# 31-36 ms, the largest single cost of writing the file) for a file about a
# quarter larger (273 kB against 217 kB); Word and LibreOffice read both
# alike and recompress on their own save.
ZIP_LEVEL = 1


def parse_part(name: str, data: bytes):
    """Parse one part of the template to write it back (comments kept)."""
    return parse_xml(name, data, comments=True)


def serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class OutputPackage:
    """A package being assembled: raw parts plus the few parsed ones we edit.

    ``sect_pr`` is the final section properties element (page setup,
    header/footer references) to append to the new body."""

    parts: dict[str, bytes]
    main: str
    content_types: object
    doc_rels: object
    styles: object
    settings: object | None
    sect_pr: object
    footnotes: object | None = None  # the template's footnotes part, if any
    footnotes_part: str | None = None
    footnote_rels: object | None = None
    _next_rel: int = field(default=1)
    _taken: dict = field(default_factory=dict)  # relationships element -> the ids it had

    # -- relationships --------------------------------------------------
    def add_relationship(self, rel_type: str, target: str, external: bool = False, rels=None) -> str:
        """Add a relationship (of the main part unless ``rels`` is given) and
        return its new, unused id."""
        from lxml import etree

        rels = self.doc_rels if rels is None else rels
        taken = self._taken.get(rels)
        if taken is None:  # (ours are numbered on: only the ids found need a look)
            taken = self._taken[rels] = {r.get("Id") for r in rels}
        while f"rIdRsm{self._next_rel}" in taken:
            self._next_rel += 1
        rid = f"rIdRsm{self._next_rel}"
        self._next_rel += 1
        rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", rel_type)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
        return rid

    def set_override(self, part: str, content_type: str) -> None:
        from lxml import etree

        name = "/" + part
        for el in self.content_types:
            if el.get("PartName") == name:
                el.set("ContentType", content_type)
                return
        el = etree.SubElement(self.content_types, f"{{{CT_NS}}}Override")
        el.set("PartName", name)
        el.set("ContentType", content_type)

    def footnote_relationships(self):
        """The relationships of the footnotes part (created with the part if needed)."""
        from lxml import etree

        if self.footnotes_part is None:
            self.footnotes_part = posixpath.join(posixpath.dirname(self.main), "footnotes.xml")
            self.add_relationship(RT_FOOTNOTES, posixpath.basename(self.footnotes_part))
        if self.footnote_rels is None:
            name = rels_name(self.footnotes_part)
            if name in self.parts:
                self.footnote_rels = parse_part(name, self.parts[name])
            else:
                self.footnote_rels = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        return self.footnote_rels

    # -- output ---------------------------------------------------------
    def to_bytes(self, document_xml: bytes, footnotes_xml: bytes | None) -> bytes:
        """The finished ZIP, byte for byte the same for the same input."""
        parts = dict(self.parts)
        parts[self.main] = document_xml
        if footnotes_xml is not None:
            rels = self.footnote_relationships()
            parts[self.footnotes_part] = footnotes_xml
            self.set_override(self.footnotes_part, CT_FOOTNOTES)
            if len(rels):
                parts[rels_name(self.footnotes_part)] = serialize(rels)
        self.set_override(self.main, CT_MAIN)
        _ensure_default(self.content_types, "rels", CT_RELS)
        _ensure_default(self.content_types, "xml", "application/xml")
        parts["[Content_Types].xml"] = serialize(self.content_types)
        parts[rels_name(self.main)] = serialize(self.doc_rels)
        parts[self.styles_part] = serialize(self.styles)
        if self.settings is not None:
            parts[self.settings_part] = serialize(self.settings)
        first = ["[Content_Types].xml", "_rels/.rels"]
        order = [n for n in first if n in parts] + sorted(n for n in parts if n not in first)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as archive:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 0
                archive.writestr(info, parts[name], compresslevel=ZIP_LEVEL)
        return buf.getvalue()

    styles_part: str = "word/styles.xml"
    settings_part: str = "word/settings.xml"


def _ensure_default(content_types, extension: str, content_type: str) -> None:
    from lxml import etree

    for el in content_types:
        if el.tag == f"{{{CT_NS}}}Default" and (el.get("Extension") or "").lower() == extension:
            return
    el = etree.Element(f"{{{CT_NS}}}Default")
    el.set("Extension", extension)
    el.set("ContentType", content_type)
    content_types.insert(0, el)


# ---------------------------------------------------------------------------
# The default package


def _default_styles_xml() -> bytes:
    headings = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{240 if n == 1 else 160}" w:after="80"/>'
        f'<w:outlineLvl w:val="{n - 1}"/></w:pPr>'
        f'<w:rPr><w:b/><w:sz w:val="{max(22, 32 - 2 * n)}"/><w:szCs w:val="{max(22, 32 - 2 * n)}"/></w:rPr></w:style>'
        for n in range(1, 10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W_NS}">'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
        '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
        '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/>'
        '<w:semiHidden/><w:unhideWhenUsed/></w:style>'
        + headings
        + '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
        '<w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr>'
        '<w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
        + "".join(_FALLBACK_STYLES.values())
        + "</w:styles>"
    ).encode("utf-8")


# Styles the body may need; also added to a template that lacks them.
_FALLBACK_STYLES = {
    "Hyperlink": '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>',
    "FootnoteText": '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
    "FootnoteReference": '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    "TableGrid": '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0"/></w:pPr>'
    '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>',
}


def fallback_style(style_id: str):
    """A parsed copy of one of our own style definitions (for templates lacking it)."""
    from lxml import etree

    text = _FALLBACK_STYLES.get(style_id)
    if text is None and style_id.startswith("Heading") and style_id[7:].isdigit():
        root = etree.fromstring(_default_styles_xml(), safe_parser())
        for style in root.iter(f"{{{W_NS}}}style"):
            if style.get(f"{{{W_NS}}}styleId") == style_id:
                return style
        return None
    if text is None:
        return None
    return etree.fromstring(text.replace("<w:style ", f'<w:style xmlns:w="{W_NS}" ', 1), safe_parser())


_A4_SECT_PR = (
    f'<w:sectPr xmlns:w="{W_NS}"><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
    '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>'
)

_SETTINGS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat></w:settings>"
).encode("utf-8")

_CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Types xmlns="{CT_NS}"><Default Extension="rels" ContentType="{CT_RELS}"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{CT_MAIN}"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{CT_STYLES}"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{CT_SETTINGS}"/>'
    f'<Override PartName="/docProps/core.xml" ContentType="{CT_CORE}"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{CT_APP}"/></Types>'
).encode("utf-8")

_ROOT_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{RT_OFFICE_DOCUMENT}" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{RT_CORE}" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{RT_APP}" Target="docProps/app.xml"/></Relationships>'
).encode("utf-8")

_DOC_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{RT_STYLES}" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{RT_SETTINGS}" Target="settings.xml"/></Relationships>'
).encode("utf-8")

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>resamend</Application></Properties>"
).encode("utf-8")


def _core_xml(title: str | None) -> bytes:
    from xml.sax.saxutils import escape

    title_el = f"<dc:title>{escape(title)}</dc:title>" if title else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">' + title_el + "<dc:creator>resamend</dc:creator></cp:coreProperties>"
    ).encode("utf-8")


def default_package(title: str | None = None) -> OutputPackage:
    """A minimal, valid package of our own: A4, our styles, no template."""
    from lxml import etree

    parser = safe_parser()
    parts = {
        "_rels/.rels": _ROOT_RELS_XML,
        "docProps/app.xml": _APP_XML,
        "docProps/core.xml": _core_xml(title),
    }
    return OutputPackage(
        parts=parts,
        main="word/document.xml",
        content_types=etree.fromstring(_CONTENT_TYPES_XML, parser),
        doc_rels=etree.fromstring(_DOC_RELS_XML, parser),
        styles=etree.fromstring(_default_styles_xml(), parser),
        settings=etree.fromstring(_SETTINGS_XML, parser),
        sect_pr=etree.fromstring(_A4_SECT_PR, parser),
    )


# ---------------------------------------------------------------------------
# Templates


def template_package(source, track_changes: bool) -> OutputPackage:
    """The template's package with its body taken out.

    ``source`` is the input's :class:`~resamend.formats.docx_package.Package`
    as the reader opened it (or the bytes of a DOCX, opened here): every
    member is inflated on the package's budget, member names are the
    checked, normalised ones, and a strict package is written back as
    transitional.

    Kept: every part except the main document and the parts that belong to
    the old body (comments, macros); the final ``w:sectPr``; the main
    part's relationships except external hyperlinks and dropped parts.
    ``w:trackRevisions`` is removed from the settings unless the output is a
    tracked-changes redline (a consolidated text should not start recording
    changes when opened)."""
    source = source if isinstance(source, Package) else Package(source)
    main = source.main
    parts = {name: _copied_part(source, name) for name in sorted(source.names) if name != main}
    if "[Content_Types].xml" not in parts:
        raise InputError("the template is not a DOCX package (no [Content_Types].xml)", _TEMPLATE_HINT)
    if "_rels/.rels" not in parts:  # (Flat OPC as Office add-ins write it) the reader took word/document.xml
        parts["_rels/.rels"] = _root_relationships(main)
    elif ("officeDocument", main, False) not in source.relationships("").values():
        raise InputError("the template has no main document relationship", _TEMPLATE_HINT)
    content_types = parse_part("[Content_Types].xml", parts["[Content_Types].xml"])
    sect_pr = _final_sect_pr(main, _copied_part(source, main))
    doc_rels_name = rels_name(main)
    if doc_rels_name in parts:
        doc_rels = parse_part(doc_rels_name, parts[doc_rels_name])
    else:
        from lxml import etree

        doc_rels = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    folder = posixpath.dirname(main)
    found: dict[str, str] = {}
    dropped: set[str] = set()
    for rel in list(doc_rels):
        rel_type = rel.get("Type") or ""
        target = resolve_target(folder, rel.get("Target") or "") if rel.get("TargetMode") != "External" else None
        if rel_type == RT_HYPERLINK and rel.get("TargetMode") == "External" or rel_type.endswith(_DROPPED_RELTYPE_SUFFIXES):
            doc_rels.remove(rel)
            if target:
                parts.pop(target, None)
                parts.pop(rels_name(target), None)
                dropped.add("/" + target)
            continue
        if target and rel_type in (RT_STYLES, RT_SETTINGS, RT_FOOTNOTES):
            found[rel_type] = target
    _remove_overrides(content_types, dropped)
    pkg = OutputPackage(
        parts=parts,
        main=main,
        content_types=content_types,
        doc_rels=doc_rels,
        styles=None,
        settings=None,
        sect_pr=sect_pr,
    )
    styles_part = found.get(RT_STYLES)
    if styles_part and styles_part in parts:
        pkg.styles_part = styles_part
        pkg.styles = parse_part(styles_part, parts[styles_part])
    else:
        from lxml import etree

        pkg.styles_part = posixpath.join(folder, "styles.xml")
        pkg.styles = etree.fromstring(_default_styles_xml(), safe_parser())
        pkg.add_relationship(RT_STYLES, "styles.xml")
        pkg.set_override(pkg.styles_part, CT_STYLES)
    settings_part = found.get(RT_SETTINGS)
    if settings_part and settings_part in parts:
        pkg.settings_part = settings_part
        pkg.settings = parse_part(settings_part, parts[settings_part])
        if not track_changes:
            for el in pkg.settings.findall(f"{{{W_NS}}}trackRevisions"):
                pkg.settings.remove(el)
    footnotes_part = found.get(RT_FOOTNOTES)
    if footnotes_part and footnotes_part in parts:
        pkg.footnotes_part = footnotes_part
        pkg.footnotes = parse_part(footnotes_part, parts[footnotes_part])
    return pkg


def _remove_overrides(content_types, names: set[str]) -> None:
    """Drop the content types of the parts ``names`` (``/word/comments.xml``)."""
    for el in list(content_types):
        if el.get("PartName") in names:
            content_types.remove(el)


def _root_relationships(main: str) -> bytes:
    """The package relationships of a template that has none: its main part."""
    from xml.sax.saxutils import quoteattr

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{RT_OFFICE_DOCUMENT}" Target={quoteattr(main)}/></Relationships>'
    ).encode("utf-8")


def _copied_part(source: Package, name: str) -> bytes:
    """A member to copy into the output, inflated on the package's budget.

    Copied parts (headers, fonts, theme) reach whoever opens the output: a
    DTD in any of them is refused, not passed on; strict namespaces become
    transitional, like those of the parts the writer edits."""
    if not name.endswith((".xml", ".rels")):
        return source.read(name)
    body = source.read(name, xml=True)
    refuse_doctype(name, body)
    return to_transitional(body)


def _final_sect_pr(name: str, data: bytes):
    """The section properties that end the template's body (page setup,
    header and footer references), or A4 when the body ends without them.

    Only they are wanted from the main part, so they are parsed alone from
    its end; the whole body (megabytes for a long Word document, where
    building and freeing the tree took longer than writing ours) is parsed
    only when the end of the part is not written as Word and LibreOffice
    write it."""
    from lxml import etree

    sect = _trailing_sect_pr(data)
    if sect is None:
        body = parse_part(name, data).find(f"{{{W_NS}}}body")
        if body is None or not len(body) or body[-1].tag != f"{{{W_NS}}}sectPr":
            return etree.fromstring(_A4_SECT_PR, safe_parser())
        sect = body[-1]
    for change in sect.findall(f"{{{W_NS}}}sectPrChange"):
        sect.remove(change)
    _keep_only_wordml(sect)
    return sect


# The main part's root start tag, and an XML declaration's encoding.
_ROOT_START = re.compile(rb"""<w:document(?:\s+[^\s=<>/]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*>""")
_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""")
_CANDIDATES = 4  # '<w:sectPr' starts tried, from the end of the body back
_MAX_TRAILING_BYTES = 64 * 1024  # section properties are a few hundred bytes


def _trailing_sect_pr(data: bytes):
    """The ``w:sectPr`` that is the body's last child, parsed from the end of
    ``data`` (inside a copy of the root start tag, for its namespaces); None
    when that cannot be told without parsing the whole part."""
    from lxml import etree

    declared = _DECLARED_ENCODING.match(data[:200])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    body_end = data.rfind(b"</w:body>")
    root = _ROOT_START.search(data, 0, 65536)
    if body_end < 0 or root is None:
        return None
    pos = body_end
    for _ in range(_CANDIDATES):
        pos = data.rfind(b"<w:sectPr", root.end(), pos)
        if pos < 0 or body_end - pos > _MAX_TRAILING_BYTES:
            return None  # (not the body's end: a section break far back in a body that ends without one)
        try:
            wrapper = etree.fromstring(root.group() + data[pos:body_end] + b"</w:document>", safe_parser())
        except etree.XMLSyntaxError:
            continue  # inside the last section's properties (w:sectPrChange), or not at the end
        children = list(wrapper)
        if len(children) == 1 and children[0].tag == f"{{{W_NS}}}sectPr" and not (wrapper.text or "").strip() and not (children[0].tail or "").strip():
            return children[0]
        return None
    return None


def _keep_only_wordml(element) -> None:
    """Drop elements and attributes of extension namespaces (w14, w15 …).

    Our document root does not declare them ignorable (``mc:Ignorable``), and
    Word refuses a file with undeclared extension markup."""
    keep = (W_NS, R_NS)
    for el in list(element.iter()):
        if not isinstance(el.tag, str):
            continue
        ns = el.tag[1:].split("}", 1)[0] if el.tag.startswith("{") else ""
        if ns not in keep and el.getparent() is not None:
            el.getparent().remove(el)
            continue
        for name in list(el.attrib):
            if name.startswith("{") and name[1:].split("}", 1)[0] not in keep:
                del el.attrib[name]
