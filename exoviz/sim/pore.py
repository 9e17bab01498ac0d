"""The narrow fusion pore's course in every mechanism: it may flicker (close and open again a few times), then it
dilates (full fusion) or reseals (transient fusion: a granule's kiss-and-run).

Flicker (science.md, third review): the first pore, 1-3 nm wide, can open and close several times before it dilates
or reseals (capacitance flickers: Fernandez et al. 1984; Breckenridge & Almers 1987, PNAS 84:1945; review
PMC6335040). While it is shut the vesicle is sealed again: no cargo leaves and its membrane is not connected (the
ledger's pore_open_um2 leaves it out: the capacitance flickers). How many pores flicker, how often and for how long
are illustrative (said on screen).

Transient fusion of dense-core granules (science.md, instruments: chromaffin cell; Fulop et al. 2005, J Neurosci
25:7324; in β-cells Tsuboi & Rutter 2003, Curr Biol 13:563): at low stimulation many granules open only the narrow
pore, let their small molecules out and reseal, keeping their dense core; at high stimulation nearly all dilate.
A cell preset sets `transient` (CellSpec): the share at low stimulation; transient_share() lowers it with the
stimulus rate. Shares illustrative. Built for any regulated cell (the β-cell now, a chromaffin cell later).

Per-row state (Vesicles): pore (nm, 0 while shut), flicks (closures still to come), flick_t (on the stage clock:
when the pore next closes or opens; after the last opening, the earliest it may dilate or reseal), narrow (s).

Narrow time finer than a step: a cell may draw each pore's narrow time as it opens (CellSpec.narrow_range_s; the
chromaffin cell: the measured amperometric foot, 1-10 ms, log-uniform), a float time shorter than the 17 ms step.
The pore then dilates or reseals at the first step boundary after it (the picture's resolution), but lets out only
what the narrow pore passes in that time (narrow_release), and the electrode (sim.amperometry) times the foot and
the dilation from the drawn instant itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.flicker import Flicker
from exoviz.i18n import N_, Msg
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World


# After its last opening a flickering pore stays open at least this many times as long as it flickered before it
# dilates or reseals (so "the narrow pore" is seen open; the walk-through's pore stop falls in that stretch).
SETTLE = 1.5
# Transient fusion: the share at low stimulation falls as exp(-rate / TRANSIENT_RATE_S) with the stimulus rate
# (stimuli per simulated s): about half the granules at the default 0.2/s, almost none above 2/s (illustrative).
TRANSIENT_RATE_S = 0.5


def plan(world: World, idx: np.ndarray, fl: Flicker | None) -> None:
    """Pores idx just opened: draw which of them will flicker, how many times, and when each first closes."""
    v = world.ves
    v.flicks[idx] = 0
    v.flick_t[idx] = 0.0
    v.narrow[idx] = 0.0
    rng = world.rng
    lo, hi = world.params.cell_spec.narrow_range_s
    if hi > 0.0 and idx.size:  # each pore's narrow time, log-uniform in the cell's range
        v.narrow[idx] = np.exp(rng.uniform(np.log(lo), np.log(hi), idx.size))
    if fl is None or idx.size == 0:
        return
    rows = idx[rng.random(idx.size) < fl.share]
    v.flicks[rows] = rng.integers(fl.closures[0], fl.closures[1] + 1, rows.size)
    v.flick_t[rows] = rng.uniform(*fl.open_s, rows.size)


def flicker(world: World, po: np.ndarray, fl: Flicker | None, pore_nm: tuple[float, float], dt: float) -> np.ndarray:
    """PORE rows po: pores due to close shut (radius 0), shut ones due to open open again (a new narrow radius);
    each closure is one "pore_flicker" event. Returns (len(po),) bool: which pores are open now."""
    v = world.ves
    if fl is not None and po.size:
        due = po[(v.flicks[po] > 0) & (v.t_stage[po] >= v.flick_t[po])]
        if due.size:
            rng = world.rng
            shut = due[v.pore[due] > 0]
            reopen = due[v.pore[due] <= 0]
            v.pore[shut] = 0.0
            v.flick_t[shut] = v.t_stage[shut] + np.maximum(rng.uniform(*fl.shut_s, shut.size), dt)
            world.count("pore_flicker", shut.size)
            v.pore[reopen] = rng.uniform(*pore_nm, reopen.size)
            v.flicks[reopen] -= 1
            more = v.flicks[reopen] > 0
            t = v.t_stage[reopen]
            v.flick_t[reopen] = np.where(more, t + np.maximum(rng.uniform(*fl.open_s, reopen.size), dt),
                                         (1.0 + SETTLE) * t)
    return v.pore[po] > 0


def settled(world: World, po: np.ndarray, narrow_s: float) -> np.ndarray:
    """(len(po),) bool: PORE rows whose narrow pore has run its course (narrow_s on the stage clock, longer after a
    flicker; or its own drawn narrow time, Vesicles.narrow) and is open: they dilate or reseal now."""
    v = world.ves
    own = np.where(v.narrow[po] > 0.0, v.narrow[po], narrow_s)
    return (v.flicks[po] == 0) & (v.pore[po] > 0) & (v.t_stage[po] >= np.maximum(own, v.flick_t[po]))


def narrow_release(world: World, rows: np.ndarray, rate_per_s: float, dt: float) -> np.ndarray:
    """(len(rows),) small-molecule dots that leave rows' narrow pores (drawn narrow times) this step: the flux
    N·(1 - exp(-k·s)) over the part s of this step the pore was still narrow, rounded stochastically to whole dots
    (sim.amperometry counts the same flux in molecules: the two differ by less than a dot)."""
    v = world.ves
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    s = np.clip(v.narrow[rows] - (v.t_stage[rows] - dt), 0.0, dt)
    x = v.small[rows] * -np.expm1(-rate_per_s * s)
    whole = np.floor(x)
    return (whole + (world.rng.random(rows.size) < x - whole)).astype(np.int64)


def transient_share(low_share: float, stimulus_rate: float) -> float:
    """Share of a regulated cell's fusions that reseal at the narrow pore (transient fusion), at this stimulus rate
    (stimuli per simulated s): low_share at low stimulation, rare at high."""
    return float(low_share * np.exp(-max(stimulus_rate, 0.0) / TRANSIENT_RATE_S))


def reseal(world: World, rows: np.ndarray, docked_y: np.ndarray, event: str = "transient_fusion") -> None:
    """Granules rows reseal their narrow pore (a transient fusion, counted as `event`): their membrane was never
    merged, so the ledger adds nothing; they let their small molecules out and keep their dense core, and stay
    docked (they may fuse again on a later stimulus)."""
    v = world.ves
    v.set_stage(rows, Stage.DOCKED)
    v.pore[rows] = 0.0
    v.flicks[rows] = 0
    v.pos[rows, 1] = docked_y
    v.dur[rows] = 0.0
    world.count(event, rows.size)


def flicker_note(fl: Flicker) -> Msg:
    """The scale note that says how the pores flicker here, and that it is illustrative."""
    lo, hi = min(fl.open_s[0], fl.shut_s[0]) * 1e3, max(fl.open_s[1], fl.shut_s[1]) * 1e3
    return Msg(N_("Pore flicker: {share:.0f} % of first pores close and reopen {a}–{b} times, {lo:g}–{hi:g} ms each, "
                  "before they dilate or reseal (illustrative; seen as capacitance flickers)"),
               share=100 * fl.share, a=fl.closures[0], b=fl.closures[1], lo=lo, hi=hi)


def transient_note(low_share: float, stimulus_rate: float) -> Msg:
    """The readout line: the share of fusions that stay transient at this stimulus rate."""
    return Msg(N_("Transient fusions (the pore reseals, the dense core stays): ~{p:.0f} % at this stimulus rate, "
                  "fewer at higher rates (illustrative)"), p=100 * transient_share(low_share, stimulus_rate))
