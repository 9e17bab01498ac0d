"""Carbon-fibre amperometry: the oxidation current of the catecholamine that reaches an electrode on the cell.

Each fusion event's molecules are the model's own released small-molecule cargo (dots x MOLECULES_PER_DOT), timed
finer than the model's step: where the cell draws each pore's narrow time (sim.pore; the chromaffin cell), the foot
is the narrow pore's flux N0·k·exp(-k·t) from the opening to the drawn dilation instant (a float time within the
step; N0 the granule's molecules, k the pore's leak rate), computed analytically on the 10 kHz grid, and a stand-alone
foot when the pore reseals instead; the spike (the dense core dissolving: a rise and a decay with the time constants
below) starts at that instant and carries the rest of the molecules the model released. (Without a drawn narrow time
the foot is the dots that left while the pore was narrow, spread evenly over the steps it stayed so.) They then
diffuse to the electrode: molecules released under the fibre's face cross the thin film in well under a bin;
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
SPIKE_RISE_S = 1.5e-3  # the spike: dense-core dissolution, rise and decay (chosen so the half-width under the
# fibre is ~11 ms with the arrival by diffusion,
SPIKE_DECAY_S = 8e-3  # within the 5-20 ms measured in chromaffin cells; Wightman 1991, Mosharov & Sulzer 2005)
SPIKE_WINDOW_S = 0.1
R_REF_NM = 150.0  # a mid-size chromaffin granule (300 nm across): its spike decays in SPIKE_DECAY_S; a granule of
# radius r in SPIKE_DECAY_S * r / R_REF_NM (a bigger core takes longer to dissolve: half-width grows with granule
# size, Grabner et al. 2005; the linear scaling is our choice), so spikes under the fibre vary, ~7-13 ms
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
    dots: int = 0  # small-molecule dots the model released through this pore (molecules: its flux, finer)

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


def spike_cdf(t_s: np.ndarray, td: np.ndarray | float = SPIKE_DECAY_S) -> np.ndarray:
    """Share of a spike's molecules released by t_s after the pore dilated (0 before; reaches 1 at SPIKE_WINDOW_S),
    decaying with time constant td (s; broadcast against t_s)."""
    tr = SPIKE_RISE_S

    def raw(t: np.ndarray) -> np.ndarray:
        return 1 - (td * np.exp(-t / td) - tr * np.exp(-t / tr)) / (td - tr)

    return np.minimum(raw(np.clip(t_s, 0.0, SPIKE_WINDOW_S)) / raw(np.array(SPIKE_WINDOW_S)), 1.0)


def release_grid(evs: list, lead_s: np.ndarray, foot_s: np.ndarray, full: np.ndarray, per_dot: int,
                 k: float) -> np.ndarray:
    """(n, L) molecules leaving each event's pore in each BIN_S bin from the bin its pore opened in (lead_s: the
    opening's offset into that bin). A drawn narrow time with a leak rate k > 0: the
    foot is N0·(1 - exp(-k·t)) up to foot_s (analytic, at any instant within a bin); else the dots that left while
    narrow, spread evenly. A full fusion's spike then carries the rest of what the model released, from the
    dilation instant."""
    n0 = np.array([e.n0 for e in evs]) * per_dot
    released = np.array([e.foot + e.spike for e in evs]) * per_dot
    drawn = np.array([e.narrow_s > 0 for e in evs]) & (k > 0)
    foot_n = np.where(drawn, n0 * -np.expm1(-k * foot_s), np.array([e.foot for e in evs]) * per_dot)
    spike_n = np.where(full, np.maximum(released - foot_n, 0.0), 0.0)
    length = int(np.ceil((foot_s.max() + SPIKE_WINDOW_S) / BIN_S)) + 2
    rel = np.arange(length + 1)[None, :] * BIN_S - lead_s[:, None]  # the bin edges, from the opening
    into = np.clip(rel, 0.0, foot_s[:, None])
    kk = max(k, 1e-12)
    shape = np.where(drawn[:, None], np.expm1(-kk * into) / np.expm1(-kk * foot_s)[:, None], into / foot_s[:, None])
    td = SPIKE_DECAY_S * np.array([e.r_nm for e in evs])[:, None] / R_REF_NM
    cum = foot_n[:, None] * shape + spike_n[:, None] * spike_cdf(rel - foot_s[:, None], td)
    return np.diff(cum, axis=1)


@dataclass
class Open:
    """An event whose pore is still open: where and when it opened, its drawn narrow time (0: none), the granule's
    small-molecule dots at the opening, and the dots released while narrow (foot) and after (spike)."""

    x_nm: float
    t0: float
    narrow_s: float
    n0: float
    t_dil: float = -1.0  # the dilation instant (-1: not dilated)
    r_nm: float = R_REF_NM  # the granule's radius (sets its spike's decay)
    foot: float = 0.0
    spike: float = 0.0


@dataclass
class Amperometry:
    """The electrode at x_um (from the scene's left edge) and what it has recorded: open events are filled as the
    model releases cargo (record, from sim.cargo.emit), then written into the trace the step the pore dilates or
    reseals (observe): the trace shown up to now then draws the spike as the picture plays.
    leak_per_s: the narrow pore's leak rate k (per molecule per s), the foot's flux."""

    x_um: float
    seed: int = 0
    molecules_per_dot: int = MOLECULES_PER_DOT
    leak_per_s: float = 0.0
    current: np.ndarray = field(default_factory=lambda: np.zeros(0))
    signal: np.ndarray = field(default_factory=lambda: np.zeros(0))  # the events' current, no noise (pA)
    events: list[AmpEvent] = field(default_factory=list)
    open: dict[int, Open] = field(default_factory=dict)  # uid -> the event while its pore is open
    cap_pf: list[float] = field(default_factory=list)  # capacitance after each step, pF
    cap_t0: float = -1.0
    cap_dt: float = 0.0

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng([self.seed, NOISE_SEED])

    def move(self, x_um: float) -> None:
        self.x_um = float(x_um)

    def record(self, world: World, idx: np.ndarray, small: np.ndarray) -> None:
        """Small-molecule dots small[i] just left vesicle idx[i]'s narrow pore: the foot's. (What leaves a dilated
        pore was counted as it dilated: observe.) Called only for the few vesicles releasing this step."""
        v = world.ves
        some = small > 0
        for row, n in zip(idx[some].tolist(), small[some].tolist(), strict=True):
            if v.stage[row] == Stage.PORE:
                self._event(world, row).foot += n
            elif int(v.uid[row]) in self.open:  # not yet written (an electrode placed while it dilated)
                self.open[int(v.uid[row])].spike += n

    def _event(self, world: World, row: int) -> Open:
        v = world.ves
        uid = int(v.uid[row])
        ev = self.open.get(uid)
        if ev is None:  # first seen at its opening (observe) or its first release (record, before the dots leave)
            ev = self.open[uid] = Open(float(v.pos[row, 0]), world.t, float(v.narrow[row]), float(v.small[row]),
                                       r_nm=float(v.r_full[row]))
        return ev

    def observe(self, world: World) -> None:
        """After a step: pores newly open start events; pores that dilated this step are written into the trace at
        once (from the dilation instant: the drawn one, else this step), with the granule's remaining small
        molecules as the spike (the dilated pore lets all of them out), so the trace runs in step with the
        picture; pores that resealed are written as stand-alone feet. Then the trace grows to now, with noise."""
        v = world.ves
        po, rel = v.where(Stage.PORE), v.where(Stage.RELEASE)
        fresh = po[~np.isin(v.uid[po], np.fromiter(self.open, np.int64, len(self.open)))]
        for row in fresh.tolist():  # only the pores that opened this step
            self._event(world, row)
        done: list[tuple[int, Open]] = []
        for row in rel[v.t_stage[rel] < 0.5 * world.dt].tolist():  # only the pores that dilated this step
            ev = self._event(world, row)
            ev.t_dil = ev.t0 + ev.narrow_s if ev.narrow_s > 0 else world.t
            ev.spike += float(v.small[row])
            done.append((int(v.uid[row]), self.open.pop(int(v.uid[row]))))
        live = set(v.uid[po].tolist()) | set(v.uid[rel].tolist())
        done += [(u, self.open.pop(u)) for u in [u for u in self.open if u not in live]]
        if done:
            self._finish(done, world.t)
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

    def _finish(self, done: list[tuple[int, Open]], now: float) -> None:
        """Write ended events into the trace: foot and spike release (release_grid) convolved with the arrival
        kernel, all events at once (one row each)."""
        uid = np.array([u for u, _ in done], dtype=np.int64)
        evs = [e for _, e in done]
        x = np.array([e.x_nm for e in evs])
        t0 = np.array([e.t0 for e in evs])
        full = np.array([e.t_dil >= 0 for e in evs])
        end = np.where(full, [e.t_dil for e in evs], [e.t0 + e.narrow_s if e.narrow_s > 0 else now for e in evs])
        foot_s = np.maximum(end - t0, BIN_S)
        start = np.floor(t0 / BIN_S).astype(np.int64)
        src = release_grid(evs, t0 - start * BIN_S, foot_s, full, self.molecules_per_dot, self.leak_per_s)
        ker = arrival_kernel((x / 1e3) - self.x_um)
        m = src.shape[1] + ker.shape[1]
        arrive = np.fft.irfft(np.fft.rfft(src, m) * np.fft.rfft(ker, m), m)
        arrive = np.maximum(arrive[:, : m - 1], 0.0)
        reached = ker.sum(axis=1) * src.sum(axis=1)  # molecules that reach the electrode within KERNEL_S
        arrive *= (reached / np.maximum(arrive.sum(axis=1), 1e-300))[:, None]  # FFT rounding: exact totals
        pa = arrive * (ELECTRONS * E_C / BIN_S * 1e12)
        self._grow((int(start.max()) + pa.shape[1] + 1) * BIN_S)
        for i in range(uid.size):  # the events that ended this step (one or two)
            s = int(start[i])
            self.signal[s: s + pa.shape[1]] += pa[i]
            self.current[s: s + pa.shape[1]] += pa[i]
            self.events.append(AmpEvent(
                int(uid[i]), float(x[i]), float(t0[i]), float(foot_s[i]), "full" if full[i] else "transient",
                int(round(src[i].sum())), float(reached[i]), float(pa[i].max()),
                half_width_ms(pa[i]) if full[i] else 0.0, int(evs[i].foot + evs[i].spike)))

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
