"""Memory: surface caches bounded in bytes and released on resize and theme change; RSS back near its baseline
after an 8K resize; theme toggles do not keep adding; the window-recording queue bounded in bytes, with the
dropped frames on screen."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.export.live import MAX_QUEUE_BYTES, LiveRecorder
from exoviz.render import hud
from exoviz.render.cache import BoundedSprites, SurfaceCache
from exoviz.render.theme import THEMES
from exoviz.session import Session
from exoviz.ui.window import Window
from exoviz.ui.window_recording import WindowRecording
from tests.test_export_live import BlockingSink

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRELUDE = """
import gc, os, sys
os.environ["SDL_VIDEODRIVER"] = "dummy"
import pygame
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.render.cache import trim_heap
from exoviz.session import Session
from exoviz.ui.window import Window

def rss():
    gc.collect(); trim_heap()
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024

pygame.display.init(); pygame.font.init(); pygame.display.set_mode((1, 1))
opts = parse(["--headless", "--duration", "1", "--size", "1280x720"])
win = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
win.session.apply(Command("pause", True))
"""


def run_py(code: str) -> list[float]:
    out = subprocess.run([sys.executable, "-c", PRELUDE + code], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return [float(x) for x in out.stdout.split()]


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads RSS from /proc")
def test_rss_returns_near_its_baseline_after_an_8k_resize():
    base, big, back = run_py("""
for _ in range(20): win.frame(1 / 60)
base = rss()
win.screen = pygame.Surface((7680, 4320)); win.sync(force=True)
for _ in range(3): win.frame(1 / 60)
big = rss()
win.screen = pygame.Surface((1280, 720)); win.sync(force=True)
for _ in range(20): win.frame(1 / 60)
print(base, big, rss())
""")
    assert big - base > 200  # the 8K frames really took memory ...
    assert back - base < 60, (base, big, back)  # ... and it was given back (it kept ~270 MB before)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads RSS from /proc")
def test_theme_toggles_do_not_keep_adding_memory():
    warm, after = run_py("""
def toggles(n):
    for _ in range(n):
        win.run_command(Command("toggle_theme")); win.frame(1 / 60)
toggles(40)
warm = rss()
toggles(200)
print(warm, rss())
""")
    assert after - warm < 12, (warm, after)  # about 0.3 MB per toggle before: 60 MB for 200


def test_surface_cache_is_bounded_in_bytes_and_least_recently_used_goes_first(pygame_display):
    c = SurfaceCache("test", max_bytes=3 * 100 * 100 * 4)
    for k in range(3):
        c.put(k, pygame.Surface((100, 100), pygame.SRCALPHA))
    c.get(0)  # 0 is now the most recently used
    c.put(3, pygame.Surface((100, 100), pygame.SRCALPHA))
    assert 1 not in c and 0 in c and 3 in c and c.nbytes <= c.max_bytes
    c.put(4, pygame.Surface((300, 300), pygame.SRCALPHA))  # bigger than the bound: everything else goes
    assert len(c) == 1 and 4 in c
    assert c.clear() == 300 * 300 * 4 and c.nbytes == 0 and len(c) == 0


def test_body_sprites_stay_under_their_byte_bound(pygame_display):
    sprites = BoundedSprites(THEMES["dark"], max_bytes=8 * 2**20)
    for r in range(20, 700, 7):  # zooming in makes ever larger sprites
        sprites.get((0, r, 3, 2, 0, 0, 0, 1))
    assert 0 < sprites._bounded.nbytes <= 8 * 2**20


@pytest.mark.usefixtures("pygame_display")
def test_caches_are_released_on_resize_and_theme_change():
    opts = parse(["--headless", "--duration", "1", "--size", "800x500"])
    win = Window(Session(opts), pygame.Surface((800, 500)), opts, windowed=False)
    for _ in range(3):
        win.frame(1 / 60)
    r = win.renderer
    assert len(r.text._cache) and len(r._bg) and len(hud._boxes) and len(r.sprites._bounded)
    win.screen = pygame.Surface((900, 560))
    win.sync(force=True)
    assert not len(r.text._cache) and not len(r._bg) and not len(hud._boxes) and not len(r.sprites._bounded)
    win.frame(1 / 60)
    assert len(r.text._cache) and len(r._bg)
    win.run_command(Command("toggle_theme"))
    win.sync()
    assert not len(r.text._cache) and not len(r._bg) and not len(r.sprites._bounded)


def test_the_window_recording_queue_is_bounded_in_bytes_and_drops_are_shown(tmp_path, pygame_display):
    sinks: list[BlockingSink] = []

    def factory(path, size, fps, overwrite):
        sinks.append(BlockingSink(path, size, fps, overwrite))
        return sinks[-1]

    w, h = 3840, 2160
    rec = LiveRecorder(sink_factory=factory)
    rec.start(str(tmp_path / "x.mp4"), (w, h), 30)
    frame = np.zeros((h, w, 3), np.uint8)
    assert rec.push(frame)
    sinks[0].entered.wait(10)  # the encoder is stuck on the first frame
    accepted = sum(rec.push(frame) for _ in range(30))
    assert rec._queue is not None and rec._queue.maxsize * w * h * 3 <= MAX_QUEUE_BYTES  # whole frames, bounded
    assert accepted * w * h * 3 <= MAX_QUEUE_BYTES
    assert accepted < 30 and rec.dropped == 30 - accepted and rec.behind  # fps * 2 = 60 frames would be 1.5 GB

    wr = WindowRecording(str(tmp_path))
    wr.recorder = rec
    shown: list[str] = []

    class Text:
        def render(self, line, size, colour, bold):
            shown.append(line)
            return pygame.Surface((10, 10))

    wr.draw_mark(pygame.Surface((200, 100)), Text(), 18)
    assert f"{rec.dropped} frames dropped" in shown[-1]
    sinks[0].release.set()
    rec.stop()
