"""Slow tier: the signal table of issue 24. Every kind of run (headless with stats and CSV, MP4, GIF, PNG frames,
the walk-through at a small and at the largest pools), signalled at a fixed point (a handshake: a line, a work
file, a slide) to the process and to its group, once and twice within 100 ms; then a sample at many instants
with real timing under a CPU hog. Each: exit 130/143/129, no traceback, no work file, and every output the
last line says was saved decodes or parses.

Run: python -m pytest -m slow -s -n 0 tests/test_signals_matrix.py (prints the table with the time from the
signal to the exit of each run)."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time

import imageio_ffmpeg
import pytest

from tests.signal_runs import EXIT, Run, growing, work_files, work_folder

SIGS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PROGRESS = r"^exoviz: simulating [\d.]+ of \d+ s of playback"


def kinds(tmp) -> dict[str, tuple[list[str], object]]:
    """kind -> (arguments, readiness check)."""
    small = ["--size", "320x240"]
    return {
        "headless": (["--headless", "--duration", "36000", "--stats", f"{tmp}/s.json", "--csv", f"{tmp}/c.csv",
                      "--screenshot", f"{tmp}/p.png", *small], None),
        "mp4": (["--record", f"{tmp}/v.mp4", "--duration", "600", "--fps", "10", "--stats", f"{tmp}/s.json",
                 "--quiet", *small], growing(tmp, ".mp4")),
        "gif": (["--record", f"{tmp}/v.gif", "--duration", "600", "--fps", "10", "--quiet", *small],
                growing(tmp, ".mkv")),
        "png": (["--record", f"{tmp}/frames/", "--duration", "600", "--fps", "10", "--csv", f"{tmp}/c.csv",
                 "--quiet", *small], work_folder(tmp, "frame_000005.png")),
        "walk-small": (["--walkthrough", f"{tmp}/slides/", "--mode", "kiss-and-run", "--quiet", *small],
                       work_folder(tmp, "slide_01.png")),
        "walk-largest": (["--walkthrough", f"{tmp}/slides/", "--vesicles", "100000", "--quiet", *small],
                         work_folder(tmp)),
        "walk-exosome-largest": (["--walkthrough", f"{tmp}/slides/", "--mode", "exosome", "--vesicles", "1500",
                                  "--quiet", *small], work_folder(tmp)),
    }


def frames_in(path: str) -> int:
    gen = imageio_ffmpeg.read_frames(path)
    next(gen)
    return sum(1 for _ in gen)


def check_saved(tmp, err: str) -> None:
    """Every output on disk is whole and named as saved; nothing named as saved is missing."""
    for name in os.listdir(tmp):
        path = os.path.join(tmp, name)
        assert path in err, (path, err)
        if name.endswith((".mp4", ".gif")):
            assert frames_in(path) > 0
        elif name.endswith(".json"):
            assert json.loads(open(path).read())["playback_s"] >= 0
        elif name.endswith(".csv"):
            assert open(path).readline().startswith("t_s,")
        elif name.endswith(".png"):
            assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
        elif name == "frames":
            assert all(open(os.path.join(path, f), "rb").read(4) == b"\x89PNG" for f in os.listdir(path))
        elif name == "slides":
            steps = json.loads(open(os.path.join(path, "steps.json")).read())["steps"]
            assert sorted(os.listdir(path)) == sorted(["steps.json", *(s["slide"] for s in steps)])
    for m in re.finditer(r"saved ((?:/\S+?(?:, |;|$))+)", err, re.M):
        for p in re.split(r", |;", m.group(1)):
            if p.strip():
                assert os.path.exists(p.strip()), (p, err)


ROWS: list[str] = []
CASES = [(k, group, twice) for k in ("headless", "mp4", "gif", "png", "walk-small", "walk-largest",
                                     "walk-exosome-largest") for group in (False, True) for twice in (False, True)]


@pytest.mark.slow
@pytest.mark.parametrize("case", range(len(CASES)), ids=[f"{k}-{'group' if g else 'process'}-{'twice' if t else 'once'}"
                                                         for k, g, t in CASES])
def test_the_signal_table(tmp_path, case):
    kind, group, twice = CASES[case]
    sig = SIGS[case % len(SIGS)]
    args, ready = kinds(tmp_path)[kind]
    run = Run(*args)
    run.wait_until(ready or (lambda: run.said(PROGRESS)))
    t0 = time.monotonic()
    run.signal(sig, group=group, twice=twice)
    code = run.finish()
    took = time.monotonic() - t0
    err = run.err
    ROWS.append(f"{kind:22s} {sig.name:8s} {'group' if group else 'process':8s} {'twice' if twice else 'once':6s} "
                f"exit {code}  {took:5.2f} s")
    print("\n" + ROWS[-1])
    assert code == EXIT[sig], err
    assert "Traceback" not in err and "a second" not in err, err
    assert work_files(tmp_path) == []
    check_saved(str(tmp_path), err)


HOG = "while True: pass"
INSTANTS = (0.0, 0.05, 0.2, 0.5, 0.9, 1.4, 2.0, 2.7, 3.5, 4.4, 5.5, 7.0)


@pytest.mark.slow
@pytest.mark.parametrize("instant, sig, twice", [(t, SIGS[i % 3], i % 2 == 1) for i, t in enumerate(INSTANTS)])
def test_signals_at_many_instants_under_a_cpu_hog(tmp_path, instant, sig, twice):
    """From the moment the heavy imports begin (numpy's line of -X importtime) to well into the film."""
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(2)]
    try:
        run = Run("--record", f"{tmp_path}/v.mp4", "--duration", "600", "--fps", "10", "--size", "320x240",
                  "--stats", f"{tmp_path}/s.json", "--quiet", python_flags=("-X", "importtime"))
        run.wait_until(lambda: run.said(r"\|\s+numpy$"))
        time.sleep(instant)  # real timing: the point of this sample
        run.signal(sig, group=True, twice=twice)
        code = run.finish()
    finally:
        for h in hogs:
            h.kill()
            h.wait()
    err = "\n".join(ln for ln in run.lines if "import time:" not in ln)
    print(f"\nat {instant:4.2f} s {sig.name:8s} {'twice' if twice else 'once':6s} exit {code}: {err.splitlines()[-1]}")
    assert code == EXIT[sig] and "Traceback" not in err, err
    assert work_files(tmp_path) == []
    check_saved(str(tmp_path), err)


def test_the_table_covers_every_kind_both_deliveries_and_both_counts():
    assert {(g, t) for _, g, t in CASES} == set(itertools.product((False, True), repeat=2))
    assert len({k for k, _, _ in CASES}) == 7
