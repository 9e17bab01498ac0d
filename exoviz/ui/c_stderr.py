"""Holding what C libraries (SDL's display probes) write to file descriptor 2 while the window opens."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


class _Held:
    text = ""


@contextmanager
def c_stderr_held() -> Iterator[_Held]:
    """Hold what C libraries write to file descriptor 2 meanwhile; it is in .text afterwards."""
    held = _Held()
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield held
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            held.text = tmp.read().decode("utf-8", "replace")
