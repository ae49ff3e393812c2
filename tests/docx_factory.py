"""Build tiny DOCX packages in tests, from WordprocessingML fragments.

    from docx_factory import make_docx, p, r
    data = make_docx(p(r("kept "), r("new", "<w:u w:val='single'/>")))

``body_xml`` is the content of ``w:body`` (or a whole ``w:document``);
``styles``/``numbering``/``footnotes``/``endnotes`` are the content of the
root element of their part (or the whole part).  Every fragment may use the
prefixes w, r, m, mc, wp, a, v, w14, wps without declaring them.
"""

from __future__ import annotations

import io
import zipfile

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"

_PARTS = {
    # key: (root element, part name, relationship type, content type)
    "styles": ("w:styles", "word/styles.xml", "styles", CT_MAIN + ".styles+xml"),
    "numbering": ("w:numbering", "word/numbering.xml", "numbering", CT_MAIN + ".numbering+xml"),
    "footnotes": ("w:footnotes", "word/footnotes.xml", "footnotes", CT_MAIN + ".footnotes+xml"),
    "endnotes": ("w:endnotes", "word/endnotes.xml", "endnotes", CT_MAIN + ".endnotes+xml"),
}


def _wrap(fragment: str, root: str) -> str:
    if f"<{root}" in fragment:
        return fragment if fragment.lstrip().startswith("<?xml") else DECL + fragment
    return f"{DECL}<{root} {XMLNS}>{fragment}</{root}>"


def r(text: str = "", rpr: str = "", *, tag: str = "w:t") -> str:
    """A run with ``text`` (spaces preserved) and run properties ``rpr``."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    body = f'<{tag} xml:space="preserve">{text}</{tag}>' if text else ""
    return f"<w:r>{props}{body}</w:r>"


def p(*content: str, ppr: str = "") -> str:
    """A paragraph of runs (or any inline XML) with paragraph properties."""
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{props}{''.join(content)}</w:p>"


def ins(*content: str, author: str = "A", date: str = "2024-01-01T00:00:00Z", rid: int = 1) -> str:
    return f'<w:ins w:id="{rid}" w:author="{author}" w:date="{date}">{"".join(content)}</w:ins>'


def dele(*content: str, author: str = "A", date: str = "2024-01-01T00:00:00Z", rid: int = 2) -> str:
    return f'<w:del w:id="{rid}" w:author="{author}" w:date="{date}">{"".join(content)}</w:del>'


def deleted_run(text: str, rpr: str = "") -> str:
    """A run whose text is a w:delText (as inside w:del)."""
    return r(text, rpr, tag="w:delText")


def make_docx(
    body_xml: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    footnotes: str | None = None,
    endnotes: str | None = None,
    extra_parts: dict | None = None,
    title: str | None = None,
    main_part: str = "word/document.xml",
    document_rels: str = "",
) -> bytes:
    """A DOCX package as bytes.

    ``extra_parts`` maps part names to str/bytes and may override any
    generated part; ``document_rels`` adds <Relationship> elements to the
    main part's relationships (e.g. hyperlink targets)."""
    given = {"styles": styles, "numbering": numbering, "footnotes": footnotes, "endnotes": endnotes}
    parts: dict[str, str | bytes] = {}
    overrides = [f'<Override PartName="/{main_part}" ContentType="{CT_MAIN}.document.main+xml"/>']
    rels = []
    for i, (key, fragment) in enumerate(given.items(), 1):
        if fragment is None:
            continue
        root, name, rtype, ctype = _PARTS[key]
        parts[name] = _wrap(fragment, root)
        overrides.append(f'<Override PartName="/{name}" ContentType="{ctype}"/>')
        target = name.split("/", 1)[1] if main_part.startswith("word/") else "/" + name
        rels.append(f'<Relationship Id="rIdF{i}" Type="{REL}{rtype}" Target="{target}"/>')
    parts[main_part] = _wrap(body_xml, "w:document") if "<w:document" in body_xml else (
        f"{DECL}<w:document {XMLNS}><w:body>{body_xml}</w:body></w:document>"
    )
    folder, base = main_part.rsplit("/", 1)
    parts[f"{folder}/_rels/{base}.rels"] = (
        f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{''.join(rels)}{document_rels}</Relationships>"
    )
    root_rels = [f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="{main_part}"/>']
    if title is not None:
        parts["docProps/core.xml"] = (
            f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>'
        )
        root_rels.append(
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
        )
        overrides.append('<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>')
    parts["_rels/.rels"] = (
        f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(root_rels)}</Relationships>'
    )
    parts["[Content_Types].xml"] = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    parts.update(extra_parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            data = parts[name]
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()
