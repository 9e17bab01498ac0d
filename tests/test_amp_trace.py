"""The amperometry strip (exoviz.render.amp_trace): each event's mark sits where its spike is, and a click on a
mark picks that event (a click elsewhere picks none)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from fractions import Fraction

import pygame
import pytest
from tiers import sampled

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.params import Params
from exoviz.render import amp_trace
from exoviz.render.overlays import CLOSEUP, TIRF, TRACES
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.session import Session
from exoviz.sim.world import World
from exoviz.ui.window import Window
from tests.test_overlays import check_window


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


# the tighter 1280x720 by default (the strip narrowed beside the TIRF panel); 1920x1080 in the slow tier
@pytest.mark.parametrize("wxh", sampled(["1920x1080", "1280x720"], ["1280x720"]))
def test_the_strip_shares_the_scene_with_the_tirf_panel_and_the_closeup(pygame_display, wxh) -> None:
    """With the electrode, the TIRF view and the close-up on, all three are placed (the strip narrower beside the
    TIRF panel), none over another, the subject or outside the scene; the strip's key does not run under the
    latest event's label."""
    size = tuple(int(n) for n in wxh.split("x"))
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--theme", "projector",
                  "--cell", "chromaffin", "--electrode", "6", "--stimulus-rate", "1", "--tirf", "--seed", "1"])
    win = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
    s = win.session
    for _ in range(60 * 6):
        s.tick(Fraction(1, 60), realtime=False)
    win.draw()
    check_window(win)
    assert {TRACES, TIRF} <= set(win.plan.rects), win.plan.hidden
    assert not win.plan.rects[TRACES].colliderect(win.plan.rects[TIRF])
    s.apply(Command("toggle_closeup"))
    for _ in range(600):  # until the close-up opens at the next event (its time depends on the transport)
        s.tick(Fraction(1, 60), realtime=False)
        win.draw()
        check_window(win)
        if CLOSEUP in win.plan.rects:
            break
    assert {CLOSEUP, TRACES} <= set(win.plan.rects), win.plan.hidden  # the close-up first, the strip keeps a place
    assert not win.plan.rects[CLOSEUP].colliderect(win.plan.rects[TRACES])


def test_the_followed_granule_s_event_is_the_one_magnified() -> None:
    """The zoom shows the event of the body the view is about (the close-up's, the followed one) when the
    electrode saw it, else the latest."""
    pygame.init()
    w = World(Params(cell="chromaffin", seed=1, electrode_um=6.0))
    w.run(60 * 7)
    view = w.amperometry_view()
    assert view is not None and len({e.uid for e in view.events}) >= 2
    renderer = Renderer(DARK)
    drawn: list[str] = []
    render = renderer.text.render

    def spy(text, *a, **k):
        drawn.append(str(text))
        return render(text, *a, **k)

    renderer.text.render = spy  # type: ignore[method-assign]
    first, last = view.events[0], view.events[-1]
    screen = pygame.Surface((1600, 900))
    amp_trace.draw_strip(screen, renderer, view, w.t, pygame.Rect(10, 400, 900, 380), True, first.uid)
    kind = "full fusion" if first.kind == "full" else "transient"
    assert f"#{first.uid}: {kind}" in drawn and not any(t.startswith("latest:") for t in drawn)
    drawn.clear()
    amp_trace.draw_strip(screen, renderer, view, w.t, pygame.Rect(10, 400, 900, 380), True, -1)
    assert any(t.startswith("latest:") for t in drawn) and last.uid != -1


def test_a_marked_tirf_region_s_trace_is_a_row_of_the_strip_on_its_time_axis(pygame_display) -> None:
    """With the electrode placed and a TIRF region marked, the region's ΔF/F0 is a row of the amperometry strip,
    as wide as the current's trace and under it (the same time axis), and nowhere in the TIRF panel."""
    opts = parse(["--headless", "--duration", "1", "--size", "1920x1080", "--cell", "chromaffin", "--electrode", "6",
                  "--tirf-region", "5:7", "--seed", "1"])
    win = Window(Session(opts), pygame.Surface((1920, 1080)), opts, windowed=False)
    for _ in range(60 * 3):
        win.session.tick(Fraction(1, 60), realtime=False)
    win.draw()
    check_window(win)
    row, trace = win.renderer.tirf_row, amp_trace.LAST.trace
    assert row is not None and win.plan.rects[TRACES].contains(row) and not win.plan.rects[TIRF].colliderect(row)
    assert (row.x, row.w) == (trace.x, trace.w) and row.top > trace.bottom


def test_the_close_up_inset_has_no_trace_strip_of_its_own() -> None:
    """The strip is the main view's: the close-up's inset (drawn by the same Renderer) shows the scene only."""
    from exoviz.camera import Camera
    from exoviz.render import overlay_parts
    from exoviz.viewstate import HudState, Layers

    pygame.init()
    w = World(Params(cell="chromaffin", seed=1, electrode_um=6.0))
    w.run(30)
    screen = pygame.Surface((1200, 800))
    cam = Camera(w.scene.width, w.scene.height, (0, 0, 1200, 800))
    renderer = Renderer(DARK)
    for main in (True, False):
        asked = overlay_parts.requests(renderer, screen, w, cam, Layers(), HudState(), False, main)
        assert (TRACES in {o.name for o in asked}) == main
