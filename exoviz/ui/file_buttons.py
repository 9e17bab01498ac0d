"""The buttons for scene-only recording and saving the setup, and where they go: into the toolbar's empty slots
when it has two (its rows and button widths unchanged), else in a row at the bottom of the side column (so a
1280 x 720 window keeps one toolbar row and the scene its height)."""

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


def files_in_toolbar(rows: int, n_buttons: int) -> bool:
    """Whether FILE_BUTTONS go at the end of a toolbar of `rows` rows holding n_buttons: only into its empty
    slots, so the toolbar keeps its rows and button widths (else they go in the side column)."""
    return rows * -(-n_buttons // rows) - n_buttons >= len(FILE_BUTTONS)


def toolbar_buttons(buttons: tuple[Button, ...], rows: int) -> tuple[Button, ...]:
    """The toolbar's buttons (controls.BUTTONS, then these when they go there), for a toolbar of `rows` rows."""
    return buttons + (FILE_BUTTONS if files_in_toolbar(rows, len(buttons)) else ())


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
