"""Run formatting through Word's style hierarchy (styles.xml).

The formatting that *is* an amendment mark (underline, strike) may come
from the run itself, from its character style, from the paragraph style or
from the document defaults, so it must be resolved, not read off the run:

* non-toggle properties (``w:u``, ``w:vertAlign``): the most specific value
  wins – direct, then the character style chain (``basedOn``), then the
  paragraph style chain (``w:pStyle`` or the default paragraph style), then
  ``w:docDefaults``;
* toggle properties (``w:strike``, ``w:dstrike``, ``w:vanish``, ``w:b``,
  ``w:i``, ``w:smallCaps``; ECMA-376 17.7.3): a direct value wins; otherwise
  the first value of the paragraph-style chain and the first value of the
  character-style chain are XOR-ed (the corpus oracle's reading), falling
  back to the document defaults.

``w:val`` of ``0``, ``false``, ``off`` or ``none`` switches a property off.
Resolution of the *style* part is cached per (paragraph style, character
style); a run then costs one dictionary look-up plus its direct properties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..formats.docx_package import W_NS

_W = "{%s}" % W_NS
VAL = _W + "val"
FALSE_VALUES = frozenset(("0", "false", "off", "none"))

TOGGLES = ("strike", "dstrike", "vanish", "b", "i", "smallCaps")
# direct property tag -> index in the direct-properties tuple
PROP_TAGS = {_W + name: name for name in TOGGLES + ("u", "vertAlign", "rStyle")}
HYPERLINK_STYLE_NAMES = frozenset(("hyperlink", "followedhyperlink", "internetlink", "internet link"))
_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def onoff(el) -> bool | None:
    """A boolean property element: None when absent."""
    if el is None:
        return None
    v = el.get(VAL)
    return v is None or v.lower() not in FALSE_VALUES


def underline(el) -> bool | None:
    if el is None:
        return None
    v = el.get(VAL)
    return v is None or v.lower() != "none"


def read_props(rpr) -> dict[str, object]:
    """The formatting properties we care about in one ``w:rPr`` (of a style)."""
    props: dict[str, object] = {}
    if rpr is None:
        return props
    for child in rpr:
        name = PROP_TAGS.get(child.tag)
        if name is None:
            continue
        if name == "u":
            props["u"] = underline(child)
        elif name in ("vertAlign", "rStyle"):
            props[name] = child.get(VAL)
        else:
            props[name] = onoff(child)
    return props


def direct_key(children) -> tuple:
    """The direct properties of a run as a hashable key: ((name, value), …).

    ``children`` are the run's property elements (other elements are skipped)."""
    out = []
    for child in children:
        name = PROP_TAGS.get(child.tag)
        if name is None:
            continue
        if name == "u":
            out.append(("u", underline(child)))
        elif name in ("vertAlign", "rStyle"):
            out.append((name, child.get(VAL)))
        else:
            out.append((name, onoff(child)))
    return tuple(out)


@dataclass(frozen=True)
class RunFormat:
    """Resolved formatting of a run: the marks and the residual style."""

    underline: bool
    underline_from_link_style: bool  # underline comes only from a Hyperlink style
    struck: bool
    hidden: bool
    style: frozenset[str]


@dataclass(frozen=True)
class ParagraphStyle:
    style_id: str | None
    name: str | None
    heading_level: int | None  # 1-based; 0 for Title
    num_id: str | None
    ilvl: int | None


class _Style:
    __slots__ = ("sid", "kind", "name", "based_on", "props", "num_id", "ilvl", "outline")

    def __init__(self, el):
        self.sid = el.get(_W + "styleId")
        self.kind = el.get(_W + "type")
        name = el.find(_W + "name")
        self.name = name.get(VAL) if name is not None else None
        based = el.find(_W + "basedOn")
        self.based_on = based.get(VAL) if based is not None else None
        self.props = read_props(el.find(_W + "rPr"))
        self.num_id = self.ilvl = self.outline = None
        ppr = el.find(_W + "pPr")
        if ppr is not None:
            num = ppr.find(_W + "numPr")
            if num is not None:
                nid, lvl = num.find(_W + "numId"), num.find(_W + "ilvl")
                self.num_id = nid.get(VAL) if nid is not None else None
                self.ilvl = _int(lvl.get(VAL)) if lvl is not None else None
            out = ppr.find(_W + "outlineLvl")
            if out is not None:
                self.outline = _int(out.get(VAL))


def _int(v) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


class Styles:
    """styles.xml, with cached resolution per (paragraph style, character style)."""

    def __init__(self, root):
        self._by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self._defaults: dict[str, object] = {}
        self._cache: dict[tuple, dict[str, object]] = {}
        self._run_cache: dict[tuple, RunFormat] = {}
        self._para_cache: dict[str | None, ParagraphStyle] = {}
        if root is None:
            return
        for el in root.iter(_W + "style"):
            st = _Style(el)
            if st.sid is not None:
                self._by_id.setdefault(st.sid, st)
            if st.kind == "paragraph" and (el.get(_W + "default") or "").lower() in ("1", "true", "on"):
                self.default_paragraph = st.sid
        rpr = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self._defaults = read_props(rpr)

    def chain(self, sid: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while sid and sid not in seen and sid in self._by_id:
            seen.add(sid)
            st = self._by_id[sid]
            out.append(st)
            sid = st.based_on
        return out

    def _first(self, chain: list[_Style], name: str):
        for st in chain:
            v = st.props.get(name)
            if v is not None:
                return v
        return None

    def _is_link_chain(self, chain: list[_Style]) -> bool:
        return any(
            (st.sid or "").lower() in HYPERLINK_STYLE_NAMES or (st.name or "").lower() in HYPERLINK_STYLE_NAMES for st in chain
        )

    def _style_level(self, pstyle: str | None, rstyle: str | None) -> dict[str, object]:
        """What the styles (not the run) say, cached per style pair."""
        key = (pstyle, rstyle)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        pchain = self.chain(pstyle or self.default_paragraph)
        cchain = self.chain(rstyle) if rstyle else []
        res: dict[str, object] = {}
        for name in TOGGLES:
            pv, cv = self._first(pchain, name), self._first(cchain, name)
            if pv is not None and cv is not None:
                res[name] = pv != cv
            elif pv is not None or cv is not None:
                res[name] = pv if pv is not None else cv
            else:
                res[name] = bool(self._defaults.get(name))
        for name in ("u", "vertAlign"):
            cv = self._first(cchain, name)
            source = "char"
            if cv is None:
                cv, source = self._first(pchain, name), "para"
            if cv is None:
                cv, source = self._defaults.get(name), "defaults"
            res[name] = cv
            if name == "u":
                res["u_link"] = bool(cv) and source == "char" and self._is_link_chain(cchain)
        self._cache[key] = res
        return res

    def run_format(self, pstyle: str | None, key_direct: tuple) -> RunFormat:
        """Resolve one run: ``key_direct`` as returned by :func:`direct_key`."""
        key = (pstyle, key_direct)
        hit = self._run_cache.get(key)
        if hit is not None:
            return hit
        direct = dict(key_direct)
        base = self._style_level(pstyle, direct.get("rStyle"))  # type: ignore[arg-type]

        def pick(name):
            v = direct.get(name)
            return base[name] if v is None else v

        u_direct = direct.get("u")
        u = bool(base["u"]) if u_direct is None else bool(u_direct)
        u_link = bool(base["u_link"]) if u_direct is None else False
        style = set()
        if pick("b"):
            style.add("bold")
        if pick("i"):
            style.add("italic")
        if pick("smallCaps"):
            style.add("smallcaps")
        va = pick("vertAlign")
        if va in ("superscript", "subscript"):
            style.add(va)
        fmt = RunFormat(
            underline=u,
            underline_from_link_style=u_link,
            struck=bool(pick("strike")) or bool(pick("dstrike")),
            hidden=bool(pick("vanish")),
            style=frozenset(style),
        )
        self._run_cache[key] = fmt
        return fmt

    def paragraph_style(self, pstyle: str | None) -> ParagraphStyle:
        """Name, heading level and style-given numbering of a paragraph style."""
        hit = self._para_cache.get(pstyle)
        if hit is not None:
            return hit
        chain = self.chain(pstyle or self.default_paragraph)
        own = chain[0] if chain and pstyle is not None and chain[0].sid == pstyle else None
        name = own.name if own is not None else None
        level = None
        for st in chain:
            m = _HEADING_NAME.match((st.name or "").strip())
            if m:
                level = int(m.group(1))
                break
            if (st.name or "").lower() == "title" or (st.sid or "").lower() == "title":
                level = 0
                break
            if st.outline is not None and st.outline < 9:
                level = st.outline + 1
                break
        if name:
            m = _HEADING_NAME.match(name.strip())
            if m:
                name = f"Heading {m.group(1)}"
            elif name.lower() == "title":
                name = "Title"
        num_id = ilvl = None
        for st in chain:
            if st.num_id is not None:
                num_id, ilvl = st.num_id, st.ilvl
                break
        ps = ParagraphStyle(pstyle, name, level, num_id, ilvl)
        self._para_cache[pstyle] = ps
        return ps
