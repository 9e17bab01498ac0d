"""Draws the fusion machinery between each release site's vesicle and the plasma membrane, from the typed
MachineryView: SNAREs (VAMP2, syntaxin-1, SNAP-25) zippering, Munc18, complexin, synaptotagmin with its Ca²⁺,
and NSF with α-SNAP taking the cis-complexes apart; in one scale shared with the drawn bilayer (disclosed when
enlarged), wherever a SNARE complex is at least MIN_PX long."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_, Msg, _
from exoviz.render.bodies import interpolated
from exoviz.render.membrane import leaflet_half_px, sig2
from exoviz.render.membrane_fused import PORE_MIN_PX
from exoviz.render.scale_note import TO_SCALE, vesicle_leaflet_px
from exoviz.render.snare_ahead import Args, ahead
from exoviz.render.snare_geometry import BILAYER_NM, BUNDLE_NM, Site, extent
from exoviz.render.snare_sprites import CIS_KEYS as CIS_NAMES
from exoviz.render.snare_sprites import cis_sprite, site_sprite
from exoviz.render.theme import Theme
from exoviz.sim.machinery_view import Machine, MachineryView
from exoviz.sim.membrane_shape import IS_ATTACHED, attached, attached_rows, opening
from exoviz.sim.stages import Stage, stage_mask

NARROW = stage_mask((Stage.PORE, Stage.KISS_RELEASE))  # fused, the pore still narrow: the trans-complexes flank it
FADING = 0.8  # a cis-complex taken apart this far fades out (snare_parts.draw_cis) and names nothing
MIN_PX = 4.0  # a SNARE complex shorter than this on screen is not drawn
MAX_SITES = 16  # release sites drawn in one view at most (those nearest its middle)

# The proteins' names, each labelled once in the close-up (keys: what snare_parts records as drawn).
NAMES: dict[str, str] = {
    "vamp": N_("VAMP2"), "stx": N_("syntaxin-1"), "snap": N_("SNAP-25"), "munc18": N_("Munc18"),
    "cpx": N_("complexin"), "syt": N_("synaptotagmin"), "nsf": N_("NSF + α-SNAP"), "ca": N_("Ca²⁺"),
}


@dataclass
class Drawn:
    """What drawing the machinery tells the rest of the frame: the shared drawing unit (px per real nm) and its
    factor over true scale (0: nothing drawn), where each protein was drawn first (px, for its label), and the
    boxes of everything drawn (labels keep off them)."""

    u: float = 0.0
    factor: float = 0.0
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    boxes: list[pygame.Rect] = field(default_factory=list)


def shown(cam: Camera) -> bool:
    """Whether a SNARE complex (12 nm) is at least MIN_PX long at this camera's true scale."""
    return BUNDLE_NM * cam.scale >= MIN_PX


def shared_unit(cam: Camera, theme: Theme) -> tuple[float, float]:
    """(u, k): px per real nm the proteins are drawn at, the drawn plasma-membrane bilayer being 5 u thick (so
    bundle / bilayer = 12 / 5 in px), and k = u / the true px per nm (1 = to scale)."""
    bilayer_px = 2.0 * (leaflet_half_px(cam, theme) - theme.outline)
    u = bilayer_px / BILAYER_NM
    return u, u / cam.scale


def scale_note(factor: float) -> Msg:
    """One line for the view's notes: the proteins drawn to scale with the bilayer, or how many times larger."""
    if factor <= TO_SCALE:
        return Msg(N_("Proteins drawn to scale with the 5 nm bilayer (SNARE complex 12 nm)"))
    return Msg(N_("Proteins and bilayers drawn ×{k} larger to stay visible (SNARE complex 12 nm, bilayer 5 nm)"),
               k=sig2(factor))


def main_note(world, cam: Camera, theme: Theme) -> Msg | None:
    """The disclosure strip's line when the proteins are drawn larger than true in this view (None otherwise)."""
    if not shown(cam):
        return None
    mv = world.machinery_view()
    if mv.rows.size == 0 and mv.cis_x.size == 0:
        return None
    factor = shared_unit(cam, theme)[1]
    return scale_note(factor) if factor > TO_SCALE else None


def _sites(world, cam: Camera, mv: MachineryView, alpha: float, u: float, mt: int) -> list[tuple[int, Site]]:
    """(index into mv, Site in px) of the rows whose drawing reaches into the view, nearest its middle first."""
    v = world.ves
    rows = mv.rows
    pos = cam.to_screen(interpolated(v.pos[rows], v.prev[rows], alpha))
    line = float(cam.y_to_screen(world.scene.membrane_y))
    cx, cy = pos[:, 0].copy(), pos[:, 1].copy()
    radius = v.radius[rows] * cam.scale
    s_min = np.zeros(rows.size)
    on = IS_ATTACHED.take(v.stage[rows])  # fused: the cap and its neck (render/membrane.py draws them)
    if on.any():
        att = attached(world, rows[on], pos=interpolated(v.pos, v.prev, alpha))
        depth, cap_r = att.caps()
        cy[on] = line + depth * cam.scale
        radius[on] = cap_r * cam.scale + mt
        s_min[on] = np.maximum(att.lumen * cam.scale, PORE_MIN_PX) + 2 * mt + 2.5 * u
    vx, vy, vw, vh = cam.view
    far = np.maximum(radius, 40.0 * u)
    near = (cx + far >= vx) & (cx - far <= vx + vw) & (line - far <= vy + vh) & (line + 2 * far >= vy)
    near &= (mv.state != Machine.NONE) & v.alive[rows]
    near &= (mv.state != Machine.FUSED) | NARROW.take(v.stage[rows])  # once the pore widens: only the cis-complexes
    idx = np.flatnonzero(near)
    idx = idx[np.argsort(np.abs(cx[idx] - (vx + vw / 2)), kind="stable")][:MAX_SITES]
    face = line + mt
    return [(int(i), Site(float(cx[i]), float(cy[i]), float(radius[i]), face, line, u, float(s_min[i])))
            for i in idx.tolist()]


def draw_machinery(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float,
                   mv: MachineryView | None = None) -> Drawn:
    """The machinery of every release site in view (mv: the world's machinery view by default); nothing when a
    SNARE complex would be under MIN_PX long."""
    if not shown(cam):
        return Drawn()
    mv = world.machinery_view() if mv is None else mv
    if mv.rows.size == 0 and mv.cis_x.size == 0:
        return Drawn()
    u, k = shared_unit(cam, theme)
    mt = leaflet_half_px(cam, theme)
    drawn = Drawn(u, k)
    ves_thick = 2 * (vesicle_leaflet_px(cam) + theme.outline)
    blits: list[tuple[pygame.Surface, tuple[int, int]]] = []
    look = ahead(world)
    between = look.begin(mv, alpha)  # a frame between model steps: the next step's sprites may be drawn ahead
    for i, site in reversed(_sites(world, cam, mv, alpha, u, mt)):  # the middle one last: its anchors win
        state = int(mv.state[i])
        zipper = 1.0 if state == Machine.FUSED else min(max(float(mv.zipper[i]), 0.0), 1.0)
        n, occupancy, clamped = int(mv.complexes[i]), float(mv.ca_occupancy[i]), bool(mv.clamped[i])
        sprite, x0, y0 = site_sprite(theme, site, state, n, zipper, occupancy, clamped, ves_thick, cam.view)
        look.record(int(mv.rows[i]), u, Args(site, state, n, zipper, occupancy, clamped, ves_thick, cam.view))
        blits.append((sprite.surface, (x0, y0)))
        anchors, boxes = sprite.placed(x0, y0)
        drawn.anchors.update(anchors)
        drawn.boxes += boxes
    if mv.cis_x.size:
        xs = np.asarray(cam.x_to_screen(mv.cis_x), dtype=np.float64)
        vx, _vy, vw, _vh = cam.view
        keep = np.flatnonzero((xs > vx - 20 * u) & (xs < vx + vw + 20 * u))
        keep = keep[~under_a_body(world, mv.cis_x[keep])]  # NSF works on the free cytosolic face, not in a vesicle
        keep = keep[np.argsort(-np.abs(xs[keep] - (vx + vw / 2)), kind="stable")][:MAX_SITES]  # outer ones first:
        # the outermost not fading names NSF, where its label has room
        ys = np.asarray(cam.y_to_screen(membrane_at(world, mv.cis_x[keep])), dtype=np.float64)
        clear = mv.cis_progress[keep] < FADING  # those not fading out share the names, so the labels spread
        share = max(1, min(len(CIS_NAMES), int(np.count_nonzero(clear))))
        rank = np.cumsum(clear) - 1
        for i, (j, y) in enumerate(zip(keep.tolist(), ys.tolist())):
            names = CIS_NAMES[int(rank[i]) % share::share] if clear[i] and rank[i] < share else ()
            sprite, dx, dy = cis_sprite(theme, u, 2 * mt, float(mv.cis_progress[j]))
            x0, y0 = int(round(xs[j])) + dx, int(round(y + mt)) + dy
            blits.append((sprite.surface, (x0, y0)))
            anchors, boxes = sprite.placed(x0, y0)
            for key in names:  # what this one names, unless a release site named it
                if key in anchors:
                    drawn.anchors.setdefault(key, anchors[key])
            drawn.boxes += boxes
    screen.fblits(blits)
    if between:
        look.build(theme)
    return drawn


NSF_DEPTH_NM = 30.0  # a cis-complex with α-SNAP and NSF reaches this far into the cytosol (12 nm bundle, ~10 nm NSF)


def under_a_body(world, xs: np.ndarray) -> np.ndarray:
    """(len(xs),) bool: a body not fused to the membrane (a vesicle that kissed and still sits there, a docked
    neighbour) covers the cytosolic face at x, within NSF_DEPTH_NM of it: no room to draw the cis-complex there."""
    v = world.ves
    line = world.scene.membrane_contact_y
    body = np.flatnonzero(v.alive & ~IS_ATTACHED[v.stage])
    body = body[v.pos[body, 1] - v.radius[body] < line + NSF_DEPTH_NM]  # the few at the membrane
    if body.size == 0 or xs.size == 0:
        return np.zeros(xs.size, dtype=bool)
    return (np.abs(xs[:, None] - v.pos[body, 0][None, :]) < v.radius[body][None, :]).any(axis=1)


def membrane_at(world, xs: np.ndarray) -> np.ndarray:
    """y (nm) of the plasma membrane's midline at xs: the flat line, or the bottom of a fused body's cap that
    spans x (a vesicle still flattening into the membrane)."""
    line = world.scene.membrane_y
    rows = attached_rows(world)
    if rows.size == 0 or xs.size == 0:
        return np.full(xs.size, line)
    att = attached(world, rows)
    depth, radius = att.caps()
    dx = xs[:, None] - att.x[None, :]
    arc = line + depth[None, :] + np.sqrt(np.maximum(radius[None, :] ** 2 - dx * dx, 0.0))
    inside = np.abs(dx) < opening(depth, radius)[None, :]
    return np.max(np.where(inside, arc, line), axis=1)


def frame_half_nm(world, slot: int) -> float:
    """Half-width (nm) of the stretch the close-up frames for the machinery of the vesicle in slot."""
    v = world.ves
    line = world.scene.membrane_y
    site = Site(float(v.pos[slot, 0]), float(v.pos[slot, 1]), float(v.radius[slot]), line + 2.5, line, 1.0)
    return extent(site) + 2.0


def labels(drawn: Drawn) -> list[tuple[str, str, tuple[float, float]]]:
    """(key, translated name, anchor px) of each protein drawn, once each, in NAMES' order."""
    return [(key, _(NAMES[key]), drawn.anchors[key]) for key in NAMES if key in drawn.anchors]
