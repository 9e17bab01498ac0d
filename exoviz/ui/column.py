"""The column's widgets under the panel, in blocks: the menu rows, the mode's sliders, the stimulus button, the on/off
row and the file row. When the blocks do not fit the column (the hall's Controls drawer at ui-scale 2), they go on
pages, and a "More (k/n)" button at the column's foot turns them; nothing is built outside the column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton, UIHorizontalSlider, UILabel

from exoviz.commands import Command
from exoviz.i18n import N_, _
from exoviz.modes import Slider, spec
from exoviz.params import RANGES
from exoviz.render.layout import Layout
from exoviz.ui.file_buttons import build_file_row
from exoviz.ui.menu_row import build_menu_row, language_menu_width, view_button_width, view_on_menu_row
from exoviz.ui.sliders import format_value
from exoviz.ui.textfit import noto
from exoviz.ui.toggles import ELECTRODE_BUTTON, build_electrode, build_toggles, pair_widths
from exoviz.ui.widget_theme import widget_font_px

if TYPE_CHECKING:
    from exoviz.ui.host import Panel as Controls

COMPARE_TRIGGER = N_("Trigger all three (S)")  # the stimulus button of the compare view (control beside treatment:
BOTH_TRIGGER = N_("Stimulate both (S)")  # this one)
MORE = N_("More ({k}/{n})")  # the drawer's page button: the next page of its widgets
MORE_TIP = N_("The drawer's other controls (they do not fit one page at this text size)")

Block = tuple[int, Callable[[int], object]]  # (height px, build it from y)


def paginate(heights: list[int], room: int) -> list[list[int]]:
    """The blocks (by index, in order) on each page of `room` px: as many as fit on each, at least one a page."""
    pages: list[list[int]] = [[]]
    used = 0
    for i, h in enumerate(heights):
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0
        pages[-1].append(i)
        used += h
    return pages


def blocks(c: Controls, lay: Layout) -> list[Block]:
    """The column's blocks in order, each with its height (row_h = 26, margin 8, times the layout's unit)."""
    s = c.window.session
    col = lay.column
    assert col is not None
    cell = s.params.cell_spec
    specs = () if s.compare else tuple(sl for sl in spec(s.params.mode).sliders
                                       if sl.param != "stimulus_rate" or cell.secretion == "regulated")
    row_h, m = int(26 * lay.unit), int(8 * lay.unit)
    px = widget_font_px(s.theme, lay.unit)
    lang_w, view_w = language_menu_width(lay.unit, row_h), view_button_width(noto(px, True))
    cells = None if s.compare else noto(px, True)  # the cell menu's entries (none in the compare view)
    own_row = not view_on_menu_row(col.w, lay.unit, lang_w, view_w, cells)  # a narrow column: Details above
    menus = (2 if own_row else 1) + (not s.compare)  # the cell menu, Details, the language menu; experiments
    inner = (col.x + m, col.w - 2 * m)
    out: list[Block] = [(menus * (row_h + m), lambda y: build_menu_row(c, col, y, row_h, m, px, own_row))]
    out += [(2 * row_h, partial(_slider, c, sl, pygame.Rect(inner[0], 0, inner[1], row_h))) for sl in specs]
    out += _actions(c, inner, row_h, m, noto(px, True))
    if not s.compare and spec(s.params.mode).cells:
        out.append((row_h + m, lambda y: build_toggles(c, pygame.Rect(inner[0], y + m // 2, inner[1], row_h), m)))
    if not (lay.files_in_bar or s.compare):  # the row of file buttons here
        out.append((row_h + m, lambda y: build_file_row(c, pygame.Rect(inner[0], y + m // 2, inner[1], row_h), m)))
    return out


def build_column(c: Controls, lay: Layout) -> None:
    """Every block at once (see column_steps)."""
    for _block in column_steps(c, lay):
        pass


def column_steps(c: Controls, lay: Layout) -> Iterator[None]:
    """The blocks, at the column's foot with the panel above them (c.top) when they fit; else the current page of
    them from the column's top, and the page button at its foot (the panel then has no room: the hall shows the
    ledger over the scene). Yields after each block: a new look builds one block a frame (ui/restyle.py)."""
    col = lay.column
    assert col is not None
    row_h, m = int(26 * lay.unit), int(8 * lay.unit)
    parts = blocks(c, lay)
    heights = [h for h, _build in parts]
    if sum(heights) + m <= col.h:
        y = col.bottom - sum(heights) - m
        c.top, c.pages = y - m, 1
        for h, build in parts:
            build(y)
            y += h
            yield
        return
    pages = paginate(heights, col.h - 2 * m - (row_h + m))
    c.pages = len(pages)
    c.page = min(c.page, len(pages) - 1)
    c.top, y = col.y, col.y + m
    for i in pages[c.page]:
        parts[i][1](y)
        y += heights[i]
        yield
    b = UIButton(pygame.Rect(col.x + m, col.bottom - row_h - m, col.w - 2 * m, row_h),
                 _(MORE).format(k=c.page + 1, n=len(pages)), c.manager, tool_tip_text=_(MORE_TIP))
    c.page_button = b
    c._mode_widgets.append(b)


def turn_page(c: Controls) -> None:
    """The page button: the drawer's next page of widgets (after the last, the first)."""
    c.page = (c.page + 1) % max(1, c.pages)


def _actions(c: Controls, inner: tuple[int, int], row_h: int, m: int, font: pygame.font.Font) -> list[Block]:
    """The stimulus button and (a cell with oxidizable cargo: chromaffin) the electrode tool's: side by side when both
    fit, else a row each."""
    s = c.window.session
    cell = s.params.cell_spec
    stim = s.compare or (spec(s.params.mode).stimulus and bool(cell.trigger))
    electrode = not s.compare and cell.oxidizable
    x, w = inner
    if stim and electrode:
        pair = pair_widths(font, (f"{_(cell.stimulus)} (S)", _(ELECTRODE_BUTTON[0])), w, m)
        if pair is not None:
            def both(y: int, a: int = pair[0], b: int = pair[1]) -> None:
                _stimulus(c, pygame.Rect(x, y + m // 2, a, row_h))
                build_electrode(c, pygame.Rect(x + a + m, y + m // 2, b, row_h))
            return [(row_h + m, both)]
    out: list[Block] = []
    if stim:
        out.append((row_h + m, lambda y: _stimulus(c, pygame.Rect(x, y + m // 2, w, row_h))))
    if electrode:
        out.append((row_h + m, lambda y: build_electrode(c, pygame.Rect(x, y + m // 2, w, row_h))))
    return out


def _slider(c: Controls, sl: Slider, row: pygame.Rect, y: int) -> None:
    """A slider's label on one row (`row` moved to y) and the slider on the next."""
    s = c.window.session
    row = row.move(0, y - row.y)
    value = getattr(s.params, sl.param)
    if value is None:  # the default: the pool the world uses, the cell's own endocytosis rate
        value = s.params.endocytosis_um2_s if sl.param == "endocytosis_rate" else s.world.pool
    value = min(max(float(value), sl.lo), sl.hi)
    lab = UILabel(row, f"{_(sl.label)}: {format_value(sl.param, value)}", c.manager)
    step = 1 if RANGES[sl.param].integer else (sl.hi - sl.lo) / 100
    w = UIHorizontalSlider(pygame.Rect(row.x, row.bottom, row.w, row.h - 4), value, (sl.lo, sl.hi), c.manager,
                           click_increment=step)
    c.sliders[w] = (sl.param, lab, sl.label)
    c._mode_widgets += [lab, w]


def _stimulus(c: Controls, rect: pygame.Rect) -> None:
    """The stimulus button: the cell's own stimulus, or every panel's at once in the compare view."""
    s = c.window.session
    cell = s.params.cell_spec
    both = BOTH_TRIGGER if s.treating else COMPARE_TRIGGER
    label, shown, tip = ((both, _(both), _("A stimulus in every panel at once"))
                         if s.compare else (f"{cell.stimulus} (S)", f"{_(cell.stimulus)} (S)",
                                            _("One stimulus: {trigger}").format(trigger=_(cell.trigger))))
    b = UIButton(rect, shown, c.manager, tool_tip_text=tip)
    c.commands[b] = Command("stimulate")
    c.buttons[label] = b
    c._mode_widgets.append(b)
