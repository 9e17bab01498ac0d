"""The narrow pore's course (exoviz.sim.pore): pores flicker (close and open again at least twice, for the stated
closures and spells) before they dilate or reseal, in granules and at the synapse; a shut pore lets nothing out and
its membrane is not connected (the capacitance flickers); dense-core granules of the β-cell often fuse transiently
at low stimulation (small molecules out, the dense core kept, no membrane added) and rarely at high."""

import numpy as np
import pytest
from shared_runs import Probe, shared_run

from exoviz.modes import CELLS
from exoviz.params import Params
from exoviz.sim import pore
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.stages import Stage
from exoviz.sim.world import World


class PoreWatch(Probe):
    """Per pore (uid, from the step it entered PORE to the step it left): closures, shut spells (s), the cargo
    while shut; and every step, the pore-open membrane against the open narrow pores."""

    def __init__(self) -> None:
        super().__init__()
        self.closures: dict[int, int] = {}
        self.shut_since: dict[int, float] = {}
        self.spells: list[float] = []
        self.ended: dict[int, int] = {}  # uid -> the stage it left PORE for
        self.leaked_shut = 0

    def before(self, w: World) -> None:
        v = w.ves
        self.cargo = v.cargo.copy()
        self.was_shut = (v.stage == Stage.PORE) & (v.pore <= 0) & v.alive
        self.was_pore = (v.stage == Stage.PORE) & v.alive
        self.uid = v.uid.copy()

    def after(self, w: World) -> None:
        v = w.ves
        n = self.uid.size
        same = v.uid[:n] == self.uid
        po = np.flatnonzero(same & (v.stage[:n] == Stage.PORE))
        shut = po[v.pore[po] <= 0]
        for i in shut[~self.was_shut[shut]].tolist():  # closed in this step
            u = int(v.uid[i])
            self.closures[u] = self.closures.get(u, 0) + 1
            self.shut_since[u] = w.t
        for i in po[(v.pore[po] > 0) & self.was_shut[po]].tolist():  # opened again
            self.spells.append(w.t - self.shut_since.pop(int(v.uid[i])))
        stayed_shut = shut[self.was_shut[shut]]
        self.leaked_shut += int(np.sum(self.cargo[stayed_shut] - v.cargo[stayed_shut]))
        left = np.flatnonzero(self.was_pore & same & (v.stage[:n] != Stage.PORE))
        for i in left.tolist():
            self.ended[int(v.uid[i])] = int(v.stage[i])
        openp = v.alive & np.isin(v.stage, (Stage.PORE, Stage.KISS_RELEASE)) & (v.pore > 0)
        want = float(np.sum(sphere_area_um2(v.radius[openp])))
        self.check(w.ledger.pore_open_um2 == pytest.approx(want, abs=1e-15), "pore-open membrane miscounted")


def check_flicker(watch: PoreWatch, fl: pore.Flicker, dt: float) -> None:
    flickered = {u: k for u, k in watch.closures.items() if u in watch.ended}
    assert sum(k >= 2 for k in flickered.values()) >= 2, flickered  # some close and open at least twice ...
    assert all(fl.closures[0] <= k <= fl.closures[1] for k in flickered.values()), flickered  # ... the stated times
    assert all(s in (Stage.RELEASE, Stage.KISS_RELEASE, Stage.DOCKED) for s in watch.ended.values())
    spells = np.array(watch.spells)
    assert spells.size >= 4
    assert spells.min() >= fl.shut_s[0] - 1e-9 and spells.max() <= max(fl.shut_s[1], dt) + 2 * dt  # stated spells
    assert watch.leaked_shut == 0  # nothing leaves through a shut pore
    assert not watch.problems, watch.problems[:3]


@pytest.fixture(scope="module")
def granules():
    return shared_run(World(Params(mode="full-fusion", seed=1, stimulus_rate=3.0)), 540, watch=PoreWatch())


@pytest.fixture(scope="module")
def synapse():
    return shared_run(World(Params(mode="kiss-and-run", seed=2, firing_rate=50.0)), 500, watch=PoreWatch())


def test_granule_pores_flicker_at_the_stated_rate_before_they_dilate_or_reseal(granules):
    w = granules.world
    check_flicker(granules.watch, CELLS["beta-cell"].flicker, w.dt)
    assert w.events["pore_flicker"] == sum(granules.watch.closures.values())


def test_synaptic_pores_flicker_too(synapse):
    check_flicker(synapse.watch, CELLS["neuron"].flicker, synapse.world.dt)


def test_the_share_of_flickering_pores_is_the_stated_one(granules, synapse):
    for run in (granules, synapse):
        fl = run.world.params.cell_spec.flicker
        ended = run.watch.ended
        k = sum(1 for u in ended if u in run.watch.closures)
        n = len(ended)
        assert n >= 8
        sd = np.sqrt(n * fl.share * (1 - fl.share))
        assert abs(k - n * fl.share) <= 3.5 * sd + 1, (k, n)


def test_transient_share_falls_with_the_stimulus_rate():
    shares = [pore.transient_share(0.7, r) for r in (0.0, 0.1, 0.2, 1.0, 2.0, 5.0)]
    assert shares[0] == pytest.approx(0.7) and all(a > b for a, b in zip(shares, shares[1:]))
    assert shares[4] < 0.05 * 0.7


class Transients(Probe):
    """Granules that resealed: their protein (dense core) before and after, and the ledger's full-fusion area
    against the dilations."""

    def __init__(self) -> None:
        super().__init__()
        self.kept_core, self.dilated_um2 = [], 0.0

    def before(self, w: World) -> None:
        v = w.ves
        self.stage, self.uid, self.protein = v.stage.copy(), v.uid.copy(), (v.cargo - v.small).copy()

    def after(self, w: World) -> None:
        v = w.ves
        n = self.uid.size
        same = v.uid[:n] == self.uid
        back = np.flatnonzero(same & (self.stage == Stage.PORE) & (v.stage[:n] == Stage.DOCKED))
        self.kept_core += (v.cargo[back] - v.small[back] == self.protein[back]).tolist()
        wide = np.flatnonzero(same & (self.stage == Stage.PORE) & (v.stage[:n] == Stage.RELEASE))
        self.dilated_um2 += float(np.sum(sphere_area_um2(v.radius[wide])))


def test_dense_core_granules_fuse_transiently_at_low_stimulation_and_rarely_at_high(granules):
    # low stimulation: a glucose rise now and then (stimulus rate 0, S pressed every 2 s)
    low = shared_run(World(Params(mode="full-fusion", seed=1, stimulus_rate=0.0)), 540,
                     stimulate_at=tuple(range(10, 500, 120)), t=Transients())
    w, high = low.world, granules.world
    transient, full = w.events["transient_fusion"], w.events["full_fusion"]
    assert transient >= 2 and transient >= 0.3 * (transient + full), w.events
    h_t, h_f = high.events["transient_fusion"], high.events["full_fusion"]
    assert h_f >= 5 and h_t <= 0.1 * (h_t + h_f), high.events
    assert all(low.t.kept_core) and len(low.t.kept_core) == transient  # the dense core stays
    # no lasting area from a transient fusion: the ledger's full fusions are exactly the dilated pores
    assert w.ledger.added_by.get("full_fusion", 0.0) == pytest.approx(low.t.dilated_um2, rel=1e-12)
    assert "transient_fusion" not in w.ledger.added_by


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3, 9))
def test_pores_flicker_and_the_ledger_holds_on_more_seeds(seed):
    for params, steps in ((Params(mode="full-fusion", seed=seed, stimulus_rate=3.0), 900),
                          (Params(mode="kiss-and-run", seed=seed, firing_rate=50.0), 900)):
        run = shared_run(World(params), steps, watch=PoreWatch())
        check_flicker(run.watch, params.cell_spec.flicker, run.world.dt)
