"""Following a body with the camera, the event close-up with its slow motion, and walk-through slides."""

import json
from fractions import Fraction

import numpy as np
import pytest
from tiers import sampled

from exoviz.cli import main, parse
from exoviz.commands import Command
from exoviz.modes import cell_for, spec
from exoviz.session import Session
from exoviz.sim.stages import Stage
from exoviz.tracking import CLOSEUP_SLOW, EVENTS

FRAME = Fraction(1, 60)


def session(*args: str) -> Session:
    s = Session(parse(["--headless", "--duration", "1", "--seed", "3", *args]))
    s.apply(Command("set_view", (0, 0, 934, 676)))
    return s


def test_the_camera_tracks_a_followed_body_and_zooms_around_it():
    s = session()
    v = s.world.ves
    tr = v.where(Stage.TRANSPORT)
    slot = int(tr[np.argmin(np.abs(v.pos[tr, 0] - s.world.scene.width / 2))])  # away from the scene's edges
    uid = int(v.uid[slot])
    s.apply(Command("pick", tuple(s.camera.to_screen(v.pos[slot:slot + 1])[0])))
    assert s.follow_uid == uid
    for _ in range(3):
        s.apply(Command("zoom_in"))
    for _ in range(120):
        s.tick(1 / 60)
    slot = v.index_of_uid(uid)
    on_screen = s.camera.to_screen(v.pos[slot:slot + 1])[0]
    centre = np.array([934 / 2, 676 / 2])
    assert s.camera.zoom > 3.0
    assert np.hypot(*(on_screen - centre)) < 0.1 * 676  # the body stays near the middle of the view
    s.apply(Command("release"))
    assert s.follow_uid == -1


def test_following_stays_on_the_fusion_site_then_ends_with_a_message():
    clock = [0.0]  # the messages' clock runs with playback (not the wall clock: a busy machine is no slower then)
    # 2 stimuli/s: few fusions stay transient (sim.pore), so the middle docked granule merges within seconds
    s = Session(parse(["--headless", "--duration", "1", "--seed", "1", "--budding-rate", "0", "--stimulus-rate", "2"]),
                now=lambda: clock[0])
    s.apply(Command("set_view", (0, 0, 934, 676)))

    def play(frames: int = 1) -> None:
        for _ in range(frames):
            s.tick(FRAME, realtime=False)
            clock[0] += float(FRAME)

    v = s.world.ves
    dk = v.where(Stage.DOCKED)
    slot = int(dk[np.argmin(np.abs(v.pos[dk, 0] - s.world.scene.width / 2))])  # away from the scene's edges
    uid = int(v.uid[slot])
    s.apply(Command("pick", tuple(s.camera.to_screen(v.pos[slot:slot + 1])[0])))
    for _ in range(4):
        s.apply(Command("zoom_in"))
    for _ in range(60 * 30):  # it merges within 30 s (never an endless wait)
        if v.index_of_uid(uid) < 0:
            break
        play()
    assert v.index_of_uid(uid) < 0, "the followed granule never merged"
    play()
    site = s.follow.site
    assert site is not None and "merged into the plasma membrane" in s.hud().message
    play(60)
    assert abs(s.camera.center[0] - site[0]) < 50.0  # still looking at the spot
    for _ in range(60 * 8):  # within 8 s the follow ends, saying why
        play()
        if not s.follow.active:
            break
    assert not s.follow.active and "spread" in s.hud().message


@pytest.mark.parametrize("mode", sampled(["full-fusion", "kiss-and-run", "exosome"], ["kiss-and-run", "exosome"]))
def test_the_closeup_opens_at_each_event_slows_playback_and_restores_it(mode):
    s = session("--closeup", "--mode", mode)
    if mode == "kiss-and-run":
        s.apply(Command("set_value", ("firing_rate", 20.0)))
    seen_events, slow_seen, restored = set(), False, False
    # 90 s of frames: on seed 3 the beta cell's first close-up (its featured granule, carried along a microtubule)
    # comes at ~22 s and is a full fusion, pore to collapse ~5 s shown at a tenth of the speed
    for _ in range(60 * 90):
        was_open = s.closeup.open
        s.tick(FRAME, realtime=False)
        if s.closeup.open:
            slot = s.world.ves.index_of_uid(s.closeup.uid)
            if slot >= 0 and int(s.world.ves.stage[slot]) in EVENTS:
                seen_events.add(int(s.world.ves.stage[slot]))
            slow_seen |= s.playback_speed == pytest.approx(s.speed * CLOSEUP_SLOW)
        elif was_open:
            restored = s.playback_speed == s.speed
            if restored:
                break
    assert seen_events and slow_seen and restored, (seen_events, slow_seen, restored)


def test_the_closeup_key_turns_it_on_and_off():
    s = session()
    assert not s.closeup.enabled
    s.apply(Command("toggle_closeup"))
    assert s.closeup.enabled
    s.apply(Command("toggle_closeup"))
    assert not s.closeup.enabled and not s.closeup.open


def test_walkthrough_slides_match_steps_json(tmp_path):
    out = tmp_path / "slides"
    assert main(["--walkthrough", f"{out}/", "--mode", "kiss-and-run", "--seed", "2", "--size", "800x450",
                 "--quiet"]) == 0
    data = json.loads((out / "steps.json").read_text())
    pngs = sorted(p.name for p in out.glob("*.png"))
    n = len(spec("kiss-and-run").story_for(cell_for("kiss-and-run")))  # 9: the synapse is regulated
    assert n == 9 and len(data["steps"]) == n and pngs == [s["slide"] for s in data["steps"]]
    assert [s["number"] for s in data["steps"]] == list(range(1, n + 1))
    assert all(s["title"].startswith(f"Step {s['number']} of {n}") for s in data["steps"])
    assert [s["stage"] for s in data["steps"]][2:4] == ["primed", "Ca²⁺-bound"]
    times = [s["sim_time_s"] for s in data["steps"]]
    assert times == sorted(times) and len({s["uid"] for s in data["steps"]}) == 1
    assert (out / pngs[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # an existing folder is not replaced without --overwrite
    assert main(["--walkthrough", f"{out}/", "--mode", "kiss-and-run", "--quiet"]) == 2
    assert sorted(p.name for p in out.glob("*.png")) == pngs
