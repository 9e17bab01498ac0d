"""The marked region's pHluorin trace (ΔF/F0 against time) under the TIRF kymograph, on the kymograph's time axis
(render/kymograph.py places it): a line with its scale and the region it is of."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.i18n import _
from exoviz.readouts import NB
from exoviz.sim import phluorin as ph
from exoviz.sim.phluorin import TirfView


def trace_points(tv: TirfView, box: pygame.Rect, top: float) -> list[tuple[int, int]]:
    """The trace's points in box px: newest at the right edge, HISTORY rows across, 0 at the bottom, `top` at the
    top (the kymograph above maps time the same way)."""
    k = tv.dff.size
    if k < 2:
        return []
    filled = box.w * k / ph.HISTORY
    xs = box.right - 1 - filled + filled * np.arange(k) / (k - 1)
    ys = box.bottom - 1 - (box.h - 2) * np.clip(tv.dff / top, 0.0, 1.0)
    return list(zip(xs.astype(int).tolist(), ys.astype(int).tolist(), strict=True))


def draw_trace(screen: pygame.Surface, renderer, tv: TirfView, box: pygame.Rect, px: int) -> None:
    """ΔF/F0 of the region in box, with its top value and what it is."""
    th, text = renderer.theme, renderer.text
    pygame.draw.rect(screen, th.text_dim, box, 1)
    top = max(1.0, float(np.ceil(tv.peak_dff)))
    pts = trace_points(tv, box, top)
    if len(pts) >= 2:
        pygame.draw.lines(screen, th.highlight, False, pts, 2)
    for value, yy in ((top, box.top), (0.0, box.bottom - text.line_height(px))):
        s = text.render(f"{value:.0f}", px, th.text, False)
        screen.blit(s, (box.x - s.get_width() - 3, yy))
    x0, x1 = tv.region or (0.0, 0.0)
    label = _("ΔF/F0 of the region {x0:.1f}–{x1:.1f}{nb}µm (peak {p:.1f})").format(x0=min(x0, x1), x1=max(x0, x1),
                                                                                   nb=NB, p=tv.peak_dff)
    screen.blit(text.render(label, px, th.text_dim, False), (box.x + 4, box.y + 2))
