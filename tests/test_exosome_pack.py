"""Keeping ILVs apart: new buds start only where no other bud of their MVB can reach them; the guard puts touching
ILVs back and drops a new bud that found no room."""

import numpy as np

from exoviz.params import Params
from exoviz.sim import physics
from exoviz.sim.exosome_const import MAX_BUDS
from exoviz.sim.exosome_ilv import new_ilvs, shape_buds
from exoviz.sim.exosome_pack import Before, final_depth, free_angles, undo_overlaps
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.world import World


def empty_mvb() -> tuple[World, int]:
    """A world with one endosome (radius 300 nm) emptied of ILVs, budding."""
    w = World(Params(mode="exosome", seed=3))
    v = w.ves
    v.retire(np.flatnonzero(v.alive & (v.kind == Kind.ILV)))
    mvb = int(np.flatnonzero(v.alive & (v.kind == Kind.ENDOSOME))[0])
    v.set_stage(np.array([mvb]), Stage.ILV_BUDDING)
    v.radius[mvb] = v.r_full[mvb] = 300.0
    return w, mvb


def bud_at(w: World, mvb: int, angle: float, t: float = 0.0) -> int:
    v = w.ves
    b = int(new_ilvs(w, np.array([mvb]), Stage.ILV_BUD)[0])
    v.rel[b] = (np.cos(angle), np.sin(angle))
    v.dur[b], v.t_stage[b] = 10.0, t
    shape_buds(w, np.array([b]))
    return b


def test_a_new_bud_starts_where_no_bud_of_its_mvb_can_ever_reach_it():
    w, mvb = empty_mvb()
    v = w.ves
    old = np.array([bud_at(w, mvb, 0.0), bud_at(w, mvb, 2.0)])
    for _ in range(20):
        new = new_ilvs(w, np.array([mvb]), Stage.ILV_BUD)
        ang, ok = free_angles(w, new, old)
        assert ok.all()
        d_new = final_depth(v, new, v.parent[new])
        for o in old:  # however far both sink in, the two stay apart
            phi = np.arctan2(v.rel[o, 1], v.rel[o, 0])
            gap = 2.0 * np.sqrt(d_new[0] * final_depth(v, np.array([o]), np.array([mvb]))[0]) \
                * abs(np.sin(0.5 * (ang[0] - phi)))
            assert gap >= v.r_full[new[0]] + v.r_full[o]
        v.retire(new)


def test_no_new_bud_where_the_buds_already_ring_the_mvb():
    w, mvb = empty_mvb()
    v = w.ves
    v.radius[mvb] = v.r_full[mvb] = 200.0  # small: MAX_BUDS - 1 large buds leave no room
    old = np.array([bud_at(w, mvb, a) for a in np.linspace(0.0, 2.0 * np.pi, MAX_BUDS, endpoint=False)[:-1]])
    v.r_full[old] = v.radius[old] = 75.0
    new = new_ilvs(w, np.repeat(mvb, 1), Stage.ILV_BUD)
    v.r_full[new] = 75.0
    _, ok = free_angles(w, new, old)
    assert not ok.any()


def test_the_guard_puts_touching_ilvs_back_and_drops_a_new_bud_without_room():
    w, mvb = empty_mvb()
    v = w.ves
    a, b = new_ilvs(w, np.array([mvb, mvb]), Stage.ILV_INSIDE)
    v.radius[[a, b]] = 40.0
    v.rel[a], v.rel[b] = (-60.0, 0.0), (60.0, 0.0)  # apart before the step
    before = Before.take(v)
    fresh = bud_at(w, mvb, 0.0, t=9.0)  # started "in this step": no place before it
    v.rel[a], v.rel[b] = (-30.0, 0.0), (30.0, 0.0)  # the step pushed them together
    rows = np.array([a, b, fresh])
    v.pos[rows] = v.pos[mvb] + v.rel[rows]
    v.rel[fresh] = v.rel[a] + (10.0, 0.0)  # and the bud right on top of a
    pos = v.rel.copy()
    old = before.rel.copy()
    nl = physics.NeighbourList(skin=60.0, margin=20.0)
    nl.use_rows(np.sort(rows), v.parent[np.sort(rows)], v.capacity)
    dropped = undo_overlaps(w, nl, pos, old, before, np.full((v.capacity, 2), 5000.0))
    assert dropped.tolist() == [fresh]
    assert pos[a].tolist() == [-60.0, 0.0] and pos[b].tolist() == [60.0, 0.0]
    assert v.radius[fresh] == 0.0
