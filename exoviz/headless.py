"""Runs without a window: simulate (or film) a fixed playback duration as fast as possible, then save outputs.

A run that only writes --stats never imports pygame; a screenshot or a recording draws through an offscreen
Window (always the dummy video driver: no display needed). Both drive the Session with the same fixed-step
clock as the window, in exact 1/60 s frames. SIGINT or SIGTERM stops the run after the current frame; what
exists is saved (a playable recording, stats and screenshot of the moment reached) and the exit code is 130/143.
"""

from __future__ import annotations

import json
from fractions import Fraction

from exoviz import interrupts
from exoviz.export.atomic import atomic_write
from exoviz.export.progress import Progress
from exoviz.export.series_csv import series_csv
from exoviz.options import Options
from exoviz.outputs import record_paths
from exoviz.readouts import sim_clock
from exoviz.saving import Saves, say
from exoviz.session import Session
from exoviz.sim.world import STEPS_PER_PLAYBACK_S

FRAME = Fraction(1, STEPS_PER_PLAYBACK_S)  # playback seconds per frame of a headless run


def simulate(session: Session, duration_s: float, progress: bool = False) -> bool:
    """Play duration_s seconds of playback through the session's clock (script events included).

    progress: show the progress line (a bar on a terminal after 2 s, else a line every 5 s) with the time left.
    False when a signal stopped it early (after a whole frame).
    """
    frames = int(round(duration_s * STEPS_PER_PLAYBACK_S))
    bar = Progress(frames, STEPS_PER_PLAYBACK_S, quiet=not progress, label="simulating", interval=5.0,
                   playback=True, summary=False)
    try:
        for _ in range(frames):
            if interrupts.requested():
                return False
            session.tick(FRAME, realtime=False)
            bar.advance()
    finally:
        bar.close()
    return not interrupts.requested()


def _run(session: Session, opts: Options, saves: Saves) -> int:
    window = None
    if opts.record is not None or opts.screenshot or opts.walkthrough is not None:
        from exoviz.ui.window import offscreen_window

        window = offscreen_window(session, opts)
    try:
        code = 0
        if opts.walkthrough is not None:
            from exoviz.slides import export_slides

            code = export_slides(session, window, opts, saves)
        elif opts.record is not None:
            from exoviz.film import record

            code = record(session, window, opts, saves)
        else:
            simulate(session, opts.duration or 0.0, progress=not opts.quiet)
        if code:
            return code
        shot, stats, csv, setup = opts.screenshot, opts.stats, opts.csv, opts.save_script
        if window is not None and shot:
            from exoviz.render.snapshot import save_png

            window.controls.update(0.0)
            window.disclosure.still = True  # a still says every distortion at once (a moving view cycles through them)
            window.draw()
            saves.attempt(shot, lambda: save_png(window.screen, shot, opts.overwrite))
        if stats:
            summary = session.world.stats() if not session.treating else {  # control beside treatment: both halves
                "control": session.compare_worlds[0].stats(), "treated": session.compare_worlds[1].stats()}
            data = json.dumps(summary, indent=1).encode()
            saves.attempt(stats, lambda: atomic_write(stats, data, opts.overwrite))
        if csv:
            table = series_csv(session.world.series)
            saves.attempt(csv, lambda: atomic_write(csv, table, opts.overwrite))
        amp, view = opts.amperometry, session.world.amperometry_view()
        if amp and view is not None:
            from exoviz.export.amperometry_csv import events_csv, events_path, trace_csv

            events = events_path(amp)
            saves.attempt(amp, lambda: atomic_write(amp, trace_csv(view), opts.overwrite))
            saves.attempt(events, lambda: atomic_write(events, events_csv(view), opts.overwrite))
        if setup:
            from exoviz.export.script_save import save_setup

            saves.attempt(setup, lambda: save_setup(session, setup, opts.duration, opts.overwrite))
        return 0
    finally:
        if window is not None:
            import pygame

            pygame.quit()


def run_headless(session: Session, opts: Options) -> int:
    """--headless, --record or --walkthrough: run, then write the screenshot and stats asked for; exit code."""
    if opts.repeat:
        from exoviz.repeat import run_repeat

        return run_repeat(opts)
    saves = Saves()
    try:
        code = _run(session, opts, saves)
    except interrupts.Aborted as second:
        film = list(record_paths(opts.record)) if opts.record is not None else []
        pending = [p for p in (*film, opts.walkthrough, opts.screenshot, opts.stats, opts.csv, opts.amperometry,
                                opts.save_script) if p]
        saves.report_abort(second, pending)
        return interrupts.exit_code()
    with interrupts.shielded():  # everything is saved or not by now: a second signal cannot cut the last line
        if interrupts.requested():
            say(f"stopped by {interrupts.name()} at t = {sim_clock(session.world.t)} (simulated); "
                f"{saves.summary()}")
            return interrupts.exit_code()
        if saves.failed:
            say(saves.failure_line())
            return 2
    return code
