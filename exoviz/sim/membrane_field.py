"""A membrane outline as the zero level set of a smooth-union field of discs, necks (capsules) and a half-plane.

f < 0 on the lumen / extracellular side, f > 0 on the cytosol side, |grad f| ~ 1 (close to a signed distance).
The union is smooth (polynomial smooth minimum of the two nearest shapes, radius k), which rounds every
junction into a fillet: that fillet is the neck where one membrane joins another. Any one length unit
works: nm in the model, px when the renderer rasterises a sprite. membrane_shape builds fields from the
model's bodies; membrane_trace turns one into a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def smin(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
    """Polynomial smooth minimum: min(a, b) rounded where |a - b| < k (a fillet of radius ~k)."""
    if k <= 0:
        return np.minimum(a, b)
    h = np.maximum(k - np.abs(a - b), 0.0) / k
    return np.minimum(a, b) - h * h * k * 0.25


def _discs(x: np.ndarray, y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """(m, n) signed distance of points (x, y as (m, 1)) to discs d ((n, 3) cx, cy, R)."""
    return np.hypot(x - d[:, 0], y - d[:, 1]) - d[:, 2]


class Level:
    """Moving points onto the zero level of a field self.f (points (m, 2) -> (m,)): shared by every outline."""

    def f(self, p: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def normal(self, p: np.ndarray, eps: float) -> np.ndarray:
        """(m, 2) unit gradient of f (points toward the cytosol side), by central differences."""
        m = len(p)
        d = np.array([[eps, 0.0], [-eps, 0.0], [0.0, eps], [0.0, -eps]])
        fv = self.f((p[None, :, :] + d[:, None, :]).reshape(-1, 2)).reshape(4, m)
        g = np.stack([fv[0] - fv[1], fv[2] - fv[3]], axis=1)
        n = np.hypot(g[:, 0], g[:, 1])
        return np.divide(g, n[:, None], out=np.tile([0.0, 1.0], (m, 1)), where=n[:, None] > 1e-12)

    def newton(self, p: np.ndarray, eps: float, iterations: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """(points moved toward f = 0, unit normals there): Newton steps along the gradient, one batched field
        evaluation per step. Fast; where the field has a kink a point may stay a little off (drawing only)."""
        p = np.array(p, dtype=np.float64, copy=True)
        m = len(p)
        d = np.array([[0.0, 0.0], [eps, 0.0], [0.0, eps]])
        g = np.tile([0.0, 1.0], (m, 1))
        for it in range(iterations + 1):
            fv = self.f((p[None, :, :] + d[:, None, :]).reshape(-1, 2)).reshape(3, m)
            g = np.stack([fv[1] - fv[0], fv[2] - fv[0]], axis=1) / eps
            gg = np.maximum((g * g).sum(axis=1), 1e-12)
            if it < iterations:
                p -= (fv[0] / gg)[:, None] * g
        n = np.hypot(g[:, 0], g[:, 1])
        return p, np.divide(g, n[:, None], out=np.tile([0.0, 1.0], (m, 1)), where=n[:, None] > 1e-9)

    def project(self, p: np.ndarray, eps: float, iterations: int = 6) -> np.ndarray:
        """Points moved onto f = 0: Newton steps along the gradient; where the field has a kink (two shapes meet)
        and Newton stalls, or lands on a ridge inside overlapping shapes, the nearest sign change among 16
        directions is bracketed and bisected (exact, slow)."""
        p, n = self.newton(p, eps, iterations)
        f0 = self.f(p)
        # a ridge where two shapes overlap touches f = 0 with the inside on both sides: not the outline
        ridge = self.f(p + n * (20.0 * eps)) < 0.0
        bad = np.flatnonzero((np.abs(f0) > 2 * eps) | ridge)
        if bad.size:
            q, fb = p[bad], np.where(ridge[bad], -np.abs(f0[bad]) - eps, f0[bad])
            best, dist = q.copy(), np.full(bad.size, np.inf)
            for ang in np.linspace(0.0, 2 * np.pi, 16, endpoint=False):  # 16 fixed directions
                d = np.tile([np.cos(ang), np.sin(ang)], (bad.size, 1))
                e = self.bisect(q, fb, eps, d)
                moved = np.hypot(*(e - q).T)
                ok = (moved > 0) & (moved < dist)
                best[ok], dist[ok] = e[ok], moved[ok]
            p[bad] = best
        return p

    def bisect(self, p: np.ndarray, f0: np.ndarray, eps: float, n: np.ndarray, level: float = 0.0) -> np.ndarray:
        """Move points p (field f0) onto f = level along directions n by bracketing and bisection; points whose
        ray never crosses that level stay where they are."""
        lo = np.zeros(len(p))
        hi = np.full(len(p), np.nan)
        side = np.sign(f0 - level)
        t = np.maximum(np.abs(f0 - level) * 0.25, eps)
        for _ in range(14):  # doubling reach until the sign flips
            flip = np.sign(self.f(p + t[:, None] * n) - level) != side
            hi = np.where(np.isnan(hi) & flip, t, hi)
            lo = np.where(np.isnan(hi), t, lo)
            t = t * 2.0
        found = ~np.isnan(hi)
        lo, hi = np.where(found, lo, 0.0), np.where(found, hi, 0.0)
        for _ in range(24):  # to ~1e-7 of the bracket
            mid = 0.5 * (lo + hi)
            same = np.sign(self.f(p + mid[:, None] * n) - level) == side
            lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        return p + (0.5 * (lo + hi))[:, None] * n

    def to_lip(self, p: np.ndarray, eps: float, deep: float, step: float = 0.5) -> np.ndarray:
        """Points on one horizontal line (the membrane's) that lie over an opening (the membrane more than `deep`
        below them: f < -deep) slide along the line, toward the opening's nearer side, to where the membrane
        comes within `deep` of the line again: where the plasma membrane around a fusion is. Nearer points are
        left to projection. The line is sampled every `step` around the points (one batched evaluation, widened
        until every point has such a place on some side) and the place interpolated between samples."""
        f0 = self.f(p)
        inside = np.flatnonzero(f0 < -deep)
        if inside.size == 0:
            return p
        q = p[inside]
        y, lo, hi = float(q[0, 1]), float(q[:, 0].min()), float(q[:, 0].max())
        reach = 64.0 * step
        for _ in range(8):  # widen the sampled stretch until each point has somewhere to go
            xs = np.arange(lo - reach, hi + reach + step, step)
            g = self.f(np.stack([xs, np.full(xs.size, y)], axis=1)) + deep  # >= 0: near enough the line
            ok = np.flatnonzero(g >= 0)
            k = np.searchsorted(xs, q[:, 0])
            j = np.searchsorted(ok, k)
            right = np.where(j < ok.size, ok[np.minimum(j, ok.size - 1)], -1) if ok.size else np.full(k.size, -1)
            left = np.where(j > 0, ok[np.maximum(j - 1, 0)], -1) if ok.size else np.full(k.size, -1)
            if ((right >= 0) | (left >= 0)).all():
                break
            reach *= 4.0
        d_r = np.where(right >= 0, xs[np.maximum(right, 0)] - q[:, 0], np.inf)
        d_l = np.where(left >= 0, q[:, 0] - xs[np.maximum(left, 0)], np.inf)
        go = np.where(d_r <= d_l, right, left)  # the nearer sample that is near enough the line
        back = np.clip(np.where(d_r <= d_l, go - 1, go + 1), 0, xs.size - 1)  # its neighbour over the opening
        t = np.divide(g[go], g[go] - g[back], out=np.zeros(go.size), where=np.abs(g[go] - g[back]) > 1e-12)
        p = p.copy()
        p[inside, 0] = np.where(np.isfinite(np.minimum(d_r, d_l)), xs[go] + (xs[back] - xs[go]) * np.clip(t, 0, 1),
                                q[:, 0])
        return p


@dataclass(frozen=True)
class Field(Level):
    """A region f < 0: an optional half-plane y < line and bodies, each smoothly united with the plane.

    With a line and lips, each disc is cut off above the line outside its opening (|x - cx| > lips): the circle
    of a flattening cap rises far beyond its lips there, where the plane already is.

    Body i is its disc discs[i] = (cx, cy, R) united with its neck caps[i] = (ax, ay, bx, by, q) (segment a-b,
    half-width q; q <= 0: no neck), rounded with radius k. Two caps that meet are kept apart by a wall (walls
    (nw, 4): body i, body j to its right, the wall's middle x = m, half-thickness s): body i is cut off right of
    m - s and body j left of m + s, so the cytosol between them stays a septum with each body's own membrane
    on it (a bridge of two membranes back to back): neither cap erases the other's membrane. Each body is
    united with the plane by a smooth minimum of radius k (the fillet where it joins the plasma membrane);
    those unions meet by a plain minimum. y grows downward.
    """

    line: float | None
    discs: np.ndarray
    caps: np.ndarray
    k: float
    walls: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))
    lips: np.ndarray | None = None  # (n,) half-width of each disc's opening at the line (None: no clipping)

    def terms(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(plane (m,), body discs (n, m), body necks (n, m)) signed distances of p (one row per body: the
        minimum over the bodies of a few points is one pass per body, not a reduction along a short axis)."""
        x, y = p[:, 0], p[:, 1]
        plane = (y - self.line) if self.line is not None else np.full(len(p), np.inf)
        d = self.discs
        cx, cy, r = d[:, 0:1], d[:, 1:2], d[:, 2:3]
        disc = np.hypot(x - cx, y - cy) - r
        if self.line is not None and self.lips is not None:  # the circle of a flat cap rises beyond its lips
            disc = np.maximum(disc, np.minimum(np.abs(x - cx) - self.lips[:, None], self.line - y))
        for i, j, m, s in self.walls.tolist():  # where two caps meet (a few)
            disc[int(i)] = np.maximum(disc[int(i)], x - m + s)
            disc[int(j)] = np.maximum(disc[int(j)], m - x + s)
        c = self.caps
        ax, ay, bx, by, q = c[:, 0:1], c[:, 1:2], c[:, 2:3], c[:, 3:4], c[:, 4:5]
        ux, uy = bx - ax, by - ay
        ll = np.maximum(ux * ux + uy * uy, 1e-12)
        s_ = np.clip(((x - ax) * ux + (y - ay) * uy) / ll, 0.0, 1.0)
        neck = np.hypot(x - ax - s_ * ux, y - ay - s_ * uy) - q
        if (q <= 0).any():
            neck[q[:, 0] <= 0] = np.inf
        return plane, disc, neck

    def _combine(self, plane: np.ndarray, disc: np.ndarray, neck: np.ndarray) -> np.ndarray:
        """The field from its terms: each body's disc and neck smoothly united, each body smoothly united with the
        plane, and those unions joined by a plain minimum. So the field of several bodies that do not meet is the
        minimum of the fields of each body alone with the plane: sprites of lone bodies compose exactly."""
        body = smin(disc, neck, self.k) if disc.shape[0] else disc
        if body.shape[0] == 0:
            return plane
        if self.line is None:
            return body.min(axis=0)
        return smin(plane[None, :], body, self.k).min(axis=0)

    def f(self, p: np.ndarray) -> np.ndarray:
        """(m,) field at points p ((m, 2))."""
        return self._combine(*self.terms(p))

    def f_weight(self, p: np.ndarray, width: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(field, body weight 0..1, plane term) at p: weight is how much a point belongs to a body's own membrane
        (its disc) rather than the plane or a neck, blended over `width`."""
        plane, disc, neck = self.terms(p)
        f = self._combine(plane, disc, neck)
        if not disc.shape[0]:
            return f, np.zeros(len(p)), plane
        other = np.minimum(plane, neck.min(axis=0))
        diff = other - disc.min(axis=0)
        return f, np.clip(0.5 + diff / (2.0 * max(width, 1e-9)), 0.0, 1.0), plane


def walls(discs: np.ndarray, line: float, s: float, necks: np.ndarray | None = None) -> np.ndarray:
    """(nw, 4) walls (i, j, m, s) between neighbouring caps (in x order; i, j index discs) that meet: their
    circles cross, or come closer than 2 s, somewhere below the line within both caps. The wall is vertical,
    in the middle of where the two caps' widths overlap (but clear of each neck: necks (n,) half-widths), so
    each keeps its own side, its own membrane and its own neck; s is half the septum (one bilayer each side).

    Caps are the discs' parts below the line (a disc whose centre lies above the line is cut off outside its
    opening there). A 2-D cross-section of two vesicles pressed together shows them side by side with a flat
    contact: two membranes, not one cavity.
    """
    if len(discs) < 2:
        return np.empty((0, 4))
    order = np.argsort(discs[:, 0], kind="stable")
    d = discs[order]
    q = np.zeros(len(d)) if necks is None else np.asarray(necks, dtype=np.float64)[order]
    depth = d[:, 1] - line
    half = np.where(depth >= 0, d[:, 2], np.sqrt(np.maximum(d[:, 2] ** 2 - depth**2, 0.0)))  # cap half-width
    c1, c2 = d[:-1, :2], d[1:, :2]
    dist = np.maximum(np.hypot(*(c2 - c1).T), 1e-9)
    u = (c2 - c1) / dist[:, None]
    r1, r2 = d[:-1, 2], d[1:, 2]
    a = (r1**2 - r2**2 + dist**2) / (2.0 * dist)
    h = np.sqrt(np.maximum(r1**2 - a**2, 0.0))
    down = np.where(u[:, 0] > 0, 1.0, -1.0)  # the crossing point with the larger y (lower down)
    cross = (dist < r1 + r2) & (dist > np.abs(r1 - r2))
    inner = dist <= np.abs(r1 - r2)  # one circle inside the other
    gap = dist - r1 - r2
    low = np.where(cross[:, None], c1 + a[:, None] * u + down[:, None] * h[:, None] * np.stack([-u[:, 1], u[:, 0]], 1),
                   c1 + (r1 + 0.5 * gap)[:, None] * u)
    meet = cross | inner | ((gap >= 0) & (gap < 2.0 * s))
    meet &= np.abs(c2[:, 0] - c1[:, 0]) >= 0.5 * np.minimum(r1, r2)  # one under the other (compound exocytosis,
    # sim.compound): joined by the lower one's neck, never walled apart (no vertical wall could part them)
    within = (np.abs(low[:, 0] - c1[:, 0]) <= half[:-1] + s) & (np.abs(low[:, 0] - c2[:, 0]) <= half[1:] + s)
    ok = np.flatnonzero(meet & (inner | ((low[:, 1] > line) & within)))
    if ok.size == 0:
        return np.empty((0, 4))
    x1, x2 = c1[ok, 0], c2[ok, 0]
    m = 0.5 * ((x1 + half[:-1][ok]) + (x2 - half[1:][ok]))  # the middle of the overlap of the two caps' widths
    lo, hi = x1 + q[:-1][ok] + 2.0 * s, x2 - q[1:][ok] - 2.0 * s  # ... clear of both necks
    m = np.where(lo <= hi, np.clip(m, lo, hi), 0.5 * (x1 + x2))
    return np.stack([order[:-1][ok], order[1:][ok], m, np.full(ok.size, s)], axis=1).astype(np.float64)
