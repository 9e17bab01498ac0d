"""Screenshots (P / F12) saved beside the loop: the frame's pixels are copied in the frame, the PNG is compressed and
written in a background thread (zlib lets the interpreter go meanwhile), and the line saying where (or why not)
comes in a later frame. Compressing a 1080p PNG in the frame stalled it ~75 ms."""

from __future__ import annotations

import threading

import numpy as np

from exoviz.export.atomic import atomic_write
from exoviz.export.errors import ExportError
from exoviz.export.png import encode_png
from exoviz.i18n import _


class Screenshots:
    """The screenshots being saved; poll() once a frame for the lines of those finished."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: list[str] = []
        self._threads: list[threading.Thread] = []

    def save(self, pixels: np.ndarray, path: str) -> None:
        """Write pixels (an H x W x 3 uint8 copy of the frame) as a PNG at path, in the background."""
        t = threading.Thread(target=self._write, args=(pixels, path), name="exoviz-screenshot", daemon=True)
        self._threads.append(t)
        t.start()

    def _write(self, pixels: np.ndarray, path: str) -> None:
        try:
            atomic_write(path, encode_png(pixels), overwrite=False)
            line = _("Screenshot saved: {path}").format(path=path)
        except (OSError, ExportError, ValueError) as e:
            line = _("Screenshot failed: {error}").format(error=e)
        with self._lock:
            self._done.append(line)

    def poll(self) -> list[str]:
        """The lines of the screenshots finished since the last poll."""
        self._threads = [t for t in self._threads if t.is_alive()]
        with self._lock:
            done, self._done = self._done, []
        return done

    def wait(self) -> list[str]:
        """Wait for every screenshot being saved (the window closes; a test reads the file); their lines."""
        for t in self._threads:
            t.join()
        return self.poll()

    @property
    def pending(self) -> int:
        return sum(t.is_alive() for t in self._threads)
