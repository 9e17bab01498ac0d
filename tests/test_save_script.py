"""Saving the setup a lecturer prepared (issue 22 item 9): a scene script that replays to the same frame as the
session it came from; the script format's new keys (lang, closeup, [layers]) with one-line errors; Ctrl+S in the
window (a new timestamped file, never overwriting, or --save-script PATH) and --headless --save-script."""

import os
from fractions import Fraction

import numpy as np
import pygame
import pytest
from test_app_ui import click, post_key

from exoviz import cli
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.export.errors import ExportError
from exoviz.export.script import load_script
from exoviz.export.script_save import save_setup, setup_toml
from exoviz.options import UsageError
from exoviz.render.snapshot import grab
from exoviz.session import Session
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")
FRAME = Fraction(1, 60)
SIZE = (800, 450)
N = 45


def window(*args: str) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", f"{SIZE[0]}x{SIZE[1]}", *args])
    app = Window(Session(opts), pygame.Surface(SIZE), opts, windowed=False)
    pygame.event.clear()
    return app


def play_and_draw(app: Window, frames: int) -> np.ndarray:
    """frames offline 1/60 s frames, then one drawing of the window (widgets included); its pixels."""
    for _ in range(frames):
        app.session.tick(FRAME, realtime=False)
    app.session.apply(Command("say", ("", 0.0)))  # messages of the preparation are not part of the setup
    for _ in range(12):  # a new theme, text size or language builds its widgets over frames (ui/restyle.py)
        app.sync()
        app.controls.update(1 / 60)
    app.draw()
    return grab(app.screen).copy()


def test_a_saved_setup_replays_to_the_same_frame(tmp_path):
    app = window("--seed", "7")
    s = app.session
    for cmd in (Command("cell", "acinar"), Command("set_value", ("budding_rate", 6.5)),
                Command("set_value", ("stimulus_rate", 0.75)), Command("toggle_value", "balance"),
                Command("toggle_layer", "labels"), Command("toggle_layer", "cargo"), Command("toggle_layer", "chart"),
                Command("set_theme", "projector"), Command("language", "es"), Command("toggle_closeup"),
                Command("set_speed", 2.0), Command("reset")):
        s.apply(cmd)
    app.sync()
    s.apply(Command("look_at", (0.4 * s.world.scene.width, 0.6 * s.world.scene.height, 2.5)))
    zoom, centre = s.camera.zoom, s.camera.center.copy()
    prepared = play_and_draw(app, N)
    path = tmp_path / "lecture.toml"
    save_setup(s, str(path))
    script = load_script(str(path))
    assert (script.mode, script.cell, script.seed, script.theme, script.lang) == (
        "full-fusion", "acinar", 7, "projector", "es")
    assert script.closeup and script.chart and script.speed == 2.0
    assert script.layers["labels"] is False and script.layers["cargo"] is False and script.layers["captions"]
    assert script.params["budding_rate"] == 6.5 and script.params["balance"] == 0.0

    replay = window("--script", str(path))
    r = replay.session
    assert r.language == "es" and r.theme == "projector" and r.params == s.params and r.speed == 2.0
    assert r.closeup.enabled and r.layers == s.layers
    frame = play_and_draw(replay, N)
    assert r.camera.zoom == zoom and np.array_equal(r.camera.center, centre)
    assert r.world.steps == s.world.steps
    assert np.array_equal(frame, prepared)  # pixel for pixel
    s.apply(Command("language", "en"))


def test_the_saved_text_reads_back_exactly():
    app = window("--mode", "kiss-and-run", "--full-fusion-fraction", "0.123456789")
    text = setup_toml(app.session, 12.5)
    assert "full_fusion_fraction = 0.123456789\n" in text and "duration = 12.5" in text
    assert "[[events]]" not in text  # the whole-scene view needs no zoom event


@pytest.mark.parametrize("body, expect", [
    ('lang = "fr"\n', "line 3: lang must be one of en, es, got text 'fr'"),
    ("closeup = 1\n", "line 3: closeup must be true or false, got 1"),
    ("[layers]\nlabels = 0\n", "line 4: layers labels must be true or false, got 0"),
    ("[layers]\nchart = true\n", "line 4: unknown key 'chart' in [layers]; allowed: labels, captions"),
    ("layers = 3\n", "line 3: [layers] must be a table of names and values, got 3"),
])
def test_bad_new_keys_are_one_line_naming_the_line(tmp_path, body, expect, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('mode = "full-fusion"\nduration = 2.0\n' + body)
    with pytest.raises(ExportError) as err:
        load_script(str(path))
    assert expect in str(err.value) and "\n" not in str(err.value)
    assert cli.main(["--script", str(path), "--headless"]) == 2
    out = capsys.readouterr().err
    assert out.count("\n") == 1 and expect in out


def test_ctrl_s_saves_new_timestamped_files_and_never_overwrites(tmp_path):
    app = window("--record-dir", str(tmp_path))
    post_key(app, pygame.K_s, pygame.KMOD_CTRL)
    post_key(app, pygame.K_s, pygame.KMOD_CTRL)
    files = sorted(os.listdir(tmp_path))
    assert len(files) == 2 and all(f.startswith("exoviz-") and f.endswith(".toml") for f in files), files
    said = app.session.message.split("Setup saved: ")[1].split(" ")[0]
    assert os.path.basename(said) in files and "--script " + said in app.session.message
    assert all(load_script(str(tmp_path / f)).mode == "full-fusion" for f in files)


def test_the_save_setup_button_saves_too(tmp_path):
    app = window("--record-dir", str(tmp_path))
    app.frame(1 / 60)
    click(app, app.controls.buttons["Save setup"].rect.center)
    files = os.listdir(tmp_path)
    assert len(files) == 1 and files[0].endswith(".toml") and "Setup saved" in app.session.message


def test_ctrl_s_writes_to_save_script_and_replaces_only_its_own_file(tmp_path):
    path = tmp_path / "setup.toml"
    app = window("--save-script", str(path), "--record-dir", str(tmp_path))
    post_key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert path.exists() and str(path) in app.session.message
    app.session.apply(Command("set_theme", "projector"))
    post_key(app, pygame.K_s, pygame.KMOD_CTRL)
    assert load_script(str(path)).theme == "projector" and os.listdir(tmp_path) == ["setup.toml"]
    with pytest.raises(UsageError, match="exists; pass --overwrite"):  # an existing file: checked at the start
        parse(["--save-script", str(path), "--record-dir", str(tmp_path)])
    with pytest.raises(UsageError, match=r"\.toml"):
        parse(["--save-script", str(tmp_path / "setup.txt")])


def test_headless_save_script_writes_the_setup_at_the_end(tmp_path):
    path = tmp_path / "s.toml"
    assert cli.main(["--headless", "--duration", "0.5", "--cell", "macrophage", "--calcium", "off", "--lang", "es",
                     "--quiet", "--save-script", str(path)]) == 0
    script = load_script(str(path))
    assert script.cell == "macrophage" and script.params["calcium"] == 0.0 and script.lang == "es"
    assert cli.main(["--script", str(path), "--headless", "--save-script", str(path), "--overwrite"]) == 2
