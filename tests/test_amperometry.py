"""Carbon-fibre amperometry (exoviz.sim.amperometry) in a chromaffin cell: each event's charge is 2·e × the
molecules that reached the electrode, the molecules leaving each pore are the model's released small cargo; a
transient fusion gives a stand-alone foot and no lasting area step, a full fusion a foot, a spike and a lasting
step; the foot lasts as long as the pore stayed narrow (a drawn time finer than the model's step, within the
published 1-10 ms); an electrode far away records baseline, a closer one more charge; and the chromaffin event table
sits in the published ranges (science.md, Instruments)."""

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
    area, narrow, drawn, written = [], [], {}, []
    for _ in range(SECONDS * 60):
        w.step()
        area.append(w.ledger.pm_um2)
        po = w.ves.where(Stage.PORE)
        narrow.append(set(w.ves.uid[po].tolist()))
        drawn.update(zip(w.ves.uid[po].tolist(), w.ves.narrow[po].tolist(), strict=True))
        written.append(len(w.amp.events))
    return {"world": w, "area": np.array(area), "narrow": narrow, "drawn": drawn, "written": np.array(written),
            "small_dots": emitted["small"]}


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
    still_open = sum(ev.foot + ev.spike for ev in a.open.values())
    v = w.ves
    rel = v.where(Stage.RELEASE)  # dilated pores: written at their dilation with all their small molecules
    to_come = int(v.small[rel].sum())
    assert sum(e.dots for e in a.events) + still_open == run["small_dots"] + to_come > 0
    for e in a.events:  # the electrode counts the pore's flux in molecules; the model lets out whole dots
        if e.kind == "full":  # all of it: the same molecules
            assert e.molecules == e.dots * a.molecules_per_dot
        else:  # the narrow pore's flux, rounded to whole dots by the model
            assert abs(e.molecules - e.dots * a.molecules_per_dot) < a.molecules_per_dot


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
        s = int(e.start_s / amp.BIN_S)
        f = round(e.foot_s / amp.BIN_S)
        foot = a.signal[s: s + f - 3]  # the foot: from the opening to just before the dilation instant
        assert foot.max(initial=0.0) < 0.2 * e.peak_pa  # the foot is low
        assert a.signal[s + f: s + f + 400].max() == pytest.approx(e.peak_pa, rel=0.05)  # the spike after it


def test_foot_lasts_as_long_as_the_pore_stayed_narrow(run: dict) -> None:
    """The foot is the pore's drawn narrow time (finer than the model's step); the model's pore stays at the
    narrow stage until the first step boundary after it; feet fall in the published ~1-10 ms (Chow et al. 1992)."""
    w, narrow, drawn = run["world"], run["narrow"], run["drawn"]
    for e in w.amp.events:
        assert e.foot_s == pytest.approx(drawn[e.uid], abs=1e-12)
        assert 1e-3 <= e.foot_s <= 10e-3 < w.dt
        first = round(e.start_s / w.dt)
        steps = 0
        while first + steps < len(narrow) and e.uid in narrow[first + steps]:
            steps += 1
        assert (steps - 1) * w.dt < e.foot_s <= steps * w.dt
        i = w.amp.events.index(e)  # written into the trace the step its pore dilated or resealed: in step with
        assert int(np.argmax(run["written"] > i)) == first + steps  # the picture, not after the release


def test_foot_current_is_the_narrow_pore_flux() -> None:
    """One event computed on the 10 kHz grid: the foot carries N0·(1 - exp(-k·τ)) molecules, from the opening to
    the drawn dilation instant inside a bin, and the spike the rest from that instant on."""
    a = amp.Amperometry(5.0, seed=0, molecules_per_dot=80_000, leak_per_s=4.0)
    n0, lead, tau = 24 * 80_000, 0.00003, 0.00442  # opens 0.3 bins into bin 0, dilates halfway through bin 44
    ev = amp.Open(5000.0, 0.1 + lead, tau, 24.0, t_dil=0.1 + lead + tau, foot=0.0, spike=24.0)
    src = amp.release_grid([ev], np.array([lead]), np.array([tau]), np.array([True]), 80_000, 4.0)[0]
    foot_n = n0 * -np.expm1(-4.0 * tau)
    assert src[:44].sum() == pytest.approx(n0 * -np.expm1(-4.0 * (44 * amp.BIN_S - lead)), rel=1e-9)  # all foot
    foot_pa = 2 * amp.E_C * src[1:44] / amp.BIN_S * 1e12
    assert 1.0 < foot_pa.min() <= foot_pa.max() < 5.0  # the narrow pore's flux: a few pA (science.md)
    half_bin = amp.spike_cdf(np.array(0.5 * amp.BIN_S))[()]
    assert src[:45].sum() == pytest.approx(foot_n + (n0 - foot_n) * half_bin, rel=1e-9)  # the spike from τ on
    assert src.sum() == pytest.approx(n0)
    a._grow(1.0)
    a._finish([(1, ev)], 0.2)
    assert a.events[0].foot_s == pytest.approx(tau)
    assert a.events[0].molecules == 24 * 80_000


def _one_event(x_um: float) -> amp.Amperometry:
    """An electrode at x_um recording one full fusion at 5 µm (24 dots, a 5 ms foot)."""
    a = amp.Amperometry(x_um, seed=0, molecules_per_dot=80_000, leak_per_s=4.0)
    a._grow(1.0)
    a._finish([(1, amp.Open(5000.0, 0.1, 0.005, 24.0, t_dil=0.105, foot=0.0, spike=24.0))], 0.8)
    return a


def test_a_bigger_granule_gives_a_wider_spike_with_the_same_charge() -> None:
    """The spike's decay scales with the granule's radius (R_REF_NM), so spikes under the fibre vary in width;
    the charge stays 2e times what reached the electrode."""
    widths, charges = [], []
    for r in (100.0, amp.R_REF_NM, 175.0):
        a = amp.Amperometry(5.0, seed=0, molecules_per_dot=80_000, leak_per_s=4.0)
        a._grow(1.0)
        a._finish([(1, amp.Open(5000.0, 0.1, 0.005, 24.0, t_dil=0.105, foot=0.0, spike=24.0, r_nm=r))], 0.8)
        widths.append(a.events[0].half_width_ms)
        charges.append(a.events[0].charge_pc)
    assert widths[0] < widths[1] < widths[2] and 5.0 <= widths[0] and widths[2] <= 20.0
    assert charges[0] == pytest.approx(charges[2], rel=1e-6)


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
