"""Membrane sprites: the colours, the lip table and the proteins projected onto the midline are, to the last bit,
what the plain formulas give (the rasteriser calls NumPy fewer times than they read, nothing else changes); a
sprite built again is the same sprite. Compared, never timed."""

import numpy as np
import pygame
import pytest

from exoviz.render import membrane_sprite as ms
from exoviz.render.membrane_sprite import Paint, Raster, lip_table, project, rasterise
from exoviz.render.theme import DARK, PROJECTOR
from exoviz.sim.membrane_shape import Attached

pytestmark = pytest.mark.usefixtures("pygame_display")


def _raster(f: np.ndarray, x0: int = -3, y0: int = -5) -> Raster:
    return Raster(pygame.Surface((f.shape[1], f.shape[0])), f.astype(np.float32), x0, y0)


def _field(seed: int = 0) -> np.ndarray:
    """A bent membrane's field (signed distance, px) with a hole (NaN: no shape) and an infinite column."""
    yy, xx = np.mgrid[0:40, 0:30]
    f = np.hypot(xx - 15.0, yy - 8.0) - 12.0 + np.random.default_rng(seed).normal(0.0, 0.2, (40, 30))
    f[:, 3] = np.nan
    f[:6, 7] = np.inf
    f[:, 9] = -np.inf
    return f


def _lip_plain(r: Raster, deep: float) -> tuple[np.ndarray, np.ndarray]:
    """lip_table as its formulas read (np.clip, np.nan_to_num, fancy indexing)."""
    hgt, w = r.f.shape
    cols = np.arange(w)
    i = np.clip(np.argmax((r.f >= 0) | np.isnan(r.f), axis=0), 1, hgt - 1)
    left, right = np.maximum(cols - 1, 0), np.minimum(cols + 1, w - 1)
    at = r.f[np.concatenate([i - 1, i] * 3), np.concatenate([cols, cols, right, right, left, left])]
    a, b, ar, br, al, bl = np.nan_to_num(at.astype(np.float64), nan=1e6, posinf=1e6, neginf=-1e6).reshape(6, w)
    t = np.divide(a, a - b, out=np.full(w, 0.5), where=np.abs(a - b) > 1e-9)
    y = r.y0 + i - 0.5 + np.clip(t, 0.0, 1.0)
    gx = (ar - al + br - bl) / (2.0 * (right - left).clip(1))
    gy = b - a
    g = np.hypot(gx, gy)
    nrm = np.stack([gx, gy], axis=1) / np.maximum(g, 1e-9)[:, None]
    nrm[g < 1e-9] = (0.0, 1.0)
    is_open = (y > deep) | (np.abs(a) >= 1e6) | (np.abs(b) >= 1e6)
    return np.concatenate([np.stack([r.x0 + cols + 0.5, y], axis=1), nrm], axis=1), is_open


def _project_plain(r: Raster, p: np.ndarray, iterations: int = 2) -> np.ndarray:
    """project as its formulas read: Newton steps on the bilinear field, corners gathered one by one."""
    f = r.f
    hgt, w = f.shape
    p = np.array(p, dtype=np.float64, copy=True)
    g = np.tile([0.0, 1.0], (len(p), 1))
    for it in range(iterations + 1):
        u = np.clip(p[:, 0] - r.x0 - 0.5, 0.0, w - 1.001)
        v = np.clip(p[:, 1] - r.y0 - 0.5, 0.0, hgt - 1.001)
        i, j = v.astype(np.int64), u.astype(np.int64)
        i1, j1 = np.minimum(i + 1, hgt - 1), np.minimum(j + 1, w - 1)
        a, b, c, d = (f[y, x].astype(np.float64) for y, x in ((i, j), (i, j1), (i1, j), (i1, j1)))
        s, t = u - j, v - i
        val = (a * (1 - s) + b * s) * (1 - t) + (c * (1 - s) + d * s) * t
        g = np.stack([(b - a) * (1 - t) + (d - c) * t, (c - a) * (1 - s) + (d - b) * s], axis=1)
        gg = (g * g).sum(axis=1)
        if it < iterations:
            p -= np.divide(val, gg, out=np.zeros(len(p)), where=(gg > 1e-9) & np.isfinite(val))[:, None] * g
    n = np.hypot(g[:, 0], g[:, 1])
    nrm = np.divide(g, n[:, None], out=np.tile([0.0, 1.0], (len(p), 1)), where=n[:, None] > 1e-9)
    return np.concatenate([p, nrm], axis=1)


def _colours_plain(f, h, w, band, lumen, th):
    """The blend as its formulas read: (rgb (m, 3) float, alpha (m,))."""
    c1, c2, c3 = np.clip(f + h + 0.5, 0.0, 1.0), np.clip(f + 0.5, 0.0, 1.0), np.clip(f - h + 0.5, 0.0, 1.0)
    outer = np.clip(f + h * 0.5 + 0.5, 0.0, 1.0)
    tinted = (c1 - outer).clip(0) * w
    wts = (c1 - c2 - tinted, tinted, c2 - c3, c3 * band)
    cols = (th.exo_leaflet, th.delivered, th.cyto_leaflet, th.cytosol)
    rgb = np.empty((len(f), 3))
    for ch in range(3):
        rgb[:, ch] = sum(w_ * float(c[ch]) for w_, c in zip(wts, cols)) + lumen[:, ch] * (1 - c1)
    alpha = 1.0 - c3 * (1.0 - band)
    return np.divide(rgb, alpha[:, None], out=np.zeros_like(rgb), where=alpha[:, None] > 1e-6), alpha


def test_the_lip_table_is_its_formulas_to_the_last_bit():
    for seed in range(3):
        r = _raster(_field(seed))
        for deep in (2.0, 9.0):
            lip, is_open = lip_table(r, deep)
            want, want_open = _lip_plain(r, deep)
            assert np.array_equal(lip, want, equal_nan=True) and np.array_equal(is_open, want_open)
            assert is_open[3] and is_open[15] and not is_open[0]  # no shape, the bend's bottom: openings; flat: not


def test_proteins_are_projected_as_the_newton_steps_read_to_the_last_bit():
    yy, xx = np.mgrid[0:40, 0:30]  # a clean bend: proteins sit where the field is finite all around
    r = _raster(np.hypot(xx - 15.0, yy - 8.0) - 12.0 + np.random.default_rng(1).normal(0.0, 0.2, (40, 30)))
    rng = np.random.default_rng(5)
    ang = rng.uniform(0.3, np.pi - 0.3, 200)  # points a few px off the circle's lower arc, where proteins sit
    rad = 12.0 + rng.uniform(-3.0, 3.0, 200)
    pts = np.column_stack([15.0 - 3 + 0.5 + rad * np.cos(ang), 8.0 - 5 + 0.5 + rad * np.sin(ang)])
    got = project(r, pts)
    assert np.array_equal(got, _project_plain(r, pts), equal_nan=True)
    moved = np.hypot(*(got[:, :2] - pts).T)
    assert moved.max() > 1.0  # the points did move onto the midline
    assert project(r, np.empty((0, 2))).shape == (0, 4)  # no proteins: nothing to step


@pytest.mark.parametrize("theme", [DARK, PROJECTOR])
def test_the_colours_are_the_blend_as_written_to_the_last_bit(theme):
    rng = np.random.default_rng(2)
    m = 5000
    f = rng.uniform(-8.0, 8.0, m)
    f[:7] = (-0.5, 0.5, -2.5, 2.5, 0.0, -1e6, 1e6)  # boundaries and far away
    h = rng.uniform(1.5, 3.0, m)
    w = rng.uniform(0.0, 1.0, m)
    band = (rng.random(m) < 0.3) * 1.0
    for lumen in (np.broadcast_to(np.asarray(theme.ecf, dtype=np.float64), (m, 3)), rng.uniform(0, 255, (m, 3))):
        rgb, alpha = _colours_plain(f, h, w, band, lumen, theme)
        out = np.empty((m, 4), dtype=np.uint8)
        got = ms._colours(f, h, w, band, lumen if lumen.strides[0] else lumen[0], theme, out)
        assert np.array_equal(got, alpha)
        assert np.array_equal(out[:, :3], np.round(rgb).astype(np.uint8))
    assert (alpha == 0).any() and (alpha == 1).any()  # see-through beyond the cytosolic face, opaque inside


def test_a_sprite_built_again_is_the_same_sprite():
    att = Attached(np.arange(1), 0.0, np.array([0.0]), np.array([40.0]), np.array([36.0]), np.array([0.3]),
                   np.array([6.0]), 3.0, 3.0, 3.0)
    paint = Paint(3.0, 3.0)
    a = rasterise(att.field(), (-60, -6, 121, 90), paint, DARK, mirror=True)
    b = rasterise(att.field(), (-60, -6, 121, 90), paint, DARK, mirror=False)
    assert np.array_equal(a.rgba, b.rgba) and np.array_equal(a.f, b.f)  # the mirror image is the direct build
    assert (a.rgba[..., 3] > 0).sum() > 500  # a membrane was drawn
