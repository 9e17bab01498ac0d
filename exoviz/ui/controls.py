"""On-screen widgets (pygame_gui): toolbar buttons and per-mode sliders; they only issue App commands."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIHorizontalSlider, UILabel

from exoviz.params import RANGES

if TYPE_CHECKING:
    from exoviz.app import App

ASSETS = Path(__file__).resolve().parents[2] / "assets"

# (label, command, tooltip) in toolbar order; the key is named in the tooltip.
BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("Full fusion", "mode_full_fusion", "Full-fusion secretion (key 1)"),
    ("Kiss & run", "mode_kiss_and_run", "Kiss-and-run at a synapse (key 2)"),
    ("Exosome", "mode_exosome", "Multivesicular body and exosome release (key 3)"),
    ("Compare", "compare", "The three mechanisms side by side (key 4)"),
    ("Pause", "toggle_pause", "Play / pause (Space)"),
    ("Step", "step", "One step forward while paused (→)"),
    ("Slower", "slower", "Slower (-)"),
    ("Faster", "faster", "Faster (+)"),
    ("Reset", "reset", "Restart with the same seed (R)"),
    ("Walk ›", "walk_next", "Presenter walk-through: next stage (Page Down)"),
    ("Labels", "toggle_labels", "Labels on/off (L)"),
    ("Captions", "toggle_captions", "Captions on/off (C)"),
    ("Theme", "toggle_theme", "Dark / projector theme (T)"),
    ("Clean", "toggle_clean", "Clean view for recording (Tab)"),
    ("Help", "toggle_help", "Every key (H)"),
    ("Record", "toggle_record", "Record the window to MP4 (Ctrl+R)"),
)
MODE_BUTTONS = {"full-fusion": "mode_full_fusion", "kiss-and-run": "mode_kiss_and_run", "exosome": "mode_exosome"}

# Sliders per mode: (parameter, label, slider minimum, slider maximum). Ranges lie within params.RANGES.
SLIDERS: dict[str, tuple[tuple[str, str, float, float], ...]] = {
    "full-fusion": (("vesicles", "Vesicles", 5, 2000), ("budding_rate", "Budding rate", 0.0, 20.0)),
    "kiss-and-run": (("vesicles", "Vesicles", 20, 1000), ("firing_rate", "Firing rate", 0.0, 50.0),
                     ("full_fusion_fraction", "Full-fusion share", 0.0, 1.0)),
    "exosome": (("vesicles", "Endosomes / MVBs", 1, 40), ("lysosome_fraction", "To lysosomes", 0.0, 1.0)),
}


def load_theme(name: str, unit: float) -> dict:
    """The theme JSON from assets/, with every font size scaled for the window and --ui-scale."""
    data = json.loads((ASSETS / f"ui_theme_{name}.json").read_text())
    out = copy.deepcopy(data)
    for block in out.values():
        font = block.get("font")
        if font and "size" in font:
            font["size"] = str(max(10, int(round(int(font["size"]) * unit))))
    return out


def format_value(name: str, value: float) -> str:
    r = RANGES[name]
    if r.integer:
        return f"{int(value)}"
    unit = f" {r.unit}" if r.unit else ""
    return f"{value:.2f}{unit}" if r.hi <= 1 else f"{value:.1f}{unit}"


class Controls:
    """Builds the widgets for the current layout, mode and theme; rebuilds them when any changes."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.manager: pygame_gui.UIManager | None = None
        self.commands: dict[UIButton, str] = {}
        self.sliders: dict[UIHorizontalSlider, tuple[str, UILabel, str]] = {}
        self.buttons: dict[str, UIButton] = {}
        self.top = 0  # y where the slider area starts in the column
        self._key: tuple = ()
        self.rebuild()

    def rebuild(self) -> None:
        app = self.app
        lay = app.layout
        size = app.screen.get_size()
        self.manager = pygame_gui.UIManager(size, load_theme(app.theme.name, lay.unit))
        self.commands.clear()
        self.sliders.clear()
        self.buttons.clear()
        self._key = self._state_key()
        self.top = lay.column.bottom if lay.column is not None else size[1]
        if lay.toolbar is None:
            return
        bar = lay.toolbar
        rows = lay.toolbar_rows
        per_row = -(-len(BUTTONS) // rows)
        gap = max(2, int(3 * lay.unit))
        bw = (bar.w - gap) // per_row
        bh = (bar.h - gap) // rows
        for k, (label, cmd, tip) in enumerate(BUTTONS):
            r, c = divmod(k, per_row)
            rect = pygame.Rect(bar.x + gap + c * bw, bar.y + gap + r * bh, bw - gap, bh - gap)
            b = UIButton(rect, label, self.manager, tool_tip_text=tip)
            self.commands[b] = cmd
            self.buttons[cmd] = b
        col = lay.column
        specs = () if app.compare else SLIDERS[app.params.mode]
        row_h = int(26 * lay.unit)
        m = int(8 * lay.unit)
        extra = 1 if app.params.mode == "kiss-and-run" and not app.compare else 0
        height = len(specs) * 2 * row_h + extra * (row_h + m) + m
        y = col.bottom - height
        self.top = y - m
        for name, label, lo, hi in specs:
            value = getattr(app.params, name)
            if value is None:
                value = app.world.pool
            value = min(max(float(value), lo), hi)
            text = f"{label}: {format_value(name, value)}"
            lab = UILabel(pygame.Rect(col.x + m, y, col.w - 2 * m, row_h), text, self.manager)
            step = 1 if RANGES[name].integer else (hi - lo) / 100
            s = UIHorizontalSlider(pygame.Rect(col.x + m, y + row_h, col.w - 2 * m, row_h - 4), value,
                                   (lo, hi), self.manager, click_increment=step)
            self.sliders[s] = (name, lab, label)
            y += 2 * row_h
        if extra:
            b = UIButton(pygame.Rect(col.x + m, y + m // 2, col.w - 2 * m, row_h), "Stimulate (S)", self.manager,
                         tool_tip_text="Fire one action potential")
            self.commands[b] = "stimulate"
            self.buttons["stimulate"] = b
        self.refresh()

    def _state_key(self) -> tuple:
        """What the widget set depends on; a change means rebuild."""
        app = self.app
        return (app.screen.get_size(), app.theme.name, app.params.mode, app.clean, app.compare, app.layout.unit)

    def refresh(self) -> None:
        """Show which mode is active and the pause state; rebuild if the layout, mode or theme changed."""
        app = self.app
        if self._state_key() != self._key:
            self.rebuild()
            return
        for mode, cmd in MODE_BUTTONS.items():
            b = self.buttons.get(cmd)
            if b is not None:
                (b.select if mode == app.params.mode and not app.compare else b.unselect)()
        cmp = self.buttons.get("compare")
        if cmp is not None:
            (cmp.select if app.compare else cmp.unselect)()
        pause = self.buttons.get("toggle_pause")
        if pause is not None:
            want = "Play" if app.paused else "Pause"
            if pause.text != want:
                pause.set_text(want)
        rec = self.buttons.get("toggle_record")
        if rec is not None:
            want = "Stop rec" if app.recording else "Record"
            if rec.text != want:
                rec.set_text(want)

    def process(self, ev: pygame.event.Event) -> bool:
        """Give the event to the widgets first; True when a widget used it (the scene must not)."""
        assert self.manager is not None
        consumed = self.manager.process_events(ev)
        if ev.type == pygame_gui.UI_BUTTON_PRESSED and ev.ui_element in self.commands:
            self.app.run_command(self.commands[ev.ui_element])
            consumed = True
        elif ev.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and ev.ui_element in self.sliders:
            name, lab, label = self.sliders[ev.ui_element]
            value = float(ev.value)
            self.app.set_value(name, value)
            lab.set_text(f"{label}: {format_value(name, value)}")
            consumed = True
        if ev.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL, pygame.MOUSEMOTION):
            pos = ev.pos if hasattr(ev, "pos") else pygame.mouse.get_pos()
            if not self.app.layout.scene.collidepoint(pos):
                consumed = True  # clicks outside the scene never reach it
        return bool(consumed)

    def update(self, dt: float) -> None:
        self.refresh()
        assert self.manager is not None
        self.manager.update(dt)

    def draw(self, screen: pygame.Surface) -> None:
        assert self.manager is not None
        self.manager.draw_ui(screen)
