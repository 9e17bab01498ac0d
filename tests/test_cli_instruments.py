"""--electrode and --amperometry (exoviz.cli_instruments): a headless chromaffin run writes the trace
(t_ms,current_pA at 10 kHz), its events beside it (PATH-events.csv) and the same events in the stats under
`amperometry`; a second run never replaces them silently."""

import csv
import json

import pytest

from exoviz.cli import main


def test_amperometry_outputs_agree_and_are_never_overwritten_silently(tmp_path, capsys) -> None:
    trace, stats = tmp_path / "amp.csv", tmp_path / "s.json"
    args = ["--headless", "--cell", "chromaffin", "--seed", "1", "--electrode", "6", "--duration", "7",
            "--amperometry", str(trace), "--stats", str(stats), "--quiet"]
    assert main(args) == 0
    rows = trace.read_text().splitlines()
    assert rows[0] == "t_ms,current_pA"
    t = [float(r.split(",")[0]) for r in rows[1:3]]
    assert t[1] - t[0] == pytest.approx(0.1)  # 10 kHz
    assert len(rows) - 1 == pytest.approx(7 / 1e-4, abs=2)
    with open(tmp_path / "amp-events.csv") as f:
        events = list(csv.DictReader(f))
    recorded = json.loads(stats.read_text())["amperometry"]["events"]
    assert len(events) == len(recorded) >= 3
    assert [int(e["molecules"]) for e in events] == [e["molecules"] for e in recorded]
    assert {e["kind"] for e in events} <= {"full", "transient"}
    before = trace.read_bytes()
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--overwrite" in err and len(err.strip().splitlines()) == 1
    assert trace.read_bytes() == before
