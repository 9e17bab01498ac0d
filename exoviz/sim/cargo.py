"""Shared cargo rules: letting dots out of vesicles through a pore, and moving released dots."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.state import PROTEIN, SMALL

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World


def leak(world: World, idx: np.ndarray, rate_per_s: np.ndarray | float, dt: float,
         spread_nm: np.ndarray | float, exit_y: float, proteins: np.ndarray | bool = True) -> np.ndarray:
    """Release cargo dots from vesicles idx through their pores; return dots released per vesicle.

    Each dot leaves independently with probability 1 - exp(-rate*dt) this step (a binomial draw per
    vesicle and cargo kind, so no loop over dots). The pore is a size filter: small-molecule dots may always
    leave, protein dots only where `proteins` is True (per vesicle, or for all). New dots appear at the pore
    mouth: x within +-spread of the vesicle's x, at height exit_y (nm).
    """
    if idx.size == 0:
        return np.zeros(0, dtype=np.int64)
    ves = world.ves
    p = np.broadcast_to(1.0 - np.exp(-np.asarray(rate_per_s, dtype=np.float64) * dt), idx.shape)
    small = ves.small[idx]
    out_small = world.rng.binomial(small, p)
    out_prot = world.rng.binomial(np.where(proteins, ves.cargo[idx] - small, 0), p)
    out = out_small + out_prot
    emit(world, idx, out, spread_nm, exit_y, small=out_small)
    return out


def emit(world: World, idx: np.ndarray, counts: np.ndarray, spread_nm: np.ndarray | float,
         exit_y: float, small: np.ndarray | None = None) -> None:
    """Move counts[i] dots from vesicle idx[i] to the outside at its pore mouth (ledger included).

    small[i] of them are small molecules, the rest protein (default: the vesicle's small molecules first).
    """
    total = int(counts.sum())
    if total == 0:
        return
    ves = world.ves
    if small is None:
        small = np.minimum(counts, ves.small[idx])
    if world.amp is not None:  # an electrode records the catecholamine leaving each pore
        world.amp.record(world, idx, small)
    ves.cargo[idx] -= counts.astype(ves.cargo.dtype)
    ves.small[idx] -= small.astype(ves.small.dtype)
    src = np.repeat(idx, counts)
    rank = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)  # 0.. within each vesicle
    kind = np.where(rank < np.repeat(small, counts), SMALL, PROTEIN).astype(np.int8)
    spread = np.repeat(np.broadcast_to(np.asarray(spread_nm, dtype=np.float64), idx.shape), counts)
    at = np.empty((total, 2))
    at[:, 0] = ves.pos[src, 0] + world.rng.uniform(-1.0, 1.0, total) * spread
    at[:, 1] = exit_y
    world.dots.emit(at, kind)
    world.ledger.cargo_released += total


def stream_out(world: World, dt: float, speed_nm_s: float, fresh_s: float) -> np.ndarray:
    """Dots released less than fresh_s ago move straight out of their pore (up, -y) at speed_nm_s: the plume of a
    release. Returns the rows (sorted) of the live dots streaming (diffusion leaves them be)."""
    d = world.dots
    n = d.n
    fresh = np.flatnonzero(d.age[:n] < fresh_s)  # a few hundred at most: indexed, not masked over all n
    if fresh.size:
        d.pos[fresh, 1] -= speed_nm_s * dt
    return fresh


def diffuse_outside(world: World, dt: float, d_nm2_s: float, floor_y: float, ceiling_y: float = -np.inf,
                    flow_nm_s: float = 0.0, skip: np.ndarray | None = None) -> None:
    """Brownian motion of released dots between ceiling_y and floor_y (reflected at both: a lumen's far wall,
    the membrane), carried sideways by a flow (nm/s, +x: a lumen draining into its duct); drop dots that leave
    the view. skip: rows (or an (n,) bool mask) of dots that do not diffuse this step (still streaming out of
    their pore: stream_out). The live dots are the first rows of world.dots: every rule works on those slices in
    place, the random steps drawn into the dots' reused buffer (world.dots.noise: the same draws as a new array).
    """
    dots = world.dots
    n = dots.n
    if n == 0:
        return
    dots.age[:n] += dt
    p = dots.pos[:n]
    step = dots.noise(world.rng, n)
    step *= np.sqrt(2.0 * d_nm2_s * dt)
    if skip is not None:
        step[skip] = 0.0  # streaming out of a pore (stream_out)
    p += step
    x, y = p[:, 0], p[:, 1]
    if flow_nm_s:
        x += flow_nm_s * dt
    tmp = step[:, 0]  # (a scratch column now)
    np.subtract(y, floor_y, out=tmp)
    np.subtract(floor_y, np.abs(tmp, out=tmp), out=y)  # reflected at floor_y: y > floor_y becomes 2 floor_y - y
    if ceiling_y > -np.inf:
        np.subtract(y, ceiling_y, out=tmp)
        np.add(ceiling_y, np.abs(tmp, out=tmp), out=y)  # and at ceiling_y from below
    out = y < 0
    out |= x < 0
    out |= x > world.scene.width
    if out.any():
        dots.remove(np.flatnonzero(out))
