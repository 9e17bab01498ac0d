"""A lone fused body that only moved in depth since its last sprite (a kissing vesicle's Omega rising or sinking a
px a frame in the close-up): below its neck its field is its disc's alone, so those rows of its new sprite are the
rows of its last one, moved with it; only the rows above them (the flat membrane, the neck, the disc's top) and
any new at the bottom are rasterised. The same pixels as a direct build, the same field near the membrane."""

from __future__ import annotations

import math
from collections.abc import Hashable

import numpy as np
import pygame

from exoviz.render.membrane_sprite import Paint, Raster, _arrays, _mirrored, _surface, finish
from exoviz.render.theme import Theme
from exoviz.sim.membrane_field import Field

MAX_SHIFT = 8  # px a body may have moved in depth for its last sprite's rows to be used again
MIN_ROWS = 48  # ... and at least this many rows of it must be usable
LAST = 256  # bodies whose last own sprite is remembered (by slot)
last: dict[Hashable, tuple] = {}  # (theme, neck px, slot) -> the key of that body's last own tile


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
    e = -x0
    px, f = [], []
    for a, b in ((y0, start), (end, y0 + hgt)):  # the rows above, and any new at the bottom: rasterised
        if b > a:
            rgba, fa = finish(_arrays(fld, (0, a, e + 1, b - a), paint, th))
            px.append(_mirrored(np.ascontiguousarray(rgba).view(np.uint32)[..., 0], e))
            f.append(_mirrored(np.ascontiguousarray(fa), e))
    h_old, w_old = old.f.shape
    was = np.frombuffer(pygame.image.tobytes(old.img, "RGBA"), dtype=np.uint32).reshape(h_old, w_old)
    i, j = start - delta - old.y0, end - delta - old.y0
    px.insert(1, was[i:j])
    f.insert(1, old.f[i:j])
    out = np.concatenate(px)
    return Raster(_surface(out.view(np.uint8).reshape(*out.shape, 4)), np.concatenate(f), x0, y0)


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
