"""Neighbour search on a cell grid: every close pair of points (near_pairs), and the Grid the Verlet list queries."""

from __future__ import annotations

import numpy as np

# The cell itself and the four neighbour cells "after" it: together they meet every pair once.
_HALF_OFFSETS = ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1))
_MAX_CELLS_PER_AXIS = 2.0**40  # coarser cells beyond this: still every pair (cells only need to be wide enough)
_DENSE_CELLS_PER_POINT = 32  # a dense cell table up to this many cells per point (plus 65536): else squeeze the grid


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
    if x.size < 2:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    return Grid(x, y, reach).pairs(x, y, reach, group)


class Grid:
    """Points x, y hashed into square cells at least 2 * max(reach) wide, in cell order.

    order: the points in cell order; cell, origin, nx: the grid's geometry. The grid can also answer queries
    for other points (query), unless it had to be squeezed to fit points astronomically far apart.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, reach: np.ndarray) -> None:
        self.xmin, self.ymin = float(x.min()), float(y.min())
        span = max(float(x.max()) - self.xmin, float(y.max()) - self.ymin)
        self.cell = max(2.0 * float(reach.max()), span / _MAX_CELLS_PER_AXIS, 1e-9)
        cx = np.floor((x - self.xmin) / self.cell).astype(np.int64)
        cy = np.floor((y - self.ymin) / self.cell).astype(np.int64)
        nx, ny = int(cx.max()) + 3, int(cy.max()) + 3  # one empty cell of padding on each side
        self.queryable = nx * ny < 2**62  # cell keys fit int64 (a sorted list of occupied cells if not dense)
        if not self.queryable:  # astronomically sparse: squeeze out empty columns and rows (neighbours stay adjacent)
            cx, cy = _squeeze(cx), _squeeze(cy)
            nx, ny = int(cx.max()) + 3, int(cy.max()) + 3
        self.nx, self.ny = nx, ny
        key = (cy + 1) * nx + (cx + 1)
        self.order = np.argsort(key.astype(np.uint16) if nx * ny <= 65536 else key, kind="stable")  # radix sort
        self.sk = key[self.order]
        self.table = _CellTable(self.sk, nx * ny)

    def pairs(self, x: np.ndarray, y: np.ndarray, reach: np.ndarray, group: np.ndarray | None
              ) -> tuple[np.ndarray, np.ndarray]:
        """Every pair of the grid's points closer than reach[i] + reach[j] (same group), each once."""
        order = self.order  # from here on points are numbered in cell order: neighbours sit close in memory
        a, b = _candidates(self.sk, self.table, self.nx)
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

    def query(self, qx: np.ndarray, qy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Candidates (q, j) for points qx, qy (not in the grid): every grid point j in the nine cells around
        query point q, so every j closer than one cell width to q (a dense grid only)."""
        cx = np.clip(np.floor((qx - self.xmin) / self.cell) + 1, 1, self.nx - 2).astype(np.int64)  # padded
        cy = np.clip(np.floor((qy - self.ymin) / self.cell) + 1, 1, self.ny - 2).astype(np.int64)
        around = np.array([dy * self.nx + dx for dy in (-1, 0, 1) for dx in (-1, 0, 1)])
        start, count = self.table.lookup(((cy * self.nx + cx)[:, None] + around[None, :]).ravel())
        ends = np.cumsum(count)
        total = int(ends[-1]) if ends.size else 0
        at = np.repeat(start - (ends - count), count) + np.arange(total)
        q = np.repeat(np.arange(qx.size), count.reshape(qx.size, 9).sum(axis=1))
        return q, self.order[at]


def _squeeze(c: np.ndarray) -> np.ndarray:
    """Cell coordinates renumbered 0, 1, ... with gaps of more than one empty cell shrunk to one empty cell."""
    used, inverse = np.unique(c, return_inverse=True)
    step = np.where(np.diff(used) > 1, 2, 1)
    return np.concatenate(([0], np.cumsum(step)))[inverse].astype(np.int64)


class _CellTable:
    """Where each cell's points sit in the sorted order: a dense table, or a sorted list of occupied cells."""

    def __init__(self, sorted_keys: np.ndarray, n_cells: int) -> None:
        self.dense = n_cells <= _DENSE_CELLS_PER_POINT * sorted_keys.size + 65536
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
