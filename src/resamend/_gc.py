"""Pausing the cyclic garbage collector around allocation-heavy pure work.

The model is frozen dataclasses in tuples: it makes no reference cycles,
so everything it frees goes by reference counting.  A 1000-page draft
keeps some 300 000 objects alive, and each full collection that the
allocations of one step trigger walks all of them (tenths of a second)
to find nothing.  The steps that build a whole document (reading,
selecting, consolidating, writing) therefore run with the collector
paused; it runs again, as usual, after them.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import wraps


@contextmanager
def paused_gc():
    """Run the block with the cyclic collector off (restored after, even on
    errors; nested uses leave it to the outermost)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_gc(fn):
    """Decorator form of :func:`paused_gc`."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        with paused_gc():
            return fn(*args, **kwargs)

    return wrapper
