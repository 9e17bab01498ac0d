"""The widgets' theme (ui/widget_theme.py): fonts scaled with the text unit, tooltips included."""

import pygame
import pygame_gui
import pytest

from exoviz.ui.widget_theme import load_theme, tooltip_px

pytestmark = pytest.mark.usefixtures("pygame_display")


def tooltip(unit: float) -> pygame.Rect:
    manager = pygame_gui.UIManager((1920, 1080), load_theme("projector", unit))
    tip = manager.create_tool_tip("One stimulus: a rise of glucose outside the cell", (900, 900), (0, 10), None, None)
    return pygame.Rect(tip.rect)


def test_tooltips_grow_with_the_text_and_stay_in_the_window():
    """At ui-scale 2 (unit 3 at 1080p) a tooltip was 14 px text in a 170 px box beside 51 px buttons."""
    assert tooltip_px(14) == 14 and tooltip_px(51) == 41
    small, large = tooltip(1.0), tooltip(3.0)
    assert large.w >= 2.5 * small.w and large.h > small.h
    assert pygame.Rect(0, 0, 1920, 1080).contains(large)
