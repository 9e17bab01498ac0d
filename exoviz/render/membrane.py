"""Draws the plasma membrane as one bilayer with every body fused to it, its delivered patches and its proteins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_, Msg, Text
from exoviz.render import membrane_anchors as anchors
from exoviz.render import membrane_fused as fused
from exoviz.render.cache import SurfaceCache, kept
from exoviz.render.membrane_ahead import AHEAD_STEPS
from exoviz.render.membrane_sprite import SpriteLRU
from exoviz.render.theme import Theme
from exoviz.sim.membrane_shape import Attached, attached_rows, neck_lumen
from exoviz.sim.scene import HALF_BILAYER_NM as LEAFLET_NM  # one leaflet of a ~5 nm bilayer
from exoviz.sim.stages import Stage, stage_mask
from exoviz.sim.surface import LAMP1

if TYPE_CHECKING:
    from exoviz.sim.world import World


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


def draw_plasma_membrane(screen: pygame.Surface, cam: Camera, world: World, theme: Theme, alpha: float,
                         show_proteins: bool, protein_img: pygame.Surface, cache: SpriteLRU | None = None,
                         cargo_imgs: tuple[pygame.Surface, ...] = (),
                         lamp_img: pygame.Surface | None = None) -> MembraneDrawn:
    """The flat plasma membrane as a bilayer with patches of delivered (vesicle-derived) outer leaflet; the bodies
    fused to it (neck, Omega, flattening cap: see sim.membrane_shape) with their cargo (cargo_imgs: small-molecule
    and protein dot sprites, empty for none) and the membrane's proteins (LAMP-1, brought by lysosome exocytosis,
    with lamp_img) follow in MembraneDrawn.finish(), after the scene's overlays that lie under the bodies (the Ca2+
    glow)."""
    sc = world.scene
    x0, _, x1, _ = cam.visible_world()  # the membrane continues beyond the modelled region
    mt = draw_bilayer(screen, cam, sc.membrane_y, x0, x1, theme, theme.exo_leaflet, theme.cyto_leaflet)
    y = int(round(cam.y_to_screen(sc.membrane_y)))
    _draw_patches(screen, cam, world, theme, mt, y)
    rows = attached_rows(world)
    surf = world.surface
    sx = np.asarray(cam.x_to_screen(surf.prot_prev + (surf.prot_x - surf.prot_prev) * alpha), dtype=np.float64)
    lamp = surf.prot_kind == LAMP1
    lamp_img = lamp_img or protein_img
    if rows.size == 0:  # the flat membrane only
        def flat() -> None:
            if show_proteins:
                _flat_proteins(screen, cam, sx[~lamp], y, mt, protein_img)
                _flat_proteins(screen, cam, sx[lamp], y, mt, lamp_img)

        return MembraneDrawn(mt, list, flat)
    v = world.ves
    pos = v.prev[rows] + (v.pos[rows] - v.prev[rows]) * alpha  # render interpolation (as bodies.interpolated)
    att = fused.quantised(world, cam, rows, pos, mt, y, theme)
    fz = _tiles(world, cam, att, theme, cache if cache is not None else _CACHE)

    def finish() -> None:
        if fz.runs is not None:
            fused.draw_tiles(screen, fz)
            if cargo_imgs:
                pts, small, dot_r = _cargo_inside(world, fz, cam)
                if len(pts):
                    fused.blit_cargo(screen, pts, small, dot_r, theme)
        if show_proteins:
            size = max(1, (protein_img.get_width() - 1) // 2)
            pts, nrm, face, sizes = anchors.protein_anchors(fz, sx, mt, size)
            mine = np.ones(len(pts), dtype=bool)  # LAMP-1 marks stand upright where the membrane took them
            mine[: sx.size] = ~lamp
            draw_protein_marks(screen, cam, pts[mine], nrm[mine], face[mine], sizes[mine], theme, protein_img)
            base = pts[: sx.size][lamp] - nrm[: sx.size][lamp] * (face[: sx.size][lamp] - 0.5)[:, None]
            _flat_proteins(screen, cam, base[:, 0], base[:, 1].round().astype(np.int64), 0, lamp_img)

    return MembraneDrawn(mt, lambda: _pore_labels(world, cam, rows, att), finish)


def _flat_proteins(screen: pygame.Surface, cam: Camera, px: np.ndarray, y: int | np.ndarray, mt: int,
                   img: pygame.Surface) -> None:
    """Proteins on the flat membrane (screen x px), standing on its outer face (y: the midline, one or per mark)."""
    vx, _, vw, _ = cam.view
    keep = (px >= vx - 8) & (px < vx + vw + 8)
    px, y = px[keep], np.broadcast_to(np.asarray(y), keep.shape)[keep]
    w, h = img.get_size()
    tl = np.stack([np.round(px) - w // 2, y - mt - h + 1], axis=1)
    screen.fblits(zip(repeat(img), tl.astype(np.int64).tolist()))


@dataclass
class MembraneDrawn:
    """What drawing the membrane tells the rest of the frame: leaflet px, labels ("pore drawn ×N wider"; worked out
    when asked for, in this frame: a view without labels, the close-up, never does), and finish(): draws the fused
    bodies and the proteins over whatever the scene put under the bodies since."""

    half_px: int
    find_labels: Callable[[], list[tuple[Text, tuple[float, float], tuple[int, int]]]] = list
    finish: Callable[[], None] = lambda: None
    _labels: list[tuple[Text, tuple[float, float], tuple[int, int]]] | None = field(default=None, repr=False)

    @property
    def labels(self) -> list[tuple[Text, tuple[float, float], tuple[int, int]]]:
        if self._labels is None:
            self._labels = self.find_labels()
        return self._labels


_CACHE = SpriteLRU()
KEEP_FUSED = 4
_FUSED = kept("fused tiles kept", KEEP_FUSED)  # the last few views' tiles, by all they read (their
# sprites are the sprite cache's: dropped with it, on a resize or a new theme)


def _tiles(world: World, cam: Camera, att: Attached, theme: Theme, cache: SpriteLRU) -> fused.Fused:
    """fused.tiles, the same Fused again while all it reads is unchanged (the bodies' quantised shapes and places,
    their proteins and collapse, the view, the theme: between the model's steps); the builds ahead still take their
    steps in each frame where the first call took some."""
    v, r = world.ves, att.rows
    per = np.stack([att.x, att.depth0, att.r0, att.c, att.lumen, v.proteins[r], v.collapse[r]], axis=1)
    head = np.array([att.line, att.h_neck, att.k, att.touch, cam.scale], dtype=np.float64)
    key = (theme.name, tuple(cam.view), id(cache),
           head.tobytes() + np.asarray(r, dtype=np.int64).tobytes() + per.astype(np.float64).tobytes())
    got = _FUSED.get(key)
    if got is not None and got[0] is cache:
        if got[1]:
            cache.step_ahead(AHEAD_STEPS)
        return got[2]
    stepped = cache.stepped
    fz = fused.tiles(world, cam, att, theme, cache)
    _FUSED.put(key, (cache, cache.stepped != stepped, fz))
    return fz


KEEP_CARGO = 4
_CARGO = kept("fused cargo kept", KEEP_CARGO, released=False)  # the last few views' cargo dots, by their inputs


def _cargo_inside(world: World, fz: fused.Fused, cam: Camera) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """fused.cargo_inside, the same arrays again while all it reads is unchanged (between the model's steps)."""
    v, att = world.ves, fz.att
    r = att.rows
    per = np.stack([att.x, att.depth0, att.r0, att.c, att.lumen, np.asarray(fz.hb, dtype=np.float64), v.radius[r],
                    v.cargo[r], v.small[r], v.stage[r]], axis=1).astype(np.float64)
    key = np.array([att.line, att.h_neck, att.k, cam.scale], dtype=np.float64).tobytes() + per.tobytes()
    return _CARGO.get_or_make(key, lambda: fused.cargo_inside(world, att, fz.hb, cam))
# endocytic folds and cups, open to the outside
IS_FOLD = stage_mask((Stage.PIT, Stage.PIT_NECK, Stage.UF_PIT, Stage.PHAGO_CUP, Stage.MACRO_CUP))
_tri = SurfaceCache("protein marks", 4 * 2**20, 1024)
PATCH_STEP = 4  # px between samples of the delivered-membrane share


def _draw_patches(screen: pygame.Surface, cam: Camera, world: World, theme: Theme, mt: int, y: int) -> None:
    """Tint the outer leaflet where vesicle-derived lipid has spread (its share, sampled every PATCH_STEP screen
    columns: a patch is tens of px wide)."""
    surf = world.surface
    if surf.patch_x.size == 0:
        return
    vx, _, vw, _ = cam.view
    cols = np.arange(vx, vx + vw + PATCH_STEP, PATCH_STEP, dtype=np.float64)
    xs = (cols - (vx + vw / 2)) / cam.scale + cam.center[0]
    frac = surf.vesicle_fraction(xs, world.t)
    if frac.max() > 0.02:
        frac = np.interp(np.arange(vw, dtype=np.float64), cols - vx, frac)
        band = max(2, mt // 2 + 1)
        base = np.array(theme.exo_leaflet, dtype=np.float64)
        hi = np.array(theme.delivered, dtype=np.float64)
        rgb = base[None, :] + (hi - base)[None, :] * frac[:, None]
        strip = pygame.surfarray.make_surface(np.repeat(rgb[:, None, :], band, axis=1).astype(np.uint8))
        screen.blit(strip, (vx, y - mt))


def _triangle(idx: int, size: int, colour: tuple[int, int, int]) -> pygame.Surface:
    """A protein mark pointing in direction idx (of 32), its base centre at the sprite centre."""
    key = (idx, size, colour)
    img = _tri.get(key)
    if img is None:
        ang = idx * 2 * np.pi / 32
        d = np.array([np.cos(ang), np.sin(ang)])
        n = np.array([-d[1], d[0]])
        c = 2 * size + 1
        img = pygame.Surface((2 * c + 1, 2 * c + 1), pygame.SRCALPHA)
        o = np.array([c, c], dtype=np.float64)
        pygame.draw.polygon(img, colour, [tuple(o + n * size), tuple(o + d * 2 * size), tuple(o - n * size)])
        _tri.put(key, img)
    return img


def draw_protein_marks(screen: pygame.Surface, cam: Camera, pts: np.ndarray, nrm: np.ndarray, face: np.ndarray,
                       size: np.ndarray, theme: Theme, flat_img: pygame.Surface) -> None:
    """Protein marks standing on the membrane's exoplasmic face (anchors pts on the midline, normals nrm toward
    the cytosol, leaflet px face, mark size px), pointing out of the cell (into the fluid or a lumen); marks on
    the flat membrane are the usual upright sprite flat_img."""
    vx, vy, vw, vh = cam.view
    base = pts - nrm * (face - 0.5)[:, None]
    ok = (base[:, 0] >= vx - 8) & (base[:, 0] < vx + vw + 8) & (base[:, 1] >= vy - 8) & (base[:, 1] < vy + vh + 8)
    flat = ok & (nrm[:, 1] > 0.9999) & (size == (flat_img.get_width() - 1) // 2)
    w, h = flat_img.get_size()
    tl = np.stack([np.round(base[flat, 0]) - w // 2, np.round(pts[flat, 1]) - face[flat] - h + 1], axis=1)
    screen.fblits(zip(repeat(flat_img), tl.astype(np.int64).tolist()))
    bent = ok & ~flat
    if not bent.any():
        return
    idx = np.round(np.arctan2(-nrm[bent, 1], -nrm[bent, 0]) / (2 * np.pi) * 32).astype(np.int64) % 32
    code = idx + 32 * size[bent]
    uniq, inverse = np.unique(code, return_inverse=True)
    imgs = np.array([_triangle(u % 32, u // 32, theme.protein) for u in uniq.tolist()] + [None], dtype=object)[:-1]
    tl = (np.round(base[bent]).astype(np.int64) - (2 * size[bent] + 1)[:, None]).tolist()
    screen.fblits(zip(imgs[inverse], tl))


PORE_REAL_NM = (1.0, 3.0)  # a narrow fusion pore's real width (science.md)


def sig2(x: float) -> str:
    """x to two significant figures ('3.4', '12', '1,200')."""
    return f"{float(f'{x:.2g}'):,g}"


def pore_label(cam: Camera, half_nm: float) -> Text:
    """The label beside a pore drawn wider than it is: 'pore drawn ×N wider (really 1–3 nm)', N from the drawing
    (the narrowest lumen drawn, fused.PORE_MIN_PX each side) over the model's pore."""
    real = 2.0 * half_nm
    k = sig2(2.0 * fused.PORE_MIN_PX / cam.scale / real)
    if real <= PORE_REAL_NM[1] + 0.05:
        return Msg(N_("pore drawn ×{k} wider (really 1–3 nm)"), k=k)
    return Msg(N_("pore drawn ×{k} wider (really {nm:.0f} nm)"), k=k, nm=real)


def _pore_labels(world: World, cam: Camera, rows: np.ndarray, att: Attached) -> list:
    """"pore drawn ×N wider" next to the one fusion pore nearest the view centre that is drawn wider than it is; or
    "pore shut again: a flicker" at a flickering pore shut now (sim.pore; that vesicle is not attached then)."""
    v = world.ves
    vx, vy, vw, vh = cam.view
    shut = np.flatnonzero((v.stage == Stage.PORE) & (v.pore <= 0))
    if shut.size:
        sx = np.asarray(cam.x_to_screen(v.pos[shut, 0]))
        line = float(cam.y_to_screen(world.scene.membrane_y))
        shut = shut[(sx >= vx) & (sx < vx + vw)] if vy <= line < vy + vh else shut[:0]
    if shut.size:
        i = int(shut[np.argmin(np.abs(np.asarray(cam.x_to_screen(v.pos[shut, 0])) - (vx + vw / 2)))])
        return [(Msg(N_("pore shut again: a flicker")), (float(v.pos[i, 0]), float(world.scene.membrane_y)),
                 (60, -45))]
    if rows.size == 0:
        return []
    true_px = neck_lumen(world, rows) * cam.scale
    wide = true_px < fused.PORE_MIN_PX - 0.25  # the smallest drawn lumen is wider than the real one
    wide &= ~IS_FOLD.take(world.ves.stage[rows])  # a pit's neck is no fusion pore (dynamin's beads mark it)
    wide &= world.ves.pore[rows] > 0  # a kiss's pore already shut: nothing to say how much wider
    wide &= fused.PORE_MIN_PX / cam.scale > 1.05 * world.ves.pore[rows]  # the label's own factor is above 1
    seen = (att.x >= vx) & (att.x < vx + vw) & (att.line >= vy) & (att.line < vy + vh)
    on = wide & seen
    if not on.any():
        return []
    i = np.flatnonzero(on)[np.argmin(np.abs(att.x[on] - (vx + vw / 2)))]
    label = pore_label(cam, float(world.ves.pore[rows[i]]))
    # the neck: at the membrane, or at the top of a granule hanging under another (compound exocytosis)
    neck_y = max(float(world.scene.membrane_y), float(v.pos[rows[i], 1] - v.radius[rows[i]]))
    return [(label, (float(v.pos[rows[i], 0]), neck_y), (60, -45))]
