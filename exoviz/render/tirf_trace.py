"""The marked TIRF region's pHluorin trace (ΔF/F0 against simulated time) as a row of the shared trace strip, on
the strip's own time axis: under the amperometry current (render/amp_trace.py, the last 2 s), under the live chart
(render/chart_frame.py, the whole run), or, with neither, a strip of its own over the kymograph's time span."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.i18n import _
from exoviz.readouts import NB
from exoviz.render import hud
from exoviz.render.overlays import TRACES, Overlay
from exoviz.sim.phluorin import TirfView

if TYPE_CHECKING:
    from exoviz.sim.world import World

SHARES = ((0.42, 0.24), (0.36, 0.2), (0.3, 0.17))  # the strip of its own: sizes, share of the view (w, h)
MIN = (220, 90)
PAD = 6


def shown(world: World, tirf_on: bool) -> TirfView | None:
    """The TIRF view when it is on and a region is marked (its trace then joins the strip), else None."""
    if not tirf_on:
        return None
    tv = world.tirf_view()
    return tv if tv.region is not None else None


def trace_points(tv: TirfView, box: pygame.Rect, top: float, t0: float, t1: float) -> list[tuple[int, int]]:
    """The trace's points in box px: simulated time t0 at the left edge, t1 at the right (the strip's axis), 0 at
    the bottom, `top` at the top; samples before t0 are left out."""
    keep = tv.t_s >= t0
    t, d = tv.t_s[keep], tv.dff[keep]
    if t.size < 2:
        return []
    xs = box.x + (box.w - 1) * (t - t0) / max(t1 - t0, 1e-12)
    ys = box.bottom - 1 - (box.h - 2) * np.clip(d / top, 0.0, 1.0)
    return list(zip(xs.astype(int).tolist(), ys.astype(int).tolist(), strict=True))


def draw_row(screen: pygame.Surface, renderer, tv: TirfView, box: pygame.Rect, px: int, t0: float,
             t1: float) -> None:
    """ΔF/F0 of the region in box from t0 to t1 (simulated s), with its top value and what it is."""
    th, text = renderer.theme, renderer.text
    renderer.tirf_row = box.copy()
    pygame.draw.rect(screen, th.text_dim, box, 1)
    top = max(1.0, float(np.ceil(tv.peak_dff)))
    pts = trace_points(tv, box, top, t0, t1)
    if len(pts) >= 2:
        pygame.draw.lines(screen, th.highlight, False, pts, 2)
    ends = ((top, box.top), (0.0, box.bottom - text.line_height(px)))
    for value, yy in ends if box.h >= 2 * text.line_height(px) else ends[:1]:
        s = text.render(f"{value:.0f}", px, th.text, False)
        screen.blit(s, (box.x - s.get_width() - 3, yy))
    x0, x1 = tv.region or (0.0, 0.0)
    label = _("ΔF/F0 of the region {x0:.1f}–{x1:.1f}{nb}µm (peak {p:.1f})").format(x0=min(x0, x1), x1=max(x0, x1),
                                                                                   nb=NB, p=tv.peak_dff)
    img = text.render(label, px, th.highlight, False)
    at = img.get_rect(topleft=(box.x + 2, box.y + 2))  # on the half the trace's start leaves free
    if pts and pts[0][1] < box.centery:
        at.bottomleft = (box.x + 2, box.bottom - 2)
    hud.panel(screen, at, th)
    screen.blit(img, at)


def overlay(renderer, world: World, tv: TirfView, vw: int, vh: int) -> Overlay | None:
    """The strip of its own (no electrode, no chart): the region's trace over the kymograph's time span."""
    sizes = [(min(vw - 32, max(MIN[0], int(sw * vw))), min(vh - 32, max(MIN[1], int(sh * vh)))) for sw, sh in SHARES]
    if sizes[-1][0] < MIN[0] // 2 or sizes[-1][1] < MIN[1] // 2:
        return None

    def draw(surface: pygame.Surface, rect: pygame.Rect, _k: int) -> None:
        draw_strip(surface, renderer, tv, rect)

    return Overlay(TRACES, sorted(set(sizes), reverse=True), ("bottomleft", "bottomright", "midbottom"), draw)


def draw_strip(screen: pygame.Surface, renderer, tv: TirfView, rect: pygame.Rect) -> None:
    """Title, the region's row and the time it spans (the kymograph's)."""
    th, text = renderer.theme, renderer.text
    hud.panel(screen, rect, th)
    small = max(9, renderer.font_px(12, screen.get_height()))
    line = text.line_height(small)
    title = _("pHluorin in TIRF ({probe})").format(probe=tv.probe)
    y = hud.wrapped_text(renderer, title, small, True, rect.w - 2 * PAD, th.text, screen, rect.x + PAD, rect.y + PAD)
    left = text.size("00", small)[0] + PAD
    box = pygame.Rect(rect.x + PAD + left, y + 2, rect.w - 2 * PAD - left, rect.bottom - PAD - line - y - 4)
    if box.w < 40 or box.h < 20 or tv.t_s.size < 2:
        return
    t0, t1 = float(tv.t_s[0]), float(tv.t_s[-1])
    draw_row(screen, renderer, tv, box, small, t0, t1)
    label = _("simulated time: the last {span}").format(span=span_text(t1 - t0))
    s = text.render(label, small, th.text_dim, False)
    screen.blit(s, (box.right - s.get_width(), box.bottom + 2))


def span_text(s: float) -> str:
    """A time span in ms, s or min."""
    return f"{s * 1000:.0f}{NB}ms" if s < 1.0 else f"{s:.1f}{NB}s" if s < 100 else f"{s / 60:.1f}{NB}min"
