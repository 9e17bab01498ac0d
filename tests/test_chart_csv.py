"""The live chart and the CSV of the time series (issue 11): the CSV holds exactly the JSON series and follows the
output rules; the chart draws under the dummy driver, incrementally, with its steps where its event marks are; it is
in the compare view and in recordings on request; the wound tool and the on/off buttons in the window."""

import csv
import json

import numpy as np
import pygame
import pytest
from test_app_ui import click, make_app, post_key

from exoviz import cli
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.export.series_csv import columns
from exoviz.params import Params
from exoviz.render.chart import MARK_ROW_PX, MARKS, chart_for, colour_of, kinds_for
from exoviz.render.chart_frame import draw_chart
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.session import Session
from exoviz.sim.world import SAMPLE_EVERY, World
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """One headless macrophage run (×20: 10 s of playback is 200 simulated s) writing --stats and --csv."""
    d = tmp_path_factory.mktemp("out")
    stats, table = d / "s.json", d / "s.csv"
    code = cli.main(["--headless", "--duration", "10", "--cell", "macrophage", "--seed", "3", "--quiet",
                     "--stats", str(stats), "--csv", str(table)])
    return code, d, json.loads(stats.read_text()), table


def test_the_csv_holds_exactly_the_json_series(outputs):
    code, _, stats, table = outputs
    assert code == 0
    series = stats["series"]
    with open(table, newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    assert head == columns(series) == ["t_s", "plasma_membrane_um2", "capacitance_pF", *sorted(series["events"]),
                                       "experiments"]
    assert {"endocytosis", "recycling", "lysosome_exocytosis", "wound", "full_fusion"} <= set(head)
    assert len(body) == len(series["t_s"]) > 90
    assert [r[-1] for r in body] == series["experiments"] == [""] * len(body)
    for k, name in enumerate(head[:-1]):
        want = series[name] if k < 3 else series["events"][name]
        assert [float(r[k]) for r in body] == [float(x) for x in want], name
    assert float(body[-1][head.index("endocytosis")]) == stats["events"]["endocytosis"] > 0
    assert float(body[-1][1]) == stats["plasma_membrane_um2"]


def test_the_csv_follows_the_output_rules(outputs, capsys):
    _, d, _, table = outputs
    before = table.read_bytes()
    assert cli.main(["--headless", "--duration", "1", "--csv", str(table)]) == 2
    assert "--overwrite" in capsys.readouterr().err and table.read_bytes() == before  # never silently replaced
    assert cli.main(["--headless", "--duration", "1", "--csv", str(d / "x.json"), "--stats", str(d / "x.json")]) == 2
    assert "--csv" in capsys.readouterr().err and not (d / "x.json").exists()
    assert cli.main(["--headless", "--duration", "1", "--csv", str(d / "x.txt")]) == 2
    assert ".csv" in capsys.readouterr().err
    assert cli.main(["--headless", "--duration", "1", "--csv", str(table), "--overwrite", "--quiet"]) == 0
    assert table.read_bytes() != before and not [p for p in d.iterdir() if p.name.startswith(".")]


def _frames(world: World, renderer: Renderer, screen: pygame.Surface, rect: pygame.Rect, steps: int) -> int:
    """Step the world and draw the chart after every sample, as a window would; returns the frames drawn."""
    frames = 0
    for k in range(steps):
        world.step()
        if (k + 1) % SAMPLE_EVERY == 0:
            draw_chart(screen, renderer, world, rect)
            frames += 1
    return frames


@pytest.fixture(scope="module")
def drawn():
    """A β-cell drawn with its chart for 12 s (120 frames)."""
    world = World(Params(mode="full-fusion", seed=4))
    renderer = Renderer(DARK)
    screen = pygame.Surface((1000, 600))
    frames = _frames(world, renderer, screen, pygame.Rect(400, 250, 560, 320), 720)
    return world, chart_for(world), frames


def test_the_chart_is_drawn_incrementally(drawn):
    world, chart, frames = drawn
    assert chart.surf is not None and frames == 120
    assert chart.full_draws <= 12, chart.full_draws  # a new range now and then; the rest are increments
    assert chart.n == len(world.series["t_s"])
    px = pygame.surfarray.array3d(chart.surf)
    assert (np.abs(px.astype(int) - DARK.delivered).sum(axis=2) < 30).sum() > 100  # the area trace is there


def test_the_charts_steps_line_up_with_the_event_marks(drawn):
    world, chart, _ = drawn
    px = pygame.surfarray.array3d(chart.surf).astype(int)  # (x, y, rgb)
    alpha = pygame.surfarray.array_alpha(chart.surf)
    _, area_box, _ = chart.layout(chart.surf.get_size(), len(kinds_for(world)))
    trace = (np.abs(px - DARK.delivered).sum(axis=2) < 30) & (alpha > 0)
    box = trace[:, area_box.top:area_box.bottom]
    # a step: a column where the trace spans 4 px or more vertically (a vertical edge)
    span = np.where(box.any(axis=1), box.shape[1] - np.argmax(box[:, ::-1], axis=1) - np.argmax(box, axis=1), 0)
    steps = np.flatnonzero(span >= 4)
    marks = np.zeros(px.shape[0], dtype=bool)
    steps_in_area = {"full_fusion", "compound_fusion", "recycling", "lysosome_exocytosis", "endocytosis"}
    for name, _shape, colour, _label, row in MARKS:  # every kind that changes the area has its mark
        if name in steps_in_area and name in kinds_for(world):
            band = px[:, row * MARK_ROW_PX: (row + 1) * MARK_ROW_PX + 2]
            marks |= (np.abs(band - colour_of(DARK, colour)).sum(axis=2) < 30).any(1)
    assert steps.size >= 3 and marks.any()
    near = np.array([marks[max(0, x - 4): x + 5].any() for x in steps])
    assert near.all(), steps[~near]  # every step in the area trace has an event's mark above it
    fused = np.flatnonzero(np.diff(world.series["events"]["full_fusion"]) > 0) + 1
    xs = chart.x_of(np.asarray(world.series["t_s"])[fused])
    xs = xs[xs >= 0].round().astype(int)
    assert xs.size >= 2 and all(span[max(0, x - 2): x + 3].max() >= 2 for x in xs)  # each fusion: a step up


def test_the_compare_view_and_recordings_show_the_chart(monkeypatch):
    from exoviz.render import compare

    strips = []
    real = compare.draw_strip
    monkeypatch.setattr(compare, "draw_strip", lambda *a: strips.append(a[2]) or real(*a))
    opts = parse(["--headless", "--duration", "1", "--chart", "--seed", "2", "--size", "1280x720"])
    s = Session(opts)
    assert s.layers.chart and parse(["--record", "v.mp4", "--duration", "1"]).chart is False
    win = Window(s, pygame.Surface((1280, 720)), opts, windowed=False)
    s.apply(Command("compare"))
    for _ in range(30):
        win.frame(1 / 60)
    assert strips and strips[-1] is s.compare_worlds  # one chart strip for the three panels
    s.apply(Command("compare"))
    s.apply(Command("toggle_clean"))  # what a recording draws
    win.frame(1 / 60)
    assert chart_for(s.world).surf is not None and win.renderer.rects


def test_the_wound_tool_wounds_where_the_membrane_is_clicked():
    app = make_app()
    s = app.session
    post_key(app, pygame.K_w)
    assert s.wound_tool
    y = int(s.camera.y_to_screen(s.world.scene.membrane_y))
    click(app, (200, y + 120))  # into the cytosol: not the membrane
    assert s.world.turnover.wounds.open is None and "click on the plasma membrane" in s.message
    click(app, (300, y))
    assert s.world.turnover.wounds.open is not None and not s.wound_tool
    assert s.world.events["wound"] == 1


def test_the_balance_and_calcium_buttons_say_their_state():
    app = make_app()
    b = app.controls.buttons["balance"]
    assert b.text == "Balance on"
    click(app, b.rect.center)
    assert app.session.params.balance == 0 and app.controls.buttons["balance"].text == "Balance off"
    c = app.controls.buttons["calcium"]
    click(app, c.rect.center)
    assert app.session.params.calcium == 0 and app.controls.buttons["calcium"].text == "Ca²⁺ off"
    click(app, app.controls.buttons["Wound"].rect.center)
    assert app.session.wound_tool
    app.session.apply(Command("mode", "kiss-and-run"))
    for _ in range(2):  # a new mode's column widgets come the frame after its world
        app.frame(1 / 60)
    assert "balance" not in app.controls.buttons  # the synapse: no pits, no wounds


def test_a_script_wounds_sets_balance_and_asks_for_the_chart(tmp_path):
    script = tmp_path / "w.toml"
    script.write_text('mode = "full-fusion"\nduration = 3.0\nchart = true\n[params]\nbalance = false\n'
                      'endocytosis_rate = 0.2\n[[events]]\nat = 1.0\nwound = { x_nm = 4000.0 }\n'
                      '[[events]]\nat = 2.0\nset = { calcium = 0 }\n')
    assert parse(["--script", str(script), "--headless"]).chart
    stats = tmp_path / "s.json"
    assert cli.main(["--script", str(script), "--headless", "--quiet", "--stats", str(stats)]) == 0
    d = json.loads(stats.read_text())
    assert d["events"]["wound"] == 1 and d["turnover"]["balance"] is False
    assert d["turnover"]["endocytosis_rate_um2_s"] == 0.2 and d["turnover"]["calcium_outside"] is False
    wound = d["turnover"]["wounds"][0]
    assert wound["opened_s"] == pytest.approx(1.0, abs=0.02) and abs(wound["x_nm"] - 4000.0) <= 2000.0


def test_the_chart_keeps_the_whole_run_on_an_axis_that_doubles():
    """Past the first 20 playback seconds the axis doubles (the start stays at x = 0); inside the axis nothing
    moves, so the surface is only added to."""
    world = World(Params(mode="full-fusion", seed=1, vesicles=12))
    renderer = Renderer(DARK)
    screen = pygame.Surface((900, 500))
    rect = pygame.Rect(100, 100, 700, 360)
    chart = chart_for(world)
    at_10 = None
    for k in range(25 * 60):
        world.step()
        if (k + 1) % SAMPLE_EVERY == 0:
            draw_chart(screen, renderer, world, rect)
            if at_10 is None and world.t >= 10.0:
                at_10, draws_10 = float(chart.x_of(np.array([5.0]))[0]), chart.full_draws
            if abs(world.t - 19.5) < 1e-6:
                assert float(chart.x_of(np.array([5.0]))[0]) == at_10  # fixed while inside the axis
                assert chart.full_draws <= draws_10 + 2
    assert chart.t_end == 40.0 and world.t > 20.0
    t = np.asarray(world.series["t_s"])
    x = chart.x_of(t)
    assert x[0] == 0.0 and x.max() <= chart.surf.get_width() - 1  # the whole run is in view
    assert chart.full_draws <= 10, chart.full_draws


def test_ctrl_g_keeps_a_trace_drawn_dashed_and_again_drops_it():
    app = make_app()
    s = app.session
    for _ in range(240):
        app.frame(1 / 60)
    post_key(app, pygame.K_g, mod=pygame.KMOD_CTRL)
    assert s.chart_ref is not None and s.layers.chart and "kept" in s.message
    s.apply(Command("reset"))
    for _ in range(30):
        app.frame(1 / 60)
    chart = chart_for(s.world)
    px = pygame.surfarray.array3d(chart.surf).astype(int)
    alpha = pygame.surfarray.array_alpha(chart.surf)
    _, area_box, _ = chart.layout(chart.surf.get_size(), len(kinds_for(s.world)))
    kept = (np.abs(px - app.theme.text).sum(axis=2) < 30) & (alpha > 0)
    cols = np.flatnonzero(kept[:, area_box.top:area_box.bottom].any(axis=1))
    gaps = np.diff(cols)
    assert cols.size > 20 and (gaps > 1).any()  # drawn, and in dashes
    post_key(app, pygame.K_g, mod=pygame.KMOD_CTRL)
    assert s.chart_ref is None


def test_the_chart_speaks_the_language_of_the_session():
    from exoviz.i18n import set_language
    from exoviz.render.chart import MARKS

    world = World(Params(mode="full-fusion", seed=2, cell="macrophage"))
    for _ in range(120):
        world.step()
    renderer = Renderer(DARK)
    drawn: list[str] = []
    real = renderer.text.render

    def spy(text, *a, **k):
        drawn.append(str(text))
        return real(text, *a, **k)

    renderer.text.render = spy
    set_language("es")
    try:
        draw_chart(pygame.Surface((1000, 600)), renderer, world, pygame.Rect(0, 0, 900, 500))
    finally:
        set_language("en")
    words = " ".join(drawn)
    assert "endocitosis" in words and "reciclaje" in words and "tiempo simulado" in words.lower()
    for key, _s, _c, label, _r in MARKS:
        if key in kinds_for(world):
            assert label not in drawn, label  # no English legend left


def test_the_compare_view_has_one_chart_strip_and_bars_per_release():
    from exoviz.render.compare_chart import draw_strip, per_release

    opts = parse(["--headless", "--duration", "1", "--chart", "--seed", "2", "--size", "1280x720"])
    s = Session(opts)
    win = Window(s, pygame.Surface((1280, 720)), opts, windowed=False)
    s.apply(Command("compare"))
    for k in range(360):  # 6 s with three stimuli: releases in every panel by then (a granule's pore now
        if k % 120 == 60:  # dilates, and its full fusion counts, up to ~2 s after its stimulus)
            s.apply(Command("stimulate"))
        if k < 350:
            s.tick(1 / 60)  # what win.frame does to the model, without drawing (the drawing is the cost)
        else:
            win.frame(1 / 60)  # the last frames drawn
    worlds = s.compare_worlds
    assert all(chart_for(w).surf is None for w in worlds)  # no chart over any panel ...
    boxes = draw_strip(win.screen, win.renderer, worlds, pygame.Rect(0, 400, 900, 200))  # ... one strip
    assert len(boxes) == 1 + 2 * len(worlds)
    for i, a in enumerate(boxes):
        assert all(not a.colliderect(b) for b in boxes[i + 1:]), (a, boxes)
    ff = next(w for w in worlds if w.params.mode == "full-fusion")
    each, n = per_release(ff)
    assert n > 0 and abs(each * n - ff.ledger.added_by["full_fusion"]) < 1e-9
    kr = next(w for w in worlds if w.params.mode == "kiss-and-run")
    each_kr, n_kr = per_release(kr)
    assert n_kr > 0 and each_kr < 0.01  # a synaptic release adds (almost) nothing: a kiss adds none


@pytest.mark.parametrize("t_end", [0.4, 20.0, 40.0, 400.0, 1600.0, 7200.0])
def test_time_ticks_are_round_and_few(t_end):
    from exoviz.render.chart_frame import time_text, time_ticks

    ticks = time_ticks(t_end)
    assert 3 <= ticks.size <= 7 and ticks[0] == 0.0 and ticks[-1] <= t_end + 1e-9
    labels = [time_text(float(t), t_end) for t in ticks]
    assert all("." not in lab for lab in labels), labels  # whole ms, s or min
