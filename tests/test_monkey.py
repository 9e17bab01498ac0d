"""Monkey test: thousands of seeded random events through the real Window.frame loop (keys, clicks, wheel, drags,
resizes, mode switches, walk-through, recording toggles, quits), checking after every frame that nothing is NaN,
bodies stay in the scene, the membrane ledger adds up and its area stays positive. The long run is `slow`."""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass

import imageio_ffmpeg
import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.session import Session
from exoviz.ui.keys import BINDINGS
from exoviz.ui.window import Window
from tests.invariants import Watch

KEYS = [b.keys[0] for b in BINDINGS if b.command.name not in ("toggle_record", "screenshot", "toggle_fullscreen",
                                                              "escape")]
WALK_KEYS = [pygame.K_PAGEDOWN, pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_HOME]
MODE_KEYS = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4]
# action -> weight
ACTIONS = {"key": 30, "mode": 5, "walk": 2.5, "click": 12, "wheel": 10, "drag": 8, "motion": 8, "resize": 3,
           "record": 0.6, "screenshot": 0.4, "escape": 1.5, "quit": 0.4, "fullscreen": 0.4, "frames": 4}
ACTIONS_PER_FRAME = 4  # on average, before each frame


@dataclass
class Result:
    events: int
    frames: int
    seconds: float
    checks: int
    peak_rss_mb: float
    recordings: list[str]


def _key(k: int, mod: int = 0) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0),
            pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0)]


def _events(action: str, rng: np.random.Generator, size: tuple[int, int]) -> list[pygame.event.Event]:
    w, h = size

    def pos() -> tuple[int, int]:
        return int(rng.integers(0, w)), int(rng.integers(0, h))

    if action == "key":
        return _key(int(rng.choice(KEYS)))
    if action == "mode":
        return _key(int(rng.choice(MODE_KEYS)))
    if action == "walk":
        return _key(int(rng.choice(WALK_KEYS)))
    if action == "click":
        p = pos()
        return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=p, button=1),
                pygame.event.Event(pygame.MOUSEBUTTONUP, pos=p, button=1)]
    if action == "wheel":
        return [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.choice([-2, -1, 1, 2])), flipped=False)]
    if action == "drag":
        p = pos()
        out = [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=p, button=1)]
        for _ in range(int(rng.integers(2, 6))):
            p = (p[0] + int(rng.integers(-60, 61)), p[1] + int(rng.integers(-60, 61)))
            out.append(pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(1, 0, 0)))
        return out + [pygame.event.Event(pygame.MOUSEBUTTONUP, pos=p, button=1)]
    if action == "motion":
        return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos(), rel=(0, 0), buttons=(0, 0, 0))]
    if action == "resize":
        return [pygame.event.Event(pygame.VIDEORESIZE, w=int(rng.integers(320, 1100)), h=int(rng.integers(240, 700)))]
    if action == "record":
        return _key(pygame.K_r, pygame.KMOD_CTRL)
    if action == "screenshot":
        return _key(pygame.K_p)
    if action == "escape":
        return _key(pygame.K_ESCAPE)
    if action == "quit":
        return [pygame.event.Event(pygame.QUIT)]
    if action == "fullscreen":
        return _key(pygame.K_F11)
    return []


def run_monkey(n_events: int, seed: int, folder: str, size: tuple[int, int] = (640, 400)) -> Result:
    """Post n_events random events through a windowed Window on the dummy display; check after every frame."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(size, pygame.RESIZABLE)
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--seed", str(seed),
                  "--record-dir", folder])
    win = Window(Session(opts), screen, opts, windowed=True)
    pygame.event.clear()
    rng = np.random.default_rng(seed)
    names, weights = list(ACTIONS), np.array(list(ACTIONS.values()), float)
    watch = Watch()
    posted = frames = 0
    t0 = time.perf_counter()
    while posted < n_events:
        extra = 0
        for _ in range(int(rng.integers(1, 2 * ACTIONS_PER_FRAME))):  # a burst of actions, then a frame
            action = names[int(rng.choice(len(names), p=weights / weights.sum()))]
            extra += int(rng.integers(1, 4)) if action == "frames" else 0
            for ev in _events(action, rng, win.screen.get_size()):
                pygame.event.post(ev)
                posted += 1
        for _ in range(1 + extra):
            win.frame(1 / 60)
            frames += 1
            if not win.running:  # Esc or a window close: the monkey opens it again
                win.running = True
            watch.session(win.session)
    win.shots.wait()  # the screenshots written in the background
    line = win.rec.finish()
    seconds = time.perf_counter() - t0
    pygame.quit()
    saved = [line.split("saved to ", 1)[1]] if line and "saved to" in line else []
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Result(posted, frames, seconds, watch.checks, peak, saved)


def _check_files(folder: str) -> None:
    names = os.listdir(folder)
    assert not [n for n in names if ".partial" in n], names
    for n in names:
        if n.endswith(".mp4"):
            gen = imageio_ffmpeg.read_frames(os.path.join(folder, n))
            next(gen)
            assert sum(1 for _ in gen) > 0, n


def test_monkey_1000_events(tmp_path):
    """The default tier's monkey (the slow tier's has 50,000 events)."""
    r = run_monkey(1000, seed=11, folder=str(tmp_path))
    assert r.events >= 1000 and r.frames > 100 and r.checks >= r.frames
    _check_files(str(tmp_path))


@pytest.mark.slow
def test_monkey_50000_events(tmp_path):
    r = run_monkey(50_000, seed=12, folder=str(tmp_path))
    print(f"\nlong monkey: {r.events} events, {r.frames} frames in {r.seconds:.0f} s = "
          f"{r.events / r.seconds:.0f} events/s, {r.checks} invariant checks, peak RSS {r.peak_rss_mb:.0f} MB")
    assert r.events >= 50_000
    _check_files(str(tmp_path))
