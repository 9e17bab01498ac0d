"""Frames of the window's loop drawn over the last one outside the scene (ui/chrome.py, render/retained.py,
ui/widget_layer.py): the pixels of a whole frame, only what changed put down, whole again after anything that
covered the strips. Counted, never timed."""

import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session
from exoviz.ui.window import offscreen_window

pytestmark = pytest.mark.usefixtures("pygame_display")
FRAME_S = 1 / 60


def window(*extra: str, size: str = "1280x720", theme: str = "dark"):
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", size, "--theme", theme, *extra])
    return offscreen_window(Session(opts), opts)


def pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).copy()


def whole(win) -> np.ndarray:
    """The same state drawn as a whole frame (everything filled and drawn again)."""
    win.chrome.invalidate()
    win.draw()
    return pixels(win.screen)


@pytest.mark.parametrize("theme,simple", [("dark", False), ("projector", False), ("dark", True)])
def test_a_frame_drawn_over_the_last_one_has_the_pixels_of_a_whole_frame(theme, simple):
    win = window("--cell", "b-cell", "--chart", theme=theme)
    win.simple = simple  # (the Simple view: the real window's default)
    for _ in range(14):  # the clock, the ledger, the caption's age and the ticker change meanwhile
        win.frame(FRAME_S)
    assert win.chrome.retained_frames >= 12 and win.controls.layer.skipped >= 10
    kept = pixels(win.screen)
    assert np.array_equal(kept, whole(win))


def test_a_paused_frame_puts_down_nothing_outside_the_scene():
    win = window("--cell", "b-cell")
    win.session.apply(Command("pause", True))
    for _ in range(4):
        win.frame(FRAME_S)
    board, layer = win.chrome.board, win.controls.layer
    put, filled, skipped, kept = board.put_down, board.filled, layer.skipped, win.chrome.retained_frames
    for _ in range(5):
        win.frame(FRAME_S)
    assert win.chrome.retained_frames == kept + 5
    assert board.put_down == put and board.filled == filled  # no text piece, no strip filled again
    assert layer.skipped == skipped + 5  # and no widget drawn


def test_a_playing_frame_puts_down_only_the_lines_that_changed():
    win = window("--cell", "b-cell")
    for _ in range(4):
        win.frame(FRAME_S)
    board = win.chrome.board
    pieces = sum(len(p) for p, _k, _a in board._drawn.values())
    put = board.put_down
    win.frame(FRAME_S)
    assert 1 <= board.put_down - put < pieces // 2  # the clock's line and a few numbers, not the whole panel


@pytest.mark.parametrize("cover", ["help", "blank", "theme", "language"])
def test_whatever_covered_the_strips_is_followed_by_a_whole_frame(cover):
    win = window("--cell", "b-cell")
    for _ in range(3):
        win.frame(FRAME_S)
    before = win.chrome.retained_frames
    if cover == "help":
        win.session.show_help = True
    elif cover == "blank":
        win.blank = True
    elif cover == "theme":
        win.session.apply(Command("toggle_theme"))
    else:
        win.session.apply(Command("language", "es"))
    win.frame(FRAME_S)
    win.session.show_help, win.blank = False, False
    for _ in range(3):  # (a new theme's widgets are built over the next frames)
        win.frame(FRAME_S)
    assert win.chrome.retained_frames < before + 4  # at least the frame after the cover was drawn whole
    for _ in range(3):
        win.frame(FRAME_S)
    assert np.array_equal(pixels(win.screen), whole(win))


def test_a_film_and_a_still_are_drawn_whole():
    win = window("--cell", "b-cell")
    win.frame(FRAME_S)
    n = win.chrome.retained_frames
    win.draw()
    win.draw()
    assert win.chrome.retained_frames == n
