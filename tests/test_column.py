"""The column's widgets (ui/column.py): inside the window and their column at every hall text size, on pages with a
"More" button when they do not fit one (the hall's Controls drawer at ui-scale 2)."""

import pygame
import pygame_gui
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session
from exoviz.ui.column import paginate
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")


def window(size: tuple[int, int], scale: float, mode: str, *more: str) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--ui-scale", str(scale),
                  "--seed", "1", "--theme", "projector", "--mode", mode, *more])
    win = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
    if win.layout.hall:
        win.run_command(Command("toggle_drawer"))
    for _ in range(3):
        win.frame(1 / 60)
    return win


def placed(win: Window) -> list[tuple[object, pygame.Rect]]:
    """Every top-level widget of the live manager and its rect."""
    assert win.controls.manager is not None
    return [(e, pygame.Rect(e.rect)) for e in win.controls.manager.get_root_container().elements if e.visible]


def check_inside(win: Window) -> None:
    lay, screen = win.layout, win.screen.get_rect()
    assert lay.column is not None and lay.toolbar is not None
    for element, rect in placed(win):
        assert screen.contains(rect), (element, rect, screen)
        assert lay.column.contains(rect) or lay.toolbar.contains(rect), (element, rect, lay.column, lay.toolbar)


def test_paginate_keeps_the_order_and_fills_each_page():
    assert paginate([3, 3, 3], 10) == [[0, 1, 2]]
    assert paginate([4, 4, 4, 4], 10) == [[0, 1], [2, 3]]
    assert paginate([12, 2], 10) == [[0], [1]]  # a block taller than a page still gets one


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_every_widget_lies_inside_the_window_and_its_column(size, scale, lang):
    for mode, cell in (("full-fusion", "chromaffin"), ("full-fusion", "fibroblast"), ("exosome", "")):
        # the regulated cell's four sliders and stimulus beside the electrode; a constitutive cell's electrode row
        # without a stimulus; the exosome's on/off row
        win = window(size, scale, mode, "--lang", lang, *(("--cell", cell) if cell else ()))
        seen: set[str] = set()
        for _page in range(win.controls.pages):
            check_inside(win)
            seen |= {name for name, _lab, _l in win.controls.sliders.values()} | set(win.controls.buttons)
            if win.controls.page_button is not None:
                win.controls.process(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED,
                                                        ui_element=win.controls.page_button))
        assert {"Details", "Wound", "balance"} <= seen  # every page was shown: nothing is out of reach
        assert "Save setup" in seen or win.layout.files_in_bar
        assert ("Electrode" in seen) == (cell == "chromaffin")  # amperometry only where the cargo oxidizes
        assert ("Acetylcholine (S)" in seen) == (cell == "chromaffin")
        win.session.apply(Command("language", "en"))


def test_the_electrode_button_arms_the_tool_and_shows_it_armed():
    win = window((1920, 1080), 1.0, "full-fusion", "--cell", "chromaffin")
    c = win.controls
    button = c.buttons["Electrode"]
    assert button.text == "Electrode (A)" and not win.session.electrode_tool
    assert c.process(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=button))
    win.frame(1 / 60)
    assert win.session.electrode_tool and win.session.click_tool() == "electrode_at"
    assert c.buttons["Electrode"].is_selected
    c.process(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=c.buttons["Electrode"]))
    win.frame(1 / 60)
    assert not win.session.electrode_tool and not c.buttons["Electrode"].is_selected


def test_the_drawer_at_ui_scale_2_turns_its_pages_with_the_more_button():
    win = window((1920, 1080), 2.0, "full-fusion")
    c = win.controls
    assert c.pages >= 2 and c.page_button is not None and c.page == 0
    first = {name for name, _lab, _l in c.sliders.values()}
    press = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=c.page_button)
    assert c.process(press)
    assert c.page == 1 and c.page_button is not None and c.page_button.alive()
    assert {name for name, _lab, _l in c.sliders.values()} != first or "balance" in c.buttons
    check_inside(win)
    for _ in range(c.pages - 1):
        c.process(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=c.page_button))
    assert c.page == 0  # after the last page, the first
