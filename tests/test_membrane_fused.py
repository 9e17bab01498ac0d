"""Fused bodies' sprites are reused until the body visibly changes: the event close-up drawn from the sprite
cache is the close-up drawn afresh, frame after frame, and a body magnified there is not rasterised again at
every pixel it moves. Counted and compared, never timed."""

import numpy as np
import pygame
import pytest

from exoviz.cli import parse
from exoviz.render import membrane_anchors, membrane_fused
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
        win.renderer.membranes.clear()  # every sprite rasterised again
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


def test_a_frame_that_changes_no_membrane_rebuilds_nothing_of_it(monkeypatch):
    """The enterocyte at 4K in the dark theme with its close-up (the bench's worst preset): drawing a frame again
    with nothing changed rasterises no membrane sprite and moves no protein onto a seam again; a frame that moves
    on builds only a few sprites (those of bodies that changed)."""
    opts = parse(["--headless", "--duration", "1", "--cell", "enterocyte", "--seed", "1", "--size", "3840x2160",
                  "--theme", "dark", "--closeup"])
    session = Session(opts)
    win = offscreen_window(session, opts)
    session.world.run(120)
    built, moved = [], []
    raster, nearest = membrane_fused.rasterise, membrane_anchors.nearest_outline
    monkeypatch.setattr(membrane_fused, "rasterise", lambda fld, rect, *a, **k: built.append(rect) or
                        raster(fld, rect, *a, **k))
    monkeypatch.setattr(membrane_anchors, "nearest_outline", lambda r, p, *a, **k: moved.append(len(p)) or
                        nearest(r, p, *a, **k))
    anchors_moved = 0
    for _ in range(8):
        win.frame(1 / 60)
        assert len(built) <= 12  # a frame's new sprites: the bodies (and seams) that changed, never all of them
        anchors_moved += sum(moved)
        built.clear()
        moved.clear()
        win.draw()  # the same frame again: nothing changed
        assert built == [] and moved == []
    assert anchors_moved > 0  # (a seam in view had proteins to move onto it: that work was done, once)
    assert session.closeup.open and win.renderer.inset is not None


def test_a_body_reaching_below_the_view_is_rasterised_only_down_to_it():
    """A kissing vesicle magnified in a 1080p close-up (its look there: 163 px deep, 122 px radius, 18 px
    leaflets) reaches ~100 rows below the inset: its sprite is rasterised down to a little below the view only
    (on a CUT_STEP grid, all its columns: still mirrored), the same pixels and field in the rows kept, its
    proteins on them placed alike; those on rows cut off are left where they are, out of view."""
    from exoviz.render.membrane_fused import CUT_PAD, CUT_STEP, _lone, rows_cut
    from exoviz.render.membrane_sprite import finish
    from exoviz.render.theme import PROJECTOR
    from exoviz.sim.membrane_shape import Attached

    one = np.array
    loc = Attached(one([0]), 0.0, one([0.0]), one([163.0]), one([122.0]), one([0.0]), one([8.0]), 18.0, 18.0, 30.0)
    hb, ext, counts, bottom = 18.0, 160, one([40]), 190.0
    whole = finish(_lone(loc, hb, counts, ext, None, PROJECTOR))
    cut = rows_cut(loc, hb, ext, bottom)
    assert cut is not None and rows_cut(loc, hb, ext, 1000.0) is None
    part = finish(_lone(loc, hb, counts, ext, cut, PROJECTOR))
    rows, cols = part.ras.f.shape
    assert (part.ras.x0, part.ras.y0, cols) == (whole.ras.x0, whole.ras.y0, whole.ras.f.shape[1])
    end = part.ras.y0 + rows
    assert bottom + CUT_PAD <= end < bottom + CUT_PAD + CUT_STEP and rows < 0.8 * whole.ras.f.shape[0]
    assert np.array_equal(part.ras.rgba, whole.ras.rgba[:rows]) and np.array_equal(part.ras.f, whole.ras.f[:rows])
    kept = part.own[:, 1] < end - 1
    assert 0 < kept.sum() < len(kept)
    assert np.allclose(part.own[kept], whole.own[kept])
    assert np.all(part.own[~kept, 1] > bottom)  # (below the view)


def test_a_tiles_lip_table_is_worked_out_only_when_a_protein_reads_it(monkeypatch):
    from types import SimpleNamespace

    from exoviz.render.membrane_sprite import SpriteLRU
    from exoviz.render.theme import DARK
    from exoviz.sim.membrane_shape import Attached

    made = []
    real = membrane_fused.lip_table
    monkeypatch.setattr(membrane_fused, "lip_table", lambda *a: made.append(1) or real(*a))
    att = Attached(np.arange(2), 80.0, np.array([200.0, 500.0]), np.array([60.0, 40.0]), np.array([50.0, 30.0]),
                   np.array([0.2, 0.0]), np.array([8.0, 4.0]), 4.0, 4.0, 4.0)
    world = SimpleNamespace(ves=SimpleNamespace(proteins=np.array([3, 0]), collapse=att.c))
    cam = SimpleNamespace(view=(0, 0, 800, 400), scale=1.0)
    fz = membrane_fused.tiles(world, cam, att, DARK, SpriteLRU())
    assert len(fz.lone) == 2 and made == []  # two sprites built, no lip table worked out
    own = fz.lone[0].own  # (its own proteins' anchors are there at once)
    pts, _ = membrane_anchors._lip_lookup(fz, np.array([200.0]))  # a plasma-membrane protein over body 0
    assert made == [1] and own.shape == (3, 4)
    assert pts[0, 1] != 80.0  # placed from the table (a protein over no tile stays exactly on the line)
    lip, near = fz.lone[0].table()
    assert made == [1] and lip is fz.lone[0].lip and near.shape == (lip.shape[0],)  # worked out once
