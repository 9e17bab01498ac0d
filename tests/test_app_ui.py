"""The real app loop driven by posted pygame events: keys, widget clicks, wheel, drag, resize, walk-through."""

import itertools

import pygame
import pygame_gui
import pytest

from exoviz.app import App
from exoviz.cli import parse
from exoviz.sim.stages import Stage
from exoviz.ui.help import help_lines
from exoviz.ui.keys import BINDINGS

pytestmark = pytest.mark.usefixtures("pygame_display")


def make_app(size=(1280, 720), *args) -> App:
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--seed", "2", *args])
    app = App(opts, pygame.Surface(size), windowed=False)
    pygame.event.clear()
    app.frame(1 / 60)
    return app


def post_key(app: App, key: int, mod: int = 0, frames: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.frame(1 / 60)


def click(app: App, pos, frames: int = 2) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(frames):
        app.frame(1 / 60)


# What each command visibly changes: (command, probe of app state). Every binding must be listed here.
def _probes():
    return {
        "toggle_pause": lambda a: a.paused,
        "step": lambda a: a.world.steps,
        "slower": lambda a: a.speed,
        "faster": lambda a: a.speed,
        "reset": lambda a: a.world.steps,
        "mode_full_fusion": lambda a: a.params.mode,
        "mode_kiss_and_run": lambda a: a.params.mode,
        "mode_exosome": lambda a: a.params.mode,
        "compare": lambda a: a.compare,
        "stimulate": lambda a: a.world.pending_stimuli + a.world.events.get("action_potential", 0),
        "walk_next": lambda a: a.walk.index,
        "walk_prev": lambda a: a.walk.index,
        "walk_exit": lambda a: a.walk.active,
        "toggle_labels": lambda a: a.layers.labels,
        "toggle_captions": lambda a: a.layers.captions,
        "toggle_cargo": lambda a: a.layers.cargo,
        "toggle_proteins": lambda a: a.layers.proteins,
        "toggle_scale": lambda a: a.layers.scale_bar,
        "toggle_theme": lambda a: a.theme.name,
        "toggle_clean": lambda a: a.clean,
        "toggle_fullscreen": lambda a: a.fullscreen,
        "toggle_help": lambda a: a.show_help,
        "zoom_in": lambda a: a.camera.zoom,
        "zoom_out": lambda a: a.camera.zoom,
        "zoom_reset": lambda a: a.camera.zoom,
        "screenshot": lambda a: a.state.message,
        "toggle_record": lambda a: a.recording,
        "escape": lambda a: a.running,
    }


def _prepare(app: App, command: str) -> None:
    """Put the app in a state where the command has a visible effect."""
    if command in ("step",):
        app.paused = True
    if command in ("reset",):
        app.world.run(5)
    if command == "mode_full_fusion":
        app.set_mode("exosome")
    if command == "stimulate":
        app.set_mode("kiss-and-run")
    if command == "walk_prev":
        app.cmd_walk_next()
        app.cmd_walk_next()
    if command == "walk_exit":
        app.cmd_walk_next()
    if command in ("zoom_out", "zoom_reset"):
        app.camera.zoom_at(4.0)
    if command == "slower":
        app.speed_i = 2


@pytest.mark.parametrize("binding", [b for b in BINDINGS if b.command not in ("toggle_fullscreen",)],
                         ids=lambda b: b.label)
def test_every_binding_changes_what_it_says(binding, tmp_path):
    app = make_app((1280, 720), "--record-dir", str(tmp_path))
    _prepare(app, binding.command)
    probe = _probes()[binding.command]
    before = probe(app)
    mod = pygame.KMOD_CTRL if binding.ctrl else 0
    post_key(app, binding.keys[0], mod)
    assert probe(app) != before, f"{binding.label} ({binding.command}) changed nothing"
    if app.recording:
        app.cmd_toggle_record()


def test_help_overlay_lists_every_binding():
    labels = [k for k, _ in help_lines()]
    assert labels == [b.label for b in BINDINGS]
    assert set(_probes()) >= {b.command for b in BINDINGS}


def test_pause_survives_a_mode_switch_and_a_stimulus():
    app = make_app()
    post_key(app, pygame.K_SPACE)
    post_key(app, pygame.K_2)
    post_key(app, pygame.K_s)
    assert app.paused and app.params.mode == "kiss-and-run"
    steps = app.world.steps
    app.frame(0.2)
    assert app.world.steps == steps


def test_clicking_a_toolbar_button_switches_mode_and_never_reaches_the_scene():
    app = make_app()
    button = app.controls.buttons["mode_exosome"]
    click(app, button.rect.center)
    assert app.params.mode == "exosome"
    assert app.state.follow_uid == -1 and app.drag_from is None


def test_clicking_a_vesicle_follows_it_and_empty_space_stops():
    app = make_app()
    v = app.world.ves
    slot = int(v.where(Stage.TRANSPORT)[0])
    pos = tuple(int(c) for c in app.camera.to_screen(v.pos[slot:slot + 1])[0])
    app.paused = True
    click(app, pos)
    assert app.state.follow_uid == int(v.uid[slot])


def test_wheel_zooms_and_drag_pans():
    app = make_app()
    centre = app.layout.scene.center
    pygame.mouse.set_pos(centre)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False, precise_x=0.0,
                                         precise_y=2.0))
    app.frame(1 / 60)
    assert app.camera.zoom > 1.4
    before = app.camera.center.copy()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(centre[0] + 60, centre[1] + 30), rel=(60, 30),
                                         buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(centre[0] + 60, centre[1] + 30), button=1))
    app.frame(1 / 60)
    assert (app.camera.center != before).any()
    assert app.state.follow_uid == -1  # a drag is not a click


def test_slider_changes_a_parameter_live():
    app = make_app()
    slider = next(s for s, (name, _, _) in app.controls.sliders.items() if name == "budding_rate")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, ui_element=slider, value=12.0))
    app.frame(1 / 60)
    assert app.world.params.budding_rate == pytest.approx(12.0)


def test_walk_through_visits_stages_in_order_and_page_up_reverses():
    app = make_app()
    stages = app.world.mech.walk_stages
    seen = []
    for _ in range(4):
        post_key(app, pygame.K_PAGEDOWN)
        assert app.paused
        slot = app.world.ves.index_of_uid(app.walk.uid)
        seen.append(app.walk.index)
        if slot >= 0:
            assert int(app.world.ves.stage[slot]) == stages[app.walk.index]
    assert seen == sorted(seen) and seen[-1] > seen[0]
    assert app.camera.zoom > 1.0 and app.state.walk is not None
    post_key(app, pygame.K_PAGEUP)
    assert app.walk.index == seen[-2]
    post_key(app, pygame.K_HOME)
    assert not app.walk.active and app.camera.zoom == 1.0


def _widget_rects(app: App) -> list[pygame.Rect]:
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
