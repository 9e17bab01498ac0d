"""Esc and the one stack of what is open (ui/escape.py), drop-down rows as tall as their text, F11's state."""

import pygame
import pytest

from exoviz.ui.escape import REGISTRY, Openable, register
from exoviz.ui.widget_theme import load_theme
from tests.test_app_ui import make_app, post_key

pytestmark = pytest.mark.usefixtures("pygame_display")


def _press_esc_until_closed(app, entry, limit: int = 6) -> None:
    """Esc until the entry is closed; the program must never quit while it (or anything) is open."""
    for _ in range(limit):
        if not entry.is_open(app):
            return
        post_key(app, pygame.K_ESCAPE)
        assert app.running, f"Esc quit with {entry.name!r} open"
    raise AssertionError(f"{limit} Esc did not close {entry.name!r}")


CELL_FOR = {"electrode tool": "chromaffin"}  # the electrode is offered only where the cargo oxidizes


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda e: e.name)
def test_esc_closes_every_registered_thing_and_never_quits_with_it_open(entry, tmp_path):
    app = make_app((1280, 720), "--record-dir", str(tmp_path), "--cell", CELL_FOR.get(entry.name, "beta-cell"))
    entry.open(app)
    app.frame(1 / 60)
    assert entry.is_open(app), f"{entry.name!r} did not open"
    assert app.escapes.order[-1] == entry.name or entry.name in app.escapes.order
    _press_esc_until_closed(app, entry)
    while app.escapes.sync(app):  # whatever opened with it (a walk-through's follow) closes the same way
        post_key(app, pygame.K_ESCAPE)
        assert app.running
    post_key(app, pygame.K_ESCAPE)  # nothing open: it asks ...
    assert app.running and app.session.message
    post_key(app, pygame.K_ESCAPE)  # ... and a second Esc quits
    assert not app.running


def test_esc_closes_the_last_opened_first(tmp_path):
    app = make_app()
    post_key(app, pygame.K_w)  # the wound tool, then help over it
    post_key(app, pygame.K_h)
    assert app.escapes.order[-2:] == ["wound tool", "help"]
    post_key(app, pygame.K_ESCAPE)
    assert not app.session.show_help and app.session.wound_tool
    post_key(app, pygame.K_ESCAPE)
    assert not app.session.wound_tool and app.running


def test_esc_with_a_dropdown_open_closes_it():
    app = make_app((1920, 1080))
    menu = app.controls.cell_menu
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=menu.rect.center, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=menu.rect.center, button=1))
    app.frame(1 / 60)
    app.frame(1 / 60)
    assert app.controls.open_menu() is menu  # a real click opened it
    post_key(app, pygame.K_ESCAPE)
    assert app.controls.open_menu() is None and app.running and app.quit_armed == 0


def test_esc_with_a_recording_running_asks_before_stopping_it(tmp_path):
    app = make_app((640, 360), "--record-dir", str(tmp_path))
    post_key(app, pygame.K_r, pygame.KMOD_CTRL)
    assert app.recording
    post_key(app, pygame.K_ESCAPE)
    assert app.recording and "recording" in app.session.message.lower()
    post_key(app, pygame.K_ESCAPE)
    assert not app.recording and app.running
    assert list(tmp_path.glob("*.mp4"))


def test_a_later_feature_registers_and_esc_closes_it():
    state = {"open": False}
    entry = register(Openable("test card", lambda w: state["open"], lambda w: state.update(open=False),
                              lambda w: state.update(open=True)))
    try:
        app = make_app()
        entry.open(app)
        post_key(app, pygame.K_ESCAPE)
        assert not state["open"] and app.running
        with pytest.raises(ValueError):
            register(entry)
    finally:
        REGISTRY.remove(entry)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_menu_rows_are_as_tall_as_their_font(size, scale):
    app = make_app(size, "--ui-scale", scale)
    for menu in app.controls.menus():
        menu.current_state.should_transition = True
        menu.update(0.0)
        rows = menu.current_state.options_selection_list
        buttons = [it["button_element"] for it in rows.item_list if it.get("button_element")]
        assert buttons
        for b in buttons:
            assert b.rect.h >= b.font.size("Ég")[1], (size, scale, b.rect.h)
        for a, b in zip(buttons, buttons[1:]):
            assert not a.rect.colliderect(b.rect)
        menu.current_state.should_transition = True
        menu.update(0.0)


def test_theme_row_height_follows_the_text_size():
    small, big = load_theme("dark", 1.0), load_theme("dark", 2.0)
    assert int(big["selection_list"]["misc"]["list_item_height"]) > int(small["selection_list"]["misc"]
                                                                          ["list_item_height"]) >= 20


def test_a_tiny_window_keeps_the_toolbar_in_the_overflow_menu():
    import pygame_gui

    from exoviz.ui.overflow import MARK, entries
    from exoviz.ui.toolbar import BUTTONS

    app = make_app((480, 320))
    assert app.layout.cramped and not app.controls.buttons  # no room for the toolbar ...
    menu = app.controls.overflow
    assert menu is not None and menu.selected_option[0] == MARK  # ... its commands are in "⋯"
    assert app.screen.get_rect().contains(menu.rect)
    labels = [label for label, _cmd in entries(BUTTONS)]
    assert "Compare" in labels and "Details" in labels
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=menu.rect.center, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=menu.rect.center, button=1))
    app.frame(1 / 60)
    app.frame(1 / 60)
    assert app.controls.open_menu() is menu
    post_key(app, pygame.K_ESCAPE)  # Esc folds it like any menu
    assert app.controls.open_menu() is None and app.running
    pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu, text="Compare",
                                         selected_option_id=str(labels.index("Compare"))))
    app.frame(1 / 60)
    assert app.session.compare and app.controls.overflow.selected_option[0] == MARK
