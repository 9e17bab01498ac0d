"""The threaded ffmpeg pipe: frames are sent asynchronously yet safely, and surfaces go in their own layout."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import imageio_ffmpeg
import numpy as np
import pygame
import pytest

from exoviz.export.errors import ExportError
from exoviz.export.ffmpeg import FramePipe, frozen_bytes, surface_pix_fmt
from exoviz.export.writers import Mp4Sink, open_sink

W, H = 96, 64


def picture(i: int) -> np.ndarray:
    a = np.zeros((H, W, 3), np.uint8)
    a[..., 0] = np.linspace(0, 255, W, dtype=np.uint8)[None, :]
    a[..., 1] = np.linspace(0, 200, H, dtype=np.uint8)[:, None]
    a[(i * 5) % H: (i * 5) % H + 10, (i * 7) % W: (i * 7) % W + 12] = (240, 228, 66)
    return a


def to_surface(a: np.ndarray, flags: int = 0, depth: int = 0, masks=None) -> pygame.Surface:
    s = pygame.Surface((a.shape[1], a.shape[0]), flags, depth, masks) if masks else \
        pygame.Surface((a.shape[1], a.shape[0]), flags, depth or 32)
    pygame.surfarray.blit_array(s, np.ascontiguousarray(a.swapaxes(0, 1)))
    return s


def decode(path: str) -> list[np.ndarray]:
    gen = imageio_ffmpeg.read_frames(path)
    meta = next(gen)
    w, h = meta["size"]
    return [np.frombuffer(f, np.uint8).reshape(h, w, 3).copy() for f in gen]


def test_frozen_bytes_keeps_immutable_frames_without_copy_and_copies_mutable_ones():
    raw = picture(1).tobytes()
    backed = np.frombuffer(raw, np.uint8).reshape(H, W, 3)
    assert np.shares_memory(np.frombuffer(frozen_bytes(backed), np.uint8), backed)
    mutable = picture(1)
    assert not np.shares_memory(np.frombuffer(frozen_bytes(mutable), np.uint8), mutable)
    strided = np.ascontiguousarray(mutable.swapaxes(0, 1)).swapaxes(0, 1)
    assert bytes(frozen_bytes(strided)) == mutable.tobytes()


def test_caller_may_reuse_its_buffer_right_after_write(tmp_path):
    buf = picture(0)
    expected = []
    with open_sink(str(tmp_path / "reuse.mp4"), (W, H), 10) as sink:
        for i in range(6):
            buf[:] = picture(i)
            expected.append(buf.copy())
            sink.write(buf)
            buf[:] = 0  # overwritten at once, while the writer thread may still hold the frame
    back = decode(sink.path)
    assert len(back) == 6
    for got, want in zip(back, expected):
        assert np.abs(got.astype(int) - want.astype(int)).mean() < 10


def test_one_surface_redrawn_every_frame_is_recorded_frame_by_frame_while_the_encoder_lags(tmp_path, monkeypatch):
    """write_surface copies into a ring of reused buffers: with the writer thread slowed down (the queue full all
    the time) every frame still comes out as it was drawn, though the surface is redrawn at once."""
    import time

    from exoviz.export import ffmpeg

    real_write = os.write

    def slow_write(fd, data):
        time.sleep(0.004)
        return real_write(fd, data)

    monkeypatch.setattr(ffmpeg.os, "write", slow_write)
    surface = to_surface(picture(0))
    frames = [picture(i) for i in range(14)]  # more frames than buffers in the ring
    with open_sink(str(tmp_path / "ring.mp4"), (W, H), 10) as sink:
        for f in frames:
            pygame.surfarray.blit_array(surface, np.ascontiguousarray(f.swapaxes(0, 1)))
            sink.write_surface(surface)
            surface.fill((0, 0, 0))  # the next frame's drawing starts at once
    back = decode(sink.path)
    assert len(back) == len(frames)
    for k, got in enumerate(back):  # each decoded frame is nearest to the frame drawn at that place
        off = [np.abs(got.astype(int) - f.astype(int)).mean() for f in frames]
        assert int(np.argmin(off)) == k


@pytest.mark.parametrize("name", ["s.mp4", "s.gif"])
def test_surface_frames_match_array_frames(tmp_path, name):
    frames = [picture(i) for i in range(8)]
    a_path, s_path = str(tmp_path / ("a" + name)), str(tmp_path / name)
    with open_sink(a_path, (W, H), 10) as sink:
        for f in frames:
            sink.write(f)
    with open_sink(s_path, (W, H), 10) as sink:
        for f in frames:
            sink.write_surface(to_surface(f))
    assert sink.frames_written == 8
    a_back, s_back = decode(a_path), decode(s_path)
    assert len(s_back) == len(a_back) == 8
    for x, y in zip(a_back, s_back):
        assert np.abs(x.astype(int) - y.astype(int)).max() <= 2  # the same picture through either path


@pytest.mark.parametrize("masks", [(0xFF0000, 0xFF00, 0xFF, 0), (0xFF, 0xFF00, 0xFF0000, 0),
                                   (0xFF000000, 0xFF0000, 0xFF00, 0), (0xFF00, 0xFF0000, 0xFF000000, 0)])
def test_every_32_bit_layout_is_named_and_decodes_to_the_same_colours(tmp_path, masks):
    s = to_surface(picture(3), depth=32, masks=masks)
    assert surface_pix_fmt(s) in ("bgr0", "rgb0", "0bgr", "0rgb")
    with open_sink(str(tmp_path / "m.mp4"), (W, H), 10) as sink:
        sink.write_surface(s)
        sink.write(picture(3))  # an array after a surface: repacked into the surface's layout
    back = decode(sink.path)
    assert len(back) == 2
    for got in back:
        assert np.abs(got.astype(int) - picture(3).astype(int)).mean() < 6


def test_surfaces_that_are_not_packed_32_bit_fall_back_to_rgb(tmp_path):
    s24 = to_surface(picture(2), depth=24)
    assert surface_pix_fmt(s24) is None
    odd = to_surface(np.zeros((H - 1, W - 1, 3), np.uint8))
    with open_sink(str(tmp_path / "f.mp4"), (W, H), 10) as sink:
        sink.write_surface(s24)
        with pytest.raises(ValueError, match="surface must be"):
            sink.write_surface(odd)
    back = decode(sink.path)
    assert len(back) == 1 and np.abs(back[0].astype(int) - picture(2).astype(int)).mean() < 6
    with open_sink(str(tmp_path / "odd.mp4"), (W - 1, H - 1), 10) as sink:  # cropped to even: RGB path
        sink.write_surface(odd)
    assert decode(sink.path)[0].shape == (H - 2, W - 2, 3)


def test_failing_encoder_is_reported_from_write_or_finish_without_hanging(tmp_path):
    pipe = FramePipe((W, H), 10, ["-c:v", "no_such_codec", "-y", str(tmp_path / "x.mp4")], "testing",
                     depth=1)
    with pytest.raises(ExportError, match="ffmpeg failed while testing"):
        for i in range(400):  # more than the pipe buffer holds: the writer thread meets the dead process
            pipe.write(picture(i))
        pipe.finish()


def test_abort_while_frames_are_queued_leaves_nothing(tmp_path):
    sink = Mp4Sink(str(tmp_path / "q.mp4"), (W, H), 10, False, preset="veryslow")
    for i in range(30):
        sink.write(picture(i))
    sink.abort()
    assert os.listdir(tmp_path) == []
    with pytest.raises(ExportError, match="aborted"):
        sink.write(picture(0))
