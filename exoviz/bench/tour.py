"""python -m exoviz.bench.tour [--seeds 0 1 2] [--cells NAME ...]: how long the window's tour worker plans each cell.

For every cell preset at its defaults: the steps the search simulated, the worker's wall time (search and the
stops' worlds) and CPU time, the time from sending the job to holding every stop's world in this process, and the
largest stop world (pickled kB, and ms to unpickle it here: what a Page Down costs a frame). One plan at a time.
"""

from __future__ import annotations

import argparse
import os
import pickle
import time

PLAN_LIMIT_S = 10.0  # issue 19: planning finishes within 10 s on the 2-core machine


def measure(cell: str, seed: int) -> dict:
    from exoviz.modes import CELLS
    from exoviz.params import Params
    from exoviz.sim.world import World
    from exoviz.walkthrough_worker import TourWorker

    world = World(Params(mode=CELLS[cell].mode, cell=cell, seed=seed))
    worker = TourWorker()
    try:
        worker.submit(world)
        t0 = time.perf_counter()
        while not (worker.done and worker.tour is not None and all(worker.tour.snapshots)):
            if worker.failed or worker.dead:
                return {"cell": cell, "seed": seed, "failed": True}
            worker.receive()
            time.sleep(0.005)
        held = time.perf_counter() - t0
        snaps = [s for s in worker.tour.snapshots if s is not None]
        big = max(snaps, key=len)
        u0 = time.perf_counter()
        pickle.loads(big)
        return {"cell": cell, "seed": seed, "steps": worker.steps, "worker_s": worker.elapsed_s, "cpu_s": worker.cpu_s,
                "held_s": held,
                "stops": len(snaps), "largest_kb": len(big) / 1024, "unpickle_ms": (time.perf_counter() - u0) * 1e3}
    finally:
        worker.close()


def main() -> None:
    from exoviz.modes import CELLS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--cells", nargs="+", default=list(CELLS), choices=list(CELLS))
    a = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    print(f"{'cell':15s} seed  steps  worker s  worker CPU s  all stops held s  stops  largest kB  unpickle ms")
    worst = 0.0
    for cell in a.cells:
        for seed in a.seeds:
            r = measure(cell, seed)
            if r.get("failed"):
                print(f"{cell:15s} {seed:4d}  no body went through the story within the search limit")
                continue
            worst = max(worst, r["held_s"])
            print(f"{cell:15s} {seed:4d} {r['steps']:6d} {r['worker_s']:9.2f} {r['cpu_s']:13.2f} {r['held_s']:17.2f}"
                  f" {r['stops']:6d} {r['largest_kb']:11.0f} {r['unpickle_ms']:12.2f}", flush=True)
    print(f"worst: {worst:.2f} s ({'within' if worst <= PLAN_LIMIT_S else 'OVER'} {PLAN_LIMIT_S:g} s); "
          f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
