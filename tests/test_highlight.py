"""The highlight stays: it keeps its body (and the spot where it merged, until its patch has spread), hands over
to the next body with a reticle that glides there over at least 0.5 s; Z/X zoom about the subject, the wheel
about the pointer."""

from fractions import Fraction

import numpy as np
import pytest

from exoviz.captions import caption_parts
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.highlight import STAY_AFTER_S, patch_spread
from exoviz.session import Session
from exoviz.sim.stages import Stage

FRAME = Fraction(1, 60)


def session(*args: str) -> Session:
    s = Session(parse(["--headless", "--duration", "1", *args]))
    s.apply(Command("set_view", (0, 0, 934, 559)))
    return s


def test_the_highlight_keeps_its_body_and_its_spot_until_the_patch_has_spread():
    s = session("--stimulus-rate", "2")  # high stimulation: few fusions stay transient (sim.pore), the body merges
    s.tick(FRAME, realtime=False)
    h, w = s.highlight, s.world
    first = h.uid
    assert first >= 0
    titles = []
    while w.ves.index_of_uid(first) >= 0:  # through pore, release and collapse: the same body all along
        s.tick(FRAME, realtime=False)
        assert h.uid == first or w.ves.index_of_uid(first) < 0
        titles.append(caption_parts(w, s.hud())[0])
        assert w.playback_s < 30
    assert "Release" in titles and "Full collapse" in titles
    held = 0
    while h.site is not None:  # merged: the caption stays on its spot
        assert h.uid == -1 and h.site_uid == first
        assert caption_parts(w, s.hud())[0] == "Proteins on the surface"
        s.tick(FRAME, realtime=False)
        held += 1
    assert held * FRAME >= STAY_AFTER_S
    assert patch_spread(w, h.glide_from[0])  # handed over only once the patch had spread
    assert h.uid >= 0 and h.uid != first and h.gliding
    assert not titles[-1].startswith("Docked")  # never back to "Docked" while the first body is still shown


@pytest.mark.parametrize("mode", ["full-fusion", "kiss-and-run"])
def test_a_handover_glides_for_at_least_half_a_second(mode):
    s = session("--mode", mode, *(["--stimulus-rate", "2"] if mode == "full-fusion" else []))  # few transient
    h = s.highlight
    while h.handovers == 0:
        s.tick(FRAME, realtime=False)
        assert s.world.playback_s < 60
    frames, path = 0, [h.reticle_at()]
    while h.gliding:
        s.tick(FRAME, realtime=False)
        frames += 1
        path.append(h.reticle_at())
    assert frames * FRAME >= Fraction(1, 2)  # measured in simulated frames
    steps = [np.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(path, path[1:])]
    total = np.hypot(path[-1][0] - path[0][0], path[-1][1] - path[0][1])
    assert total > 0 and max(steps) < 0.2 * total + 1.0  # it glides: no jump


def _screen(s: Session, point) -> np.ndarray:
    return s.camera.to_screen(np.asarray(point, dtype=float)[None, :])[0]


def test_z_and_x_zoom_about_the_highlighted_body():
    s = session()
    s.tick(FRAME, realtime=False)
    point = s.subject_point()
    before = _screen(s, point)
    s.apply(Command("zoom_in"))
    s.apply(Command("zoom_in"))
    assert s.camera.zoom > 2.0
    assert np.allclose(_screen(s, point), before, atol=1.0)  # the subject keeps its screen position
    s.apply(Command("zoom_out"))
    assert np.allclose(_screen(s, point), before, atol=1.0)


def test_z_zooms_about_the_followed_body():
    s = session("--seed", "3")
    v = s.world.ves
    tr = v.where(Stage.TRANSPORT)
    slot = int(tr[np.argmin(np.abs(v.pos[tr, 0] - s.world.scene.width / 3))])
    s.apply(Command("pick", tuple(_screen(s, v.pos[slot]))))
    assert s.follow_uid == int(v.uid[slot])
    before = _screen(s, v.pos[slot])
    s.apply(Command("zoom_in"))
    assert np.allclose(_screen(s, v.pos[slot]), before, atol=1.0)


def test_z_zooms_about_the_scene_centre_without_a_subject_and_the_wheel_about_the_pointer():
    s = session()
    s.highlight.reticle_at = lambda: None  # nothing highlighted, nothing followed
    centre = np.array([s.world.scene.width / 2, s.world.scene.height / 2])
    before = _screen(s, centre)
    s.apply(Command("zoom_in"))
    assert np.allclose(_screen(s, centre), before, atol=1.0)
    pointer = (300.0, 200.0)
    under = s.camera.to_world(pointer)
    s.apply(Command("zoom_at", (1.25, pointer)))
    assert np.allclose(_screen(s, under), pointer, atol=1.0)
