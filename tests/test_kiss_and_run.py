"""The kiss-and-run model: membrane and vesicle count kept, transmitter conserved, stage order, Ca2+."""

import subprocess
import sys

import numpy as np
import pytest

from exoviz.params import Params
from exoviz.sim import physics
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.stages import STAGE_NAMES, Kind, Stage, transition_table
from exoviz.sim.world import World

RELEASING = (Stage.PORE, Stage.KISS_RELEASE, Stage.RELEASE)
AT_MEMBRANE = (Stage.DOCKED, Stage.PORE, Stage.KISS_RELEASE, Stage.PORE_CLOSED, Stage.RELEASE, Stage.COLLAPSE)


def make(seed: int = 1, **kw) -> World:
    return World(Params(mode="kiss-and-run", seed=seed, **kw))


def releases(w: World) -> int:
    return w.events.get("kiss_and_run", 0) + w.events.get("full_fusion", 0)


def synaptic(w: World) -> int:
    return int(np.count_nonzero(w.ves.alive & (w.ves.kind == Kind.SYNAPTIC)))


def transmitter_balance(w: World) -> tuple[int, int]:
    """(in vesicles + in the cleft + cleared, loaded + refilled): equal when no dot is lost or made."""
    mech = w.mech
    held = int(w.ves.cargo[w.ves.alive].sum()) + w.dots.count + mech.cleared
    return held, w.ledger.cargo_loaded + mech.refilled


def test_scene_holds_the_pool_at_sites_without_overlap():
    w = make()
    e, sc = w.scene.extra, w.scene
    assert synaptic(w) == 200 and e["sites_x"].size == 10
    docked = w.ves.where(Stage.DOCKED)
    assert docked.size == 10 and sorted(w.ves.site[docked].tolist()) == list(range(10))
    assert 2 * 17.5 <= 2 * w.ves.radius[w.ves.alive].min() and 2 * w.ves.radius.max() <= 45.0
    assert sc.membrane_y - e["post_y"] == pytest.approx(25.0)  # 20 nm cleft + two half bilayers
    alive = np.flatnonzero(w.ves.alive)
    assert physics.overlaps(w.ves.pos, w.ves.radius, alive) == 0
    big = make(vesicles=800)
    assert big.scene.extra["sites_x"].size == 20 and big.scene.width == pytest.approx(2 * sc.width)
    assert physics.overlaps(big.ves.pos, big.ves.radius, np.flatnonzero(big.ves.alive)) == 0


def test_kiss_and_run_keeps_membrane_area_and_vesicle_count():
    w = make(firing_rate=20.0)
    pm0 = w.ledger.pm_um2
    flicker = []
    for _ in range(1500):  # 0.5 s of simulated time, ~10 action potentials
        w.step()
        assert synaptic(w) == 200
        assert w.ledger.pm_um2 == pm0
        v = w.ves
        open_ = v.alive & np.isin(v.stage, (Stage.PORE, Stage.KISS_RELEASE))
        assert w.ledger.pore_open_um2 == pytest.approx(float(np.sum(sphere_area_um2(v.radius[open_]))))
        flicker.append(w.ledger.pore_open_um2)
    assert w.events["kiss_and_run"] >= 10 and w.events["full_fusion"] == 0
    assert max(flicker) > 0 and min(flicker) == 0  # capacitance flickers, then returns
    assert w.ledger.pm_added_um2 == 0


def test_transmitter_is_conserved_and_receptors_light_up():
    w = make(seed=4, firing_rate=30.0, full_fusion_fraction=0.3)
    lit = 0
    for _ in range(2000):
        w.step()
        held, made = transmitter_balance(w)
        assert held == made
        lit = max(lit, int(np.count_nonzero(w.mech.receptor_level > 0)))
        d = np.flatnonzero(w.dots.alive)
        assert (w.dots.pos[d, 1] >= w.mech.post_face).all() and (w.dots.pos[d, 1] <= w.mech.pre_face).all()
    assert w.ledger.cargo_released > 0 and w.mech.cleared > 0 and w.mech.refilled > 0
    assert lit > 0
    s = w.stats()
    assert s["neurotransmitter_released"] == w.ledger.cargo_released * 300
    assert s["neurotransmitter_dots_released"] == w.ledger.cargo_released
    assert s["molecules_per_dot"] == 300 and s["cleared"] == w.mech.cleared
    assert {"kiss_and_run", "full_fusion", "action_potential"} <= set(s["events"])


def test_a_kissed_vesicle_retreats_into_the_cytosol_refills_and_is_released_again():
    w = make(seed=2, vesicles=30, firing_rate=50.0)
    v = w.ves
    uid = -1
    for _ in range(600):
        w.step()
        ks = v.where(Stage.KISS_RELEASE)
        if ks.size:
            uid = int(v.uid[ks[0]])
            break
    assert uid > 0
    i = v.index_of_uid(uid)
    first = int(v.releases[i])
    seen = [int(Stage.KISS_RELEASE)]
    x0, y0, x1, y1 = w.scene.cyto
    for _ in range(30000):
        w.step()
        s = int(v.stage[i])
        if not seen or seen[-1] != s:
            seen.append(s)
            if s == Stage.POOL:
                assert x0 <= v.pos[i, 0] - v.radius[i] and v.pos[i, 0] + v.radius[i] <= x1
                assert y0 <= v.pos[i, 1] - v.radius[i] and v.pos[i, 1] + v.radius[i] <= y1
                assert v.cargo[i] == 12 and v.site[i] == -1
        if v.releases[i] > first and s in RELEASING:
            break
    assert v.uid[i] == uid
    assert seen[:5] == [Stage.KISS_RELEASE, Stage.PORE_CLOSED, Stage.RETREAT, Stage.REFILL, Stage.POOL]
    assert v.releases[i] == first + 1, "the same vesicle was released again"


def test_full_fusion_fraction_adds_exactly_the_fused_membrane():
    w = make(seed=3, firing_rate=20.0, full_fusion_fraction=1.0)
    fused: dict[int, float] = {}
    for _ in range(1500):
        w.step()
        v = w.ves
        hit = np.flatnonzero(v.alive & (v.fate == 1) & np.isin(v.stage, (Stage.PORE, Stage.RELEASE,
                                                                          Stage.COLLAPSE)))
        fused.update(zip(v.uid[hit].tolist(), v.radius[hit].tolist(), strict=True))
        assert w.ledger.pore_open_um2 == 0  # fused membrane counts as plasma membrane, not as a flicker
    assert len(fused) == w.events["full_fusion"] > 5 and w.events["kiss_and_run"] == 0
    want = float(np.sum(sphere_area_um2(np.array(list(fused.values())))))
    assert w.ledger.pm_added_um2 == pytest.approx(want, rel=1e-12)
    assert synaptic(w) == 200 - int(np.count_nonzero([w.ves.index_of_uid(u) < 0 for u in fused]))
    assert synaptic(w) < 200  # no invisible replacement
    assert w.surface.proteins_delivered > 0

    none = make(seed=3, firing_rate=20.0, full_fusion_fraction=0.0)
    none.run(1500)
    assert none.events["kiss_and_run"] > 5 and none.ledger.pm_added_um2 == 0


def test_no_action_potentials_means_almost_no_release():
    w = make(seed=5)
    w.run(3000)  # one simulated second
    assert w.events["action_potential"] == 0
    assert releases(w) <= 1  # only a rare spontaneous release is allowed
    assert np.all(w.mech.ca_level == 0)


def test_stimulate_raises_calcium_and_triggers_releases_within_milliseconds():
    total = 0
    for seed in range(5):
        w = make(seed=seed)
        w.run(30)
        before = releases(w)
        w.stimulate()
        w.step()
        assert w.events["action_potential"] == 1 and w.mech.last_ap_t == pytest.approx(w.t - w.dt)
        assert w.mech.ca_level.min() > 0.4 and np.shares_memory(w.scene.extra["ca_level"], w.mech.ca_level)
        w.run(30)  # 10 ms after the action potential
        total += releases(w) - before
        assert w.mech.ca_level.max() < 0.01  # Ca2+ has fallen again
    assert total >= 5  # ~35 % of ~10 docked vesicles per action potential


def test_stages_follow_the_allowed_order_and_vesicles_stay_in_the_terminal():
    w = make(seed=6, firing_rate=50.0, full_fusion_fraction=0.3)
    table = transition_table()
    seen = set()
    x0, y0, x1, y1 = w.scene.cyto
    for _ in range(3000):
        before = w.ves.stage.copy()
        w.step()
        after = w.ves.stage
        bad = ~table[before, after]
        assert not bad.any(), [(int(a), int(b)) for a, b in zip(before[bad], after[bad], strict=True)]
        seen.update(np.unique(after).tolist())
        live = np.flatnonzero(w.ves.alive & ~np.isin(w.ves.stage, AT_MEMBRANE))
        assert (w.ves.pos[live, 1] - w.ves.radius[live] >= y0 - 1e-6).all()
        assert (w.ves.pos[live, 0] >= x0).all() and (w.ves.pos[live, 0] <= x1).all()
    for s in (Stage.POOL, Stage.DOCKED, Stage.PORE, Stage.KISS_RELEASE, Stage.PORE_CLOSED, Stage.RETREAT,
              Stage.REFILL, Stage.RELEASE, Stage.COLLAPSE):
        assert s in seen
        assert STAGE_NAMES[s]


def test_same_seed_same_course():
    def course(seed: int) -> World:
        w = make(seed=seed, firing_rate=20.0, full_fusion_fraction=0.2)
        w.run(200)
        w.stimulate()
        w.run(400)
        return w

    a, b, c = course(9), course(9), course(10)
    assert np.array_equal(a.ves.pos, b.ves.pos) and np.array_equal(a.ves.stage, b.ves.stage)
    assert np.array_equal(a.dots.pos, b.dots.pos) and np.array_equal(a.dots.alive, b.dots.alive)
    assert a.events == b.events and a.ledger == b.ledger
    assert not np.array_equal(c.ves.pos, a.ves.pos)


def test_the_model_does_not_import_pygame():
    code = ("import sys; import exoviz.sim.kiss_and_run, exoviz.sim.world; "
            "assert 'pygame' not in sys.modules, 'pygame imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
