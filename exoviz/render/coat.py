"""Sprites of endocytosis: a coated pit (an inward fold of the plasma membrane with its clathrin coat on the
cytosolic face, and dynamin's collar at the neck while it pinches) and a coated vesicle shedding its coat.

Shapes tell what colour also tells: the coat is a fringe of short bristles (clathrin triskelia seen edge-on),
dynamin two beads either side of the neck. Built once per look by SpriteCache (exoviz.render.sprites).
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from exoviz.render.theme import Theme

COAT_SHARE = 0.28  # the coat's thickness, share of the vesicle radius (~18 nm triskelion legs on a 60 nm pit)


def omega(r: float, pore: float, collapse: float) -> tuple[float, float, float, float]:
    """(half-opening a, depth, cap-circle radius rc, its centre y below the membrane line cy) of a body open to the
    outside: the geometry sprites.SpriteCache._fusing draws (collapse 0: a sphere hanging from its pore)."""
    a = min(pore + (1.6 * r - pore) * collapse**0.8, 1.6 * r)
    depth = max(2.0 * r * (1.0 - collapse) ** 1.3, 2.0)
    rc = (a * a + depth * depth) / (2.0 * depth)
    return a, depth, rc, depth - rc


def _bristles(surf: pygame.Surface, centre: tuple[float, float], rc: float, coat: float, arc: tuple[float, float],
              colour: tuple[int, ...], width: int) -> None:
    """Short radial strokes outward from a circle of radius rc, every ~4 px along the arc (angles from +y, i.e.
    from straight down), with a thin ring along their tips: the clathrin lattice seen edge-on."""
    a0, a1 = arc
    n = max(3, int(abs(a1 - a0) * (rc + coat) / 4.0))
    phi = np.linspace(a0, a1, n)
    ux, uy = np.sin(phi), np.cos(phi)
    cx, cy = centre
    for k in range(n):  # a few dozen strokes, drawn once per cached sprite
        pygame.draw.line(surf, colour, (cx + ux[k] * rc, cy + uy[k] * rc),
                         (cx + ux[k] * (rc + coat), cy + uy[k] * (rc + coat)), width)
    if n > 1:
        tips = np.stack([cx + ux * (rc + coat), cy + uy * (rc + coat)], axis=1)
        pygame.draw.lines(surf, colour, False, tips.tolist(), 1)


def pit_sprite(th: Theme, r: int, pore: int, collapse: float, mt: int, neck: bool,
               omega_surface: tuple[pygame.Surface, tuple[int, int]]) -> tuple[pygame.Surface, tuple[int, int]]:
    """The fold (omega_surface: the Omega sprite of the same key, open to the outside) with the coat around the
    part of its cap below the membrane and, while dynamin pinches, its collar at the neck."""
    inner, (ox0, oy) = omega_surface
    coat = max(2.0, COAT_SHARE * r)
    margin = int(math.ceil(coat)) + 2
    w, h = inner.get_width() + 2 * margin, inner.get_height() + margin
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    surf.blit(inner, (margin, 0))
    ox = ox0 + margin
    a, depth, rc, cy = omega(r, pore, collapse)
    # the cap arc below the membrane's inner face: from one lip around the bottom to the other
    lip = math.acos(max(-1.0, min(1.0, (mt - cy) / max(rc, 1e-6)))) if rc > 0 else math.pi
    stroke = max(1, int(round(coat / 5.0)))
    _bristles(surf, (ox, oy + cy), rc, coat, (-lip + 0.05, lip - 0.05), th.clathrin, stroke)
    if neck:
        bead = max(2.0, 0.16 * r)
        for side in (-1, 1):  # dynamin's helix around the neck, seen in section: one bead each side
            c = (ox + side * (pore + mt + bead), oy + mt + bead)
            pygame.draw.circle(surf, th.text_dim, c, bead + 1)
            pygame.draw.circle(surf, th.highlight, c, bead)
    return surf, (ox, oy)


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
        _bristles(layer, (c, c), r, coat, (0.0, 2.0 * math.pi), th.clathrin, max(1, int(round(coat / 5.0))))
        layer.set_alpha(int(255 * coat16 / 16))
        surf.blit(layer, (0, 0))
    return surf, (int(c), int(c))
