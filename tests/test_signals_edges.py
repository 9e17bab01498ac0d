"""Signals at every moment of a run (issue 24): during the imports, at the encoder's start, while the walk-through
plans at the largest pool, after some slides, mid-film to the whole process group twice within 100 ms, after the
last line. Each ends with exit 130/143/129 by sys.exit, no traceback, no work file, and what the last line says
was saved decodes or parses. The wide matrix and a sample under a CPU hog are in the slow tier."""

from __future__ import annotations

import json
import os
import re
import signal

import imageio_ffmpeg
import pytest
from srt_reader import parse_srt

from exoviz import interrupts
from tests.signal_runs import EXIT, Run, growing, work_files, work_folder


def decoded_frames(path: str) -> int:
    gen = imageio_ffmpeg.read_frames(path)
    next(gen)
    return sum(1 for _ in gen)


def clean_exit(run: Run, sig: int) -> str:
    code = run.finish()
    err = run.err
    assert code == EXIT[sig], err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    return err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_a_signal_during_the_imports_is_a_clean_exit(tmp_path, sig):
    """-X importtime prints a line as each module is imported: numpy's comes after main.py's handlers."""
    run = Run("--headless", "--duration", "5", "--stats", str(tmp_path / "s.json"), python_flags=("-X", "importtime"))
    run.wait_until(lambda: run.said(r"\|\s+numpy$"))
    run.signal(sig)
    err = clean_exit(run, sig)
    assert re.search(rf"stopped by {re.escape(interrupts.name(sig))}", err), err
    assert work_files(tmp_path) == []


def test_the_same_signal_to_the_process_group_twice_is_one_request_and_the_film_plays(tmp_path):
    """What `timeout` does: SIGTERM to exoviz, then to its group, milliseconds apart."""
    film, stats = tmp_path / "t.mp4", tmp_path / "s.json"
    run = Run("--record", str(film), "--duration", "600", "--fps", "10", "--size", "320x240", "--quiet",
              "--stats", str(stats))
    run.wait_until(growing(tmp_path, ".mp4"))
    run.signal(signal.SIGTERM, group=True, twice=True)
    err = clean_exit(run, signal.SIGTERM)
    assert "a second" not in err
    m = re.search(r"(\d+) frames \([\d.]+ s\) of the film are in (\S+)", err)
    assert m and m.group(2) == str(film), err
    assert decoded_frames(str(film)) == int(m.group(1)) > 0
    assert parse_srt((tmp_path / "t.srt").read_text())
    assert json.loads(stats.read_text())["playback_s"] == pytest.approx(int(m.group(1)) / 10)
    assert work_files(tmp_path) == []


def test_the_walkthrough_stops_while_it_plans_at_the_largest_pool(tmp_path):
    """Planning 100,000 vesicles ignored SIGINT for minutes; now the planner looks after every step."""
    run = Run("--walkthrough", str(tmp_path / "slides") + "/", "--vesicles", "100000")
    run.wait_until(work_folder(tmp_path))  # created just before the planning starts
    run.signal(signal.SIGINT)
    err = clean_exit(run, signal.SIGINT)
    assert "stopped before the first slide; nothing written" in err
    assert os.listdir(tmp_path) == []


def test_slides_made_before_a_sighup_are_saved_with_their_steps(tmp_path):
    folder = tmp_path / "slides"
    run = Run("--walkthrough", str(folder) + "/", "--quiet", "--mode", "kiss-and-run", "--size", "320x240")
    run.wait_until(work_folder(tmp_path, holding="slide_01.png"))
    run.signal(signal.SIGHUP)
    err = clean_exit(run, signal.SIGHUP)
    m = re.search(r"wrote (\d+) slides? and steps.json to (\S+)", err)
    assert m and m.group(2) == str(folder), err
    n = int(m.group(1))
    steps = json.loads((folder / "steps.json").read_text())["steps"]
    assert [s["slide"] for s in steps] == [f"slide_{i:02d}.png" for i in range(1, n + 1)]
    assert sorted(os.listdir(folder)) == sorted(["steps.json", *(s["slide"] for s in steps)])
    assert all((folder / s["slide"]).read_bytes()[:4] == b"\x89PNG" for s in steps)
    assert "stopped by SIGHUP" in err and work_files(tmp_path) == []


def test_a_headless_run_shows_progress_and_stops_on_a_group_signal(tmp_path):
    stats, table = tmp_path / "s.json", tmp_path / "c.csv"
    run = Run("--headless", "--duration", "36000", "--stats", str(stats), "--csv", str(table))
    run.wait_until(lambda: run.said(r"^exoviz: simulating [\d.]+ of 36000 s of playback \(\d+%\), .* left$"))
    run.signal(signal.SIGINT, group=True, twice=True)
    err = clean_exit(run, signal.SIGINT)
    assert f"saved {stats}, {table}" in err and "a second" not in err
    playback = json.loads(stats.read_text())["playback_s"]
    assert 0 < playback < 36000
    assert table.read_text().splitlines()[0].startswith("t_s,")
    assert work_files(tmp_path) == []


def test_a_signal_after_the_last_line_keeps_the_exit_code_of_a_signal(tmp_path):
    film = tmp_path / "v.gif"
    run = Run("--record", str(film), "--duration", "0.3", "--fps", "5", "--size", "320x240")
    run.wait_until(lambda: run.said(r"^exoviz: wrote "))
    run.signal(signal.SIGTERM)
    code = run.finish()
    assert "Traceback" not in run.err and code in (0, 143), run.err
    if code == 143:  # it came before the exit: said so, and what the line said stands (after the last line, or
        # just before it, while the run was checking its outputs: then the last line says the film was saved)
        checked = re.search(rf"stopped by SIGTERM at t = [^;]+; saved {re.escape(str(film))}", run.err)
        assert "arrived as the run ended" in run.err or checked, run.err
    assert decoded_frames(str(film)) > 0 and work_files(tmp_path) == []


def test_a_signal_while_the_encoder_starts_is_reported_as_a_signal(tmp_path, monkeypatch, capsys):
    """A group signal also kills imageio-ffmpeg's check of the binary: that is the signal, not a missing ffmpeg."""
    from exoviz import cli
    from exoviz.export import writers
    from exoviz.export.errors import ExportError

    def ffmpeg_hit_by_the_signal():
        os.kill(os.getpid(), signal.SIGTERM)
        raise ExportError("ffmpeg is not available (No ffmpeg exe could be found); install imageio-ffmpeg")

    monkeypatch.setattr(writers, "ffmpeg_exe", ffmpeg_hit_by_the_signal)
    stats = tmp_path / "s.json"
    code = cli.main(["--record", str(tmp_path / "v.mp4"), "--duration", "1", "--size", "320x240",
                     "--stats", str(stats)])
    err = capsys.readouterr().err
    assert code == 143 and "not available" not in err, err
    assert "stopped while the encoder was starting; nothing written to" in err and "stopped by SIGTERM" in err
    assert json.loads(stats.read_text())["playback_s"] == 0
    assert sorted(os.listdir(tmp_path)) == ["s.json"]


def test_the_same_signal_twice_within_100_ms_is_one_request_and_sighup_is_129():
    with interrupts.handling():
        os.kill(os.getpid(), signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGHUP)  # at once: the same request (no Aborted)
        assert interrupts.requested() == signal.SIGHUP and interrupts.exit_code() == 129
        interrupts._state.first_at -= 0.2  # later than 100 ms: a second signal
        with pytest.raises(interrupts.Aborted):
            os.kill(os.getpid(), signal.SIGHUP)
    with interrupts.handling():
        os.kill(os.getpid(), signal.SIGTERM)
        with pytest.raises(interrupts.Aborted):  # another signal, however soon, is a second one
            os.kill(os.getpid(), signal.SIGINT)


def _signal_while_writing(monkeypatch, which: str, signals: list[int]):
    """atomic_write sends itself the signals while it writes the output whose name ends with `which`."""
    from exoviz import headless

    real = headless.atomic_write

    def write(path, data, overwrite=True):
        if str(path).endswith(which):
            for sig in signals:
                os.kill(os.getpid(), sig)
        return real(path, data, overwrite)

    monkeypatch.setattr(headless, "atomic_write", write)


def test_a_signal_during_the_final_save_still_saves_everything(tmp_path, monkeypatch, capsys):
    from exoviz import cli

    _signal_while_writing(monkeypatch, ".json", [signal.SIGTERM])
    stats, table = tmp_path / "s.json", tmp_path / "c.csv"
    code = cli.main(["--headless", "--duration", "0.5", "--stats", str(stats), "--csv", str(table)])
    err = capsys.readouterr().err
    assert code == 143 and f"saved {stats}, {table}" in err, err
    assert json.loads(stats.read_text())["playback_s"] == 0.5 and table.read_text().startswith("t_s,")
    assert sorted(os.listdir(tmp_path)) == ["c.csv", "s.json"]


def test_a_second_signal_during_the_final_save_says_exactly_what_was_saved(tmp_path, monkeypatch, capsys):
    from exoviz import cli

    _signal_while_writing(monkeypatch, ".csv", [signal.SIGTERM, signal.SIGINT])  # another signal: a second one
    stats, table = tmp_path / "s.json", tmp_path / "c.csv"
    code = cli.main(["--headless", "--duration", "0.5", "--stats", str(stats), "--csv", str(table)])
    err = capsys.readouterr().err
    assert code == 143 and "Traceback" not in err, err
    assert f"a second Ctrl+C (SIGINT) stopped the saving; saved {stats}; not saved (no partial files left): " \
           f"{table}" in err
    assert sorted(os.listdir(tmp_path)) == ["s.json"]
