"""Neighbour search and relaxation: pair sets equal brute force (property tests), the Verlet list's bookkeeping,
and no overlaps left beyond the tolerance after relax()."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from exoviz.sim import physics
from exoviz.sim.neighbours import near_pairs
from exoviz.sim.verlet import NeighbourList

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def brute_pairs(p: np.ndarray, reach: np.ndarray, group: np.ndarray | None) -> set[tuple[int, int]]:
    """Every pair closer than reach_i + reach_j, by comparing all pairs (test only: n is small)."""
    n = len(p)
    d = p[:, None, :] - p[None, :, :]
    close = (d[..., 0] * d[..., 0] + d[..., 1] * d[..., 1]) < (reach[:, None] + reach[None, :]) ** 2
    if group is not None:
        close &= group[:, None] == group[None, :]
    return {(a, b) for a, b in zip(*np.triu_indices(n, 1)) if close[a, b]}


def as_set(i: np.ndarray, j: np.ndarray) -> set[tuple[int, int]]:
    got = [tuple(sorted(pair)) for pair in zip(i.tolist(), j.tolist())]
    assert len(got) == len(set(got)), "a pair listed twice"
    assert all(a != b for a, b in got), "a point paired with itself"
    return set(got)


@st.composite
def point_sets(draw):
    """Points in one of several layouts, with reaches and (sometimes) groups."""
    n = draw(st.integers(0, 120))
    layout = draw(st.sampled_from(["spread", "one_cell", "coincident", "far_outside", "grid", "line"]))
    coord = st.floats(0.0, 5000.0, allow_nan=False, width=64)
    p = draw(hnp.arrays(np.float64, (n, 2), elements=coord))
    if layout == "one_cell":  # everything inside one cell: every pair is a candidate
        p = p * 1e-3
    elif layout == "coincident" and n:  # many points on the very same spot
        p[: n // 2 + 1] = p[0]
    elif layout == "far_outside" and n:  # a few points very far from the rest (a sparse grid)
        far = draw(st.lists(st.integers(0, n - 1), max_size=4))
        p[far] += draw(st.sampled_from([1e7, -3e9, 4.5e11]))
    elif layout == "grid":  # on integer lattice points: distances equal to the reach sum exactly
        p = np.round(p / 500.0) * 100.0
    elif layout == "line":
        p[:, 1] = 7.0
    reach = draw(hnp.arrays(np.float64, (n,), elements=st.floats(0.0, 300.0, allow_nan=False)))
    if layout == "grid":
        reach = np.round(reach / 50.0) * 50.0
    group = draw(st.none() | hnp.arrays(np.int64, (n,), elements=st.integers(0, 2)))
    return p, reach, group


@FAST
@given(point_sets())
def test_near_pairs_equal_brute_force(case):
    p, reach, group = case
    i, j = near_pairs(p, reach, group)
    assert as_set(i, j) == brute_pairs(p, reach, group)


@pytest.mark.parametrize("n", [0, 1])
def test_near_pairs_of_nothing_or_one_point_is_empty(n):
    i, j = near_pairs(np.zeros((n, 2)), np.ones(n))
    assert i.size == j.size == 0


def test_near_pairs_with_every_point_in_one_spot():
    p = np.full((300, 2), 123.4)
    i, j = near_pairs(p, np.full(300, 1.0))
    assert as_set(i, j) == {(a, b) for a in range(300) for b in range(a + 1, 300)}


@FAST
@given(point_sets(), st.floats(1.0, 200.0), st.integers(0, 2**32 - 1), st.lists(st.floats(0.0, 0.2), max_size=6))
def test_verlet_list_holds_every_close_pair_while_bodies_move(case, skin, seed, far_shares):
    """Over several moves (most bodies a little, some far, some growing), the list always holds exactly the pairs
    within rref_i + rref_j + gap + skin at the reference positions, and so every pair in contact now."""
    p, reach, group = case
    n = len(p)
    if n and np.ptp(p) > 1e6:
        p = p % 1e5  # keep the layouts the list is made for (a dense grid); far-apart points are tested above
    nl = NeighbourList(skin=skin)
    nl.use_rows(np.arange(n), group, n)
    pos, r = p.T.copy(), reach.copy()
    d = nl.since_build(pos, r, 1.0)
    assert nl.builds == 1 and not d.any()
    rng = np.random.default_rng(seed)
    for share in far_shares:
        pos += rng.uniform(-1.0, 1.0, (2, n)) * (0.2 * skin)
        far = rng.random(n) < share
        pos[:, far] += rng.uniform(-3.0, 3.0, (2, int(far.sum()))) * skin
        r[rng.random(n) < share] += 0.3 * skin
        d = nl.since_build(pos, r, 1.0)
        assert np.allclose(pos - d, nl.ref, atol=1e-3)
        dist = np.hypot(*(pos - nl.ref)) + np.maximum(r - nl.rref, 0.0)
        assert (dist <= 0.5 * skin + 1e-9).all()
        listed = as_set(nl.i, nl.j)
        assert listed == brute_pairs(nl.ref.T, nl.rref + 0.5 * (1.0 + skin), group)
        assert brute_pairs(pos.T, r + 0.5, group) <= listed  # every pair in contact (+ 1 nm gap) is listed
        e = np.take(nl.ref, nl.i, axis=1) - np.take(nl.ref, nl.j, axis=1)
        assert np.allclose(nl.d0, e, atol=1e-2)


def test_a_few_fast_bodies_are_searched_again_one_by_one_and_many_all_at_once():
    rng = np.random.default_rng(1)
    n = 2000
    pos = rng.uniform(0.0, 30000.0, (2, n))
    r = np.full(n, 50.0)
    nl = NeighbourList(skin=100.0)
    nl.use_rows(np.arange(n), None, n)
    nl.since_build(pos, r, 1.0)
    pos[:, :10] += 400.0  # ten fast bodies
    nl.since_build(pos, r, 1.0)
    assert (nl.builds, nl.refreshes) == (1, 1)
    pos[:, 100:700] += 60.0  # many
    nl.since_build(pos, r, 1.0)
    assert (nl.builds, nl.refreshes) == (2, 1)


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(2, 300), st.lists(st.tuples(st.floats(0.0, 0.3), st.floats(0.0, 0.3),
                                                                        st.booleans()), min_size=1, max_size=6))
def test_verlet_list_follows_rows_that_come_and_go(seed, capacity, changes):
    """Rows leave, new rows (slots) come, groups change, bodies move: the list keeps exactly the pairs of the
    current rows within rref_i + rref_j + gap + skin at their references, searching only the new rows when
    few change."""
    rng = np.random.default_rng(seed)
    skin = 60.0
    slots = np.sort(rng.choice(capacity, rng.integers(1, capacity + 1), replace=False))
    pos_all = rng.uniform(0.0, 3000.0, (2, capacity))
    r_all = rng.uniform(10.0, 80.0, capacity)
    group_all = rng.integers(0, 3, capacity)
    nl = NeighbourList(skin=skin)
    use_group = bool(rng.integers(0, 2))
    for leave, come, regroup in changes:
        nl.use_rows(slots, group_all[slots] if use_group else None, capacity)
        d = nl.since_build(pos_all[:, slots], r_all[slots], 1.0)
        g = group_all[slots] if use_group else None
        assert as_set(nl.i, nl.j) == brute_pairs(nl.ref.T, nl.rref + 0.5 * (1.0 + skin), g)
        assert np.allclose(pos_all[:, slots] - d, nl.ref, atol=1e-3)
        stay = slots[rng.random(slots.size) >= leave]
        new = np.flatnonzero(rng.random(capacity) < come)
        slots = np.union1d(stay, new)
        if slots.size == 0:
            slots = np.array([0])
        pos_all[:, new] = rng.uniform(0.0, 3000.0, (2, new.size))  # new bodies anywhere
        pos_all += rng.uniform(-10.0, 10.0, pos_all.shape)
        if regroup:
            group_all[rng.random(capacity) < 0.1] += 1


def test_rows_that_come_and_go_are_searched_alone_and_a_larger_table_starts_afresh():
    rng = np.random.default_rng(3)
    pos = rng.uniform(0.0, 20000.0, (2, 4000))
    r = np.full(4000, 40.0)
    nl = NeighbourList(skin=50.0)
    rows = np.arange(0, 4000, 2)
    nl.use_rows(rows, None, 4000)
    nl.since_build(pos[:, rows], r[rows], 1.0)
    rows = np.concatenate((rows[5:], [1, 3, 5]))  # five gone, three new
    rows.sort()
    nl.use_rows(rows, None, 4000)
    nl.since_build(pos[:, rows], r[rows], 1.0)
    assert (nl.builds, nl.refreshes) == (1, 1)
    assert as_set(nl.i, nl.j) == brute_pairs(pos[:, rows].T, r[rows] + 25.5, None)
    nl.use_rows(rows, None, 8000)  # the arrays grew
    assert not nl.built
    nl.since_build(pos[:, rows], r[rows], 1.0)
    assert nl.builds == 2
    nl.since_build(pos[:, rows], r[rows] + 30.0, 1.0)  # all grown past skin / 2: search again
    assert nl.builds == 3


def test_a_reused_slot_whose_new_body_appears_elsewhere_is_found():
    """A slot retired and refilled between two steps keeps the row set; the jump is caught by the distance bound."""
    pos = np.array([[0.0, 0.0], [1000.0, 0.0], [3000.0, 0.0]])
    radius = np.full(3, 50.0)
    nl = NeighbourList(skin=100.0)
    rows = np.arange(3)
    physics.relax(pos, radius, rows, np.empty(0, dtype=int), iterations=8, nlist=nl)
    pos[2] = [1060.0, 0.0]  # slot 2 now holds a new body overlapping body 1
    physics.relax(pos, radius, rows, np.empty(0, dtype=int), iterations=8, nlist=nl)
    assert np.hypot(*(pos[2] - pos[1])) >= 101.0 - physics.TOLERANCE_NM
    assert nl.builds + nl.refreshes == 2  # the first relax, and the jump (far more than skin / 2)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 400), st.integers(0, 2**32 - 1), st.sampled_from([0.2, 0.45]))
def test_relax_leaves_no_overlap_beyond_the_tolerance(n, seed, packing):
    """Random discs (some held, some half-mobile) in a box: after relax no pair overlaps by more than the
    tolerance, held discs have not moved at all, and movers are inside the box (the box leaves room)."""
    rng = np.random.default_rng(seed)
    radius = rng.uniform(20.0, 150.0, n)
    side = float(np.sqrt(np.pi * np.sum(radius**2) / packing))
    pos = rng.uniform(0.0, side, (n, 2))
    box = (-200.0, -200.0, side + 200.0, side + 200.0)
    free = 2.0 * radius.max() + 2.0  # room for any mover between a held disc and anything else that is held
    held = []  # a few, so far apart (and from the walls) that no mover can be pinched: that has no solution
    for k in np.flatnonzero(rng.random(n) < 0.1):
        walls = np.concatenate((pos[k] - box[:2], np.array(box[2:]) - pos[k]))
        if walls.min() > radius[k] + free and \
                all(np.hypot(*(pos[k] - pos[h])) > radius[k] + radius[h] + free for h in held):
            held.append(k)
    held = np.array(held, dtype=int)
    movers = np.setdiff1d(np.arange(n), held)
    half = movers[rng.random(movers.size) < 0.2]
    keep = pos[held].copy()
    nl = NeighbourList()
    for _ in range(20):  # a few steps with the same list, as a mechanism would
        physics.relax(pos, radius, movers, held, iterations=200, box=box, half=half, nlist=nl)
    assert np.array_equal(pos[held], keep)
    r = radius[movers]
    assert (pos[movers] >= np.array(box[:2]) + r[:, None] - 1e-6).all()
    assert (pos[movers] <= np.array(box[2:]) - r[:, None] + 1e-6).all()
    i, j = near_pairs(pos, radius + 0.5)  # contact plus the 1 nm gap
    over = radius[i] + radius[j] + physics.GAP_NM - np.hypot(*(pos[i] - pos[j]).T)
    assert over.size == 0 or over.max() <= physics.TOLERANCE_NM + 1e-3


def test_relax_parts_coincident_centres_along_x():
    pos = np.array([[100.0, 100.0], [100.0, 100.0]])
    physics.relax(pos, np.full(2, 10.0), np.array([0, 1]), np.empty(0, dtype=int), iterations=4)
    assert pos[0, 1] == pos[1, 1] == 100.0
    assert abs(pos[1, 0] - pos[0, 0]) == pytest.approx(21.0)


def test_relax_keeps_rows_within_their_ring():
    """ILVs stay within room of their parent's centre while they are pushed apart."""
    rng = np.random.default_rng(4)
    pos = 500.0 + rng.uniform(-30.0, 30.0, (12, 2))
    radius = np.full(12, 20.0)
    rows = np.arange(12)
    room = np.full(12, 160.0)
    physics.relax(pos, radius, rows, np.empty(0, dtype=int), iterations=200,
                  within=(rows, np.full((12, 2), 500.0), room))
    assert (np.hypot(*(pos - 500.0).T) <= room + 1e-3).all()
    assert physics.overlaps(pos, radius, rows) == 0
