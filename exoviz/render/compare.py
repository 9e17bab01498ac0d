"""The compare view: the three mechanisms side by side, each zoomed on its own membrane, with its membrane bar."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_, Text, _, language
from exoviz.modes import spec
from exoviz.readouts import playback_factor, sim_clock
from exoviz.render import hud
from exoviz.render.cache import SurfaceCache
from exoviz.render.compare_chart import bar_text, bench_lines, draw_strip, per_release
from exoviz.render.layout import Layout
from exoviz.render.renderer import Renderer
from exoviz.sim.kiss_and_run_const import fate_note
from exoviz.viewstate import HudState, Layers

if TYPE_CHECKING:
    from exoviz.sim.world import World

BAR_MIN_UM2 = 0.05  # the bars' common full scale is the largest membrane one release adds, but at least this
STRIP_SHARE = 0.3  # the chart strip under the panels takes this share of the scene's height


def panels_area(scene: pygame.Rect, gap: int, strip: bool) -> pygame.Rect:
    """Where the panels go: the scene, less the chart strip under them when there is one."""
    if not strip:
        return pygame.Rect(scene)
    return pygame.Rect(scene.x, scene.y, scene.w, scene.h - int(STRIP_SHARE * scene.h) - gap)


def split(rect: pygame.Rect, n: int, gap: int) -> list[pygame.Rect]:
    w = (rect.w - (n - 1) * gap) // n
    return [pygame.Rect(rect.x + k * (w + gap), rect.y, w, rect.h) for k in range(n)]


def panel_camera(world: World, rect: pygame.Rect) -> Camera:
    """A camera on the panel that frames the membrane where this mode's events happen: compare_nm across,
    the membrane a fifth of the way down (the cell below it is where things come from)."""
    sc = world.scene
    cam = Camera(sc.width, sc.height, (rect.x, rect.y, rect.w, rect.h))
    # a whole-cell turnover scene (the macrophage's counter) is about the whole surface: frame all of it
    width_nm = sc.width if world.params.cell_spec.counter else spec(world.params.mode).compare_nm
    x = 0.5 * sum(sc.synapse.az_x) if sc.synapse_part is not None else 0.5 * sc.width
    scale = rect.w / width_nm
    zoom = max(1.0, scale / cam.base_scale)
    cam.look_at((x, sc.membrane_y + (0.5 - 0.2) * rect.h / (cam.base_scale * zoom)), zoom)
    return cam


def fate(world: World) -> Text:
    """What becomes of the vesicle membrane in this panel (the synapse's from its full-fusion share)."""
    if world.params.mode == "kiss-and-run":
        return fate_note(world.params.full_fusion_fraction)
    return spec(world.params.mode).fate


def _bar_lines(renderer: Renderer, world: World, w: int, px: int, latency: bool) -> list[str]:
    return hud.wrap(renderer.text, bar_text(world, latency), px, True, w - 20)


def _membrane_bar(screen: pygame.Surface, renderer: Renderer, world: World, rect: pygame.Rect, px: int,
                  full_um2: float, lines: list[str], rows: int = 1) -> pygame.Rect:
    """A large bar along the panel's bottom: plasma membrane one release adds, on average so far (like with like
    across panels whatever their clocks; full_um2 fills every panel's bar), with the releases and the clock.
    lines: its text (_bar_lines); rows: at least this many lines tall (every panel's bar alike, so every panel's view
    is drawn at one scale)."""
    th = renderer.theme
    each, _n = per_release(world)
    lh = renderer.text.line_height(px, True)
    strip = max(8, lh // 2)  # the bar itself, under the text (text over the fill hid its first letters)
    h = lh * max(rows, len(lines)) + 12 + strip
    box = pygame.Rect(rect.x, rect.bottom - h, rect.w, h)
    screen.fill(th.panel[:3], box)
    fill = min(each / full_um2, 1.0)
    pygame.draw.rect(screen, th.delivered, (box.x + 4, box.bottom - 4 - strip, int((box.w - 8) * fill), strip))
    pygame.draw.rect(screen, th.text, box.inflate(-4, -4), 1 + th.outline)
    for k, piece in enumerate(lines):
        screen.blit(renderer.text.render(piece, px, th.text, True), (box.x + 10, box.y + 6 + k * lh))
    return box


def draw_compare(screen: pygame.Surface, renderer: Renderer, worlds: list, layout: Layout, alpha: float,
                 layers: Layers, state: HudState, labels: list[str] | None = None,
                 bottom: int | None = None, filled: bool = False) -> list[pygame.Rect]:
    """The three panels and the column beside them; returns the text boxes drawn. labels: control beside
    treatment, each panel's name (instead of what becomes of the membrane) and the bench's column. bottom: where
    the column's widgets start (its text stops above; the legend is left out when it would run into them). filled:
    the screen was just filled with the panel colour (the window's frame), so the strip's box need not be blended."""
    th = renderer.theme
    h = screen.get_height()
    small, body, big = renderer.font_px(14, h), renderer.font_px(16, h), renderer.font_px(20, h)
    gap = max(4, int(6 * layout.unit))
    sub_layers = replace(layers, readout=False, legend=False, notes=False, clock=False, captions=False, chart=False,
                         tirf=False)
    rects: list[pygame.Rect] = []
    full = max([BAR_MIN_UM2] + [per_release(w)[0] for w in worlds])
    panels = layout.scene
    if layers.chart or labels is not None:  # one chart strip under the panels (control beside treatment: always,
        # its traces are how the two runs are compared)
        panels = panels_area(layout.scene, gap, True)
        strip = pygame.Rect(layout.scene.x, panels.bottom + gap, layout.scene.w, int(STRIP_SHARE * layout.scene.h))
        rects += draw_strip(screen, renderer, worlds, strip, labels, filled)
    rects_k = split(panels, len(worlds), gap)
    texts = [_bar_lines(renderer, w, rects_k[0].w, body, labels is not None) for w in worlds]
    rows = max(len(t) for t in texts)
    for k, (world, rect) in enumerate(zip(worlds, rects_k)):
        bar = _membrane_bar(screen, renderer, world, rect, body, full, texts[k], rows=rows)
        view = pygame.Rect(rect.x, rect.y, rect.w, rect.h - bar.h)
        cam = panel_camera(world, view)
        head = [(world.scene.title, body, True),
                (f"t = {sim_clock(world.t)} · {playback_factor(world.time_scale, state.speed)}", small, False),
                (labels[k], body, True) if labels else (fate(world), small, False)]
        top = hud.measure(renderer.text, head, rect.w - 2 * gap).h
        cam.set_view((view.x, view.y + top, view.w, view.h - top))
        renderer.draw(screen, world, cam, alpha, sub_layers, HudState(paused=state.paused, speed=state.speed))
        rects += renderer.rects + [bar]
        screen.fill(th.panel[:3], (view.x, view.y, view.w, top))
        rects.append(hud.text_block(screen, renderer.text, head, (rect.x, rect.y), th, "topleft",
                                    max_w=rect.w, min_w=rect.w))
    col = layout.column
    if col is not None:
        rects += _column(screen, renderer, col, gap, (small, body, big), layers, state,
                         bench_lines(worlds[-1], small, big) if labels else None, bottom)
    return rects


_columns = SurfaceCache("compare columns", 8 * 2**20, 4)  # the column beside the panels, drawn once per content


def _column(screen: pygame.Surface, renderer: Renderer, col: pygame.Rect, m: int, fonts: tuple[int, int, int],
            layers: Layers, state: HudState, bench: list[tuple[str, int, bool]] | None = None,
            bottom: int | None = None) -> list[pygame.Rect]:
    """The column: drawn once on a surface of its own, then only blitted while its text, the pause and the size stay
    the same (the same pixels as drawing it on the screen each frame: it lies on its own opaque panel fill)."""
    room = (bottom if bottom is not None else col.bottom) - col.y
    key = (col.size, m, fonts, layers.legend, state.paused, tuple(bench or ()), room, renderer.theme, language(),
           renderer.text.scale)
    hit = _columns.get(key)
    if hit is None:
        surf = pygame.Surface(col.size, 0, screen)
        local = _draw_column(surf, renderer, pygame.Rect((0, 0), col.size), m, fonts, layers, state, bench, room)
        if any(not surf.get_rect().contains(r) for r in local):  # text running out of the column: drawn as it goes
            return _draw_column(screen, renderer, col, m, fonts, layers, state, bench, bottom)
        hit = _columns.put(key, (surf, local))
    surf, local = hit
    screen.blit(surf, col.topleft)
    return [r.move(col.topleft) for r in local]


def _draw_column(screen: pygame.Surface, renderer: Renderer, col: pygame.Rect, m: int, fonts: tuple[int, int, int],
                 layers: Layers, state: HudState, bench: list[tuple[str, int, bool]] | None = None,
                 bottom: int | None = None) -> list[pygame.Rect]:
    small, body, big = fonts
    th = renderer.theme
    screen.fill(th.panel[:3], col)
    lines = bench or [
        (N_("Compare the three mechanisms"), big, True),
        (N_("Same seed, started together; each runs on its own clock (see the playback factor)."), small, False),
        (N_("Trigger (S) starts an event in all three at once: a Ca²⁺ stimulus."), small, False),
        (N_("The bars: membrane one release adds (one scale, whatever the clock). Full fusion adds the vesicle "
            "membrane, a kiss none, MVB fusion only the limiting membrane."), small, False)]
    lines = [*lines, (_("PAUSED") if state.paused else _("playing"), body, True)]
    out = [hud.text_block(screen, renderer.text, lines, (col.x + m, col.y + m), th, "topleft", max_w=col.w - 2 * m,
                          min_w=col.w - 2 * m)]
    room = (bottom if bottom is not None else col.bottom) - out[0].bottom - 2 * m
    if layers.legend and hud.legend_height(renderer.text, small, width=col.w - 2 * m) <= room:
        out.append(hud.legend(screen, renderer.text, th, (col.x + m, out[0].bottom + m), small, "topleft",
                              min_w=col.w - 2 * m))
    return out
