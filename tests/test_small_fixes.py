"""The smaller items of issue 15: exact frame timing (--fps 7, GIF at 30 fps), one 'exoviz:' per line, scripted
events that land on the same step in headless runs and recordings at any fps, widgets that fit any window."""

from __future__ import annotations

import itertools
import json
import warnings

import numpy as np
import pygame
import pygame_gui
import pytest
from tiers import sampled

from exoviz import cli
from exoviz.export.writers import open_sink
from exoviz.headless import run_headless
from exoviz.session import Session
from exoviz.ui.textfit import NOTO
from exoviz.ui.widget_theme import load_theme
from exoviz.ui.window import Window


def gif_delays(data: bytes) -> list[int]:
    """Each frame's delay (centiseconds), read block by block from a GIF89a file."""
    assert data[:6] == b"GIF89a"
    flags = data[10]
    i = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    delays = []

    def skip_sub_blocks(j: int) -> int:
        while data[j]:
            j += data[j] + 1
        return j + 1

    while data[i] != 0x3B:
        if data[i] == 0x21:
            if data[i + 1] == 0xF9:
                delays.append(data[i + 4] | data[i + 5] << 8)
            i = skip_sub_blocks(i + 2)
        elif data[i] == 0x2C:
            f = data[i + 9]
            i += 10 + (3 * 2 ** ((f & 7) + 1) if f & 0x80 else 0)
            i = skip_sub_blocks(i + 1)
        else:
            raise AssertionError(f"unexpected GIF block {data[i]:#x} at {i}")
    return delays


def test_a_gif_at_30_fps_plays_at_30_fps(tmp_path):
    frames = [np.full((48, 64, 3), 8 * k, np.uint8) for k in range(30)]
    with open_sink(str(tmp_path / "a.gif"), (64, 48), 30) as sink:
        for f in frames:
            sink.write(f)
    delays = gif_delays((tmp_path / "a.gif").read_bytes())
    assert len(delays) == 30 and sum(delays) == 100  # 3, 3, 4 ... centiseconds: one second, not 0.9 s


def test_fps_7_takes_exactly_the_steps_its_seconds_are_worth(tmp_path, capsys):
    stats = tmp_path / "s.json"
    code = cli.main(["--record", f"{tmp_path}/f/", "--fps", "7", "--duration", "1", "--size", "320x240",
                     "--stats", str(stats), "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert json.loads(stats.read_text())["playback_s"] == 1.0  # 60 steps, not 59
    assert len(list((tmp_path / "f").iterdir())) == 7


def test_a_notice_is_printed_with_one_prefix(tmp_path, capsys):
    code = cli.main(["--record", str(tmp_path / "odd.mp4"), "--duration", "0.2", "--fps", "5", "--size", "321x241"])
    err = capsys.readouterr().err
    assert code == 0 and "video size 321x241 cropped to 320x240" in err
    assert "exoviz: exoviz:" not in err and all(ln.startswith("exoviz: ") for ln in err.strip().splitlines())


SCRIPT = """mode = "full-fusion"
duration = 3.0
seed = 2
[params]
budding_rate = 0.0
[[events]]
at = 0.513
set = { budding_rate = 40.0 }
[[events]]
at = 1.07
speed = 2.0
[[events]]
at = 1.31
pause = 0.37
[[events]]
at = 2.2
set = { budding_rate = 3.0 }
"""


def test_headless_runs_and_recordings_at_any_fps_agree_on_a_scripts_events(tmp_path, capsys):
    script = tmp_path / "s.toml"
    script.write_text(SCRIPT)
    runs = {"headless": ["--headless"], "7fps": ["--record", f"{tmp_path}/a/", "--fps", "7"],
            "30fps": ["--record", f"{tmp_path}/b/", "--fps", "30"]}
    stats = {}
    for name, args in runs.items():
        opts = cli.parse(["--script", str(script), *args, "--size", "320x240", "--quiet",
                          "--stats", str(tmp_path / f"{name}.json")])
        assert run_headless(Session(opts), opts) == 0, capsys.readouterr().err
        stats[name] = json.loads((tmp_path / f"{name}.json").read_text())
    assert stats["headless"]["machinery"]["vesicles_fused"] > 0  # pores opened (a full fusion counts once dilated)
    assert stats["headless"] == stats["7fps"] == stats["30fps"]


SIZES = [(320, 240), (400, 300), (640, 480), (800, 600), (1280, 720), (1920, 1080)]
WIDGET_MATRIX = list(itertools.product(SIZES, ["1", "2", "3"], ["dark", "projector"]))
# the default tier: every size, every scale twice, both themes (the full matrix is in the slow tier)
WIDGET_SAMPLE = [((320, 240), "3", "dark"), ((400, 300), "1", "projector"), ((640, 480), "2", "dark"),
                 ((800, 600), "3", "projector"), ((1280, 720), "1", "dark"), ((1920, 1080), "2", "projector"),
                 ((1920, 1080), "3", "dark")]


def _label_width(text: str, px: int, bold: bool) -> int:
    font = pygame.font.Font(str(NOTO / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), px)
    return font.size(text)[0]


@pytest.mark.usefixtures("pygame_display")
@pytest.mark.parametrize("size, scale, theme", sampled(WIDGET_MATRIX, WIDGET_SAMPLE),
                         ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else str(v))
def test_widgets_fit_or_are_left_out_never_clipped(size, scale, theme):
    for mode in ("full-fusion", "kiss-and-run", "exosome"):
        opts = cli.parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--ui-scale", scale,
                          "--theme", theme, "--mode", mode])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # pygame_gui warns when a label's text does not fit its rect
            win = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
            win.frame(1 / 60)
        c = win.controls
        if win.layout.cramped:
            assert not c.buttons and not c.sliders and "too small" in win.session.message
            continue
        screen = pygame.Rect((0, 0), size)
        rects = [b.rect for b in c.buttons.values()] + [s.rect for s in c.sliders] + [
            lab.rect for _, lab, _ in c.sliders.values()]
        assert all(screen.contains(r) for r in rects)
        assert not any(a.colliderect(b) for a, b in itertools.combinations(rects, 2))
        px = max(10, round(int(load_theme(theme, 1.0)["defaults"]["font"]["size"]) * win.layout.unit))
        for label, b in c.buttons.items():
            assert _label_width(label, px, True) <= b.rect.w, (label, b.rect, px)
    assert isinstance(win.controls.manager, pygame_gui.UIManager)


@pytest.mark.usefixtures("pygame_display")
def test_the_default_window_keeps_its_text_size_and_whole_button_labels():
    """At 1280x720 the toolbar takes a second row rather than clip a label by its border ("Full fusion" was)."""
    from exoviz.ui.fit import base_sizes, button_margin
    from exoviz.ui.textfit import noto

    opts = cli.parse(["--headless", "--duration", "1"])
    win = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
    lay = win.layout
    assert lay.toolbar_rows <= 2 and lay.unit == 1.0 and not lay.cramped
    bold = noto(round(base_sizes("dark")[0] * lay.unit), True)
    for b in win.controls.buttons.values():
        assert bold.size(b.text)[0] + button_margin("dark") <= b.rect.w, b.text


@pytest.mark.usefixtures("pygame_display")
def test_when_nothing_fits_there_are_no_widgets_and_the_screen_says_why(monkeypatch):
    monkeypatch.setattr("exoviz.ui.fit.fits", lambda *a, **k: False)
    opts = cli.parse(["--headless", "--duration", "1", "--size", "320x240", "--ui-scale", "3"])
    win = Window(Session(opts), pygame.Surface((320, 240)), opts, windowed=False)
    win.frame(1 / 60)
    assert win.layout.cramped and not win.controls.buttons and not win.controls.sliders
    lay = win.layout
    assert "too small" in win.session.hud().message and lay.scene.topleft == (0, 0) and lay.scene.w == 320
    strips = win.disclosure.rect.h + (lay.caption.h if lay.caption else 0)  # the disclosure and caption strips
    assert lay.scene.h + strips == 240 and win.disclosure.rect.top == lay.scene.bottom
