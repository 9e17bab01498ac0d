"""Splits the screen columns around fused bodies into tiles: columns that only one body shapes (drawn from that
body's own sprite, shared by every body of the same size at the same moment), seams where several bodies' shapes
meet (drawn from a sprite of their joint field) and flat membrane (nothing to draw). No pygame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exoviz.sim.membrane_field import bridges
from exoviz.sim.membrane_shape import Attached

FLAT, SEAM = -1, -2


@dataclass
class Runs:
    """Runs of screen columns [start[i], start[i + 1]) (the last one ends at end): owner[i] is the body whose own
    sprite shows there, SEAM (joint sprite of bodies[i]) or FLAT."""

    start: np.ndarray  # (m,) int px
    end: int
    owner: np.ndarray  # (m,) body index, SEAM or FLAT
    bodies: list[np.ndarray]  # per run: body indices of a seam (empty otherwise)
    bridges: list[np.ndarray]  # per run: bridge indices of a seam (rows of boxes / dots)
    boxes: np.ndarray  # (nb, 4) px, the bridges' boxes (x0, y0, x1, y1)
    dots: np.ndarray  # (nb, 3) px, the bridges' rounding discs

    def spans(self) -> list[tuple[int, int]]:
        s = self.start.tolist() + [self.end]
        return list(zip(s[:-1], s[1:]))


def _ranges(lo: np.ndarray, hi: np.ndarray, weight: np.ndarray, c0: int, n: int) -> np.ndarray:
    """(n,) sum of weight[i] over the integer ranges [lo[i], hi[i]) (columns from c0), by a difference array."""
    d = np.bincount(np.clip(lo - c0, 0, n), weight, n + 1) - np.bincount(np.clip(hi - c0, 0, n), weight, n + 1)
    return np.cumsum(d)[:n]


def runs(att: Attached, keep: np.ndarray, h: float) -> Runs:
    """Column runs over the bodies keep (indices into att): who draws each column."""
    infl = att.influence(h)[keep]
    x = att.x[keep]
    lo = np.floor(x - infl).astype(np.int64)
    hi = np.ceil(x + infl).astype(np.int64) + 1
    c0, c1 = int(lo.min()), int(hi.max())
    n = c1 - c0
    cover = _ranges(lo, hi, np.ones(keep.size), c0, n)
    ids = _ranges(lo, hi, keep.astype(np.float64), c0, n)
    depth, radius = att.caps()
    discs = np.stack([x, att.line + depth[keep], radius[keep]], axis=1)
    boxes, dots = bridges(discs, att.line, att.k, att.touch)
    margin = att.k + h + 2.0
    b_lo = np.floor(boxes[:, 0] - margin).astype(np.int64)
    b_hi = np.ceil(boxes[:, 2] + margin).astype(np.int64) + 1
    if len(boxes):  # a bridge joins two bodies: everything from one axis to the other is a seam
        cover = cover + _ranges(b_lo, b_hi, np.full(len(boxes), 2.0), c0, n)
    cover = np.round(cover).astype(np.int64)
    who = np.where(cover == 0, FLAT, np.where(cover >= 2, SEAM, np.round(ids).astype(np.int64)))
    cut = np.flatnonzero(np.diff(who)) + 1
    start = np.concatenate([[0], cut])
    owner = who[start]
    seams: list[np.ndarray] = []
    links: list[np.ndarray] = []
    none = np.empty(0, dtype=np.int64)
    for a, b, o in zip((start + c0).tolist(), (np.append(cut, n) + c0).tolist(), owner.tolist()):  # a few runs
        seams.append(keep[(lo < b) & (hi > a)] if o == SEAM else none)
        links.append(np.flatnonzero((b_lo < b) & (b_hi > a)) if o == SEAM else none)
    return Runs(start + c0, c1, owner, seams, links, boxes, dots)
