"""Wounds in the plasma membrane and their repair by lysosome exocytosis (Reddy et al. 2001).

A wound is a hole WOUND_D_NM across at x on the membrane. With Ca²⁺ in the extracellular fluid, Ca²⁺ floods in
through it; lysosomes near the site head for its edges, dock there, wait for their Ca²⁺-triggered fusion (DOCK_S)
and fuse: each one's membrane (4 pi r^2, in the ledger as lysosome_exocytosis the moment it fuses) then spreads
over the hole in SPREAD_S, so the hole narrows as sqrt(1 - patch / hole area), and their LAMP-1 ends up on the cell
surface. Once the spread patch covers the hole's area it is sealed: ~7-12 s after the wound, inside the 5-30 s
measured in cells. Without Ca²⁺ outside nothing triggers the lysosomes: the hole stays open and the cytosol leaks
out (drawn as dots streaming out; a cell that cannot reseal dies). The hole itself is not in the ledger: its edges
are still membrane, pulled apart; the patch is new membrane.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.sim.endocytosis import IS_PIT, free_on_membrane, fuse_back
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.stages import Codes, Kind, Stage
from exoviz.sim.state import PROTEIN, SMALL
from exoviz.sim.turnover_const import (
    CA_FALL_S,
    CA_RISE_S,
    DOCK_S,
    LEAK_DOTS_PER_S,
    LYSO_R_NM,
    LYSO_SPEED_NM_S,
    PIT_GAP_NM,
    RECRUIT_NM,
    RETURN_COLLAPSE_S,
    RETURN_PORE_S,
    SPREAD_S,
    WOUND_D_NM,
    WOUND_HOLD_S,
)

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

ARRIVE_NM = 3.0  # a lysosome this close to its spot at the hole's edge docks and fuses
SEARCH_NM = 2000.0  # a click where bodies sit in the membrane opens the hole at the nearest free stretch this near


@dataclass
class Wound:
    """One hole: where, when, how much membrane it needs and has got."""

    x: float  # nm along the membrane
    opened: float  # simulated s
    hole_um2: float  # area of the hole (a disc WOUND_D_NM across), the patch it needs
    patch_um2: float = 0.0  # lysosome membrane spread over the hole so far
    fused_um2: float = 0.0  # lysosome membrane fused at its edges so far (in the ledger; it spreads in SPREAD_S)
    incoming_um2: float = 0.0  # membrane of the lysosomes on their way or docked at the edge
    lysosomes: int = 0  # fused so far
    sealed: float | None = None  # simulated s it sealed at
    fused_t: np.ndarray = field(default_factory=lambda: np.empty(0))  # simulated s each lysosome fused
    fused_a: np.ndarray = field(default_factory=lambda: np.empty(0))  # ... and its membrane, µm²

    @property
    def half_open_nm(self) -> float:
        """Half the hole's width now: it narrows as the patch grows."""
        return 0.5 * WOUND_D_NM * float(np.sqrt(max(0.0, 1.0 - self.patch_um2 / self.hole_um2)))

    def summary(self) -> dict:
        return {"x_nm": round(self.x, 3), "opened_s": round(self.opened, 6), "lysosomes": self.lysosomes,
                "patch_um2": round(self.patch_um2, 6), "fused_um2": round(self.fused_um2, 6),
                "hole_um2": round(self.hole_um2, 6),
                "sealed_s": None if self.sealed is None else round(self.sealed, 6),
                "seal_time_s": None if self.sealed is None else round(self.sealed - self.opened, 6)}


class Wounds:
    """The open wound (one at a time), the ones that sealed, and the Ca²⁺ that floods in."""

    def __init__(self) -> None:
        self.open: Wound | None = None
        self.done: list[Wound] = []
        self.ca = 0.0  # Ca²⁺ in the cloud under the latest wound, 0 (rest) .. 1 (flooded)
        self.leaked = 0  # dots of cytosol that leaked out of open holes
        self._leak_debt = 0.0

    @property
    def last(self) -> Wound | None:
        """The open wound, else the latest sealed one (drawn with its patch and LAMP-1), else None."""
        return self.open or (self.done[-1] if self.done else None)

    def active(self, t: float) -> bool:
        """A wound is open now, or sealed less than WOUND_HOLD_S ago (simulated s): its repair is on screen."""
        w = self.last
        return w is not None and (w.sealed is None or t - w.sealed < WOUND_HOLD_S)

    def holes(self) -> np.ndarray:
        """(k, 2) membrane intervals (x0, x1) nm that are missing now."""
        w = self.open
        if w is None:
            return np.empty((0, 2))
        return np.array([[w.x - w.half_open_nm, w.x + w.half_open_nm]])

    def wound(self, world: World, x_nm: float) -> Msg:
        """Open a hole at x_nm; returns what happened, in one line for the screen."""
        if self.open is not None:
            return Msg(N_("A wound is already open: wait until it reseals (or restore Ca²⁺)"))
        x = free_spot(world, float(x_nm))
        hole = float(np.pi * (0.5 * WOUND_D_NM * 1e-3) ** 2)
        self.open = Wound(x=x, opened=world.t, hole_um2=hole)
        world.count("wound")
        abort_pits_near(world, x, 0.5 * WOUND_D_NM + 2.0 * LYSO_R_NM[1] + PIT_GAP_NM)
        if world.params.calcium:
            return Msg(N_("Wound opened in the plasma membrane: Ca²⁺ floods in, lysosomes come to patch the hole"))
        return Msg(N_("Wound opened in the plasma membrane: no Ca²⁺ outside, so nothing triggers repair"))

    def step(self, world: World, lysosomes: np.ndarray, dt: float) -> None:
        """Ca²⁺, recruiting and fusing lysosomes (lysosomes: the idle wound-ready slots), leaking, sealing."""
        w = self.open
        flooding = w is not None and bool(world.params.calcium)
        target, tau = (1.0, CA_RISE_S) if flooding else (0.0, CA_FALL_S)
        self.ca += (target - self.ca) * (1.0 - np.exp(-dt / tau))
        if w is None:
            return
        if flooding:
            self._fuse(world, w)
            self._arrive(world, w)
            self._recruit(world, w, lysosomes)
        else:
            self._stand_down(world, w)  # the fusion needs Ca²⁺ (synaptotagmin VII): no Ca²⁺, no fusion
        spread = np.clip((world.t - w.fused_t) / SPREAD_S, 0.0, 1.0)
        w.patch_um2 = float(np.sum(w.fused_a * spread))
        if w.patch_um2 >= w.hole_um2:
            w.sealed = world.t
            self.done.append(w)
            self.open = None
            self._stand_down(world, w)
            return
        self._leak(world, w, dt)
        self._steer(world, w)

    def _targets(self, world: World, idx: np.ndarray, w: Wound) -> np.ndarray:
        """(len(idx), 2): where each lysosome on its way docks, beside the hole's nearer edge."""
        v = world.ves
        side = np.where(v.pos[idx, 0] < w.x, -1.0, 1.0)
        x = w.x + side * (w.half_open_nm + v.radius[idx])
        return np.stack([x, world.scene.docked_y(v.radius[idx])], axis=1)

    def _recruit(self, world: World, w: Wound, lysosomes: np.ndarray) -> None:
        """Send the nearest idle lysosomes until their membrane covers what the hole still needs."""
        need = w.hole_um2 - w.fused_um2 - w.incoming_um2
        if need <= 0.0 or lysosomes.size == 0:
            return
        v = world.ves
        d = np.hypot(v.pos[lysosomes, 0] - w.x, v.pos[lysosomes, 1] - world.scene.membrane_y)
        near = lysosomes[np.argsort(d, kind="stable")]
        if d.min() > RECRUIT_NM and w.incoming_um2 > 0.0:
            return  # the nearby ones are on their way; those far off are called only when none are near
        area = sphere_area_um2(v.radius[near])
        go = near[: int(np.searchsorted(np.cumsum(area), need)) + 1]  # enough to cover the need
        v.set_stage(go, Stage.TO_WOUND)
        v.dur[go] = np.inf  # on the way (docked: the time of its fusion)
        speed = world.rng.uniform(*LYSO_SPEED_NM_S, go.size)  # each keeps its own speed (|vel|) on the way
        d = self._targets(world, go, w) - v.pos[go]
        v.vel[go] = d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None] * speed[:, None]
        w.incoming_um2 += float(np.sum(sphere_area_um2(v.radius[go])))

    def _steer(self, world: World, w: Wound) -> None:
        """On the way: toward the spot at the hole's edge; docked: on it (the edge moves as the hole narrows)."""
        v = world.ves
        go = v.where(Stage.TO_WOUND)
        docked = np.isfinite(v.dur[go])
        v.pos[go[docked]] = self._targets(world, go[docked], w)
        go = go[~docked]
        d = self._targets(world, go, w) - v.pos[go]
        dist = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
        v.vel[go] = d / dist[:, None] * np.hypot(v.vel[go, 0], v.vel[go, 1])[:, None]

    def _arrive(self, world: World, w: Wound) -> None:
        """Lysosomes at the hole's edge dock and wait DOCK_S for their Ca²⁺-triggered fusion."""
        v = world.ves
        go = v.where(Stage.TO_WOUND)
        go = go[~np.isfinite(v.dur[go])]
        if go.size == 0:
            return
        dist = np.hypot(*(self._targets(world, go, w) - v.pos[go]).T)
        at = go[dist <= ARRIVE_NM + np.hypot(v.vel[go, 0], v.vel[go, 1]) * world.dt]
        if at.size == 0:
            return
        v.pos[at] = self._targets(world, at, w)
        v.vel[at] = 0.0
        v.dur[at] = v.t_stage[at] + world.rng.uniform(*DOCK_S, at.size)

    def _fuse(self, world: World, w: Wound) -> None:
        """Docked lysosomes whose wait is over fuse: their membrane joins the plasma membrane now (ledger:
        lysosome_exocytosis) and spreads over the hole in SPREAD_S (the lysosome flattens meanwhile)."""
        v = world.ves
        go = v.where(Stage.TO_WOUND)
        at = go[v.t_stage[go] >= v.dur[go]]
        if at.size == 0:
            return
        area = sphere_area_um2(v.radius[at])
        v.pos[at] = self._targets(world, at, w)
        fuse_back(world, at, 1.0, "lysosome_exocytosis", SPREAD_S / (RETURN_PORE_S + RETURN_COLLAPSE_S))
        w.fused_t = np.append(w.fused_t, np.full(at.size, world.t))
        w.fused_a = np.append(w.fused_a, area)
        w.fused_um2 += float(np.sum(area))
        w.incoming_um2 = max(0.0, w.incoming_um2 - float(np.sum(area)))
        w.lysosomes += int(at.size)

    def _stand_down(self, world: World, w: Wound) -> None:
        """Lysosomes on their way stop where they are (sealed already, or no Ca²⁺ any more)."""
        v = world.ves
        go = v.where(Stage.TO_WOUND)
        v.set_stage(go, Stage.LYSOSOME_IDLE)
        v.vel[go] = 0.0
        w.incoming_um2 = 0.0

    def _leak(self, world: World, w: Wound, dt: float) -> None:
        """Cytosol streams out of the open hole (dots per playback second, so every clock shows it)."""
        self._leak_debt += LEAK_DOTS_PER_S * dt / world.mech.time_scale
        k = int(self._leak_debt)
        if k == 0:
            return
        self._leak_debt -= k
        half = max(w.half_open_nm, 5.0)
        at = np.empty((k, 2))
        at[:, 0] = w.x + world.rng.uniform(-0.8, 0.8, k) * half
        at[:, 1] = world.scene.pore_mouth_y
        world.dots.emit(at, np.where(world.rng.random(k) < 0.6, SMALL, PROTEIN).astype(np.int8))
        self.leaked += k

    def readout(self, world: World) -> list[Text]:
        """What the readout panel says about the latest wound (nothing before the first)."""
        w = self.last
        if w is None:
            return []
        if w.sealed is not None:
            return [Msg(N_("Wound sealed in {s:.1f} s by {n} lysosome(s): patch +{a:.2f} µm² (LAMP-1 now on the "
                           "surface)"), s=w.sealed - w.opened, n=w.lysosomes, a=w.patch_um2)]
        open_s = world.t - w.opened
        line = Msg(N_("Wound open {s:.1f} s: hole {hole:.2f} µm², patched {a:.2f} µm² by {n} lysosome(s)"),
                   s=open_s, hole=w.hole_um2, a=w.patch_um2, n=w.lysosomes)
        if world.params.calcium:
            return [line]
        return [line, Msg(N_("No Ca²⁺ outside: no lysosome fuses, the hole stays open and the cytosol leaks out "
                             "({n} dots so far); a cell that cannot reseal dies"), n=self.leaked)]

    def stats(self) -> list[dict]:
        return [w.summary() for w in self.done] + ([self.open.summary()] if self.open is not None else [])


def free_spot(world: World, x_nm: float) -> float:
    """Where a hole WOUND_D_NM across opens for a click at x_nm: there if nothing sits in the membrane there, else
    at the nearest stretch within SEARCH_NM that is free (bodies docked or fusing there keep their membrane)."""
    half = 0.5 * WOUND_D_NM
    xs = np.clip(x_nm + np.linspace(-SEARCH_NM, SEARCH_NM, 161), half, world.scene.width - half)
    ok = free_on_membrane(world, xs, np.full(xs.size, half), np.empty((0, 2)))
    if not ok.any():
        return float(np.clip(x_nm, half, world.scene.width - half))
    return float(xs[ok][np.argmin(np.abs(xs[ok] - x_nm))])


def wound_ready(world: World, slots: np.ndarray) -> np.ndarray:
    """The idle lysosomes among slots (the turnover's own: exosome mode's degradative grid is not sent)."""
    v = world.ves
    return slots[(v.stage[slots] == Codes.LYSOSOME_IDLE) & (v.kind[slots] == Codes.LYSOSOME_KIND)]  # (idle: alive)


def abort_pits_near(world: World, x: float, reach: float) -> None:
    """Coated pits within reach (nm) of x come apart (abortive pits: the coat disassembles before scission, as
    many do in cells): the lysosomes that patch a hole flatten over that stretch. Nothing was taken from the
    membrane yet, so the ledger is unchanged."""
    v = world.ves
    pits = np.flatnonzero(IS_PIT[v.stage] & (v.kind == Kind.ENDOCYTIC))
    v.retire(pits[np.abs(v.pos[pits, 0] - x) < reach + v.radius[pits]])
