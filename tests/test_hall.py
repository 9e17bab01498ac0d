"""The hall layout (ui/hall.py): large text that keeps the scene, text a hall can read, buttons that never clip."""

import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.render.panel import SHRINKS
from exoviz.render.panel import _fonts as panel_fonts
from exoviz.render.text import TextCache
from exoviz.session import Session
from exoviz.ui.hall import HALL_SHARE, button_margin
from exoviz.ui.textfit import noto
from exoviz.ui.widget_theme import widget_font_px
from exoviz.ui.window import Window
from tests.test_layout import check

pytestmark = pytest.mark.usefixtures("pygame_display")


def window(size, scale, *args, frames: int = 1) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--ui-scale", str(scale),
                  "--seed", "1", *args])
    win = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
    win.session.world.run(30)
    for _ in range(frames):
        win.frame(1 / 60)
    return win


def share(win: Window) -> float:
    w, h = win.screen.get_size()
    return win.layout.scene.w * win.layout.scene.h / (w * h)


def cap_height(win: Window, px: int) -> int:
    """The height of a capital H at px in the text font (what a viewer reads the size by)."""
    return win.renderer.text.render("H", px, (255, 255, 255)).get_bounding_rect().h


def drawn_sizes(monkeypatch, win: Window) -> list[int]:
    """The px of every text drawn in the next frame (the text cache forgotten first, so everything is drawn)."""
    sizes: list[int] = []
    real = TextCache.render

    def render(self, text, size, color, *more, **kw):
        sizes.append(size)
        return real(self, text, size, color, *more, **kw)

    win.renderer.text.release()
    monkeypatch.setattr(TextCache, "render", render)
    win.frame(1 / 60)
    monkeypatch.setattr(TextCache, "render", real)
    return sizes


@pytest.mark.parametrize("scale", [1.5, 2.0])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_scene_keeps_most_of_a_1080p_window_at_hall_text_sizes(scale, lang):
    win = window((1920, 1080), scale, "--theme", "projector", "--lang", lang)
    assert win.layout.hall
    assert share(win) >= HALL_SHARE
    assert win.layout.column is None and win.layout.toolbar.h < 0.15 * 1080  # one row
    check(win)
    assert "ledger" in win.plan.rects  # the three numbers over the scene


def test_the_usual_layout_stays_at_ui_scale_1_and_the_hall_one_above():
    assert not window((1920, 1080), 1.0, "--theme", "projector").layout.hall
    assert not window((1280, 720), 1.0).layout.hall
    assert share(window((1280, 720), 1.5)) >= HALL_SHARE


def test_the_controls_drawer_opens_with_the_sliders_and_closes_with_esc():
    win = window((1920, 1080), 1.5, "--theme", "projector")
    assert not win.controls.sliders and win.controls.overflow is not None
    assert "Controls" in win.controls.buttons
    win.run_command(Command("toggle_drawer"))
    for _ in range(3):
        win.frame(1 / 60)
    assert win.layout.column is not None and win.controls.sliders
    assert not win.layout.column.colliderect(win.layout.scene)  # the scene makes room while it is open
    check(win)
    win.run_command(Command("escape"))
    for _ in range(3):
        win.frame(1 / 60)
    assert win.layout.column is None and not win.controls.sliders and win.running


@pytest.mark.parametrize("size,scale,lang", [((1920, 1080), 2.0, "en"), ((1920, 1080), 2.0, "es"),
                                             ((1920, 1080), 1.5, "en"), ((1280, 720), 2.0, "en")])
def test_every_toolbar_command_stays_reachable_in_the_hall(size, scale, lang):
    """The hall's row shows only the buttons that fit (at ui-scale 2: the modes, Compare, Pause; in Spanish the
    modes); every other one (Step, Slower, Walk, Record ...) is in the "•••" menu at the row's end, which holds
    just those (so it is no wider than they need), and picking one there runs it."""
    import pygame_gui

    from exoviz.ui import overflow
    from exoviz.ui.toolbar import BUTTONS

    win = window(size, scale, "--theme", "projector", "--lang", lang)
    c, menu = win.controls, win.controls.overflow
    assert win.layout.hall and menu is not None and win.layout.toolbar.contains(menu.rect)
    on_row = set(c.buttons)
    listed = overflow.entries(c.overflow_buttons)
    assert len(on_row) < len(BUTTONS)  # the row alone cannot hold them
    for label, cmd, _tip in BUTTONS:
        assert (label in on_row) != any(got == cmd for _l, got in listed), label  # on the row or in "•••"
    picks = [i for i, (_l, cmd) in enumerate(listed) if cmd.name in ("toggle_help", "toggle_layer")]
    s = win.session
    before = (s.show_help, s.layers.labels, s.layers.captions)
    c.process(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=c.overflow,
                                 selected_option_id=str(picks[0]), text=""))
    assert (s.show_help, s.layers.labels, s.layers.captions) != before  # the entry ran its command
    assert c.overflow is not None and c.overflow.alive()  # and the menu is folded back, ready again
    win.session.apply(Command("language", "en"))


@pytest.mark.parametrize("scale,least_cap", [(1.0, 14), (1.5, 20)])
def test_text_a_hall_reads_is_large_enough_at_1080p(monkeypatch, scale, least_cap):
    """Panel (Detailed, the drawer open in the hall layout), legend, chart, labels, captions: a cap height of at
    least 14 px at --ui-scale 1 and 20 px at 1.5, 1920x1080, projector theme."""
    win = window((1920, 1080), scale, "--theme", "projector", "--chart", frames=3)
    if win.layout.hall:
        win.run_command(Command("toggle_drawer"))
        for _ in range(3):
            win.frame(1 / 60)
    sizes = drawn_sizes(monkeypatch, win)
    assert sizes
    assert cap_height(win, min(sizes)) >= least_cap, sorted(set(sizes))
    for shrink in SHRINKS:  # however short the panel, its fonts never get smaller than that
        assert min(cap_height(win, px) for px in panel_fonts(win.renderer, 1080, shrink)) >= least_cap


def buttons_fit(win: Window) -> None:
    px = widget_font_px(win.session.theme, win.layout.unit)
    font = noto(px, True)
    assert win.controls.buttons
    for b in win.controls.buttons.values():
        assert font.size(b.text)[0] + button_margin(win.session.theme) <= b.rect.w, (b.text, b.rect)
        assert font.get_linesize() <= b.rect.h, (b.text, b.rect)


@pytest.mark.parametrize("size,scale,lang", [((800, 600), 1.0, "es"), ((1280, 720), 1.5, "es"),
                                             ((1920, 1080), 2.0, "es"), ((1920, 1080), 1.5, "en")])
def test_buttons_never_clip_their_labels(size, scale, lang):
    buttons_fit(window(size, scale, "--lang", lang))


@pytest.mark.slow
@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("theme", ["dark", "projector"])
def test_buttons_never_clip_their_labels_anywhere(size, scale, lang, theme):
    win = window(size, scale, "--lang", lang, "--theme", theme)
    buttons_fit(win)
    if win.layout.hall:  # and in the drawer
        win.run_command(Command("toggle_drawer"))
        for _ in range(3):
            win.frame(1 / 60)
        buttons_fit(win)


def test_the_ledger_stays_in_a_short_column_at_1080p_projector(pygame_display):
    """A column too short for the whole ledger at the readable size keeps its first lines (area added, taken in,
    net) under the clock, not nothing (the panel used to drop the whole block)."""
    from exoviz.ui.window import offscreen_window

    opts = parse(["--headless", "--duration", "1", "--size", "1920x1080", "--theme", "projector"])
    w = offscreen_window(Session(opts), opts)
    w.frame(1 / 60)
    column = w.layout.column
    assert column is not None
    inside = [r for r in w.text_rects if column.contains(r)]
    assert len(inside) >= 2 and max(r.bottom for r in inside) <= w.controls.top  # the clock and the ledger
