"""Malformed scene scripts, table-driven: each gets exit 2, one line naming the key (and its line where it has
one), nothing written, no traceback, and no simulation step taken."""

from __future__ import annotations

import pytest

from exoviz import cli
from exoviz.sim.world import World
from tests.test_bad_input_cli import snapshot

HEAD = 'mode = "full-fusion"\nduration = 5.0\n'
KISS = 'mode = "kiss-and-run"\nduration = 5.0\n'
EV = HEAD + "[[events]]\nat = 1.0\n"  # an event table with its action on line 5

# (id, script text (str) or bytes, words the line must contain)
CASES: list[tuple[str, str | bytes, list[str]]] = [
    ("syntax-error", 'mode = "full-fusion\nduration = 5\n', ["line 1", "TOML syntax"]),
    ("unknown-top-key", HEAD + "warp = 9\n", ["warp", "line 3"]),
    ("missing-mode", "duration = 5.0\n", ["'mode'"]),
    ("missing-duration", 'mode = "full-fusion"\n', ["'duration'"]),
    ("mode-number", "mode = 5\nduration = 5.0\n", ["mode", "line 1"]),
    ("mode-unknown", 'mode = "teleport"\nduration = 5.0\n', ["mode", "full-fusion"]),
    ("duration-zero", 'mode = "full-fusion"\nduration = 0\n', ["duration", "line 2"]),
    ("duration-negative", 'mode = "full-fusion"\nduration = -1\n', ["duration"]),
    ("duration-huge", 'mode = "full-fusion"\nduration = 3601\n', ["duration", "3600"]),
    ("duration-text", 'mode = "full-fusion"\nduration = "10"\n', ["duration", "number"]),
    ("duration-inf", 'mode = "full-fusion"\nduration = inf\n', ["duration"]),
    ("duration-nan", 'mode = "full-fusion"\nduration = nan\n', ["duration"]),
    ("seed-negative", HEAD + "seed = -1\n", ["seed", "line 3"]),
    ("seed-fraction", HEAD + "seed = 1.5\n", ["seed"]),
    ("seed-boolean", HEAD + "seed = true\n", ["seed"]),
    ("speed-not-offered", HEAD + "speed = 3\n", ["speed", "line 3"]),
    ("theme-unknown", HEAD + 'theme = "neon"\n', ["theme"]),
    ("title-number", HEAD + "title = 5\n", ["title", "line 3"]),
    ("title-too-long", HEAD + f'title = "{"x" * 201}"\n', ["title", "200"]),
    ("title-nul", HEAD + 'title = "a\\u0000b"\n', ["title", "control character", "U+0000", "line 3"]),
    ("title-escape", HEAD + 'title = "a\\u001bb"\n', ["title", "U+001B"]),
    ("caption-nul", EV + 'caption = "Look\\u0000here"\n', ["event #1 caption", "U+0000", "line 5"]),
    ("caption-tab", EV + 'caption = "Look\\there"\n', ["caption", "U+0009", "line 5"]),
    ("caption-newline", EV + 'caption = """Look\nhere"""\n', ["caption", "U+000A", "line 5"]),
    ("caption-delete", EV + 'caption = "Look\\u007f"\n', ["caption", "U+007F"]),
    ("params-not-a-table", HEAD + "params = 5\n", ["params", "line 3"]),
    ("params-unknown", HEAD + "[params]\nwarp = 1\n", ["warp", "line 4"]),
    ("params-vesicles-zero", HEAD + "[params]\nvesicles = 0\n", ["vesicles", "line 4"]),
    ("params-text", HEAD + '[params]\nbudding_rate = "fast"\n', ["budding_rate", "number"]),
    ("params-inf", HEAD + "[params]\nbudding_rate = inf\n", ["budding_rate", "finite"]),
    ("events-not-a-list", HEAD + "events = 5\n", ["events", "list"]),
    ("event-not-a-table", HEAD + "events = [1]\n", ["event #1", "table"]),
    ("event-missing-at", HEAD + "[[events]]\ncaption = \"x\"\n", ["event #1", "'at'", "line 3"]),
    ("event-at-negative", HEAD + "[[events]]\nat = -1\ncaption = \"x\"\n", ["at", "line 4"]),
    ("event-after-the-end", HEAD + "[[events]]\nat = 9\ncaption = \"x\"\n", ["at", "5"]),
    ("event-two-actions", EV + 'caption = "x"\nspeed = 2.0\n', ["exactly one action", "caption, speed"]),
    ("event-no-action", EV, ["exactly one action", "none"]),
    ("event-unknown-key", EV + "jump = 2\n", ["jump", "line 5"]),
    ("set-empty", EV + "set = {}\n", ["set", "empty", "line 5"]),
    ("set-unknown", EV + "set = { warp = 1 }\n", ["warp", "line 5"]),
    ("stimulate-wrong-mode", 'mode = "exosome"\nduration = 5.0\n[[events]]\nat = 1.0\nstimulate = true\n',
     ["stimulate", "exosome"]),
    ("stimulate-false", KISS + "[[events]]\nat = 1.0\nstimulate = false\n", ["stimulate", "true"]),
    ("walkthrough-unknown", EV + 'walkthrough = "sideways"\n', ["walkthrough", "next"]),
    ("zoom-no-factor", EV + "zoom = { x_nm = 1.0, y_nm = 1.0 }\n", ["zoom", "factor"]),
    ("wound-at-the-synapse", KISS + "[[events]]\nat = 1.0\nwound = { x_nm = 100.0 }\n", ["wound", "cell scene"]),
    ("wound-no-x", EV + "wound = {}\n", ["wound", "x_nm", "line 5"]),
    ("wound-x-negative", EV + "wound = { x_nm = -5.0 }\n", ["x_nm", "line 5"]),
    ("wound-unknown-key", EV + "wound = { x = 5.0 }\n", ["'x'", "x_nm"]),
    ("balance-text", HEAD + '[params]\nbalance = "yes"\n', ["balance", "true or false"]),
    ("calcium-two", HEAD + "[params]\ncalcium = 2\n", ["calcium", "on or off"]),
    ("chart-number", HEAD + "chart = 1\n", ["chart", "true or false", "line 3"]),
    ("zoom-factor-huge", EV + "zoom = { x_nm = 1.0, y_nm = 1.0, factor = 100.0 }\n", ["factor", "20"]),
    ("zoom-negative", EV + "zoom = { x_nm = -5.0, y_nm = 1.0, factor = 2.0 }\n", ["x_nm"]),
    ("speed-event-not-offered", EV + "speed = 0.3\n", ["speed", "0.25"]),
    ("pause-zero", EV + "pause = 0\n", ["pause"]),
    ("pause-too-long", EV + "pause = 61\n", ["pause", "60"]),
    ("nesting-3000-deep", HEAD + "title = " + "[" * 3000 + "]" * 3000 + "\n", ["nest", "line 3", "title"]),
    ("nesting-5-deep", HEAD + "[params]\nvesicles = [[[[[1]]]]]\n", ["vesicles", "5 deep", "line 4"]),
    ("nesting-in-inline-events", HEAD + 'events = [{ at = 1.0, caption = [[[["x"]]]] }]\n', ["events", "line 3"]),
    ("nesting-over-lines", HEAD + "title = [\n [\n  [\n   [\n    [1]\n   ]\n  ]\n ]\n]\n", ["title", "line 3"]),
    ("too-large", HEAD + "# " + "x" * (300 * 1024) + "\n", ["KiB"]),
    ("not-utf8", b'mode = "full-fusion"\nduration = 5.0\ntitle = "\xff\xfe"\n', ["UTF-8"]),
    ("too-many-events", HEAD + "[[events]]\nat = 1.0\ncaption = \"x\"\n" * 1001, ["too many events", "1000"]),
    ("too-large-by-one-byte", HEAD + "#" * (256 * 1024 - len(HEAD) - 1) + "\n" + "#", ["262145 bytes", "262144"]),
    ("duration-just-over", 'mode = "full-fusion"\nduration = 3600.0001\n', ["3600.0001"]),
    ("event-vesicles-over-the-mode",
     'mode = "exosome"\nduration = 5.0\n[[events]]\nat = 1.0\nset = { vesicles = 5000 }\n',
     ["5000", "1500", "exosome", "line 5"]),
    ("event-vesicles-fraction", EV + "set = { vesicles = 10.5 }\n", ["vesicles", "whole number", "10.5"]),
]


@pytest.fixture
def no_steps(monkeypatch):
    def step(self):
        raise AssertionError("a simulation step was taken before the script was refused")

    monkeypatch.setattr(World, "step", step)


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("text, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_script(tmp_path, monkeypatch, capsys, no_steps, text, words):
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "scene.toml"
    script.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    before = snapshot(tmp_path)
    for run in (["--headless", "--stats", "out.json"], ["--record", "out.mp4", "--size", "320x240"]):
        code = cli.main(["--script", "scene.toml", *run])
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
        assert "scene.toml" in lines[0] and not lines[0].startswith("exoviz: exoviz:")
        for w in words:
            assert w in lines[0], (w, lines[0])
        assert snapshot(tmp_path) == before


def test_a_script_that_is_a_folder(tmp_path, capsys, no_steps):
    assert cli.main(["--script", str(tmp_path), "--headless"]) == 2
    assert "not a file" in capsys.readouterr().err


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    script = tmp_path / "bom.toml"
    script.write_bytes(b"\xef\xbb\xbf" + (HEAD + 'title = "Fusion"\n').encode())
    opts = cli.parse(["--script", str(script), "--headless"])
    assert opts.script.title == "Fusion" and opts.duration == 5.0


def test_the_command_line_wins_over_the_script_and_abbreviations_are_refused(tmp_path, capsys):
    script = tmp_path / "s.toml"
    script.write_text(HEAD)
    assert cli.parse(["--script", str(script), "--headless", "--duration", "1"]).duration == 1.0
    assert cli.main(["--script", str(script), "--headless", "--dur", "1"]) == 2
    assert "--dur" in capsys.readouterr().err
