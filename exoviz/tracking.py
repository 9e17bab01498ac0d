"""Following one body with the camera, and the event close-up (a magnified inset with slow motion); no pygame.

Follow: the camera glides after the followed body; when the body merges into the plasma membrane (or is
digested, or drifts out of view) the camera stays on the spot until the delivered patch has spread, then
following ends with a message. CloseUp: when the body in focus reaches an event (pore opening, collapse, a
kiss, MVB fusion, lysosome fusion) an inset opens on it and playback slows; when the event is over it closes
and the speed comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from exoviz.camera import Camera
from exoviz.i18n import N_, _
from exoviz.sim.machinery import MACHINE_NAMES
from exoviz.sim.stages import STAGE_NAMES, Stage

if TYPE_CHECKING:
    from exoviz.sim.world import World

GLIDE_S = 0.25  # the camera closes ~63 % of the distance to the followed body in this much wall time
STAY_AFTER_S = 2.0  # playback s the camera stays on a fusion site at least
PATCH_SPREAD = 0.25  # ... and until the delivered patch's peak share has fallen below this
CLOSEUP_SLOW = 0.1  # playback speed factor while the close-up shows an event
CLOSEUP_HOLD_S = 0.6  # wall s the close-up stays open after its event ends
WOUND_UID = -2  # the close-up's "body" while it shows a wound (a place in the membrane, not a body)
WOUND_SLOW = 0.5  # playback speed factor while the close-up shows a wound (its repair takes seconds already)
# Stages that are events worth a close-up, with the name shown on the inset.
EVENTS: dict[int, str] = {
    Stage.PORE: N_("fusion pore"), Stage.RELEASE: N_("pore widens, cargo leaves"), Stage.COLLAPSE: N_("full collapse"),
    Stage.KISS_RELEASE: N_("kiss: release through the pore"), Stage.PORE_CLOSED: N_("pore closes"),
    Stage.MVB_FUSION: N_("MVB fusion"), Stage.DEGRADE: N_("lysosome fusion"),
}
# Stages that get a close-up during the walk-through only (they last long: no slow motion for them otherwise).
WALK_EVENTS: dict[int, str] = {Stage.ILV_BUDDING: N_("an ILV buds inward"),
                               # at a regulated release site: tethered, docked, primed, Ca²⁺-bound (its proteins)
                               Stage.DOCKED: N_("the fusion machinery")}
# Why a followed body left the scene, by the stage it was last seen in.
MERGED = N_("merged into the plasma membrane")
LEFT = N_("left the scene")
GONE: dict[int, str] = {Stage.PORE: MERGED, Stage.RELEASE: MERGED, Stage.COLLAPSE: MERGED, Stage.MVB_FUSION: MERGED,
        Stage.DEGRADE: N_("was digested in a lysosome"), Stage.EXOSOME: N_("drifted out of view")}


@dataclass
class Follow:
    """Who the camera follows: a live body (uid), or the spot where it merged (site) for a while."""

    uid: int = -1
    site: tuple[float, float] | None = None  # nm, where the body was last seen once it has gone
    last_pos: np.ndarray | None = None  # nm, where the followed body was at the last look
    gone_at: float = 0.0  # world.playback_s when it went
    last_stage: int = Stage.FREE

    @property
    def active(self) -> bool:
        return self.uid >= 0 or self.site is not None

    def start(self, uid: int) -> None:
        self.uid, self.site, self.last_stage, self.last_pos = uid, None, Stage.FREE, None

    def stop(self) -> None:
        self.uid, self.site, self.last_pos = -1, None, None

    def hold(self, site: np.ndarray, now_playback_s: float) -> None:
        """Stay on the spot where a body merged (a walk-through stop shown after it went), as if it had been
        followed there: until its patch has spread."""
        self.uid, self.site, self.last_pos = -1, (float(site[0]), float(site[1])), None
        self.gone_at = now_playback_s

    def target(self, world: World) -> np.ndarray | None:
        """Where the camera should look now (nm), or None."""
        if self.uid >= 0:
            slot = world.ves.index_of_uid(self.uid)
            if slot >= 0:
                v = world.ves
                self.last_stage = int(v.stage[slot])
                self.last_pos = v.pos[slot].copy()
                return self.last_pos
        return None if self.site is None else np.asarray(self.site)

    def update(self, world: World, slot_pos: np.ndarray | None) -> str:
        """Notice when the followed body has gone; return a message to show ('' when nothing happened)."""
        if self.uid >= 0 and world.ves.index_of_uid(self.uid) < 0:
            why = _(GONE.get(self.last_stage, LEFT))
            self.site = None if slot_pos is None else (float(slot_pos[0]), float(slot_pos[1]))
            self.gone_at = world.playback_s
            uid, self.uid = self.uid, -1
            return f"#{uid} {why}" + (_("; the camera stays on the spot") if self.site is not None else "")
        if self.site is not None and world.playback_s - self.gone_at > STAY_AFTER_S:
            peaks = world.surface.patch_peak(world.t) if world.surface.patch_x.size else np.zeros(0)
            near = np.abs(world.surface.patch_x - self.site[0]) < 500.0 if peaks.size else np.zeros(0, bool)
            if not (peaks[near] > PATCH_SPREAD).any():
                self.site = None
                return _("Its membrane has spread into the plasma membrane: following ended")
        return ""


def glide(cam: Camera, target: np.ndarray, wall_s: float) -> None:
    """Move the camera centre toward target (nm) smoothly, by a share that depends on frame time only."""
    k = 1.0 - np.exp(-max(wall_s, 0.0) / GLIDE_S)
    cam.center = cam.center + (np.asarray(target, dtype=float) - cam.center) * k
    cam.clamp()


@dataclass
class CloseUp:
    """The event inset: enabled by the user (I, --closeup) or the walk-through; open while an event runs."""

    enabled: bool = False
    uid: int = -1  # the body shown, while open
    event: str = ""  # what is happening (title of the inset)
    hold: float = 0.0  # wall s left before closing once the event is over

    @property
    def open(self) -> bool:
        return self.uid >= 0 or self.uid == WOUND_UID

    @property
    def slow(self) -> float:
        """Playback speed factor: slow motion while an event is shown."""
        if self.uid == WOUND_UID:
            return WOUND_SLOW
        return CLOSEUP_SLOW if self.open else 1.0

    def close(self) -> None:
        self.uid, self.event, self.hold = -1, "", 0.0

    def update(self, world: World, focus_uid: int, wall_s: float, events: dict[int, str] = EVENTS) -> None:
        """Open on the focus body when it is in an event stage (of `events`); close a moment after it ends."""
        if not self.enabled:
            self.close()
            return
        wounds = world.turnover.wounds
        if wounds.active(world.t):  # a wound in the membrane comes first: someone just made it
            self.uid, self.event, self.hold = WOUND_UID, wound_event(world), CLOSEUP_HOLD_S
            return
        uid = focus_uid if self.uid == WOUND_UID else self.uid if self.open else focus_uid
        slot = world.ves.index_of_uid(uid) if uid >= 0 else -1
        stage = int(world.ves.stage[slot]) if slot >= 0 else Stage.FREE
        if stage in events:
            self.uid, self.event, self.hold = uid, events[stage], CLOSEUP_HOLD_S
        elif self.open:
            self.hold -= wall_s
            if self.hold <= 0.0:
                self.close()

    def title(self, world: World) -> str:
        if self.uid == WOUND_UID:
            return _("Close-up: {event}").format(event=_(wound_event(world)))
        slot = world.ves.index_of_uid(self.uid) if self.uid >= 0 else -1
        stage = int(world.ves.stage[slot]) if slot >= 0 else -1
        machine = world.ves.machine[slot] if stage == Stage.DOCKED else 0
        if machine in MACHINE_NAMES:  # at a regulated release site: its machinery's state (render/snares.py draws it)
            name = MACHINE_NAMES[machine]
        elif stage in EVENTS or stage in WALK_EVENTS:  # the event itself
            name = EVENTS.get(stage) or WALK_EVENTS[stage]
        else:  # what the body does now, in the seconds the inset stays open after its event (retreating ...)
            name = STAGE_NAMES.get(stage, "") if slot >= 0 else N_("merged")
        return _("Close-up: {event}").format(event=_(name or self.event))


def wound_event(world: World) -> str:
    """The close-up's title while it shows the latest wound (an untranslated template)."""
    w = world.turnover.wounds.last
    if w is not None and w.sealed is not None:
        return N_("wound sealed")
    if not world.params.calcium:
        return N_("wound, no Ca²⁺: cytosol leaks")
    return N_("wound, lysosomes patch it")
