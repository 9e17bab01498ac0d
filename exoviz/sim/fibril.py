"""Collagen fibrils outside the fibroblast: released procollagen is processed (its N- and C-propeptides cut off by
procollagen proteinases) and the collagen assembles into banded fibrils (67 nm D-period). The fibrils' length comes
from the procollagen released in the run, nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from exoviz.sim.state import PROTEIN, Particles

# Canty & Kadler 2005 J Cell Sci 118:1341: procollagen is a ~300 nm triple-helical rod; the propeptides are cut
# at or after secretion; the collagen then self-assembles into fibrils, staggered by D = 67 nm, 12-500 nm across.
MOLECULE_NM = 300.0
D_PERIOD_NM = 67.0
FIBRIL_NM = 100.0  # fibril diameter, drawn to scale
# Collagen molecules ~1.5 nm across packed ~1.6 nm apart (quasi-hexagonal, ~2.2 nm² each): a 100-nm fibril's cross
# section holds ~3,500 of them, so each nm of fibril holds ~3,500 / 300 ≈ 12 molecules (a molecule spans 300 nm).
MOLECULES_PER_NM = 12.0
PROCESS_S = 3.0  # propeptides cut this long after release (real: minutes; shortened, said on screen)
FIBRILS = 4  # fibrils at fixed depths in the matrix shown


def _none() -> np.ndarray:
    return np.zeros(0)


@dataclass
class Fibrils:
    """The fibrils assembling outside, nm: each grows both ways from its nucleation point (shared, updated in place)."""

    y: np.ndarray = field(default_factory=_none)  # each fibril's depth
    x0: np.ndarray = field(default_factory=_none)  # where it nucleated
    length: np.ndarray = field(default_factory=_none)  # its length so far
    molecules: float = 0.0  # collagen molecules assembled in all
    max_nm: float = 0.0  # a fibril's length is capped at the region's width (the rest runs out of view)


def layout(width: float, outer_y: float) -> Fibrils:
    """FIBRILS fibrils of length 0, spread over the matrix between the top and the membrane's outer face."""
    k = np.arange(FIBRILS)
    y = outer_y * (0.18 + 0.2 * k)
    x0 = width * (0.2 + 0.6 * ((k * 0.618) % 1.0))
    return Fibrils(y=y, x0=x0, length=np.zeros(FIBRILS), max_nm=width)


def nm_per_dot(molecules_per_dot: int) -> float:
    """Fibril length one dot of processed procollagen adds, nm."""
    return molecules_per_dot / MOLECULES_PER_NM


def step(d: Particles, fib: Fibrils, mols: int) -> int:
    """Procollagen dots (of mols molecules each) outside for PROCESS_S are processed and join the fibril nearest in
    depth (the dot is used up; its molecules become fibril length). Returns how many dots joined."""
    n = d.n
    ripe = np.flatnonzero((d.kind[:n] == PROTEIN) & (d.age[:n] >= PROCESS_S))
    if ripe.size == 0:
        return 0
    near = np.argmin(np.abs(d.pos[ripe, 1][:, None] - fib.y[None, :]), axis=1)  # (k, FIBRILS): a few columns
    per = np.bincount(near, minlength=fib.y.size)
    fib.length += per * nm_per_dot(mols)
    np.minimum(fib.length, fib.max_nm, out=fib.length)
    fib.molecules += float(ripe.size * mols)
    d.remove(ripe)
    return int(ripe.size)


def extent(fib: Fibrils) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) x of each fibril, nm."""
    return fib.x0 - 0.5 * fib.length, fib.x0 + 0.5 * fib.length
