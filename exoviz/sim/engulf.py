"""The macrophage eats: phagocytosis of a bead and macropinocytosis of fluid, beside its clathrin-coated pits.

science.md (third review): macrophages take in most of their membrane by macropinocytosis and phagocytosis, besides
clathrin pits; the seed page's own figure is a macrophage eating beads. A bead settles onto the cell; the plasma
membrane wraps it in a phagocytic cup (Stage.PHAGO_CUP, drawn like a pit folding in: collapse runs from a shallow
dimple to a whole sphere while its neck narrows), which closes: the phagosome (Stage.PHAGOSOME) takes the membrane
that wrapped the bead (4 pi r^2 of the phagosome: the ledger's "phagocytosis") inward with the bead inside; then
another bead comes. Ruffles close over extracellular fluid the same way (Stage.MACRO_CUP -> MACROPINOSOME, the
ledger's "macropinocytosis", each drawn standing for MACRO_PER_DRAWN), at the cell's macropinocytosis rate, slowed
like the pits when the membrane runs short. Sizes and times illustrative within the published ranges (said on
screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg
from exoviz.sim.balance import tension_factor
from exoviz.sim.endocytosis import free_on_membrane, new_dimples
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.membrane_shape import cap
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Kind, Stage, stage_mask
from exoviz.sim.turnover_const import FLAT_C, LYSO_R_NM, RETURN_PORE_NM, SCISSION_GAP_NM

if TYPE_CHECKING:
    from exoviz.sim.endocytosis import PitBook as Turnover  # what engulfing reads of the turnover
    from exoviz.sim.model import WorldModel as World

BEAD_D_NM = 1000.0  # a 1 µm latex bead (phagocytosis assays use beads of ~0.5-3 µm)
BEAD_EVERY_S = (60.0, 180.0)  # after a phagosome closes, the next bead lands this much later (illustrative)
BEAD_FALL_NM_S = 60.0  # a bead settles onto the cell (illustrative)
WRAP_GAP_NM = 10.0  # the phagosome's membrane hugs the bead: its radius is the bead's plus this
CUP_S = (60.0, 120.0)  # a phagocytic cup forms and closes in about 1-2 min (illustrative)
MACRO_D_NM = (600.0, 1400.0)  # macropinosomes 0.2-5 µm across (Swanson 2008); drawn 0.6-1.4 µm
MACRO_CUP_S = (30.0, 90.0)  # a ruffle closes over fluid in under a couple of minutes (illustrative)
MACRO_PER_DRAWN = 3  # each macropinosome drawn stands for this many (said on screen)
INWARD_NM_S = 30.0  # phagosomes and macropinosomes move inward (illustrative)
INSIDE_S = (120.0, 240.0)  # then they merge with endosomes and lysosomes and leave the picture (illustrative)
CUPS = (Stage.PHAGO_CUP, Stage.MACRO_CUP)
IS_CUP = stage_mask(CUPS)
INSIDE = stage_mask((Stage.PHAGOSOME, Stage.MACROPINOSOME))
_MEAN_MACRO_UM2 = float(np.mean(sphere_area_um2(np.linspace(*MACRO_D_NM, 9) / 2.0)))


class Engulf:
    """One macrophage's phagocytosis (one bead at a time) and macropinocytosis."""

    def __init__(self) -> None:
        self.next_bead_t = 0.0  # simulated s when the next bead lands (the first soon)
        self.backlog = 0.0  # macropinosomes due but waiting for room on the membrane
        self.phagosomes = 0  # beads eaten (cups closed)
        self.macropinosomes = 0  # macropinosomes drawn that closed

    def step(self, world: World, tv: Turnover, dt: float) -> None:
        """Bead landing and settling, cups deepening and closing, the closed ones moving in, new ruffles."""
        v = world.ves
        if world.t >= self.next_bead_t and not np.any(v.alive & (v.kind == Kind.BEAD)):
            self._new_bead(world)
        self._settle(world, tv)
        self._cups(world, tv)
        self._inside(world, dt)
        self._ruffles(world, tv, dt)

    def _new_bead(self, world: World) -> None:
        v, sc = world.ves, world.scene
        r = 0.5 * BEAD_D_NM
        x = np.array([world.rng.uniform(0.3, 0.7) * sc.width])
        if not free_on_membrane(world, x, np.array([r + WRAP_GAP_NM]), np.empty((0, 2)))[0]:
            return  # something is in the way there: try again next step
        i = v.spawn(1, Kind.BEAD, Stage.BEAD_OUT, world.t)
        v.r_full[i] = v.radius[i] = r
        v.pos[i, 0] = x
        v.pos[i, 1] = r  # at the top of the view, settling onto the cell
        v.prev[i] = v.pos[i]

    def _settle(self, world: World, tv: Turnover) -> None:
        """A bead settles; once it touches the membrane a phagocytic cup starts under it."""
        v, sc = world.ves, world.scene
        b = np.flatnonzero((v.stage == Stage.BEAD_OUT) & (v.parent < 0))
        v.pos[b, 1] = np.minimum(v.pos[b, 1] + BEAD_FALL_NM_S * world.dt, sc.membrane_outer_y - v.radius[b])
        land = b[v.pos[b, 1] >= sc.membrane_outer_y - v.radius[b] - 1e-6]
        if land.size:
            r = v.radius[land] + WRAP_GAP_NM + HALF_BILAYER_NM
            cup = self._cup(world, v.pos[land, 0], r, Stage.PHAGO_CUP, CUP_S, tv)
            v.parent[land] = cup

    @staticmethod
    def _cup(world: World, x: np.ndarray, r: np.ndarray, stage: int, span: tuple[float, float], tv: Turnover
             ) -> np.ndarray:
        """New cups of radius r (nm) at x: shallow dimples in the plasma membrane that deepen over span (real s)."""
        idx = new_dimples(world, x, r, Kind.ENGULFED, stage)
        world.ves.dur[idx] = world.rng.uniform(*span, idx.size) / tv.speedup
        return idx

    def _cups(self, world: World, tv: Turnover) -> None:
        """Cups deepen (collapse FLAT_C -> 0) while their neck narrows; closed, they pinch off with their membrane."""
        v = world.ves
        cu = np.flatnonzero(IS_CUP.take(v.stage) & (v.kind == Kind.ENGULFED))
        f = np.clip(v.t_stage[cu] / v.dur[cu], 0.0, 1.0)
        v.collapse[cu] = FLAT_C * (1.0 - f)
        v.pore[cu] = np.maximum(v.radius[cu] * (1.0 - f), RETURN_PORE_NM)
        self._hold_beads(world)
        shut = cu[f >= 1.0]
        if shut.size == 0:
            return
        phago = shut[v.stage[shut] == Stage.PHAGO_CUP]
        macro = shut[v.stage[shut] == Stage.MACRO_CUP]
        world.ledger.remove(float(np.sum(sphere_area_um2(v.radius[phago]))), "phagocytosis")
        world.ledger.remove(MACRO_PER_DRAWN * float(np.sum(sphere_area_um2(v.radius[macro]))), "macropinocytosis")
        world.count("phagocytosis", phago.size)
        world.count("macropinocytosis", macro.size)
        self.phagosomes += int(phago.size)
        self.macropinosomes += int(macro.size)
        taken = world.surface.take_proteins(v.pos[shut, 0], np.pi * v.radius[shut])
        v.proteins[shut] = np.minimum(taken, 15).astype(v.proteins.dtype)
        v.set_stage(phago, Stage.PHAGOSOME)
        v.set_stage(macro, Stage.MACROPINOSOME)
        v.pore[shut] = 0.0
        v.collapse[shut] = 0.0
        v.pos[shut, 1] = world.scene.membrane_contact_y + v.radius[shut] + SCISSION_GAP_NM
        v.dur[shut] = world.rng.uniform(*INSIDE_S, shut.size) / tv.speedup
        beads = np.flatnonzero((v.stage == Stage.BEAD_OUT) & np.isin(v.parent, phago))
        v.set_stage(beads, Stage.BEAD_INSIDE)
        if phago.size:
            self.next_bead_t = world.t + float(world.rng.uniform(*BEAD_EVERY_S))
        self._hold_beads(world)

    @staticmethod
    def _hold_beads(world: World) -> None:
        """Each bead sits in its cup (against the cup's bottom as it deepens) or at its phagosome's centre."""
        v, line = world.ves, world.scene.membrane_y
        b = np.flatnonzero((v.kind == Kind.BEAD) & (v.parent >= 0) & v.alive)
        p = v.parent[b]
        in_cup = IS_CUP.take(v.stage[p])
        r0 = np.maximum(v.radius[p] - HALF_BILAYER_NM, 0.5)
        depth, radius = cap(r0, v.pos[p, 1] - line, v.collapse[p])
        v.pos[b, 0] = v.pos[p, 0]
        v.pos[b, 1] = np.where(in_cup, line + depth + radius - v.radius[b] - WRAP_GAP_NM, v.pos[p, 1])

    def _inside(self, world: World, dt: float) -> None:
        """Phagosomes and macropinosomes move inward (within the cytosol); at the end of their time they leave the
        picture (to endosomes and lysosomes), a phagosome with its bead."""
        v, sc = world.ves, world.scene
        ins = np.flatnonzero(INSIDE.take(v.stage) & (v.kind == Kind.ENGULFED))
        floor = sc.cyto[3] - v.radius[ins] - LYSO_R_NM[1]
        v.pos[ins, 1] = np.minimum(v.pos[ins, 1] + INWARD_NM_S * dt, np.maximum(floor, v.pos[ins, 1]))
        self._hold_beads(world)
        gone = ins[v.t_stage[ins] >= v.dur[ins]]
        if gone.size:
            beads = np.flatnonzero((v.kind == Kind.BEAD) & v.alive & np.isin(v.parent, gone))
            v.retire(beads)
            v.retire(gone)

    def _ruffles(self, world: World, tv: Turnover, dt: float) -> None:
        """New macropinocytic cups at the cell's rate (µm²/s over MACRO_PER_DRAWN times the mean macropinosome),
        where the membrane is free; like the pits, slowed when the membrane runs short."""
        rate = world.params.cell_spec.macropinocytosis_um2_s
        if rate <= 0.0:
            return
        led = world.ledger
        lam = rate * tension_factor(led.pm_um2 / led.pm_initial_um2) * dt / (MACRO_PER_DRAWN * _MEAN_MACRO_UM2)
        self.backlog = min(self.backlog + float(world.rng.poisson(lam)), 2.0)
        if self.backlog < 1.0:
            return
        r = np.array([0.5 * world.rng.uniform(*MACRO_D_NM)])
        x = np.array([world.rng.uniform(0.0, world.scene.width)])
        holes = tv.wounds.holes() + np.array([-2.0, 2.0]) * LYSO_R_NM[1]
        if free_on_membrane(world, x, r, holes)[0]:
            self._cup(world, x, r, Stage.MACRO_CUP, MACRO_CUP_S, tv)
            self.backlog -= 1.0

    def stats(self) -> dict:
        return {"phagocytosed_beads": self.phagosomes, "macropinosomes_drawn": self.macropinosomes,
                "macropinosome_stands_for": MACRO_PER_DRAWN, "bead_diameter_nm": BEAD_D_NM}

    @staticmethod
    def notes() -> tuple[Msg, ...]:
        """Scale notes: what is drawn for how many, and what is illustrative."""
        return (Msg(N_("Bead {d:.0f} µm across (phagocytosis assays use ~0.5–3 µm beads); each macropinosome drawn "
                       "(0.6–1.4 µm) stands for {n}; cup times and the shares of the routes illustrative"),
                    d=BEAD_D_NM / 1000.0, n=MACRO_PER_DRAWN),)
