"""The bench guards its figures: --record-baseline keeps a run on this machine, --check lists figures 25 % worse."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from exoviz.bench import baseline

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

RUN = {"machine": {"load_at_start": 1.0},
       "physics": [{"vesicles": 10_000, "exoviz_cpu_ms": 2.0, "pymunk_over_exoviz": 6.0, "python_over_exoviz": 14.0}],
       "scenes": [{"cell": "beta-cell", "size": "1920x1080", "theme": "projector", "median_cpu_ms": 10.0,
                   "p90_cpu_ms": 12.0}],
       "respond": [{"mode": "full-fusion", "press": "theme (T)", "worst_cpu_ms": 30.0}]}


def test_figures_worse_by_more_than_a_quarter_are_listed_both_ways(tmp_path):
    where, n = baseline.record(RUN, tmp_path / "b.json")
    assert n == 6 and where.exists()
    base = baseline.load(where)
    same, compared = baseline.compare(RUN, base)
    assert same == [] and compared == 6
    later = json.loads(json.dumps(RUN))
    later["scenes"][0]["p90_cpu_ms"] = 15.1  # 26 % slower: reported
    later["scenes"][0]["median_cpu_ms"] = 12.4  # 24 % slower: within the margin
    later["physics"][0]["pymunk_over_exoviz"] = 4.7  # a ratio where higher is better: 28 % worse
    later["respond"][0]["worst_cpu_ms"] = 10.0  # better
    worse, _ = baseline.compare(later, base)
    assert len(worse) == 2
    assert any("p90 CPU ms" in w and "26 % worse" in w for w in worse)
    assert any("pymunk/exoviz" in w for w in worse)


def test_a_keys_worst_frame_is_reported_only_above_its_floor(tmp_path):
    base = baseline.load(baseline.record(RUN, tmp_path / "b.json")[0])
    later = json.loads(json.dumps(RUN))
    later["respond"][0]["worst_cpu_ms"] = baseline.FLOORS["respond "] - 1  # 30 -> 24 ms: better anyway
    assert baseline.compare(later, base)[0] == []
    base["respond full-fusion theme (T) worst CPU ms"]["value"] = 10.0
    assert baseline.compare(later, base)[0] == []  # 10 -> 24 ms: one noisy frame, under the floor
    later["respond"][0]["worst_cpu_ms"] = 40.0
    [line] = baseline.compare(later, base)[0]  # 10 -> 40 ms: over the floor, reported
    assert "theme (T)" in line and "300 % worse" in line


def test_recording_keeps_figures_the_run_did_not_measure(tmp_path):
    where = tmp_path / "b.json"
    baseline.record(RUN, where)
    baseline.record({"respond": [{"mode": "full-fusion", "press": "theme (T)", "worst_cpu_ms": 40.0}]}, where)
    base = baseline.load(where)
    assert base["respond full-fusion theme (T) worst CPU ms"]["value"] == 40.0
    assert base["physics 10000 exoviz CPU ms"]["value"] == 2.0


def run_bench(*args: str, baseline_file) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", EXOVIZ_BENCH_BASELINE=str(baseline_file))
    return subprocess.run([sys.executable, "-m", "exoviz.bench", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_check_without_a_baseline_is_one_line_and_with_one_lists_what_got_worse(tmp_path):
    where = tmp_path / "cache" / "baseline.json"
    none = run_bench("--quick", "--only", "frames", "--check", baseline_file=where)
    assert none.returncode == 2 and "--record-baseline" in none.stderr and "Traceback" not in none.stderr
    rec = run_bench("--quick", "--only", "frames", "--record-baseline", baseline_file=where)
    assert rec.returncode == 0, rec.stderr
    assert "Frames as shown in a lecture" in rec.stdout and "baseline:" in rec.stdout
    base = json.loads(where.read_text())
    assert any(k.startswith("scene beta-cell 640x360 projector") for k in base)
    for fig in base.values():  # pretend the machine was ten times faster when it was recorded
        fig["value"] /= 10
    where.write_text(json.dumps(base))
    chk = run_bench("--quick", "--only", "frames", "--check", baseline_file=where)
    assert chk.returncode == 1, chk.stderr
    assert "more than 25 % worse:" in chk.stdout and "scene beta-cell 640x360 projector p90 CPU ms" in chk.stdout
