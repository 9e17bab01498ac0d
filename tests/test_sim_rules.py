"""Rules every mechanism shares: relax, open_pore, top_up, Follow, the one stage clock, the protocol."""

import numpy as np
import pytest

from exoviz.params import MODES, Params
from exoviz.sim import physics
from exoviz.sim.fusion import dilate, open_pore
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.lifecycle import Follow, top_up
from exoviz.sim.mechanism import Mechanism, create
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.world import World


def test_relax_held_bodies_push_and_movers_take_the_whole_correction():
    pos = np.array([[0.0, 0.0], [15.0, 0.0], [100.0, 0.0], [112.0, 0.0]])
    radius = np.full(4, 10.0)
    movers, held = np.array([1, 2, 3]), np.array([0])
    jammed = physics.relax(pos, radius, movers, held, iterations=8, half=np.array([2]))
    assert pos[0].tolist() == [0.0, 0.0]  # held exactly
    assert pos[1, 0] == pytest.approx(21.0)  # pushed out to contact + 1 nm gap
    # two movers share: the half-mobility one moves half as far as the other
    moved2, moved3 = 100.0 - pos[2, 0], pos[3, 0] - 112.0
    assert moved2 + moved3 == pytest.approx(9.0) and moved3 == pytest.approx(2 * moved2)
    assert jammed.tolist() == [True, True, True, True]


def test_relax_keeps_movers_in_the_box_and_pinned_rows_on_their_line():
    pos = np.array([[5.0, 50.0], [12.0, 50.0], [50.0, 50.0], [58.0, 40.0]])
    radius = np.array([10.0, 10.0, 5.0, 5.0])
    jammed = physics.relax(pos, radius, np.array([0, 2, 3]), np.array([1]), iterations=8,
                           box=(0.0, 0.0, 100.0, 100.0), pin_y=(np.array([2]), np.array([45.0])))
    assert pos[1].tolist() == [12.0, 50.0]
    assert pos[0, 0] == pytest.approx(10.0)  # the box wins over the push (left wall)
    assert pos[2, 1] == 45.0  # pinned: its y is set and kept; it gives way along x only
    assert np.hypot(*(pos[2] - pos[3])) >= 10.0 + 1.0 - physics.TOLERANCE_NM
    assert jammed.tolist() == [True, True, True, True]


def test_open_pore_seats_the_body_and_books_membrane_and_events():
    """Opening: the body sits in the membrane, kisses are counted, every open pore's membrane is connected (pore-open
    area), none is plasma membrane yet; dilating: the full fusions' membrane joins the plasma membrane, one each."""
    w = World(Params(mode="kiss-and-run", seed=0))
    v = w.ves
    rows = v.where(Stage.DOCKED)[:4]
    full = np.array([True, False, True, False])
    before = w.ledger.pm_added_um2
    kisses, fusions = w.events["kiss_and_run"], w.events["full_fusion"]
    open_pore(w, rows, Stage.PORE, np.array([0.5, 0.6, 0.7, 0.8]), "full_fusion", full=full, kiss_event="kiss_and_run")
    assert (v.stage[rows] == Stage.PORE).all() and (v.t_stage[rows] == 0).all()
    assert v.pore[rows].tolist() == [0.5, 0.6, 0.7, 0.8] and (v.vel[rows] == 0).all()
    assert np.array_equal(v.pos[rows, 1], w.scene.membrane_contact_y + v.radius[rows])
    assert w.ledger.pm_added_um2 == before
    assert w.ledger.pore_open_um2 == pytest.approx(float(np.sum(sphere_area_um2(v.radius[rows]))))
    assert w.events["full_fusion"] == fusions and w.events["kiss_and_run"] == kisses + 2
    dilate(w, rows[full])
    assert (v.stage[rows[full]] == Stage.RELEASE).all()
    assert w.ledger.pm_added_um2 - before == pytest.approx(float(np.sum(sphere_area_um2(v.radius[rows[full]]))))
    assert w.ledger.pore_open_um2 == pytest.approx(float(np.sum(sphere_area_um2(v.radius[rows[~full]]))))
    assert w.events["full_fusion"] == fusions + 2


def test_top_up_draws_only_while_the_pool_is_short_and_never_overshoots():
    w = World(Params(mode="full-fusion", seed=0, vesicles=10))
    alive = int(np.count_nonzero(w.ves.alive & (w.ves.kind == Kind.SECRETORY)))
    assert alive < 10
    state = w.rng.bit_generator.state
    assert top_up(w, Kind.SYNAPTIC, 1e9, 1.0) == 10  # none of that kind: all 10 missing, capped at 10
    assert top_up(w, Kind.SECRETORY, 1e9, 1.0) == 10 - alive
    assert top_up(w, Kind.SECRETORY, 0.0, 1.0) == 0
    w.pool = alive
    w.rng.bit_generator.state = state
    assert top_up(w, Kind.SECRETORY, 1e9, 1.0, per_missing=True) == 0  # full: no draw at all
    assert w.rng.bit_generator.state == state


def test_follow_keeps_a_body_until_it_leaves_then_picks_again():
    w = World(Params(mode="full-fusion", seed=0))
    f = Follow()
    first = f.oldest(w, (Stage.TRANSPORT,))
    slot = w.ves.index_of_uid(first)
    assert first > 0 and w.ves.stage[slot] == Stage.TRANSPORT
    assert f.oldest(w, (Stage.DOCKED,)) == first  # kept while in the scene
    w.ves.retire(np.array([slot]))
    second = f.oldest(w, (Stage.DOCKED,))
    assert second != first and w.ves.stage[w.ves.index_of_uid(second)] == Stage.DOCKED
    assert f.featured(w, lambda _slot: -1, keep=lambda _slot: False) == -1 and f.uid == -1


@pytest.mark.parametrize("mode", MODES)
def test_the_stage_clock_advances_once_per_step_in_every_mode(mode):
    w = World(Params(mode=mode, seed=1))
    w.run(5)
    for _ in range(20):
        uid, stage, t = w.ves.uid.copy(), w.ves.stage.copy(), w.ves.t_stage.copy()
        w.step()
        n = uid.size
        same = (w.ves.uid[:n] == uid) & (w.ves.stage[:n] == stage) & (stage != Stage.FREE)
        assert same.sum() > 5
        assert np.array_equal(w.ves.t_stage[:n][same], t[same] + w.dt)


@pytest.mark.parametrize("mode", MODES)
def test_every_mechanism_implements_the_whole_protocol(mode):
    mech = create(mode)
    for name in ("setup", "step", "featured", "extra_stats"):
        assert callable(getattr(mech, name)) and name in Mechanism.__dict__
    assert mech.time_scale > 0 and mech.default_pool > 0
    w = World(Params(mode=mode, seed=0))
    assert isinstance(w.mech.extra_stats(w), dict)
    assert set(w.mech.extra_stats(w)) <= set(w.stats())


@pytest.mark.parametrize("n", [2, 60, 700])
def test_near_pairs_finds_each_close_pair_once(n):
    rng = np.random.default_rng(n)
    p = rng.uniform(0.0, 10.0 * np.sqrt(n), (n, 2))  # dense: several points per cell
    reach = rng.uniform(5.0, 15.0, n)
    group = rng.integers(0, 3, n)
    i, j = physics.near_pairs(p, reach, group)
    d2 = ((p[:, None, :] - p[None, :, :]) ** 2).sum(axis=2)  # brute force, test only
    close = (d2 < (reach[:, None] + reach[None, :]) ** 2) & (group[:, None] == group[None, :])
    want = {(a, b) for a, b in zip(*np.triu_indices(n, 1), strict=True) if close[a, b]}
    got = [tuple(sorted(pair)) for pair in zip(i.tolist(), j.tolist(), strict=True)]
    assert len(got) == len(set(got)) and set(got) == want and (n < 60 or len(want) > n)


def test_dots_stay_packed_when_some_are_removed():
    from exoviz.sim.state import Particles

    d = Particles(capacity=16)
    d.emit(np.column_stack((np.arange(40.0), np.zeros(40))))  # grows past its capacity
    d.age[:40] = np.arange(40.0)
    d.remove(np.array([0, 5, 39, 38, 20, 5]))  # repeats and the last rows too
    assert d.count == 35 and d.alive[:35].all() and not d.alive[35:].any()
    kept = sorted(d.pos[:35, 0].tolist())
    assert kept == [float(k) for k in range(40) if k not in (0, 5, 20, 38, 39)]
    assert np.array_equal(d.age[:35], d.pos[:35, 0])  # every field moved with its dot
    rows = d.emit(np.array([[7.0, 7.0]]))
    assert rows.tolist() == [35] and d.count == 36


def test_removing_any_rows_keeps_exactly_the_other_dots():
    from exoviz.sim.state import Particles

    rng = np.random.default_rng(4)
    for _ in range(30):
        n = int(rng.integers(1, 60))
        d = Particles(capacity=16)
        d.emit(np.column_stack((np.arange(float(n)), np.zeros(n))))
        gone = rng.integers(0, n, int(rng.integers(0, n + 1)))  # repeats, the tail, sometimes all
        d.remove(gone)
        left = sorted(d.pos[:d.count, 0].tolist())
        assert left == [float(k) for k in range(n) if k not in set(gone.tolist())]
        assert d.alive[:d.count].all() and not d.alive[d.count:].any()
