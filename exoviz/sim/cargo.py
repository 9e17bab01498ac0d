"""Shared cargo rules: letting dots out of vesicles through a pore, and moving released dots."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from exoviz.sim.world import World


def leak(world: World, idx: np.ndarray, rate_per_s: np.ndarray | float, dt: float,
         spread_nm: np.ndarray | float, exit_y: float) -> np.ndarray:
    """Release cargo dots from vesicles idx through their pores; return dots released per vesicle.

    Each dot leaves independently with probability 1 - exp(-rate*dt) this step (a binomial draw per
    vesicle, so no loop over dots). New dots appear at the pore mouth: x within +-spread of the
    vesicle's x, at height exit_y (nm).
    """
    if idx.size == 0:
        return np.zeros(0, dtype=np.int64)
    ves = world.ves
    p = 1.0 - np.exp(-np.asarray(rate_per_s, dtype=np.float64) * dt)
    out = world.rng.binomial(ves.cargo[idx], np.broadcast_to(p, idx.shape))
    emit(world, idx, out, spread_nm, exit_y)
    return out


def emit(world: World, idx: np.ndarray, counts: np.ndarray, spread_nm: np.ndarray | float,
         exit_y: float) -> None:
    """Move counts[i] dots from vesicle idx[i] to the outside at its pore mouth (ledger included)."""
    total = int(counts.sum())
    if total == 0:
        return
    ves = world.ves
    ves.cargo[idx] -= counts.astype(ves.cargo.dtype)
    src = np.repeat(idx, counts)
    spread = np.repeat(np.broadcast_to(np.asarray(spread_nm, dtype=np.float64), idx.shape), counts)
    at = np.empty((total, 2))
    at[:, 0] = ves.pos[src, 0] + world.rng.uniform(-1.0, 1.0, total) * spread
    at[:, 1] = exit_y
    world.dots.emit(at)
    world.ledger.cargo_released += total


def diffuse_outside(world: World, dt: float, d_nm2_s: float, floor_y: float) -> None:
    """Brownian motion of released dots above floor_y (reflected there); drop dots that leave the view.

    The live dots are the first rows of world.dots: every rule works on those slices in place.
    """
    dots = world.dots
    n = dots.n
    if n == 0:
        return
    dots.age[:n] += dt
    p = dots.pos[:n]
    p += world.rng.standard_normal((n, 2)) * np.sqrt(2.0 * d_nm2_s * dt)
    x, y = p[:, 0], p[:, 1]
    np.subtract(floor_y, np.abs(y - floor_y), out=y)  # reflected at floor_y: y > floor_y becomes 2 floor_y - y
    dots.remove(np.flatnonzero((y < 0) | (x < 0) | (x > world.scene.width)))
