"""MVB fusion, the ILVs' side: they leave the fusing MVB one by one through its opening and drift off as exosomes.

Every ILV keeps a continuous path: inside a fusing MVB the ILV nearest the opening is carried out through it
(EXIT_SPEED_NM_S) while the others jostle inside the MVB's flattening cap (sim.membrane_shape.cap), which
squeezes the last ones out; an ILV becomes an exosome where it is, once it is wholly above the membrane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim import physics
from exoviz.sim.exosome_const import EXO_KICK_NM_S, FUSION_S, ILV_D_NM2_S, MARGIN_NM
from exoviz.sim.exosome_pack import GAP_NM, TOLERANCE_NM, Before, undo_overlaps
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.membrane_shape import cap, opening
from exoviz.sim.scene import DOCK_GAP_NM, HALF_BILAYER_NM
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

EXIT_ITERATIONS = 24  # overlap relaxation passes per step among the ILVs of fusing MVBs
EXIT_SPEED_NM_S = 40.0  # the leaving ILV is carried out through the opening (illustrative; ~100 s per event)


def fusing_ilvs(world: World) -> tuple[np.ndarray, np.ndarray]:
    """(ILV rows, their parents) for ILVs inside MVBs that are fusing with the plasma membrane."""
    v = world.ves
    ilv = v.where(Stage.ILV_INSIDE)
    par = v.parent[ilv]
    keep = v.stage[par] == Stage.MVB_FUSION
    return ilv[keep], par[keep]


def _leaders(pos: np.ndarray, par: np.ndarray, mouth: np.ndarray) -> np.ndarray:
    """(n,) bool: per parent, the ILV nearest its mouth point (one per parent)."""
    d = np.hypot(*(pos - mouth).T)
    order = np.lexsort((d, par))
    _, first = np.unique(par[order], return_index=True)
    lead = np.zeros(par.size, dtype=bool)
    lead[order[first]] = True
    return lead


def leave(world: World, dt: float, outer_y: float, nlist: physics.NeighbourList
          ) -> tuple[np.ndarray, np.ndarray]:
    """Move the ILVs of fusing MVBs for one step; release those that are out. Returns (exosome rows, parents).

    nlist: the neighbour list the caller keeps for these ILVs; ILVs that still touch after the relaxation go
    back to where they were (exosome_pack.undo_overlaps), so they never overlap inside the opening MVB either.
    """
    v = world.ves
    ilv, par = fusing_ilvs(world)
    if ilv.size == 0:
        return ilv, par
    old = v.pos.copy()
    line = world.scene.membrane_y
    r = v.radius[ilv]
    depth, big = cap(v.radius[par] - HALF_BILAYER_NM, v.pos[par, 1] - line, v.collapse[par])
    centre = np.stack([v.pos[par, 0], line + depth], axis=1)
    half = np.maximum(opening(depth, big), v.pore[par])  # the opening's half-width at the membrane
    ceiling = outer_y - r - DOCK_GAP_NM  # wholly out: above the membrane's outer face
    physics.jitter(v.pos, ilv, ILV_D_NM2_S, dt, world.rng)

    # The ILV nearest the opening is carried out through it, if it fits.
    lead = _leaders(v.pos[ilv], par, np.stack([centre[:, 0], np.full(ilv.size, line)], axis=1))
    room = half - r - MARGIN_NM
    lead &= room > 0
    goal = np.stack([centre[:, 0] + np.clip(v.pos[ilv, 0] - centre[:, 0], -room, room), ceiling], axis=1)
    gap = goal - v.pos[ilv]
    dist = np.hypot(gap[:, 0], gap[:, 1])
    move = np.minimum(dist, EXIT_SPEED_NM_S * dt)
    step = gap * np.divide(move, dist, out=np.zeros_like(dist), where=dist > 1e-9)[:, None]
    v.pos[ilv[lead]] += step[lead]

    # The rest stay in the cap (which rises as it flattens) and never overlap; the leaving ones push them aside
    # (and give way by half where the others cannot).
    room_in = np.maximum(big - r - MARGIN_NM, 0.0)
    stay = ~lead
    # (box: a cap flattening at the scene's edge is wider than the room left there; its ILVs stay in the scene)
    physics.relax(v.pos, v.radius, ilv, np.empty(0, dtype=np.intp), iterations=EXIT_ITERATIONS, half=ilv[lead],
                  box=(0.0, 0.0, world.scene.width, world.scene.height), group=v.parent,
                  within=(ilv[stay], centre[stay], room_in[stay]), nlist=nlist, gap=GAP_NM,
                  tolerance=TOLERANCE_NM)
    was = np.zeros(v.capacity, dtype=bool)
    was[ilv] = True
    undo_overlaps(world, nlist, v.pos, old, Before(v.rel, v.radius.copy(), was), old)
    v.rel[ilv] = v.pos[ilv] - v.pos[par]

    # Out: wholly above the membrane (or the MVB has flattened: the last ones are squeezed out at its mouth).
    flat = v.t_stage[par] >= FUSION_S
    out = (v.pos[ilv, 1] <= ceiling) | flat
    rows, par = ilv[out], par[out]
    v.pos[rows, 1] = np.minimum(v.pos[rows, 1], ceiling[out])
    _release(world, rows)
    return rows, par


def _release(world: World, rows: np.ndarray) -> None:
    """ILV rows become exosomes where they are (ledger: their membrane leaves the cell)."""
    if rows.size == 0:
        return
    v = world.ves
    v.set_stage(rows, Stage.EXOSOME)
    v.parent[rows] = -1
    v.rel[rows] = 0.0
    v.vel[rows, 0] = world.rng.normal(0.0, 0.3 * EXO_KICK_NM_S, rows.size)
    v.vel[rows, 1] = -EXO_KICK_NM_S
    world.ledger.exosome_um2 += float(np.sum(sphere_area_um2(v.radius[rows])))
    world.count("exosome_release", rows.size)
