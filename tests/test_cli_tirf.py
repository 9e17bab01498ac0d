"""exoviz.cli_tirf: --tirf and --tirf-region open the TIRF view; bad regions exit 2 with one line, before any step."""

from __future__ import annotations

import json

import pytest

from exoviz import cli
from exoviz.sim.world import World


@pytest.mark.parametrize("value", ["", "2", "3:2", "2:2", "-1:2", "a:b", "2:99", "1:2:3", "nan:2", "2:inf"])
def test_bad_region_exits_2_with_one_line(value: str, capsys, monkeypatch) -> None:
    monkeypatch.setattr(World, "step", lambda self: (_ for _ in ()).throw(AssertionError("stepped")))
    code = cli.main(["--headless", "--duration", "1", "--tirf-region", value])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("exoviz: ") and "--tirf-region" in lines[0], err
    assert "Traceback" not in err


def test_region_and_flag_reach_the_options() -> None:
    opts = cli.parse(["--headless", "--duration", "1", "--tirf-region", "2:3.5"])
    assert opts.tirf and opts.tirf_region == (2.0, 3.5)
    plain = cli.parse(["--headless", "--duration", "1", "--tirf"])
    assert plain.tirf and plain.tirf_region is None
    assert not cli.parse(["--headless", "--duration", "1"]).tirf


def test_headless_stats_hold_the_tirf_block(tmp_path) -> None:
    out = tmp_path / "s.json"
    assert cli.main(["--headless", "--duration", "6", "--tirf-region", "1:3", "--stats", str(out), "--quiet"]) == 0
    tirf = json.loads(out.read_text())["tirf"]
    assert tirf["probe"] == "VAMP2-pHluorin" and tirf["region_um"] == [1.0, 3.0]
    assert tirf["flashes"] == len(tirf["events"]) and tirf["ratio_ph74_ph55"] == 20.0
    assert tirf["peak_dff"] >= 0.0
    out2 = tmp_path / "plain.json"
    assert cli.main(["--headless", "--duration", "1", "--stats", str(out2), "--quiet"]) == 0
    assert "tirf" not in json.loads(out2.read_text())  # only when the view is on
