"""The overlap solver behind physics.relax: Jacobi passes over a Verlet list's pairs near contact, in float32."""

from __future__ import annotations

import numpy as np

from exoviz.sim.verlet import NeighbourList

# a.max() and a.min() without their Python-level wrapper (~0.5 us a call; the very same reductions)
_max, _min = np.maximum.reduce, np.minimum.reduce
OVER_RELAX = 1.5  # passes after the first push pairs this much further: clusters settle in fewer passes


class Limits:
    """Mobility and position limits of the n rows being relaxed, in compact order (row c is slot rows[c]).

    mob: (n, 2) float32 mobility per axis, x and y side by side (1 free, 0.5 half, 0 held or pinned on that
    axis). box: (4, n)
    float64 lower x, y and upper x, y bounds of each row's centre (+-inf where free), or None. ring:
    (3, n) float64 centre x, y and room, for rows kept within room of a centre (room inf for the others),
    or None.
    """

    def __init__(self, slot_of: np.ndarray, r: np.ndarray, movers: np.ndarray, held: np.ndarray,
                 half: np.ndarray | None, box: tuple[float, float, float, float] | None,
                 pin_y: tuple[np.ndarray, np.ndarray] | None,
                 within: tuple[np.ndarray, np.ndarray, np.ndarray] | None) -> None:
        n = r.size
        self.mob = np.ones((n, 2), dtype=np.float32)  # x and y side by side: one 8-byte item per row
        self.mob[slot_of[held]] = 0.0
        if half is not None:
            self.mob[slot_of[half]] = 0.5
        self.box: np.ndarray | None = None
        if box is not None or pin_y is not None:
            b = np.empty((4, n))
            if box is None:
                b[:2], b[2:] = -np.inf, np.inf
            else:  # every row as a mover, then the held rows (the others: rows are movers and held) free
                at_held = slot_of[held]
                for axis in (0, 1):
                    np.add(r, box[axis], out=b[axis])
                    np.maximum(box[axis + 2] - r, b[axis], out=b[axis + 2])
                    b[axis, at_held] = -np.inf
                    b[axis + 2, at_held] = np.inf
            if pin_y is not None:
                at = slot_of[pin_y[0]]
                b[1, at] = b[3, at] = pin_y[1]
                self.mob[at, 1] = 0.0
            self.box = b
        self.ring: np.ndarray | None = None
        if within is not None:
            at = slot_of[within[0]]
            self.ring = np.zeros((3, n))
            self.ring[2] = np.inf
            self.ring[:2, at], self.ring[2, at] = within[1].T, within[2]

    def clamp(self, p: np.ndarray, box: np.ndarray | None = None, ring: np.ndarray | None = None) -> None:
        """Put positions p ((2, n)) within their limits, in place; box and ring: these limits for p's rows
        when p holds only some rows (default: all rows)."""
        box = self.box if box is None else box
        if box is not None:
            np.minimum(np.maximum(p, box[:2], out=p), box[2:], out=p)
        ring = self.ring if ring is None else ring
        if ring is not None:
            into_ring(p, ring[:2], ring[2])


def into_ring(p: np.ndarray, centre: np.ndarray, room: np.ndarray) -> None:
    """Pull points p ((2, n)) back to at most room from centre ((2, n)), in place, along the line to it."""
    if not p.flags.c_contiguous:  # a (2, n) view of (n, 2) rows: row by row (NumPy is slow on it in one go)
        ux, uy = p[0] - centre[0], p[1] - centre[1]
        dist = np.sqrt(ux * ux + uy * uy)
        out = (dist > room).nonzero()[0]
        if out.size:
            s = room[out] / dist[out]
            p[0, out] = centre[0].take(out) + ux.take(out) * s
            p[1, out] = centre[1].take(out) + uy.take(out) * s
        return
    u = p - centre
    dist = np.sqrt(u[0] * u[0] + u[1] * u[1])
    out = (dist > room).nonzero()[0]
    if out.size:
        p[:, out] = centre.take(out, axis=1) + u.take(out, axis=1) * (room[out] / dist[out])


class Solver:
    """One relaxation of compact positions p ((2, n) float64, changed in place) over the Verlet list nl.

    d: (2, n) float32 displacements from the list's reference positions. Only listed pairs closer than
    contact + nl.margin take part; the passes run on float32 displacements of all n rows in compact order (rows
    in no such pair stay exactly where they are), so nothing is gathered into or scattered back from a subset.
    When the passes have moved a body more than half that margin, the pairs around the bodies that took part
    are picked again, and when a body has moved more than half the skin from its reference, the list is brought
    up to date.
    """

    def __init__(self, nl: NeighbourList, p: np.ndarray, r: np.ndarray, limits: Limits, gap: float) -> None:
        self.nl, self.p, self.r, self.limits, self.gap = nl, p, r, limits, gap
        self.d = nl.since_build(p, r, gap, side_by_side=True)  # (n, 2) float32: x and y side by side
        self.contact = nl.contact_for(r, gap)
        mob = limits.mob
        self.fixed = (mob[:, 0] + mob[:, 1]) <= 0.0  # held rows (mobility 0 on both axes)
        self.any_fixed = bool(self.fixed.any())
        self.margin = nl.margin

    def run(self, iterations: int, tolerance: float) -> np.ndarray:
        """Relax; return the compact rows that overlapped a neighbour before any pass."""
        nl, passes, hit = self.nl, 0, None
        a, e, ia, ja = self._near_contact(None)
        while a.size:
            sq = e * e
            c = self.contact[a]
            dist = np.sqrt(sq[:, 0] + sq[:, 1])
            over = c - dist
            if hit is None:
                t = (over > 0).nonzero()[0]
                hit = np.concatenate((ia.take(t), ja.take(t)))
            if float(_max(over)) <= tolerance:  # nothing to push
                break
            took, moved, used, settled = self._passes(ia, ja, e, c, dist, iterations - passes, tolerance)
            passes += used
            if passes >= iterations:
                break
            sq = self.d * self.d  # rows that took no part kept their displacement, within half the skin
            grow = np.maximum(self.r - nl.rref, 0.0)  # (since_build)
            if float(_max(np.sqrt(sq[:, 0] + sq[:, 1]) + grow)) > 0.5 * nl.skin:
                self.d = nl.since_build(self.p, self.r, self.gap, side_by_side=True)  # it may lack a pair now
                self.contact = nl.contact_for(self.r, self.gap)
                a, e, ia, ja = self._near_contact(None)
            elif not settled or moved > 0.5 * self.margin:  # pairs around moved bodies may now be near contact
                # (a pair with no body that took part is as far as when it was last looked at: looking at every
                # pair picks the same ones, and is cheaper when most pairs have such a body)
                a, e, ia, ja = self._near_contact(took if 2 * a.size < nl.i.size else None)
            else:
                break
        return hit if hit is not None else np.empty(0, dtype=np.intp)

    def _near_contact(self, around: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Listed pairs (among those with a body flagged in `around` ((n,) bool), or all) closer than
        contact + margin with a body free to move: (their indices in the list, their centre i minus centre j ((pairs, 2)
        float32), their rows i and j)."""
        nl, d = self.nl, self.d
        if around is None:
            i, j, d0, sel = nl.i, nl.j, nl.gaps(), None
        else:
            sel = (around[nl.i] | around[nl.j]).nonzero()[0]
            i, j, d0 = nl.i[sel], nl.j[sel], nl.gaps().take(sel, axis=0)
        e = d.take(i, axis=0)
        e -= d.take(j, axis=0)
        e += d0
        sq = e * e
        lim = (self.contact if sel is None else self.contact[sel]) + np.float32(self.margin)
        k = (sq[:, 0] + sq[:, 1] < lim * lim).nonzero()[0]
        ik, jk = i.take(k), j.take(k)
        if self.any_fixed:  # not both held
            ok = (~(self.fixed.take(ik) & self.fixed.take(jk))).nonzero()[0]
            if ok.size < k.size:
                k, ik, jk = k.take(ok), ik.take(ok), jk.take(ok)
        return (k if sel is None else sel.take(k)), e.take(k, axis=0), ik, jk

    def _passes(self, ia: np.ndarray, ja: np.ndarray, e0: np.ndarray, c: np.ndarray, dist: np.ndarray, most: int,
                tolerance: float) -> tuple[np.ndarray, float, int, bool]:
        """Jacobi passes over pairs (ia, ja) (centre gaps e0, contact c, centre distances dist), at most `most`, until
        no pair overlaps by more than tolerance (settled) or a body has moved so far that pairs must be picked again;
        returns (the rows that took part, (n,) bool; largest displacement; passes; settled)."""
        lim, p = self.limits, self.p
        n = p.shape[1]
        took = np.zeros(n, dtype=bool)
        took[ia] = True
        took[ja] = True
        u = np.zeros((n, 2), dtype=np.float32)  # this call's displacement of each row (0 where it took no part),
        # x and y side by side: gathering a pair's row is one 8-byte item
        ubox = None
        if lim.box is not None:  # the limits on u: (box - p) in float64, then rounded to float32, rows side by side
            ubox = np.empty((2, n, 2), dtype=np.float32)  # (row by row: NumPy is slow on (n, 2) <-> (2, n))
            for axis in (0, 1):
                np.subtract(lim.box[axis], p[axis], out=ubox[0, :, axis], casting="unsafe")
                np.subtract(lim.box[axis + 2], p[axis], out=ubox[1, :, axis], casting="unsafe")
        ring = uring = None
        if lim.ring is not None:  # only rows that take part are pulled back into their ring
            ring = lim.ring.copy()
            ring[2, ~took] = np.inf
            uring = np.concatenate((ring[:2] - p, ring[2:])).astype(np.float32)
        pairs = _Pairs(ia, ja, e0, c, lim.mob, dist)
        used, settled = 0, False
        reach = np.float32(0.5 * self.margin / np.sqrt(2.0))  # in x or y: then maybe more than margin / 2 apart
        while used < most:
            if not pairs.push(u, np.float32(OVER_RELAX if used else 1.0), tolerance):
                settled = True
                break
            if ubox is not None:
                np.minimum(np.maximum(u, ubox[0], out=u), ubox[1], out=u)
            if uring is not None:
                into_ring(u.T, uring[:2], uring[2])
            used += 1
            if max(float(_max(u, axis=None)), -float(_min(u, axis=None))) > reach:  # a pair left out may be
                break  # near contact now: pick again
        p[0] += u[:, 0]  # exactly unchanged where u is 0 (held rows and rows that took no part stay exact)
        p[1] += u[:, 1]
        lim.clamp(p, lim.box, ring)  # the exact limits (pins, walls) in float64; a second clamp changes nothing
        self.d += u
        sq = u * u
        return took, float(np.sqrt(_max(sq[:, 0] + sq[:, 1]))), used, settled


class _Pairs:
    """The pairs of one run of passes (rows li, lj of the m rows relaxed, centre gaps e0 ((2, pairs)), contact c)
    with each partner's share of a push. A pass looks at every pair and pushes those that overlap. (Passes that
    looked only around the bodies the last pass pushed cost more in finding those pairs than they saved.)

    The passes hold x and y of a row side by side ((m, 2) float32), so a gather takes one 8-byte item per pair
    instead of two 4-byte ones from two rows of a (2, m) array; every sum and product is
    the float32 one of the (2, m) layout, in the same order, so the positions are the same bit for bit.
    """

    def __init__(self, li: np.ndarray, lj: np.ndarray, e0: np.ndarray, c: np.ndarray, mob: np.ndarray,
                 dist0: np.ndarray | None = None) -> None:
        """e0: (pairs, 2) float32; mob: (m, 2) float32 mobility, x and y side by side; dist0: |e0| ((pairs,)
        float32, as the passes compute it) when the first push starts from u = 0, so it need not gather."""
        self.m = mob.shape[0]
        self.li, self.lj, self.c = li, lj, c
        self.e0 = e0
        self.share, self.into = _shares(mob, li, lj)
        self.dist0 = dist0

    def push(self, u: np.ndarray, factor: np.float32, tolerance: float) -> bool:
        """One Jacobi pass on the displacements u ((m, 2) float32: x, y side by side, in place); False (and no pass)
        when no pair overlaps by more than tolerance (>= 0)."""
        dist = self.dist0
        if dist is None:
            e = u.take(self.li, axis=0)
            e -= u.take(self.lj, axis=0)
            e += self.e0
            sq = e * e
            dist = np.sqrt(sq[:, 0] + sq[:, 1])  # faster than np.hypot in float32
        else:  # the first pass, u still 0: the gaps e0 and their lengths as given (0 + g is g; a -0 gap's sign
            e, self.dist0 = self.e0, None  # adds nothing: np.bincount starts every sum at +0)
        over = self.c - dist
        k = (over > 0.0).nonzero()[0]  # only overlapping pairs push: the others would add exact zeros
        f = over.take(k)
        if k.size == 0 or float(_max(f)) <= tolerance:  # (the largest overlap is among them)
            return False
        ek, d = e.take(k, axis=0), dist.take(k)
        if float(_min(d)) < 1e-4:  # coincident centres (they overlap): part them along x
            same = d < 1e-4
            ek[same, 0], ek[same, 1], d[same] = -1.0, 0.0, 1.0
        f /= d
        if factor != 1.0:
            f *= factor
        ek *= f[:, None]
        w = np.empty((2, k.size, 2))  # float64: what np.bincount sums in; (partner, pair, axis)
        np.multiply(ek, self.share.take(k, axis=1), out=w)
        # each x or y of a row sums its i-partner shares, then its j-partner shares, in pair order: as in (2, m)
        flat = u.reshape(-1)  # (a view: u is contiguous)
        flat += np.bincount(self.into.take(k, axis=1).ravel(), w.ravel(), 2 * self.m)
        return True


def side_by_side(a: np.ndarray) -> np.ndarray:
    """(2, k) float32 as (k, 2): x and y of each column side by side."""
    out = np.empty((a.shape[1], 2), dtype=np.float32)
    out[:, 0], out[:, 1] = a[0], a[1]  # column by column: NumPy is slow on (2, k) -> (k, 2) in one go
    return out


def _shares(mob: np.ndarray, li: np.ndarray, lj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each partner's share of its pair's correction by mobility (mob (m, 2) float32: x and y side by side): share
    (2, pairs, 2) float32, [0] the i partner's x and y shares, [1] the j partner's (negative); and where each of those
    four entries lands in the (2m,) flat view of the displacements (into: (2, pairs, 2) intp, 2 row and 2 row + 1)."""
    k = li.size
    mi, mj = mob.take(li, axis=0), mob.take(lj, axis=0)
    inv = mi + mj
    np.maximum(inv, np.float32(1e-30), out=inv)  # both held: no share for either
    np.reciprocal(inv, out=inv)
    share = np.empty((2, k, 2), dtype=np.float32)
    np.multiply(mi, inv, out=share[0])
    np.multiply(mj, inv, out=share[1])
    np.negative(share[1], out=share[1])
    into = np.empty((2, k, 2), dtype=np.intp)  # (broadcasting over a last axis of 2 is slow)
    np.multiply(li, 2, out=into[0, :, 0])
    np.multiply(lj, 2, out=into[1, :, 0])
    np.add(into[:, :, 0], 1, out=into[:, :, 1])
    return share, into
