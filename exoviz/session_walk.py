"""The Session's walk-through: Page Down / Page Up / Home, where its tours come from, and which commands re-plan.

A part of Session (a base class of it): it names its handlers in its own table, and declares the Session attributes
it uses as typed class attributes (its written contract with the Session); no pygame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import _
from exoviz.session_host import SessionPart
from exoviz.tracking import MERGED
from exoviz.walkthrough import AheadPlans, InlinePlans, Plans

if TYPE_CHECKING:
    pass

WALK_BUDGET_S = 0.012  # compute a frame may spend on an in-process plan (offline runs and offscreen windows)
WALK_VIEW_SHARE = 0.09  # at a walk-through stop the body's radius fills this share of the view height
# Commands that may change the model (a new plan is then made from the scene); view-only commands never do.
MODEL_COMMANDS = frozenset({"reset", "mode", "cell", "set_value", "toggle_value", "stimulate", "wound", "wound_at",
                            "compare"})
ALWAYS_CHANGE = frozenset({"reset", "stimulate", "wound"})  # the others count when params or the world changed


class WalkCommands(SessionPart):
    """Handlers of the walk-through commands, and the plans behind them."""

    def _init_walk(self) -> None:
        self.plans: Plans = InlinePlans()
        self.walk_play_on = False  # the stop a Page Down waits for plays on when it comes (a script asked)

    def plan_ahead(self) -> None:
        """The window: plan tours ahead in a worker process (from now on, and from this scene)."""
        if not isinstance(self.plans, AheadPlans):
            self.plans.close()
            self.plans = AheadPlans(self._now())

    def close(self) -> None:
        """The run is over: the worker process (if any) is ended."""
        self.plans.close()

    @property
    def walk_holds_time(self) -> bool:
        """A Page Down waits for a plan made in this process: the scene waits too."""
        return self.walk.busy and self.plans.frozen

    def _model_token(self) -> tuple:
        return self.world, self.params, self.compare, self.wound_tool

    def _after_command(self, name: str, before: tuple) -> None:
        """A command that changed the model: the walk (of the old scene) ends, and the scene is planned anew."""
        if name not in MODEL_COMMANDS:
            return
        after = self._model_token()
        if name in ALWAYS_CHANGE or after[0] is not before[0] or after[1:] != before[1:]:
            if self.walk.active:
                self._end_walk()
            self.plans.changed(self.world, self._now())

    def _walk_update(self, budget_s: float | None) -> bool:
        """Each frame: the plans take their turn; a waiting Page Down goes to its stop once its world is here.

        True when this frame arrived at a stop (the frame shows the stop itself, whatever follows)."""
        now = self._now()
        self.plans.update(self.world, now, budget_s, self.walk.busy, self.compare)
        world, message = self.walk.arrive(self.plans, now)
        if message:
            self._say((message, 6.0))
            self._end_walk()
            return False
        if world is None:
            return False
        self.world, self.paused, self.caption_override = world, not self.walk_play_on, ""
        self.walk_play_on = False
        self.message = ""  # what was said at another stop (its body "left the scene"...) is not said here
        self.closeup.enabled = True
        self._follow_stop()
        self._frame_walk()
        # a stop that keeps the membrane still while its body leaves
        hold = self.walk.hold_point(self.params.mode, self.params.cell_spec)
        target = hold if hold is not None else self.follow.target(self.world)
        if target is not None:  # the stop is framed exactly, at once
            self.camera.look_at(target, self.camera.zoom)
        return True

    def _follow_stop(self) -> None:
        """Follow the stop's body; a stop after it merged holds the spot where it merged (seen at the stop before),
        with no reticle on any other body, and says so."""
        uid = self.walk.uid
        self.follow.start(uid)
        if uid < 0 or self.world.ves.index_of_uid(uid) >= 0:
            return
        site = self.walk.sites.get(self.walk.index - 1)
        if site is not None:
            self.follow.hold(site, self.world.playback_s)
            self._say((f"#{uid} {_(MERGED)}" + _("; the camera stays on the spot"), 6.0))


    def _walk_next(self, _arg: None) -> None:
        """Page Down: the walk's first stop, then the next. The scene waits only for a plan made here."""
        if self.compare:
            return
        if self.plans.frozen:
            self.paused = True
            self.caption_override = ""
            self.closeup.enabled = True
        self.walk_play_on = False
        self.walk.next()

    def _walk_prev(self, _arg: None) -> None:
        if self.compare or not self.walk.active:
            return
        world = self.walk.prev()
        if world is not None:
            self.world, self.paused, self.message = world, True, ""
        if self.walk.index >= 0:
            self._follow_stop()
            self._frame_walk()

    def _frame_walk(self) -> None:
        """Zoom so the walk's body fills a good part of the view; the camera then glides onto it."""
        self.clock.reset()
        slot = self.world.ves.index_of_uid(self.walk.uid)
        if slot >= 0:
            r = max(float(self.world.ves.r_full[slot]), 20.0)
            zoom = WALK_VIEW_SHARE * self.camera.view[3] / (r * self.camera.base_scale)
            self.camera.zoom = float(np.clip(zoom, 1.0, 12.0))
            self.camera.clamp()

    def _end_walk(self) -> None:
        self.walk.leave()
        self.plans.forget()
        self.closeup.enabled = self._closeup_user
        if not self.closeup.enabled:
            self.closeup.close()

    def _walk_exit(self, _arg: None) -> None:
        """Home (or Esc): leave the walk, or cancel a Page Down still waiting (the planning goes on)."""
        self._end_walk()
        self.follow.stop()
        self.camera.reset()
