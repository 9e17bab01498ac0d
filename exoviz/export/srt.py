"""SubRip (.srt) captions: writing cues, and turning per-frame caption text into cues (tests/srt_reader.py reads them
back)."""

from __future__ import annotations

import math
import os

from exoviz.export.atomic import atomic_write
from exoviz.export.errors import ExportError

Cue = tuple[float, float, str]



def format_time(t: float) -> str:
    """Seconds as HH:MM:SS,mmm (rounded to the millisecond)."""
    ms = int(round(t * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def _clean(text: str) -> str:
    # A blank line ends a cue in SRT, so drop empty lines inside the text.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(ln.rstrip() for ln in lines if ln.strip())


def write_srt(path: str, cues: list[Cue], overwrite: bool = True) -> None:
    """Write cues (start_s, end_s, text) as an SRT file, numbered from 1, via a temp file and rename."""
    blocks = []
    for i, (start, end, text) in enumerate(cues, 1):
        if not (math.isfinite(start) and math.isfinite(end)) or start < 0:
            raise ExportError(f"caption {i} has a bad time ({start!r} to {end!r}); times must be >= 0 s")
        if round(end * 1000) <= round(start * 1000):
            raise ExportError(f"caption {i} must end at least 1 ms after its start, got {start:g}-{end:g} s")
        body = _clean(text)
        if not body:
            raise ExportError(f"caption {i} (at {start:g} s) has no text")
        blocks.append(f"{i}\n{format_time(start)} --> {format_time(end)}\n{body}\n")
    folder, base = os.path.split(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ExportError(f"folder {folder} does not exist; create it first or choose another subtitle path")
    atomic_write(os.path.join(folder, base), "\n".join(blocks).encode("utf-8"), overwrite)


class CaptionTrack:
    """Collects one caption per frame; a new cue starts whenever the text changes, '' ends the current one."""

    def __init__(self) -> None:
        self._done: list[Cue] = []
        self._text = ""
        self._start = 0.0
        self._last_t = -math.inf

    def update(self, t_s: float, text: str) -> None:
        """Caption shown from playback time t_s (seconds, never decreasing) on."""
        if t_s < self._last_t:
            raise ValueError(f"caption time went back from {self._last_t:g} s to {t_s:g} s")
        self._last_t = t_s
        text = _clean(text or "")
        if text == self._text:
            return
        if self._text and t_s > self._start:
            self._done.append((self._start, t_s, self._text))
        self._text, self._start = text, t_s

    def cues(self, end_t: float) -> list[Cue]:
        """All cues so far (as shown; exoviz.export.subtitles cuts them for reading); the open one ends at end_t."""
        out = list(self._done)
        if self._text and end_t > self._start:
            out.append((self._start, end_t, self._text))
        return out
