"""Walk-through slides: --walkthrough DIR/ saves one PNG per stop, its caption drawn in, and steps.json."""

from __future__ import annotations

import json
import os
import shutil
import sys
from fractions import Fraction

from exoviz.captions import caption_parts
from exoviz.commands import Command
from exoviz.export.png import encode_png
from exoviz.modes import spec
from exoviz.options import Options, UsageError
from exoviz.readouts import sim_clock
from exoviz.render.snapshot import grab
from exoviz.session import Session
from exoviz.sim.stages import STAGE_NAMES

SLIDE = "slide_{:02d}.png"
FRAME = Fraction(1, 60)


def check_folder(path: str, overwrite: bool) -> str:
    """The absolute folder for slides: new, empty, or (with --overwrite) holding only earlier slides."""
    if not path.strip():
        raise UsageError("--walkthrough needs a folder path, e.g. --walkthrough slides/")
    folder = os.path.abspath(os.path.expanduser(path))
    parent = os.path.dirname(folder)
    if not os.path.isdir(parent):
        raise UsageError(f"--walkthrough: folder {parent} does not exist; create it first")
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"--walkthrough: {folder} exists and is not a folder")
    if os.path.isdir(folder) and os.listdir(folder):
        ours = all(n == "steps.json" or (n.startswith("slide_") and n.endswith(".png")) for n in os.listdir(folder))
        if not overwrite:
            raise UsageError(f"--walkthrough: folder {folder} is not empty; pass --overwrite to replace its slides")
        if not ours:
            raise UsageError(f"--walkthrough: folder {folder} holds other files; choose an empty or new folder")
    return folder


def _walk_to_next(session: Session) -> bool:
    """Page Down, then play offline until the stop is reached; False when there is no further stop."""
    before = session.walk.index
    session.apply(Command("walk_next"))
    while session.walk.busy:
        session.tick(FRAME, realtime=False)
    return session.walk.active and session.walk.index != before


def export_slides(session: Session, window, opts: Options) -> int:
    """Plan the walk-through, hold at every stop and save it; the folder appears complete or not at all."""
    folder = check_folder(opts.walkthrough, opts.overwrite)
    work = f"{folder}.partial-{os.getpid()}"
    os.mkdir(work)
    try:
        steps = []
        while _walk_to_next(session):
            window.controls.update(0.0)
            window.draw()
            n = session.walk.index + 1
            with open(os.path.join(work, SLIDE.format(n)), "wb") as f:
                f.write(encode_png(grab(window.screen)))
            steps.append(_describe(session, n))
        if not steps:
            raise UsageError("the walk-through found no body that goes through the whole story; try another --seed")
        with open(os.path.join(work, "steps.json"), "w", encoding="utf-8") as f:
            json.dump({"mode": session.params.mode, "seed": session.params.seed, "steps": steps}, f, indent=1,
                      ensure_ascii=False)
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.replace(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if not opts.quiet:
        print(f"exoviz: wrote {len(steps)} slides and steps.json to {folder}", file=sys.stderr)
    return 0


def _describe(session: Session, n: int) -> dict:
    stop = session.walk.stop
    story = spec(session.params.mode).story
    title, text, _ = caption_parts(session.world, session.hud()) or ("", "", "")
    return {"number": n, "slide": SLIDE.format(n), "stage": STAGE_NAMES[int(story[stop.index].stage)],
            "branch": stop.branch, "title": title, "caption": " ".join(text.split()), "uid": stop.uid,
            "sim_time_s": round(session.world.t, 6), "sim_time": sim_clock(session.world.t)}
