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
from exoviz.commands import SESSION, Command
from exoviz.modes import MODES
from exoviz.options import Options
from exoviz.params import SPEEDS, Params
from exoviz.scripting import ScriptPlayer
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers
from exoviz.walkthrough import WalkThrough

THEME_NAMES = ("dark", "projector")
PICK_PX = 8  # a click within this many px of a body's rim picks it


class Session:
    """One run's state. Read its fields freely; change them only with apply()."""

    def __init__(self, opts: Options, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.params: Params = opts.params
        self.world = World(self.params)
        self.compare = False
        self.compare_worlds: list[World] = []
        self.clock = Clock()
        self.speed_i = SPEEDS.index(opts.speed)
        self.paused = False
        self.layers = Layers()
        self.theme = opts.theme
        self.clean = opts.clean
        self.show_help = False
        self.follow_uid = -1
        self.caption_override = ""
        self.message, self._message_until = "", 0.0
        self.walk = WalkThrough()
        self.player = ScriptPlayer(opts.script) if opts.script is not None else None
        self.t_play: float | Fraction = Fraction(0)  # playback s of a script so far (exact in offline runs)
        self.camera = Camera(self.world.scene.width, self.world.scene.height, (0, 0, *opts.size))
        self._handlers: dict[str, Callable[[object], None]] = {name: getattr(self, f"_{name}") for name in SESSION}

    # -- reading -----------------------------------------------------------------------------------------------
    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_i]

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
        if self._message_until and self._now() > self._message_until:
            self.message, self._message_until = "", 0.0
        return HudState(paused=self.paused, speed=self.speed, follow_uid=self.follow_uid,
                        caption_override=self.caption_override,
                        walk=self.walk.caption(self.world) if self.walk.active else None, message=self.message,
                        extra_lines=["Simulation can't keep up: running slower"] if self.clock.lagging else [])

    def visible_layers(self) -> Layers:
        """Clean view keeps only the scene, its labels, scale bar, clock and captions (if they are on)."""
        if not self.clean:
            return self.layers
        return replace(self.layers, readout=False, legend=False, notes=False)

    # -- the one door ------------------------------------------------------------------------------------------
    def apply(self, command: Command) -> None:
        """Carry out one command (KeyError names an unknown one: commands are a fixed table)."""
        handler = self._handlers.get(command.name)
        if handler is None:
            raise KeyError(f"unknown session command {command.name!r}")
        handler(command.arg)

    # -- time --------------------------------------------------------------------------------------------------
    def tick(self, wall_s: float | Fraction, realtime: bool = True) -> int:
        """One frame: play the script's due events, then the fixed steps this frame's time pays for.

        realtime (a window): wall_s is measured and clamped. Offline (headless, recording): pass an exact
        Fraction of a second; every step is taken. Returns the steps taken.
        """
        if self.player is not None and not self.paused:
            for cmd in self.player.due(self.t_play):
                self.apply(cmd)
            held = self.player.held(self.t_play)
            self.t_play += min(float(wall_s), MAX_FRAME_S) if realtime else Fraction(wall_s)
            if held:
                return 0
        if self.paused:
            return 0
        n = self.clock.advance(wall_s, self.speed, realtime)
        for _ in range(n):
            for w in self.worlds:
                w.step()
        return n

    # -- command handlers (one per name in commands.SESSION) ---------------------------------------------------
    def _toggle_pause(self, _arg: object) -> None:
        self.paused = not self.paused

    def _pause(self, arg: object) -> None:
        self.paused = bool(arg)

    def _step(self, _arg: object) -> None:
        if self.paused:
            for w in self.worlds:
                w.step()

    def _slower(self, _arg: object) -> None:
        self.speed_i = max(0, self.speed_i - 1)

    def _faster(self, _arg: object) -> None:
        self.speed_i = min(len(SPEEDS) - 1, self.speed_i + 1)

    def _set_speed(self, arg: object) -> None:
        self.speed_i = SPEEDS.index(float(arg))

    def _reset(self, _arg: object) -> None:
        self._set_params(self.params, force=True)

    def _mode(self, arg: object) -> None:
        mode = str(arg)
        if mode not in MODES:
            raise KeyError(f"unknown mode {mode!r}")
        self.compare, self.compare_worlds = False, []
        if mode != self.params.mode:
            self._set_params(replace(self.params, mode=mode, vesicles=None))

    def _set_value(self, arg: object) -> None:
        """A slider moved: a new pool size rebuilds the scene (its size depends on it); others apply live."""
        name, value = arg
        params = self.params.with_value(name, float(value))
        if params != self.params:
            self._set_params(params, force=name == "vesicles")

    def _set_params(self, params: Params, force: bool = False) -> None:
        """The same mode keeps its world (a live change); another mode, or force, builds a new one."""
        if params.mode != self.params.mode or force:
            self.walk.leave()
            self.params = params
            self.world = World(params)
            self.camera = Camera(self.world.scene.width, self.world.scene.height, self.camera.view)
            self.clock.reset()
            self.follow_uid = -1
        else:
            self.params = params
            self.world.set_params(params)

    def _compare(self, _arg: object) -> None:
        """The three mechanisms side by side, started together with the same seed."""
        self.compare = not self.compare
        self.walk.leave()
        if self.compare:
            self.compare_worlds = [World(replace(self.params, mode=m, vesicles=None)) for m in MODES]
            self.clock.reset()
        else:
            self.compare_worlds = []

    def _stimulate(self, _arg: object) -> None:
        for w in self.worlds:
            w.stimulate()

    def _walk_next(self, _arg: object) -> None:
        """Presenter remote: run to the followed body's next stage, pause and zoom to it."""
        if self.compare:
            return
        self.paused = True
        self.world = self.walk.next(self.world)
        self._frame_walk()

    def _walk_prev(self, _arg: object) -> None:
        if self.compare or not self.walk.active:
            return
        self.paused = True
        self.world = self.walk.prev(self.world)
        self._frame_walk()

    def _frame_walk(self) -> None:
        """Follow the walk's body and zoom so it fills a good part of the view."""
        self.clock.reset()
        slot = self.world.ves.index_of_uid(self.walk.uid)
        self.follow_uid = self.walk.uid if slot >= 0 else -1
        if slot >= 0:
            r = max(float(self.world.ves.r_full[slot]), 20.0)
            zoom = 0.09 * self.camera.view[3] / (r * self.camera.base_scale)
            self.camera.look_at(self.world.ves.pos[slot], max(1.0, min(zoom, 12.0)))
        elif self.walk.active:  # the body has merged into the membrane: show where it went
            self.camera.zoom_at(0.6)

    def _walk_exit(self, _arg: object) -> None:
        self.walk.leave()
        self.follow_uid = -1
        self.camera.reset()

    def _toggle_layer(self, arg: object) -> None:
        name = str(arg)
        setattr(self.layers, name, not getattr(self.layers, name))

    def _set_layer(self, arg: object) -> None:
        name, on = arg
        if name not in Layers.names():
            raise KeyError(f"unknown layer {name!r}")
        setattr(self.layers, name, bool(on))

    def _toggle_scale(self, _arg: object) -> None:
        on = not self.layers.scale_bar
        self.layers.scale_bar = self.layers.clock = on

    def _toggle_theme(self, _arg: object) -> None:
        self.theme = THEME_NAMES[(THEME_NAMES.index(self.theme) + 1) % len(THEME_NAMES)]

    def _set_theme(self, arg: object) -> None:
        if arg not in THEME_NAMES:
            raise KeyError(f"unknown theme {arg!r}")
        self.theme = str(arg)

    def _toggle_clean(self, _arg: object) -> None:
        self.clean = not self.clean

    def _toggle_help(self, _arg: object) -> None:
        self.show_help = not self.show_help

    def _close_help(self, _arg: object) -> None:
        self.show_help = False

    def _zoom_in(self, _arg: object) -> None:
        self.camera.zoom_at(1.5)

    def _zoom_out(self, _arg: object) -> None:
        self.camera.zoom_at(1 / 1.5)

    def _zoom_reset(self, _arg: object) -> None:
        self.camera.reset()
        self.follow_uid = -1

    def _zoom_at(self, arg: object) -> None:
        factor, px = arg
        self.camera.zoom_at(float(factor), px)

    def _pan(self, arg: object) -> None:
        dx, dy = arg
        self.camera.pan_px(dx, dy)

    def _look_at(self, arg: object) -> None:
        x, y, zoom = arg
        self.camera.look_at((float(x), float(y)), float(zoom))

    def _set_view(self, arg: object) -> None:
        self.camera.set_view(tuple(int(v) for v in arg))
        self.camera.clamp()

    def _pick(self, arg: object) -> None:
        """Follow the body under the pointer (within a few px of its rim); a click on nothing stops following."""
        px = arg
        v = self.world.ves
        idx = np.flatnonzero(v.alive)
        self.follow_uid = -1
        if idx.size:
            p = self.camera.to_screen(v.pos[idx])
            d = np.hypot(p[:, 0] - px[0], p[:, 1] - px[1]) - v.radius[idx] * self.camera.scale
            best = int(np.argmin(d))
            if d[best] <= PICK_PX:
                self.follow_uid = int(v.uid[idx[best]])

    def _caption(self, arg: object) -> None:
        self.caption_override = str(arg)

    def _say(self, arg: object) -> None:
        text, seconds = arg if isinstance(arg, tuple) else (arg, 3.0)
        self.message = str(text)
        self._message_until = self._now() + float(seconds)
