"""Giving freed heap memory back to the operating system (glibc only).

glibc's ``malloc`` keeps the pages of freed blocks in the process (they count in its resident
memory) until the top of the heap is free, and large NumPy temporaries freed among long-lived
blocks leave holes it never returns by itself. ``malloc_trim(0)`` hands such free pages back.
:func:`trim_heap` calls it where a step has just freed a lot among large results that stay
(:func:`zhili.tokenize` after a large corpus, :func:`zhili.analysis.code_dictionary`), which
lowered the peak of the 10k-document pipeline.
Elsewhere (macOS, Windows, musl) or if anything goes wrong it does nothing; it never changes an
allocator setting.
"""
from __future__ import annotations

import functools
import sys
from typing import Any


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim`` through ctypes, or None when the C library is not glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None)  # the C library this process already uses
        if not hasattr(libc, "gnu_get_libc_version"):  # not glibc (musl has no malloc_trim)
            return None
        trim = libc.malloc_trim
        trim.argtypes = [ctypes.c_size_t]
        trim.restype = ctypes.c_int
        return trim
    except (OSError, AttributeError, ImportError, TypeError):
        return None


def trim_heap() -> bool:
    """Return the heap's free pages to the operating system (glibc ``malloc_trim(0)``, a few
    milliseconds); True if glibc released memory, False if it did not or cannot here.

    Examples
    --------
    >>> trim_heap() in (True, False)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    try:
        return bool(trim(0))
    except Exception:  # pragma: no cover - never let housekeeping fail a computation
        return False
