"""Every key and button answers within a frame: a visible change, or a short line saying why nothing happens."""

import pygame
import pytest

from exoviz.commands import Command
from exoviz.sim.stages import Stage
from exoviz.ui import answers
from exoviz.ui.keys import BINDINGS
from tests.test_app_ui import click, finish_walk, make_app, post_key

pytestmark = pytest.mark.usefixtures("pygame_display")

SKIP = {"quit"}  # Ctrl+Q ends the run (test_app_ui checks it)


def _seen(app) -> tuple:
    return answers.visible(app), app.session.message, app.session.message_until


def _every_key_answers(app, tmp_path) -> None:
    for b in BINDINGS:
        if b.command.name in SKIP:
            continue
        before = _seen(app)
        post_key(app, b.keys[0], pygame.KMOD_CTRL if b.ctrl else 0)  # one frame: 1/60 s
        assert _seen(app) != before, f"{b.label} gave no visible answer"
        assert app.running
    if app.recording:
        app.run_command(Command("toggle_record"))


def test_every_key_answers_in_full_fusion(tmp_path):
    _every_key_answers(make_app((960, 540), "--record-dir", str(tmp_path)), tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("setup", ["kiss-and-run", "exosome", "compare", "paused", "fibroblast"])
def test_every_key_answers_in_every_mode(setup, tmp_path):
    app = make_app((960, 540), "--record-dir", str(tmp_path))
    if setup in ("kiss-and-run", "exosome"):
        app.session.apply(Command("mode", setup))
    elif setup == "compare":
        app.session.apply(Command("compare"))
    elif setup == "paused":
        app.session.apply(Command("pause", True))
    else:
        app.session.apply(Command("cell", setup))
    app.frame(1 / 60)
    _every_key_answers(app, tmp_path)


def test_every_toolbar_button_answers():
    app = make_app((1280, 720))
    for label in list(app.controls.buttons):
        button = app.controls.buttons.get(label)
        if label in ("Record", "Clean") or button is None:  # Record: ffmpeg (keys test it); Clean hides them
            continue
        before = _seen(app)
        click(app, button.rect.center, frames=2)  # the press is handled in the next frame
        assert _seen(app) != before, f"button {label} gave no visible answer"
        for _ in range(6):  # a new look (the Theme button) is built over a few frames: let it arrive
            app.frame(1 / 60)


def test_s_with_nothing_docked_says_so():
    app = make_app()
    v = app.session.world.ves
    v.stage[v.stage == Stage.DOCKED] = Stage.TRANSPORT  # no granule docked now
    post_key(app, pygame.K_s)
    assert "No docked vesicle" in app.session.message


def test_s_in_a_constitutive_cell_and_i_in_kiss_and_run_say_what_they_do():
    app = make_app((960, 540), "--cell", "fibroblast")
    post_key(app, pygame.K_s)
    assert "without a stimulus" in app.session.message
    post_key(app, pygame.K_2)
    post_key(app, pygame.K_i)
    assert app.session.closeup.enabled and "next fusion" in app.session.message


def test_page_down_while_planning_and_at_the_tour_end_say_so():
    app = make_app((960, 540))
    post_key(app, pygame.K_PAGEDOWN)
    post_key(app, pygame.K_PAGEDOWN)  # still planning
    assert app.session.walk.busy and "Planning" in app.session.message
    finish_walk(app)
    walk = app.session.walk
    walk.index = len(walk.stops) - 1  # at the last stop
    post_key(app, pygame.K_PAGEDOWN)
    assert "End of the walk-through" in app.session.message
