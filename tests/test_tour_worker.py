"""The walk-through's tours are planned ahead in a worker process: the same plan as --walkthrough, none of it in
the main thread, a countdown while a Page Down waits (Esc / Home cancel it), a new plan after each model change
and none after a view change, and no worker left behind (closed, Ctrl+C, or the parent killed)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from fractions import Fraction

import pygame
import pytest
from planner_wait import planned
from stop_probes import WALKS, walked
from tiers import sampled

from exoviz import interrupts
from exoviz import walkthrough_plan as plan_module
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.modes import MODES
from exoviz.session import Session
from exoviz.sim.world import World
from exoviz.tour import TourPlan
from exoviz.ui.window import Window

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONUNBUFFERED": "1",
       "DISPLAY": os.environ.get("DISPLAY") or ":0", "PYTHONPATH": ROOT}
WAIT_S = 180.0  # an upper bound on waiting for the worker on a busy machine (never a timing assertion)


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def session(*args: str, now=None) -> Session:
    s = Session(parse(["--headless", "--duration", "1", *args]), **({"now": now} if now else {}))
    s.apply(Command("set_view", (0, 0, 934, 676)))
    return s


def until(predicate, step=None, s: Session | None = None) -> None:
    """Run `step` (a frame) until predicate() holds; the worker plans meanwhile. Given the session, each frame waits
    for the planner's news (tests/planner_wait.py) instead of a fixed 10 ms."""
    end = time.monotonic() + WAIT_S
    while not predicate():
        assert time.monotonic() < end, "the worker never delivered"
        if step is not None:
            step()
        if s is not None:
            planned(s)
        else:
            time.sleep(0.01)


def whole_tour(s: Session):
    """Ticks until the worker's plan of the scene has every stop's world; the tour."""
    until(lambda: s.plans.tour is not None and all(s.plans.tour.snapshots), lambda: s.tick(1 / 60), s)
    return s.plans.tour


def check_same_plan(mode: str, seed: int) -> None:
    ahead = session("--mode", mode, "--seed", str(seed))
    ahead.plan_ahead()
    try:
        ahead.tick(0.0)  # the job goes out: the worker plans while this process plans the same scene itself
        # the tour --walkthrough walks, planned in this process from the untouched scene at the first Page Down
        # (the walk tests/test_stop_probes.py draws: played here if this process has not played it yet)
        ours = walked(mode, seed).tour
        theirs = whole_tour(ahead)
    finally:
        ahead.close()
    assert [(s.index, s.step, s.uid, s.branch) for s in theirs.stops] == \
        [(s.index, s.step, s.uid, s.branch) for s in ours.stops]
    assert theirs.start_step == ours.start_step == 0
    for i in range(len(ours.stops)):  # the worlds at the stops are the same too, bit for bit
        a, b = theirs.world(i), ours.world(i)
        assert a.steps == b.steps == ours.stops[i].step and a.t == b.t
        assert (a.ves.pos == b.ves.pos).all() and (a.ves.stage == b.ves.stage).all()


@pytest.mark.xdist_group(WALKS)
@pytest.mark.parametrize("mode", sampled(MODES, ["full-fusion"]))  # the other modes in the slow tier
def test_the_workers_plan_is_the_walkthrough_plan(mode, pygame_display):
    check_same_plan(mode, 1)


@pytest.mark.slow
@pytest.mark.parametrize("seed", (0, 2, 3))
@pytest.mark.parametrize("mode", MODES)
def test_the_workers_plan_is_the_walkthrough_plan_more_seeds(mode, seed, pygame_display):
    check_same_plan(mode, seed)


@pytest.mark.usefixtures("pygame_display")
def test_the_main_thread_plans_nothing_in_a_window_walk(monkeypatch):
    monkeypatch.setattr(plan_module, "steps_taken", 0)
    opts = parse(["--headless", "--duration", "1", "--mode", "kiss-and-run", "--size", "1280x720"])
    s = Session(opts)
    app = Window(s, pygame.Surface((1280, 720)), opts, windowed=False)
    s.plan_ahead()
    try:
        until(lambda: s.plans.tour is not None and all(s.plans.tour.snapshots), lambda: app.frame(1 / 60), s)

        def page(key: int) -> None:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
            app.frame(1 / 60)

        seen = []
        for _ in range(3):
            page(pygame.K_PAGEDOWN)
            app.frame(1 / 60)
            seen.append(s.walk.index)
            assert s.paused and not s.walk.busy and s.world.steps == s.walk.stop.step
            assert s.follow_uid == s.walk.uid
        page(pygame.K_PAGEUP)
        assert seen == [0, 1, 2] and s.walk.index == 1 and s.world.steps == s.walk.stops[1].step
        assert plan_module.steps_taken == 0  # every step of planning and replay ran in the worker
    finally:
        s.close()


@pytest.mark.usefixtures("pygame_display")
def test_a_waiting_page_down_counts_down_keeps_playing_and_esc_or_home_cancel_it():
    clock = FakeClock()
    opts = parse(["--headless", "--duration", "1", "--mode", "kiss-and-run", "--size", "1280x720"])
    s = Session(opts, now=clock)
    app = Window(s, pygame.Surface((1280, 720)), opts, windowed=False)
    s.plan_ahead()
    try:
        app.frame(1 / 60)
        for key in (pygame.K_ESCAPE, pygame.K_HOME):
            s.apply(Command("stimulate"))  # a model change: the plan is made again a second from now
            s.apply(Command("walk_next"))
            steps, seconds = s.world.steps, []
            for _ in range(3):
                app.frame(1 / 60)
                clock.t += 0.3
                m = re.search(r"about (\d+) s left", s.hud().walk[1])
                assert m, s.hud().walk
                seconds.append(int(m.group(1)))
            assert s.walk.busy and not s.paused and s.world.steps > steps  # the scene plays on meanwhile
            assert seconds[0] >= seconds[-1] >= 1 and seconds[0] > 1
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
            app.frame(1 / 60)
            assert not s.walk.active and s.hud().walk is None  # cancelled ...
        clock.t += 0.2
        app.frame(1 / 60)
        assert s.plans.jobs == 2  # ... while the planning goes on
        s.apply(Command("walk_next"))  # pressed while planning; the stop comes when the plan does
        until(lambda: s.walk.index == 0, lambda: app.frame(1 / 60), s)
        assert s.paused and s.world.steps == s.walk.stop.step
    finally:
        s.close()


class FakeWorker:
    """Stands in for TourWorker: records what it was asked."""

    def __init__(self) -> None:
        self.submitted: list[int] = []
        self.tour, self.failed, self.done, self.dead, self.steps, self.elapsed_s = None, False, False, False, 0, 0.0

    def submit(self, world: World) -> None:
        self.submitted.append(world.steps)

    def cancel(self) -> None:
        self.tour = None

    def receive(self) -> None:
        pass

    def close(self) -> None:
        pass


VIEW_ONLY = [Command("zoom_in"), Command("zoom_out"), Command("toggle_theme"), Command("toggle_layer", "labels"),
             Command("toggle_scale"), Command("toggle_help"), Command("pan", (30, 0)), Command("set_speed", 2.0),
             Command("language", "es"), Command("language", "en"), Command("toggle_clean"), Command("toggle_closeup"),
             Command("set_value", ("budding_rate", 2.0))]  # the value it already has
MODEL = [Command("stimulate"), Command("set_value", ("budding_rate", 9.0)), Command("reset"),
         Command("mode", "exosome"), Command("cell", "acinar"), Command("toggle_value", "calcium"),
         Command("wound", 3000.0)]


@pytest.mark.parametrize("cmd", MODEL, ids=lambda c: f"{c.name}-{c.arg}")
def test_a_model_change_plans_again_a_second_later_and_a_view_change_never(monkeypatch, cmd):
    monkeypatch.setattr("exoviz.walkthrough_worker.TourWorker", FakeWorker)
    clock = FakeClock()
    s = session(now=clock)
    s.plan_ahead()
    s.tick(1 / 60)
    assert s.plans.jobs == 1  # at launch, from the untouched scene
    for view in VIEW_ONLY:
        s.apply(view)
        clock.t += 0.5
        s.tick(1 / 60)
    assert s.plans.jobs == 1
    s.apply(cmd)
    clock.t += 0.6
    s.tick(1 / 60)
    s.apply(Command("stimulate"))  # another change restarts the wait
    clock.t += 0.6
    s.tick(1 / 60)
    assert s.plans.jobs == 1
    clock.t += 0.5
    steps = s.world.steps
    s.tick(1 / 60)
    assert s.plans.jobs == 2 and s.plans.worker.submitted[-1] == steps  # from the scene as it is now


def test_a_pending_signal_stops_the_planner_at_once(monkeypatch):
    monkeypatch.setattr(interrupts._state, "first", signal.SIGINT)
    before = plan_module.steps_taken
    plan = TourPlan(World(parse(["--headless", "--duration", "1"]).params))
    assert not plan.work(None) and plan.tour is None
    assert plan_module.steps_taken - before == 1  # one step, then it noticed


# -- no worker left behind ------------------------------------------------------------------------------------------
def children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    return out


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline") as f:
            return f.read()
    except OSError:
        return ""


def gone(pid: int) -> bool:
    """No such process (or only its zombie, waiting for a parent to reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def test_the_worker_is_gone_after_the_session_closes():
    s = session("--mode", "kiss-and-run")
    s.plan_ahead()
    pid = s.plans.worker.pid
    assert pid in children(os.getpid()) and not gone(pid)
    s.close()
    assert gone(pid) and pid not in children(os.getpid())


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

PARENT = """
import sys, time
from exoviz.cli import parse
from exoviz.session import Session
s = Session(parse(["--headless", "--duration", "1"]))
s.plan_ahead()
print(s.plans.worker.pid, flush=True)
time.sleep(600)
"""


@linux_only
def test_the_worker_dies_with_a_killed_parent():
    p = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    worker = int(p.stdout.readline())
    family = children(p.pid)
    assert worker in family and not gone(worker)
    p.kill()
    p.wait(timeout=60)
    until(lambda: all(gone(c) for c in family))  # the worker and multiprocessing's resource tracker


@linux_only
def test_ctrl_c_ends_the_window_and_its_worker():
    p = subprocess.Popen([sys.executable, "main.py", "--size", "640x400"], cwd=ROOT, env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    until(lambda: any("spawn_main" in cmdline(c) for c in children(p.pid)))
    family = children(p.pid)
    os.killpg(p.pid, signal.SIGINT)  # what Ctrl+C at the terminal does: the whole group gets it
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130 and "Traceback" not in err, err[-3000:]
    until(lambda: all(gone(c) for c in family))


def test_a_scripts_walk_plays_on_from_its_stop_and_a_key_walk_holds():
    """A script's `walkthrough = "next"` is Page Down then play: the stop is reached and the scene plays on."""
    for play_on in (True, False):
        s = session("--mode", "kiss-and-run")
        s.apply(Command("walk_next"))
        if play_on:
            s.apply(Command("pause", False))
        while s.walk.busy:
            s.tick(Fraction(1, 60), realtime=False)
        at = s.world.steps
        assert s.walk.index == 0 and at == s.walk.stop.step
        s.tick(Fraction(1, 60), realtime=False)
        assert s.paused != play_on and (s.world.steps > at) == play_on and s.walk.active


def test_a_big_world_comes_in_pieces_and_a_stale_plans_pieces_are_dropped():
    from exoviz.walkthrough_plan import Stop
    from exoviz.walkthrough_worker import TourWorker

    w = TourWorker.__new__(TourWorker)  # the parent's bookkeeping only: no process
    w.job = 2
    w.reset()
    stops = [Stop(0, 10, 5, "main"), Stop(1, 20, 5, "main")]
    w._take(("stops", 1, 0, stops))  # an older job's
    assert w.tour is None
    w._take(("stops", 2, 0, stops))
    for msg in (("piece", 2, 1, 0, 3, b"ab"), ("piece", 1, 0, 0, 1, b"old"), ("piece", 2, 1, 1, 3, b"cd")):
        w._take(msg)
    assert w.tour.snapshots == [None, None]  # not whole yet; the stale piece went nowhere
    w._take(("piece", 2, 1, 2, 3, b"e"))
    w._take(("done", 2, 300, 1.5, 1.2))
    assert w.tour.snapshots == [None, b"abcde"] and w.done and w.steps == 300
