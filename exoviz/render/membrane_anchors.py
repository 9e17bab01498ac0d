"""Where proteins sit on the membrane around fused bodies: the plasma membrane's, pushed aside and read from the
tiles' lip tables, and each fused body's own, moved onto a seam's joint outline where a neighbour's cap cut
theirs (worked out once per seam tile and kept with it)."""

from __future__ import annotations

import numpy as np

from exoviz.render.cache import kept
from exoviz.render.membrane_fused import FLAT, SEAM, Fused, Tile, mark_px
from exoviz.render.membrane_sprite import Raster, project
from exoviz.render.membrane_sprite import sample as bilinear
from exoviz.sim.membrane_shape import opening, push_out


def _lip_lookup(fz: Fused, moved: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(anchors, normals) of plasma-membrane proteins at x = moved on the line, from the tiles' tables."""
    line = fz.att.line
    pts = np.stack([moved, np.full(moved.size, line)], axis=1)
    nrm = np.tile([0.0, 1.0], (moved.size, 1))
    rr = fz.runs
    if rr is None or moved.size == 0:
        return pts, nrm
    r = np.searchsorted(rr.start, moved, side="right") - 1
    near = np.flatnonzero((r >= 0) & (moved < rr.end))
    near = near[rr.owner[r[near]] != FLAT]
    if near.size == 0:
        return pts, nrm
    runs_here, which = np.unique(r[near], return_inverse=True)
    found: list[tuple[Tile, float]] = []
    has = np.zeros(runs_here.size, dtype=bool)
    for k, i in enumerate(runs_here.tolist()):  # runs with proteins in them (a few): their tiles' tables
        o = int(rr.owner[i])
        pick: tuple[Tile | None, float] = (fz.seams[i] if o == SEAM and i in fz.seams
                                           else (fz.lone.get(o), float(fz.att.x[max(o, 0)])))
        tile, xr = pick
        if tile is not None:  # (runs out of view have none: their proteins are not drawn)
            has[k] = True
            found.append((tile, xr))
    keep = has[which]
    near, which = near[keep], (np.cumsum(has) - 1)[which[keep]]
    if near.size == 0:
        return pts, nrm
    sizes = np.array([len(t.lip) for t, _ in found])
    offs = np.cumsum(sizes) - sizes
    lip = np.concatenate([t.lip for t, _ in found])
    nearest = np.concatenate([t.near + o for (t, _), o in zip(found, offs.tolist())])
    origin = np.array([xr + t.ras.x0 + 0.5 for t, xr in found])
    u = moved[near] - origin[which]
    last = sizes[which] - 1
    c0 = np.clip(np.floor(u).astype(np.int64), 0, last)
    t = np.clip(u - c0, 0.0, 1.0)[:, None]
    c1 = nearest[offs[which] + np.minimum(c0 + 1, last)]
    c0 = nearest[offs[which] + c0]
    a = lip[c0] * (1 - t) + lip[c1] * t
    x_ref = np.array([xr for _, xr in found])[which]
    pts[near] = a[:, :2] + np.stack([x_ref, np.full(near.size, line)], axis=1)
    nrm[near] = a[:, 2:]
    return pts, nrm / np.maximum(np.hypot(nrm[:, 0], nrm[:, 1]), 1e-9)[:, None]


def _in_seams(fz: Fused, own: Tile, x: float, h: float) -> np.ndarray:
    """A body's own protein anchors (own.own at axis x: x, y, nx, ny, screen px), with those off the seam's joint
    outline (in a neighbour's lumen, or on the part of the cap the wall between them cut off) moved onto that
    outline. Which move, and where, is kept with the seam's tile (it does not change while the tiles do not)."""
    a = own.own + [x, fz.att.line, 0.0, 0.0]
    rr = fz.runs
    if rr is None or not fz.seams or len(a) == 0:
        return a
    r = np.clip(np.searchsorted(rr.start, a[:, 0], side="right") - 1, 0, len(rr.start) - 1)
    for i, (tile, xr) in fz.seams.items():  # seams where caps meet (rare)
        on = np.flatnonzero(r == i)
        if on.size == 0:
            continue
        key = (id(own), x - xr, h, on.tobytes())
        got = tile.moved.get(key)
        if got is None or got[0] is not own:
            got = tile.moved.put(key, (own, *_moved(tile.ras, a[on, :2] - [xr, fz.att.line], h)))
        _, off, moved = got
        if off.size:
            a[on[off], :2] = moved[:, :2] + [xr, fz.att.line]
            a[on[off], 2:] = moved[:, 2:]
    return a


def _moved_together(fz: Fused) -> None:
    """Work out, one call per seam, which of its bodies' own anchors move onto its outline and where (_moved), for
    every body whose answer is not kept yet (after a collapse step: each body a new tile), and keep each body's
    share with the seam's tile as _in_seams would (each anchor's answer is its own: the same as one by one)."""
    rr, att = fz.runs, fz.att
    if rr is None or not fz.seams:
        return
    todo: dict[tuple[int, float], list[tuple[tuple, Tile, np.ndarray]]] = {}
    wide = (att.r0 + fz.hb >= 7).tolist()
    for o, own in fz.lone.items():  # fused bodies in view (a few dozen)
        if not wide[o] or len(own.own) == 0:
            continue
        x, h = float(att.x[o]), float(fz.hb[o])
        a = own.own[:, :2] + [x, att.line]
        r = np.clip(np.searchsorted(rr.start, a[:, 0], side="right") - 1, 0, len(rr.start) - 1)
        for i, (tile, xr) in fz.seams.items():  # seams where caps meet (rare)
            on = np.flatnonzero(r == i)
            key = (id(own), x - xr, h, on.tobytes())
            got = tile.moved.get(key) if on.size else None
            if on.size and (got is None or got[0] is not own):
                todo.setdefault((i, h), []).append((key, own, a[on] - [xr, att.line]))
    for (i, h), parts in todo.items():
        tile = fz.seams[i][0]
        off, moved = _moved(tile.ras, np.concatenate([p for _, _, p in parts]), h)
        start = 0
        for key, own, local in parts:
            mine = (off >= start) & (off < start + len(local))
            tile.moved.put(key, (own, off[mine] - start, moved[mine]))
            start += len(local)


def _moved(ras: Raster, local: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray]:
    """(which of the anchors local (m, 2) (the seam's px) are off its outline, where they go on it (k, 4))."""
    f = bilinear(ras, local)
    off = np.flatnonzero(np.abs(f) > h + 0.5)
    if off.size == 0:
        return off, np.empty((0, 4))
    return off, project(ras, nearest_outline(ras, local[off], inside=f[off] < 0))


def protein_anchors(fz: Fused, sx: np.ndarray, mt: int, size: int
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(anchors (m, 2) px on the midline, normals (m, 2) toward the cytosol, leaflet px (m,), mark size px (m,))
    of the plasma membrane's proteins at screen x sx (pushed aside by the fused bodies) and of the fused bodies'
    own (marked as small as on a closed body of their size, at most size)."""
    att = fz.att
    if att.size:
        depth, radius = att.caps()
        sx = push_out(sx, att.x, np.maximum(opening(depth, radius), att.lumen + att.h_neck))
    pts, nrm = _lip_lookup(fz, sx)
    own = _own(fz)
    return (np.concatenate([pts, own[0]]), np.concatenate([nrm, own[1]]),
            np.concatenate([np.full(sx.size, float(mt)), own[2]]),
            np.concatenate([np.full(sx.size, size, dtype=np.int64), own[3]]))


Own = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
KEEP_OWN = 4
_KEPT = kept("own anchors kept", KEEP_OWN)  # the last few views' own anchors (main view, close-up),
# by what they read (with the tiles they were read from: dropped with the sprites, on a resize or a new theme)


def _own(fz: Fused) -> Own:
    """(anchors, normals, leaflet px, mark size px) of the fused bodies' own proteins; the same again while the
    tiles, the runs and the bodies' places are the same objects and values (between the model's steps)."""
    att, lone = fz.att, list(fz.lone.items())
    refs: list = [fz.runs, *(t for _, t in lone), *(t for t, _ in fz.seams.values())]
    o = np.array([i for i, _ in lone], dtype=np.int64)
    key = (tuple(id(r) for r in refs), tuple(fz.seams), o.tobytes(), att.x[o].tobytes(), att.r0[o].tobytes(),
           np.asarray(fz.hb)[o].tobytes(), att.line)
    got = _KEPT.get(key)
    if got is not None and all(a is b for a, b in zip(got[0], refs)):
        return got[1]
    value = _own_now(fz)
    _KEPT.put(key, (refs, value))
    return value


def _own_now(fz: Fused) -> Own:
    att = fz.att
    _moved_together(fz)
    own_p, own_n = [np.empty((0, 2))], [np.empty((0, 2))]
    own_f, own_s = [np.empty(0)], [np.empty(0, dtype=np.int64)]
    wide = (att.r0 + fz.hb >= 7).tolist()  # a body a few px wide shows no marks (as its closed sprite): its own
    for o, tile in fz.lone.items():  # fused bodies in view (a few dozen): anchors worked out only where drawn
        if not wide[o] or len(tile.own) == 0:
            continue
        a = _in_seams(fz, tile, float(att.x[o]), float(fz.hb[o]))
        mark = mark_px(att.r0[o] + fz.hb[o])
        if len(a):
            own_p.append(a[:, :2])
            own_n.append(a[:, 2:])
            own_f.append(np.full(len(a), fz.hb[o]))
            own_s.append(np.full(len(a), mark, dtype=np.int64))
    return np.concatenate(own_p), np.concatenate(own_n), np.concatenate(own_f), np.concatenate(own_s)


def nearest_outline(r: Raster, p: np.ndarray, reach: int = 400, inside: np.ndarray | bool = True) -> np.ndarray:
    """(m, 2) the first place on one of 16 rays from each point p (field px; inside the outline, or outside where
    inside is False) where the field changes sign: the nearest stretch of the outline (a few points, rare). The
    rays are walked WALKS px first, farther only for points with no sign change that near (the same places: the
    nearest change within a shorter walk is the nearest of all)."""
    inn = np.broadcast_to(np.asarray(inside), (len(p),))
    out = p.astype(np.float64, copy=True)
    todo = np.arange(len(p))
    for walk in [w for w in WALKS if w < reach] + [reach]:
        if todo.size == 0:
            break
        got, found = _rays(r, p[todo], walk, inn[todo])
        done = found | (walk == reach)
        out[todo[done]] = got[done]
        todo = todo[~done]
    return out


WALKS = (6, 48)  # px: rays walked this far first, then this (the outline is usually a few px off)


def _rays(r: Raster, p: np.ndarray, reach: int, inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the nearest sign change within reach on 16 rays from each point p (m, 2), whether a ray found one)."""
    ang = np.linspace(0.0, 2.0 * np.pi, 16, endpoint=False)
    steps = np.arange(1, reach + 1, dtype=np.float64)
    d = np.stack([np.cos(ang), np.sin(ang)], axis=1)
    pts = p[:, None, None, :] + steps[None, None, :, None] * d[None, :, None, :]  # (m, 16, reach, 2)
    f = bilinear(r, pts.reshape(-1, 2)).reshape(len(p), 16, reach)
    out = np.where(inside[:, None, None], f >= 0.0, f <= 0.0)
    first = np.where(out.any(axis=2), np.argmax(out, axis=2), reach)  # (m, 16)
    ray = np.argmin(first, axis=1)
    best = first[np.arange(len(p)), ray]
    dist = steps[np.minimum(best, reach - 1)]
    return p + d[ray] * dist[:, None], best < reach
