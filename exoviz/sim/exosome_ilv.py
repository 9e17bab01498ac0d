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
from exoviz.sim.exosome_pack import (
    CLEAR_NM,
    GAP_NM,
    TOLERANCE_NM,
    Before,
    drop_ilvs,
    free_angles,
    hard_jitter,
    undo_overlaps,
)
from exoviz.sim.perturb import ilv_share
from exoviz.sim.scene import DOCK_GAP_NM
from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

BUD_START = 0.25  # a bud's radius when it first dimples the limiting membrane, share of its final radius
SEED_ITERATIONS = 300  # overlap relaxation passes for the starting population (once)
JOSTLE_ITERATIONS = 16  # overlap relaxation passes per step among the ILVs of each MVB
FRAME_NM = 5000.0  # jostle's frames of different MVBs lie this far apart (an MVB is at most ~500 nm across)


def target_ilvs(radius_nm: np.ndarray, share: float = 1.0) -> np.ndarray:
    """ILVs an endosome of this radius (nm) buds before it counts as a full MVB (int array); share < 1: budding
    blocked in part (GW4869), the endosome matures with fewer."""
    n = ILV_PACKING * (np.asarray(radius_nm) - MARGIN_NM) ** 2 / ILV_R2_MEAN
    full = np.clip(np.round(n), ILV_MIN, ILV_MAX)
    return (full if share >= 1.0 else np.maximum(np.round(full * share), 1)).astype(np.int64)


def ilv_area(world: World) -> np.ndarray:
    """(capacity,) nm²: the sum of r_full² over each slot's ILVs (buds included), as a parent."""
    v = world.ves
    ilv = np.flatnonzero((v.stage == Stage.ILV_INSIDE) | (v.stage == Stage.ILV_BUD))
    return np.bincount(v.parent[ilv], weights=v.r_full[ilv] ** 2, minlength=v.capacity)


def full_of_ilvs(world: World, slots: np.ndarray, area: np.ndarray, share: float = 1.0) -> np.ndarray:
    """(k,) bool: endosomes slots hold ILVs enough (ILV_MAX, or at least ILV_MIN filling ILV_PACKING of their
    cross-section; area: ilv_area()). Bounding the area, not only the count, keeps room for them to jostle.
    share < 1: budding blocked in part (GW4869), the endosome matures with that share of both bounds."""
    v = world.ves
    n = v.ilvs[slots]
    room = share * ILV_PACKING * (v.radius[slots] - MARGIN_NM) ** 2
    most, least = max(1, round(ILV_MAX * share)), max(1, round(ILV_MIN * share))
    return (n >= most) | ((n >= least) & (area[slots] >= room))


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


def seed_inside(world: World, parents: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Fill parents with counts ILVs already pinched off (initial population; past ILV_MIN only as many as fit
    their share of area, full_of_ilvs), packed without overlap: scattered,
    relaxed in each MVB's frame; any ILV still touching another after that is left out (and not counted)."""
    v, rng = world.ves, world.rng
    parents, counts = parents[counts > 0], counts[counts > 0]
    idx = new_ilvs(world, np.repeat(parents, counts), Stage.ILV_INSIDE)
    # Beyond ILV_MIN, none past the MVB's share of area (full_of_ilvs). Rows come grouped by parent.
    start = np.cumsum(counts) - counts  # each parent's first row
    r2 = v.r_full[idx] ** 2
    cum = np.cumsum(r2)
    area = cum - np.repeat(cum[start] - r2[start], counts)
    rank = np.arange(idx.size) - np.repeat(start, counts)
    over = (rank >= ILV_MIN) & (area > ILV_PACKING * (v.radius[v.parent[idx]] - MARGIN_NM) ** 2)
    drop_ilvs(world, idx[over])
    idx = idx[~over]
    par = v.parent[idx]
    room = np.maximum(v.radius[par] - v.radius[idx] - MARGIN_NM, 0.0)
    ang = rng.uniform(0.0, 2.0 * np.pi, idx.size)
    dist = room * np.sqrt(rng.random(idx.size))
    v.rel[idx, 0] = dist * np.cos(ang)
    v.rel[idx, 1] = dist * np.sin(ang)
    origin = _frame_origin(par)
    frame = np.zeros((v.capacity, 2))
    frame[idx] = v.rel[idx] + origin
    nl = physics.NeighbourList(skin=60.0, margin=20.0)
    physics.relax(frame, v.radius, idx, np.empty(0, dtype=np.intp), iterations=SEED_ITERATIONS,
                  within=(idx, origin, room), group=v.parent, nlist=nl, gap=GAP_NM, tolerance=TOLERANCE_NM)
    v.rel[idx] = frame[idx] - origin
    v.pos[idx] = v.pos[par] + v.rel[idx]
    v.prev[idx] = v.pos[idx]
    # Rarely: drop one ILV of each pair still touching (a search from scratch, at setup only).
    _, j = physics.near_pairs(v.pos[idx], v.radius[idx] + 0.5 * CLEAR_NM, v.parent[idx])
    drop_ilvs(world, np.unique(idx[j]))
    return idx[v.alive[idx]]


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
    """New buds dimple the limiting membrane of budding endosomes (at most MAX_BUDS forming at once), each where
    it can never meet another bud of its MVB (exosome_pack.free_angles); none starts where there is no such place.

    n_buds: buds that were forming on each slot before grow_buds() ran in this step (count_buds()).
    """
    v, rng = world.ves, world.rng
    room = ~full_of_ilvs(world, budding, ilv_area(world), ilv_share(world.params)) & (n_buds[budding] < MAX_BUDS)
    cand = budding[room]
    start = cand[rng.random(cand.size) < 1.0 - np.exp(-BUD_RATE_PER_S * dt)]
    forming = v.where(Stage.ILV_BUD)
    new = new_ilvs(world, start, Stage.ILV_BUD)
    if new.size == 0:
        return
    ang, ok = free_angles(world, new, forming)
    v.retire(new[~ok])
    new, ang = new[ok], ang[ok]
    v.ilvs[v.parent[new]] += 1
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


def jostle(world: World, dt: float, nlists: tuple[physics.NeighbourList, physics.NeighbourList],
           before: Before) -> None:
    """ILVs jitter inside their parent, never overlap one another (same parent) and never leave it.

    Every free ILV takes a hard-disc Brownian step (exosome_pack.hard_jitter: a step that would touch stays
    undone). In MVBs still budding, the buds grow where shape_buds() put them (still attached to the limiting
    membrane) and the free ILVs make way (physics.relax); what touches after that goes back
    (exosome_pack.undo_overlaps, to `before`, the ILVs before this step's budding). nlists: the neighbour lists
    the caller keeps from step to step, for all ILVs and for those of budding MVBs. All in each MVB's own frame
    (rel, set far apart per MVB): the lists see the ILVs jostle, not their MVB travel.
    """
    v = world.ves
    ilv = np.flatnonzero((v.stage == Stage.ILV_INSIDE) | (v.stage == Stage.ILV_BUD))
    ilv = ilv[v.stage[v.parent[ilv]] != Stage.MVB_FUSION]  # leaving through the opening: exosome_exit.leave
    if ilv.size == 0:
        return
    is_bud = v.stage[ilv] == Stage.ILV_BUD
    inside = ilv[~is_bud]
    origin = np.zeros((v.capacity, 2))
    origin[ilv] = _frame_origin(v.parent[ilv])
    frame = np.zeros((v.capacity, 2))
    frame[ilv] = v.rel[ilv] + origin[ilv]
    # Where something grows: endosomes still budding (buds swell, and reach full size as they pinch off), and
    # MVBs with an ILV the guard held back below full size (it grows again now).
    small = inside[v.radius[inside] < v.r_full[inside]]
    growing = v.stage == Stage.ILV_BUDDING
    growing[v.parent[small]] = True
    v.radius[small] = v.r_full[small]
    par = v.parent[inside]
    room = np.maximum(v.radius[par] - v.radius[inside] - MARGIN_NM, 0.0)
    all_nl, grow_nl = nlists
    all_nl.use_rows(ilv, v.parent[ilv], v.capacity)
    kick = world.rng.standard_normal((inside.size, 2)) * np.sqrt(2.0 * ILV_D_NM2_S * dt)
    hard_jitter(all_nl, frame, v.radius, inside, kick, origin[inside], room)
    sub = ilv[growing[v.parent[ilv]]]
    dropped = np.empty(0, dtype=np.intp)
    if sub.size:
        movers = sub[v.stage[sub] == Stage.ILV_INSIDE]
        room_m = np.maximum(v.radius[v.parent[movers]] - v.radius[movers] - MARGIN_NM, 0.0)
        physics.relax(frame, v.radius, movers, sub[v.stage[sub] == Stage.ILV_BUD], iterations=JOSTLE_ITERATIONS,
                      within=(movers, origin[movers], room_m), group=v.parent, nlist=grow_nl, gap=GAP_NM,
                      tolerance=TOLERANCE_NM)
        old = np.zeros((v.capacity, 2))
        n = min(before.rel.shape[0], v.capacity)
        old[:n] = before.rel[:n] + origin[:n]
        dropped = undo_overlaps(world, grow_nl, frame, old, before, origin + 0.5 * FRAME_NM)
    v.rel[ilv] = frame[ilv] - origin[ilv]
    v.pos[ilv] = v.pos[v.parent[ilv]] + v.rel[ilv]
    drop_ilvs(world, dropped)


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
