"""resamend: amendments to convention resolutions, read faithfully.

Public API (imported lazily so that the command line starts fast; see
docs/api.md)::

    from resamend import accept, diff_text, read, write

    doc = read("draft.docx").value          # a path (str or Path) or bytes
    final = accept(doc)
    print(write(final, "text").decode())
    print(diff_text("Requests the Secretariat", "Requests the Executive Secretary"))
"""

from __future__ import annotations

__version__ = "0.1.0"

# ``diff`` and ``check`` are also the names of submodules (resamend.diff,
# resamend.check); a package attribute of that name is replaced by the module
# as soon as the module is imported, so the functions have names of their own.
__all__ = [
    "__version__", "read", "write", "accept", "reject", "invert",
    "diff_documents", "diff_text", "extract", "apply", "check_draft",
]

_LAZY = {
    "read": ("resamend.api", "read"),
    "write": ("resamend.api", "write"),
    "accept": ("resamend.amend", "accept"),
    "reject": ("resamend.amend", "reject"),
    "invert": ("resamend.amend", "invert"),
    "diff_documents": ("resamend.api", "diff_documents"),
    "diff_text": ("resamend.api", "diff_text"),
    "extract": ("resamend.api", "extract"),
    "apply": ("resamend.api", "apply"),
    "check_draft": ("resamend.api", "check_draft"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'resamend' has no attribute {name!r}")
