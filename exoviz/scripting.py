"""Plays a scene script's timed events on an App (in the window or while recording)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exoviz.export.script import Script, events_between
from exoviz.params import SPEEDS

if TYPE_CHECKING:
    from exoviz.app import App


class ScriptPlayer:
    """Applies each event once, when playback time passes its `at`; tracks pause holds."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.t = 0.0  # playback seconds applied so far
        self.hold_until = -1.0

    def advance_to(self, app: App, t: float) -> None:
        """Apply events with at in [self.t, t) (all events at 0 on the first call)."""
        events = events_between(self.script, self.t, t) if t > self.t else []
        if self.t == 0.0 and t == 0.0:
            events = events_between(self.script, 0.0, 1e-9)
        for ev in events:
            self.apply(app, ev.action, ev.value, ev.at)
        self.t = max(self.t, t)

    def held(self, t: float) -> bool:
        return t < self.hold_until

    def apply(self, app: App, action: str, value, at: float) -> None:
        if action == "set":
            for name, v in dict(value).items():
                app.set_value(name, float(v))
        elif action == "stimulate":
            app.cmd_stimulate()
        elif action == "walkthrough":
            {"next": app.cmd_walk_next, "prev": app.cmd_walk_prev, "exit": app.cmd_walk_exit}[value]()
            app.paused = False  # a script keeps playing after each stop unless it asks to pause
        elif action == "zoom":
            app.camera.look_at((float(value["x_nm"]), float(value["y_nm"])), float(value["factor"]))
        elif action == "caption":
            app.state.caption_override = str(value)
        elif action == "speed":
            app.speed_i = SPEEDS.index(float(value))
        elif action == "pause":
            self.hold_until = at + float(value)
