"""Fused bodies drawn from tiles: a seam (the joint sprite where caps meet) covers only the columns where the bodies
bend the membrane together, and the tiles together are the joint field's picture; a neighbour's change rebuilds
the seam and its own sprite, not the big body's; protein anchors moved onto a seam are worked out once per tile;
the block-by-block rasteriser paints what evaluating every pixel paints. Counted and compared, never timed."""

from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from exoviz.render import membrane_ahead as ahead
from exoviz.render import membrane_anchors as anchors
from exoviz.render import membrane_fused as fused
from exoviz.render import membrane_sprite
from exoviz.render import membrane_tiles as tiles_mod
from exoviz.render.cache import SurfaceCache
from exoviz.render.membrane_sprite import Paint, SpriteLRU, rasterise
from exoviz.render.membrane_tiles import SEAM, runs
from exoviz.render.theme import DARK
from exoviz.sim.membrane_shape import Attached

pytestmark = pytest.mark.usefixtures("pygame_display")
LINE, SIZE = 80.0, (1000, 700)


def pair(small_c: float = 0.0) -> Attached:
    """A big collapsing body (r 240 px) and a small one whose cap meets it (screen px, as membrane_fused draws)."""
    return Attached(np.arange(2), LINE, np.array([300.0, 560.0]), np.array([230.0, 50.0]), np.array([240.0, 60.0]),
                    np.array([0.2, small_c]), np.array([30.0, 6.0]), 4.0, 4.0, 4.0)


def fz_of(att: Attached, cache: SpriteLRU, proteins=(0, 0), collapse=None, pore=None) -> fused.Fused:
    """The fused bodies' tiles (collapse: the model's own, unquantised; att's quantised one unless given; pore: the
    model's neck lumen, nm = px here, att's unless given; no kiss closing it)."""
    n = att.rows.size
    world = SimpleNamespace(ves=SimpleNamespace(proteins=np.asarray(proteins),
                                                collapse=att.c if collapse is None else np.asarray(collapse),
                                                pore=att.lumen if pore is None else np.asarray(pore, dtype=float),
                                                stage=np.zeros(n, dtype=np.int64), t_stage=np.zeros(n),
                                                dur=np.zeros(n)))
    cam = SimpleNamespace(view=(0, 0, *SIZE), scale=1.0)
    return fused.tiles(world, cam, att, DARK, cache)


def test_a_seam_covers_only_where_the_caps_meet_and_the_tiles_are_the_joint_picture():
    att = pair()
    assert len(att.field().walls) == 1  # the caps meet: one group, one wall between them
    rr = runs(att, np.arange(2), 6.0)
    (a, b), = [s for s, o in zip(rr.spans(), rr.owner.tolist()) if o == SEAM]
    assert b - a < 0.2 * (rr.end - rr.start[0])  # (the whole group was the seam: ~600 px; now ~80)
    assert set(rr.owner.tolist()) == {0, 1, SEAM}  # each body draws its own columns beyond the seam
    fz = fz_of(att, SpriteLRU())
    tiled = pygame.Surface(SIZE)
    tiled.fill(DARK.cytosol)
    fused.draw_tiles(tiled, fz)
    joint = pygame.Surface(SIZE)
    joint.fill(DARK.cytosol)
    joint.blit(rasterise(att.field(), (0, 0, *SIZE), Paint(att.h_neck, float(fz.hb[0])), DARK).img, (0, 0))
    top = int(LINE - att.h_neck - 2)  # (above the tiles: the fluid the scene draws)
    x0, x1 = int(rr.start[0]), rr.end
    diff = np.abs(pygame.surfarray.array3d(tiled)[x0:x1, top:].astype(int)
                  - pygame.surfarray.array3d(joint)[x0:x1, top:].astype(int))
    assert diff.max() <= 1  # the same picture (rounding of the field in local px aside)
    assert (diff > 0).mean() < 1e-3


def test_a_neighbour_that_changes_rebuilds_the_seam_and_itself_not_the_big_body(monkeypatch):
    cache = SpriteLRU()
    big = fz_of(pair(), cache).lone[0].ras.img
    built: list[int] = []
    raster = fused.rasterise

    def counted(fld, rect, *a, **k):
        built.append(rect[2] * rect[3])
        return raster(fld, rect, *a, **k)

    monkeypatch.setattr(fused, "rasterise", counted)
    fz_of(pair(), cache)
    assert built == []  # nothing changed: nothing rasterised
    fz_of(pair(small_c=0.1), cache)  # the small body collapses a step
    assert len(built) == 2  # its own sprite and the seam
    assert sum(built) < 0.3 * big.get_width() * big.get_height()


def test_proteins_moved_onto_a_seam_are_worked_out_once(monkeypatch):
    cache = SpriteLRU()
    fz = fz_of(pair(), cache, proteins=(40, 12))
    calls: list[int] = []
    nearest = anchors.nearest_outline

    def counted(r, p, *a, **k):
        calls.append(len(p))
        return nearest(r, p, *a, **k)

    monkeypatch.setattr(anchors, "nearest_outline", counted)
    sx = np.linspace(0.0, SIZE[0], 30)
    first = anchors.protein_anchors(fz, sx, 4, 3)
    assert sum(calls) > 0  # some of the bodies' proteins lay off the joint outline: moved onto it
    calls.clear()
    again = anchors.protein_anchors(fz_of(pair(), cache, proteins=(40, 12)), sx, 4, 3)  # the next frame, unchanged
    assert calls == []
    for x, y in zip(first, again):
        assert np.array_equal(x, y)


def test_blocks_filled_whole_are_painted_as_pixel_by_pixel():
    att = pair()
    paint = Paint(att.h_neck, 3.0)
    rect = (350, 300, 400, 300)  # below the line: blocks of lumen, of nothing and of membrane (above it, in the
    # fluid, whole blocks are painted the fluid's colour where a pixel alone is left to the fluid drawn under it)
    rgba, f = membrane_sprite.finish(membrane_sprite._arrays(att.field(), rect, paint, DARK))
    yy, xx = np.mgrid[0:rect[3], 0:rect[2]]
    pts = np.stack([xx.ravel() + rect[0] + 0.5, yy.ravel() + rect[1] + 0.5], axis=1)
    every, f_every = membrane_sprite._exact(att.field(), pts, paint, DARK)
    assert np.array_equal(rgba, every.reshape(rgba.shape))
    near = np.abs(f_every) < 5.0  # the field itself: exact near the membrane (block samples elsewhere)
    assert np.allclose(f.ravel()[near], f_every[near], atol=1e-3)
    lumen = (every[:, 3] == 255) & (every[:, :3] == DARK.ecf).all(axis=1)
    assert lumen.mean() > 0.1 and (every[:, 3] == 0).mean() > 0.1  # both kinds of whole block were there


def test_a_big_body_collapsing_in_steps_has_its_next_sprites_built_ahead(monkeypatch):
    """After a collapse step the same step again is foreseen: its sprite and the seam it makes with its
    neighbour are built a step per frame in the frames between (here 12), and the frame that reaches it rasterises
    nothing; what was built ahead is what a direct build makes."""
    def at(k: int) -> Attached:  # the big body at collapse k / 240: the grid membrane_fused.quantised puts it on
        att = pair()
        return Attached(att.rows, LINE, att.x, att.depth0, att.r0, np.array([k / 240, 0.0]), att.lumen, 4.0, 4.0, 4.0)

    cache = SpriteLRU()
    built: list[int] = []
    raster = fused.rasterise
    monkeypatch.setattr(fused, "rasterise", lambda fld, rect, *a, **k: (built.append(rect[2] * rect[3]),
                                                                         raster(fld, rect, *a, **k))[1])
    fz_of(at(43), cache)
    built.clear()
    for _ in range(12):  # a step of 5 levels: built in the frame that reaches it (its own sprite, the seam) ...
        fz_of(at(48), cache)
    assert len(built) == 2 and max(built) >= 100_000
    built.clear()
    fz = fz_of(at(53), cache)  # ... and the same step again: foreseen
    assert built == [] and cache.foreseen == 0  # (built ahead in full before it was asked for: plain hits)
    assert sorted(key[3][2] for key in cache.ahead if key[1] != "seam") == [round(58 / 240 * 4096)]  # the next
    monkeypatch.setattr(fused, "rasterise", raster)
    fresh = fz_of(at(53), SpriteLRU())
    assert np.array_equal(fz.lone[0].ras.rgba, fresh.lone[0].ras.rgba)
    assert np.array_equal(fz.lone[0].own, fresh.lone[0].own) and np.array_equal(fz.lone[0].lip, fresh.lone[0].lip)
    (seam, _), = fz.seams.values()
    (fresh_seam, _), = fresh.seams.values()
    assert np.array_equal(seam.ras.rgba, fresh_seam.ras.rgba)


def test_bodies_too_small_to_show_marks_have_no_anchors_worked_out(monkeypatch):
    """A fused body a few px wide shows no protein marks (as its closed sprite): its own anchors are not worked
    out at all (the 10,000-vesicle bench scene has ~40 such bodies a frame), while a wide one's still are."""
    small = Attached(np.arange(3), LINE, np.array([200.0, 400.0, 600.0]), np.array([2.0, 2.0, 2.0]),
                     np.array([2.5, 2.5, 2.5]), np.zeros(3), np.array([1.0, 1.0, 1.0]), 1.0, 1.0, 1.0)
    fz = fz_of(small, SpriteLRU(), proteins=(9, 9, 9))
    assert len(fz.lone) == 3 and all(len(t.own) for t in fz.lone.values())  # each has anchors of its own
    calls: list[int] = []
    in_seams = anchors._in_seams

    def counted(fz_, own, *a):
        calls.append(len(own.own))
        return in_seams(fz_, own, *a)

    monkeypatch.setattr(anchors, "_in_seams", counted)
    sx = np.linspace(0.0, SIZE[0], 30)
    pts, _nrm, _face, _sizes = anchors.protein_anchors(fz, sx, 4, 3)
    assert calls == [] and len(pts) == sx.size  # the plasma membrane's proteins only
    anchors.protein_anchors(fz_of(pair(), SpriteLRU(), proteins=(40, 12)), sx, 4, 3)
    assert len(calls) == 2  # the two wide bodies of pair(): worked out


def test_a_collapse_stepping_unevenly_is_foreseen_from_the_models_rate(monkeypatch):
    """Slowed down in the close-up, the model steps once every few frames and each step moves the collapse 4.5
    levels of the grid: 43, 47.5 (drawn at 48), 52. The same drawn step again would give 53; the model's collapse
    carried on at its rate gives 52: its sprite and seam are built ahead, and the frame that reaches it rasterises
    nothing (the same pixels as a direct build)."""
    def at(k: float) -> tuple[Attached, np.ndarray]:  # the big body at the model's collapse k / 240, drawn on the grid
        att = pair()
        c = np.array([np.round(k) / 240, 0.0])
        return Attached(att.rows, LINE, att.x, att.depth0, att.r0, c, att.lumen, 4.0, 4.0, 4.0), np.array([k / 240, 0])

    cache = SpriteLRU()
    built: list[int] = []
    raster = fused.rasterise
    monkeypatch.setattr(fused, "rasterise", lambda fld, rect, *a, **k: (built.append(rect[2] * rect[3]),
                                                                         raster(fld, rect, *a, **k))[1])
    fz_of(at(43.0)[0], cache, collapse=at(43.0)[1])
    for _ in range(12):  # the frames between two of the model's steps
        fz_of(at(47.5)[0], cache, collapse=at(47.5)[1])
    made = {key[3][2] for key in cache._d if key[1] != "seam" and key[3][1] == 240}  # built ahead by now
    assert round(52 / 240 * 4096) in made and round(53 / 240 * 4096) not in made  # the rate's, not the same step
    built.clear()
    fz = fz_of(at(52.0)[0], cache, collapse=at(52.0)[1])
    assert built == []
    monkeypatch.setattr(fused, "rasterise", raster)
    fresh = fz_of(at(52.0)[0], SpriteLRU())
    assert np.array_equal(fz.lone[0].ras.rgba, fresh.lone[0].ras.rgba)
    (seam, _), = fz.seams.values()
    (fresh_seam, _), = fresh.seams.values()
    assert np.array_equal(seam.ras.rgba, fresh_seam.ras.rgba)


def test_a_pore_widening_is_foreseen_from_the_models_rate(monkeypatch):
    """A big body whose neck lumen alone changes at each of the model's steps (a pore widening; a kiss's closing)
    has the sprite of its next lumen built ahead in the frames between, the model's lumen carried on at its rate
    on the drawn grid (30, 36 -> 42 px): the frame that reaches it rasterises nothing, the same pixels as a direct
    build."""
    def at(lumen: float) -> Attached:
        att = pair()
        return Attached(att.rows, LINE, att.x, att.depth0, att.r0, att.c, np.array([lumen, 6.0]), 4.0, 4.0, 4.0)

    cache = SpriteLRU()
    built: list[int] = []
    raster = fused.rasterise
    monkeypatch.setattr(fused, "rasterise", lambda fld, rect, *a, **k: (built.append(rect[2] * rect[3]),
                                                                         raster(fld, rect, *a, **k))[1])
    fz_of(at(30.0), cache)
    for _ in range(12):  # the frames between two of the model's steps
        fz_of(at(36.0), cache)
    assert {key[3][3] for key in cache._d if key[1] != "seam" and key[3][1] == 240} >= {84}  # lumen 42 px, x 2
    built.clear()
    fz = fz_of(at(42.0), cache)
    assert built == []
    monkeypatch.setattr(fused, "rasterise", raster)
    fresh = fz_of(at(42.0), SpriteLRU())
    assert np.array_equal(fz.lone[0].ras.rgba, fresh.lone[0].ras.rgba)
    (seam, _), = fz.seams.values()
    (fresh_seam, _), = fresh.seams.values()
    assert np.array_equal(seam.ras.rgba, fresh_seam.ras.rgba)
    assert ahead.next_lumen((1, 2, 3, 8, 5), (1, 2, 3, 12, 5), None, None, 1.0) == 8.0  # the same again
    assert ahead.next_lumen((1, 2, 3, 8, 5), (1, 3, 3, 12, 5), 4.0, 6.0, 1.0) is None  # not its lumen alone


def test_builds_ahead_take_a_bounded_number_of_steps_a_frame():
    """However many looks are foreseen, a frame steps at most `most` of their builds, the latest, a step each (a
    build's heavy steps fall in different frames); the others wait until those are done."""
    def build(n: int, tag: int):
        for _ in range(n):
            yield
        return np.zeros(tag + 1)  # (what the cache keeps counts its bytes)

    cache = SpriteLRU()
    for k in range(10):
        cache.build_ahead(("look", k), build(4, k), most=12)
    cache.step_ahead(4)
    assert cache.stepped == 4 and len(cache.ahead) == 10
    for _ in range(4):
        cache.step_ahead(4)
    assert cache.stepped == 20 and len(cache.ahead) == 6  # the latest four built (a step each a frame, 5 frames)
    assert all(cache.get(("look", k)).size == k + 1 for k in range(6, 10)) and ("look", 5) in cache.ahead
    for _ in range(20):
        cache.step_ahead(4)
    assert not cache.ahead and all(cache.get(("look", k)).size == k + 1 for k in range(10))


def test_the_same_bodies_get_the_same_runs_again_without_tiling_them_again(monkeypatch):
    """Between the model's steps the fused bodies' quantised places and shapes stay the same: their runs are kept
    (counted: the tiling is not worked out again), and any change of what they depend on tiles again."""
    calls: list[int] = []
    tile = tiles_mod._runs
    monkeypatch.setattr(tiles_mod, "_runs", lambda att, keep, h: (calls.append(keep.size), tile(att, keep, h))[1])
    monkeypatch.setattr(tiles_mod, "_KEPT", SurfaceCache("test", 2**30, 4, released=False))
    first = runs(pair(), np.arange(2), 6.0)
    again = runs(pair(), np.arange(2), 6.0)  # equal inputs in new arrays (the next frame's)
    assert again is first and calls == [2]
    moved = runs(pair(small_c=0.1), np.arange(2), 6.0)
    assert len(calls) == 2 and moved is not first
    direct = tile(pair(small_c=0.1), np.arange(2), 6.0)
    assert moved.spans() == direct.spans() and moved.owner.tolist() == direct.owner.tolist()
    assert [b.tolist() for b in moved.bodies] == [b.tolist() for b in direct.bodies]
    assert runs(pair(), np.arange(2), 7.0) is not first and len(calls) == 3  # another leaflet width


def test_the_nearest_outline_is_the_same_walked_near_first(monkeypatch):
    """Rays are walked a few px first, farther only where they found nothing: the same places as walking every
    ray its full reach at once."""
    fz = fz_of(pair(), SpriteLRU())
    (seam, xr), = fz.seams.values()
    rng = np.random.default_rng(3)
    h, w = seam.ras.f.shape
    p = np.stack([rng.uniform(seam.ras.x0, seam.ras.x0 + w, 200), rng.uniform(seam.ras.y0, seam.ras.y0 + h, 200)], 1)
    inside = rng.random(200) < 0.5
    near_first = anchors.nearest_outline(seam.ras, p, inside=inside)
    monkeypatch.setattr(anchors, "WALKS", ())
    assert np.array_equal(near_first, anchors.nearest_outline(seam.ras, p, inside=inside))


def test_builds_foreseen_together_start_a_frame_apart():
    """A body's own sprite and its seam, foreseen in the same frame, take their steps a frame apart: their heavy
    steps never fall in the same frame."""
    done: list[tuple[int, int]] = []

    def build(tag: int):
        for k in range(3):
            done.append((tag, k))
            yield
        return np.zeros(1)

    cache = SpriteLRU()
    make = lambda c: [(("own", c), build(0)), (("seam", c), build(1))]  # noqa: E731
    look = ("theme", 4, 0, 8, 0, 0, 20)
    ahead.foresee(cache, "body", look, 1 / 24, 24.0, 3.0, make)
    ahead.foresee(cache, "body", look[:2] + (2,) + look[3:], 2 / 24, 24.0, 3.0, make)  # a collapse step: foreseen
    assert len(cache.ahead) == 2
    frames = []
    for _ in range(5):
        done.clear()
        cache.step_ahead(4)
        frames.append(sorted(done))
    assert frames[0] == [(0, 0)] and frames[1] == [(0, 1), (1, 0)] and frames[2] == [(0, 2), (1, 1)]
    assert not cache.ahead and ("own", 3 / 24) in cache and ("seam", 3 / 24) in cache


def test_the_anchors_moved_onto_a_seam_are_worked_out_in_one_call_for_all_its_bodies(monkeypatch):
    """After a collapse step every body of a seam has a new tile: which of their anchors move onto its outline is
    worked out in one call for them all (counted), each body's answer the same as worked out alone."""
    monkeypatch.setattr(anchors, "_KEPT", SurfaceCache("test", 2**30, 4, released=False))
    calls: list[int] = []
    moved = anchors._moved
    monkeypatch.setattr(anchors, "_moved", lambda ras, local, h: (calls.append(len(local)), moved(ras, local, h))[1])
    sx = np.linspace(0.0, SIZE[0], 30)
    together = anchors.protein_anchors(fz_of(pair(), SpriteLRU(), proteins=(40, 12)), sx, 4, 3)
    assert len(calls) == 1 and calls[0] > 0  # the two bodies' anchors on the seam: one call
    calls.clear()
    monkeypatch.setattr(anchors, "_moved_together", lambda fz: None)
    alone = anchors.protein_anchors(fz_of(pair(), SpriteLRU(), proteins=(40, 12)), sx, 4, 3)
    assert len(calls) == 2  # one by one: a call per body
    for x, y in zip(together, alone):
        assert np.array_equal(x, y)


def _joint_arrays(mem, lo, hi, w, mid, pad):
    """membrane_tiles._joint as it was written on arrays: the columns a group's bodies need drawn together."""
    a = np.maximum(lo[mem][:, None], lo[mem][None, :])
    b = np.minimum(hi[mem][:, None], hi[mem][None, :])
    both = (a < b) & ~np.eye(mem.size, dtype=bool)
    ours = w[(w[:, 0] >= mem[0]) & (w[:, 1] <= mem[-1])] if len(w) else w
    starts = [a[both], ours[:, 2] - ours[:, 3] - pad, mid[mem[:-1]] - 1.0]
    ends = [b[both], ours[:, 2] + ours[:, 3] + pad, mid[mem[:-1]] + 1.0]
    return int(np.floor(np.concatenate(starts).min())), int(np.ceil(np.concatenate(ends).max())) + 1


def test_a_groups_joint_columns_are_those_of_the_array_formula():
    """_joint works on Python numbers (a group has 2-3 members): the same columns as the array formula, on groups
    of 2 and 3 with and without walls, reaches overlapping or not, fractional walls and pads."""
    rng = np.random.default_rng(7)
    seen = set()
    for _ in range(400):
        n = int(rng.integers(3, 8))
        x = np.sort(rng.uniform(0, 400, n))
        r = rng.uniform(5, 60, n)
        lo, hi = np.floor(x - r).astype(np.int64), np.ceil(x + r).astype(np.int64) + 1
        mid = np.round(0.5 * (x[:-1] + x[1:])).astype(np.int64)
        start = int(rng.integers(0, n - 1))
        mem = np.arange(start, min(n, start + int(rng.integers(2, 4))))
        k = int(rng.integers(0, n))
        i = rng.choice(n - 1, size=min(k, n - 1), replace=False)
        w = np.stack([i, i + 1, 0.5 * (x[i] + x[i + 1]) + rng.uniform(-3, 3, i.size), rng.uniform(0.5, 4, i.size)],
                     axis=1).astype(np.float64) if i.size else np.empty((0, 4))
        pad = float(rng.uniform(2, 9))
        got = tiles_mod._joint(mem, lo, hi, w, mid, pad)
        assert got == _joint_arrays(mem, lo, hi, w, mid, pad)
        assert all(type(v) is int for v in got)
        seen.add((mem.size, bool(len(w) and ((w[:, 0] >= mem[0]) & (w[:, 1] <= mem[-1])).any())))
    assert seen == {(2, False), (2, True), (3, False), (3, True)}  # every kind of group was met
