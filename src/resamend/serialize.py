"""Document <-> plain data (for JSON), versioned and with stable key order.

The format is ``resamend.document/1``: defaults are left out so that files
stay small and diffs of them stay readable.
"""

from __future__ import annotations

from typing import Any

from .diagnostics import InputError
from .model import Block, BlockKind, Change, Document, Mark, Meta, Segment, Source

DOCUMENT_FORMAT = "resamend.document/1"


def change_to_data(change: Change | None) -> dict | None:
    if change is None:
        return None
    data: dict[str, Any] = {"source": change.source.value}
    for key in ("author", "date", "move_id"):
        if getattr(change, key) is not None:
            data[key] = getattr(change, key)
    return data


def segment_to_data(seg: Segment) -> dict:
    data: dict[str, Any] = {"text": seg.text}
    if seg.mark is not Mark.KEEP:
        data["mark"] = seg.mark.value
    if seg.style:
        data["style"] = sorted(seg.style)
    if seg.change is not None:
        data["change"] = change_to_data(seg.change)
    return data


def block_to_data(block: Block) -> dict:
    data: dict[str, Any] = {"kind": block.kind.value}
    for key in ("style", "label", "original_label", "origin", "container"):
        if getattr(block, key) is not None:
            data[key] = getattr(block, key)
    if block.level:
        data["level"] = block.level
    if block.mark is not Mark.KEEP:
        data["mark"] = block.mark.value
    if block.boundary is not Mark.KEEP:
        data["boundary"] = block.boundary.value
    data["segments"] = [segment_to_data(s) for s in block.segments]
    return data


def meta_to_data(meta: Meta) -> dict:
    data = {k: v for k, v in vars(meta).items() if v is not None and k != "extra"}
    if meta.extra:
        data["extra"] = dict(meta.extra)
    return data


def document_to_data(doc: Document) -> dict:
    return {
        "format": DOCUMENT_FORMAT,
        "meta": meta_to_data(doc.meta),
        "blocks": [block_to_data(b) for b in doc.blocks],
    }


def _enum(cls, value, what):
    try:
        return cls(value)
    except ValueError:
        raise InputError(f"unknown {what} {value!r} in JSON document", "check the file against the resamend.document/1 format") from None


def change_from_data(data: dict | None) -> Change | None:
    if data is None:
        return None
    return Change(
        source=_enum(Source, data.get("source", "text"), "change source"),
        author=data.get("author"),
        date=data.get("date"),
        move_id=data.get("move_id"),
    )


def segment_from_data(data: dict) -> Segment:
    return Segment(
        text=str(data["text"]),
        mark=_enum(Mark, data.get("mark", "keep"), "mark"),
        style=frozenset(data.get("style", ())),
        change=change_from_data(data.get("change")),
    )


def block_from_data(data: dict) -> Block:
    return Block(
        segments=tuple(segment_from_data(s) for s in data.get("segments", ())),
        kind=_enum(BlockKind, data.get("kind", "paragraph"), "block kind"),
        style=data.get("style"),
        label=data.get("label"),
        mark=_enum(Mark, data.get("mark", "keep"), "mark"),
        boundary=_enum(Mark, data.get("boundary", "keep"), "mark"),
        origin=data.get("origin"),
        level=int(data.get("level", 0)),
        container=data.get("container"),
        original_label=data.get("original_label"),
    )


def document_from_data(data: dict) -> Document:
    if not isinstance(data, dict) or data.get("format") != DOCUMENT_FORMAT:
        raise InputError(f"not a {DOCUMENT_FORMAT} JSON document", "give a file written by `resamend … -t json`")
    try:
        meta_data = dict(data.get("meta", {}))
        extra = tuple(sorted(meta_data.pop("extra", {}).items()))
        meta = Meta(**meta_data, extra=extra)
        blocks = tuple(block_from_data(b) for b in data.get("blocks", ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"malformed JSON document ({exc.__class__.__name__}: {exc})", "check the file against the resamend.document/1 format") from None
    return Document(blocks, meta)
