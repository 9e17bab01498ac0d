"""The hall layout: at a large --ui-scale the scene keeps most of the window (issue 22).

When the usual layout (a side column, a toolbar of two or more rows) would leave the scene under HALL_SHARE of the
window, the window is laid out for a hall instead: the scene runs the whole width; one toolbar row holds the buttons
that fit (in PRIORITY order), then "Controls" and the "•••" menu with everything; the caption and disclosure strips
span the width in the text size of --ui-scale 1 (already large: 36 px at 1080p in the projector theme) or a little
larger; the clock and the ledger's three numbers sit over the scene as cards. "Controls" opens the sliders, menus
and the panel as a drawer at the right (the scene makes room while it is open; Esc or the button closes it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton

from exoviz.commands import Command
from exoviz.i18n import N_, _
from exoviz.render.layout import BUTTON_H, COLUMN_W, Layout, base_unit
from exoviz.ui.escape import Openable, register
from exoviz.ui.menu_row import VIEW_BUTTON
from exoviz.ui.textfit import noto
from exoviz.ui.widget_theme import load_theme, widget_font_px

if TYPE_CHECKING:
    from exoviz.ui.host import Panel as Controls

Button = tuple[str, Command, str]

HALL_SHARE = 0.6  # the scene's least share of the window's area in the hall layout
DRAWER = (N_("Controls"), N_("Sliders, cell and language menus, and the whole panel (lit while open; Esc closes)"))
PRIORITY = ("mode", "compare", "toggle_pause", "walk_next", "slower", "faster", "reset", "toggle_layer", "toggle_help",
            "toggle_theme", "toggle_clean", "step", "toggle_record")  # the toolbar row keeps these first
CAPTION_UNITS = (1.25, 1.0)  # the strips' text unit, times the window's unit at --ui-scale 1, largest that keeps it


def ranked(buttons: tuple) -> list[tuple]:
    """The toolbar's buttons in the order the hall row keeps them."""
    return sorted(buttons, key=lambda b: PRIORITY.index(b[1].name) if b[1].name in PRIORITY else len(PRIORITY))


@lru_cache(maxsize=4)
def button_margin(theme_name: str) -> int:
    """Px a button's label needs beyond its text: the border on both sides and 2 px of padding each side (with
    only 2 px, "Full fusion" and "Kiss & run" were clipped by their borders at 1280x720 in the dark theme)."""
    border = int(load_theme(theme_name, 1.0)["defaults"]["misc"]["border_width"])
    return 2 * border + 4


def bar_font(theme_name: str, unit: float) -> pygame.font.Font:
    return noto(widget_font_px(theme_name, unit), True)


def bar_height(font: pygame.font.Font, unit: float) -> int:
    """The toolbar row's height: its text and padding, and at least the usual row's (a target to hit)."""
    gap = max(2, int(3 * unit))
    return max(font.get_linesize() + 8 + 2 * gap, int(BUTTON_H * unit))


def overflow_width(font: pygame.font.Font, buttons: tuple[Button, ...], unit: float) -> int:
    """Width (px) of the "•••" menu at the row's end: its longest entry (ui/overflow.py), its padding and arrow."""
    labels = [_(b[0]) for b in buttons] + [_(VIEW_BUTTON[0])]
    return max(font.size(t)[0] for t in labels) + 24 + bar_height(font, unit)


def row(buttons: tuple[Button, ...], font: pygame.font.Font, width: int, unit: float,
        margin: int) -> tuple[list[Button], list[int]]:
    """(the buttons shown, the width of each and, last, of the Controls button; [] if not even that fits): as
    many of the ranked buttons as fit one row, each as wide as its label (its toggled label too) needs, the room
    left shared equally; the "•••" cell after them, as wide as the longest label it holds (the buttons not shown)."""
    gap = max(2, int(3 * unit))
    toggled = {"toggle_pause": _("Play"), "toggle_record": _("Stop rec")}  # a toggled label must fit too
    order = ranked(buttons)
    need = [max(font.size(_(b[0]))[0], font.size(toggled.get(b[1].name, ""))[0]) + margin for b in order]
    for n in range(len(order), -1, -1):
        spare = width - gap - (overflow_width(font, tuple(order[n:]), unit) + gap)  # "•••" holds the rest
        widths = [*need[:n], font.size(_(DRAWER[0]))[0] + margin]
        left = spare - sum(widths) - gap * len(widths)
        if left >= 0:
            return order[:n], [w + left // len(widths) for w in widths]
    return [], []


def hall_layout(size: tuple[int, int], unit: float, theme_name: str, drawer: bool, buttons: tuple[Button, ...],
                caption_h: Callable[[int, float], int] | None, disclosure_h: int,
                column_fits: Callable[[int], bool] = lambda w: True) -> Layout | None:
    """The hall layout at a text unit, or None when even it leaves the scene under HALL_SHARE or the toolbar row
    cannot hold the Controls button (disclosure_h: the room the disclosure strip will take off the scene)."""
    w, h = size
    font = bar_font(theme_name, unit)
    bar_h = bar_height(font, unit)
    base = base_unit(size)
    for k in CAPTION_UNITS:
        text_unit = min(unit, base * k)
        cap = caption_h(w, text_unit) if caption_h else 0
        scene_h = h - bar_h - cap
        if (scene_h - disclosure_h) * w >= HALL_SHARE * w * h or k == CAPTION_UNITS[-1]:
            break
    fits = bool(row(buttons, font, w, unit, button_margin(theme_name))[1])
    if (scene_h - disclosure_h) * w < HALL_SHARE * w * h or not fits:
        return None
    column = None
    if drawer:  # open: the scene and the strips make room for it until it is closed
        col_w = min(max(int(0.3 * w), int(COLUMN_W * unit)), int(0.6 * w))
        while col_w < int(0.6 * w) and not column_fits(col_w):  # as wide as its widgets' labels need
            col_w += max(1, w // 50)
        column = pygame.Rect(w - col_w, 0, col_w, h - bar_h)
        cap = caption_h(w - col_w, text_unit) if caption_h else 0
        scene_h = h - bar_h - cap
    sw = column.x if column else w
    return Layout(pygame.Rect(0, 0, sw, scene_h), pygame.Rect(0, scene_h, sw, cap) if cap else None, column,
                  pygame.Rect(0, h - bar_h, w, bar_h), unit, 1, hall=True, text_unit=text_unit)


def build_bar(c: Controls, lay: Layout, buttons: tuple[Button, ...], tooltip: Callable[[Command, str], str],
              make: type[UIButton] = UIButton) -> None:
    """The hall's toolbar row: the ranked buttons that fit and the Controls button (the "•••" menu is built by
    Controls.rebuild_overflow at overflow_rect)."""
    win = c.window
    assert lay.toolbar is not None
    font = bar_font(win.session.theme, lay.unit)
    gap = max(2, int(3 * lay.unit))
    shown, widths = row(buttons, font, lay.toolbar.w, lay.unit, button_margin(win.session.theme))
    bar = lay.toolbar
    x = bar.x + gap
    for (label, cmd, tip), cell in zip(shown, widths):
        b = make(pygame.Rect(x, bar.y + gap, cell, bar.h - 2 * gap), _(label), c.manager,
                     tool_tip_text=tooltip(cmd, tip))
        c.commands[b] = cmd
        c.buttons[label] = b
        x += cell + gap
    b = make(pygame.Rect(x, bar.y + gap, widths[-1], bar.h - 2 * gap), _(DRAWER[0]), c.manager,
                 tool_tip_text=_(DRAWER[1]))
    c.commands[b] = Command("toggle_drawer")
    c.buttons["Controls"] = b
    mark_drawer(b, lay.column is not None)


def mark_drawer(button: UIButton | None, open_: bool) -> None:
    """The Controls button is lit while its drawer is open."""
    if button is not None:
        (button.select if open_ else button.unselect)()


def hidden(lay: Layout, theme_name: str, buttons: tuple[Button, ...]) -> tuple[Button, ...]:
    """The toolbar's buttons the hall's row does not show, in toolbar order: what its "•••" menu holds."""
    assert lay.toolbar is not None
    shown, _widths = row(buttons, bar_font(theme_name, lay.unit), lay.toolbar.w, lay.unit, button_margin(theme_name))
    return tuple(b for b in buttons if b not in shown)


def overflow_rect(lay: Layout, theme_name: str, buttons: tuple[Button, ...]) -> pygame.Rect:
    """Where the "•••" menu holding `buttons` sits: the end of the hall's toolbar row."""
    assert lay.toolbar is not None
    gap = max(2, int(3 * lay.unit))
    bar = lay.toolbar
    w = overflow_width(bar_font(theme_name, lay.unit), buttons, lay.unit)
    return pygame.Rect(bar.right - w - gap, bar.y + gap, w, bar.h - 2 * gap)


def ledger_lines(win) -> list[tuple[str, int, bool]]:
    """The card over the scene in the hall layout (the drawer closed): the ledger's three numbers."""
    from exoviz.render.simple_view import numbers

    px = win.renderer.font_px(13, win.screen.get_height())
    return [(line, px, True) for line in numbers(win.session.world)]


def _open_drawer(w) -> None:
    """(Tests iterating the Esc registry) a hall-sized text, then the drawer open."""
    if not w.layout.hall:
        w.ui_scale = w.renderer.ui_scale = 2.0
        w.sync()
    if not w.drawer:
        w.run_command(Command("toggle_drawer"))


register(Openable("controls drawer", lambda w: w.drawer and w.layout.hall, lambda w: w.run_command(
    Command("toggle_drawer")), _open_drawer))
