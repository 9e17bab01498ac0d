"""Physics step side by side on the same discs: exoviz's World, pymunk, and a per-vesicle Python loop.

All three start from the discs of one full-fusion World after a short warm-up (same positions, radii, drift
velocities and box), take the same fixed step dt and the same number of timed steps, in turns. pymunk gets fresh random
velocity kicks every step (Brownian jitter plus the motor drift) and resolves contacts with its own solver;
the Python reference is the honest slow version: one loop over vesicles for jitter, drift and confinement,
then a dict grid and a pairwise overlap push, as in N. Rougier's "From Python to Numpy".
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from exoviz.bench.timing import interleaved

if TYPE_CHECKING:
    from exoviz.sim.world import World


@dataclass
class Discs:
    pos: np.ndarray  # (n, 2) nm
    radius: np.ndarray  # (n,) nm
    vel: np.ndarray  # (n, 2) nm/s motor drift
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 nm
    sigma: float  # Brownian displacement per step and axis, nm
    dt: float  # s


def full_fusion_world(n: int, warmup_steps: int = 10) -> World:
    from exoviz.params import Params
    from exoviz.sim.world import World

    world = World(Params(mode="full-fusion", seed=1, vesicles=n))
    world.run(warmup_steps)
    return world


def discs_of(world: World) -> Discs:
    from exoviz.sim import full_fusion

    v = world.ves
    idx = np.flatnonzero(v.alive)
    d_nm2_s = float(getattr(full_fusion, "CYTO_D_NM2_S", 5.0e3))
    x0, y0, x1, y1 = (float(c) for c in world.scene.cyto)
    return Discs(v.pos[idx].copy(), v.radius[idx].copy(), v.vel[idx].copy(), (x0, y0, x1, y1),
                 math.sqrt(2.0 * d_nm2_s * world.dt), float(world.dt))


# -- pymunk ------------------------------------------------------------------------------------------------
class PymunkSpace:
    """One pymunk Space holding the discs inside four static walls (pymunk's default spatial index)."""

    def __init__(self, d: Discs, seed: int = 2) -> None:
        import pymunk

        self.d = d
        self.space = space = pymunk.Space()
        space.gravity = (0.0, 0.0)
        self.bodies = []
        for (x, y), r in zip(d.pos.tolist(), d.radius.tolist()):
            body = pymunk.Body(1.0, pymunk.moment_for_circle(1.0, 0.0, r))
            body.position = (x, y)
            shape = pymunk.Circle(body, r)
            shape.elasticity, shape.friction = 0.0, 0.0
            space.add(body, shape)
            self.bodies.append(body)
        x0, y0, x1, y1 = d.box
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
            space.add(pymunk.Segment(space.static_body, a, b, 1.0))
        self.rng = np.random.default_rng(seed)

    def step(self) -> None:
        """Fresh random velocity kicks (Brownian jitter plus drift), then one pymunk step of dt."""
        d = self.d
        kicks = (self.rng.standard_normal((len(self.bodies), 2)) * (d.sigma / d.dt) + d.vel).tolist()
        for body, v in zip(self.bodies, kicks):
            body.velocity = v
        self.space.step(d.dt)


def pymunk_space(d: Discs) -> PymunkSpace | None:
    """The pymunk peer, or None when pymunk is not installed (requirements-bench.txt)."""
    try:
        import pymunk  # noqa: F401
    except ImportError:
        return None
    return PymunkSpace(d)


# -- the per-vesicle Python reference ------------------------------------------------------------------------
class PythonLoop:
    """Plain Python lists and loops: what the model would cost written one vesicle at a time."""

    def __init__(self, d: Discs, seed: int = 3, gap: float = 1.0) -> None:
        self.pos = d.pos.tolist()
        self.rad = d.radius.tolist()
        self.vel = d.vel.tolist()
        self.d, self.gap = d, gap
        self.cell = 2.0 * max(self.rad) + gap
        self.gauss = random.Random(seed).gauss

    def step(self) -> None:
        pos, rad, vel, gauss, d = self.pos, self.rad, self.vel, self.gauss, self.d
        x0, y0, x1, y1 = d.box
        for i in range(len(pos)):  # jitter, drift, confinement
            p, r = pos[i], rad[i]
            p[0] = min(max(p[0] + gauss(0.0, d.sigma) + vel[i][0] * d.dt, x0 + r), x1 - r)
            p[1] = min(max(p[1] + gauss(0.0, d.sigma) + vel[i][1] * d.dt, y0 + r), y1 - r)
        grid: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(pos):
            grid.setdefault((int(x // self.cell), int(y // self.cell)), []).append(i)
        for (cx, cy), members in grid.items():  # each overlapping pair pushed apart once, half each
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in grid.get((cx + dx, cy + dy), ()):
                        for i in members:
                            if j > i:
                                push_apart(pos[i], pos[j], rad[i] + rad[j] + self.gap)


def push_apart(a: list[float], b: list[float], contact: float) -> None:
    ddx, ddy = a[0] - b[0], a[1] - b[1]
    dist = math.hypot(ddx, ddy)
    if dist >= contact:
        return
    if dist < 1e-9:
        ddx, ddy, dist = 1.0, 0.0, 1.0
    s = 0.5 * (contact - dist) / dist
    a[0] += ddx * s
    a[1] += ddy * s
    b[0] -= ddx * s
    b[1] -= ddy * s


# -- side by side ----------------------------------------------------------------------------------------------
def compare(n: int, steps: int) -> dict:
    """Median step (ms) of exoviz, pymunk and the Python loop on the same discs and step count, and ratios. The
    three take their steps in turns (timing.interleaved), so each ratio compares them on the same host."""
    world = full_fusion_world(n)
    d = discs_of(world)
    out: dict = {"vesicles": n, "discs": int(len(d.radius)), "steps": steps}
    pm = pymunk_space(d)
    fns = [world.step, PythonLoop(d).step] + ([pm.step] if pm is not None else [])
    got = interleaved(fns, steps)
    (out["exoviz_ms"], out["exoviz_cpu_ms"]), (out["python_ms"], out["python_cpu_ms"]) = got[0], got[1]
    out["pymunk_ms"], out["pymunk_cpu_ms"] = got[2] if pm is not None else (None, None)
    for peer in ("pymunk", "python"):  # CPU times: not counting the time other processes held the core
        t = out[f"{peer}_cpu_ms"]
        out[f"{peer}_over_exoviz"] = t / out["exoviz_cpu_ms"] if t is not None else None
    return out
