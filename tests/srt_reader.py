"""Reads SubRip (.srt) files back into cues, to check what exoviz.export.srt wrote (test-only)."""

from __future__ import annotations

import re

from exoviz.export.errors import ExportError
from exoviz.export.srt import Cue

_TIME = r"(\d+):(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def parse_srt(text: str) -> list[Cue]:
    """Cues from SRT text (BOM, CRLF and missing index lines tolerated); ExportError on a malformed block."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[Cue] = []
    for n, block in enumerate(re.split(r"\n\s*\n", text.strip()), 1):
        lines = block.split("\n")
        if not block.strip():
            continue
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]
        m = _TIMING.match(lines[0]) if lines else None
        if m is None:
            raise ExportError(f"subtitle block {n} has no 'HH:MM:SS,mmm --> HH:MM:SS,mmm' timing line")
        g = m.groups()
        cues.append((_seconds(*g[:4]), _seconds(*g[4:]), "\n".join(lines[1:])))
    return cues
