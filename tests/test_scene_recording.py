"""Recording the scene only (issue 22 item 8): Ctrl+Shift+R films the scene and its caption strip, as --record
does, with no toolbar, side panel, hint or REC mark in the frames; Ctrl+R still films the whole window; the REC
mark is drawn outside the scene."""

import time

import numpy as np
import pygame
import pytest
from test_app_ui import post_key

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.export.writers import FrameSink
from exoviz.render.overlays import HINT
from exoviz.render.snapshot import grab
from exoviz.session import Session
from exoviz.ui.window import Window
from exoviz.ui.window_recording import WindowRecording, scene_region

pytestmark = pytest.mark.usefixtures("pygame_display")
SIZE = (1280, 720)


class ListSink(FrameSink):
    """Keeps the frames it is given."""

    def __init__(self, path, size, fps, overwrite) -> None:
        super().__init__(path, size, fps, overwrite)
        self.got: list[np.ndarray] = []

    def _write(self, frame: np.ndarray) -> None:
        self.got.append(np.array(frame))

    def _finish(self) -> None:
        pass

    def _install(self) -> None:
        pass

    def _discard(self) -> None:
        pass


def app_with_sink(tmp_path) -> tuple[Window, list[ListSink]]:
    opts = parse(["--headless", "--duration", "1", "--seed", "3", "--record-dir", str(tmp_path)])
    app = Window(Session(opts), pygame.Surface(SIZE), opts, windowed=False)
    sinks: list[ListSink] = []

    def factory(path, size, fps, overwrite):
        sinks.append(ListSink(path, size, fps, overwrite))
        return sinks[-1]

    app.rec = WindowRecording(str(tmp_path), factory)
    pygame.event.clear()
    app.frame(1 / 60)
    return app, sinks


def test_scene_only_frames_hold_the_scene_and_captions_and_nothing_else(tmp_path):
    app, sinks = app_with_sink(tmp_path)
    app.session.apply(Command("pause", True))  # the same moment can be drawn again
    app.hint_left = 5.0  # the first-launch hint is drawn over the scene: it must not be filmed
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert app.recording and app.rec.recorder.elapsed_frames >= 1
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)  # stop: the encoder thread has every frame
    assert not app.recording and "Recording saved" in app.session.message and sinks[0].got
    lay = app.layout
    region = scene_region(lay)
    assert lay.caption is not None and region == lay.scene.union(lay.caption)
    assert not region.colliderect(lay.toolbar) and not region.colliderect(lay.column)  # no toolbar, no panel
    frame = sinks[0].got[0]
    assert frame.shape == (region.h, region.w, 3) and region.size != SIZE
    # the same moment drawn again (the message cleared): the hint is not in the frame, the caption strip is
    app.session.apply(Command("say", ("", 0.0)))
    app.draw()
    drawn = grab(app.screen.subsurface(region)).copy()
    hint = app.plan.rects[HINT].clip(region)
    assert hint.w and not np.array_equal(frame[hint.top:hint.bottom, hint.left:hint.right],
                                         drawn[hint.top:hint.bottom, hint.left:hint.right])  # not filmed
    cap = lay.caption.move(-region.x, -region.y)  # the caption strip is filmed as drawn
    assert np.array_equal(frame[cap.top:cap.bottom, cap.left:cap.right], drawn[cap.top:cap.bottom, cap.left:cap.right])


def test_a_scene_only_film_carries_its_clock_in_the_scene(tmp_path):
    """The side panel, where the clock lives in the Detailed view, is not filmed: while the scene alone is
    recorded, the clock (simulated time, playback factor) is drawn in the scene."""
    from exoviz.render.overlays import CLOCK

    app, _sinks = app_with_sink(tmp_path)
    assert CLOCK not in app.plan.rects  # the panel shows it
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    app.frame(1 / 60)
    assert app.rec.scene_only and app.plan.rects[CLOCK].colliderect(app.layout.scene)
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    app.frame(1 / 60)
    assert CLOCK not in app.plan.rects


def test_the_rec_mark_covers_no_text_and_is_not_in_the_frames(tmp_path):
    app, sinks = app_with_sink(tmp_path)
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert app.recording and app.rec.scene_only and app.controls.buttons["Rec scene"].text == "Stop rec"
    red = np.all(grab(app.screen) == (180, 20, 20), axis=2)  # the mark's colour, after the frame is drawn
    ys, xs = np.nonzero(red)
    assert xs.size
    mark = pygame.Rect(int(xs.min()), int(ys.min()), int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1)
    assert app.text_rects and mark.collidelist(app.text_rects) < 0  # the overlay layout: it covers no text
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert sinks[0].got and not np.all(sinks[0].got[0] == (180, 20, 20), axis=2).any()


def test_ctrl_r_still_films_the_whole_window(tmp_path):
    app, sinks = app_with_sink(tmp_path)
    post_key(app, pygame.K_r, pygame.KMOD_CTRL)
    post_key(app, pygame.K_r, pygame.KMOD_CTRL)
    assert sinks[0].got[0].shape == (SIZE[1], SIZE[0], 3) and not app.rec.scene_only


def test_a_resize_mid_recording_is_fitted_into_the_first_frame_size(tmp_path):
    app, sinks = app_with_sink(tmp_path)
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    size = scene_region(app.layout).size
    app.screen = pygame.Surface((1024, 640))  # the window is resized
    app.sync(force=True)
    time.sleep(1 / 25)
    app.frame(1 / 60)
    assert scene_region(app.layout).size != size
    post_key(app, pygame.K_r, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert len(sinks[0].got) >= 2 and all(f.shape == (size[1], size[0], 3) for f in sinks[0].got)
    assert sinks[0].frames_written == len(sinks[0].got)  # none dropped
