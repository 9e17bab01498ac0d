"""The bundled ffmpeg (imageio_ffmpeg): a raw-frame pipe and one-shot runs; failures as ExportError."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from typing import IO, TYPE_CHECKING

import numpy as np

from exoviz.export.errors import ExportError

if TYPE_CHECKING:
    import pygame  # only named: this module runs without pygame

# Common options: quiet except for errors; never ask questions on stdin.
BASE_ARGS: tuple[str, ...] = ("-hide_banner", "-nostats", "-loglevel", "error")


def ffmpeg_exe() -> str:
    """Path to the ffmpeg binary bundled with imageio-ffmpeg (ExportError when it is missing)."""
    try:
        import imageio_ffmpeg
        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # ImportError or imageio-ffmpeg's RuntimeError when no binary is found
        raise ExportError(f"ffmpeg is not available ({exc}); install imageio-ffmpeg or export PNG frames "
                          "(an output path ending in /)") from exc


def _isolated() -> dict:
    """Popen options that keep Ctrl-C in the terminal away from ffmpeg (we finish the file ourselves)."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def last_line(text: bytes | str) -> str:
    """The last non-empty line of ffmpeg's stderr, or a placeholder."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no error message"


def failure(what: str, returncode: int, stderr: bytes | str) -> ExportError:
    """The one line for an ffmpeg that failed: its last stderr line, or what stopped it (a signal, the
    file-size limit) when it said nothing."""
    line = last_line(stderr)
    if returncode < 0:
        sig = -returncode
        if sig == getattr(signal, "SIGXFSZ", None):
            line = "the file-size limit (ulimit -f) was reached"
        elif line == "no error message":
            line = f"ffmpeg was killed by {_signal_name(sig)}"
    return ExportError(f"ffmpeg failed while {what}: {line}")


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def run_ffmpeg(args: list[str], what: str) -> None:
    """Run ffmpeg to completion; ExportError with its last stderr line if it fails."""
    cmd = [ffmpeg_exe(), *BASE_ARGS, "-nostdin", *args]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False, **_isolated())
    if proc.returncode != 0:
        raise failure(what, proc.returncode, proc.stderr)


def surface_pix_fmt(surface: pygame.Surface) -> str | None:
    """ffmpeg's name for a pygame Surface's raw pixel layout (e.g. bgr0), or None if it is not plain
    32-bit packed rows on a little-endian machine."""
    if sys.byteorder != "little" or surface.get_bytesize() != 4 or surface.get_pitch() != 4 * surface.get_width():
        return None
    r, g, b = surface.get_masks()[:3]
    return _RAW_FORMATS.get((r, g, b))


# (R, G, B) masks of a 32-bit pixel -> the byte order in memory (little-endian), as ffmpeg names it.
_RAW_FORMATS = {(0xFF0000, 0xFF00, 0xFF): "bgr0", (0xFF, 0xFF00, 0xFF0000): "rgb0",
                (0xFF000000, 0xFF0000, 0xFF00): "0bgr", (0xFF00, 0xFF0000, 0xFF000000): "0rgb"}
# Byte positions of R, G and B in one pixel of each raw layout.
RAW_CHANNELS = {"bgr0": (2, 1, 0), "rgb0": (0, 1, 2), "0bgr": (3, 2, 1), "0rgb": (1, 2, 3)}


def frozen_bytes(frame: np.ndarray) -> memoryview:
    """The frame's bytes in row order, safe to keep after the caller goes on: a zero-copy view when the
    array is C-contiguous over an immutable bytes object (e.g. np.frombuffer(pygame.image.tobytes(...))),
    otherwise one copy."""
    a = np.asarray(frame)
    base = a
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    if a.flags.c_contiguous and isinstance(base, bytes):
        return memoryview(a).cast("B")
    return memoryview(a.tobytes())


def _grow_pipe(fd: int, size: int = 1 << 20) -> None:
    """Ask Linux for a bigger pipe buffer (fewer wake-ups per frame); harmless where unsupported."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (ImportError, OSError):
        pass


class FramePipe:
    """An ffmpeg process reading raw frames of a fixed size on stdin; stderr goes to a temp file.

    write() hands the frame to a writer thread and returns at once (it waits only when `depth` frames are
    already queued), so the caller renders the next frame while the kernel copies this one to ffmpeg and
    ffmpeg encodes the one before. Errors of the writer thread are raised by the next write() or finish().
    """

    def __init__(self, size: tuple[int, int], fps: int, out_args: list[str], what: str,
                 pix_fmt: str = "rgb24", depth: int = 3) -> None:
        w, h = size
        self.what = what
        self._err: IO[bytes] = tempfile.TemporaryFile()
        cmd = [ffmpeg_exe(), *BASE_ARGS, "-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", f"{w}x{h}",
               "-framerate", str(fps), "-i", "-", "-an", *out_args]
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                          stderr=self._err, bufsize=0, **_isolated())
        except OSError as exc:
            self._err.close()
            raise ExportError(f"could not start ffmpeg for {what}: {exc}") from exc
        assert self._proc.stdin is not None
        self._fd = self._proc.stdin.fileno()
        _grow_pipe(self._fd)
        self._queue: queue.Queue[memoryview | None] = queue.Queue(maxsize=max(1, depth))
        # Frames copied by write_copy go round these buffers: one being filled, `depth` queued, one being
        # written, so a buffer is free again when its turn comes. Reused memory: no fresh pages every frame.
        self._ring: list[np.ndarray] = []
        self._ring_size = max(1, depth) + 2
        self._turn = 0
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._pump, name="exoviz-ffmpeg-writer", daemon=True)
        self._thread.start()

    def _error(self) -> ExportError:
        self._err.seek(0)
        return failure(self.what, self._proc.poll() or 0, self._err.read())

    def _pump(self) -> None:
        """Writer thread: copy queued frames into ffmpeg's stdin until the None sentinel."""
        while True:
            data = self._queue.get()
            if data is None:
                return
            if self._failed is not None:
                continue  # keep draining so nobody waits on a full queue
            try:
                while data:
                    data = data[os.write(self._fd, data):]
            except OSError as exc:  # BrokenPipeError when ffmpeg has quit
                self._failed = exc

    def write(self, frame: np.ndarray) -> None:
        """Send one H×W×3 uint8 frame (any memory layout; copied unless it is immutable bytes)."""
        self.write_bytes(frozen_bytes(frame))

    def write_copy(self, pixels: np.ndarray) -> None:
        """Send a copy of one frame's raw bytes (uint8, any shape); the caller may change `pixels` afterwards."""
        flat = pixels.reshape(-1)
        if not self._ring or self._ring[0].size != flat.size:
            self._ring = [np.empty(flat.size, np.uint8) for _ in range(self._ring_size)]
        buf = self._ring[self._turn % self._ring_size]
        self._turn += 1
        np.copyto(buf, flat)
        self.write_bytes(buf.data)

    def write_bytes(self, data: memoryview | bytes) -> None:
        """Send one frame's raw bytes in the pipe's pixel format; the caller must not change them later."""
        if self._failed is None:
            while self._thread.is_alive():
                try:
                    self._queue.put(memoryview(data).cast("B"), timeout=0.5)
                    break
                except queue.Full:
                    continue
        if self._failed is not None or not self._thread.is_alive():
            self._stop()
            err = self._error()
            self._err.close()
            raise err from self._failed

    def finish(self) -> None:
        """Send what is queued, close the input and wait for ffmpeg to write the file; ExportError if it failed."""
        self._join()
        try:
            if self._proc.stdin is not None:  # opened with stdin=PIPE: always there
                self._proc.stdin.close()
        except OSError:
            pass
        rc = self._proc.wait()
        try:
            if rc != 0 or self._failed is not None:
                raise self._error()
        finally:
            self._err.close()

    def kill(self) -> None:
        """Stop ffmpeg at once (its partial output is the caller's to delete)."""
        self._stop()
        self._err.close()

    def _join(self) -> None:
        """Let the writer thread finish the queue and stop (it exits early once ffmpeg has died)."""
        while self._thread.is_alive():
            try:
                self._queue.put(None, timeout=0.5)
                break
            except queue.Full:
                continue
        self._thread.join()

    def _stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()  # the writer thread's next write fails; it then drains the queue
        self._join()
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass
        self._proc.wait()
