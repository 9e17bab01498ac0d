"""Text is laid out when its content or size changes, not every frame: counted, never timed."""

import pygame
import pytest
from planner_wait import planned

from exoviz import i18n
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.render import hud, panel
from exoviz.session import Session
from exoviz.ui.window import offscreen_window

pytestmark = pytest.mark.usefixtures("pygame_display")


def window(*extra: str, size: str = "1280x720"):
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", size, *extra])
    return offscreen_window(Session(opts), opts)


class Counts:
    """Calls of hud.measure, strings measured with a font, and panel plans searched, since the last reset."""

    def __init__(self, monkeypatch, text) -> None:
        self.text = text
        self.measure_calls = 0
        real = hud.measure

        def counting(*a, **k):
            self.measure_calls += 1
            return real(*a, **k)

        monkeypatch.setattr(hud, "measure", counting)
        self.reset()

    def reset(self) -> None:
        self.measure_calls = 0
        self.measured0 = self.text.measured
        self.plans0 = panel.plans_made[0]

    @property
    def measured(self) -> int:
        return self.text.measured - self.measured0

    @property
    def plans(self) -> int:
        return panel.plans_made[0] - self.plans0


def test_a_frame_whose_panel_text_did_not_change_measures_no_text(monkeypatch):
    w = window("--cell", "beta-cell", "--theme", "projector")
    w.session.apply(Command("toggle_layer", "chart"))
    w.session.apply(Command("toggle_closeup"))
    for _ in range(5):
        w.frame(1 / 60)
    w.session.apply(Command("toggle_pause"))
    w.frame(1 / 60)
    counts = Counts(monkeypatch, w.renderer.text)
    for _ in range(3):
        w.frame(1 / 60)
    assert counts.plans == 0 and counts.measure_calls == 0 and counts.measured == 0
    # the same panel at another width is a new layout: it is planned and measured once, then not again
    w.session.apply(Command("toggle_pause"))
    w.frame(1 / 60)
    for _ in range(200):
        if counts.plans:
            break
        w.frame(1 / 60)
    assert counts.plans >= 1 and counts.measure_calls >= 1  # playing: the clock's text changed


def test_a_frame_at_a_walk_through_stop_plans_nothing(monkeypatch):
    w = window("--mode", "kiss-and-run")
    w.session.apply(Command("walk_next"))
    for _ in range(2000):
        if not w.session.walk.busy:
            break
        planned(w.session)  # the plan made in one go, not a slice a frame (tests/planner_wait.py)
        w.frame(1 / 60)
    assert w.session.walk.active and not w.session.walk.busy and w.session.walk.index >= 0
    w.frame(1 / 60)
    counts = Counts(monkeypatch, w.renderer.text)
    for _ in range(4):
        w.frame(1 / 60)
    assert counts.plans == 0 and counts.measured == 0


def test_a_remembered_panel_is_the_panel_planned_afresh():
    """The plan is cached under exactly its inputs, so a warm frame and a cold one have the same pixels."""
    w = window("--cell", "neuron", "--theme", "projector", "--ui-scale", "1.5", size="1024x700")
    if w.layout.hall:  # the panel is in the hall layout's drawer
        w.run_command(Command("toggle_drawer"))
    for _ in range(40):
        w.frame(1 / 60)
    w.session.apply(Command("toggle_pause"))
    w.draw()
    warm = pygame.image.tobytes(w.screen, "RGB")
    w.renderer.text.release()
    before = panel.plans_made[0]
    w.draw()
    assert panel.plans_made[0] == before + 1
    assert pygame.image.tobytes(w.screen, "RGB") == warm


def test_translations_are_remembered_per_language():
    try:
        i18n.set_language("en")
        assert i18n._("Fusions") == "Fusions"
        i18n.set_language("es")
        spanish = i18n._("Fusions")
        assert spanish != "Fusions" and i18n._memo["Fusions"] == spanish
        i18n.set_language("en")
        assert i18n._("Fusions") == "Fusions"
    finally:
        i18n.set_language("en")


def _wrap_word_by_word(text, line: str, size: int, bold: bool, max_w: int) -> list[str]:
    """The wrapping as it was: every word tried in turn (one measurement per word)."""
    if max_w <= 0 or text.size(line, size, bold)[0] <= max_w:
        return [line]
    font = text.font(size, bold)
    out, cur = [], ""
    for word in line.split(" "):
        trial = f"{cur} {word}" if cur else word
        if cur and font.size(trial)[0] > max_w:
            out.append(cur)
            cur = "  " + word if line.startswith(" ") else word
        else:
            cur = trial
    out.append(cur)
    return out


def test_wrapping_by_bisection_gives_the_same_pieces_with_fewer_measurements():
    import random

    from exoviz.render.text import TextCache

    text = TextCache()
    rng = random.Random(3)
    vocab = ["a", "the", "membrane", "µm²", "ΔC", "", "exocytosis", "W", "Ca²⁺", "—", "x" * 40, "(0.37 %)"]
    for _ in range(400):
        line = (" " if rng.random() < 0.3 else "") + " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 30)))
        size, bold, width = rng.choice([9, 15, 22, 30]), rng.random() < 0.5, rng.randint(0, 500)
        assert text._wrap(line, size, bold, width) == _wrap_word_by_word(text, line, size, bold, width)
    long = " ".join(["exocytosis"] * 60)
    before = text.measured
    pieces = text._wrap(long, 17, False, 900)
    assert len(pieces) > 4 and text.measured - before < 60 // 2  # word by word: one measurement per word


@pytest.mark.parametrize("collapse", [0.0, 0.4, 0.9])
def test_a_lone_fused_body_is_rasterised_by_halves_with_the_same_pixels(collapse):
    """A fused body alone with the flat membrane is symmetric about its axis: half the columns are computed and
    mirrored (a close-up's sprite has ~10^5 pixels in its leaflets), pixel for pixel what the whole would be."""
    import numpy as np

    from exoviz.render.membrane_sprite import Paint, rasterise
    from exoviz.render.theme import PROJECTOR
    from exoviz.sim.membrane_shape import Attached

    one = np.array
    att = Attached(one([0]), 0.0, one([0.0]), one([150.0]), one([140.0]), one([collapse]), one([20.0]), 9.0, 9.0, 3.0)
    depth, radius = att.caps()
    e = int(np.ceil(att.influence(12.0)[0]))
    rect = (-e, -12, 2 * e + 1, int(depth[0] + radius[0]) + 30)
    whole = rasterise(att.field(), rect, Paint(9.0, 12.0), PROJECTOR)
    halves = rasterise(att.field(), rect, Paint(9.0, 12.0), PROJECTOR, mirror=True)
    assert whole.rgba.shape == halves.rgba.shape and (whole.rgba[..., 3] > 0).sum() > 1000
    assert np.array_equal(whole.rgba, halves.rgba)
    near = np.abs(whole.f) < 10  # the membrane (exact there; farther off, one sample per 4 px block)
    assert np.array_equal(whole.f[near], halves.f[near])


def test_the_clock_ticking_re_plans_no_panel(monkeypatch):
    """Digits are equally wide in the panel's font: a new time (or count) keeps the panel's plan; only a change in
    the number of digits (a count passing 999, ...) plans again."""
    w = window("--cell", "beta-cell", "--theme", "projector")
    for _ in range(200):  # to a time of as many digits as the next frames' (t = 1.0 s ... 9.9 s)
        w.frame(1 / 60)
        if w.session.world.t > 1.2:
            break
    t0 = w.session.world.t
    shapes: list = []
    real = panel._shape
    monkeypatch.setattr(panel, "_shape", lambda texts: shapes.append(real(texts)) or shapes[-1])
    w.frame(1 / 60)
    counts = Counts(monkeypatch, w.renderer.text)
    for _ in range(6):
        w.frame(1 / 60)
    assert w.session.world.t > t0  # playing: the clock's text changed every frame
    changed = sum(a != b for a, b in zip(shapes, shapes[1:]))  # frames whose text changed its digit count
    assert counts.plans <= changed < 6  # (a shape seen before is remembered: no plan)
