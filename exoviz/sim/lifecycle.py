"""Life-cycle rules every mechanism shares: topping the pool up, and the body the captions follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World


def top_up(world: World, kind: int, rate_per_s: float, dt: float, per_missing: bool = False) -> int:
    """How many new bodies of `kind` to make this step: k ~ Poisson(rate * dt) while fewer than world.pool
    of that kind are in the scene, never more than are missing (0 when none are).

    rate_per_s is the rate for the whole scene, or, if per_missing, per missing body (so the supply
    slows as the pool fills up). One Poisson draw from world.rng when something is missing, else none.
    """
    v = world.ves
    short = world.pool - int(np.count_nonzero(v.alive & (v.kind == kind)))
    if short <= 0:
        return 0
    lam = rate_per_s * short * dt if per_missing else rate_per_s * dt
    return min(short, int(world.rng.poisson(lam)))


class Follow:
    """The body the captions follow, by uid (-1: none).

    It is kept while it is in the scene and keep(slot) holds; otherwise pick(slot) chooses the next body
    (slot: the current body's slot, or -1 once it has left) and returns its slot, or -1 for none.
    """

    def __init__(self) -> None:
        self.uid = -1

    def featured(self, world: World, pick: Callable[[int], int],
                 keep: Callable[[int], bool] | None = None) -> int:
        v = world.ves
        slot = v.index_of_uid(self.uid) if self.uid >= 0 else -1
        if slot >= 0 and (keep is None or keep(slot)):
            return self.uid
        new = pick(slot)
        self.uid = int(v.uid[new]) if new >= 0 else -1
        return self.uid

    def oldest(self, world: World, stages: tuple[int, ...]) -> int:
        """Follow one body until it leaves the scene; then the oldest in the first of `stages` that has one."""
        return self.featured(world, lambda _slot: world.ves.oldest(stages))
