"""The experiment registry (exoviz/experiments.py): one table reachable by flag, script and menu; wrong mode or
cell and clashing pairs refused before any step, with one line; the panel, stats, CSV and captions say them."""

from __future__ import annotations

import json

import pygame
import pygame_gui
import pytest

from exoviz import experiment_text
from exoviz.captions import subtitle
from exoviz.cli import main, parse
from exoviz.commands import Command
from exoviz.experiments import EXPERIMENTS, applies, available, clash, problem
from exoviz.export.series_csv import series_csv
from exoviz.modes import CELLS, MODES
from exoviz.options import UsageError
from exoviz.session import Session
from exoviz.sim.world import World


def a_cell(name: str) -> str:
    """A cell the experiment applies to."""
    return next(c.name for c in CELLS.values() if applies(name, c.mode, c.name))


def test_every_entry_is_complete_and_its_clashes_are_known():
    for e in EXPERIMENTS.values():
        assert e.modes and set(e.modes) <= set(MODES)
        assert all(CELLS[c].mode in e.modes for c in e.cells)
        assert set(e.clashes) <= set(EXPERIMENTS) and e.name not in e.clashes
        assert e.label and e.target and e.shows and e.source
    assert clash("egta", "bapta") and clash("bapta", "egta") and not clash("dynasore", "bafilomycin")


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_each_experiment_is_reachable_by_flag(name):
    opts = parse(["--headless", "--duration", "1", "--cell", a_cell(name), "--experiment", name])
    assert name in opts.params.applied and opts.params.has(name)


def test_calcium_off_is_the_calcium_free_experiment():
    opts = parse(["--headless", "--duration", "1", "--calcium", "off"])
    assert opts.params.applied == ("calcium-free",)
    assert parse(["--headless", "--duration", "1", "--experiment", "calcium-free"]).params.calcium == 0


@pytest.mark.parametrize("argv, says", [
    (["--experiment", "nope"], "unknown experiment 'nope'; choose one of: calcium-free"),
    (["--experiment", "gw4869"], "does not apply to beta-cell"),
    (["--cell", "fibroblast", "--experiment", "botulinum-a"], "does not apply to fibroblast"),
    (["--experiment", "egta", "--experiment", "bapta"], "clash"),
    (["--calcium", "off", "--experiment", "bapta"], "clash"),
    (["--experiment", "dynasore", "--experiment", "dynasore"], "given twice"),
    (["--compare-experiment", "rab27a-knockdown"], "does not apply"),
    (["--compare-experiment", "dynasore", "--walkthrough", "slides/"], "leave out --compare-experiment"),
])
def test_bad_experiments_are_one_line_exit_2_before_any_step(tmp_path, capsys, monkeypatch, argv, says):
    steps = []
    monkeypatch.setattr(World, "step", lambda self: steps.append(1))
    out = tmp_path / "s.json"
    assert main(["--headless", "--duration", "1", "--stats", str(out), *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists() and steps == []


def test_the_table_refuses_wrong_mode_cell_and_clashes():
    assert problem(("dynasore", "bafilomycin"), "kiss-and-run", "neuron") is None
    assert "does not apply" in problem(("bafilomycin",), "full-fusion", "beta-cell")
    assert "clash" in problem(("egta", "bapta"), "kiss-and-run", "neuron")
    assert [e.name for e in available("exosome", "dendritic-cell")] == [
        "calcium-free", "dynasore", "nocodazole", "gw4869", "rab27a-knockdown"]


def _script(tmp_path, body: str):
    path = tmp_path / "s.toml"
    path.write_text('mode = "kiss-and-run"\nduration = 2\n' + body)
    return str(path)


def test_scripts_apply_experiments_and_events_add_or_remove_one(tmp_path):
    path = _script(tmp_path, 'experiments = ["dynasore"]\n[[events]]\nat = 0.5\nexperiment = { add = "bafilomycin" }\n'
                             '[[events]]\nat = 1.0\nexperiment = { remove = "dynasore" }\n')
    opts = parse(["--headless", "--duration", "2", "--script", path])
    assert opts.params.applied == ("dynasore",)
    s = Session(opts)
    for _ in range(45):
        s.tick(1 / 60, realtime=False)
    assert s.params.applied == ("dynasore", "bafilomycin") and s.world.since["bafilomycin"] > 0
    for _ in range(30):
        s.tick(1 / 60, realtime=False)
    assert s.params.applied == ("bafilomycin",)
    assert parse(["--headless", "--duration", "2", "--script", path, "--experiment", "egta"]).params.applied == (
        "egta",)  # a flag given beats the script's list


@pytest.mark.parametrize("body, says", [
    ('experiments = ["nope"]\n', "experiments must be one of"),
    ('experiments = "dynasore"\n', "experiments must be a list"),
    ('experiments = ["gw4869"]\n', "does not apply"),
    ('experiments = ["egta"]\n[[events]]\nat = 1\nexperiment = { add = "bapta" }\n', "clash"),
    ('[[events]]\nat = 1\nexperiment = { add = "x" }\n', "must be one of"),
])
def test_bad_script_experiments_are_refused_before_the_run(tmp_path, body, says):
    with pytest.raises(UsageError, match=says):
        parse(["--headless", "--duration", "2", "--script", _script(tmp_path, body)])


def test_a_refused_command_in_the_window_says_why_and_changes_nothing():
    s = Session(parse(["--headless", "--duration", "1", "--cell", "neuron", "--experiment", "egta"]))
    before = s.params
    s.apply(Command("experiment", ("bapta", True)))
    assert s.params == before and "clash" in s.message
    s.apply(Command("experiment", ("egta", False)))
    assert s.params.applied == ()


def test_panel_stats_csv_captions_and_subtitles_name_the_experiments():
    s = Session(parse(["--headless", "--duration", "1", "--cell", "neuron", "--experiment", "bafilomycin"]))
    for _ in range(20):
        s.tick(1 / 60, realtime=False)
    s.apply(Command("experiment", ("dynasore", True)))
    for _ in range(20):
        s.tick(1 / 60, realtime=False)
    w = s.world
    stats = json.loads(json.dumps(w.stats()))
    assert [e["name"] for e in stats["experiments"]] == ["bafilomycin", "dynasore"]
    assert stats["experiments"][0]["since_s"] == 0 < stats["experiments"][1]["since_s"]
    rows = series_csv(w.series).decode().splitlines()
    assert rows[0].endswith(",experiments") and rows[1].endswith(",bafilomycin")
    assert rows[-1].endswith(",bafilomycin+dynasore")
    lines = experiment_text.panel_lines(w)
    assert lines[0].startswith("Experiment: Bafilomycin A1, from the start") and "since t =" in lines[2]
    assert "Zhou et al. 2000" in experiment_text.strip_notes(w)[0]
    assert "Bafilomycin A1 + Dynasore" in subtitle(w, s.hud())


def _app(cell: str):
    from exoviz.ui.window import Window

    opts = parse(["--headless", "--duration", "1", "--size", "1280x720", "--cell", cell])
    app = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
    pygame.event.clear()
    app.frame(1 / 60)
    return app


def _pick(app, option: str) -> None:
    menu = app.controls.experiment_menu
    assert menu is not None
    pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu, text=option,
                                         selected_option_id=option))
    for _ in range(3):
        app.frame(1 / 60)


@pytest.mark.usefixtures("pygame_display")
@pytest.mark.parametrize("cell", ["beta-cell", "neuron", "dendritic-cell"])
def test_every_experiment_is_reachable_from_the_menu(cell):
    app = _app(cell)
    s = app.session
    names = [e.name for e in available(s.params.mode, cell)]
    ids = [opt[1] for opt in app.controls.experiment_menu.options_list]
    assert set(names) <= set(ids) and "compare" in ids
    for name in names:
        if any(clash(name, other) for other in s.params.applied):
            continue
        _pick(app, name)
        assert s.params.has(name), name
        shown = dict((i, t) for t, i in app.controls.experiment_menu.options_list)
        assert shown[name].startswith("- "), shown[name]  # the menu was built again: now it removes it
    _pick(app, "compare")
    assert s.treating and len(s.compare_worlds) == 2


def test_another_cell_keeps_only_the_experiments_that_act_there():
    s = Session(parse(["--headless", "--duration", "1", "--cell", "neuron", "--experiment", "bafilomycin",
                       "--experiment", "dynasore"]))
    s.apply(Command("cell", "beta-cell"))
    assert s.params.applied == ("dynasore",) and s.world.params.applied == ("dynasore",)
    s.apply(Command("compare"))
    assert [w.params.applied for w in s.compare_worlds] == [("dynasore",)] * 3


def test_a_saved_setup_keeps_the_experiments(tmp_path):
    from exoviz.export.script_save import setup_toml

    s = Session(parse(["--headless", "--duration", "1", "--cell", "neuron", "--experiment", "bafilomycin",
                       "--calcium-mm", "1.5"]))
    path = tmp_path / "setup.toml"
    path.write_text(setup_toml(s))
    again = parse(["--headless", "--duration", "1", "--script", str(path)]).params
    assert again.experiments == ("bafilomycin",) and again.calcium_mm == 1.5


def test_the_calcium_toggle_is_refused_while_a_buffer_is_applied():
    s = Session(parse(["--headless", "--duration", "1", "--cell", "neuron", "--experiment", "egta"]))
    s.apply(Command("toggle_value", "calcium"))
    assert s.params.calcium == 1 and "clash" in s.message
    s.apply(Command("experiment", ("egta", False)))
    s.apply(Command("toggle_value", "calcium"))
    assert s.params.applied == ("calcium-free",)
