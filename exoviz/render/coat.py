"""The clathrin coat drawn as bristles (clathrin triskelia seen edge-on: shape tells what colour also tells), and a
coated vesicle shedding its coat (a sprite SpriteMaker builds for bodies.py). Pits folding in get their coat in
coat_overlay.py."""

from __future__ import annotations

import math

import numpy as np
import pygame

from exoviz.render.theme import Theme

COAT_SHARE = 0.28  # the coat's thickness, share of the vesicle radius (~18 nm triskelion legs on a 60 nm pit)


def bristles(surf: pygame.Surface, centre: tuple[float, float], rc: float, coat: float, arc: tuple[float, float],
              colour: tuple[int, ...], width: int) -> None:
    """Short radial strokes outward from a circle of radius rc, every ~4 px along the arc (angles from +y, i.e.
    from straight down), with a thin ring along their tips: the clathrin lattice seen edge-on."""
    a0, a1 = arc
    n = max(3, int(abs(a1 - a0) * (rc + coat) / max(4.0, 3.0 * width)))  # gaps stay open when zoomed in
    phi = np.linspace(a0, a1, n)
    ux, uy = np.sin(phi), np.cos(phi)
    cx, cy = centre
    for k in range(n):  # a few dozen strokes, drawn once per cached sprite
        pygame.draw.line(surf, colour, (cx + ux[k] * rc, cy + uy[k] * rc),
                         (cx + ux[k] * (rc + coat), cy + uy[k] * (rc + coat)), width)
    if n > 1:
        tips = np.stack([cx + ux * (rc + coat), cy + uy * (rc + coat)], axis=1)
        pygame.draw.lines(surf, colour, False, tips.tolist(), 1)


def coated_vesicle_sprite(th: Theme, r: int, coat16: int, leaf: int) -> tuple[pygame.Surface, tuple[int, int]]:
    """A closed endocytic vesicle (extracellular fluid inside) with what is left of its coat (coat16/16 of it,
    drawn fainter as it comes off)."""
    coat = max(2.0, COAT_SHARE * r)
    margin = int(math.ceil(coat)) + 2
    size = 2 * (r + margin)
    surf = pygame.Surface((size, size), pygame.SRCALPHA)
    c = size / 2
    t = max(1, leaf) + th.outline
    pygame.draw.circle(surf, th.cyto_leaflet, (c, c), r)
    if r >= 2:
        pygame.draw.circle(surf, th.exo_leaflet, (c, c), max(1, r - t))
        pygame.draw.circle(surf, th.ecf, (c, c), max(1, r - 2 * t))
    if coat16 > 0:
        layer = pygame.Surface((size, size), pygame.SRCALPHA)
        bristles(layer, (c, c), r, coat, (0.0, 2.0 * math.pi), th.clathrin, max(1, int(round(coat / 5.0))))
        layer.set_alpha(int(255 * coat16 / 16))
        surf.blit(layer, (0, 0))
    return surf, (int(c), int(c))
