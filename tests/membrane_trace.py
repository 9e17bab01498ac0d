"""Test oracles of the membrane: its Field's zero level set traced into polylines (the plasma membrane as one open
path, merges closed), where every membrane protein lies on it, and a merge's outline as a field.

Marching squares on a grid around each cluster of fused bodies (or around a merge: closed_outlines) finds the
outline; its points are then moved onto f = 0 and the path is subdivided (new points projected too) until no
two neighbours are farther apart than the requested step. Outlines that are not joined to the flat membrane
are returned separately (`loops`): for a sound membrane there are none. Only the tests use these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.membrane_field import Level
from exoviz.sim.membrane_merge import MergeField, merge_geometry, merging
from exoviz.sim.membrane_shape import Attached, attached, body_protein_points, opening
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.surface import push_out

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

# Marching-squares segments per case (corner bits tl=8, tr=4, br=2, bl=1); edges T=0, R=1, B=2, L=3.
_CASES: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((3, 2),), 2: ((2, 1),), 3: ((3, 1),), 4: ((0, 1),), 6: ((0, 2),), 7: ((3, 0),), 8: ((3, 0),),
    9: ((0, 2),), 11: ((0, 1),), 12: ((3, 1),), 13: ((2, 1),), 14: ((3, 2),),
}
# Saddles: (centre inside, centre outside) segment pairs.
_SADDLES = {5: (((3, 0), (2, 1)), ((0, 1), (3, 2))), 10: (((0, 1), (3, 2)), ((3, 0), (2, 1)))}


@dataclass
class MembranePath:
    """points: (N, 2) nm, the midline from one end to the other; loops: detached closed outlines (N_i, 2)."""

    points: np.ndarray
    loops: list[np.ndarray] = field(default_factory=list)


def _crossings(fld: Level, x0: float, y0: float, nx: int, ny: int, d: float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Grid values; (edge id -> crossing point) table; segments (s, 2) edge ids; number of horizontal edges."""
    gx = x0 + np.arange(nx) * d
    gy = y0 + np.arange(ny) * d
    xx, yy = np.meshgrid(gx, gy)
    f = fld.f(np.stack([xx.ravel(), yy.ravel()], axis=1)).reshape(ny, nx)
    f = np.where(f == 0.0, 1e-12, f)
    nh = ny * (nx - 1)
    pts = np.full((nh + (ny - 1) * nx, 2), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):  # edges without a crossing are never used
        th = f[:, :-1] / (f[:, :-1] - f[:, 1:])  # horizontal edges (j, i)-(j, i+1)
        tv = f[:-1, :] / (f[:-1, :] - f[1:, :])  # vertical edges (j, i)-(j+1, i)
    pts[:nh, 0] = (xx[:, :-1] + th * d).ravel()
    pts[:nh, 1] = yy[:, :-1].ravel()
    pts[nh:, 0] = xx[:-1, :].ravel()
    pts[nh:, 1] = (yy[:-1, :] + tv * d).ravel()
    inside = f < 0
    case = (inside[:-1, :-1] * 8 + inside[:-1, 1:] * 4 + inside[1:, 1:] * 2 + inside[1:, :-1] * 1).astype(np.int64)
    j, i = np.mgrid[0 : ny - 1, 0 : nx - 1]
    edge = np.stack([j * (nx - 1) + i, nh + j * nx + i + 1, (j + 1) * (nx - 1) + i, nh + j * nx + i], axis=-1)
    centre_in = fld.f(np.stack([(xx[:-1, :-1] + d / 2).ravel(), (yy[:-1, :-1] + d / 2).ravel()], axis=1)
                      ).reshape(ny - 1, nx - 1) < 0 if np.isin(case, (5, 10)).any() else np.zeros(case.shape, bool)
    segs = []
    for c, pairs in _CASES.items():  # 12 table entries (not a loop over data)
        sel = case == c
        for a, b in pairs:
            segs.append(np.stack([edge[sel][:, a], edge[sel][:, b]], axis=1))
    for c, (yes, no) in _SADDLES.items():
        for which, pairs in ((True, yes), (False, no)):
            sel = (case == c) & (centre_in == which)
            for a, b in pairs:
                segs.append(np.stack([edge[sel][:, a], edge[sel][:, b]], axis=1))
    return pts, np.concatenate(segs), f, nh


def _chains(segs: np.ndarray, n_edges: int, start: int) -> tuple[list[int], list[list[int]]]:
    """Walk the segment graph: the chain from edge `start`, then every other chain (detached outlines)."""
    nb = np.full((n_edges, 2), -1, dtype=np.int64)
    ends = np.concatenate([segs[:, 0], segs[:, 1]])
    other = np.concatenate([segs[:, 1], segs[:, 0]])
    order = np.argsort(ends, kind="stable")
    ends, other = ends[order], other[order]
    first = np.ones(ends.size, dtype=bool)
    first[1:] = ends[1:] != ends[:-1]
    nb[ends[first], 0] = other[first]
    nb[ends[~first], 1] = other[~first]
    used = np.unique(segs)
    nbl = dict(zip(used.tolist(), nb[used].tolist()))  # only the edges a segment touches (not the whole grid's)
    seen = np.zeros(n_edges, dtype=bool)

    def walk(e: int) -> list[int]:
        out, prev = [e], -1
        seen[e] = True
        while True:  # along one outline: a few thousand edges
            a, b = nbl.get(e, (-1, -1))
            nxt = a if a >= 0 and a != prev and not seen[a] else (b if b >= 0 and not seen[b] else -1)
            if nxt < 0:
                return out
            prev, e = e, nxt
            seen[e] = True
            out.append(e)

    main = walk(start)
    loops = []
    for e in used.tolist():  # leftovers only: normally none
        if not seen[e]:
            loops.append(walk(e))
    return main, loops


def refine(fld: Level, pts: np.ndarray, step: float, eps: float, closed: bool = False) -> np.ndarray:
    """Move pts onto f = 0 and subdivide until neighbours are at most step apart.

    New points are projected onto f = 0 too; where that cannot separate them (a kink of the field, where two
    shapes meet), the last round fills in along the straight chord between the two traced points.
    """
    p = fld.project(pts, eps)
    for rnd in range(8):
        q = np.concatenate([p, p[:1]]) if closed else p
        gap = np.hypot(*np.diff(q, axis=0).T)
        extra = np.minimum(np.ceil(gap / step).astype(np.int64) - 1, 256)
        if not (extra > 0).any():
            break
        k = np.repeat(np.arange(gap.size), np.maximum(extra, 0))
        first = np.repeat(np.cumsum(np.maximum(extra, 0)) - np.maximum(extra, 0), np.maximum(extra, 0))
        t = ((np.arange(k.size) - first) + 1) / (extra[k] + 1)
        new = q[k] + (q[k + 1] - q[k]) * t[:, None]
        if rnd < 7:
            new = fld.project(new, eps)
        at = np.concatenate([np.arange(len(p)), k + t])
        p = np.concatenate([p, new])[np.argsort(at, kind="stable")]
    return p


def closed_outlines(fld: Level, box: tuple[float, float, float, float], grid: float, step: float
                    ) -> list[np.ndarray]:
    """Every closed outline of fld inside box (x0, y0, x1, y1; f > 0 all along its border) as closed polylines
    (the last point joins the first) with points at most step apart."""
    x0, y0, x1, y1 = box
    nx = int(np.ceil((x1 - x0) / grid)) + 1
    ny = int(np.ceil((y1 - y0) / grid)) + 1
    pts, segs, _, _ = _crossings(fld, x0, y0, nx, ny, grid)
    if segs.size == 0:
        return []
    first, rest = _chains(segs, len(pts), int(segs[0, 0]))
    return [refine(fld, pts[c], step, grid * 0.05, closed=True) for c in (first, *rest)]


def clusters(att: Attached, pad: float = 0.0) -> list[np.ndarray]:
    """Indices of bodies whose shaped stretches (widened by pad) overlap: they share one outline. Left to right."""
    if att.size == 0:
        return []
    lo, hi = att.x - att.extent() - pad, att.x + att.extent() + pad
    order = np.argsort(lo, kind="stable")
    lo, hi = lo[order], hi[order]
    new = np.ones(order.size, dtype=bool)
    new[1:] = lo[1:] > np.maximum.accumulate(hi)[:-1]
    return np.split(order, np.flatnonzero(new)[1:])


def trace_cluster(att: Attached, sel: np.ndarray, x0: float, x1: float, grid: float, step: float
                  ) -> tuple[np.ndarray, list[np.ndarray]]:
    """The outline across [x0, x1] of the bodies sel (it enters and leaves on the flat membrane)."""
    fld = att.field(sel)
    depth, radius = att.caps()
    bottom = att.line + float(np.max(depth[sel] + radius[sel]))
    y0 = att.line - float(np.max(att.lumen[sel] + att.h_neck)) - 3 * att.k - 2 * grid
    nx = int(np.ceil((x1 - x0) / grid)) + 2
    ny = int(np.ceil((bottom + att.k + 3 * grid - y0) / grid)) + 2
    pts, segs, f, nh = _crossings(fld, x0, y0, nx, ny, grid)
    rows = np.flatnonzero((f[:-1, 0] < 0) != (f[1:, 0] < 0))  # the flat membrane crossing the left column
    start = nh + int(rows[np.argmin(np.abs(y0 + rows * grid - att.line))]) * nx
    main, loops = _chains(segs, len(pts), start)
    eps = grid * 0.05
    path = refine(fld, pts[main], step, eps)
    if path[0, 0] > path[-1, 0]:
        path = path[::-1]
    return path, [refine(fld, pts[lp], step, eps, closed=True) for lp in loops]


def plasma_membrane_path(world: World, step: float = 0.5, grid: float | None = None,
                         att: Attached | None = None) -> MembranePath:
    """The plasma membrane midline from x = 0 to the scene width as one polyline, points at most step nm apart,
    through every body fused to it now (model sizes unless att is given)."""
    att = attached(world) if att is None else att
    w = world.scene.width
    line = att.line
    pieces: list[np.ndarray] = []
    loops: list[np.ndarray] = []
    x = 0.0
    for sel in clusters(att, pad=12.0):  # a few clusters of fusing bodies at a time (boxes padded by 4 cells)
        ext = att.extent()[sel]
        a, b = float(np.min(att.x[sel] - ext)), float(np.max(att.x[sel] + ext))
        g = grid or float(min(2.0, 0.4 * (np.min(att.lumen[sel]) + att.h_neck)))
        a, b = a - 4 * g, b + 4 * g
        if a > x:
            pieces.append(_flat(x, a, line, step)[:-1])  # the traced outline starts at x = a on the line
        path, lp = trace_cluster(att, sel, a, b, g, step)
        pieces.append(path)
        loops.extend(lp)
        x = float(path[-1, 0])
    if w > x or not pieces:
        pieces.append(_flat(x, max(w, x), line, step)[1 if pieces else 0:])
    return MembranePath(np.concatenate(pieces), loops)


def _flat(x0: float, x1: float, y: float, step: float) -> np.ndarray:
    n = max(2, int(np.ceil((x1 - x0) / step)) + 1)
    return np.stack([np.linspace(x0, x1, n), np.full(n, y)], axis=1)


def gaps(points: np.ndarray) -> np.ndarray:
    """Distances between consecutive points of a polyline."""
    return np.hypot(*np.diff(points, axis=0).T)


def distance_to_path(pts: np.ndarray, path: np.ndarray, near: float | None = None, chunk: int = 256) -> np.ndarray:
    """(m,) distance of each point to the polyline path (exact, by segments). With `near`, only segments within
    near (in x) of a point are looked at: exact up to near, inf where no segment is that close."""
    a, b = path[:-1], path[1:]
    if near is not None:
        return _near_distance(pts, a, b, near)
    ab = b - a
    ll = np.maximum((ab**2).sum(axis=1), 1e-18)
    out = np.empty(len(pts))
    for s in range(0, len(pts), chunk):  # chunks of points (memory bound), not a loop over bodies
        p = pts[s : s + chunk, None, :]
        t = np.clip(((p - a) * ab).sum(axis=2) / ll, 0.0, 1.0)
        d = p - (a + t[:, :, None] * ab)
        out[s : s + chunk] = np.sqrt((d**2).sum(axis=2)).min(axis=1)
    return out


def _near_distance(pts: np.ndarray, a: np.ndarray, b: np.ndarray, near: float) -> np.ndarray:
    """distance_to_path over the segments a-b whose x-range comes within near of each point (pairs gathered
    with searchsorted over the segments sorted by their left end)."""
    lo_x, hi_x = np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 0], b[:, 0])
    order = np.argsort(lo_x, kind="stable")
    lo_sorted = lo_x[order]
    span = float(np.max(hi_x - lo_x)) if len(a) else 0.0
    first = np.searchsorted(lo_sorted, pts[:, 0] - near - span)
    last = np.searchsorted(lo_sorted, pts[:, 0] + near, side="right")
    n = np.maximum(last - first, 0)
    owner = np.repeat(np.arange(len(pts)), n)
    seg = order[np.repeat(first, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))]
    p, sa, sb = pts[owner], a[seg], b[seg]
    ab = sb - sa
    t = np.clip(((p - sa) * ab).sum(axis=1) / np.maximum((ab**2).sum(axis=1), 1e-18), 0.0, 1.0)
    d = np.hypot(*(p - (sa + t[:, None] * ab)).T)
    out = np.full(len(pts), np.inf)
    np.minimum.at(out, owner, d)
    return np.where(out <= near, out, np.inf)


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
    slid = fld.to_lip(surf, eps, 2.0 * att.h_neck)
    pts = np.concatenate([slid, body])
    near = np.zeros(len(pts), dtype=bool)
    near[surf.shape[0]:] = True
    reach = att.reach()
    near[: surf.shape[0]] = (np.abs(moved[:, None] - att.x[None, :]) < reach[None, :]).any(axis=1)
    near[: surf.shape[0]] |= slid[:, 0] != surf[:, 0]
    pts[near] = fld.project(pts[near], eps)
    normals = np.tile([0.0, 1.0], (len(pts), 1))
    normals[near] = fld.normal(pts[near], eps)
    return pts, normals


def merge_field(world: World, lyso: int, h: float = HALF_BILAYER_NM) -> MergeField:
    """The merging outline (nm, midline) of lysosome row `lyso` with every MVB fusing with it now."""
    v = world.ves
    dg, tg = merging(world)
    m = dg[tg == lyso]
    mvb, lumen, _ = merge_geometry(v.pos[m], v.radius[m] - h, v.pos[lyso], float(v.radius[lyso] - h), v.digested[m])
    return MergeField(np.array([*v.pos[lyso], v.radius[lyso] - h]), mvb, lumen, h, 2.0 * h)
