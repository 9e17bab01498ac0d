"""Fused bodies' sprites are reused until the body visibly changes: the event close-up drawn from the sprite
cache is the close-up drawn afresh, frame after frame, and a body magnified there is not rasterised again at
every pixel it moves. Counted and compared, never timed."""

import gc
from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.render import membrane_fused
from exoviz.render.membrane_fused import Fused, Tile
from exoviz.render.membrane_sprite import Raster
from exoviz.render.membrane_tiles import FLAT, SEAM, Runs
from exoviz.session import Session
from exoviz.ui.window import offscreen_window

pytestmark = pytest.mark.usefixtures("pygame_display")


def open_closeup():
    opts = parse(["--headless", "--duration", "1", "--cell", "beta-cell", "--seed", "1", "--size", "1920x1080",
                  "--theme", "projector", "--closeup"])
    session = Session(opts)
    win = offscreen_window(session, opts)
    session.world.run(60)  # the close-up opens, magnified and slowed, at the next event (the first stimulus
    for _ in range(900):  # comes after ~1 s; its pores open soon after)
        win.frame(1 / 60)
        if session.closeup.open and win.renderer.inset is not None:
            break
    assert session.closeup.open and win.renderer.inset is not None
    return win


@pytest.fixture(scope="module")
def closeup_window():
    return open_closeup()


def picture(win) -> np.ndarray:
    rect = win.renderer.inset[0]
    return pygame.surfarray.array3d(win.screen.subsurface(rect)).copy()


def test_the_cached_closeup_is_the_closeup_drawn_afresh(closeup_window):
    win = closeup_window
    for _ in range(6):  # the scene changes between frames: the body moves, its pore opens
        win.frame(1 / 60)
        cached = picture(win)
        win.renderer.membranes.clear()  # every sprite rasterised again, every protein placed again
        membrane_fused._SEAM_MEMO.clear()
        win.draw()
        assert np.array_equal(picture(win), cached)


def test_a_magnified_body_moves_in_coarser_steps_and_is_rasterised_less_often(monkeypatch):
    win = open_closeup()
    built, sizes = [], []
    raster = membrane_fused.rasterise

    def counted(fld, rect, *a, **k):
        built.append(rect)
        return raster(fld, rect, *a, **k)

    quantised = membrane_fused.quantised

    def seen(world, cam, rows, *a, **k):
        sizes.extend((world.ves.radius[rows] * cam.scale).tolist())
        return quantised(world, cam, rows, *a, **k)

    monkeypatch.setattr(membrane_fused, "rasterise", counted)
    monkeypatch.setattr(membrane_fused, "quantised", seen)
    frames = 20
    for _ in range(frames):
        win.frame(1 / 60)
    assert max(sizes) >= 500  # the close-up magnifies a body over 500 px in radius (at BIG_PX 250: 2 px steps)
    big = [r for r in built if r[2] >= 400]  # the magnified body's sprites (a neighbour's small ones may be built too)
    assert big and len(big) <= 3  # (in 1 px steps: 5 in these 20 frames at 1080p; 9 in 10 frames at 4K)


def seam_scene(xr: int = 10, line: float = 100.0):
    """A joint tile whose outline is a circle of radius 20 px (its field a signed distance) over a seam run, and
    protein anchors of three bodies in screen px: on the outline, inside the lumen and outside it."""
    yy, xx = np.mgrid[-10:71, -40:41].astype(np.float32) + 0.5
    ras = Raster(pygame.Surface((1, 1)), np.zeros((81, 81, 4), np.uint8), np.hypot(xx, yy - 30.0) - 20.0, -40, -10)
    tile = Tile(ras, np.zeros((1, 4)), np.zeros(1, np.int64), np.empty((0, 4)))
    runs = Runs(np.array([-100, xr - 40, xr + 40]), 300, np.array([FLAT, SEAM, FLAT]), [])
    fz = Fused(SimpleNamespace(line=line), np.array([2.0]), np.array([0]), runs, {}, {1: (tile, xr)})
    ang = np.linspace(0.0, 2 * np.pi, 12, endpoint=False)
    local = np.concatenate([np.stack([rr * np.cos(ang), 30 + rr * np.sin(ang)], axis=1) for rr in (20.0, 12.0, 26.0)])
    a = np.concatenate([local + [xr, line], np.tile([0.0, 1.0], (len(local), 1))], axis=1)
    a = np.concatenate([a, [[xr + 70.0, line, 0.0, 1.0]]])  # one on the flat membrane beyond the seam
    return fz, a, np.full(len(a), 2.0)


def one_body_at_a_time(fz, a: np.ndarray, h: float) -> np.ndarray:
    """The anchors moved onto the seam's outline, as it was done before: one body at a time."""
    tile, xr = fz.seams[1]
    r = np.searchsorted(fz.runs.start, a[:, 0], side="right") - 1
    a = a.copy()
    on = np.flatnonzero(r == 1)
    local = a[on, :2] - [xr, fz.att.line]
    f = membrane_fused.bilinear(tile.ras, local)
    off = np.flatnonzero(np.abs(f) > h + 0.5)
    moved = membrane_fused.project(tile.ras, membrane_fused.nearest_outline(tile.ras, local[off], inside=f[off] < 0))
    a[on[off], :2] = moved[:, :2] + [xr, fz.att.line]
    a[on[off], 2:] = moved[:, 2:]
    return a


def test_anchors_of_all_bodies_move_onto_a_seam_at_once_as_one_body_at_a_time(monkeypatch):
    fz, a, h = seam_scene()
    membrane_fused._SEAM_MEMO.clear()
    together = membrane_fused._in_seams(fz, a, h)
    alone = np.concatenate([one_body_at_a_time(fz, a[k:k + 12], 2.0) for k in (0, 12, 24)] + [a[36:]])
    assert np.array_equal(together, alone)
    tile, xr = fz.seams[1]
    f = membrane_fused.bilinear(tile.ras, together[:36, :2] - [xr, fz.att.line])
    assert np.all(np.abs(f) < 1.0)  # every body's anchor is on the outline now ...
    assert np.array_equal(together[:12], a[:12]) and np.array_equal(together[36:], a[36:])  # ... those on it stay


def test_a_seam_already_met_places_its_anchors_without_searching_again(monkeypatch):
    fz, a, h = seam_scene()
    membrane_fused._SEAM_MEMO.clear()
    searched = []
    real = membrane_fused.nearest_outline
    monkeypatch.setattr(membrane_fused, "nearest_outline", lambda *x, **k: searched.append(1) or real(*x, **k))
    first = membrane_fused._in_seams(fz, a, h)
    assert len(searched) == 1  # one search for all the bodies' anchors off the outline
    for _ in range(5):  # the frames after, with nothing changed: no search
        assert np.array_equal(membrane_fused._in_seams(fz, a, h), first)
    assert len(searched) == 1
    b = a.copy()
    b[12:24, 0] += 1.0  # a body moved by a pixel: searched again
    membrane_fused._in_seams(fz, b, h)
    assert len(searched) == 2
    refs = [ref for ref, _ in membrane_fused._SEAM_MEMO.values()]
    del fz
    gc.collect()
    assert refs and all(ref() is None for ref in refs)  # the memo keeps no seam sprite alive
