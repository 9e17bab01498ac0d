"""Splits the screen columns around fused bodies into runs: each body's own columns (drawn from its own sprite,
shared by every body of the same size at the same moment), seams where caps meet (drawn from one sprite of
the bodies together, with the wall of two membranes kept between them) and flat membrane (nothing to draw).
No pygame.

Two neighbours that do not touch share their columns at the middle of the gap between their shapes: each
sprite shows only the flat membrane beyond that point (the field of several bodies is the minimum of each
body's own, and neither body changes the other's side), so the split is seamless.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from exoviz.render.cache import kept
from exoviz.sim.membrane_field import walls
from exoviz.sim.membrane_shape import Attached

FLAT, SEAM = -1, -2


@dataclass
class Runs:
    """Runs of screen columns [start[i], start[i + 1]) (the last one ends at end): owner[i] is the body whose own
    sprite shows there, SEAM (the joint sprite of bodies[i], caps that meet, with the wall between them) or FLAT."""

    start: np.ndarray  # (m,) int px
    end: int
    owner: np.ndarray  # (m,) body index, SEAM or FLAT
    bodies: list[np.ndarray]  # per run: body indices of a seam (empty otherwise)

    def spans(self) -> list[tuple[int, int]]:
        s = self.start.tolist() + [self.end]
        return list(zip(s[:-1], s[1:]))


def _groups(att: Attached, keep: np.ndarray, x: np.ndarray, hw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """((len(keep),) group id of each kept body (sorted by x): neighbours whose caps meet share one (-1: alone),
    the walls between them (nw, 4): i, j (indices into keep), middle x, half-thickness)."""
    g = np.full(keep.size, -1, dtype=np.int64)
    w = np.empty((0, 4))
    if keep.size > 1 and (np.diff(x) < hw[1:] + hw[:-1] + 2.0 * att.septum).any():
        depth, radius = att.caps()
        discs = np.stack([x, att.line + depth[keep], radius[keep]], axis=1)
        w = walls(discs, att.line, att.septum, (att.lumen + att.h_neck)[keep])
        r0 = att.r0[keep]
        link = np.abs(np.diff(x)) < 0.5 * np.minimum(r0[1:], r0[:-1])  # one hangs under the other (compound)
        if len(w) or link.any():
            link[np.minimum(w[:, 0], w[:, 1]).astype(np.int64)] = True  # sorted: walls join i and i + 1
            new = np.concatenate([[True], ~link])
            ids = np.cumsum(new) - 1
            size = np.bincount(ids)
            g = np.where(size[ids] > 1, ids, -1)
    return g, w


def _joint(mem: np.ndarray, lo: np.ndarray, hi: np.ndarray, w: np.ndarray, mid: np.ndarray, pad: float
           ) -> tuple[int, int]:
    """The columns [a, b) of a group (its members mem, consecutive in x order) that need the bodies drawn together:
    where two of them bend the membrane (their reaches [lo, hi) overlap), around each wall between them (its
    septum and the leaflets each side, pad px) and at each split between neighbours (mid). Beyond, one body alone
    bends the membrane: its own sprite draws it as the joint one would. (Two or three members: Python numbers, the
    same sums as in NumPy, a third of the time of its ~15 calls on arrays of 2-9 items.)"""
    m = mem.tolist()
    los, his = lo[mem].tolist(), hi[mem].tolist()
    starts: list[float] = []
    ends: list[float] = []
    for p in range(len(m)):  # pairs of members whose reaches overlap
        for q in range(len(m)):
            a, b = max(los[p], los[q]), min(his[p], his[q])
            if p != q and a < b:
                starts.append(a)
                ends.append(b)
    for i, j, x, s in w.tolist():  # walls join i and i + 1: those between members
        if i >= m[0] and j <= m[-1]:
            starts.append(x - s - pad)
            ends.append(x + s + pad)
    for c in mid[mem[:-1]].tolist():
        starts.append(c - 1.0)
        ends.append(c + 1.0)
    return math.floor(min(starts)), math.ceil(max(ends)) + 1


KEEP_RUNS = 8
_KEPT = kept("tilings kept", KEEP_RUNS, released=False)  # the last few tilings by their inputs (main view and close-up)


def runs(att: Attached, keep: np.ndarray, h: float) -> Runs:
    """Column runs over the bodies keep (indices into att): who draws each column; the same Runs again while
    those bodies' quantised shapes and places (all it depends on) are unchanged (between steps, most frames)."""
    return _KEPT.get_or_make(_key(att, keep, h), lambda: _runs(att, keep, h))


def _key(att: Attached, keep: np.ndarray, h: float) -> bytes:
    """Everything runs() reads: the kept bodies' indices, places and shapes, and the scalars."""
    k = np.asarray(keep, dtype=np.int64)
    per = np.stack([att.x[k], att.depth0[k], att.r0[k], att.c[k], att.lumen[k]], axis=1).astype(np.float64)
    head = np.array([h, att.line, att.h_neck, att.k, att.touch, k.size], dtype=np.float64)
    return head.tobytes() + k.tobytes() + per.tobytes()


def _runs(att: Attached, keep: np.ndarray, h: float) -> Runs:
    keep = keep[np.argsort(att.x[keep], kind="stable")]
    x, hw = att.x[keep], att.half_width()[keep]
    infl = att.influence(h)[keep]
    reach_lo = np.floor(x - infl).astype(np.int64)
    reach_hi = np.ceil(x + infl).astype(np.int64) + 1
    lo, hi = reach_lo.copy(), reach_hi.copy()
    mid = np.round(0.5 * ((x + hw)[:-1] + (x - hw)[1:])).astype(np.int64)  # the middle of each gap
    lo[1:] = np.maximum(lo[1:], mid)
    hi[:-1] = np.minimum(hi[:-1], mid)
    group, wl = _groups(att, keep, x, hw)
    ids = np.unique(group[group >= 0])
    g_lo = np.zeros(ids.size, dtype=np.int64)
    g_hi = np.zeros(ids.size, dtype=np.int64)
    for k, i in enumerate(ids.tolist()):  # a few groups: the columns their joint sprite draws
        mem = np.flatnonzero(group == i)
        j_lo, j_hi = _joint(mem, reach_lo, reach_hi, wl, mid, h + 2.0)
        g_lo[k], g_hi[k] = max(j_lo, int(lo[mem].min())), min(j_hi, int(hi[mem].max()))
    edges = np.unique(np.concatenate([lo, hi, g_lo, g_hi]))
    a, b = edges[:-1], edges[1:]
    centre = 0.5 * (a + b)
    # a few fused bodies in view (and their groups) against a few dozen segments
    inside = (lo[None, :] <= centre[:, None]) & (centre[:, None] < hi[None, :])
    owner = np.where(inside.any(axis=1), keep[np.argmax(inside, axis=1)], FLAT)
    in_group = (g_lo[None, :] <= centre[:, None]) & (centre[:, None] < g_hi[None, :])
    which = np.where(in_group.any(axis=1), np.argmax(in_group, axis=1), -1) if ids.size else np.full(a.size, -1)
    owner = np.where(which >= 0, SEAM, owner)
    key = np.where(which >= 0, -10 - which, owner)  # neighbouring runs of one owner (or one group) merge
    same = np.concatenate([[False], key[1:] == key[:-1]])
    a, owner, which = a[~same], owner[~same], which[~same]
    none = np.empty(0, dtype=np.int64)
    seams = [keep[group == ids[w]] if o == SEAM else none for o, w in zip(owner.tolist(), which.tolist())]
    return Runs(a, int(b[-1]), owner, seams)
