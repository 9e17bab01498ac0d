"""Shared trajectory runs for the model tests: one World run per configuration, watched by probes.

A probe holds what one test needs from a run. Around every step the run calls probe.before(world) and
probe.after(world); a probe records values, or violations through check(), and its test asserts on what
was recorded once the run is over. Several tests thus share one run (a module-scoped fixture) instead of
each stepping a World of its own, with the same checks at every step.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

import numpy as np

from exoviz.sim.stages import ALLOWED, Stage
from exoviz.sim.world import World


def transition_table() -> np.ndarray:
    """A (64, 64) bool matrix: table[a, b] is True when a -> b is allowed (a == b always is)."""
    table = np.eye(64, dtype=bool)
    for a, targets in ALLOWED.items():
        for b in targets:
            table[a, b] = True
    return table


class Probe:
    """Base probe: does nothing per step; `step` is the number of steps taken so far."""

    def __init__(self) -> None:
        self.step = 0
        self.problems: list[str] = []

    def before(self, w: World) -> None:
        """Called before every step."""

    def after(self, w: World) -> None:
        """Called after every step (self.step already counts it)."""

    def check(self, ok: bool | np.bool_, what: str) -> None:
        """Record a violation (with the step it happened after) unless ok."""
        if not ok:
            self.problems.append(f"after step {self.step}: {what}")


class StageChanges(Probe):
    """Remembers stages and uids before each step; previous() lines them up with the slots after it."""

    def before(self, w: World) -> None:
        self.stage, self.uid = w.ves.stage.copy(), w.ves.uid.copy()

    def previous(self, w: World) -> tuple[np.ndarray, np.ndarray]:
        """(stage of each slot before the step, FREE for slots added by growth; whether it holds the same body)."""
        v = w.ves
        before = np.full(v.capacity, Stage.FREE, dtype=v.stage.dtype)
        before[: self.stage.size] = self.stage
        uid = np.zeros(v.capacity, dtype=v.uid.dtype)
        uid[: self.uid.size] = self.uid
        return before, v.uid == uid


class StageOrder(StageChanges):
    """Bodies change stage only along stages.ALLOWED. A slot whose uid changed within the step held a body
    that was retired (-> FREE) and a new one that was spawned (FREE ->); slots added by growth were FREE.
    Records every stage seen after a step."""

    def __init__(self) -> None:
        super().__init__()
        self.table = transition_table()
        self.seen: set[int] = set()

    def after(self, w: World) -> None:
        v = w.ves
        before, same = self.previous(w)
        bad = same & ~self.table[before, v.stage]
        self.check(not bad.any(), f"stage changes not allowed: {list(zip(before[bad], v.stage[bad], strict=True))}")
        new = ~same
        self.check(self.table[before[new], Stage.FREE].all() and self.table[Stage.FREE, v.stage[new]].all(),
                   "a reused slot skipped FREE")
        self.seen.update(np.unique(v.stage).tolist())


class Snapshot(Probe):
    """Copies of chosen Vesicles arrays, the live dots and the full stats after step `at` (for determinism)."""

    def __init__(self, at: int, fields: tuple[str, ...]) -> None:
        super().__init__()
        self.at, self.fields = at, fields
        self.taken: dict | None = None

    def after(self, w: World) -> None:
        if self.step == self.at:
            self.taken = take(w, self.fields)


def take(w: World, fields: tuple[str, ...]) -> dict:
    """Deep copies of what a determinism test compares: Vesicles fields, dots, events, ledger, stats."""
    return {
        "ves": {f: getattr(w.ves, f).copy() for f in fields},
        "dots_pos": w.dots.pos.copy(), "dots_alive": w.dots.alive.copy(),
        "events": dict(w.events), "ledger": copy.deepcopy(w.ledger), "stats": copy.deepcopy(w.stats()),
    }


def shared_run(world: World, steps: int, stimulate_at: tuple[int, ...] = (), **probes: Probe) -> SimpleNamespace:
    """Step world `steps` times (a stimulus before step n for n in stimulate_at) under the named probes.

    Returns a namespace with .world (after the last step), .steps and one attribute per probe.
    """
    watching = list(probes.values())
    for n in range(steps):
        if n in stimulate_at:
            world.stimulate()
        for p in watching:
            p.before(world)
        world.step()
        for p in watching:
            p.step = n + 1
            p.after(world)
    return SimpleNamespace(world=world, steps=steps, **probes)
