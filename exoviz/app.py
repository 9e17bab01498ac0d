"""The interactive session: events -> commands -> fixed-step updates -> one rendered frame."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import numpy as np
import pygame

from exoviz.cli import Options
from exoviz.params import MODES, SPEEDS, Params
from exoviz.render.camera import Camera
from exoviz.render.layout import Layout, compute_layout
from exoviz.render.renderer import HudState, Layers, Renderer
from exoviz.render.theme import THEMES
from exoviz.sim.world import STEPS_PER_PLAYBACK_S, World
from exoviz.ui.controls import Controls
from exoviz.ui.keys import lookup
from exoviz.ui.window_recording import WindowRecording
from exoviz.walkthrough import WalkThrough

# Commands that only switch one drawing layer on or off.
LAYER_TOGGLES = {"toggle_labels": "labels", "toggle_captions": "captions", "toggle_cargo": "cargo",
                 "toggle_proteins": "proteins"}
MODE_COMMANDS = {f"mode_{m.replace('-', '_')}": m for m in MODES}  # mode_full_fusion -> "full-fusion"
STEP_S = 1.0 / STEPS_PER_PLAYBACK_S  # playback seconds per fixed step at speed x1
MAX_FRAME_S = 0.25  # clamp on a long frame (a dragged window, a breakpoint)
MAX_STEPS_PER_FRAME = 24  # beyond this the animation slows rather than spiralling


class App:
    """One window's (or one offscreen surface's) session. All changes go through cmd_* methods."""

    def __init__(self, opts: Options, screen: pygame.Surface, windowed: bool = True) -> None:
        self.opts = opts
        self.screen = screen
        self.windowed = windowed
        self.fullscreen = opts.fullscreen
        self.theme = THEMES[opts.theme]
        self.renderer = Renderer(self.theme, opts.ui_scale)
        self.speed_i = SPEEDS.index(opts.speed)
        self.paused = False
        self.acc = 0.0  # playback seconds not yet simulated
        self.lagging = False
        self.layers = Layers()
        self.state = HudState(speed=opts.speed)
        self.clean = opts.clean
        self.show_help = False
        self.running = True
        self.message_until = 0.0
        self.drag_from: tuple[int, int] | None = None
        self.dragged = False
        self.params = opts.params
        self.world = World(self.params)
        self.compare = False
        self.compare_worlds: list[World] = []
        self.walk = WalkThrough()
        self.rec = WindowRecording(opts.record_dir)
        self.player = None
        if opts.script is not None:
            from exoviz.scripting import ScriptPlayer

            self.player = ScriptPlayer(opts.script)
        self.t_play = 0.0  # wall-clock playback seconds while playing (scripts time their events by it)
        self.layout: Layout = compute_layout(screen.get_size(), opts.ui_scale, self.clean)
        self.camera = Camera(self.world.scene.width, self.world.scene.height, tuple(self.layout.scene))
        self.controls = Controls(self)

    # -- time ----------------------------------------------------------------------------------------------
    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_i]

    def advance(self, frame_s: float) -> int:
        """Add a frame's wall time (scaled by speed) and run the fixed steps it pays for."""
        if self.paused:
            return 0
        self.acc += min(frame_s, MAX_FRAME_S) * self.speed
        n = 0
        while self.acc >= STEP_S and n < MAX_STEPS_PER_FRAME:
            for w in self.worlds:
                w.step()
            self.acc -= STEP_S
            n += 1
        self.lagging = n == MAX_STEPS_PER_FRAME and self.acc >= STEP_S
        if self.lagging:
            self.acc = 0.0
        return n

    @property
    def recording(self) -> bool:
        return self.rec.active

    @property
    def worlds(self) -> list[World]:
        """The worlds that advance together: one, or three in the compare view."""
        return self.compare_worlds if self.compare else [self.world]

    @property
    def alpha(self) -> float:
        return 0.0 if self.paused else min(self.acc / STEP_S, 1.0)

    # -- drawing -----------------------------------------------------------------------------------------
    def relayout(self) -> None:
        self.layout = compute_layout(self.screen.get_size(), self.opts.ui_scale, self.clean)
        self.camera.set_view(tuple(self.layout.scene))
        self.camera.clamp()
        self.controls.rebuild()

    def draw(self) -> None:
        self.screen.fill(self.theme.panel[:3])
        self.state.paused = self.paused
        self.state.speed = self.speed
        if self.message_until and time.monotonic() > self.message_until:
            self.state.message, self.message_until = "", 0.0
        self.state.extra_lines = ["Simulation can't keep up: running slower"] if self.lagging else []
        self.state.walk = self.walk.caption(self.world) if self.walk.active else None
        if self.compare:
            from exoviz.render.compare import draw_compare

            draw_compare(self.screen, self.renderer, self.compare_worlds, self.layout, self.alpha,
                         self.visible_layers(), self.state)
        else:
            self.renderer.draw(self.screen, self.world, self.camera, self.alpha, self.visible_layers(), self.state,
                               self.layout.column, self.controls.top)
        if not self.clean:
            self.controls.draw(self.screen)
        if self.show_help:
            from exoviz.ui.help import draw_help

            draw_help(self.screen, self.renderer, self.theme)

    def visible_layers(self) -> Layers:
        """Clean view keeps only the scene, its labels, scale bar, clock and captions (if they are on)."""
        if not self.clean:
            return self.layers
        return replace(self.layers, readout=False, legend=False, notes=False)

    def say(self, text: str, seconds: float = 3.0) -> None:
        self.state.message = text
        self.message_until = time.monotonic() + seconds

    # -- input ----------------------------------------------------------------------------------------------
    def handle(self, ev: pygame.event.Event) -> None:
        if not self.clean and self.controls.process(ev):
            return
        if ev.type == pygame.QUIT:
            self.running = False
        elif ev.type == pygame.KEYDOWN:
            b = lookup(ev.key, ev.mod)
            if b is not None:
                self.run_command(b.command)
        elif ev.type == pygame.VIDEORESIZE and self.windowed and not self.fullscreen:
            self.screen = pygame.display.set_mode((max(ev.w, 320), max(ev.h, 240)), pygame.RESIZABLE)
            self.relayout()
        elif ev.type == pygame.WINDOWSIZECHANGED:
            self.relayout()
        elif ev.type == pygame.MOUSEWHEEL:
            self.camera.zoom_at(1.25 ** ev.y, pygame.mouse.get_pos())
        elif ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and self.layout.scene.collidepoint(ev.pos):
            self.drag_from, self.dragged = ev.pos, False
        elif ev.type == pygame.MOUSEMOTION and self.drag_from is not None and ev.buttons[0]:
            dx, dy = ev.pos[0] - self.drag_from[0], ev.pos[1] - self.drag_from[1]
            if self.dragged or abs(dx) + abs(dy) > 4:
                self.camera.pan_px(dx, dy)
                self.drag_from, self.dragged = ev.pos, True
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1 and self.drag_from is not None:
            if not self.dragged:
                self.pick(ev.pos)
            self.drag_from = None

    def pick(self, px: tuple[int, int]) -> int:
        """Follow the body under the pointer (within a few px of its rim); click on nothing: stop following."""
        v = self.world.ves
        idx = np.flatnonzero(v.alive)
        if idx.size:
            p = self.camera.to_screen(v.pos[idx])
            d = np.hypot(p[:, 0] - px[0], p[:, 1] - px[1]) - v.radius[idx] * self.camera.scale
            best = int(np.argmin(d))
            if d[best] <= 8:
                self.state.follow_uid = int(v.uid[idx[best]])
                return self.state.follow_uid
        self.state.follow_uid = -1
        return -1

    # -- commands (keys and widgets both call these) ---------------------------------------------------------
    def run_command(self, command: str) -> None:
        """The one door for keys and widgets: a layer switch, a mode switch, or the cmd_<command> method."""
        layer = LAYER_TOGGLES.get(command)
        if layer is not None:
            setattr(self.layers, layer, not getattr(self.layers, layer))
        elif command in MODE_COMMANDS:
            self.set_mode(MODE_COMMANDS[command])
        else:
            getattr(self, f"cmd_{command}")()

    def cmd_toggle_pause(self) -> None:
        self.paused = not self.paused

    def cmd_step(self) -> None:
        if self.paused:
            self.world.step()

    def cmd_slower(self) -> None:
        self.speed_i = max(0, self.speed_i - 1)

    def cmd_faster(self) -> None:
        self.speed_i = min(len(SPEEDS) - 1, self.speed_i + 1)

    def cmd_reset(self) -> None:
        self.set_params(self.params, force=True)

    def set_params(self, params: Params, force: bool = False) -> None:
        """New values: the same mode keeps its world (live change); another mode or force builds anew."""
        if params.mode != self.params.mode or force:
            self.walk.leave()
            self.params = params
            self.world = World(params)
            self.camera = Camera(self.world.scene.width, self.world.scene.height, tuple(self.layout.scene))
            self.acc = 0.0
            self.state.follow_uid = -1
        else:
            self.params = params
            self.world.set_params(params)

    def set_value(self, name: str, value: float) -> None:
        """A slider moved: a new pool size rebuilds the scene (its size depends on it); others apply live."""
        params = self.params.with_value(name, value)
        if params == self.params:
            return
        self.set_params(params, force=name == "vesicles")

    def set_mode(self, mode: str) -> None:
        if self.compare:
            self.compare = False
            self.compare_worlds = []
        if mode != self.params.mode:
            self.set_params(replace(self.params, mode=mode, vesicles=None))

    def cmd_compare(self) -> None:
        """Toggle the three mechanisms side by side, started together with the same seed."""
        self.compare = not self.compare
        self.walk.leave()
        if self.compare:
            self.compare_worlds = [World(replace(self.params, mode=m, vesicles=None)) for m in MODES]
            self.acc = 0.0
        else:
            self.compare_worlds = []

    def cmd_stimulate(self) -> None:
        for w in self.worlds:
            w.stimulate()

    def cmd_walk_next(self) -> None:
        """Presenter remote: run to the followed body's next stage, pause and zoom to it."""
        if self.compare:
            return
        self.paused = True
        self.world = self.walk.next(self.world)
        self._frame_walk()

    def cmd_walk_prev(self) -> None:
        if self.compare or not self.walk.active:
            return
        self.paused = True
        self.world = self.walk.prev(self.world)
        self._frame_walk()

    def _frame_walk(self) -> None:
        """Follow the walk's body and zoom so it fills a good part of the view."""
        self.acc = 0.0
        slot = self.world.ves.index_of_uid(self.walk.uid)
        self.state.follow_uid = self.walk.uid if slot >= 0 else -1
        if slot >= 0:
            r = max(float(self.world.ves.r_full[slot]), 20.0)
            zoom = 0.09 * self.camera.view[3] / (r * self.camera.base_scale)
            self.camera.look_at(self.world.ves.pos[slot], max(1.0, min(zoom, 12.0)))
        elif self.walk.active:  # the body has merged into the membrane: show where it went
            self.camera.zoom_at(0.6)

    def cmd_walk_exit(self) -> None:
        self.walk.leave()
        self.state.walk = None
        self.state.follow_uid = -1
        self.camera.reset()

    def cmd_toggle_scale(self) -> None:
        on = not self.layers.scale_bar
        self.layers.scale_bar = self.layers.clock = on

    def cmd_toggle_theme(self) -> None:
        self.theme = THEMES["projector" if self.theme.name == "dark" else "dark"]
        self.renderer.set_theme(self.theme)

    def cmd_toggle_clean(self) -> None:
        self.clean = not self.clean
        self.relayout()

    def cmd_toggle_fullscreen(self) -> None:
        if not self.windowed:
            return
        self.fullscreen = not self.fullscreen
        flags = pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE
        size = (0, 0) if self.fullscreen else self.opts.size
        self.screen = pygame.display.set_mode(size, flags)
        self.relayout()

    def cmd_toggle_help(self) -> None:
        self.show_help = not self.show_help

    def cmd_zoom_in(self) -> None:
        self.camera.zoom_at(1.5)

    def cmd_zoom_out(self) -> None:
        self.camera.zoom_at(1 / 1.5)

    def cmd_zoom_reset(self) -> None:
        self.camera.reset()
        self.state.follow_uid = -1

    def cmd_screenshot(self) -> str:
        """P / F12: save the window as a timestamped PNG in --record-dir and say where."""
        from exoviz.export.live import timestamped_name
        from exoviz.render.snapshot import save_png

        path = timestamped_name(self.opts.record_dir, ext=".png")
        try:
            save_png(self.screen, path)
            self.say(f"Screenshot saved: {path}")
        except (pygame.error, OSError) as e:
            self.say(f"Screenshot failed: {e}")
        return path

    def cmd_toggle_record(self) -> None:
        """Ctrl+R: record the window to a timestamped MP4 (encoded beside the loop), or stop."""
        message = self.rec.toggle(self.screen.get_size())
        self.say(message, 3.0 if message.startswith("Recording…") else 6.0)

    def cmd_escape(self) -> None:
        if self.show_help:
            self.show_help = False
        elif self.fullscreen:
            self.cmd_toggle_fullscreen()
        else:
            self.running = False

    # -- the loop ---------------------------------------------------------------------------------------------
    def frame(self, frame_s: float) -> None:
        """One pass of the loop: events, script, fixed steps, widgets, drawing (flip is the caller's)."""
        for ev in pygame.event.get():
            self.handle(ev)
        if self.player is not None and not self.paused:
            self.t_play += min(frame_s, MAX_FRAME_S)
            self.player.advance_to(self, self.t_play)
        if self.player is None or not self.player.held(self.t_play):
            self.advance(frame_s)
        self.controls.update(frame_s)
        self.draw()
        self.rec.capture(self.screen)
        self.rec.draw_mark(self.screen, self.renderer.text, self.renderer.font_px(18, self.screen.get_height()))

    def run_window(self) -> int:
        clock = pygame.time.Clock()
        while self.running:
            self.frame(clock.tick(120) / 1000.0)
            pygame.display.flip()
        if self.recording:
            self.cmd_toggle_record()
        return 0


def run(opts: Options) -> int:
    """Open the window (or run headless) for parsed options; return the exit code."""
    if opts.headless or opts.record:
        from exoviz.headless import run_headless

        return run_headless(opts)
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_caption("exoviz — exocytosis")
    flags = pygame.FULLSCREEN if opts.fullscreen else pygame.RESIZABLE
    try:
        screen = pygame.display.set_mode((0, 0) if opts.fullscreen else opts.size, flags)
    except pygame.error as e:
        from exoviz.cli import UsageError

        raise UsageError(f"cannot open a window ({e}); run with --headless --duration S instead") from None
    app = App(opts, screen, windowed=True)
    try:
        return app.run_window()
    finally:
        pygame.quit()
