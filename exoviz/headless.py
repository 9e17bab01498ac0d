"""Runs without a window: simulate (or film) a fixed playback duration as fast as possible, then save outputs.

A run that only writes --stats never imports pygame; a screenshot or a recording draws through an offscreen
Window. Both drive the Session with the same fixed-step clock as the window, in exact 1/60 s frames.
"""

from __future__ import annotations

import json
from fractions import Fraction

from exoviz.export.atomic import atomic_write
from exoviz.options import Options
from exoviz.session import Session
from exoviz.sim.world import STEPS_PER_PLAYBACK_S

FRAME = Fraction(1, STEPS_PER_PLAYBACK_S)  # playback seconds per frame of a headless run


def simulate(session: Session, duration_s: float) -> None:
    """Play duration_s seconds of playback through the session's clock (script events included)."""
    for _ in range(int(round(duration_s * STEPS_PER_PLAYBACK_S))):
        session.tick(FRAME, realtime=False)


def run_headless(session: Session, opts: Options) -> int:
    """--headless, --record or --walkthrough: run, then write the screenshot and stats asked for; exit code."""
    window = None
    if opts.record or opts.screenshot or opts.walkthrough is not None:
        from exoviz.ui.window import offscreen_window

        window = offscreen_window(session, opts)
    if opts.walkthrough is not None:
        from exoviz.slides import export_slides

        code = export_slides(session, window, opts)
        if code:
            return code
    elif opts.record:
        from exoviz.film import record

        code = record(session, window, opts)
        if code:
            return code
    else:
        simulate(session, opts.duration or 0.0)
    if window is not None and opts.screenshot:
        from exoviz.render.snapshot import save_png

        window.controls.update(0.0)
        window.draw()
        save_png(window.screen, opts.screenshot)
    if opts.stats:
        atomic_write(opts.stats, json.dumps(session.world.stats(), indent=1).encode())
    if window is not None:
        import pygame

        pygame.quit()
    return 0
