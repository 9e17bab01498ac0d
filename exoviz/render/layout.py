"""Splits the window into the scene view, the information column and the toolbar, for any size."""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Layout:
    scene: pygame.Rect  # where the cell is drawn
    column: pygame.Rect | None  # readouts, legend, notes, sliders (None in clean view)
    toolbar: pygame.Rect | None  # buttons along the bottom (None in clean view)
    unit: float  # 1.0 at 720 px tall, times the UI scale: multiplies margins and fonts
    toolbar_rows: int = 1
    cramped: bool = False  # the window is too small for any widgets at a readable size: none are shown


def base_unit(size: tuple[int, int]) -> float:
    """The text and margin unit of a window at --ui-scale 1 (1.0 at 720 px tall)."""
    return max(size[1], 480) / 720


def compute_layout(size: tuple[int, int], ui_scale: float = 1.0, clean: bool = False, *,
                   unit: float | None = None, rows: int | None = None) -> Layout:
    """Scene on the left, a column on the right (~27 % of the width), a toolbar at the bottom.

    unit and rows override the text unit and toolbar rows (exoviz.ui.fit picks ones at which the widgets fit).
    """
    w, h = size
    unit = base_unit(size) * ui_scale if unit is None else unit
    if clean:
        return Layout(pygame.Rect(0, 0, w, h), None, None, unit)
    if rows is None:
        rows = 1 if w >= 1100 * unit else 2  # narrow windows get two rows of buttons
    bar_h = min(int(round(44 * unit)) * rows, h // 4 if rows <= 2 else h // 3)
    col_w = min(max(int(0.27 * w), int(300 * unit / base_unit(size))), w // 2)
    toolbar = pygame.Rect(0, h - bar_h, w, bar_h)
    column = pygame.Rect(w - col_w, 0, col_w, h - bar_h)
    scene = pygame.Rect(0, 0, w - col_w, h - bar_h)
    return Layout(scene, column, toolbar, unit, rows)
