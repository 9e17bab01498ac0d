"""Carbon-fibre amperometry (exoviz.sim.amperometry) in a chromaffin cell: each event's charge is 2·e × the
molecules that reached the electrode, the molecules leaving each pore are the model's released small cargo; a
transient fusion gives a stand-alone foot and no lasting area step, a full fusion a foot, a spike and a lasting
step; the foot lasts as long as the pore stayed narrow; an electrode far away records baseline, a closer one more
charge; and the chromaffin event table sits in the published ranges (science.md, Instruments)."""

import numpy as np
import pytest

from exoviz.params import Params
from exoviz.sim import amperometry as amp
from exoviz.sim.stages import Stage
from exoviz.sim.state import SMALL
from exoviz.sim.world import World

SECONDS = 16


@pytest.fixture(scope="module")
def run() -> dict:
    """A chromaffin cell with the electrode over its middle, balance and constitutive endocytosis off (so the
    area changes only by fusion); per step: the area and which granules sit at a narrow pore."""
    w = World(Params(cell="chromaffin", seed=3, electrode_um=6.0, stimulus_rate=0.6, balance=0,
                     endocytosis_rate=0.0))
    emitted = {"small": 0}
    real_emit = w.dots.emit

    def counting(at: np.ndarray, kind: np.ndarray) -> None:
        emitted["small"] += int(np.count_nonzero(kind == SMALL))
        real_emit(at, kind)

    w.dots.emit = counting  # type: ignore[method-assign]
    area, narrow = [], []
    for _ in range(SECONDS * 60):
        w.step()
        area.append(w.ledger.pm_um2)
        po = w.ves.where(Stage.PORE)
        narrow.append(set(w.ves.uid[po].tolist()))
    return {"world": w, "area": np.array(area), "narrow": narrow, "small_dots": emitted["small"]}


def test_charge_is_two_electrons_per_molecule_reached(run: dict) -> None:
    a = run["world"].amp
    assert len(a.events) >= 6
    for e in a.events:
        assert e.charge_pc == pytest.approx(2 * amp.E_C * e.reached * 1e12)
    total_pc = a.signal.sum() * amp.BIN_S  # pA·s = pC
    assert total_pc == pytest.approx(sum(e.charge_pc for e in a.events), rel=1e-9)


def test_molecules_leaving_the_pores_are_the_released_cargo(run: dict) -> None:
    w = run["world"]
    a = w.amp
    still_open = sum(ev[3] + ev[4] for ev in a.open.values())
    dots = sum(e.molecules for e in a.events) / a.molecules_per_dot + still_open
    assert dots == run["small_dots"] > 0


def test_transient_gives_a_foot_and_no_lasting_step(run: dict) -> None:
    w, area = run["world"], run["area"]
    kinds = {e.kind for e in w.amp.events}
    assert kinds == {"full", "transient"}
    dilations = [round((e.start_s + e.foot_s) / w.dt) for e in w.amp.events if e.kind == "full"]
    for e in w.amp.events:
        i0 = round(e.start_s / w.dt)
        i1 = round((e.start_s + e.foot_s) / w.dt) + 2
        if i1 >= area.size:
            continue
        step = area[i1] - area[i0 - 1]
        if e.kind == "transient":
            assert e.half_width_ms == 0.0 and e.peak_pa < 5.0  # a stand-alone foot: a few pA at most
            if not any(i0 - 1 <= d <= i1 for d in dilations):
                assert step == pytest.approx(0.0, abs=1e-9)  # no lasting capacitance step
        else:
            assert step > 0.01  # a granule's membrane joins the plasma membrane: a lasting step
            assert e.half_width_ms > 0


def test_full_fusion_has_a_foot_then_a_spike(run: dict) -> None:
    a = run["world"].amp
    under = [e for e in a.events if e.kind == "full" and abs(e.x_nm / 1e3 - a.x_um) < amp.FIBRE_RADIUS_UM
             and not any(o is not e and abs(o.start_s - e.start_s) < 0.15 for o in a.events)]  # alone in its window
    assert under
    for e in under:
        s = round(e.start_s / amp.BIN_S)
        f = round(e.foot_s / amp.BIN_S)
        foot = a.signal[s + 5: s + f - 5]
        assert foot.max() < 0.3 * e.peak_pa  # the foot is low
        assert a.signal[s + f: s + f + 400].max() == pytest.approx(e.peak_pa, rel=0.05)  # the spike after it


def test_foot_lasts_as_long_as_the_pore_stayed_narrow(run: dict) -> None:
    w, narrow = run["world"], run["narrow"]
    for e in w.amp.events:
        first = round(e.start_s / w.dt)
        steps = 0
        while first + steps < len(narrow) and e.uid in narrow[first + steps]:
            steps += 1
        assert e.foot_s == pytest.approx(steps * w.dt, abs=1e-9)


def _one_event(x_um: float) -> amp.Amperometry:
    """An electrode at x_um recording one full fusion at 5 µm (24 dots: 3 in the foot, 21 in the spike)."""
    a = amp.Amperometry(x_um, seed=0, molecules_per_dot=80_000)
    a._grow(1.0)
    a._finish([(1, [5000.0, 0.1, 0.12, 3.0, 21.0])], 0.8)
    return a


def test_far_electrode_records_baseline_closer_more_charge() -> None:
    far, mid, near = (_one_event(x) for x in (-900.0, 12.0, 5.5))
    assert np.abs(far.signal).max() < 0.01 and far.events[0].charge_pc < 1e-4
    assert np.std(far.current) == pytest.approx(amp.NOISE_PA, rel=0.1)
    assert far.events[0].charge_pc < mid.events[0].charge_pc < near.events[0].charge_pc


def test_chromaffin_event_table_in_published_ranges(run: dict) -> None:
    """Wightman et al. 1991; Mosharov & Sulzer 2005: ~1-3 x 10^6 molecules per granule, spikes of tens of pA,
    half-widths ~5-20 ms (science.md, Instruments)."""
    a = run["world"].amp
    full = [e for e in a.events if e.kind == "full"]
    assert 1e6 <= np.median([e.molecules for e in full]) <= 3e6
    under = [e for e in full if abs(e.x_nm / 1e3 - a.x_um) < amp.FIBRE_RADIUS_UM]
    for e in under:
        assert 10.0 <= e.peak_pa <= 100.0
        assert 5.0 <= e.half_width_ms <= 20.0
