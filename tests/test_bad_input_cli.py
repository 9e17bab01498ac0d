"""Bad command lines, table-driven: each gets exit 2, one line (no traceback), nothing written, and no simulation
step is taken (World.step raises if called: every refusal comes before the run)."""

from __future__ import annotations

import os

import pytest

from exoviz import cli
from exoviz.sim.world import World

HEADLESS = ["--headless", "--duration", "1"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REC = ["--duration", "1", "--size", "320x240"]

# (id, args, words the one line must contain, files to set up first)
# setup entries: "f:NAME" a file, "d:NAME" a folder, "l:NAME>TARGET" a symbolic link, "p:NAME" a named pipe
CASES: list[tuple[str, list[str], list[str], list[str]]] = [
    ("mode-unknown", ["--mode", "teleport"], ["full-fusion, kiss-and-run, exosome"], []),
    ("investigate-unknown", ["--investigate", "nope"], ["growth, kiss, blocked, calcium, exosomes, acid"], []),
    ("mode-empty", ["--mode", ""], ["--mode"], []),
    ("vesicles-negative", ["--vesicles", "-5"], ["--vesicles"], []),
    ("vesicles-zero", ["--vesicles", "0"], ["--vesicles"], []),
    ("vesicles-huge", ["--vesicles", "100001"], ["--vesicles"], []),
    ("vesicles-word", ["--vesicles", "many"], ["whole number"], []),
    ("vesicles-fraction", ["--vesicles", "1.5"], ["whole number"], []),
    ("seed-negative", ["--seed", "-1"], ["--seed"], []),
    ("seed-huge", ["--seed", "4294967296"], ["--seed"], []),
    ("seed-word", ["--seed", "abc"], ["--seed"], []),
    ("size-half", ["--size", "12x"], ["1280x720"], []),
    ("size-huge", ["--size", "100000x100"], ["--size"], []),
    ("size-too-narrow", ["--size", "319x240"], ["320x240"], []),
    ("size-too-wide", ["--size", "7681x4320"], ["7680x4320"], []),
    ("size-zero", ["--size", "0x0"], ["--size"], []),
    ("size-empty", ["--size", ""], ["--size"], []),
    ("speed-not-offered", ["--speed", "3"], ["--speed"], []),
    ("speed-zero", ["--speed", "0"], ["--speed"], []),
    ("speed-word", ["--speed", "fast"], ["--speed"], []),
    ("speed-nan", ["--speed", "nan"], ["--speed"], []),
    ("theme-unknown", ["--theme", "neon"], ["dark or projector"], []),
    ("ui-scale-small", ["--ui-scale", "0.5"], ["--ui-scale"], []),
    ("ui-scale-large", ["--ui-scale", "3.5"], ["--ui-scale"], []),
    ("ui-scale-inf", ["--ui-scale", "inf"], ["--ui-scale"], []),
    ("budding-high", ["--budding-rate", "51"], ["--budding-rate"], []),
    ("budding-negative", ["--budding-rate", "-1"], ["--budding-rate", "-1"], []),
    ("firing-high", ["--firing-rate", "500"], ["--firing-rate"], []),
    ("ff-fraction-high", ["--full-fusion-fraction", "1.5"], ["--full-fusion-fraction"], []),
    ("ff-fraction-nan", ["--full-fusion-fraction", "nan"], ["--full-fusion-fraction"], []),
    ("lysosome-minus-inf", ["--lysosome-fraction", "-inf"], ["--lysosome-fraction", "from 0 to 1", "-inf"], []),
    ("lysosome-inf", ["--lysosome-fraction", "inf"], ["--lysosome-fraction"], []),
    ("endocytosis-high", ["--endocytosis-rate", "9"], ["--endocytosis-rate", "from 0 to 5"], []),
    ("endocytosis-negative", ["--endocytosis-rate", "-1"], ["--endocytosis-rate"], []),
    ("endocytosis-word", ["--endocytosis-rate", "fast"], ["--endocytosis-rate", "number"], []),
    ("balance-word", ["--balance", "maybe"], ["--balance", "on or off"], []),
    ("balance-two", ["--balance", "2"], ["--balance", "on or off"], []),
    ("calcium-empty", ["--calcium", ""], ["--calcium", "on or off"], []),
    ("csv-suffix", [*HEADLESS, "--csv", "t.txt"], ["--csv", ".csv"], []),
    ("csv-same-as-stats", [*HEADLESS, "--csv", "a.csv", "--stats", "a.csv"], ["would both write"], []),
    ("csv-in-window", ["--csv", "t.csv"], ["--csv", "--headless"], []),
    ("amperometry-no-electrode", [*HEADLESS, "--amperometry", "a.csv"], ["--amperometry", "--electrode"], []),
    ("amperometry-suffix", [*HEADLESS, "--cell", "chromaffin", "--electrode", "5", "--amperometry", "a.txt"],
     ["--amperometry", ".csv"], []),
    ("electrode-range", [*HEADLESS, "--electrode", "5000"], ["--electrode", "-1000 to 1000"], []),
    ("electrode-not-number", [*HEADLESS, "--electrode", "x"], ["--electrode"], []),
    ("electrode-wrong-mode", [*HEADLESS, "--mode", "exosome", "--electrode", "5"], ["no oxidizable cargo"], []),
    ("electrode-not-oxidizable", [*HEADLESS, "--cell", "beta-cell", "--electrode", "5"],
     ["no oxidizable cargo in this cell; try --cell chromaffin"], []),
    ("fps-zero", [*REC, "--record", "v.mp4", "--fps", "0"], ["--fps"], []),
    ("fps-high", [*REC, "--record", "v.mp4", "--fps", "121"], ["--fps"], []),
    ("fps-fraction", [*REC, "--record", "v.mp4", "--fps", "7.5"], ["--fps", "whole number"], []),
    ("fps-negative", [*REC, "--record", "v.mp4", "--fps", "-3"], ["--fps"], []),
    ("duration-zero", ["--headless", "--duration", "0"], ["--duration"], []),
    ("duration-negative", ["--headless", "--duration", "-1"], ["--duration", "-1"], []),
    ("duration-huge", ["--headless", "--duration", "36001"], ["--duration"], []),
    ("duration-nan", ["--headless", "--duration", "nan"], ["--duration"], []),
    ("duration-word", ["--headless", "--duration", "abc"], ["--duration"], []),
    ("unknown-flag", ["--bogus-flag"], ["unrecognized"], []),
    ("abbreviated-duration", ["--headless", "--dur", "1"], ["unrecognized", "--dur"], []),
    ("abbreviated-headless", ["--head", "--duration", "1"], ["unrecognized", "--head"], []),
    ("headless-no-duration", ["--headless"], ["--duration"], []),
    ("record-no-duration", ["--record", "v.mp4"], ["--record", "--duration"], []),
    ("seed-missing-value", ["--seed"], ["--seed"], []),
    ("stray-argument", [*HEADLESS, "extra"], ["unrecognized", "extra"], []),
    ("record-and-walkthrough", [*REC, "--record", "v.mp4", "--walkthrough", "w/"], ["--walkthrough"], []),
    ("stats-in-window", ["--stats", "s.json"], ["--stats", "--headless"], []),
    ("screenshot-in-window", ["--screenshot", "s.png"], ["--screenshot", "--headless"], []),
    ("stats-empty", [*HEADLESS, "--stats", ""], ["--stats", "empty"], []),
    ("screenshot-empty", [*HEADLESS, "--screenshot", ""], ["--screenshot", "empty"], []),
    ("record-empty", [*REC, "--record", ""], ["--record", "no output path"], []),
    ("walkthrough-empty", ["--walkthrough", ""], ["--walkthrough", "empty"], []),
    ("record-unknown-type", [*REC, "--record", "x.avi"], [".mp4, .gif"], []),
    ("stats-missing-folder", [*HEADLESS, "--stats", "missing/s.json"], ["does not exist"], []),
    ("screenshot-not-png", [*HEADLESS, "--screenshot", "shot.jpg"], [".png"], []),
    ("stats-exists", [*HEADLESS, "--stats", "old.json"], ["exists", "--overwrite"], ["f:old.json"]),
    ("record-exists", [*REC, "--record", "old.mp4"], ["exists", "--overwrite"], ["f:old.mp4"]),
    ("record-and-stats-same", [*REC, "--record", "v.mp4", "--stats", "v.mp4"], ["--record", "--stats", "both"], []),
    ("stats-is-the-srt", [*REC, "--record", "v.mp4", "--stats", "v.srt"], ["subtitles", "--stats", "both"], []),
    ("screenshot-and-stats-same", [*HEADLESS, "--screenshot", "a.png", "--stats", "a.png"], ["both write"], []),
    ("same-file-through-a-linked-folder", [*HEADLESS, "--screenshot", "a/x.png", "--stats", "b/x.png"],
     ["both write"], ["d:a", "l:b>a"]),
    ("stats-under-proc", [*HEADLESS, "--stats", "/proc/x.json"], ["not writable"], []),
    ("stats-under-sys", [*HEADLESS, "--stats", "/sys/x.json"], ["not writable"], []),
    ("stats-symlink", [*HEADLESS, "--stats", "link.json", "--overwrite"], ["symbolic link"],
     ["f:target.json", "l:link.json>target.json"]),
    ("record-symlink", [*REC, "--record", "link.mp4", "--overwrite"], ["symbolic link"],
     ["f:target.mp4", "l:link.mp4>target.mp4"]),
    ("stats-device", [*HEADLESS, "--stats", "/dev/null", "--overwrite"], ["device"], []),
    ("screenshot-named-pipe", [*HEADLESS, "--screenshot", "pipe.png", "--overwrite"], ["named pipe"],
     ["p:pipe.png"]),
    ("stats-is-a-folder", [*HEADLESS, "--stats", "afolder"], ["folder"], ["d:afolder"]),
    ("stats-parent-is-a-file", [*HEADLESS, "--stats", "plain/s.json"], ["not a folder"], ["f:plain"]),
    ("stats-inside-png-frames", [*REC, "--record", "frames/", "--stats", "frames/s.json"], ["inside"], ["d:frames"]),
    ("stats-inside-slides", ["--walkthrough", "w/", "--stats", "w/steps.json"], ["inside"], ["d:w"]),
    ("srt-exists", [*REC, "--record", "v.mp4"], ["v.srt", "exists"], ["f:v.srt"]),
    ("srt-is-a-folder", [*REC, "--record", "v.mp4", "--overwrite"], ["v.srt", "folder"], ["d:v.srt"]),
    ("srt-is-a-symlink", [*REC, "--record", "v.mp4", "--overwrite"], ["v.srt", "symbolic link"],
     ["f:t.srt", "l:v.srt>t.srt"]),
    ("output-is-the-script", [*HEADLESS, "--script", "s.toml", "--stats", "s.toml", "--overwrite"], ["--script"],
     ["f:s.toml"]),
    ("record-dir-missing", ["--record-dir", "nowhere"], ["--record-dir"], []),
    ("record-dir-proc", ["--record-dir", "/proc"], ["--record-dir", "not writable"], []),
    ("script-missing", [*HEADLESS, "--script", "missing.toml"], ["missing.toml", "not found"], []),
    ("walkthrough-other-files", ["--walkthrough", "w/", "--overwrite"], ["other than"], ["d:w", "f:w/notes.txt"]),
    ("frames-folder-other-files", [*REC, "--record", "frames/", "--overwrite"], ["other than"],
     ["d:frames", "f:frames/notes.txt"]),
    ("record-file-where-frames-go", [*REC, "--record", "frames/"], ["is a file"], ["f:frames"]),
    # inputs are outputs' equals: a link, a hard link or another spelling of the script is refused
    ("script-symlink-is-stats", [*HEADLESS, "--script", "l.toml", "--stats", "s.toml", "--overwrite"],
     ["--stats", "--script"], ["f:s.toml", "l:l.toml>s.toml"]),
    ("script-hardlink-is-stats", [*HEADLESS, "--script", "s.toml", "--stats", "h.toml", "--overwrite"],
     ["--stats", "--script"], ["f:s.toml", "h:h.toml>s.toml"]),
    ("script-spelled-otherwise", [*HEADLESS, "--script", "s.toml", "--stats", "d/../s.toml", "--overwrite"],
     ["--stats", "--script"], ["f:s.toml", "d:d"]),
    ("script-via-linked-folder", [*HEADLESS, "--script", "s.toml", "--stats", "ln/s.toml", "--overwrite"],
     ["--stats", "--script"], ["f:s.toml", "l:ln>."]),
    ("stats-hardlink-is-csv", [*HEADLESS, "--stats", "a.csv", "--csv", "b.csv", "--overwrite"],
     ["would both write"], ["f:a.csv", "h:b.csv>a.csv"]),
    # names that would fail at save, titles, record names
    ("stats-name-too-long", [*HEADLESS, "--stats", "s" * 251 + ".json"], ["--stats", "256 bytes", "255"], []),
    ("record-name-too-long", [*REC, "--record", "v" * 252 + ".mp4"], ["--record", "256 bytes"], []),
    ("record-name-multibyte-too-long", [*REC, "--record", "é" * 126 + ".gif"], ["--record", "256 bytes"], []),
    ("frames-name-too-long", [*REC, "--record", "f" * 256 + "/"], ["--record", "256 bytes"], []),
    ("record-no-file-type", [*REC, "--record", "clip"], ["--record", "no file type", ".mp4, .gif", "ending in /"],
     []),
    ("record-only-a-suffix", [*REC, "--record", ".mp4"], ["--record", "no file type"], []),
    ("title-newline", [*REC, "--record", "v.mp4", "--title", "a\nb"], ["--title", "U+000A"], []),
    ("title-escape", [*REC, "--record", "v.mp4", "--title", "a\x1bb"], ["--title", "U+001B"], []),
    ("title-too-long", [*REC, "--record", "v.mp4", "--title", "x" * 201], ["--title", "201", "200"], []),
    ("stats-over-a-program-file", [*HEADLESS, "--stats", os.path.join(ROOT, "assets", "ui_theme_dark.json"),
                                   "--overwrite"], ["--stats", "reads as it runs"], []),
    ("csv-into-the-code", [*HEADLESS, "--csv", os.path.join(ROOT, "exoviz", "x.csv")], ["--csv", "reads"], []),
    ("event-over-the-cli-mode", [*HEADLESS, "--script", "e.toml", "--mode", "kiss-and-run"],
     ["e.toml", "30000", "25000", "kiss-and-run"], ["e:e.toml"]),
]

SCRIPT = 'mode = "full-fusion"\nduration = 1.0\n'


def _setup(root, items: list[str]) -> None:
    for item in items:
        kind, spec = item.split(":", 1)
        if kind == "f":
            (root / spec).write_text(SCRIPT if spec.endswith(".toml") else "keep me")
        elif kind == "d":
            (root / spec).mkdir()
        elif kind == "l":
            name, target = spec.split(">")
            os.symlink(target, root / name)
        elif kind == "p":
            os.mkfifo(root / spec)
        elif kind == "h":
            name, target = spec.split(">")
            os.link(root / target, root / name)
        elif kind == "e":  # a script with a set event the run's mode does not allow
            (root / spec).write_text(SCRIPT + "[[events]]\nat = 0.5\nset = { vesicles = 30000 }\n")


def snapshot(root) -> dict[str, tuple]:
    """Every path under root with what it is, and each file's size and content time (nothing written: equal).

    Folder times are left out: the writability probe creates and removes a file, which touches them.
    """
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs:
            out[os.path.relpath(os.path.join(dirpath, name), root)] = (os.lstat(os.path.join(dirpath, name)).st_mode,)
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            out[os.path.relpath(os.path.join(dirpath, name), root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture
def no_steps(monkeypatch):
    def step(self):
        raise AssertionError("a simulation step was taken before the input was refused")

    def window(*a, **k):
        raise AssertionError("a window was opened for bad input")

    monkeypatch.setattr(World, "step", step)
    monkeypatch.setattr("exoviz.ui.window.open_window", window)


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("args, words, setup", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_command_line(tmp_path, monkeypatch, capsys, no_steps, args, words, setup):
    monkeypatch.chdir(tmp_path)
    _setup(tmp_path, setup)
    before = snapshot(tmp_path)
    code = cli.main(args)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("exoviz: ") and not line.startswith("exoviz: exoviz:") and "Traceback" not in err
    for w in words:
        assert w in line, (w, line)
    assert "expected one argument" not in line or "--seed" in args[-1:]
    assert snapshot(tmp_path) == before  # nothing written, nothing left behind
