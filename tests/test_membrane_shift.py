"""A fused body that only moved in depth reuses its last sprite's rows below its neck: the very pixels (and the
field near the membrane, where its proteins are placed) of a direct build, rising or sinking, cut or not; a body
that changed otherwise, or collapses, is rasterised afresh. Compared and counted, never timed."""

import numpy as np
import pytest

from exoviz.render import membrane_fused, membrane_shift
from exoviz.render.membrane_fused import _lone, rows_cut
from exoviz.render.membrane_sprite import finish
from exoviz.render.theme import DARK, PROJECTOR
from exoviz.sim.membrane_shape import Attached

pytestmark = pytest.mark.usefixtures("pygame_display")


def body(depth: float, c: float = 0.0, r0: float = 122.0, lumen: float = 8.0, neck: float = 18.0) -> Attached:
    """A kissing vesicle as the 1080p close-up magnifies it (local px: its axis at x = 0, the line at y = 0)."""
    one = np.array
    return Attached(one([0]), 0.0, one([0.0]), one([depth]), one([r0]), one([c]), one([lumen]), neck, neck,
                    max(30.0, 2.0 * neck))


@pytest.mark.parametrize("theme", [PROJECTOR, DARK])
@pytest.mark.parametrize("steps", [[163, 162, 161, 159, 155], [140, 141, 143, 146, 150]])
@pytest.mark.parametrize("bottom", [None, 190.0])
def test_a_body_moved_in_depth_is_its_direct_build(theme, steps, bottom, monkeypatch):
    hb, ext, counts = 18.0, 160, np.array([40])
    made: list[bool] = []
    spliced = membrane_shift.spliced
    monkeypatch.setattr(membrane_shift, "spliced", lambda *a: (lambda r: made.append(r is not None) or r)(spliced(*a)))
    last, prev = None, 0
    for depth in steps:
        loc = body(float(depth))
        cut = None if bottom is None else rows_cut(loc, hb, ext, bottom)
        direct = finish(_lone(loc, hb, counts, ext, cut, theme))
        if last is not None:
            membrane_shift.counts.update(dict.fromkeys(membrane_shift.counts, 0))
            moved = finish(_lone(loc, hb, counts, ext, cut, theme, moved=(last.ras, depth - prev)))
            rows, cols = direct.ras.f.shape
            assert made == [True]
            made.clear()
            n = membrane_shift.counts
            # a quarter of the rows at least were the last's, and of the rows above them (the flat membrane, the neck,
            # the disc's top) under half the pixels were evaluated one by one: the rest filled from the plane's
            # colours or taken from the last sprite, moved with the disc or where they were
            assert n["exact"] < 0.75 * rows * (cols // 2 + 1)
            assert n["exact"] < 0.5 * (n["exact"] + n["plane"] + n["moved"] + n["still"])
            assert min(n["plane"], n["moved"], n["still"]) > 0
            assert np.array_equal(moved.ras.rgba, direct.ras.rgba)
            near = np.abs(direct.ras.f) < hb + 1.0  # the leaflets and a px beyond: the field itself (further out the
            # blocks filled whole keep one sample each, wherever their grid falls)
            assert np.array_equal(moved.ras.f[near], direct.ras.f[near])
            assert np.allclose(moved.own, direct.own) and np.array_equal(moved.lip, direct.lip)
        last, prev = direct, depth


def test_only_a_change_of_depth_reuses_rows():
    base = (PROJECTOR.name, 18)
    was = (*base, None, (163, 122, 0, 16, 18, 3, 160))
    membrane_shift.last.clear()
    assert membrane_shift.swap("b", was) is None  # never seen
    assert membrane_shift.swap("b", (*base, None, (161, 122, 0, 16, 18, 3, 160))) == was
    assert membrane_shift.moved_by(was, (*base, None, (161, 122, 0, 16, 18, 3, 160))) == -2
    assert membrane_shift.moved_by(was, (*base, None, (161, 122, 0, 15, 18, 3, 160))) is None  # its pore
    assert membrane_shift.moved_by(was, (*base, None, (150, 122, 0, 16, 18, 3, 160))) is None  # too far
    assert membrane_shift.moved_by(None, was) is None
    collapsing = (*base, None, (163, 122, 40, 16, 18, 3, 160))
    assert membrane_shift.moved_by(collapsing, (*base, None, (162, 122, 40, 16, 18, 3, 160))) is None
    # a collapsing cap crosses the line: none of its rows are its disc's alone
    assert membrane_shift.pure_from(body(120.0, c=0.4).field(), 18.0, 18.0) is None
    assert membrane_fused.shift is membrane_shift


def test_moved_rows_match_a_direct_build_over_many_looks(monkeypatch):
    """Bodies of many sizes (the 1080p and the 4K close-up's among them), pores, leaflets and necks, near the line or
    deep, moved up or down a few px (seeded), cut or not: wherever rows are reused the sprite is the direct build's,
    pixel for pixel, and so is the field near the membrane."""
    rng = np.random.default_rng(7)
    made: list[bool] = []
    spliced = membrane_shift.spliced
    monkeypatch.setattr(membrane_shift, "spliced", lambda *a: (lambda r: made.append(r is not None) or r)(spliced(*a)))
    membrane_shift.counts.update(dict.fromkeys(membrane_shift.counts, 0))
    for _ in range(48):
        r0 = float(rng.choice([40.0, 80.0, 122.0, 134.0, 200.0, 255.0]))
        lumen, hb, neck = (float(rng.choice(v)) for v in ([2.0, 8.0, 20.0], [3.0, 8.0, 18.0, 36.0],
                                                          [3.0, 8.0, 18.0, 36.0]))
        depth = r0 + float(rng.choice([0.0, 5.0, 30.0, 42.0, 83.0])) + 4.0
        delta = int(rng.choice([-8, -3, -2, -1, 1, 2, 5]))
        one = np.array
        ext = int(np.ceil(body(depth, 0.0, r0, lumen, neck).influence(max(neck, hb))[0]))
        theme = PROJECTOR if rng.random() < 0.5 else DARK
        now = body(depth + delta, 0.0, r0, lumen, neck)
        cut = rows_cut(now, hb, ext, depth + r0 * 0.5) if rng.random() < 0.3 else None
        was = finish(_lone(body(depth, 0.0, r0, lumen, neck), hb, one([12]), ext, cut, theme))
        direct = finish(_lone(now, hb, one([12]), ext, cut, theme))
        moved = finish(_lone(now, hb, one([12]), ext, cut, theme, moved=(was.ras, delta)))
        assert np.array_equal(moved.ras.rgba, direct.ras.rgba)
        near = np.abs(direct.ras.f) < hb + 1.0
        assert np.array_equal(moved.ras.f[near], direct.ras.f[near])
    assert sum(made) >= 12  # (rows were reused in many of them)
    assert min(membrane_shift.counts.values()) > 0  # (and each kind of block was taken in some)
