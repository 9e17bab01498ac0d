"""The Window's own commands (ui/window.py): one explicit table of handlers, complete, and a clear error for a
command nobody owns."""

import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import SESSION, WINDOW, Command
from exoviz.session import Session
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")


def window() -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", "800x600", "--seed", "1"])
    return Window(Session(opts), pygame.Surface((800, 600)), opts, windowed=False)


def test_every_window_command_has_a_handler_of_this_window():
    win = window()
    assert set(win.handlers) == set(WINDOW)
    assert not set(win.handlers) & set(SESSION)  # a name is the window's or the session's, never both
    for name, handler in win.handlers.items():
        assert getattr(handler, "__self__", None) is win, name  # a bound method of this window


def test_an_unknown_command_is_a_clear_error_and_changes_nothing():
    win = window()
    with pytest.raises(KeyError, match="no_such_command"):
        win.run_command(Command("no_such_command"))
    assert win.running


def test_a_window_command_runs_its_handler_and_a_session_one_goes_to_the_session():
    win = window()
    win.run_command(Command("blank"))
    assert win.blank
    win.run_command(Command("toggle_pause"))
    assert win.session.paused
