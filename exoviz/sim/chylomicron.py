"""Chylomicrons (enterocyte preset): a lipoprotein particle inside each secretory vesicle, set free into the
interstitium when its vesicle fuses, then carried toward a lacteal (lymph capillary) and into it.

Chylomicrons are rows of the vesicle arrays (Kind.CHYLOMICRON) with parent = the slot of their vesicle while
inside (like ILVs in an MVB). They are not membrane-bounded (a phospholipid monolayer around a fat core), so
the membrane ledger never counts them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim import physics
from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

GAP_NM = 12.0  # lumen left between a chylomicron and its vesicle's membrane, nm
FLOW_NM_S = 500.0  # interstitial fluid flow toward the lacteal (~0.1-1 µm/s; illustrative), nm/s
OUT_D_NM2_S = 2.0e3  # Brownian jitter in the interstitium, shown slowed (illustrative), nm²/s
STEER_PER_S = 2.0  # near the lacteal wall, chylomicrons drift sideways toward the nearest gap (rate), 1/s


def diameters(world: World, k: int, lo_nm: float, hi_nm: float) -> np.ndarray:
    """k chylomicron diameters, log-uniform over lo..hi nm (many small, some large), nm."""
    return np.exp(world.rng.uniform(np.log(lo_nm), np.log(hi_nm), k))


def vesicle_radius(d_nm: np.ndarray) -> np.ndarray:
    """Radius of the secretory vesicle that carries a chylomicron of diameter d, nm."""
    return 0.5 * d_nm + GAP_NM


def load(world: World, vesicles: np.ndarray, d_nm: np.ndarray) -> np.ndarray:
    """One chylomicron of diameter d_nm[i] inside each vesicle slot vesicles[i]; returns their rows."""
    v = world.ves
    idx = v.spawn(vesicles.size, Kind.CHYLOMICRON, Stage.CHYLO_INSIDE, world.t)
    v.r_full[idx] = 0.5 * d_nm
    v.parent[idx] = vesicles
    ride(world)
    v.prev[idx] = v.pos[idx]
    return idx


def ride(world: World) -> None:
    """Chylomicrons inside a vesicle sit at its centre and grow with it (while it buds)."""
    v = world.ves
    ins = v.where(Stage.CHYLO_INSIDE)
    if ins.size == 0:
        return
    par = v.parent[ins]
    v.pos[ins] = v.pos[par]
    v.radius[ins] = v.r_full[ins] * v.radius[par] / np.maximum(v.r_full[par], 1e-9)


def set_free(world: World, vesicles: np.ndarray, outer_y: float) -> int:
    """The chylomicrons of these vesicles (whose pore has dilated) leave into the interstitium; how many left."""
    v = world.ves
    if vesicles.size == 0:
        return 0
    ins = v.where(Stage.CHYLO_INSIDE)
    mine = np.zeros(v.capacity, dtype=bool)
    mine[vesicles] = True
    out = ins[mine[v.parent[ins]]]
    v.set_stage(out, Stage.CHYLO_OUT)
    v.parent[out] = -1
    v.radius[out] = v.r_full[out]
    v.pos[out, 1] = outer_y - v.radius[out] - 1.0
    v.prev[out] = v.pos[out]
    world.count("chylomicron_release", out.size)
    return int(out.size)


def drift(world: World, dt: float, outer_y: float) -> None:
    """Free chylomicrons: carried up by the interstitial flow, jittering, steered near the lacteal wall toward
    its gaps (between overlapping endothelial flaps), and into the lacteal; none crosses the wall elsewhere."""
    v, e = world.ves, world.scene.secretory
    out = v.where(Stage.CHYLO_OUT)
    if out.size == 0:
        return
    v.pos[out, 1] -= FLOW_NM_S * dt
    physics.jitter(v.pos, out, OUT_D_NM2_S, dt, world.rng)
    physics.separate(v.pos, v.radius, out, iterations=1)
    r = v.radius[out]
    wall = float(e.lacteal_y)  # the endothelium's face toward the interstitium
    gaps = np.asarray(e.lacteal_gap_x)  # sorted, at least two
    half = 0.5 * float(e.lacteal_gap_nm)
    x = v.pos[out, 0]
    j = np.clip(np.searchsorted(gaps, x), 1, gaps.size - 1)
    near = np.where(np.abs(x - gaps[j - 1]) < np.abs(x - gaps[j]), gaps[j - 1], gaps[j])
    close = v.pos[out, 1] - r < wall + 2.0 * r  # within reach of the wall: head for the gap
    v.pos[out, 0] += np.where(close, (near - x) * (1.0 - np.exp(-STEER_PER_S * dt)), 0.0)
    in_gap = np.abs(v.pos[out, 0] - near) <= np.maximum(half - 0.5 * r, 0.0)
    v.pos[out, 1] = np.where(in_gap, v.pos[out, 1], np.maximum(v.pos[out, 1], wall + r))
    v.pos[out, 1] = np.minimum(v.pos[out, 1], outer_y - r - 1.0)  # never back through the plasma membrane
    entered = out[v.pos[out, 1] < wall]
    world.count("lacteal_entry", entered.size)
    v.retire(entered)
