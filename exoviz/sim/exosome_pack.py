"""ILVs never overlap inside their MVB: free places for new buds, and the guard that undoes any overlap a step left.

The relaxation (physics.relax) pushes ILVs apart but stops after a few passes; the guard then looks at the
pairs of the same Verlet list and puts every ILV still touching another back where it was before the step (its
place relative to its MVB, its size), round after round; what is still tangled after that returns whole to the
state before the step, which had no overlap. A bud started in this step that cannot make room is not started.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.exosome_const import BUD_DEPTH, MARGIN_NM, MAX_BUDS
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World
    from exoviz.sim.state import Vesicles
    from exoviz.sim.verlet import NeighbourList

# Free gaps between ILVs, nm: the relaxation pushes pairs closer than GAP_NM - TOLERANCE_NM apart (to GAP_NM), a
# Brownian step is refused below STEP_CLEAR_NM (so what it accepts is left alone by the relaxation), and the
# guard undoes anything below CLEAR_NM.
GAP_NM, TOLERANCE_NM = 0.4, 0.2
STEP_CLEAR_NM = 0.25
CLEAR_NM = 0.1
ROUNDS = 4  # guard rounds of putting touching ILVs back before whole MVBs go back
TRIES = 8  # angles tried per new bud


@dataclass
class Before:
    """Where every ILV sat in its MVB before the ILVs' part of a step (rel, radius per slot; was: an ILV then)."""

    rel: np.ndarray
    radius: np.ndarray
    was: np.ndarray

    @classmethod
    def take(cls, v: Vesicles) -> Before:
        was = v.alive & ((v.stage == Stage.ILV_INSIDE) | (v.stage == Stage.ILV_BUD))
        return cls(v.rel.copy(), v.radius.copy(), was)

    def known(self, slots: np.ndarray) -> np.ndarray:
        """(k,) bool: slots that held an ILV before the step (not a bud started since)."""
        ok = slots < self.was.size
        ok[ok] = self.was[slots[ok]]
        return ok


# -- where a new bud may form ---------------------------------------------------------------------------------------
def final_depth(v: Vesicles, buds: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """Distance from the MVB's centre of each bud's centre once it has pinched off (its smallest)."""
    return v.radius[parents] - MARGIN_NM - (1.0 + BUD_DEPTH) * v.r_full[buds]


def free_angles(world: World, new: np.ndarray, existing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(angle, ok) for new buds (one per parent): an angle on the limiting membrane where the bud, however far
    it grows and sinks in, never meets a bud already forming (existing) on the same MVB; ok False: none found.

    Buds move along rays from the centre: two at angles a, b, at distances >= d1, d2 from it, are at least
    2 sqrt(d1 d2) |sin((a - b) / 2)| apart. Per new bud at most MAX_BUDS existing ones are compared: no n x n.
    """
    v, rng = world.ves, world.rng
    ang = rng.uniform(0.0, 2.0 * np.pi, (new.size, TRIES))
    if new.size == 0 or existing.size == 0:
        return ang[:, 0], np.ones(new.size, dtype=bool)
    par = v.parent[new]
    ex = existing[np.argsort(v.parent[existing], kind="stable")]
    count = np.bincount(v.parent[ex], minlength=v.capacity)
    start = np.cumsum(count) - count
    k = np.arange(MAX_BUDS)
    have = k[None, :] < count[par][:, None]  # (n, MAX_BUDS): a bud of the same MVB in this column
    other = ex[np.minimum(start[par][:, None] + k[None, :], ex.size - 1)]
    phi = np.arctan2(v.rel[other, 1], v.rel[other, 0])
    d_new = final_depth(v, new, par)
    d_other = final_depth(v, other, v.parent[other])
    reach = 2.0 * np.sqrt(np.maximum(d_new[:, None] * d_other, 0.0))  # (n, MAX_BUDS)
    need = v.r_full[new][:, None] + v.r_full[other] + GAP_NM
    apart = reach[:, None, :] * np.abs(np.sin(0.5 * (ang[:, :, None] - phi[:, None, :]))) >= need[:, None, :]
    fits = (apart | ~have[:, None, :]).all(axis=2) & (d_new > 0)[:, None]  # (n, TRIES)
    first = np.argmax(fits, axis=1)
    return ang[np.arange(new.size), first], fits.any(axis=1)


# -- Brownian steps that never make two ILVs touch ------------------------------------------------------------------
def hard_jitter(nl: NeighbourList, pos: np.ndarray, radius: np.ndarray, movers: np.ndarray, kick: np.ndarray,
                centre: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Move rows `movers` by `kick` ((k, 2) nm) where the step keeps them clear; the others stay. Returns the
    movers that stayed (bool, (k,)).

    A hard-disc Brownian step: a mover whose new place touches a neighbour's new or old place (pairs of nl,
    whose rows must include the movers and already be in use), or lies more than `room` from its `centre`,
    does not move in this step. Two accepted moves were checked against each other and a mover that stayed
    against the accepted ones, so what was apart stays apart; no relaxation passes are needed.
    """
    rows, at = nl.rows, nl.slot_of[movers]
    old = np.vstack((pos[:, 0].take(rows), pos[:, 1].take(rows)))
    new = old.copy()
    new[:, at] += kick.T
    u = new[:, at] - centre.T
    stay = u[0] * u[0] + u[1] * u[1] > room * room
    r = radius.take(rows)
    d = nl.since_build(new, r, GAP_NM)
    i, j = nl.i, nl.j
    e = d.take(i, axis=1)
    e -= d.take(j, axis=1)
    e += nl.d0  # new_i - new_j
    step = (new - old).astype(np.float32)
    lim = (r[i] + r[j] + STEP_CLEAR_NM).astype(np.float32)
    lim *= lim
    both = e[0] * e[0] + e[1] * e[1] < lim
    ei = e + step.take(j, axis=1)  # new_i - old_j
    ej = e - step.take(i, axis=1)  # old_i - new_j
    block = np.zeros(rows.size, dtype=bool)
    block[i[both | (ei[0] * ei[0] + ei[1] * ei[1] < lim)]] = True
    block[j[both | (ej[0] * ej[0] + ej[1] * ej[1] < lim)]] = True
    stay |= block[at]
    go = movers[~stay]
    pos[go] += kick[~stay]
    return stay


# -- the guard ------------------------------------------------------------------------------------------------------
def touching(nl: NeighbourList, pos: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Slots of the rows of nl (the rows a relaxation just used, pos in its coordinates) closer than
    r_i + r_j + CLEAR_NM to a neighbour of the same group. Every such pair is listed once the list is brought
    up to date, so none is missed."""
    rows = nl.rows
    if rows.size < 2:
        return np.empty(0, dtype=np.intp)
    p = np.vstack((pos[:, 0].take(rows), pos[:, 1].take(rows)))
    r = radius.take(rows)
    d = nl.since_build(p, r, GAP_NM)
    e = d.take(nl.i, axis=1)
    e -= d.take(nl.j, axis=1)
    e += nl.d0
    lim = (r[nl.i] + r[nl.j] + CLEAR_NM).astype(np.float32)
    bad = np.flatnonzero(e[0] * e[0] + e[1] * e[1] < lim * lim)
    return rows[np.union1d(nl.i[bad], nl.j[bad])]


def undo_overlaps(world: World, nl: NeighbourList, pos: np.ndarray, old: np.ndarray, before: Before,
                  park: np.ndarray) -> np.ndarray:
    """Put ILVs that touch a neighbour back as they were before the step, until none touches; return the buds
    started in this step that had to be dropped (their caller retires them).

    pos: (capacity, 2) positions in the relaxation's coordinates (changed in place); old: the same coordinates
    before the step (rows that were ILVs then); park: (capacity, 2) a place in those coordinates far from any
    ILV of the row's MVB (a dropped bud waits there, radius 0, until it is retired).
    """
    v = world.ves
    dropped: list[np.ndarray] = []
    for _ in range(ROUNDS + 1):
        hit = touching(nl, pos, v.radius)
        if hit.size == 0:
            break
        if _ == ROUNDS:  # still tangled: every ILV of those MVBs goes back
            hit = nl.rows[np.isin(v.parent[nl.rows], v.parent[hit])]
        known = before.known(hit)
        back, fresh = hit[known], hit[~known]
        pos[back] = old[back]
        v.radius[back] = before.radius[back]
        pos[fresh] = park[fresh]
        v.radius[fresh] = 0.0
        dropped.append(fresh)
    return np.unique(np.concatenate(dropped)) if dropped else np.empty(0, dtype=np.intp)


def drop_ilvs(world: World, buds: np.ndarray) -> None:
    """ILVs (or buds) that could not find room after all: gone, and no longer counted on their MVB."""
    if buds.size == 0:
        return
    v = world.ves
    np.subtract.at(v.ilvs, v.parent[buds], 1)
    v.retire(buds)
