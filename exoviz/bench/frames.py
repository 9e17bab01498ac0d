"""Whole-frame times with the real Window on a Session: one fixed step plus drawing the full window (scene,
membrane, bodies, cargo dots, labels, side panel, caption strip and widgets) on an offscreen surface. Released
cargo dots can be added to reach a target count (the issue's 50,000)."""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from exoviz.bench.timing import medians, timed

if TYPE_CHECKING:
    import pygame

    from exoviz.sim.world import World


@dataclass
class FrameSetup:
    world: World
    screen: pygame.Surface
    draw: Callable[[], None]  # draws one whole frame on screen
    dots: int


def init_pygame() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    pygame.display.init()
    pygame.font.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode((1, 1))


def add_dots(world: World, total: int, seed: int = 5) -> None:
    """Top the released cargo up to `total` dots, spread over the extracellular space above the membrane."""
    extra = total - world.dots.count
    if extra <= 0:
        return
    rng = np.random.default_rng(seed)
    sc = world.scene
    at = np.column_stack([rng.uniform(0.0, sc.width, extra), rng.uniform(0.0, sc.membrane_y - 5.0, extra)])
    world.dots.emit(at)


def settle() -> None:
    """What a real window does once start-up has settled (ui/lookahead.settle; an offscreen window never looks
    ahead): collect once and freeze what is alive, so a full collection in a timed frame walks only what was made
    since (unfrozen again by the next setup)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def setup(vesicles: int | None, dots: int, size: tuple[int, int], theme_name: str = "dark", mode: str = "full-fusion",
          warmup_steps: int = 120) -> FrameSetup:
    """The real Window (widgets, side panel, caption strip) on a Session, drawing offscreen."""
    init_pygame()
    from exoviz.cli import parse
    from exoviz.session import Session
    from exoviz.ui.window import offscreen_window

    args = ["--headless", "--duration", "1", "--mode", mode, "--seed", "1", "--size", f"{size[0]}x{size[1]}",
            "--theme", theme_name] + (["--vesicles", str(vesicles)] if vesicles else [])
    opts = parse(args)
    session = Session(opts)
    window = offscreen_window(session, opts)
    world = session.world
    world.run(warmup_steps)
    add_dots(world, dots)
    window.controls.update(0.0)
    settle()
    return FrameSetup(world, window.screen, window.draw, world.dots.count)


def bench(vesicles: int, dots: int, size: tuple[int, int], repeats: int) -> dict:
    """Median ms of a whole frame (one step + drawing), of drawing alone and of the step alone."""
    f = setup(vesicles, dots, size)
    start_dots = int(f.world.dots.count)

    def frame() -> None:
        f.world.step()
        f.draw()

    walls, cpus = timed(frame, repeats, warmup=3)
    whole, whole_cpu, best = float(np.median(walls)), float(np.median(cpus)), min(walls)
    draw, draw_cpu = medians(f.draw, repeats, warmup=1)
    step, step_cpu = medians(f.world.step, repeats, warmup=1)
    return {"size": f"{size[0]}x{size[1]}", "vesicles": vesicles, "dots": start_dots, "frame_ms": whole,
            "draw_ms": draw, "step_ms": step, "frame_cpu_ms": whole_cpu, "draw_cpu_ms": draw_cpu,
            "step_cpu_ms": step_cpu, "frame_best_ms": best, "repeats": repeats}


def profile(vesicles: int, dots: int, size: tuple[int, int], frames: int = 30, top: int = 25) -> str:
    """cProfile of `frames` whole frames: the functions with most own time, as text."""
    f = setup(vesicles, dots, size)
    f.draw()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(frames):
        f.world.step()
        f.draw()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()
