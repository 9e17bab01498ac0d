"""Structure labels placed so that none covers another label, the clock, the caption or the followed body.

Each label tries its preferred offset, then mirrored and farther ones; the first free spot wins, preferring
spots that cover fewer bodies (counted on a coarse occupancy grid built once per frame). A label with no free
spot is hidden rather than drawn over something that matters.
"""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import Text
from exoviz.render.hud import boxed
from exoviz.render.text import TextCache
from exoviz.render.theme import Theme

Label = tuple[Text, tuple[float, float], tuple[int, int]]  # text, anchor in nm, label offset in px
Placed = tuple[pygame.Surface, pygame.Rect, tuple[float, float] | None]  # text, its box, the leader's anchor px
CELL_PX = 16  # occupancy grid cell


def occupancy(view: tuple[int, int, int, int], centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """(rows, cols) count of body discs touching each grid cell of the view (bounding boxes, approximate)."""
    vx, vy, vw, vh = view
    cols, rows = vw // CELL_PX + 1, vh // CELL_PX + 1
    grid = np.zeros((rows + 1, cols + 1), dtype=np.int32)
    if centres.size == 0:
        return grid[:rows, :cols]
    per = 1.0 / CELL_PX  # (a float // a power of two is the floor of this exact product: the same cells, ~10x faster)
    x0 = np.clip(np.floor((centres[:, 0] - radii - vx) * per).astype(np.int64), 0, cols)
    x1 = np.clip(np.floor((centres[:, 0] + radii - vx) * per).astype(np.int64) + 1, 0, cols)
    y0 = np.clip(np.floor((centres[:, 1] - radii - vy) * per).astype(np.int64), 0, rows)
    y1 = np.clip(np.floor((centres[:, 1] + radii - vy) * per).astype(np.int64) + 1, 0, rows)
    # 2-D difference array: +1 at (y0, x0), -1 at (y0, x1) and (y1, x0), +1 at (y1, x1); then cumulative sums
    flat = grid.ravel()
    for ys, xs, sign in ((y0, x0, 1), (y0, x1, -1), (y1, x0, -1), (y1, x1, 1)):
        flat += sign * np.bincount(ys * (cols + 1) + xs, minlength=flat.size).astype(np.int32)
    return grid.cumsum(axis=0).cumsum(axis=1)[:rows, :cols]


def summed(grid: np.ndarray) -> np.ndarray:
    """The grid's summed-area table: sat[i, j] = grid[:i, :j].sum(), so any block's sum is four look-ups."""
    sat = np.zeros((grid.shape[0] + 1, grid.shape[1] + 1), dtype=np.int64)
    np.cumsum(grid, axis=0, out=sat[1:, 1:])
    np.cumsum(sat[1:, 1:], axis=1, out=sat[1:, 1:])
    return sat


def _covered(sat: np.ndarray, view: tuple[int, int, int, int], r: pygame.Rect) -> int:
    """Bodies counted in the grid cells under r (the cells of grid[r0:r1, c0:c1] as sliced: summed(grid))."""
    rows, cols = sat.shape[0] - 1, sat.shape[1] - 1
    c0, c1 = (r.left - view[0]) // CELL_PX, (r.right - view[0]) // CELL_PX + 1
    r0, r1 = (r.top - view[1]) // CELL_PX, (r.bottom - view[1]) // CELL_PX + 1
    c0, c1 = min(max(c0, 0), cols), min(max(c1, 0), cols)
    r0, r1 = min(max(r0, 0), rows), min(max(r1, 0), rows)
    if c1 <= c0 or r1 <= r0:
        return 0
    return int(sat[r1, c1] - sat[r0, c1] - sat[r1, c0] + sat[r0, c0])


def _candidates(dx: int, dy: int) -> list[tuple[float, float]]:
    if not dx and not dy:
        return [(0, 0), (0, 30), (0, -30), (60, 0), (-60, 0)]
    out = []
    for k in (1.0, 1.6, 0.6):
        for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
            out.append((sx * dx * k, sy * dy * k))
    return out


def place_labels(cam: Camera, text: TextCache, items: list[Label], size: int, avoid: list[pygame.Rect],
                 grid: np.ndarray | None, theme: Theme) -> list[Placed]:
    """(text surface, box, anchor px) for every label that has a free spot."""
    vx, vy, vw, vh = cam.view
    inner = pygame.Rect(cam.view).inflate(-8, -8)
    placed: list[Placed] = []
    taken = list(avoid)
    sat = summed(grid) if grid is not None else None
    for label, (x, y), (dx, dy) in items:  # a handful of labels
        ax, ay = float(cam.x_to_screen(x)), float(cam.y_to_screen(y))
        if not (vx <= ax <= vx + vw and vy <= ay <= vy + vh):
            continue
        s = text.render(label, size, theme.text, False)
        best: pygame.Rect | None = None
        best_cover = 0
        for ox, oy in _candidates(dx, dy):
            r = pygame.Rect(0, 0, s.get_width() + 8, s.get_height() + 4)
            if dx or dy:
                r.center = (int(ax + ox), int(ay + oy))
            else:  # a label without a leader starts at its anchor
                r.midleft = (int(ax + ox), int(ay + oy))
            r.clamp_ip(inner)
            if r.w > inner.w or r.h > inner.h or r.collidelist(taken) >= 0:
                continue
            if (dx or dy) and _crosses(avoid, (ax, ay), r.center):
                continue
            cover = _covered(sat, cam.view, r) if sat is not None else 0
            if best is None or cover < best_cover:
                best, best_cover = r, cover
            if cover == 0:
                break
        if best is not None:
            placed.append((s, best, (ax, ay) if (dx or dy) else None))
            taken.append(best)
    return placed


def _crosses(avoid: list[pygame.Rect], anchor: tuple[float, float], end: tuple[int, int]) -> bool:
    """Whether a leader line from anchor to end would run across an overlay or the subject (one that holds the
    anchor itself does not count: the label names what is inside it)."""
    return any(a.clipline(anchor, end) for a in avoid if not a.collidepoint(anchor))


def draw_labels(screen: pygame.Surface, theme: Theme, placed: list[Placed]
                ) -> list[pygame.Rect]:
    for _s, rect, anchor in placed:
        if anchor is not None:
            pygame.draw.line(screen, theme.text, anchor, rect.center, 2 + theme.outline)
            pygame.draw.circle(screen, theme.text, anchor, 3 + theme.outline)
    for s, rect, _ in placed:  # each label in its box: one premultiplied layer (hud.boxed), one blit
        screen.blit(boxed(s, rect.size, (4, 2), theme), rect, special_flags=pygame.BLEND_PREMULTIPLIED)
    return [rect for _, rect, _ in placed]
