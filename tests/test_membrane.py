"""The plasma membrane's drawing keeps what does not change between the model's steps: the cargo dots in fused
bodies and their own protein anchors are worked out again only when what they read changes, and the pore label
only when a view draws labels. Counted, never timed."""

from types import SimpleNamespace

import numpy as np
import pytest

from exoviz.render import membrane, membrane_anchors
from exoviz.render import membrane_fused as fused
from exoviz.render.cache import SurfaceCache
from exoviz.render.membrane_sprite import SpriteLRU
from exoviz.render.theme import DARK
from exoviz.sim.membrane_shape import Attached
from exoviz.sim.stages import Stage

LINE = 80.0


def two_bodies(c: float = 0.2) -> Attached:
    return Attached(np.arange(2), LINE, np.array([300.0, 560.0]), np.array([230.0, 50.0]), np.array([240.0, 60.0]),
                    np.array([c, 0.0]), np.array([30.0, 6.0]), 4.0, 4.0, 4.0)


def world_of(cargo=(20, 8)) -> SimpleNamespace:
    ves = SimpleNamespace(cargo=np.asarray(cargo), small=np.array([5, 2]), stage=np.array([Stage.RELEASE] * 2),
                          radius=np.array([250.0, 70.0]), proteins=np.array([40, 12]), collapse=np.array([0.2, 0.0]),
                          pore=np.array([30.0, 6.0]), t_stage=np.zeros(2), dur=np.zeros(2))  # two_bodies' necks
    return SimpleNamespace(ves=ves)


def test_cargo_dots_are_worked_out_again_only_when_what_they_read_changes(monkeypatch):
    calls: list[int] = []
    inside = fused.cargo_inside
    monkeypatch.setattr(fused, "cargo_inside", lambda w, att, hb, cam: (calls.append(att.size),
                                                                         inside(w, att, hb, cam))[1])
    monkeypatch.setattr(membrane, "_CARGO", SurfaceCache("test", 2**30, 4, released=False))
    cam = SimpleNamespace(scale=1.0)
    fz = SimpleNamespace(att=two_bodies(), hb=np.full(2, 3.0))
    first = membrane._cargo_inside(world_of(), fz, cam)
    again = membrane._cargo_inside(world_of(), SimpleNamespace(att=two_bodies(), hb=np.full(2, 3.0)), cam)
    assert calls == [2] and again is first and len(first[0]) == 28  # the next frame, the same: none worked out
    fewer = membrane._cargo_inside(world_of(cargo=(12, 8)), fz, cam)  # a dot left the big body
    assert len(calls) == 2 and len(fewer[0]) == 20
    for got, direct in zip(fewer, inside(world_of(cargo=(12, 8)), fz.att, fz.hb, cam)):
        assert np.array_equal(got, direct)
    membrane._cargo_inside(world_of(), SimpleNamespace(att=two_bodies(c=0.3), hb=np.full(2, 3.0)), cam)
    assert len(calls) == 3  # it collapsed a step


@pytest.mark.usefixtures("pygame_display")
def test_own_protein_anchors_are_worked_out_again_only_for_new_tiles(monkeypatch):
    calls: list[int] = []
    in_seams = membrane_anchors._in_seams
    monkeypatch.setattr(membrane_anchors, "_in_seams", lambda fz, own, *a: (calls.append(len(own.own)),
                                                                             in_seams(fz, own, *a))[1])
    monkeypatch.setattr(membrane_anchors, "_KEPT", SurfaceCache("test", 2**30, 4, released=False))
    cache = SpriteLRU()
    cam = SimpleNamespace(view=(0, 0, 1000, 700), scale=1.0)
    sx = np.linspace(0.0, 1000.0, 30)
    first = membrane_anchors.protein_anchors(fused.tiles(world_of(), cam, two_bodies(), DARK, cache), sx, 4, 3)
    assert len(calls) == 2
    again = membrane_anchors.protein_anchors(fused.tiles(world_of(), cam, two_bodies(), DARK, cache), sx + 2.0, 4, 3)
    assert len(calls) == 2  # the same tiles and places: the bodies' own anchors kept, the membrane's moved
    assert np.array_equal(first[0][30:], again[0][30:]) and not np.array_equal(first[0][:30], again[0][:30])
    membrane_anchors.protein_anchors(fused.tiles(world_of(), cam, two_bodies(c=0.3), DARK, cache), sx, 4, 3)
    assert len(calls) == 4  # a collapse step: new tiles, worked out again


def test_the_pore_label_is_worked_out_only_when_asked_for():
    asked: list[int] = []
    drawn = membrane.MembraneDrawn(3, lambda: asked.append(1) or ["label"])
    assert asked == []  # a view without labels (the close-up) never asks
    assert drawn.labels == ["label"] and drawn.labels == ["label"] and asked == [1]


@pytest.mark.usefixtures("pygame_display")
def test_tiles_are_looked_up_again_only_when_what_they_read_changes(monkeypatch):
    calls: list[int] = []
    tiles = fused.tiles
    monkeypatch.setattr(fused, "tiles", lambda w, cam, att, th, cache: (calls.append(att.size),
                                                                         tiles(w, cam, att, th, cache))[1])
    monkeypatch.setattr(membrane, "_FUSED", SurfaceCache("test", 2**30, 4, released=False))
    cache = SpriteLRU()
    cam = SimpleNamespace(view=(0, 0, 1000, 700), scale=1.0)
    first = membrane._tiles(world_of(), cam, two_bodies(), DARK, cache)
    assert membrane._tiles(world_of(), cam, two_bodies(), DARK, cache) is first and calls == [2]
    w = world_of()
    w.ves.proteins = np.array([40, 13])  # a protein more: its own anchors change
    assert membrane._tiles(w, cam, two_bodies(), DARK, cache) is not first and len(calls) == 2
    membrane._tiles(world_of(), cam, two_bodies(c=0.3), DARK, cache)  # a collapse step
    membrane._tiles(world_of(), SimpleNamespace(view=(0, 0, 900, 700), scale=1.0), two_bodies(), DARK, cache)
    assert len(calls) == 4
    assert membrane._tiles(world_of(), cam, two_bodies(), DARK, SpriteLRU()) is not first  # another view's cache


def test_builds_ahead_still_take_their_steps_when_the_tiles_are_kept(monkeypatch):
    """The close-up keeps building its next sprites ahead in the frames where its tiles are the same as before."""
    steps: list[int] = []
    cache = SpriteLRU()

    def tiles(w, cam, att, th, c):
        c.step_ahead(4)
        return "fz"

    monkeypatch.setattr(fused, "tiles", tiles)
    monkeypatch.setattr(membrane, "_FUSED", SurfaceCache("test", 2**30, 4, released=False))
    monkeypatch.setattr(SpriteLRU, "step_ahead", lambda self, most=None: (steps.append(most),
                                                                         setattr(self, "stepped", self.stepped + 1)))
    cam = SimpleNamespace(view=(0, 0, 1000, 700), scale=1.0)
    for _ in range(3):
        assert membrane._tiles(world_of(), cam, two_bodies(), DARK, cache) == "fz"
    assert len(steps) == 3
