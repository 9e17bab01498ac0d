"""Start-up: wall time from launching `python main.py` to its first frame on screen, and what it is spent on.

The app is not changed for this: a tiny wrapper run with `python -c` replaces pygame.display.flip/update by a
function that prints the time and exits at once, then runs main.py as __main__. It uses a real X server
(Xvfb) when one is installed, else SDL's dummy video driver. `python -X importtime` of the same launch gives
the import breakdown, and a cProfile of it (to the first frame) shows the rest (window, theme, widgets, ...).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager

from exoviz.bench.timing import ROOT, child_env

_PATCH = (
    "import os, sys, time, runpy\n"
    "import pygame\n"
    "def _first(*a, **k):\n"
    "    {on_first}\n"
    "    sys.stdout.write('FIRST_FRAME %.6f\\n' % time.time()); sys.stdout.flush(); os._exit(0)\n"
    "pygame.display.flip = pygame.display.update = _first\n"
    "sys.argv = ['main.py'] + sys.argv[1:]\n"
    "{run}\n"
)
_RUN = "runpy.run_path('main.py', run_name='__main__')"
_PROFILED = ("import cProfile, pstats\n_prof = cProfile.Profile(); _prof.enable()\n" + _RUN)
_DUMP = ("_prof.disable(); pstats.Stats(_prof, stream=sys.stderr).sort_stats('cumulative').print_stats(30)")


@contextmanager
def display():
    """DISPLAY of a private Xvfb server for the duration (stopped afterwards), or None for SDL's dummy driver."""
    exe = shutil.which("Xvfb")
    if exe is None:
        yield None
        return
    proc = subprocess.Popen([exe, "-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = proc.stdout.readline().decode().strip() if proc.stdout else ""
        yield f":{line}" if line.isdigit() else None
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _env(disp: str | None) -> dict:
    """The child's environment; bytecode caches allowed, as in an installed copy (pip compiles them)."""
    env = child_env(DISPLAY=disp) if disp else child_env(SDL_VIDEODRIVER="dummy")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def first_frame_s(disp: str | None, args: tuple[str, ...] = (), timeout: float = 120.0) -> float:
    """Seconds from Popen to the first flip of `python main.py ARGS`."""
    code = _PATCH.format(on_first="pass", run=_RUN)
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=_env(disp), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout, check=False)
    m = re.search(rb"FIRST_FRAME ([0-9.]+)", proc.stdout)
    if m is None:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"main.py showed no frame (exit code {proc.returncode}): {tail[0]}")
    return float(m.group(1)) - t0


def import_breakdown(disp: str | None, top: int = 12) -> list[tuple[str, float]]:
    """(module, cumulative import ms) of the launch, largest first (python -X importtime): the top-level
    imports and every package imported by name anywhere (pygame_gui, numpy, ...), each where it was paid."""
    code = _PATCH.format(on_first="pass", run=_RUN)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, env=_env(disp),
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=120, check=False)
    rows: dict[str, float] = {}
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)", line)
        if m and (not m.group(3) or "." not in m.group(4)) and not m.group(4).startswith("_"):
            rows.setdefault(m.group(4), int(m.group(2)) / 1000.0)
    return sorted(rows.items(), key=lambda r: -r[1])[:top]


def profile_text(disp: str | None) -> str:
    """cProfile (cumulative) of the launch up to the first frame, as text."""
    code = _PATCH.format(on_first=_DUMP, run=_PROFILED)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(disp), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=120, check=False)
    return proc.stderr.decode("utf-8", "replace")


def bench(runs: int = 5, breakdown: bool = True) -> dict:
    with display() as disp:
        first_frame_s(disp)  # untimed: fills the bytecode caches and the OS file cache
        times = [first_frame_s(disp) for _ in range(runs)]
        out = {"driver": f"X11 (Xvfb {disp})" if disp else "SDL dummy", "first_frame_s": statistics.median(times),
               "runs": times}
        if breakdown:
            out["imports_ms"] = import_breakdown(disp)
    return out


if __name__ == "__main__":  # python -m exoviz.bench.startup: the profile of one launch
    with display() as d:
        print(profile_text(d))
    os._exit(0)
