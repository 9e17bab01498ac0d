"""The bundled ffmpeg (imageio_ffmpeg): a raw-frame pipe and one-shot runs; failures as ExportError."""

from __future__ import annotations

import os
import subprocess
import tempfile
from typing import IO

import numpy as np

from exoviz.export.errors import ExportError

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
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def last_line(text: bytes | str) -> str:
    """The last non-empty line of ffmpeg's stderr, or a placeholder."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no error message"


def run_ffmpeg(args: list[str], what: str) -> None:
    """Run ffmpeg to completion; ExportError with its last stderr line if it fails."""
    cmd = [ffmpeg_exe(), *BASE_ARGS, "-nostdin", *args]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False, **_isolated())
    if proc.returncode != 0:
        raise ExportError(f"ffmpeg failed while {what}: {last_line(proc.stderr)}")


class FramePipe:
    """An ffmpeg process reading raw rgb24 frames of a fixed size on stdin; stderr goes to a temp file."""

    def __init__(self, size: tuple[int, int], fps: int, out_args: list[str], what: str) -> None:
        w, h = size
        self.what = what
        self._err: IO[bytes] = tempfile.TemporaryFile()
        cmd = [ffmpeg_exe(), *BASE_ARGS, "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
               "-framerate", str(fps), "-i", "-", "-an", *out_args]
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                          stderr=self._err, **_isolated())
        except OSError as exc:
            self._err.close()
            raise ExportError(f"could not start ffmpeg for {what}: {exc}") from exc

    def _error(self) -> ExportError:
        self._err.seek(0)
        return ExportError(f"ffmpeg failed while {self.what}: {last_line(self._err.read())}")

    def write(self, frame: np.ndarray) -> None:
        """Send one H×W×3 uint8 frame (any memory layout)."""
        data = np.ascontiguousarray(frame).reshape(-1)
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            stdin.write(data.data)
        except (BrokenPipeError, ValueError, OSError) as exc:
            self._stop()
            err = self._error()
            self._err.close()
            raise err from exc

    def finish(self) -> None:
        """Close the input and wait for ffmpeg to write the file; ExportError if it failed."""
        stdin = self._proc.stdin
        try:
            if stdin is not None and not stdin.closed:
                stdin.close()
        except OSError:
            pass
        rc = self._proc.wait()
        try:
            if rc != 0:
                raise self._error()
        finally:
            self._err.close()

    def kill(self) -> None:
        """Stop ffmpeg at once (its partial output is the caller's to delete)."""
        self._stop()
        self._err.close()

    def _stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass
        self._proc.wait()
