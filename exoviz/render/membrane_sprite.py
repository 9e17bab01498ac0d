"""Rasterises the plasma membrane around fusing bodies (a membrane Field in px) into cached, anti-aliased sprites.

Each pixel gets its colour from the field value f at its centre: extracellular fluid / lumen (f < -h), the
exoplasmic leaflet (-h < f < 0; its outer half tinted with the delivered-membrane colour on the body's own
membrane), the cytosolic leaflet (0 < f < h) and cytosol, with a 1 px linear blend at each boundary (anti-
aliasing). Pixels that the flat bilayer already shows identically stay transparent, so delivered-membrane
patches drawn on the flat membrane show through and nothing is painted over the cytosol beyond the bilayer.
"""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.render.theme import Theme
from exoviz.sim.membrane_shape import Attached

MAX_SPRITE_PX = 2_000_000  # pixels in one sprite (a huge close-up is clipped to the view first)


def _layers(f: np.ndarray, h: np.ndarray, w: np.ndarray, band: np.ndarray, th: Theme
            ) -> tuple[np.ndarray, np.ndarray]:
    """(rgb (m, 3), alpha (m,)) for field values f (px) with leaflet half-thickness h and body weight w."""
    c1 = np.clip(f + h + 0.5, 0.0, 1.0)  # share beyond the lumen / leaflet boundary
    c2 = np.clip(f + 0.5, 0.0, 1.0)  # share beyond the midline
    c3 = np.clip(f - h + 0.5, 0.0, 1.0)  # share beyond the cytosolic face
    outer = np.clip(f + h * 0.5 + 0.5, 0.0, 1.0)  # the outer half of the exoplasmic leaflet
    exo = np.asarray(th.exo_leaflet, dtype=np.float64)
    tint = exo + (np.asarray(th.delivered, dtype=np.float64) - exo) * w[:, None]
    ecf = np.asarray(th.ecf, dtype=np.float64)
    rgb = (ecf * (1 - c1)[:, None] + tint * (c1 - outer).clip(0)[:, None] + exo * (outer - c2).clip(0)[:, None]
           + np.asarray(th.cyto_leaflet, dtype=np.float64) * (c2 - c3)[:, None])
    cyto = np.asarray(th.cytosol, dtype=np.float64)
    # beyond the cytosolic face: cytosol where the flat bilayer was drawn (to erase it), else see-through
    rgb += cyto * (c3 * band)[:, None]
    alpha = 1.0 - c3 * (1.0 - band)
    rgb = np.divide(rgb, alpha[:, None], out=np.zeros_like(rgb), where=alpha[:, None] > 1e-6)
    return rgb, alpha


def rasterise(att: Attached, h_body: float, rect: tuple[int, int, int, int], th: Theme) -> pygame.Surface:
    """A sprite of the membrane around the bodies of att (px, line at an integer row) over rect (x, y, w, h)."""
    x0, y0, w, hgt = rect
    xs = x0 + np.arange(w) + 0.5
    ys = y0 + np.arange(hgt) + 0.5
    xx, yy = np.meshgrid(xs, ys, indexing="xy")
    p = np.stack([xx.ravel(), yy.ravel()], axis=1)
    fld = att.field()
    mt = att.h_neck
    f = fld.f(p)
    wgt = fld.body_weight(p, 2.0 * mt)
    h = mt + (h_body - mt) * wgt
    band = (np.abs(p[:, 1] - att.line) < mt).astype(np.float64)
    rgb, alpha = _layers(f, h, wgt, band, th)
    flat_rgb, flat_a = _layers(p[:, 1] - att.line, np.full(len(p), mt), np.zeros(len(p)), band, th)
    same = (np.abs(rgb - flat_rgb).max(axis=1) < 0.5) & (np.abs(alpha - flat_a) < 0.002)
    alpha = np.where(same, 0.0, alpha)
    surf = pygame.Surface((w, hgt), pygame.SRCALPHA)
    px = pygame.surfarray.pixels3d(surf)
    px[:] = np.round(rgb).astype(np.uint8).reshape(hgt, w, 3).transpose(1, 0, 2)
    del px
    pa = pygame.surfarray.pixels_alpha(surf)
    pa[:] = np.round(alpha * 255).astype(np.uint8).reshape(hgt, w).T
    del pa
    return surf


class MembraneSprites:
    """Cache of rasterised membrane clusters, keyed by their quantised shape, clip and theme."""

    def __init__(self) -> None:
        self._cache: dict[tuple, pygame.Surface] = {}

    def get(self, att: Attached, h_body: float, rect: tuple[int, int, int, int], th: Theme) -> pygame.Surface:
        """att in sprite-local px (axis of its first body at x = 0, the line at y = 0)."""
        key = (th.name, round(h_body, 2), att.h_neck, rect, att.x.tobytes(), att.depth0.tobytes(),
               att.r0.tobytes(), att.c.tobytes(), att.lumen.tobytes())
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 400:
                self._cache.clear()
            hit = self._cache[key] = rasterise(att, h_body, rect, th)
        return hit
