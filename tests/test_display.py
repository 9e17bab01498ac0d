"""Display handling: headless runs never need a display or a video driver; a window run with no usable display
says so in one line (advising --headless) instead of running invisibly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def dead_display() -> str:
    """An X display number nothing listens on."""
    n = 87
    while os.path.exists(f"/tmp/.X11-unix/X{n}"):
        n += 1
    return f":{n}"


def env(**changes: str | None) -> dict:
    e = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    e["SDL_AUDIODRIVER"] = "dummy"
    e.update({k: v for k, v in changes.items() if v is not None})
    return e


def run(args: list[str], e: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=e, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("driver, display", [("x11", None), ("x11", "dead"), (None, "dead"), ("wayland", None)])
def test_headless_runs_need_no_display(tmp_path, driver, display):
    shot = tmp_path / "s.png"
    e = env(SDL_VIDEODRIVER=driver, DISPLAY=dead_display() if display == "dead" else None)
    out = run(["--headless", "--duration", "0.2", "--size", "320x240", "--screenshot", str(shot)], e)
    assert out.returncode == 0, out.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("driver", [None, "x11"])
def test_a_window_run_with_a_dead_display_says_run_headless(driver):
    out = run([], env(SDL_VIDEODRIVER=driver, DISPLAY=dead_display()))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert "no usable display" in lines[0] and "--headless" in lines[0]


def test_a_window_run_with_no_display_at_all_says_run_headless():
    out = run([], env())
    assert out.returncode == 2 and "--headless" in out.stderr and len(out.stderr.strip().splitlines()) == 1
