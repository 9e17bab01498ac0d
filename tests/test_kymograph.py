"""render/kymograph.py and render/tirf_trace.py: the TIRF panel is placed by the overlay layout (never over the
subject or another overlay), draws its flashes brighter than the dark vesicles, in a ramp of brightness alone
(colour-blind safe); its region's ΔF/F0 trace is a row of the shared trace strip (with the live chart, the
amperometry current, or alone), on the strip's time axis; a drag on the kymograph marks the region
(ui/tirf_tool.py)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.render.kymograph import colours
from exoviz.render.overlays import ORDER, TIRF, TRACES
from exoviz.render.tirf_trace import trace_points
from exoviz.session import Session
from exoviz.sim import phluorin as ph
from exoviz.sim.phluorin import TirfView
from exoviz.ui.escape import REGISTRY, EscapeStack
from exoviz.ui.window import Window
from tests.test_overlays import check_window

pytestmark = pytest.mark.usefixtures("pygame_display")
FRAME = Fraction(1, 60)


def _window(*args: str) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", "1920x1080", *args])
    return Window(Session(opts), pygame.Surface((1920, 1080)), opts, windowed=False)


def test_the_ramp_rises_in_brightness_alone_in_both_themes() -> None:
    v = np.linspace(0, 1, 50)
    for dark in (True, False):
        rgb = colours(v, dark).astype(float)
        luma = rgb @ np.array([0.2126, 0.7152, 0.0722])
        steps = np.diff(luma) if dark else -np.diff(luma)
        assert (steps > 0).all()  # brighter F reads as brighter (dark) or darker (light) in every colour vision
    assert ORDER.index(TRACES) < ORDER.index(TIRF)  # the shared trace strip first, then the TIRF panel


@pytest.mark.parametrize("chart", [False, True], ids=["alone", "with-chart"])
def test_the_panel_is_placed_covering_nothing_and_its_trace_is_in_the_strip(chart: bool) -> None:
    win = _window("--tirf-region", "2:3", *(("--chart",) if chart else ()))
    s = win.session
    seen = 0
    for _k in range(12):  # 6 s of playback, drawn every 1/2 s
        for _ in range(30):
            s.tick(FRAME, realtime=False)
        win.draw()
        check_window(win)
        seen += TIRF in win.plan.rects
    assert seen >= 10
    box, width = win.renderer.tirf_plot or (pygame.Rect(0, 0, 0, 0), 0.0)
    assert box.w > 100 and box.h > 40 and width == pytest.approx(s.world.scene.width / 1000.0, rel=0.02)
    pixels = pygame.surfarray.array3d(win.screen.subsurface(box.inflate(-4, -4)))
    assert pixels[..., 1].max() > 150  # a flash (green) in the kymograph
    assert s.world.tirf_view().dff.size > 10
    row = win.renderer.tirf_row  # the region's trace: in the shared strip, not in the TIRF panel
    assert row is not None and win.plan.rects[TRACES].contains(row) and not win.plan.rects[TIRF].colliderect(row)
    assert not box.colliderect(row)
    win.run_command(Command("escape"))  # the region cleared: no trace row
    win.draw()
    assert win.renderer.tirf_row is None


def test_a_drag_on_the_kymograph_marks_the_region_and_esc_clears_it() -> None:
    win = _window("--tirf")
    s = win.session
    for _ in range(60):
        s.tick(FRAME, realtime=False)
    win.draw()
    assert s.tirf_region is None
    box, width = win.renderer.tirf_plot or (pygame.Rect(0, 0, 0, 0), 0.0)
    top, bottom = (box.x + 20, box.y + box.h // 4), (box.x + 40, box.y + 3 * box.h // 4)
    for ev in (pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=bottom),
               pygame.event.Event(pygame.MOUSEMOTION, buttons=(1, 0, 0), pos=top, rel=(0, 0)),
               pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=top)):
        win.handle(ev)
    x0, x1 = s.tirf_region or (0.0, 0.0)
    assert x0 == pytest.approx(0.25 * width, abs=0.1) and x1 == pytest.approx(0.75 * width, abs=0.1)
    assert s.world.phluorin.region == s.tirf_region
    assert "TIRF region" in EscapeStack().sync(win) and any(e.name == "TIRF region" for e in REGISTRY)
    win.run_command(Command("escape"))
    assert s.tirf_region is None and s.layers.tirf  # Esc clears the region; O closes the view


def test_trace_points_are_on_the_strip_s_time_axis() -> None:
    """Simulated time t0 at the left edge, t1 at the right: the axis of the strip the row is in (the last 2 s of
    the amperometry strip, the chart's whole run); samples before t0 left out."""
    k = 40
    tv = TirfView(t_s=np.linspace(1.0, 5.0, k), dff=np.linspace(0, 3, k), region=(1.0, 2.0),
                  kymo=np.zeros((k, ph.BINS)), peak_dff=3.0)
    box = pygame.Rect(10, 20, 301, 100)
    xs, ys = zip(*trace_points(tv, box, 3.0, 3.0, 5.0), strict=True)
    assert box.x <= xs[0] <= box.x + 16 and xs[-1] == box.right - 1 and len(xs) == (tv.t_s >= 3.0).sum()
    assert ys[-1] == box.top + 1 and all(a <= b for a, b in zip(xs, xs[1:]))
    xs, _ys = zip(*trace_points(tv, box, 3.0, 0.0, 10.0), strict=True)  # the chart's whole run, axis to 10 s
    assert xs[0] == box.x + 30 and xs[-1] == box.x + 150
