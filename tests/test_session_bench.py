"""Control beside treatment (exoviz/session_bench.py): the same cell twice from t = 0 with the same seed, each half
with its own generator, so they differ only by the treatment; stimuli in step; drawn in the compare view."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session


def _session(*args: str) -> Session:
    return Session(parse(["--headless", "--duration", "1", *args]))


def _same(a, b) -> bool:
    va, vb = a.ves, b.ves
    return (a.t == b.t and a.events == b.events and np.array_equal(va.alive, vb.alive)
            and np.array_equal(va.pos, vb.pos) and np.array_equal(va.stage, vb.stage)
            and a.ledger.pm_um2 == b.ledger.pm_um2)


@pytest.mark.parametrize("cell", ["beta-cell", "neuron"])
def test_with_no_experiment_the_two_halves_are_identical_frame_for_frame(cell):
    s = _session("--cell", cell)
    s.apply(Command("compare_treatment"))
    assert s.treating and s.message  # it says both halves are the same run
    control, treated = s.compare_worlds
    assert control is not treated and control.rng is not treated.rng
    for k in range(90):
        if k == 30:
            s.apply(Command("stimulate"))  # stimuli reach both at once
        s.tick(1 / 30, realtime=False)
        assert _same(control, treated), k
    assert control.steps > 0


def test_the_treated_half_differs_by_the_treatment_only():
    s = _session("--cell", "neuron", "--compare-experiment", "dynasore")
    control, treated = s.compare_worlds
    assert control.params.applied == () and treated.params.applied == ("dynasore",)
    assert s.params.has("dynasore") and control.params.seed == treated.params.seed
    for _ in range(240):
        s.tick(1 / 30, realtime=False)
    assert control.events["action_potential"] == treated.events["action_potential"] > 0
    assert treated.events["endocytosis"] == 0 < control.events["endocytosis"]
    assert s.treatment_labels() == ["Control (untreated)", "Treated: Dynasore (dynamin block)"]
    s.apply(Command("compare_treatment"))  # E again: back to the one scene
    assert not s.compare and s.treatment_labels() is None


def test_an_experiment_changed_in_the_view_starts_both_halves_again():
    s = _session("--cell", "neuron", "--compare-experiment", "egta")
    for _ in range(30):
        s.tick(1 / 30, realtime=False)
    s.apply(Command("experiment", ("dynasore", True)))
    assert s.compare_worlds[1].params.applied == ("egta", "dynasore") and s.compare_worlds[1].t == 0.0
    s.apply(Command("compare"))  # key 4 leaves it for the three mechanisms
    assert s.compare and not s.treating and len(s.compare_worlds) == 3


@pytest.mark.usefixtures("pygame_display")
def test_the_view_draws_both_halves_alike_with_no_experiment():
    from exoviz.ui.window import Window

    opts = parse(["--headless", "--duration", "1", "--size", "1280x720", "--seed", "3"])
    app = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
    app.run_command(Command("compare_treatment"))
    for _ in range(40):
        app.frame(1 / 30)
    from exoviz.render.compare import panels_area, split

    lay = app.layout
    gap = max(4, int(6 * lay.unit))
    left, right = split(panels_area(lay.scene, gap, True), 2, gap)  # the shared trace strip is under both
    head = 80  # below the panel heads (they name Control and Treated)
    a = pygame.surfarray.array3d(app.screen.subsurface((left.x, left.y + head, left.w, left.h - head)))
    b = pygame.surfarray.array3d(app.screen.subsurface((right.x, right.y + head, left.w, left.h - head)))
    assert np.array_equal(a, b)


def test_subtitles_follow_the_treated_half():
    from exoviz.captions import subtitle

    s = _session("--cell", "neuron", "--compare-experiment", "bafilomycin")
    assert s.caption_world is s.compare_worlds[1]
    for _ in range(30):
        s.tick(1 / 30, realtime=False)
    assert "· Bafilomycin A1: " in subtitle(s.caption_world, s.hud())


def test_a_whole_cell_compare_panel_frames_the_whole_surface():
    """The macrophage's control-beside-treatment panels show its whole surface (dynasore's deepened pits and
    the internalized share are about all of it), not a 1.7 µm stretch of membrane."""
    import pygame

    from exoviz.params import Params
    from exoviz.render.compare import panel_camera
    from exoviz.sim.world import World

    world = World(Params(mode="full-fusion", cell="macrophage"))
    cam = panel_camera(world, pygame.Rect(0, 0, 700, 300))
    assert cam.view[2] / cam.scale >= 0.99 * world.scene.width


def test_the_latency_counts_are_in_the_treatment_bars_only():
    """Control beside treatment names synchronous and asynchronous releases (a Ca²⁺ sensor may be what
    differs); the three mechanisms' bars stay one short line each."""
    from exoviz.params import Params
    from exoviz.render.compare_chart import bar_text
    from exoviz.sim.world import World

    world = World(Params(mode="kiss-and-run"))
    world.run(180)  # 180 steps: the first train's releases
    assert "synchronous" in bar_text(world, latency=True)
    assert "pores opened" in bar_text(world, latency=True)  # pores, not releases (a β-cell's transient fusions)
    assert "synchronous" not in bar_text(world, latency=False) and "per release" in bar_text(world, latency=False)


@pytest.mark.usefixtures("pygame_display")
def test_both_halves_bars_are_one_height_so_both_views_share_a_scale():
    """A half with no release yet has a one-line bar, the other three lines: each view took what its bar left,
    so the two halves were drawn at different zooms (a 200 nm beside a 100 nm scale bar)."""
    from exoviz.params import Params
    from exoviz.render.compare import draw_compare, panels_area, split
    from exoviz.sim.world import World
    from exoviz.ui.window import Window
    from exoviz.viewstate import HudState, Layers

    opts = parse(["--headless", "--duration", "1", "--size", "1280x720"])
    app = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
    worlds = [World(Params(mode="kiss-and-run")), World(Params(mode="kiss-and-run"))]
    worlds[0].run(180)  # the first train's releases: a long bar; the other: "no release yet"
    lay = app.layout
    rects = draw_compare(app.screen, app.renderer, worlds, lay, 1.0, Layers(), HudState(), labels=["a", "b"])
    gap = max(4, int(6 * lay.unit))
    halves = split(panels_area(lay.scene, gap, True), 2, gap)
    bars = [next(r for r in rects if r.x == h.x and r.w == h.w and r.bottom == h.bottom) for h in halves]
    assert bars[0].h == bars[1].h


@pytest.mark.usefixtures("pygame_display")
def test_a_films_burned_cue_is_drawn_under_control_beside_treatment():
    """--burn-captions with --compare-experiment: the film's cue (the treated half's) is drawn in the strip under
    the two halves (the window's captions were off in the compare view, so the film had none burned)."""
    from exoviz.ui.window import Window

    opts = parse(["--headless", "--duration", "1", "--size", "1280x720", "--compare-experiment", "botulinum-a"])
    app = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
    app.session.apply(Command("set_layer", ("captions", True)))
    app.frame(1 / 30)
    assert app.layout.caption is None  # no cue: no strip
    app.subtitle = "Primed · Botulinum toxin A"
    app.frame(1 / 30)
    assert app.layout.caption is not None
    assert any(app.layout.caption.contains(r) for r in app.text_rects)
