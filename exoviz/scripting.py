"""Plays a scene script: turns its timed events into Commands when playback time reaches them; tracks holds."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from exoviz.commands import Command
from exoviz.export.script import Event, Script

WALK: dict[str, Literal["walk_next", "walk_prev", "walk_exit"]] = {"next": "walk_next", "prev": "walk_prev",
                                                                  "exit": "walk_exit"}


def commands_for(ev: Event) -> list[Command]:
    """The commands one script event stands for (a pause is a hold, kept by the player, not a command)."""
    if ev.action == "set":
        return [Command("set_value", (name, float(v))) for name, v in dict(ev.value).items()]
    if ev.action == "stimulate":
        return [Command("stimulate")]
    if ev.action == "walkthrough":  # a script keeps playing after each stop unless it asks to pause
        return [Command(WALK[ev.value]), Command("pause", False)]
    if ev.action == "zoom":
        v = ev.value
        return [Command("look_at", (float(v["x_nm"]), float(v["y_nm"]), float(v["factor"])))]
    if ev.action == "caption":
        return [Command("caption", str(ev.value))]
    if ev.action == "speed":
        return [Command("set_speed", float(ev.value))]
    if ev.action == "wound":
        return [Command("wound", float(ev.value["x_nm"]))]
    if ev.action == "experiment":
        name, on = ev.value
        return [Command("experiment", (str(name), bool(on)))]
    return []


class ScriptPlayer:
    """Hands out each event's commands once, when playback time has reached its `at`."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.next = 0  # index of the first event not yet played
        self.hold_until = -1.0  # playback s until which a `pause` event holds the animation

    def due(self, t: float | Fraction) -> list[Command]:
        """Commands of the events with at <= t not yet played, in order."""
        out: list[Command] = []
        events = self.script.events
        while self.next < len(events) and events[self.next].at <= t:
            ev = events[self.next]
            self.next += 1
            if ev.action == "pause":
                self.hold_until = max(self.hold_until, ev.at + float(ev.value))
            out.extend(commands_for(ev))
        return out

    def held(self, t: float | Fraction) -> bool:
        return t < self.hold_until

    def next_time(self, t: float | Fraction) -> float | None:
        """The next moment after t when something happens: an event is due or a hold ends (None: nothing)."""
        times = [self.hold_until]
        if self.next < len(self.script.events):
            times.append(self.script.events[self.next].at)
        later = [x for x in times if x > t]
        return min(later) if later else None
