"""The synaptic cleft: transmitter dots diffusing between the two membranes, postsynaptic receptors, clearance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

RECEPTORS_PER_SITE = 2
RECEPTOR_HALF_NM = 5.0  # half-width of a receptor's binding face
CLEFT_MARGIN_NM = 60.0  # transmitter this far beside the active zone has diffused out of the synapse
# -- transmitter in the cleft (slowed for display) ----------------------------------------------------
REAL_CLEFT_D_NM2_S = 3.3e8  # glutamate in the cleft, ~330 um^2/s: crosses 20 nm in < 1 us
CLEFT_D_NM2_S = 5.0e4
CLEAR_MEAN_S = 0.015  # real glutamate is cleared from the cleft in ~1 ms
BIND_P = 0.5  # chance that a dot touching a receptor's face binds
BOUND_MEAN_S = 0.002
LIT_S = 0.003  # a receptor stays lit this long after its last bound transmitter (AMPA-like)
FREE, BOUND, UNBOUND = 0, 1, 2  # world.dots.flag: fresh, held by a receptor, let go (cannot bind again)


class Cleft:
    """Transmitter dots (world.dots) between the presynaptic and postsynaptic faces, and the receptors.

    receptor_x: (n,) nm, sorted, n >= 2; lit_until: (n,) simulated s until which each receptor stays lit.
    level (derived from lit_until): how brightly each receptor is lit at `now`, the time stepped to.
    """

    def __init__(self, receptor_x: np.ndarray, pre_face: float, post_face: float,
                 x_range: tuple[float, float]) -> None:
        self.receptor_x = receptor_x
        self.lit_until = np.full(receptor_x.size, -1.0e9)
        self.pre_face, self.post_face = pre_face, post_face  # y of the two membranes' cleft faces, nm
        self.x_range = x_range  # the synapse's sides, nm
        self.now = 0.0  # simulated s the cleft has been advanced to
        self.cleared = 0  # dots removed (uptake, or diffused out of the synapse)

    @classmethod
    def facing(cls, az: tuple[float, float], n_sites: int, pre_face: float, post_face: float) -> Cleft:
        """The cleft across an active zone az (x0, x1 nm), RECEPTORS_PER_SITE receptors per docking site."""
        rx = np.linspace(az[0] + RECEPTOR_HALF_NM, az[1] - RECEPTOR_HALF_NM, RECEPTORS_PER_SITE * n_sites)
        return cls(rx, pre_face, post_face, (az[0] - CLEFT_MARGIN_NM, az[1] + CLEFT_MARGIN_NM))

    @property
    def level(self) -> np.ndarray:
        """(n,) 0..1: 1 just after a receptor last held transmitter, fading to 0 over LIT_S."""
        return np.clip((self.lit_until - self.now) / LIT_S, 0.0, 1.0)

    def step(self, world: World, dt: float) -> None:
        """Dots diffuse between the membranes, bind receptors they touch, let go, and get cleared.

        The live dots are the first n rows of world.dots: motion and clearance work on those slices; only the
        few bound and touching dots are picked out.
        """
        d, rng, t = world.dots, world.rng, world.t
        self.now = t + dt
        n = d.n
        if n == 0:
            return
        d.age[:n] += dt
        rx = self.receptor_x
        flag, p = d.flag[:n], d.pos[:n]
        # bound dots keep their receptor lit; each lets go after ~BOUND_MEAN_S
        bound = np.flatnonzero(flag == BOUND)
        let_go = rng.random(bound.size) < 1.0 - np.exp(-dt / BOUND_MEAN_S)
        flag[bound[let_go]] = UNBOUND
        still = bound[~let_go]
        self.lit_until[self.nearest(p[still, 0])] = t + LIT_S
        # the others: Brownian motion (display-slowed), reflected at both membranes; bound dots stay put
        kick = rng.standard_normal((n, 2)) * np.sqrt(2.0 * CLEFT_D_NM2_S * dt)
        kick[still] = 0.0
        p += kick
        y = p[:, 1]
        touch = y < self.post_face
        np.subtract(self.post_face, y, out=y, where=touch)  # reflected at the postsynaptic face ...
        y[touch] += self.post_face
        above = y > self.pre_face
        np.subtract(self.pre_face, y, out=y, where=above)  # ... and at the presynaptic one
        y[above] += self.pre_face
        np.clip(y, self.post_face, self.pre_face, out=y)
        # binding: a fresh dot touching a receptor's face may bind it
        cand = np.flatnonzero(touch & (flag == FREE))
        ri = self.nearest(p[cand, 0])
        hit = (np.abs(p[cand, 0] - rx[ri]) <= RECEPTOR_HALF_NM) & (rng.random(cand.size) < BIND_P)
        b, bri = cand[hit], ri[hit]
        flag[b] = BOUND
        p[b, 0] = rx[bri]
        p[b, 1] = self.post_face + 1.0
        self.lit_until[bri] = t + LIT_S
        # clearance: uptake by transporters (a lifetime) or diffusing out of the synapse sideways
        x0, x1 = self.x_range
        x = p[:, 0]
        out = (x < x0) | (x > x1) | (rng.random(n) < 1.0 - np.exp(-dt / CLEAR_MEAN_S))
        gone = np.flatnonzero(out & (flag != BOUND))
        d.remove(gone)
        self.cleared += gone.size

    def nearest(self, x: np.ndarray) -> np.ndarray:
        """Index of the receptor nearest each x (nm)."""
        rx = self.receptor_x
        j = np.clip(np.searchsorted(rx, x), 1, rx.size - 1)
        return np.where(x - rx[j - 1] <= rx[j] - x, j - 1, j)
