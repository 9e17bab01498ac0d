"""Dendritic-cell structures for exosome mode: nucleus edge, microtubules, ILV bud necks, lysosome hints, labels."""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_
from exoviz.render.bodies import interpolated
from exoviz.render.cache import SurfaceCache
from exoviz.render.membrane import draw_nuclear_edge
from exoviz.render.scene_view import Label, SceneView
from exoviz.render.theme import Color, Theme, mix
from exoviz.sim.scene import Scene
from exoviz.sim.stages import Stage

MT_NM = 25.0  # microtubule diameter, drawn to scale (at least 1 px)
MT_X = (0.09, 0.27, 0.46, 0.63, 0.81, 0.95)  # track positions, share of the width (illustrative)
_discs = SurfaceCache("stroke discs", 8 * 2**20, 256)


def _disc(r: int, colour: Color) -> pygame.Surface:
    """A filled disc sprite (cached by radius and colour) used to stamp thick strokes in one fblits."""
    key = (r, colour)
    s = _discs.get(key)
    if s is None:
        s = _discs.put(key, pygame.Surface((2 * r + 1, 2 * r + 1), pygame.SRCALPHA))
        pygame.draw.circle(s, colour, (r, r), r)
    return s


def stamp_radius(radii: np.ndarray) -> np.ndarray:
    """The radius (px) _stamp draws for each of radii (>= 0.5): one of a few geometric steps."""
    return np.maximum(1.0, np.round(1.15 ** np.round(np.log(radii) / np.log(1.15))))


def _stamp(screen: pygame.Surface, pts: np.ndarray, radii: np.ndarray, colour: Color) -> None:
    """Stamp discs of radius radii[i] (px, > 0) at pts[i]; one fblits per distinct (geometric-step) radius."""
    ok = radii >= 0.5
    pts, radii = pts[ok], radii[ok]
    if radii.size == 0:
        return
    q = stamp_radius(radii).astype(np.int64)
    for r in np.unique(q):  # a few size classes, not one call per bud
        sel = q == r
        tl = np.round(pts[sel]).astype(np.int64) - r
        # one stamp per place: a disc stamped twice in one colour looks the same (they are opaque, and a union)
        _, first = np.unique(tl[:, 0] * 2**32 + tl[:, 1], return_index=True)
        sprite = _disc(int(r), colour)
        screen.fblits(zip(repeat(sprite), tl[first].tolist()))


def draw_background(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Nucleus with its double envelope at the bottom; microtubule tracks from the cell interior to the membrane."""
    e = scene.exosome
    vx, vy, vw, vh = cam.view
    s = cam.scale
    ny_nm = float(e.nucleus_y)
    # microtubules (25 nm, to scale): from near the nucleus up toward the membrane, gently wavy
    y = np.linspace(ny_nm - 60.0, scene.membrane_y + 60.0, 60)
    mt = mix(theme.cytosol, theme.text_dim, 0.28)
    width = max(1, int(round(MT_NM * s)))
    for k, fx in enumerate(MT_X):  # a fixed handful of tracks
        x = fx * scene.width + 120.0 * np.sin((y - ny_nm) / (700.0 + 90.0 * k) + k)
        pts = np.stack([cam.x_to_screen(x), cam.y_to_screen(y)], axis=1)
        pygame.draw.lines(screen, mt, False, pts.tolist(), width)
    draw_nuclear_edge(screen, cam, ny_nm, theme)


def draw_overlay(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
    """Under the bodies: dotted MVB -> lysosome paths (the merge itself: render/lysosome_merge.py)."""
    v = world.ves
    s = cam.scale
    # MVBs bound for a lysosome: a dotted path from the MVB's rim to the lysosome's rim
    tl = v.where(Stage.TO_LYSOSOME)
    tl = tl[v.target[tl] >= 0]
    if tl.size == 0:
        return
    a = cam.to_screen(interpolated(v.pos[tl], v.prev[tl], alpha))
    b = cam.to_screen(interpolated(v.pos[v.target[tl]], v.prev[v.target[tl]], alpha))
    d = b - a
    length = np.hypot(d[:, 0], d[:, 1])
    u = d / np.maximum(length, 1e-9)[:, None]
    start = a + u * (v.radius[tl] * s + 6)[:, None]
    gap = np.maximum(length - (v.radius[tl] + v.radius[v.target[tl]]) * s - 12, 0.0)
    k = np.arange(64) * 10.0  # a dot every 10 px
    pts = start[:, None, :] + u[:, None, :] * k[None, :, None]
    keep = k[None, :] <= gap[:, None]
    dot_r = max(2, int(round(screen.get_height() / 400)))
    hint = mix(theme.lysosome, theme.text, 0.3)
    _stamp(screen, pts[keep], np.full(int(keep.sum()), float(dot_r)), hint)


def draw_front(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
    """Over the bodies: the neck of every forming ILV, from the parent's rim into the bud (closing as it pinches).

    The neck walls are the exoplasmic leaflet (continuous with the bud's outside); its core is cytosol that
    still flows into the bud through the open neck. Stamped as discs along each neck: no per-bud loop.
    """
    v = world.ves
    buds = v.where(Stage.ILV_BUD)
    buds = buds[v.parent[buds] >= 0]
    if buds.size == 0:
        return
    s = cam.scale
    par = v.parent[buds]
    pc = cam.to_screen(interpolated(v.pos[par], v.prev[par], alpha))
    bc = cam.to_screen(interpolated(v.pos[buds], v.prev[buds], alpha))
    d = bc - pc
    u = d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    r_bud, r_par = v.radius[buds] * s, v.radius[par] * s
    frac = np.clip(v.t_stage[buds] / np.maximum(v.dur[buds], 1e-9), 0.0, 1.0)
    end = bc + u * (0.45 * r_bud)[:, None]  # just inside the bud, so the neck opens into it
    half = np.maximum(1.5, r_bud * (0.45 - 0.3 * frac))  # the neck narrows as the bud pinches off
    wall = np.maximum(2.0, np.round(r_bud * 0.07)) + theme.outline  # a leaflet, at least 2 px
    seg = r_par - np.hypot(d[:, 0], d[:, 1]) + 0.45 * r_bud  # rim to the neck's end, px
    n = int(np.clip(np.ceil((seg / np.maximum(0.4 * half, 1.0)).max()) + 1, 2, 200))
    t = np.linspace(0.0, 1.0, n)[None, :]
    for widen, colour in ((0.0, theme.exo_leaflet), (wall, theme.cytosol)):  # walls, then the open core
        # a funnel: wider where it leaves the limiting membrane, flush with the parent's outer edge
        rad = (half - widen)[:, None] * (1.8 - 0.8 * t)
        rim = stamp_radius(np.maximum(rad[:, 0], 0.5))  # as stamped, so that walls and core both meet the rim
        anchor = pc + u * (r_par - rim)[:, None]
        pts = anchor[:, None, :] + (end - anchor)[:, None, :] * t[:, :, None]
        _stamp(screen, pts.reshape(-1, 2), rad.reshape(-1), colour)


def labels(scene: Scene) -> list[Label]:
    """Static labels: (text, anchor in nm, label offset in px). Bodies are labelled by dynamic_labels."""
    w, m, h = scene.width, scene.membrane_y, scene.height
    return [
        (N_("Extracellular fluid"), (0.02 * w, 0.35 * m), (0, 0)),
        (N_("Plasma membrane"), (0.97 * w, m), (-40, -60)),
        (N_("B cell cytosol") if scene.exosome.cell == "b-cell" else N_("Dendritic cell cytosol"),
         (0.02 * w, m + 0.12 * h), (0, 0)),
        (N_("Nucleus (edge)"), (0.16 * w, float(scene.exosome.nucleus_y) + 60.0), (0, 0)),
    ]


PICKS = ((N_("Early endosome"), (Stage.ENDOSOME, Stage.ILV_BUDDING), (70, -50)),
         (N_("ILV budding (ESCRT)"), (Stage.ILV_BUD,), (-60, 55)),
         (N_("Multivesicular body (MVB)"), (Stage.MVB, Stage.MVB_TRANSPORT, Stage.TO_LYSOSOME), (90, -45)),
         (N_("MVB docked by Rab27"), (Stage.MVB_DOCKED,), (110, 40)),
         (N_("Exosomes (30–150 nm) with CD63, MHC-II"), (Stage.EXOSOME,), (70, -40)))


def dynamic_labels(world, chosen: dict[str, int] | None = None) -> list[Label]:
    """Labels anchored on a representative body of each kind, at its current position (top of its rim).

    chosen (label -> uid) keeps each label on the same body for as long as that body stays of its kind, so
    labels do not jump between bodies; it is updated in place.
    """
    v, sc = world.ves, world.scene
    chosen = {} if chosen is None else chosen
    out: list[Label] = []
    for text, stages, off in PICKS:
        i = v.index_of_uid(chosen.get(text, -1))
        if i < 0 or int(v.stage[i]) not in stages:
            i = v.oldest(stages)
            chosen[text] = int(v.uid[i]) if i >= 0 else -1
        if i >= 0:
            out.append((text, (float(v.pos[i, 0]), float(v.pos[i, 1] - v.radius[i])), off))
    lyso = sc.exosome.lysosome_slots
    lyso = lyso[v.alive[lyso]] if lyso.size else lyso
    if lyso.size:
        i = int(lyso[np.argmin(np.abs(v.pos[lyso, 0] - 0.5 * sc.width))])
        out.append((N_("Lysosome"), (float(v.pos[i, 0] + v.radius[i]), float(v.pos[i, 1])), (90, 30)))
    return out


class ExosomeView(SceneView):
    """The dendritic cell: nucleus, microtubules, lysosome paths, ILV bud necks; body labels."""

    def draw_background(self, screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
        draw_background(screen, cam, scene, theme)

    def draw_overlay(self, screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
        draw_overlay(screen, cam, world, theme, alpha)

    def draw_front(self, screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
        draw_front(screen, cam, world, theme, alpha)

    def labels(self, scene: Scene) -> list[Label]:
        return labels(scene)

    def __init__(self) -> None:
        self._chosen: dict[str, int] = {}  # label -> uid of the body it stays on

    def dynamic_labels(self, world) -> list[Label]:
        return dynamic_labels(world, self._chosen)
