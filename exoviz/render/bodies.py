"""Draws every body, released dot and surface protein with batched blits (no per-body Python loop)."""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render import dot_stamp
from exoviz.render.sprites import BUD, ENDOSOME, FADING, FUSING, ILV, LYSOSOME, MAX_R_PX, VESICLE, SpriteCache
from exoviz.sim.stages import Stage

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
# Draw order: big organelles first, then vesicles, then ILVs on top of their MVB.
LAYER = np.array([1, 1, 2, 1, 0, 0, 1], dtype=np.int64)  # indexed by look
_SHIFTS = (42, 32, 22, 16, 10, 5, 0)  # bit offsets of (look, r, f2, f3, f4, f5, f6)
_WIDTHS = (4, 10, 10, 6, 6, 5, 5)


def pack(fields: list[np.ndarray]) -> np.ndarray:
    """Pack per-body key fields (each clipped to its bit width) into one int64 per body."""
    code = np.zeros(fields[0].shape, dtype=np.int64)
    for f, s, w in zip(fields, _SHIFTS, _WIDTHS):
        code |= np.clip(f.astype(np.int64), 0, (1 << w) - 1) << s
    return code


@lru_cache(maxsize=4096)
def unpack(code: int) -> tuple[int, ...]:
    return tuple((int(code) >> s) & ((1 << w) - 1) for s, w in zip(_SHIFTS, _WIDTHS))


def key_fields(v, idx: np.ndarray, look: np.ndarray, r: np.ndarray, scale: float, membrane_half_px: int,
               show_cargo: bool, show_proteins: bool) -> list[np.ndarray]:
    """Sprite key fields (look, r, f2..f6) of bodies idx. Closed bodies: cargo, proteins, fade step.
    Fusing bodies: pore px, collapse in 16ths, cargo, proteins, membrane half-thickness px."""
    n = idx.size
    f2 = np.minimum(v.cargo[idx], 24).astype(np.int64) if show_cargo else np.zeros(n, np.int64)
    f3 = np.minimum(v.proteins[idx], 15).astype(np.int64) if show_proteins else np.zeros(n, np.int64)
    f4, f5, f6 = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
    fd = np.flatnonzero(look == FADING)
    if fd.size:
        s = idx[fd]
        f4[fd] = np.round(np.clip(v.t_stage[s] / np.maximum(v.dur[s], 1e-9), 0, 1) * 15)
    fu = np.flatnonzero(look == FUSING)
    if fu.size:
        s = idx[fu]
        f4[fu], f5[fu] = f2[fu], f3[fu]
        f2[fu] = np.maximum(np.round(v.pore[s] * scale), 1)
        f3[fu] = np.round(v.collapse[s] * 16)
        f6[fu] = membrane_half_px
    return [look, r, f2, f3, f4, f5, f6]


def interpolated(cur: np.ndarray, prev: np.ndarray, alpha: float) -> np.ndarray:
    """Positions between the last two fixed steps (render interpolation)."""
    return prev + (cur - prev) * alpha


def body_screen_positions(world, cam: Camera, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """(slots, (n, 2) px centres) of live bodies, interpolated."""
    v = world.ves
    idx = np.flatnonzero(v.alive)
    return idx, cam.to_screen(interpolated(v.pos[idx], v.prev[idx], alpha))


def draw_bodies(screen: pygame.Surface, cam: Camera, world, alpha: float, sprites: SpriteCache,
                membrane_half_px: int, show_cargo: bool = True, show_proteins: bool = True) -> int:
    """Blit every visible body in one batched call; return how many were drawn."""
    v = world.ves
    idx, scr = body_screen_positions(world, cam, alpha)
    if idx.size == 0:
        return 0
    r = np.minimum(np.round(v.radius[idx] * cam.scale), MAX_R_PX).astype(np.int64)
    vx, vy, vw, vh = cam.view
    vis = ((scr[:, 0] + r >= vx) & (scr[:, 0] - r <= vx + vw) & (scr[:, 1] + 2 * r >= vy)
           & (scr[:, 1] - 2 * r <= vy + vh))
    idx, scr, r = idx[vis], scr[vis], np.maximum(r[vis], 1)
    if idx.size == 0:
        return 0
    look = LOOK[v.stage[idx]]
    codes = pack(key_fields(v, idx, look, r, cam.scale, membrane_half_px, show_cargo, show_proteins))
    # draw order: by layer, slot order within a layer (a stable sort by layer, in linear time)
    layer = LAYER[look]
    order = np.concatenate([np.flatnonzero(layer == k) for k in range(3)])
    codes, scr, fus = codes[order], scr[order], look[order] == FUSING
    # Fusing bodies hang from the membrane: their sprite's anchor is the membrane point above them.
    scr[fus, 1] = cam.y_to_screen(world.scene.membrane_y)
    uniq, inverse = np.unique(codes, return_inverse=True)
    surfs = np.empty(uniq.size, dtype=object)
    anchors = np.empty((uniq.size, 2), dtype=np.int64)
    for u, code in enumerate(uniq.tolist()):  # one sprite per distinct look, not per body
        surfs[u], anchors[u] = sprites.get(unpack(code))
    topleft = np.round(scr).astype(np.int64) - anchors[inverse]
    screen.fblits(zip(surfs[inverse], zip(topleft[:, 0].tolist(), topleft[:, 1].tolist())))
    return int(idx.size)


def dot_positions(cam: Camera, pos: np.ndarray, prev: np.ndarray, alive: np.ndarray, alpha: float
                  ) -> np.ndarray:
    """(k, 2) float px of the live dots inside the view, interpolated, in slot order.

    Same arithmetic as interpolated() and Camera.to_screen, done in place on one work array; when most
    slots are live it works on all of them under a mask instead of gathering the live rows first.
    """
    n_live = int(np.count_nonzero(alive))
    if n_live == 0:
        return np.empty((0, 2))
    dense = 2 * n_live >= len(alive)
    if dense:
        p, q = pos - prev, prev
    else:
        idx = np.flatnonzero(alive)
        q = np.take(prev, idx, axis=0)
        p = np.take(pos, idx, axis=0)
        p -= q
    p *= alpha
    p += q
    vx, vy, vw, vh = cam.view
    p -= cam.center
    p *= cam.scale
    p += np.array([vx + vw / 2, vy + vh / 2])
    x, y = p[:, 0], p[:, 1]
    vis = (x >= vx) & (x < vx + vw) & (y >= vy) & (y < vy + vh)
    if dense:
        vis &= alive
    return p[vis]


def draw_dots(screen: pygame.Surface, cam: Camera, pos: np.ndarray, prev: np.ndarray, alive: np.ndarray,
              alpha: float, sprite: pygame.Surface) -> int:
    """Blit one small sprite at every live dot in view (released cargo, transmitter); return how many.

    Culled first; the positions go to fblits as two flat int lists zipped (no (n, 2) nested list, which
    costs more than the blits). With the opaque colour-keyed sprite of dot_sprite, 50,000 dots take a few ms.
    A one-colour sprite over a crowded box is stamped into the pixel array instead (dot_stamp): same pixels.
    """
    scr = dot_positions(cam, pos, prev, alive, alpha)
    if len(scr) == 0:
        return 0
    w, h = sprite.get_size()
    np.rint(scr, out=scr)
    tl = scr.astype(np.int64)
    tl -= np.array([w // 2, h // 2])
    shape = dot_stamp.shape_of(sprite)
    if shape is not None:  # one colour: the union of the sprites, in the pixel array, when cheaper than blits
        clip = screen.get_clip()
        box = (min(clip.w, int(np.ptp(tl[:, 0])) + w), min(clip.h, int(np.ptp(tl[:, 1])) + h))
        if dot_stamp.worth_it(screen, len(tl), box):
            dot_stamp.stamp(screen, shape, tl[:, 0], tl[:, 1])
            return len(tl)
    screen.fblits(zip(repeat(sprite), zip(tl[:, 0].tolist(), tl[:, 1].tolist())))
    return len(tl)


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


def protein_sprite(color: tuple[int, int, int], size: int, up: bool = True) -> pygame.Surface:
    """A small triangle standing on the membrane, pointing away from it."""
    surf = pygame.Surface((2 * size + 1, 2 * size + 1), pygame.SRCALPHA)
    tip_y, base_y = (0, 2 * size) if up else (2 * size, 0)
    pygame.draw.polygon(surf, color, ((0, base_y), (size, tip_y), (2 * size, base_y)))
    return surf
