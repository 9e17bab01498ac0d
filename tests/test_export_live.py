"""Live window recording: frames queued without blocking, encoded in the background, drops counted."""

from __future__ import annotations

import os
import threading
import time

import imageio_ffmpeg
import numpy as np
import pytest

from exoviz.export.errors import ExportError
from exoviz.export.live import LiveRecorder, timestamped_name
from exoviz.export.writers import FrameSink, open_sink

W, H = 64, 48


def frame(i: int) -> np.ndarray:
    a = np.full((H, W, 3), 20, np.uint8)
    a[:, (i * 4) % W: (i * 4) % W + 6] = (0, 158, 115)
    return a


def count_frames(path: str) -> int:
    gen = imageio_ffmpeg.read_frames(path)
    next(gen)
    return sum(1 for _ in gen)


def test_records_n_frames(tmp_path):
    rec = LiveRecorder()
    assert not rec.recording and not rec.behind
    rec.start(str(tmp_path / "live.mp4"), (W, H), 10)
    assert rec.recording
    for i in range(15):  # fewer than the queue holds (2 s = 20 frames): none can be dropped
        assert rec.push(frame(i))
    path = rec.stop()
    assert path == str(tmp_path / "live.mp4") and not rec.recording
    assert rec.elapsed_frames == 15 and rec.dropped == 0
    assert count_frames(path) == 15
    assert os.listdir(tmp_path) == ["live.mp4"]


def test_push_copies_the_frame(tmp_path):
    rec = LiveRecorder()
    rec.start(f"{tmp_path}/frames/", (W, H), 10)
    buf = frame(0)
    rec.push(buf)
    buf[:] = 255  # the caller reuses its buffer at once
    path = rec.stop()
    with open(os.path.join(path, "frame_000001.png"), "rb") as f:
        from exoviz.export.png import encode_png
        assert f.read() == encode_png(frame(0))


class BlockingSink(FrameSink):
    """A sink whose first write waits until released, so the queue fills deterministically."""

    def __init__(self, path: str, size: tuple[int, int], fps: int, overwrite: bool) -> None:
        super().__init__(path, size, fps, overwrite)
        self.entered = threading.Event()
        self.release = threading.Event()
        self.got: list[np.ndarray] = []

    def _write(self, frame: np.ndarray) -> None:
        self.entered.set()
        self.release.wait()
        self.got.append(frame)

    def _finish(self) -> None:
        pass

    def _install(self) -> None:
        pass

    def _discard(self) -> None:
        pass


def test_full_queue_drops_and_counts(tmp_path):
    sinks: list[BlockingSink] = []

    def factory(path, size, fps, overwrite):
        sinks.append(BlockingSink(path, size, fps, overwrite))
        return sinks[-1]

    rec = LiveRecorder(sink_factory=factory)
    rec.start(str(tmp_path / "x.mp4"), (W, H), 2)  # queue holds fps * 2 = 4 frames
    assert rec.push(frame(0))
    sinks[0].entered.wait(10)  # the encoder holds frame 0 and is stuck
    accepted = [rec.push(frame(i)) for i in range(1, 10)]
    assert accepted == [True] * 4 + [False] * 5
    assert rec.dropped == 5 and rec.elapsed_frames == 5 and rec.behind
    sinks[0].release.set()
    rec.stop()
    assert len(sinks[0].got) == 5 and sinks[0].frames_written == 5


def test_wrong_size_frame_is_refused(tmp_path):
    rec = LiveRecorder()
    rec.start(str(tmp_path / "x.mp4"), (W, H), 10)
    rec.push(frame(0))
    assert not rec.push(np.zeros((H * 2, W * 2, 3), np.uint8))
    assert rec.dropped == 1 and "128x96" in rec.notice
    assert count_frames(rec.stop()) == 1


class FailingSink(BlockingSink):
    def _write(self, frame: np.ndarray) -> None:
        raise ExportError("disk full")


def test_encoder_failure_surfaces_on_stop(tmp_path):
    rec = LiveRecorder(sink_factory=FailingSink)
    rec.start(str(tmp_path / "x.mp4"), (W, H), 10)
    rec.push(frame(0))
    with pytest.raises(ExportError, match="disk full"):
        rec.stop()
    assert not rec.recording


def test_start_and_stop_misuse(tmp_path):
    rec = LiveRecorder()
    with pytest.raises(ExportError, match="not recording"):
        rec.stop()
    with pytest.raises(ExportError, match="does not exist"):
        rec.start(str(tmp_path / "missing" / "x.mp4"), (W, H), 10)
    assert not rec.recording and not rec.push(frame(0))
    rec.start(str(tmp_path / "a.mp4"), (W, H), 10)
    with pytest.raises(ExportError, match="already recording"):
        rec.start(str(tmp_path / "b.mp4"), (W, H), 10)
    rec.cancel()
    assert not rec.recording and os.listdir(tmp_path) == []


def test_timestamped_name(tmp_path):
    now = time.strptime("2024-03-05 14:07:09", "%Y-%m-%d %H:%M:%S")
    first = timestamped_name(str(tmp_path), now)
    assert first == str(tmp_path / "exoviz-20240305-140709.mp4")
    open(first, "w").close()
    second = timestamped_name(str(tmp_path), now)
    assert second.endswith("exoviz-20240305-140709-2.mp4")
    open(second, "w").close()
    assert timestamped_name(str(tmp_path), now).endswith("-3.mp4")
    assert os.path.basename(timestamped_name(str(tmp_path))).startswith("exoviz-")


def test_default_factory_is_open_sink():
    assert LiveRecorder()._factory is open_sink
