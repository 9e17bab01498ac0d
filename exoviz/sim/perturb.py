"""Where the experiments of exoviz.experiments act on the model: one small function per mechanism they change
(the Ca²⁺ that enters, the fusion machinery's knobs: SNAREs cleaved by toxins, knockouts, buffers; dynamin,
refilling, motor transport, ILV budding, MVB docking). The mechanisms ask these; nothing here scripts an
outcome."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from exoviz.params import NORMAL_CALCIUM_MM, Params
from exoviz.sim.machinery_params import Buffer, MachineryParams
from exoviz.sim.machinery_view import Machine

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

# Buffers loaded into the cell (AM esters or the pipette: 0.1-10 mM inside), both at 2 mM; the machinery's
# release sites apply them over their channel-to-sensor distance (exoviz.sim.machinery_params: λ = sqrt(D / (k_on [B])):
# EGTA ~105 nm, BAPTA ~17 nm), mM.
BUFFER_MM = 2.0
BUFFERS: dict[str, Buffer] = {"egta": "EGTA", "bapta": "BAPTA"}
# Botulinum and tetanus toxins cleave SNAP-25 / VAMP2 within tens of minutes in cells (Blasi et al. 1993); shown
# shortened to this time constant in playback seconds at speed ×1 (so on the synapse's ×1/50 clock too): the
# intact share of free SNAREs falls from the moment a toxin is applied, and complexes not yet fully zippered are cut.
CLEAVE_PLAYBACK_S = 8.0
CLEAVES = {"botulinum-a": "snap25_intact", "botulinum-b": "vamp2_intact", "tetanus": "vamp2_intact"}
DYNAMIN_BLOCKERS = ("dynasore",)
GW4869_ILV_SHARE = 0.25  # share of ILVs an endosome still buds with nSMase2 blocked (Trajkovic 2008: ~ -70 %)


def calcium_influx(params: Params) -> float:
    """The Ca²⁺ that enters on a stimulus, relative to a normal medium (1.0): in proportion to the extracellular
    concentration (none in a Ca²⁺-free medium) when the cell's Ca²⁺ comes from outside; the release sites'
    sensor (exoviz.sim.machinery) turns it into release with ~its 4th power."""
    if not params.cell_spec.ca_from_outside:
        return 1.0  # Ca²⁺ from internal stores: the medium's concentration does not set it
    return params.calcium_mm / NORMAL_CALCIUM_MM if params.calcium else 0.0


def machinery(params: Params, since: dict[str, float], t: float, time_scale: float,
              base: MachineryParams | None = None) -> MachineryParams:
    """The fusion machinery's knobs under the experiments applied (since: when each was applied, t: now, simulated
    s; time_scale: simulated s per playback s), on top of base (World.set_machinery's; default a healthy cell)."""
    base = base or MachineryParams()
    values: dict[str, float | bool | str] = {}
    for name, field in CLEAVES.items():
        if name in since:
            tau = CLEAVE_PLAYBACK_S * time_scale
            values[field] = min(float(values.get(field, getattr(base, field))), math.exp(-(t - since[name]) / tau))
    if "syt1-knockout" in since:
        values["syt1"] = False
    if "munc13-knockout" in since:
        values["munc13"] = False
    for name, buffer in BUFFERS.items():
        if name in since:
            values["buffer"], values["buffer_mm"] = buffer, BUFFER_MM
    return replace(base, **values)  # type: ignore[arg-type]


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


def cleave(world: World, dt: float) -> None:
    """Toxins at work: each trans-SNARE complex not yet fully zippered (docked, primed or Ca²⁺-bound vesicles) is
    cut with time constant CLEAVE_PLAYBACK_S of playback; a vesicle left with none falls back from primed to
    docked (it may prime again, with the SNAREs left intact). Counted as the event snare_cleaved."""
    v = world.ves
    rows = world.machinery.rows(world)
    m = v.machine[rows]
    rows = rows[((m == Machine.DOCKED) | (m == Machine.PRIMED) | (m == Machine.CA_BOUND)) & (v.complexes[rows] > 0)]
    if rows.size == 0:
        return
    cut = world.rng.binomial(v.complexes[rows].astype(np.int64),
                             -np.expm1(-dt / (CLEAVE_PLAYBACK_S * world.mech.time_scale)))
    v.complexes[rows] -= cut.astype(v.complexes.dtype)
    world.count("snare_cleaved", int(cut.sum()))
    bare = rows[v.complexes[rows] == 0]
    v.machine[bare] = Machine.DOCKED
    v.zipper[bare] = 0.0
    v.m_t[bare] = 0.0


def unprime(world: World) -> None:
    """A Munc13 knockout from the start: the vesicles that start docked were never primed (they formed no
    trans-SNARE complex; the mechanism seeds them primed, as a healthy cell's readily releasable pool)."""
    if world.machinery.params.munc13:
        return
    v = world.ves
    rows = world.machinery.rows(world)
    rows = rows[(v.machine[rows] == Machine.PRIMED) | (v.machine[rows] == Machine.CA_BOUND)]
    v.machine[rows] = Machine.DOCKED
    v.complexes[rows] = 0
    v.zipper[rows] = 0.0
    v.syt_ca[rows] = 0.0
