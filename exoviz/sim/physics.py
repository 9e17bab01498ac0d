"""Vectorized motion rules: Brownian jitter, directed transport, overlap removal, confinement."""

from __future__ import annotations

import math

import numpy as np

from exoviz.sim.neighbours import near_pairs
from exoviz.sim.relaxation import Limits, Solver
from exoviz.sim.verlet import NeighbourList

__all__ = ["NeighbourList", "clamp_box", "head_to_membrane", "jitter", "kick", "near_pairs", "overlaps", "relax",
           "separate", "sigma_nm"]

GAP_NM = 1.0  # kept free between the surfaces of touching bodies
TOLERANCE_NM = 0.5  # relaxation stops once no pair overlaps by more than this (overlap: contact + gap - distance)


# -- Brownian motion ---------------------------------------------------------------------------
def jitter(pos: np.ndarray, idx: np.ndarray, d_nm2_s: float | np.ndarray, dt: float,
           rng: np.random.Generator, drift: np.ndarray | None = None) -> None:
    """Add a Brownian displacement, variance 2*D*dt per axis, to rows idx of pos ((n, 2) nm), plus drift
    ((len(idx), 2) nm, e.g. motor transport over the step) if given."""
    if idx.size == 0:
        return
    kick(pos, idx, np.sqrt(2.0 * np.asarray(d_nm2_s, dtype=np.float64) * dt), rng, drift)


def sigma_nm(d_nm2_s: float, dt: float) -> float:
    """The Brownian displacement's standard deviation per axis over dt, nm: exactly what jitter computes for D."""
    return math.sqrt(2.0 * d_nm2_s * dt)


def kick(pos: np.ndarray, idx: np.ndarray, sigma: float | np.ndarray, rng: np.random.Generator,
         drift: np.ndarray | None = None) -> None:
    """jitter with the standard deviation per axis given (nm, one or (len(idx),)) instead of D."""
    if idx.size == 0:
        return
    sigma = np.asarray(sigma, dtype=np.float64)
    if sigma.ndim:
        sigma = sigma[:, None]
    step = rng.standard_normal((idx.size, 2)) * sigma
    if drift is not None:
        step += drift
    for axis in (0, 1):  # one column at a time: NumPy's (n, 2) fancy indexing is several times slower
        col = pos[:, axis]
        col[idx] += step[:, axis]


# -- directed transport ------------------------------------------------------------------------
def head_to_membrane(vel: np.ndarray, idx: np.ndarray, speed_nm_s: tuple[float, float], lateral: float,
                     rng: np.random.Generator) -> None:
    """Motor-driven velocity (nm/s) toward the plasma membrane (up, -y) for rows idx: a speed drawn from
    speed_nm_s per row, with a sideways component up to +-lateral of it."""
    speed = rng.uniform(*speed_nm_s, idx.size)
    vel[idx, 0] = rng.uniform(-lateral, lateral, idx.size) * speed
    vel[idx, 1] = -speed


# -- overlap removal over a Verlet neighbour list ----------------------------------------------------------------
def relax(pos: np.ndarray, radius: np.ndarray, movers: np.ndarray, held: np.ndarray, *, iterations: int,
          box: tuple[float, float, float, float] | None = None, half: np.ndarray | None = None,
          pin_y: tuple[np.ndarray, np.ndarray] | None = None,
          within: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None, group: np.ndarray | None = None,
          nlist: NeighbourList | None = None, gap: float = GAP_NM, tolerance: float = TOLERANCE_NM) -> np.ndarray:
    """Held bodies push, movers take the correction: remove overlaps among movers and held rows, in place.

    pos (capacity, 2) and radius (capacity,) in nm; movers and held are disjoint slot arrays. Held rows keep
    their position exactly (mobility 0); rows in `half` (movers pinned in one direction, e.g. docked) move
    with mobility 0.5, other movers with 1; a pair shares each correction by mobility. Movers stay wholly
    inside `box` (x0, y0, x1, y1); pin_y (slots, y) fixes those rows' y; within (slots, centres (k, 2),
    room (k,)) keeps those rows' centres at most room from their centre. `group` keeps bodies of different
    groups from meeting (ILVs of different MVBs). `gap` (nm) is kept free between surfaces.

    Jacobi passes push overlapping pairs apart along their centre lines until no pair overlaps (contact +
    gap - distance) by more than `tolerance`, at most `iterations` passes. Pairs come from `nlist`, a Verlet
    list the caller keeps from step to step (one per call site; a fresh one each call if None); only pairs
    near contact and their bodies take part in the passes (exoviz.sim.relaxation).
    Returns (capacity,) bool: rows that overlapped a neighbour at the start.
    """
    movers, held = np.asarray(movers, dtype=np.intp), np.asarray(held, dtype=np.intp)
    rows = np.concatenate((movers, held))
    rows.sort(kind="stable")  # two sorted runs: a merge
    jammed = np.zeros(len(pos), dtype=bool)
    if rows.size == 0:
        return jammed
    nl = nlist if nlist is not None else NeighbourList()
    nl.use_rows(rows, None if group is None else group[rows], len(pos))
    q = pos.take(rows, axis=0)  # whole rows (16 bytes each): ~2x faster than gathering each column
    p = np.empty((2, rows.size))
    p[0], p[1] = q[:, 0], q[:, 1]
    r = radius.take(rows)
    limits = Limits(nl.slot_of, r, movers, held, half, box, pin_y, within)
    limits.clamp(p)
    hit = Solver(nl, p, r, limits, gap).run(iterations, tolerance)
    jammed[rows[hit]] = True
    pos[:, 0][rows] = p[0]
    pos[:, 1][rows] = p[1]
    return jammed


def separate(pos: np.ndarray, radius: np.ndarray, idx: np.ndarray, group: np.ndarray | None = None,
             iterations: int = 2, gap: float = GAP_NM) -> np.ndarray:
    """Push apart overlapping discs among rows idx (all free to move), in place; at most `iterations` passes.

    Returns (len(idx),) bool: the discs that overlapped a neighbour before relaxing.
    """
    idx = np.asarray(idx, dtype=np.intp)
    return relax(pos, radius, idx, np.empty(0, dtype=np.intp), iterations=iterations, group=group, gap=gap)[idx]


def overlaps(pos: np.ndarray, radius: np.ndarray, idx: np.ndarray, group: np.ndarray | None = None,
             tolerance: float = 0.0) -> int:
    """Count pairs among rows idx whose centres are closer than (1 - tolerance) * (r_i + r_j)."""
    if idx.size < 2:
        return 0
    r = radius[idx]
    i, j = near_pairs(pos[idx], r * (1.0 - tolerance), None if group is None else group[idx])
    return int(i.size)

# -- confinement -------------------------------------------------------------------------------
def clamp_box(pos: np.ndarray, radius: np.ndarray, idx: np.ndarray,
              box: tuple[float, float, float, float]) -> None:
    """Keep discs idx wholly inside box (x0, y0, x1, y1), nm."""
    if idx.size == 0:
        return
    x0, y0, x1, y1 = box
    r = radius[idx]
    lo_x, lo_y = x0 + r, y0 + r  # np.minimum(np.maximum()) is np.clip without its per-call overhead
    pos[idx, 0] = np.minimum(np.maximum(pos[idx, 0], lo_x), np.maximum(x1 - r, lo_x))
    pos[idx, 1] = np.minimum(np.maximum(pos[idx, 1], lo_y), np.maximum(y1 - r, lo_y))
