"""The fusion machinery at regulated release sites (granules of regulated cells, synaptic vesicles): tethered →
docked → primed → Ca²⁺-bound → fused, the trans-SNARE complexes each vesicle forms, synaptotagmin's Ca²⁺
occupancy, complexin's clamp, and the cis-complexes NSF and α-SNAP take apart after fusion.

Per row (columns of world.ves): machine (Machine code), complexes, m_t (time in the machine state), syt_ca, zipper.
The mechanisms call arrive() when a vesicle docks, fusing() for their docked rows each step (it advances the
states and says which rows open a pore), fused() when a pore opens and release() when a vesicle leaves its site
without fusing. Constitutive carriers stay Machine.NONE: they skip priming and the Ca²⁺ step.

The model (numbers below, each with its source or marked illustrative):
- Priming needs Munc13 and ATP; at priming a vesicle forms up to MAX_COMPLEXES trans-SNARE complexes, each with
  probability P_FORM × the intact share of the three SNAREs (toxins cleave them: MachineryParams).
- Ca²⁺ sensor: synaptotagmin-1's SITES Ca²⁺ sites fill in sequence and cooperatively at equilibrium with the
  local [Ca²⁺] c at the site (the channels' nanodomain, cut by a buffer): each ion already bound slows the unbinding
  of the next 1/COOPERATIVITY-fold (the five-site model fitted at the calyx of Held: Schneggenburger & Neher
  2000, Nature 406:889, b = 0.25, k_off/k_on ≈ 100 µM per site; illustrative K_D_UM). Fusion needs HILL of them, so
  the rate is γ·P(≥ HILL bound). Dodge & Rahamimoff (1967, science.md): release rises with [Ca²⁺]⁴ at low
  [Ca²⁺] (slope 3.78 ± 0.2) and the slope falls toward normal [Ca²⁺]. Independent sites, s = c/(c + K_D), cannot
  show that: s⁴'s local slope 4·K_D/(c + K_D) falls off long before release saturates (with K_D 20 µM the
  dose-response's slope over 0.25-1 mM was 3.2, p_sync still ≤ 0.07); cooperative sites hold ~4 while release is
  low and saturate sharply in the tens of µM of a nanodomain. (Binding is fast next to the step: equilibrium
  each step.) A primed vesicle counts as Ca²⁺-bound while the share of sites filled s ≥ S_BOUND; one that binds
  Ca²⁺ fuses from the next step on; γ is calibrated so a stimulus fuses a primed granule with the cell's
  fusion_p (and a synaptic vesicle with ~35 % per action potential), as before this model.
- A second, slow sensor: synaptotagmin-7 (Bacaj et al. 2013, Neuron 80:947; Jackman et al. 2016, Nature 529:88;
  in chromaffin cells Schonn et al. 2008, PNAS 105:3998). It sits on the plasma membrane and senses the residual
  Ca²⁺ that spreads through the terminal (or cell) after a stimulus and lingers (SiteNumbers.residual_um,
  decaying with residual_s), not the channel's nanodomain: high affinity (SYT7_K_D_UM), low cooperativity (SYT7_HILL), a
  lagging occupancy (SYT7_TAU_S) and a slow rate γ₇·s₇², calibrated so that with synaptotagmin-1 gone a primed
  vesicle still fuses on site.syt7_p of stimuli, late. So with synaptotagmin-1 release is mostly synchronous (within
  site.sync_s of the stimulus); without it, synchronous release is near zero and asynchronous release (sync_s to
  async_s after the stimulus) remains, as in the knockout. Fusions are counted by their latency (stats).
- With fewer than N_FAST complexes fusion is slower: ONE_COMPLEX_SLOWER× with one (Manca et al. 2019), and the
  geometric mean of that with two (illustrative); none, no fusion.
- Complexin clamps primed vesicles: without it their spontaneous fusion is UNCLAMPED× more frequent (illustrative).
- After fusion each complex lies cis in the plasma membrane at the pore's x until NSF and α-SNAP take it apart
  with ATP, within NSF_S (illustrative: order of magnitude; Ryu et al. 2015 one round of ATP turnover).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.sim.machinery_params import GRANULE, MachineryParams, SiteNumbers
from exoviz.sim.machinery_view import Machine, MachineryView

if TYPE_CHECKING:
    from exoviz.sim.state import Vesicles


class World(Protocol):
    """What the machinery reads of the world: the vesicle arrays and the one generator (a leaf protocol, so the
    WorldModel can name the Machinery without an import cycle)."""

    ves: Vesicles
    rng: np.random.Generator
    t: float

# the states as plain ints for array work: NumPy compares an array with an IntEnum member ~10x slower (it probes it)
M_NONE, M_TETHERED, M_DOCKED, M_PRIMED, M_CA_BOUND, M_FUSED = (int(state) for state in Machine)
MAX_COMPLEXES = 6  # SNAREpins under a release-ready vesicle (six-fold symmetry: Radhakrishnan et al. 2021)
P_FORM = 0.75  # chance that each forms in a healthy cell (illustrative: most vesicles get 3 or more)
N_FAST = 3  # complexes needed for fast fusion (Mohrmann et al. 2010; 2 may do at synapses: Sinha et al. 2011)
ONE_COMPLEX_SLOWER = 1000.0  # one SNAREpin fuses in ~1 s, three or more in < 1 ms (Manca et al. 2019, PNAS)
K_D_UM = 150.0  # one empty site's Ca²⁺ dissociation constant, µM (illustrative; ~100 µM: Schneggenburger & Neher 2000)
COOPERATIVITY = 0.25  # b: each bound Ca²⁺ slows the next one's unbinding 1/b-fold (Schneggenburger & Neher 2000)
HILL = 4  # Ca²⁺ ions needed for fusion (Dodge & Rahamimoff 1967: release ∝ [Ca²⁺]⁴)
SITES = 5  # Ca²⁺ sites of synaptotagmin-1: C2A 3, C2B 2 (science.md)
# equilibrium weight of n bound relative to none is C(SITES, n)·(c/K_D)ⁿ·b^(-n(n-1)/2)
_BOUND = np.arange(SITES + 1)
_WEIGHT = np.array([math.comb(SITES, n) for n in range(SITES + 1)]) * COOPERATIVITY ** (-_BOUND * (_BOUND - 1) / 2)
S_BOUND = 0.15  # share of sites filled from which a vesicle counts as Ca²⁺-bound (below it, fusion is rare)
CA_REST_UM = 0.1  # cytosolic Ca²⁺ at rest, µM
# synaptotagmin-7: Ca²⁺ affinity ~10× synaptotagmin-1's (sub-µM to a few µM with membranes: Sugita et al. 2002;
# illustrative 1.5 µM), about 2 ions (low cooperativity), slow binding and unbinding (Hui et al. 2005: tens of ms;
# illustrative lag)
SYT7_K_D_UM = 1.5
SYT7_HILL = 2
SYT7_TAU_S = 0.015
S7_REST = CA_REST_UM / (CA_REST_UM + SYT7_K_D_UM)  # at resting Ca²⁺ (no release from it)
UNCLAMPED = 10.0  # without complexin: spontaneous fusion of primed vesicles this much more frequent (illustrative)
ZIP_PRIMED = 0.5  # primed: half-zippered and clamped (Südhof & Rothman 2009)


# plain-language name of each state within a docked stage (steps.json, follow panel)
MACHINE_NAMES: dict[int, str] = {Machine.TETHERED: N_("tethered"), Machine.DOCKED: N_("docked"),
                                 Machine.PRIMED: N_("primed"), Machine.CA_BOUND: N_("Ca²⁺-bound")}
ILLUSTRATIVE = ("SNARE complexes formed per vesicle (up to 6, ~75 % each)", "docking and priming times (sped up)",
                "synaptotagmin's Ca²⁺ affinity (K_D 150 µM a site, cooperative) and the Ca²⁺ at each site",
                "synaptotagmin-7's affinity (1.5 µM), lag and rate; the residual Ca²⁺ after a stimulus",
                "NSF disassembly time (order of magnitude)")


def complex_factor(n: np.ndarray) -> np.ndarray:
    """Fusion rate relative to the fast path for n trans-SNARE complexes (1 at N_FAST or more, 0 with none)."""
    n = np.asarray(n, dtype=np.float64)
    slow = ONE_COMPLEX_SLOWER ** (-(N_FAST - np.clip(n, 1, N_FAST)) / (N_FAST - 1))
    return np.where(n >= 1, slow, 0.0)


def bound_states(ca_um: np.ndarray | float) -> np.ndarray:
    """(..., SITES + 1): the chance that 0 … SITES Ca²⁺ are bound to synaptotagmin-1 at equilibrium with a local
    [Ca²⁺] (µM), the sites filling in sequence with cooperativity COOPERATIVITY."""
    x = np.asarray(ca_um, dtype=np.float64)[..., None] / K_D_UM
    w = _WEIGHT * x ** _BOUND
    return w / w.sum(axis=-1, keepdims=True)


def occupancy(ca_um: np.ndarray | float) -> np.ndarray:
    """Share of synaptotagmin-1's Ca²⁺ sites filled at equilibrium with a local [Ca²⁺] (µM)."""
    return bound_states(ca_um) @ _BOUND / SITES


def slow_occupancy(ca_um: np.ndarray | float) -> np.ndarray:
    """Synaptotagmin-7's share of sites filled at equilibrium with a (bulk) [Ca²⁺] (µM)."""
    c = np.asarray(ca_um, dtype=np.float64)
    return c / (c + SYT7_K_D_UM)


def rate_shape(ca_um: np.ndarray | float) -> np.ndarray:
    """The Ca²⁺ dependence of the fusion rate (0..1): the chance that at least HILL sites are filled."""
    return bound_states(ca_um)[..., HILL:].sum(axis=-1)


COMPLEX_FACTOR = complex_factor(np.arange(MAX_COMPLEXES + 1))  # complex_factor() by the number of complexes
READY = np.isin(np.arange(M_FUSED + 1), (M_PRIMED, M_CA_BOUND))  # primed or Ca²⁺-bound, by state


class Machinery:
    """The release sites' machinery of one world (regulated: granules or synaptic vesicles; else idle)."""

    def __init__(self, regulated: bool, site: SiteNumbers = GRANULE) -> None:
        self.regulated = regulated
        self.site = site
        self.params = MachineryParams()
        self.gamma = 0.0  # fusion rate at s = 1 with the fast path, per s (calibrate)
        self.cis_x = np.zeros(0)  # cis-complexes in the plasma membrane, nm
        self.cis_age = np.zeros(0)  # s since the pore opened
        self.cis_dur = np.zeros(0)  # s NSF takes for each (at full ATP)
        self.formed = 0  # trans-SNARE complexes formed so far
        self.disassembled = 0  # cis-complexes NSF took apart so far
        self.fused_rows = 0  # vesicles that fused with the machinery
        self.gamma7 = 0.0  # synaptotagmin-7's fusion rate at s₇ = 1 with the fast path, per s (calibrate)
        self.residual = 0.0  # bulk Ca²⁺ above rest left by the stimuli, µM
        self.s7 = S7_REST  # synaptotagmin-7's occupancy (lags its equilibrium with the bulk Ca²⁺)
        self.last_stimulus_t = -1.0e9  # simulated s of the latest stimulus
        self.latency = {"synchronous": 0, "asynchronous": 0, "spontaneous": 0}  # fusions by time since a stimulus
        self.hazard = 0.0  # synaptotagmin-1's summed hazard (rate × dt) on ready vesicles within sync_s of stimuli
        self.exposed = 0  # ready (primed or Ca²⁺-bound) vesicles at the stimuli: p_sync = hazard / exposed

    # -- set-up --------------------------------------------------------------------------------------------
    def local_ca(self, share: np.ndarray | float) -> np.ndarray:
        """[Ca²⁺] at the sensor (µM) from the stimulus's share of its peak (0..1), through any buffer."""
        rise = (self.site.peak_local_um - CA_REST_UM) * self.params.ca_reach(self.site.coupling_nm)
        return CA_REST_UM + np.asarray(share, dtype=np.float64) * rise

    def calibrate(self, p: float, shares: np.ndarray, dt: float) -> None:
        """Set γ so that a primed vesicle with the fast path fuses with probability p on a stimulus whose Ca²⁺ share
        runs shares[k] at step k (step 0: the stimulus, when it binds Ca²⁺ and waits a step: see fusing())."""
        c = self.local_ca(shares)
        total = float(np.sum(rate_shape(c[1:]))) * dt
        self.gamma = -np.log(1.0 - p) / total if total > 0 else 0.0
        slow = float(np.sum(self.slow_trace(dt) ** SYT7_HILL)) * dt
        self.gamma7 = -np.log(1.0 - self.site.syt7_p) / slow if slow > 0 else 0.0

    def slow_trace(self, dt: float) -> np.ndarray:
        """Synaptotagmin-7's occupancy above rest, step by step after one stimulus in a normal medium (setup)."""
        n = int(10.0 * self.site.residual_s / dt) + 2
        eq = slow_occupancy(CA_REST_UM + self.site.residual_um * np.exp(-np.arange(n) * dt / self.site.residual_s))
        a, s, out = -np.expm1(-dt / SYT7_TAU_S), S7_REST, np.empty(n)
        for k in range(n):  # a first-order lag: a loop over the steps of one trace, once at setup
            s += (eq[k] - s) * a
            out[k] = s
        return np.maximum(out - S7_REST, 0.0)

    @property
    def s7_active(self) -> float:
        """Synaptotagmin-7's occupancy above its resting level: what drives asynchronous release."""
        return max(self.s7 - S7_REST, 0.0)

    def stimulus(self, world: World, influx: float) -> None:
        """A stimulus let Ca²⁺ in (influx: relative to a normal medium): the residual bulk Ca²⁺ rises, and
        fusions from now on are timed from it."""
        self.residual += self.site.residual_um * influx * self.params.residual_share()  # buffers take it
        self.last_stimulus_t = world.t
        m = world.ves.machine[self.rows(world)]
        self.exposed += int(np.count_nonzero((m == M_PRIMED) | (m == M_CA_BOUND)))

    # -- per row ---------------------------------------------------------------------------------------------
    def arrive(self, world: World, rows: np.ndarray) -> None:
        """Rows just docked at the membrane: tethered (regulated) or NONE (constitutive)."""
        v = world.ves
        v.machine[rows] = M_TETHERED if self.regulated else M_NONE
        v.m_t[rows] = 0.0
        v.complexes[rows] = 0
        v.syt_ca[rows] = 0.0
        v.zipper[rows] = 0.0

    def seed_primed(self, world: World, rows: np.ndarray) -> None:
        """Rows that start docked: primed already (the readily releasable pool), where priming can happen."""
        self.arrive(world, rows)
        if self.regulated:
            world.ves.machine[rows] = M_DOCKED
            self._prime(world, rows)

    def _prime(self, world: World, rows: np.ndarray) -> None:
        """DOCKED rows prime: Munc13 opens syntaxin, the SNAREs zipper halfway; rows that form no complex stay
        docked (and try again at the next priming)."""
        v, p = world.ves, self.params
        if not p.munc13 or rows.size == 0:
            return
        n = world.rng.binomial(MAX_COMPLEXES, P_FORM * p.snares_intact, rows.size)
        ok = rows[n > 0]
        v.complexes[ok] = n[n > 0]
        v.machine[ok] = M_PRIMED
        v.m_t[rows] = 0.0
        v.zipper[ok] = ZIP_PRIMED
        self.formed += int(n.sum())

    def fusing(self, world: World, rows: np.ndarray, share: np.ndarray | float, dt: float) -> np.ndarray:
        """Docked rows of a regulated site, each with its stimulus's Ca²⁺ share now (0..1; one float: the same share
        for every row): advance their states by dt and return (len(rows),) bool, which of them open a fusion pore in
        this step."""
        v, p, site = world.ves, self.params, self.site
        if rows.size == 0:
            return np.zeros(0, dtype=bool)
        mt = v.m_t.take(rows) + dt
        m = v.machine.take(rows)
        tethered = ((m == M_TETHERED) & (mt >= site.tether_s)).nonzero()[0]
        if tethered.size:
            v.machine[rows[tethered]] = M_DOCKED
            mt[tethered] = 0.0
        v.m_t[rows] = mt
        prime_s = site.dock_s / max(p.atp, 1.0e-9)
        due = (m == M_DOCKED) & (mt >= prime_s)
        self._prime(world, rows[due])
        # synaptotagmin at the local Ca²⁺, and the rate of fusion; a vesicle whose synaptotagmin binds Ca²⁺ in this
        # step is Ca²⁺-bound first (it fuses from the next step on: the story goes primed -> Ca²⁺-bound -> pore)
        return self._ca_step(world, rows, share, due, dt)

    def _ca_step(self, world: World, rows: np.ndarray, share: np.ndarray | float, due: np.ndarray,
                 dt: float) -> np.ndarray:
        """fusing()'s Ca²⁺ step (due: rows that primed in this step): which rows fire. One float share for every row
        (the secretion's) takes scalars and tables, bit for bit as that share repeated per row: the Ca²⁺ functions on
        one value (on two equal ones: NumPy's matrix product of a single row sums in another order), the rate by the
        number of complexes (MAX_COMPLEXES + 1 values)."""
        v, p = world.ves, self.params
        one = not isinstance(share, np.ndarray)
        c = self.local_ca(np.full(min(rows.size, 2), share) if one else share)
        states = bound_states(c)
        each = states @ _BOUND / SITES if p.syt1 else np.full(c.size, self.s7)  # occupancy(); without syt1: syt7 drawn
        s: np.ndarray | float = float(each[0]) if one else each
        v.syt_ca[rows] = s
        m = v.machine.take(rows)
        # a primed vesicle binds Ca²⁺ in the step of a stimulus (or of its rise) and may fuse from the next on
        ready = READY.take(m) & ~((m == M_PRIMED) & ((s >= S_BOUND) | (world.t - self.last_stimulus_t < 0.5 * dt)))
        n = v.complexes.take(rows)
        shape = states[..., HILL:].sum(axis=-1)  # rate_shape()
        if one:  # (rate() by the number of complexes)
            p_fire = (-np.expm1(-self._rate(shape[:1], COMPLEX_FACTOR, self.s7_active) * dt)).take(n)
        else:
            p_fire = -np.expm1(-self._rate(shape, complex_factor(n), self.s7_active) * dt)
        fire = ready & (world.rng.random(rows.size) < p_fire)
        if p.syt1 and world.t - self.last_stimulus_t < self.site.sync_s:  # synaptotagmin-1's hazard (p_sync)
            on = shape[0] if one else shape[ready]
            self.hazard += float(np.sum(on * complex_factor(n[ready]))) * self.gamma * dt
        # the Ca²⁺-bound state follows the sensor (it falls back to primed, clamped, as Ca²⁺ is pumped away)
        up = ~fire & ~due & (m == M_PRIMED) & (s >= S_BOUND)  # primed in this step: primed for a step first
        down = ~fire & (m == M_CA_BOUND) & (s < S_BOUND)
        v.machine[rows[up]] = M_CA_BOUND
        v.machine[rows[down]] = M_PRIMED
        v.m_t[rows[up | down]] = 0.0
        m = v.machine.take(rows)
        if one:  # (the zipper by machine state)
            zipper = np.zeros(M_FUSED + 1)
            zipper[M_PRIMED], zipper[M_CA_BOUND] = ZIP_PRIMED, ZIP_PRIMED + 0.45 * np.minimum(s / 0.6, 1.0)
            v.zipper[rows] = zipper.take(m)
        else:
            v.zipper[rows] = np.where(m == M_CA_BOUND, ZIP_PRIMED + 0.45 * np.minimum(s / 0.6, 1.0),
                                      np.where(m == M_PRIMED, ZIP_PRIMED, 0.0))
        return fire

    def rate(self, ca_um: np.ndarray, complexes: np.ndarray, s7: float = 0.0) -> np.ndarray:
        """Fusion rate (per s) of primed vesicles at a local [Ca²⁺] (µM) with so many trans-SNARE complexes:
        synaptotagmin-1's γ·s⁴ (none in the knockout), synaptotagmin-7's γ₇·s₇² at its occupancy s7 (above rest),
        and spontaneous fusion (clamped by complexin)."""
        return self._rate(rate_shape(np.asarray(ca_um, dtype=np.float64)), complex_factor(complexes), s7)

    def _rate(self, shape: np.ndarray, factor: np.ndarray, s7: float) -> np.ndarray:
        """rate() from synaptotagmin-1's rate_shape() and the complex_factor()."""
        p = self.params
        ca = (self.gamma * shape if p.syt1 else 0.0) + self.gamma7 * s7 ** SYT7_HILL
        spont = self.site.spont_per_s * (1.0 if p.complexin else UNCLAMPED)
        return (ca + spont) * factor

    def fused(self, world: World, rows: np.ndarray) -> None:
        """Rows whose pore opened: fully zippered; their complexes now lie cis in the plasma membrane."""
        v = world.ves
        rows = rows[v.machine[rows] != M_NONE]
        if rows.size == 0:
            return
        v.machine[rows] = M_FUSED
        v.m_t[rows] = 0.0
        v.zipper[rows] = 1.0
        n = v.complexes[rows].astype(np.int64)
        k = int(n.sum())
        x = np.repeat(v.pos[rows, 0], n) + world.rng.uniform(-0.3, 0.3, k) * np.repeat(v.radius[rows], n)
        self.cis_x = np.concatenate((self.cis_x, x))
        self.cis_age = np.concatenate((self.cis_age, np.zeros(k)))
        self.cis_dur = np.concatenate((self.cis_dur, world.rng.uniform(0.5, 1.5, k) * self.site.nsf_s))
        v.complexes[rows] = 0
        self.fused_rows += rows.size
        since = world.t - self.last_stimulus_t
        kind = ("synchronous" if since < self.site.sync_s else "asynchronous" if since < self.site.async_s
                else "spontaneous")
        self.latency[kind] += int(rows.size)

    def release(self, world: World, rows: np.ndarray) -> None:
        """Rows that leave their site (undocked, or retreating after a kiss): no machinery any more."""
        v = world.ves
        v.machine[rows] = Machine.NONE
        v.complexes[rows] = 0
        v.syt_ca[rows] = 0.0
        v.zipper[rows] = 0.0

    def step(self, world: World, dt: float) -> None:
        """The residual Ca²⁺ decays and synaptotagmin-7 follows it; NSF and α-SNAP take cis-complexes apart (with
        ATP; none without)."""
        if self.regulated:
            self.residual *= np.exp(-dt / self.site.residual_s)
            eq = float(slow_occupancy(CA_REST_UM + self.residual))
            self.s7 += (eq - self.s7) * -np.expm1(-dt / SYT7_TAU_S)
        if self.cis_x.size == 0:
            return
        self.cis_age += dt * self.params.atp
        done = self.cis_age >= self.cis_dur
        if done.any():
            keep = ~done
            self.disassembled += int(done.sum())
            self.cis_x, self.cis_age, self.cis_dur = self.cis_x[keep], self.cis_age[keep], self.cis_dur[keep]

    # -- what viewers read -------------------------------------------------------------------------------------
    def rows(self, world: World) -> np.ndarray:
        """Rows with machinery now (alive, not NONE)."""
        v = world.ves
        return np.flatnonzero(v.alive & (v.machine != Machine.NONE))

    def view(self, world: World) -> MachineryView:
        v = world.ves
        rows = self.rows(world)
        state = v.machine[rows].astype(np.int8)
        clamped = (state == Machine.PRIMED) & self.params.complexin
        return MachineryView(rows=rows.astype(np.int64), state=state, complexes=v.complexes[rows].astype(np.int8),
                             zipper=v.zipper[rows].copy(), ca_occupancy=v.syt_ca[rows].copy(), clamped=clamped,
                             cis_x=self.cis_x.copy(), cis_progress=np.minimum(self.cis_age / self.cis_dur, 1.0),
                             illustrative=ILLUSTRATIVE if self.regulated else (), **self.latency,
                             sync_ms=self.site.sync_s * 1e3, async_ms=self.site.async_s * 1e3)

    def counts(self, world: World) -> dict[str, int]:
        """Docked-stage rows by machine state: tethered, docked, primed, ca_bound (regulated rows)."""
        v = world.ves
        m = v.machine[self.rows(world)]
        return {name: int(np.count_nonzero(m == code)) for name, code in
                (("tethered", Machine.TETHERED), ("docked", Machine.DOCKED), ("primed", Machine.PRIMED),
                 ("ca_bound", Machine.CA_BOUND))}

    def stats(self, world: World) -> dict:
        """The machinery's counts for the stats JSON."""
        v = world.ves
        rows = self.rows(world)
        trans = int(v.complexes[rows][np.isin(v.machine[rows], (Machine.PRIMED, Machine.CA_BOUND))].sum())
        return {"machinery": {"complexes_trans": trans, "complexes_cis": int(self.cis_x.size),
                              "complexes_formed": self.formed, "nsf_disassembled": self.disassembled,
                              "vesicles_fused": self.fused_rows, **self.counts(world), **self.latency,
                              "sync_window_ms": self.site.sync_s * 1e3, "async_window_ms": self.site.async_s * 1e3,
                              "p_sync": self.p_sync()}}

    def p_sync(self) -> float:
        """A ready vesicle's chance to fuse through synaptotagmin-1 within sync_s of a stimulus (the synchronous,
        phasic release a dose-response measures), from the summed hazard rather than the few fusions: precise even
        where release is rare, as at low [Ca²⁺]."""
        return float(-np.expm1(-self.hazard / self.exposed)) if self.exposed else 0.0

    def readout(self) -> list[Text]:
        """The fusions by latency from the latest stimulus (panel line; none where nothing is regulated)."""
        if not self.regulated:
            return []
        n = self.latency
        return [Msg(N_("Fusions: {sync} synchronous (< {a:g} ms after the stimulus, synaptotagmin-1), {asyn} "
                       "asynchronous ({a:g}–{b:g} ms, synaptotagmin-7), {spont} spontaneous"),
                    sync=n["synchronous"], asyn=n["asynchronous"], spont=n["spontaneous"],
                    a=self.site.sync_s * 1e3, b=self.site.async_s * 1e3)]
