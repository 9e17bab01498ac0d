"""The real window: opening the display (one line advising --headless when there is none), and its mode: desktop
fullscreen at (0, 0), or a resizable window centred on the desktop."""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pygame

from exoviz.options import NO_DISPLAY, Options, UsageError

INVISIBLE = ("dummy", "offscreen")  # SDL video drivers that draw nowhere


def display_mode(fullscreen: bool, size: tuple[int, int]) -> pygame.Surface:
    """The window in desktop fullscreen (size (0, 0): the desktop's size, no video mode change) with its top
    left at (0, 0) (moved there first: without a window manager it would keep its old offset, its right part
    off the screen), or a resizable window of `size` centred on the desktop."""
    if fullscreen:
        _place((0, 0))
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    screen = pygame.display.set_mode(size, pygame.RESIZABLE)
    _place(pygame.WINDOWPOS_CENTERED)
    return screen


def _place(pos: tuple[int, int] | int) -> None:
    """Move the display module's window (when there is one and pygame can)."""
    if not pygame.display.get_init() or pygame.display.get_surface() is None:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # from_display_module: we only move it
            pygame.Window.from_display_module().position = pos
    except (AttributeError, pygame.error):  # an older pygame, or a driver without windows
        pass


def open_display(opts: Options) -> pygame.Surface:
    """The real window; UsageError (advising --headless) when there is no usable display.

    SDL quietly falls back to an invisible driver when the display it finds is dead; that is refused
    unless SDL_VIDEODRIVER asked for it.
    """
    asked = os.environ.get("SDL_VIDEODRIVER", "").strip().lower()
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")  # SIGINT/SIGTERM are exoviz.interrupts' business
    try:
        with _c_stderr_held() as held:  # SDL's probes print their own errors; ours is the one line
            pygame.display.init()
        if pygame.display.get_driver() in INVISIBLE and asked not in INVISIBLE:
            raise pygame.error(f"only the invisible {pygame.display.get_driver()!r} video driver works")
        pygame.font.init()
        pygame.display.set_caption("exoviz — exocytosis")
        screen = display_mode(opts.fullscreen, opts.size)
    except pygame.error:
        pygame.quit()
        raise UsageError(NO_DISPLAY) from None
    sys.stderr.write(held.text)  # the display works: anything SDL said may matter
    return screen


class _Held:
    text = ""


@contextmanager
def _c_stderr_held() -> Iterator[_Held]:
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
