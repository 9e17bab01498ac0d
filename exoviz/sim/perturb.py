"""Where the experiments of exoviz.experiments act on the model: one small function per mechanism they change
(the Ca²⁺ that reaches the sensor, dynamin, refilling, motor transport, ILV budding, MVB docking). The mechanisms
ask these; nothing here scripts an outcome."""

from __future__ import annotations

import math

from exoviz.params import NORMAL_CALCIUM_MM, Params

# Ca²⁺ sensor: release rises with about the 4th power of [Ca²⁺] (Dodge & Rahamimoff 1967) and saturates; half
# of the sensor's maximum at this extracellular [Ca²⁺] (illustrative, of the order measured at synapses), mM.
CA_HALF_MM = 1.5
CA_COOPERATIVITY = 4
# Distance from the Ca²⁺ channels to the sensor: a nanodomain at a synapse (~20 nm), looser coupling in secretory
# cells (~100-300 nm) (Eggermann et al. 2012), nm.
COUPLING_NM = {"kiss-and-run": 20.0, "full-fusion": 150.0}
# How far Ca²⁺ spreads from a channel before a buffer catches it (length constant, nm) at the loads used in cells:
# EGTA binds slowly (~250 nm), BAPTA ~100 times faster (~15 nm) (Adler et al. 1991; Eggermann et al. 2012).
BUFFER_REACH_NM = {"egta": 250.0, "bapta": 15.0}
DYNAMIN_BLOCKERS = ("dynasore",)
GW4869_ILV_SHARE = 0.25  # share of ILVs an endosome still buds with nSMase2 blocked (Trajkovic 2008: ~ -70 %)


def _hill(c_mm: float) -> float:
    return c_mm**CA_COOPERATIVITY / (c_mm**CA_COOPERATIVITY + CA_HALF_MM**CA_COOPERATIVITY)


def sensor_calcium_mm(params: Params) -> float:
    """The Ca²⁺ the release sensor meets during a stimulus, as the extracellular concentration that would give it
    (mM): the set concentration (none in a Ca²⁺-free medium when the cell's Ca²⁺ comes from outside), attenuated
    by a buffer over the channel-to-sensor distance."""
    cell = params.cell_spec
    if cell.ca_from_outside:
        c = params.calcium_mm if params.calcium else 0.0
    else:
        c = NORMAL_CALCIUM_MM  # Ca²⁺ from internal stores: the medium's concentration does not set it
    d = COUPLING_NM.get(params.mode, COUPLING_NM["full-fusion"])
    for name, reach in BUFFER_REACH_NM.items():
        if params.has(name):
            c *= math.exp(-d / reach)
    return c


def release_drive(params: Params) -> float:
    """Ca²⁺-triggered release relative to a normal medium (1.0): the sensor's 4th-power, saturating response."""
    return _hill(sensor_calcium_mm(params)) / _hill(NORMAL_CALCIUM_MM)


def dynamin_blocked(params: Params) -> bool:
    """Pits and folds deepen but their necks never pinch off."""
    return any(params.has(n) for n in DYNAMIN_BLOCKERS)


def refilling(params: Params) -> bool:
    """Whether recycled vesicles are refilled with transmitter (no proton gradient under bafilomycin)."""
    return not params.has("bafilomycin")


def motors(params: Params) -> bool:
    """Whether long-range microtubule transport runs (nocodazole depolymerises microtubules)."""
    return not params.has("nocodazole")


def ilv_share(params: Params) -> float:
    """Share of its ILVs an endosome buds (ceramide-driven budding blocked by GW4869)."""
    return GW4869_ILV_SHARE if params.has("gw4869") else 1.0


def mvb_docking(params: Params) -> bool:
    """Whether MVBs that reach the plasma membrane dock there (Rab27a)."""
    return not params.has("rab27a-knockdown")
