"""The Window: a thin pygame shell around a Session. Events become Commands; each frame draws the session.

It owns the screen, the Renderer, the widgets and the window recording. It never simulates: time goes to
Session.tick, every change to Session.apply. The same class draws offscreen for screenshots and recordings
(windowed=False), so what is saved is what a viewer sees."""

from __future__ import annotations

import os

import pygame

from exoviz import interrupts, settings
from exoviz.commands import SESSION, WINDOW, Command, Rect, WindowHandlers
from exoviz.i18n import N_, _
from exoviz.options import Options
from exoviz.render.caption_strip import draw_caption, draw_subtitle, strip_height, subtitle_height
from exoviz.render.layout import Layout, fill_around
from exoviz.render.overlays import LEDGER, REC, Plan
from exoviz.render.panel import draw_panel
from exoviz.render.renderer import Renderer
from exoviz.render.scene_views import warm_one
from exoviz.render.simple_view import caption_filter, draw_simple_panel
from exoviz.render.theme import THEMES
from exoviz.saving import say
from exoviz.session import Session
from exoviz.ui import amp_click, answers, scene_overlays
from exoviz.ui.chrome import Chrome
from exoviz.ui.controls import Controls
from exoviz.ui.disclosure_room import DisclosureRoom
from exoviz.ui.display_mode import display_mode, open_display
from exoviz.ui.escape import EscapeStack
from exoviz.ui.fit import fit_layout
from exoviz.ui.frame_meter import FrameMeter
from exoviz.ui.investigate import Cards
from exoviz.ui.keys import lookup
from exoviz.ui.lookahead import Lookahead
from exoviz.ui.screenshots import Screenshots, take
from exoviz.ui.setup_files import SetupFiles
from exoviz.ui.tirf_tool import RegionDrag
from exoviz.ui.window_recording import WindowRecording, scene_region

DRAG_PX = 4  # a press that moves less than this is a click (pick), more is a drag (pan)
HINT_S = 10.0  # the first-launch hint shows this long (or until the first key), fading at the end
UI_SCALES = (0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
# New worlds or theme: in a window the key's frame shows the last picture, the next draws (both in one took 40-70 ms)
HEAVY = frozenset({"mode", "cell", "compare", "compare_treatment", "investigate", "experiment", "reset",
                   "toggle_theme", "set_theme"})
CRAMPED = N_("Window too small for the controls: the buttons are in the ••• menu, keys still work (H lists them)")


class Window:
    """Draws a Session onto a screen surface and turns pygame events into Commands."""

    def __init__(self, session: Session, screen: pygame.Surface, opts: Options, windowed: bool = True) -> None:
        self.session, self.screen, self.windowed = session, screen, windowed
        self.size, self.ui_scale, self.fullscreen = opts.size, opts.ui_scale, opts.fullscreen
        self.running, self.blank = True, False
        self.drawer: bool = False  # the hall layout's Controls drawer is open (ui/hall.py)
        self.quit_armed = 0.0  # seconds left in which a second Esc answers the question asked (quit, stop rec)
        self.escapes = EscapeStack()  # what is open, in the order it opened (Esc closes the last)
        self.hint_left = HINT_S if windowed else 0.0
        self.theme = THEMES[session.theme]
        self.renderer = Renderer(self.theme, opts.ui_scale)
        self.rec, self.meter = WindowRecording(opts.record_dir), FrameMeter(opts.frame_time)
        self.shots = Screenshots()  # PNGs being written (P / F12)
        self.ahead = Lookahead(UI_SCALES, windowed)  # the next text size's captions wrapped ahead (Ctrl++/-)
        self.setups, self.record_dir = SetupFiles(opts), opts.record_dir
        self.drag_from: tuple[int, int] | None = None  # where a press began; dragged: it moved (a pan)
        self.dragged, self._tirf = False, RegionDrag(self.renderer)  # a pan; a TIRF region (ui/tirf_tool.py)
        self.detail = True  # the caption's "followed #.." line: on screen yes, in recordings no
        # Simple view (V): the remembered choice in a window; offscreen (recordings, screenshots, slides): Detailed
        self.simple = windowed and settings.view() == "simple"
        self.subtitle: str | None = None  # a film's burned subtitle cue: the strip shows it instead of the caption
        self.text_rects: list[pygame.Rect] = []  # every text box of the last frame (layout checks)
        self.plan = Plan(pygame.Rect(0, 0, 0, 0), pygame.Rect(0, 0, 0, 0), None)  # the overlays of the last frame
        self.disclosure = DisclosureRoom(self)  # every distortion in force, in its own strip under the scene
        self.chrome = Chrome()  # when a frame of the loop is drawn over the last one outside the scene (ui/chrome.py)
        self.cold = 10  # frames before the other modes' modules are imported, one a frame (warm_one); 0: done
        self.layout: Layout = self._fit()
        self._layout_key = self._key()
        session.apply(Command("set_view", self._scene_rect()))
        self.controls = Controls(self)
        self.split_heavy = windowed  # (offscreen: every frame is drawn, a recording films each)
        self.controls.mode_delay = 2 if windowed else 1
        self._held = False  # this frame shows the last picture (a HEAVY command's frame)
        self.handlers = self._command_table()
        self.cards = Cards(windowed)  # the investigation cards: the start page, predict, results
        if opts.investigate == "" and windowed:  # --investigate: the start page (never filmed)
            self.cards.open_start(self)

    def _command_table(self) -> WindowHandlers:
        """Every WINDOW command's handler, by name (built once; mypy checks it names each one of them)."""
        return {"toggle_fullscreen": self._toggle_fullscreen, "screenshot": self._screenshot,
                "toggle_record": self._toggle_record, "toggle_record_scene": self._toggle_record_scene,
                "save_setup": self._save_setup, "investigations": self._investigations, "escape": self._escape,
                "blank": self._blank, "toggle_drawer": self._toggle_drawer, "toggle_view": self._toggle_view,
                "ui_bigger": self._ui_bigger, "ui_smaller": self._ui_smaller, "quit": self._quit}

    def _scene_rect(self) -> Rect:
        r = self.layout.scene
        return r.x, r.y, r.w, r.h

    # -- commands --------------------------------------------------------------------------------------------
    def run_command(self, cmd: Command) -> None:
        """The one door for keys and widgets: window commands here, everything else to the session."""
        if cmd.name not in WINDOW and cmd.name not in SESSION:
            raise KeyError(f"unknown command {cmd.name!r}")
        before, before_said = answers.visible(self), answers.said(self)
        self.ahead.pace.command()  # no full collection in the next few frames (ui/gc_pace.py)
        handler = self.handlers.get(cmd.name)
        if callable(handler):
            handler()
        else:
            self.session.apply(cmd)
            self._held = self._held or (self.split_heavy and cmd.name in HEAVY)
        answers.answer(self, cmd, before, before_said)  # a visible change, or a line saying why there is none

    def _toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        if not self.windowed:  # offscreen: only the state (what the Esc stack and tests see)
            return
        self.screen = display_mode(self.fullscreen, self.size)
        self.sync(force=True)

    def _screenshot(self) -> str:
        """P / F12: the window as a timestamped PNG in --record-dir, written in the background."""
        return take(self)

    def _toggle_record(self) -> None:
        """Ctrl+R: record the window to a timestamped MP4 (encoded beside the loop), or stop."""
        message = self.rec.toggle(self.screen.get_size())
        self.session.apply(Command("say", (message, 3.0 if self.rec.active else 6.0)))

    def _toggle_record_scene(self) -> None:
        """Ctrl+Shift+R: record only the scene and its caption strip (what --record films), or stop."""
        message = self.rec.toggle(scene_region(self.layout).size, scene_only=True)
        if not self.rec.active:  # started: the REC mark answers (a message would be filmed with the scene)
            self.session.apply(Command("say", (message, 6.0)))

    def _save_setup(self) -> None:
        """Ctrl+S: the setup as a scene script (--save-script PATH, else a new file in --record-dir)."""
        self.session.apply(Command("say", (self.setups.save(self.session), 8.0)))

    def _escape(self) -> None:
        """Esc closes what was opened last (ui/escape.py); with nothing open it asks, then quits."""
        self.escapes.press(self)

    def _investigations(self) -> None:  # N: the guided investigations' start page, open or closed
        self.cards.toggle(self)

    def _toggle_drawer(self) -> None:  # the hall layout's Controls drawer (ui/hall.py)
        self.drawer = not self.drawer

    def _quit(self) -> None:
        self.running = False

    def _blank(self) -> None:
        self.blank = not self.blank

    def _ui_bigger(self) -> None:
        self._ui_step(+1)

    def _ui_smaller(self) -> None:
        self._ui_step(-1)

    def _ui_step(self, k: int) -> None:
        i = min(range(len(UI_SCALES)), key=lambda j: abs(UI_SCALES[j] - self.ui_scale))
        self.ui_scale = UI_SCALES[max(0, min(len(UI_SCALES) - 1, i + k))]
        self.renderer.ui_scale = self.ui_scale
        self.session.apply(Command("say", (_("Text size ×{k:g}").format(k=self.ui_scale), 2.0)))

    def _toggle_view(self) -> None:
        """V: the Simple view (caption, clock, three numbers) or the Detailed panel; remembered for next time."""
        self.simple = not self.simple
        settings.save(view="simple" if self.simple else "detailed")
        line = (_("Simple view: the caption, the clock and three numbers (V: detailed)") if self.simple
                else _("Detailed view: the whole ledger, legend and notes (V: simple)"))
        self.session.apply(Command("say", (line, 4.0)))

    @property
    def caption_detail(self) -> bool:
        """The caption's detail line ("Highlighted #7 ..."): in the Detailed view on screen only."""
        return self.detail and not self.simple

    @property
    def recording(self) -> bool:
        return self.rec.active

    # -- events ----------------------------------------------------------------------------------------------
    def handle(self, ev: pygame.event.Event) -> None:
        esc = ev.type == pygame.KEYDOWN and ev.key == pygame.K_ESCAPE  # Esc is the stack's, never a widget's
        if self.cards.handle(self, ev):  # an investigation card open: its keys and every click
            return
        if not esc and (not self.session.clean and self.controls.process(ev) or self._tirf.handle(self, ev)):
            return
        if ev.type == pygame.QUIT:
            self.running = False
        elif ev.type == pygame.KEYDOWN:
            self.hint_left = min(self.hint_left, 1.0)  # the first key starts the hint fading
            b = lookup(ev.key, ev.mod)
            if b is not None:
                if b.command.name != "escape":
                    self.quit_armed = 0.0
                self.run_command(b.command)
        elif ev.type == pygame.VIDEORESIZE and self.windowed and not self.fullscreen:
            self.screen = pygame.display.set_mode((max(ev.w, 320), max(ev.h, 240)), pygame.RESIZABLE)
            self.sync(force=True)
        elif ev.type == pygame.WINDOWSIZECHANGED:
            self.sync(force=True)
        elif ev.type == pygame.MOUSEWHEEL:
            self.run_command(Command("zoom_at", (1.25 ** ev.y, pygame.mouse.get_pos())))
        elif ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and self.layout.scene.collidepoint(ev.pos):
            self.drag_from, self.dragged = ev.pos, False
        elif ev.type == pygame.MOUSEMOTION and self.drag_from is not None and ev.buttons[0]:
            dx, dy = ev.pos[0] - self.drag_from[0], ev.pos[1] - self.drag_from[1]
            if self.dragged or abs(dx) + abs(dy) > DRAG_PX:
                self.run_command(Command("pan", (dx, dy)))
                self.drag_from, self.dragged = ev.pos, True
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1 and self.drag_from is not None:
            if not self.dragged:
                self.run_command(amp_click.click_command(self.session, ev.pos))
            self.drag_from = None

    # -- keeping up with the session -------------------------------------------------------------------------
    def _key(self) -> tuple:
        s = self.session
        return (self.screen.get_size(), s.clean, self._captions_shown(), self.ui_scale, s.theme, self.caption_detail,
                s.compare, self.subtitle is not None, s.language, self.drawer)

    def _fit(self) -> Layout:
        """The layout at which the widgets fit the window (fewer, larger rows or smaller text; or none), with
        the caption strip under the scene when captions are shown."""
        def caption_h(width: int, unit: float) -> int:
            if self.subtitle is not None:
                return subtitle_height(self.renderer, unit)
            return strip_height(self.renderer, width, unit, self.caption_detail)

        lay = fit_layout(self.screen.get_size(), self.ui_scale, self.session.clean, self.session.theme,
                         caption_h if self._captions_shown() else None, self.drawer, self.disclosure.height)
        self.renderer.layout_unit, self.renderer.strip_unit = lay.unit, lay.text_unit
        if lay.cramped:
            self.session.apply(Command("say", (_(CRAMPED), 8.0)))
        return self.disclosure.carve(lay)  # the disclosure strip's room, under the scene

    def _captions_shown(self) -> bool:
        s = self.session
        if s.compare:  # the views' own captions are off; a film's burned cues (the treated half's) are drawn
            return self.subtitle is not None and s.layers.captions
        return s.layers.captions or s.walk.active

    def sync(self, force: bool = False) -> bool:
        """Follow the session's theme and clean view, and the screen's size: relayout when they change."""
        if self.theme.name != self.session.theme:
            self.theme = THEMES[self.session.theme]
            self.renderer.set_theme(self.theme)
        if force or self._key() != self._layout_key:
            resized = self._layout_key[0] != self.screen.get_size()
            self._layout_key = self._key()
            self.layout = self._fit()
            self.session.apply(Command("set_view", self._scene_rect()))
            self.controls.refresh()  # rebuilds the widgets (a new theme or text size: over two frames)
            self.controls.update(0.0)
            if resized:
                self.renderer.release()  # surfaces drawn for the old size (and old widgets) only take memory
            return True
        return False

    # -- drawing ---------------------------------------------------------------------------------------------
    def draw(self) -> None:
        """The whole window (a frame of the loop may be drawn over the last one outside the scene: ui/chrome.py)."""
        s = self.session
        self.sync()
        if self.blank:
            self.chrome.invalidate()
            self.screen.fill((0, 0, 0))
            return
        notes = self.disclosure.fit()
        kept = self.chrome.begin(self)  # the strips and widgets over the last frame's: only what changed
        board = self.chrome.board if self.chrome.loop else None
        if not kept:
            fill_around(self.screen, self.theme.panel[:3], None if s.compare else self.layout.scene)  # scene: drawn
        state = s.hud()
        self.plan = Plan(self.screen.get_rect(), pygame.Rect(self.layout.scene), None)
        if s.compare:
            from exoviz.render.compare import draw_compare

            self.text_rects = draw_compare(self.screen, self.renderer, s.compare_worlds, self.layout, s.alpha,
                                           s.visible_layers(), state, s.treatment_labels(), self.controls.top,
                                           filled=not kept)
            self.plan = scene_overlays.compare_plan(self, self.text_rects)
            if self.layout.caption is not None and self.subtitle is not None:
                drawn = draw_subtitle(self.screen, self.renderer, self.subtitle, self.layout.caption)
                self.text_rects += [drawn] if drawn is not None else []
        else:
            lay, layers = self.layout, s.visible_layers()
            self.renderer.label_filter = (caption_filter(s.world, state, self._captions_shown()) if self.simple
                                          else None)
            filmed = self.rec.active and self.rec.scene_only  # a scene-only film needs its clock in the scene
            self.renderer.draw(self.screen, s.world, s.camera, s.alpha, layers, state,
                               lay.column is None or lay.hall or filmed, scene_overlays.requests(self))
            self.plan = self.renderer.plan  # where every overlay over the scene went (render/overlays.py)
            self.text_rects = list(self.renderer.rects) + [r for k, r in self.plan.rects.items() if k == LEDGER]
            if lay.column is not None and self.simple:
                self.text_rects += draw_simple_panel(self.screen, self.renderer, s.world, state, lay.column,
                                                     self.controls.top, layers.clock, board)
            elif lay.column is not None:
                self.text_rects += draw_panel(self.screen, self.renderer, s.world, s.camera, layers, state,
                                              lay.column, self.controls.top, True, board)  # filled above
            if lay.caption is not None and self.subtitle is not None:
                drawn = draw_subtitle(self.screen, self.renderer, self.subtitle, lay.caption)
                self.text_rects += [drawn] if drawn is not None else []
            elif lay.caption is not None:
                drawn = draw_caption(self.screen, self.renderer, s.world, state, lay.caption, self.caption_detail,
                                     filled=True, board=board)
                self.text_rects += [drawn] if drawn is not None else []
            self.plan.draw(self.screen, scene_overlays.WINDOW_FIRST)
        self.text_rects.append(self.disclosure.draw(notes, board))
        self.rec.capture_scene(self.screen, scene_region(self.layout))  # before the widgets, hint and help
        if not s.clean:
            self.controls.draw(self.screen, kept)
        self.plan.draw(self.screen, scene_overlays.WINDOW_LAST)
        if s.show_help:
            from exoviz.ui.help import draw_help

            draw_help(self.screen, self.renderer, self.theme)
        self.cards.draw(self, self.screen)
        self.chrome.end(self)

    # -- the loop --------------------------------------------------------------------------------------------
    def frame(self, frame_s: float) -> None:
        """One pass of the loop: events, the session's time, widgets, drawing (flip is the caller's)."""
        for ev in pygame.event.get():
            self.handle(ev)
        self.session.tick(frame_s)
        self.sync()
        self.hint_left = max(0.0, self.hint_left - frame_s)
        self.quit_armed = max(0.0, self.quit_armed - frame_s)
        self.controls.update(frame_s)
        self.cards.update(self)
        for line in self.shots.poll():  # a screenshot written meanwhile: where
            self.session.apply(Command("say", line))
        self.cold = self.cold - 1 if self.cold > 1 else int(warm_one()) if self.cold else 0  # one module a frame
        self.escapes.sync(self)
        self.ahead.step(self)
        if self._held:  # the new worlds were set up in this frame: the next one draws them
            self._held = False
            return
        self.chrome.looping(self.draw)  # a frame of the loop (ui/chrome.py)
        self.rec.capture(self.screen)
        self.plan.draw(self.screen, (REC,))  # after the capture: never in the video

    def run(self) -> int:
        """The loop until the window is closed, or SIGINT/SIGTERM (after the current frame); the exit code."""
        clock = pygame.time.Clock()
        try:
            while self.running and not interrupts.requested():
                self.meter.frame(self.frame, clock.tick(120) / 1000.0)
                self.meter.draw(self.screen, self.renderer, pygame.Rect(self.layout.scene),
                                [*self.plan.taken(), *self.text_rects])
                pygame.display.flip()
        except interrupts.Aborted as second:  # two signals before the loop noticed the first
            line = self.rec.cancel()
            say(f"{second} stopped the run" + (f"; {line}" if line else ""))
            return interrupts.exit_code()
        self.shots.wait()
        self.ahead.pace.release()
        line = self.rec.finish()
        with interrupts.shielded():  # the recording is saved or not by now: a second signal cannot cut the line
            if interrupts.requested():
                say(f"stopped by {interrupts.name()}" + (f"; {line}" if line else ""))
                return interrupts.exit_code()
            if line:
                say(line)
        return 0


def open_window(session: Session, opts: Options) -> int:
    """Open the real window for a session and run it until it is closed; return the exit code."""
    screen = open_display(opts)
    session.plan_ahead()  # the walk-through's tours, planned in a worker process from the scene shown
    try:
        return Window(session, screen, opts, windowed=True).run()
    finally:
        session.close()  # the worker ends with the window (and dies with this process in any case)
        pygame.quit()


def offscreen_window(session: Session, opts: Options) -> Window:
    """A Window drawing into an offscreen surface of opts.size (screenshots, recordings).

    Always the dummy video driver, whatever SDL_VIDEODRIVER says: a headless run never needs a display.
    """
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1, 1))  # widgets need a pixel format; frames go to an offscreen surface
    return Window(session, pygame.Surface(opts.size), opts, windowed=False)
