"""Soak (slow): each mode plays 3600 s through the session's offline clock with the invariants checked at every
sample of the time series; then the window's memory across hundreds of theme toggles and resizes (up to 8K).
Run with: python -m pytest -m slow -s -n 0 tests/test_soak.py (the figures are printed, and quoted in the README)."""

from __future__ import annotations

import gc
import os
import resource
import time
from fractions import Fraction

import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.modes import MODES
from exoviz.render.cache import trim_heap
from exoviz.session import Session
from exoviz.sim.world import SAMPLE_EVERY, STEPS_PER_PLAYBACK_S
from exoviz.ui.window import Window
from tests.invariants import Watch

PLAYBACK_S = 3600
pytestmark = pytest.mark.slow


def rss_mb() -> float:
    gc.collect()
    trim_heap()
    with open("/proc/self/status") as f:
        return int(next(ln for ln in f if ln.startswith("VmRSS")).split()[1]) / 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("mode", MODES)
def test_an_hour_of_playback_keeps_every_invariant(mode):
    s = Session(parse(["--headless", "--duration", str(PLAYBACK_S), "--mode", mode, "--seed", "7"]))
    watch = Watch(note_area=True)  # every other invariant is still checked to the end of the hour
    frame = Fraction(1, STEPS_PER_PLAYBACK_S)
    t0 = time.perf_counter()
    for k in range(PLAYBACK_S * STEPS_PER_PLAYBACK_S):
        s.tick(frame, realtime=False)
        if (k + 1) % SAMPLE_EVERY == 0:
            watch.session(s)
    wall = time.perf_counter() - t0
    w = s.world
    print(f"\nsoak {mode}: {w.playback_s:.0f} s of playback ({w.steps} steps, {w.t:.3g} s simulated) in {wall:.0f} s; "
          f"{watch.checks} invariant checks (area <= 0 in {len(watch.area_problems)}); plasma membrane "
          f"{w.ledger.pm_um2:.1f} um2; peak RSS {peak_mb():.0f} MB")
    assert w.playback_s == PLAYBACK_S and watch.checks == PLAYBACK_S * STEPS_PER_PLAYBACK_S // SAMPLE_EVERY
    assert not watch.area_problems, f"{len(watch.area_problems)} samples; first: {watch.area_problems[0]}"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads RSS from /proc")
def test_memory_stays_flat_across_theme_toggles_and_resizes(pygame_display):
    sizes = [(640, 400), (1920, 1080), (1280, 720), (3840, 2160), (800, 600)]
    opts = parse(["--headless", "--duration", "1", "--size", "1280x720", "--seed", "3"])
    win = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)

    def cycle(rounds: int) -> None:
        for k in range(rounds):
            win.run_command(Command("mode", MODES[k % len(MODES)]))
            win.run_command(Command("toggle_theme"))
            win.screen = pygame.Surface((7680, 4320) if k % 50 == 49 else sizes[k % len(sizes)])
            win.sync(force=True)
            for _ in range(2):
                win.frame(1 / 60)
        win.screen = pygame.Surface((1280, 720))
        win.sync(force=True)
        win.frame(1 / 60)

    cycle(60)  # warm up every mode, theme and size once
    warm = rss_mb()
    cycle(300)
    after = rss_mb()
    print(f"\nsoak memory: {warm:.0f} MB after warm-up, {after:.0f} MB after 300 more theme toggles and resizes "
          f"(6 of them to 8K); peak RSS {peak_mb():.0f} MB")
    assert after - warm < 40, (warm, after)
