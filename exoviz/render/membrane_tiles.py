"""Splits the screen columns around fused bodies into runs: each body's own columns (drawn from its own sprite,
shared by every body of the same size at the same moment), seams where caps cross or touch (drawn from a
sprite composed of the bodies' sprites and the bridge that fills the cytosol trapped between them) and flat
membrane (nothing to draw). No pygame.

Two neighbours that do not touch share their columns at the middle of the gap between their shapes: each
sprite shows only the flat membrane beyond that point (the field of several bodies is the minimum of each
body's own, and neither body changes the other's side), so the split is seamless.
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
    sprite shows there, SEAM (joint sprite of bodies[i] and bridges[i]) or FLAT."""

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


def _bridges(att: Attached, keep: np.ndarray, x: np.ndarray, hw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bridges among the kept bodies (sorted by x), if any two caps come near enough to meet."""
    if keep.size > 1 and (np.diff(x) < hw[1:] + hw[:-1] + att.touch).any():
        depth, radius = att.caps()
        discs = np.stack([x, att.line + depth[keep], radius[keep]], axis=1)
        return bridges(discs, att.line, att.k, att.touch)
    return np.empty((0, 4)), np.empty((0, 3))


def runs(att: Attached, keep: np.ndarray, h: float) -> Runs:
    """Column runs over the bodies keep (indices into att): who draws each column."""
    keep = keep[np.argsort(att.x[keep], kind="stable")]
    x, hw = att.x[keep], att.half_width()[keep]
    infl = att.influence(h)[keep]
    lo = np.floor(x - infl).astype(np.int64)
    hi = np.ceil(x + infl).astype(np.int64) + 1
    mid = np.round(0.5 * ((x + hw)[:-1] + (x - hw)[1:])).astype(np.int64)  # the middle of each gap
    lo[1:] = np.maximum(lo[1:], mid)
    hi[:-1] = np.minimum(hi[:-1], mid)
    boxes, dots = _bridges(att, keep, x, hw)
    margin = att.k + h + 2.0
    b_lo = np.floor(boxes[:, 0] - margin).astype(np.int64)
    b_hi = np.ceil(boxes[:, 2] + margin).astype(np.int64) + 1
    edges = np.unique(np.concatenate([lo, hi, b_lo, b_hi]))
    a, b = edges[:-1], edges[1:]
    centre = 0.5 * (a + b)
    # a few fused bodies in view (and their bridges) against a few dozen segments
    inside = (lo[None, :] <= centre[:, None]) & (centre[:, None] < hi[None, :])
    owner = np.where(inside.any(axis=1), keep[np.argmax(inside, axis=1)], FLAT)
    seam = ((b_lo[None, :] <= centre[:, None]) & (centre[:, None] < b_hi[None, :])).any(axis=1)
    owner = np.where(seam, SEAM, owner)
    same = np.concatenate([[False], owner[1:] == owner[:-1]])
    a, owner = a[~same], owner[~same]
    ends = np.append(a[1:], b[-1])
    none = np.empty(0, dtype=np.int64)
    reach_lo, reach_hi = np.floor(x - infl), np.ceil(x + infl) + 1
    seams, links = [], []
    for s0, s1, o in zip(a.tolist(), ends.tolist(), owner.tolist()):  # a few runs per fused body
        seams.append(keep[(reach_lo < s1) & (reach_hi > s0)] if o == SEAM else none)
        links.append(np.flatnonzero((b_lo < s1) & (b_hi > s0)) if o == SEAM else none)
    return Runs(a, int(b[-1]), owner, seams, links, boxes, dots)
