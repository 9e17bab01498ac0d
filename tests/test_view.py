"""The Simple / Detailed view: Simple by default on first launch, remembered (in a temp config dir here),
never used by offscreen windows (recordings, screenshots, slides)."""

import pygame
import pytest

from exoviz import settings
from exoviz.cli import parse
from exoviz.render.simple_view import named_in, numbers
from exoviz.session import Session
from exoviz.ui.window import Window
from tests.test_app_ui import make_app, post_key

pytestmark = pytest.mark.usefixtures("pygame_display")


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.ENV, str(tmp_path / "cfg"))
    return tmp_path / "cfg"


def _window(size=(1280, 720)) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}"])
    app = Window(Session(opts), pygame.Surface(size), opts, windowed=True)  # a window's settings, drawn offscreen
    pygame.event.clear()
    app.frame(1 / 60)
    return app


def test_simple_first_then_the_choice_is_remembered(config):
    assert not (config / settings.NAME).exists()
    app = _window()
    assert app.simple and app.controls.buttons["Details"].is_selected is False
    post_key(app, pygame.K_v)
    assert not app.simple and "Detailed" in app.session.message
    assert 'view = "detailed"' in (config / settings.NAME).read_text()
    assert not _window().simple  # the next launch
    app.run_command(app.controls.commands[app.controls.buttons["Details"]])  # the button does the same
    assert app.simple and _window().simple


def test_offscreen_windows_stay_detailed_whatever_is_remembered(config):
    settings.save(view="simple")
    assert settings.view() == "simple" and not make_app().simple


def test_a_broken_or_unwritable_settings_file_means_the_defaults(config, tmp_path, monkeypatch):
    config.mkdir()
    (config / settings.NAME).write_text("view = [unterminated")
    assert settings.view() == "simple"
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(settings.ENV, str(blocker / "sub"))  # a folder that cannot be made
    assert settings.save(view="detailed") is False


def test_the_simple_panel_shows_three_numbers_and_fewer_labels(config):
    app = _window()
    simple_rects = list(app.text_rects)
    post_key(app, pygame.K_v)
    detailed_rects = list(app.text_rects)
    assert len(simple_rects) < len(detailed_rects)  # fewer labels and blocks
    lines = numbers(app.session.world)
    assert len(lines) == 3 and all("µm²" in line for line in lines)
    led = app.session.world.ledger
    assert lines[0].split(": ")[1].startswith("+" if led.pm_added_um2 >= 5e-4 else "0.000")
    assert lines[1].split(": ")[1].startswith("−" if led.pm_removed_um2 >= 5e-4 else "0.000")


def test_labels_named_by_the_caption():
    named = named_in("Full collapse The vesicle flattens into the plasma membrane")
    assert named("Plasma membrane (lipid bilayer)") and named("Insulin granule (~300 nm)") is False
    assert not named("Nucleus (edge)")
    assert named_in("Secretory vesicles wait")("Vesicle")  # plural and singular


@pytest.mark.parametrize("theme", ["dark", "projector"])
def test_the_simple_panel_keeps_its_three_numbers_at_1280x720(config, theme, monkeypatch):
    """The projector theme's larger text once pushed the numbers out (the clock carried three 'shortened' lines
    that the disclosure strip says anyway)."""
    from exoviz.render import simple_view

    drawn: list[list[pygame.Rect]] = []
    real = simple_view.draw_simple_panel
    monkeypatch.setattr("exoviz.ui.window.draw_simple_panel", lambda *a, **k: drawn.append(real(*a, **k)) or drawn[-1])
    opts = parse(["--headless", "--duration", "1", "--size", "1280x720", "--theme", theme])
    app = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=True)
    for _ in range(3):
        app.frame(1 / 60)
    assert app.simple and drawn and len(drawn[-1]) == 3  # the clock, the mechanism, the three numbers
