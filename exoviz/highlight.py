"""The highlighted body (the one the caption is about when nobody is followed), held steady; no pygame.

The model proposes a body worth watching (World.featured()). The highlight keeps it: when the body merges
into the plasma membrane, the highlight stays on the spot, with the caption of what follows there ("Proteins
on the surface"), until its delivered patch has spread (the same rule that ends following a merged body);
only then does it hand over to the model's next body. A hand-over never jumps: the reticle glides from the
old place to the new body over GLIDE_S of playback frames (smoothstep), while the caption already tells the
new body's story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.stages import Stage
from exoviz.tracking import PATCH_SPREAD, STAY_AFTER_S
from exoviz.viewstate import Spotlight

if TYPE_CHECKING:
    from exoviz.sim.world import World

GLIDE_S = 0.6  # s (frame time) the reticle takes to glide to the next highlighted body (at least 0.5 s)
HOLD_MAX_S = 20.0  # playback s a merged spot is held at most (a patch that never spreads: a very slow membrane)
PATCH_NEAR_NM = 500.0  # a patch this close to the spot is the body's own
# The caption shown on the spot where a highlighted body merged, by the stage it was last seen in.
AFTER: dict[int, int] = {Stage.PORE: Stage.FREE, Stage.RELEASE: Stage.FREE, Stage.COLLAPSE: Stage.FREE,
                         Stage.MVB_FUSION: Stage.EXOSOME}


def patch_spread(world: World, site_x: float) -> bool:
    """True once no delivered patch near site_x holds more than PATCH_SPREAD of its lipid at its peak."""
    s = world.surface
    if not s.patch_x.size:
        return True
    near = np.abs(s.patch_x - site_x) < PATCH_NEAR_NM
    return not (s.patch_peak(world.t)[near] > PATCH_SPREAD).any()


@dataclass
class Highlight:
    """The highlighted body by uid, the spot it merged at (held until its patch has spread) and the glide."""

    uid: int = -1
    site: tuple[float, float] | None = None  # nm: where the highlighted body merged, while held
    site_uid: int = -1  # ... and who it was
    site_stage: int = Stage.FREE  # the stage whose caption the held spot shows
    gone_at: float = 0.0  # world.playback_s when it merged
    last_pos: np.ndarray | None = None  # nm, the body's place at the last update
    last_r: float = 0.0  # nm, its radius then
    last_stage: int = Stage.FREE
    glide_from: tuple[float, float, float] | None = None  # (x, y, radius) nm where the reticle started
    glide_t: float = 0.0  # s of glide done
    handovers: int = 0  # how often the highlight moved to another body
    _world: int = 0  # id() of the world the uids belong to

    def reset(self) -> None:
        self.uid, self.site, self.site_uid, self.last_pos, self.glide_from = -1, None, -1, None, None

    def update(self, world: World, wall_s: float) -> None:
        """Once per frame: keep the body, hold its merged spot, or hand over (with a glide) to the next one."""
        if id(world) != self._world:  # a new scene, or a walk-through snapshot: start afresh, no glide
            self.reset()
            self._world = id(world)
        if self.glide_from is not None:
            self.glide_t += max(float(wall_s), 0.0)
            if self.glide_t >= GLIDE_S:
                self.glide_from = None
        v = world.ves
        slot = v.index_of_uid(self.uid) if self.uid >= 0 else -1
        if slot >= 0:
            self.last_pos, self.last_r = v.pos[slot].copy(), float(v.radius[slot])
            self.last_stage = int(v.stage[slot])
        elif self.uid >= 0 and self.last_pos is not None and self.last_stage in AFTER:  # it merged: hold the spot
            self.site = (float(self.last_pos[0]), float(world.scene.membrane_y))
            self.site_uid, self.site_stage, self.gone_at = self.uid, AFTER[self.last_stage], world.playback_s
            self.uid = -1
            return
        if self.site is not None:
            held = world.playback_s - self.gone_at
            if held <= STAY_AFTER_S or (held <= HOLD_MAX_S and not patch_spread(world, self.site[0])):
                return
        featured = world.featured()
        if featured == self.uid and slot >= 0:
            return
        self._hand_over(world, featured)

    def _hand_over(self, world: World, uid: int) -> None:
        start = self.reticle_at()
        self.site, self.site_uid, self.uid = None, -1, uid
        slot = world.ves.index_of_uid(uid) if uid >= 0 else -1
        if slot < 0:
            self.uid, self.last_pos = -1, None
            return
        self.last_pos, self.last_r = world.ves.pos[slot].copy(), float(world.ves.radius[slot])
        self.last_stage = int(world.ves.stage[slot])
        if start is not None:
            self.glide_from, self.glide_t = start, 0.0
            self.handovers += 1

    def reticle_at(self) -> tuple[float, float, float] | None:
        """(x, y, radius) nm where the reticle is now: gliding, on the held spot, or on the body."""
        if self.site is not None:
            return (*self.site, self.last_r)
        if self.last_pos is None or self.uid < 0:
            return None
        here = (float(self.last_pos[0]), float(self.last_pos[1]), self.last_r)
        if self.glide_from is None:
            return here
        k = min(1.0, self.glide_t / GLIDE_S)
        k = k * k * (3.0 - 2.0 * k)  # smoothstep: leaves and arrives gently
        x, y, r = (a + (b - a) * k for a, b in zip(self.glide_from, here))
        return x, y, r

    @property
    def gliding(self) -> bool:
        return self.glide_from is not None

    def view(self) -> Spotlight:
        """What the screen needs: the body, or the held spot and its caption stage, and the reticle."""
        return Spotlight(uid=self.uid, site=self.site, site_uid=self.site_uid, site_stage=self.site_stage,
                         reticle=self.reticle_at() if (self.gliding or self.site is not None) else None)
