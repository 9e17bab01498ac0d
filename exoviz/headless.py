"""Headless runs: simulate a fixed playback duration as fast as possible, then save PNG and JSON."""

from __future__ import annotations

import json
import os
import tempfile

from exoviz.cli import Options
from exoviz.sim.world import STEPS_PER_PLAYBACK_S


def atomic_write(path: str, data: bytes) -> None:
    """Write to a temporary file beside path, then rename: never a half-written file under path."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".exoviz-", suffix=".partial", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def run_headless(opts: Options) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from exoviz.app import App

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
        folder = os.path.dirname(os.path.abspath(opts.screenshot))
        fd, tmp = tempfile.mkstemp(prefix=".exoviz-", suffix=".png", dir=folder)
        os.close(fd)
        try:
            pygame.image.save(screen, tmp)
            os.replace(tmp, opts.screenshot)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    if opts.stats:
        atomic_write(opts.stats, json.dumps(app.world.stats(), indent=1).encode())
    pygame.quit()
    return 0
