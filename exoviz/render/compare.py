"""The compare view: the three mechanisms side by side, in sync, each with its own membrane readout."""

from __future__ import annotations

from dataclasses import replace

import pygame

from exoviz.camera import Camera
from exoviz.modes import spec
from exoviz.readouts import playback_factor, sim_clock
from exoviz.render import hud
from exoviz.render.layout import Layout
from exoviz.render.renderer import Renderer
from exoviz.viewstate import HudState, Layers


def split(rect: pygame.Rect, n: int, gap: int) -> list[pygame.Rect]:
    w = (rect.w - (n - 1) * gap) // n
    return [pygame.Rect(rect.x + k * (w + gap), rect.y, w, rect.h) for k in range(n)]


def draw_compare(screen: pygame.Surface, renderer: Renderer, worlds: list, layout: Layout, alpha: float,
                 layers: Layers, state: HudState) -> None:
    th = renderer.theme
    h = screen.get_height()
    small, body, big = renderer.font_px(13, h), renderer.font_px(15, h), renderer.font_px(18, h)
    gap = max(4, int(6 * layout.unit))
    sub_layers = replace(layers, labels=False, readout=False, legend=False, notes=False, clock=False)
    for world, rect in zip(worlds, split(layout.scene, len(worlds), gap)):
        cam = Camera(world.scene.width, world.scene.height, tuple(rect))
        renderer.draw(screen, world, cam, alpha, replace(sub_layers, captions=False), HudState(
            paused=state.paused, speed=state.speed))
        led = world.ledger
        lines = [(world.scene.title, body, True),
                 (f"t = {sim_clock(world.t)} · {playback_factor(world.mech.time_scale, state.speed)}", small, False),
                 (f"Plasma membrane: {led.pm_um2:,.3f} µm²", body, True),
                 (f"added {led.pm_added_um2:+.4f} µm²", body, False),
                 (spec(world.params.mode).fate, small, False)]
        hud.text_block(screen, renderer.text, lines, (rect.x + gap, rect.y + gap), th, "topleft",
                       max_w=rect.w - 2 * gap)
    col = layout.column
    if col is not None:
        screen.fill(th.panel[:3], col)
        m = gap
        y = col.y + m
        lines = [("Compare the three mechanisms", big, True),
                 ("Same seed, started together; each runs on its own clock (see the playback factor).", small,
                  False),
                 ("Watch the membrane readouts: full fusion adds vesicle membrane, kiss-and-run adds none, "
                  "MVB fusion adds only the limiting membrane.", small, False),
                 ("PAUSED" if state.paused else "playing", body, True)]
        y = hud.text_block(screen, renderer.text, lines, (col.x + m, y), th, "topleft", max_w=col.w - 2 * m,
                           min_w=col.w - 2 * m).bottom + m
        if layers.legend:
            hud.legend(screen, renderer.text, th, (col.x + m, y), small, "topleft", min_w=col.w - 2 * m)
