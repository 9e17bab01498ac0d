"""--repeat N (exoviz/repeat.py): the scene headless over N seeds, control and treated or each dose, a summary CSV
with each run and the mean and sd of each condition."""

from __future__ import annotations

import csv

from exoviz.cli import main
from exoviz.repeat import FIGURES, slope, summary_csv


def _rows(path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_repeat_writes_each_run_then_mean_and_sd_of_control_and_treated(tmp_path, capsys):
    out = tmp_path / "sum.csv"
    code = main(["--repeat", "2", "--duration", "3", "--cell", "neuron", "--experiment", "dynasore", "--csv",
                 str(out), "--quiet"])
    assert code == 0
    rows = _rows(out)
    assert [(r["condition"], r["seed"]) for r in rows] == [
        ("control", "0"), ("control", "1"), ("dynasore", "0"), ("dynasore", "1"),
        ("control", "mean"), ("control", "sd"), ("dynasore", "mean"), ("dynasore", "sd")]
    runs = [r for r in rows if r["seed"] in ("0", "1")]
    assert all(float(r["releases"]) >= 0 for r in runs) and set(FIGURES) <= set(rows[0])
    mean = next(r for r in rows if r["condition"] == "control" and r["seed"] == "mean")
    assert float(mean["releases"]) == (float(runs[0]["releases"]) + float(runs[1]["releases"])) / 2
    assert "4 runs (2 seeds × 2 conditions)" in capsys.readouterr().err


def test_a_dose_response_comes_from_the_same_command(tmp_path, capsys):
    out = tmp_path / "dose.csv"
    assert main(["--repeat", "1", "--duration", "2", "--cell", "neuron", "--doses", "1,2", "--csv", str(out),
                 "--quiet"]) == 0
    rows = _rows(out)
    assert [r["calcium_mM"] for r in rows[:2]] == ["1.0", "2.0"]
    assert "calcium 1 mM" in capsys.readouterr().err


def test_bad_repeat_input_is_one_line(tmp_path, capsys):
    for argv in (["--repeat", "0", "--duration", "1", "--csv", str(tmp_path / "a.csv")],
                 ["--repeat", "2", "--duration", "1"],
                 ["--repeat", "2", "--duration", "1", "--csv", str(tmp_path / "b.csv"), "--doses", "1,x"],
                 ["--doses", "1,2"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_summary_and_slope_arithmetic():
    rows = [("c", 0, 2.0, dict.fromkeys(FIGURES, 1.0)), ("c", 1, 2.0, dict.fromkeys(FIGURES, 3.0))]
    text = summary_csv(rows).decode().splitlines()
    assert text[3].startswith("c,mean,2.0,2.0") and text[4].startswith("c,sd,2.0,1.414214")
    assert slope([0.5, 1.0, 2.0], [0.0, 1.0, 16.0]) == 4.0 and slope([1.0], [3.0]) is None
