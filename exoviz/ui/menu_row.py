"""The row above the sliders: the cell menu, the Details button (Simple / Detailed view) and the language menu.
Their sizes are shared by Controls (which builds them) and ui/fit.py (which checks that they fit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton, UIDropDownMenu

from exoviz.commands import Command
from exoviz.i18n import LANGUAGES, N_, _
from exoviz.modes import CELLS
from exoviz.ui import experiment_menu
from exoviz.ui.textfit import fit_entry, noto

if TYPE_CHECKING:
    from exoviz.ui.host import Panel as Controls

MIN_MENU_W = 150  # px (at unit 1) the cell menu keeps beside Details and the language menu
VIEW_BUTTON = (N_("Details"), N_("Lit: the detailed panel (ledger, legend, notes). Off: the simple view, the "
                                 "caption, the clock and three numbers (V)"))
LANGUAGE_TIP = N_("Language of every text on screen, in captions and in recordings (--lang)")


def view_button_width(font: pygame.font.Font) -> int:
    """Width (px) of the Details button: its label and the button's padding."""
    return font.size(_(VIEW_BUTTON[0]))[0] + 16


def language_menu_width(unit: float, row_h: int) -> int:
    """Width (px) of the language menu: a code ("ES") and the drop-down arrow (its tooltip names the languages)."""
    return int(40 * unit) + row_h + 6


def language_choice(code: str) -> str:
    """How the language menu shows a language: its code in capitals."""
    return code.upper()


def view_on_menu_row(col_w: int, unit: float, lang_w: int, view_w: int, font: pygame.font.Font | None = None) -> bool:
    """Whether Details fits between the cell menu and the language menu (the cell menu keeping MIN_MENU_W px at
    unit 1 and, with the menu's font, a distinct entry for every preset); else it takes a row of its own above."""
    m = int(8 * unit)
    menu_w = col_w - 4 * m - lang_w - view_w
    if menu_w < MIN_MENU_W * unit:
        return False
    if font is None:
        return True
    shown = cell_entries(font, menu_w - menu_height(font, unit) - 8)
    return len(set(shown.values())) == len(shown)  # two presets cut to one "Pancreatic…" would read the same
    # (a stricter rule, no cut word at all, moved Details up in Spanish at 1920x1080 projector too, and the lower
    # widgets left the Simple panel no room for its three numbers: the ledger matters more than "Célula β…")


def menu_height(font: pygame.font.Font, unit: float) -> int:
    """Height (px) of the menus and Details: a row, taller when the font needs it (its text never clipped)."""
    row_h, m = int(26 * unit), int(8 * unit)
    return min(row_h + m - 1, max(row_h, font.get_linesize() + 4))


def cell_entries(font: pygame.font.Font, room: int) -> dict[str, str]:
    """How the cell menu shows each preset (by name) in `room` px of text: shortened to fit (textfit.fit_entry)."""
    return {k.name: fit_entry(_(k.label), font, room) for k in CELLS.values()}


def build_menu_row(c: Controls, col: pygame.Rect, y: int, row_h: int, m: int, px: int, own_row: bool) -> int:
    """Details (lit in the Detailed view; on a row of its own above when the column is narrow), the cell menu
    (not in the compare view) and the language menu, from y, and the experiment menu under them (not in the
    compare view); returns the y under them."""
    s = c.window.session
    font = noto(px, True)
    lang_w, view_w = language_menu_width(c.window.layout.unit, row_h), view_button_width(font)
    menu_h = menu_height(font, c.window.layout.unit)
    if own_row:
        view = pygame.Rect(col.right - m - view_w, y, view_w, menu_h)
        y += row_h + m
        view_w = -m  # the cell menu as wide as before Details
    else:
        view = pygame.Rect(col.right - 2 * m - lang_w - view_w, y, view_w, menu_h)
    b = UIButton(view, _(VIEW_BUTTON[0]), c.manager, tool_tip_text=_(VIEW_BUTTON[1]))
    c.commands[b] = Command("toggle_view")
    c.buttons["Details"] = b
    c.language_menu = UIDropDownMenu([(language_choice(code), code) for code in LANGUAGES],
                                     (language_choice(s.language), s.language),
                                     pygame.Rect(col.right - m - lang_w, y, lang_w, menu_h), c.manager)
    c.language_menu.set_tooltip(_(LANGUAGE_TIP) + ": " + ", ".join(
        f"{language_choice(code)} {name}" for code, name in LANGUAGES.items()))
    c._mode_widgets += [b, c.language_menu]
    c.cell_menu = c.experiment_menu = None
    if not s.compare:
        cell = s.params.cell_spec
        rect = pygame.Rect(col.x + m, y, col.w - 4 * m - lang_w - view_w, menu_h)
        room = rect.w - menu_h - 8  # the drop-down arrow's square and the text's padding
        shown = cell_entries(font, room)
        c.cell_menu = UIDropDownMenu([(shown[k.name], k.name) for k in CELLS.values()],
                                     (shown[cell.name], cell.name), rect, c.manager)
        c.cell_menu.set_tooltip(_(cell.label))
        c._mode_widgets.append(c.cell_menu)
        y += row_h + m
        c.experiment_menu = experiment_menu.build(c, pygame.Rect(col.x + m, y, col.w - 2 * m, menu_h), font)
        c._mode_widgets.append(c.experiment_menu)
    return y + row_h + m


def chosen(c: Controls, ev: pygame.event.Event) -> bool:
    """A pick in the cell, language or experiment menu becomes its command; True when the event was theirs."""
    pick = getattr(ev, "selected_option_id", None)
    if ev.ui_element is c.cell_menu:
        name = pick or next((k.name for k in CELLS.values() if k.label == ev.text), None)
        if name in CELLS:
            c.window.run_command(Command("cell", name))
    elif ev.ui_element is c.language_menu:
        code = pick or next((k for k in LANGUAGES if language_choice(k) == ev.text), None)
        if code in LANGUAGES:
            c.window.run_command(Command("language", code))
    elif ev.ui_element is c.experiment_menu:
        cmd = experiment_menu.chosen(c, pick or "")
        if cmd is not None:
            c.window.run_command(cmd)
    else:
        return False
    return True
