"""Presenter walk-through: one body's whole story, stop by stop (Page Down / Page Up), from a planned Tour.

A tour comes from a source. In the window, AheadPlans has it planned in a worker process from the scene shown,
at launch and again a moment after each change to the model, so Page Down jumps straight to the stop's world
(and the scene plays on, with a countdown, while a plan is still coming). Offline runs (--walkthrough,
recordings, tests) use InlinePlans: the plan is made when Page Down asks, in this process, while the scene
waits. Both plan with exoviz.tour.TourPlan. Each stop's world is kept pickled, so Page Up goes back at once.
"""

from __future__ import annotations

import math

import numpy as np

from exoviz.captions import caption
from exoviz.i18n import _
from exoviz.modes import CellSpec, spec
from exoviz.readouts import sim_clock
from exoviz.sim.world import World
from exoviz.tour import Tour, TourPlan, estimate_s, learn
from exoviz.walkthrough_plan import Stop

REPLAN_DELAY_S = 1.0  # the worker plans again this long after the last command that changed the model
STARTUP_S = 0.5  # a job's first moments: a new worker imports NumPy and the model, the world is unpickled
RESTARTS = 3  # a worker process that died is started again this many times at most


class InlinePlans:
    """Plans made here, when a Page Down asks for one, from the world of that moment (the scene waits)."""

    frozen = True

    def __init__(self) -> None:
        self.plan: TourPlan | None = None
        self._cell = ""
        self._elapsed = 0.0

    @property
    def tour(self) -> Tour | None:
        return self.plan.tour if self.plan is not None else None

    @property
    def failed(self) -> bool:
        return self.plan is not None and self.plan.failed

    def update(self, world: World, now_s: float, budget_s: float | None, wanted: bool, compare: bool) -> None:
        if not wanted:
            return
        if self.plan is None:
            self.plan, self._elapsed = TourPlan(world), 0.0
            self._cell = world.params.cell_spec.name
        if not self.plan.done:
            self.plan.work(budget_s)
            self._elapsed += budget_s or 0.0

    def eta_s(self, now_s: float) -> float:
        steps = self.plan.steps if self.plan is not None else 0
        return estimate_s(self._cell, steps, self._elapsed)

    def changed(self, world: World, now_s: float) -> None:
        self.plan = None

    def forget(self) -> None:
        """The walk was left: the next Page Down plans from the scene as it is then."""
        self.plan = None

    def retry(self, now_s: float) -> None:
        self.plan = None

    def close(self) -> None:
        self.plan = None


class AheadPlans:
    """Plans made ahead in a worker process from the scene shown: at launch, and REPLAN_DELAY_S after the last
    model change. The scene plays on while a Page Down waits for one."""

    frozen = False

    def __init__(self, now_s: float) -> None:
        from exoviz.walkthrough_worker import TourWorker

        self._make = TourWorker
        self.worker = TourWorker()
        self.restarts = 0
        self.jobs = 0  # plans asked of the worker so far
        self._due: float | None = now_s  # when to send the next job (None: nothing to send)
        self._sent_at = now_s
        self._cell = ""

    @property
    def tour(self) -> Tour | None:
        return self.worker.tour if self._due is None else None

    @property
    def failed(self) -> bool:
        """The plan found no body in time (or the worker is gone for good)."""
        gone = self.worker.dead and self.restarts >= RESTARTS
        return gone or (self._due is None and self.worker.failed)

    def update(self, world: World, now_s: float, budget_s: float | None, wanted: bool, compare: bool) -> None:
        if self.worker.dead and self.restarts < RESTARTS:  # killed from outside, or out of memory: once more
            self.worker.close()
            self.worker, self.restarts = self._make(), self.restarts + 1
            self._due = min(self._due if self._due is not None else now_s, now_s)
        if self._due is not None and now_s >= self._due and not compare:
            self.worker.submit(world)
            self.jobs += 1
            self._due, self._sent_at = None, now_s
            self._cell = world.params.cell_spec.name
        done = self.worker.done
        self.worker.receive()
        if self.worker.done and not done:
            learn(self._cell, self.worker.steps, self.worker.elapsed_s)

    def eta_s(self, now_s: float) -> float:
        """Seconds until the plan is here: the wait before the job is sent, then the planning itself."""
        w = self.worker
        if self._due is not None:
            return max(0.0, self._due - now_s) + STARTUP_S + estimate_s(self._cell, 0, 0.0)
        if w.tour is not None:
            return 0.5  # the stops are known; their worlds are on their way
        if w.steps == 0:  # no report yet: the worker is starting, or has just begun
            return max(0.5, STARTUP_S + estimate_s(self._cell, 0, 0.0) - (now_s - self._sent_at))
        return estimate_s(self._cell, w.steps, w.elapsed_s)

    def changed(self, world: World, now_s: float) -> None:
        self._due = now_s + REPLAN_DELAY_S
        self._cell = world.params.cell_spec.name
        self.worker.cancel()

    def forget(self) -> None:
        """Leaving the walk keeps the plan: it is still the plan of this scene."""

    def retry(self, now_s: float) -> None:
        self._due = now_s

    def close(self) -> None:
        self.worker.close()


Plans = InlinePlans | AheadPlans


class WalkThrough:
    """The walk's state: the tour walked, the stop held at, and a Page Down waiting for its stop."""

    def __init__(self) -> None:
        self.tour: Tour | None = None  # the tour being walked (kept while walking, even if a newer plan comes)
        self.index = -1  # the stop the walk holds at (index into stops), -1 before the first
        self.want = -1  # the stop a Page Down asked for and that is not shown yet (-1: none)
        self.sites: dict[int, np.ndarray] = {}  # stop index -> where its body was there (nm)

    # -- reading -----------------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.want >= 0 or self.index >= 0

    @property
    def busy(self) -> bool:
        """A Page Down waits for its stop (for a plan, or for the stop's world)."""
        return self.want >= 0

    @property
    def stops(self) -> list[Stop]:
        return self.tour.stops if self.tour is not None else []

    @property
    def stop(self) -> Stop | None:
        return self.stops[self.index] if 0 <= self.index < len(self.stops) else None

    @property
    def target(self) -> Stop | None:
        """The stop a Page Down is waiting for, once the plan is known."""
        return self.stops[self.want] if 0 <= self.want < len(self.stops) else None

    @property
    def uid(self) -> int:
        s = self.target or self.stop
        return s.uid if s is not None else -1

    def caption(self, world: World, eta_s: float) -> tuple[str, str] | None:
        """(title, text) of the stop held at, or of the one a Page Down waits for."""
        if not self.active:
            return None
        story = spec(world.params.mode).story_for(world.params.cell_spec)
        if self.want >= 0:
            lead = (_("Going to step {i} of {n}").format(i=self.want + 1, n=len(story)) if self.index >= 0
                    else _("Walk-through"))
            return (lead, _("Preparing the tour: about {seconds} s left (Esc or Home: cancel)").format(
                seconds=max(1, math.ceil(eta_s))))
        s = self.stop
        if s is None:
            return None
        title, text = caption(story[s.index].stage, world.params.cell_spec, story[s.index].machine)
        note = self.note(world, s)
        fate = f" ({note})" if note else (_(" (alternative fate)") if s.branch == "alt" else "")
        return (_("Step {i} of {n}").format(i=s.index + 1, n=len(story)) + f"{fate}: {title}", text)

    def note(self, world: World, s: Stop) -> str:
        """What a stop on another body says about it: "alternative fate: another MVB, at 31.67 s" ('' if none)."""
        st = spec(world.params.mode).story_for(world.params.cell_spec)[s.index]
        if s.branch != "alt" or not st.who:
            return ""
        t = world.t + (s.step - world.steps) * world.dt  # the stop's own time (the clock jumps back to it)
        return _("alternative fate: another {body}, at {t}").format(body=_(st.who), t=sim_clock(t))

    def hold_point(self, mode: str, cell: CellSpec | None = None) -> np.ndarray | None:
        """Where the camera holds instead of on the body (nm): the site of the stop before, for a stop whose
        story says so (the vesicle retreats, the membrane stays put); None: on the body."""
        s = self.stop if self.want < 0 else None
        if s is None:
            return None
        story = spec(mode).story_for(cell) if cell is not None else spec(mode).story
        return self.sites.get(s.index - 1) if story[s.index].camera == "site" else None

    def _note_site(self, world: World) -> None:
        """Remember where the stop's body is in the stop's world (a later stop may hold the camera there)."""
        s = self.stop
        slot = world.ves.index_of_uid(s.uid) if s is not None else -1
        if slot >= 0:
            self.sites[self.index] = world.ves.pos[slot].copy()

    # -- commands ----------------------------------------------------------------------------------------------
    def next(self) -> None:
        """Page Down: ask for the first stop, or for the next one."""
        if not self.active:
            self.want = 0
        elif self.want < 0 and self.index + 1 < len(self.stops):
            self.want = self.index + 1

    def prev(self) -> World | None:
        """Page Up: the previous stop's world (None: stay). A waiting Page Down is dropped."""
        self.want = -1
        if self.tour is not None and self.index > 0 and self.tour.has(self.index - 1):
            self.index -= 1
            world = self.tour.world(self.index)
            self._note_site(world)
            return world
        return None

    def leave(self) -> None:
        self.tour, self.index, self.want, self.sites = None, -1, -1, {}

    def arrive(self, plans: Plans, now_s: float) -> tuple[World | None, str]:
        """A waiting Page Down: the stop's world once the plan has it (else None), and a message ('' if none)."""
        if self.want < 0:
            return None, ""
        if self.tour is None:
            if plans.failed:
                plans.retry(now_s)
                self.leave()
                return None, _("No body went through the whole story in time; press Page Down to try again")
            self.tour = plans.tour
            if self.tour is None:
                return None, ""
        if self.want >= len(self.stops):
            self.want = -1
            return None, ""
        if not self.tour.has(self.want):
            return None, ""
        self.index, self.want = self.want, -1
        world = self.tour.world(self.index)
        self._note_site(world)
        return world, ""
