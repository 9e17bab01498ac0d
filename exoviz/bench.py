"""Benchmarks (python -m exoviz.bench): median physics-step and whole-frame times; never run by tests."""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def median_ms(fn, repeats: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000.0


def bench_step(n: int, repeats: int) -> float:
    from exoviz.params import Params
    from exoviz.sim.world import World

    world = World(Params(mode="full-fusion", seed=1, vesicles=n))
    world.run(10)
    return median_ms(world.step, repeats)


def bench_frame(n: int, size: tuple[int, int], repeats: int) -> tuple[float, float]:
    """(median whole frame: one step + draw incl. widgets, median draw only), ms."""
    from exoviz.cli import parse
    from exoviz.session import Session
    from exoviz.ui.window import offscreen_window

    opts = parse(["--headless", "--duration", "1", "--vesicles", str(n), "--size", f"{size[0]}x{size[1]}"])
    session = Session(opts)
    window = offscreen_window(session, opts)
    session.world.run(120)
    window.controls.update(0.0)

    def frame() -> None:
        session.world.step()
        window.controls.update(1 / 60)
        window.draw()

    return median_ms(frame, repeats), median_ms(window.draw, repeats)


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m exoviz.bench", description=__doc__)
    ap.add_argument("--repeats", type=int, default=30, help="timed repetitions per figure (median reported)")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, skip 100,000")
    a = ap.parse_args()
    r = 8 if a.quick else a.repeats
    print("physics step (full fusion), median over", r, "steps:")
    for n in (1_000, 10_000) + (() if a.quick else (100_000,)):
        print(f"  {n:>7,} vesicles: {bench_step(n, r if n < 100_000 else max(5, r // 3)):8.2f} ms")
    print("whole frame at 1920x1080 (step + draw + widgets, dummy video driver):")
    for n in (2_000, 10_000):
        whole, draw = bench_frame(n, (1920, 1080), r)
        print(f"  {n:>7,} vesicles: {whole:8.2f} ms  ({1000 / whole:5.1f} fps; drawing alone {draw:.2f} ms)")


if __name__ == "__main__":
    main()
