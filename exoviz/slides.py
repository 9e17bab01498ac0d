"""Walk-through slides: --walkthrough DIR/ saves one PNG per stop, its caption drawn in, and steps.json."""

from __future__ import annotations

import json
import os
from fractions import Fraction

from exoviz import interrupts
from exoviz.captions import caption_parts
from exoviz.commands import Command
from exoviz.export.atomic import install_folder, make_folder, saving_error, sweep_one
from exoviz.export.errors import ExportError
from exoviz.export.png import encode_png
from exoviz.export.targets import check_folder
from exoviz.i18n import _
from exoviz.modes import spec
from exoviz.options import Options, UsageError
from exoviz.outputs import STEPS, slides_only
from exoviz.readouts import sim_clock
from exoviz.render.snapshot import grab
from exoviz.saving import Saves, say
from exoviz.session import Session
from exoviz.sim.machinery import MACHINE_NAMES
from exoviz.sim.stages import STAGE_NAMES

SLIDE = "slide_{:02d}.png"
FRAME = Fraction(1, 60)


def _walk_to_next(session: Session) -> bool:
    """Page Down, then play offline until the stop is reached; False when there is no further stop (or a signal)."""
    before = session.walk.index
    session.apply(Command("walk_next"))
    while session.walk.busy:
        if interrupts.requested():
            return False
        session.tick(FRAME, realtime=False)
    return session.walk.active and session.walk.index != before


def _write(path: str, data: bytes, folder: str) -> None:
    """One file into the work folder; a failure names the folder asked for, never the work name."""
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise saving_error(folder, exc) from exc


def _slides(session: Session, window, work: str, folder: str) -> list[dict]:
    """Walk from stop to stop, saving each one's slide into work; the steps so far (a signal ends it early)."""
    steps: list[dict] = []
    window.disclosure.still = True  # each slide says every distortion in force, not one note of the ticker
    while not interrupts.requested() and _walk_to_next(session):
        window.controls.update(0.0)
        window.draw()
        n = session.walk.index + 1
        _write(os.path.join(work, SLIDE.format(n)), encode_png(grab(window.screen)), folder)
        steps.append({**_describe(session, n), **window.plan.describe()})  # + the subject's and overlays' rects
    return steps


def export_slides(session: Session, window, opts: Options, saves: Saves) -> int:
    """Plan the walk-through, hold at every stop and save it; the folder appears complete or not at all.

    After a signal the slides so far (and their steps.json) are saved as the folder.
    """
    folder = check_folder(opts.walkthrough, opts.overwrite, slides_only, "slides", "slide_NN.png and steps.json")
    try:
        work = make_folder(folder)
    except OSError as exc:
        raise saving_error(folder, exc) from exc
    try:
        try:
            steps = _slides(session, window, work, folder)
        except ExportError as e:  # a full disk mid-walk: the other outputs are still written
            saves.fail(folder, str(e))
            return 0
        if not steps:
            if interrupts.requested():
                say(_("stopped before the first slide; nothing written to {folder}").format(folder=folder))
                return 0
            raise UsageError(_("the walk-through found no body that goes through the whole story; try another --seed"))
        doc = {"mode": session.params.mode, "seed": session.params.seed, "steps": steps}
        data = json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8")
        if not saves.attempt(folder, lambda: (_write(os.path.join(work, STEPS), data, folder),
                                              install_folder(work, folder, opts.overwrite, slides_only))):
            return 0  # the run's last line says so, after the other outputs are written
    finally:
        sweep_one(work)
    if not opts.quiet or interrupts.requested():
        line = _("wrote 1 slide and {steps} to {folder}") if len(steps) == 1 else \
            _("wrote {n} slides and {steps} to {folder}")
        say(line.format(n=len(steps), steps=STEPS, folder=folder))
    return 0


def _describe(session: Session, n: int) -> dict:
    stop = session.walk.stop
    story = spec(session.params.mode).story_for(session.params.cell_spec)
    title, text, _detail = caption_parts(session.world, session.hud()) or ("", "", "")
    st = story[stop.index]
    stage = st.name or MACHINE_NAMES.get(st.machine) or STAGE_NAMES[int(st.stage)]
    return {"number": n, "slide": SLIDE.format(n), "stage": stage,
            "branch": stop.branch, "note": session.walk.note(session.world, stop), "title": title,
            "caption": " ".join(text.split()), "uid": stop.uid,
            "sim_time_s": round(session.world.t, 6), "sim_time": sim_clock(session.world.t)}
