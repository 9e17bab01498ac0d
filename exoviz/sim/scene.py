"""Scene geometry shared by all mechanisms: the world rectangle, the membrane line, the cytosol box."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from exoviz.i18n import Text
from exoviz.sim.fibril import Fibrils
from exoviz.sim.tracks import Tracks

# Base world for the default pool: 8 x 4.5 um (16:9), y down, extracellular fluid at the top.
BASE_W_NM = 8000.0
BASE_H_NM = 4500.0
HALF_BILAYER_NM = 2.5  # one leaflet of a ~5 nm lipid bilayer
# A body resting against a membrane (a docked vesicle or MVB below its inner face, an exosome bouncing off
# its outer face) keeps this free gap from that face, nm (tethers and SNAREs hold docked vesicles ~nm away).
DOCK_GAP_NM = 1.0
PORE_MOUTH_NM = 1.5  # released cargo appears this far outside the membrane's outer face (the pore mouth), nm


def _none_f64() -> np.ndarray:
    return np.zeros(0)


def _none_i64() -> np.ndarray:
    return np.zeros(0, np.int64)


@dataclass
class SecretoryScene:
    """The secretory cell's own structures (full-fusion mode), nm: Golgi stacks, nucleus, a lumen or lacteal."""

    stack_x: np.ndarray  # centre x of each Golgi stack
    stack_w: float  # width of a stack's trans cisterna
    trans_y: float  # midline of the trans cisterna (the one facing the membrane)
    cisterna_gap: float  # midline to midline
    cisternae: int  # per stack
    bow: float  # a cisterna's ends rise this far above its middle
    nucleus_y: float  # the nuclear envelope's edge
    structures: tuple[str, ...]  # "lumen", "lacteal", "ecm" (the cell preset's)
    cell: str  # the cell preset's name
    ceiling_y: float  # released cargo cannot rise above this y (-inf: no ceiling)
    flow: float  # the fluid outside flows toward +x at this speed, nm/s
    neighbour_y: float = math.nan  # acinar lumen: midline of the neighbouring cells' apical membrane (nan: none)
    lacteal_y: float = math.nan  # enterocyte: the lacteal wall's face toward the interstitium (nan: none)
    lacteal_top: float = math.nan  # ... and its face toward the lymph
    lacteal_gap_x: np.ndarray = field(default_factory=_none_f64)  # centres of the gaps between flaps
    lacteal_gap_nm: float = 0.0  # width of one gap
    tracks: Tracks = field(default_factory=Tracks)  # microtubules and the actin cortex (exoviz.sim.tracks)
    junction_y: float = math.nan  # enterocyte: the tight junctions' line, apical of the region shown (nan: none)
    fibrils: Fibrils | None = None  # fibroblast: collagen fibrils assembling outside (exoviz.sim.fibril)


@dataclass
class SynapseScene:
    """The synapse (kiss-and-run mode), nm. The arrays marked shared are the mechanism's own, updated in place."""

    sites_x: np.ndarray  # docking sites along the active zone
    az_x: tuple[float, float]  # the active zone's extent
    post_y: float  # postsynaptic membrane midline
    cleft_x: tuple[float, float]  # where transmitter dots stay in the cleft
    cleft_nm: float  # the cleft's width
    receptor_x: np.ndarray  # receptors on the postsynaptic membrane
    receptor_half_nm: float  # half a receptor's width
    receptor_lit_until: np.ndarray  # shared: simulated s until which each receptor stays lit
    ca_level: np.ndarray  # shared: 0..1 Ca²⁺ near each docking site's channels


@dataclass
class ExosomeScene:
    """The endosomal system (exosome mode), nm: bands where endosomes arrive, mature, and lysosomes sit."""

    arrival_y: tuple[float, float]  # where new early endosomes appear
    home_band: tuple[float, float]  # depths where endosomes mature into MVBs
    lysosome_band: tuple[float, float]  # the lysosome grid's rows span this
    nucleus_y: float
    marker: str  # the marker on the cell's ILVs ("" for none; MHC class II in B cells and dendritic cells)
    cell: str  # the cell preset's name
    lysosome_grid: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int64))  # rows (r, c)
    lysosome_slots: np.ndarray = field(default_factory=_none_i64)  # lysosome rows, in grid order


@dataclass
class Scene:
    """Where things are, in nm. Each mechanism adds its own typed structures (secretory, synapse or exosome)."""

    title: str  # e.g. "Secretory cell: full-fusion exocytosis" (untranslated: the screen translates it)
    cell: str  # which cell is shown, in plain words (untranslated)
    width: float  # nm
    height: float  # nm
    membrane_y: float  # plasma-membrane midline, nm (extracellular fluid is y < membrane_y)
    cyto: tuple[float, float, float, float]  # box (x0, y0, x1, y1) that cytosolic bodies stay in, nm
    notes: tuple[Text, ...] = ()  # what is drawn out of scale or slowed, stated on screen (untranslated)
    secretory_part: SecretoryScene | None = None
    synapse_part: SynapseScene | None = None
    exosome_part: ExosomeScene | None = None

    @property
    def secretory(self) -> SecretoryScene:
        """The secretory cell's structures (LookupError in another mode's scene)."""
        if self.secretory_part is None:
            raise LookupError("not a secretory cell's scene")
        return self.secretory_part

    @property
    def synapse(self) -> SynapseScene:
        """The synapse's structures (LookupError in another mode's scene)."""
        if self.synapse_part is None:
            raise LookupError("not a synapse's scene")
        return self.synapse_part

    @property
    def exosome(self) -> ExosomeScene:
        """The endosomal system's structures (LookupError in another mode's scene)."""
        if self.exosome_part is None:
            raise LookupError("not an exosome scene")
        return self.exosome_part

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
