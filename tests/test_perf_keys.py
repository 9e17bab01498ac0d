"""No key stalls a frame: a new look (theme, text size, language) is built over several frames, a bounded amount
of work in each; counted, never timed."""

import pygame
import pygame_gui
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session
from exoviz.ui import column, experiment_menu, file_buttons, menu_row, toggles
from exoviz.ui import controls as controls_module
from exoviz.ui.restyle import MAX_COLUMN_WIDGETS_PER_STEP, MAX_WIDGETS_PER_STEP
from exoviz.ui.window import offscreen_window

pytestmark = pytest.mark.usefixtures("pygame_display")


class Work:
    """Widget managers and widgets made in each frame."""

    def __init__(self, monkeypatch) -> None:
        self.frames: list[list[str]] = [[]]
        real_manager = pygame_gui.UIManager

        def manager(*a, **k):
            self.frames[-1].append("manager")
            return real_manager(*a, **k)

        monkeypatch.setattr(pygame_gui, "UIManager", manager)
        for module in (controls_module, column, toggles, menu_row, experiment_menu, file_buttons):  # where the
            # toolbar and the column make widgets
            for name in ("UIButton", "UILabel", "UIHorizontalSlider", "UIDropDownMenu"):
                real = getattr(module, name, None)
                if real is not None:
                    monkeypatch.setattr(module, name, self._counting(real))

    def _counting(self, cls):
        work = self

        class Counting(cls):
            def __init__(self, *a, **k):
                work.frames[-1].append("widget")
                super().__init__(*a, **k)

        return Counting

    def frame(self, win) -> None:
        win.frame(1 / 60)
        self.frames.append([])


def window(*extra: str):
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", "1280x720", *extra])
    win = offscreen_window(Session(opts), opts)
    for _ in range(3):
        win.frame(1 / 60)
    return win


@pytest.mark.parametrize("command", ["toggle_theme", "ui_bigger", "language"])
def test_a_new_look_is_built_over_frames_with_bounded_work_in_each(monkeypatch, command):
    win = window("--theme", "dark")
    old_pause = win.controls.buttons["Pause"]
    work = Work(monkeypatch)
    win.run_command(Command(command, "es") if command == "language" else Command(command))
    for _ in range(16):
        work.frame(win)
        if win.controls.buttons["Pause"] is not old_pause:
            break
    else:
        raise AssertionError("the new widgets never came")
    busy = [f for f in work.frames if f]
    assert len(busy) >= 2  # spread: never the whole set in one frame
    for f in work.frames:
        assert f.count("manager") <= 1 and f.count("widget") <= MAX_WIDGETS_PER_STEP
        assert not ("manager" in f and "widget" in f)  # a manager and widgets never in one frame
    if command == "toggle_theme":
        assert busy[0] == ["manager"] and len(busy) >= 4  # the manager, the toolbar, the column's blocks
    toolbar = next(k for k, f in enumerate(busy) if "widget" in f)
    column_frames = busy[toolbar + 1:]
    assert len(column_frames) >= (3 if win.layout.column is not None else 0)  # its blocks one a frame (the menus,
    # each slider, ...; at Ctrl++ 1280 x 720 is the hall layout, whose drawer is closed: no column)
    assert all(f.count("widget") <= MAX_COLUMN_WIDGETS_PER_STEP for f in column_frames)
    assert old_pause.alive() is (command != "language")  # a new language replaced them in the same manager
    c = win.controls
    assert c.manager is win.controls._managers.get(c._mkey) or command == "language"
    shown = [w for w in c.manager.get_sprite_group().sprites() if getattr(w, "visible", 1)]
    assert c.buttons["Pause"] in shown and all(b.visible for b in c.buttons.values())
    if command == "language":
        assert c.buttons["Pause"].text == "Pausa"
        win.session.apply(Command("language", "en"))


def test_the_live_widgets_stay_while_the_new_look_is_built():
    win = window("--theme", "dark")
    before = dict(win.controls.buttons)
    win.run_command(Command("toggle_theme"))
    win.frame(1 / 60)
    assert win.theme.name == "projector"  # the scene has the new look at once ...
    assert win.controls.buttons == before and all(b.alive() for b in before.values())  # ... the widgets next
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=before["Pause"]))
    win.frame(1 / 60)  # and they still work meanwhile
    assert win.session.paused


def test_switching_back_before_the_new_look_is_finished_leaves_no_hidden_widgets():
    win = window()
    n = len(win.controls.manager.get_sprite_group().sprites())
    win.session.apply(Command("language", "es"))
    win.frame(1 / 60)
    win.frame(1 / 60)  # the toolbar in Spanish is built, hidden
    win.session.apply(Command("language", "en"))
    for _ in range(3):
        win.frame(1 / 60)
    assert len(win.controls.manager.get_sprite_group().sprites()) == n
    assert win.controls.buttons["Pause"].text in ("Pause", "Play")


def test_a_key_that_builds_new_worlds_draws_them_a_frame_later_and_their_widgets_a_frame_after(monkeypatch):
    win = window()
    win.split_heavy, win.controls.mode_delay = True, 2  # as in a real window
    drawn: list[str] = []
    real_draw = win.draw
    monkeypatch.setattr(win, "draw", lambda: (drawn.append(win.session.params.mode), real_draw())[1])
    work = Work(monkeypatch)
    win.run_command(Command("mode", "exosome"))  # the key's frame: the new world is set up ...
    work.frame(win)
    assert drawn == [] and work.frames[0] == []  # ... and nothing drawn or built beside it
    work.frame(win)
    assert drawn == ["exosome"] and work.frames[1] == []  # the next frame draws it (cold), no widgets
    work.frame(win)
    assert drawn == ["exosome"] * 2 and work.frames[2].count("widget") > 0  # then the mode's column
    win.run_command(Command("toggle_layer", "labels"))  # a light key draws in its own frame
    work.frame(win)
    assert len(drawn) == 3


def test_a_new_theme_in_a_window_relays_then_draws_then_builds_its_widgets_a_frame_each(monkeypatch):
    win = window("--theme", "dark")
    win.split_heavy, win.controls.mode_delay = True, 2  # as in a real window
    drawn: list[str] = []
    real_draw = win.draw
    monkeypatch.setattr(win, "draw", lambda: (drawn.append(win.session.theme), real_draw())[1])
    work = Work(monkeypatch)
    win.run_command(Command("toggle_theme"))
    work.frame(win)  # the key's frame: relaid in the new theme, the last picture shown
    assert drawn == [] and win.theme.name == "projector" and work.frames[0] == []
    work.frame(win)  # the first drawing in the new theme (cold), nothing built beside it
    assert drawn == ["projector"] and work.frames[1] == []
    for _ in range(12):
        work.frame(win)
    assert work.frames[2] == ["manager"] and all(f.count("widget") <= MAX_WIDGETS_PER_STEP for f in work.frames)
