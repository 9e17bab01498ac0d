"""Progress reporting: plain throttled lines off a terminal, tqdm on one, silence when quiet."""

from __future__ import annotations

import io
import re

from exoviz.export.progress import Progress


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_plain_lines_are_throttled():
    out, clock = io.StringIO(), FakeClock()
    p = Progress(600, 30, stream=out, clock=clock)
    for _ in range(90):  # 90 frames over 2.8 s (steps of 1/32 s, exact in binary): nothing printed yet
        clock.t += 1 / 32
        p.advance()
    assert out.getvalue() == ""
    for _ in range(10):  # crosses the 3 s mark once, at frame 96
        clock.t += 1 / 32
        p.advance()
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(r"exoviz: recording 96/600 frames, 32\.0 fps, 16 s left", lines[0])
    p.close()
    p.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[1].startswith("exoviz: recording done: 100 frames (3.3 s of video)")


def test_unknown_total():
    out, clock = io.StringIO(), FakeClock()
    p = Progress(None, 30, stream=out, clock=clock)
    clock.t += 4
    p.advance(8)
    assert out.getvalue().strip() == "exoviz: recording 8 frames, 2.0 fps"


def test_quiet_prints_nothing():
    out, clock = io.StringIO(), FakeClock()
    with Progress(10, 10, quiet=True, stream=out, clock=clock) as p:
        for _ in range(10):
            clock.t += 1
            p.advance()
    assert out.getvalue() == "" and p.done == 10


def test_tqdm_on_a_terminal():
    out = io.StringIO()
    with Progress(5, 10, stream=out, use_tqdm=True) as p:
        p.advance(5)
    assert "5/5" in out.getvalue() and "exoviz: recording" in out.getvalue()


def test_a_long_headless_run_shows_playback_seconds_and_the_time_left():
    out, clock = io.StringIO(), FakeClock()
    p = Progress(36000 * 60, 60, stream=out, clock=clock, label="simulating", interval=5.0, playback=True,
                 summary=False)
    for _ in range(6):
        clock.t += 1
        p.advance(60 * 4)  # 4 s of playback per second of wall time
    p.close()
    assert out.getvalue().splitlines() == ["exoviz: simulating 20.0 of 36000 s of playback (0%), 2 h 29 min left"]


def test_a_headless_run_with_quiet_shows_no_progress():
    out, clock = io.StringIO(), FakeClock()
    p = Progress(600, 60, stream=out, clock=clock, quiet=True, playback=True, summary=False)
    for _ in range(100):
        clock.t += 1
        p.advance(6)
    p.close()
    assert out.getvalue() == ""
