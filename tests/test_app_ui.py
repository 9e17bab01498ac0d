"""The real app loop driven by posted pygame events: keys, widget clicks, wheel, drag, resize, walk-through."""

import itertools

import pygame
import pygame_gui
import pytest
from planner_wait import planned

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.modes import spec
from exoviz.session import Session
from exoviz.sim.stages import Stage
from exoviz.ui.help import help_lines
from exoviz.ui.keys import BINDINGS
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")


def make_app(size=(1280, 720), *args) -> Window:
    """A Window on a Session, drawing offscreen, driven through its real frame loop."""
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--seed", "2", *args])
    app = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
    pygame.event.clear()
    app.frame(1 / 60)
    return app


def post_key(app: Window, key: int, mod: int = 0, frames: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.frame(1 / 60)


def finish_walk(app: Window, limit: int = 5000) -> None:
    """Run frames until the walk-through has planned and reached its stop (it never blocks a frame); between
    frames, wait for the planner's news (tests/planner_wait.py) instead of drawing frames for nothing."""
    for _ in range(limit):
        if not app.session.walk.busy:
            return
        planned(app.session)
        app.frame(1 / 60)
    raise AssertionError("the walk-through did not reach its stop")


def click(app: Window, pos, frames: int = 2) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(frames):
        app.frame(1 / 60)


# What each command visibly changes: (command, probe of app state). Every binding must be listed here.
def _probes():
    return {
        "toggle_pause": lambda a: a.session.paused,
        "step": lambda a: a.session.world.steps,
        "slower": lambda a: a.session.speed,
        "faster": lambda a: a.session.speed,
        "reset": lambda a: a.session.world.steps,
        "mode": lambda a: a.session.params.mode,
        "compare": lambda a: a.session.compare,
        "compare_treatment": lambda a: a.session.treating,
        "stimulate": lambda a: a.session.world.pending_stimuli + a.session.world.events.get("action_potential", 0),
        "walk_next": lambda a: (a.session.walk.active, a.session.walk.index, a.session.walk.target),
        "walk_prev": lambda a: a.session.walk.index,
        "toggle_closeup": lambda a: a.session.closeup.enabled,
        "walk_exit": lambda a: a.session.walk.active,
        "toggle_layer": lambda a: vars(a.session.layers).copy(),
        "toggle_scale": lambda a: a.session.layers.scale_bar,
        "toggle_theme": lambda a: (a.session.theme, a.theme.name),
        "toggle_clean": lambda a: (a.session.clean, a.layout.column),
        "toggle_fullscreen": lambda a: a.fullscreen,
        "toggle_help": lambda a: a.session.show_help,
        "zoom_in": lambda a: a.session.camera.zoom,
        "zoom_out": lambda a: a.session.camera.zoom,
        "zoom_reset": lambda a: a.session.camera.zoom,
        "screenshot": lambda a: a.session.message,
        "toggle_record": lambda a: a.recording,
        "escape": lambda a: (a.running, a.quit_armed > 0),
        "quit": lambda a: a.running,
        "blank": lambda a: a.blank,
        "ui_bigger": lambda a: a.ui_scale,
        "ui_smaller": lambda a: a.ui_scale,
        "toggle_wound_tool": lambda a: a.session.wound_tool,
        "toggle_electrode_tool": lambda a: a.session.electrode_tool,
        "toggle_record_scene": lambda a: (a.recording, a.rec.scene_only),
        "save_setup": lambda a: a.session.message,
        "chart_keep": lambda a: a.session.chart_ref is not None,
        "toggle_view": lambda a: a.simple,
        "investigations": lambda a: a.cards.page,
    }


def _prepare(app: Window, cmd: Command) -> None:
    """Put the app in a state where the command has a visible effect."""
    s = app.session
    if cmd.name == "step":
        s.apply(Command("pause", True))
    if cmd.name == "reset":
        s.world.run(5)
    if cmd.name == "mode":
        s.apply(Command("mode", "exosome" if cmd.arg != "exosome" else "full-fusion"))
    if cmd.name == "stimulate":
        s.apply(Command("mode", "kiss-and-run"))
    if cmd.name == "walk_prev":
        for _ in range(2):
            s.apply(Command("walk_next"))
            finish_walk(app)
    if cmd.name == "walk_exit":
        s.apply(Command("walk_next"))
    if cmd.name in ("zoom_out", "zoom_reset"):
        s.apply(Command("zoom_at", (4.0, None)))
    if cmd.name == "ui_smaller":
        app.run_command(Command("ui_bigger"))
    if cmd.name == "slower":
        s.apply(Command("set_speed", 1.0))
    if cmd.name == "chart_keep":
        s.world.run(30)
    if cmd.name == "toggle_electrode_tool":  # the electrode is offered where the cargo oxidizes
        s.apply(Command("cell", "chromaffin"))


@pytest.mark.parametrize("binding", [b for b in BINDINGS if b.command.name != "toggle_fullscreen"],
                         ids=lambda b: b.label)
def test_every_binding_changes_what_it_says(binding, tmp_path):
    app = make_app((1280, 720), "--record-dir", str(tmp_path))
    _prepare(app, binding.command)
    probe = _probes()[binding.command.name]
    before = probe(app)
    mod = (pygame.KMOD_CTRL if binding.ctrl else 0) | (pygame.KMOD_SHIFT if binding.shift else 0)
    post_key(app, binding.keys[0], mod)
    assert probe(app) != before, f"{binding.label} ({binding.command}) changed nothing"
    if app.recording:
        app.run_command(Command("toggle_record"))


def test_help_overlay_lists_every_binding():
    labels = [k for k, _ in help_lines()]
    assert labels == [b.label for b in BINDINGS]
    assert set(_probes()) >= {b.command.name for b in BINDINGS}


def test_pause_survives_a_mode_switch_and_a_stimulus():
    app = make_app()
    post_key(app, pygame.K_SPACE)
    post_key(app, pygame.K_2)
    post_key(app, pygame.K_s)
    assert app.session.paused and app.session.params.mode == "kiss-and-run"
    steps = app.session.world.steps
    app.frame(0.2)
    assert app.session.world.steps == steps


def test_clicking_a_toolbar_button_switches_mode_and_never_reaches_the_scene():
    app = make_app()
    button = app.controls.buttons[spec("exosome").label]
    click(app, button.rect.center)
    assert app.session.params.mode == "exosome"
    assert app.session.follow_uid == -1 and app.drag_from is None


def test_clicking_a_vesicle_follows_it_and_empty_space_stops():
    app = make_app()
    post_key(app, pygame.K_SPACE)
    v = app.session.world.ves
    slot = int(v.where(Stage.TRANSPORT)[0])
    pos = tuple(int(c) for c in app.session.camera.to_screen(v.pos[slot:slot + 1])[0])
    click(app, pos)
    assert app.session.follow_uid == int(v.uid[slot])
    empty = (app.layout.scene.x + 3, app.layout.scene.y + 3)  # a corner of extracellular fluid
    click(app, empty)
    assert app.session.follow_uid == -1


def test_wheel_zooms_and_drag_pans():
    app = make_app()
    centre = app.layout.scene.center
    pygame.mouse.set_pos(centre)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False, precise_x=0.0,
                                         precise_y=2.0))
    app.frame(1 / 60)
    assert app.session.camera.zoom > 1.4
    before = app.session.camera.center.copy()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(centre[0] - 60, centre[1] - 30), rel=(-60, -30),
                                         buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(centre[0] - 60, centre[1] - 30), button=1))
    app.frame(1 / 60)
    assert (app.session.camera.center != before).any()
    assert app.session.follow_uid == -1  # a drag is not a click


def test_slider_changes_a_parameter_live():
    app = make_app()
    slider = next(s for s, (name, _, _) in app.controls.sliders.items() if name == "budding_rate")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, ui_element=slider, value=12.0))
    app.frame(1 / 60)
    assert app.session.world.params.budding_rate == pytest.approx(12.0)


def test_walk_through_visits_stages_in_order_and_page_up_reverses():
    app = make_app()
    s = app.session
    stages = spec(s.params.mode).story_for(s.params.cell_spec)
    seen = []
    for _ in range(4):
        post_key(app, pygame.K_PAGEDOWN)
        assert s.paused
        finish_walk(app)
        slot = s.world.ves.index_of_uid(s.walk.uid)
        seen.append(s.walk.index)
        if slot >= 0:
            assert int(s.world.ves.stage[slot]) == stages[s.walk.index].stage
    assert seen == [0, 1, 2, 3]  # from the first step, none skipped
    assert s.camera.zoom > 1.0 and s.hud().walk is not None
    post_key(app, pygame.K_PAGEUP)
    assert s.walk.index == seen[-2]
    body = s.walk.uid
    post_key(app, pygame.K_SPACE)  # playing on leaves the walk: its caption goes, the body stays followed
    assert not s.walk.active and s.hud().walk is None and s.follow_uid == body
    post_key(app, pygame.K_PAGEDOWN)
    post_key(app, pygame.K_HOME)
    assert not s.walk.active and s.camera.zoom == 1.0 and s.follow_uid == -1


def _widget_rects(app: Window) -> list[pygame.Rect]:
    return [b.rect for b in app.controls.buttons.values()] + [s.rect for s in app.controls.sliders] + [
        lab.rect for _, lab, _ in app.controls.sliders.values()]


@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080), (3840, 2160)])
@pytest.mark.parametrize("mode", ["full-fusion", "kiss-and-run", "exosome"])
def test_layout_has_no_overlaps_and_stays_on_screen(size, mode):
    app = make_app(size, "--mode", mode)
    screen = pygame.Rect((0, 0), size)
    rects = _widget_rects(app)
    assert rects
    for r in rects:
        assert screen.contains(r), r
        assert not r.colliderect(app.layout.scene)
    for a, b in itertools.combinations(rects, 2):
        assert not a.colliderect(b), (a, b)


def test_live_resize_relayouts():
    app = make_app((1280, 720))
    app.screen = pygame.Surface((900, 700))
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=900, y=700))
    app.frame(1 / 60)
    assert app.layout.scene.right <= 900 and app.layout.toolbar.bottom == 700
    assert all(pygame.Rect(0, 0, 900, 700).contains(r) for r in _widget_rects(app))


def test_projector_theme_text_is_large_at_1080p():
    app = make_app((1920, 1080), "--theme", "projector")
    smallest = min(app.renderer.font_px(b, 1080) for b in (13, 14, 15))
    assert app.renderer.text.font(smallest).get_height() >= 20


def test_escape_never_quits_at_once():
    app = make_app()
    post_key(app, pygame.K_h)
    post_key(app, pygame.K_ESCAPE)  # closes help
    assert app.running and not app.session.show_help
    post_key(app, pygame.K_ESCAPE)  # asks first
    assert app.running and "Esc again" in app.session.message
    post_key(app, pygame.K_SPACE)  # another key disarms it
    post_key(app, pygame.K_ESCAPE)
    assert app.running
    post_key(app, pygame.K_ESCAPE)
    assert not app.running


def test_ctrl_q_quits_and_b_blanks_the_screen_to_black():
    app = make_app()
    post_key(app, pygame.K_b)
    assert app.blank and pygame.surfarray.array3d(app.screen).max() == 0
    post_key(app, pygame.K_PERIOD)  # a presenter remote's "black screen" key toggles back
    assert not app.blank and pygame.surfarray.array3d(app.screen).max() > 0
    post_key(app, pygame.K_q, pygame.KMOD_CTRL)
    assert not app.running


def test_help_is_opaque_and_lists_the_mouse_too():
    from exoviz.ui.help import MOUSE

    app = make_app((1280, 720), "--theme", "projector")
    post_key(app, pygame.K_h)
    px = pygame.surfarray.array3d(app.screen)
    x, y = app.screen.get_rect().center
    assert tuple(px[x, y]) == app.theme.panel[:3] or px[x - 200:x + 200, y].min() < 100  # box and its text
    assert "Wheel" in [k for k, _ in MOUSE]
