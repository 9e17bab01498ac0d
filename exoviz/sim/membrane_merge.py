"""An MVB merging with its lysosome (stage DEGRADE) as one membrane: a neck opens between the two and widens
until they are one body, the contents fade, and the MVB's lobe is drawn into the lysosome.

Over the digestion (progress `digested` 0..1): the neck's lumen widens from nothing to most of the smaller
body's width by NECK_END; ILVs and cargo fade over FADE; over ABSORB the MVB's lobe shrinks into the lysosome
(the hybrid organelle re-forms a lysosome), so that when the MVB's row is retired the outline is the
lysosome's own. The outline is the zero level set of a smooth union (as in membrane_field), in any one length
unit; the lumen side is f < 0, so the luminal (exoplasmic) leaflet lies inside and the cytosolic one outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.membrane_field import Level, _discs, smin
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

NECK_END = 0.25  # share of digestion by which the neck is as wide as it gets
NECK_WIDTH = 0.9  # ... a share of the smaller body's radius
FADE = (0.05, 0.6)  # ILVs and cargo fade over this share of digestion
ABSORB = (0.6, 1.0)  # the MVB's lobe is drawn into the lysosome over this share


def smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def ramp(p: np.ndarray, window: tuple[float, float]) -> np.ndarray:
    """0 before the window, 1 after it, smooth in between."""
    return smoothstep((np.asarray(p, dtype=np.float64) - window[0]) / (window[1] - window[0]))


@dataclass(frozen=True)
class MergeField(Level):
    """A lysosome (disc `lyso` = cx, cy, R) united with MVBs (discs `mvb` (n, 3)), each joined to it by a neck
    (a capsule from its centre to the lysosome's, lumen half-width lumen (n,), 0: none yet), rounded with radius
    k. h: half bilayer. Duck-types membrane_field.Field for rasterising (f, f_weight)."""

    lyso: np.ndarray
    mvb: np.ndarray
    lumen: np.ndarray
    h: float
    k: float

    def terms(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(lysosome (m,), MVB bodies with their necks (m, n)) signed distances."""
        x, y = p[:, 0:1], p[:, 1:2]
        dl = _discs(x, y, self.lyso[None, :])[:, 0]
        dm = _discs(x, y, self.mvb)
        ax, ay = self.mvb[:, 0], self.mvb[:, 1]
        ux, uy = self.lyso[0] - ax, self.lyso[1] - ay
        ll = np.maximum(ux * ux + uy * uy, 1e-12)
        s = np.clip(((x - ax) * ux + (y - ay) * uy) / ll, 0.0, 1.0)
        neck = np.hypot(x - ax - s * ux, y - ay - s * uy) - (self.lumen + self.h)
        neck = np.where(self.lumen > 0, neck, np.inf)
        return dl, smin(dm, neck, self.k)

    def f(self, p: np.ndarray) -> np.ndarray:
        dl, bodies = self.terms(p)
        f = dl
        for i in range(bodies.shape[1]):  # the MVBs merging into this lysosome (one or two)
            f = smin(f, bodies[:, i], self.k)
        return f

    def f_weight(self, p: np.ndarray, width: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(field, 0..1 how much a point belongs to the lysosome rather than an MVB, no plane: inf)."""
        dl, bodies = self.terms(p)
        f = dl
        for i in range(bodies.shape[1]):  # one or two
            f = smin(f, bodies[:, i], self.k)
        w = np.clip(0.5 + (bodies.min(axis=1) - dl) / (2.0 * max(width, 1e-9)), 0.0, 1.0)
        return f, w, np.full(len(p), np.inf)


def merge_geometry(c_m: np.ndarray, r_m: np.ndarray, c_l: np.ndarray, r_l: np.ndarray | float, p: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(MVB discs (n, 3) cx, cy, R as drawn, neck lumen (n,)) at digestion p (n,), from MVB centres c_m (n, 2),
    midline radii r_m (n,), the lysosome's centre c_l (2,) and midline radius r_l; plus absorbed share (n,)."""
    grow = smoothstep(np.asarray(p, dtype=np.float64) / NECK_END)
    gone = ramp(p, ABSORB)
    centre = c_l[None, :] + (c_m - c_l[None, :]) * (1.0 - gone)[:, None]
    radius = r_m * (1.0 - gone)
    lumen = grow * NECK_WIDTH * np.minimum(np.maximum(radius, 0.0), r_l)
    return np.concatenate([centre, radius[:, None]], axis=1), lumen, gone


def merging(world: World) -> tuple[np.ndarray, np.ndarray]:
    """(MVB rows in DEGRADE with a lysosome, their lysosomes' rows)."""
    v = world.ves
    dg = v.where(Stage.DEGRADE)
    dg = dg[v.target[dg] >= 0]
    return dg, v.target[dg]
