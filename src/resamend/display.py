"""Showing document text on a terminal or in a log, safely."""

_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL[0x0D] = "\\r"


def visible(text: str) -> str:
    """Text safe to print: control characters (an ESC that could retitle the
    terminal or hide text) are shown as escapes, not sent raw; tab and
    newline stay."""
    return text.translate(_CONTROL)
