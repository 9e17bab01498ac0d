"""When docked granules fuse: regulated granules on a Ca²⁺ signal (stimuli), constitutive vesicles on arrival."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.sim.perturb import calcium_influx

if TYPE_CHECKING:
    from exoviz.modes import CellSpec
    from exoviz.sim.model import WorldModel as World

# Cytosolic Ca²⁺ after a stimulus rises at once and falls back with this time constant (a Ca²⁺ transient of a
# secretory cell lasts about a second; illustrative), s.
CA_TAU_S = 1.0
CA_REST_UM, CA_PEAK_UM = 0.1, 1.0  # cytosolic Ca²⁺ at rest and after a stimulus, µM (textbook orders)
FIRST_STIMULUS_S = 1.0  # with a stimulus rate set, the first stimulus comes this soon, s
ARRIVAL_WAIT_S = (0.3, 1.5)  # constitutive vesicles fuse this long after docking (illustrative), s
REAL_WAIT_S = 1800.0  # a regulated granule waits docked minutes to hours in a cell at rest (30 min used), s


class Secretion:
    """Stimuli (the S key and a regular clock at params.stimulus_rate), the Ca²⁺ they raise, and which docked
    granules fuse.

    Regulated (cell.secretion == "regulated"): a docked granule primes, then fuses on Ca²⁺ through its machinery
    (exoviz.sim.machinery: the rate rises with ~[Ca²⁺]⁴), calibrated so that a primed granule fuses on one
    stimulus with probability cell.fusion_p; with no stimulus it waits. Constitutive:
    a docked vesicle fuses once its planned wait (Vesicles.dur, set on docking) is over; stimuli change nothing.
    """

    def __init__(self, cell: CellSpec, rate_per_s: float) -> None:
        self.regulated = cell.secretion == "regulated"
        self.ca = 0.0  # 0..1: share of the way from resting to peak Ca²⁺
        self.last_t = -1.0e9  # simulated s of the latest stimulus
        # the regular clock: a stimulus each time phase passes 1; the first one comes soon
        self.phase = max(0.0, 1.0 - rate_per_s * FIRST_STIMULUS_S) if rate_per_s > 0 else 0.0

    @property
    def ca_um(self) -> float:
        """Cytosolic Ca²⁺ near the membrane now, µM."""
        return CA_REST_UM + (CA_PEAK_UM - CA_REST_UM) * self.ca

    def step(self, world: World, dt: float) -> None:
        """Take this step's stimuli (queued and from the clock); each one raises Ca²⁺ to its peak."""
        self.phase += world.params.stimulus_rate * dt
        n = world.pending_stimuli + int(self.phase)
        self.phase -= int(self.phase)
        world.pending_stimuli = 0
        if n and self.regulated:  # constitutive secretion needs no signal: a stimulus changes nothing
            if not blocked(world):  # in a Ca²⁺-free medium a cell whose Ca²⁺ comes in from outside gets none
                self.ca = calcium_influx(world.params)  # the medium's [Ca²⁺] sets the influx (dose-response)
                world.machinery.stimulus(world, self.ca)  # the residual Ca²⁺ syt7 senses
            self.last_t = world.t
            world.count("stimulus", n)

    def fusing(self, world: World, docked: np.ndarray, dt: float) -> np.ndarray:
        """(len(docked),) bool: which docked rows open a fusion pore in this step; then Ca²⁺ decays by dt."""
        v = world.ves
        if not self.regulated:
            return v.t_stage[docked] >= v.dur[docked]
        fire = world.machinery.fusing(world, docked, float(self.ca), dt)  # one share for all
        self.ca *= np.exp(-dt / CA_TAU_S)
        return fire

    @staticmethod
    def ca_trace(dt: float) -> np.ndarray:
        """The Ca²⁺ share (0..1 of the way to the peak) step by step after one stimulus, until it is gone."""
        return np.exp(-np.arange(int(20.0 * CA_TAU_S / dt) + 2) * dt / CA_TAU_S)

    def wait(self, world: World, k: int) -> np.ndarray:
        """Planned time at the membrane of k newly docked vesicles, s (0 for regulated granules: they wait
        for Ca²⁺ instead)."""
        if self.regulated:
            return np.zeros(k)
        return world.rng.uniform(*ARRIVAL_WAIT_S, k)

    def compressed(self, world: World) -> list[Text]:
        """The docked wait, shortened by the stimulus rate, and the steps to priming, shortened (clock lines; none
        for constitutive secretion)."""
        if not self.regulated:
            return []
        site = world.machinery.site
        lines: list[Text] = [Msg(N_("Tethering, docking and priming shown in {s:.3g} s (real: minutes; illustrative)"),
                                 s=site.tether_s + site.dock_s)]
        rate = world.params.stimulus_rate
        if rate > 0:
            lines.insert(0, Msg(N_("Docked wait shortened ≈×{k:,.0f} (a stimulus every {every:.3g} s; at rest: minutes "
                                   "to hours)"), k=float(f"{REAL_WAIT_S * rate:.2g}"), every=1.0 / rate))
        return lines

    def readout(self, world: World) -> list[Text]:
        """What the viewer reads about stimuli and Ca²⁺ (empty for constitutive secretion)."""
        cell = world.params.cell_spec
        if not self.regulated:
            return [N_("Constitutive: vesicles fuse on arrival, no signal needed")]
        rate = world.params.stimulus_rate
        every = (Msg(N_("every {s:.3g} s ({rate:g}/s, illustrative)"), s=1.0 / rate, rate=rate) if rate > 0
                 else Msg(N_("none (rate 0: granules wait)")))
        since = world.t - self.last_t
        ca = (Msg(N_("Ca²⁺ near the membrane: {ca:.2f} µM (rest {rest:g}) · last {since:.1f} s ago"),
                  ca=self.ca_um, rest=CA_REST_UM, since=since) if since < 1.0e8 else
              Msg(N_("Ca²⁺ near the membrane: {ca:.2f} µM (rest {rest:g})"), ca=self.ca_um, rest=CA_REST_UM))
        lines: list[Text] = [Msg(N_("{stimulus} (S): {every}"), stimulus=Msg(cell.stimulus), every=every), ca]
        if blocked(world):
            lines.append(N_("Ca²⁺-free medium: the Ca²⁺ channels open but no Ca²⁺ enters, so no granule fuses"))
        lines += world.machinery.readout()
        return lines


def blocked(world: World) -> bool:
    """Whether stimuli raise no Ca²⁺: the medium is Ca²⁺-free and the cell's Ca²⁺ signal comes from outside."""
    return not world.params.calcium and world.params.cell_spec.ca_from_outside
