"""The tour-planning worker process: plans the walk-through ahead of Page Down, so no window frame waits for it.

The child (serve) ignores SIGINT/SIGTERM, dies with its parent (PR_SET_PDEATHSIG, and the end of its job pipe),
and plans each job with TourPlan, the code --walkthrough uses. It hands back the stops, then each stop's
pickled world in pieces of at most 1 MB (a world is 30-250 kB at the defaults), and progress as it goes. The
parent (TourWorker) sends jobs and takes in a few messages a frame; it never plans. No pygame here.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing as mp
import os
import pickle
import signal
import sys
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection

from exoviz.sim.world import World
from exoviz.tour import Tour, TourPlan

SLICE_S = 0.05  # the child looks at its job pipe (a newer job, or the parent gone) this often while planning
PROGRESS_EVERY_S = 0.25
MESSAGES_PER_FRAME = 4  # the parent takes at most this many pieces of a plan per frame ...
PIECE_BYTES = 2**20  # ... each at most this big (a stop's world is 30-250 kB at the defaults, 33 MB at 100,000)
JOIN_S = 2.0  # closing waits this long for the child to end before killing it
SIGNALS = {signal.SIGINT, signal.SIGTERM}
PR_SET_PDEATHSIG = 1


# -- the child -----------------------------------------------------------------------------------------------------
def serve(jobs: Connection, out: Connection, parent_pid: int) -> None:
    """The worker's main: plan each job sent; return when told to stop or when the parent is gone."""
    for s in SIGNALS:  # first: a Ctrl+C at the terminal is the parent's to handle, not ours
        signal.signal(s, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)  # the parent blocked them while starting us
    _die_with_parent(parent_pid)
    try:
        job = jobs.recv()
        while job[0] != "stop":
            job = (_plan(job[1], job[2], jobs, out) if job[0] == "plan" else None) or jobs.recv()
    except (EOFError, OSError):  # the parent closed its end, or died
        pass


def _die_with_parent(parent_pid: int) -> None:
    """Linux: the kernel kills us when the parent dies. Elsewhere the job pipe's end does it (checked every slice)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(0)


def _plan(job: int, data: bytes, jobs: Connection, out: Connection) -> tuple | None:
    """Plan one job, sending its pieces; returns a newer message that cut it short (None when it ended)."""
    t0, c0 = time.perf_counter(), time.process_time()
    plan = TourPlan(pickle.loads(data))
    shown, sent, last = False, 0, t0
    while True:
        done = plan.work(SLICE_S)
        if jobs.poll():  # a newer job, a cancel, a stop, or the parent gone (recv raises EOFError)
            return jobs.recv()
        now = time.perf_counter()
        if plan.failed:
            out.send(("failed", job, plan.steps, now - t0, time.process_time() - c0))
            return None
        if plan.tour is not None and not shown:
            out.send(("stops", job, plan.tour.start_step, plan.tour.stops))
            shown = True
        while sent < len(plan.made):
            i = plan.made[sent]
            assert plan.tour is not None
            data = plan.tour.snapshots[i] or b""
            n = max(1, -(-len(data) // PIECE_BYTES))
            for k in range(n):
                out.send(("piece", job, i, k, n, data[k * PIECE_BYTES:(k + 1) * PIECE_BYTES]))
            sent += 1
        if done:
            out.send(("done", job, plan.steps, now - t0, time.process_time() - c0))
            return None
        if now - last >= PROGRESS_EVERY_S:
            out.send(("progress", job, plan.steps, now - t0, time.process_time() - c0))
            last = now


# -- the parent ----------------------------------------------------------------------------------------------------
@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT/SIGTERM blocked while the child starts: it is born with them blocked (until it ignores them), and
    one that arrives meanwhile reaches this process a moment later, not lost."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no such signals to hold
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def _main_hidden() -> Iterator[None]:
    """While the child is started: spawn would run the parent's main script (main.py, pytest, a user's script)
    again in the child; the worker needs none of it (its code is this module), so it is shown none."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class TourWorker:
    """The parent's handle on the worker: jobs out, the plan in (a few pieces per frame), and a clean end."""

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")  # a fresh interpreter: nothing of pygame/SDL comes along
        child_jobs, self._jobs = ctx.Pipe(duplex=False)
        self._out, child_out = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=serve, args=(child_jobs, child_out, os.getpid()), daemon=True,
                                   name="exoviz-tour-planner")
        # spawn starts multiprocessing's resource tracker first, and that unblocks SIGINT/SIGTERM after it: start
        # it now, so the block below still holds when the worker itself is born
        resource_tracker.ensure_running()
        with _signals_held(), _main_hidden():
            self.process.start()
        child_jobs.close()
        child_out.close()
        atexit.register(self.close)  # runs before multiprocessing's own exit handler, which would wait on us
        self.job = 0  # the job whose messages count
        self.reset()
        self.dead = False

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def reset(self) -> None:
        self.tour: Tour | None = None
        self._pieces: dict[int, list[bytes]] = {}  # stop index -> pieces of its world received so far
        self.failed = False
        self.done = False
        self.steps = 0  # steps searched so far by the current job
        self.elapsed_s = 0.0  # the worker's time on it, as last reported (wall) ...
        self.cpu_s = 0.0  # ... and its CPU time

    def submit(self, world: World) -> None:
        """Plan from this world (whatever was being planned is dropped)."""
        self.job += 1
        self.reset()
        self._send(("plan", self.job, pickle.dumps(world, protocol=pickle.HIGHEST_PROTOCOL)))

    def cancel(self) -> None:
        """Drop the current plan (its late pieces are ignored)."""
        self.job += 1
        self.reset()
        self._send(("cancel",))

    def _send(self, msg: tuple) -> None:
        try:
            self._jobs.send(msg)
        except OSError:
            self.dead = True

    def receive(self, limit: int = MESSAGES_PER_FRAME) -> None:
        """Take in up to `limit` waiting messages (each a small piece: it costs well under a millisecond)."""
        try:
            for _ in range(limit):
                if self.dead or not self._out.poll():
                    return
                self._take(self._out.recv())
        except (EOFError, OSError):
            self.dead = True

    def _take(self, msg: tuple) -> None:
        kind, job = msg[0], msg[1]
        if job != self.job:
            return
        if kind == "stops":
            self.tour = Tour(msg[2], list(msg[3]), [None] * len(msg[3]))
        elif kind == "piece" and self.tour is not None:
            i, k, n, data = msg[2:]
            parts = self._pieces.setdefault(i, [])
            parts.append(data)
            if k == n - 1:  # the pieces of one world come in order, one world after another
                self.tour.snapshots[i] = b"".join(self._pieces.pop(i))
        elif kind in ("progress", "done", "failed"):
            self.steps, self.elapsed_s, self.cpu_s = int(msg[2]), float(msg[3]), float(msg[4])
            self.done, self.failed = kind == "done", kind == "failed"

    def close(self) -> None:
        """Tell the child to stop, let go of the pipes, and make sure it is gone (killed if it will not go)."""
        if self.process.pid is None or getattr(self, "_closed", False):
            return
        self._closed = True
        self._send(("stop",))
        for c in (self._jobs, self._out):
            c.close()
        self.process.join(JOIN_S)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(JOIN_S)
        atexit.unregister(self.close)
