"""Many dots at once: their sprites written straight into the screen's pixel array, the very pixels of the blits.

For a sprite of one colour on its colour key (no outline), the pixels covered by many blits do not depend on the
order of the blits: they are the union of the sprite's shape placed at every top-left corner. That union is a
dilation of the corners' mask by the shape, done with a few dozen boolean array operations over the dots' box,
whatever their number.

An outlined dot (a disc on a slightly larger disc of another colour) is nested shapes, each of one colour. There
the order matters: a pixel shows the dot blitted last among those covering it. Each corner holds the rank of the
last dot blitted there, the ranks are dilated by taking maxima (the last dot covering a pixel with each shape),
and a pixel takes the colour of the innermost shape by which that last dot covers it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import permutations
from typing import TypeVar

import numpy as np
import pygame

# Costs measured on the 2-core machine (50,000 dots of radius 4: blits 6.1 ms, stamping over 1440 x 180 px 2.9 ms)
BLIT_NS = 120.0  # one small colour-keyed blit (fblits)
STAMP_DOT_NS = 45.0  # stamping, per dot
STAMP_PIXEL_NS = 2.0  # stamping, per pixel of the dots' box (a few dozen boolean operations)
_T = TypeVar("_T")
_shapes: dict[tuple, Shape | None] = {}
_layers: dict[tuple, list[Shape] | None] = {}
STAMP_OP_NS = 0.25  # layered stamping, per pixel of the dots' box and array operation (uint16 maxima)


class Shape:
    """A one-colour sprite's shape as rows: for each sprite row y, the covered columns lo..hi (contiguous)."""

    def __init__(self, rows: list[tuple[int, int, int]], size: tuple[int, int], color: tuple[int, ...]) -> None:
        self.rows, self.size, self.color = rows, size, color
        self.longest = max(hi - lo + 1 for _, lo, hi in rows)


def _by_content(cache: dict[tuple, _T], sprite: pygame.Surface, find: Callable[[pygame.Surface], _T]) -> _T:
    """find(sprite), cached by the sprite's content: a small sprite's pixels are a cheap key, and unlike its id
    they cannot be reused by another sprite (at most 64 kept)."""
    key = (sprite.get_size(), sprite.get_colorkey(), pygame.image.tobytes(sprite, "RGB"))
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        cache[key] = find(sprite)
    return cache[key]


def shape_of(sprite: pygame.Surface) -> Shape | None:
    """The sprite's Shape if it is one colour on its key with contiguous rows, else None (cached by content)."""
    return _by_content(_shapes, sprite, _find_shape)


def layers_of(sprite: pygame.Surface) -> list[Shape] | None:
    """The sprite as nested shapes, outermost first (shape k: the pixels of colours[k:]; its colour: colours[k]),
    each with contiguous rows; None if it is not one (cached by content)."""
    return _by_content(_layers, sprite, _find_layers)


def _find_shape(sprite: pygame.Surface) -> Shape | None:
    found = _find_layers(sprite)
    return found[0] if found is not None and len(found) == 1 else None


def _find_layers(sprite: pygame.Surface) -> list[Shape] | None:
    ck = sprite.get_colorkey()
    if ck is None:
        return None
    px = pygame.surfarray.array3d(sprite)  # (w, h, 3)
    on = np.any(px != np.array(ck[:3]), axis=2)
    colors = sorted({tuple(c) for c in px[on].tolist()})  # a small sprite's pixels (built once per sprite)
    if not colors or len(colors) > 3:
        return None
    for order in permutations(colors):  # which colour lies inside which
        shapes = []
        for k, color in enumerate(order):
            inner = on & np.isin(px @ np.array([65536, 256, 1]), [(r << 16) + (g << 8) + b for r, g, b in order[k:]])
            rows = _rows(inner)
            if rows is None:
                break
            shapes.append(Shape(rows, sprite.get_size(), color))
        else:
            return shapes
    return None


def _rows(on: np.ndarray) -> list[tuple[int, int, int]] | None:
    """(y, first x, last x) of each row of a (w, h) mask that has pixels; None if a row is not contiguous."""
    rows = []
    for y in range(on.shape[1]):
        xs = np.flatnonzero(on[:, y])
        if xs.size == 0:
            continue
        if xs[-1] - xs[0] + 1 != xs.size:
            return None
        rows.append((y, int(xs[0]), int(xs[-1])))
    return rows or None


def worth_it(screen: pygame.Surface, n: int, box: tuple[int, int], layers: list[Shape] | None = None) -> bool:
    """Whether stamping beats n blits for a box of box px (and the screen's pixels can be written directly);
    layers: an outlined sprite's nested shapes (its cost grows with their rows)."""
    if screen.get_bytesize() != 4:
        return False
    per_px = STAMP_PIXEL_NS
    if layers is not None and len(layers) > 1:
        per_px = STAMP_OP_NS * (sum(len(s.rows) for s in layers) + max(s.longest for s in layers) + 2 * len(layers))
    return box[0] * box[1] * per_px + n * STAMP_DOT_NS < n * BLIT_NS


def stamp(screen: pygame.Surface, shape: Shape, tlx: np.ndarray, tly: np.ndarray,
          extent: tuple[int, int, int, int] | None = None) -> None:
    """Draw the shape with its top-left corner at every (tlx, tly) px, within the screen's clip. The masks are
    (rows, columns) like the screen's pixels in memory, so the last write runs along them. extent: (min tlx,
    min tly, max tlx, max tly) if the caller knows them (int32 corners halve the memory the indices take)."""
    w, h = shape.size
    ext = extent if extent is not None else _extent(tlx, tly)
    box = _box(screen, (w, h), ext)
    if box is None:
        return
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    # corners that can reach the box, in a mask that starts w - 1 (h - 1) px before it
    cw, ch = bw + w - 1, bh + h - 1
    at = _corner_index(tlx, tly, ext, x0 - w + 1, y0 - h + 1, cw, ch)
    flat = np.zeros(ch * cw, dtype=bool)
    flat[at] = True
    runs = _Runs(flat.reshape(ch, cw), shape.longest)  # runs.of(L)[:, u]: any corner in columns u .. u + L - 1
    covered = None
    for y, lo, hi in shape.rows:  # pixel (x, Y) is covered by sprite row y if a corner sits at (x - lo..x - hi, Y - y)
        sx, sy = w - 1 - hi, h - 1 - y
        part = runs.of(hi - lo + 1)[sy:sy + bh, sx:sx + bw]
        covered = part.copy() if covered is None else np.logical_or(covered, part, out=covered)
    pixels = pygame.surfarray.pixels2d(screen)
    try:
        np.copyto(pixels[x0:x1, y0:y1].T, np.uint32(screen.map_rgb(shape.color)), where=covered)
    finally:
        del pixels


def _extent(tlx: np.ndarray, tly: np.ndarray) -> tuple[int, int, int, int]:
    return int(tlx.min()), int(tly.min()), int(tlx.max()), int(tly.max())


def _corner_index(tlx: np.ndarray, tly: np.ndarray, ext: tuple[int, int, int, int], mx0: int, my0: int, cw: int,
                  ch: int) -> np.ndarray:
    """Flat indices, in a (ch, cw) mask starting at (mx0, my0), of the corners inside it (in their order): one new
    array and in-place passes when every corner is inside (as usual: the extent tells), else filtered."""
    if ext[0] >= mx0 and ext[2] < mx0 + cw and ext[1] >= my0 and ext[3] < my0 + ch:
        at = np.subtract(tly, my0)
        at *= cw
        at += tlx
        at -= mx0
        return at
    mx, my = tlx - mx0, tly - my0
    keep = (mx >= 0) & (mx < cw) & (my >= 0) & (my < ch)
    at = my[keep]  # (filtered first: far corners could overflow int32 once multiplied)
    at *= cw
    at += mx[keep]
    return at


def _box(screen: pygame.Surface, size: tuple[int, int], ext: tuple[int, int, int, int]
         ) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1): the part of the screen's clip the sprites with top-left corners in ext (_extent) can
    reach; None if nothing."""
    clip = screen.get_clip()
    w, h = size
    x0, y0 = max(clip.left, ext[0]), max(clip.top, ext[1])
    x1, y1 = min(clip.right, ext[2] + w), min(clip.bottom, ext[3] + h)
    return None if x1 <= x0 or y1 <= y0 else (x0, y0, x1, y1)


def stamp_layers(screen: pygame.Surface, layers: list[Shape], tlx: np.ndarray, tly: np.ndarray,
                 extent: tuple[int, int, int, int] | None = None) -> None:
    """Draw a sprite of nested shapes (layers_of) with its top-left corner at every (tlx, tly) px in this order
    (the last one on top), within the screen's clip: the pixels of blitting them one after the other. extent: as
    for stamp."""
    w, h = layers[0].size
    ext = extent if extent is not None else _extent(tlx, tly)
    box = _box(screen, (w, h), ext)
    if box is None:
        return
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    cw, ch = bw + w - 1, bh + h - 1  # (rows: y; a mask starting w - 1, h - 1 px before the box)
    at = _corner_index(tlx, tly, ext, x0 - w + 1, y0 - h + 1, cw, ch)
    kind = np.uint16 if at.size < 65535 else np.uint32
    rank = np.zeros(ch * cw, dtype=kind)  # the last dot at each corner: 1-based rank in blit order among those here
    np.maximum.at(rank, at, np.arange(1, at.size + 1, dtype=kind))
    runs = _Runs(rank.reshape(ch, cw), max(s.longest for s in layers))
    tops = []
    for shape in layers:  # the last dot covering each pixel with this shape
        top = np.zeros((bh, bw), dtype=kind)
        for y, lo, hi in shape.rows:
            sx, sy = w - 1 - hi, h - 1 - y
            np.maximum(top, runs.of(hi - lo + 1)[sy:sy + bh, sx:sx + bw], out=top)
        tops.append(top)
    colour = np.full((bh, bw), screen.map_rgb(layers[0].color), dtype=np.uint32)
    for k in range(1, len(layers)):  # a pixel takes the innermost shape by which the last dot covers it
        colour[tops[k] == tops[0]] = screen.map_rgb(layers[k].color)
    pixels = pygame.surfarray.pixels2d(screen)
    try:
        np.copyto(pixels[x0:x1, y0:y1].T, colour, where=tops[0] > 0)  # (rows, columns) like the masks
    finally:
        del pixels


class _Runs:
    """Maxima of a (rows, columns) array over runs of columns: of(L)[:, u] is the largest in columns u .. u + L - 1
    (runs of powers of two by doubling, any other length from two overlapping ones)."""

    def __init__(self, a: np.ndarray, longest: int) -> None:
        self._of = {1: a}
        p = 1
        while 2 * p <= longest:
            r = self._of[p]
            self._of[2 * p] = np.maximum(r[:, :-p], r[:, p:])
            p *= 2

    def of(self, length: int) -> np.ndarray:
        if length not in self._of:
            p = 1 << (length.bit_length() - 1)
            r = self._of[p]
            self._of[length] = np.maximum(r[:, :r.shape[1] - (length - p)], r[:, length - p:])
        return self._of[length]
