"""Headless recording: drives the Session frame by frame at the export fps into an MP4, GIF or PNG folder."""

from __future__ import annotations

import os
import sys
from fractions import Fraction

from exoviz.captions import subtitle
from exoviz.commands import Command
from exoviz.export.errors import ExportError
from exoviz.export.progress import Progress
from exoviz.export.srt import CaptionTrack, readable, write_srt
from exoviz.export.writers import check_target, open_sink
from exoviz.options import Options
from exoviz.render.snapshot import grab
from exoviz.render.title_card import CARD_S, draw_title_card
from exoviz.session import Session


def srt_path(target: str, kind: str) -> str:
    base = target.rstrip("/\\") if kind == "png" else os.path.splitext(target)[0]
    return base + ".srt"


def record(session: Session, window, opts: Options) -> int:
    """Render opts.duration playback seconds at opts.fps into opts.record; write NAME.srt beside it.

    window: an offscreen exoviz.ui.window.Window on the session (what it draws is what is saved).
    """
    try:
        kind, target = check_target(opts.record, opts.overwrite)
        subs = srt_path(target, kind)
        if os.path.exists(subs) and not opts.overwrite:
            raise ExportError(f"{subs} exists; pass --overwrite to replace it")
        sink = open_sink(opts.record, window.screen.get_size(), opts.fps, overwrite=opts.overwrite)
    except ExportError as e:
        print(f"exoviz: {e}", file=sys.stderr)
        return 2
    if sink.notice and not opts.quiet:
        print(f"exoviz: {sink.notice}", file=sys.stderr)
    frames = max(1, int(round(opts.duration * opts.fps)))
    frame_s = Fraction(1, opts.fps)
    title = opts.title or (opts.script.title if opts.script is not None else None)
    card = int(round(CARD_S * opts.fps)) if title else 0
    track = CaptionTrack()
    session.apply(Command("set_layer", ("captions", opts.burn_captions)))
    window.detail = False  # burned captions: the stage's title and sentence only
    done = 0
    interrupted = False
    progress = Progress(frames + card, opts.fps, quiet=opts.quiet)
    try:
        with sink:
            for _ in range(card):  # the title card: the first frame, dimmed, under the title
                window.draw()
                draw_title_card(window.screen, window.renderer, title, session.world)
                sink.write(grab(window.screen))
                progress.advance()
            for k in range(frames):
                session.tick(frame_s, realtime=False)
                window.draw()
                sink.write(grab(window.screen))
                track.update((card + k) / opts.fps, subtitle(session.world, session.hud()))
                done = k + 1
                progress.advance()
    except KeyboardInterrupt:
        interrupted = True
    except ExportError as e:
        progress.close()
        print(f"exoviz: {e}", file=sys.stderr)
        return 2
    progress.close()
    end = (card + done) / opts.fps
    cues = readable([c for c in track.cues(end) if c[1] > c[0]])
    if cues:
        write_srt(subs, cues)
    if interrupted:
        print(f"exoviz: interrupted; {done} frames ({end:.1f} s) saved to {target}", file=sys.stderr)
        return 130
    if not opts.quiet:
        print(f"exoviz: wrote {target} ({done} frames, {end:.1f} s) and {subs}", file=sys.stderr)
    return 0
