"""The overlap solver behind physics.relax: Jacobi passes over a Verlet list's pairs near contact, in float32."""

from __future__ import annotations

import numpy as np

from exoviz.sim.verlet import NeighbourList

OVER_RELAX = 1.5  # passes after the first push pairs this much further: clusters settle in fewer passes


class Limits:
    """Mobility and position limits of the n rows being relaxed, in compact order (row c is slot rows[c]).

    mob: (2, n) float32 mobility per axis (1 free, 0.5 half, 0 held or pinned on that axis). box: (4, n)
    float64 lower x, y and upper x, y bounds of each row's centre (+-inf where free), or None. ring:
    (3, n) float64 centre x, y and room, for rows kept within room of a centre (room inf for the others),
    or None.
    """

    def __init__(self, slot_of: np.ndarray, r: np.ndarray, movers: np.ndarray, held: np.ndarray,
                 half: np.ndarray | None, box: tuple[float, float, float, float] | None,
                 pin_y: tuple[np.ndarray, np.ndarray] | None,
                 within: tuple[np.ndarray, np.ndarray, np.ndarray] | None) -> None:
        n = r.size
        self.mob = np.ones((2, n), dtype=np.float32)
        at_held = slot_of[held]
        self.mob[0, at_held] = self.mob[1, at_held] = 0.0  # row by row: [:, idx] is several times slower
        if half is not None:
            at_half = slot_of[half]
            self.mob[0, at_half] = self.mob[1, at_half] = 0.5
        self.box: np.ndarray | None = None
        if box is not None or pin_y is not None:
            b = np.empty((4, n))
            if box is None:
                b[:2], b[2:] = -np.inf, np.inf
            else:  # whole rows and a mask: cheaper than setting the movers' columns by index
                is_mover = np.zeros(n, dtype=bool)
                is_mover[slot_of[movers]] = True
                for axis in (0, 1):
                    lo = box[axis] + r
                    np.copyto(b[axis], -np.inf)
                    np.copyto(b[axis], lo, where=is_mover)
                    np.copyto(b[axis + 2], np.inf)
                    np.copyto(b[axis + 2], np.maximum(box[axis + 2] - r, lo), where=is_mover)
            if pin_y is not None:
                at = slot_of[pin_y[0]]
                b[1, at] = b[3, at] = pin_y[1]
                self.mob[1, at] = 0.0
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
    u = p - centre
    dist = np.sqrt(u[0] * u[0] + u[1] * u[1])
    out = np.flatnonzero(dist > room)
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
        self.d = nl.since_build(p, r, gap)
        self.contact = nl.contact_for(r, gap)
        self.movable = limits.mob[0] + limits.mob[1]
        self.margin = nl.margin

    def run(self, iterations: int, tolerance: float) -> np.ndarray:
        """Relax; return the compact rows that overlapped a neighbour before any pass."""
        nl, passes, hit = self.nl, 0, None
        a, e = self._near_contact(None)
        while a.size:
            over = self.contact[a] - np.sqrt(e[0] * e[0] + e[1] * e[1])
            if hit is None:
                t = a[over > 0]
                hit = np.concatenate((nl.i[t], nl.j[t]))
            if float(over.max()) <= tolerance:  # nothing to push
                break
            took, moved, used, settled = self._passes(a, e, iterations - passes, tolerance)
            passes += used
            if passes >= iterations:
                break
            d = self.d  # rows that took no part kept their displacement, within half the skin (since_build)
            grow = np.maximum(self.r - nl.rref, 0.0)
            if float((np.sqrt(d[0] * d[0] + d[1] * d[1]) + grow).max()) > 0.5 * nl.skin:
                self.d = nl.since_build(self.p, self.r, self.gap)  # the list may lack a pair now: update it
                self.contact = nl.contact_for(self.r, self.gap)
                a, e = self._near_contact(None)
            elif not settled or moved > 0.5 * self.margin:  # pairs around moved bodies may now be near contact
                # (a pair with no body that took part is as far as when it was last looked at: looking at every
                # pair picks the same ones, and is cheaper when most pairs have such a body)
                a, e = self._near_contact(took if 2 * a.size < nl.i.size else None)
            else:
                break
        return hit if hit is not None else np.empty(0, dtype=np.intp)

    def _near_contact(self, around: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Listed pairs (among those with a body flagged in `around` ((n,) bool), or all) closer than
        contact + margin with a body free to move, and their centre i minus centre j ((2, pairs) float32)."""
        nl, d = self.nl, self.d
        if around is None:
            i, j, d0, sel = nl.i, nl.j, nl.d0, None
        else:
            sel = np.flatnonzero(around[nl.i] | around[nl.j])
            i, j, d0 = nl.i[sel], nl.j[sel], nl.d0.take(sel, axis=1)
        e = d.take(i, axis=1)
        e -= d.take(j, axis=1)
        e += d0
        lim = (self.contact if sel is None else self.contact[sel]) + np.float32(self.margin)
        k = np.flatnonzero(e[0] * e[0] + e[1] * e[1] < lim * lim)
        k = k[self.movable[i[k]] + self.movable[j[k]] > 0]
        return (k if sel is None else sel[k]), e.take(k, axis=1)  # e[:, k] is slower and column-major

    def _passes(self, a: np.ndarray, e0: np.ndarray, most: int, tolerance: float
                ) -> tuple[np.ndarray, float, int, bool]:
        """Jacobi passes over pairs a (centre gaps e0), at most `most`, until no pair overlaps by more than
        tolerance (settled) or a body has moved so far that pairs must be picked again; returns (the rows that
        took part, (n,) bool; largest displacement; passes; settled)."""
        nl, lim, p = self.nl, self.limits, self.p
        n = p.shape[1]
        ia, ja = nl.i[a], nl.j[a]
        took = np.zeros(n, dtype=bool)
        took[ia] = True
        took[ja] = True
        u = np.zeros((2, n), dtype=np.float32)  # this call's displacement of each row (0 where it took no part)
        ubox = None
        if lim.box is not None:  # the limits on u: (box - p) in float64, then rounded to float32
            ubox = np.empty((4, n), dtype=np.float32)
            np.subtract(lim.box[:2], p, out=ubox[:2], casting="unsafe")
            np.subtract(lim.box[2:], p, out=ubox[2:], casting="unsafe")
        ring = uring = None
        if lim.ring is not None:  # only rows that take part are pulled back into their ring
            ring = lim.ring.copy()
            ring[2, ~took] = np.inf
            uring = np.concatenate((ring[:2] - p, ring[2:])).astype(np.float32)
        pairs = _Pairs(ia, ja, e0, self.contact[a], lim.mob)
        used, settled = 0, False
        reach = np.float32(0.5 * self.margin / np.sqrt(2.0))  # in x or y: then maybe more than margin / 2 apart
        while used < most:
            if not pairs.push(u, np.float32(OVER_RELAX if used else 1.0), tolerance):
                settled = True
                break
            lim.clamp(u, ubox, uring)
            used += 1
            if max(float(u.max()), -float(u.min())) > reach:  # a pair left out may be near contact now: pick again
                break
        p += u  # exactly unchanged where u is 0 (held rows and rows that took no part stay exact)
        lim.clamp(p, lim.box, ring)  # the exact limits (pins, walls) in float64; a second clamp changes nothing
        self.d += u
        return took, float(np.sqrt((u[0] * u[0] + u[1] * u[1]).max())), used, settled


class _Pairs:
    """The pairs of one run of passes (rows li, lj of the m rows relaxed, centre gaps e0, contact c) with each
    partner's share of a push. A pass looks at every pair and pushes those that overlap. (Passes that looked only
    around the bodies the last pass pushed cost more in finding those pairs than they saved.)
    """

    def __init__(self, li: np.ndarray, lj: np.ndarray, e0: np.ndarray, c: np.ndarray, mob: np.ndarray) -> None:
        self.m = mob.shape[1]
        self.li, self.lj, self.e0, self.c = li, lj, e0, c
        self.share, self.into = _shares(mob, li, lj)

    def push(self, u: np.ndarray, factor: np.float32, tolerance: float) -> bool:
        """One Jacobi pass on the displacements u ((2, m) float32, in place); False (and no pass) when no pair
        overlaps by more than tolerance."""
        e = u.take(self.li, axis=1)
        e -= u.take(self.lj, axis=1)
        e += self.e0
        sq = e * e
        dist = np.sqrt(sq[0] + sq[1])  # faster than np.hypot in float32
        over = self.c - dist
        if over.size == 0 or float(over.max()) <= tolerance:
            return False
        k = (over > 0.0).nonzero()[0]  # only overlapping pairs push: the others would add exact zeros
        e, d = e.take(k, axis=1), dist.take(k)
        if float(d.min()) < 1e-4:  # coincident centres (they overlap): part them along x
            same = d < 1e-4
            e[0, same], e[1, same], d[same] = -1.0, 0.0, 1.0
        f = over.take(k)
        f /= d
        if factor != 1.0:
            f *= factor
        e *= f
        w = np.empty((2, 2, k.size))  # float64: what np.bincount sums in
        np.multiply(e, self.share.take(k, axis=2), out=w)
        u += np.bincount(self.into.take(k, axis=1).ravel(), w.ravel(), 2 * self.m).reshape(2, self.m)
        return True


def _shares(mob: np.ndarray, li: np.ndarray, lj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each partner's share of its pair's correction by mobility (mob (2, m) per axis), as share[0] for i and
    share[1] (negative) for j, each (2, pairs); and where each of those entries lands in a (2, m) ravel ((4, pairs))."""
    m, k = mob.shape[1], li.size
    mi, mj = mob.take(li, axis=1), mob.take(lj, axis=1)
    inv = mi + mj
    np.maximum(inv, np.float32(1e-30), out=inv)  # both held: no share for either
    np.reciprocal(inv, out=inv)
    share = np.empty((2, 2, k), dtype=np.float32)
    np.multiply(mi, inv, out=share[0])
    np.multiply(mj, inv, out=share[1])
    np.negative(share[1], out=share[1])
    into = np.empty((4, k), dtype=np.intp)
    into[0], into[2] = li, lj
    np.add(li, m, out=into[1])
    np.add(lj, m, out=into[3])
    return share, into
