"""Every output is saved or named: one output failing at the end (a full disk, a file-size limit that kills
ffmpeg) leaves the others written, and the run's one last line lists each; names that fit the file system
are saved under exactly that name, with short work names beside them."""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys

from exoviz import cli
from exoviz.export import atomic
from tests.test_outputs import count_frames, leftovers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def outputs(tmp_path, film: str = "v.mp4") -> tuple[list[str], dict[str, str]]:
    paths = {"film": str(tmp_path / film), "stats": str(tmp_path / "s.json"), "csv": str(tmp_path / "c.csv"),
             "shot": str(tmp_path / "p.png")}
    return ["--record", paths["film"], "--stats", paths["stats"], "--csv", paths["csv"], "--screenshot",
            paths["shot"]], paths


def test_a_full_disk_at_the_films_install_leaves_the_others_saved_and_named(tmp_path, monkeypatch, capsys):
    real_link, real_replace = atomic.os.link, atomic.os.replace

    def full_for_the_film(real):
        def move(src, dst):
            if str(dst).endswith(".mp4"):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(src, dst)
        return move

    monkeypatch.setattr(atomic.os, "link", full_for_the_film(real_link))
    monkeypatch.setattr(atomic.os, "replace", full_for_the_film(real_replace))
    args, p = outputs(tmp_path)
    code = cli.main([*args, "--duration", "3", "--fps", "6", "--size", "320x240", "--quiet"])  # 3 s: a subtitle
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1, lines
    line = lines[0]
    assert f"could not save {p['film']}: No space left on device" in line
    saved = line.split("saved: ", 1)[1].split(", ")
    assert sorted(saved) == sorted([p["stats"], p["csv"], p["shot"], str(tmp_path / "v.srt")])
    assert json.loads(open(p["stats"]).read())["playback_s"] == 3
    assert open(p["csv"]).read().startswith("t_s,") and open(p["shot"], "rb").read(4) == b"\x89PNG"
    assert not os.path.exists(p["film"]) and not leftovers(tmp_path)


def test_ffmpeg_killed_by_the_file_size_limit_is_said_so_and_the_others_are_saved(tmp_path):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    args, p = outputs(tmp_path)
    run = subprocess.run([sys.executable, "main.py", *args, "--duration", "6", "--fps", "30", "--size", "640x360",
                          "--quiet"], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300,
                         preexec_fn=limit)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2 and len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert "file-size limit (ulimit -f)" in lines[0] and p["film"] in lines[0] and "no error message" not in lines[0]
    assert "v.srt was not written" in lines[0]
    for key in ("stats", "csv", "shot"):
        assert p[key] in lines[0].split("saved: ", 1)[1] and os.path.getsize(p[key]) > 0
    assert not os.path.exists(p["film"]) and not leftovers(tmp_path)


def test_names_that_fit_are_saved_under_exactly_that_name(tmp_path):
    stats = "s" * 250 + ".json"  # 255 bytes: the most most file systems take
    shot = "é" * 125 + ".png"  # 254 bytes in UTF-8
    film = "v" * 251 + ".mp4"
    assert len(os.fsencode(stats)) == 255 and len(os.fsencode(film)) == 255
    code = cli.main(["--record", str(tmp_path / film), "--duration", "3", "--fps", "6", "--size", "320x240",
                     "--stats", str(tmp_path / stats), "--screenshot", str(tmp_path / shot), "--quiet"])
    assert code == 0
    assert sorted(os.listdir(tmp_path)) == sorted([stats, shot, film, "v" * 251 + ".srt"])
    assert count_frames(str(tmp_path / film)) == 18


def test_work_names_are_short_whatever_the_final_name():
    for final in ("/d/a.mp4", "/d/" + "x" * 255):
        name = os.path.basename(atomic.work_name(final, ".palette.png"))
        assert name.startswith(".exoviz-") and ".partial" in name and len(name) <= 64
    assert atomic.work_name("/d/a.mp4") != atomic.work_name("/d/a.mp4")


def test_sweep_removes_every_work_file_and_folder_not_installed(tmp_path):
    fd, name = atomic.reserve(str(tmp_path / "a.json"))
    os.close(fd)
    folder = atomic.make_folder(str(tmp_path / "frames"))
    open(os.path.join(folder, "frame_000001.png"), "wb").close()
    kept_fd, kept = atomic.reserve(str(tmp_path / "b.json"))
    os.close(kept_fd)
    atomic.install(kept, str(tmp_path / "b.json"), overwrite=False)
    atomic.sweep()
    assert sorted(os.listdir(tmp_path)) == ["b.json"]


def test_the_second_signal_line_names_each_output_once_with_the_subtitles(tmp_path, capsys):
    from exoviz import interrupts
    from exoviz.outputs import record_paths
    from exoviz.saving import Saves

    saves = Saves()
    saves.failed.append(str(tmp_path / "a.gif"))  # as attempt() notes the film cut off by the second signal
    film = list(record_paths(str(tmp_path / "a.gif")))
    saves.report_abort(interrupts.Aborted(15), [*film, "s.json", str(tmp_path / "a.gif")])
    line = capsys.readouterr().err.strip()
    names = line.split("not saved (no partial files left): ", 1)[1].split(", ")
    assert names == [str(tmp_path / "a.gif"), str(tmp_path / "a.gif.srt"), os.path.abspath("s.json")], line
    assert "a second SIGTERM stopped the saving; nothing was saved" in line


def test_an_encoder_error_names_the_output_asked_for_never_the_work_file(tmp_path):
    from exoviz.export.errors import ExportError
    from exoviz.export.writers import open_sink

    sink = open_sink(str(tmp_path / "clip.gif"), (64, 48), 5)
    try:
        work = sink._work_names()
        said = sink.public(ExportError(f"ffmpeg failed while writing: {work[0]}: No space left on device"))
    finally:
        sink.abort()
    assert str(said) == f"ffmpeg failed while writing: {tmp_path / 'clip.gif'}: No space left on device"
    assert ".partial" not in str(said) and not leftovers(tmp_path)


def test_numbers_in_messages_are_printed_as_given():
    from exoviz.params import RANGES

    assert RANGES["vesicles"].check("vesicles", 100000.5).endswith("got 100000.5")
    assert RANGES["full_fusion_fraction"].check("f", 1.0000001).endswith("got 1.0000001")


def test_a_full_disk_mid_walkthrough_names_the_folder_and_the_stats_are_saved(tmp_path, monkeypatch, capsys):
    from exoviz import slides
    from exoviz.export.atomic import saving_error

    real = slides._write
    calls = []

    def write(path, data, folder):
        calls.append(path)
        if len(calls) == 2:
            raise saving_error(folder, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
        real(path, data, folder)

    monkeypatch.setattr(slides, "_write", write)
    folder, stats = tmp_path / "slides", tmp_path / "s.json"
    code = cli.main(["--walkthrough", f"{folder}/", "--mode", "kiss-and-run", "--size", "320x240", "--quiet",
                     "--stats", str(stats)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1, lines
    assert lines[0] == f"exoviz: could not save {folder}: No space left on device; nothing was written there; " \
                       f"saved: {stats}"
    assert json.loads(stats.read_text())["playback_s"] >= 0
    assert os.listdir(tmp_path) == ["s.json"]
