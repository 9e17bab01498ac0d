"""The live chart's static parts around its scrolled traces: title, key of event marks, axes with their units and
tick labels (exoviz.render.chart keeps the traces)."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.i18n import _
from exoviz.readouts import NB
from exoviz.render import hud
from exoviz.render.chart import (
    MARKS,
    WINDOW_PLAYBACK_S,
    LiveChart,
    chart_for,
    draw_mark,
    kinds_for,
    mark_of,
    nice_range,
)

PAD = 6


def _decimals(lo: float, hi: float) -> int:
    return int(max(0, min(4, 1 - np.floor(np.log10(max(hi - lo, 1e-9))))))


def time_text(t: float, span: float) -> str:
    """A tick label: seconds, or ms for windows under a second."""
    if span < 1.0:
        return f"{t * 1000:.0f}{NB}ms"
    if span < 100.0:
        return f"{t:.0f}{NB}s" if span >= 10 else f"{t:.1f}{NB}s"
    return f"{t / 60:.1f}{NB}min"


def draw_frame(screen: pygame.Surface, renderer, world, rect: pygame.Rect, kinds: tuple[str, ...],
               chart: LiveChart) -> pygame.Rect:
    """Everything of one chart in rect; returns the traces' rect."""
    th, text = renderer.theme, renderer.text
    small = max(9, renderer.font_px(12, screen.get_height()))
    line = text.font(small).get_linesize()
    span = WINDOW_PLAYBACK_S * world.mech.time_scale
    title = text.render(_("Plasma membrane and capacitance · last {span} (simulated)").format(
        span=time_text(span, 2 * span)), small, th.text, True)
    screen.blit(title, (rect.x + PAD, rect.y + PAD))
    y = rect.y + PAD + line
    x = rect.x + PAD
    for name in kinds:  # the key: each mark with its name
        label = _(next(lab for key, _s, _c, lab, _r in MARKS if key == name))
        surf = text.render(label, small, th.text_dim, False)
        if x + 14 + surf.get_width() > rect.right - PAD:
            break
        draw_mark(screen, mark_of(name), th, (x + 5, y + line // 2))
        screen.blit(surf, (x + 12, y))
        x += 18 + surf.get_width()
    top = y + line + 2
    left_w = text.font(small).size("−000.00")[0] + PAD
    plot = pygame.Rect(rect.x + PAD + left_w, top, rect.w - 2 * PAD - left_w, rect.bottom - PAD - line - top)
    if plot.w < 40 or plot.h < 40:
        return plot
    chart.update(world, plot.size, th, span, kinds)
    marks_h, area_box, dc_box = chart.layout(plot.size, len(kinds))
    for box in (area_box, dc_box):
        pygame.draw.rect(screen, th.text_dim, box.move(plot.topleft), 1)
    screen.blit(chart.surf, plot.topleft)
    c0 = world.ledger.pm_initial_um2 * 10.0 / 1000.0
    names = (_("Area (µm²)"), _("ΔC (fF; C₀ = {c0:.2f}{nb}pF)").format(c0=c0, nb=NB))
    for box, (lo, hi), name in zip((area_box, dc_box), chart.ranges, names):
        box = box.move(plot.topleft)
        d = _decimals(lo, hi)
        for value, yy in ((hi, box.top), (lo, box.bottom - line)):
            s = text.render(f"{value:.{d}f}", small, th.text, False)
            screen.blit(s, (box.x - s.get_width() - 3, yy))
        screen.blit(text.render(name, small, th.text_dim, False), (box.x + 4, box.y + 2))
    _time_axis(screen, renderer, chart, plot, span, small, line)
    return rect


def _time_axis(screen: pygame.Surface, renderer, chart: LiveChart, plot: pygame.Rect, span: float, small: int,
               line: int) -> None:
    """Ticks and labels along the bottom at round simulated times, moving with the traces."""
    th, text = renderer.theme, renderer.text
    lo, hi = nice_range(0.0, span, span)
    step = (hi - lo) / 4 / 2
    t0 = np.ceil((chart.t_right - span) / step) * step
    ticks = np.arange(t0, chart.t_right + 1e-9, step)
    for t in ticks[ticks >= 0]:  # a handful
        x = plot.x + float(chart.x_of(np.array([t]), span)[0])
        pygame.draw.line(screen, th.text_dim, (x, plot.bottom), (x, plot.bottom + 4), 1)
        s = text.render(time_text(float(t), span), small, th.text_dim, False)
        if plot.x <= x - s.get_width() // 2 and x + s.get_width() // 2 <= plot.right:
            screen.blit(s, (x - s.get_width() // 2, plot.bottom + 3))
    label = text.render(_("simulated time"), small, th.text_dim, False)
    screen.blit(label, (plot.x - label.get_width() - 3 if plot.x > label.get_width() + 8 else plot.x,
                        plot.bottom + 3 + (0 if plot.x > label.get_width() + 8 else line)))


def draw_chart(screen: pygame.Surface, renderer, world, rect: pygame.Rect) -> pygame.Rect:
    """The chart in rect: a panel, the title and key, the scrolled traces, their axes with units; returns rect."""
    hud.panel(screen, rect, renderer.theme)
    draw_frame(screen, renderer, world, rect, kinds_for(world), chart_for(world))
    return rect
