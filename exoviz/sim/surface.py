"""The plasma membrane's lateral contents: vesicle-derived lipid patches and surface proteins."""

from __future__ import annotations

import numpy as np

from exoviz.sim.scene import HALF_BILAYER_NM

# Lateral diffusion coefficients in the membrane (textbook orders of magnitude), nm^2/s.
LIPID_D_NM2_S = 1.0e6  # ~1 um^2/s for lipids
PROTEIN_D_NM2_S = 5.0e4  # ~0.05 um^2/s for integral membrane proteins
LAMP1 = 1  # Surface.prot_kind of LAMP-1, brought to the surface by lysosome exocytosis


class Surface:
    """Patches of vesicle-derived membrane (spreading by lipid diffusion) and delivered proteins.

    Patches: x (nm), born (s), half-width at birth (nm). Their outer leaflet came from a vesicle's
    luminal leaflet: the renderer colours it so that the inside-out rule can be seen.
    Proteins: x (nm) along the membrane, facing the extracellular fluid, and their kind (0: a vesicle's
    protein, LAMP1: lysosome-associated membrane protein 1, drawn with its own marker). Proteins that diffuse out
    of the view are counted, not lost.
    """

    # Patches, one entry each (aligned arrays):
    patch_x: np.ndarray  # (n,) float64, centre x, nm
    patch_born: np.ndarray  # (n,) float64, when the vesicle fused, simulated s
    patch_w0: np.ndarray  # (n,) float64, half-width at birth, nm
    # Proteins in the plasma membrane, one entry each (aligned arrays):
    prot_x: np.ndarray  # (m,) float64, x along the membrane, nm
    prot_prev: np.ndarray  # (m,) float64, x one step ago (for drawing between steps), nm
    prot_kind: np.ndarray  # (m,) int8, 0: a vesicle's protein, LAMP1: lysosome-associated membrane protein 1
    prot_born: np.ndarray  # (m,) float64, when delivered, simulated s (-1: none known)

    def __init__(self, width_nm: float) -> None:
        self.width = width_nm
        self.patch_x = np.empty(0)
        self.patch_born = np.empty(0)
        self.patch_w0 = np.empty(0)
        self.prot_x = np.empty(0)
        self.prot_prev = np.empty(0)
        self.prot_kind = np.empty(0, dtype=np.int8)
        self.prot_born = np.empty(0)  # simulated time each protein was delivered (-1: none known)
        self.proteins_delivered = 0
        self.proteins_left_view = 0
        self.proteins_taken = 0  # taken back in by endocytic pits

    # -- delivery ------------------------------------------------------------------------------
    def add_patches(self, x: np.ndarray, half_width: np.ndarray, t: float) -> None:
        """Insert one patch per fused vesicle centred at x with the given half-widths (nm)."""
        if x.size == 0:
            return
        self.patch_x = np.concatenate((self.patch_x, x))
        self.patch_born = np.concatenate((self.patch_born, np.full(x.size, t)))
        self.patch_w0 = np.concatenate((self.patch_w0, half_width))

    def absorb(self, x: np.ndarray, radius: np.ndarray, proteins: np.ndarray, t: float,
               kind: np.ndarray | int = 0) -> None:
        """Merged vesicles of these radii at x (nm): each flattened into a disc of the same membrane area (radius
        2 r0, r0 = the midline radius r - half a bilayer, as sim.membrane_shape.cap draws it), which pushes the
        proteins already in the membrane outward (push_out) and becomes a patch carrying its own proteins (of the
        given kind per vesicle)."""
        half = 2.0 * np.maximum(np.asarray(radius, dtype=np.float64) - HALF_BILAYER_NM, 0.0)
        if self.prot_x.size and x.size:
            self.prot_x = push_out(self.prot_x, x, half)
            self.prot_prev = push_out(self.prot_prev, x, half)
        self.add_patches(x, half, t)
        self.add_proteins(x, half, proteins, kind, t)

    def add_proteins(self, x: np.ndarray, half_width: np.ndarray, counts: np.ndarray,
                     kind: np.ndarray | int = 0, t: float = -1.0) -> None:
        """Place counts[i] proteins (of kind[i]) evenly across patch i (centre x[i], half-width half_width[i]),
        delivered at time t (with the patch born then: the renderer finds one merge's proteins by it)."""
        total = int(counts.sum())
        if total == 0:
            return
        owner = np.repeat(np.arange(x.size), counts)
        first = np.repeat(np.cumsum(counts) - counts, counts)
        rank = np.arange(total) - first  # 0..counts[i]-1 within each patch
        frac = (rank + 0.5) / counts[owner] * 2.0 - 1.0
        px = x[owner] + frac * half_width[owner] * 0.8
        self.prot_x = np.concatenate((self.prot_x, px))
        self.prot_prev = np.concatenate((self.prot_prev, px))
        kinds = np.broadcast_to(np.asarray(kind, dtype=np.int8), x.shape)[owner]
        self.prot_kind = np.concatenate((self.prot_kind, kinds))
        self.prot_born = np.concatenate((self.prot_born, np.full(total, float(t))))
        self.proteins_delivered += total

    def take_proteins(self, x: np.ndarray, half_width: np.ndarray) -> np.ndarray:
        """Pits pinching off at x (nm) take the vesicle proteins (not LAMP-1) within +-half_width of each with them
        (receptors gathered in the coat); returns how many each took. Pits do not overlap one another."""
        counts = np.zeros(x.size, dtype=np.int64)
        if x.size == 0 or self.prot_x.size == 0:
            return counts
        order = np.argsort(x)
        lo, hi = (x - half_width)[order], (x + half_width)[order]
        j = np.searchsorted(lo, self.prot_x, side="right") - 1
        inside = (j >= 0) & (self.prot_x < hi[np.maximum(j, 0)]) & (self.prot_kind == 0)
        counts[order] = np.bincount(j[inside], minlength=x.size)
        keep = ~inside
        self.prot_x, self.prot_prev, self.prot_kind = self.prot_x[keep], self.prot_prev[keep], self.prot_kind[keep]
        self.prot_born = self.prot_born[keep]
        self.proteins_taken += int(inside.sum())
        return counts

    # -- per step --------------------------------------------------------------------------------
    def step(self, t: float, dt: float, rng: np.random.Generator) -> None:
        """Diffuse proteins laterally, drop those that left the view, and drop faded patches."""
        self.prot_prev = self.prot_x.copy()
        if self.prot_x.size:
            self.prot_x = self.prot_x + rng.standard_normal(self.prot_x.size) * np.sqrt(
                2 * PROTEIN_D_NM2_S * dt)
            inside = (self.prot_x >= 0) & (self.prot_x <= self.width)
            if not inside.all():
                self.proteins_left_view += int(np.count_nonzero(~inside))
                self.prot_x = self.prot_x[inside]
                self.prot_prev = self.prot_prev[inside]
                self.prot_kind = self.prot_kind[inside]
                self.prot_born = self.prot_born[inside]
        if self.patch_x.size:
            keep = self.patch_peak(t) > 0.04
            self.patch_x = self.patch_x[keep]
            self.patch_born = self.patch_born[keep]
            self.patch_w0 = self.patch_w0[keep]

    # -- what the renderer reads -------------------------------------------------------------------
    def patch_sigma(self, t: float) -> np.ndarray:
        """Gaussian width (nm) of each patch at time t: the initial width plus lipid diffusion."""
        return np.sqrt(self.patch_w0**2 / 3.0 + 2.0 * LIPID_D_NM2_S * np.maximum(t - self.patch_born, 0))

    def patch_peak(self, t: float) -> np.ndarray:
        """Peak share of vesicle-derived lipid in each patch at time t (0..1, conserves the amount)."""
        return np.minimum(1.0, self.patch_w0 / np.sqrt(3.0) / self.patch_sigma(t))

    def vesicle_fraction(self, xs: np.ndarray, t: float) -> np.ndarray:
        """Share of vesicle-derived lipid in the outer leaflet at positions xs (nm), 0..1."""
        if self.patch_x.size == 0:
            return np.zeros_like(xs)
        sig = self.patch_sigma(t)[:, None]
        peak = self.patch_peak(t)[:, None]
        f = (peak * np.exp(-0.5 * ((xs[None, :] - self.patch_x[:, None]) / sig) ** 2)).sum(axis=0)
        return np.minimum(f, 1.0)


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
