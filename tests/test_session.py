"""The Session without pygame: every command through Session.apply, the one clock, scripts, headless runs."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from exoviz.cli import parse
from exoviz.clock import MAX_STEPS_PER_FRAME, Clock
from exoviz.commands import SESSION, Command
from exoviz.export.script import Event, Script
from exoviz.params import SPEEDS
from exoviz.session import Session

ROOT = Path(__file__).resolve().parents[1]


def session(*args: str) -> Session:
    return Session(parse(["--headless", "--duration", "1", "--seed", "4", *args]))


def test_every_session_command_has_a_handler_and_unknown_ones_are_refused():
    s = session()
    assert set(s._handlers) == set(SESSION)
    with pytest.raises(KeyError):
        s.apply(Command("no_such_command"))


def test_a_new_session_keeps_the_contract_its_parts_are_written_against():
    """session_host.py: the Session is composed of its parts, each holding the Session as its host; every
    attribute of the contract is set by Session.__init__ (mypy checks the types and the calls where each part is
    made), and every call of the contract is the Session's own method, not the protocol's empty body."""
    from exoviz.session_host import SessionHost

    s = session()
    fields = SessionHost.__annotations__
    assert len(fields) >= 20
    for name in fields:
        assert name in vars(s), name  # set on the instance, not only declared
    for name in ("_say", "_set_value", "_set_params", "_end_walk"):
        assert name in vars(SessionHost) and name in vars(type(s)), name
    parts = [s.display, s.viewing, s.turnover, s.walking, s.bench]
    assert all(p.s is s for p in parts)
    assert type(s).__mro__ == (type(s), object)  # composed, not mixed in
    assert set().union(*(p.handlers() for p in parts)) <= set(s._handlers)


def test_every_session_module_must_type_every_function():
    """pyproject.toml: mypy's disallow_untyped_defs covers the model, each Session module and the commands."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    strict = {m for o in config["overrides"] if o.get("disallow_untyped_defs") for m in o["module"]}
    assert config["check_untyped_defs"] is True
    modules = {f"exoviz.{p.stem}" for p in (ROOT / "exoviz").glob("session*.py")} | {"exoviz.commands"}
    assert len(modules) >= 7 and modules <= strict and "exoviz.sim.*" in strict


def test_pause_step_and_speed():
    s = session()
    s.apply(Command("pause", True))
    assert s.tick(0.1) == 0 and s.world.steps == 0
    s.apply(Command("step"))
    assert s.world.steps == 1
    s.apply(Command("toggle_pause"))
    assert not s.paused
    for _ in SPEEDS:
        s.apply(Command("faster"))
    assert s.speed == SPEEDS[-1]
    s.apply(Command("set_speed", 0.5))
    assert s.speed == 0.5
    s.apply(Command("step"))  # not paused: stepping is for pauses only
    assert s.world.steps == 1


def test_mode_switch_compare_and_live_values():
    s = session()
    s.apply(Command("set_value", ("budding_rate", 7.5)))
    assert s.world.params.budding_rate == 7.5 and s.world.steps == 0
    world = s.world
    s.apply(Command("set_value", ("vesicles", 80)))  # the pool size rebuilds the scene
    assert s.world is not world and s.world.pool == 80
    s.apply(Command("mode", "kiss-and-run"))
    assert s.params.mode == "kiss-and-run" and s.world.params.mode == "kiss-and-run"
    s.apply(Command("compare"))
    assert [w.params.mode for w in s.worlds] == ["full-fusion", "kiss-and-run", "exosome"]
    s.tick(Fraction(1, 10), realtime=False)
    assert all(w.steps == 6 for w in s.worlds)
    s.apply(Command("mode", "exosome"))
    assert not s.compare and s.worlds == [s.world]
    with pytest.raises(KeyError):
        s.apply(Command("mode", "no-such-mode"))


def test_layers_theme_clean_help_and_messages():
    now = [100.0]
    s = Session(parse(["--headless", "--duration", "1"]), now=lambda: now[0])
    s.apply(Command("toggle_layer", "labels"))
    assert not s.layers.labels
    s.apply(Command("set_layer", ("captions", False)))
    assert not s.layers.captions
    s.apply(Command("toggle_scale"))
    assert not s.layers.scale_bar and not s.layers.clock
    s.apply(Command("toggle_theme"))
    assert s.theme == "projector"
    s.apply(Command("toggle_clean"))
    assert s.clean and not s.visible_layers().readout
    s.apply(Command("toggle_help"))
    s.apply(Command("close_help"))
    assert not s.show_help
    s.apply(Command("say", ("Saved", 2.0)))
    assert s.hud().message == "Saved"
    now[0] += 2.5
    assert s.hud().message == ""


def test_camera_commands_pick_and_follow():
    s = session()
    s.apply(Command("set_view", (0, 0, 934, 676)))
    s.apply(Command("zoom_in"))
    assert s.camera.zoom == pytest.approx(1.5)
    centre = s.camera.center.copy()
    s.apply(Command("pan", (40, 0)))
    assert s.camera.center[0] < centre[0]
    s.apply(Command("zoom_reset"))
    assert s.camera.zoom == 1.0
    v = s.world.ves
    slot = int(v.alive.nonzero()[0][0])
    px = tuple(s.camera.to_screen(v.pos[slot:slot + 1])[0])
    s.apply(Command("pick", px))
    assert s.follow_uid == int(v.uid[slot])
    s.apply(Command("look_at", (4000.0, 1000.0, 3.0)))
    assert s.camera.zoom == 3.0
    s.apply(Command("pick", (1, 1)))  # the extracellular fluid: nothing there
    assert s.follow_uid == -1


def walk_to_next_stop(s: Session) -> None:
    s.apply(Command("walk_next"))
    for _ in range(100_000):
        if not s.walk.busy:
            return
        s.tick(Fraction(1, 60), realtime=False)
    raise AssertionError("walk-through never reached its stop")


def test_walk_through_commands_pause_and_follow_one_body():
    s = session()
    s.apply(Command("set_view", (0, 0, 934, 676)))
    s.apply(Command("walk_next"))
    assert s.paused and s.walk.busy and s.hud().walk[0] == "Walk-through"  # planning, said on screen
    s.tick(1 / 60)  # a window frame spends a bounded budget; the walk goes on over later frames
    walk_to_next_stop(s)
    walk_to_next_stop(s)
    assert s.paused and s.walk.index == 1 and s.follow_uid == s.walk.uid
    assert s.closeup.enabled  # the close-up is on during a walk
    s.apply(Command("walk_prev"))
    assert s.walk.index == 0 and s.hud().walk[0].startswith("Step 1 of")
    s.apply(Command("walk_exit"))
    assert not s.walk.active and s.follow_uid == -1 and not s.closeup.enabled


def test_realtime_clock_clamps_and_caps_offline_clock_is_exact():
    c = Clock()
    assert c.advance(1 / 60, 1.0) in (0, 1)
    c.reset()
    assert c.advance(5.0, 4.0) == MAX_STEPS_PER_FRAME and c.lagging and c.alpha == 0.0
    c = Clock()
    steps = sum(c.advance(Fraction(1, 7), 1.0, realtime=False) for _ in range(7))
    assert steps == 60 and c.acc == 0  # 7 frames of 1/7 s are exactly one second: 60 steps
    c = Clock()
    assert sum(c.advance(Fraction(1, 30), 0.25, realtime=False) for _ in range(30)) == 15


def _script(events) -> Script:
    return Script(mode="full-fusion", duration=10.0, seed=1, params={"budding_rate": 0.0}, events=tuple(events))


def test_script_events_apply_at_their_time_in_offline_runs():
    plain = Session(parse(["--headless", "--duration", "10", "--seed", "1", "--budding-rate", "0"]))
    opts = parse(["--headless", "--duration", "10", "--seed", "1", "--budding-rate", "0"])
    scripted = Session(opts.__class__(**{**opts.__dict__, "script": _script([
        Event(2.0, "set", {"budding_rate": 20.0}), Event(3.0, "speed", 2.0), Event(4.0, "pause", 1.0),
        Event(5.0, "caption", "Look here")])}))
    for sess in (plain, scripted):
        for _ in range(360):
            sess.tick(Fraction(1, 60), realtime=False)
    assert plain.world.params.budding_rate == 0.0
    assert scripted.world.params.budding_rate == 20.0 and scripted.speed == 2.0
    assert scripted.caption_override == "Look here"
    # 3 s at x1, 1 s at x2, a 1 s hold, then 1 s at x2: 3 + 2 + 0 + 2 = 7 s of playback worth of steps
    assert scripted.world.steps == 7 * 60 and plain.world.steps == 6 * 60


def _run(args: list[str]) -> subprocess.CompletedProcess:
    code = ("import sys; from exoviz.cli import main; rc = main(sys.argv[1:]); "
            "print('PYGAME' if any(k.startswith('pygame') for k in sys.modules) else 'NOPYGAME'); sys.exit(rc)")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_a_stats_only_run_never_opens_a_display(tmp_path):
    out = _run(["--headless", "--duration", "0.5", "--stats", str(tmp_path / "s.json")])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "NOPYGAME"
    assert json.loads((tmp_path / "s.json").read_text())["playback_s"] == 0.5


def test_headless_script_runs_apply_events_like_recordings(tmp_path):
    script = tmp_path / "s.toml"
    script.write_text('mode = "full-fusion"\nduration = 6.0\nseed = 2\n[params]\nbudding_rate = 0.0\n'
                      '[[events]]\nat = 1.0\nset = { budding_rate = 30.0 }\n')
    quiet = tmp_path / "quiet.toml"
    quiet.write_text('mode = "full-fusion"\nduration = 6.0\nseed = 2\n[params]\nbudding_rate = 0.0\n')
    stats = []
    for name, path in (("a", script), ("b", quiet)):
        out = _run(["--script", str(path), "--headless", "--stats", str(tmp_path / f"{name}.json")])
        assert out.returncode == 0, out.stderr
        stats.append(json.loads((tmp_path / f"{name}.json").read_text()))
    assert stats[0]["stage_counts"] != stats[1]["stage_counts"]  # the set event took effect
