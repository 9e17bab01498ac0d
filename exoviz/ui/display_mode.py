"""The real window's mode: desktop fullscreen at (0, 0), or a resizable window centred on the desktop."""

from __future__ import annotations

import warnings

import pygame


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
