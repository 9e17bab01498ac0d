"""Every mode at a given pool (default: its largest allowed): set-up time and step time, each in a child process
with a time limit, so one slow mode cannot stall the whole benchmark."""

from __future__ import annotations

import json
import statistics
import sys
import time

from exoviz.bench.timing import child_env, run_child

STEP_TARGET_MS = 40.0  # issue 13: every mode at its largest allowed pool


def largest_pool(mode: str) -> int:
    """The mode's largest allowed pool (modes.py max_pool, within params.RANGES)."""
    from exoviz.modes import spec
    from exoviz.params import RANGES

    return int(min(RANGES["vesicles"].hi, spec(mode).max_pool))


def measure_here(mode: str, pool: int, warmup: int, budget_s: float, max_steps: int) -> dict:
    """In this process: build the World, run `warmup` steps, then time steps until budget_s or max_steps."""
    from exoviz.params import Params
    from exoviz.sim.world import World

    t0 = time.perf_counter()
    world = World(Params(mode=mode, seed=1, vesicles=pool))
    setup = time.perf_counter() - t0
    for _ in range(warmup):
        world.step()
    times: list[float] = []
    t_end = time.perf_counter() + budget_s
    while len(times) < max_steps and (len(times) < 2 or time.perf_counter() < t_end):
        t = time.perf_counter()
        world.step()
        times.append((time.perf_counter() - t) * 1000.0)
    return {"mode": mode, "pool": pool, "bodies": int(world.ves.alive.sum()), "setup_s": setup,
            "step_ms": statistics.median(times), "max_step_ms": max(times), "steps": len(times)}


def measure(mode: str, pool: int, warmup: int = 3, budget_s: float = 15.0, max_steps: int = 20,
            timeout: float = 240.0) -> dict:
    """measure_here in a child process (killed after `timeout` s); adds whether the step meets 40 ms."""
    cmd = [sys.executable, "-m", "exoviz.bench.modes", mode, str(pool), str(warmup), str(budget_s),
           str(max_steps)]
    run = run_child(cmd, child_env(), timeout)
    if run["rc"] != 0:
        return {"mode": mode, "pool": pool, "step_ms": None, "error": run["error"] or f"exit code {run['rc']}"}
    out = json.loads(run["stdout"].strip().splitlines()[-1])
    out["meets_40ms"] = out["step_ms"] <= STEP_TARGET_MS
    return out


def largest_meeting(mode: str, pools: tuple[int, ...], timeout: float = 120.0) -> dict:
    """The largest of `pools` (ascending) whose median step meets 40 ms, trying upward until one fails."""
    best, tried = None, []
    for pool in pools:
        r = measure(mode, pool, budget_s=5.0, max_steps=10, timeout=timeout)
        tried.append({"pool": pool, "step_ms": r.get("step_ms")})
        if r.get("step_ms") is None or r["step_ms"] > STEP_TARGET_MS:
            break
        best = pool
    return {"mode": mode, "largest_pool_within_40ms": best, "tried": tried}


if __name__ == "__main__":
    m, p, w, b, s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    print(json.dumps(measure_here(m, p, w, b, s)))
