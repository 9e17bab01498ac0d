"""Membrane-area and cargo bookkeeping: what the readouts show and what the tests add up."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SPECIFIC_CAPACITANCE_FF_PER_UM2 = 10.0  # ~1 uF/cm^2
# Initial plasma membrane: a spherical cell 15 um across (typical animal cell, 10-30 um).
CELL_DIAMETER_UM = 15.0


def sphere_area_um2(radius_nm: np.ndarray | float) -> np.ndarray | float:
    """Membrane area of a vesicle of radius r (nm), in um^2: 4 pi r^2."""
    return 4.0 * np.pi * (np.asarray(radius_nm) * 1e-3) ** 2


@dataclass
class Ledger:
    """Running totals. Areas in um^2, cargo in dots (molecules per dot is stated per mechanism)."""

    pm_initial_um2: float = 4.0 * np.pi * (CELL_DIAMETER_UM / 2) ** 2
    pm_added_um2: float = 0.0  # membrane merged into the plasma membrane by fusion
    pm_removed_um2: float = 0.0  # membrane taken back by endocytosis (each pit's 4 pi r^2 as it pinches off)
    pore_open_um2: float = 0.0  # membrane of vesicles connected only through an open pore (now)
    exosome_um2: float = 0.0  # membrane that left the cell as exosomes
    cargo_loaded: int = 0  # dots ever put into vesicles
    cargo_released: int = 0  # dots ever released to the outside
    cargo_degraded: int = 0  # dots destroyed in lysosomes
    molecules_per_dot: int = 1000
    added_by: dict[str, float] = field(default_factory=dict)  # pm_added_um2 by the event that brought it
    removed_by: dict[str, float] = field(default_factory=dict)  # pm_removed_um2 by the event that took it

    def add(self, um2: float, source: str) -> None:
        """Membrane joins the plasma membrane (a fusion); source names the event (full_fusion, recycling, ...)."""
        if um2:
            self.pm_added_um2 += um2
            self.added_by[source] = self.added_by.get(source, 0.0) + um2

    def remove(self, um2: float, source: str) -> None:
        """Membrane leaves the plasma membrane (a pit pinching off); source names the event."""
        if um2:
            self.pm_removed_um2 += um2
            self.removed_by[source] = self.removed_by.get(source, 0.0) + um2

    @property
    def pm_um2(self) -> float:
        return self.pm_initial_um2 + self.pm_added_um2 - self.pm_removed_um2

    @property
    def capacitance_pf(self) -> float:
        """Membrane capacitance seen by a patch pipette: the plasma membrane plus open-pore vesicles."""
        return (self.pm_um2 + self.pore_open_um2) * SPECIFIC_CAPACITANCE_FF_PER_UM2 / 1000.0
