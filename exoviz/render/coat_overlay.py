"""The clathrin coat on the cytosolic face of each pit folding in (the fold itself is part of the plasma membrane,
drawn with it: sim.membrane_shape), and dynamin's collar at its neck while it pinches (two beads, one each side)."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.cache import SurfaceCache
from exoviz.render.coat import COAT_SHARE, bristles
from exoviz.render.membrane import leaflet_half_px
from exoviz.render.membrane_fused import body_leaflet_px
from exoviz.render.theme import Theme
from exoviz.sim.membrane_shape import attached
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.world import World

LIP_GAP = 0.12  # radians of the cap left bare at each lip (the neck's fillet joins the membrane there)
CACHE_MAX = 512
_cache = SurfaceCache("pit coats", 16 * 2**20, CACHE_MAX)


def _coat_sprite(key: tuple, th: Theme) -> tuple[pygame.Surface, tuple[int, int]]:
    """The coat of one pit: key (cap radius px, cap centre below the line px, leaflet px, coat px, neck lumen px,
    dynamin on, membrane half px); anchor: the pit's axis on the membrane line."""
    rc, cy, hb, coat, lumen, neck, mt = key
    outer = rc + hb  # the cap's cytosolic face
    lip = math.acos(max(-1.0, min(1.0, (mt + coat * 0.3 - cy) / max(outer, 1e-6))))  # where it meets the membrane
    widest = outer if lip >= math.pi / 2 else outer * math.sin(lip)  # a deep pit is widest at its equator
    half_w = int(math.ceil(max(widest, lumen + mt) + coat)) + 4
    top, bottom = -mt - 2, int(math.ceil(cy + outer + coat)) + 3
    w, h = 2 * half_w + 1, bottom - top + 1
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    ox, oy = half_w, -top
    if lip > LIP_GAP:
        bristles(surf, (ox, oy + cy), outer, coat, (-lip + LIP_GAP, lip - LIP_GAP), th.clathrin,
                  max(1, int(round(coat / 5.0))))
    if neck:
        bead = max(2.0, 0.6 * coat)
        for side in (-1, 1):  # dynamin's helix around the neck, seen in section: one bead each side
            c = (ox + side * (lumen + mt + bead), oy + mt + bead)
            pygame.draw.circle(surf, th.text_dim, c, bead + 1)
            pygame.draw.circle(surf, th.highlight, c, bead)
    return surf, (ox, oy)


def draw_coats(screen: pygame.Surface, cam: Camera, world: World, theme: Theme, alpha: float) -> int:
    """The coat (and dynamin's collar) of every pit in view, over the membrane it folds; returns how many."""
    v = world.ves
    rows = np.flatnonzero((v.stage == Stage.PIT) | (v.stage == Stage.PIT_NECK))
    if rows.size == 0:
        return 0
    pos = np.empty_like(v.pos)  # interpolated for the pits' rows only (attached reads no other row)
    pos[rows] = v.prev[rows] + (v.pos[rows] - v.prev[rows]) * alpha
    att = attached(world, rows, pos=pos)
    depth, radius = att.caps()
    s = cam.scale
    x = np.asarray(cam.x_to_screen(att.x))
    vx, _, vw, _ = cam.view
    vis = (x + radius * s + 40 >= vx) & (x - radius * s - 40 <= vx + vw)
    if not vis.any():
        return 0
    y = int(round(cam.y_to_screen(world.scene.membrane_y)))
    hb = int(round(body_leaflet_px(s, theme)))
    mt = leaflet_half_px(cam, theme)
    keys = zip(np.round(radius * s).astype(int)[vis].tolist(), np.round(depth * s).astype(int)[vis].tolist(),
               np.round(np.maximum(COAT_SHARE * v.radius[rows] * s, 2.0)).astype(int)[vis].tolist(),
               np.round(att.lumen * s).astype(int)[vis].tolist(), (v.stage[rows] == Stage.PIT_NECK)[vis].tolist())
    blits = []
    for (rc, cy, coat, lumen, neck), xi in zip(keys, x[vis].tolist()):  # pits in view: a few dozen at most
        key = (max(rc, 1), cy, hb, coat, lumen, bool(neck), mt)
        surf, (ax, ay) = _cache.get_or_make(key, partial(_coat_sprite, key, theme))
        blits.append((surf, (int(round(xi)) - ax, y - ay)))
    screen.fblits(blits)
    return len(blits)
