"""resamend: amendments to convention resolutions, read faithfully.

Public API (imported lazily so that the command line starts fast)::

    from resamend import read, write, accept, reject, invert

    doc = read(open("draft.docx", "rb").read()).value
    final = accept(doc)
"""

from __future__ import annotations

__version__ = "0.1.0"

# ``diff`` and ``check`` are also the names of submodules (resamend.diff,
# resamend.check); a package attribute of that name is replaced by the module
# as soon as the module is imported, so the functions have names of their own.
__all__ = [
    "__version__", "read", "write", "accept", "reject", "invert",
    "diff_documents", "extract", "apply", "check_draft",
]

_LAZY = {
    "read": ("resamend.readers", "read"),
    "write": ("resamend.writers", "write"),
    "accept": ("resamend.amend", "accept"),
    "reject": ("resamend.amend", "reject"),
    "invert": ("resamend.amend", "invert"),
    "diff_documents": ("resamend.diff", "diff_documents"),
    "extract": ("resamend.amendments", "extract"),
    "apply": ("resamend.amendments", "apply"),
    "check_draft": ("resamend.check", "check"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'resamend' has no attribute {name!r}")
