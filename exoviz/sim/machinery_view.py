"""The fusion machinery as the screen reads it: a typed, read-only view of each regulated release site's state
(the contract between exoviz.sim.machinery, which fills it, and the close-up that draws the proteins)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray


class Machine(IntEnum):
    """A regulated vesicle's place on the way to fusion (Südhof & Rothman 2009). NONE: not at a release site
    (constitutive carriers stay NONE: they skip priming and the Ca²⁺ step)."""

    NONE = 0
    TETHERED = 1  # held loosely near the membrane (Rab3/RIM at synapses, Rab27 and tethers at granules)
    DOCKED = 2  # Munc18-1 holds syntaxin-1; synaptotagmin meets SNAP-25; SNAREs not yet zippered
    PRIMED = 3  # Munc13 opened syntaxin (needs ATP); SNAREs partly zippered and clamped by complexin
    CA_BOUND = 4  # synaptotagmin has bound Ca²⁺ and the membrane; the clamp is released, zippering completes
    FUSED = 5  # the pore has opened; the complexes are now cis in one membrane


@dataclass(frozen=True)
class MachineryView:
    """Per regulated row, aligned arrays (all of length n); plus the cis-complexes left in the plasma membrane.

    rows: vesicle rows (indices into world.ves) that are at a regulated release site or have just fused there.
    state: Machine code per row.
    complexes: trans-SNARE complexes the row has formed (0..6; ~3 for the fast path).
    zipper: 0..1 how far those complexes have zippered from the N-terminal end toward the membranes
        (0 = just met, ~0.5 = primed/clamped, 1 = fully zippered: the pore opens).
    ca_occupancy: 0..1 synaptotagmin's Ca²⁺ sites filled (of 5), from the local [Ca²⁺].
    clamped: complexin holds the partly zippered complexes.
    cis_x: x (nm) of cis-SNARE complexes lying in the plasma membrane after a fusion, awaiting NSF/α-SNAP.
    cis_progress: 0..1 how far NSF has taken each of them apart (1 = gone next step).
    illustrative: what the screen must say is illustrative about these rates (untranslated, one line each).
    synchronous, asynchronous, spontaneous: fusions so far by latency from the latest stimulus (under sync_ms;
        sync_ms to async_ms; later or none), the fast sensor's and the slow sensor's share (sim.machinery).
    """

    rows: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    state: NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    complexes: NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    zipper: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    ca_occupancy: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    clamped: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    cis_x: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    cis_progress: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    illustrative: tuple[str, ...] = ()
    synchronous: int = 0
    asynchronous: int = 0
    spontaneous: int = 0
    sync_ms: float = 0.0
    async_ms: float = 0.0

    def of(self, row: int) -> int:
        """Index of vesicle row `row` in these arrays, or -1."""
        hit = np.flatnonzero(self.rows == row)
        return int(hit[0]) if hit.size else -1
