"""The live chart's surface (exoviz/render/chart.py) between samples: a frame with no new sample plots nothing, and
each sample is converted from the series once, not every frame. Counted, never timed."""

import numpy as np
import pygame
import pytest

from exoviz.params import Params
from exoviz.render import chart as chart_mod
from exoviz.render.chart import chart_for
from exoviz.render.chart_frame import draw_chart
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.sim.world import SAMPLE_EVERY, World

pytestmark = pytest.mark.usefixtures("pygame_display")
RECT = pygame.Rect(400, 250, 560, 320)


def test_the_chart_replots_only_when_a_sample_is_added(monkeypatch):
    """Drawn every step (six frames a sample at 60 fps), the chart plots once per sample added, converts each
    sample from the series once, and its surface is the one drawn only after each sample."""
    converted: list[int] = []
    values = chart_mod.values
    monkeypatch.setattr(chart_mod, "values", lambda s, a: (converted.append(len(s["t_s"])), values(s, a))[1])
    every, once = World(Params(mode="full-fusion", seed=4)), World(Params(mode="full-fusion", seed=4))
    renderer, screen = Renderer(DARK), pygame.Surface((1000, 600))
    fresh, seen = 0, -1  # frames that bring a new sample
    for _ in range(20 * SAMPLE_EVERY):
        every.step()
        fresh += len(every.series["t_s"]) != seen
        seen = len(every.series["t_s"])
        draw_chart(screen, renderer, every, RECT)
    c = chart_for(every)
    assert c.n == seen >= 20 and fresh == seen  # (one sample each SAMPLE_EVERY steps)
    assert c.plots == fresh  # a plot per frame with a new sample (whole or increment), none in the 100 others
    assert sum(converted) == seen and len(converted) == fresh  # each sample converted from the series once
    monkeypatch.setattr(chart_mod, "values", values)
    for k in range(20 * SAMPLE_EVERY):
        once.step()
        if (k + 1) % SAMPLE_EVERY == 0:
            draw_chart(screen, renderer, once, RECT)
    a, b = chart_for(every), chart_for(once)
    assert a.surf is not None and b.surf is not None
    assert np.array_equal(pygame.surfarray.array3d(a.surf), pygame.surfarray.array3d(b.surf))
    assert np.array_equal(pygame.surfarray.array_alpha(a.surf), pygame.surfarray.array_alpha(b.surf))


def test_the_chart_frame_measures_its_parts_once(monkeypatch):
    """Which of the kept run's line and the words on the marks fit is measured off screen once, not every frame."""
    from exoviz.render import chart_frame

    probed: list[int] = []
    words = chart_frame._words
    monkeypatch.setattr(chart_frame, "_words", lambda screen, *a: (probed.append(screen.get_width() == 1),
                                                                   words(screen, *a))[1])
    world, renderer, screen = World(Params(mode="full-fusion", seed=4)), Renderer(DARK), pygame.Surface((1000, 600))
    for _ in range(5):
        world.step()
        draw_chart(screen, renderer, world, RECT)
    # measured once; drawn each time the chart's layer is made (not in frames that copy it)
    assert probed.count(True) == 1 and probed.count(False) == chart_for(world).layers_made >= 1


def test_a_frame_with_no_new_sample_copies_the_chart_layer_and_its_pixels_are_the_charts():
    """The chart is one kept layer: frames without a new sample make none (its box, title and key are made once);
    blitted, it gives the pixels of the box and each part drawn on the screen in turn, within 3 levels."""
    from exoviz.render import chart_frame, hud

    world, renderer = World(Params(mode="full-fusion", seed=4)), Renderer(DARK)
    screen = pygame.Surface((1000, 600))
    screen.fill((40, 90, 160))
    screen.fill((200, 30, 30), pygame.Rect(500, 300, 200, 200))  # a scene of two colours under the box
    under = screen.copy()
    made, statics, fresh, seen = [], [], 0, -1
    for _ in range(3 * SAMPLE_EVERY):
        world.step()
        fresh += len(world.series["t_s"]) != seen  # a frame with a new sample
        seen = len(world.series["t_s"])
        c = chart_for(world)
        before = c.layers_made
        static = c.static
        screen.blit(under, (0, 0))  # the scene under the chart, drawn again each frame
        draw_chart(screen, renderer, world, RECT)
        made.append(c.layers_made - before)
        statics.append(c.static is not static)
    assert sum(made) == fresh >= 3 and sum(statics) == 1  # a layer per new sample, the static part once
    drawn = screen.copy()
    screen.blit(under, (0, 0))
    hud.panel(screen, RECT, renderer.theme)  # the parts drawn one by one, on the screen, as before
    chart_frame.draw_frame(screen, renderer, world, RECT, chart_mod.kinds_for(world), chart_for(world))
    a, b = pygame.surfarray.array3d(drawn).astype(int), pygame.surfarray.array3d(screen).astype(int)
    assert np.abs(a - b).max() <= 3
