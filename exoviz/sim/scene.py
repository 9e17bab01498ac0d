"""Scene geometry shared by all mechanisms: the world rectangle, the membrane line, the cytosol box."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from exoviz.i18n import Text

# Base world for the default pool: 8 x 4.5 um (16:9), y down, extracellular fluid at the top.
BASE_W_NM = 8000.0
BASE_H_NM = 4500.0
HALF_BILAYER_NM = 2.5  # one leaflet of a ~5 nm lipid bilayer
# A body resting against a membrane (a docked vesicle or MVB below its inner face, an exosome bouncing off
# its outer face) keeps this free gap from that face, nm (tethers and SNAREs hold docked vesicles ~nm away).
DOCK_GAP_NM = 1.0
PORE_MOUTH_NM = 1.5  # released cargo appears this far outside the membrane's outer face (the pore mouth), nm


@dataclass
class Scene:
    """Where things are, in nm. Mechanisms extend it with their own structures in `extra`."""

    title: str  # e.g. "Secretory cell: full-fusion exocytosis" (untranslated: the screen translates it)
    cell: str  # which cell is shown, in plain words (untranslated)
    width: float  # nm
    height: float  # nm
    membrane_y: float  # plasma-membrane midline, nm (extracellular fluid is y < membrane_y)
    cyto: tuple[float, float, float, float]  # box (x0, y0, x1, y1) that cytosolic bodies stay in, nm
    notes: tuple[Text, ...] = ()  # what is drawn out of scale or slowed, stated on screen (untranslated)
    extra: dict[str, np.ndarray | float | tuple] = field(default_factory=dict)

    @property
    def membrane_contact_y(self) -> float:
        """y of the cytosolic face of the plasma membrane (half a bilayer below the midline), nm."""
        return self.membrane_y + HALF_BILAYER_NM

    @property
    def membrane_outer_y(self) -> float:
        """y of the extracellular face of the plasma membrane, nm."""
        return self.membrane_y - HALF_BILAYER_NM

    @property
    def dock_line_y(self) -> float:
        """A body whose top (y - radius) reaches this y has arrived at the membrane and docks, nm."""
        return self.membrane_contact_y + DOCK_GAP_NM

    def docked_y(self, radius: np.ndarray) -> np.ndarray:
        """Centre y of docked bodies of these radii: DOCK_GAP_NM below the membrane's inner face, nm."""
        return self.membrane_contact_y + radius + DOCK_GAP_NM

    def fused_y(self, radius: np.ndarray) -> np.ndarray:
        """Centre y of bodies of these radii whose membrane has merged with the plasma membrane, nm."""
        return self.membrane_contact_y + radius

    @property
    def pore_mouth_y(self) -> float:
        """y where cargo released through a fusion pore appears, just outside the membrane, nm."""
        return self.membrane_outer_y - PORE_MOUTH_NM


def world_scale(pool: int, fits: int) -> float:
    """Linear scale of the world needed so that `pool` bodies fit where `fits` fit at scale 1."""
    return float(max(1.0, np.sqrt(pool / max(fits, 1))))
