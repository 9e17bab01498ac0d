"""Widgets that fit: the text size and toolbar rows at which every button and slider label fits its widget,
measured with the font pygame_gui draws them in. A window gets its text as asked (or one step smaller), in as
few toolbar rows as fit, the larger text first (a lecture hall reads the text, not the rows); else smaller
text; if even that does not fit, no widgets at all (the keys still work) rather than clipped ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache, partial

from exoviz.i18n import LANGUAGES, _
from exoviz.modes import SPECS
from exoviz.render.layout import Layout, base_unit, compute_layout
from exoviz.ui.file_buttons import FILE_BUTTONS
from exoviz.ui.hall import HALL_SHARE, button_margin, hall_layout
from exoviz.ui.menu_row import language_choice, language_menu_width, view_button_width, view_on_menu_row
from exoviz.ui.sliders import format_value
from exoviz.ui.textfit import noto
from exoviz.ui.toggles import toggle_widths
from exoviz.ui.toolbar import BUTTONS, stimulus_labels
from exoviz.ui.widget_theme import load_theme

MIN_FONT_PX = 10  # widget_theme.load_theme never goes below this
MAX_ROWS = 4
SHRINK = 0.9  # each try at a smaller text size


def button_labels() -> list[str]:
    """Every text a toolbar button can show (toggling buttons change their label), in the current language."""
    return [_(b[0]) for b in BUTTONS] + [_("Play"), _("Stop rec")]


def file_labels() -> list[str]:
    """Every text a button of the row under the sliders (scene recording, saving the setup) can show."""
    return [_(b[0]) for b in FILE_BUTTONS] + [_("Stop rec")]


def slider_labels() -> list[str]:
    """Every text a slider's label can show, in the current language."""
    return [f"{_(sl.label)}: {format_value(sl.param, v)}" for m in SPECS.values() for sl in m.sliders
            for v in (sl.lo, sl.hi)]


@lru_cache(maxsize=4)
def base_sizes(theme_name: str) -> tuple[int, int]:
    """The theme's button and label font sizes at unit 1 (px)."""
    theme = load_theme(theme_name, 1.0)
    return int(theme["defaults"]["font"]["size"]), int(theme["label"]["font"]["size"])


def _font_px(base: int, unit: float) -> int:
    return max(MIN_FONT_PX, int(round(base * unit)))


def fits(lay: Layout, theme_name: str) -> bool:
    """Whether every label fits its widget in this layout (the geometry Controls builds)."""
    button_px, label_px = base_sizes(theme_name)
    bold = noto(_font_px(button_px, lay.unit), True)
    plain = noto(_font_px(label_px, lay.unit), False)
    assert lay.toolbar is not None and lay.column is not None
    gap = max(2, int(3 * lay.unit))
    in_bar = lay.files_in_bar
    per_row = -(-(len(BUTTONS) + (len(FILE_BUTTONS) if in_bar else 0)) // lay.toolbar_rows)
    bw = (lay.toolbar.w - gap) // per_row - gap
    bh = (lay.toolbar.h - gap) // lay.toolbar_rows - gap
    labels = button_labels() + (file_labels() if in_bar else [])
    if max(bold.size(t)[0] for t in labels) + button_margin(theme_name) > bw or bold.get_linesize() + 2 > bh:
        return False
    row_h, m = int(26 * lay.unit), int(8 * lay.unit)
    if max(plain.size(t)[0] for t in slider_labels()) > lay.column.w - 2 * m or plain.get_linesize() > row_h:
        return False
    if max(bold.size(t)[0] for t in stimulus_labels()) + 2 > lay.column.w - 2 * m or bold.get_linesize() + 2 > row_h:
        return False
    if toggle_widths(bold, lay.column.w - 2 * m, m) is None:  # the on/off buttons and the wound tool, one row
        return False
    if not in_bar and max(bold.size(t)[0] for t in file_labels()) + 2 > (lay.column.w - 3 * m) // 2:  # two a row
        return False
    lang_w = language_menu_width(lay.unit, row_h)  # the language menu beside the cell menu
    if max(plain.size(language_choice(code))[0] for code in LANGUAGES) + row_h > lang_w:
        return False
    menus = 2 if view_on_menu_row(lay.column.w, lay.unit, lang_w, view_button_width(bold), bold) else 3  # + experiments
    return lay.column.bottom - widget_block_height(row_h, m, menus, not in_bar) >= lay.column.y


def widget_block_height(row_h: int, m: int, menus: int = 1, files: bool = False) -> int:
    """Height (px) of the tallest block of widgets under the panel in any mode (as Controls builds it): the menu
    row, two rows per slider, the stimulus button, (full fusion) the electrode tool's row when it cannot sit beside
    the stimulus button, the on/off row, (files) the row of FILE_BUTTONS, and their margins."""
    return max(menus * (row_h + m) + 2 * len(sp.sliders) * row_h + (row_h + m if sp.stimulus else 0) + m
               + (row_h + m if sp.name == "full-fusion" else 0)
               + (row_h + m if sp.cells else 0) + (row_h + m if files else 0) for sp in SPECS.values())


def units(want: float, theme_name: str) -> list[float]:
    """Text units to try, largest first: as asked, then smaller, down to where every font is at its minimum
    (smaller still would only shrink the widgets around text that no longer shrinks)."""
    base = max(base_sizes(theme_name))
    smallest = (MIN_FONT_PX + 0.49) / base
    out = [max(want, smallest)]
    while out[-1] * SHRINK > smallest:
        out.append(out[-1] * SHRINK)
    return out if out[-1] == smallest else [*out, smallest]


def fit_layout(size: tuple[int, int], ui_scale: float, clean: bool, theme_name: str,
               caption_h: Callable[[int, float], int] | None = None, drawer: bool = False,
               disclosure_h: Callable[[Layout], int] = lambda lay: 0) -> Layout:
    """The layout for the window: as asked if it fits; else more rows, then smaller text; else no widgets.
    caption_h(width, unit): the caption strip's height, when captions are shown (see compute_layout). Text larger
    than --ui-scale 1 that would leave the scene under HALL_SHARE of the window gets the hall layout (ui/hall.py;
    drawer: its Controls drawer open); disclosure_h(layout): the room the disclosure strip takes off the scene."""
    usual = _usual(size, ui_scale, clean, theme_name, caption_h)
    if clean or ui_scale <= 1.0 or _share(usual, size, disclosure_h(usual)) >= HALL_SHARE:
        return usual
    want = base_unit(size) * ui_scale
    for unit in [u for u in units(want, theme_name) if u >= want * SHRINK ** 3]:  # as asked, or a little smaller
        probe = hall_layout(size, unit, theme_name, False, BUTTONS, caption_h, 0)
        if probe is None:
            continue
        lay = hall_layout(size, unit, theme_name, drawer, BUTTONS, caption_h, disclosure_h(probe),
                          partial(drawer_fits, unit=unit, theme_name=theme_name))
        if lay is not None:
            return lay
    return usual


def drawer_fits(col_w: int, unit: float, theme_name: str) -> bool:
    """Whether the labels of the hall's drawer (ui/hall.py) fit a column col_w px wide (as fits() checks)."""
    button_px, label_px = base_sizes(theme_name)
    bold, plain = noto(_font_px(button_px, unit), True), noto(_font_px(label_px, unit), False)
    m, extra = int(8 * unit), button_margin(theme_name)
    inner = col_w - 2 * m
    return (max(plain.size(t)[0] for t in slider_labels()) <= inner
            and max(bold.size(t)[0] for t in stimulus_labels()) + extra <= inner
            and toggle_widths(bold, inner, m) is not None
            and max(bold.size(t)[0] for t in file_labels()) + extra <= (col_w - 3 * m) // 2)


def _share(lay: Layout, size: tuple[int, int], disclosure: int) -> float:
    return lay.scene.w * (lay.scene.h - disclosure) / (size[0] * size[1])


def _usual(size: tuple[int, int], ui_scale: float, clean: bool, theme_name: str,
           caption_h: Callable[[int, float], int] | None) -> Layout:
    if clean:
        return compute_layout(size, ui_scale, clean, len(BUTTONS), caption_h)
    tries = units(base_unit(size) * ui_scale, theme_name)
    near = [u for u in tries if u >= tries[0] * SHRINK - 1e-9]  # text as asked, or one step smaller ...
    order = [(u, r) for u in near for r in range(1, MAX_ROWS + 1)]  # ... the larger text first, in few rows
    order += [(u, r) for u in tries[len(near):] for r in range(1, MAX_ROWS + 1)]  # then smaller text
    for unit, rows in order:
        lay = compute_layout(size, ui_scale, False, len(BUTTONS), caption_h, unit=unit, rows=rows)
        for in_bar in ((True, False) if rows >= 2 else (False,)):  # the file buttons in the toolbar if they fit
            if not lay.cramped and fits(replace(lay, files_in_bar=in_bar), theme_name):
                return replace(lay, files_in_bar=in_bar)
    w, h = size
    lay = compute_layout(size, ui_scale, True, len(BUTTONS), caption_h)
    return Layout(lay.scene, lay.caption, None, None, lay.unit, cramped=True)
