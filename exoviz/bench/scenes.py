"""Frames as a lecture shows them: every cell preset (each mode's default scene among them) in the real Window with
the widgets, the live chart (G) and the event close-up (I) open; median and 90th percentile of the CPU time of
whole frames (events, the session's time, widgets, drawing), per size and theme."""

from __future__ import annotations

import time

import numpy as np

from exoviz.bench.frames import init_pygame, settle

SIZES = ((1920, 1080), (3840, 2160))
THEMES = ("projector", "dark")
TARGET_MS = {(1920, 1080): 1000 / 60, (3840, 2160): 1000 / 30}  # issue 23: 60 fps at 1080p, 30 fps at 4K
FRAME_S = 1 / 60


def cells() -> tuple[str, ...]:
    from exoviz.modes import CELLS

    return tuple(CELLS)


STARTUP_FRAMES = 30  # at most this many more untimed frames while the window's start-up work goes on


def frame_cpu_ms(window, frames: int, warmup_frames: int, frame_s: float) -> list[float]:
    """CPU ms of each of `frames` whole frames (Window.frame), after `warmup_frames` untimed ones, then the frames
    of the window's own start-up work (the other modes' modules imported ahead, one a frame from the tenth: up to
    ~10 ms each where no bytecode is cached), which happen once a run, not in a lecture's frames, and what a real
    window does once its start-up has settled (frames.settle: start-up's objects collected and frozen)."""
    for _ in range(warmup_frames):
        window.frame(frame_s)
    for _ in range(STARTUP_FRAMES):
        if not window.cold:
            break
        window.frame(frame_s)
    settle()
    cpu = []
    for _ in range(frames):
        c0 = time.thread_time()
        window.frame(frame_s)
        cpu.append((time.thread_time() - c0) * 1000.0)
    return cpu


def measure(cell: str, size: tuple[int, int], theme: str, frames: int = 40, warmup_steps: int = 120,
            warmup_frames: int = 10) -> dict:
    """CPU ms of `frames` whole frames (Window.frame at 60 fps) after warm-up steps and frames."""
    init_pygame()
    from exoviz.cli import parse
    from exoviz.session import Session
    from exoviz.ui.window import offscreen_window

    opts = parse(["--headless", "--duration", "1", "--cell", cell, "--seed", "1", "--size", f"{size[0]}x{size[1]}",
                  "--theme", theme, "--chart", "--closeup"])
    session = Session(opts)
    window = offscreen_window(session, opts)
    session.world.run(warmup_steps)  # (the close-up is on: it opens, magnified and slowed, at the next event)
    cpu = frame_cpu_ms(window, frames, warmup_frames, FRAME_S)
    p50, p90 = (float(v) for v in np.percentile(cpu, [50, 90]))
    target = TARGET_MS.get(size)
    return {"cell": cell, "mode": session.params.mode, "size": f"{size[0]}x{size[1]}", "theme": theme,
            "median_cpu_ms": p50, "p90_cpu_ms": p90, "worst_cpu_ms": max(cpu), "frames": frames,
            "target_ms": target, "meets_target": None if target is None else p90 <= target}


def bench(sizes=SIZES, themes=THEMES, names: tuple[str, ...] | None = None, frames: int = 40,
          warmup_steps: int = 120, log=lambda s: None) -> list[dict]:
    out = []
    for size in sizes:
        for theme in themes:
            for cell in names or cells():
                log(f"  {cell} {size[0]}x{size[1]} {theme}")
                out.append(measure(cell, size, theme, frames, warmup_steps))
    return out
