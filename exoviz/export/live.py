"""Recording the live window: a frame queue bounded in bytes that the UI never waits on, encoded in a thread."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable

import numpy as np

from exoviz.export.errors import ExportError
from exoviz.export.writers import FrameSink, open_sink

SinkFactory = Callable[[str, tuple[int, int], int, bool], FrameSink]
MAX_QUEUE_BYTES = 256 * 2**20  # frames waiting for the encoder; at 4K that is 10 frames, at 8K 2


def timestamped_name(folder: str, now: time.struct_time | None = None, ext: str = ".mp4") -> str:
    """folder/exoviz-YYYYmmdd-HHMMSS.mp4, with -2, -3 ... appended if that name is taken."""
    stem = time.strftime("exoviz-%Y%m%d-%H%M%S", now or time.localtime())
    path = os.path.join(folder, stem + ext)
    n = 2
    while os.path.lexists(path):
        path = os.path.join(folder, f"{stem}-{n}{ext}")
        n += 1
    return path


class LiveRecorder:
    """start() a recording, push() one frame per displayed frame, stop() to get the finished file."""

    def __init__(self, sink_factory: SinkFactory | None = None, max_bytes: int = MAX_QUEUE_BYTES) -> None:
        self._factory: SinkFactory = sink_factory or open_sink
        self.max_bytes = max_bytes
        self._sink: FrameSink | None = None
        self._queue: queue.Queue[np.ndarray | None] | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._pushed = 0
        self._dropped = 0
        self.path: str | None = None
        self.notice: str | None = None  # one line from the sink (e.g. size rounded to even), or None

    @property
    def recording(self) -> bool:
        """True between start() and stop()."""
        return self._sink is not None

    @property
    def elapsed_frames(self) -> int:
        """Frames accepted into the current recording (divide by fps for its length)."""
        return self._pushed

    @property
    def dropped(self) -> int:
        """Frames refused because the encoder was behind."""
        return self._dropped

    @property
    def behind(self) -> bool:
        """True when the queue is over half full or frames were dropped (the UI should warn)."""
        q = self._queue
        if q is None:
            return False
        return self._dropped > 0 or q.qsize() > q.maxsize / 2

    @property
    def error(self) -> ExportError | None:
        """The encoder's failure, if any (push() then refuses frames; stop() raises it)."""
        if self._error is None:
            return None
        if isinstance(self._error, ExportError):
            return self._error
        return ExportError(f"recording failed: {self._error}")

    def start(self, path: str, size: tuple[int, int], fps: int, overwrite: bool = False) -> None:
        """Open the output (ExportError here if it cannot be written) and start the encoder thread."""
        if self._sink is not None:
            raise ExportError(f"already recording to {self.path}; stop that recording first")
        sink = self._factory(path, size, fps, overwrite)
        self._sink, self.path, self.notice = sink, sink.path, sink.notice
        frame_bytes = max(1, sink.size[0] * sink.size[1] * 3)
        self._queue = queue.Queue(maxsize=max(1, min(int(fps) * 2, self.max_bytes // frame_bytes)))
        self._error, self._pushed, self._dropped = None, 0, 0
        self._thread = threading.Thread(target=self._run, args=(sink, self._queue), name="exoviz-recorder",
                                        daemon=True)
        self._thread.start()

    def push(self, frame: np.ndarray) -> bool:
        """Queue a copy of an H×W×3 uint8 RGB frame; never blocks. False (and counted) if it was dropped.

        From a pygame Surface: np.frombuffer(pygame.image.tobytes(surf, "RGB"), np.uint8).reshape(h, w, 3).
        """
        q = self._queue
        if self._sink is None or q is None or self._error is not None:
            return False
        w, h = self._sink.size
        shape = np.shape(frame)
        if shape != (h, w, 3):
            self._dropped += 1  # e.g. the window was resized: keep the recording, refuse other sizes
            got = f"{shape[1]}x{shape[0]}" if len(shape) >= 2 else str(shape)
            self.notice = (f"frame size changed from {w}x{h} to {got}; "
                           "those frames are not recorded (stop and start again)")
            return False
        if q.full():
            self._dropped += 1
            return False
        try:
            # one copy, into immutable bytes: the sink's ffmpeg pipe can then send it without another
            q.put_nowait(np.frombuffer(np.asarray(frame, dtype=np.uint8).tobytes(), np.uint8).reshape(h, w, 3))
        except queue.Full:
            self._dropped += 1
            return False
        self._pushed += 1
        return True

    def stop(self) -> str:
        """Encode what is queued, finish the file and return its path (ExportError if encoding failed)."""
        sink, q, thread = self._sink, self._queue, self._thread
        if sink is None or q is None or thread is None:
            raise ExportError("not recording; nothing to stop")
        q.put(None)  # the encoder drains the queue, then stops
        thread.join()
        self._sink, self._thread = None, None
        error = self.error
        if error is not None:
            sink.abort()
            raise error
        return sink.close()

    def cancel(self) -> None:
        """Stop without keeping anything (e.g. the app is closing after an error)."""
        sink, q, thread = self._sink, self._queue, self._thread
        if sink is None or q is None or thread is None:
            return
        self._error = self._error or ExportError("recording cancelled")
        q.put(None)
        thread.join()
        self._sink, self._thread = None, None
        sink.abort()

    def _run(self, sink: FrameSink, q: queue.Queue[np.ndarray | None]) -> None:
        while True:
            frame = q.get()
            if frame is None:
                return
            if self._error is not None:
                continue  # keep draining so stop() never waits on a full queue
            try:
                sink.write(frame)
            except BaseException as exc:  # handed to the UI thread via .error / stop()
                self._error = exc
