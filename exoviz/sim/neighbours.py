"""Neighbour search: every close pair of points on a cell grid (near_pairs), and the Verlet list that caches them."""

from __future__ import annotations

import numpy as np

# The cell itself and the four neighbour cells "after" it: together they meet every pair once.
_HALF_OFFSETS = ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1))
_MAX_CELLS_PER_AXIS = 2.0**40  # coarser cells beyond this: still every pair (cells only need to be wide enough)
SKIN_NM = 300.0  # default Verlet skin: pairs are listed out to contact + skin


# -- all close pairs, from scratch ----------------------------------------------------------------------------------
def near_pairs(p: np.ndarray, reach: np.ndarray, group: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i != j, each unordered pair once, of points p ((n, 2)) closer than reach[i] + reach[j].

    Linear in n: points hash into square cells at least 2 * max(reach) wide, and each point meets only the
    points of its own cell and of the four cells 'after' it, so no n x n array is ever built. Pairs whose
    group differs are dropped. Any finite coordinates work (points far apart, all in one cell, coincident).
    """
    return pairs_xy(np.ascontiguousarray(p[:, 0]), np.ascontiguousarray(p[:, 1]), reach, group)


def pairs_xy(x: np.ndarray, y: np.ndarray, reach: np.ndarray, group: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """near_pairs on separate coordinate arrays x, y ((n,) each)."""
    n = x.size
    empty = np.empty(0, dtype=np.intp)
    if n < 2:
        return empty, empty
    xmin, ymin = float(x.min()), float(y.min())
    span = max(float(x.max()) - xmin, float(y.max()) - ymin)
    cell = max(2.0 * float(reach.max()), span / _MAX_CELLS_PER_AXIS, 1e-9)
    cx = np.floor((x - xmin) / cell).astype(np.int64)
    cy = np.floor((y - ymin) / cell).astype(np.int64)
    nx, ny = int(cx.max()) + 3, int(cy.max()) + 3  # one empty cell of padding on each side
    if nx * ny > 8 * n + 4096:  # sparse: squeeze out empty columns and rows (keeping neighbours adjacent)
        cx, cy = _squeeze(cx), _squeeze(cy)
        nx, ny = int(cx.max()) + 3, int(cy.max()) + 3
    key = (cy + 1) * nx + (cx + 1)
    order = np.argsort(key.astype(np.uint16) if nx * ny <= 65536 else key, kind="stable")  # 16 bits: a radix sort
    sk = key[order]  # from here on points are numbered in cell order: neighbours sit close in memory
    a, b = _candidates(sk, _CellTable(sk, nx * ny), nx)
    xs, ys, rs = x[order], y[order], reach[order]
    ddx = np.repeat(xs, a.per) - xs[b]
    ddy = np.repeat(ys, a.per) - ys[b]
    lim = np.repeat(rs, a.per) + rs[b]
    close = ddx * ddx + ddy * ddy < lim * lim
    if group is not None:
        gs = group[order]
        close &= np.repeat(gs, a.per) == gs[b]
    keep = np.flatnonzero(close)
    return order[a.first(keep)], order[b[keep]]


def _squeeze(c: np.ndarray) -> np.ndarray:
    """Cell coordinates renumbered 0, 1, ... with gaps of more than one empty cell shrunk to one empty cell."""
    used, inverse = np.unique(c, return_inverse=True)
    step = np.where(np.diff(used) > 1, 2, 1)
    return np.concatenate(([0], np.cumsum(step)))[inverse].astype(np.int64)


class _CellTable:
    """Where each cell's points sit in the sorted order: a dense table, or a sorted list of occupied cells."""

    def __init__(self, sorted_keys: np.ndarray, n_cells: int) -> None:
        self.dense = n_cells <= 8 * sorted_keys.size + 4096
        if self.dense:
            self.count = np.bincount(sorted_keys, minlength=n_cells)
            self.start = np.cumsum(self.count) - self.count
        else:
            first = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1]))
            self.keys = sorted_keys[first]
            self.first = np.flatnonzero(first)
            self.size = np.diff(np.append(self.first, sorted_keys.size))

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(start in the sorted order, number of points) of each cell in keys."""
        if self.dense:
            return self.start[keys], self.count[keys]
        at = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        hit = self.keys[at] == keys
        return self.first[at], np.where(hit, self.size[at], 0)


class _Runs:
    """Candidates as runs: point s (in cell order) meets per[s] partners, its candidates in a row."""

    def __init__(self, counts: np.ndarray, n: int) -> None:
        self.per = counts.reshape(n, -1).sum(axis=1)
        self.ends = np.cumsum(self.per)

    def first(self, c: np.ndarray) -> np.ndarray:
        """The point of each candidate c."""
        return np.searchsorted(self.ends, c, side="right")


def _candidates(sk: np.ndarray, table: _CellTable, nx: int) -> tuple[_Runs, np.ndarray]:
    """Every (s, t) in cell order with t after s in s's own cell or anywhere in one of the four cells after it:
    (the runs of s, t per candidate)."""
    n = sk.size
    offsets = np.array([dy * nx + dx for dx, dy in _HALF_OFFSETS])
    start, count = table.lookup((sk[:, None] + offsets[None, :]).ravel())  # point-major: s * 5 + offset
    after = np.arange(1, n + 1) - start[::5]  # own cell: only the points after this one
    start[::5] += after
    count[::5] -= after
    ends = np.cumsum(count)
    partner = np.repeat(start - (ends - count), count) + np.arange(int(ends[-1]))
    return _Runs(count, n), partner


# -- the Verlet list -------------------------------------------------------------------------------------------------
class NeighbourList:
    """Pairs among a set of rows within contact + skin, kept until some body has moved more than skin / 2.

    A pair that was not listed was at least contact + skin apart at the build; as long as no body has moved
    (plus grown) more than skin / 2 since then, it cannot touch now. So the list serves many steps; it is
    rebuilt when that bound is broken, and started afresh when the set of rows (or their groups) changes:
    bodies spawned, retired or moved in or out of the set (slots are reused, so membership is checked by
    slot; a reused slot whose new body appears elsewhere is caught by the distance bound).

    Compact index c refers to rows[c]. Fields after a build: p0 ((2, n) positions then), r0 ((n,) radii
    then), i, j (pairs of compact indices), d0 ((2, pairs) float32 p0[:, i] - p0[:, j]).
    """

    def __init__(self, skin: float = SKIN_NM) -> None:
        self.skin = float(skin)
        self.rows = np.empty(0, dtype=np.intp)
        self.group: np.ndarray | None = None
        self.slot_of: np.ndarray = np.empty(0, dtype=np.intp)  # compact index of each slot, -1 outside the set
        self.built = False
        self.builds = 0  # how many times the pairs were searched (for tests and the benchmark)

    def use_rows(self, rows: np.ndarray, group: np.ndarray | None, capacity: int) -> None:
        """Keep the list if rows (sorted slots) and their groups are those it was built for; else start afresh."""
        same = rows.size == self.rows.size and self.slot_of.size == capacity and np.array_equal(rows, self.rows)
        if same and group is not None:
            same = self.group is not None and np.array_equal(group, self.group)
        if same:
            return
        self.rows = rows
        self.group = None if group is None else group.copy()
        self.slot_of = np.full(capacity, -1, dtype=np.intp)
        self.slot_of[rows] = np.arange(rows.size)
        self.built = False

    def since_build(self, p: np.ndarray, r: np.ndarray, gap: float, force: bool = False) -> np.ndarray:
        """Displacements ((2, n) float32) of compact positions p since the build; the list is first searched
        again (displacements 0) if it has never been, if `force`, or if a body has moved plus grown (radius r)
        more than skin / 2 since."""
        if self.built and not force:
            d = np.subtract(p, self.p0).astype(np.float32)
            if d.shape[1] == 0:
                return d
            grow = max(float((r - self.r0).max()), 0.0)
            if float(np.sqrt((d[0] * d[0] + d[1] * d[1]).max())) + grow <= 0.5 * self.skin:
                return d
        self._build(p, r, gap)
        return np.zeros(p.shape, dtype=np.float32)

    def _build(self, p: np.ndarray, r: np.ndarray, gap: float) -> None:
        """Search the pairs closer than r_i + r_j + gap + skin at compact positions p ((2, n))."""
        self.p0, self.r0 = p.copy(), r.copy()
        self.i, self.j = pairs_xy(p[0], p[1], r + 0.5 * (gap + self.skin), self.group)
        self.d0 = (np.take(p, self.i, axis=1) - np.take(p, self.j, axis=1)).astype(np.float32)
        self.built = True
        self.builds += 1
        self._contact_r: np.ndarray | None = None

    def contact_for(self, r: np.ndarray, gap: float) -> np.ndarray:
        """r_i + r_j + gap for every listed pair (float32), for radii r (compact); recomputed when r changes."""
        if self._contact_r is None or not np.array_equal(r, self._contact_r):
            r32 = r.astype(np.float32)
            self._contact = r32[self.i] + r32[self.j] + np.float32(gap)
            self._contact_r = r.copy()
        return self._contact
