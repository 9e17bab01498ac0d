"""Carbon-fibre amperometry: the oxidation current of the catecholamine that reaches an electrode on the cell.

Each fusion event's molecules are the model's own released small-molecule cargo (dots x MOLECULES_PER_DOT): those
that left while the pore was narrow make the foot (spread evenly over the time it stayed narrow), those that left
after it dilated make the spike (the dense core dissolving: a rise and a decay with the time constants below). They
then diffuse to the electrode: molecules released under the fibre's face cross the thin film in well under a bin;
those released beside it are caught in the share (2/pi)·arcsin(a/d) of a disc of radius a seen from distance d,
after the first-passage time of diffusion over their distance to its edge (erfc kernel, cut at KERNEL_S). Each
event's charge is Q = 2·e·N for the N molecules that reached the electrode (2 electrons per catecholamine).

Figures (science.md, Instruments): Wightman et al. 1991, PNAS 88:10754; Chow et al. 1992, Nature 356:60; Mosharov &
Sulzer 2005, Nat Methods 2:651: chromaffin granules ~1-3 x 10^6 molecules (0.3-1 pC), spikes of tens of pA with
half-widths of ~5-20 ms, a foot of a few pA. Baseline noise ~0.2 pA rms (filtered). The fine grid is BIN_S (10 kHz).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import erfc
from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

E_C = 1.602176634e-19  # elementary charge, C
ELECTRONS = 2  # catecholamine oxidation gives 2 electrons per molecule
BIN_S = 1e-4  # the trace's sampling: 10 kHz
FIBRE_RADIUS_UM = 2.5  # a 5 µm carbon fibre
FILM_UM = 0.3  # the gap between the fibre's face and the membrane
D_UM2_S = 600.0  # catecholamine diffusion coefficient in saline (~6 x 10^-6 cm²/s)
KERNEL_S = 0.2  # molecules still on their way after this are not counted as reaching the electrode
SPIKE_RISE_S = 1.5e-3  # the spike: dense-core dissolution, rise and decay (chosen so the half-width is ~7 ms,
SPIKE_DECAY_S = 8e-3  # within the 5-20 ms measured in chromaffin cells; Wightman 1991, Mosharov & Sulzer 2005)
SPIKE_WINDOW_S = 0.1
NOISE_PA = 0.2  # baseline noise, rms, as recorded through the usual 1-3 kHz low-pass (carbon fibre: ~0.1-0.5 pA)
MOLECULES_PER_DOT = 80_000  # chromaffin: ~24 small-molecule dots per mid-size granule -> ~2 x 10^6 molecules
NOISE_SEED = 28  # the instrument's own generator: placing the electrode never changes the cell's course


@dataclass(frozen=True)
class AmpEvent:
    """One fusion seen by the electrode (times in simulated s from the start, molecules counted)."""

    uid: int  # the granule's uid
    x_nm: float  # where its pore was
    start_s: float  # the pore opened (the foot starts)
    foot_s: float  # how long the pore stayed narrow
    kind: str  # "full" (dilated: foot + spike) or "transient" (resealed: a stand-alone foot)
    molecules: int  # that left the pore
    reached: float  # that reached the electrode
    peak_pa: float
    half_width_ms: float  # of the spike (0 for a stand-alone foot)

    @property
    def charge_pc(self) -> float:
        return ELECTRONS * E_C * self.reached * 1e12

    def row(self) -> dict[str, float | int | str]:
        return {"uid": self.uid, "x_um": round(self.x_nm / 1e3, 3), "start_ms": round(self.start_s * 1e3, 2),
                "foot_ms": round(self.foot_s * 1e3, 2), "peak_pA": round(self.peak_pa, 3),
                "half_width_ms": round(self.half_width_ms, 2), "charge_pC": round(self.charge_pc, 5),
                "molecules": self.molecules, "molecules_reached": round(self.reached), "kind": self.kind}


@dataclass(frozen=True)
class AmperometryView:
    """What a renderer reads: the electrode, the trace (pA per BIN_S bin from t=0) and the finished events."""

    x_um: float
    bin_s: float
    current_pa: np.ndarray
    events: tuple[AmpEvent, ...]
    cap_dt: float  # the capacitance samples' spacing (one per model step), s
    cap_ff: np.ndarray  # membrane capacitance change since the electrode was placed, fF (plasma membrane + open pores)
    cap_t0: float  # time of the first capacitance sample, s


def capture(d_um: np.ndarray) -> np.ndarray:
    """Share of the molecules released at lateral distance d (µm) from the fibre's axis that reach its face."""
    d = np.abs(np.asarray(d_um, dtype=np.float64))
    seen = np.minimum(FIBRE_RADIUS_UM / np.maximum(d, 1e-9), 1.0)
    return np.where(d <= FIBRE_RADIUS_UM, 1.0, (2 / np.pi) * np.arcsin(seen))


def arrival_kernel(d_um: np.ndarray) -> np.ndarray:
    """(n, K) weights: share of one event's molecules released in bin 0 that arrive in bin k (sums to the captured
    share times the first-passage share within KERNEL_S)."""
    d = np.abs(np.asarray(d_um, dtype=np.float64))
    r = FILM_UM + np.maximum(d - FIBRE_RADIUS_UM, 0.0)
    k = int(round(KERNEL_S / BIN_S))
    t = np.arange(1, k + 1) * BIN_S
    cdf = np.vectorize(erfc)(r[:, None] / np.sqrt(4 * D_UM2_S * t[None, :]))
    cdf = np.concatenate((np.zeros((d.size, 1)), cdf), axis=1)
    return capture(d)[:, None] * np.diff(cdf, axis=1)


def spike_shape(n_bins: int) -> np.ndarray:
    """(n_bins,) share of a spike's molecules released in each bin after the pore dilated (sums to 1)."""
    t = np.arange(n_bins + 1) * BIN_S
    tr, td = SPIKE_RISE_S, SPIKE_DECAY_S
    cdf = 1 - (td * np.exp(-t / td) - tr * np.exp(-t / tr)) / (td - tr)
    w = np.diff(cdf)
    return w / w.sum()


@dataclass
class Amperometry:
    """The electrode at x_um (from the scene's left edge) and what it has recorded: open events are filled as the
    model releases cargo (record, from sim.cargo.emit), then written into the trace when they end (observe)."""

    x_um: float
    seed: int = 0
    molecules_per_dot: int = MOLECULES_PER_DOT
    current: np.ndarray = field(default_factory=lambda: np.zeros(0))
    signal: np.ndarray = field(default_factory=lambda: np.zeros(0))  # the events' current, no noise (pA)
    events: list[AmpEvent] = field(default_factory=list)
    open: dict[int, list[float]] = field(default_factory=dict)  # uid -> [x_nm, t_open, t_dilate, foot, spike]
    cap_pf: list[float] = field(default_factory=list)  # capacitance after each step, pF
    cap_t0: float = -1.0
    cap_dt: float = 0.0

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng([self.seed, NOISE_SEED])

    def move(self, x_um: float) -> None:
        self.x_um = float(x_um)

    def record(self, world: World, idx: np.ndarray, small: np.ndarray) -> None:
        """Small-molecule dots small[i] just left vesicle idx[i]'s pore: the foot's while it is narrow, else the
        spike's. Called only for the few vesicles releasing this step."""
        v = world.ves
        some = small > 0
        for row, n in zip(idx[some].tolist(), small[some].tolist(), strict=True):
            ev = self._event(world, row)
            ev[3 if v.stage[row] == Stage.PORE else 4] += n

    def _event(self, world: World, row: int) -> list[float]:
        v = world.ves
        uid = int(v.uid[row])
        ev = self.open.get(uid)
        if ev is None:
            ev = self.open[uid] = [float(v.pos[row, 0]), world.t, -1.0, 0.0, 0.0]
        return ev

    def observe(self, world: World) -> None:
        """After a step: pores newly open start events, dilated ones note when, and events whose pore has
        dilated and emptied or resealed are written into the trace. Then the trace grows to now, with noise."""
        v = world.ves
        po, rel = v.where(Stage.PORE), v.where(Stage.RELEASE)
        fresh = po[~np.isin(v.uid[po], np.fromiter(self.open, np.int64, len(self.open)))]
        for row in fresh.tolist():  # only the pores that opened this step
            self._event(world, row)
        for row in rel[v.t_stage[rel] < 0.5 * world.dt].tolist():  # only the pores that dilated this step
            ev = self._event(world, row)
            if ev[2] < 0:
                ev[2] = world.t
        live = set(v.uid[po].tolist()) | set(v.uid[rel].tolist())
        done = [u for u in self.open if u not in live]
        if done:
            self._finish([(u, self.open.pop(u)) for u in done], world.t)
        self._grow(world.t + world.dt)
        if self.cap_t0 < 0:
            self.cap_t0, self.cap_dt = world.t, world.dt
        self.cap_pf.append(world.ledger.capacitance_pf)

    def _grow(self, t_s: float) -> None:
        n = int(t_s / BIN_S)
        have = self.current.size
        if n <= have:
            return
        add = n - have
        self.current = np.concatenate((self.current, self.rng.normal(0.0, NOISE_PA, add)))
        self.signal = np.concatenate((self.signal, np.zeros(add)))

    def _finish(self, done: list[tuple[int, list[float]]], now: float) -> None:
        """Write ended events into the trace: foot and spike release convolved with the arrival kernel, all events
        at once (one row each)."""
        uid = np.array([u for u, _ in done], dtype=np.int64)
        x, t0, t_dil, foot, spike = np.array([e for _, e in done], dtype=np.float64).T
        full = t_dil >= 0
        end = np.where(full, t_dil, now)
        foot_bins = np.maximum(np.round((end - t0) / BIN_S).astype(np.int64), 1)
        spike_bins = int(SPIKE_WINDOW_S / BIN_S)
        length = int(foot_bins.max()) + spike_bins
        cols = np.arange(length)[None, :]
        src = np.where(cols < foot_bins[:, None], (foot * self.molecules_per_dot / foot_bins)[:, None], 0.0)
        shape = spike_shape(spike_bins)
        rel = cols - foot_bins[:, None]
        inside = (rel >= 0) & (rel < spike_bins)
        src += np.where(inside, shape[np.clip(rel, 0, spike_bins - 1)], 0.0) * (spike * self.molecules_per_dot)[:, None]
        ker = arrival_kernel((x / 1e3) - self.x_um)
        m = length + ker.shape[1]
        arrive = np.fft.irfft(np.fft.rfft(src, m) * np.fft.rfft(ker, m), m)
        arrive = np.maximum(arrive[:, : m - 1], 0.0)
        reached = ker.sum(axis=1) * src.sum(axis=1)  # molecules that reach the electrode within KERNEL_S
        arrive *= (reached / np.maximum(arrive.sum(axis=1), 1e-300))[:, None]  # FFT rounding: exact totals
        pa = arrive * (ELECTRONS * E_C / BIN_S * 1e12)
        start = np.round(t0 / BIN_S).astype(np.int64)
        self._grow((int(start.max()) + pa.shape[1] + 1) * BIN_S)
        for i in range(uid.size):  # the events that ended this step (one or two)
            s = int(start[i])
            self.signal[s: s + pa.shape[1]] += pa[i]
            self.current[s: s + pa.shape[1]] += pa[i]
            self.events.append(AmpEvent(
                int(uid[i]), float(x[i]), float(t0[i]), float(end[i] - t0[i]), "full" if full[i] else "transient",
                int(round((foot[i] + spike[i]) * self.molecules_per_dot)), float(reached[i]), float(pa[i].max()),
                half_width_ms(pa[i]) if full[i] else 0.0))

    def view(self, now_s: float) -> AmperometryView:
        n = min(int(now_s / BIN_S), self.current.size)
        cap = np.asarray(self.cap_pf)
        return AmperometryView(self.x_um, BIN_S, self.current[:n], tuple(self.events), self.cap_dt,
                               (cap - (cap[0] if cap.size else 0.0)) * 1e3, max(self.cap_t0, 0.0))

    def stats(self) -> dict:
        return {"electrode_um": self.x_um, "fibre_radius_um": FIBRE_RADIUS_UM, "sample_khz": 1e-3 / BIN_S,
                "molecules_per_dot": self.molecules_per_dot, "events": [e.row() for e in self.events]}


def half_width_ms(pa: np.ndarray) -> float:
    """Width of a spike at half its peak (ms), between the first and last bins at or above half."""
    above = np.flatnonzero(pa >= 0.5 * pa.max())
    return float((above[-1] - above[0] + 1) * BIN_S * 1e3) if above.size else 0.0
