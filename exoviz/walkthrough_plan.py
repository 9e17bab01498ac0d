"""Planning a walk-through: simulate a copy of the world ahead until one body has lived its mode's whole story.

The Recorder notes every stage change of a world copy (as arrays, a few per step), and at regulated release sites
every change into or out of primed and Ca²⁺-bound (the fusion machinery's states within Stage.DOCKED);
find_stops() looks in those records for a body whose stages follow the story in order without skipping, and turns
its stage times into stops (world.steps values at which the walk-through holds). The walk then replays the same
course from the same snapshot: the copy and the replay start from one state and one random generator, and get the same
stimuli at the same steps, so they agree step for step.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np

from exoviz import interrupts
from exoviz.modes import CA_BOUND, PRIMED, StoryStep, spec
from exoviz.sim.membrane_shape import IS_ATTACHED
from exoviz.sim.stages import Stage
from exoviz.sim.world import STEPS_PER_PLAYBACK_S, World

STIMULUS_EVERY = 30  # steps between stimuli in a walk where a stimulus means something (an action potential)
# ... but a secretory cell's Ca²⁺ lingers ~1 s: its stimuli come every 1.25 s, so that between them Ca²⁺ falls back
# and a primed granule is seen waiting, clamped, before the Ca²⁺ that fuses it
STIMULUS_EVERY_IN = {"full-fusion": 75}
MAX_PLAN_S = 300.0  # playback seconds of simulation ahead before giving up
CHECK_EVERY = 30  # steps between looks for a finished story
CHECKPOINT_EVERY = 30  # steps between copies of the planned course, so a replay starts near its stop
CHECKPOINT_BYTES = 64 * 2**20  # ... but the copies together stay under this (big worlds keep fewer)
steps_taken = 0  # advance() calls in this process (the window's main thread must make none: a test counts them)
PREFER_S = 15.0  # playback s spent looking on for a body whose stops show their captions (then the best other)
RELEASE_MIN_CARGO = 7  # cargo dots a body should hold when its release starts (some in the neck, some outside;
# 7: a granule whose pore flickered has let more of its small molecules out)
RELEASE_SHOWN_CARGO = 6  # fewer than this at release cannot show 3 dots in the neck and 3 just outside at once ...
PREFER_POOR_S = 60.0  # ... so a body with fewer is settled for only this long after the first finished


@dataclass(frozen=True)
class Stop:
    index: int  # index into the mode's story
    step: int  # world.steps at which the walk holds
    uid: int  # the body to follow there
    branch: str  # "main" or "alt" (the alternative fate, replayed from the start)


def advance(world: World, start_step: int, stimulate: bool) -> None:
    """One step of a walk's course: the same stimulus schedule in the plan and in every replay."""
    global steps_taken
    steps_taken += 1
    k = world.steps - start_step
    if stimulate and k and k % STIMULUS_EVERY_IN.get(world.params.mode, STIMULUS_EVERY) == 0:
        world.stimulate()
    world.step()


STORY_MACHINE = np.zeros(8, dtype=np.int64)  # machine code -> the part of it a story tells apart (0: any)
STORY_MACHINE[[PRIMED, CA_BOUND]] = [PRIMED, CA_BOUND]


def story_code(stage: np.ndarray | int, machine: np.ndarray | int) -> np.ndarray:
    """One code per (stage, machinery state) a story tells apart: stage * 8 + PRIMED / CA_BOUND / 0."""
    return np.asarray(stage) * 8 + np.asarray(machine)


class Recorder:
    """Every stage change of one world: (step, uid, new stage, parent uid, x nm, radius nm, cargo, machine) rows,
    machine being the story's part of the machinery state (STORY_MACHINE); FREE marks a body that went."""

    def __init__(self, world: World) -> None:
        v = world.ves
        alive = np.flatnonzero(v.alive)
        self.rows: list[np.ndarray] = [self._rows(world, world.steps, alive, v.uid[alive], v.stage[alive],
                                                  np.full(alive.size, -1))]
        self._stage = v.stage.copy()
        self._uid = v.uid.copy()
        self._machine = STORY_MACHINE.take(v.machine)

    @staticmethod
    def _rows(world: World, step: int, slots: np.ndarray, uid: np.ndarray, stage: np.ndarray, parent: np.ndarray
              ) -> np.ndarray:
        v = world.ves
        return np.stack([np.full(uid.size, step), uid, stage, parent, np.round(v.pos[slots, 0]),
                         np.round(v.radius[slots]), v.cargo[slots],
                         np.where(stage == Stage.FREE, 0, STORY_MACHINE.take(v.machine[slots]))],
                        axis=1).astype(np.int64)

    def note(self, world: World, parent_uid: np.ndarray) -> None:
        """After a step: rows for bodies that changed stage, appeared or went (parent_uid: before the step)."""
        v = world.ves
        n = self._stage.size
        stage, uid, machine = v.stage[:n], v.uid[:n], STORY_MACHINE.take(v.machine[:n])
        went = (self._stage != Stage.FREE) & ((stage == Stage.FREE) | (uid != self._uid))
        if went.any():
            idx = np.flatnonzero(went)
            self.rows.append(self._rows(world, world.steps, idx, self._uid[idx], np.full(idx.size, Stage.FREE),
                                        np.full(idx.size, -1)))
        changed = np.flatnonzero((stage != Stage.FREE) & ((stage != self._stage) | (uid != self._uid)
                                                          | (machine != self._machine)))
        grown = np.arange(n, v.capacity)
        changed = np.concatenate((changed, grown[v.stage[grown] != Stage.FREE]))
        if changed.size:
            par = np.where(changed < parent_uid.size, parent_uid[np.minimum(changed, parent_uid.size - 1)], -1)
            self.rows.append(self._rows(world, world.steps, changed, v.uid[changed], v.stage[changed], par))
        self._stage, self._uid, self._machine = v.stage.copy(), v.uid.copy(), STORY_MACHINE.take(v.machine)

    def table(self) -> np.ndarray:
        """(n, 8) int64 rows (step, uid, stage, parent uid, x, radius, cargo, machine), sorted by uid then step."""
        t = np.concatenate(self.rows)
        return t[np.lexsort((t[:, 0], t[:, 1]))]


def parent_uids(world: World) -> np.ndarray:
    """(capacity,) uid of each slot's parent body (-1 for none)."""
    v = world.ves
    par = v.parent
    return np.where(par >= 0, v.uid[np.maximum(par, 0)], -1)


P_CODE, C_CODE = int(story_code(Stage.DOCKED, PRIMED)), int(story_code(Stage.DOCKED, CA_BOUND))


def _runs(table: np.ndarray, uid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One body's story: (entry step, story code, exit step or -1) of each of its runs, in order.

    A vesicle that was Ca²⁺-bound and fell back to primed (it did not fuse on that stimulus) was primed again: that
    primed and Ca²⁺-bound pair is left out, so the story's primed stop is the wait before the Ca²⁺ that fused it."""
    lo, hi = np.searchsorted(table[:, 1], [uid, uid + 1])
    steps = table[lo:hi, 0]
    codes = story_code(table[lo:hi, 2], table[lo:hi, 7]) if table.shape[1] > 7 else table[lo:hi, 2] * 8
    new = np.concatenate((np.ones(min(codes.size, 1), dtype=bool), codes[1:] != codes[:-1]))
    steps, codes = steps[new], codes[new]
    exits = np.append(steps[1:], -1)
    out: list[tuple[int, int, int]] = []
    for run in zip(steps.tolist(), codes.tolist(), exits.tolist()):  # a body's few runs
        if run[1] == P_CODE and out and out[-1][1] == C_CODE:
            out.pop()
            if out and out[-1][1] == P_CODE:
                out.pop()
        out.append(run)
    arr = np.array(out, dtype=np.int64).reshape(-1, 3)
    return arr[:, 0], arr[:, 1], arr[:, 2]


def _contiguous(stages: np.ndarray, wanted: list[int]) -> int:
    """Start index of the last place where stages holds wanted in order with nothing between; -1 if none."""
    k = len(wanted)
    for i in range(stages.size - k, -1, -1):  # a body's own few stage changes
        if list(stages[i:i + k]) == wanted:
            return i
    return -1


def _stops_for(steps: np.ndarray, exits: np.ndarray, at: int, story: list[StoryStep], first: int, uid: int,
               branch: str, now: int) -> list[Stop] | None:
    """Stops for one body whose runs (entry steps, exit steps or -1) from at on follow story; None if any stop lies
    beyond `now`."""
    out = []
    for j, st in enumerate(story):
        entry = int(steps[at + j])
        exit_ = int(exits[at + j]) if exits[at + j] >= 0 else None
        cap = int(st.max_s * STEPS_PER_PLAYBACK_S)
        hold = cap if exit_ is None else min(int(st.at * (exit_ - entry)), cap, exit_ - entry - 1)  # still there
        if exit_ is None and entry + hold > now:
            return None
        out.append(Stop(first + j, entry + max(hold, 0), uid, branch))
    return out


def fused_near(table: np.ndarray, uid: int, step: int, reach: float) -> bool:
    """Whether another body's cap is fused to the plasma membrane at `step` within reach nm of uid's axis
    (its sphere's edge nearer than that): two caps that meet would share the picture."""
    t = table[table[:, 0] <= step]
    last = np.concatenate([t[1:, 1] != t[:-1, 1], [True]]) if t.size else np.zeros(0, bool)  # each body now
    now = t[last]
    me = now[now[:, 1] == uid]
    if me.size == 0:
        return False
    other = now[(now[:, 1] != uid) & IS_ATTACHED.take(now[:, 2])]
    return bool((np.abs(other[:, 4] - me[0, 4]) - other[:, 5] < reach).any())


BUD_AT = 0.6  # a budding stop holds this far through one of the endosome's buds (its neck closing, still a bud)


def buds_of(table: np.ndarray, uid: int) -> tuple[np.ndarray, np.ndarray]:
    """(from, to) world.steps of each ILV bud of the endosome uid that pinched off into its lumen: a bud from its
    first record to its ILV_INSIDE one (the parent column is reliable there: the bud existed the step before)."""
    inside = table[(table[:, 2] == Stage.ILV_INSIDE) & (table[:, 3] == uid)]
    if inside.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    first = np.searchsorted(table[:, 1], inside[:, 1])  # sorted by uid then step: each bud's first record
    return table[first, 0], inside[:, 0]


def on_a_bud(table: np.ndarray, stops: list[Stop], story: list[StoryStep], exits: np.ndarray) -> list[Stop]:
    """Budding stops moved to BUD_AT through the bud (within the stage) nearest where they were: an endosome in
    its budding stage has a bud forming only part of the time, and the stop shows one."""
    out = list(stops)
    for j, (stop, st) in enumerate(zip(stops, story)):
        if st.stage != Stage.ILV_BUDDING:
            continue
        b, e = buds_of(table, stop.uid)
        entry = out[j - 1].step if j else 0
        end = int(exits[j]) if exits[j] >= 0 else np.iinfo(np.int64).max
        keep = (e - b >= 2) & (b > entry) & (e <= end)
        if keep.any():
            hold = np.minimum(b[keep] + (BUD_AT * (e[keep] - b[keep])).astype(np.int64), e[keep] - 1)
            out[j] = Stop(stop.index, int(hold[np.argmin(np.abs(hold - stop.step))]), stop.uid, stop.branch)
    return out


def _on_bud(table: np.ndarray, uid: int, step: int) -> bool:
    b, e = buds_of(table, uid)
    return bool(((b <= step) & (step < e)).any())


def shows_story(table: np.ndarray, stops: list[Stop], story: list[StoryStep], min_cargo: int) -> bool:
    """Whether these stops can show what their captions say: the narrow pore with no other cap fused within two
    of the body's radii, at least min_cargo dots left when release starts (some to see in the neck, some just
    outside it), and a bud forming on the endosome at its budding stop."""
    for stop, st in zip(stops, story):
        lo, hi = np.searchsorted(table[:, 1], [stop.uid, stop.uid + 1])
        rows = table[lo:hi]
        if st.stage == Stage.PORE and fused_near(table, stop.uid, stop.step, 2.0 * float(rows[:, 5].max())):
            return False
        if st.stage == Stage.RELEASE and _cargo_at_release(rows, min_cargo) < min_cargo:
            return False
        if st.stage == Stage.ILV_BUDDING and not _on_bud(table, stop.uid, stop.step):
            return False
    return True


def _cargo_at_release(rows: np.ndarray, missing: int) -> int:
    """Cargo dots one body's rows record when its release started (missing: it has no release row)."""
    entry = rows[rows[:, 2] == Stage.RELEASE]
    return int(entry[0, 6]) if entry.size else missing


def release_cargo(table: np.ndarray, stops: list[Stop], story: list[StoryStep]) -> int:
    """Cargo dots the followed body held when its release started (a large number when the story has no release)."""
    for stop, st in zip(stops, story):
        if st.stage == Stage.RELEASE:
            lo, hi = np.searchsorted(table[:, 1], [stop.uid, stop.uid + 1])
            return _cargo_at_release(table[lo:hi], 0)
    return 2**31


def find_stops(table: np.ndarray, story: tuple[StoryStep, ...], now: int, settle: bool = True,
               min_cargo: int = 0) -> list[Stop] | None:
    """The walk's stops from the records so far, or None while no body has finished the story.

    Bodies whose stops show their captions (shows_story) come first, then the one with the most cargo at its release;
    while settle is True and none shows its captions yet, None (keep looking: the planner settles for another body
    PREFER_S after the first finished, PREFER_POOR_S if that one has too little cargo to show its release)."""
    main = [s for s in story if s.body == "main"]
    wanted = [int(story_code(s.stage, s.machine)) for s in main]
    last = table[table[:, 2] == main[-1].stage, 1]
    stops: list[Stop] | None = None
    for uid in np.unique(last):  # bodies that reached the story's last stage: a handful
        steps, codes, exits = _runs(table, int(uid))
        at = _contiguous(codes, wanted)
        if at >= 0:
            found = _stops_for(steps, exits, at, main, 0, int(uid), "main", now)
            if found is None:
                continue
            found = on_a_bud(table, found, main, exits[at:at + len(main)])
            if shows_story(table, found, main, min_cargo):
                stops = found
                break
            if stops is None or release_cargo(table, found, main) > release_cargo(table, stops, main):
                stops = found  # the fallback: the body with the most cargo left to show at its release
    if stops is None or (settle and not shows_story(table, stops, main, min_cargo)):
        return None
    for body in ("exosome", "alt"):
        part = [s for s in story if s.body == body]
        if not part:
            continue
        more = _branch(table, part, story.index(part[0]), stops[0].uid, stops[-1].step, body, now)
        if more is None:
            return None
        stops += more
    return stops


def _branch(table: np.ndarray, part: list[StoryStep], first: int, main_uid: int, after: int, body: str,
            now: int) -> list[Stop] | None:
    """Stops of an exosome (an ILV released by the main body) or of another body's alternative fate."""
    rows = table[table[:, 2] == int(part[0].stage)]
    rows = rows[rows[:, 3] == main_uid] if body == "exosome" else rows[rows[:, 1] != main_uid]
    for uid in rows[np.argsort(rows[:, 0], kind="stable"), 1]:
        steps, codes, exits = _runs(table, int(uid))
        at = _contiguous(codes, [int(story_code(s.stage, s.machine)) for s in part])
        if at < 0:
            continue
        found = _stops_for(steps, exits, at, part, first, int(uid), "main" if body == "exosome" else "alt", now)
        if found is not None and (body != "exosome" or found[0].step > after):  # the exosome comes later
            return found
    return None


class Planner:
    """Simulates a copy of the world ahead, a time budget at a time, until the stops are known."""

    def __init__(self, world: World) -> None:
        self.start = copy.deepcopy(world)  # the state every replay of this walk starts from
        self.sim: World | None = copy.deepcopy(world)  # the copy searched ahead (None once done)
        self.story = spec(world.params.mode).story_for(world.params.cell_spec)
        self.main = [s for s in self.story if s.body == "main"]  # the followed body's own stops
        self.stimulate = spec(world.params.mode).stimulus
        self.found_at: int | None = None  # world.steps when a body (of any kind) first finished the story
        self.preferred = True  # False: no body whose stops show their stage was found in time (another one is)
        self.min_cargo = RELEASE_MIN_CARGO if world.params.cell_spec.dots else 0  # a chylomicron is no dots
        self.recorder = Recorder(self.live)
        self.limit = int(MAX_PLAN_S * STEPS_PER_PLAYBACK_S)
        self.stops: list[Stop] | None = None
        self.failed = False
        # world.steps -> a copy of the course there: a replay to a stop starts from the last one before it
        self.checkpoints: dict[int, World] = {world.steps: self.start}
        per = max(world.ves.capacity * 400 + world.dots.capacity * 60, 1)  # rough bytes of one copy
        self.checkpoint_every = CHECKPOINT_EVERY * max(1, int(per * self.limit / CHECKPOINT_EVERY
                                                                / CHECKPOINT_BYTES))

    def nearest(self, step: int) -> World | None:
        """The latest planned copy at or before world.steps == step (None: none is)."""
        best = max((s for s in self.checkpoints if s <= step), default=None)
        return None if best is None else self.checkpoints[best]

    @property
    def live(self) -> World:
        """The copy being searched (LookupError once the search is done and it was let go)."""
        if self.sim is None:
            raise LookupError("the search is done")
        return self.sim

    @property
    def progress(self) -> float:
        """Share of the search limit used so far (0..1): shown while the plan is being made."""
        return (self.live.steps - self.start.steps) / self.limit

    @property
    def done(self) -> bool:
        return self.stops is not None or self.failed

    def _look(self) -> list[Stop] | None:
        """The stops, once a body whose stops show their stage has finished its story, or PREFER_S after the
        first body of any kind did (then that one)."""
        table, now = self.recorder.table(), self.live.steps
        stops = find_stops(table, self.story, now, True, self.min_cargo)
        if stops is None:
            anyone = find_stops(table, self.story, now, False, self.min_cargo)
            if anyone is not None:
                self.found_at = now if self.found_at is None else self.found_at
                poor = self.min_cargo and release_cargo(table, anyone, self.main) < RELEASE_SHOWN_CARGO
                if now - self.found_at >= (PREFER_POOR_S if poor else PREFER_S) * STEPS_PER_PLAYBACK_S \
                        or self.progress >= 1.0:
                    stops, self.preferred = anyone, False
        return stops

    def work(self, budget_s: float | None) -> bool:
        """Simulate ahead for about budget_s seconds of compute (None: until done). True when done."""
        t0 = time.perf_counter()
        while not self.done:
            par = parent_uids(self.live)
            advance(self.live, self.start.steps, self.stimulate)
            self.recorder.note(self.live, par)
            if (self.live.steps - self.start.steps) % self.checkpoint_every == 0:
                self.checkpoints[self.live.steps] = copy.deepcopy(self.live)
            if (self.live.steps - self.start.steps) % CHECK_EVERY == 0:  # the same looks however the budget falls
                self.stops = self._look()
                self.failed = self.stops is None and self.progress >= 1.0
            if budget_s is not None and time.perf_counter() - t0 > budget_s:  # checked every step: slow modes too
                break
            if interrupts.requested():  # Ctrl+C: --walkthrough saves the slides so far at once
                break
        if self.done:
            self.sim = None  # the copy is no longer needed
        return self.done
