"""The side panel's text (render/panel.py): each piece (clock, ledger, compact ledger, experiment lines) is made
once a frame for all five shrink levels, and every level is exactly what building it on its own gives. Counted and
compared, never timed."""

import pytest

from exoviz.cli import parse
from exoviz.render import panel
from exoviz.session import Session
from exoviz.ui.window import offscreen_window
from exoviz.viewstate import HudState, Layers

pytestmark = pytest.mark.usefixtures("pygame_display")


@pytest.fixture(scope="module")
def window():
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", "1280x720",
                  "--experiment", "syt1-knockout"])
    w = offscreen_window(Session(opts), opts)
    w.session.world.run(30)
    return w


def test_each_piece_of_the_panel_text_is_made_once_for_all_levels(window, monkeypatch):
    made: dict[str, int] = {}
    for name in ("readout_lines", "compact_ledger", "clock_lines"):
        real = getattr(panel, name)

        def counted(*a, _real=real, _name=name, **k):
            made[_name] = made.get(_name, 0) + 1
            return _real(*a, **k)

        monkeypatch.setattr(panel, name, counted)
    w = window
    texts = panel._texts(w.renderer, w.session.world, w.session.camera, Layers(), HudState())
    assert len(texts) == panel.LEVELS
    assert made == {"readout_lines": 1, "compact_ledger": 1, "clock_lines": 1}  # (five of each per level before)


@pytest.mark.parametrize("layers", [Layers(), Layers(clock=False), Layers(readout=False)])
def test_every_level_is_the_text_that_level_shows_on_its_own(window, layers):
    w, state = window, HudState(extra_lines=["one more line"])
    texts = panel._texts(w.renderer, w.session.world, w.session.camera, layers, state)
    for level in range(panel.LEVELS):
        alone = panel._blocks(w.renderer, w.session.world, w.session.camera, layers, state, level, panel.ROLES)
        assert [[(panel.tr(s) if s else s, size, bold) for s, size, bold in b] for b in alone] == \
            [list(b) for b in texts[level]]
    if layers.readout:
        assert len(texts[0][-1]) > len(texts[2][-1]) > len(texts[3][-1])  # full ledger, compact, without the cell
    if layers.clock:
        assert len(texts[4][0]) == 2 <= len(texts[0][0])  # the last level gives up the clock's "shortened" lines
