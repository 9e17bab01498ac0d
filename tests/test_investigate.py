"""The investigation cards in the window (ui/investigate.py): the start page, the prediction card before a
treated run (not in recordings or the clean view), the results card with the two runs' numbers."""

import pygame
import pytest

from exoviz.experiments import EXPERIMENTS
from exoviz.figures import figures
from exoviz.investigations import INVESTIGATIONS, RESULTS_AFTER_S, matched_choice
from exoviz.ui import investigate
from tests.test_app_ui import make_app, post_key

pytestmark = pytest.mark.usefixtures("pygame_display")


def _live(*args):
    app = make_app((1280, 720), *args)
    app.cards.live, app.cards.run = True, None  # as in a real window (make_app draws offscreen, like a recording)
    app.frame(1 / 60)
    return app


def _click(app, rect):
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=rect.center))
    app.frame(1 / 60)


def test_start_page_lists_every_investigation_and_opens_one_by_click():
    assert make_app((1280, 720), "--investigate").cards.page == ""  # offscreen (a recording): never filmed
    app = _live("--investigate")
    app.cards.open_start(app)  # what a real window does at launch
    assert app.cards.page == "start"
    app.frame(1 / 60)
    assert len(app.cards.choice_rects) == len(INVESTIGATIONS)
    _click(app, app.cards.choice_rects[2])
    assert app.session.investigation == list(INVESTIGATIONS)[2] and app.session.treating
    assert app.cards.page == "predict" and app.session.paused  # the run waits for the prediction


def test_key_n_and_page_down_open_the_highlighted_investigation():
    app = _live()
    post_key(app, pygame.K_n)
    assert app.cards.page == "start"
    post_key(app, pygame.K_DOWN)
    post_key(app, pygame.K_PAGEDOWN)
    assert app.session.investigation == list(INVESTIGATIONS)[1]


def test_prediction_card_before_a_compare_experiment_then_a_key_starts_the_run():
    app = _live("--compare-experiment", "dynasore", "--mode", "full-fusion")
    assert app.cards.page == "predict" and app.session.paused
    app.draw()
    choices = EXPERIMENTS["dynasore"].choices  # written for the experiment
    assert len(app.cards.choice_rects) == len(choices)
    card = app.cards.card(app)
    assert card is not None and card.choices == [c.text for c in choices]
    post_key(app, pygame.K_4)  # there is no 4th choice for dynasore: the key does nothing here
    assert app.cards.page == "predict"
    post_key(app, pygame.K_3)
    assert app.cards.page == "" and not app.session.paused and app.cards.choice == 2


@pytest.mark.parametrize("args", [(), ("--clean",)])
def test_no_prediction_card_in_recordings_or_the_clean_view(args):
    app = make_app((1280, 720), "--compare-experiment", "dynasore", "--mode", "full-fusion", *args)  # offscreen
    if args:
        app.cards.live, app.cards.run = True, None  # a real window, but the clean view
    app.frame(1 / 60)
    assert app.cards.page == "" and not app.session.paused


def test_results_card_after_the_playback_with_the_two_runs_numbers(monkeypatch):
    monkeypatch.setattr(investigate, "RESULTS_AFTER_S", 2.0)
    app = _live("--investigate", "blocked")
    post_key(app, pygame.K_1)  # predict: fewer releases
    s = app.session
    control, treated = s.compare_worlds
    control.run(119 - control.steps)  # one step short of 2 s of playback on both halves
    treated.run(119 - treated.steps)
    app.frame(0.0)
    assert app.cards.page == ""
    control.run(1)
    treated.run(1)
    app.frame(0.0)
    assert app.cards.page == "results" and s.paused
    card = app.cards.card(app)
    assert card is not None
    text = "\n".join(t for t, _b in card.lines)
    c, t = figures(control)["releases"], figures(treated)["releases"]
    assert f"control {c:g} · treated {t:g}" in text
    choices = EXPERIMENTS["botulinum-a"].choices
    k, exact = matched_choice(choices, figures(control), figures(treated))
    assert choices[k].text in text and ("The numbers match" in text) == exact
    post_key(app, pygame.K_PAGEDOWN)  # back to the investigations, the next one highlighted
    assert app.cards.page == "start" and app.cards.sel == list(INVESTIGATIONS).index("blocked") + 1


def test_results_wait_a_minute():
    assert RESULTS_AFTER_S == 60.0


def test_esc_closes_a_prediction_card_and_the_run_starts():
    app = _live("--investigate", "acid")
    assert app.cards.page == "predict"
    post_key(app, pygame.K_ESCAPE)
    assert app.cards.page == "" and not app.session.paused and app.running


def test_esc_on_a_prediction_card_opened_from_the_start_page_closes_only_the_card():
    app = _live("--investigate")
    app.cards.open_start(app)
    post_key(app, pygame.K_3)
    assert app.cards.page == "predict" and app.session.treating
    post_key(app, pygame.K_ESCAPE)
    assert app.cards.page == "" and app.session.treating and not app.session.paused
