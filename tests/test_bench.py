"""The benchmark runs end to end (tiny sizes) and its JSON carries every figure; the Python reference is honest."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from exoviz.bench.discs import Discs, PythonLoop, discs_of, full_fusion_world, pymunk_space

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_bench(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, "-m", "exoviz.bench", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_quick_json_has_every_section_with_positive_numbers():
    proc = run_bench("--quick", "--json")
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    phys = res["physics"]
    assert [r["vesicles"] for r in phys] == [200, 1000]
    for r in phys:
        assert r["exoviz_ms"] > 0 and r["python_ms"] > 0 and r["discs"] > 0
        assert r["python_over_exoviz"] == pytest.approx(r["python_cpu_ms"] / r["exoviz_cpu_ms"])  # CPU times
        assert (r["pymunk_ms"] is None) == ("physics_note" in res)
    assert {m["mode"] for m in res["modes"]} == {"full-fusion", "kiss-and-run", "exosome"}
    assert all(m["step_ms"] > 0 and isinstance(m["meets_40ms"], bool) for m in res["modes"])
    fr = res["frames"][0]
    assert fr["size"] == "640x360" and fr["dots"] >= 1000 and fr["frame_ms"] > 0 and fr["draw_ms"] > 0
    cmp = res["compare"][0]  # the control-beside-treatment view, with its single view as the peer
    assert cmp["experiment"] == "botulinum-a" and cmp["median_cpu_ms"] > 0 and cmp["single_median_cpu_ms"] > 0
    assert cmp["ratio"] == pytest.approx(cmp["median_cpu_ms"] / cmp["single_median_cpu_ms"])
    ex = res["export"][0]
    assert ex["runs"] == 1 and ex["realtime_x"] > 0 and ex["bytes"] > 0
    assert {p["input"] for p in res["presets"]} == {"array", "surface"}
    assert 0 < res["startup"]["first_frame_s"] < 60
    assert [r["press"] for r in res["respond"]] == ["reset (R)", "mode 3 exosome", "Page Down"]
    assert all(r["worst_ms"] > 0 and r["worst_cpu_ms"] > 0 and isinstance(r["meets_50ms"], bool)
               for r in res["respond"])
    assert res["machine"]["reference_ms_at_start"] > 0 and res["reference_ms_at_end"] > 0  # the host's speed


def test_text_report_and_bad_section():
    proc = run_bench("--quick", "--only", "physics,frames")
    assert proc.returncode == 0, proc.stderr
    assert "pymunk/exoviz" in proc.stdout and "Whole frame" in proc.stdout and "Export" not in proc.stdout
    assert "host speed: a fixed reference work took" in proc.stdout
    bad = run_bench("--only", "physics,warp")
    assert bad.returncode == 2 and "unknown section 'warp'" in bad.stderr and "Traceback" not in bad.stderr


def test_discs_are_the_worlds_live_bodies():
    w = full_fusion_world(300, warmup_steps=2)
    d = discs_of(w)
    live = np.flatnonzero(w.ves.alive)
    assert np.array_equal(d.pos, w.ves.pos[live]) and np.array_equal(d.radius, w.ves.radius[live])
    assert d.box == tuple(float(c) for c in w.scene.cyto) and d.dt == w.dt and d.sigma > 0


def crowded(n: int = 60) -> Discs:
    rng = np.random.default_rng(0)
    pos = rng.uniform(100.0, 400.0, (n, 2))
    return Discs(pos, np.full(n, 40.0), np.zeros((n, 2)), (0.0, 0.0, 500.0, 500.0), 0.0, 1 / 60)


def overlap_sum(pos: list, r: float) -> float:
    p = np.asarray(pos)
    d = np.hypot(*(p[:, None, :] - p[None, :, :]).transpose(2, 0, 1))  # tiny test set: n x n is fine here
    iu = np.triu_indices(len(p), 1)
    return float(np.maximum(2 * r + 1.0 - d[iu], 0).sum())


def test_python_reference_pushes_overlaps_apart_and_stays_in_the_box():
    d = crowded()
    before = overlap_sum(d.pos, 40.0)
    ref = PythonLoop(d)
    for _ in range(30):
        ref.step()
    p = np.asarray(ref.pos)
    assert overlap_sum(ref.pos, 40.0) < 0.2 * before
    assert p.min() >= 0.0 and p.max() <= 500.0  # clamped to the box, then pushed at most half an overlap
    assert not math.isnan(p.sum())


def test_pymunk_peer_moves_the_discs_when_installed():
    pytest.importorskip("pymunk")
    d = crowded()
    space = pymunk_space(d)
    assert space is not None and len(space.bodies) == len(d.radius)
    for _ in range(30):
        space.step()
    moved = [tuple(b.position) for b in space.bodies]
    assert overlap_sum(moved, 40.0) < 0.5 * overlap_sum(d.pos, 40.0)  # pymunk's solver separates them too


def test_peers_are_timed_in_turns_each_after_an_untimed_call():
    from exoviz.bench.timing import interleaved

    log: list[str] = []
    got = interleaved([lambda: log.append("a"), lambda: log.append("b")], repeats=7, block=3)
    # rounds of 3, 3 and 1 timed calls, each peer's turn opened by one untimed call
    assert "".join(log) == "aaaabbbb" * 2 + "aabb"
    assert len(got) == 2 and all(w >= 0.0 and c >= 0.0 for w, c in got)
