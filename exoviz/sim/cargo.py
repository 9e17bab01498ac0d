"""Shared cargo rules: letting dots out of vesicles through a pore, and moving released dots."""

from __future__ import annotations

from functools import lru_cache
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
    p = 1.0 - np.exp(-np.asarray(rate_per_s, dtype=np.float64) * dt)  # (one rate: a scalar, as binomial takes it)
    if p.ndim:
        p = np.broadcast_to(p, idx.shape)
    small = ves.small.take(idx)
    out_small = world.rng.binomial(small, p)
    if proteins is False:  # (a binomial of 0 trials draws nothing from the generator)
        out = out_small.copy()
    else:
        out = out_small + world.rng.binomial(np.where(proteins, ves.cargo[idx] - small, 0), p)
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
    if np.array_equal(small, counts):  # small molecules only (a narrow pore)
        kind = np.full(total, SMALL, dtype=np.int8)
    else:
        rank = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)  # 0.. within each vesicle
        kind = np.where(rank < np.repeat(small, counts), SMALL, PROTEIN).astype(np.int8)
    spread_nm = np.asarray(spread_nm, dtype=np.float64)
    spread = np.repeat(spread_nm if spread_nm.ndim else np.broadcast_to(spread_nm, idx.shape), counts)
    at = np.empty((total, 2))
    at[:, 0] = ves.pos[src, 0] + world.rng.uniform(-1.0, 1.0, total) * spread
    at[:, 1] = exit_y
    world.dots.emit(at, kind)
    world.ledger.cargo_released += total


def stream_out(world: World, dt: float, speed_nm_s: float, fresh_s: float) -> np.ndarray:
    """Dots released less than fresh_s ago move straight out of their pore (up, -y) at speed_nm_s: the plume of a
    release. Returns the live dots streaming (diffusion leaves them be): their rows (sorted), or an (n,) bool mask
    when they are many (a burst of releases: a pass over all is then cheaper than indexing them)."""
    d = world.dots
    n = d.n
    fresh = d.age[:n] < fresh_s
    k = int(np.count_nonzero(fresh))
    if 8 * k > n:
        y = d.pos[:n, 1]
        np.subtract(y, speed_nm_s * dt, out=y, where=fresh)
        return fresh
    rows = np.flatnonzero(fresh)  # usually a few hundred at most: indexed, not masked over all n
    if rows.size:
        d.pos[rows, 1] -= speed_nm_s * dt
    return rows


def _normal_quantiles(k: int = 1 << 16) -> np.ndarray:
    """The standard normal's quantiles at the middles of k equally likely bins, (i + 1/2) / k (Acklam's rational
    approximation, relative error ~1e-9), rescaled to exactly mean 0 and variance 1: a uniformly drawn entry is a
    normal step quantised to k equally likely values (tails cut at 4.3 sd, a 1-in-60,000 draw)."""
    a = (-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.383577518672690e2,
         -3.066479806614716e1, 2.506628277459239)
    b = (-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1)
    c = (-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
         2.938163982698783)
    d = (7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416)
    u = (np.arange(k // 2) + 0.5) / k  # the lower half; the upper half mirrors it
    low = u < 0.02425
    q = np.sqrt(-2.0 * np.log(np.where(low, u, 0.5)))
    tail = np.polyval(c, q) / (np.polyval(d, q) * q + 1.0)
    t = u - 0.5
    r = t * t
    mid = np.polyval(a, r) * t / (np.polyval(b, r) * r + 1.0)
    half = np.where(low, tail, mid)
    z = np.concatenate([half, -half[::-1]])
    return z / np.sqrt(np.mean(z * z))


NORMAL_TABLE = _normal_quantiles().astype(np.float32)  # 65,536 values: 256 kB, read at random from cache


@lru_cache(maxsize=8)
def _scaled(sd: float) -> np.ndarray:
    """NORMAL_TABLE * sd (diffusion keeps one sd per mode)."""
    return NORMAL_TABLE * np.float32(sd)


def normal_steps(rng: np.random.Generator, n: int, sd: float) -> np.ndarray:
    """(n, 2) float32 random steps of standard deviation sd: 16 random bits per coordinate (from the generator's
    raw 64-bit draws: n / 2 of them, four coordinates each) pick one of NORMAL_TABLE's 65,536 equally likely
    normal quantiles. Statistically a normal step (variance exact, tails cut at 4.3 sd), at about a fifth of the
    cost of rng.standard_normal; the same seed gives the same steps."""
    bits = rng.bit_generator.random_raw((n + 1) // 2).view(np.uint16)[:2 * n].reshape(n, 2)
    return np.take(_scaled(sd), bits)


def diffuse_outside(world: World, dt: float, d_nm2_s: float, floor_y: float, ceiling_y: float = -np.inf,
                    flow_nm_s: float = 0.0, skip: np.ndarray | None = None) -> None:
    """Brownian motion of released dots between ceiling_y and floor_y (reflected at both: a lumen's far wall,
    the membrane), carried sideways by a flow (nm/s, +x: a lumen draining into its duct); drop dots that leave
    the view. skip: rows (or an (n,) bool mask) of dots that do not diffuse this step (still streaming out of
    their pore: stream_out). The live dots are the first rows of world.dots: every rule works on those slices in
    place; the random steps are normal_steps (quantised normal draws, a fifth of the cost of standard_normal).
    """
    dots = world.dots
    n = dots.n
    if n == 0:
        return
    dots.age[:n] += dt
    p = dots.pos[:n]
    step = normal_steps(world.rng, n, float(np.sqrt(2.0 * d_nm2_s * dt)))
    if skip is not None:  # streaming out of a pore (stream_out): rows, or a mask when many
        if skip.dtype == np.bool_:
            keep = np.logical_not(skip).astype(np.float32)  # (a column at a time: ~10x a broadcast copyto's speed)
            step[:, 0] *= keep
            step[:, 1] *= keep
        else:
            step[skip] = 0.0
    if flow_nm_s:
        step[:, 0] += np.float32(flow_nm_s * dt)  # (on the float32 steps: half the bytes of the positions)
    p += step
    x, y = p[:, 0], p[:, 1]
    _reflect(y, floor_y, below=False)  # y > floor_y becomes 2 floor_y - y
    if ceiling_y > -np.inf:
        _reflect(y, ceiling_y, below=True)  # and at ceiling_y from below
    out = y < 0
    out |= x < 0
    out |= x > world.scene.width
    if out.any():
        dots.remove(np.flatnonzero(out))


def _reflect(y: np.ndarray, wall: float, below: bool) -> None:
    """Reflect y at wall in place (y beyond it becomes 2 wall - y): one comparison over all, the few beyond
    indexed."""
    beyond = np.flatnonzero(y < wall if below else y > wall)
    if beyond.size:
        y[beyond] = 2.0 * wall - y[beyond]
