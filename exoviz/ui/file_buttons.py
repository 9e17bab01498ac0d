"""The buttons for scene-only recording and saving the setup, and where they go: at the end of the toolbar when it
has two rows or more anyway, else in a row at the bottom of the side column (so a 1280 x 720 window keeps one
toolbar row and the scene its height, and a 1920 x 1080 projector panel keeps its ledger)."""

from __future__ import annotations

from exoviz.commands import Command
from exoviz.i18n import N_

FILE_BUTTONS: tuple[tuple[str, Command, str], ...] = (
    (N_("Rec scene"), Command("toggle_record_scene"),
     N_("Record only the scene and its caption strip to MP4, without toolbar and panel (Ctrl+Shift+R)")),
    (N_("Save setup"), Command("save_setup"), N_("Save this setup as a scene script to replay with --script (Ctrl+S)")),
)


def files_in_toolbar(rows: int) -> bool:
    """Whether FILE_BUTTONS go at the end of a toolbar of `rows` rows (else in the side column)."""
    return rows >= 2
