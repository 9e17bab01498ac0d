"""A lone fused body that only moved in depth since its last sprite (a kissing vesicle's Omega rising or sinking a
px a frame in the close-up): below its neck its field is its disc's alone, so those rows of its new sprite are the
rows of its last one, moved with it; only the rows above them (the flat membrane, the neck, the disc's top) and
any new at the bottom are rasterised. The same pixels as a direct build, the same field near the membrane.

Of the rows above, the blocks whose every pixel is the flat membrane's alone (far from the body: the line's band
beside it) are filled row by row from the plane's own colours, and those whose every pixel is the disc's alone (in
this look and in the last one, moved) are the last sprite's pixels moved: only the neck, the fillets and the pixels
where the line and the disc come close are evaluated one by one."""

from __future__ import annotations

import math
from collections.abc import Hashable

import numpy as np
import pygame

from exoviz.render.membrane_sprite import (
    BLOCK,
    Paint,
    Raster,
    _arrays,
    _block_pixels,
    _blocks,
    _exact,
    _mirrored,
    finish,
)
from exoviz.render.theme import Theme
from exoviz.sim.membrane_field import Field

MAX_SHIFT = 8  # px a body may have moved in depth for its last sprite's rows to be used again
MIN_ROWS = 48  # ... and at least this many rows of it must be usable
LAST = 256  # bodies whose last own sprite is remembered (by slot)
last: dict[Hashable, tuple] = {}  # (theme, neck px, slot) -> the key of that body's last own tile
counts = {"exact": 0, "plane": 0, "moved": 0, "still": 0}  # px of the rows above evaluated one by one, filled from
# the plane's colours, taken from the last sprite moved with the disc, or where they were (counting tests)
REACH = 1.5 * math.sqrt(2.0) + 1e-3  # px: a block's pixel centres lie this close to its centre (each term of the
# field changes by at most as much between them; a difference of two terms twice as much)


def pure_from(fld: Field, h: float, h_line: float) -> int | None:
    """The first row (field px) from which a lone body's sprite moves with its disc: there every pixel near its
    membrane (the leaflets, at most h px, and the blocks evaluated one by one around them) is far enough from the
    line and from its neck (a capsule down its axis to the disc's centre, half-width q) that the field is the
    disc's alone (no smooth union within k) and the membrane all its own (weight 1 over 2 h_line); the rest is
    lumen or nothing whatever the field. None unless its disc hangs whole below the line (a collapsing cap
    crosses it, cut at its lips) and its membrane clears the neck somewhere."""
    if fld.line is None or len(fld.discs) != 1 or len(fld.walls):
        return None
    _cx, cy, r = (float(v) for v in fld.discs[0])
    depth = cy - fld.line
    if depth < r:
        return None
    m = h + 7.0  # the membrane's band: the leaflets and the blocks evaluated exactly around them (h + 4.5), and more
    clear = max(fld.k, 2.0 * h_line) + 1.0  # ... clear of any other term by this much
    x_min = max(float(fld.caps[0, 4]), 0.0) + m + clear  # a band pixel this far from the axis clears the neck
    if r - m <= x_min or depth < m + clear:
        return None
    return math.ceil(fld.line + max(depth - math.sqrt((r - m) ** 2 - x_min ** 2), m + clear))


def spliced(fld: Field, rect: tuple[int, int, int, int], paint: Paint, th: Theme, old: Raster, delta: int
            ) -> Raster | None:
    """rasterise(fld, rect, paint, th, mirror=True), its rows from pure_from down taken from `old`: the raster of the
    same body (same look) delta px higher; None when it cannot (or too few rows would be taken)."""
    x0, y0, w, hgt = rect
    start = pure_from(fld, max(paint.h_line, paint.h_body), paint.h_line)
    if start is None or paint.lumen is not None or old.x0 != x0 or old.f.shape[1] != w or x0 >= 0 or w != 1 - 2 * x0:
        return None
    start = max(start, y0)
    end = min(y0 + hgt, old.y0 + old.f.shape[0] + delta)  # the rows old has, moved
    if end - start < MIN_ROWS:
        return None
    e, top, bot = -x0, start - y0, end - y0
    new = pygame.Surface((w, hgt), pygame.SRCALPHA, old.img)  # (its pixel format: the moved rows copied as they are)
    if new.get_shifts() != old.img.get_shifts() or new.get_bitsize() != 32:
        return None
    f = np.empty((hgt, w), dtype=np.float32)
    src, dst = pygame.surfarray.pixels2d(old.img), pygame.surfarray.pixels2d(new)  # (w, h) views of their pixels
    i = start - delta - old.y0
    dst[:, top:bot] = src[:, i:i + bot - top]
    f[top:bot] = old.f[i:i + bot - top]
    yy, xx = np.mgrid[end:y0 + hgt, 0:e + 1]  # any new rows at the bottom: pixel by pixel (as _arrays does them)
    more = np.stack([xx.ravel() + 0.5, yy.ravel() + 0.5], axis=1)
    shifts = new.get_shifts()
    if top * (e + 1) >= 3000 and len(more) < 3000:
        last = (src[e:].T, old.f[:, e:], old.y0)
        half, fa, u, fu = _above(fld, (0, y0, e + 1, top), paint, th, last, delta, more, shifts)
        _put(dst, f, 0, half, fa, e)
        if len(more):
            _put(dst, f, bot, u.reshape(yy.shape), fu.reshape(yy.shape), e)
    else:
        for a, b in ((y0, start), (end, y0 + hgt)):  # the rows above, and any new at the bottom: rasterised
            if b > a:
                rgba, fa = finish(_arrays(fld, (0, a, e + 1, b - a), paint, th))
                half = np.ascontiguousarray(rgba).view(np.uint32)[..., 0]
                _put(dst, f, a - y0, _native(half, shifts), fa, e)
                counts["exact"] += half.size
    del src, dst  # (the surfaces' locks)
    return Raster(new, f, x0, y0)


def _native(rgba: np.ndarray, shifts: tuple[int, int, int, int]) -> np.ndarray:
    """RGBA pixels (uint32 views of their bytes) in a surface's pixel format (its channels' shifts)."""
    if tuple(shifts) == (0, 8, 16, 24):
        return rgba
    out = (rgba & np.uint32(0xFF)) << np.uint32(shifts[0])
    for k in (1, 2, 3):
        out |= ((rgba >> np.uint32(8 * k)) & np.uint32(0xFF)) << np.uint32(shifts[k])
    return out


def _put(dst: np.ndarray, f: np.ndarray, r: int, half: np.ndarray, fh: np.ndarray, e: int) -> None:
    """Rows r.. of a mirrored sprite (dst: its (w, h) pixels, f its field) from their half from x = 0 (columns e..)."""
    n = half.shape[0]
    dst[:, r:r + n] = _mirrored(half, e).T
    f[r:r + n] = _mirrored(fh, e)


def _alone(fld: Field, c: np.ndarray, paint: Paint, delta: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(block centres c (m, 2) whose every pixel is the plane's alone: field the plane term exactly, no weight of the
    body's own membrane; ... whose every pixel is the disc's alone, here and in the last look delta px higher, at the
    pixel delta px higher: field the disc's distance exactly, weight 1, off the flat band, clear of the lips' cut;
    ... whose every pixel is the plane's and the neck's alone, here and in the last look at the same pixel: the neck
    the same there (above both looks' disc centres, where it ends), the disc too far to count), from the terms'
    distances at the centres (each changes by at most REACH from a centre to its block's pixels)."""
    cx, cy, r = (float(v) for v in fld.discs[0])
    q = float(fld.caps[0, 4])
    plane = c[:, 1] - (fld.line or 0.0)  # (spliced: only fields with a line)
    disc = np.hypot(c[:, 0] - cx, c[:, 1] - cy) - r  # (before the lips' cut, which only ever raises it)
    ax, ay, _bx, by = (float(v) for v in fld.caps[0, :4])
    # the neck runs down the axis (ax = cx) from ay to the disc's centre by
    neck = np.hypot(c[:, 0] - ax, np.maximum(np.maximum(ay - c[:, 1], c[:, 1] - by), 0.0)) - q if q > 0 else \
        np.full(len(c), np.inf)
    w = 2.0 * paint.h_line  # (the weight's blend width)
    flat = np.minimum(disc, neck) - plane >= max(1.25 * fld.k, w) + 2 * REACH  # smin's fillet within k, less k / 4
    low = plane - max(delta, 0)  # the plane term here and at the pixel delta px higher, in the last look
    own = (np.minimum(low, neck) - disc >= max(fld.k, w) + 2 * REACH) & (low >= paint.h_line + REACH)
    if fld.lips is not None:  # the cut above its lips: never above the disc's distance where this holds
        own &= disc + low >= 2 * REACH
    far = disc - abs(delta)  # the disc's distance in either look, at least
    still = (far - neck >= fld.k + 2 * REACH) & (far - np.minimum(plane, neck) >= w + 2 * REACH) & ~flat
    still &= c[:, 1] + 1.5 <= min(by, by - delta)  # (the neck's nearest point level with the pixel in both looks)
    return flat, own, still


def _above(fld: Field, rect: tuple[int, int, int, int], paint: Paint, th: Theme,
           last: tuple[np.ndarray, np.ndarray, int], delta: int, more: np.ndarray, shifts: tuple[int, int, int, int]
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(pixels (h, w) uint32 in the format of `shifts`, field (h, w) float32) over the half rect (x from 0) as _arrays
    makes them (the same blocks): its blocks near the membrane that are the plane's alone filled row by row from the
    plane's colours, those that are the disc's alone taken from the last sprite's half (its (h, w) pixels in that
    format, field and top row) delta px higher; then (pixels, field) at the pixel centres `more`, one by one (one
    evaluation of the field for all)."""
    x0, y0, w, hgt = rect
    exact, lumen, fc = _blocks(fld, rect, paint)
    nby, nbx = fc.shape
    b = BLOCK
    px = np.empty((nby, b, nbx, b), dtype=np.uint32)  # block row, row in it, block column, column in it
    ecf = _native(np.array([*th.ecf, 255], dtype=np.uint8).view(np.uint32), shifts)[0]
    px[...] = np.where(lumen, ecf, np.uint32(0))[:, None, :, None]
    f_all = np.empty((nby, b, nbx, b), dtype=np.float32)
    f_all[...] = fc.astype(np.float32)[:, None, :, None]
    by, bx = np.nonzero(exact)
    flat, own, still = _alone(fld, np.stack([x0 + (bx + 0.5) * b, y0 + (by + 0.5) * b], axis=1), paint, delta)
    was, was_f, was_y0 = last
    for taken, shift in ((own, delta), (still, 0)):  # from the last sprite: moved with the disc, or where they were
        rows = y0 + by[:, None] * b + np.arange(b) - shift - was_y0  # the rows its blocks' pixels were on there
        taken &= (rows[:, 0] >= 0) & (rows[:, -1] < len(was))
        if taken.any():
            cols = np.minimum(x0 + bx[taken, None] * b + np.arange(b), w - 1)  # (columns beyond the rect: cut below)
            src = rows[taken][:, :, None], cols[:, None, :]
            px[by[taken], :, bx[taken]] = was[src]
            f_all[by[taken], :, bx[taken]] = was_f[src]
            counts["moved" if shift else "still"] += int(taken.sum()) * b * b
    rest = ~(flat | own | still)
    ey, ex = by[rest], bx[rest]
    # the plane's colours by row: at one pixel column of a block of the plane's alone in each block row (its term is
    # the field there, whatever the column)
    fy, first = np.unique(by[flat], return_index=True)
    reps = np.stack(np.broadcast_arrays(x0 + 0.5 + bx[flat][first, None] * b,
                                        y0 + 0.5 + fy[:, None] * b + np.arange(b)), axis=-1).reshape(-1, 2)
    c, fe = _exact(fld, np.concatenate([reps, _block_pixels(ey, ex, x0, y0), more]), paint, th)
    u32 = _native(np.ascontiguousarray(c).view(np.uint32)[:, 0], shifts)
    k, m = len(reps), len(reps) + ey.size * b * b
    if flat.any():
        table, f_table = np.zeros((nby, b), dtype=np.uint32), np.zeros((nby, b), dtype=np.float32)
        table[fy], f_table[fy] = u32[:k].reshape(-1, b), fe[:k].reshape(-1, b)
        py, pxs = by[flat], bx[flat]
        px[py, :, pxs] = table[py][:, :, None]
        f_all[py, :, pxs] = f_table[py][:, :, None]
        counts["plane"] += int(flat.sum()) * b * b
    if ey.size:
        px[ey, :, ex] = u32[k:m].reshape(ey.size, b, b)
        f_all[ey, :, ex] = fe[k:m].reshape(ey.size, b, b)
        counts["exact"] += ey.size * b * b
    counts["exact"] += len(more)
    return (px.reshape(nby * b, nbx * b)[:hgt, :w], f_all.reshape(nby * b, nbx * b)[:hgt, :w], u32[m:],
            fe[m:].astype(np.float32))


def swap(who: Hashable, key: tuple) -> tuple | None:
    """Remember key as body `who`'s own tile now; the key of its last one (None: not seen lately)."""
    was = last.get(who)
    if len(last) >= LAST and was is None:
        last.clear()
    last[who] = key
    return was


def moved_by(was: tuple | None, key: tuple) -> int | None:
    """How far a body moved down (px) since its last own tile `was`, when that tile had the same look but its depth
    (keys: (*base, clip, look), look[0] its depth; clips none or a cut of rows only; the look's collapse 0)."""
    if was is None or was[:-2] != key[:-2] or was[-1][1:] != key[-1][1:] or key[-1][2] != 0:
        return None
    for clip in (was[-2], key[-2]):
        if clip is not None and (clip[0] != -key[-1][6] or clip[2] != 2 * key[-1][6] + 1):
            return None
    delta = int(key[-1][0]) - int(was[-1][0])
    return delta if 0 < abs(delta) <= MAX_SHIFT else None
