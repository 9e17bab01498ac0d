"""Frame sinks: MP4/GIF/PNG output, target checks, overwrite and temp-name rules, Ctrl-C handling."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import imageio_ffmpeg
import numpy as np
import pytest

from exoviz.export.errors import ExportError
from exoviz.export.ffmpeg import FramePipe
from exoviz.export.png import encode_png
from exoviz.export.writers import check_target, even_size, open_sink

W, H = 64, 48


def make_frames(n: int, w: int = W, h: int = H) -> list[np.ndarray]:
    """Distinct synthetic frames: a moving bar and a moving bright row on a gradient."""
    out = []
    for i in range(n):
        a = np.zeros((h, w, 3), np.uint8)
        a[..., 2] = np.linspace(0, 200, w, dtype=np.uint8)[None, :]
        a[:, (i * 3) % w: (i * 3) % w + 8] = (230, 160, 0)
        a[(i * 2) % h] = 255
        out.append(a)
    return out


def decode(path: str) -> tuple[dict, list[np.ndarray]]:
    gen = imageio_ffmpeg.read_frames(path)
    meta = next(gen)
    w, h = meta["size"]
    frames = [np.frombuffer(f, np.uint8).reshape(h, w, 3) for f in gen]
    return meta, frames


def write_all(path: str, frames: list[np.ndarray], fps: int = 10, **kw: object) -> str:
    h, w = frames[0].shape[:2]
    with open_sink(path, (w, h), fps, **kw) as sink:
        for f in frames:
            sink.write(f)
    return sink.close()


def test_mp4_round_trip(tmp_path):
    frames = make_frames(20)
    out = write_all(str(tmp_path / "clip.mp4"), frames)
    assert out == str(tmp_path / "clip.mp4")
    assert os.listdir(tmp_path) == ["clip.mp4"]
    meta, back = decode(out)
    assert meta["codec"].startswith("h264")
    assert meta["pix_fmt"].startswith("yuv420p")
    assert meta["size"] == (W, H)
    assert meta["fps"] == pytest.approx(10.0)
    assert len(back) == 20
    err = np.abs(back[5].astype(int) - frames[5].astype(int)).mean()
    assert err < 12  # lossy, but clearly the same picture


def test_mp4_accepts_non_contiguous_frames(tmp_path):
    frames = make_frames(4)
    views = [np.ascontiguousarray(f.swapaxes(0, 1)).swapaxes(0, 1) for f in frames]  # pygame-style (w, h, 3)
    assert not views[0].flags["C_CONTIGUOUS"]
    _, back = decode(write_all(str(tmp_path / "v.mp4"), views))
    assert len(back) == 4
    assert np.abs(back[2].astype(int) - frames[2].astype(int)).mean() < 12


def test_mp4_odd_size_is_cropped_to_even(tmp_path):
    frames = make_frames(5, 65, 49)
    with open_sink(str(tmp_path / "odd.mp4"), (65, 49), 10) as sink:
        assert sink.notice and "64x48" in sink.notice and "\n" not in sink.notice
        for f in frames:
            sink.write(f)
    meta, back = decode(sink.path)
    assert meta["size"] == (64, 48) and len(back) == 5


def test_even_size():
    assert even_size(64, 48) == (64, 48, None)
    w, h, notice = even_size(1281, 721)
    assert (w, h) == (1280, 720) and "1281x721" in notice
    with pytest.raises(ExportError):
        even_size(1, 10)


def test_gif_frames_and_magic(tmp_path):
    out = write_all(str(tmp_path / "anim.gif"), make_frames(12))
    with open(out, "rb") as f:
        assert f.read(6) in (b"GIF89a", b"GIF87a")
    meta, back = decode(out)
    assert meta["size"] == (W, H)
    assert len(back) == 12
    assert os.listdir(tmp_path) == ["anim.gif"]  # palette and work files removed


def test_gif_width_is_capped(tmp_path):
    out = write_all(str(tmp_path / "wide.gif"), make_frames(3, 120, 60), gif_max_width=64)
    meta, back = decode(out)
    assert meta["size"] == (64, 32) and len(back) == 3


def test_png_folder_is_deterministic(tmp_path):
    frames = make_frames(5)
    a = write_all(str(tmp_path / "run1") + "/", frames)
    b = write_all(str(tmp_path / "run2") + "/", frames)
    names = sorted(os.listdir(a))
    assert names == [f"frame_{i:06d}.png" for i in range(1, 6)]
    assert names == sorted(os.listdir(b))
    for name in names:
        with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
            assert fa.read() == fb.read()
    assert sorted(os.listdir(tmp_path)) == ["run1", "run2"]


def test_png_pixels_decode_exactly():
    import io

    import pygame

    frame = make_frames(3)[2]
    surf = pygame.image.load(io.BytesIO(encode_png(frame)))
    back = pygame.surfarray.array3d(surf).swapaxes(0, 1)
    assert np.array_equal(back, frame)
    assert encode_png(frame) == encode_png(frame.copy())


@pytest.mark.parametrize("name, kind", [("a.mp4", "mp4"), ("b.GIF", "gif"), ("frames/", "png")])
def test_check_target_kinds(tmp_path, name, kind):
    got_kind, path = check_target(os.path.join(tmp_path, name), overwrite=False)
    assert got_kind == kind
    assert os.path.isabs(path) and not path.endswith("/")
    assert os.listdir(tmp_path) == []  # nothing written by the check


def test_check_target_existing_dir_is_png(tmp_path):
    (tmp_path / "out.mp4").mkdir()
    assert check_target(str(tmp_path / "out.mp4"), False)[0] == "png"


@pytest.mark.parametrize("setup, name, overwrite, match", [
    (None, "x.avi", False, r"\.mp4, \.gif, or a folder"),
    (None, "missing/x.mp4", False, "does not exist"),
    ("file", "x.mp4", False, "exists; pass --overwrite to replace it"),
    ("frames", "dir", False, "not empty; pass --overwrite"),
    ("other", "dir", True, "other than frame_NNNNNN.png"),
    ("plainfile", "noext", True, "no file type"),
    (None, "frames", False, r"no file type; use \.mp4, \.gif, or a folder \(a path ending in /\)"),
    (None, ".mp4", False, "no file type"),
])
def test_check_target_errors(tmp_path, setup, name, overwrite, match):
    if setup == "file":
        (tmp_path / name).write_bytes(b"old")
    elif setup in ("frames", "other"):
        (tmp_path / name).mkdir()
        (tmp_path / name / ("frame_000001.png" if setup == "frames" else "notes.txt")).write_bytes(b"x")
    elif setup == "plainfile":
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(ExportError, match=match) as info:
        check_target(str(tmp_path / name), overwrite)
    assert "\n" not in str(info.value)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc and /sys")
@pytest.mark.parametrize("folder", ["/proc", "/sys"])
def test_check_target_unwritable_parent_is_found_by_trying(folder):
    # os.access says yes to root here; only creating a file tells the truth
    with pytest.raises(ExportError, match="not writable"):
        check_target(os.path.join(folder, "x.mp4"), False)


def test_overwrite_rule(tmp_path):
    target = tmp_path / "clip.mp4"
    target.write_bytes(b"old")
    with pytest.raises(ExportError, match="--overwrite"):
        open_sink(str(target), (W, H), 10)
    assert target.read_bytes() == b"old"
    write_all(str(target), make_frames(3), overwrite=True)
    assert len(decode(str(target))[1]) == 3
    assert os.listdir(tmp_path) == ["clip.mp4"]


def test_png_overwrite_replaces_old_frames(tmp_path):
    folder = str(tmp_path / "frames") + "/"
    write_all(folder, make_frames(5))
    with pytest.raises(ExportError):
        open_sink(folder, (W, H), 10)
    write_all(folder, make_frames(2), overwrite=True)
    assert sorted(os.listdir(folder)) == ["frame_000001.png", "frame_000002.png"]
    assert os.listdir(tmp_path) == ["frames"]


@pytest.mark.parametrize("name", ["clip.mp4", "anim.gif", "frames/"])
def test_temp_name_then_abort_leaves_nothing(tmp_path, name):
    sink = open_sink(os.path.join(tmp_path, name), (W, H), 10)
    for f in make_frames(3):
        sink.write(f)
    assert not os.path.exists(sink.path)  # only the hidden temp exists while writing
    assert all(n.startswith(".") and ".partial" in n for n in os.listdir(tmp_path))
    sink.abort()
    assert os.listdir(tmp_path) == []
    sink.abort()  # harmless twice


@pytest.mark.parametrize("name", ["clip.mp4", "anim.gif", "frames/"])
def test_exception_inside_with_aborts(tmp_path, name):
    with pytest.raises(RuntimeError):
        with open_sink(os.path.join(tmp_path, name), (W, H), 10) as sink:
            for f in make_frames(3):
                sink.write(f)
            raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["clip.mp4", "frames/"])
def test_keyboard_interrupt_keeps_frames_so_far(tmp_path, name):
    with pytest.raises(KeyboardInterrupt):
        with open_sink(os.path.join(tmp_path, name), (W, H), 10) as sink:
            for f in make_frames(7):
                sink.write(f)
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == [name.rstrip("/")]
    if name.endswith(".mp4"):
        assert len(decode(sink.path)[1]) == 7
    else:
        assert len(os.listdir(sink.path)) == 7


def test_keyboard_interrupt_before_any_frame_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with open_sink(str(tmp_path / "c.mp4"), (W, H), 10):
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_close_without_frames_is_an_error(tmp_path):
    sink = open_sink(str(tmp_path / "c.mp4"), (W, H), 10)
    with pytest.raises(ExportError, match="no frames"):
        sink.close()
    assert os.listdir(tmp_path) == []


def test_wrong_frame_shape(tmp_path):
    with open_sink(str(tmp_path / "c.mp4"), (W, H), 10) as sink:
        with pytest.raises(ValueError):
            sink.write(np.zeros((H, W, 4), np.uint8))
        with pytest.raises(ValueError):
            sink.write(np.zeros((H, W, 3), np.float32))
        sink.write(make_frames(1)[0])
    assert sink.frames_written == 1


def test_bad_fps_and_size(tmp_path):
    with pytest.raises(ExportError, match="frame rate"):
        open_sink(str(tmp_path / "c.mp4"), (W, H), 0)
    with pytest.raises(ExportError, match="too small"):
        open_sink(str(tmp_path / "c.mp4"), (1, 1), 10)


def test_ffmpeg_failure_reports_last_stderr_line(tmp_path):
    pipe = FramePipe((W, H), 10, ["-c:v", "no_such_codec", "-y", str(tmp_path / "x.mp4")], "testing")
    with pytest.raises(ExportError, match="ffmpeg failed while testing: .*[Ee]ncoder") as info:
        for f in make_frames(50):
            pipe.write(f)
        pipe.finish()
    assert "\n" not in str(info.value)


def test_export_error_is_one_line():
    assert str(ExportError("first\nsecond  line")) == "first second line"
