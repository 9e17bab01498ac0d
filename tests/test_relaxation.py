"""The overlap solver's passes (exoviz.sim.relaxation): a pass that pushes only the overlapping pairs gives bit
for bit what pushing every near pair gives, and rows in no near pair are left exactly where they were."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exoviz.sim import physics
from exoviz.sim.relaxation import _Pairs, into_ring, side_by_side


def push_every_pair(u: np.ndarray, li: np.ndarray, lj: np.ndarray, e0: np.ndarray, c: np.ndarray,
                    mob: np.ndarray, factor: np.float32) -> None:
    """The pass written over every pair (non-overlapping ones push by exactly zero), as a reference."""
    m = u.shape[1]
    e = u[:, li] - u[:, lj] + e0
    dist = np.sqrt(e[0] * e[0] + e[1] * e[1])
    same = dist < 1e-4
    e[0, same], e[1, same], dist[same] = -1.0, 0.0, 1.0
    f = np.maximum(c - dist, 0.0) / dist
    if factor != 1.0:
        f *= factor
    e *= f
    mi, mj = mob[:, li], mob[:, lj]
    inv = np.reciprocal(np.maximum(mi + mj, np.float32(1e-30)))
    w = np.concatenate((e * (mi * inv), e * -(mj * inv))).astype(np.float64)
    into = np.concatenate((li, li + m, lj, lj + m))
    u += np.bincount(into, w.ravel(), 2 * m).reshape(2, m)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 300), st.integers(0, 2**32 - 1), st.sampled_from([1.0, 1.5]))
def test_a_pass_over_the_overlapping_pairs_equals_one_over_every_pair(m, seed, factor):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 3 * m))
    li = rng.integers(0, m, k)
    lj = (li + rng.integers(1, m, k)) % m if m > 1 else li
    e0 = rng.uniform(-60.0, 60.0, (2, k)).astype(np.float32)
    e0[:, rng.random(k) < 0.05] = 0.0  # some coincident centres
    c = rng.uniform(20.0, 80.0, k).astype(np.float32)  # about half the pairs overlap
    mob = rng.choice(np.array([0.0, 0.5, 1.0], dtype=np.float32), (2, m))
    u0 = rng.uniform(-5.0, 5.0, (2, m)).astype(np.float32)
    got, want = side_by_side(u0), u0.copy()  # the passes hold x and y of a row side by side
    pushed = _Pairs(li, lj, side_by_side(e0), c, side_by_side(mob)).push(got, np.float32(factor), 0.5)
    got = got.T
    push_every_pair(want, li, lj, e0, c, mob, np.float32(factor))
    assert pushed == bool((c - np.hypot(*(u0[:, li] - u0[:, lj] + e0)) > 0.5).any())
    if pushed:
        assert np.array_equal(got, want)
    else:
        assert np.array_equal(got, u0)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 200), st.integers(0, 2**32 - 1))
def test_a_first_pass_given_the_gaps_lengths_equals_one_that_gathers_them(m, seed):
    """The first pass of a run starts from u = 0 and is handed the pairs' distances: the same displacements bit
    for bit as a pass that gathers u (zeros) and measures the gaps itself, negative zero gaps included."""
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 3 * m))
    li = rng.integers(0, m, k)
    lj = (li + rng.integers(1, m, k)) % m
    e0 = rng.uniform(-60.0, 60.0, (2, k)).astype(np.float32)
    e0[:, rng.random(k) < 0.05] = 0.0
    e0[:, rng.random(k) < 0.05] = -0.0
    c = rng.uniform(20.0, 80.0, k).astype(np.float32)
    mob = side_by_side(rng.choice(np.array([0.0, 0.5, 1.0], dtype=np.float32), (2, m)))
    dist = np.sqrt(e0[0] * e0[0] + e0[1] * e0[1])
    given_u, gathered_u = np.zeros((m, 2), dtype=np.float32), np.zeros((m, 2), dtype=np.float32)
    given = _Pairs(li, lj, side_by_side(e0), c, mob, dist)
    gathered = _Pairs(li, lj, side_by_side(e0), c, mob)
    for factor in (1.0, 1.5, 1.5):  # the later passes gather in both
        assert given.push(given_u, np.float32(factor), 0.5) == gathered.push(gathered_u, np.float32(factor), 0.5)
        assert np.array_equal(given_u.view(np.uint32), gathered_u.view(np.uint32))


def test_rows_in_no_near_pair_are_left_exactly_where_they_were():
    """Rows far from every other body (some pulled onto their ring at the start) keep their position bit for bit
    while a crowded cluster elsewhere is relaxed; the cluster no longer overlaps."""
    rng = np.random.default_rng(7)
    crowd = 200.0 + rng.uniform(0.0, 300.0, (40, 2))
    lone = np.column_stack((5000.0 + 1000.0 * np.arange(10), np.full(10, 5000.0))) + rng.uniform(-1, 1, (10, 2))
    pos = np.concatenate((crowd, lone))
    radius = np.full(50, 30.0)
    rows = np.arange(50)
    ring_rows = rows[40:]
    centres = lone + rng.uniform(-80.0, 80.0, (10, 2))  # room 37.3: most of the lone ones start outside theirs
    room = np.full(10, 37.3)
    expected = pos[40:].T.copy()
    into_ring(expected, centres.T, room)  # the one pull into the ring every relax makes first
    expected = expected.T
    physics.relax(pos, radius, rows, np.empty(0, dtype=int), iterations=40, within=(ring_rows, centres, room))
    assert np.array_equal(pos[40:], expected)
    assert physics.overlaps(pos, radius + 0.5 - physics.TOLERANCE_NM / 2, rows[:40]) == 0


@pytest.mark.parametrize("held_share", [0.0, 0.3])
def test_relax_moves_only_bodies_of_overlapping_pairs_in_a_settled_pool(held_share):
    """A pool that already keeps the gap everywhere is not moved at all (no pair overlaps: no pass)."""
    side = 20
    xy = np.stack(np.meshgrid(np.arange(side), np.arange(side)), axis=-1).reshape(-1, 2) * 70.0
    radius = np.full(side * side, 30.0)
    rng = np.random.default_rng(1)
    held = np.flatnonzero(rng.random(side * side) < held_share)
    movers = np.setdiff1d(np.arange(side * side), held)
    pos = xy.astype(float)
    before = pos.copy()
    jammed = physics.relax(pos, radius, movers, held, iterations=8, box=(-100.0, -100.0, 1500.0, 1500.0))
    assert np.array_equal(pos, before)
    assert not jammed.any()
