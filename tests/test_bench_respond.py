"""The responsiveness bench presses every key of the key table and every toolbar and drawer control, in each mode."""

import pygame
import pytest

from exoviz.bench.respond import presses
from exoviz.cli import parse
from exoviz.modes import CELLS, SPECS
from exoviz.session import Session
from exoviz.ui.controls import BUTTONS
from exoviz.ui.file_buttons import FILE_BUTTONS
from exoviz.ui.keys import BINDINGS, lookup

pytestmark = pytest.mark.usefixtures("pygame_display")

COLUMN = {"cell", "language", "experiment", "set_value", "toggle_value", "toggle_wound_tool", "toggle_electrode_tool",
          "stimulate", "toggle_view", "toggle_drawer"}  # the drawer's menus, slider and buttons (ui/column.py)


class Host:
    def __init__(self, session: Session) -> None:
        self.session = session


@pytest.mark.parametrize("mode", list(SPECS))
def test_every_key_and_control_is_pressed_in_every_mode(mode):
    ps = presses(mode)
    keyed = set()
    for p in (p for p in ps if p.command is None):
        mods = (pygame.KMOD_CTRL if p.ctrl else 0) | (pygame.KMOD_SHIFT if p.shift else 0)
        b = lookup(pygame.key.key_code(p.key), mods)
        assert b is not None, p.name
        keyed.add(b.command)
    assert {b.label for b in BINDINGS if b.command not in keyed} == {"Ctrl+Q"}  # quitting ends the run
    session = Session(parse(["--headless", "--duration", "1", "--mode", mode, "--seed", "1"]))
    controls = {cmd.name for p in ps if p.command is not None for cmd in [p.command(Host(session))] if cmd}
    buttons = {cmd.name for _label, cmd, _tip in BUTTONS + FILE_BUTTONS}
    assert buttons <= {c.name for c in keyed} | controls and COLUMN <= {c.name for c in keyed} | controls
    cells = [p.name for p in ps if p.name.startswith("cell ")]
    assert cells == [f"cell {name}" for name, c in CELLS.items() if c.mode == mode]  # each preset of the mode
    assert [p.name for p in ps].count("theme (T)") == 1 and ps[-1].key == "escape"


def test_keys_picks_the_presses_named_in_order_and_none_picks_all():
    from exoviz.bench.respond import only

    ps = presses("exosome")
    assert [p.name for p in only(ps, ("LANGUAGE", "Ctrl++"))] == ["language es", "language en", "bigger text (Ctrl++)"]
    assert only(ps, ()) == ps and only(ps, ("",)) == ps and only(ps, ("no such key",)) == ()
