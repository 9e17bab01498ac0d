"""Draws every body, released dot and surface protein with batched blits (no per-body Python loop)."""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.sprites import BUD, ENDOSOME, FADING, FUSING, ILV, LYSOSOME, MAX_R_PX, VESICLE, SpriteCache
from exoviz.sim.membrane_merge import FADE, ramp
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


def unpack(code: int) -> tuple[int, ...]:
    return tuple((int(code) >> s) & ((1 << w) - 1) for s, w in zip(_SHIFTS, _WIDTHS))


def interpolated(cur: np.ndarray, prev: np.ndarray, alpha: float) -> np.ndarray:
    """Positions between the last two fixed steps (render interpolation)."""
    return prev + (cur - prev) * alpha


def body_screen_positions(world, cam: Camera, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """(slots, (n, 2) px centres) of live bodies, interpolated."""
    v = world.ves
    idx = np.flatnonzero(v.alive)
    return idx, cam.to_screen(interpolated(v.pos[idx], v.prev[idx], alpha))


def draw_bodies(screen: pygame.Surface, cam: Camera, world, alpha: float, sprites: SpriteCache,
                membrane_half_px: int, show_cargo: bool = True, show_proteins: bool = True,
                hidden: np.ndarray | None = None) -> int:
    """Blit every visible body in one batched call; return how many were drawn. hidden: (capacity,) bool, bodies
    drawn elsewhere as part of a membrane they merge with (render/lysosome_merge.py)."""
    v = world.ves
    idx, scr = body_screen_positions(world, cam, alpha)
    if idx.size == 0:
        return 0
    r = np.minimum(np.round(v.radius[idx] * cam.scale), MAX_R_PX).astype(np.int64)
    vx, vy, vw, vh = cam.view
    vis = ((scr[:, 0] + r >= vx) & (scr[:, 0] - r <= vx + vw) & (scr[:, 1] + 2 * r >= vy)
           & (scr[:, 1] - 2 * r <= vy + vh))
    vis &= LOOK[v.stage[idx]] != FUSING  # fused bodies are part of the plasma membrane (render/membrane.py)
    if hidden is not None:
        vis &= ~hidden[idx]
    idx, scr, r = idx[vis], scr[vis], np.maximum(r[vis], 1)
    if idx.size == 0:
        return 0
    stage = v.stage[idx]
    look = LOOK[stage]
    cargo = np.minimum(v.cargo[idx], 24) if show_cargo else np.zeros(idx.size, dtype=np.int64)
    prot = np.minimum(v.proteins[idx], 15) if show_proteins else np.zeros(idx.size, dtype=np.int64)
    fade = np.where(look == FADING, np.round(np.clip(v.t_stage[idx] / np.maximum(v.dur[idx], 1e-9), 0, 1) * 15),
                    0)
    par = np.maximum(v.parent[idx], 0)
    digesting = (look == ILV) & (v.parent[idx] >= 0) & (v.stage[par] == Stage.DEGRADE)
    fade = np.where(digesting, np.round(ramp(v.digested[par], FADE) * 15), fade)  # ILVs digested in a lysosome
    zero = np.zeros(idx.size)
    codes = pack([look, r, cargo, prot, fade, zero, zero])
    order = np.argsort(LAYER[look], kind="stable")
    codes, scr = codes[order], scr[order]
    uniq, inverse = np.unique(codes, return_inverse=True)
    surfs = np.empty(uniq.size, dtype=object)
    anchors = np.empty((uniq.size, 2), dtype=np.int64)
    for u, code in enumerate(uniq):  # one sprite per distinct look, not per body
        surfs[u], anchors[u] = sprites.get(unpack(code))
    topleft = (np.round(scr).astype(np.int64) - anchors[inverse]).tolist()
    screen.fblits(zip(surfs[inverse], topleft))
    return int(idx.size)


def draw_dots(screen: pygame.Surface, cam: Camera, pos: np.ndarray, prev: np.ndarray, alive: np.ndarray,
              alpha: float, sprite: pygame.Surface) -> int:
    """Blit one small sprite at every live dot (released cargo, transmitter)."""
    idx = np.flatnonzero(alive)
    if idx.size == 0:
        return 0
    scr = cam.to_screen(interpolated(pos[idx], prev[idx], alpha))
    vx, vy, vw, vh = cam.view
    vis = (scr[:, 0] >= vx) & (scr[:, 0] < vx + vw) & (scr[:, 1] >= vy) & (scr[:, 1] < vy + vh)
    half = np.array(sprite.get_size()) // 2
    tl = (np.round(scr[vis]).astype(np.int64) - half).tolist()
    screen.fblits(zip(repeat(sprite), tl))
    return len(tl)


def dot_sprite(color: tuple[int, int, int], radius: int, outline: tuple[int, int, int] | None = None
               ) -> pygame.Surface:
    surf = pygame.Surface((2 * radius + 2, 2 * radius + 2), pygame.SRCALPHA)
    if outline is not None:
        pygame.draw.circle(surf, outline, (radius + 1, radius + 1), radius + 1)
    pygame.draw.circle(surf, color, (radius + 1, radius + 1), radius)
    return surf


def protein_sprite(color: tuple[int, int, int], size: int, up: bool = True) -> pygame.Surface:
    """A small triangle standing on the membrane, pointing away from it."""
    surf = pygame.Surface((2 * size + 1, 2 * size + 1), pygame.SRCALPHA)
    tip_y, base_y = (0, 2 * size) if up else (2 * size, 0)
    pygame.draw.polygon(surf, color, ((0, base_y), (size, tip_y), (2 * size, base_y)))
    return surf
