"""Where the fusion machinery sits between a vesicle and the plasma membrane: the wedge between the two membranes,
the SNARE complexes' ends in it, and how much room the drawing takes (pure geometry, any one length unit).

The proteins are drawn in one unit `u` (length per real nm): the drawn bilayer is 5 u thick, so a 12 nm SNARE
bundle is 12 u long and keeps its true proportion to the bilayer whatever the zoom (render/snares.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BUNDLE_NM = 12.0  # the trans-SNARE four-helix bundle (Sutton et al. 1998)
BILAYER_NM = 5.0
M_GAP_NM = 3.0  # a complex's membrane end sits where the membranes are this far apart (room for the linkers)
FREE_GAP_NM = 5.5  # free syntaxin-1 (and Munc18 on it) sit where the gap is this tall
SNAP_GAP_NM = 4.5  # ... and free SNAP-25 (with VAMP2 on the vesicle face beside it) where it is this tall
MIN_START_NM = 2.5  # nothing starts nearer the axis (a vesicle held further off: the two sides keep apart)
SIDES = (1, -1, 1, -1, 1, -1)  # complexes alternate right / left of the contact; later ones stand behind
BEHIND_NM = 1.6  # each complex behind the first pair sits this much further out
SYT_OUT_NM = 4.0  # synaptotagmin sits this far beyond the far end of the complexes on its side


@dataclass(frozen=True)
class Site:
    """One release site in one length unit (px when drawing, nm when framing).

    cx, cy: the vesicle's centre (y grows into the cytosol); R: its outer face's radius; face: y of the plasma
    membrane's cytosolic face; line: y of its midline; u: drawn length per real nm; s_min: complexes start at
    least this far out from the axis (the pore's rim after fusion)."""

    cx: float
    cy: float
    R: float
    face: float
    line: float
    u: float
    s_min: float = 0.0

    def ves_y(self, x: np.ndarray | float) -> np.ndarray:
        """y of the vesicle's outer face above x (its equator beyond the vesicle's width)."""
        dx = np.asarray(x, dtype=np.float64) - self.cx
        return self.cy - np.sqrt(np.maximum(self.R * self.R - dx * dx, 0.0))

    def gap(self, dx: np.ndarray | float) -> np.ndarray:
        """Height of the wedge between the membranes' faces at dx from the axis."""
        return self.ves_y(self.cx + np.asarray(dx, dtype=np.float64)) - self.face

    def reach(self, g: float) -> float:
        """The smallest distance from the axis at which the wedge is at least g tall."""
        dy = self.cy - self.face - g  # the vesicle face must lie this far above its centre
        if dy <= 0.0:
            return self.R
        if dy >= self.R:
            return 0.0
        return float(np.sqrt(self.R * self.R - dy * dy))

    def mid(self, x: np.ndarray | float) -> np.ndarray:
        """y of the wedge's middle above x."""
        return 0.5 * (self.face + self.ves_y(x))

    def on_vesicle(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The point of the vesicle's outer face nearest p, and the outward normal there."""
        d = np.asarray(p, dtype=np.float64) - np.array([self.cx, self.cy])
        n = d / max(float(np.hypot(*d)), 1e-9)
        return np.array([self.cx, self.cy]) + self.R * n, n


def complex_start(site: Site) -> float:
    """Distance from the axis of the first complexes' membrane ends."""
    return max(site.reach(M_GAP_NM * site.u), site.s_min, MIN_START_NM * site.u)


def bundles(site: Site, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(M (n, 2) membrane ends, N (n, 2) far N-terminal ends, side (n,) +1/-1, rank (n,) 0 front, 1 behind...)
    of n complexes: each a straight rod BUNDLE_NM u long running out along the wedge's middle."""
    k = np.arange(n)
    side = np.array(SIDES * 2, dtype=np.float64)[:n]
    rank = k // 2
    s = complex_start(site) + rank * BEHIND_NM * site.u
    mx = site.cx + side * s
    m = np.stack([mx, site.mid(mx)], axis=1)
    length = BUNDLE_NM * site.u
    run = np.full(n, length)
    for _ in range(5):  # a few fixed-point steps: the far end on the wedge's middle, `length` from m
        nx = mx + side * run
        rise = site.mid(nx) - m[:, 1]
        run = np.sqrt(np.maximum(length * length - rise * rise, 0.25 * length * length))
    nx = mx + side * run
    far = np.stack([nx, m[:, 1] + np.clip(site.mid(nx) - m[:, 1], -length, length)], axis=1)
    d = far - m
    far = m + d * (length / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9))[:, None]
    return m, far, side, rank


def free_start(site: Site) -> float:
    """Distance from the axis of free syntaxin-1's membrane anchor (no complex formed yet)."""
    return max(site.reach(FREE_GAP_NM * site.u), site.s_min, MIN_START_NM * site.u)


def snap_start(site: Site) -> float:
    """Distance (to the left of the axis) where free SNAP-25 begins on the membrane."""
    return max(site.reach(SNAP_GAP_NM * site.u), site.s_min, MIN_START_NM * site.u)


def syt_anchor(site: Site, n: int) -> float:
    """Distance (to the left of the axis) of synaptotagmin's membrane anchor: beyond the far end of the complexes
    on its side, or beyond free SNAP-25."""
    if n >= 2:
        return complex_start(site) + (BUNDLE_NM + SYT_OUT_NM) * site.u
    return snap_start(site) + 9.0 * site.u


def extent(site: Site) -> float:
    """Half-width (from the axis) of everything the machinery drawing takes, whatever the state."""
    return max(complex_start(site) + (BUNDLE_NM + SYT_OUT_NM + 4.5) * site.u, free_start(site) + 8.5 * site.u,
               snap_start(site) + 13.5 * site.u)
