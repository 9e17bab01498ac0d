"""The disclosure strip: every distortion in force is drawn on screen at every size, theme, language and text
scale; the ticker shows each note within one cycle (each for at least 3 s); stills and slides carry the whole
list. Checked through the strings the frames hand to the text cache."""

import itertools
import json

import numpy as np
import pygame
import pytest
from tiers import sampled

from exoviz.cli import parse
from exoviz.i18n import set_language, tr
from exoviz.modes import CELLS
from exoviz.render import disclosure
from exoviz.session import Session
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")

SIZES = [(800, 600), (1280, 720), (1920, 1080)]
THEMES, LANGS, SCALES = ("dark", "projector"), ("en", "es"), (1.0, 2.0)
MATRIX = list(itertools.product(CELLS, SIZES, THEMES, LANGS, SCALES))
# the default run: every cell once, each at another size / theme / language / scale (every size at both scales)
SAMPLE = [(cell, SIZES[i % 3], THEMES[i % 2], LANGS[(i // 2) % 2], SCALES[(i // 3) % 2])
          for i, cell in enumerate(CELLS)]


def window(cell: str, size, theme: str, lang: str, scale: float, *extra: str) -> Window:
    opts = parse(["--headless", "--duration", "1", "--cell", cell, "--mode", CELLS[cell].mode, "--size",
                  f"{size[0]}x{size[1]}", "--theme", theme, "--lang", lang, "--ui-scale", str(scale), *extra])
    win = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
    win.session.world.run(40)
    win.frame(1 / 60)
    return win


def recorder(win: Window) -> list[str]:
    """Every string the window's frames render from now on (translated, as drawn)."""
    log: list[str] = []
    render = win.renderer.text.render

    def spy(text, *a, **k):
        log.append(tr(text))
        return render(text, *a, **k)

    win.renderer.text.render = spy
    return log


def drawn(log: list[str]) -> str:
    """The frame's strings in drawing order, the pieces of a wrapped line joined again."""
    return " ".join(" ".join(log).split())


def flat(s: str) -> str:
    return " ".join(s.split())


def expected(win: Window) -> list[str]:
    """What must be said: the scene's notes, what runs faster than the playback factor, the rates, the bilayer
    factor (and the pore's when a 1-3 nm pore is drawn wider), computed here from the model."""
    w, cam = win.session.world, win.session.camera
    out = [tr(n) for n in (*w.mech.compressed(w), *w.turnover.compressed(w), *w.scene.notes)]
    assert out, "every scene has notes"
    got = win.disclosure.notes()
    for n in out:
        assert n in got
    assert len(got) >= len(out) + 2  # the rates and the bilayers at least
    if 2 * 1.5 / cam.scale > 3.0 * 1.25:  # the narrowest pore drawn (3 px) is wider than a 3 nm pore
        assert any(tr(disclosure.pore_note(cam)) == n for n in got)
    return got


def check_ticker(win: Window) -> None:
    """Within one ticker cycle every note is drawn, each through its whole slot (at least 3 s of wall time), in a
    strip that holds it unclipped, inside the window and under the scene."""
    assert disclosure.TICK_S >= 3.0
    notes = expected(win)
    log = recorder(win)
    seen = set()
    t0 = win.session.wall_s
    for k in range(len(notes)):
        for at in (0.01, disclosure.TICK_S - 0.01):  # the start and the end of its slot
            win.session.wall_s = t0 - t0 % disclosure.TICK_S + k * disclosure.TICK_S + at
            log.clear()
            win.draw()
            text = drawn(log)
            shown = [n for n in notes if flat(n) in text]
            assert shown, (k, text[-300:])
            seen.update(shown)
    assert seen == set(notes), set(notes) - seen
    rect, scene = win.disclosure.rect, win.layout.scene
    assert win.screen.get_rect().contains(rect) and rect.h > 0
    assert rect.top == scene.bottom and rect.x == scene.x and rect.w == scene.w
    assert disclosure.height(win.renderer, notes, rect.w, win.layout.strip_unit, False, rect.h) <= rect.h  # all fit


def check_still(win: Window) -> None:
    win.disclosure.still = True
    notes = expected(win)
    log = recorder(win)
    win.draw()
    text = drawn(log)
    missing = [n for n in notes if flat(n) not in text]
    assert not missing, missing
    rect = win.disclosure.rect
    assert win.screen.get_rect().contains(rect)
    assert disclosure.height(win.renderer, notes, rect.w, win.layout.strip_unit, True, rect.h) <= rect.h  # it all fits


@pytest.mark.parametrize("cell,size,theme,lang,scale", SAMPLE, ids=lambda v: str(v))
def test_every_note_is_drawn_within_one_ticker_cycle(cell, size, theme, lang, scale):
    try:
        check_ticker(window(cell, size, theme, lang, scale))
    finally:
        set_language("en")


@pytest.mark.slow
@pytest.mark.parametrize("cell,size,theme,lang,scale", MATRIX + [(c, (3840, 2160), "dark", "en", 1.0)
                                                                   for c in CELLS])
def test_every_note_in_every_window(cell, size, theme, lang, scale):
    try:
        win = window(cell, size, theme, lang, scale)
        check_ticker(win)
        check_still(win)
    finally:
        set_language("en")


@pytest.mark.parametrize("args", [("acinar", (800, 600), "projector", "es", 2.0),
                                  ("neuron", (800, 600), "dark", "en", 2.0),
                                  ("macrophage", (1920, 1080), "dark", "en", 1.0)])
def test_a_still_draws_the_whole_list(args):
    try:
        check_still(window(*args))
    finally:
        set_language("en")


def test_clean_view_and_the_compare_view_keep_the_strip():
    win = window("beta-cell", (1280, 720), "dark", "en", 1.0, "--clean")
    assert win.layout.column is None
    check_ticker(win)
    from exoviz.commands import Command

    win.session.apply(Command("compare"))
    win.frame(1 / 60)
    notes = win.disclosure.notes()
    for label in ("Full fusion:", "Kiss & run:", "Exosome:"):
        assert any(n.startswith(label) for n in notes), label
    log = recorder(win)
    seen = set()
    for k in range(len(notes)):
        win.session.wall_s = k * disclosure.TICK_S + 0.5
        log.clear()
        win.draw()
        seen.update(n for n in notes if flat(n) in drawn(log))
    assert seen == set(notes)


def test_pits_drawn_for_many_are_said_with_their_number():
    for name in ("acinar", "enterocyte", "macrophage"):
        win = window(name, (1280, 720), "dark", "en", 1.0)
        n = CELLS[name].pits_per_drawn
        assert n > 1 and f"Each coated pit and recycling vesicle drawn stands for {n}" in win.disclosure.notes()


def test_the_pore_label_says_how_much_wider_it_is_drawn():
    from exoviz.camera import Camera
    from exoviz.render.membrane import pore_label

    cam = Camera(1000.0, 600.0, (0, 0, 1000, 600))  # 1 px per nm: a 3 px pore drawn for a 2 nm one
    assert tr(pore_label(cam, 1.0)) == "pore drawn ×1.5 wider (really 1–3 nm)"
    cam.zoom = 0.1 / cam.base_scale  # 0.1 px per nm: drawn 30 nm
    assert tr(pore_label(cam, 1.0)) == "pore drawn ×15 wider (really 1–3 nm)"
    assert tr(pore_label(cam, 5.0)) == "pore drawn ×3 wider (really 10 nm)"
    note = tr(disclosure.pore_note(cam))
    assert "30 nm" in note and "×10–30" in note


def test_slides_carry_the_full_list(tmp_path):
    from exoviz.render import disclosure as d
    from exoviz.slides import _slides

    opts = parse(["--walkthrough", str(tmp_path / "w") + "/", "--mode", "kiss-and-run", "--size", "800x600"])
    session = Session(opts)
    from exoviz.ui.window import offscreen_window

    win = offscreen_window(session, opts)
    log = recorder(win)
    work = tmp_path / "work"
    work.mkdir()
    steps = _slides(session, win, str(work), str(tmp_path / "w"))
    assert len(steps) >= 3 and win.disclosure.still
    notes = win.disclosure.notes()
    text = drawn(log)
    assert all(flat(n) in text for n in notes)
    assert d.height(win.renderer, notes, win.disclosure.rect.w, win.layout.strip_unit, True,
                    win.disclosure.rect.h) <= win.disclosure.rect.h
    assert json.dumps(steps)


@pytest.mark.parametrize("seed, seconds", sampled([(0, 30), (0, 60), (1, 60), (2, 60)], [(0, 30)]))  # slow: minutes
def test_the_default_synapse_releases_in_every_5_s_of_playback(seed, seconds):
    from exoviz.params import Params
    from exoviz.sim.world import STEPS_PER_PLAYBACK_S, World

    w = World(Params(mode="kiss-and-run", seed=seed))
    total = np.empty(seconds * STEPS_PER_PLAYBACK_S, dtype=np.int64)
    for i in range(total.size):
        w.step()
        total[i] = w.events["kiss_and_run"] + w.events["full_fusion"]
    window_steps = 5 * STEPS_PER_PLAYBACK_S
    padded = np.concatenate(([0], total))
    in_window = padded[window_steps:] - padded[:-window_steps]  # releases in every 5 s stretch of the run
    assert in_window.min() >= 1, int(np.argmin(in_window)) / STEPS_PER_PLAYBACK_S
    assert w.events["kiss_and_run"] > 0 and w.events["full_fusion"] > 0


def test_the_window_screenshot_key_saves_a_still_with_the_whole_list(tmp_path):
    win = window("enterocyte", (1280, 720), "dark", "en", 1.0, "--record-dir", str(tmp_path))
    ticker_h = win.disclosure.rect.h
    notes = win.disclosure.notes()
    log = recorder(win)
    path = win._screenshot()
    assert win.shots.wait() == [f"Screenshot saved: {path}"]  # written in the background
    text = drawn(log)
    assert all(flat(n) in text for n in notes)
    assert not win.disclosure.still and win.disclosure.rect.h == ticker_h  # the ticker's layout is back
    assert pygame.image.load(path).get_size() == (1280, 720)


def test_a_re_acidification_slower_than_a_lecture_is_said_with_the_tirf_view():
    """At the synapse (×1/50) pHluorin re-acidifies over 225 s of playback: with the TIRF view on, the strip says
    a closed vesicle's darkening is not seen; not without the view, nor in the chromaffin cell (45 s)."""
    try:
        said = [n for n in window("neuron", (1280, 720), "dark", "en", 1.0, "--tirf").disclosure.notes()
                if n.startswith("pHluorin re-acidifies")]
        assert len(said) == 1 and "225 s of playback" in said[0]
        assert not any(n.startswith("pHluorin re-acidifies")
                       for n in window("neuron", (1280, 720), "dark", "en", 1.0).disclosure.notes())
        assert not any(n.startswith("pHluorin re-acidifies")
                       for n in window("chromaffin", (1280, 720), "dark", "en", 1.0, "--tirf").disclosure.notes())
    finally:
        set_language("en")
