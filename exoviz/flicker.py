"""How a cell's first fusion pores flicker: the Flicker numbers a cell preset names (plain data; exoviz.sim.pore
plays them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flicker:
    """How a cell's first fusion pores flicker (all illustrative): the share of pores that do, how many times each
    closes, and how long each open and shut spell lasts (uniform ranges, simulated s)."""

    share: float
    closures: tuple[int, int]
    open_s: tuple[float, float]
    shut_s: tuple[float, float]


# Granules (β-cell, acinar cell): spells of 0.1-0.3 s, within the tens of ms to seconds of flickers recorded in mast
# and chromaffin cells; shown at real speed, so a lecture can see each one.
GRANULE_FLICKER = Flicker(share=0.5, closures=(2, 4), open_s=(0.1, 0.3), shut_s=(0.1, 0.3))
# Synaptic vesicles: sub-millisecond spells (a synaptic release takes ~1 ms); shown ×1/50.
SYNAPSE_FLICKER = Flicker(share=0.3, closures=(2, 3), open_s=(0.0005, 0.001), shut_s=(0.0005, 0.001))
