"""Presenter walk-through: one body's whole story, stop by stop (Page Down / Page Up), planned ahead.

begin() starts a Planner on a copy of the world; work() spends a frame's time budget planning, then
fast-forwarding the live world (a replay from the same snapshot) to the next stop, so no frame stalls.
Each stop is kept as a snapshot, so Page Up goes back at once.
"""

from __future__ import annotations

import copy
import time

import numpy as np

from exoviz.captions import caption
from exoviz.i18n import _
from exoviz.modes import spec
from exoviz.readouts import sim_clock
from exoviz.sim.world import World
from exoviz.walkthrough_plan import Planner, Stop, advance


class WalkThrough:
    """The walk's state: planning, fast-forwarding to a stop, or holding at one."""

    def __init__(self) -> None:
        self.planner: Planner | None = None
        self.index = -1  # the stop the walk holds at (index into stops), -1 before the first
        self.target: Stop | None = None  # the stop being fast-forwarded to
        self.snapshots: dict[int, World] = {}  # stop index -> the world there
        self.branch = "main"  # which replay the live world is on
        self.sites: dict[int, np.ndarray] = {}  # stop index -> where its body was there (nm)

    # -- reading -----------------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.planner is not None

    @property
    def stops(self) -> list[Stop]:
        return (self.planner.stops or []) if self.planner is not None else []

    @property
    def busy(self) -> bool:
        """Planning or fast-forwarding: the session's clock waits."""
        return self.planner is not None and (not self.planner.done or self.target is not None)

    @property
    def stop(self) -> Stop | None:
        return self.stops[self.index] if 0 <= self.index < len(self.stops) else None

    @property
    def uid(self) -> int:
        s = self.target or self.stop
        return s.uid if s is not None else -1

    def caption(self, world: World) -> tuple[str, str] | None:
        """(title, text) of the stop held at, or of the one being prepared."""
        if self.planner is None:
            return None
        if not self.planner.done:
            return (_("Walk-through"), _("Finding a body that goes through every stage… {share:.0%} of the "
                                         "search").format(share=min(self.planner.progress, 1.0)))
        s = self.target or self.stop
        if s is None:
            return None
        story = spec(world.params.mode).story
        title, text = caption(story[s.index].stage, world.params.cell_spec)
        note = self.note(world, s)
        fate = f" ({note})" if note else (_(" (alternative fate)") if s.branch == "alt" else "")
        lead = _("Going to step {i} of {n}") if self.target is not None else _("Step {i} of {n}")
        return (lead.format(i=s.index + 1, n=len(story)) + f"{fate}: {title}", text)

    def note(self, world: World, s: Stop) -> str:
        """What a stop on another body says about it: "alternative fate: another MVB, at 31.67 s" ('' if none)."""
        st = spec(world.params.mode).story[s.index]
        if s.branch != "alt" or not st.who:
            return ""
        t = world.t + (s.step - world.steps) * world.dt  # the stop's own time (the clock jumps back to it)
        return _("alternative fate: another {body}, at {t}").format(body=_(st.who), t=sim_clock(t))

    def hold_point(self) -> np.ndarray | None:
        """Where the camera holds instead of on the body (nm): the site of the stop before, for a stop whose
        story says so (the vesicle retreats, the membrane stays put); None: on the body."""
        s = self.target or self.stop
        if s is None or self.planner is None:
            return None
        st = spec(self.planner.start.params.mode).story[s.index]
        return self.sites.get(s.index - 1) if st.camera == "site" else None

    # -- commands ----------------------------------------------------------------------------------------------
    def next(self, world: World) -> None:
        """Page Down: begin (plan from this world), or head for the next stop."""
        if self.planner is None:
            self.planner = Planner(world)
            self.index, self.target, self.snapshots, self.branch, self.sites = -1, None, {}, "main", {}
        elif self.planner.done and self.target is None and self.index + 1 < len(self.stops):
            self.target = self.stops[self.index + 1]

    def prev(self, world: World) -> World:
        """Page Up: back to the previous stop's snapshot (or stay); returns the world to show."""
        if self.target is not None:
            self.target = None
        if self.index > 0 and self.index - 1 in self.snapshots:
            self.index -= 1
            self.branch = self.stops[self.index].branch
            return copy.deepcopy(self.snapshots[self.index])
        return world

    def leave(self) -> None:
        self.planner, self.index, self.target, self.snapshots, self.sites = None, -1, None, {}, {}

    # -- time --------------------------------------------------------------------------------------------------
    def work(self, world: World, budget_s: float | None) -> tuple[World, str]:
        """Spend up to budget_s (None: as long as needed) planning or fast-forwarding.

        Returns the live world (a replay may start afresh from the snapshot) and a message ('' if none).
        """
        import time

        p = self.planner
        if p is None:
            return world, ""
        t0 = time.perf_counter()
        if not p.done:
            if not p.work(budget_s):
                return world, ""
            if p.failed:
                self.leave()
                return world, _("No body went through the whole story in time; press Page Down to try again")
            self.target = p.stops[0]
            if budget_s is not None:  # planning and fast-forwarding share the frame's budget
                budget_s = max(0.0, budget_s - (time.perf_counter() - t0))
        if self.target is None:
            return world, ""
        return self._fast_forward(world, budget_s), ""

    def _fast_forward(self, world: World, budget_s: float | None) -> World:
        t = self.target
        near = self.planner.nearest(t.step)
        other = t.branch != self.branch or world.steps > t.step  # another branch, or behind us: replay
        if other or (near is not None and near.steps > world.steps):  # ... from the planned copy nearest the stop
            world, self.branch = copy.deepcopy(near), t.branch
        t0 = time.perf_counter()
        start, stim = self.planner.start.steps, self.planner.stimulate
        while world.steps < t.step:
            advance(world, start, stim)
            if budget_s is not None and time.perf_counter() - t0 > budget_s:
                return world
        self.index, self.target = t.index, None
        self.snapshots[self.index] = copy.deepcopy(world)
        slot = world.ves.index_of_uid(t.uid)
        if slot >= 0:
            self.sites[self.index] = world.ves.pos[slot].copy()
        return world
