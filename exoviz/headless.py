"""Headless runs: simulate a fixed playback duration as fast as possible, then save PNG and JSON."""

from __future__ import annotations

import json
import os

from exoviz.cli import Options
from exoviz.export.atomic import atomic_write
from exoviz.sim.world import STEPS_PER_PLAYBACK_S


def run_headless(opts: Options) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from exoviz.app import App
    from exoviz.render.snapshot import save_png

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1, 1))  # widgets need a pixel format; frames go to an offscreen surface
    screen = pygame.Surface(opts.size)
    app = App(opts, screen, windowed=False)
    if opts.record:
        from exoviz.film import record

        code = record(app, opts, app.player)
        if code:
            return code
    else:
        steps = int(round((opts.duration or 0.0) * STEPS_PER_PLAYBACK_S * opts.speed))
        if app.player is not None:
            app.player.advance_to(app, 0.0)
        app.world.run(steps)
    if opts.screenshot:
        app.controls.update(0.0)
        app.draw()
        save_png(screen, opts.screenshot)
    if opts.stats:
        atomic_write(opts.stats, json.dumps(app.world.stats(), indent=1).encode())
    pygame.quit()
    return 0
