"""Every key and button answers at once: what a command visibly changed, and else a short line saying why
nothing can happen now ("no docked vesicle to stimulate", "end of the walk-through").

The Window calls answer() after each command: a command whose effect a viewer cannot see yet (a stimulus, the
close-up waiting for a fusion) always says what it did; any other that changed nothing visible says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.commands import Command
from exoviz.i18n import N_, _
from exoviz.modes import spec
from exoviz.sim.machinery_view import Machine
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.ui.host import Host as Window

SAY_S = 3.0  # how long an answer stays on screen

# command -> why it changed nothing (when that is the only reason); the dynamic ones are functions below
REASONS: dict[str, str] = {
    "step": N_("→ steps one step while paused (Space pauses)"),
    "slower": N_("Already the slowest speed (×0.25)"),
    "faster": N_("Already the fastest speed (×4)"),
    "walk_prev": N_("Page Up goes back in the walk-through: this is its first stop, or none has started"),
    "walk_exit": N_("No walk-through to leave (Page Down starts one)"),
    "zoom_in": N_("Zoomed in as far as it goes"),
    "zoom_out": N_("The whole scene is shown already"),
    "zoom_reset": N_("The whole scene is shown already"),
    "toggle_closeup": N_("The close-up shows one scene, not the compare view"),
    "release": N_("Nothing is followed (click a body to follow it)"),
}
GENERIC = N_("Nothing to change now")


def visible(w: Window) -> tuple:
    """What the screen shows that a command can change (for telling whether it changed anything)."""
    s = w.session
    cam = s.camera
    session = (s.paused, s.speed_i, s.params, s.compare, id(s.world), tuple(x.steps for x in s.worlds),
               tuple(vars(s.layers).values()), s.theme, s.clean, s.show_help, s.wound_tool, s.follow_uid,
               s.closeup.enabled, s.language, s.caption_override)
    walk = (s.walk.active, s.walk.index, s.walk.target is not None)
    view = (round(cam.zoom, 6), tuple(round(float(c), 3) for c in cam.center))
    window = (w.blank, w.fullscreen, w.ui_scale, w.recording, w.running, w.quit_armed > 0,
              w.simple, w.drawer, w.cards.page)
    return session + walk + view + window


def said(w: Window) -> tuple:
    """The message on screen and when it goes (a new say() changes it, even with the same words)."""
    s = w.session
    return s.message, s.message_until


def answer(w: Window, cmd: Command, before: tuple, before_said: tuple) -> None:
    """After cmd ran: say what a command with no immediate picture did, or why nothing happened."""
    s = w.session
    if cmd.name in ("say", "caption", "set_view", "pan", "zoom_at", "pick", "look_at", "set_value"):
        return  # the mouse and scripts: their answer is the picture itself
    if cmd.name == "stimulate":
        line = stimulus_line(w)
    elif cmd.name == "toggle_closeup" and s.closeup.enabled and not s.compare:
        line = _("Close-up on: it opens, in slow motion, at the next fusion (I: off)")
    elif visible(w) != before or said(w) != before_said:
        return
    elif cmd.name == "walk_next":
        line = walk_line(w)
    else:
        line = _(REASONS.get(cmd.name, GENERIC))
    s.apply(Command("say", (line, SAY_S)))


def stimulus_line(w: Window) -> str:
    """What S did: nothing to stimulate in this cell, no docked vesicle, or how many may now fuse."""
    s = w.session
    if s.compare:
        return _("A stimulus in all three panels at once")
    cell = s.params.cell_spec
    if not spec(s.params.mode).stimulus or not cell.trigger:
        return _("Nothing to stimulate here: this cell releases without a stimulus")
    docked = int(s.world.ves.where(Stage.DOCKED).size)
    if docked == 0:
        return _("No docked vesicle to stimulate: wait until one docks at the membrane")
    view = s.world.machinery_view()
    if view.rows.size:  # a regulated release site: only primed vesicles can fuse on Ca²⁺
        primed = int(np.count_nonzero(np.isin(view.state, (Machine.PRIMED, Machine.CA_BOUND))))
        return _("{stimulus}: {n} primed vesicles may fuse ({d} docked, not yet primed)").format(
            stimulus=_(cell.stimulus), n=primed, d=docked - primed)
    return _("{stimulus}: {n} docked vesicles may fuse").format(stimulus=_(cell.stimulus), n=docked)


def walk_line(w: Window) -> str:
    """Why Page Down did not move the walk-through on."""
    s = w.session
    if s.compare:
        return _("The walk-through follows one body: leave the compare view first (4)")
    if s.walk.busy:
        return _("Planning the walk-through… one moment")
    return _("End of the walk-through (Page Up: back · Home: leave)")
