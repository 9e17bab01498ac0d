"""Membrane balance: how much membrane endocytosis takes per second, and how much early endosomes send back.

Balance on (the default): endocytosis runs at the cell's constitutive rate plus compensatory endocytosis that
follows the new membrane exocytosis brings (granules, MVBs, lysosomes: recycled vesicles are not new), averaged
over FLUX_TAU_S, plus a pull back toward the starting area; when the surface is short, early endosomes send
recycling vesicles back. So the area fluctuates around its start. Balance off: the constitutive rate only, and
nothing is sent back on demand: the area drifts. In both, pits stall when the membrane runs short (tension).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exoviz.i18n import N_, Msg
from exoviz.sim.turnover_const import BALANCE_TAU_S, FLUX_TAU_S, TENSION_FULL, TENSION_STALL

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World


class Balance:
    """The rates endocytosis and endosomal recycling follow, from the ledger (no randomness here)."""

    def __init__(self) -> None:
        self.flux = 0.0  # new membrane brought by exocytosis, averaged, µm² per simulated s
        self._new = 0.0  # new membrane brought so far (the ledger's additions less recycling), µm²
        self.take = 0.0  # endocytosis rate now, µm²/s
        self.give = 0.0  # endosomal recycling rate now, µm²/s

    def update(self, world: World, dt: float) -> None:
        """Average the exocytic flux over the last step and set this step's rates."""
        led = world.ledger
        new = led.pm_added_um2 - led.added_by.get("recycling", 0.0)
        step_flux = (new - self._new) / dt
        self._new = new
        self.flux += (step_flux - self.flux) * min(1.0, dt / FLUX_TAU_S)
        constitutive = world.params.endocytosis_um2_s
        if world.params.balance:
            excess = led.pm_um2 - led.pm_initial_um2
            self.take = constitutive + max(0.0, self.flux + excess / BALANCE_TAU_S)
            self.give = max(0.0, -excess / BALANCE_TAU_S)
        else:
            self.take, self.give = constitutive, 0.0
        self.take *= tension_factor(led.pm_um2 / led.pm_initial_um2)

    def readout(self, world: World) -> Msg:
        """One line: the balance setting and what endocytosis does now."""
        if world.params.balance:
            return Msg(N_("Balance on: endocytosis {take:.3f} µm²/s follows exocytosis ({flux:.3f} µm²/s new "
                          "membrane)"), take=self.take, flux=self.flux)
        return Msg(N_("Balance off: endocytosis fixed at {take:.3f} µm²/s; the area drifts"), take=self.take)


def tension_factor(share: float) -> float:
    """Share of the endocytosis rate that goes on when the membrane has `share` of its starting area: 1 above
    TENSION_FULL, 0 below TENSION_STALL (a tense membrane stalls coated pits), linear between."""
    return min(max((share - TENSION_STALL) / (TENSION_FULL - TENSION_STALL), 0.0), 1.0)  # np.clip's numbers
