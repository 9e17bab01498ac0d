"""Physics step side by side on the same discs: exoviz's World, pymunk, and a per-vesicle Python loop.

All three start from the discs of one full-fusion World after a short warm-up (same positions, radii, drift
velocities and box), take the same fixed step dt and the same number of timed steps. pymunk gets fresh random
velocity kicks every step (Brownian jitter plus the motor drift) and resolves contacts with its own solver;
the Python reference is the honest slow version: one loop over vesicles for jitter, drift and confinement,
then a dict grid and a pairwise overlap push, as in N. Rougier's "From Python to Numpy".
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from exoviz.bench.timing import samples_ms


@dataclass
class Discs:
    pos: np.ndarray  # (n, 2) nm
    radius: np.ndarray  # (n,) nm
    vel: np.ndarray  # (n, 2) nm/s motor drift
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 nm
    sigma: float  # Brownian displacement per step and axis, nm
    dt: float  # s


def full_fusion_world(n: int, warmup_steps: int = 10):
    from exoviz.params import Params
    from exoviz.sim.world import World

    world = World(Params(mode="full-fusion", seed=1, vesicles=n))
    world.run(warmup_steps)
    return world


def discs_of(world) -> Discs:
    from exoviz.sim import full_fusion

    v = world.ves
    idx = np.flatnonzero(v.alive)
    d_nm2_s = float(getattr(full_fusion, "CYTO_D_NM2_S", 5.0e3))
    x0, y0, x1, y1 = (float(c) for c in world.scene.cyto)
    return Discs(v.pos[idx].copy(), v.radius[idx].copy(), v.vel[idx].copy(), (x0, y0, x1, y1),
                 math.sqrt(2.0 * d_nm2_s * world.dt), float(world.dt))


# -- pymunk ------------------------------------------------------------------------------------------------
def pymunk_stepper(d: Discs, seed: int = 2) -> Callable[[], None] | None:
    """One pymunk Space holding the discs inside four walls; None when pymunk is not installed."""
    try:
        import pymunk
    except ImportError:
        return None
    space = pymunk.Space()
    space.gravity = (0.0, 0.0)
    bodies = []
    for (x, y), r in zip(d.pos.tolist(), d.radius.tolist()):
        body = pymunk.Body(1.0, pymunk.moment_for_circle(1.0, 0.0, r))
        body.position = (x, y)
        shape = pymunk.Circle(body, r)
        shape.elasticity, shape.friction = 0.0, 0.0
        space.add(body, shape)
        bodies.append(body)
    x0, y0, x1, y1 = d.box
    for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
        space.add(pymunk.Segment(space.static_body, a, b, 1.0))
    rng = np.random.default_rng(seed)
    n = len(bodies)

    def step() -> None:
        kicks = (rng.standard_normal((n, 2)) * (d.sigma / d.dt) + d.vel).tolist()
        for body, v in zip(bodies, kicks):
            body.velocity = v
        space.step(d.dt)

    return step


# -- the per-vesicle Python reference ------------------------------------------------------------------------
def python_stepper(d: Discs, seed: int = 3, gap: float = 1.0) -> Callable[[], None]:
    """Plain Python lists and loops: what the model would cost written one vesicle at a time."""
    pos = d.pos.tolist()
    rad = d.radius.tolist()
    vel = d.vel.tolist()
    x0, y0, x1, y1 = d.box
    cell = 2.0 * max(rad) + gap
    gauss = random.Random(seed).gauss

    def step() -> None:
        for i in range(len(pos)):  # jitter, drift, confinement
            p, r = pos[i], rad[i]
            p[0] = min(max(p[0] + gauss(0.0, d.sigma) + vel[i][0] * d.dt, x0 + r), x1 - r)
            p[1] = min(max(p[1] + gauss(0.0, d.sigma) + vel[i][1] * d.dt, y0 + r), y1 - r)
        grid: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(pos):
            grid.setdefault((int(x // cell), int(y // cell)), []).append(i)
        for (cx, cy), members in grid.items():  # each overlapping pair pushed apart once, half each
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in grid.get((cx + dx, cy + dy), ()):
                        for i in members:
                            if j > i:
                                push_apart(pos[i], pos[j], rad[i] + rad[j] + gap)

    return step


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
    """Median step (ms) of exoviz, pymunk and the Python loop on the same discs and step count, and ratios."""
    world = full_fusion_world(n)
    d = discs_of(world)
    out: dict = {"vesicles": n, "discs": int(len(d.radius)), "steps": steps}
    out["exoviz_ms"] = float(np.median(samples_ms(world.step, steps, warmup=1)))
    pm = pymunk_stepper(d)
    out["pymunk_ms"] = float(np.median(samples_ms(pm, steps, warmup=1))) if pm is not None else None
    out["python_ms"] = float(np.median(samples_ms(python_stepper(d), steps, warmup=1)))
    for peer in ("pymunk", "python"):
        t = out[f"{peer}_ms"]
        out[f"{peer}_over_exoviz"] = t / out["exoviz_ms"] if t is not None else None
    return out
