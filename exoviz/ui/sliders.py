"""Sliders that answer: a click on the track moves the handle there, and a slider that restarts the scene (the
pool size) says so first and restarts only once the mouse is let go (Esc keeps the scene as it was).

pygame_gui's UIHorizontalSlider moves only by dragging its handle (or arrow buttons, which the theme hides);
SliderPlay adds the track click, and holds back a restarting value until the button is up and its notice has
been on screen for NOTICE_S.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIHorizontalSlider

from exoviz.commands import Command
from exoviz.i18n import N_, _
from exoviz.params import RANGES

if TYPE_CHECKING:
    from exoviz.ui.host import WidgetHost as Window

RESTARTS = frozenset({"vesicles"})  # parameters whose change rebuilds the scene (Session._set_value)
NOTICE_S = 1.0  # a restart waits at least this long after its notice appears (and for the button to be up)
RESTART_NOTICE = N_("{what}: the scene restarts with this value when you let go (Esc keeps the scene)")
RESTARTED = N_("Scene restarted: {what}")
KEPT = N_("Scene kept: the pool is unchanged")


def format_value(name: str, value: float) -> str:
    """A slider's value as its label shows it (with its unit)."""
    r = RANGES[name]
    if r.integer:
        return f"{int(value)}"
    unit = f" {r.unit}" if r.unit else ""
    if r.unit == "µm²/s":  # small rates: three decimals (the dendritic cell's 0.015)
        return f"{value:.3f}{unit}"
    return f"{value:.2f}{unit}" if r.hi <= 1 else f"{value:.1f}{unit}"


def track_value(slider: UIHorizontalSlider, x: int) -> float:
    """The value whose handle centre sits at screen x on the slider's track (clamped to its range)."""
    handle = slider.sliding_button
    assert handle is not None  # made with the slider
    left = handle.rect.left - slider.scroll_position  # the handle's left edge at the lowest value
    f = (x - left - handle.rect.w / 2) / max(1.0, float(slider.scrollable_width))
    lo, hi = slider.value_range
    return lo + min(max(f, 0.0), 1.0) * (hi - lo)


class SliderPlay:
    """The mouse on the sliders: track clicks, and restarts held back until the mouse is let go."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self.held = False  # the left mouse button is down
        self.pending: tuple[str, float, str] | None = None  # (param, value, its text) a restart waits for
        self.shown_s = 0.0  # how long the pending restart's notice has been on screen
        self.before: float | None = None  # the slider's value before the pending change (Esc puts it back)

    def press(self, ev: pygame.event.Event, sliders: dict) -> bool:
        """A mouse event: note the button; a left press on a track (not the handle) jumps there. True if used."""
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            self.held = False
        if ev.type != pygame.MOUSEBUTTONDOWN or ev.button != 1:
            return False
        self.held = True
        for w in sliders:
            if w.rect.collidepoint(ev.pos) and not w.sliding_button.rect.collidepoint(ev.pos):
                w.set_current_value(track_value(w, ev.pos[0]), warn=False)
                self.moved(w, float(w.get_current_value()), sliders)
                return True
        return False

    def moved(self, w: UIHorizontalSlider, value: float, sliders: dict) -> None:
        """A slider has a new value: its label follows; a live parameter changes now, a restarting one waits."""
        name, lab, label = sliders[w]
        what = f"{_(label)}: {format_value(name, value)}"
        lab.set_text(what)
        if name not in RESTARTS:
            self.window.run_command(Command("set_value", (name, value)))
            return
        if self.pending is None:
            self.before, self.shown_s = self._current(name), 0.0
        self.pending = (name, value, what)
        self.window.session.apply(Command("say", (_(RESTART_NOTICE).format(what=what), 30.0)))

    def _current(self, name: str) -> float:
        s = self.window.session
        value = getattr(s.params, name)
        return float(s.world.pool if value is None else value)

    def update(self, dt: float) -> None:
        """Restart once the button is up and the notice has been seen; an unchanged value restarts nothing."""
        if self.pending is None:
            return
        self.shown_s += dt
        if self.held or self.shown_s < NOTICE_S:
            return
        name, value, what = self.pending
        self.pending = None
        if self.before is not None and abs(value - self.before) < 1e-9:
            self.window.session.apply(Command("say", (_(KEPT), 3.0)))
            return
        self.window.run_command(Command("set_value", (name, value)))
        self.window.session.apply(Command("say", (_(RESTARTED).format(what=what), 3.0)))

    def cancel(self, relabel: Callable[[str, float], None]) -> None:
        """Esc while a restart waits: keep the scene, the slider back where it was."""
        if self.pending is not None and self.before is not None:
            relabel(self.pending[0], self.before)
        self.pending = None
        self.window.session.apply(Command("say", (_(KEPT), 3.0)))
