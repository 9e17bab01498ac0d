"""Membrane turnover in every scene, next to each mode's own mechanism: endocytosis (coated pits in the cell
scenes, ultrafast endocytosis at the synapse), recycling, early endosomes, the balance that sets their rates,
and wounds repaired by lysosome exocytosis. World owns one Turnover and steps it after the mechanism.

Its bodies live in the shared vesicle arrays (Kind.ENDOCYTIC rows; early endosomes and lysosomes near the
membrane in the cell scenes). Each mechanism's overlap relaxation includes them: those in the membrane (and
lysosomes on their way to a wound) hold their place (obstacles()), the others make way (movers()).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.modes import spec
from exoviz.sim import physics
from exoviz.sim.balance import Balance
from exoviz.sim.clock_text import sim_clock as clock_text
from exoviz.sim.endocytosis import (
    MOVING,
    ON_MEMBRANE,
    groups,
    send_back,
    start_pits,
    step_pits,
    step_return_fusion,
    step_vesicles,
)
from exoviz.sim.engulf import Engulf
from exoviz.sim.stages import Codes, Kind, Stage, rows_in, stage_mask
from exoviz.sim.turnover_const import (
    LYSO_DEPTH_NM,
    LYSO_EVERY_NM,
    LYSO_PROTEINS,
    LYSO_R_NM,
    LYSO_REFILL_S,
    PIT_PLAYBACK_S,
    PIT_REAL_S,
    RESEAL_REAL_S,
    SORTING_D_NM2_S,
    SORTING_DEPTH_NM,
    SORTING_EVERY_NM,
    SORTING_R_NM,
    SPEEDUPS,
)
from exoviz.sim.ultrafast import Ultrafast
from exoviz.sim.wound import Wounds, wound_ready

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

OUTSIDE = stage_mask((Stage.EXOSOME, Stage.CHYLO_OUT))  # bodies out of the cell: nothing inside pushes them
HOLDS = stage_mask((Stage.PIT, Stage.PIT_NECK, Stage.UF_PIT, Stage.RETURN_FUSE, Stage.TO_WOUND,
                    Stage.PHAGO_CUP, Stage.MACRO_CUP, Stage.PHAGOSOME, Stage.MACROPINOSOME))
_MOVER_STAGES = MOVING | stage_mask((Stage.SORTING,))  # where movers() looks
# Every stage a rule of Turnover.step looks for, and every stage a row enters them from during the step: one pass over
# the pool finds these rows (exoviz.sim.endocytosis's groups, return fusion, free membrane; _move), then each rule
# picks its own from them. Rows spawned during the step enter only PIT, RECYCLING and LYSOSOME_IDLE after the rules
# that look for those stages ran (and the macrophage's cups and beads, which _move does not look for).
NEAR = ON_MEMBRANE | MOVING | stage_mask((Stage.RETURN_FUSE, Stage.SORTING, Stage.TO_WOUND, Stage.LYSOSOME_IDLE))
_BODIES = _MOVER_STAGES | HOLDS  # where bodies() looks
ROUTES = ("endocytosis", "macropinocytosis", "phagocytosis")  # what "membrane internalized" counts
TETHER_S = 5.0  # early endosomes drift back to where they sit


class Turnover:
    """Endocytosis, recycling, balance and wounds for one World."""

    def __init__(self) -> None:
        self.balance = Balance()
        self.wounds = Wounds()
        self.ultrafast = Ultrafast()
        self.cells = True
        self.scale = 1  # pits (and recycling vesicles) each drawn one stands for
        self.speedup = 1  # pits, uncoating and vesicle trips shown this many times faster than real
        self.lysosomes = np.empty(0, dtype=np.intp)  # slots of the lysosomes near the membrane (wound repair)
        self.lyso_count = 0  # how many there should be
        self.sorting = np.empty(0, dtype=np.intp)  # slots of the early endosomes this module placed
        self.backlog = 0  # pits due but still waiting for room on the membrane
        self.joined = 0  # endocytic vesicles that fused with an early endosome
        self.sent_back = 0  # recycling vesicles sent back by early endosomes
        self.full_at: float | None = None  # simulated s when endocytosis had taken in the whole starting surface
        self.engulf: Engulf | None = None  # the macrophage's phagocytosis and macropinocytosis
        self._refill_t = 0.0

    # -- setup ----------------------------------------------------------------------------------------------
    def setup(self, world: World) -> None:
        cell = world.params.cell_spec
        self.cells = spec(world.params.mode).cells
        self.scale = int(cell.pits_per_drawn)
        want = 0.5 * sum(PIT_REAL_S) / (world.mech.time_scale * PIT_PLAYBACK_S)
        self.speedup = int(min(SPEEDUPS, key=lambda s: abs(np.log(s / max(want, 1e-9)))))
        for name in ("endocytosis", "lysosome_exocytosis", "wound") + (("recycling",) if self.cells else ()):
            world.events.setdefault(name, 0)
        sc = world.scene
        if not self.cells:
            sc.notes = (*sc.notes, N_("Ultrafast endocytosis takes back an equal amount of membrane 50–100 ms after "
                                      "each full fusion, shown as one vesicle refilling at once (real: via an "
                                      "endosome, re-formed by clathrin in seconds)"))
            return
        if cell.phagocytosis or cell.macropinocytosis_um2_s > 0:
            self.engulf = Engulf()
            for name in ("phagocytosis", "macropinocytosis"):
                world.events.setdefault(name, 0)
            sc.notes = (*sc.notes, *Engulf.notes())
        own_endosomes = not np.any(world.ves.alive & (world.ves.kind == Kind.ENDOSOME))  # else the mechanism's
        if own_endosomes:
            self._place_sorting(world)
        self.lyso_count = max(1, int(round(sc.width / LYSO_EVERY_NM)))
        self.lysosomes = self._new_lysosomes(world, self.lyso_count, np.arange(self.lyso_count))
        self._start_clear(world, np.concatenate((self.sorting, self.lysosomes)))
        sc.notes = (*sc.notes, N_("Coated pits and vesicles 100–150 nm, to scale; lysosomes and early endosomes "
                                  "300–500 nm (illustrative)") if own_endosomes else
                    N_("Coated pits and vesicles 100–150 nm, to scale"))
        if self.scale > 1:
            sc.notes = (*sc.notes, Msg(N_("Each coated pit and recycling vesicle drawn stands for {n}"), n=self.scale))

    @staticmethod
    def _start_clear(world: World, new: np.ndarray) -> None:
        """Move the bodies just placed off whatever the mechanism placed before them (a few rounds)."""
        v = world.ves
        mine = np.zeros(v.capacity, dtype=bool)
        mine[new] = True
        others = np.flatnonzero(v.alive & ~mine & (v.kind != Kind.ILV) & (v.kind != Kind.CHYLOMICRON)
                                & ~OUTSIDE.take(v.stage))
        physics.relax(v.pos, v.radius, new, others, iterations=8 * 3, box=world.scene.cyto)
        v.anchor[new] = v.pos[new]
        v.prev[new] = v.pos[new]

    def _place_sorting(self, world: World) -> None:
        """A few early endosomes between the membrane and the Golgi (secretory cells, macrophage)."""
        v, rng, sc = world.ves, world.rng, world.scene
        n = max(1, int(round(sc.width / SORTING_EVERY_NM)))
        idx = v.spawn(n, Kind.ENDOSOME, Stage.SORTING, world.t)
        r = rng.uniform(*SORTING_R_NM, n)
        v.r_full[idx] = v.radius[idx] = r
        v.pos[idx, 0] = (np.arange(n) + rng.uniform(0.3, 0.7, n)) * sc.width / n
        v.pos[idx, 1] = sc.membrane_contact_y + r + rng.uniform(*SORTING_DEPTH_NM, n)
        v.anchor[idx] = v.pos[idx]
        v.prev[idx] = v.pos[idx]
        self.sorting = idx

    def _new_lysosomes(self, world: World, k: int, place: np.ndarray) -> np.ndarray:
        """k lysosomes near the membrane, spread across it (place: their share of the width, in 1/lyso_count)."""
        v, rng, sc = world.ves, world.rng, world.scene
        idx = v.spawn(k, Kind.LYSOSOME, Stage.LYSOSOME_IDLE, world.t)
        r = rng.uniform(*LYSO_R_NM, k)
        v.r_full[idx] = v.radius[idx] = r
        v.proteins[idx] = LYSO_PROTEINS
        v.pos[idx, 0] = (place + rng.uniform(0.2, 0.8, k)) * sc.width / self.lyso_count
        v.pos[idx, 1] = sc.membrane_contact_y + r + rng.uniform(*LYSO_DEPTH_NM, k)
        v.prev[idx] = v.pos[idx]
        v.anchor[idx] = v.pos[idx]  # where it rests (it drifts back after being nudged)
        return idx

    # -- one step -------------------------------------------------------------------------------------------
    def step(self, world: World, dt: float) -> None:
        """Latest stages first (fusing back, wounds, vesicles, pits), then new pits and recycling vesicles, then
        motion; the mechanism's overlap relaxation (in its next step) includes these bodies (movers, obstacles)."""
        self.balance.update(world, dt)
        if not self.cells:
            self.ultrafast.step(world, dt)
        else:
            near = rows_in(NEAR, world.ves.stage)
            g = groups(world, near)
            step_return_fusion(world, near)
            # the idle lysosomes a wound may call (none is called while no wound is open)
            ready = wound_ready(world, self.lysosomes) if self.wounds.open is not None else self.lysosomes[:0]
            self.wounds.step(world, ready, dt)
            step_vesicles(world, self, dt, g)
            step_pits(world, self, g)
            start_pits(world, self, dt, near)
            if self.engulf is not None:
                self.engulf.step(world, self, dt)
            send_back(world, self, dt)
            self._refill_lysosomes(world)
            self._move(world, dt, near)
        if self.full_at is None and self.internalized(world) >= 1.0:
            self.full_at = world.t

    def _refill_lysosomes(self, world: World) -> None:
        """Lysosomes used at a wound are replaced from deeper in the cell, one every LYSO_REFILL_S."""
        v = world.ves
        mine = self.lysosomes[(v.stage[self.lysosomes] != Codes.FREE) & (v.kind[self.lysosomes] == Codes.LYSOSOME_KIND)]
        if mine.size >= self.lyso_count or world.t - self._refill_t < LYSO_REFILL_S:
            self.lysosomes = mine
            return
        self._refill_t = world.t
        place = np.array([world.rng.integers(0, self.lyso_count)])
        self.lysosomes = np.concatenate((mine, self._new_lysosomes(world, 1, place)))

    def _move(self, world: World, dt: float, near: np.ndarray) -> None:
        """Lysosomes on their way to a wound move on; early endosomes and resting lysosomes drift back to where
        they sit (the endosomes also diffuse). near: the step's NEAR rows (ascending). Runs right after
        _refill_lysosomes."""
        v = world.ves
        st = v.stage[near]
        tw = near[st == Codes.TO_WOUND]
        if tw.size:
            v.pos[tw] += v.vel[tw] * dt
        so = near[st == Codes.SORTING]
        lyso = self._resting_lysosomes(world)
        # both tethers in one gather (each row's own arithmetic, so the same numbers as two); rows differ by stage
        back = np.concatenate((so, lyso))
        at = v.pos[back]
        v.pos[back] = at + (v.anchor[back] - at) * (1.0 - math.exp(-dt / TETHER_S))
        physics.jitter(v.pos, so, SORTING_D_NM2_S, dt, world.rng)

    def _resting_lysosomes(self, world: World) -> np.ndarray:
        return wound_ready(world, self.lysosomes)  # the idle ones: those a wound may call

    # -- what mechanisms and viewers read --------------------------------------------------------------------
    def movers(self, world: World) -> np.ndarray:
        """Slots of this module's bodies that make way for everything in the mechanism's overlap relaxation: its
        vesicles, early endosomes and resting lysosomes (a granule going up nudges them aside, never stalls)."""
        rows = rows_in(_MOVER_STAGES, world.ves.stage)  # one pass over the pool, then over these few
        return self._movers_among(world, rows, world.ves.stage[rows])

    def _movers_among(self, world: World, rows: np.ndarray, st: np.ndarray) -> np.ndarray:
        """movers() from rows (ascending: every row in a _MOVER_STAGES stage, maybe more) and their stages st."""
        ves = rows[MOVING.take(st) & (world.ves.kind[rows] == Codes.ENDOCYTIC_KIND)]
        return np.concatenate((ves, rows[st == Codes.SORTING], self._resting_lysosomes(world)))

    def obstacles(self, world: World) -> np.ndarray:
        """Slots of this module's bodies that a mechanism's overlap relaxation holds in place: the ones in the
        membrane (pits, folds, vesicles fusing back) and lysosomes on their way to a wound, which push through."""
        return rows_in(HOLDS, world.ves.stage)

    def bodies(self, world: World) -> tuple[np.ndarray, np.ndarray]:
        """(movers(world), obstacles(world)), the same arrays, from one pass over the pool instead of two: for a
        relaxation set-up that asks for both with no stage changed in between."""
        rows = rows_in(_BODIES, world.ves.stage)
        st = world.ves.stage[rows]
        return self._movers_among(world, rows, st), rows[HOLDS.take(st)]

    def wound(self, world: World, x_nm: float) -> Msg:
        """A wound at x_nm (cell scenes only); the line to show."""
        if not self.cells:
            return Msg(N_("Wounds are made in the cell scenes (full fusion, exosome), not at the synapse"))
        return self.wounds.wound(world, x_nm)

    def internalized(self, world: World) -> float:
        """Membrane taken in so far (coated pits, and the macrophage's macropinocytosis and phagocytosis), as a share
        of the starting surface."""
        return sum(world.ledger.removed_by.get(k, 0.0) for k in ROUTES) / world.ledger.pm_initial_um2

    def readout(self, world: World) -> list[Text]:
        """Lines for the readout panel: the balance, the share internalized, the wound."""
        if not self.cells:
            if world.params.balance:
                return [N_("Balance on: ultrafast endocytosis takes back as much membrane as each full fusion adds")]
            return [N_("Balance off: no endocytosis; full fusions add membrane and the pool shrinks")]
        share = self.internalized(world)
        inside = (Msg(N_("Membrane internalized: {p:.0f} % of the surface"), p=100 * share) if self.full_at is None
                  else Msg(N_("Membrane internalized: {p:.0f} % of the surface; 100 % reached at {t} (measured)"),
                           p=100 * share, t=clock_text(self.full_at)))
        return [self.balance.readout(world), inside, *self.wounds.readout(world)]

    def compressed(self, world: World) -> list[Text]:
        """What turnover shows faster than the playback factor (a clock line), if anything; while a wound is
        repaired, that it runs at the playback factor (real time at ×1) and how long cells take."""
        out: list[Text] = []
        if self.cells and self.wounds.active(world.t):
            out.append(Msg(N_("Wound repair not shortened: cells reseal in {lo:g}–{hi:g} s"), lo=RESEAL_REAL_S[0],
                           hi=RESEAL_REAL_S[1]))
        if not self.cells or self.speedup == 1:
            return out
        lo, hi = PIT_REAL_S
        return out + [Msg(N_("Endocytosis and recycling shown ×{k} faster (a coated pit lives {lo:g}–{hi:g} s)"),
                          k=self.speedup, lo=lo, hi=hi)]

    def wound_pace(self, world: World) -> float:
        """Playback speed factor while a wound is repaired: a scene on a fast clock (×20) plays at real speed,
        so the seconds-long repair can be watched; 1 otherwise."""
        if self.cells and self.wounds.active(world.t) and world.mech.time_scale > 1.0:
            return 1.0 / world.mech.time_scale
        return 1.0

    def stats(self, world: World) -> dict:
        led = world.ledger
        return {
            "balance": bool(world.params.balance),
            "calcium_outside": bool(world.params.calcium),
            "endocytosis_rate_um2_s": round(world.params.endocytosis_um2_s, 6),
            "endocytosis_now_um2_s": round(self.balance.take, 6),
            "exocytosis_new_membrane_um2_s": round(self.balance.flux, 6),
            "pits_per_drawn": self.scale, "speedup": self.speedup,
            "internalized_percent": round(100.0 * self.internalized(world), 4),
            "surface_internalized_at_s": None if self.full_at is None else round(self.full_at, 6),
            "joined_early_endosomes": self.joined, "sent_back_by_endosomes": self.sent_back,
            "added_by_um2": {k: round(x, 6) for k, x in sorted(led.added_by.items())},
            "removed_by_um2": {k: round(x, 6) for k, x in sorted(led.removed_by.items())},
            "wounds": self.wounds.stats(), "cytosol_leaked_dots": self.wounds.leaked,
            **({"engulf": self.engulf.stats()} if self.engulf is not None else {}),
        }
