"""The Session's walk-through: Page Down / Page Up / Home, where its tours come from, and which commands re-plan.

A part of the Session (composed: the Session makes it with itself as its host, session_host.SessionHost, the
written contract); it names its handlers in its own table; no pygame.
"""

from __future__ import annotations

import numpy as np

from exoviz.commands import WalkHandlers
from exoviz.i18n import _
from exoviz.session_host import SessionHost
from exoviz.tracking import MERGED
from exoviz.walkthrough import AheadPlans, InlinePlans, Plans

WALK_BUDGET_S = 0.012  # compute a frame may spend on an in-process plan (offline runs and offscreen windows)
WALK_VIEW_SHARE = 0.09  # at a walk-through stop the body's radius fills this share of the view height
# Commands that may change the model (a new plan is then made from the scene); view-only commands never do.
MODEL_COMMANDS = frozenset({"reset", "mode", "cell", "set_value", "toggle_value", "stimulate", "wound", "wound_at",
                            "compare"})
ALWAYS_CHANGE = frozenset({"reset", "stimulate", "wound"})  # the others count when params or the world changed


class WalkCommands:
    """Handlers of the walk-through commands, and the plans behind them."""

    def __init__(self, s: SessionHost) -> None:
        self.s = s
        self.plans: Plans = InlinePlans()
        self.walk_play_on = False  # the stop a Page Down waits for plays on when it comes (a script asked)

    def handlers(self) -> WalkHandlers:
        """The walk-through commands this part carries out, by name."""
        return {"walk_next": self._walk_next, "walk_prev": self._walk_prev, "walk_exit": self._walk_exit}

    def plan_ahead(self) -> None:
        """The window: plan tours ahead in a worker process (from now on, and from this scene)."""
        if not isinstance(self.plans, AheadPlans):
            self.plans.close()
            self.plans = AheadPlans(self.s._now())

    def close(self) -> None:
        """The run is over: the worker process (if any) is ended."""
        self.plans.close()

    @property
    def walk_holds_time(self) -> bool:
        """A Page Down waits for a plan made in this process: the scene waits too."""
        return self.s.walk.busy and self.plans.frozen

    def model_token(self) -> tuple:
        return self.s.world, self.s.params, self.s.compare, self.s.wound_tool

    def after_command(self, name: str, before: tuple) -> None:
        """A command that changed the model: the walk (of the old scene) ends, and the scene is planned anew."""
        if name not in MODEL_COMMANDS:
            return
        after = self.model_token()
        if name in ALWAYS_CHANGE or after[0] is not before[0] or after[1:] != before[1:]:
            if self.s.walk.active:
                self.end_walk()
            self.plans.changed(self.s.world, self.s._now())

    def update(self, budget_s: float | None) -> bool:
        """Each frame: the plans take their turn; a waiting Page Down goes to its stop once its world is here.

        True when this frame arrived at a stop (the frame shows the stop itself, whatever follows)."""
        now = self.s._now()
        self.plans.update(self.s.world, now, budget_s, self.s.walk.busy, self.s.compare)
        world, message = self.s.walk.arrive(self.plans, now)
        if message:
            self.s._say((message, 6.0))
            self.end_walk()
            return False
        if world is None:
            return False
        self.s.world, self.s.paused, self.s.caption_override = world, not self.walk_play_on, ""
        self.walk_play_on = False
        self.s.message = ""  # what was said at another stop (its body "left the scene"...) is not said here
        self.s.closeup.enabled = True
        self._follow_stop()
        self._frame_walk()
        # a stop that keeps the membrane still while its body leaves
        hold = self.s.walk.hold_point(self.s.params.mode, self.s.params.cell_spec)
        target = hold if hold is not None else self.s.follow.target(self.s.world)
        if target is not None:  # the stop is framed exactly, at once
            self.s.camera.look_at(target, self.s.camera.zoom)
        return True

    def _follow_stop(self) -> None:
        """Follow the stop's body; a stop after it merged holds the spot where it merged (seen at the stop before),
        with no reticle on any other body, and says so."""
        uid = self.s.walk.uid
        self.s.follow.start(uid)
        if uid < 0 or self.s.world.ves.index_of_uid(uid) >= 0:
            return
        site = self.s.walk.sites.get(self.s.walk.index - 1)
        if site is not None:
            self.s.follow.hold(site, self.s.world.playback_s)
            self.s._say((f"#{uid} {_(MERGED)}" + _("; the camera stays on the spot"), 6.0))

    def _walk_next(self, _arg: None) -> None:
        """Page Down: the walk's first stop, then the next. The scene waits only for a plan made here."""
        if self.s.compare:
            return
        if self.plans.frozen:
            self.s.paused = True
            self.s.caption_override = ""
            self.s.closeup.enabled = True
        self.walk_play_on = False
        self.s.walk.next()

    def _walk_prev(self, _arg: None) -> None:
        if self.s.compare or not self.s.walk.active:
            return
        world = self.s.walk.prev()
        if world is not None:
            self.s.world, self.s.paused, self.s.message = world, True, ""
        if self.s.walk.index >= 0:
            self._follow_stop()
            self._frame_walk()

    def _frame_walk(self) -> None:
        """Zoom so the walk's body fills a good part of the view; the camera then glides onto it."""
        self.s.clock.reset()
        slot = self.s.world.ves.index_of_uid(self.s.walk.uid)
        if slot >= 0:
            r = max(float(self.s.world.ves.r_full[slot]), 20.0)
            zoom = WALK_VIEW_SHARE * self.s.camera.view[3] / (r * self.s.camera.base_scale)
            self.s.camera.zoom = float(np.clip(zoom, 1.0, 12.0))
            self.s.camera.clamp()

    def end_walk(self) -> None:
        self.s.walk.leave()
        self.plans.forget()
        self.s.closeup.enabled = self.s._closeup_user
        if not self.s.closeup.enabled:
            self.s.closeup.close()

    def _walk_exit(self, _arg: None) -> None:
        """Home (or Esc): leave the walk, or cancel a Page Down still waiting (the planning goes on)."""
        self.end_walk()
        self.s.follow.stop()
        self.s.camera.reset()
