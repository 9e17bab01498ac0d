"""The compare view's drawing (render/compare.py): the column beside the panels is drawn once per content."""

import pygame
import pytest

from exoviz.cli import parse
from exoviz.session import Session


@pytest.mark.usefixtures("pygame_display")
def test_the_column_is_drawn_once_and_then_only_blitted_with_the_same_pixels(monkeypatch):
    """Frames with the same column text draw it once; its pixels are those of drawing it on the screen each frame,
    and pausing (its last line changes) draws it again."""
    from exoviz.params import Params
    from exoviz.render import compare
    from exoviz.sim.world import World
    from exoviz.ui.window import Window
    from exoviz.viewstate import HudState, Layers

    opts = parse(["--headless", "--duration", "1", "--size", "1280x720"])
    app = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
    worlds = [World(Params(mode="kiss-and-run")), World(Params(mode="kiss-and-run"))]
    col = app.layout.column
    assert col is not None
    drawn = []
    real = compare._draw_column
    monkeypatch.setattr(compare, "_draw_column", lambda *a: drawn.append(a[0]) or real(*a))
    compare._columns.clear()
    for paused in (False, False, False, True, True):
        draw = compare.draw_compare(app.screen, app.renderer, worlds, app.layout, 1.0, Layers(), HudState(paused),
                                    labels=["a", "b"])
        assert draw
    assert len(drawn) == 2  # once playing, once paused
    cached = app.screen.subsurface(col).copy()
    direct = pygame.Surface(app.screen.get_size(), 0, app.screen)
    real(direct, app.renderer, col, max(4, int(6 * app.layout.unit)),
         tuple(app.renderer.font_px(b, 720) for b in (14, 16, 20)), Layers(), HudState(True),
         compare.bench_lines(worlds[-1], app.renderer.font_px(14, 720), app.renderer.font_px(20, 720)))
    assert pygame.image.tobytes(direct.subsurface(col), "RGB") == pygame.image.tobytes(cached, "RGB")
