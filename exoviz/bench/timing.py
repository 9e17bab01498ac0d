"""Timing helpers for the benchmark: medians of repeated calls, child-process wall and CPU, machine notes."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # holds main.py


def timed(fn: Callable[[], object], repeats: int, warmup: int = 2) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms of this thread) of `repeats` calls of fn after `warmup` untimed ones. On a shared machine
    the CPU time is the steadier figure: it does not count the time other processes held the core."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(max(1, repeats)):
        c0, t0 = time.thread_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.thread_time() - c0) * 1000.0)
    return wall, cpu


def medians(fn: Callable[[], object], repeats: int, warmup: int = 2) -> tuple[float, float]:
    """(median wall ms, median CPU ms) of repeated calls."""
    wall, cpu = timed(fn, repeats, warmup)
    return statistics.median(wall), statistics.median(cpu)


def interleaved(fns: Sequence[Callable[[], object]], repeats: int, block: int = 5) -> list[tuple[float, float]]:
    """(median wall ms, median CPU ms) of `repeats` calls of each of fns, taken in turns: each round calls every fn
    once untimed (its data back in the caches) and then `block` times timed. On a shared host the speed drifts by
    tens of percent within a minute: peers measured one after the other see different hosts, peers measured in
    turns see the same one, so their ratio holds still; the untimed call keeps the turns from timing each peer on
    caches the other one filled. The garbage collector is off while they run (each turn starts with a collection)."""
    wall: list[list[float]] = [[] for _ in fns]
    cpu: list[list[float]] = [[] for _ in fns]
    repeats = max(1, repeats)
    was_on = gc.isenabled()
    gc.disable()  # (as timeit does: a collection one peer's garbage calls for would land in another's turn)
    try:
        while len(wall[0]) < repeats:
            k = min(block, repeats - len(wall[0]))
            for fn, w, c in zip(fns, wall, cpu):
                gc.collect()
                fn()
                for _ in range(k):
                    c0, t0 = time.thread_time(), time.perf_counter()
                    fn()
                    w.append((time.perf_counter() - t0) * 1000.0)
                    c.append((time.thread_time() - c0) * 1000.0)
    finally:
        if was_on:
            gc.enable()
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu)]


def spread(values: list[float]) -> float:
    """Relative spread of repeated measurements: (max - min) / median (0 for one value)."""
    if len(values) < 2:
        return 0.0
    m = statistics.median(values)
    return (max(values) - min(values)) / m if m else 0.0


def children_cpu_s() -> float:
    """CPU seconds of all finished, waited-for child processes so far (NaN where the OS cannot say)."""
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_child(cmd: list[str], env: dict | None = None, timeout: float = 600.0) -> dict:
    """Run a command from the project root: wall s, CPU s of it and its children (ffmpeg included), exit code
    and the last stderr line."""
    before = children_cpu_s()
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"wall_s": time.perf_counter() - t0, "cpu_s": float("nan"), "rc": -1, "stdout": "",
                "error": f"did not finish in {timeout:.0f} s"}
    wall = time.perf_counter() - t0
    cpu = children_cpu_s() - before
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return {"wall_s": wall, "cpu_s": cpu, "rc": proc.returncode, "stdout": proc.stdout.decode("utf-8", "replace"),
            "error": err[-1] if err and proc.returncode else ""}


def child_env(**extra: str) -> dict:
    env = dict(os.environ)
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def load() -> float:
    """One-minute load average (all engineers' work on a shared machine shows up here)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return float("nan")


def reference_ms(repeats: int = 3) -> float:
    """CPU ms of a fixed piece of work (a Python loop and a NumPy sum, ~30 ms), the least of `repeats`: the same
    work every run, so a larger figure says the host itself ran slower then (a shared VM's CPU time inflates with
    its neighbours' work, which the load average does not show), and frame times inflate alike."""
    best = float("inf")
    a = np.arange(200_000, dtype=np.float64)
    for k in range(repeats + 1):  # (the first run warms up: NumPy's first calls, the array's pages)
        c0 = time.thread_time()
        acc = 0
        for i in range(300_000):
            acc += i & 7
        for _ in range(20):
            acc += int(np.sqrt(a).sum()) & 1
        if k:
            best = min(best, (time.thread_time() - c0) * 1000.0)
    return round(best, 1)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "numpy": version("numpy"), "pygame-ce": version("pygame-ce"), "pygame_gui": version("pygame_gui"),
            "pymunk": version("pymunk"), "executable": sys.executable, "load_at_start": load(),
            "reference_ms_at_start": reference_ms()}
