"""The on/off row under the sliders: Balance, Ca²⁺ outside and the wound tool side by side, each as wide as its
widest label needs (ui/fit.py checks they fit; Controls.refresh keeps their labels true)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton

from exoviz.commands import Command
from exoviz.i18n import N_, _
from exoviz.ui.textfit import noto
from exoviz.ui.widget_theme import widget_font_px

if TYPE_CHECKING:
    from exoviz.ui.host import Panel as Controls

# The on/off settings of the cell scenes and the wound tool, side by side under the sliders (the toolbar keeps one
# row in a 1280 x 720 window): (param, label when on, when off, tooltip)
TOGGLES: tuple[tuple[str, str, str, str], ...] = (
    ("balance", N_("Balance on"), N_("Balance off"), N_("On: endocytosis and recycling follow exocytosis, the area "
                                                        "holds. Off: a fixed endocytosis rate; watch the area drift")),
    ("calcium", N_("Ca²⁺ on"), N_("Ca²⁺ off"), N_("Ca²⁺ in the extracellular fluid (on: normal medium; off: a "
                                                  "Ca²⁺-free medium, in which a wound cannot reseal)")),
)
WOUND_BUTTON = (N_("Wound (W)"), N_("Wound tool: then click on the plasma membrane (W; Esc cancels)"))
# The amperometry electrode tool, beside the stimulus button in the chromaffin cell (on a row of its own when the two
# do not fit side by side)
ELECTRODE_BUTTON = (N_("Electrode (A)"), N_("Amperometry electrode tool: then click on the cell where the carbon "
                                            "fibre goes (A; Esc cancels)"))


def pair_widths(font: pygame.font.Font, labels: tuple[str, str], width: int, gap: int) -> tuple[int, int] | None:
    """Widths (px) of two buttons side by side in `width`, each as wide as its label needs and the room left shared
    equally; None if they do not fit."""
    a, b = (font.size(t)[0] + 10 for t in labels)  # hall.button_margin
    spare = width - gap - a - b
    return None if spare < 0 else (a + spare // 2, b + spare - spare // 2)


def build_electrode(c: Controls, rect: pygame.Rect) -> None:
    """The electrode tool's button (selected while the tool is armed: the next click places the carbon fibre)."""
    b = UIButton(rect, _(ELECTRODE_BUTTON[0]), c.manager, tool_tip_text=_(ELECTRODE_BUTTON[1]))
    c.commands[b] = Command("toggle_electrode_tool")
    c.buttons["Electrode"] = b
    c._mode_widgets.append(b)


def toggle_widths(font: pygame.font.Font, width: int, gap: int) -> list[int] | None:
    """Widths (px) of the on/off buttons and the wound tool side by side in `width`: each as wide as its widest
    label (in the current language) needs, the room left shared equally; None if they do not fit."""
    need = [max(font.size(_(on))[0], font.size(_(off))[0]) + 10 for _p, on, off, _t in TOGGLES]  # hall.button_margin
    need.append(font.size(_(WOUND_BUTTON[0]))[0] + 10)
    spare = width - (len(need) - 1) * gap - sum(need)
    if spare < 0:
        return None
    return [w + spare // len(need) for w in need]


def build_toggles(c: Controls, row: pygame.Rect, gap: int) -> None:
    """Balance, Ca²⁺ outside and the wound tool, side by side in `row`; their labels and selection say the state."""
    s = c.window.session
    n = len(TOGGLES) + 1
    px = widget_font_px(s.theme, c.window.layout.unit)
    widths = toggle_widths(noto(px, True), row.w, gap) or [(row.w - (n - 1) * gap) // n] * n
    xs = [row.x + sum(widths[:k]) + k * gap for k in range(n)]
    cells = [pygame.Rect(x, row.y, w, row.h) for x, w in zip(xs, widths)]
    for rect, (param, on, off, tip) in zip(cells, TOGGLES):
        b = UIButton(rect, _(on if getattr(s.params, param) else off), c.manager, tool_tip_text=_(tip))
        c.commands[b] = Command("toggle_value", param)
        c.buttons[param] = b
        c._mode_widgets.append(b)
    b = UIButton(cells[-1], _(WOUND_BUTTON[0]), c.manager, tool_tip_text=_(WOUND_BUTTON[1]))
    c.commands[b] = Command("toggle_wound_tool")
    c.buttons["Wound"] = b
    c._mode_widgets.append(b)
