"""The plasma membrane's shape with every body fused to it, and MVB-lysosome merges, as a smooth-union field.

Design. The membrane midline is the zero level set of a field f(p) (f < 0 on the extracellular/lumen side,
f > 0 on the cytosol side, |grad f| ~ 1, so f is close to a signed distance). The region f < 0 is a union of
simple shapes: the half-plane above the flat membrane, one disc per fused body (its cap, flattening as it
collapses) and one capsule per fusion neck (its half-width is the pore lumen plus half a bilayer). The union
is smooth (a polynomial smooth minimum of the two nearest shapes, radius k), which rounds every junction
into a fillet: that fillet *is* the neck where the vesicle membrane joins the plasma membrane.

Why a field rather than a path with hand-made fillets: a union never tears. Two fusing bodies whose
Omegas overlap simply merge into one outline, a body with no neck (kiss closed) simply drops out, and the
same field gives the drawing (the leaflets are the bands -h < f < 0 and 0 < f < h, anti-aliased per pixel),
the path (traced in membrane_trace), and where proteins sit (projected onto f = 0).

All builders work in any one length unit: nm in the model, px when the renderer rasterises a sprite.
The plasma membrane path itself: membrane_trace.plasma_membrane_path (one open polyline, x = 0 .. width).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.world import World

# Bodies joined to the plasma membrane through an open neck (their membrane is now plasma membrane).
ATTACHED = (Stage.PORE, Stage.RELEASE, Stage.COLLAPSE, Stage.KISS_RELEASE, Stage.MVB_FUSION)
KISS_CLOSING = 0.3  # a kiss pore narrows to nothing over the last 30 % of the kiss (then PORE_CLOSED: sealed)
C_MAX = 0.995  # flattest cap drawn before the body is absorbed (a flat cap has an infinite radius)
PROTEIN_SPAN = 0.8  # body proteins sit on this share of the cap's arc (as Surface.add_proteins spreads them)


def smin(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
    """Polynomial smooth minimum: min(a, b) rounded where |a - b| < k (a fillet of radius ~k)."""
    if k <= 0:
        return np.minimum(a, b)
    h = np.maximum(k - np.abs(a - b), 0.0) / k
    return np.minimum(a, b) - h * h * k * 0.25


def _discs(x: np.ndarray, y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """(m, n) signed distance of points (x, y as (m, 1)) to discs d ((n, 3) cx, cy, R)."""
    return np.hypot(x - d[:, 0], y - d[:, 1]) - d[:, 2]


def cap(r0: np.ndarray, depth0: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(centre depth below the line, radius) of a body's cap circle at collapse progress c (0..1).

    c = 0: the whole sphere (midline radius r0) with its centre depth0 below the membrane line. As c grows the
    sphere opens into a spherical cap of the same membrane area (3-D: 2 pi R^2 (1 - cos t) = 4 pi r0^2) whose
    half-angle t falls from pi to 0, so it flattens into a disc of radius 2 r0. The starting gap between the
    sphere and the membrane (depth0 - r0) closes as it flattens.
    """
    c = np.clip(np.asarray(c, dtype=np.float64), 0.0, C_MAX)
    t = np.pi * (1.0 - c)
    radius = r0 * np.sqrt(2.0 / (1.0 - np.cos(t)))
    depth = -radius * np.cos(t) + (depth0 - r0) * (1.0 - c)
    return depth, radius


def opening(depth: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Half-width of the cap's own opening at the membrane line (0 while the cap hangs below it)."""
    return np.sqrt(np.maximum(radius**2 - depth**2, 0.0)) * (depth < radius)


@dataclass(frozen=True)
class Field:
    """A region f < 0: an optional half-plane y < line, bodies and bridges, joined by a smooth union.

    Body i is its disc discs[i] = (cx, cy, R) united with its neck caps[i] = (ax, ay, bx, by, q) (segment a-b,
    half-width q; q <= 0: no neck), rounded with radius k. Bodies, the plane and bridges (dots (nd, 3) discs,
    boxes (nb, 4) x0, y0, x1, y1: they fill cytosol trapped between two touching bodies) are then joined by the
    smooth minimum of the two nearest: radius k where the plane takes part, 4 k between bodies (membranes closer
    than a bilayer merge rather than leave a sliver). y grows downward.
    """

    line: float | None
    discs: np.ndarray
    caps: np.ndarray
    k: float
    dots: np.ndarray = field(default_factory=lambda: np.empty((0, 3)))
    boxes: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))

    def terms(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(plane (m,), body discs (m, n), body necks (m, n), bridges (m, nd + nb)) signed distances of p."""
        x, y = p[:, 0:1], p[:, 1:2]
        plane = (y[:, 0] - self.line) if self.line is not None else np.full(len(p), np.inf)
        disc = _discs(x, y, self.discs)
        c = self.caps
        ax, ay, bx, by, q = (c[:, i] for i in range(5))
        ux, uy = bx - ax, by - ay
        ll = np.maximum(ux * ux + uy * uy, 1e-12)
        s = np.clip(((x - ax) * ux + (y - ay) * uy) / ll, 0.0, 1.0)
        neck = np.where(q > 0, np.hypot(x - ax - s * ux, y - ay - s * uy) - q, np.inf)
        b = self.boxes
        qx = np.abs(x - 0.5 * (b[:, 0] + b[:, 2])) - 0.5 * (b[:, 2] - b[:, 0])
        qy = np.abs(y - 0.5 * (b[:, 1] + b[:, 3])) - 0.5 * (b[:, 3] - b[:, 1])
        box = np.hypot(np.maximum(qx, 0.0), np.maximum(qy, 0.0)) + np.minimum(np.maximum(qx, qy), 0.0)
        return plane, disc, neck, np.concatenate([_discs(x, y, self.dots), box], axis=1)

    def f(self, p: np.ndarray) -> np.ndarray:
        """(m,) field at points p ((m, 2))."""
        plane, disc, neck, bridge = self.terms(p)
        body = smin(disc, neck, self.k) if disc.shape[1] else disc
        allt = np.concatenate([plane[:, None], body, bridge], axis=1)
        if allt.shape[1] == 1:
            return allt[:, 0]
        two = np.argpartition(allt, 1, axis=1)[:, :2]
        a = np.take_along_axis(allt, two, axis=1)
        k = np.where((two == 0).any(axis=1), self.k, 4.0 * self.k)  # column 0 is the plane
        h = np.maximum(k - np.abs(a[:, 0] - a[:, 1]), 0.0) / k
        return np.minimum(a[:, 0], a[:, 1]) - h * h * k * 0.25

    def body_weight(self, p: np.ndarray, width: float) -> np.ndarray:
        """(m,) 0..1: how much a point belongs to a body's own membrane (its disc) rather than the plane or a neck."""
        plane, disc, neck, _ = self.terms(p)
        if not disc.shape[1]:
            return np.zeros(len(p))
        other = np.minimum(plane, neck.min(axis=1))
        diff = other - disc.min(axis=1)
        return np.clip(0.5 + diff / (2.0 * max(width, 1e-9)), 0.0, 1.0)

    def normal(self, p: np.ndarray, eps: float) -> np.ndarray:
        """(m, 2) unit gradient of f (points toward the cytosol side), by central differences."""
        ex, ey = np.array([eps, 0.0]), np.array([0.0, eps])
        g = np.stack([self.f(p + ex) - self.f(p - ex), self.f(p + ey) - self.f(p - ey)], axis=1)
        n = np.hypot(g[:, 0], g[:, 1])
        return np.divide(g, n[:, None], out=np.tile([0.0, 1.0], (len(p), 1)), where=n[:, None] > 1e-12)

    def project(self, p: np.ndarray, eps: float, iterations: int = 6) -> np.ndarray:
        """Points moved onto f = 0: Newton steps along the gradient; where the field has a kink (two shapes meet)
        and Newton stalls, the sign change is bracketed along the normal and bisected."""
        p = np.array(p, dtype=np.float64, copy=True)
        for _ in range(iterations):
            p -= self.f(p)[:, None] * self.normal(p, eps)
        f0 = self.f(p)
        bad = np.flatnonzero(np.abs(f0) > 2 * eps)
        if bad.size:  # search 16 directions for the nearest crossing
            q, fb = p[bad], f0[bad]
            best, dist = q.copy(), np.full(bad.size, np.inf)
            for ang in np.linspace(0.0, 2 * np.pi, 16, endpoint=False):  # 16 fixed directions
                d = np.tile([np.cos(ang), np.sin(ang)], (bad.size, 1))
                e = self._bisect(q, fb, eps, d)
                moved = np.hypot(*(e - q).T)
                ok = (moved > 0) & (moved < dist)
                best[ok], dist[ok] = e[ok], moved[ok]
            p[bad] = best
        return p

    def _bisect(self, p: np.ndarray, f0: np.ndarray, eps: float, n: np.ndarray | None = None) -> np.ndarray:
        """Move points p (field f0) onto f = 0 along direction n (default: the normal, toward the zero level) by
        bracketing and bisection; points whose ray never crosses f = 0 stay where they are."""
        n = self.normal(p, eps) * -np.sign(f0)[:, None] if n is None else n
        lo = np.zeros(len(p))
        hi = np.full(len(p), np.nan)
        t = np.maximum(np.abs(f0) * 0.25, eps)
        for _ in range(14):  # doubling reach until the sign flips
            flip = np.sign(self.f(p + t[:, None] * n)) != np.sign(f0)
            hi = np.where(np.isnan(hi) & flip, t, hi)
            lo = np.where(np.isnan(hi), t, lo)
            t = t * 2.0
        found = ~np.isnan(hi)
        lo, hi = np.where(found, lo, 0.0), np.where(found, hi, 0.0)
        for _ in range(30):
            mid = 0.5 * (lo + hi)
            same = np.sign(self.f(p + mid[:, None] * n)) == np.sign(f0)
            lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        return p + (0.5 * (lo + hi))[:, None] * n

    def to_lip(self, p: np.ndarray, eps: float) -> np.ndarray:
        """Points on the membrane line that fell into an opening (f < 0) slide along the line, away from the
        opening's nearer side, to where the membrane is: where the plasma membrane around a fusion is."""
        f0 = self.f(p)
        inside = np.flatnonzero(f0 < -eps)
        if inside.size:
            q = p[inside]
            ends = [self._bisect(q, f0[inside], eps, np.tile([side, 0.0], (inside.size, 1))) for side in (-1.0, 1.0)]
            dist = [np.abs(e[:, 0] - q[:, 0]) + np.where(np.abs(e[:, 0] - q[:, 0]) > 0, 0.0, np.inf) for e in ends]
            p = p.copy()
            p[inside] = np.where((dist[0] <= dist[1])[:, None], ends[0], ends[1])
        return p


@dataclass(frozen=True)
class Attached:
    """Bodies joined to a flat membrane at y = line (one length unit throughout), one entry per body.

    rows: slots in world.ves; x: axis; depth0: sphere centre below the line at the start; r0: midline radius of
    the sphere; c: collapse 0..1; lumen: neck lumen half-width (0: a sealed stalk); h_neck: half bilayer of the
    neck; k: fillet radius.
    """

    rows: np.ndarray
    line: float
    x: np.ndarray
    depth0: np.ndarray
    r0: np.ndarray
    c: np.ndarray
    lumen: np.ndarray
    h_neck: float
    k: float

    @property
    def size(self) -> int:
        return int(self.x.size)

    def caps(self) -> tuple[np.ndarray, np.ndarray]:
        return cap(self.r0, self.depth0, self.c)

    def reach(self) -> np.ndarray:
        """(n,) half-width of the stretch of membrane each body bends, measured from its axis along the line."""
        depth, radius = self.caps()
        q = self.lumen + self.h_neck
        at_line = np.sqrt(np.maximum((radius + self.k) ** 2 - depth**2, 0.0))
        return np.maximum(q + self.k, at_line) + self.k

    def extent(self) -> np.ndarray:
        """(n,) half-width of everything each body shapes, from its axis: its bent stretch or its cap."""
        _, radius = self.caps()
        return np.maximum(self.reach(), np.minimum(radius, 4.0 * self.r0) + 2.0 * self.k)

    def field(self, select: np.ndarray | None = None) -> Field:
        """The field of the flat membrane with these bodies (or the subset select)."""
        s = slice(None) if select is None else select
        depth, radius = self.caps()
        x, depth, radius = self.x[s], depth[s], radius[s]
        q = (self.lumen + self.h_neck)[s]
        discs = np.stack([x, self.line + depth, radius], axis=1)
        top = self.line - q - self.k
        caps_ = np.stack([x, top, x, np.maximum(self.line + depth, top), q], axis=1)
        boxes, dots = bridges(discs, self.line, self.k)
        return Field(self.line, discs, caps_, self.k, dots, boxes)

    def clusters(self, pad: float = 0.0) -> list[np.ndarray]:
        """Indices of bodies whose shaped stretches (widened by pad) overlap: they share one outline. Left to right."""
        if self.size == 0:
            return []
        lo, hi = self.x - self.extent() - pad, self.x + self.extent() + pad
        order = np.argsort(lo, kind="stable")
        lo, hi = lo[order], hi[order]
        new = np.ones(order.size, dtype=bool)
        new[1:] = lo[1:] > np.maximum.accumulate(hi)[:-1]
        return np.split(order, np.flatnonzero(new)[1:])


def bridges(discs: np.ndarray, line: float, k: float) -> tuple[np.ndarray, np.ndarray]:
    """(boxes (nb, 4), discs (nb, 3)) filling the cytosol trapped above the meeting point of two neighbouring
    caps: a box between their axes down to that point, and a small disc on the point itself.

    In 3-D that cytosol is not trapped (it connects around the contact); a 2-D cross-section would show it
    enclosed, so the two lumens are drawn as one cavity (as in compound fusion).
    """
    if len(discs) < 2:
        return np.empty((0, 4)), np.empty((0, 3))
    d = discs[np.argsort(discs[:, 0], kind="stable")]
    c1, c2 = d[:-1, :2], d[1:, :2]
    dist = np.maximum(np.hypot(*(c2 - c1).T), 1e-9)
    u = (c2 - c1) / dist[:, None]
    up = np.where(u[:, 0] > 0, -1.0, 1.0)  # the crossing point with the smaller y (higher up)
    r1, r2 = d[:-1, 2], d[1:, 2]
    a = (r1**2 - r2**2 + dist**2) / (2.0 * dist)
    h = np.sqrt(np.maximum(r1**2 - a**2, 0.0))
    crossing = c1 + a[:, None] * u + up[:, None] * h[:, None] * np.stack([-u[:, 1], u[:, 0]], axis=1)
    cross = (dist < r1 + r2) & (dist > np.abs(r1 - r2))
    gap = dist - r1 - r2
    closest = c1 + (r1 + 0.5 * gap)[:, None] * u  # barely apart: the fillet joins them here
    meet = cross | ((gap >= 0) & (gap < 4.0 * k))
    meet_pt = np.where(cross[:, None], crossing, closest)
    ok = meet & (meet_pt[:, 1] > line)
    n = int(ok.sum())
    boxes = np.stack([c1[ok, 0], np.full(n, line - k), c2[ok, 0], meet_pt[ok, 1]], axis=1)
    return boxes, np.concatenate([meet_pt[ok], np.full((n, 1), 3.0 * k)], axis=1)


def attached_rows(world: World) -> np.ndarray:
    """Slots of the bodies whose neck is open to the plasma membrane now."""
    return np.flatnonzero(np.isin(world.ves.stage, ATTACHED))


def neck_lumen(world: World, rows: np.ndarray, min_lumen: float = 0.0) -> np.ndarray:
    """Neck lumen half-width (nm) of attached rows: the model's pore, at least min_lumen (drawing), closing to 0
    over the end of a kiss."""
    v = world.ves
    lumen = np.maximum(v.pore[rows], min_lumen)
    kiss = v.stage[rows] == Stage.KISS_RELEASE
    frac = np.divide(v.t_stage[rows], v.dur[rows], out=np.zeros(rows.size), where=v.dur[rows] > 0)
    closing = np.clip((1.0 - frac) / KISS_CLOSING, 0.0, 1.0)
    return np.where(kiss, lumen * closing, lumen)


def attached(world: World, rows: np.ndarray | None = None, h_body: np.ndarray | float = HALF_BILAYER_NM,
             h_neck: float = HALF_BILAYER_NM, min_lumen: float = 0.0, pos: np.ndarray | None = None) -> Attached:
    """The bodies joined to the plasma membrane, in nm. h_body / h_neck: half bilayer drawn for the body and
    the neck (true 2.5 nm in the model); min_lumen: smallest neck lumen drawn; pos: (capacity, 2) positions to
    use (e.g. interpolated for drawing)."""
    v = world.ves
    rows = attached_rows(world) if rows is None else rows
    p = v.pos if pos is None else pos
    line = world.scene.membrane_y
    r0 = np.maximum(v.radius[rows] - h_body, 0.5)
    return Attached(rows, line, p[rows, 0].copy(), p[rows, 1] - line, r0, v.collapse[rows].copy(),
                    neck_lumen(world, rows, min_lumen), float(h_neck), float(h_neck))


# -- membrane proteins ---------------------------------------------------------------------------------------
def push_out(x: np.ndarray, axes: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Where plasma-membrane content at x ends up once discs of membrane (half-widths half) are inserted at axes.

    A flat disc of radius a inserted at the axis pushes the membrane around it outward: a point at distance s
    moves to sqrt(s^2 + a^2) (the area inside it grows by pi a^2). The pushes of several bodies add up.
    """
    x = np.asarray(x, dtype=np.float64)
    if np.size(axes) == 0:
        return x.copy()
    s = x[:, None] - np.asarray(axes, dtype=np.float64)[None, :]
    a = np.asarray(half, dtype=np.float64)[None, :]
    push = np.where(s >= 0, 1.0, -1.0) * (np.sqrt(s * s + a * a) - np.abs(s))
    return x + push.sum(axis=1)


def body_protein_points(att: Attached, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(points (total, 2), owner index (total,)): counts[i] proteins spread evenly over body i's cap arc.

    They keep their order and spacing as the cap flattens, ending where Surface.add_proteins puts them.
    """
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    owner = np.repeat(np.arange(att.size), counts)
    if total == 0:
        return np.empty((0, 2)), owner
    first = np.repeat(np.cumsum(counts) - counts, counts)
    frac = ((np.arange(total) - first) + 0.5) / counts[owner] * 2.0 - 1.0
    depth, radius = att.caps()
    half_angle = np.pi * (1.0 - np.clip(att.c, 0.0, C_MAX))
    phi = PROTEIN_SPAN * frac * half_angle[owner]  # angle from the bottom of the cap
    pts = np.stack([att.x[owner] + radius[owner] * np.sin(phi),
                    att.line + depth[owner] + radius[owner] * np.cos(phi)], axis=1)
    return pts, owner


def membrane_proteins(world: World, att: Attached | None = None, surface_x: np.ndarray | None = None,
                      eps: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """(anchors (n, 2) nm on the membrane midline, unit normals (n, 2) toward the cytosol) of every membrane
    protein: the cell-surface proteins (pushed aside by the bodies fusing now) and the fusing bodies' own."""
    att = attached(world) if att is None else att
    xs = world.surface.prot_x if surface_x is None else surface_x
    counts = world.ves.proteins[att.rows]
    if att.size == 0:
        pts = np.stack([xs, np.full(xs.size, world.scene.membrane_y)], axis=1)
        return pts, np.tile([0.0, 1.0], (xs.size, 1))
    depth, radius = att.caps()
    moved = push_out(xs, att.x, np.maximum(opening(depth, radius), att.lumen + att.h_neck))
    surf = np.stack([moved, np.full(moved.size, att.line)], axis=1)
    body, _ = body_protein_points(att, counts)
    fld = att.field()
    surf = fld.to_lip(surf, eps)
    pts = np.concatenate([surf, body])
    near = np.zeros(len(pts), dtype=bool)
    near[surf.shape[0]:] = True
    reach = att.reach()
    near[: surf.shape[0]] = (np.abs(moved[:, None] - att.x[None, :]) < reach[None, :]).any(axis=1)
    pts[near] = fld.project(pts[near], eps)
    normals = np.tile([0.0, 1.0], (len(pts), 1))
    normals[near] = fld.normal(pts[near], eps)
    return pts, normals
