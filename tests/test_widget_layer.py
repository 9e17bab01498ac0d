"""The widgets drawn only when they change (ui/widget_layer.py): kept, copied or left alone, with the pixels
pygame_gui draws; its update left out only while it has nothing to do. Counted, never timed."""

import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.session import Session
from exoviz.ui.widget_layer import IDLE
from exoviz.ui.window import offscreen_window

pytestmark = pytest.mark.usefixtures("pygame_display")
FRAME_S = 1 / 60


def window(*extra: str):
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", "1280x720", *extra])
    return offscreen_window(Session(opts), opts)


def test_kept_widget_layers_are_the_pixels_pygame_gui_draws():
    win = window("--theme", "projector")
    for _ in range(4):
        win.draw()  # whole frames (not the loop's): the regions' layers are made, then copied
    layer = win.controls.layer
    assert layer.composed == 2 and layer.copied >= 1
    copied = pygame.surfarray.array3d(win.screen).copy()
    for r in win.controls._plain():  # the regions' plain colour, and pygame_gui's own drawing on it
        win.screen.fill(win.theme.panel[:3], r)
    win.controls.manager.draw_ui(win.screen)
    assert np.array_equal(copied, pygame.surfarray.array3d(win.screen))


def test_a_changed_widget_is_drawn_again():
    win = window()
    for _ in range(4):
        win.frame(FRAME_S)
    layer = win.controls.layer
    skipped = layer.skipped
    win.controls.buttons["Pause"].set_text("Play")  # a new image
    win.frame(FRAME_S)
    assert layer.skipped == skipped  # drawn, not left alone
    win.frame(FRAME_S)
    assert layer.skipped == skipped + 1


def test_an_event_or_pending_work_runs_the_manager_update():
    win = window()
    calls = []
    real = win.controls.manager.update
    win.controls.manager.update = lambda dt: (calls.append(dt), real(dt))[1]
    for _ in range(IDLE + 6):
        win.frame(FRAME_S)
    layer = win.controls.layer
    assert layer.idle_updates >= 4 and len(calls) < IDLE + 6  # left out once the widgets were calm
    n = len(calls)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0)))
    win.frame(FRAME_S)
    assert len(calls) == n + 1  # an event: updated
    n = len(calls)
    for _ in range(IDLE + 2):
        win.frame(FRAME_S)
    win.controls.buttons["Pause"].select()  # a state change waiting for the update to show
    win.frame(FRAME_S)
    assert len(calls) > n
