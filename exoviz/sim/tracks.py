"""Microtubule tracks and the cortical actin layer of the secretory cell: where they lie, and how a carrier moves:
along the nearest microtubule (kinesin) from the Golgi toward the membrane, then slower through the actin cortex
(myosin V). Without microtubules (nocodazole) only the cortex's stretch still runs."""

from __future__ import annotations

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
    """x of the microtubule nearest each x, nm."""
    t = tracks.x
    j = np.clip(np.searchsorted(t, x), 1, t.size - 1)
    return np.where(np.abs(x - t[j - 1]) <= np.abs(x - t[j]), t[j - 1], t[j])


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
            stalled: np.ndarray, side: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The motor step of carriers at pos ((k, 2) nm) of radii r: (displacement (k, 2) nm, on_track (k,) bool).

    In the cortex: up at myosin V's speed (actin is intact under nocodazole). Outside it, with microtubules: a
    carrier on its nearest track is carried up at kinesin's speed, one off it moves sideways onto it; without
    microtubules, no motor moves it. side (k,) of -1 or +1: the way each carrier's myosin V also walks along the
    cortex's filaments, which run mostly parallel to the membrane (at CORTEX_SIDEWAYS of its speed), so carriers
    leave their track's end and spread along it. A carrier stalled on its track (pressed against a neighbour)
    does not move; one stalled near the cortex (under the granules docked at its track's end) is handed to myosin
    V, which keeps pulling it up and sideways along the actin (the relaxation keeps it off its neighbours), so it
    slides along the docked row into a free stretch of membrane and docks there.
    """
    k = pos.shape[0]
    step = np.zeros((k, 2))
    actin = in_cortex(tracks, pos[:, 1], r)
    on = np.zeros(k, dtype=bool)
    tx = pos[:, 0]
    if microtubules and tracks.x.size >= 2:
        tx = nearest(tracks, pos[:, 0])
        near = pos[:, 1] - r <= tracks.cortex_y + HANDOFF_R * r  # within a docked granule's depth of the cortex
        actin |= near & (stalled | (np.abs(tx - pos[:, 0]) > ON_TRACK_NM))  # off its track there: myosin V's
        on = ~actin & (np.abs(tx - pos[:, 0]) <= ON_TRACK_NM)
    step[:, 1] = np.where(actin, -MYOSIN_V_NM_S * dt, 0.0)
    if side is not None:
        step[:, 0] = np.where(actin, side * CORTEX_SIDEWAYS * MYOSIN_V_NM_S * dt, 0.0)
    if microtubules and tracks.x.size >= 2:
        off = tx - pos[:, 0]
        step[:, 0] = np.where(actin, step[:, 0], np.where(on, off, off * -np.expm1(-SNAP_PER_S * dt)))
        step[:, 1] = np.where(on, -KINESIN_NM_S * dt, step[:, 1])
    step[stalled & ~actin] = 0.0
    return step, on


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
