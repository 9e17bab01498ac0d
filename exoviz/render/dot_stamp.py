"""Many one-colour dots at once: the union of their sprites written straight into the screen's pixel array.

For a sprite of one colour on its colour key (no outline), the pixels covered by many blits do not depend on the
order of the blits: they are the union of the sprite's shape placed at every top-left corner. That union is a
dilation of the corners' mask by the shape, done with a few dozen boolean array operations over the dots' box,
whatever their number; the pixels are the ones the blits would give.
"""

from __future__ import annotations

import numpy as np
import pygame

# Costs measured on the 2-core machine (50,000 dots of radius 4: blits 6.1 ms, stamping over 1440 x 180 px 2.9 ms)
BLIT_NS = 120.0  # one small colour-keyed blit (fblits)
STAMP_DOT_NS = 45.0  # stamping, per dot
STAMP_PIXEL_NS = 2.0  # stamping, per pixel of the dots' box (a few dozen boolean operations)
_shapes: dict[tuple, Shape | None] = {}


class Shape:
    """A one-colour sprite's shape as rows: for each sprite row y, the covered columns lo..hi (contiguous)."""

    def __init__(self, rows: list[tuple[int, int, int]], size: tuple[int, int], color: tuple[int, ...]) -> None:
        self.rows, self.size, self.color = rows, size, color
        self.longest = max(hi - lo + 1 for _, lo, hi in rows)


def shape_of(sprite: pygame.Surface) -> Shape | None:
    """The sprite's Shape if it is one colour on its key with contiguous rows, else None (cached by content:
    a small sprite's pixels are a cheap key, and unlike its id they cannot be reused by another sprite)."""
    key = (sprite.get_size(), sprite.get_colorkey(), pygame.image.tobytes(sprite, "RGB"))
    if key not in _shapes:
        if len(_shapes) > 64:
            _shapes.clear()
        _shapes[key] = _find_shape(sprite)
    return _shapes[key]


def _find_shape(sprite: pygame.Surface) -> Shape | None:
    ck = sprite.get_colorkey()
    if ck is None:
        return None
    px = pygame.surfarray.array3d(sprite)  # (w, h, 3)
    on = np.any(px != np.array(ck[:3]), axis=2)
    colors = {tuple(c) for c in px[on].tolist()}
    if len(colors) != 1:
        return None
    rows = []
    for y in range(on.shape[1]):
        xs = np.flatnonzero(on[:, y])
        if xs.size == 0:
            continue
        if xs[-1] - xs[0] + 1 != xs.size:
            return None
        rows.append((y, int(xs[0]), int(xs[-1])))
    return Shape(rows, sprite.get_size(), colors.pop()) if rows else None


def worth_it(screen: pygame.Surface, n: int, box: tuple[int, int]) -> bool:
    """Whether stamping beats n blits for a box of box px (and the screen's pixels can be written directly)."""
    if screen.get_bytesize() != 4:
        return False
    return box[0] * box[1] * STAMP_PIXEL_NS + n * STAMP_DOT_NS < n * BLIT_NS


def stamp(screen: pygame.Surface, shape: Shape, tlx: np.ndarray, tly: np.ndarray) -> None:
    """Draw the shape with its top-left corner at every (tlx, tly) px, within the screen's clip."""
    clip = screen.get_clip()
    w, h = shape.size
    x0, y0 = max(clip.left, int(tlx.min())), max(clip.top, int(tly.min()))
    x1, y1 = min(clip.right, int(tlx.max()) + w), min(clip.bottom, int(tly.max()) + h)
    if x1 <= x0 or y1 <= y0:
        return
    bw, bh = x1 - x0, y1 - y0
    # corners that can reach the box, in a mask that starts w - 1 (h - 1) px before it
    mx, my = tlx - (x0 - w + 1), tly - (y0 - h + 1)
    inside = (mx >= 0) & (mx < bw + w - 1) & (my >= 0) & (my < bh + h - 1)
    corners = np.zeros((bw + w - 1, bh + h - 1), dtype=bool)
    corners[mx[inside], my[inside]] = True
    # runs[L][u] = any corner in columns u .. u + L - 1 (one OR per extra column)
    runs: list[np.ndarray] = [corners[:0], corners]  # runs[0]: unused (no run is 0 columns long)
    for length in range(2, shape.longest + 1):
        prev = runs[-1]
        runs.append(prev[:-1] | corners[length - 1:length - 1 + prev.shape[0] - 1])
    covered = np.zeros((bw, bh), dtype=bool)
    for y, lo, hi in shape.rows:  # pixel (x, Y) is covered by sprite row y if a corner sits at (x - lo..x - hi, Y - y)
        run = runs[hi - lo + 1]
        sx, sy = w - 1 - hi, h - 1 - y
        covered |= run[sx:sx + bw, sy:sy + bh]
    pixels = pygame.surfarray.pixels2d(screen)
    try:
        view = pixels[x0:x1, y0:y1]
        view[covered] = screen.map_rgb(shape.color)
    finally:
        del pixels
