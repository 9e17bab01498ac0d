"""Draws every body, released dot and surface protein with batched blits (no per-body Python loop)."""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render import dot_stamp
from exoviz.render.scale_note import vesicle_leaflet_px
from exoviz.render.sprites import (
    BUD,
    COATED_VES,
    CORED,
    ENDOSOME,
    FADING,
    FUSING,
    ILV,
    LIPID,
    LYSOSOME,
    MARKED,
    MAX_R_PX,
    VESICLE,
    SpriteMaker,
)
from exoviz.sim.membrane_merge import FADE, ramp
from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.world import World

# Look per stage code (index = stage).
LOOK = np.full(64, VESICLE, dtype=np.int64)
LOOK[Stage.BUDDING] = BUD
for _s in (Stage.PORE, Stage.RELEASE, Stage.COLLAPSE, Stage.KISS_RELEASE, Stage.MVB_FUSION):
    LOOK[_s] = FUSING
for _s in (Stage.ILV_BUD, Stage.ILV_INSIDE, Stage.EXOSOME):
    LOOK[_s] = ILV
for _s in (Stage.ENDOSOME, Stage.ILV_BUDDING, Stage.MVB, Stage.MVB_TRANSPORT, Stage.MVB_DOCKED,
           Stage.TO_LYSOSOME):
    LOOK[_s] = ENDOSOME
LOOK[Stage.LYSOSOME_IDLE] = LYSOSOME
LOOK[Stage.DEGRADE] = FADING
LOOK[Stage.CHYLO_INSIDE] = LOOK[Stage.CHYLO_OUT] = LIPID
# Membrane turnover: pits folding in and vesicles fusing back are part of the plasma membrane (drawn with it, like
# fusing bodies; render/coat.py adds the clathrin coat); a coated vesicle sheds its coat; early endosomes, lysosomes.
for _s in (Stage.PIT, Stage.PIT_NECK, Stage.UF_PIT, Stage.RETURN_FUSE):
    LOOK[_s] = FUSING
LOOK[Stage.COATED] = COATED_VES
# The macrophage eats (sim.engulf): its cups are plasma membrane; phagosomes and macropinosomes are closed organelles;
# a bead is drawn as a solid particle.
LOOK[Stage.PHAGO_CUP] = LOOK[Stage.MACRO_CUP] = FUSING
LOOK[Stage.PHAGOSOME] = LOOK[Stage.MACROPINOSOME] = ENDOSOME
LOOK[Stage.BEAD_OUT] = LOOK[Stage.BEAD_INSIDE] = LIPID
LOOK[Stage.SORTING] = ENDOSOME
LOOK[Stage.TO_WOUND] = LYSOSOME
# Draw order: big organelles first, then vesicles, then ILVs and chylomicrons on top of their parent.
LAYER = np.array([1, 1, 2, 1, 0, 0, 1, 2, 1, 1], dtype=np.int64)  # indexed by look
_PORE = int(Stage.PORE)
_SHIFTS = (47, 37, 27, 21, 15, 10, 5, 0)  # bit offsets of (look, r, f2, f3, f4, f5, f6, f7)
_WIDTHS = (4, 10, 10, 6, 6, 5, 5, 5)
MAX_DOTS = 24  # cargo dots drawn in one body at most (the small-molecule share kept)


def pack(fields: list[np.ndarray | int]) -> np.ndarray:
    """Pack per-body key fields (each clipped to its bit width; an int: the same for every body) into one int64
    per body."""
    shape = next(f.shape for f in fields if isinstance(f, np.ndarray))
    same = 0  # the constant fields, packed once
    code = np.zeros(shape, dtype=np.int64)
    for f, s, w in zip(fields, _SHIFTS, _WIDTHS):
        hi = (1 << w) - 1
        if not isinstance(f, np.ndarray):
            same |= min(max(int(f), 0), hi) << s
            continue
        c = f.astype(np.int64)  # (a new array)
        np.minimum(c, hi, out=c)
        np.maximum(c, 0, out=c)
        c <<= s
        code |= c
    if same:
        code |= same
    return code


@lru_cache(maxsize=4096)
def unpack(code: int) -> tuple[int, ...]:
    return tuple((int(code) >> s) & ((1 << w) - 1) for s, w in zip(_SHIFTS, _WIDTHS))


def key_fields(v, idx: np.ndarray, look: np.ndarray, r: np.ndarray, cam: Camera, membrane_half_px: int,
               show_cargo: bool, show_proteins: bool, marker: bool, dense_core: bool = False
               ) -> list[np.ndarray | int]:
    """Sprite key fields (look, r, f2..f7) of bodies idx (closed bodies: fused ones are part of the plasma
    membrane, render/membrane.py): cargo dots, proteins, fade step, small-molecule dots of those cargo dots, a
    surface marker (MARKED: MHC class II on ILVs) or a dense core (CORED: insulin granules), the bilayer's drawn
    leaflet px. Fields the same for every body are ints (pack takes them once)."""
    n = idx.size
    cargo = np.minimum(v.cargo.take(idx), MAX_DOTS).astype(np.int64) if show_cargo else np.zeros(n, np.int64)
    small = np.round(v.small.take(idx) * cargo / np.maximum(v.cargo.take(idx), 1)).astype(np.int64)
    f3: np.ndarray | int = np.minimum(v.proteins.take(idx), 15) if show_proteins else 0
    f4 = np.zeros(n, np.int64)
    f6: np.ndarray | int = MARKED if marker else 0
    if dense_core:  # secretory granules (budding and closed) of a dense-core cell: core and halo
        f6 = np.full(n, f6, np.int64)
        f6[(v.kind.take(idx) == Kind.SECRETORY) & ((look == VESICLE) | (look == BUD))] = CORED
    fd = np.flatnonzero(look == FADING)
    if fd.size:
        s = idx[fd]
        f4[fd] = np.round(np.clip(v.t_stage[s] / np.maximum(v.dur[s], 1e-9), 0, 1) * 15)
    ilv = np.flatnonzero(look == ILV)  # (none outside the exosome pathway: no parents looked up)
    if ilv.size:
        par = v.parent[idx[ilv]]
        dg = ilv[(par >= 0) & (v.stage[np.maximum(par, 0)] == Stage.DEGRADE)]
        f4[dg] = np.round(ramp(v.digested[v.parent[idx[dg]]], FADE) * 15)  # ILVs digested in a lysosome fade out
    cv = np.flatnonzero(look == COATED_VES)
    if cv.size:  # f4: sixteenths of the clathrin coat still on
        s = idx[cv]
        f4[cv] = np.round(16 * (1.0 - np.clip(v.t_stage[s] / np.maximum(v.dur[s], 1e-9), 0, 1)))
    return [look, r, cargo, f3, f4, small, f6, vesicle_leaflet_px(cam)]


_seen = [np.empty(0, np.int64)]  # sorted sprite codes met lately (a few dozen): looks_of's table


def looks_of(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(codes, return_inverse=True) for codes mostly met before: each one found in a small sorted table
    of the codes of recent frames (a binary search per body instead of sorting them all)."""
    seen = _seen[0]
    at = np.searchsorted(seen, codes)
    known = seen[np.minimum(at, seen.size - 1)] == codes if seen.size else np.zeros(codes.size, dtype=bool)
    if not known.all():  # a few new looks: added to the table (emptied once it holds hundreds)
        new = np.unique(codes[~known])
        seen = _seen[0] = np.union1d(seen, new) if seen.size + new.size <= 512 else np.unique(codes)
        at = np.searchsorted(seen, codes)
    present = np.zeros(seen.size, dtype=bool)
    present[at] = True
    return seen[present], (np.cumsum(present) - 1)[at]


def interpolated(cur: np.ndarray, prev: np.ndarray, alpha: float) -> np.ndarray:
    """Positions between the last two fixed steps (render interpolation)."""
    return prev + (cur - prev) * alpha


def body_screen_positions(world: World, cam: Camera, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """(slots, (n, 2) px centres) of live bodies, interpolated (interpolated() and Camera.to_screen, one
    coordinate at a time)."""
    v = world.ves
    idx = np.flatnonzero(v.alive)
    scr = np.empty((idx.size, 2))
    vx, vy, vw, vh = cam.view
    for a, mid in ((0, vx + vw / 2), (1, vy + vh / 2)):
        scr[:, a] = _to_screen(v.pos[idx, a], v.prev[idx, a], alpha, float(cam.center[a]), cam.scale, mid)
    return idx, scr


def draw_bodies(screen: pygame.Surface, cam: Camera, world: World, alpha: float, sprites: SpriteMaker,
                membrane_half_px: int, show_cargo: bool = True, show_proteins: bool = True,
                hidden: np.ndarray | None = None, at: tuple[np.ndarray, np.ndarray] | None = None) -> int:
    """Blit every visible body in one batched call; return how many were drawn. Fused bodies are drawn with the
    plasma membrane (render/membrane.py); hidden: (capacity,) bool, more bodies drawn elsewhere as part of a
    membrane they merge with (render/lysosome_merge.py); at: this frame's body_screen_positions, if known."""
    v = world.ves
    idx, scr = at if at is not None else body_screen_positions(world, cam, alpha)
    if idx.size == 0:
        return 0
    stage = v.stage.take(idx)
    base = LOOK.take(stage)
    rf = v.radius.take(idx)
    rf *= cam.scale
    r = np.rint(rf, out=rf).astype(np.int64)
    vis = _in_view(scr, r, cam.view)
    shut = stage == _PORE
    shut &= v.pore.take(idx) <= 0  # a flickering pore shut: a closed body (sim.pore)
    vis &= (base != FUSING) | shut
    if hidden is not None:
        vis &= ~hidden.take(idx)
    giant = vis & (r > MAX_R_PX) & (base == VESICLE)
    if giant.any():  # deep in a close-up a granule is wider than any sprite: its bilayer drawn directly
        _giants(screen, sprites.theme, scr[giant], r[giant], vesicle_leaflet_px(cam) + sprites.theme.outline)
        vis &= ~giant
    r = np.clip(r, 1, MAX_R_PX, out=r)
    if not vis.all():  # (bodies off the view, fused or drawn elsewhere: usually a few, often none)
        idx, scr, r, shut, base = idx[vis], scr[vis], r[vis], shut[vis], base[vis]
    if idx.size == 0:
        return 0
    look = np.where(shut, VESICLE, base)
    marker = world.scene.exosome_part is not None and bool(world.scene.exosome.marker)  # MHC class II on ILVs
    codes = pack(key_fields(v, idx, look, r, cam, membrane_half_px, show_cargo, show_proteins, marker,
                            world.params.cell_spec.dense_core))
    # draw order: by layer, slot order within a layer (a stable sort by layer, in linear time)
    layer = LAYER.take(look)
    order = None if layer.min() == layer.max() else np.concatenate([np.flatnonzero(layer == k) for k in range(3)])
    uniq, inverse = looks_of(codes if order is None else codes.take(order))  # (one layer, as usual: slot order)
    surfs = np.empty(uniq.size, dtype=object)
    anchors = np.empty((uniq.size, 2), dtype=np.int64)
    for u, (surf, anchor) in enumerate(_sprites_of(sprites, uniq.tolist())):  # one per distinct look, not per body
        surfs[u], anchors[u] = surf, anchor
    at_px = scr.copy() if order is None else scr.take(order, axis=0)  # (scr may be the caller's: not rounded in place)
    tl = np.rint(at_px, out=at_px).astype(np.int64)
    tl -= anchors.take(inverse, axis=0)
    screen.fblits(zip(surfs.take(inverse).tolist(), zip(tl[:, 0].tolist(), tl[:, 1].tolist())))
    return int(idx.size)


_last: list = [None, None, {}]  # (sprite maker, its theme, {code: (sprite, anchor)}) of the last frame's looks


def _sprites_of(sprites: SpriteMaker, codes: list[int]) -> list[tuple[pygame.Surface, tuple[int, int]]]:
    """(sprite, anchor) of each look code: the last frame's for the looks it had (the same maker and theme make
    the same pixels; a dict look-up instead of the bounded cache's), sprites.get for the others. Only this frame's
    looks are kept."""
    old = _last[2] if _last[0] is sprites and _last[1] is sprites.theme else {}
    got = [old.get(c) or sprites.get(unpack(c)) for c in codes]
    _last[:] = [sprites, sprites.theme, dict(zip(codes, got))]
    return got


def _in_view(scr: np.ndarray, r: np.ndarray, view: tuple[int, int, int, int]) -> np.ndarray:
    """(n,) bool: bodies at scr px of radius r px reaching the view (r each side in x, 2 r in y: buds and tall
    shapes), as x - r <= right and so on, with one temporary per coordinate."""
    vx, vy, vw, vh = view
    x, y = scr[:, 0], scr[:, 1]
    tmp = np.add(x, r)
    vis = tmp >= vx
    np.subtract(x, r, out=tmp)
    vis &= tmp <= vx + vw
    r2 = r + r
    np.add(y, r2, out=tmp)
    vis &= tmp >= vy
    np.subtract(y, r2, out=tmp)
    vis &= tmp <= vy + vh
    return vis


def _giants(screen: pygame.Surface, theme, centres: np.ndarray, radii: np.ndarray, leaflet: int) -> None:
    """Closed vesicles too large for a sprite (a handful at most, in a deep close-up): cytosolic leaflet, lumenal
    leaflet and lumen as circles (the sprite's look without its cargo dots and proteins)."""
    for (x, y), r in zip(centres.tolist(), radii.tolist()):
        for colour, rr in ((theme.cyto_leaflet, r), (theme.exo_leaflet, r - leaflet), (theme.lumen, r - 2 * leaflet)):
            pygame.draw.circle(screen, colour, (x, y), max(1, rr))


def dot_columns(cam: Camera, pos: np.ndarray, prev: np.ndarray, alive: np.ndarray, alpha: float,
                kind: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """((k,) x px, (k,) y px, (k,) kind) of the live dots inside the view, interpolated, in slot order (kind may be
    a view of the dots' column: read it, never write it).

    Same arithmetic as interpolated() and Camera.to_screen, one coordinate at a time on flat arrays. Live dots
    packed in the first rows (world.dots) are read as slices; when most slots are live the work is done on all
    of them under a mask, else on the live rows gathered first.
    """
    n_live = int(np.count_nonzero(alive))
    kind = np.zeros(len(alive), np.int8) if kind is None else kind
    if n_live == 0:
        return np.empty(0), np.empty(0), np.empty(0, np.int8)
    mask = None
    if alive[:n_live].all():  # packed
        pos, prev, kind = pos[:n_live], prev[:n_live], kind[:n_live]
    elif 2 * n_live >= len(alive):
        mask = alive
    else:
        idx = np.flatnonzero(alive)
        pos, prev, kind = np.take(pos, idx, axis=0), np.take(prev, idx, axis=0), np.take(kind, idx)
    vx, vy, vw, vh = cam.view
    x, y = (_to_screen(pos[:, a], prev[:, a], alpha, float(cam.center[a]), cam.scale, mid)
            for a, mid in ((0, vx + vw / 2), (1, vy + vh / 2)))
    vis = x >= vx
    vis &= x < vx + vw
    vis &= y >= vy
    vis &= y < vy + vh
    if mask is not None:
        vis &= mask
    if vis.all():  # (every dot in view, as usual: no copies)
        return x, y, kind
    return x[vis], y[vis], kind[vis]


def _to_screen(cur: np.ndarray, prev: np.ndarray, alpha: float, centre: float, scale: float, mid: float
               ) -> np.ndarray:
    """One coordinate, interpolated and projected in place on one new array (the operations of to_screen)."""
    p = np.subtract(cur, prev)
    p *= alpha
    p += prev
    p -= centre
    p *= scale
    p += mid
    return p


def dot_positions(cam: Camera, pos: np.ndarray, prev: np.ndarray, alive: np.ndarray, alpha: float,
                  kind: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """((k, 2) float px, (k,) kind) of the live dots inside the view (dot_columns)."""
    x, y, kd = dot_columns(cam, pos, prev, alive, alpha, kind)
    return np.stack([x, y], axis=1), kd


def draw_dots(screen: pygame.Surface, cam: Camera, dots, alpha: float, sprites: tuple[pygame.Surface, ...]) -> int:
    """Draw every live released dot in view with the sprite of its kind (sprites[kind]: small molecule, protein);
    return how many. Per kind (a kind or two) one stamp into the pixel array or one fblits call, whatever the
    number of dots."""
    x, y, kind = dot_columns(cam, dots.pos, dots.prev, dots.alive, alpha, dots.kind)
    if x.size == 0:
        return 0
    xi, yi = np.rint(x, out=x).astype(np.int32), np.rint(y, out=y).astype(np.int32)  # (half the bytes of int64)
    for k, sprite in enumerate(sprites):
        sel = kind == k if k < len(sprites) - 1 else kind >= k
        n = int(np.count_nonzero(sel))
        if n == 0:
            continue
        w, h = sprite.get_size()
        if n == xi.size:  # (every dot of this kind: the others have none, so the columns can be shifted in place)
            tx, ty = xi, yi
            tx -= w // 2
            ty -= h // 2
        else:
            rows = np.flatnonzero(sel)
            tx, ty = xi.take(rows), yi.take(rows)
            tx -= w // 2
            ty -= h // 2
        _stamp_or_blit(screen, sprite, tx, ty, w, h)
    return int(xi.size)


def _stamp_or_blit(screen: pygame.Surface, sprite: pygame.Surface, tx: np.ndarray, ty: np.ndarray, w: int, h: int
                   ) -> None:
    """Put a sprite at every top-left (tx, ty), in this order: over a crowded box a sprite of one colour, or of
    nested shapes of one colour each (an outlined dot), is stamped into the pixel array (dot_stamp: the very pixels
    the blits would give) when that is cheaper; else one fblits call."""
    layers = dot_stamp.layers_of(sprite)
    if layers is not None and tx.size:
        clip = screen.get_clip()
        ext = (int(tx.min()), int(ty.min()), int(tx.max()), int(ty.max()))
        box = (min(clip.w, ext[2] - ext[0] + w), min(clip.h, ext[3] - ext[1] + h))
        if dot_stamp.worth_it(screen, tx.size, box, layers):
            if len(layers) == 1:
                dot_stamp.stamp(screen, layers[0], tx, ty, ext)
            else:
                dot_stamp.stamp_layers(screen, layers, tx, ty, ext)
            return
    screen.fblits(zip(repeat(sprite), zip(tx.tolist(), ty.tolist())))


DOT_KEY = (255, 0, 255)  # colour key of dot sprites (transparent); never a theme colour


def dot_sprite(color: tuple[int, int, int], radius: int, outline: tuple[int, int, int] | None = None
               ) -> pygame.Surface:
    """A filled disc (with a 1 px outline ring when given) on an opaque colour-keyed square.

    The circles are drawn without anti-aliasing, so every pixel is either the disc or transparent: the
    colour key gives the same pixels as a per-pixel-alpha sprite at about half the blit cost, RLE-encoded.
    """
    key = DOT_KEY if DOT_KEY not in (tuple(color), outline) else (0, 255, 1)
    surf = pygame.Surface((2 * radius + 2, 2 * radius + 2))
    surf.fill(key)
    if outline is not None:
        pygame.draw.circle(surf, outline, (radius + 1, radius + 1), radius + 1)
    pygame.draw.circle(surf, color, (radius + 1, radius + 1), radius)
    surf.set_colorkey(key, pygame.RLEACCEL)
    return surf


def lamp_sprite(color: tuple[int, int, int], edge: tuple[int, int, int], size: int) -> pygame.Surface:
    """LAMP-1 on the surface: a lollipop (a stalk and its large glycosylated head) standing on the membrane, so it
    differs from the other proteins' triangles by shape as well as colour."""
    surf = pygame.Surface((2 * size + 3, 3 * size + 2), pygame.SRCALPHA)
    cx = size + 1
    pygame.draw.line(surf, edge, (cx, 3 * size + 1), (cx, size), max(2, size // 3))
    pygame.draw.circle(surf, edge, (cx, size + 1), size + 1)
    pygame.draw.circle(surf, color, (cx, size + 1), size)
    return surf


def protein_sprite(color: tuple[int, int, int], size: int, up: bool = True) -> pygame.Surface:
    """A small triangle standing on the membrane, pointing away from it."""
    surf = pygame.Surface((2 * size + 1, 2 * size + 1), pygame.SRCALPHA)
    tip_y, base_y = (0, 2 * size) if up else (2 * size, 0)
    pygame.draw.polygon(surf, color, ((0, base_y), (size, tip_y), (2 * size, base_y)))
    return surf
