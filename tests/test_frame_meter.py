"""The frame-time meter (--frame-time): it times each frame and shows the last one and the p90 when asked."""

import pygame
import pytest

from exoviz.cli import parse
from exoviz.render.renderer import Renderer
from exoviz.render.theme import THEMES
from exoviz.ui.frame_meter import KEEP, FrameMeter

pytestmark = pytest.mark.usefixtures("pygame_display")


def test_the_flag_turns_the_meter_on():
    assert parse(["--frame-time"]).frame_time and not parse([]).frame_time


def test_it_times_every_frame_it_runs_and_keeps_the_last_ones():
    meter, ran = FrameMeter(True), []
    for k in range(KEEP + 5):
        meter.frame(ran.append, k / 60)
    assert len(ran) == KEEP + 5 and ran[-1] == (KEEP + 4) / 60  # the frame ran with its own time step
    assert len(meter.cpu) == len(meter.wall) == KEEP and min(meter.wall) >= 0.0
    assert "p90" in meter.line() and "ms" in meter.line()


def test_the_worst_frame_of_the_last_two_seconds_stays_on_the_meter():
    meter = FrameMeter(True)
    meter.cpu.extend([5.0, 80.0] + [5.0] * (KEEP - 2))
    meter.wall.extend([6.0, 90.0] + [6.0] * (KEEP - 2))
    assert "worst 80 ms CPU, 90 ms wall" in meter.line()
    meter.cpu.append(5.0)
    meter.wall.append(6.0)
    assert "worst 80 ms CPU" in meter.line()  # still within the last KEEP frames
    meter.cpu.append(5.0)
    meter.wall.append(6.0)
    assert "worst 5 ms CPU, 6 ms wall" in meter.line()  # older than KEEP frames: gone


def test_it_draws_only_when_shown_at_the_bottom_of_the_scene():
    scene = pygame.Rect(0, 0, 400, 300)
    for shown in (False, True):
        screen = pygame.Surface((640, 400))
        screen.fill((1, 2, 3))
        meter = FrameMeter(shown)
        meter.frame(lambda _s: None, 1 / 60)
        meter.draw(screen, Renderer(THEMES["dark"]), scene)
        changed = pygame.mask.from_threshold(screen, (1, 2, 3), (1, 1, 1)).count() < 640 * 400
        assert changed == shown
        if shown:
            box = pygame.mask.from_threshold(screen, (1, 2, 3), (1, 1, 1))
            box.invert()
            drawn = box.get_bounding_rects()[0]
            assert scene.contains(drawn) and drawn.bottom > scene.centery  # in the scene, its lower half


def test_it_keeps_off_the_overlays_placed_in_the_scene():
    """The scale bar at the bottom middle, the hint: the meter goes to the first edge place clear of them."""
    from exoviz.ui.frame_meter import meter_place

    scene = pygame.Rect(0, 0, 1600, 900)
    free = meter_place((500, 24), scene, [])
    assert free.centerx == scene.centerx and free.bottom > scene.bottom - 10  # nothing there: the bottom middle
    bar = pygame.Rect(700, 860, 300, 30)
    moved = meter_place((500, 24), scene, [bar])
    assert not moved.colliderect(bar) and scene.contains(moved) and moved.top < 20  # the top middle
    everywhere = [scene.copy()]
    assert scene.contains(meter_place((500, 24), scene, everywhere))  # nowhere clear: still in the scene
    screen = pygame.Surface((1600, 900))
    screen.fill((1, 2, 3))
    meter = FrameMeter(True)
    meter.frame(lambda _s: None, 1 / 60)
    meter.draw(screen, Renderer(THEMES["dark"]), scene, [bar])
    drawn = pygame.mask.from_threshold(screen, (1, 2, 3), (1, 1, 1))
    drawn.invert()
    assert not drawn.get_bounding_rects()[0].colliderect(bar)
