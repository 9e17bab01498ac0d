"""Helpers for the signal tests: start a real `python main.py` in its own process group, wait for a sign that it
has reached a given point (a line on stderr, a work file, a slide), deliver a signal to the process or to its
group, once or twice within 100 ms, and collect what it said and left."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONUNBUFFERED": "1"}
EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}


class Run:
    """A main.py process whose stderr is read line by line in a thread (so it never blocks on a full pipe)."""

    def __init__(self, *args: str, python_flags: tuple[str, ...] = ()) -> None:
        self.proc = subprocess.Popen([sys.executable, *python_flags, "main.py", *args], cwd=ROOT, env=ENV,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)  # its own process group, as under `timeout`
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def said(self, pattern: str) -> bool:
        return any(re.search(pattern, ln) for ln in list(self.lines))

    def wait_until(self, ready: Callable[[], bool], timeout: float = 240.0) -> None:
        """Wait for a sign of progress (never a fixed sleep); fails if the process ended first."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if ready():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"the run ended before it got that far: {self.err}")
            time.sleep(0.02)
        raise AssertionError(f"the run never got that far: {self.err}")

    def signal(self, sig: int, group: bool = False, twice: bool = False) -> None:
        """Deliver sig to the process (or to its whole group, as timeout and a terminal do); twice: again at
        once (well within 100 ms), as `timeout` does to the process and then to its group."""
        for _ in range(2 if twice else 1):
            try:
                if group:
                    os.killpg(self.proc.pid, sig)
                else:
                    self.proc.send_signal(sig)
            except ProcessLookupError:
                return

    def finish(self, timeout: float = 240.0) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return code

    @property
    def err(self) -> str:
        return "\n".join(self.lines)


def work_files(folder) -> list[str]:
    """Work files and folders (and writability probes) left anywhere under folder."""
    out = []
    for dirpath, dirs, files in os.walk(folder):
        out += [os.path.join(dirpath, n) for n in [*dirs, *files] if ".partial" in n or "exoviz-probe" in n]
    return out


def growing(folder, suffix: str, size: int = 20_000) -> Callable[[], bool]:
    """A work file of this kind that has grown past size bytes: frames are being encoded."""
    def ready() -> bool:
        for n in os.listdir(folder):
            p = os.path.join(folder, n)
            if ".partial" in n and n.endswith(suffix):
                try:
                    if os.path.getsize(p) > size:
                        return True
                except FileNotFoundError:
                    continue
        return False
    return ready


def work_folder(folder, holding: str | None = None) -> Callable[[], bool]:
    """A work folder beside the output (the slides' or frames'), optionally once it holds a file of that name."""
    def ready() -> bool:
        for n in os.listdir(folder):
            p = os.path.join(folder, n)
            if ".partial" in n and os.path.isdir(p) and (holding is None or os.path.exists(os.path.join(p, holding))):
                return True
        return False
    return ready
