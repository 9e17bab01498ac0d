"""Draws the plasma membrane as one bilayer with every body fused to it, its delivered patches and its proteins."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.bodies import interpolated
from exoviz.render.membrane_sprite import MembraneSprites
from exoviz.render.theme import Theme
from exoviz.sim.membrane_shape import Attached, attached_rows, membrane_proteins, neck_lumen
from exoviz.sim.scene import HALF_BILAYER_NM as LEAFLET_NM  # one leaflet of a ~5 nm bilayer


def leaflet_half_px(cam: Camera, theme: Theme) -> int:
    """Drawn thickness of one leaflet in px: true to scale when zoomed in, at least 3 px otherwise."""
    return max(3, int(round(LEAFLET_NM * cam.scale))) + theme.outline


def draw_bilayer(screen: pygame.Surface, cam: Camera, y_nm: float, x0_nm: float, x1_nm: float,
                 theme: Theme, upper: tuple[int, int, int], lower: tuple[int, int, int]) -> int:
    """A horizontal bilayer from x0 to x1 (nm) at y (nm): the upper and lower leaflets in their colours."""
    mt = leaflet_half_px(cam, theme)
    y = int(round(cam.y_to_screen(y_nm)))
    xa = int(max(cam.view[0], cam.x_to_screen(x0_nm)))
    xb = int(min(cam.view[0] + cam.view[2], cam.x_to_screen(x1_nm)))
    if xb <= xa:
        return mt
    screen.fill(upper, pygame.Rect(xa, y - mt, xb - xa, mt))
    screen.fill(lower, pygame.Rect(xa, y, xb - xa, mt))
    # head groups: a dotted line on each face (texture that reads as "lipids" up close)
    if mt >= 5:
        step = max(4, mt)
        xs = np.arange(xa + step // 2, xb, step)
        dot = pygame.Surface((3, 3), pygame.SRCALPHA)
        dot.fill((*theme.text_dim, 140))
        top = np.stack([xs - 1, np.full(xs.size, y - mt)], axis=1).tolist()
        bot = np.stack([xs - 1, np.full(xs.size, y + mt - 3)], axis=1).tolist()
        screen.fblits(zip(repeat(dot), top + bot))
    return mt


def draw_nuclear_edge(screen: pygame.Surface, cam: Camera, y_nm: float, theme: Theme) -> None:
    """The nucleus filling the view below y_nm, under its double envelope (two membranes 40 nm apart)."""
    vx, vy, vw, vh = cam.view
    ny = cam.y_to_screen(y_nm)
    if ny >= vy + vh:
        return
    lw = max(2, int(round(4 * cam.scale))) + theme.outline
    screen.fill(theme.nucleus, pygame.Rect(vx, int(ny), vw, int(vy + vh - ny) + 1))
    for off in (0.0, 40.0):
        y = int(cam.y_to_screen(y_nm + off))
        pygame.draw.line(screen, theme.er, (vx, y), (vx + vw, y), lw)


def draw_plasma_membrane(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float,
                         show_proteins: bool, protein_img: pygame.Surface, sprites: MembraneSprites | None = None,
                         cargo_img: pygame.Surface | None = None) -> MembraneDrawn:
    """The plasma membrane as one bilayer: flat, with patches of delivered (vesicle-derived) outer leaflet, bent
    into every body fused to it (neck, Omega, flattening cap: see sim.membrane_shape), and its proteins."""
    sc = world.scene
    x0, _, x1, _ = cam.visible_world()  # the membrane continues beyond the modelled region
    mt = draw_bilayer(screen, cam, sc.membrane_y, x0, x1, theme, theme.exo_leaflet, theme.cyto_leaflet)
    y = int(round(cam.y_to_screen(sc.membrane_y)))
    _draw_patches(screen, cam, world, theme, mt, y)
    v = world.ves
    rows = attached_rows(world)
    pos = interpolated(v.pos, v.prev, alpha)
    att, hb = _attached_px(world, cam, rows, pos, mt, y, theme)
    if rows.size:
        _draw_clusters(screen, cam, att, hb, theme, sprites or _SPRITES)
        if cargo_img is not None:
            _draw_cargo(screen, cam, world, att, hb, cargo_img)
    if show_proteins:
        surf = world.surface
        sx = cam.x_to_screen(surf.prot_prev + (surf.prot_x - surf.prot_prev) * alpha)
        _draw_proteins(screen, cam, world, att, hb, np.asarray(sx, dtype=np.float64), mt, y, protein_img, theme)
    return MembraneDrawn(mt, _pore_labels(world, cam, rows, att))


@dataclass
class MembraneDrawn:
    """What drawing the membrane tells the rest of the frame: leaflet px and labels ("pore enlarged")."""

    half_px: int
    labels: list[tuple[str, tuple[float, float], tuple[int, int]]] = field(default_factory=list)


_SPRITES = MembraneSprites()
PORE_MIN_PX = 1.5  # a neck lumen is drawn at least 3 px wide (the real pore, 1-3 nm, is sub-pixel at low zoom)
_tri: dict[tuple, pygame.Surface] = {}


def _draw_patches(screen: pygame.Surface, cam: Camera, world, theme: Theme, mt: int, y: int) -> None:
    """Tint the outer leaflet where vesicle-derived lipid has spread (its share per screen column)."""
    surf = world.surface
    if surf.patch_x.size == 0:
        return
    vx, _, vw, _ = cam.view
    cols = np.arange(vx, vx + vw, dtype=np.float64)
    xs = (cols - (vx + vw / 2)) / cam.scale + cam.center[0]
    frac = surf.vesicle_fraction(xs, world.t)
    if frac.max() > 0.02:
        band = max(2, mt // 2 + 1)
        base = np.array(theme.exo_leaflet, dtype=np.float64)
        hi = np.array(theme.delivered, dtype=np.float64)
        rgb = base[None, :] + (hi - base)[None, :] * frac[:, None]
        strip = pygame.surfarray.make_surface(np.repeat(rgb[:, None, :], band, axis=1).astype(np.uint8))
        screen.blit(strip, (vx, y - mt))


def _q(a: np.ndarray, step: float = 0.5) -> np.ndarray:
    return np.round(np.asarray(a, dtype=np.float64) / step) * step


def _attached_px(world, cam: Camera, rows: np.ndarray, pos: np.ndarray, mt: int, y: int, theme: Theme
                 ) -> tuple[Attached, np.ndarray]:
    """The fused bodies in screen px, quantised (so that sprites can be cached), and each body's leaflet px (its
    own, as drawn when closed; the neck tapers from the plasma membrane's to it)."""
    v, s = world.ves, cam.scale
    r_px = v.radius[rows] * s
    hb = np.maximum(1.0, np.round(r_px * 0.07)) + theme.outline  # as the closed body's sprite (sprites.leaflet_px)
    lumen = neck_lumen(world, rows, PORE_MIN_PX / s) * s
    att = Attached(rows, float(y), np.round(cam.x_to_screen(pos[rows, 0])), _q((pos[rows, 1] - world.scene.membrane_y)
                   * s), _q(np.maximum(r_px - hb, 1.0)), np.round(v.collapse[rows] * 128) / 128, _q(lumen),
                   float(mt), float(mt))
    return att, hb


def _local(att: Attached, sel: np.ndarray, x_ref: float) -> Attached:
    return Attached(att.rows[sel], 0.0, att.x[sel] - x_ref, att.depth0[sel], att.r0[sel], att.c[sel],
                    att.lumen[sel], att.h_neck, att.k)


def _draw_clusters(screen: pygame.Surface, cam: Camera, att: Attached, hb: np.ndarray, theme: Theme,
                   sprites: MembraneSprites) -> None:
    """One sprite per cluster of fused bodies (bodies whose outlines touch share one), clipped to the view."""
    vx, vy, vw, vh = cam.view
    depth, radius = att.caps()
    ext = att.extent()
    for sel in att.clusters(pad=2.0):  # a few clusters of fusing bodies; each sprite is cached by its shape
        x_ref = float(att.x[sel[0]])
        loc = _local(att, sel, x_ref)
        x_a = int(np.floor(np.min(loc.x - ext[sel]))) - 2
        x_b = int(np.ceil(np.max(loc.x + ext[sel]))) + 2
        y_a = -int(att.h_neck) - 2
        y_b = int(np.ceil(np.max(depth[sel] + radius[sel]) + float(np.max(hb[sel])))) + 3
        left, top = max(x_a, int(vx - x_ref)), max(y_a, int(vy - att.line))
        right, bottom = min(x_b, int(vx + vw - x_ref) + 1), min(y_b, int(vy + vh - att.line) + 1)
        if right <= left or bottom <= top:
            continue
        img = sprites.get(loc, float(np.mean(hb[sel])), (left, top, right - left, bottom - top), theme)
        screen.blit(img, (int(x_ref) + left, int(att.line) + top))


def _draw_cargo(screen: pygame.Surface, cam: Camera, world, att: Attached, hb: np.ndarray,
                img: pygame.Surface) -> None:
    """Cargo still inside fused bodies: dots on a sunflower spiral in the lumen below the neck."""
    n = np.minimum(world.ves.cargo[att.rows], 24).astype(np.int64)
    if n.sum() == 0:
        return
    depth, radius = att.caps()
    owner = np.repeat(np.arange(att.size), n)
    k = np.arange(owner.size) - np.repeat(np.cumsum(n) - n, n)
    rho = (radius - 2 * hb)[owner] * 0.6 * np.sqrt((k + 0.5) / n[owner])
    ang = k * np.pi * (3 - np.sqrt(5))
    cy = att.line + depth[owner]
    py = np.maximum(cy + rho * np.sin(ang), att.line + att.h_neck + 1)
    pts = np.stack([att.x[owner] + rho * np.cos(ang), py], axis=1)
    half = np.array(img.get_size()) // 2
    screen.fblits(zip(repeat(img), (np.round(pts).astype(np.int64) - half).tolist()))


def _triangle(idx: int, size: int, colour: tuple[int, int, int]) -> pygame.Surface:
    """A protein mark pointing in direction idx (of 32), its base centre at the sprite centre."""
    key = (idx, size, colour)
    if key not in _tri:
        ang = idx * 2 * np.pi / 32
        d = np.array([np.cos(ang), np.sin(ang)])
        n = np.array([-d[1], d[0]])
        c = 2 * size + 1
        img = pygame.Surface((2 * c + 1, 2 * c + 1), pygame.SRCALPHA)
        o = np.array([c, c], dtype=np.float64)
        pygame.draw.polygon(img, colour, [tuple(o + n * size), tuple(o + d * 2 * size), tuple(o - n * size)])
        _tri[key] = img
    return _tri[key]


def _draw_proteins(screen: pygame.Surface, cam: Camera, world, att: Attached, hb: np.ndarray, sx: np.ndarray,
                   mt: int, y: int, protein_img: pygame.Surface, theme: Theme) -> None:
    """Every membrane protein on the membrane's outer face, pointing out of the cell (into the fluid or lumen)."""
    size = max(1, (protein_img.get_width() - 1) // 2)
    if att.size == 0:
        pts = np.stack([sx, np.full(sx.size, float(y))], axis=1)
        nrm = np.tile([0.0, 1.0], (sx.size, 1))
        face = np.full(sx.size, float(mt))
    else:
        pts, nrm = membrane_proteins(world, att, surface_x=sx, eps=0.05)
        counts = world.ves.proteins[att.rows].astype(np.int64)
        face = np.concatenate([np.full(sx.size, float(mt)), np.repeat(hb, counts)])
        big = np.concatenate([np.ones(sx.size, bool), np.repeat(att.r0 >= 4 * size, counts)])
        pts, nrm, face = pts[big], nrm[big], face[big]  # marks would hide a body drawn only a few px wide
    vx, vy, vw, vh = cam.view
    base = pts - nrm * (face - 0.5)[:, None]
    ok = (base[:, 0] >= vx - 8) & (base[:, 0] < vx + vw + 8) & (base[:, 1] >= vy - 8) & (base[:, 1] < vy + vh + 8)
    if not ok.any():
        return
    idx = np.round(np.arctan2(-nrm[ok, 1], -nrm[ok, 0]) / (2 * np.pi) * 32).astype(np.int64) % 32
    imgs = np.empty(32, dtype=object)
    for u in np.unique(idx).tolist():  # at most 32 orientations
        imgs[u] = _triangle(u, size, theme.protein)
    half = 2 * size + 1
    tl = (np.round(base[ok]).astype(np.int64) - half).tolist()
    screen.fblits(zip(imgs[idx], tl))


def _pore_labels(world, cam: Camera, rows: np.ndarray, att: Attached) -> list:
    """"pore enlarged" next to the one fusion pore nearest the view centre that is drawn wider than it is."""
    if rows.size == 0:
        return []
    true_px = neck_lumen(world, rows) * cam.scale
    wide = att.lumen > true_px + 0.5
    vx, vy, vw, vh = cam.view
    on = wide & (att.x >= vx) & (att.x < vx + vw) & (att.line >= vy) & (att.line < vy + vh)
    if not on.any():
        return []
    i = np.flatnonzero(on)[np.argmin(np.abs(att.x[on] - (vx + vw / 2)))]
    return [("pore enlarged", (float(world.ves.pos[rows[i], 0]), float(world.scene.membrane_y)), (60, -45))]
