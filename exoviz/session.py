"""The Session: everything a run knows besides pixels (worlds, clock, speed, camera, follow, layers, walk-through,
script), with no pygame. It changes only through Session.apply(Command); keys, widgets, scripts, recordings
and tests all produce Commands.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

import numpy as np

from exoviz.camera import Camera
from exoviz.clock import MAX_FRAME_S, Clock
from exoviz.commands import ClickTool, Command, CoreHandlers, SessionHandlers, dispatch
from exoviz.highlight import Highlight
from exoviz.i18n import Text, set_language
from exoviz.modes import CELLS, MODES
from exoviz.options import Options
from exoviz.params import SPEEDS, Params
from exoviz.scripting import ScriptPlayer
from exoviz.session_bench import BenchCommands
from exoviz.session_display import DisplayCommands
from exoviz.session_turnover import TurnoverCommands
from exoviz.session_view import ViewCommands
from exoviz.session_walk import WALK_BUDGET_S, WalkCommands
from exoviz.sim.world import World
from exoviz.tracking import EVENTS, WALK_EVENTS, CloseUp, Follow, glide
from exoviz.viewstate import ChartRef, HudState, Layers
from exoviz.walkthrough import Plans, WalkThrough


class Session:
    """One run's state. Read its fields freely; change them only with apply(). Its commands are carried out here
    and by its parts, each made with the Session as its host (session_host.SessionHost, the written contract)."""

    def __init__(self, opts: Options, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.language = opts.lang  # every text shown is in this language (i18n.set_language keeps it)
        set_language(self.language)
        self.params = opts.params
        self.world = World(self.params)
        self.compare = False
        self.compare_worlds: list[World] = []
        self.treatment: Params | None = None  # the treated half of the control-beside-treatment view
        self.investigation = ""  # the guided investigation shown (exoviz.investigations), '' for none
        self.clock = Clock()
        self.speed_i = SPEEDS.index(opts.speed)
        self.paused = False
        self.layers = Layers(chart=opts.chart, tirf=opts.tirf)
        self.tirf_region = opts.tirf_region  # µm along the membrane: the TIRF region traced as ΔF/F0 (or None)
        for name, on in (opts.script.layers.items() if opts.script is not None else ()):
            setattr(self.layers, name, bool(on))  # a saved setup's layers
        self.theme = opts.theme
        self.clean = opts.clean
        self.show_help = False
        self.wound_tool = False  # the next click on the membrane wounds it
        self.electrode_tool = False  # the next click on the cell places the amperometry electrode
        self.follow = Follow()
        self.highlight = Highlight()  # the body the caption is about when none is followed (held, glides on)
        self.closeup = CloseUp(enabled=opts.closeup)
        self._closeup_user = opts.closeup  # what the user chose; the walk-through turns it on meanwhile
        self.caption_override = ""
        self.chart_ref: ChartRef | None = None  # a run kept to compare the chart with (Ctrl+G)
        self.message, self.message_until = "", 0.0  # the message shown, and the wall s it goes (0: none)
        self.walk = WalkThrough()
        self.display, self.viewing, self.turnover = DisplayCommands(self), ViewCommands(self), TurnoverCommands(self)
        self.walking, self.bench = WalkCommands(self), BenchCommands(self)
        self.player = ScriptPlayer(opts.script) if opts.script is not None else None
        self.t_play: float | Fraction = Fraction(0)  # playback s of a script so far (exact in offline runs)
        self.wall_s = 0.0  # wall (or video) seconds shown so far, paused or not: the disclosure ticker's clock
        self.camera = Camera(self.world.scene.width, self.world.scene.height, (0, 0, *opts.size))
        self._handlers = self._command_table()
        if opts.compare_experiment is not None:  # --compare-experiment NAME: the view from the start
            self._handlers["compare_treatment"](opts.compare_experiment)
        if opts.investigate:  # --investigate NAME: its scene from the start
            self._handlers["investigate"](opts.investigate)

    def _command_table(self) -> SessionHandlers:
        """Every SESSION command's handler: the Session's own and its parts' (mypy checks each against its argument
        type in commands.SessionHandlers, and that none is missing)."""
        own: CoreHandlers = {
            "toggle_pause": self._toggle_pause, "pause": self._pause, "step": self._step, "slower": self._slower,
            "faster": self._faster, "set_speed": self._set_speed, "reset": self._reset, "mode": self._mode,
            "cell": self._cell, "compare": self._compare, "stimulate": self._stimulate, "set_value": self._set_value,
            "say": self._say, "tirf_region": self._tirf_region}
        return {**own, **self.display.handlers(), **self.viewing.handlers(), **self.turnover.handlers(),
                **self.walking.handlers(), **self.bench.handlers()}

    # -- the parts' readings (the window, the runs and the tests ask the Session) ------------------------------
    @property
    def treating(self) -> bool:
        return self.bench.treating

    @property
    def caption_world(self) -> World:
        return self.bench.caption_world

    def treatment_labels(self) -> list[str] | None:
        return self.bench.treatment_labels()

    def click_tool(self) -> ClickTool:
        return self.turnover.click_tool()

    def subject_point(self) -> np.ndarray:
        return self.viewing.subject_point()

    @property
    def plans(self) -> Plans:
        return self.walking.plans

    def plan_ahead(self) -> None:
        self.walking.plan_ahead()

    def close(self) -> None:
        self.walking.close()

    def _end_walk(self) -> None:
        self.walking.end_walk()

    # -- reading -----------------------------------------------------------------------------------------------
    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_i]

    @property
    def closeup_chosen(self) -> bool:
        """Whether the user turned the close-up on (the walk-through turns it on meanwhile)."""
        return self._closeup_user

    @property
    def follow_uid(self) -> int:
        """uid of the followed body, or -1."""
        return self.follow.uid

    @property
    def slow(self) -> float:
        """Slow-motion factor of the close-up while it shows an event (1: none)."""
        return 1.0 if self.walk.active else self.closeup.slow

    @property
    def playback_speed(self) -> float:
        """The speed playback runs at now: the chosen speed, slowed while the close-up shows an event and, in a
        scene on a fast clock, to real speed while a wound is repaired (the clock's factor says so)."""
        pace = 1.0 if self.compare else self.world.turnover.wound_pace(self.world)
        return self.speed * self.slow * pace

    @property
    def worlds(self) -> list[World]:
        """The worlds that advance together: one, or three in the compare view."""
        return self.compare_worlds if self.compare else [self.world]

    @property
    def alpha(self) -> float:
        """Interpolation between the last two steps for drawing (0 while paused)."""
        return 0.0 if self.paused else self.clock.alpha

    def hud(self) -> HudState:
        """What the renderer needs to know this frame besides the model."""
        if self.message_until and self._now() > self.message_until:
            self.message, self.message_until = "", 0.0
        return HudState(paused=self.paused, speed=self.playback_speed, follow_uid=self.follow_uid,
                        caption_override=self.caption_override,
                        walk=self.walk.caption(self.world, self.plans.eta_s(self._now())),
                        follow_site=self.follow.site, spotlight=None if self.compare else self.highlight.view(),
                        message=self.message, slow=self.slow,
                        extra_lines=["Simulation can't keep up: running slower"] if self.clock.lagging else [],
                        chart_ref=self.chart_ref)

    def visible_layers(self) -> Layers:
        """Clean view keeps only the scene, its labels, scale bar, clock and captions (if they are on)."""
        if not self.clean:
            return self.layers
        return replace(self.layers, readout=False, legend=False, notes=False)

    # -- the one door ------------------------------------------------------------------------------------------
    def apply(self, command: Command) -> None:
        """Carry out one command (KeyError names one the Session has no handler for; its argument was checked when the
        Command was made)."""
        if command.name not in self._handlers:
            raise KeyError(f"unknown session command {command.name!r}")
        before = self.walking.model_token()
        dispatch(self._handlers, command)
        self.walking.after_command(command.name, before)

    # -- time --------------------------------------------------------------------------------------------------
    def tick(self, wall_s: float | Fraction, realtime: bool = True) -> int:
        """One frame: play the script's due events, then the fixed steps this frame's time pays for.

        realtime (a window): wall_s is measured and clamped. Offline (headless, recording): pass an exact
        Fraction of a second; every step is taken, and a script's events land on the same step whatever the
        frame rate. Returns the steps taken by the clock.
        """
        n = 0
        self.wall_s += float(wall_s)
        self._tirf_sync()
        arrived = self.walking.update(WALK_BUDGET_S if realtime else None)  # a plan's pieces; a Page Down's stop
        if arrived or self.walking.walk_holds_time:  # this frame shows the stop; or a plan made here: the scene waits
            pass
        elif self.player is not None and not realtime:
            n = self._offline_script(Fraction(wall_s))
        elif self._script_allows(wall_s, realtime) and not self.paused:
            n = self._advance(wall_s, realtime)
        self._track(float(wall_s))
        return n

    def _tirf_sync(self) -> None:
        """While the TIRF view is on, every world shown records pHluorin (a new world from its start)."""
        for w in self.worlds if self.layers.tirf else ():
            w.tirf_start(self.tirf_region)

    def _tirf_region(self, arg: tuple[float, float] | None) -> None:
        """Mark the TIRF region (x0, x1 µm along the membrane) traced as ΔF/F0; None: no region."""
        self.tirf_region = None if arg is None else (float(min(arg)), float(max(arg)))
        for w in self.worlds:
            w.phluorin.region = self.tirf_region

    def _advance(self, wall_s: float | Fraction, realtime: bool) -> int:
        n = self.clock.advance(wall_s, self.playback_speed, realtime)
        for _ in range(n):
            for w in self.worlds:
                w.step()
        return n

    def _script_allows(self, wall_s: float | Fraction, realtime: bool) -> bool:
        """Play the script's events that are due; False while the script holds the picture still."""
        if self.player is None or self.paused:
            return True
        for cmd in self.player.due(self.t_play):
            self.apply(cmd)
        held = self.player.held(self.t_play)
        self.t_play += min(float(wall_s), MAX_FRAME_S) if realtime else Fraction(wall_s)
        return not held

    def _offline_script(self, wall: Fraction) -> int:
        """An offline frame with a script, cut at every event and hold end inside it: each event is applied
        at its own playback time, so a recording at any fps and a headless run take the same steps."""
        n = 0
        player = self.player
        assert player is not None
        while not self.paused:
            for cmd in player.due(self.t_play):
                self.apply(cmd)
            if wall <= 0 or self.paused or self.walking.walk_holds_time:
                break
            nxt = player.next_time(self.t_play)
            piece = wall if nxt is None else min(wall, Fraction(nxt) - Fraction(self.t_play))
            if not player.held(self.t_play):
                n += self._advance(piece, realtime=False)
            self.t_play += piece
            wall -= piece
        return n

    def _track(self, wall_s: float) -> None:
        """Camera after the followed body (or the spot where it merged); the close-up on events."""
        if self.compare:
            return
        before = self.follow.last_pos
        target = self.follow.target(self.world)
        message = self.follow.update(self.world, before)
        if message:
            self._say((message, 5.0))
        # a stop that keeps the membrane still while its body leaves
        hold = self.walk.hold_point(self.params.mode, self.params.cell_spec)
        target = hold if hold is not None else target
        if target is not None:
            glide(self.camera, target, wall_s)
        self.highlight.update(self.world, wall_s)
        # in a walk the inset belongs to the stop's body: once it has merged, no other body's event takes it
        # (a stop captioned "Proteins on the surface" showed a neighbour's fusion machinery)
        focus = self.follow.uid if self.follow.uid >= 0 or self.walk.active else self.highlight.uid
        if self.walk.active and self.closeup.open and focus != self.closeup.uid:
            self.closeup.close()  # the walk moved on to another body (an MVB's exosome): no inset left behind
        self.closeup.update(self.world, focus, wall_s, EVENTS | WALK_EVENTS if self.walk.active else EVENTS)

    # -- command handlers (one per name in commands.SESSION) ---------------------------------------------------
    def _toggle_pause(self, _arg: None) -> None:
        self._set_paused(not self.paused)

    def _pause(self, arg: bool) -> None:
        """Pause, or play; play asked while a Page Down waits (a script's walk) plays on from the stop."""
        self._set_paused(bool(arg))
        if not self.paused and self.walk.busy:
            self.walking.walk_play_on = True

    def _set_paused(self, paused: bool) -> None:
        """Playing on from a walk-through stop leaves the walk (the body stays followed)."""
        self.paused = paused
        if not self.paused and self.walk.active and not self.walk.busy:
            self._end_walk()

    def _step(self, _arg: None) -> None:
        if self.paused:
            for w in self.worlds:
                w.step()

    def _slower(self, _arg: None) -> None:
        self.speed_i = max(0, self.speed_i - 1)

    def _faster(self, _arg: None) -> None:
        self.speed_i = min(len(SPEEDS) - 1, self.speed_i + 1)

    def _set_speed(self, arg: float) -> None:
        self.speed_i = SPEEDS.index(float(arg))

    def _reset(self, _arg: None) -> None:
        self._set_params(self.params, force=True)

    def _mode(self, arg: str) -> None:
        mode = str(arg)
        if mode not in MODES:
            raise KeyError(f"unknown mode {mode!r}")
        self.compare, self.compare_worlds, self.investigation = False, [], ""
        if mode != self.params.mode:
            self._set_params(replace(self.params, mode=mode, cell="", vesicles=None, electrode_um=None))

    def _cell(self, arg: str) -> None:
        """Another cell preset: its mode and its own default pool (the same cell again changes nothing)."""
        name = str(arg)
        if name not in CELLS:
            raise KeyError(f"unknown cell {name!r}")
        self.compare, self.compare_worlds, self.investigation = False, [], ""
        if CELLS[name] != self.params.cell_spec:
            self._set_params(replace(self.params, mode=CELLS[name].mode, cell=name, vesicles=None,
                                            electrode_um=None))

    def _set_value(self, arg: tuple[str, float]) -> None:
        """A slider moved: a new pool size rebuilds the scene (its size depends on it); others apply live."""
        name, value = arg
        params = self.params.with_value(name, float(value))
        if params != self.params:
            self._set_params(params, force=name == "vesicles")

    def _set_params(self, params: Params, force: bool = False) -> None:
        """The same mode keeps its world (a live change); another mode, or force, builds a new one. Experiments
        that do not act in the new mode or cell are removed."""
        params = params.fitted()
        problem = params.validate()
        if problem:  # e.g. the Ca²⁺ toggle off while a Ca²⁺ buffer is applied: they clash
            self._say((problem, 6.0))
            return
        if params.mode != self.params.mode or params.cell_spec != self.params.cell_spec or force:
            self._end_walk()
            self.follow.stop()
            self.params = params
            self.world = World(params)
            self.camera = Camera(self.world.scene.width, self.world.scene.height, self.camera.view)
            self.clock.reset()
        else:
            self.params = params
            self.world.set_params(params)

    def _compare(self, _arg: None) -> None:
        """The three mechanisms side by side, started together with the same seed."""
        self.investigation = ""
        self.compare, self.treatment = not self.compare or self.treatment is not None, None  # from control beside
        # treatment, 4 shows the three mechanisms
        self._end_walk()
        self.follow.stop()
        if self.compare:
            keep = self.params.cell_spec  # the current cell in its own mode's panel, the default cells elsewhere
            self.compare_worlds = [World(replace(self.params, mode=m, vesicles=None,
                                                 cell=keep.name if keep.mode == m else "").fitted()) for m in MODES]
            self.clock.reset()
        else:
            self.compare_worlds = []

    def _stimulate(self, _arg: None) -> None:
        for w in self.worlds:
            w.stimulate()

    def _say(self, arg: Text | tuple[Text, float]) -> None:
        """A message for a few seconds: text, or (text, seconds)."""
        text, seconds = arg if isinstance(arg, tuple) else (arg, 3.0)
        self.message = str(text)  # a Msg translates itself
        self.message_until = self._now() + float(seconds)
