"""The live chart's static parts around its traces: title, key of event marks and what they mean, axes with their
units and tick labels (exoviz.render.chart keeps the traces). Every word is translated and wrapped to the box."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.i18n import _, language
from exoviz.readouts import NB
from exoviz.render import hud
from exoviz.render.cache import SurfaceCache
from exoviz.render.chart import (
    MARKS,
    MEANING,
    WINDOW_PLAYBACK_S,
    LiveChart,
    chart_for,
    draw_mark,
    kinds_for,
    mark_of,
)
from exoviz.render.tirf_trace import draw_row
from exoviz.sim.phluorin import TirfView
from exoviz.viewstate import ChartRef

if TYPE_CHECKING:
    from exoviz.sim.world import World

PAD = 6


def _decimals(lo: float, hi: float) -> int:
    return int(max(0, min(4, 1 - np.floor(np.log10(max(hi - lo, 1e-9))))))


def time_text(t: float, span: float) -> str:
    """A tick label: ms for axes under a second, s under 100 s, else min (one decimal only when needed)."""
    if span < 1.0:
        return f"{t * 1000:.0f}{NB}ms"
    if span < 100.0:
        return f"{t:.0f}{NB}s" if span >= 10 else f"{t:.1f}{NB}s"
    m = t / 60
    return f"{m:.0f}{NB}min" if abs(m - round(m)) < 1e-6 or span >= 600 else f"{m:.1f}{NB}min"


def _marks_key(screen: pygame.Surface, renderer, kinds: tuple[str, ...], px: int, rect: pygame.Rect, y: int) -> int:
    """The marks with their names (wrapping onto more rows); returns the y under them."""
    th, text = renderer.theme, renderer.text
    line = text.line_height(px)
    x = rect.x + PAD
    for name in kinds:
        label = _(next(lab for key, _s, _c, lab, _r in MARKS if key == name))
        surf = text.render(label, px, th.text_dim, False)
        if x + 14 + surf.get_width() > rect.right - PAD and x > rect.x + PAD:
            x, y = rect.x + PAD, y + line
        draw_mark(screen, mark_of(name), th, (x + 5, y + line // 2))
        screen.blit(surf, (x + 12, y))
        x += 18 + surf.get_width()
    return y + line


def _kept(screen: pygame.Surface, renderer, ref: ChartRef, px: int, rect: pygame.Rect, y: int) -> int:
    """The kept run's line style and what it was."""
    th = renderer.theme
    y0 = y + renderer.text.line_height(px) // 2
    for k in range(3):  # a short dashed sample of the kept trace's line
        pygame.draw.line(screen, th.text, (rect.x + PAD + 8 * k, y0), (rect.x + PAD + 8 * k + 4, y0), 2)
    return hud.wrapped_text(renderer, _("kept run: {what}").format(what=ref.label), px, False, rect.w - 2 * PAD - 30,
                  th.text_dim, screen, rect.x + PAD + 28, y)


def _words(screen: pygame.Surface, renderer, kinds: tuple[str, ...], px: int, rect: pygame.Rect, y: int) -> int:
    """What the marks mean in the traces, in words."""
    meaning = [_(MEANING[k]) for k in kinds if k in MEANING]
    if not meaning:
        return y
    return hud.wrapped_text(renderer, "; ".join(meaning) + ".", px, False, rect.w - 2 * PAD,
                            renderer.theme.text_dim, screen, rect.x + PAD, y)


def _small(renderer, screen_h: int) -> int:
    return max(9, renderer.font_px(12, screen_h))


def draw_frame(screen: pygame.Surface, renderer, world: World, rect: pygame.Rect, kinds: tuple[str, ...],
               chart: LiveChart, ref: ChartRef | None = None, region: TirfView | None = None,
               screen_h: int = 0) -> pygame.Rect:
    """Everything of one chart in rect (with region: the TIRF region's ΔF/F0 under its plots, on its time axis);
    returns the traces' rect. The plots keep at least half the box: the kept
    run's line, then the words on what marks mean, are left out when the box is too small for them.
    screen_h: the window's height (its fonts), when screen is the chart's own layer."""
    small = _small(renderer, screen_h or screen.get_height())
    plot, row_h = _head(screen, renderer, rect, kinds, small, ref, region)
    if plot.w < 40 or plot.h < 30:
        return plot
    chart.update(world, plot.size, renderer.theme, WINDOW_PLAYBACK_S * world.time_scale, kinds, ref)
    _body(screen, renderer, world, chart, kinds, plot, small, region, row_h)
    return rect


def _head(screen: pygame.Surface, renderer, rect: pygame.Rect, kinds: tuple[str, ...], small: int,
          ref: ChartRef | None, region: TirfView | None) -> tuple[pygame.Rect, int]:
    """The title, the key of marks, the kept run's line and the words that fit; (the plots' rect under them, the
    height of the TIRF row under the plots)."""
    th, text = renderer.theme, renderer.text
    line = text.line_height(small)
    title = _("Plasma membrane and capacitance against simulated time, whole run")
    extra = _parts(renderer, title, kinds, small, rect, ref)
    y = hud.wrapped_text(renderer, title, small, True, rect.w - 2 * PAD, th.text, screen, rect.x + PAD, rect.y + PAD)
    y = _marks_key(screen, renderer, kinds, small, rect, y)
    if "kept" in extra and ref is not None:
        y = _kept(screen, renderer, ref, small, rect, y)
    if "words" in extra:
        y = _words(screen, renderer, kinds, small, rect, y)
    top = y + 2
    left_w = text.size("−000.00", small)[0] + PAD
    plot = pygame.Rect(rect.x + PAD + left_w, top, rect.w - 2 * PAD - left_w, rect.bottom - PAD - line - 4 - top)
    row_h = int(0.28 * plot.h) if region is not None else 0
    plot.h -= row_h + (4 if row_h else 0)
    return plot, row_h


def _body(screen: pygame.Surface, renderer, world: World, chart: LiveChart, kinds: tuple[str, ...],
          plot: pygame.Rect, small: int, region: TirfView | None, row_h: int) -> None:
    """The plots' frames, the traces, the value ends and names of each plot, the TIRF row, the time axis."""
    th, text = renderer.theme, renderer.text
    line = text.line_height(small)
    marks_h, area_box, dc_box = chart.layout(plot.size, len(kinds))
    for box in (area_box, dc_box):
        pygame.draw.rect(screen, th.text_dim, box.move(plot.topleft), 1)
    if chart.surf is not None:  # update() made it
        screen.blit(chart.surf, plot.topleft)
    c0 = world.ledger.pm_initial_um2 * 10.0 / 1000.0
    names = (_("Area (µm²); dashed: at the start"), _("ΔC (fF; C₀ = {c0:.2f}{nb}pF)").format(c0=c0, nb=NB))
    for box, (lo, hi), name in zip((area_box, dc_box), chart.ranges, names):
        box = box.move(plot.topleft)
        d = _decimals(lo, hi)
        ends = ((hi, box.top), (lo, box.bottom - line)) if box.h >= 2 * line + 2 else ((hi, box.top),)
        for value, yy in ends:
            s = text.render(f"{value:.{d}f}", small, th.text, False)
            screen.blit(s, (box.x - s.get_width() - 3, yy))
        screen.blit(text.render(name, small, th.text_dim, False), (box.x + 4, box.y + 2))
    if region is not None and row_h:
        row = pygame.Rect(plot.x, plot.bottom + 4, plot.w, row_h)
        draw_row(screen, renderer, region, row, small, 0.0, chart.t_end)
        plot = plot.union(row)
    _time_axis(screen, renderer, chart, plot, small)


def _parts(renderer, title: str, kinds: tuple[str, ...], small: int, rect: pygame.Rect, ref: ChartRef | None
           ) -> list[str]:
    """Which of the kept run's line and the words on the marks fit (measured off screen once per title, kinds,
    font, box and kept run: the same every frame)."""
    key = ("chart parts", title, kinds, small, rect.size, None if ref is None else ref.label, language())
    got = renderer.text.memo.get(key)
    if got is not None:
        return list(got)
    probe = pygame.Surface((1, 1))  # heights, measured off screen
    at0 = rect.move(0, -rect.y)
    line = renderer.text.line_height(small)
    th = renderer.theme
    fixed = hud.wrapped_text(renderer, title, small, True, rect.w - 2 * PAD, th.text, probe, 0, PAD)
    fixed = _marks_key(probe, renderer, kinds, small, at0, fixed) + 2 + line + PAD + 4
    extra = [part for part in ("kept", "words") if part != "kept" or ref is not None]
    heights = {"kept": (_kept(probe, renderer, ref, small, at0, 0) if ref is not None else 0),
               "words": _words(probe, renderer, kinds, small, at0, 0)}
    while extra and fixed + sum(heights[p] for p in extra) > 0.5 * rect.h:
        extra.pop()  # the words go first, then the kept run's line
    renderer.text.memo[key] = tuple(extra)
    return extra


STEPS_S = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800,
           3600, 7200, 18000, 36000)  # round in the unit the label shows (ms, s, min)


def time_ticks(t_end: float) -> np.ndarray:
    """Round times from 0 to the axis end: at most 6 intervals, each a round number of ms, s or min."""
    step = next((s for s in STEPS_S if t_end / s <= 6 and (t_end < 100 or s >= 60)), STEPS_S[-1])
    return np.arange(0.0, t_end + 1e-9, step)


def _time_axis(screen: pygame.Surface, renderer, chart: LiveChart, plot: pygame.Rect, small: int) -> None:
    """Ticks and labels along the bottom at round simulated times; labels that would touch are left out."""
    th, text = renderer.theme, renderer.text
    right_edge = plot.x - 4
    for t in time_ticks(chart.t_end):
        x = plot.x + float(chart.x_of(np.array([t]))[0])
        pygame.draw.line(screen, th.text_dim, (x, plot.bottom), (x, plot.bottom + 4), 1)
        s = text.render(time_text(float(t), chart.t_end), small, th.text_dim, False)
        left = int(x - s.get_width() // 2)
        left = max(plot.x, min(left, plot.right - s.get_width()))
        if left > right_edge:  # a gap of 4 px at least between labels
            screen.blit(s, (left, plot.bottom + 3))
            right_edge = left + s.get_width() + 4


_premul = SurfaceCache("chart text, premultiplied", 8 * 2**20, 512)


class _Premultiplied(pygame.Surface):
    """A layer kept in premultiplied alpha: what is blitted onto it is composed as it would be on the screen
    (pygame's per-pixel-alpha blit onto a transparent surface would darken it), so the layer blitted with
    BLEND_PREMULTIPLIED gives the pixels of drawing each part on the screen in turn (within a level). Text
    surfaces (cached, never changed) are premultiplied once. `as_is`: the traces, drawn in opaque colours on a
    transparent surface (every pixel (0, 0, 0, 0) or opaque), which premultiplied are themselves."""

    as_is: pygame.Surface | None = None

    def blit(self, source: pygame.Surface, dest, area=None, special_flags: int = 0):  # type: ignore[override]
        if special_flags == 0 and source.get_flags() & pygame.SRCALPHA:
            pre = _premul.get_or_make(source, source.premul_alpha) if source is not self.as_is else source
            return super().blit(pre, dest, area, pygame.BLEND_PREMULTIPLIED)
        return super().blit(source, dest, area, special_flags)


def _static(renderer, rect: pygame.Rect, kinds: tuple[str, ...], ref: ChartRef | None, small: int,
            chart: LiveChart) -> tuple[pygame.Surface, pygame.Rect, tuple]:
    """The chart's box with its title, key and words (what changes only with the box, theme, language, kinds or
    kept run), premultiplied, and the plots' rect in it: kept on the chart."""
    th = renderer.theme
    key = (rect.size, th, language(), kinds, small, id(ref), None if ref is None else ref.label, renderer.text.scale)
    if chart.static is None or chart.static[2] != key:
        layer = _Premultiplied(rect.size, pygame.SRCALPHA)
        hud.premul_panel(layer, th)
        plot, _row = _head(layer, renderer, layer.get_rect(), kinds, small, ref, None)
        chart.static = (layer, plot, key)
    return chart.static


def _layer(renderer, world: World, rect: pygame.Rect, kinds: tuple[str, ...], chart: LiveChart,
           ref: ChartRef | None, screen_h: int) -> pygame.Surface:
    """The whole chart (its translucent panel, title, key, traces, axes) as one premultiplied layer, drawn again
    only when the traces (a new sample), the box, the theme or the language changed: five frames in six copy it;
    the sixth copies the static part (_static) and draws the traces and axes over it."""
    th = renderer.theme
    small = _small(renderer, screen_h)
    static, plot, skey = _static(renderer, rect, kinds, ref, small, chart)
    if plot.w < 40 or plot.h < 30:
        return static
    chart.update(world, plot.size, th, WINDOW_PLAYBACK_S * world.time_scale, kinds, ref)
    key = (skey, id(world), id(chart.surf), chart.plots, chart.full_draws, chart.t_end, tuple(chart.ranges),
           world.ledger.pm_initial_um2)
    if chart.layer is not None and chart.layer_key == key:
        return chart.layer
    layer = _Premultiplied(rect.size, pygame.SRCALPHA)  # (all 0)
    layer.blit(static, (0, 0), special_flags=pygame.BLEND_PREMULTIPLIED)  # a copy: static + 0
    layer.as_is = chart.surf
    _body(layer, renderer, world, chart, kinds, plot, small, None, 0)
    chart.layers_made += 1
    chart.layer, chart.layer_key = layer, key
    return layer


def draw_chart(screen: pygame.Surface, renderer, world: World, rect: pygame.Rect,
               ref: ChartRef | None = None, region: TirfView | None = None) -> pygame.Rect:
    """The chart in rect: a panel, the title and key, the traces, their axes with units (and the marked TIRF
    region's trace on the same time axis); returns rect. Without a TIRF row (which changes every frame) the
    chart is one layer, kept while its traces do not change (_layer)."""
    if region is not None:
        hud.panel(screen, rect, renderer.theme)
        draw_frame(screen, renderer, world, rect, kinds_for(world), chart_for(world), ref, region)
        return rect
    layer = _layer(renderer, world, rect, kinds_for(world), chart_for(world), ref, screen.get_height())
    screen.blit(layer, rect, special_flags=pygame.BLEND_PREMULTIPLIED)
    return rect
