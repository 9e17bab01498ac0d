"""The signals as the screen reads them: a typed, read-only view of Ca²⁺ and the postsynaptic response (the
contract between the mechanisms, which fill it through World.signal_view(), and the scene views that draw it)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, eq=False)  # holds arrays: compared field by field where needed
class SignalView:
    """What changes every step and is drawn as a signal rather than a body. Defaults: no signal.

    cytosolic_ca: 0..1, the secretory cell's Ca²⁺ under the membrane (share of the way from rest to peak).
    receptor_level: 0..1 per postsynaptic receptor, how brightly it is lit now (synapse).
    since_ap_s: simulated seconds since the latest action potential (synapse; inf before the first or elsewhere).
    """

    cytosolic_ca: float = 0.0
    receptor_level: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    since_ap_s: float = math.inf
