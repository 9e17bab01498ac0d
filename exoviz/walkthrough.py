"""Presenter walk-through: follow one body stage by stage; Page Up returns to the previous stop."""

from __future__ import annotations

import copy

from exoviz.captions import caption
from exoviz.modes import spec
from exoviz.sim.stages import Stage
from exoviz.sim.world import STEPS_PER_PLAYBACK_S, World

MAX_PLAYBACK_S = 180.0  # give up looking for the next stage after this much playback
STIMULUS_EVERY = 30  # steps between stimuli while a synaptic vesicle waits to release


class WalkThrough:
    """Each stop is a snapshot of the world with the followed body at the start of one stage."""

    def __init__(self) -> None:
        self.stops: list[tuple[World, int, int]] = []  # (world snapshot, uid, index into the story)

    @property
    def active(self) -> bool:
        return bool(self.stops)

    @property
    def uid(self) -> int:
        return self.stops[-1][1] if self.stops else -1

    @property
    def index(self) -> int:
        return self.stops[-1][2] if self.stops else -1

    def _rank(self, world: World, uid: int) -> int:
        """Where the body is in the walk's stage list (retired bodies count as FREE)."""
        stages = spec(world.params.mode).story
        slot = world.ves.index_of_uid(uid)
        stage = Stage.FREE if slot < 0 else int(world.ves.stage[slot])
        return stages.index(stage) if stage in stages else -1

    def next(self, world: World) -> World:
        """Run the world until the followed body reaches its next stage; pause there. Returns the world."""
        stages = spec(world.params.mode).story
        limit = int(MAX_PLAYBACK_S * STEPS_PER_PLAYBACK_S)
        if not self.stops:
            uid, n = world.featured(), 0
            while uid < 0 and n < limit:
                world.step()
                uid, n = world.featured(), n + 1
            if uid < 0:
                return world
            self.stops.append((copy.deepcopy(world), uid, max(self._rank(world, uid), 0)))
            return world
        uid, k = self.uid, self.index
        if k + 1 >= len(stages):
            return world
        for n in range(limit):
            rank = self._rank(world, uid)
            if rank >= k + 1 or (rank < 0 and world.ves.index_of_uid(uid) < 0):
                break
            if n and n % STIMULUS_EVERY == 0:
                world.stimulate()  # a synapse needs action potentials to release; others ignore it
            world.step()
        rank = self._rank(world, uid)
        self.stops.append((copy.deepcopy(world), uid, max(rank, k + 1)))
        return world

    def prev(self, world: World) -> World:
        """Back to the previous stop (a copy of its snapshot), or stay at the first."""
        if len(self.stops) > 1:
            self.stops.pop()
        return copy.deepcopy(self.stops[-1][0]) if self.stops else world

    def leave(self) -> None:
        self.stops.clear()

    def caption(self, world: World) -> tuple[str, str] | None:
        if not self.stops:
            return None
        stage = spec(world.params.mode).story[self.index]
        title, text = caption(stage)
        n = len(spec(world.params.mode).story)
        return (f"Step {self.index + 1} of {n}: {title}", text)
