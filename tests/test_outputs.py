"""Outputs: collisions, links and devices, concurrent writers, a full disk at the final write, file modes."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys

import imageio_ffmpeg
import numpy as np
import pytest

from exoviz import cli
from exoviz.export import atomic
from exoviz.export.errors import ExportError
from exoviz.export.writers import open_sink

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
W, H = 64, 48


def frames(n: int, shade: int = 0) -> list[np.ndarray]:
    out = []
    for i in range(n):
        a = np.full((H, W, 3), shade, np.uint8)
        a[:, (i * 3) % W:(i * 3) % W + 6] = (230, 160, 0)
        out.append(a)
    return out


def count_frames(path: str) -> int:
    gen = imageio_ffmpeg.read_frames(path)
    next(gen)
    return sum(1 for _ in gen)


def leftovers(folder) -> list[str]:
    return [n for n in os.listdir(folder) if ".partial" in n or "exoviz-probe" in n]


def test_record_and_stats_on_one_path_never_replace_each_other(tmp_path, capsys):
    video = tmp_path / "v.mp4"
    code = cli.main(["--record", str(video), "--stats", str(video), "--duration", "1", "--size", "320x240"])
    assert code == 2 and "both write" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("flag", ["--stats", "--screenshot"])
def test_a_symlink_is_refused_even_with_overwrite_and_its_target_kept(tmp_path, capsys, flag):
    target = tmp_path / "precious.png"
    target.write_bytes(b"precious")
    link = tmp_path / "link.png"
    link.symlink_to(target)
    code = cli.main(["--headless", "--duration", "0.1", flag, str(link), "--overwrite"])
    assert code == 2 and "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and target.read_bytes() == b"precious"


def test_a_device_is_refused_even_with_overwrite(capsys):
    assert cli.main(["--headless", "--duration", "0.1", "--stats", "/dev/null", "--overwrite"]) == 2
    assert "device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("flag", ["--stats", "--screenshot", "--record", "--walkthrough"])
def test_empty_paths_are_refused(tmp_path, monkeypatch, capsys, flag):
    monkeypatch.chdir(tmp_path)
    args = ["--duration", "1"] if flag == "--record" else [] if flag == "--walkthrough" else ["--headless",
                                                                                               "--duration", "1"]
    assert cli.main([*args, flag, ""]) == 2
    assert flag in capsys.readouterr().err and os.listdir(tmp_path) == []


def test_work_names_are_unique_per_run_and_files_get_the_umask_mode(tmp_path):
    names = {atomic.work_name(str(tmp_path / "clip.mp4"), ".mp4") for _ in range(50)}
    assert len(names) == 50 and all(str(os.getpid()) in n for n in names)
    old = os.umask(0o027)
    try:
        atomic.atomic_write(str(tmp_path / "s.json"), b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "s.json").st_mode) == 0o640


@pytest.mark.parametrize("name", ["clip.mp4", "anim.gif"])
def test_two_writers_to_one_target_never_corrupt_each_other(tmp_path, name):
    path = str(tmp_path / name)
    first, second = open_sink(path, (W, H), 10), open_sink(path, (W, H), 10)
    for a, b in zip(frames(6), frames(9, 80)):
        first.write(a)
        second.write(b)
    for extra in frames(3, 80):
        second.write(extra)
    assert first.close() == path
    with pytest.raises(ExportError, match="appeared while this run was writing it"):
        second.close()  # without --overwrite the second never replaces the first
    assert count_frames(path) == 6 and not leftovers(tmp_path)


def test_two_writers_with_overwrite_each_install_a_whole_file(tmp_path):
    path = str(tmp_path / "clip.mp4")
    first, second = open_sink(path, (W, H), 10, overwrite=True), open_sink(path, (W, H), 10, overwrite=True)
    for a in frames(5):
        first.write(a)
        second.write(a)
    second.write(frames(1)[0])
    first.close()
    assert count_frames(path) == 5
    second.close()
    assert count_frames(path) == 6 and not leftovers(tmp_path)


def test_two_recording_processes_at_once(tmp_path):
    out = tmp_path / "same.mp4"
    cmd = [sys.executable, "main.py", "--record", str(out), "--duration", "2", "--fps", "10", "--size", "320x240",
           "--quiet"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=ENV, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    codes = sorted(c for c, _ in results)
    assert codes in ([0, 0], [0, 2]), results  # 0, 0 only if one finished before the other started to check
    for code, err in results:
        if code == 2:  # refused at the end (the file appeared meanwhile), or, on a loaded machine, at the start
            assert ("appeared while this run was writing it" in err or "exists; pass --overwrite" in err), err
            assert len(err.strip().splitlines()) == 1, err
    assert count_frames(str(out)) == 20  # one whole film, never a mix or a torn file
    assert not leftovers(tmp_path)


def _full_disk(monkeypatch):
    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", fsync)


@pytest.mark.parametrize("flag, name", [("--stats", "s.json"), ("--screenshot", "s.png")])
def test_a_full_disk_at_the_final_write_is_one_line_exit_2_and_nothing_left(tmp_path, monkeypatch, capsys, flag,
                                                                           name):
    _full_disk(monkeypatch)
    out = tmp_path / name
    code = cli.main(["--headless", "--duration", "0.2", flag, str(out)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1, lines
    assert "could not save" in lines[0] and "No space left on device" in lines[0] and name in lines[0]
    assert os.listdir(tmp_path) == []


def test_a_full_disk_while_installing_a_recording(tmp_path, monkeypatch, capsys):
    def link(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "link", link)
    monkeypatch.setattr(atomic.os, "replace", link)
    out = tmp_path / "v.mp4"
    code = cli.main(["--record", str(out), "--duration", "0.5", "--fps", "6", "--size", "320x240", "--quiet"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "could not save" in lines[0] and "v.mp4" in lines[0]
    assert os.listdir(tmp_path) == []


def test_subtitles_that_cannot_be_written_after_the_film_say_so(tmp_path, monkeypatch, capsys):
    """A folder appears where the .srt goes after the checks: the film is kept, the line names the .srt."""
    opts = cli.parse(["--record", str(tmp_path / "v.mp4"), "--duration", "3", "--fps", "6", "--size", "320x240",
                      "--quiet", "--burn-captions"])  # 2 s: a subtitle needs 1.5 s to be written at all
    (tmp_path / "v.srt").mkdir()
    from exoviz.headless import run_headless
    from exoviz.session import Session

    code = run_headless(Session(opts), opts)
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "v.srt" in lines[0] and "Traceback" not in lines[0]
    assert count_frames(str(tmp_path / "v.mp4")) == 18 and not leftovers(tmp_path)


def test_every_output_is_created_with_the_umask_mode(tmp_path):
    code = ("import os, sys; os.umask(0o007); from exoviz.cli import main; sys.exit(main(sys.argv[1:]))")
    args = ["--record", str(tmp_path / "v.mp4"), "--duration", "3", "--fps", "6", "--size", "320x240",
            "--stats", str(tmp_path / "s.json"), "--screenshot", str(tmp_path / "s.png"), "--quiet"]
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    modes = {n: stat.S_IMODE(os.stat(tmp_path / n).st_mode) for n in os.listdir(tmp_path)}
    assert set(modes) == {"v.mp4", "v.srt", "s.json", "s.png"}
    assert set(modes.values()) == {0o660}, modes
    assert json.loads((tmp_path / "s.json").read_text())["playback_s"] == 3
