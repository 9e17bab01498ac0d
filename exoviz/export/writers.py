"""Frame sinks (MP4 H.264, GIF, PNG folder): target checks, per-run work names and the final atomic install."""

from __future__ import annotations

import os
import re
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

import numpy as np

from exoviz.export.atomic import (
    install,
    install_folder,
    make_folder,
    remove_quietly,
    reserve_name,
    saving_error,
    sweep_one,
)
from exoviz.export.errors import ExportError
from exoviz.export.ffmpeg import RAW_CHANNELS, FramePipe, ffmpeg_exe, run_ffmpeg, surface_pix_fmt
from exoviz.export.png import encode_png
from exoviz.export.targets import absolute, check_file, check_folder
from exoviz.interrupts import shielded

if TYPE_CHECKING:
    import pygame  # only named: this module runs without pygame

KINDS: dict[str, str] = {".mp4": "mp4", ".gif": "gif"}
ALLOWED = ".mp4, .gif, or a folder (a path ending in /) for numbered PNG frames"
# x264 preset chosen by measurement (python -m exoviz.bench --presets; README "Performance"): on the 2-core
# machine only ultrafast keeps 1080p30 export near 3x real time; files are ~2.5x larger than veryfast's.
MP4_PRESET = "ultrafast"
MP4_ARGS: tuple[str, ...] = ("-pix_fmt", "yuv420p", "-c:v", "libx264", "-crf", "20", "-movflags", "+faststart",
                             "-f", "mp4")
FRAME_NAME = re.compile(r"frame_\d{6,}\.png\Z")
MAX_FPS = 240
GIF_MAX_FPS = 50  # GIF delays are whole centiseconds; players slow down anything faster than 2 cs


def _frames_only(folder: str) -> bool:
    return all(FRAME_NAME.match(name) for name in os.listdir(folder))


def check_target(path: str, overwrite: bool) -> tuple[str, str]:
    """(kind, absolute path) for an output path, kind in mp4/gif/png; ExportError if it cannot be written.

    The checks (a writable folder, proven by creating a file there; never a link or a device) are in
    exoviz.export.targets, shared with every other output of a run.
    """
    if not path or not path.strip():
        raise ExportError(f"no output path given; use a path ending in {ALLOWED}")
    norm = absolute(path)
    ext = os.path.splitext(norm)[1].lower()
    folder_like = path.endswith(("/", os.sep)) or (os.path.isdir(norm) and not os.path.islink(norm))
    if folder_like:  # frames only into a path ending in / or an existing folder (empty, or earlier frames)
        return "png", check_folder(path, overwrite, _frames_only, "frames", "frame_NNNNNN.png")
    if not ext:  # "clip", or ".mp4" (a hidden name with no type)
        raise ExportError(f"cannot export to {path!r}: the name has no file type; use {ALLOWED}")
    if ext not in KINDS:
        raise ExportError(f"cannot export to {path!r}: unknown file type {ext!r}; use {ALLOWED}")
    return KINDS[ext], check_file(path, overwrite)


def even_size(w: int, h: int) -> tuple[int, int, str | None]:
    """Size rounded down to even numbers (H.264 with yuv420p needs them) and a one-line notice if changed."""
    if w < 2 or h < 2:
        raise ExportError(f"frame size {w}x{h} is too small to encode; need at least 2x2 pixels")
    ew, eh = w - w % 2, h - h % 2
    if (ew, eh) == (w, h):
        return w, h, None
    return ew, eh, f"video size {w}x{h} cropped to {ew}x{eh} (H.264 needs even width and height)"


class FrameSink:
    """Takes H×W×3 uint8 RGB frames; close() moves the finished output into place, abort() leaves nothing."""

    kind = ""

    def __init__(self, path: str, size: tuple[int, int], fps: int, overwrite: bool) -> None:
        self.path = path
        self.size = (int(size[0]), int(size[1]))
        self.fps = fps
        self.overwrite = overwrite
        self.frames_written = 0
        self.notice: str | None = None  # one line for the user (e.g. size rounded to even), or None
        self._state = "open"

    def write(self, frame: np.ndarray) -> None:
        """Add one frame (shape (h, w, 3), dtype uint8, any memory layout)."""
        if self._state != "open":
            raise ExportError(f"cannot add frames to {self.path}: the recording is already {self._state}")
        a = np.asarray(frame)
        w, h = self.size
        if a.shape != (h, w, 3) or a.dtype != np.uint8:
            raise ValueError(f"frame must be ({h}, {w}, 3) uint8 RGB, got {a.shape} {a.dtype}")
        self._write(a)
        self.frames_written += 1

    def write_surface(self, surface: pygame.Surface) -> None:
        """Add the pixels of a pygame Surface of the sink's size as one frame.

        Faster than write(grab(surface)) for video: MP4 and GIF pipe the surface's own 32-bit pixels to
        ffmpeg (one memcpy, no RGB repacking in Python), and ffmpeg converts them with SIMD code.
        """
        if self._state != "open":
            raise ExportError(f"cannot add frames to {self.path}: the recording is already {self._state}")
        w, h = self.size
        if surface.get_size() != (w, h):
            raise ValueError(f"surface must be {w}x{h}, got {surface.get_width()}x{surface.get_height()}")
        if not self._write_surface(surface):
            import pygame

            self._write(np.frombuffer(pygame.image.tobytes(surface, "RGB"), np.uint8).reshape(h, w, 3))
        self.frames_written += 1

    def close(self) -> str:
        """Finish encoding, move the result to its final name and return that path."""
        if self._state == "closed":
            return self.path
        if self._state != "open":
            raise ExportError(f"cannot finish {self.path}: the recording was aborted")
        if self.frames_written == 0:
            self.abort()
            raise ExportError(f"no frames were recorded; nothing written to {self.path}")
        try:
            self._finish()
            with shielded():  # a second signal cannot fall between "in place" and "closed"
                self._install()
                self._state = "closed"
        except OSError as exc:
            self.abort()
            raise saving_error(self.path, exc) from exc
        except ExportError as exc:
            self.abort()
            raise self.public(exc) from exc
        except BaseException:
            self.abort()
            raise
        return self.path

    def abort(self) -> None:
        """Stop and delete the temp output; nothing is left under the requested name."""
        if self._state == "open":
            self._state = "aborted"
            self._discard()

    def __enter__(self) -> FrameSink:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        if et is None:
            self.close()
        elif issubclass(et, KeyboardInterrupt) and self.frames_written:
            try:
                self.close()  # Ctrl-C: keep what was recorded as a playable file
            except Exception:
                self.abort()
        else:
            self.abort()

    def public(self, error: ExportError) -> ExportError:
        """The error with every work name in it (ffmpeg names the file it writes) replaced by the output's."""
        text = str(error)
        for work in sorted(self._work_names(), key=len, reverse=True):
            text = text.replace(work, self.path).replace(os.path.basename(work), os.path.basename(self.path))
        return ExportError(text)

    # subclass hooks
    def _work_names(self) -> list[str]:
        return []

    def _write(self, frame: np.ndarray) -> None:
        raise NotImplementedError

    def _write_surface(self, surface: pygame.Surface) -> bool:
        """Write a surface without going through an RGB array; False if this sink cannot."""
        return False

    def _finish(self) -> None:
        """Complete the temp output (default: nothing to do)."""

    def _install(self) -> None:
        raise NotImplementedError

    def _discard(self) -> None:
        raise NotImplementedError


class PipeSink(FrameSink):
    """A sink that feeds an ffmpeg FramePipe. ffmpeg starts at the first frame, reading that frame's pixel
    format: rgb24 for arrays, the surface's own layout for write_surface(). Frames go to ffmpeg from a
    writer thread (see FramePipe), so drawing the next frame overlaps encoding this one."""

    def __init__(self, path: str, size: tuple[int, int], fps: int, overwrite: bool, pipe_size: tuple[int, int],
                 out_args: list[str]) -> None:
        super().__init__(path, size, fps, overwrite)
        ffmpeg_exe()  # ExportError now, not at the first frame, if there is no ffmpeg
        self._pipe_size = pipe_size
        self._out_args = out_args
        self._pipe: FramePipe | None = None
        self._pix_fmt = ""

    def _open(self, pix_fmt: str) -> FramePipe:
        if self._pipe is None:
            self._pix_fmt = pix_fmt
            self._pipe = FramePipe(self._pipe_size, self.fps, self._out_args, f"writing {self.path}", pix_fmt)
        return self._pipe

    def _write(self, frame: np.ndarray) -> None:
        ew, eh = self._pipe_size
        if frame.shape[:2] != (eh, ew):
            frame = frame[:eh, :ew]
        pipe = self._open("rgb24")
        if self._pix_fmt == "rgb24":
            pipe.write(frame)
            return
        raw = np.zeros((eh, ew, 4), np.uint8)  # a surface came first: repack the array into its layout
        raw[..., list(RAW_CHANNELS[self._pix_fmt])] = frame
        pipe.write_bytes(raw.data)

    def _write_surface(self, surface: pygame.Surface) -> bool:
        fmt = surface_pix_fmt(surface)
        if fmt is None or tuple(self._pipe_size) != tuple(self.size) or self._pix_fmt not in ("", fmt):
            return False
        pixels = surface.get_buffer()  # a view of the surface's pixels (it stays locked while we hold it)
        try:
            # one memcpy, into a reused buffer (BufferProxy exports the buffer protocol; its stub does not say so)
            self._open(fmt).write_copy(np.frombuffer(pixels, np.uint8))  # type: ignore[call-overload]
        except BaseException as exc:  # the traceback's frames would hold the view, and the surface stay locked
            traceback.clear_frames(exc.__traceback__)
            raise
        finally:
            del pixels
        return True

    def _finish(self) -> None:
        if self._pipe is not None:
            self._pipe.finish()

    def _discard(self) -> None:
        if self._pipe is not None:
            self._pipe.kill()


class Mp4Sink(PipeSink):
    """H.264 yuv420p MP4 through the bundled ffmpeg; odd sizes are cropped by one pixel to even."""

    kind = "mp4"

    def __init__(self, path: str, size: tuple[int, int], fps: int, overwrite: bool,
                 preset: str = MP4_PRESET) -> None:
        ew, eh, notice = even_size(int(size[0]), int(size[1]))
        self._tmp = _reserve(path, ".mp4")
        try:
            super().__init__(path, size, fps, overwrite, (ew, eh), ["-preset", preset, *MP4_ARGS, "-y", self._tmp])
        except BaseException:
            remove_quietly(self._tmp)
            raise
        self.notice = notice

    def _install(self) -> None:
        install(self._tmp, self.path, self.overwrite)

    def _work_names(self) -> list[str]:
        return [self._tmp]

    def _discard(self) -> None:
        super()._discard()
        remove_quietly(self._tmp)


class GifSink(PipeSink):
    """Animated GIF: frames go to a lossless FFV1 work file, then palettegen + paletteuse (two passes)."""

    kind = "gif"

    def __init__(self, path: str, size: tuple[int, int], fps: int, overwrite: bool,
                 max_width: int = 800) -> None:
        self._work = _reserve(path, ".mkv")
        self._palette = _reserve(path, ".palette.png")
        self._tmp = _reserve(path, ".gif")
        w = int(size[0])
        filters = []
        if fps > GIF_MAX_FPS:
            filters.append(f"fps={GIF_MAX_FPS}")
        if w > max_width:
            filters.append(f"scale={max_width - max_width % 2}:-2:flags=lanczos")
        vf = ["-vf", ",".join(filters)] if filters else []
        try:
            super().__init__(path, size, fps, overwrite, (w, int(size[1])),
                             [*vf, "-c:v", "ffv1", "-f", "matroska", "-y", self._work])
        except BaseException:
            for p in (self._work, self._palette, self._tmp):
                remove_quietly(p)
            raise

    def _finish(self) -> None:
        super()._finish()
        run_ffmpeg(["-i", self._work, "-vf", "palettegen=stats_mode=diff", "-f", "image2",
                    "-y", self._palette], f"making the GIF palette for {self.path}")
        graph = "[0:v][1:v]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle"
        run_ffmpeg(["-i", self._work, "-i", self._palette, "-lavfi", graph, "-loop", "0", "-f", "gif",
                    "-y", self._tmp], f"writing {self.path}")
        remove_quietly(self._work)
        remove_quietly(self._palette)

    def _install(self) -> None:
        install(self._tmp, self.path, self.overwrite)

    def _work_names(self) -> list[str]:
        return [self._work, self._palette, self._tmp]

    def _discard(self) -> None:
        super()._discard()
        for p in (self._work, self._palette, self._tmp):
            remove_quietly(p)


class PngSink(FrameSink):
    """A folder of frame_000001.png ... written into a hidden work folder, renamed into place on close."""

    kind = "png"

    def __init__(self, path: str, size: tuple[int, int], fps: int, overwrite: bool) -> None:
        super().__init__(path, size, fps, overwrite)
        try:
            self._tmp = make_folder(path)  # mode 0o777 less the umask, like any new folder
        except OSError as exc:
            raise ExportError(f"cannot write frames beside {path}: {exc.strerror or exc}") from exc

    def _write(self, frame: np.ndarray) -> None:
        name = os.path.join(self._tmp, f"frame_{self.frames_written + 1:06d}.png")
        try:
            with open(name, "wb") as f:
                f.write(encode_png(frame))
        except OSError as exc:
            raise saving_error(self.path, exc) from exc

    def _work_names(self) -> list[str]:
        return [self._tmp]

    def _install(self) -> None:
        install_folder(self._tmp, self.path, self.overwrite, _frames_only)

    def _discard(self) -> None:
        sweep_one(self._tmp)


def _reserve(final: str, suffix: str) -> str:
    """A new work file, unique to this run, beside final (ExportError if the folder takes no files)."""
    try:
        return reserve_name(final, suffix)
    except OSError as exc:
        raise ExportError(f"cannot write beside {final}: {exc.strerror or exc}") from exc


def open_sink(path: str, size: tuple[int, int], fps: int, overwrite: bool = False, *,
              gif_max_width: int = 800) -> FrameSink:
    """Check the target and open the sink for its kind (.mp4, .gif, or a folder of PNG frames)."""
    if not 1 <= int(fps) <= MAX_FPS:
        raise ExportError(f"frame rate must be from 1 to {MAX_FPS} fps, got {fps}")
    w, h = int(size[0]), int(size[1])
    even_size(w, h)  # ExportError if too small
    kind, norm = check_target(path, overwrite)
    if kind == "mp4":
        return Mp4Sink(norm, (w, h), int(fps), overwrite)
    if kind == "gif":
        return GifSink(norm, (w, h), int(fps), overwrite, max_width=max(2, gif_max_width))
    return PngSink(norm, (w, h), int(fps), overwrite)
