"""The membrane turnover as the screen reads it: a typed, read-only view of the latest wound, the lysosomes near
the membrane and the internalized share (filled by World.turnover_view(); the renderer draws it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class WoundView:
    """The latest wound. x: nm along the membrane; opened, sealed: simulated s (sealed None while open);
    half_open_nm: half the hole's width now (0 once closed); is_open: the hole is still open."""

    x: float
    opened: float
    sealed: float | None
    half_open_nm: float
    is_open: bool


@dataclass(frozen=True, eq=False)  # holds an array: compared field by field where needed
class TurnoverView:
    """cells: a cell scene (pits, recycling, wounds; False at the synapse); wound: the latest one (None: none yet);
    wound_ca: 0..1 Ca²⁺ in the cloud under it; lysosomes: rows of the lysosomes near the membrane;
    internalized: share of the starting surface taken in by endocytosis; full_at: simulated s it reached 1 (None)."""

    cells: bool = False
    wound: WoundView | None = None
    wound_ca: float = 0.0
    lysosomes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    internalized: float = 0.0
    full_at: float | None = None
