"""Splits the window into the scene, the caption strip under it, the information column and the toolbar.

One unit scales everything (fonts, margins, buttons): the window height over 720 px times the UI scale. When
the asked-for scale cannot fit the window (a small window, huge text), the unit is lowered until it does, so
nothing is ever clipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

BUTTON_W = 100  # narrowest button at unit 1 (fits "Captions" at the toolbar's font)
BUTTON_H = 44  # toolbar row height at unit 1
COLUMN_W = 300  # narrowest side column at unit 1
MIN_SCENE_H = 0.3  # the scene keeps at least this share of the window height


@dataclass(frozen=True)
class Layout:
    scene: pygame.Rect  # where the cell is drawn
    caption: pygame.Rect | None  # the caption strip under the scene (None when captions are off)
    column: pygame.Rect | None  # readouts, legend, notes, sliders (None in clean view)
    toolbar: pygame.Rect | None  # buttons along the bottom (None in clean view)
    unit: float  # scale of text, margins and widgets (1.0 at 720 px tall, UI scale 1)
    toolbar_rows: int = 1
    cramped: bool = False  # the window is too small for any widgets at a readable size: none are shown
    files_in_bar: bool = False  # the file buttons (ui/file_buttons.py) end the toolbar, not the column's last row
    hall: bool = False  # the hall layout (ui/hall.py): one toolbar row, the column a drawer over the scene
    text_unit: float | None = None  # the caption and disclosure strips' text unit (None: unit)

    @property
    def strip_unit(self) -> float:
        """The text unit of the caption and disclosure strips."""
        return self.text_unit or self.unit


def base_unit(size: tuple[int, int]) -> float:
    """The text and margin unit of a window at --ui-scale 1 (1.0 at 720 px tall)."""
    return max(size[1], 480) / 720


def compute_layout(size: tuple[int, int], ui_scale: float = 1.0, clean: bool = False, buttons: int = 16,
                   caption_h: Callable[[int, float], int] | None = None, *, unit: float | None = None,
                   rows: int | None = None) -> Layout:
    """The regions for a window of `size`. caption_h(width, unit) gives the caption strip's height (None: no
    strip). unit and rows override the text unit and toolbar rows (exoviz.ui.fit picks ones at which the
    widgets' labels fit); the unit is still lowered when the regions themselves do not fit."""
    w, h = size
    unit = base_unit(size) * ui_scale if unit is None else unit
    for _ in range(40):  # lower the unit until everything fits
        lay = _try(w, h, unit, clean, buttons, caption_h, rows)
        if lay is not None:
            return lay
        unit *= 0.9
    return Layout(pygame.Rect(0, 0, w, h), None, None, None, unit, cramped=True)


def _try(w: int, h: int, unit: float, clean: bool, buttons: int,
         caption_h: Callable[[int, float], int] | None, rows: int | None) -> Layout | None:
    if clean:
        cap = caption_h(w, unit) if caption_h else 0
        if h - cap < MIN_SCENE_H * h:
            return None
        caption = pygame.Rect(0, h - cap, w, cap) if cap else None
        return Layout(pygame.Rect(0, 0, w, h - cap), caption, None, None, unit)
    rows = rows or -(-buttons // max(1, int(w // (BUTTON_W * unit))))
    bar_h = int(round(BUTTON_H * unit)) * rows
    col_w = min(max(int(0.27 * w), int(COLUMN_W * unit)), w // 2)
    scene_w = w - col_w
    cap = caption_h(scene_w, unit) if caption_h else 0
    scene_h = h - bar_h - cap
    if scene_h < MIN_SCENE_H * h or bar_h > (0.3 if rows <= 2 else 0.4) * h:
        return None
    toolbar = pygame.Rect(0, h - bar_h, w, bar_h)
    column = pygame.Rect(scene_w, 0, col_w, h - bar_h)
    caption = pygame.Rect(0, scene_h, scene_w, cap) if cap else None
    return Layout(pygame.Rect(0, 0, scene_w, scene_h), caption, column, toolbar, unit, rows)


def fill_around(screen: pygame.Surface, colour: tuple, hole: pygame.Rect | None) -> None:
    """Fill the screen but the hole (the scene, which the renderer covers with its background: at 4K a second
    full-screen fill cost ~5 ms a frame)."""
    if hole is None or not hole.w or not hole.h:
        screen.fill(colour)
        return
    w, h = screen.get_size()
    for r in ((0, 0, w, hole.y), (0, hole.bottom, w, h - hole.bottom), (0, hole.y, hole.x, hole.h),
              (hole.right, hole.y, w - hole.right, hole.h)):
        screen.fill(colour, r)
