"""Headless recording: drives the App frame by frame at the export fps into an MP4, GIF or PNG folder."""

from __future__ import annotations

import os
import sys

from exoviz.export.errors import ExportError
from exoviz.export.progress import Progress
from exoviz.export.srt import CaptionTrack, write_srt
from exoviz.export.writers import check_target, open_sink
from exoviz.render.snapshot import grab
from exoviz.sim.world import STEPS_PER_PLAYBACK_S


def caption_text(app) -> str:
    """The caption a viewer reads now (as drawn by the renderer), as one line of subtitle text."""
    parts = app.renderer.caption_parts(app.world, app.state)
    if parts is None:
        return ""
    title, text, _ = parts
    return f"{title}: {' '.join(text.split())}" if text else title


def srt_path(target: str, kind: str) -> str:
    base = target.rstrip("/\\") if kind == "png" else os.path.splitext(target)[0]
    return base + ".srt"


def record(app, opts, player=None) -> int:
    """Render opts.duration playback seconds at opts.fps into opts.record; write NAME.srt beside it."""
    try:
        kind, target = check_target(opts.record, opts.overwrite)
        subs = srt_path(target, kind)
        if os.path.exists(subs) and not opts.overwrite:
            raise ExportError(f"{subs} exists; pass --overwrite to replace it")
        sink = open_sink(opts.record, app.screen.get_size(), opts.fps, overwrite=opts.overwrite)
    except ExportError as e:
        print(f"exoviz: {e}", file=sys.stderr)
        return 2
    if sink.notice and not opts.quiet:
        print(f"exoviz: {sink.notice}", file=sys.stderr)
    frames = max(1, int(round(opts.duration * opts.fps)))
    track = CaptionTrack()
    app.layers.captions = opts.burn_captions
    steps_due = 0.0  # fixed steps owed to the video clock
    done = 0
    interrupted = False
    progress = Progress(frames, opts.fps, quiet=opts.quiet)
    try:
        with sink:
            for k in range(frames):
                t = k / opts.fps
                if player is not None:
                    player.advance_to(app, t)
                if player is None or not player.held(t):
                    steps_due += STEPS_PER_PLAYBACK_S * app.speed / opts.fps
                    while steps_due >= 1.0:
                        app.world.step()
                        steps_due -= 1.0
                app.acc = steps_due / STEPS_PER_PLAYBACK_S
                app.paused = False
                app.draw()
                sink.write(grab(app.screen))
                track.update(t, caption_text(app))
                done = k + 1
                progress.advance()
    except KeyboardInterrupt:
        interrupted = True
    except ExportError as e:
        progress.close()
        print(f"exoviz: {e}", file=sys.stderr)
        return 2
    progress.close()
    end = done / opts.fps
    cues = [c for c in track.cues(end) if c[1] > c[0]]
    if cues:
        write_srt(subs, cues)
    if interrupted:
        print(f"exoviz: interrupted; {done} frames ({end:.1f} s) saved to {target}", file=sys.stderr)
        return 130
    if not opts.quiet:
        print(f"exoviz: wrote {target} ({done} frames, {end:.1f} s) and {subs}", file=sys.stderr)
    return 0
