"""Screenshots (P / F12) saved beside the loop: the frame's pixels are copied in the frame (a surface copy), turned
into RGB, compressed and written as a PNG in a background thread (zlib lets the interpreter go meanwhile), and the line
saying where (or why not) comes in a later frame. Compressing a 1080p PNG in the frame stalled it ~75 ms; packing
its pixels as RGB there took ~8 ms more."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pygame

from exoviz.commands import Command
from exoviz.export.atomic import atomic_write
from exoviz.export.errors import ExportError
from exoviz.export.png import encode_png
from exoviz.i18n import _

if TYPE_CHECKING:
    from exoviz.session import Session
    from exoviz.ui.disclosure_room import DisclosureRoom


class Shooter(Protocol):
    """What take() uses of the window (ui/window.Window)."""

    record_dir: str
    screen: pygame.Surface
    disclosure: DisclosureRoom
    shots: Screenshots
    split_heavy: bool
    _held: bool
    session: Session


class Screenshots:
    """The screenshots being saved; poll() once a frame for the lines of those finished."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: list[str] = []
        self._threads: list[threading.Thread] = []

    def save(self, pixels: np.ndarray | pygame.Surface, path: str) -> None:
        """Write pixels (an H x W x 3 uint8 copy of the frame, or a Surface copy of it no one else draws on) as a
        PNG at path, in the background."""
        t = threading.Thread(target=self._write, args=(pixels, path), name="exoviz-screenshot", daemon=True)
        self._threads.append(t)
        t.start()

    def _write(self, pixels: np.ndarray | pygame.Surface, path: str) -> None:
        from exoviz.render.snapshot import grab

        try:
            rgb = grab(pixels) if isinstance(pixels, pygame.Surface) else pixels
            atomic_write(path, encode_png(rgb), overwrite=False)
            line = _("Screenshot saved: {path}").format(path=path)
        except (OSError, ExportError, ValueError, pygame.error) as e:
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


def take(win: Shooter) -> str:
    """P / F12 in a window: its pixels as a timestamped PNG in --record-dir (the still says every distortion at once),
    written in the background; the frame shows the last picture again (not a second drawing). The path."""
    from exoviz.export.live import timestamped_name

    path = timestamped_name(win.record_dir, ext=".png")
    try:
        shown = win.screen  # the still is drawn into a surface of its own, handed to the writer's thread (made RGB
        win.screen = pygame.Surface(shown.get_size(), 0, shown)  # there); the screen keeps the last picture: no
        try:  # copies of the screen in the frame (two, and the RGB packing, took ~15 ms at 1080p)
            win.disclosure.draw_still()
            still = win.screen
        finally:
            win.screen = shown
        win.shots.save(still, path)
        win._held = win.split_heavy
        win.session.apply(Command("say", _("Saving the screenshot: {path}").format(path=path)))
    except (pygame.error, OSError, ExportError) as e:
        win.session.apply(Command("say", _("Screenshot failed: {error}").format(error=e)))
    return path
