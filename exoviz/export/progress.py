"""Progress of long offline runs (recordings, headless simulation) on stderr: a tqdm bar on a terminal, a plain
line every few seconds otherwise, each with an estimate of the time left."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """Frames done out of total (None if unknown); call advance() per frame and close() at the end."""

    def __init__(self, total: int | None, fps: int, *, quiet: bool = False, label: str = "recording",
                 stream: TextIO | None = None, interval: float = 3.0,
                 clock: Callable[[], float] = time.monotonic, use_tqdm: bool | None = None,
                 playback: bool = False, summary: bool = True) -> None:
        self.total = total
        self.playback = playback  # count in seconds of playback (done / fps) rather than frames
        self.summary = summary  # a closing line (recordings); headless runs end with their own line
        self.fps = fps
        self.done = 0
        self.quiet = quiet
        self.label = label
        self._stream = stream if stream is not None else sys.stderr
        self._interval = interval
        self._clock = clock
        self._start = clock()
        self._last_print = self._start
        self._closed = False
        self._bar: Any = None
        if quiet:
            return
        if use_tqdm is None:
            use_tqdm = _is_tty(self._stream)
        if use_tqdm:
            try:
                from tqdm import tqdm
            except ImportError:
                return
            if playback:  # short runs show nothing: the bar appears after 2 s
                self._bar = tqdm(total=None if total is None else total / fps, unit="s", desc=f"exoviz: {label}",
                                 file=self._stream, dynamic_ncols=True, leave=False, delay=2.0,
                                 bar_format="{desc}: {n:.0f}/{total:.0f} s of playback {bar} {percentage:3.0f}% "
                                            "[{elapsed}, {remaining} left]")
            else:
                self._bar = tqdm(total=total, unit="frame", desc=f"exoviz: {label}", file=self._stream,
                                 dynamic_ncols=True, leave=True)

    def rate(self) -> float:
        """Frames per second of wall time so far (0 before any time has passed)."""
        elapsed = self._clock() - self._start
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The plain progress line, e.g. 'exoviz: recording 120/600 frames, 45.1 fps, 10 s left'."""
        rate = self.rate()
        if self.playback:
            of = f" of {self.total / self.fps:g}" if self.total is not None else ""
            left = (f", {_duration(max(0, self.total - self.done) / rate)} left" if rate > 0 else
                    ", time left unknown") if self.total is not None else ""
            share = f" ({100 * self.done / self.total:.0f}%)" if self.total else ""
            return f"exoviz: {self.label} {self.done / self.fps:.1f}{of} s of playback{share}{left}"
        if self.total is None:
            return f"exoviz: {self.label} {self.done} frames, {rate:.1f} fps"
        left = f"{max(0, self.total - self.done) / rate:.0f} s left" if rate > 0 else "time left unknown"
        return f"exoviz: {self.label} {self.done}/{self.total} frames, {rate:.1f} fps, {left}"

    def advance(self, n: int = 1) -> None:
        """Count n more frames done and report if it is time to."""
        self.done += n
        if self.quiet or self._closed:
            return
        if self._bar is not None:
            self._bar.update(n / self.fps if self.playback else n)
            return
        now = self._clock()
        if now - self._last_print >= self._interval:
            self._last_print = now
            self._print(self.line())

    def close(self) -> None:
        """Finish the bar, or print a summary line; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif not self.quiet and self.summary:
            elapsed = self._clock() - self._start
            video = f" ({self.done / self.fps:.1f} s of video)" if self.fps > 0 else ""
            self._print(f"exoviz: {self.label} done: {self.done} frames{video} in {elapsed:.0f} s")

    def _print(self, text: str) -> None:
        try:
            print(text, file=self._stream, flush=True)
        except (OSError, ValueError):
            pass  # a closed or broken stderr must not stop a recording

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _duration(seconds: float) -> str:
    """A time left as people say it: '40 s', '12 min', '2 h 13 min'."""
    s = int(round(seconds))
    if s < 120:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    return f"{s // 3600} h {s % 3600 // 60} min"
