"""Commands as plain data: keys, widgets, scene scripts, recordings and tests all speak in these.

A Command is a name and an optional argument. SESSION commands change the Session (its only door is
Session.apply); WINDOW commands need the window itself (fullscreen, files of the screen, quitting) and are
handled by the Window, which passes everything else on to the Session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Handler = Callable[[Any], None]  # carries out one command; each handler declares the type of the argument it takes


@dataclass(frozen=True)
class Command:
    name: str
    arg: Any = None


# name -> what it does (the argument, if any, in brackets). The one table of what can be asked.
SESSION: dict[str, str] = {
    "toggle_pause": "play / pause",
    "pause": "pause [True] or play [False]",
    "step": "one fixed step forward while paused",
    "slower": "next slower playback speed",
    "faster": "next faster playback speed",
    "set_speed": "playback speed [one of params.SPEEDS]",
    "reset": "restart the scene with the same seed",
    "mode": "switch to a mode [mode name] (its default cell)",
    "cell": "switch to a cell preset [cell name] (and to the mode it runs in)",
    "compare": "the three mechanisms side by side, on or off",
    "compare_treatment": "control beside treatment, on or off [None: the experiments applied; or a name to add]",
    "investigate": "a guided investigation's scene: its cell, control beside treatment from t = 0 [name]",
    "stimulate": "one stimulus: a Ca²⁺ signal in a secretory cell, an action potential at the synapse",
    "walk_next": "walk-through: the followed body's next stage",
    "walk_prev": "walk-through: back to the previous stop",
    "walk_exit": "leave the walk-through",
    "toggle_layer": "one drawing layer on or off [Layers field name]",
    "set_layer": "set one drawing layer [(name, on)]",
    "toggle_scale": "scale bar and clock on or off",
    "toggle_theme": "dark / projector theme",
    "set_theme": "choose the theme [name]",
    "toggle_clean": "clean view (no widgets) on or off",
    "toggle_help": "help overlay on or off",
    "close_help": "close the help overlay",
    "zoom_in": "zoom in about the view centre",
    "zoom_out": "zoom out about the view centre",
    "zoom_reset": "whole scene; stop following",
    "zoom_at": "zoom by a factor keeping a screen point fixed [(factor, (x, y) px)]",
    "pan": "move the view by screen pixels [(dx, dy)]",
    "look_at": "centre on a point at a zoom [(x_nm, y_nm, zoom)]",
    "set_view": "the screen rectangle the scene is drawn in [(x, y, w, h) px]",
    "pick": "follow the body under a screen point, or stop following [(x, y) px]",
    "release": "stop following",
    "toggle_closeup": "event close-up (magnified inset, slow motion) on or off",
    "set_value": "change one tunable parameter [(name, value)]",
    "toggle_value": "turn an on/off parameter (balance, calcium) on or off [name]",
    "experiment": "apply or remove an experiment of the registry [(name, on)]; refused with a message where it "
                  "does not apply or clashes",
    "wound": "open a wound in the plasma membrane [x_nm] (cell scenes)",
    "wound_at": "open a wound where the membrane is under a screen point [(x, y) px]",
    "toggle_wound_tool": "the wound tool: the next click on the plasma membrane wounds it",
    "electrode_at": "place the amperometry electrode above a screen point [(x, y) px] (chromaffin cell)",
    "follow_event": "follow the granule of an amperometry event, or mark where it fused [(uid, x_nm)]",
    "toggle_electrode_tool": "the electrode tool: the next click on the cell places the carbon fibre",
    "caption": "show a caption instead of the stage caption [text]",
    "say": "a short message on screen for a few seconds [text]",
    "chart_keep": "keep this run's chart trace to compare the next run with; again: drop it",
    "tirf_region": "the TIRF view's region traced as ΔF/F0 [(x0, x1) µm along the membrane, or None]",
    "language": "the language of every text shown [code: en, es]; takes effect at once",
}
WINDOW: dict[str, str] = {
    "toggle_fullscreen": "fullscreen on or off",
    "screenshot": "save the window as a PNG",
    "toggle_record": "start or stop recording the window to MP4",
    "toggle_record_scene": "start or stop recording only the scene and its caption strip to MP4",
    "save_setup": "save the setup as a scene script (--save-script PATH, else a new file in --record-dir)",
    "investigations": "the guided investigations' start page open or closed",
    "escape": "close what was opened last (ui/escape.py); with nothing open, ask, then quit",
    "blank": "blank the screen to black, and back",
    "toggle_drawer": "the hall layout's Controls drawer (sliders, menus, the panel) open or closed",
    "toggle_view": "the Simple view (caption, clock, three numbers) or the Detailed panel; remembered",
    "ui_bigger": "larger text and widgets",
    "ui_smaller": "smaller text and widgets",
    "quit": "close the window",
}
ALL: dict[str, str] = {**SESSION, **WINDOW}
