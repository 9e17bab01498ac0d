"""exoviz.sim.phluorin: pHluorin flashes at pore opening by the pH ratio, spreads after full fusion, re-acidifies
after a kiss with its τ, never flashes before its pore opens, in all three modes; the region's ΔF/F0 trace."""

from __future__ import annotations

import numpy as np
import pytest

from exoviz.params import Params
from exoviz.sim import phluorin as ph
from exoviz.sim.stages import Stage
from exoviz.sim.world import World


def _world(mode: str, seed: int = 0, **values: float) -> World:
    w = World(Params(mode=mode, seed=seed, **values))  # type: ignore[arg-type]
    w.tirf_start()
    return w


def _until_flash(w: World, limit: int) -> tuple[int, dict[int, float]]:
    """Step until a new flash; returns its row and every tracked row's brightness one step before."""
    before: dict[int, float] = {}
    for _ in range(limit):
        rows, _x, _s, b = w.phluorin.bodies(w)
        before = dict(zip(rows.tolist(), b.tolist(), strict=True))
        n = len(w.phluorin.events)
        w.step()
        if len(w.phluorin.events) > n:
            hit = np.flatnonzero(w.phluorin.opened[:w.ves.capacity] == w.t)
            return int(hit[0]), before
    raise AssertionError("no flash")


def test_intensity_rises_at_pore_opening_by_the_ph_ratio() -> None:
    w = _world("full-fusion")
    row, before = _until_flash(w, 900)
    rows, _x, _s, b = w.phluorin.bodies(w)
    after = float(b[rows == row][0])
    assert after / before[row] == pytest.approx(ph.RATIO, rel=0.1)


@pytest.mark.parametrize(("mode", "steps"), [("full-fusion", 450), ("kiss-and-run", 300), ("exosome", 300)])
def test_nothing_flashes_before_its_pore_opens_in_every_mode(mode: str, steps: int) -> None:
    w = _world(mode)
    for _ in range(steps):
        w.step()
        p, n = w.phluorin, w.ves.capacity
        never = (p.seen[:n] != 0) & ~np.isfinite(p.opened[:n])
        assert not p.neutral[:n][never].any(), mode
    tv = w.tirf_view()
    assert tv.events.shape[0] > 0, mode  # works: each mode flashes
    assert tv.probe == ph.PROBES[mode]
    assert tv.kymo.shape == (len(tv.t_s), ph.BINS)
    assert (tv.events[:, 0] >= tv.t_s[0]).all()


def test_spreads_after_full_fusion() -> None:
    w = _world("full-fusion", stimulus_rate=5.0)  # a strong stimulus: the pores dilate
    for _ in range(1200):
        w.step()
        p = w.phluorin
        merged = np.isfinite(p.merged[:w.ves.capacity]) & (p.seen[:w.ves.capacity] != 0)
        if merged.any() or p.patch.shape[0]:
            break
    for _ in range(12):  # 0.2 s: its spread (2 D t) now exceeds any unmerged body's size
        w.step()
    t0 = w.t
    sig0, b0 = _widest(w), _widest_brightness(w)
    for _ in range(120):
        w.step()
    assert _widest(w) ** 2 - sig0 ** 2 == pytest.approx(2 * ph.D_NM2_S * (w.t - t0), rel=0.2)
    assert _widest_brightness(w) / b0 == pytest.approx(np.exp(-(w.t - t0) / ph.RETRIEVE_S), rel=0.05)  # fades


def _widest_brightness(w: World) -> float:
    _x, sig, b = w.phluorin.sources(w)
    return float(b[np.argmax(sig)])


def _widest(w: World) -> float:
    _x, sig, _b = w.phluorin.sources(w)
    return float(sig.max())


def test_re_acidifies_with_its_time_constant_after_a_kiss() -> None:
    w = _world("full-fusion")  # the β-cell at its low stimulus rate: most pores reseal (transient fusions)
    p = w.phluorin
    for _ in range(3000):
        w.step()
        n = w.ves.capacity
        shut = (p.seen[:n] != 0) & np.isfinite(p.opened[:n]) & ~np.isfinite(p.merged[:n])
        shut &= (w.ves.stage[:n] == Stage.DOCKED) & (p.neutral[:n] > 0.9)
        if shut.any():
            row = int(np.flatnonzero(shut)[0])
            break
    else:
        raise AssertionError("no resealed pore")
    t, f = [], []
    for _ in range(90):
        t.append(w.t)
        f.append(ph.DARK + (1.0 - ph.DARK) * float(p.neutral[row]))  # the row's brightness at a fixed depth
        w.step()
    f_arr = np.array(f)
    assert f_arr[-1] < 0.75 * f_arr[0]  # it darkens
    assert _fit_tau(np.array(t) - t[0], f_arr) == pytest.approx(ph.TAU_S, rel=0.2)


def _fit_tau(t: np.ndarray, f: np.ndarray) -> float:
    """τ of F(t) = F_dark + (F(0) - F_dark)·exp(-t/τ), F_dark the acidic floor (DARK of the tag's brightness at
    the same depth: F(0)·DARK when the pore has just closed at pH 7.4)."""
    dark = ph.DARK * f[0] / f.max()
    return float(-1.0 / np.polyfit(t, np.log(f - dark), 1)[0])


def test_region_trace_is_dff_against_the_first_rows() -> None:
    x = np.linspace(0.05, 7.95, ph.BINS)
    kymo = np.full((30, ph.BINS), 1.0)
    kymo[20:, (x > 2) & (x < 3)] = 3.0
    dff = ph.region_dff(kymo, x, (2.0, 3.0))
    assert dff[:20] == pytest.approx(0.0)
    assert dff[25] == pytest.approx(2.0)
    assert ph.region_dff(kymo, x, None).size == 0
    assert ph.region_dff(kymo, x, (5.0, 6.0)).max() == pytest.approx(0.0)


def test_region_trace_of_a_run_peaks_at_a_flash() -> None:
    w = _world("full-fusion")
    _until_flash(w, 900)
    x_um = w.phluorin.events[-1][1]
    w.phluorin.region = (x_um - 0.3, x_um + 0.3)
    for _ in range(30):
        w.step()
    tv = w.tirf_view()
    assert tv.peak_dff > 1.0
    stats = w.stats()["tirf"]
    assert stats["peak_dff"] == pytest.approx(tv.peak_dff, abs=1e-3) and stats["flashes"] >= 1
    assert stats["region_um"] == pytest.approx([x_um - 0.3, x_um + 0.3])
