"""The fusion machinery (exoviz.sim.machinery): the complexes of the fast path, the ~4th-power Ca²⁺ dependence,
cis-complexes taken apart by NSF, constitutive carriers never primed, stage counts and the knobs."""

import numpy as np
import pytest

from exoviz.params import Params
from exoviz.sim import machinery as mc
from exoviz.sim.machinery_params import SYNAPSE, MachineryParams
from exoviz.sim.machinery_view import Machine
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.world import World


def ca_bound_rows(world: World, n: int, complexes: int) -> np.ndarray:
    """n fresh docked granules, primed with `complexes` trans-SNARE complexes and already Ca²⁺-bound."""
    v = world.ves
    rows = v.spawn(n, Kind.SECRETORY, Stage.DOCKED, world.t)
    v.machine[rows] = Machine.CA_BOUND
    v.complexes[rows] = complexes
    return rows


@pytest.mark.parametrize("complexes, slower", [(3, 1.0), (6, 1.0), (1, mc.ONE_COMPLEX_SLOWER)])
def test_three_complexes_make_the_fast_path_and_one_is_slower_by_the_sourced_factor(complexes, slower):
    """At a fixed high Ca²⁺, the share of Ca²⁺-bound granules that fuse in one step of dt matches 1 - exp(-k dt)
    with k the fast rate divided by `slower` (one complex: ~1 s against < 1 ms, Manca et al. 2019)."""
    w = World(Params(cell="beta-cell", seed=1))
    m = w.machinery
    rows = ca_bound_rows(w, 4000, complexes)
    fast = float(m.rate(np.array([m.local_ca(1.0)]), np.array([3]))[0])
    dt = np.log(2.0) / fast * slower  # half of them should fuse
    fired = m.fusing(w, rows, np.ones(rows.size), dt)
    assert abs(fired.mean() - 0.5) < 0.04
    assert m.rate(np.array([5.0]), np.array([1]))[0] * mc.ONE_COMPLEX_SLOWER == pytest.approx(
        m.rate(np.array([5.0]), np.array([3]))[0])


def test_no_complex_no_fusion_and_toxins_leave_fewer_complexes():
    w = World(Params(cell="beta-cell", seed=2))
    rows = ca_bound_rows(w, 500, 0)
    assert not w.machinery.fusing(w, rows, np.ones(rows.size), 10.0).any()
    healthy = World(Params(cell="beta-cell", seed=3))
    toxin = World(Params(cell="beta-cell", seed=3))
    toxin.set_machinery(MachineryParams(snap25_intact=0.2))  # botulinum A cleaves most SNAP-25
    for world in (healthy, toxin):
        world.run(600)
    assert toxin.machinery.formed < 0.5 * healthy.machinery.formed
    with pytest.raises(ValueError):
        toxin.set_machinery(MachineryParams(vamp2_intact=1.5))


def test_the_fusion_rate_rises_with_about_the_fourth_power_of_calcium():
    """Log-log slope of the Ca²⁺-triggered rate against [Ca²⁺] over 0.5-5 µM (the Dodge-Rahamimoff range before
    the sensor saturates) is near 4, at the synapse and in the β-cell; it flattens in the nanodomain's tens of µM."""
    for cell in ("beta-cell", "neuron"):
        w = World(Params(mode="kiss-and-run" if cell == "neuron" else "full-fusion", cell=cell))
        m = w.machinery
        c = np.geomspace(0.5, 5.0, 12)
        k = m.rate(c, np.full(c.size, 3)) - m.rate(np.zeros(1), np.array([3]))  # less the Ca²⁺-free spontaneous
        slope = np.polyfit(np.log(c), np.log(k), 1)[0]
        assert 3.5 < slope < 4.5, (cell, slope)
        hi = np.array([30.0, 60.0])
        assert np.diff(np.log(m.rate(hi, np.array([3, 3])))) / np.log(2.0) < 2.5  # saturating


def test_after_fusion_the_complexes_are_cis_and_nsf_takes_them_apart_in_time():
    """Every complex of a fused vesicle lies cis in the plasma membrane (none left trans on it), and NSF has taken
    each apart within 1.5 × NSF's mean time (the longest drawn); without ATP none is."""
    for atp in (1.0, 0.0):
        w = World(Params(cell="beta-cell", seed=4))
        w.set_machinery(MachineryParams(atp=atp))
        m = w.machinery
        rows = ca_bound_rows(w, 50, 3)
        m.fused(w, rows)
        v = w.ves
        assert (v.machine[rows] == Machine.FUSED).all() and (v.complexes[rows] == 0).all()
        assert m.cis_x.size == 150 and m.view(w).cis_progress.max() == 0.0
        steps = int(np.ceil(1.5 * m.site.nsf_s / w.dt)) + 1
        for _ in range(steps):
            m.step(w, w.dt)
        if atp:
            assert m.cis_x.size == 0 and m.disassembled == 150
        else:
            assert m.cis_x.size == 150


def test_a_stimulus_fuses_granules_through_the_states_and_leaves_cis_complexes_that_go():
    """In a running β-cell: granules go tethered -> docked -> primed -> Ca²⁺-bound before their pore opens, the
    complexes are counted, and after fusion the cis-complexes are taken apart."""
    w = World(Params(cell="beta-cell", seed=5, stimulus_rate=1.0))
    seen = np.zeros((w.ves.capacity, 6), dtype=bool)
    before = np.zeros(w.ves.capacity, dtype=np.int8)
    pore_from = []
    for _ in range(60 * 12):
        before[: w.ves.capacity] = w.ves.machine[: before.size]
        stage0 = w.ves.stage.copy()
        w.step()
        n = min(before.size, w.ves.capacity)
        opened = np.flatnonzero((stage0[:n] == Stage.DOCKED) & (w.ves.stage[:n] == Stage.PORE))
        pore_from += before[opened].tolist()
        rows = np.flatnonzero(w.ves.alive[:n])
        seen[rows, w.ves.machine[rows]] = True
    assert pore_from and set(pore_from) <= {Machine.CA_BOUND, Machine.PRIMED}
    assert pore_from.count(Machine.CA_BOUND) > 0.8 * len(pore_from)
    assert seen[:, Machine.TETHERED].any() and seen[:, Machine.DOCKED].any()
    st = w.stats()["machinery"]
    # vesicles_fused: pores opened (transient fusions too; a full fusion is counted once its pore dilates)
    assert st["vesicles_fused"] == len(pore_from) >= w.events["full_fusion"] and st["complexes_formed"] > 0
    assert st["nsf_disassembled"] + st["complexes_cis"] == st["complexes_formed"] - st["complexes_trans"] - sum(
        int(w.ves.complexes[i]) for i in np.flatnonzero(w.ves.alive & (w.ves.machine == Machine.DOCKED)))


@pytest.mark.parametrize("cell", ["fibroblast", "enterocyte", "macrophage"])
def test_constitutive_carriers_never_pass_through_primed_or_ca_bound(cell):
    w = World(Params(cell=cell, seed=6))
    fused = 0
    for _ in range(60 * 8):
        w.stimulate()  # stimuli change nothing for constitutive secretion
        w.step()
        assert not np.isin(w.ves.machine[w.ves.alive], (Machine.PRIMED, Machine.CA_BOUND)).any()
    fused = w.events["full_fusion"]
    assert fused > 0 and w.machinery_view().rows.size == 0


def test_stage_counts_name_the_states_and_they_add_up_to_the_docked_rows():
    for mode, cell in (("full-fusion", "beta-cell"), ("kiss-and-run", "neuron")):
        w = World(Params(mode=mode, cell=cell, seed=7))
        w.run(200)
        counts = w.stage_counts()
        split = w.machinery.counts(w)
        assert set(split) == {"tethered", "docked", "primed", "ca_bound"}
        docked = int(np.count_nonzero(w.ves.stage == Stage.DOCKED))
        assert sum(counts.get(k, 0) for k in split) == docked and counts.get("primed", 0) > 0
        assert "machinery" in w.stats()


def test_the_view_lists_the_regulated_rows_with_their_states():
    w = World(Params(mode="kiss-and-run", seed=8))
    view = w.machinery_view()
    assert view.rows.size and (view.state == Machine.PRIMED).all()
    assert view.clamped.all() and (view.complexes >= 1).all() and (view.zipper == mc.ZIP_PRIMED).all()
    assert view.illustrative
    w.set_machinery(MachineryParams(complexin=False))
    assert not w.machinery_view().clamped.any()


def test_the_view_is_built_once_a_step_and_again_after_a_step_or_new_knobs():
    """The screen asks for the view several times a frame: one build a step, a fresh one once anything changed."""
    w = World(Params(mode="kiss-and-run", seed=8))
    first = w.machinery_view()
    assert w.machinery_view() is first
    w.step()
    stepped = w.machinery_view()
    assert stepped is not first and w.machinery_view() is stepped
    w.set_machinery(MachineryParams(complexin=False))
    knobs = w.machinery_view()
    assert knobs is not stepped and not knobs.clamped.any()
    w.set_params(w.params)
    assert w.machinery_view() is not knobs


def test_buffers_cut_the_calcium_reaching_the_sensor_bapta_more_than_egta():
    """λ = sqrt(D / (k_on [B])): 10 mM EGTA barely touches a 20 nm coupling, BAPTA cuts it (Eggermann et al. 2012)."""
    egta, bapta = MachineryParams(buffer="EGTA", buffer_mm=10.0), MachineryParams(buffer="BAPTA", buffer_mm=10.0)
    assert 40.0 < egta.length_constant_nm() < 55.0 and 5.0 < bapta.length_constant_nm() < 10.0
    assert egta.ca_reach(20.0) > 0.6 and bapta.ca_reach(20.0) < 0.1


def test_synaptotagmin_7_senses_residual_calcium_late_and_buffers_take_it():
    """The slow sensor: high affinity, ~2 ions, lagging the residual Ca²⁺; its occupancy after a spike peaks well
    after the 5 ms synchronous window, so what it drives is asynchronous; 2 mM EGTA or BAPTA all but removes the
    residual Ca²⁺ it senses."""
    assert mc.SYT7_K_D_UM < mc.K_D_UM / 5 and mc.SYT7_HILL == 2
    w = World(Params(mode="kiss-and-run", cell="neuron", seed=0))
    m = w.machinery
    trace = m.slow_trace(w.dt)
    peak_s = int(np.argmax(trace)) * w.dt
    assert peak_s > 2 * SYNAPSE.sync_s and trace[int(SYNAPSE.sync_s / w.dt)] < 0.5 * trace.max()
    assert m.gamma7 > 0 and m.gamma7 < m.gamma  # a slow rate beside synaptotagmin-1's
    for buffer in ("EGTA", "BAPTA"):
        assert MachineryParams(buffer=buffer, buffer_mm=2.0).residual_share() < 0.01
    assert MachineryParams().residual_share() == 1.0
    m.stimulus(w, 1.0)
    assert m.residual == pytest.approx(SYNAPSE.residual_um) and m.last_stimulus_t == w.t
    before = m.s7
    m.step(w, w.dt)
    assert m.s7 > before and m.residual < SYNAPSE.residual_um  # syt7 follows as the residual Ca²⁺ decays


def test_fusions_are_counted_by_their_latency_from_the_stimulus():
    w = World(Params(cell="beta-cell", seed=3))
    m = w.machinery
    rows = ca_bound_rows(w, 3, 3)
    m.stimulus(w, 1.0)
    m.fused(w, rows[:1])  # at the stimulus: synchronous
    w.t += 0.5 * (m.site.sync_s + m.site.async_s)
    m.fused(w, rows[1:2])  # later: asynchronous
    w.t += m.site.async_s
    m.fused(w, rows[2:])  # long after: spontaneous
    st = w.stats()["machinery"]
    assert (st["synchronous"], st["asynchronous"], st["spontaneous"]) == (1, 1, 1)
    view = w.machinery_view()
    assert (view.synchronous, view.asynchronous, view.spontaneous) == (1, 1, 1)


@pytest.mark.parametrize("knobs", [MachineryParams(), MachineryParams(syt1=False), MachineryParams(complexin=False)])
def test_one_share_for_every_row_steps_the_machinery_as_a_share_per_row_does(knobs):
    """fusing() with one float share (its table-driven path) leaves every row, the hazard and the random stream as
    the same share repeated per row does, bit for bit: on docked rows in every state, at rest and after stimuli."""
    worlds = [World(Params(cell="beta-cell", seed=4)) for _ in range(2)]
    for w in worlds:
        w.set_machinery(knobs)
        w.machinery.gamma, w.machinery.gamma7 = 1e7, 2000.0  # (fast enough that some fuse in these few steps)
        rows = w.ves.spawn(300, Kind.SECRETORY, Stage.DOCKED, w.t)
        pick = np.random.default_rng(5)
        w.ves.machine[rows] = pick.integers(Machine.TETHERED, Machine.CA_BOUND + 1, rows.size)
        w.ves.complexes[rows] = pick.integers(0, mc.MAX_COMPLEXES + 1, rows.size)
        w.ves.m_t[rows] = pick.uniform(0.0, 2.0, rows.size)
    for k, share in enumerate((0.0, 1.0, 0.9, 0.5, 0.2, 0.05, 1e-3, 0.0)):
        for n, w in enumerate(worlds):
            if k == 1:
                w.machinery.stimulus(w, 1.0)
            docked = w.ves.where(Stage.DOCKED)[: 299 - k]  # a row or so less each time
            fire = w.machinery.fusing(w, docked, share if n else np.full(docked.size, share), w.dt)
            w.ves.set_stage(docked[fire], Stage.PORE)
            w.machinery.step(w, w.dt)  # (synaptotagmin-7 follows the residual Ca²⁺)
            w.t += w.dt
        a, b = worlds
        for col in ("machine", "m_t", "zipper", "syt_ca", "complexes", "stage"):
            assert np.array_equal(getattr(a.ves, col), getattr(b.ves, col)), col
        assert a.machinery.hazard == b.machinery.hazard and a.rng.random() == b.rng.random()
    assert np.count_nonzero(worlds[0].ves.stage == Stage.PORE) > 0  # (some fused: the comparison saw fire)
