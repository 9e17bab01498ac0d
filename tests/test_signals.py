"""SIGINT and SIGTERM, alike, in headless, record, window and window-recording runs (real processes): the run
stops after the current frame, what exists is saved playable under its final name, the exit code is 130 / 143,
and no work file is left. A second signal while saving never produces a false "saved"."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import imageio_ffmpeg
import pytest
from srt_reader import parse_srt
from tiers import sampled

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONUNBUFFERED": "1"}
SIGNALS = [signal.SIGINT, signal.SIGTERM]
# each test sends one of them in the default tier (alternating, so both are sent), the other in the slow tier
INT_FIRST = sampled(SIGNALS, [signal.SIGINT])
TERM_FIRST = sampled(SIGNALS, [signal.SIGTERM])


def start(*args: str, env=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, env=env or ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


# main.py, with a line on stderr once the model has taken 30 steps: the handshake that says the run is past its
# imports and its scene and is simulating (instead of sleeping a fixed time and hoping it is)
SIMULATING = "test: simulating"
ANNOUNCED = f"""
import sys
from exoviz import interrupts
interrupts.install()
from exoviz.sim.world import World
step = World.step
def announced(self, *a, **k):
    out = step(self, *a, **k)
    if self.steps == 30:
        print({SIMULATING!r}, file=sys.stderr, flush=True)
    return out
World.step = announced
from exoviz.launch import run
sys.exit(run())
"""


def start_simulating(*args: str) -> tuple[subprocess.Popen, list[str]]:
    """main.py with these args, once it is simulating: the process and the stderr lines it printed so far."""
    p = subprocess.Popen([sys.executable, "-c", ANNOUNCED, *args], cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert p.stderr is not None
    lines = []
    for line in p.stderr:  # blocks until a line comes; ends (and the assert fails) if the run ends first
        lines.append(line)
        if line.strip() == SIMULATING:
            return p, lines
    raise AssertionError(f"the run ended before it simulated: {''.join(lines)}")


def wait_for(predicate, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("the run never got that far")


def partials(folder) -> list[str]:
    return [n for n in os.listdir(folder) if ".partial" in n]


def growing_work_file(folder, suffix: str, size: int = 20_000):
    return lambda: any(n.endswith(suffix) and os.path.getsize(os.path.join(folder, n)) > size
                       for n in partials(folder))


def decoded_frames(path: str) -> int:
    gen = imageio_ffmpeg.read_frames(path)
    next(gen)
    return sum(1 for _ in gen)


@pytest.mark.parametrize("sig", INT_FIRST, ids=lambda s: s.name)
def test_a_headless_run_stops_and_saves_stats_and_screenshot(tmp_path, sig):
    stats, shot = tmp_path / "s.json", tmp_path / "s.png"
    p, said = start_simulating("--headless", "--duration", "3000", "--size", "320x240", "--stats", str(stats),
                               "--screenshot", str(shot))
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    err = "".join(said) + err
    assert p.returncode == 128 + sig, err
    assert f"stopped by {'SIGTERM' if sig == signal.SIGTERM else 'Ctrl+C (SIGINT)'}" in err
    assert str(stats) in err and str(shot) in err and "Traceback" not in err
    data = json.loads(stats.read_text())
    assert 0 < data["playback_s"] < 3000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not partials(tmp_path)


@pytest.mark.parametrize("sig", TERM_FIRST, ids=lambda s: s.name)
def test_a_recording_stops_into_a_playable_file(tmp_path, sig):
    video = tmp_path / "film.mp4"
    p = start("--record", str(video), "--duration", "600", "--fps", "10", "--size", "320x240", "--quiet",
              "--stats", str(tmp_path / "s.json"))
    wait_for(growing_work_file(tmp_path, ".mp4"))
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 128 + sig, err
    m = re.search(r"(\d+) frames \([\d.]+ s\) of the film are in (\S+)", err)
    assert m and m.group(2) == str(video), err
    assert decoded_frames(str(video)) == int(m.group(1)) > 0
    assert parse_srt((tmp_path / "film.srt").read_text())
    assert json.loads((tmp_path / "s.json").read_text())["playback_s"] == pytest.approx(int(m.group(1)) / 10)
    assert not partials(tmp_path)


@pytest.mark.parametrize("sig", INT_FIRST, ids=lambda s: s.name)
def test_a_second_signal_while_a_gif_is_finished_never_claims_it_was_saved(tmp_path, sig):
    gif = tmp_path / "a.gif"
    p = start("--record", str(gif), "--duration", "600", "--fps", "20", "--size", "800x600", "--quiet")
    wait_for(growing_work_file(tmp_path, ".mkv", 2_000_000))
    p.send_signal(sig)
    time.sleep(0.3)  # into the palette passes
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 128 + sig, err
    assert "Traceback" not in err
    if gif.exists():  # the second signal came after the GIF was in place: then (and only then) it says so
        assert "saved" in err and str(gif) in err and "nothing was saved" not in err
        assert decoded_frames(str(gif)) > 0
    else:
        assert "a second" in err and "nothing was saved" in err and str(gif) in err
    assert not partials(tmp_path)


WINDOW = """
import os, sys, threading, time
import pygame
from exoviz.cli import main

def press_ctrl_r():
    while not pygame.display.get_init() or pygame.display.get_surface() is None:
        time.sleep(0.05)
    time.sleep(1.0)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_r, mod=pygame.KMOD_CTRL, unicode="",
                                         scancode=0))

threading.Thread(target=press_ctrl_r, daemon=True).start()
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("sig", TERM_FIRST, ids=lambda s: s.name)
def test_a_window_recording_is_finished_on_a_signal(tmp_path, sig):
    p = subprocess.Popen([sys.executable, "-c", WINDOW, "--record-dir", str(tmp_path), "--size", "640x400"],
                         cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(growing_work_file(tmp_path, ".mp4", 5_000))
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 128 + sig, err
    m = re.search(r"window recording saved to (\S+\.mp4)", err)
    assert m, err
    assert os.path.dirname(m.group(1)) == str(tmp_path) and decoded_frames(m.group(1)) > 0
    assert not partials(tmp_path)


@pytest.mark.parametrize("sig", INT_FIRST, ids=lambda s: s.name)
def test_a_window_run_without_recording_exits_on_a_signal(tmp_path, sig):
    p, said = start_simulating("--record-dir", str(tmp_path), "--size", "640x400")  # the window is playing
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    err = "".join(said) + err
    assert p.returncode == 128 + sig and "stopped by" in err and "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_a_second_signal_inside_a_shielded_rename_waits_for_the_next_checkpoint():
    from exoviz import interrupts

    with interrupts.handling():
        os.kill(os.getpid(), signal.SIGTERM)
        assert interrupts.requested() == signal.SIGTERM and interrupts.exit_code() == 143
        with interrupts.shielded():
            os.kill(os.getpid(), signal.SIGINT)  # held back: the rename in here is never cut in two
            done = True
        assert done
        with pytest.raises(interrupts.Aborted) as second:
            interrupts.checkpoint()
        assert second.value.signum == signal.SIGINT
        os.kill(os.getpid(), signal.SIGINT)  # after the abort, further signals only count
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
