"""Layout at every window size and text scale: nothing overlaps, nothing leaves the window, nothing is clipped."""

import itertools

import pygame
import pytest

from exoviz.cli import parse
from exoviz.session import Session
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")

SIZES = [(800, 600), (1280, 720), (1920, 1080), (3840, 2160)]
SCALES = [0.75, 1.0, 1.5, 3.0]


def window(size, scale, *args) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--ui-scale", str(scale),
                  *args])
    win = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
    win.session.world.run(30)
    win.frame(1 / 60)
    return win


def widget_rects(win: Window) -> list[pygame.Rect]:
    c = win.controls
    return ([b.rect for b in c.buttons.values()] + [s.rect for s in c.sliders]
            + [lab.rect for _, lab, _ in c.sliders.values()])


def check(win: Window) -> None:
    screen = win.screen.get_rect()
    lay = win.layout
    widgets = widget_rects(win)
    texts = [r for r in win.text_rects if r.w and r.h]
    assert widgets and texts
    for r in widgets + texts:
        assert screen.contains(r), r
    for a, b in itertools.combinations(widgets, 2):
        assert not a.colliderect(b), (a, b)
    for t in texts:
        assert t.collidelist(widgets) < 0, t
    scene_texts = [r for r in texts if r.colliderect(lay.scene)]
    for a, b in itertools.combinations(scene_texts, 2):
        assert not a.colliderect(b), (a, b)  # labels, clock, scale bar, messages never overlap
    if lay.caption is not None:
        assert not lay.caption.colliderect(lay.scene)
        assert lay.caption.h > 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_no_overlaps_at_any_size_and_scale(size, scale):
    check(window(size, scale))


@pytest.mark.parametrize("args", [("--mode", "kiss-and-run", "--theme", "projector"), ("--mode", "exosome")])
def test_no_overlaps_in_the_other_modes_and_themes(args):
    for size in ((800, 600), (1920, 1080)):
        check(window(size, 1.5, *args))


def test_the_caption_strip_keeps_its_height_from_frame_to_frame():
    win = window((1280, 720), 1.0)
    heights = set()
    for _ in range(120):
        win.frame(1 / 60)
        heights.add(win.layout.caption.h)
    assert len(heights) == 1


def test_captions_are_28_px_at_1080p_and_buttons_scale_with_the_ui():
    from exoviz.render.caption_strip import fonts

    win = window((1920, 1080), 1.0)
    assert fonts(win.renderer, win.layout.unit)[1] >= 28
    small = window((1280, 720), 1.0).controls.buttons["Pause"].rect.h
    big = window((1280, 720), 1.5).controls.buttons["Pause"].rect.h
    assert big > small * 1.3


def test_tiny_window_with_huge_text_still_fits():
    check(window((800, 600), 3.0))
    win = window((320, 240), 3.0)
    assert all(win.screen.get_rect().contains(r) for r in widget_rects(win))
