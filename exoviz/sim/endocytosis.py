"""Clathrin-mediated endocytosis and recycling in the cell scenes: coated pits fold inward, dynamin pinches them
off (the ledger takes 4 pi r^2 per pit, times the cell's pits_per_drawn), the coated vesicles shed their coat and
either join an early endosome or go back to the surface, where they fuse and give their membrane back.

Rows are Kind.ENDOCYTIC in the shared vesicle arrays. While a pit is open to the outside it is drawn like a
fusing body run backwards: `collapse` goes from FLAT_C (a shallow dimple) to 0 (a whole sphere hanging from its
neck) and `pore` is the neck's lumen radius, which dynamin narrows to nothing. Durations are real times divided by
the turnover speed-up tv.speedup (said on the clock).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from exoviz.sim import physics
from exoviz.sim.balance import Balance
from exoviz.sim.fusion import absorb
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.perturb import dynamin_blocked
from exoviz.sim.scene import DOCK_GAP_NM
from exoviz.sim.stages import Codes, Kind, Stage, rows_in, stage_mask
from exoviz.sim.surface import LAMP1
from exoviz.sim.turnover_const import (
    CONTACT_NM,
    FLAT_C,
    INWARD_NM_S,
    LYSO_R_NM,
    NECK_LUMEN,
    NECK_SHARE,
    PIT_D_NM,
    PIT_GAP_NM,
    PIT_REAL_S,
    RETURN_COLLAPSE_S,
    RETURN_PORE_NM,
    RETURN_PORE_S,
    SCISSION_GAP_NM,
    UNCOAT_REAL_S,
    VESICLE_D_NM2_S,
    VESICLE_SPEED_NM_S,
)

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World
    from exoviz.sim.state import Vesicles


class Holes(Protocol):
    def holes(self) -> np.ndarray:
        """(k, 2) x ranges (nm) of the open wounds."""
        ...


class PitBook(Protocol):
    """What these rules read and keep on the turnover that runs them (exoviz.sim.turnover.Turnover)."""

    balance: Balance  # sets the rate of endocytosis
    scale: int  # pits (and recycling vesicles) each drawn one stands for
    speedup: int  # pits, uncoating and vesicle trips shown this many times faster than real
    backlog: int  # pits due but still waiting for room on the membrane
    joined: int  # endocytic vesicles that fused with an early endosome
    sent_back: int  # recycling vesicles sent back by early endosomes

    @property
    def wounds(self) -> Holes: ...


# Mean membrane area of one pit, µm²: 4 pi E[r^2] for diameters uniform in PIT_D_NM.
_LO, _HI = 0.5 * PIT_D_NM[0], 0.5 * PIT_D_NM[1]
MEAN_PIT_UM2 = 4.0 * np.pi * (_HI**3 - _LO**3) / (3.0 * (_HI - _LO)) * 1e-6
MAX_BACKLOG = 8  # pits waiting for room on the membrane, at most
# Bodies that sit in or on the plasma membrane (a new pit keeps clear of them), and those open to the outside.
ON_MEMBRANE = stage_mask((Stage.DOCKED, Stage.PORE, Stage.RELEASE, Stage.COLLAPSE, Stage.KISS_RELEASE,
                          Stage.MVB_DOCKED, Stage.MVB_FUSION, Stage.PIT, Stage.PIT_NECK, Stage.UF_PIT,
                          Stage.RETURN_FUSE, Stage.PHAGO_CUP, Stage.MACRO_CUP))
MOVING = stage_mask((Stage.COATED, Stage.ENDOCYTIC, Stage.RECYCLING))
_STEPPED = (Stage.PIT, Stage.PIT_NECK, Stage.COATED, Stage.ENDOCYTIC, Stage.RECYCLING)
_GROUP_KEYS = (*(int(s) for s in _STEPPED), -1)
_GROUP_EDGES = np.array([e for s in _STEPPED for e in (int(s), int(s) + 1)])  # [s, s + 1) of each stepped stage
IS_PIT = stage_mask((Stage.PIT, Stage.PIT_NECK, Stage.UF_PIT, Stage.PHAGO_CUP, Stage.MACRO_CUP))  # and cups
ACCEPTS = stage_mask((Stage.SORTING, Stage.ENDOSOME, Stage.ILV_BUDDING, Stage.MVB))  # early endosomes (and MVBs)


FEW = 8  # touches() checks up to this many ranges against every interval directly (k x n, k <= FEW)


def touches(left: np.ndarray, right: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """(len(lo),) bool: whether (lo, hi) overlaps any interval (left, right), i.e. some left < hi and right > lo.
    Exact without an intervals x intervals array: for a few ranges each is checked against every interval; for more,
    the intervals sorted by their left ends, and the running maximum of their right ends."""
    if left.size == 0:
        return np.zeros(lo.size, dtype=bool)
    if lo.size <= FEW:  # a few queries (new pits, vesicles arriving): each against every interval, no sort
        return np.any((left < hi[:, None]) & (right > lo[:, None]), axis=1)
    order = np.argsort(left)
    left, reach = left[order], np.maximum.accumulate(right[order])
    k = np.searchsorted(left, hi)  # intervals that start before (lo, hi) ends
    return (k > 0) & (reach[np.maximum(k - 1, 0)] > lo)


def pit_half_width(v: Vesicles, rows: np.ndarray) -> np.ndarray:
    """Half the stretch of membrane a pit's fold takes: about 1.6 r while shallow, r once deep."""
    return v.radius[rows] * (1.0 + 0.6 * v.collapse[rows])


def free_on_membrane(world: World, x: np.ndarray, r: np.ndarray, holes: np.ndarray,
                     near: np.ndarray | None = None) -> np.ndarray:
    """(len(x),) bool: where a pit of radius r at x (nm) would touch nothing else on the membrane and no hole.

    holes: (k, 2) intervals (x0, x1) nm of the membrane that is missing (open wounds). near: slots that hold every
    row now in an ON_MEMBRANE stage (the turnover's rows of the step, exoviz.sim.turnover.NEAR), else the pool."""
    v = world.ves
    on = rows_in(ON_MEMBRANE, v.stage) if near is None else near[ON_MEMBRANE.take(v.stage[near])]
    # a body docked or fusing will flatten and spread to 2 r; a pit takes pit_half_width
    half = 2.0 * v.radius[on]
    pit = IS_PIT.take(v.stage[on]).nonzero()[0]
    if pit.size:
        half[pit] = pit_half_width(v, on[pit])
    at = v.pos[on, 0]
    left, right = at - half, at + half
    if holes.size:
        left, right = np.concatenate((left, holes[:, 0])), np.concatenate((right, holes[:, 1]))
    lo, hi = x - r, x + r
    ok = (lo >= 0.0) & (hi <= world.scene.width)
    return ok & ~touches(left, right, lo - PIT_GAP_NM, hi + PIT_GAP_NM)


def clear_of_pits(world: World, idx: np.ndarray) -> np.ndarray:
    """(len(idx),) bool: whether the bodies idx, docked under the membrane, could open a pore and flatten (to 2 r
    either side) without meeting a coated pit or fold there. One that would waits until the pit has pinched off:
    a fusing body never spreads over a pit."""
    if idx.size == 0:
        return np.ones(0, dtype=bool)
    v = world.ves
    pits = rows_in(IS_PIT, v.stage)
    half = pit_half_width(v, pits)
    reach = 2.0 * v.radius[idx] + PIT_GAP_NM
    return ~touches(v.pos[pits, 0] - half, v.pos[pits, 0] + half, v.pos[idx, 0] - reach, v.pos[idx, 0] + reach)


def start_pits(world: World, tv: PitBook, dt: float, near: np.ndarray | None = None) -> None:
    """New coated pits at the rate the balance sets (µm²/s over pits of MEAN_PIT_UM2, each standing for
    tv.scale), where the membrane is free. A pit that finds no room waits (tv.backlog, at most MAX_BACKLOG) and
    tries again in the next step, so the rate is kept while the membrane has room on average. near: as in
    free_on_membrane."""
    lam = tv.balance.take * dt / (tv.scale * MEAN_PIT_UM2)
    rng = world.rng
    if lam > 0.0:
        tv.backlog = min(tv.backlog + int(rng.poisson(lam)), MAX_BACKLOG)
    elif tv.balance.take <= 0.0:
        tv.backlog = 0  # endocytosis off (or stalled): nothing waits
    k = tv.backlog
    if k == 0:
        return
    r = 0.5 * rng.uniform(*PIT_D_NM, k)
    x = rng.uniform(0.0, world.scene.width, k)
    holes = tv.wounds.holes()
    if holes.size:
        holes = holes + np.array([-2.0, 2.0]) * LYSO_R_NM[1]  # room for the lysosomes that patch a hole
    ok = free_on_membrane(world, x, r, holes, near)
    if not ok.any():  # no room anywhere (most steps on a crowded membrane): they all wait
        return
    if k > 1:  # two new pits in one step keep clear of each other too (rare: keep the first of a clash)
        order = np.argsort(x)
        clash = np.zeros(k, dtype=bool)
        clash[order[1:]] = np.diff(x[order]) < r[order[1:]] + r[order[:-1]] + PIT_GAP_NM
        ok &= ~clash
    x, r = x[ok], r[ok]
    tv.backlog -= int(x.size)
    idx = new_dimples(world, x, r, Kind.ENDOCYTIC, Stage.PIT)
    world.ves.dur[idx] = (1.0 - NECK_SHARE) * rng.uniform(*PIT_REAL_S, idx.size) / tv.speedup


def groups(world: World, near: np.ndarray | None = None) -> dict[int, np.ndarray]:
    """Slots of the endocytic rows by stage at the start of a step (-1: all of them, or those among near: slots that
    hold every row in a _STEPPED stage; the groups are the same). Each rule works on the rows that were in its stage
    then: rules run latest stage first, so no row a rule moves is picked up again."""
    v, endo = world.ves, Codes.ENDOCYTIC_KIND
    mine = np.flatnonzero(v.kind == endo) if near is None else near[v.kind[near] == endo]
    if mine.size == 0:  # most steps in a crowded scene: every group is empty
        return dict.fromkeys(_GROUP_KEYS, mine)
    st = v.stage[mine]
    order = np.argsort(st, kind="stable")  # by stage, each stage's slots still ascending
    by_stage = mine[order]
    cut = np.searchsorted(st[order], _GROUP_EDGES).tolist()  # each stepped stage's [start, end) in by_stage
    out = {s: by_stage[cut[2 * i]:cut[2 * i + 1]] for i, s in enumerate(_GROUP_KEYS[:-1])}
    out[-1] = mine
    return out


def step_pits(world: World, tv: PitBook, g: dict[int, np.ndarray]) -> None:
    """Dynamin's neck first (pinch-off: the ledger takes the membrane), then invaginating pits (-> neck)."""
    v = world.ves
    nk = g[Stage.PIT_NECK]
    if nk.size:
        _pinch(world, tv, nk)
    pit = g[Stage.PIT]
    if pit.size == 0:
        return
    f = np.minimum(np.maximum(v.t_stage[pit] / v.dur[pit], 0.0), 1.0)  # np.clip without its per-call cost
    v.collapse[pit] = FLAT_C * (1.0 - f)
    v.pore[pit] = v.radius[pit] * (1.0 - (1.0 - NECK_LUMEN) * f)
    deep = pit[v.t_stage[pit] >= v.dur[pit]]
    if deep.size:
        v.set_stage(deep, Stage.PIT_NECK)
        v.collapse[deep] = 0.0
        v.dur[deep] *= NECK_SHARE / (1.0 - NECK_SHARE)


def _pinch(world: World, tv: PitBook, nk: np.ndarray) -> None:
    """Pits at dynamin's stage nk: the neck narrows; those whose time is up pinch off (the ledger takes the
    membrane) into coated vesicles, each with its uncoating time and its fate drawn now."""
    v, rng = world.ves, world.rng
    f = np.minimum(np.maximum(v.t_stage[nk] / v.dur[nk], 0.0), 1.0)
    v.pore[nk] = NECK_LUMEN * v.radius[nk] + (RETURN_PORE_NM - NECK_LUMEN * v.radius[nk]) * f
    off = nk[v.t_stage[nk] >= v.dur[nk]] if not dynamin_blocked(world.params) else nk[:0]  # dynamin: scission
    if off.size:
        world.ledger.remove(tv.scale * float(np.sum(sphere_area_um2(v.radius[off]))), "endocytosis")
        world.count("endocytosis", off.size)
        taken = world.surface.take_proteins(v.pos[off, 0], np.pi * v.radius[off])  # the pit's 2 pi r of membrane
        v.proteins[off] = np.minimum(taken, 15).astype(v.proteins.dtype)
        v.set_stage(off, Stage.COATED)
        v.pore[off] = 0.0
        v.collapse[off] = 0.0
        v.pos[off, 1] = world.scene.membrane_contact_y + v.radius[off] + SCISSION_GAP_NM
        v.vel[off, 0] = rng.normal(0.0, 0.3 * INWARD_NM_S, off.size) * tv.speedup
        v.vel[off, 1] = INWARD_NM_S * tv.speedup
        v.dur[off] = rng.uniform(*UNCOAT_REAL_S, off.size) / tv.speedup
        # its fate, drawn now: straight back to the surface (fast recycling), else an early endosome
        v.route[off] = (rng.random(off.size) < world.params.cell_spec.fast_recycling).astype(np.int8)


def step_vesicles(world: World, tv: PitBook, dt: float, g: dict[int, np.ndarray]) -> None:
    """Recycling vesicles that reached the membrane fuse; endocytic ones that reached their endosome join it;
    uncoated ones set off; everyone moves."""
    mine = g[-1]
    if mine.size == 0:
        return
    v, sc = world.ves, world.scene
    rc = g[Stage.RECYCLING]
    if rc.size:
        arrived = rc[v.pos[rc, 1] - v.radius[rc] <= sc.dock_line_y]
        arrived = arrived[clear_of_pits(world, arrived)]  # under a pit: it waits for the pinch-off
        fuse_back(world, arrived, tv.scale, "recycling", 1.0 / tv.speedup)
    en = g[Stage.ENDOCYTIC]
    if en.size:
        _to_endosomes(world, tv, en)
    co = g[Stage.COATED]
    if co.size:
        _uncoated(world, tv, co)
    moving = mine[MOVING.take(v.stage[mine])]
    if moving.size == 0:
        return
    v.pos[moving] += v.vel[moving] * dt
    physics.jitter(v.pos, moving, VESICLE_D_NM2_S * tv.speedup, dt, world.rng)
    physics.clamp_box(v.pos, v.radius, moving, sc.cyto)  # a closed vesicle never crosses the membrane


def _to_endosomes(world: World, tv: PitBook, en: np.ndarray) -> None:
    """Endocytic vesicles en: those with no early endosome left go back to the surface, those touching theirs join
    it, the others steer toward it."""
    v = world.ves
    retarget(world, en)
    lost = en[v.target[en] < 0]  # no early endosome to go to: back to the surface instead
    if lost.size:
        v.set_stage(lost, Stage.RECYCLING)
        head_up(world, tv, lost)
    en = en[v.target[en] >= 0]
    tgt = v.target[en]
    gap = np.hypot(*(v.pos[en] - v.pos[tgt]).T) - v.radius[en] - v.radius[tgt]
    joined = en[gap <= CONTACT_NM]
    if joined.size:
        tv.joined += int(joined.size)
        v.retire(joined)
    en = en[gap > CONTACT_NM]
    steer(v, en, VESICLE_SPEED_NM_S[1] * tv.speedup)


def _uncoated(world: World, tv: PitBook, co: np.ndarray) -> None:
    """Coated vesicles co whose coat is off set off on the route drawn at pinch-off."""
    v = world.ves
    done = co[v.t_stage[co] >= v.dur[co]]
    if done.size == 0:
        return
    back = done[v.route[done] == 1]
    v.set_stage(back, Stage.RECYCLING)
    head_up(world, tv, back)
    inward = done[v.route[done] == 0]
    v.set_stage(inward, Stage.ENDOCYTIC)
    v.target[inward] = -1
    retarget(world, inward)


def head_up(world: World, tv: PitBook, idx: np.ndarray) -> None:
    """Velocity (nm/s) of vesicles going back to the plasma membrane."""
    lo, hi = VESICLE_SPEED_NM_S
    physics.head_to_membrane(world.ves.vel, idx, (lo * tv.speedup, hi * tv.speedup), 0.3, world.rng)


def retarget(world: World, idx: np.ndarray) -> None:
    """Endocytic vesicles idx whose target is no early endosome (any more) take the one nearest along x; -1 if
    there is none. Nearest by x over the sorted early endosomes: no vesicles x endosomes array."""
    v = world.ves
    bad = idx[(v.target[idx] < 0) | ~ACCEPTS[v.stage[np.maximum(v.target[idx], 0)]]
              | ~v.alive[np.maximum(v.target[idx], 0)]]
    if bad.size == 0:
        return
    acc = rows_in(ACCEPTS, v.stage)
    if acc.size == 0:
        v.target[bad] = -1
        return
    acc = acc[np.argsort(v.pos[acc, 0])]
    ax = v.pos[acc, 0]
    j = np.clip(np.searchsorted(ax, v.pos[bad, 0]), 1, max(acc.size - 1, 1))
    left = np.maximum(j - 1, 0)
    right = np.minimum(j, acc.size - 1)
    nearer_left = np.abs(v.pos[bad, 0] - ax[left]) <= np.abs(ax[right] - v.pos[bad, 0])
    v.target[bad] = acc[np.where(nearer_left, left, right)]


def steer(v: Vesicles, idx: np.ndarray, speed: float) -> None:
    """Point the velocity of rows idx at their target body, at `speed` nm/s."""
    d = v.pos[v.target[idx]] - v.pos[idx]
    unit = d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    v.vel[idx] = unit * speed


def new_dimples(world: World, x: np.ndarray, r: np.ndarray, kind: int, stage: int) -> np.ndarray:
    """New rows of radius r (nm) at x: shallow dimples still flat in the plasma membrane, open to the outside (a
    coated pit, a phagocytic or macropinocytic cup); the caller sets how long they take to fold in."""
    v = world.ves
    idx = v.spawn(x.size, kind, stage, world.t)
    v.r_full[idx] = v.radius[idx] = r
    v.pos[idx, 0] = x
    v.pos[idx, 1] = world.scene.fused_y(r)
    v.prev[idx] = v.pos[idx]
    v.collapse[idx] = FLAT_C
    v.pore[idx] = r
    return idx


def fuse_back(world: World, idx: np.ndarray, scale: float, event: str, time_factor: float) -> None:
    """Rows idx reach the plasma membrane and open a pore: their membrane (scale x 4 pi r^2) joins it now."""
    if idx.size == 0:
        return
    v = world.ves
    v.set_stage(idx, Stage.RETURN_FUSE)
    v.pore[idx] = RETURN_PORE_NM
    v.vel[idx] = 0.0
    v.collapse[idx] = 0.0
    v.pos[idx, 1] = world.scene.fused_y(v.radius[idx])
    v.dur[idx] = (RETURN_PORE_S + RETURN_COLLAPSE_S) * time_factor
    world.ledger.add(scale * float(np.sum(sphere_area_um2(v.radius[idx]))), event)
    world.count(event, idx.size)


def step_return_fusion(world: World, near: np.ndarray | None = None) -> None:
    """RETURN_FUSE rows: the pore widens, then the vesicle flattens; once flat its membrane (and proteins: LAMP-1
    from a lysosome) is plasma membrane and the row is retired. near: slots that hold every RETURN_FUSE row, in
    ascending order (else the pool is searched)."""
    v = world.ves
    rf = v.where(Stage.RETURN_FUSE) if near is None else near[v.stage[near] == Codes.RETURN_FUSE]
    if rf.size == 0:
        return
    share = RETURN_PORE_S / (RETURN_PORE_S + RETURN_COLLAPSE_S)
    f = np.clip(v.t_stage[rf] / v.dur[rf], 0.0, 1.0)
    v.pore[rf] = RETURN_PORE_NM + (0.8 * v.radius[rf] - RETURN_PORE_NM) * np.minimum(f / share, 1.0)
    v.collapse[rf] = np.clip((f - share) / (1.0 - share), 0.0, 1.0)
    flat = rf[f >= 1.0]
    if flat.size == 0:
        return
    absorb(world, flat, (v.kind[flat] == Kind.LYSOSOME).astype(np.int8) * LAMP1)


def send_back(world: World, tv: PitBook, dt: float) -> None:
    """Early endosomes send recycling vesicles back to the surface at the balance's give rate (µm²/s)."""
    lam = tv.balance.give * dt / (tv.scale * MEAN_PIT_UM2)
    if lam <= 0.0:
        return
    v, rng = world.ves, world.rng
    k = int(rng.poisson(lam))
    if k == 0:
        return
    acc = rows_in(ACCEPTS, v.stage)
    acc = acc[v.kind[acc] == Codes.ENDOSOME_KIND]
    if acc.size == 0:
        return
    src = acc[rng.integers(0, acc.size, k)]
    r = 0.5 * rng.uniform(*PIT_D_NM, k)
    idx = v.spawn(k, Kind.ENDOCYTIC, Stage.RECYCLING, world.t)
    v.r_full[idx] = v.radius[idx] = r
    ang = rng.uniform(-0.6, 0.6, k) - 0.5 * np.pi  # from the endosome's upper side
    reach = v.radius[src] + r + DOCK_GAP_NM + 2.0
    v.pos[idx, 0] = v.pos[src, 0] + reach * np.cos(ang)
    v.pos[idx, 1] = v.pos[src, 1] + reach * np.sin(ang)
    v.prev[idx] = v.pos[idx]
    head_up(world, tv, idx)
    tv.sent_back += k
