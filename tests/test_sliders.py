"""Sliders that answer: a click on the track moves the handle there; the pool slider warns before it restarts."""

import pygame
import pytest

from exoviz.ui.sliders import NOTICE_S
from tests.test_app_ui import make_app, post_key

pytestmark = pytest.mark.usefixtures("pygame_display")


def _slider(app, param):
    return next(s for s, (name, _l, _t) in app.controls.sliders.items() if name == param)


def _mouse(app, kind, pos, frames=1):
    pygame.event.post(pygame.event.Event(kind, pos=pos, button=1))
    for _ in range(frames):
        app.frame(1 / 60)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_a_click_on_the_track_moves_the_slider_there(size):
    app = make_app(size)
    w = _slider(app, "budding_rate")
    lo, hi = w.value_range
    for share in (0.9, 0.2):
        x = int(w.rect.left + share * w.rect.w)
        _mouse(app, pygame.MOUSEBUTTONDOWN, (x, w.rect.centery))
        _mouse(app, pygame.MOUSEBUTTONUP, (x, w.rect.centery), frames=2)
        value = app.session.params.budding_rate
        assert value == pytest.approx(lo + share * (hi - lo), abs=0.08 * (hi - lo)), (share, value)
        assert abs(w.get_current_value() - value) < 1e-6
        assert app.session.follow_uid == -1 and app.drag_from is None  # the click never reached the scene


def test_the_pool_slider_says_it_restarts_and_waits_for_the_mouse():
    app = make_app()
    w = _slider(app, "vesicles")
    world = app.session.world
    x = int(w.rect.left + 0.6 * w.rect.w)
    _mouse(app, pygame.MOUSEBUTTONDOWN, (x, w.rect.centery), frames=3)
    assert app.session.world is world  # not yet: the notice first
    assert "restarts" in app.session.message
    for _ in range(int(2 * NOTICE_S * 60)):  # the button is still down: it keeps waiting
        app.frame(1 / 60)
    assert app.session.world is world
    _mouse(app, pygame.MOUSEBUTTONUP, (x, w.rect.centery), frames=2)
    assert app.session.world is not world and app.session.params.vesicles == int(w.get_current_value())
    assert "restarted" in app.session.message


def test_esc_keeps_the_scene_when_a_pool_change_waits():
    app = make_app()
    w = _slider(app, "vesicles")
    world, before = app.session.world, w.get_current_value()
    x = int(w.rect.left + 0.8 * w.rect.w)
    _mouse(app, pygame.MOUSEBUTTONDOWN, (x, w.rect.centery))
    post_key(app, pygame.K_ESCAPE)
    _mouse(app, pygame.MOUSEBUTTONUP, (x, w.rect.centery))
    for _ in range(int(2 * NOTICE_S * 60)):
        app.frame(1 / 60)
    assert app.session.world is world and w.get_current_value() == before and app.running
