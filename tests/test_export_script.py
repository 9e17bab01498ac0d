"""Scene scripts: loading, defaults, event order, every rejected input, and the shipped examples."""

from __future__ import annotations

import bisect
import glob
import os

import pytest

from exoviz.export.errors import ExportError
from exoviz.export.script import MAX_BYTES, Event, Script, load_script
from exoviz.params import MODES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAD = 'mode = "kiss-and-run"\nduration = 20.0\n'


def events_between(script: Script, t0: float, t1: float) -> list[Event]:
    """Events with t0 <= at < t1, in order."""
    events = script.events
    lo = bisect.bisect_left(events, t0, key=lambda e: e.at)
    hi = bisect.bisect_left(events, t1, key=lambda e: e.at)
    return list(events[lo:hi])


def write(tmp_path, text: str, name: str = "s.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def fails(tmp_path, text: str, match: str) -> str:
    with pytest.raises(ExportError, match=match) as info:
        load_script(write(tmp_path, text))
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def test_minimal_script_defaults(tmp_path):
    s = load_script(write(tmp_path, 'mode = "exosome"\nduration = 15\n'))
    assert s == Script(mode="exosome", duration=15.0, seed=0, speed=1.0, theme="dark", title=None,
                       params={}, events=())


def test_full_script(tmp_path):
    text = HEAD + """seed = 4
speed = 0.5
theme = "projector"
title = "Synapse"
[params]
vesicles = 60
firing_rate = 2
[[events]]
at = 5.0
set = { firing_rate = 10.0 }
[[events]]
at = 1.0
stimulate = true
[[events]]
at = 5.0
caption = "same time, later in file"
[[events]]
at = 2.0
zoom = { x_nm = 800.0, y_nm = 200, factor = 3 }
[[events]]
at = 3.0
walkthrough = "next"
[[events]]
at = 4.0
speed = 2
[[events]]
at = 20.0
pause = 1.5
"""
    s = load_script(write(tmp_path, text))
    assert (s.seed, s.speed, s.theme, s.title) == (4, 0.5, "projector", "Synapse")
    assert s.params == {"vesicles": 60.0, "firing_rate": 2.0}
    assert [e.at for e in s.events] == [1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 20.0]
    assert [e.action for e in s.events] == ["stimulate", "zoom", "walkthrough", "speed", "set", "caption",
                                            "pause"]
    assert s.events[1].value == {"x_nm": 800.0, "y_nm": 200.0, "factor": 3.0}
    assert s.events[4] == Event(5.0, "set", {"firing_rate": 10.0})
    assert [e.action for e in events_between(s, 2.0, 5.0)] == ["zoom", "walkthrough", "speed"]
    assert [e.action for e in events_between(s, 5.0, 5.5)] == ["set", "caption"]
    assert events_between(s, 20.5, 30.0) == []


TYPE_AND_VALUE_CASES = [
    ('duration = 20.0\n', "missing required key 'mode'"),
    ('mode = "exosome"\n', "missing required key 'duration'"),
    ('mode = "secretion"\nduration = 5\n', r"line 1: mode must be one of full-fusion"),
    ('mode = 3\nduration = 5\n', "line 1: mode must be one of"),
    ('mode = "exosome"\nduration = "long"\n', "line 2: duration must be a number, got text 'long'"),
    ('mode = "exosome"\nduration = 0\n', "line 2: duration must be more than 0"),
    ('mode = "exosome"\nduration = 1e9\n', "line 2: duration must be more than 0 up to 3600"),
    ('mode = "exosome"\nduration = nan\n', "line 2: duration must be"),
    ('mode = "exosome"\nduration = true\n', "duration must be a number, got true"),
    (HEAD + "seed = -1\n", "line 3: seed must be a whole number"),
    (HEAD + "seed = 1.5\n", "line 3: seed must be a whole number"),
    (HEAD + "speed = 3\n", "line 3: speed must be one of 0.25, 0.5, 1, 2, 4"),
    (HEAD + 'theme = "neon"\n', "line 3: theme must be one of dark, projector"),
    (HEAD + "title = 5\n", "line 3: title must be text"),
    (HEAD + f'title = "{"x" * 201}"\n', "line 3: title is 201 characters long; the limit is 200"),
    (HEAD + "params = 5\n", "line 3: .params. must be a table"),
    (HEAD + "[params]\nvesicles = 0.5\n", "line 4: vesicles must be a whole number"),
    (HEAD + "[params]\nvesicles = 1e9\n", "line 4: vesicles must be from 1 to 100000"),
    (HEAD + '[params]\nfiring_rate = "fast"\n', "line 4: firing_rate must be a number"),
    (HEAD + "[params]\nfiring_rate = inf\n", "line 4: firing_rate must be a finite number"),
]


@pytest.mark.parametrize("text, match", TYPE_AND_VALUE_CASES)
def test_bad_top_level_values(tmp_path, text, match):
    fails(tmp_path, text, match)


def test_unknown_top_level_key_names_its_line(tmp_path):
    msg = fails(tmp_path, HEAD + "\n# comment\ncolour = 'red'\n", "unknown key 'colour'")
    assert "line 5" in msg and "allowed: mode, cell, duration" in msg


def test_unknown_param_names_its_line(tmp_path):
    text = HEAD + "[params]\nvesicles = 5\nspeed_of_light = 3\n"
    msg = fails(tmp_path, text, "unknown key 'speed_of_light'")
    assert "line 5" in msg and "vesicles" in msg


def test_unknown_event_key_names_its_line(tmp_path):
    text = HEAD + "[[events]]\nat = 1.0\npause = 1\n\n[[events]]\nat = 2.0\nstimulate = true\nloud = true\n"
    msg = fails(tmp_path, text, "unknown key 'loud' in event #2")
    assert "line 10" in msg


EVENT_CASES = [
    ("at = 1.0\n", "line 3: event #1 needs exactly one action of: set, stimulate"),
    ("at = 1.0\npause = 1\ncaption = 'x'\n", "event #1 needs exactly one action.*it has 2 .pause, caption."),
    ("pause = 1\n", "line 3: event #1 is missing 'at'"),
    ("at = 25.0\npause = 1\n", "line 4: event #1 at must be from 0 to 20 s"),
    ("at = -1\npause = 1\n", "line 4: event #1 at must be from 0"),
    ("at = 'soon'\npause = 1\n", "line 4: event #1 at must be a number"),
    ("at = 1\npause = 0\n", "line 5: event #1 pause must be more than 0 up to 60"),
    ("at = 1\npause = 100\n", "line 5: event #1 pause must be more than 0 up to 60"),
    ("at = 1\nstimulate = false\n", "line 5: event #1 stimulate must be true"),
    ("at = 1\nwalkthrough = 'jump'\n", "line 5: event #1 walkthrough must be one of next, prev, exit"),
    ("at = 1\nspeed = 0.3\n", "line 5: event #1 speed must be one of"),
    ("at = 1\ncaption = 7\n", "line 5: event #1 caption must be text"),
    (f"at = 1\ncaption = '{'c' * 201}'\n", "line 5: event #1 caption is 201 characters"),
    ("at = 1\nset = 5\n", "line 5: event #1 set must be a table"),
    ("at = 1\nset = {}\n", "line 5: event #1 set is empty"),
    ("at = 1\nset = { firing_rate = 99 }\n", "line 5: firing_rate must be from 0 to 50 Hz, got 99"),
    ("at = 1\nset = { warp = 1 }\n", "line 5: unknown key 'warp' in event #1 set"),
    ("at = 1\nzoom = { x_nm = 1, y_nm = 1 }\n", "line 5: event #1 zoom is missing factor"),
    ("at = 1\nzoom = { x_nm = 1, y_nm = 1, factor = 50 }\n", "line 5: event #1 zoom factor must be from 1"),
    ("at = 1\nzoom = { x_nm = -5, y_nm = 1, factor = 2 }\n", "line 5: event #1 zoom x_nm must be from 0"),
    ("at = 1\nzoom = { x_nm = 1, y_nm = 1, factor = 2, z = 1 }\n", "line 5: unknown key 'z' in event #1"),
]


@pytest.mark.parametrize("body, match", EVENT_CASES)
def test_bad_events(tmp_path, body, match):
    fails(tmp_path, HEAD + "[[events]]\n" + body, match)


def test_stimulate_only_in_modes_with_a_stimulus(tmp_path):
    text = 'mode = "exosome"\nduration = 5\n[[events]]\nat = 1\nstimulate = true\n'
    fails(tmp_path, text, r"line 5: event #1 stimulate only works in a mode with a stimulus \(full-fusion, "
                          r"kiss-and-run\); this script is exosome")


def test_a_script_names_a_cell_of_its_mode(tmp_path):
    p = tmp_path / "cell.toml"
    p.write_text('mode = "full-fusion"\ncell = "acinar"\nduration = 5\n[[events]]\nat = 1\nstimulate = true\n')
    s = load_script(str(p))
    assert s.cell == "acinar" and s.events[0].action == "stimulate"
    fails(tmp_path, 'mode = "exosome"\ncell = "acinar"\nduration = 5\n',
          "line 2: cell 'acinar' runs in full-fusion mode, not exosome")
    fails(tmp_path, 'mode = "exosome"\ncell = "hepatocyte"\nduration = 5\n',
          "line 2: cell must be one of beta-cell, chromaffin, acinar")


def test_events_must_be_tables(tmp_path):
    fails(tmp_path, HEAD + "events = 3\n", "line 3: events must be a list")
    fails(tmp_path, HEAD + "events = [1, 2]\n", "event #1 must be a table")


def test_too_many_events(tmp_path):
    text = HEAD + "[[events]]\nat = 1\npause = 1\n" * 1001
    fails(tmp_path, text, r"too many events \(1001\); the limit is 1000")


def test_huge_file(tmp_path):
    path = write(tmp_path, HEAD + "#" * MAX_BYTES)
    with pytest.raises(ExportError, match=r"the limit is 262144 bytes \(256 KiB\)"):
        load_script(path)


def test_syntax_error_has_line_and_column(tmp_path):
    msg = fails(tmp_path, HEAD + "seed = = 3\n", "line 3, column .*TOML syntax error")
    assert "(at line" not in msg


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ExportError, match="not found"):
        load_script(str(tmp_path / "nope.toml"))
    with pytest.raises(ExportError, match="is not a file"):
        load_script(str(tmp_path))


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(HEAD.encode() + b'title = "caf\xe9"\n')
    with pytest.raises(ExportError, match="not UTF-8"):
        load_script(str(path))


EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "assets", "scripts", "*.toml")))


def test_examples_present():
    names = {os.path.basename(p) for p in EXAMPLES}
    assert {"full_fusion_tour.toml", "kiss_and_run_stimulus.toml", "exosome_release.toml"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=os.path.basename)
def test_examples_load(path):
    s = load_script(path)
    assert s.mode in MODES and 15 <= s.duration <= 30 and s.events
    with open(path, encoding="utf-8") as f:
        assert f.read().count("#") >= 5  # commented for lecturers
