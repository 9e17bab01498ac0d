"""Microtubule tracks and the cortical actin layer of the secretory cell: where they lie, and how a carrier moves:
along the nearest microtubule (kinesin) from the Golgi toward the membrane, then slower through the actin cortex
(myosin V). Without microtubules (nocodazole) only the cortex's stretch still runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

# Kinesin-1 carries cargo at ~0.8 µm/s in vitro, ~0.5-1 µm/s for secretory carriers and granules in cells
# (Vale et al. 1985 Cell 42:39; Hirokawa et al. 2009 Nat Rev Mol Cell Biol 10:682); 1 µm/s used.
KINESIN_NM_S = 1000.0
# Myosin Va walks along actin at ~0.2-0.5 µm/s (Mehta et al. 1999 Nature 400:590; Rudolf et al. 2003 for insulin
# granules in the cortex); 0.3 µm/s used.
MYOSIN_V_NM_S = 300.0
# The cortical actin layer under the plasma membrane is ~100-200 nm thick (Clark et al. 2013 PNAS 110:E1980,
# ~190 nm; Chugh & Paluch 2018 J Cell Sci 131:jcs186254); 150 nm used.
CORTEX_NM = 150.0
# Granules in the cortex are caged by the actin mesh: near the membrane they diffuse with D ~1e-4 µm²/s
# (chromaffin cells in TIRF, Steyer, Horstmann & Almers 1997 Nature 388:474), far less than deeper in.
CORTEX_D_NM2_S = 200.0
CORTEX_SIDEWAYS = 1.0  # in the cortex a carrier also moves sideways at this share of myosin V's speed (illustrative)
TURN_S = 2.0  # a carrier walking along the cortex turns back after this long (illustrative: filaments run both ways)
TRACK_EVERY_NM = 900.0  # one microtubule per this much width of the section (illustrative spacing)
SNAP_PER_S = 4.0  # a free carrier reaches its nearest microtubule sideways at this rate, 1/s (illustrative)
ON_TRACK_NM = 25.0  # a carrier this close to a microtubule's line binds it and is carried
HANDOFF_R = 2.0  # within this many of its radii of the cortex (a docked granule's depth) myosin V takes over a
# carrier that is off its track or stalled (illustrative: actin reaches a little below the dense cortex)


def _none() -> np.ndarray:
    return np.zeros(0)


@dataclass
class Tracks:
    """Microtubules (vertical lines in the section, minus ends at the Golgi, plus ends at the cortex) and the
    actin cortex, nm. A nucleus (ellipse cx, cy, half-width, half-height; half-width 0: none) keeps tracks off it."""

    x: np.ndarray = field(default_factory=_none)  # sorted x of each microtubule
    plus_y: float = 0.0  # plus ends: the cortex's inner edge
    minus_y: float = 0.0  # minus ends: near the Golgi
    cortex_y: float = 0.0  # inner edge of the cortical actin (the membrane's cytosolic face + CORTEX_NM)
    membrane_y: float = 0.0  # the membrane's cytosolic face
    nucleus: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    index: _Index | None = field(default=None, repr=False, compare=False)  # nearest()'s bins over x, made on use


def layout(width: float, membrane_contact_y: float, golgi_y: float,
           nucleus: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0), r_max: float = 0.0) -> Tracks:
    """Microtubules evenly across the section, each running from the Golgi's level up to the cortex; none through
    the nucleus: they pass beside it, far enough that the largest carrier (radius r_max) rides clear of it."""
    n = max(2, int(round(width / TRACK_EVERY_NM)))
    x = (np.arange(n) + 0.5) * width / n
    cx, _cy, ax, _ay = nucleus
    if ax > 0.0:
        side = ax + r_max + 50.0
        x = x[np.abs(x - cx) > side + 0.5 * TRACK_EVERY_NM]
        x = np.sort(np.concatenate((x, [cx - side, cx + side])))
    return Tracks(x=x, plus_y=membrane_contact_y + CORTEX_NM, minus_y=golgi_y, cortex_y=membrane_contact_y + CORTEX_NM,
                  membrane_y=membrane_contact_y, nucleus=nucleus)


def nearest(tracks: Tracks, x: np.ndarray) -> np.ndarray:
    """x of the microtubule nearest each (finite) x, nm: ties go to the track on the left."""
    t = tracks.x
    return _nearest(t, x, _track_index(tracks))


def _nearest(t: np.ndarray, x: np.ndarray, index: _Index | None) -> np.ndarray:
    """nearest() on tracks t, through their bin index if there is one, else by a binary search."""
    if index is not None:
        return index.nearest(x)
    return _bracketed(t, x, np.searchsorted(t, x))


def _bracketed(t: np.ndarray, x: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The nearer to each x of tracks t[j - 1] and t[j] (j: tracks left of x, clipped to 1..len(t) - 1)."""
    np.minimum(np.maximum(j, 1, out=j), t.size - 1, out=j)  # np.clip without its wrapper's cost
    left, right = t.take(j - 1), t.take(j)
    return np.where(np.abs(x - left) <= np.abs(x - right), left, right)


class _Index:
    """Bins along x, each narrower than half the closest two tracks' spacing, with the number of tracks left of
    each bin's edge: count_below(x) is then that count corrected by at most one track (the one in x's bin), a
    constant number of track lookups per carrier, where np.searchsorted on unsorted x took several times as long.
    """

    def __init__(self, t: np.ndarray, h: float) -> None:
        self.t = t  # the tracks' x it was made for
        self.pad = np.concatenate(([-np.inf], t, [np.inf]))  # pad[c + 1] = t[c]
        self.x0, self.inv = float(t[0]) - h, 1.0 / h
        edges = self.x0 + np.arange(int((float(t[-1]) - self.x0) / h) + 3) * h  # the last one beyond t[-1] + h
        self.below = np.searchsorted(t, edges)  # tracks left of each bin's edge (t < edge)
        self.lookups = 0  # track entries read by count_below and nearest so far (tests count them)
        # each bin's two candidates for nearest(): a bin holds at most one midpoint between two tracks, so every x in
        # it (or a rounding error outside it) is nearest to the track nearest its left edge or to the one nearest its
        # right edge; where those differ they are the two tracks around the midpoint, which nearest() compares as
        # the binary search did. The end bins (all x beyond the first and last track) keep the end pairs, as the
        # search's clipped index does (so even x = +-inf gets the same track).
        eps = 1.0e-6 * h
        self.left = _bracketed(t, edges - eps, np.searchsorted(t, edges - eps))
        self.right = _bracketed(t, edges + (h + eps), np.searchsorted(t, edges + (h + eps)))
        self.left[0], self.right[0] = t[0], t[1]
        self.left[-1], self.right[-1] = t[-2], t[-1]

    def nearest(self, x: np.ndarray) -> np.ndarray:
        """The track nearest each x: the nearer of x's bin's two candidates (ties to the left)."""
        b = (x - self.x0) * self.inv
        np.minimum(np.maximum(b, 0.0, out=b), float(self.below.size - 1), out=b)  # np.clip without its wrapper
        i = b.astype(np.intp)
        left, right = self.left.take(i), self.right.take(i)
        self.lookups += 2 * x.size
        return np.where(np.abs(x - left) <= np.abs(x - right), left, right)

    def count_below(self, x: np.ndarray) -> np.ndarray:
        """np.searchsorted(t, x): the number of tracks left of each x (t < x), for x > -inf."""
        b = (x - self.x0) * self.inv
        np.minimum(np.maximum(b, 0.0, out=b), float(self.below.size - 1), out=b)  # np.clip without its wrapper
        c = self.below.take(b.astype(np.intp))
        # x may sit a rounding error outside its bin: one track on either side of the bin's edge to check
        j = c + (self.pad.take(c + 1) < x)
        j -= self.pad.take(c) >= x
        self.lookups += 2 * x.size
        return j


_MAX_BINS = 1 << 20


def _track_index(tracks: Tracks) -> _Index | None:
    """The bin index of tracks.x, made once per layout (None: too few tracks, or too closely spaced for bins)."""
    t = tracks.x
    index = tracks.index
    if index is not None and index.t is t:
        return index
    if t.size < 2:
        return None
    h = 0.5 * float(np.diff(t).min())
    if not h > 0.0 or (float(t[-1]) - float(t[0])) / h > _MAX_BINS:
        return None
    tracks.index = _Index(t, h)
    return tracks.index


def board(tracks: Tracks, pos: np.ndarray, idx: np.ndarray, spacing: float) -> None:
    """Put the carriers idx (rows of pos, in place) onto their nearest microtubule, one per spacing nm of track:
    where the track is taken at that height, a carrier stays beside it (it joins the track later)."""
    if tracks.x.size < 2 or idx.size == 0 or spacing <= 0.0:
        return
    tx = nearest(tracks, pos[idx, 0])
    slot = np.searchsorted(tracks.x, tx) * (1 << 20) + np.floor(pos[idx, 1] / spacing).astype(np.int64)
    _, first = np.unique(slot, return_index=True)
    pos[idx[first], 0] = tx[first]


def in_cortex(tracks: Tracks, y: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Carriers whose leading edge (top) has entered the actin cortex."""
    return y - r <= tracks.cortex_y


def advance(tracks: Tracks, pos: np.ndarray, r: np.ndarray, dt: float, microtubules: bool,
            stalled: np.ndarray, side: np.ndarray | Callable[[np.ndarray], np.ndarray] | None = None,
            ) -> tuple[np.ndarray, np.ndarray]:
    """The motor step of carriers at pos ((k, 2) nm) of radii r: (displacement (k, 2) nm, on_track (k,) bool).

    In the cortex: up at myosin V's speed (actin is intact under nocodazole). Outside it, with microtubules: a
    carrier on its nearest track is carried up at kinesin's speed, one off it moves sideways onto it; without
    microtubules, no motor moves it. side (k,) of -1 or +1: the way each carrier's myosin V also walks along the
    cortex's filaments, which run mostly parallel to the membrane (at CORTEX_SIDEWAYS of its speed), so carriers
    leave their track's end and spread along it. A carrier stalled on its track (pressed against a neighbour)
    does not move; one stalled near the cortex (under the granules docked at its track's end) is handed to myosin
    V, which keeps pulling it up and sideways along the actin (the relaxation keeps it off its neighbours), so it
    slides along the docked row into a free stretch of membrane and docks there. side may also be a function of
    carrier indices giving their sides: it is then asked only for the carriers in the cortex (a few of them).
    """
    x, y = pos[:, 0], pos[:, 1]
    top = y - r  # the leading edge
    actin = top <= tracks.cortex_y  # in_cortex()
    if microtubules and tracks.x.size >= 2:
        off = nearest(tracks, x) - x
        far = np.abs(off) > ON_TRACK_NM
        near = top <= tracks.cortex_y + HANDOFF_R * r  # within a docked granule's depth of the cortex
        actin |= near & (stalled | far)  # off its track there: myosin V's
        on = ~(actin | far)
    else:
        on = np.zeros(pos.shape[0], dtype=bool)
        off = np.zeros(pos.shape[0])
    # each row's case (in the cortex, on its track, stalled: bits 1, 2, 4; stalled matters off the cortex only)
    # picks its step from tables: x = off * gain (+ side * sideways in the cortex), y = up
    case = actin.view(np.uint8) | (on.view(np.uint8) << 1) | (stalled.view(np.uint8) << 2)
    gain, up = _cases(dt)
    step = np.empty(pos.shape)
    sx = off * gain.take(case)
    cortex = actin.nonzero()[0] if side is not None else actin[:0]
    if side is not None and cortex.size:  # side is +-1: side * (a * b * c) is exactly ((side * a) * b) * c
        sx[cortex] += (side(cortex) if callable(side) else side.take(cortex)) * (CORTEX_SIDEWAYS * MYOSIN_V_NM_S * dt)
    sx += 0.0  # a step of zero is +0.0 (off * 0 is -0.0 where off < 0)
    step[:, 0] = sx
    step[:, 1] = up.take(case)
    return step, on


_CASES: dict[float, tuple[np.ndarray, np.ndarray]] = {}


def _cases(dt: float) -> tuple[np.ndarray, np.ndarray]:
    """advance()'s tables by case (bit 1 in the cortex, 2 on its track, 4 stalled) for a step of dt: the share of
    the offset to the nearest track moved sideways (all of it on the track, a snap's share off it) and the step up
    (made once per dt)."""
    got = _CASES.get(dt)
    if got is None:
        gain, up = np.zeros(8), np.zeros(8)
        gain[0] = -np.expm1(-SNAP_PER_S * dt)  # off its track: sideways onto it
        gain[2] = 1.0
        up[1] = up[5] = -MYOSIN_V_NM_S * dt  # myosin V (a carrier in the cortex never stalls)
        up[2] = -KINESIN_NM_S * dt
        got = _CASES[dt] = (gain, up)
    return got


def keep_off_nucleus(tracks: Tracks, pos: np.ndarray, r: np.ndarray) -> None:
    """Push carriers (rows of pos, in place) out of the nucleus sideways: they go around it, not through."""
    cx, cy, ax, ay = tracks.nucleus
    if ax <= 0.0 or pos.shape[0] == 0:
        return
    dx, dy = pos[:, 0] - cx, pos[:, 1] - cy
    ex = ax + r
    inside = (dx / ex) ** 2 + (dy / (ay + r)) ** 2 < 1.0
    half = ex * np.sqrt(np.maximum(1.0 - (dy / (ay + r)) ** 2, 0.0))  # the ellipse's half-width at this y
    pos[:, 0] = np.where(inside, cx + np.where(dx < 0.0, -half, half), pos[:, 0])
