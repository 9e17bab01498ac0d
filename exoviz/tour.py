"""A planned tour (its stops and the world at each, pickled) and TourPlan, the one code that makes it.

TourPlan searches ahead with the Planner until one body has lived its mode's story, then replays the planned
course from the nearest checkpoint to each stop and keeps the world there as pickled bytes. --walkthrough,
offline runs and the window's worker process (exoviz.walkthrough_worker) all plan with it, so an untouched
scene gets the same stops everywhere. Also here: how long a plan is expected to take (the countdown).
"""

from __future__ import annotations

import copy
import pickle
import time
from dataclasses import dataclass, field

from exoviz import interrupts
from exoviz.sim.world import World
from exoviz.walkthrough_plan import CHECK_EVERY, Planner, Stop, advance

# Per cell at its defaults: the most steps its plan searched (seeds 0-2) and the search speed (steps per second of
# one idle core of the 2-core machine); measured with `python -m exoviz.bench.tour --seeds 0 1 2`.
EXPECTED = {"beta-cell": (1770, 400.0), "acinar": (1650, 760.0), "enterocyte": (870, 430.0),
            "fibroblast": (960, 620.0), "macrophage": (150, 1000.0), "neuron": (450, 1000.0),
            "dendritic-cell": (1230, 410.0), "b-cell": (1230, 380.0)}
UNKNOWN = (1800, 400.0)  # a cell not in the table
seen: dict[str, tuple[int, float]] = {}  # the same, from the plans finished in this run (they replace the table's)
SNAPSHOTS_S = 0.3  # replaying to every stop and pickling its world, after the search


@dataclass
class Tour:
    """Where the walk-through holds (stops) and the world at each (pickled; None until it has been made)."""

    start_step: int  # world.steps the plan started from
    stops: list[Stop]
    snapshots: list[bytes | None] = field(default_factory=list)

    def has(self, i: int) -> bool:
        return 0 <= i < len(self.snapshots) and self.snapshots[i] is not None

    def world(self, i: int) -> World:
        """A fresh copy of the world at stop i (each call unpickles anew: the walk may change it)."""
        data = self.snapshots[i]
        assert data is not None
        return pickle.loads(data)


class TourPlan:
    """Plans a tour from a world, a time budget at a time (None: to the end); a pending signal stops it early."""

    def __init__(self, world: World) -> None:
        self.planner = Planner(world)
        self.tour: Tour | None = None
        self.made: list[int] = []  # stop indices whose snapshot exists, in the order they were made
        self._order: list[int] = []  # stop indices still to snapshot, in step order
        self._replay: World | None = None
        self._searched = 0

    @property
    def steps(self) -> int:
        """Steps simulated by the search so far."""
        p = self.planner
        if p.sim is not None:
            self._searched = p.sim.steps - p.start.steps
        return self._searched

    @property
    def failed(self) -> bool:
        return self.planner.failed

    @property
    def done(self) -> bool:
        return self.failed or (self.tour is not None and not self._order)

    def work(self, budget_s: float | None) -> bool:
        """Search, then make the stops' worlds, for about budget_s seconds. True when done (or failed)."""
        t0 = time.perf_counter()
        p = self.planner
        if not p.done:
            sim = p.sim  # the Planner lets go of it when done
            finished = p.work(budget_s)
            self._searched = sim.steps - p.start.steps if sim is not None else self._searched
            if not finished or p.failed:
                return self.done
            stops = list(p.stops or [])
            self.tour = Tour(p.start.steps, stops, [None] * len(stops))
            self._order = sorted(range(len(stops)), key=lambda i: stops[i].step)
        while self._order:
            left = None if budget_s is None else budget_s - (time.perf_counter() - t0)
            if interrupts.requested() or (left is not None and left <= 0) or not self._snapshot(left):
                return False
        self.planner.checkpoints = {}  # the snapshots are all that is needed now
        self._replay = None
        return True

    def _snapshot(self, budget_s: float | None) -> bool:
        """Replay to the next stop (from the planned copy nearest before it) and pickle the world there."""
        assert self.tour is not None
        i = self._order[0]
        stop = self.tour.stops[i]
        p = self.planner
        w = self._replay
        near = p.nearest(stop.step)
        if w is None or w.steps > stop.step or (near is not None and near.steps > w.steps):
            w = copy.deepcopy(near)
            self._replay = w
        assert w is not None
        t0 = time.perf_counter()
        while w.steps < stop.step:
            advance(w, p.start.steps, p.stimulate)
            if interrupts.requested() or (budget_s is not None and time.perf_counter() - t0 > budget_s):
                return False
        self.tour.snapshots[i] = pickle.dumps(w, protocol=pickle.HIGHEST_PROTOCOL)
        self.made.append(self._order.pop(0))
        return True


def learn(cell: str, steps: int, elapsed_s: float) -> None:
    """A plan of this cell finished: its steps and speed are the next estimate's."""
    if steps > 0 and elapsed_s > 0:
        seen[cell] = (steps, steps / elapsed_s)


def estimate_s(cell: str, steps: int, elapsed_s: float) -> float:
    """Seconds a plan still needs: the steps this cell's plans needed, at the speed seen so far (or the table's)."""
    expected, speed = seen.get(cell) or EXPECTED.get(cell, UNKNOWN)
    rate = steps / elapsed_s if steps > 0 and elapsed_s >= 0.5 else speed
    left = expected - steps if steps < expected else max(CHECK_EVERY, steps // 4)  # beyond the table: a quarter more
    return left / max(rate, 1.0) + SNAPSHOTS_S
