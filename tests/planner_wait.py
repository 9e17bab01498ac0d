"""Waiting for the walk-through's plan without drawing frames for nothing, for tests that drive a window.

A Page Down waits for a plan. In a window made by a test the plan is made in this process a slice a frame
(InlinePlans: the scene waits for it), or by the planner process (Session.plan_ahead, exoviz/walkthrough_worker.py)
while the frames go on. A test that ran frames back to back until the plan came drew hundreds of frames of the same
picture (seconds of CPU). planned(s) is the handshake to call before each such frame: an inline plan is made in one
go (an offline tick, as --walkthrough makes it), and for the planner process it waits until the job is due, then
until the worker has said something on its pipe (or PATIENCE_S). The frame after it takes in what came.
"""

from __future__ import annotations

import time
from fractions import Fraction
from multiprocessing.connection import wait

from exoviz.session import Session
from exoviz.walkthrough import AheadPlans

PATIENCE_S = 0.25  # at most this long between frames (the frame after it reads the pipe again)


def planned(s: Session, patience_s: float = PATIENCE_S) -> None:
    """Block until the plan has news for the next frame (or patience_s has passed)."""
    plans = s.plans
    if not isinstance(plans, AheadPlans):
        if s.walking.walk_holds_time:  # a plan made here, the scene waiting for it: make it whole, as offline runs do
            s.tick(Fraction(1, 60), realtime=False)
        return
    due = plans._due  # the job goes out with the first frame from then on (session clock)
    if due is not None:
        time.sleep(min(patience_s, max(0.0, due - s._now())))
    elif not plans.worker.dead:
        wait([plans.worker._out], patience_s)  # the worker's pipe: stops, pieces of a stop's world, progress
