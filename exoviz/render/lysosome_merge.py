"""Draws each lysosome with the MVBs fusing into it (stage DEGRADE) as one membrane (sim.membrane_merge): the
neck widening into one body, the MVB's cargo fading, the lobe drawn into the lysosome. Cached sprites."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.bodies import interpolated
from exoviz.render.membrane_anchors import nearest_outline
from exoviz.render.membrane_fused import blit_cargo, body_leaflet_px, cargo_points, mark_px
from exoviz.render.membrane_sprite import Paint, Raster, SpriteLRU, project, rasterise, sample
from exoviz.render.theme import Theme
from exoviz.sim.membrane_merge import FADE, MergeField, merge_geometry, merging, ramp

if TYPE_CHECKING:
    from exoviz.sim.world import World

FADE_LEVELS = 16  # steps in which the MVB's lumen turns to the lysosome's colour


def _lumen(th: Theme, mvb: np.ndarray, lyso_r: float, fade: float, width: float):
    """Lumen colour at points: the MVB's lumen (turning lysosomal as it is digested) or the lysosome's."""
    mvb_col = np.asarray(th.lumen, dtype=np.float64) * (1 - fade) + np.asarray(th.lysosome, dtype=np.float64) * fade
    lyso_col = np.asarray(th.lysosome, dtype=np.float64)

    def colour(p: np.ndarray) -> np.ndarray:
        dl = np.hypot(p[:, 0], p[:, 1]) - lyso_r
        dm = (np.hypot(p[:, 0:1] - mvb[:, 0], p[:, 1:2] - mvb[:, 1]) - mvb[:, 2]).min(axis=1)
        w = np.clip(0.5 + (dm - dl) / (2.0 * width), 0.0, 1.0)[:, None]
        return mvb_col * (1 - w) + lyso_col * w

    return colour


def _build(lyso_r: float, mvb: np.ndarray, lumen: np.ndarray, h: float, fade: float, prot: np.ndarray,
           th: Theme) -> tuple[Raster, np.ndarray]:
    """Sprite of one merge (local px: the lysosome's centre at 0, 0) and its MVBs' protein anchors."""
    fld = MergeField(np.array([0.0, 0.0, lyso_r]), mvb, lumen, h, 2.0 * h)
    x_a = int(np.floor(min(-lyso_r, float(np.min(mvb[:, 0] - mvb[:, 2]))) - h - 3))
    x_b = int(np.ceil(max(lyso_r, float(np.max(mvb[:, 0] + mvb[:, 2]))) + h + 3))
    y_a = int(np.floor(min(-lyso_r, float(np.min(mvb[:, 1] - mvb[:, 2]))) - h - 3))
    y_b = int(np.ceil(max(lyso_r, float(np.max(mvb[:, 1] + mvb[:, 2]))) + h + 3))
    paint = Paint(h, h, line=None, tint=False, lumen=_lumen(th, mvb, lyso_r, fade, 2.0 * h))
    ras = rasterise(fld, (x_a, y_a, x_b - x_a, y_b - y_a), paint, th)
    owner = np.repeat(np.arange(len(mvb)), prot)  # proteins around each MVB's rim, as on its closed sprite
    k = np.arange(owner.size) - np.repeat(np.cumsum(prot) - prot, prot)
    ang = 2 * np.pi * (k + 0.5) / np.maximum(prot[owner], 1) + 0.3
    start = mvb[owner, :2] + mvb[owner, 2:3] * np.stack([np.cos(ang), np.sin(ang)], axis=1)
    deep = sample(ras, start) < -h - 0.5  # the MVB's lobe drawn into the lysosome: its membrane is the rim now
    start[deep] = nearest_outline(ras, start[deep])
    anchors = project(ras, start) if owner.size else np.empty((0, 4))
    return ras, anchors


def merged(world: World) -> np.ndarray | None:
    """(capacity,) bool: MVBs merging with a lysosome and those lysosomes (drawn here, not as closed bodies)."""
    dg, tg = merging(world)
    if dg.size == 0:
        return None
    out = np.zeros(world.ves.capacity, dtype=bool)
    out[dg] = True
    out[tg] = True
    return out


def draw_merges(screen: pygame.Surface, cam: Camera, world: World, theme: Theme, alpha: float, cache: SpriteLRU,
                cargo_imgs: tuple[pygame.Surface, ...], protein_size: int, marks) -> None:
    """Every lysosome with the MVBs fusing into it, in view; cargo_imgs: small-molecule and protein dot sprites
    (empty: no cargo drawn); marks(pts, nrm, face, size): draws protein marks."""
    v = world.ves
    dg, tg = merging(world)
    if dg.size == 0:
        return
    s = cam.scale
    pos = interpolated(v.pos, v.prev, alpha)
    scr = cam.to_screen(pos)
    vx, vy, vw, vh = cam.view
    jobs, cargo_at, marks_at = [], [], []
    for lyso in np.unique(tg).tolist():  # lysosomes digesting an MVB now (a few)
        m = dg[tg == lyso]
        c_l = np.round(scr[lyso])
        r_px = v.radius[lyso] * s
        if (c_l[0] + 3 * r_px < vx or c_l[0] - 3 * r_px > vx + vw or c_l[1] + 3 * r_px < vy
                or c_l[1] - 3 * r_px > vy + vh):
            continue
        hb = body_leaflet_px(s, theme)
        p = v.digested[m]
        disc, lumen, _ = merge_geometry(np.round(scr[m]) - c_l, v.radius[m] * s - hb, np.zeros(2), r_px - hb, p)
        disc, lumen = np.round(disc), np.round(lumen)
        fade = float(np.round(ramp(p.max(), FADE) * FADE_LEVELS) / FADE_LEVELS)
        prot = np.minimum(v.proteins[m], 15).astype(np.int64) if protein_size else np.zeros(m.size, np.int64)
        lyso_r = float(round(r_px - hb))
        key = (theme.name, "merge", lyso_r, hb, fade, disc.tobytes(), lumen.tobytes(), prot.tobytes())
        ras, anchors = cache.fetch(key, partial(_build, lyso_r, disc, lumen, hb, fade, prot, theme))
        jobs.append((ras.img, (int(c_l[0]) + ras.x0, int(c_l[1]) + ras.y0)))
        size = mark_px(float(np.max(v.radius[m])) * s)
        if len(anchors) and protein_size:
            marks_at.append((anchors[:, :2] + c_l, anchors[:, 2:], np.full(len(anchors), hb),
                             np.full(len(anchors), size)))
        n = np.round(np.minimum(v.cargo[m], 24) * (1.0 - ramp(p, FADE))).astype(np.int64)
        if cargo_imgs and n.sum():  # cargo still undigested, in each MVB's lobe
            pts = cargo_points(n, c_l[0] + disc[:, 0], c_l[1] + disc[:, 1], (disc[:, 2] - hb) * 0.7)
            n_small = np.round(v.small[m] * n / np.maximum(v.cargo[m], 1)).astype(np.int64)
            k = np.arange(pts.shape[0]) - np.repeat(np.cumsum(n) - n, n)
            dot_r = np.repeat(np.maximum(1.0, v.radius[m] * s * 0.085), n)
            cargo_at.append((pts, k >= np.repeat(n - n_small, n), dot_r))
    screen.fblits(jobs)
    for pts, small, dot_r in cargo_at:  # one batch per merge
        blit_cargo(screen, pts, small, dot_r, theme)
    for pts, nrm, face, px in marks_at:  # one batch per merge
        marks(pts, nrm, face, px)
