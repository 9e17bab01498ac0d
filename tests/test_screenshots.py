"""Screenshots (P) are compressed and written beside the loop: the key's frame copies pixels, never encodes."""

import threading

import pygame
import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session
from exoviz.ui import screenshots
from exoviz.ui.window import offscreen_window

pytestmark = pytest.mark.usefixtures("pygame_display")


def test_the_png_is_encoded_off_the_main_thread_and_a_later_frame_says_where(tmp_path, monkeypatch):
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", "640x360", "--record-dir", str(tmp_path)])
    win = offscreen_window(Session(opts), opts)
    win.frame(1 / 60)
    threads, gate, real = [], threading.Event(), screenshots.encode_png
    packed, tobytes = [], pygame.image.tobytes

    def encode(pixels):
        threads.append(threading.current_thread())
        gate.wait(10)  # held until the test has looked at the key's frame
        return real(pixels)

    def pack(surface, fmt, *a):
        packed.append(threading.current_thread())
        return tobytes(surface, fmt, *a)

    monkeypatch.setattr(screenshots, "encode_png", encode)
    monkeypatch.setattr(pygame.image, "tobytes", pack)  # the pixels made RGB (render/snapshot.grab): ~8 ms at 1080p
    win.run_command(Command("screenshot"))
    win.frame(1 / 60)
    assert win.shots.pending == 1 and "Saving the screenshot" in win.session.message
    gate.set()
    lines = win.shots.wait()
    assert threads and threads[0] is not threading.main_thread()
    assert packed and threading.main_thread() not in packed  # the key's frame copied the surface, no more
    path = next(iter(tmp_path.glob("*.png")))
    assert lines == [f"Screenshot saved: {path}"] and pygame.image.load(str(path)).get_size() == (640, 360)
    win.shots._done.append(lines[0])  # as if it had finished between two frames:
    win.frame(1 / 60)
    assert win.session.message == lines[0]  # the next frame says where


def test_a_screenshot_that_cannot_be_written_says_why(tmp_path):
    shots = screenshots.Screenshots()
    import numpy as np

    shots.save(np.zeros((4, 4, 3), np.uint8), str(tmp_path / "missing-folder" / "x.png"))
    [line] = shots.wait()
    assert line.startswith("Screenshot failed:")
