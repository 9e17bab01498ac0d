"""The amperometry strip (exoviz.render.amp_trace): each event's mark sits where its spike is, and a click on a
mark picks that event (a click elsewhere picks none)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame

from exoviz.params import Params
from exoviz.render import amp_trace
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.sim.world import World


def test_a_click_on_a_mark_picks_its_event() -> None:
    pygame.init()
    w = World(Params(cell="chromaffin", seed=1, electrode_um=6.0))
    w.run(60 * 7)
    screen = pygame.Surface((1600, 900))
    view = w.amperometry_view()
    assert view is not None
    amp_trace.draw_strip(screen, Renderer(DARK), view, w.t, pygame.Rect(10, 400, 900, 380), True)
    marks = amp_trace.LAST.marks
    assert marks and {e.kind for _x, e in marks} <= {"full", "transient"}
    x, e = marks[-1]
    assert amp_trace.event_at((x, amp_trace.LAST.trace.y + 6)) is e
    t0 = w.t - amp_trace.WINDOW_S  # the mark is at the spike: when the pore left its narrow state
    at = amp_trace.LAST.trace.x + (e.start_s + e.foot_s - t0) / amp_trace.WINDOW_S * amp_trace.LAST.trace.w
    assert abs(x - at) <= 1
    assert amp_trace.event_at((5, 5)) is None
