"""Intraluminal vesicles: inward budding, jostling inside their MVB, and exosome drift (release: exosome_exit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim import physics
from exoviz.sim.exosome_const import (
    BUD_DEPTH,
    BUD_RATE_PER_S,
    BUD_S,
    EXO_D_NM2_S,
    EXO_TAU_S,
    ILV_D_MEDIAN_NM,
    ILV_D_NM2_S,
    ILV_D_RANGE_NM,
    ILV_D_SIGMA,
    ILV_MAX,
    ILV_MIN,
    ILV_PACKING,
    ILV_R2_MEAN,
    MARGIN_NM,
    MAX_BUDS,
)
from exoviz.sim.perturb import ilv_share
from exoviz.sim.scene import DOCK_GAP_NM
from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

BUD_START = 0.25  # a bud's radius when it first dimples the limiting membrane, share of its final radius
JOSTLE_ITERATIONS = 8  # overlap relaxation passes per step among the ILVs of each MVB
FRAME_NM = 5000.0  # jostle's frames of different MVBs lie this far apart (an MVB is at most ~500 nm across)


def target_ilvs(radius_nm: np.ndarray, share: float = 1.0) -> np.ndarray:
    """ILVs an endosome of this radius (nm) buds before it counts as a full MVB (int array); share < 1: budding
    blocked in part (GW4869), the endosome matures with fewer."""
    n = ILV_PACKING * (np.asarray(radius_nm) - MARGIN_NM) ** 2 / ILV_R2_MEAN
    full = np.clip(np.round(n), ILV_MIN, ILV_MAX)
    return (full if share >= 1.0 else np.maximum(np.round(full * share), 1)).astype(np.int64)


def diameters(rng: np.random.Generator, k: int) -> np.ndarray:
    """k ILV (exosome) diameters, nm: log-normal (median ILV_D_MEDIAN_NM, sigma ILV_D_SIGMA) truncated to
    ILV_D_RANGE_NM by drawing again (a few vectorized rounds; anything left is clipped)."""
    lo, hi = ILV_D_RANGE_NM
    d = np.exp(rng.normal(np.log(ILV_D_MEDIAN_NM), ILV_D_SIGMA, k))
    for _ in range(4):  # a few rounds: each leaves ~1 % outside
        bad = np.flatnonzero((d < lo) | (d > hi))
        if bad.size == 0:
            break
        d[bad] = np.exp(rng.normal(np.log(ILV_D_MEDIAN_NM), ILV_D_SIGMA, bad.size))
    return np.clip(d, lo, hi)


def new_ilvs(world: World, parents: np.ndarray, stage: int) -> np.ndarray:
    """One ILV row per entry of parents (slots, repeats allowed), with a diameter from diameters()."""
    v, rng = world.ves, world.rng
    idx = v.spawn(parents.size, Kind.ILV, stage, world.t)
    r = 0.5 * diameters(rng, idx.size)
    v.r_full[idx] = r
    v.radius[idx] = r
    v.parent[idx] = parents
    # MHC molecules and tetraspanins (CD63, CD81) on the outer face: same orientation as the cell surface.
    v.proteins[idx] = np.clip(np.round(3.0 * (r / 35.0) ** 2), 1, 8).astype(np.int16)
    return idx


def confine(world: World, idx: np.ndarray) -> None:
    """Pull ILVs idx back so that |rel| + radius <= parent radius - margin; then set pos from rel."""
    if idx.size == 0:
        return
    v = world.ves
    par = v.parent[idx]
    rel = v.rel[idx]
    dist = np.hypot(rel[:, 0], rel[:, 1])
    room = np.maximum(v.radius[par] - v.radius[idx] - MARGIN_NM, 0.0)
    scale = np.ones_like(dist)
    np.divide(room, dist, out=scale, where=(dist > room) & (dist > 0))
    v.rel[idx] = rel * scale[:, None]
    v.pos[idx] = v.pos[par] + v.rel[idx]


def seed_inside(world: World, parents: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Fill parents with counts ILVs already pinched off (initial population), packed without overlap."""
    v, rng = world.ves, world.rng
    idx = new_ilvs(world, np.repeat(parents, counts), Stage.ILV_INSIDE)
    par = v.parent[idx]
    room = np.maximum(v.radius[par] - v.radius[idx] - MARGIN_NM, 0.0)
    ang = rng.uniform(0.0, 2.0 * np.pi, idx.size)
    dist = room * np.sqrt(rng.random(idx.size))
    v.rel[idx, 0] = dist * np.cos(ang)
    v.rel[idx, 1] = dist * np.sin(ang)
    confine(world, idx)
    for _ in range(12):  # relax: push apart, pull back inside
        physics.separate(v.pos, v.radius, idx, group=v.parent, iterations=2)
        v.rel[idx] = v.pos[idx] - v.pos[par]
        confine(world, idx)
    v.prev[idx] = v.pos[idx]
    return idx


# -- budding ------------------------------------------------------------------------------------------------
def count_buds(world: World) -> np.ndarray:
    """(capacity,) int: buds still forming on each slot (as a parent)."""
    v = world.ves
    return np.bincount(v.parent[v.where(Stage.ILV_BUD)], minlength=v.capacity)


def grow_buds(world: World) -> None:
    """ILV_BUD: every bud swells inward; finished ones pinch off into the lumen (ILV_INSIDE)."""
    v = world.ves
    buds = v.where(Stage.ILV_BUD)
    if buds.size == 0:
        return
    shape_buds(world, buds)
    done = buds[v.t_stage[buds] >= v.dur[buds]]
    v.set_stage(done, Stage.ILV_INSIDE)
    v.radius[done] = v.r_full[done]
    # The ILV's membrane comes from the limiting membrane, topped up by endocytic vesicles (whose membrane the
    # ledger took from the plasma membrane as each pit pinched off) and by the Golgi: nothing is charged here.


def start_buds(world: World, dt: float, budding: np.ndarray, n_buds: np.ndarray) -> None:
    """New buds dimple the limiting membrane of budding endosomes (at most MAX_BUDS forming at once).

    n_buds: buds that were forming on each slot before grow_buds() ran in this step (count_buds()).
    """
    v, rng = world.ves, world.rng
    room = (v.ilvs[budding] < target_ilvs(v.radius[budding], ilv_share(world.params))) & (n_buds[budding] < MAX_BUDS)
    cand = budding[room]
    start = cand[rng.random(cand.size) < 1.0 - np.exp(-BUD_RATE_PER_S * dt)]
    new = new_ilvs(world, start, Stage.ILV_BUD)
    if new.size == 0:
        return
    v.ilvs[start] += 1
    ang = rng.uniform(0.0, 2.0 * np.pi, new.size)
    v.rel[new, 0] = np.cos(ang)
    v.rel[new, 1] = np.sin(ang)
    v.dur[new] = rng.uniform(*BUD_S, new.size)
    shape_buds(world, new)
    v.prev[new] = v.pos[new]


def shape_buds(world: World, buds: np.ndarray) -> None:
    """Size and place buds from their progress: a bud sits inside its parent against the limiting membrane
    (|rel| + radius = R - margin at start), swells from BUD_START to full size and moves BUD_DEPTH of its
    radius inward as its neck closes. rel keeps its direction."""
    v = world.ves
    par = v.parent[buds]
    frac = np.clip(v.t_stage[buds] / v.dur[buds], 0.0, 1.0)
    v.radius[buds] = v.r_full[buds] * (BUD_START + (1.0 - BUD_START) * frac)
    rel = v.rel[buds]
    norm = np.hypot(rel[:, 0], rel[:, 1])
    unit = rel / np.maximum(norm, 1e-9)[:, None]
    depth = v.radius[par] - v.radius[buds] - MARGIN_NM - BUD_DEPTH * v.r_full[buds] * frac
    v.rel[buds] = unit * np.maximum(depth, 0.0)[:, None]
    v.pos[buds] = v.pos[par] + v.rel[buds]


def jostle(world: World, dt: float, nlist: physics.NeighbourList | None = None) -> None:
    """ILVs jitter inside their parent, never overlap one another (same parent) and never leave it.

    Buds stay where bud() put them (still attached to the limiting membrane): free ILVs make way. nlist: the
    neighbour list the caller keeps for ILVs from step to step.
    """
    v = world.ves
    ilv = np.flatnonzero((v.stage == Stage.ILV_INSIDE) | (v.stage == Stage.ILV_BUD))
    ilv = ilv[v.stage[v.parent[ilv]] != Stage.MVB_FUSION]  # leaving through the opening: exosome_exit.leave
    if ilv.size == 0:
        return
    inside = ilv[v.stage[ilv] == Stage.ILV_INSIDE]
    buds = ilv[v.stage[ilv] == Stage.ILV_BUD]
    physics.jitter(v.rel, inside, ILV_D_NM2_S, dt, world.rng)
    # Relaxed in each MVB's own frame (rel, set far apart per MVB): the neighbour list sees the ILVs jostle,
    # not their MVB travel, so it keeps its pairs from step to step.
    frame = np.zeros((v.capacity, 2))
    frame[ilv] = v.rel[ilv] + _frame_origin(v.parent[ilv])
    par = v.parent[inside]
    room = np.maximum(v.radius[par] - v.radius[inside] - MARGIN_NM, 0.0)
    physics.relax(frame, v.radius, inside, buds, iterations=JOSTLE_ITERATIONS,
                  within=(inside, _frame_origin(par), room), group=v.parent, nlist=nlist)
    v.rel[inside] = frame[inside] - _frame_origin(par)
    v.pos[ilv] = v.pos[v.parent[ilv]] + v.rel[ilv]


def _frame_origin(parent: np.ndarray) -> np.ndarray:
    """(k, 2) nm: where each parent's frame sits for jostle, FRAME_NM apart on a grid (beyond any MVB's reach)."""
    return np.column_stack((parent % 1024, parent // 1024)) * FRAME_NM


# -- release and drift ---------------------------------------------------------------------------------------
def drift(world: World, dt: float, outer_y: float, width: float) -> int:
    """Exosomes wander in the extracellular fluid (Brownian with a velocity memory); return how many left.

    Velocity is an Ornstein-Uhlenbeck process (exact update): long-time diffusion coefficient EXO_D_NM2_S.
    Exosomes bounce off the plasma membrane (outer face outer_y) and are retired once wholly out of the view.
    """
    v, rng = world.ves, world.rng
    ex = v.where(Stage.EXOSOME)
    if ex.size == 0:
        return 0
    decay = np.exp(-dt / EXO_TAU_S)
    sigma_v = np.sqrt(EXO_D_NM2_S / EXO_TAU_S * (1.0 - decay**2))
    v.vel[ex] = v.vel[ex] * decay + rng.standard_normal((ex.size, 2)) * sigma_v
    v.pos[ex] += v.vel[ex] * dt
    physics.separate(v.pos, v.radius, ex, iterations=1)
    r = v.radius[ex]
    ceiling = outer_y - r - DOCK_GAP_NM
    y = v.pos[ex, 1]
    below = y > ceiling
    v.pos[ex, 1] = np.minimum(np.where(below, 2.0 * ceiling - y, y), ceiling)
    v.vel[ex, 1] = np.where(below, -np.abs(v.vel[ex, 1]), v.vel[ex, 1])
    x, y = v.pos[ex, 0], v.pos[ex, 1]
    gone = ex[(y + r < 0.0) | (x + r < 0.0) | (x - r > width)]
    v.retire(gone)
    return int(gone.size)
