"""The toolbar's buttons as data: (label, command, tooltip) in toolbar order, the mode buttons first; each button's
tooltip in the current language; the labels the stimulus button can show. ui/controls.py builds the widgets from
them, ui/fit.py measures them; no widget is made here."""

from __future__ import annotations

from exoviz.commands import Command
from exoviz.i18n import N_, _
from exoviz.modes import CELLS, SPECS
from exoviz.ui.column import BOTH_TRIGGER, COMPARE_TRIGGER

# (label, command, tooltip) in toolbar order; the key is named in the tooltip. Mode buttons come first.
MODE_BUTTONS: tuple[tuple[str, Command, str], ...] = tuple(
    (m.label, Command("mode", m.name), m.help) for m in SPECS.values())
BUTTONS: tuple[tuple[str, Command, str], ...] = (
    *MODE_BUTTONS,
    (N_("Compare"), Command("compare"), N_("The three mechanisms side by side (key 4)")),
    (N_("Investigate"), Command("investigations"), N_("Guided investigations: a question, a prediction, two "
                                                     "runs (N)")),
    (N_("Pause"), Command("toggle_pause"), N_("Play / pause (Space)")),
    (N_("Step"), Command("step"), N_("One step forward while paused (→)")),
    (N_("Slower"), Command("slower"), N_("Slower (-)")),
    (N_("Faster"), Command("faster"), N_("Faster (+)")),
    (N_("Reset"), Command("reset"), N_("Restart with the same seed (R)")),
    (N_("Walk ›"), Command("walk_next"), N_("Presenter walk-through: next stage (Page Down)")),
    (N_("Labels"), Command("toggle_layer", "labels"), N_("Labels on/off (L)")),
    (N_("Captions"), Command("toggle_layer", "captions"), N_("Captions on/off (C)")),
    (N_("Theme"), Command("toggle_theme"), N_("Dark / projector theme (T)")),
    (N_("Clean"), Command("toggle_clean"), N_("Clean view for recording (Tab)")),
    (N_("Help"), Command("toggle_help"), N_("Every key (H)")),
    (N_("Record"), Command("toggle_record"), N_("Record the window to MP4 (Ctrl+R)")),
)


def tooltip(cmd: Command, tip: str) -> str:
    """A toolbar button's tooltip in the current language (a mode button's names its key)."""
    if cmd.name == "mode":
        m = SPECS[str(cmd.arg)]
        what = _(m.help)
        return _("{what} (key {key})").format(what=what[:1].upper() + what[1:], key=m.key)
    return _(tip)


def stimulus_labels() -> list[str]:
    """Every label the stimulus button under the sliders can show (each cell names its own stimulus), in the
    current language."""
    return [_(COMPARE_TRIGGER), _(BOTH_TRIGGER)] + [f"{_(c.stimulus)} (S)" for c in CELLS.values() if c.trigger]
