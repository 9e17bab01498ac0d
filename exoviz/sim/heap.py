"""How the C heap treats the step's temporaries: freed pages are kept for the next step (glibc only).

Every step allocates and frees the same NumPy temporaries (pair gaps, shares, weights: tens of kB to a few MB).
With glibc's defaults, arrays from 128 kB on are mapped afresh and freed memory at the top of the heap is handed
back to the system, so each step pays page faults to touch them again (~15 % of a 10,000-vesicle step). Here
arrays up to 32 MB come from the heap and up to 64 MB of free heap stay mapped; release_all() in
exoviz/render/cache.py still hands memory back explicitly (malloc_trim) when the drawing caches are emptied.
"""

from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (malloc.h)
MMAP_FROM_BYTES = 32 << 20
TRIM_FROM_BYTES = 64 << 20

_done: list[bool] = []


def keep_freed_pages() -> bool:
    """Set the heap thresholds once per process; False where there is no glibc (nothing changed)."""
    if not _done:
        try:
            mallopt = ctypes.CDLL("libc.so.6").mallopt
            ok = bool(mallopt(M_MMAP_THRESHOLD, MMAP_FROM_BYTES)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_FROM_BYTES))
        except (OSError, AttributeError):
            ok = False
        _done.append(ok)
    return _done[0]
