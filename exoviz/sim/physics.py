"""Vectorized motion rules: Brownian jitter, directed transport, overlap removal, confinement."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# The cell itself and the four neighbour cells "after" it: together they meet every pair once.
_HALF_OFFSETS = [(0, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
_OFFSET_DX = np.array([dx for dx, _ in _HALF_OFFSETS])
_OFFSET_DY = np.array([dy for _, dy in _HALF_OFFSETS])
ONE_PASS_MAX = 600  # near_pairs builds all candidates in one pass up to this many points (faster when small)


# -- Brownian motion ---------------------------------------------------------------------------
def jitter(pos: np.ndarray, idx: np.ndarray, d_nm2_s: float | np.ndarray, dt: float,
           rng: np.random.Generator) -> None:
    """Add a Brownian displacement, variance 2*D*dt per axis, to rows idx of pos ((n, 2) nm)."""
    if idx.size == 0:
        return
    sigma = np.sqrt(2.0 * np.asarray(d_nm2_s, dtype=np.float64) * dt)
    if sigma.ndim:
        sigma = sigma[:, None]
    pos[idx] += rng.standard_normal((idx.size, 2)) * sigma


# -- directed transport ------------------------------------------------------------------------
def head_to_membrane(vel: np.ndarray, idx: np.ndarray, speed_nm_s: tuple[float, float], lateral: float,
                     rng: np.random.Generator) -> None:
    """Motor-driven velocity (nm/s) toward the plasma membrane (up, -y) for rows idx: a speed drawn from
    speed_nm_s per row, with a sideways component up to +-lateral of it."""
    speed = rng.uniform(*speed_nm_s, idx.size)
    vel[idx, 0] = rng.uniform(-lateral, lateral, idx.size) * speed
    vel[idx, 1] = -speed


# -- overlap removal on a cell grid ------------------------------------------------------------
def near_pairs(p: np.ndarray, reach: np.ndarray, group: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i != j each once, of points closer than reach[i] + reach[j], in linear time.

    Points hash into square cells at least one contact distance wide; each point is compared only with
    the points in its own cell and the four cells 'after' it, so no n x n array is ever built. Pairs
    whose group differs are dropped. Pairs come ordered by neighbour cell (_HALF_OFFSETS order), then by
    the partner's rank in that cell, then by i: callers sum over them in this order.
    """
    n = len(p)
    if n < 2:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    cell = max(2.0 * float(reach.max()), 1e-6)
    ci = np.floor((p - p.min(axis=0)) / cell).astype(np.int64) + 1  # pad one cell on each side
    nx = int(ci[:, 0].max()) + 2
    ny = int(ci[:, 1].max()) + 2
    key = ci[:, 1] * nx + ci[:, 0]
    order = np.argsort(key, kind="stable")
    count = np.bincount(key, minlength=nx * ny)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    # The same pairs in the same order either way: few NumPy calls for small sets, no big sort for large.
    find = _pairs_at_once if n <= ONE_PASS_MAX else _pairs_by_rank
    return find(key, order, count, start, nx, lambda i, j: _close(p, reach, group, i, j))


def _close(p: np.ndarray, reach: np.ndarray, group: np.ndarray | None, i: np.ndarray, j: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs (i, j) of the same group closer than reach[i] + reach[j], in their order."""
    if group is not None:
        same = group[i] == group[j]
        i, j = i[same], j[same]
    d = p[i] - p[j]
    close = d[:, 0] ** 2 + d[:, 1] ** 2 < (reach[i] + reach[j]) ** 2
    return i[close], j[close]


Filter = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def _pairs_by_rank(key: np.ndarray, order: np.ndarray, count: np.ndarray, start: np.ndarray, nx: int,
                   close: Filter) -> tuple[np.ndarray, np.ndarray]:
    """Close pairs, one pass per (neighbour cell, rank of the partner in it) over all points."""
    me = np.arange(key.size)
    found_i, found_j = [], []
    for dx, dy in _HALF_OFFSETS:
        nkey = key + dy * nx + dx
        st, cn = start[nkey], count[nkey]
        for k in range(int(count.max())):  # k-th occupant of the neighbour cell, for all points at once
            i = me[cn > k]
            if i.size == 0:
                break
            j = order[st[i] + k]
            if (dx, dy) == (0, 0):  # the cell itself: each pair once
                later = j > i
                i, j = i[later], j[later]
            i, j = close(i, j)
            found_i.append(i)
            found_j.append(j)
    return np.concatenate(found_i), np.concatenate(found_j)


def _pairs_at_once(key: np.ndarray, order: np.ndarray, count: np.ndarray, start: np.ndarray, nx: int,
                   close: Filter) -> tuple[np.ndarray, np.ndarray]:
    """The same pairs in the same order as _pairs_by_rank, from all candidates built at once and sorted."""
    n = key.size
    nkey = (key[None, :] + _OFFSET_DY[:, None] * nx + _OFFSET_DX[:, None]).ravel()  # neighbour-cell-major
    cn = count[nkey]
    row = np.repeat(np.arange(nkey.size), cn)  # neighbour * n + i, ascending
    k = np.arange(row.size) - np.repeat(np.cumsum(cn) - cn, cn)
    off, i = np.divmod(row, n)
    rank = off * (int(count.max()) + 1) + k
    small = np.int16 if rank.size and rank.max() < 32767 else np.int64  # 16 bits: a radix sort
    by = np.argsort(rank.astype(small), kind="stable")  # by (neighbour, k); i stays ascending within
    row, i, k, off = row[by], i[by], k[by], off[by]
    j = order[start[nkey[row]] + k]
    keep = (off > 0) | (j > i)  # neighbour 0 is the cell itself: each pair once
    return close(i[keep], j[keep])


def separate(pos: np.ndarray, radius: np.ndarray, idx: np.ndarray, group: np.ndarray | None = None,
             iterations: int = 2, gap: float = 1.0, mobility: np.ndarray | None = None,
             constrain: Callable[[], None] | None = None) -> np.ndarray:
    """Push apart overlapping discs among rows idx of pos, in place, in linear time.

    Candidate pairs come from near_pairs once; then each iteration moves every overlapping pair apart
    along its centre line (Jacobi), and constrain() (if given) re-imposes walls and held positions on
    pos. mobility (per row of pos, 0..1) shares each correction: a disc of mobility 0 is held and its
    partner takes the whole correction. gap (nm) is kept free between surfaces.
    Returns (len(idx),) bool: the discs that overlapped a neighbour before relaxing (they are jammed).
    """
    n = idx.size
    jammed = np.zeros(n, dtype=bool)
    if n < 2:
        return jammed
    r = radius[idx]
    margin = 20.0  # discs may approach during the iterations; catch those pairs too
    i, j = near_pairs(pos[idx], r + 0.5 * gap + margin, None if group is None else group[idx])
    if i.size == 0:
        return jammed
    mob = mobility[idx] if mobility is not None else np.ones(n)
    total = mob[i] + mob[j]
    share_i = np.divide(mob[i], total, out=np.full(i.size, 0.5), where=total > 0)
    share_j = 1.0 - share_i
    contact = r[i] + r[j] + gap
    for it in range(iterations):
        p = pos[idx]
        d = p[i] - p[j]  # (pairs, 2)
        dist = np.sqrt(d[:, 0] ** 2 + d[:, 1] ** 2)
        overlap = np.maximum(contact - dist, 0.0)
        if it == 0:
            hit = overlap > 0
            jammed[i[hit]] = True
            jammed[j[hit]] = True
        if not overlap.any():
            break
        unit = np.zeros_like(d)
        np.divide(d, dist[:, None], out=unit, where=dist[:, None] > 1e-9)
        unit[dist <= 1e-9, 0] = -1.0  # coincident centres: separate along x
        push = np.zeros_like(p)
        for axis in (0, 1):
            w = overlap * unit[:, axis]
            push[:, axis] = np.bincount(i, w * share_i, minlength=n) - np.bincount(j, w * share_j, minlength=n)
        pos[idx] = p + push
        if constrain is not None:
            constrain()
    return jammed


def relax(pos: np.ndarray, radius: np.ndarray, movers: np.ndarray, held: np.ndarray, *, iterations: int,
          box: tuple[float, float, float, float] | None = None, walls: Callable[[], None] | None = None,
          half: np.ndarray | None = None, group: np.ndarray | None = None, rounds: int = 1,
          slot_order: bool = False) -> np.ndarray:
    """Held bodies push, movers take the correction: remove overlaps among movers and held rows, in place.

    pos (capacity, 2) and radius (capacity,) in nm. Held rows keep their position exactly (mobility 0); the
    rows in `half` (movers pinned in one direction, e.g. docked) move with mobility 0.5, other movers with
    1. After every pass the held rows are put back, movers are clamped into `box` (x0, y0, x1, y1) if
    given, and walls() (if given) re-imposes any other constraint. `group` keeps bodies of different
    groups from meeting (ILVs of different MVBs). `rounds` repeats the whole relaxation with fresh
    neighbour pairs (for bodies that start anywhere). Pairs are searched over movers then held rows, or
    over all rows in slot order if slot_order (the order decides the order of the sums, not the result's
    meaning). Returns (capacity,) bool: rows that overlapped a neighbour at the start of the last round.
    """
    keep = pos[held].copy()
    mobility = np.ones(len(pos))
    if half is not None:
        mobility[half] = 0.5
    mobility[held] = 0.0

    def constrain() -> None:
        pos[held] = keep
        if box is not None:
            clamp_box(pos, radius, movers, box)
        if walls is not None:
            walls()

    rows = np.concatenate((movers, held))
    if slot_order:
        rows = np.sort(rows)
    jammed = np.zeros(len(pos), dtype=bool)
    for _ in range(rounds):
        jammed[:] = False
        jammed[rows] = separate(pos, radius, rows, group=group, iterations=iterations, mobility=mobility,
                                constrain=constrain)
        constrain()
    return jammed


def overlaps(pos: np.ndarray, radius: np.ndarray, idx: np.ndarray, group: np.ndarray | None = None,
             tolerance: float = 0.0) -> int:
    """Count pairs among rows idx whose centres are closer than (1 - tolerance) * (r_i + r_j)."""
    if idx.size < 2:
        return 0
    r = radius[idx]
    i, j = near_pairs(pos[idx], r * (1.0 - tolerance), None if group is None else group[idx])
    return int(i.size)


# -- confinement -------------------------------------------------------------------------------
def clamp_box(pos: np.ndarray, radius: np.ndarray, idx: np.ndarray,
              box: tuple[float, float, float, float]) -> None:
    """Keep discs idx wholly inside box (x0, y0, x1, y1), nm."""
    if idx.size == 0:
        return
    x0, y0, x1, y1 = box
    r = radius[idx]
    lo_x, lo_y = x0 + r, y0 + r  # np.minimum(np.maximum()) is np.clip without its per-call overhead
    pos[idx, 0] = np.minimum(np.maximum(pos[idx, 0], lo_x), np.maximum(x1 - r, lo_x))
    pos[idx, 1] = np.minimum(np.maximum(pos[idx, 1], lo_y), np.maximum(y1 - r, lo_y))
