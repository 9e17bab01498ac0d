"""The Verlet neighbour list: pairs within contact + skin, kept from step to step while bodies move little."""

from __future__ import annotations

import numpy as np

from exoviz.sim.neighbours import Grid, pairs_xy

SKIN_NM = 300.0  # default skin: pairs are listed out to contact + skin
MARGIN_SHARE = 0.4  # default margin (share of the skin): pairs closer than contact + margin take part in a relaxation
_max = np.maximum.reduce  # a.max() without its Python-level wrapper (the very same reduction)
FEW = 1 / 32  # at most this share of the rows is searched again one by one; more: the whole list is searched


class NeighbourList:
    """Pairs among a set of rows that may touch while no body has moved (plus grown) more than skin / 2.

    Every row has a reference position and radius (ref, rref); the list holds exactly the pairs closer than
    rref_i + rref_j + gap + skin at their reference positions. A pair not listed cannot touch while every
    body stays within skin / 2 of its reference. A body that goes further gets a new reference and its pairs
    are searched again (in the grid of the last full search); when that concerns many rows, the whole list
    is searched afresh. So a few fast bodies do not force a full search every step.

    When the rows (sorted slots) change (bodies spawned, retired or moved in or out of the set), the pairs of
    rows that stay are kept and the new rows are searched like fast ones; a row whose group changed counts as
    new, and a slot reused in between is caught by the distance bound. Compact index c refers to rows[c]; i, j
    are pairs of compact indices, d0 ((2, pairs) float32) is ref_i - ref_j.
    """

    def __init__(self, skin: float = SKIN_NM, margin: float | None = None) -> None:
        self.skin = float(skin)
        self.margin = MARGIN_SHARE * self.skin if margin is None else float(margin)  # see relaxation.Solver
        self.rows = np.empty(0, dtype=np.intp)
        self.group: np.ndarray | None = None
        self.slot_of: np.ndarray = np.empty(0, dtype=np.intp)  # compact index of each slot, -1 outside the set
        self.built = False
        self.builds = 0  # full searches so far (for tests and the benchmark)
        self.refreshes = 0  # searches for a few rows
        # made by each full search (_build), kept up to date in between
        self.ref = np.zeros((2, 0))  # reference positions (2, rows), nm
        self.rref = np.zeros(0)  # reference radii, nm
        self.moved = np.zeros(0, dtype=bool)  # rows whose reference changed since the grid was made
        self.i = self.j = np.empty(0, dtype=np.intp)  # the listed pairs (compact indices)
        self._d0 = np.zeros((2, 0), dtype=np.float32)  # ref_i - ref_j per pair (d0)
        self._gaps: np.ndarray | None = None  # d0 side by side, made when first asked for
        self.pending = np.empty(0, dtype=np.intp)  # new rows, searched at the next since_build
        self._contact = np.zeros(0, dtype=np.float32)
        self._contact_r: np.ndarray | None = None  # the radii _contact was computed for
        self.grid: Grid | None = None  # the last full search's grid (None: fewer than two rows)

    def use_rows(self, rows: np.ndarray, group: np.ndarray | None, capacity: int) -> None:
        """Take the rows (sorted slots) to relax and their groups. Pairs of rows that stay (same slot, same group)
        are kept; rows that are new (or in a new group) are searched at the next since_build."""
        same = rows.size == self.rows.size and self.slot_of.size == capacity and _equal(rows, self.rows)
        if same and group is not None:
            same = self.group is not None and group.shape == self.group.shape and _equal(group, self.group)
        if same:
            return
        if self.built and self.slot_of.size == capacity and (group is None) == (self.group is None):
            self._remap(rows, group, capacity)
            return
        self.rows = rows
        self.group = None if group is None else group.copy()
        self.slot_of = np.full(capacity, -1, dtype=np.intp)
        self.slot_of[rows] = np.arange(rows.size)
        self.built = False

    def _remap(self, rows: np.ndarray, group: np.ndarray | None, capacity: int) -> None:
        """Carry the references and pairs of the rows that stay over to the new compact order."""
        slot_of = np.full(capacity, -1, dtype=np.intp)
        slot_of[rows] = np.arange(rows.size)
        to_new = slot_of[self.rows]  # old compact index -> new (-1: gone)
        if group is not None and self.group is not None:  # (use_rows calls this with both or neither)
            stay = (to_new >= 0).nonzero()[0]
            to_new[stay[self.group[stay] != group[to_new[stay]]]] = -1  # same slot, another body: search it again
        old = (to_new >= 0).nonzero()[0]
        new = to_new[old]
        fresh = np.ones(rows.size, dtype=bool)
        fresh[new] = False
        ref, rref, moved = np.zeros((2, rows.size)), np.zeros(rows.size), np.ones(rows.size, dtype=bool)
        ref[0, new], ref[1, new] = self.ref[0, old], self.ref[1, old]  # row by row: [:, idx] is slower
        rref[new], moved[new] = self.rref[old], self.moved[old]
        self.ref, self.rref, self.moved = ref, rref, moved  # new rows count as moved: they are not in the grid
        a, b = to_new[self.i], to_new[self.j]
        ok = ((a >= 0) & (b >= 0)).nonzero()[0]
        self.i, self.j, self.d0 = a[ok], b[ok], self.d0.take(ok, axis=1)
        self.rows, self.slot_of = rows, slot_of
        self.group = None if group is None else group.copy()
        self.pending = fresh.nonzero()[0]
        self._contact_r = None

    def since_build(self, p: np.ndarray, r: np.ndarray, gap: float, force: bool = False,
                    side_by_side: bool = False) -> np.ndarray:
        """Displacements ((2, n) float32) of compact positions p from their references, after bringing the list
        up to date: new rows, and rows that moved (plus grew, radii r) more than skin / 2, are searched again;
        all rows at once if many, if the list was never built or if `force`. side_by_side: the displacements as
        (n, 2) instead (x and y of a row side by side, as exoviz.sim.relaxation's passes hold them)."""
        n = p.shape[1]
        out = np.empty((n, 2) if side_by_side else (2, n), dtype=np.float32)
        d = out.T if side_by_side else out  # (2, n) either way
        if self.built and not force:
            new = self.pending
            self.ref[0, new], self.ref[1, new], self.rref[new] = p[0, new], p[1, new], r[new]
            for axis in (0, 1):  # in float64, rounded to float32; row by row (d may be a strided view)
                np.subtract(p[axis], self.ref[axis], out=d[axis], casting="same_kind")
            if n == 0:
                return out
            dist = np.sqrt(d[0] * d[0] + d[1] * d[1])
            grow = r - self.rref
            if new.size == 0 and float(_max(dist)) + max(float(_max(grow)), 0.0) <= 0.5 * self.skin:
                return out
            is_far = dist + np.maximum(grow, 0.0) > 0.5 * self.skin
            is_far[new] = True
            far = is_far.nonzero()[0]  # sorted and unique, like np.union1d without its sort
            if far.size == 0:  # the largest move and the largest growth were different bodies
                return out
            if self._refresh(far, p, r, gap):
                d[0, far] = d[1, far] = 0.0
                return out
        self._build(p, r, gap)
        out.fill(0.0)
        return out

    @property
    def d0(self) -> np.ndarray:
        """ref_i - ref_j per listed pair ((2, pairs) float32)."""
        return self._d0

    @d0.setter
    def d0(self, value: np.ndarray) -> None:
        self._d0, self._gaps = value, None

    def gaps(self) -> np.ndarray:
        """d0 with x and y of each pair side by side ((pairs, 2) float32), kept until the pairs change."""
        if self._gaps is None:
            self._gaps = np.empty((self._d0.shape[1], 2), dtype=np.float32)
            self._gaps[:, 0], self._gaps[:, 1] = self._d0[0], self._d0[1]
        return self._gaps

    def contact_for(self, r: np.ndarray, gap: float) -> np.ndarray:
        """r_i + r_j + gap for every listed pair (float32), for radii r (compact); recomputed when r changes."""
        if self._contact_r is None or r.shape != self._contact_r.shape or not _equal(r, self._contact_r):
            r32 = r.astype(np.float32)
            self._contact = r32.take(self.i)
            self._contact += r32.take(self.j)
            self._contact += np.float32(gap)
            self._contact_r = r.copy()
        return self._contact

    # -- searching -----------------------------------------------------------------------------------------------
    def _reach(self, r: np.ndarray, gap: float) -> np.ndarray:
        return r + 0.5 * (gap + self.skin)

    def _build(self, p: np.ndarray, r: np.ndarray, gap: float) -> None:
        """Search every pair closer than r_i + r_j + gap + skin at compact positions p ((2, n)): the new references."""
        self.ref, self.rref = p.copy(), r.copy()
        reach = self._reach(r, gap)
        self.grid = Grid(p[0], p[1], reach) if r.size > 1 else None
        self.reach_max = float(reach.max()) if r.size else 0.0
        self.moved = np.zeros(r.size, dtype=bool)  # rows whose reference changed since the grid was made
        self.grid_rows = self.rows  # the grid numbers the rows as they were then
        self.pending = np.empty(0, dtype=np.intp)  # new rows not searched yet
        if self.grid is None:
            self.i = self.j = np.empty(0, dtype=np.intp)
        else:
            self.i, self.j = self.grid.pairs(p[0], p[1], reach, self.group)
        self.d0 = (p.take(self.i, axis=1) - p.take(self.j, axis=1)).astype(np.float32)
        self.built = True
        self.builds += 1
        self._contact_r = None

    def _refresh(self, far: np.ndarray, p: np.ndarray, r: np.ndarray, gap: float) -> bool:
        """Give rows `far` new references and search their pairs again; False (nothing done) when too many rows
        have moved since the last full search or the grid cannot be asked."""
        grid, n = self.grid, r.size
        reach_far = self._reach(r[far], gap)
        moved = int(np.count_nonzero(self.moved)) + far.size
        if grid is None or not grid.queryable or moved > max(16, FEW * n) \
                or float(reach_far.max()) + self.reach_max > grid.cell:
            return False
        self.ref[0, far], self.ref[1, far], self.rref[far] = p[0, far], p[1, far], r[far]
        self.moved[far] = True
        flag = np.zeros(n, dtype=bool)
        flag[far] = True
        keep = (~(flag[self.i] | flag[self.j])).nonzero()[0]  # the others' pairs stay as they are
        # far rows against the grid's rows that kept their reference ...
        q, j = grid.query(self.ref[0, far], self.ref[1, far])
        j = self.slot_of[self.grid_rows[j]]  # the grid's rows now (-1: gone)
        ok = j >= 0
        ok[ok] = ~self.moved[j[ok]]
        q, j = q[ok], j[ok]
        i = far[q]
        # ... and among all rows whose reference changed since the grid was made (pairs with a far row)
        mv = self.moved.nonzero()[0]
        a, b = pairs_xy(self.ref[0, mv], self.ref[1, mv], self._reach(self.rref[mv], gap),
                        None if self.group is None else self.group[mv])
        with_far = flag[mv[a]] | flag[mv[b]]
        i, j = np.concatenate((i, mv[a[with_far]])), np.concatenate((j, mv[b[with_far]]))
        reach = self._reach(self.rref, gap)
        e = self.ref.take(i, axis=1) - self.ref.take(j, axis=1)
        lim = reach[i] + reach[j]
        close = e[0] * e[0] + e[1] * e[1] < lim * lim
        if self.group is not None:
            close &= self.group[i] == self.group[j]
        self.i = np.concatenate((self.i[keep], i[close]))
        self.j = np.concatenate((self.j[keep], j[close]))
        self.d0 = np.concatenate((self.d0.take(keep, axis=1), e.take(close.nonzero()[0], axis=1).astype(np.float32)),
                                 axis=1)
        self._contact_r = None
        self.pending = np.empty(0, dtype=np.intp)
        self.refreshes += 1
        return True


def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    """np.array_equal for two arrays of one shape, without its Python-level checks (a NaN is unequal, as there)."""
    return bool(np.logical_and.reduce(np.equal(a, b), axis=None))
