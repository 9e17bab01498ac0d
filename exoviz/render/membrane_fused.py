"""Bodies fused to the plasma membrane, drawn as part of it: cached sprites tiled along the membrane (one per
body, one per seam where bodies meet: render/membrane_tiles), the cargo still inside them, and where every
protein sits on the bent membrane (anchors cached with the sprites).

Per frame the fused bodies are quantised in px (position 1 px, collapse in steps that move the outline 1-2 px,
pore lumen 0.5-1 px; a body over BIG_PX in radius in r / BIG_PX px steps), so a sprite is reused until its body
visibly changes, and a body's own sprite does not depend on where it is: bodies alike at one moment share one.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import repeat
from typing import Any

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render import membrane_shift as shift
from exoviz.render.cache import SurfaceCache
from exoviz.render.membrane_ahead import AHEAD_PX, BIG_PX, look_ahead
from exoviz.render.membrane_sprite import Paint, Raster, SpriteLRU, finish, lip_table, project, rasterise, rasterising
from exoviz.render.membrane_tiles import FLAT, SEAM, Runs, runs
from exoviz.render.theme import Theme
from exoviz.sim.membrane_shape import Attached, body_protein_points, neck_lumen
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Stage

NECK_DOTS = 3  # a releasing body shows at least this many of its dots in its neck (if it holds as many)
PORE_MIN_PX = 1.5  # a neck lumen is drawn at least 3 px wide (the real pore, 1-3 nm, is sub-pixel at low zoom)


@dataclass(frozen=True)
class Tile:
    """A cached sprite in local px (its reference axis at x = 0, the line at y = 0) with protein anchors: lip[c]
    (x, y, normal x, normal y) where the midline first crosses pixel column c going down from the fluid (for the
    plasma membrane's proteins; near[c]: the nearest column not over an opening, its membrane over `deep` px below
    the line), worked out when first read (most tiles have no such protein over them), and own: the anchors of its
    body's own proteins (lone bodies)."""

    ras: Raster
    own: np.ndarray
    deep: float
    moved: SurfaceCache = field(default_factory=lambda: SurfaceCache("seam anchors", 2**20, 64, released=False),
                                compare=False)  # a seam's: where its bodies' proteins go on it (_in_seams)

    lip = property(lambda self: self.table()[0])
    near = property(lambda self: self.table()[1])

    def table(self) -> tuple[np.ndarray, np.ndarray]:  # (lip, near), worked out once
        got = self.__dict__.get("_table")
        if got is None:
            lip, is_open = lip_table(self.ras, self.deep)
            got = (lip, _nearest_closed(is_open))
            object.__setattr__(self, "_table", got)
        return got

    @property
    def nbytes(self) -> int:  # (lip and near: 40 bytes a column, counted whether worked out yet or not)
        return self.ras.nbytes + 40 * self.ras.f.shape[1] + self.own.nbytes


@dataclass
class Fused:
    """This frame's fused bodies in screen px (quantised), how the columns are tiled, and the tiles."""

    att: Attached
    hb: np.ndarray  # (n,) each body's own leaflet px
    prot: np.ndarray  # (n,) proteins each body carries
    runs: Runs | None
    lone: dict[int, Tile]  # body index -> its own tile (bodies in view)
    seams: dict[int, tuple[Tile, int]]  # run index -> (joint tile, its reference axis px)


def body_leaflet_px(scale: float, theme: Theme) -> float:
    """One leaflet of a fused body, px: as drawn on closed vesicles (scale_note.vesicle_leaflet_px, outline)."""
    return float(max(1, int(round(HALF_BILAYER_NM * scale))) + theme.outline)


def _nearest_closed(is_open: np.ndarray) -> np.ndarray:
    """(w,) for each column the nearest column that is not an opening (itself if none is)."""
    idx = np.arange(is_open.size)
    ok = ~is_open
    if not ok.any():
        return idx
    left = np.maximum.accumulate(np.where(ok, idx, -1))
    right = np.minimum.accumulate(np.where(ok, idx, is_open.size * 4)[::-1])[::-1]
    return np.where((left >= 0) & ((idx - left) <= (right - idx)), left, np.minimum(right, is_open.size - 1))


def quantised(world, cam: Camera, rows: np.ndarray, pos: np.ndarray, mt: int, y: int, theme: Theme) -> Attached:
    """The fused bodies rows (at positions pos (len(rows), 2) nm) in screen px, rounded so that a sprite is reused
    until the outline moves ~1 px."""
    v, s = world.ves, cam.scale
    r_px = v.radius[rows] * s
    hb = np.full(rows.size, body_leaflet_px(s, theme))
    q = np.maximum(1.0, np.floor(r_px / BIG_PX))  # a huge body (a close-up at 4K) moves in q px steps
    step = np.where(r_px < 40.0, 2.0, q)  # small bodies in 2 px steps: more bodies share one look
    r0 = np.maximum(np.round((r_px - hb) / step) * step, 1.0)
    gap = np.round(((pos[:, 1] - world.scene.membrane_y) * s - (r_px - hb)) / q) * q  # centre below the line
    levels = np.clip(np.round(r0 / q), 12, 1024)  # collapse steps: the cap's outline moves ~1-3 q px per step
    lumen = neck_lumen(world, rows, PORE_MIN_PX / s) * s
    lumen = np.where(lumen < 4.0, np.round(lumen * 2.0) / 2.0, np.round(lumen / (2.0 * q)) * 2.0 * q)
    c = np.round(v.collapse[rows] * levels) / levels
    return Attached(rows, float(y), np.round(cam.x_to_screen(pos[:, 0])), r0 + gap, r0, c, lumen, float(mt),
                    float(mt), 2.0 * HALF_BILAYER_NM * s)


def _seam(loc: Attached, rect: tuple[int, int, int, int], hb: float, deep: float, theme: Theme, ahead: bool = False
          ) -> Generator[None, None, Tile]:
    """The joint tile where two or three bodies' caps meet (loc: those bodies in the seam's local px), in steps."""
    fld, paint = loc.field(), Paint(loc.h_neck, hb)
    ras = (yield from rasterising(fld, rect, paint, theme)) if ahead else rasterise(fld, rect, paint, theme)
    yield
    tile = Tile(ras, np.empty((0, 4)), deep)
    if ahead:  # (built ahead: its lip table too)
        tile.table()
    return tile


def _now(build: Callable[..., Generator[None, None, Tile]], *args: Any) -> Tile:
    """A tile built at once (its steps run to the end)."""
    return finish(build(*args))


def _local(att: Attached, sel: np.ndarray, x_ref: float) -> Attached:
    return Attached(att.rows[sel], 0.0, att.x[sel] - x_ref, att.depth0[sel], att.r0[sel], att.c[sel],
                    att.lumen[sel], att.h_neck, att.k, att.touch)


def _rows(depth: np.ndarray, radius: np.ndarray, h_neck: float, hb: float, clip: tuple | None) -> tuple[int, int]:
    y_a, y_b = -int(h_neck) - 2, int(np.ceil(np.max(depth + radius) + hb)) + 3
    if clip is not None:
        y_a, y_b = max(y_a, clip[1]), min(y_b, clip[1] + clip[3])
    return y_a, max(y_b, y_a + 1)


def _lone(loc: Attached, hb: float, counts: np.ndarray, ext: int, clip: tuple | None, th: Theme, ahead: bool = False,
          moved: tuple[Raster, int] | None = None) -> Generator[None, None, Tile]:
    """One body alone with the flat membrane (its axis at x = 0): its sprite and where its proteins sit, in steps
    (finish() runs them at once; a build ahead, a step a frame: render/membrane_ahead.py); moved: its last raster
    and how far it has moved down since, when only its depth changed (render/membrane_shift.py)."""
    fld = loc.field()
    depth, radius = loc.caps()
    x_a, x_b = -ext, ext + 1
    if clip is not None:
        x_a, x_b = max(x_a, clip[0]), max(min(x_b, clip[0] + clip[2]), max(x_a, clip[0]) + 1)
    y_a, y_b = _rows(depth, radius, loc.h_neck, hb, clip)
    rect, paint = (x_a, y_a, x_b - x_a, y_b - y_a), Paint(loc.h_neck, hb)
    ras = shift.spliced(fld, rect, paint, th, *moved) if moved is not None else None
    if ras is None:
        ras = (yield from rasterising(fld, rect, paint, th, True)) if ahead else rasterise(fld, rect, paint, th, True)
    yield  # (mirror: its axis at x = 0)
    pts = body_protein_points(loc, counts)[0]
    own = project(ras, pts)
    off = (pts[:, 1] < y_a) | (pts[:, 1] > y_b - 1)  # proteins on rows cut off (out of view): left where they are
    own[off] = np.concatenate([pts[off], np.tile([0.0, 1.0], (int(off.sum()), 1))], axis=1)
    yield
    tile = Tile(ras, own, 2.0 * loc.h_neck)
    if ahead:  # built ahead: its lip table too, in a step of its own (not in the frame that reads it)
        tile.table()
        yield
    return tile


def _moved(cache: SpriteLRU, was: tuple | None, key: tuple) -> tuple[Raster, int] | None:
    """(a body's last raster, how far it moved down since) when only its depth changed since its last own tile (key
    was) and that tile is still kept."""
    delta = shift.moved_by(was, key)
    tile = None if delta is None or was is None else cache.get(was)
    return None if tile is None or delta is None else (tile.ras, delta)


CUT_STEP, CUT_PAD = 32, 8  # px: a body's sprite reaching below the view is cut at least this far below it, on this grid


def rows_cut(loc: Attached, hb: float, ext: int, bottom: float) -> tuple[int, int, int, int] | None:
    """The clip (x, y, w, h in the body's local px) keeping a lone body's sprite to the rows down to CUT_PAD below
    the view's bottom (`bottom`, local px), on a CUT_STEP grid from its top row (so a view moving a little keeps
    the cut, and the cut rows are the same pixels), all its columns (its mirror image still halves the work);
    None when it does not reach that far."""
    depth, radius = loc.caps()
    y_a, y_b = _rows(depth, radius, loc.h_neck, hb, None)
    d = y_a + max(1, -(-(int(np.ceil(bottom)) + CUT_PAD - y_a) // CUT_STEP)) * CUT_STEP
    return None if d >= y_b else (-ext, y_a, 2 * ext + 1, d - y_a)


@dataclass
class _Now:
    """What tiles() found this frame, to foresee the tiles of a body's next collapse step from (membrane_ahead)."""

    att: Attached
    keep: np.ndarray
    h: float
    hb: np.ndarray
    prot: np.ndarray
    xs: list[int]
    base: tuple
    looks: list[tuple]
    keys: dict[int, tuple]
    found: dict[int, Tile]
    theme: Theme
    bottom: float  # the view's bottom row in the bodies' local px

    def next_tiles(self, o: int, c: float, lumen: float | None = None
                   ) -> list[tuple[tuple, Generator[None, None, Tile]]]:
        """(key, build in steps) of body o's own tile at collapse c (and neck lumen px, if given), all else as now,
        and of each seam it is in then."""
        att, hb, theme = self.att, float(self.hb[o]), self.theme
        cs, ls = att.c.copy(), att.lumen.copy()
        cs[o], ls[o] = c, ls[o] if lumen is None else lumen
        then = replace(att, c=cs, lumen=ls)
        loc = _local(then, np.array([o]), self.xs[o])
        ext = int(np.ceil(loc.influence(self.h)[0]))
        look = self.looks[o]
        cut = rows_cut(loc, hb, ext, self.bottom)
        key = (*self.base, cut, (*look[:2], int(np.round(c * 4096)), int(np.round(ls[o] * 2)), *look[4:6], ext))
        out = [(key, _lone(loc, hb, self.prot[o:o + 1], ext, cut, theme, ahead=True))]
        depth, radius = loc.caps()
        y_a, y_b = _rows(depth, radius, loc.h_neck, hb, cut)  # the rows of o's own sprite then
        rr = runs(then, self.keep, self.h)
        for (a, b), owner, bodies in zip(rr.spans(), rr.owner.tolist(), rr.bodies):  # a few runs
            sel = bodies.tolist()
            if owner != SEAM or o not in sel or any(j != o and j not in self.found for j in sel):
                continue
            xr = self.xs[sel[0]]
            ys = [(y_a, y_b) if j == o else (self.found[j].ras.y0, self.found[j].ras.y0 + self.found[j].ras.f.shape[0])
                  for j in sel]
            top = min(y for y, _ in ys)
            rect = (a - xr, top, b - a, max(y for _, y in ys) - top)
            skey = (theme.name, "seam", rect, tuple((key if j == o else self.keys[j], self.xs[j] - xr) for j in sel))
            out.append((skey, _seam(_local(then, np.array(sel), xr), rect, float(self.hb[sel[0]]), 2.0 * att.h_neck,
                                    theme, ahead=True)))
        return out


def tiles(world, cam: Camera, att: Attached, theme: Theme, cache: SpriteLRU) -> Fused:
    """Tile the columns around the fused bodies that reach into the view and look up (or build) every tile."""
    v = world.ves
    hb = np.full(att.size, body_leaflet_px(cam.scale, theme))
    prot = v.proteins[att.rows].astype(np.int64)
    vx, vy, vw, vh = cam.view
    h = float(max(att.h_neck, float(hb.max()) if hb.size else 0.0))
    infl = att.influence(h) if att.size else np.empty(0)
    keep = np.flatnonzero((att.x + infl >= vx - 2) & (att.x - infl <= vx + vw + 2))
    if keep.size == 0:
        return Fused(att, hb, prot, None, {}, {})
    rr = runs(att, keep, h)
    depth, radius = att.caps()
    ext = np.ceil(infl).astype(np.int64)
    huge = (2 * ext * (depth + radius) > 4.0 * vw * vh).tolist()  # rasterise only what shows
    xs = att.x.astype(np.int64).tolist()
    look_arr = np.round(np.stack([att.depth0, att.r0, att.c * 4096, att.lumen * 2, hb, prot, ext], axis=1))
    looks = [tuple(r) for r in look_arr.astype(np.int64).tolist()]
    base, scale = (theme.name, int(att.h_neck)), round(cam.scale, 6)
    view_bottom = vy + vh - att.line  # the view's bottom row in the bodies' local px
    low = (np.ceil(depth + radius + hb) + 3 > view_bottom + CUT_PAD).tolist()  # reaching below it (rows_cut's test)
    keys: dict[int, tuple] = {}  # body index -> its tile's key; found: -> its tile
    found: dict[int, Tile] = {}

    def lone(o: int) -> Tile:
        """Body o's own tile (cached by its look, not its place; clipped to the view when huge, cut below it)."""
        if o not in found:
            clip = (int(vx) - xs[o] - 2, int(vy - att.line) - 2, vw + 4, vh + 4) if huge[o] else \
                rows_cut(_local(att, np.array([o]), xs[o]), float(hb[o]), int(ext[o]), view_bottom) if low[o] else None
            keys[o] = key = (*base, clip, looks[o])
            was = shift.swap((*base, scale, int(att.rows[o])), key)  # (the key of its last own tile in this view)
            found[o] = cache.fetch(key, lambda: finish(_lone(_local(att, np.array([o]), xs[o]), float(hb[o]),
                                                             prot[o:o + 1], int(ext[o]), clip, theme,
                                                             moved=_moved(cache, was, key))))
        return found[o]

    seams: dict[int, tuple[Tile, int]] = {}
    for i, ((a, b), o) in enumerate(zip(rr.spans(), rr.owner.tolist())):  # a few runs per fused body
        if o == FLAT or b <= vx - 2 or a >= vx + vw + 2:
            continue
        if o != SEAM:
            lone(o)
            continue
        sel = rr.bodies[i].tolist()
        xr = xs[sel[0]]
        parts = [lone(j).ras for j in sel]  # the two or three bodies whose caps meet here (their own proteins)
        top = min(r.y0 for r in parts)
        bottom = max(r.y0 + r.f.shape[0] for r in parts)
        rect = (a - xr, top, b - a, bottom - top)
        skey = (theme.name, "seam", rect, tuple((keys[j], xs[j] - xr) for j in sel))
        loc = _local(att, np.array(sel), xr)
        seams[i] = (cache.fetch(skey, partial(_now, _seam, loc, rect, float(hb[sel[0]]), 2.0 * att.h_neck, theme)), xr)
    big = [o for o, tile in found.items() if not huge[o] and tile.ras.f.size >= AHEAD_PX]
    now = _Now(att, keep, h, hb, prot, xs, base, looks, keys, found, theme, view_bottom)
    if big:  # a big sprite (a body magnified, in the close-up): its next look foreseen, built ahead
        lumen_px = neck_lumen(world, att.rows, PORE_MIN_PX / cam.scale) * cam.scale  # the model's, unquantised
        look_ahead(cache, now, big, v.collapse[att.rows], lumen_px)
    return Fused(att, hb, prot, rr, found, seams)


def draw_tiles(screen: pygame.Surface, fz: Fused) -> None:
    """Blit each run of columns from its tile (a body's own sprite clipped to its run, or a seam)."""
    if fz.runs is None:
        return
    line = int(fz.att.line)
    spans = fz.runs.spans()
    jobs: list[tuple[pygame.Surface, tuple[int, int]] | tuple[pygame.Surface, tuple[int, int], pygame.Rect]] = []
    for seam, xr in fz.seams.values():
        jobs.append((seam.ras.img, (xr + seam.ras.x0, line + seam.ras.y0)))
    for i, o in enumerate(fz.runs.owner.tolist()):  # runs owned by one body
        tile = fz.lone.get(o)
        if tile is None:
            continue
        a, b = spans[i]
        x0 = int(fz.att.x[o]) + tile.ras.x0
        jobs.append((tile.ras.img, (a, line + tile.ras.y0), pygame.Rect(a - x0, 0, b - a, tile.ras.f.shape[0])))
    screen.blits(jobs, doreturn=False)


def cargo_points(n: np.ndarray, cx: np.ndarray, cy: np.ndarray, rho_max: np.ndarray, top: float | None = None
                 ) -> np.ndarray:
    """(sum n, 2) px: n[i] dots on a sunflower spiral within rho_max[i] of (cx[i], cy[i]) (at or below top), as
    on a closed vesicle's sprite (sprites._dots)."""
    owner = np.repeat(np.arange(n.size), n)
    k = np.arange(owner.size) - np.repeat(np.cumsum(n) - n, n)
    rho = np.maximum(rho_max, 0.0)[owner] * np.sqrt((k + 0.5) / np.maximum(n[owner], 1))
    ang = k * np.pi * (3 - np.sqrt(5))
    py = cy[owner] + rho * np.sin(ang) if top is None else np.maximum(cy[owner] + rho * np.sin(ang), top)
    return np.stack([cx[owner] + rho * np.cos(ang), py], axis=1)


_disc_sprites = SurfaceCache("cargo discs", 4 * 2**20, 512)


def _disc(r: int, colour: tuple[int, int, int]) -> pygame.Surface:
    key = (r, colour)
    img = _disc_sprites.get(key)
    if img is None:
        img = pygame.Surface((2 * r + 1, 2 * r + 1), pygame.SRCALPHA)
        pygame.draw.circle(img, colour, (r, r), r)
        _disc_sprites.put(key, img)
    return img


def blit_cargo(screen: pygame.Surface, pts: np.ndarray, small: np.ndarray, dot_r: np.ndarray, theme: Theme) -> None:
    """Cargo dots at pts as on a closed vesicle of the same size (dot_r px per dot): protein cargo larger, small
    molecules smaller, in their colours; one fblits per size and kind."""
    r = np.maximum(1, np.round(dot_r * np.where(small, 0.8, 1.25))).astype(np.int64)
    code = r * 2 + small
    for c in np.unique(code).tolist():  # a few sizes
        sel = code == c
        img = _disc(c // 2, theme.cargo if c % 2 else theme.protein_cargo)
        screen.fblits(zip(repeat(img), (np.round(pts[sel]).astype(np.int64) - c // 2).tolist()))


def draw_cargo(screen: pygame.Surface, world, fz: Fused, cam: Camera, theme: Theme) -> None:
    """Cargo still inside fused bodies: dots on a sunflower spiral in the lumen below the neck (protein dots in the
    middle, small molecules around them), as they were in the closed vesicle; a releasing body's first dots in
    its neck, on their way out."""
    pts, small, dot_r = cargo_inside(world, fz.att, fz.hb, cam)
    if len(pts):
        blit_cargo(screen, pts, small, dot_r, theme)


def cargo_inside(world, att: Attached, hb: np.ndarray, cam: Camera) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(points (m, 2) px, small molecule (m,) bool, dot radius px (m,)) of the cargo dots drawn in fused bodies."""
    v = world.ves
    n = np.minimum(v.cargo[att.rows], 24).astype(np.int64)
    depth, radius = att.caps()
    r_px = v.radius[att.rows] * cam.scale
    pts = cargo_points(n, att.x, att.line + depth, (radius - hb) * 0.7, att.line + att.h_neck + 1)
    in_neck(pts, n, att, v.stage[att.rows] == Stage.RELEASE)
    n_small = np.round(v.small[att.rows] * n / np.maximum(v.cargo[att.rows], 1)).astype(np.int64)
    k = np.arange(pts.shape[0]) - np.repeat(np.cumsum(n) - n, n)
    keep = np.repeat(r_px >= 5, n)  # a vesicle a few px wide shows no dots (as its closed sprite)
    small = k >= np.repeat(n - n_small, n)
    return pts[keep], small[keep], np.repeat(np.maximum(1.0, r_px * 0.085), n)[keep]


def in_neck(pts: np.ndarray, n: np.ndarray, att: Attached, releasing: np.ndarray) -> None:
    """Move (in place) the first half (at least NECK_DOTS) of the dots of each releasing body into its neck: a row
    across the throat of the widening pore, on their way out (the rest stay in the lumen below)."""
    if not releasing.any():
        return
    k = np.arange(pts.shape[0]) - np.repeat(np.cumsum(n) - n, n)  # rank within its body
    m = np.minimum(n, np.maximum(NECK_DOTS, (n + 1) // 2))
    owner = np.repeat(np.arange(n.size), n)
    sel = np.flatnonzero(np.repeat(releasing, n) & (k < m[owner]))
    if sel.size == 0:
        return
    o = owner[sel]
    lumen = att.lumen[o]
    frac = np.where(m[o] > 1, k[sel] / np.maximum(m[o] - 1, 1) * 2.0 - 1.0, 0.0)
    pts[sel, 0] = att.x[o] + frac * 0.6 * lumen
    pts[sel, 1] = att.line + att.h_neck + 0.45 * lumen


def mark_px(r_px: float) -> int:
    """Protein mark size on a fused or merging body of radius r_px: as on its closed sprite (sprites._proteins)."""
    return max(2, int(round(0.072 * r_px)))
