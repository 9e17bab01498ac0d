"""The overflow menu ("⋯"): when the window is too small for the toolbar and sliders, the toolbar's commands
(and Details) stay one click away in a drop-down at the bottom right of the scene (it opens upwards) instead
of disappearing; in the hall layout it ends the toolbar row and holds the buttons the row has no room for."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIDropDownMenu

from exoviz.commands import Command
from exoviz.i18n import _
from exoviz.ui.menu_row import VIEW_BUTTON
from exoviz.ui.textfit import noto
from exoviz.ui.widget_theme import widget_font_px

if TYPE_CHECKING:
    from exoviz.ui.host import Panel as Controls

MARK = "•••"  # the overflow mark ("⋯" is not in the widgets' font)


def entries(buttons: tuple) -> list[tuple[str, Command]]:
    """(label in the current language, command) of everything the overflow menu holds: the toolbar's buttons
    (toolbar.BUTTONS) in their order, and Details."""
    return [(_(label), cmd) for label, cmd, _tip in buttons] + [(_(VIEW_BUTTON[0]), Command("toggle_view"))]


def build(c: Controls, buttons: tuple, at: pygame.Rect | None = None) -> UIDropDownMenu:
    """The overflow menu at the scene's bottom right (or `at`: the end of the hall's toolbar row), as wide as its
    longest entry, opening upwards."""
    win = c.window
    px = widget_font_px(win.session.theme, win.layout.unit)
    font = noto(px, True)
    h = font.get_linesize() + 8
    w = max(font.size(label)[0] for label, _cmd in entries(buttons)) + 24 + h  # the entries and the arrow's square
    scene = win.layout.scene
    w = min(w, scene.w - 8)
    options: list[str | tuple[str, str]] = [(MARK, "")]
    options += [(label, str(i)) for i, (label, _cmd) in enumerate(entries(buttons))]
    rect = at or pygame.Rect(scene.right - w - 4, scene.bottom - h - 4, w, h)
    return UIDropDownMenu(options, (MARK, ""), rect, c.manager, object_id="#overflow",
                          expansion_height_limit=max(h, rect.y - 12))


def chosen(c: Controls, option_id: str, buttons: tuple) -> Command | None:
    """The command of the entry picked (None for the "⋯" heading); the menu is folded back to "⋯"."""
    c.rebuild_overflow()
    if not option_id.isdigit():
        return None
    listed = entries(buttons)
    return listed[int(option_id)][1] if int(option_id) < len(listed) else None
