"""Recording and scripted scenes through the real entry point (python main.py --record / --script)."""

import os
import subprocess
import sys

import imageio_ffmpeg
import pytest
from srt_reader import parse_srt

from exoviz.export.script import load_script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def run(*args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, env=ENV,
                          timeout=300)


def test_mp4_has_duration_times_fps_frames_and_an_srt(tmp_path):
    out = tmp_path / "clip.mp4"
    r = run("--record", str(out), "--duration", "2", "--fps", "12", "--size", "320x240", "--seed", "3", "--quiet")
    assert r.returncode == 0, r.stderr
    gen = imageio_ffmpeg.read_frames(str(out))
    meta = next(gen)
    assert meta["size"] == (320, 240) and "h264" in meta["codec"]
    assert sum(1 for _ in gen) == 24
    cues = parse_srt((tmp_path / "clip.srt").read_text())
    assert cues and all(b > a for a, b, _ in cues) and cues[-1][1] <= 2.0 + 1e-6
    assert not [p for p in os.listdir(tmp_path) if "partial" in p]


def test_png_frames_are_identical_for_the_same_seed(tmp_path):
    for name in ("a/", "b/"):
        r = run("--record", f"{tmp_path}/{name}", "--duration", "0.5", "--fps", "8", "--size", "320x240",
                "--seed", "5", "--quiet")
        assert r.returncode == 0, r.stderr
    a, b = sorted(os.listdir(tmp_path / "a")), sorted(os.listdir(tmp_path / "b"))
    assert a == b and len(a) == 4
    for name in a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_existing_video_is_not_overwritten(tmp_path):
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"precious")
    r = run("--record", str(out), "--duration", "1", "--size", "320x240")
    assert r.returncode == 2 and "--overwrite" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert out.read_bytes() == b"precious"


@pytest.mark.parametrize("script", sorted(os.listdir(os.path.join(ROOT, "assets", "scripts"))))
def test_example_scripts_render(tmp_path, script):
    out = tmp_path / "s.mp4"
    r = run("--script", os.path.join("assets", "scripts", script), "--record", str(out), "--duration", "1.5",
            "--fps", "6", "--size", "320x240", "--quiet")
    assert r.returncode == 0, r.stderr
    gen = imageio_ffmpeg.read_frames(str(out))
    next(gen)
    card = 2 * 6 if load_script(os.path.join(ROOT, "assets", "scripts", script)).title else 0  # 2 s title card
    assert sum(1 for _ in gen) == 9 + card


def test_bad_script_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('mode = "full-fusion"\nduration = 5\nwarp = 9\n')
    r = run("--script", str(bad), "--headless")
    assert r.returncode == 2 and "warp" in r.stderr and "line 3" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
