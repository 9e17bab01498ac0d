"""The spot where a followed body merged into the plasma membrane: its delivered membrane and proteins marked.

While the camera holds that spot (tracking.Follow.site), no other body wears the reticle: a bracket spans the
patch of membrane the body delivered (its lipid spreading, ±1.5 σ of the patch) and a ring marks each protein it
brought (Surface.prot_born is the patch's birth time). The bracket spans those proteins and the stretch the body's
membrane flattened into (its patch's half-width at birth); the lipid itself spreads much further, tinted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.theme import Theme

if TYPE_CHECKING:
    from exoviz.sim.world import World

NEAR_NM = 500.0  # the patch a site names lies within this of it


def merged_patch(world: World, site_x: float) -> tuple[float, float, float] | None:
    """(centre nm, half-width at birth nm, birth time s) of the newest patch delivered at site_x, or None."""
    s = world.surface
    if s.patch_x.size == 0:
        return None
    near = np.flatnonzero(np.abs(s.patch_x - site_x) < NEAR_NM)
    if near.size == 0:
        return None
    k = int(near[np.argmax(s.patch_born[near])])
    return float(s.patch_x[k]), float(s.patch_w0[k]), float(s.patch_born[k])


def delivered(world: World, site_x: float) -> np.ndarray:
    """Indices of the surface proteins the body merged at site_x brought (those of its patch)."""
    got = merged_patch(world, site_x)
    s = world.surface
    if got is None or s.prot_x.size == 0:
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.isclose(s.prot_born, got[2]) & (np.abs(s.prot_x - got[0]) < NEAR_NM))


def site_marks(world: World, cam: Camera, site_x: float, mt: int) -> tuple[pygame.Rect, np.ndarray] | None:
    """(the bracket's box, (k, 2) px centres of the rings on delivered proteins) in screen px, or None."""
    got = merged_patch(world, site_x)
    if got is None:
        return None
    x, half, _born = got
    y = float(cam.y_to_screen(world.scene.membrane_y))
    px = np.asarray(cam.x_to_screen(world.surface.prot_x[delivered(world, site_x)]), dtype=np.float64)
    pad = 3 * mt + 6
    a = min(float(cam.x_to_screen(x - half)), float(px.min()) - pad if px.size else np.inf)
    b = max(float(cam.x_to_screen(x + half)), float(px.max()) + pad if px.size else -np.inf)
    lift = 4 * mt + 10  # above the membrane's proteins
    box = pygame.Rect(int(a), int(y - lift - 4), max(int(b - a), 1), int(lift - mt + 4))
    rings = np.stack([px, np.full(px.size, y - 2 * mt - 3)], axis=1)
    return box, rings


def draw_merge_site(screen: pygame.Surface, cam: Camera, world: World, site_x: float, theme: Theme, mt: int
                    ) -> pygame.Rect | None:
    """Draw the bracket over the delivered patch and rings on its proteins; returns the box they cover."""
    got = site_marks(world, cam, site_x, mt)
    if got is None:
        return None
    box, rings = got
    w = 2 + theme.outline
    c = theme.highlight
    pygame.draw.line(screen, c, box.topleft, box.topright, w)
    pygame.draw.line(screen, c, box.topleft, box.bottomleft, w)
    pygame.draw.line(screen, c, box.topright, box.bottomright, w)
    r = max(4, mt + 3)
    for p in rings.tolist():  # the few proteins one body brought
        pygame.draw.circle(screen, c, p, r, max(1, w - 1))
    return box.union(pygame.Rect(box.x, box.y, box.w, box.h + 2 * mt + r + 4))
