"""The buttons for scene-only recording and saving the setup, and where they go: at the end of the toolbar when it
has two rows or more and every label still fits in those rows (ui/fit.py decides: Layout.files_in_bar), else in
a row at the bottom of the side column (so a 1280 x 720 window keeps one toolbar row and the scene its height)."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton

from exoviz.commands import Command
from exoviz.i18n import N_, _

Button = tuple[str, Command, str]

FILE_BUTTONS: tuple[Button, ...] = (
    (N_("Rec scene"), Command("toggle_record_scene"),
     N_("Record only the scene and its caption strip to MP4, without toolbar and panel (Ctrl+Shift+R)")),
    (N_("Save setup"), Command("save_setup"), N_("Save this setup as a scene script to replay with --script (Ctrl+S)")),
)


def toolbar_buttons(buttons: tuple[Button, ...], in_bar: bool) -> tuple[Button, ...]:
    """The toolbar's buttons: toolbar.BUTTONS, then these when the layout put them there (Layout.files_in_bar:
    ui/fit.py does when the toolbar has two rows or more and every label still fits)."""
    return buttons + (FILE_BUTTONS if in_bar else ())


def build_file_row(controls, row: pygame.Rect, gap: int) -> None:
    """The last row of the column (when they are not in the toolbar, and not in the compare view, whose column
    holds its explanation): recording the scene only, saving the setup (the keys work everywhere)."""
    half = (row.w - gap) // 2
    for k, (label, cmd, tip) in enumerate(FILE_BUTTONS):
        b = UIButton(pygame.Rect(row.x + k * (half + gap), row.y, half, row.h), _(label), controls.manager,
                     tool_tip_text=_(tip))
        controls.commands[b] = cmd
        controls.buttons[label] = b
        controls._mode_widgets.append(b)


def label_file_buttons(controls, win) -> None:
    """The recording button that stops the running recording says so (Record, or Rec scene)."""
    scene = win.rec.scene_only
    controls._label("Record", "Stop rec" if win.recording and not scene else "Record")
    controls._label("Rec scene", "Stop rec" if win.recording and scene else "Rec scene")
