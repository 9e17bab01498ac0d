"""Full-fusion exocytosis in a secretory cell: Golgi budding, transport, docking, pore, collapse."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim import physics
from exoviz.sim.cargo import diffuse_outside, leak
from exoviz.sim.fusion import collapse_into_membrane, dilate_and_release, open_pore
from exoviz.sim.lifecycle import Follow, top_up
from exoviz.sim.scene import BASE_H_NM, BASE_W_NM, Scene, world_scale
from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.state import Vesicles
    from exoviz.sim.world import World

# Sizes and times (science.md): dense-core secretory granules 150-300 nm across; motor transport
# 0.3-1 um/s; free diffusion in cytoplasm 5e-5 to 2e-2 um^2/s (0.005 used); initial fusion pore 1-3 nm.
R_MIN_NM, R_MAX_NM = 75.0, 150.0
SPEED_NM_S = (300.0, 1000.0)
CYTO_D_NM2_S = 5.0e3
BUD_S = (2.0, 4.0)  # budding from the trans-Golgi (illustrative)
DOCK_MEAN_S = 3.0  # mean wait while docked before fusion (priming and trigger, illustrative)
PORE_S = 0.15  # narrow pore flickering open, before it dilates
RELEASE_S = 0.6  # pore dilates to the vesicle's width while cargo streams out
COLLAPSE_S = 1.2  # the Omega flattens into the bilayer
PORE_START_NM, PORE_DILATED_NM = 1.0, 5.0
LEAK_PORE_PER_S, LEAK_RELEASE_PER_S = 1.5, 6.0
# Released protein cargo diffuses at ~60-100 um^2/s in water; shown 300x slower to stay visible.
OUTSIDE_D_NM2_S = 2.0e5
DOTS_PER_MEAN_VESICLE = 12
FITS_AT_SCALE_1 = 110  # vesicles that fit the base cytosol at ~25 % packing
# Golgi stacks (mammalian stacks: ~1-1.5 um wide, 4-8 cisternae, ~100 nm apart).
STACK_W_NM = 1400.0  # width of one stack's trans cisterna
CISTERNAE = 5  # cisternae per stack (cis to trans)
CISTERNA_GAP_NM = 90.0  # midline to midline
BOW_NM = 70.0  # the stack's curvature: a cisterna's ends rise this far above its middle
TRANS_FACE_NM = 20.0  # buds start on the trans cisterna's upper surface, this far above its midline
BUD_SPREAD = 0.38  # buds start within +-BUD_SPREAD of the stack width from its centre
PINCH_GAP_NM = 6.0  # a pinched-off vesicle starts this far clear of the cisterna
RELAX_ITERATIONS = 8  # overlap relaxation passes per step


class FullFusion:
    """Secretory vesicles bud from Golgi stacks, travel to the membrane and merge with it."""

    time_scale = 1.0  # real time at speed x1
    default_pool = 40

    def __init__(self) -> None:
        self.follow = Follow()
        self.jammed = np.zeros(0, dtype=bool)  # (capacity,) rows that touched a neighbour last step
        self.neighbours = physics.NeighbourList()  # kept from step to step by _relax

    # -- scene ------------------------------------------------------------------------------------------
    def setup(self, world: World) -> None:
        k = world_scale(world.pool, FITS_AT_SCALE_1)
        w, h = BASE_W_NM * k, BASE_H_NM * k
        membrane_y = 0.22 * h
        trans_y = 0.66 * h
        n_stacks = max(1, int(round(k)))
        stack_x = (np.arange(n_stacks) + 0.5) * w / n_stacks
        self.scene = Scene(
            title="Full-fusion exocytosis (secretion)",
            cell="Secretory cell (e.g. endocrine or pancreatic acinar cell), close-up",
            width=w, height=h, membrane_y=membrane_y,
            cyto=(0.0, membrane_y + 2.5, w, 0.86 * h),
            notes=("Vesicles, Golgi and cell to scale; bilayer and proteins drawn thicker",
                   "Released cargo shown spreading ~300x slower than real diffusion",
                   f"1 cargo dot = ~{world.ledger.molecules_per_dot:,} protein molecules (illustrative)"),
            extra={"stack_x": stack_x, "stack_w": STACK_W_NM, "trans_y": trans_y, "cisterna_gap": CISTERNA_GAP_NM,
                   "cisternae": CISTERNAE, "bow": BOW_NM, "nucleus_y": 0.9 * h},
        )
        self._seed_population(world)

    def trans_face_y(self, x: np.ndarray, stack: np.ndarray) -> np.ndarray:
        """y (nm) of the trans cisterna's upper surface above x, for the given stacks."""
        e = self.scene.extra
        u = (x - e["stack_x"][stack]) / (0.5 * e["stack_w"])
        return e["trans_y"] - e["bow"] * u**2 - TRANS_FACE_NM

    def _new_vesicles(self, world: World, k: int, stage: int) -> np.ndarray:
        v, rng = world.ves, world.rng
        idx = v.spawn(k, Kind.SECRETORY, stage, world.t)
        r = rng.uniform(R_MIN_NM, R_MAX_NM, k)
        v.r_full[idx] = r
        v.radius[idx] = r
        rel_vol = (r / (0.5 * (R_MIN_NM + R_MAX_NM))) ** 3
        v.cargo[idx] = np.clip(np.round(DOTS_PER_MEAN_VESICLE * rel_vol), 3, 40).astype(np.int32)
        v.proteins[idx] = np.clip(np.round(4 * (r / 110.0) ** 2), 2, 8).astype(np.int16)
        world.ledger.cargo_loaded += int(v.cargo[idx].sum())
        return idx

    def _seed_population(self, world: World) -> None:
        """Start mid-stream: most of the pool in transit, some docked, the rest still to bud."""
        sc, v, rng = self.scene, world.ves, world.rng
        n_dock = min(int(0.15 * world.pool), int(sc.width / (4.0 * R_MAX_NM)))
        n_move = int(0.7 * world.pool)
        idx = self._new_vesicles(world, n_move, Stage.TRANSPORT)
        y_top, y_bot = sc.membrane_y + 300.0, sc.extra["trans_y"] - 250.0
        v.pos[idx, 0] = rng.uniform(0.0, sc.width, n_move)
        v.pos[idx, 1] = rng.uniform(y_top, max(y_bot, y_top + 1.0), n_move)
        self._set_transport_velocity(world, idx)
        dock = self._new_vesicles(world, n_dock, Stage.DOCKED)
        v.pos[dock, 0] = rng.uniform(0.0, sc.width, n_dock)
        v.pos[dock, 1] = sc.docked_y(v.radius[dock])
        v.dur[dock] = 0.5 + rng.exponential(DOCK_MEAN_S, n_dock)
        both = np.concatenate((idx, dock))
        physics.separate(v.pos, v.radius, both, iterations=12)
        physics.clamp_box(v.pos, v.radius, both, sc.cyto)
        v.pos[dock, 1] = sc.docked_y(v.radius[dock])
        v.prev[:] = v.pos

    def _set_transport_velocity(self, world: World, idx: np.ndarray) -> None:
        physics.head_to_membrane(world.ves.vel, idx, SPEED_NM_S, 0.15, world.rng)

    # -- one step -----------------------------------------------------------------------------------------
    def step(self, world: World, dt: float) -> None:
        """Stages from the latest to the earliest (Mechanism.step), then new buds, relaxation, released cargo."""
        exit_y = self.scene.pore_mouth_y
        # Collapse: the Omega flattens; when flat, its membrane is a patch of the plasma membrane.
        collapse_into_membrane(world, COLLAPSE_S)
        dilate_and_release(world, PORE_DILATED_NM, RELEASE_S, LEAK_RELEASE_PER_S, dt, exit_y)
        self._pore(world, dt, exit_y)
        self._docked(world)
        self._transport(world, dt)
        self._budding(world)
        self._bud(world, dt)
        self._relax(world)
        diffuse_outside(world, dt, OUTSIDE_D_NM2_S, exit_y)

    def _budding(self, world: World) -> None:
        """Budding: the bud swells out of the trans face, then pinches off."""
        v = world.ves
        b = v.where(Stage.BUDDING)
        self._shape_buds(v, b)
        off = b[v.t_stage[b] >= v.dur[b]]
        v.set_stage(off, Stage.TRANSPORT)
        v.pos[off, 1] -= PINCH_GAP_NM  # pinched off: a small gap opens below the new vesicle
        self._set_transport_velocity(world, off)

    @staticmethod
    def _shape_buds(v: Vesicles, b: np.ndarray) -> None:
        """Size and lift buds from their progress: they swell out of the trans face from their anchor."""
        frac = np.clip(v.t_stage[b] / v.dur[b], 0.0, 1.0)
        v.radius[b] = v.r_full[b] * np.minimum(1.0, 0.15 + 1.1 * frac)
        v.pos[b, 1] = v.anchor[b, 1] - v.radius[b] * np.minimum(1.0, 0.3 + frac)

    def _transport(self, world: World, dt: float) -> None:
        """Motor-driven drift toward the membrane plus Brownian jitter; at the membrane's inner face, docking.

        A vesicle pressed against a neighbour last step stalls (its motor cannot push through).
        """
        v, rng, sc = world.ves, world.rng, self.scene
        if self.jammed.size != v.capacity:
            grown = np.zeros(v.capacity, dtype=bool)
            grown[: self.jammed.size] = self.jammed[: v.capacity]
            self.jammed = grown
        tr = v.where(Stage.TRANSPORT)
        drift = np.take(v.vel, tr, axis=0) * (dt * ~self.jammed[tr])[:, None]
        physics.jitter(v.pos, tr, CYTO_D_NM2_S, dt, rng, drift=drift)
        arrived = tr[v.pos[tr, 1] - v.radius[tr] <= sc.dock_line_y]
        v.set_stage(arrived, Stage.DOCKED)
        v.vel[arrived] = 0.0
        v.dur[arrived] = 0.5 + rng.exponential(DOCK_MEAN_S, arrived.size)

    def _relax(self, world: World) -> None:
        """Nobody overlaps; vesicles attached to a membrane (budding, fusing) hold their place, docked ones
        slide along the membrane only."""
        v, sc = world.ves, self.scene
        moving = np.flatnonzero((v.stage == Stage.TRANSPORT) | (v.stage == Stage.DOCKED))
        held = np.flatnonzero((v.stage == Stage.BUDDING) | (v.stage == Stage.PORE)
                              | (v.stage == Stage.RELEASE) | (v.stage == Stage.COLLAPSE))
        dk = v.where(Stage.DOCKED)
        self.jammed = physics.relax(v.pos, v.radius, moving, held, iterations=RELAX_ITERATIONS, box=sc.cyto,
                                    pin_y=(dk, sc.docked_y(v.radius[dk])), half=dk, nlist=self.neighbours)

    def _docked(self, world: World) -> None:
        """Fusion pore opens: the vesicle membrane is now continuous with the plasma membrane."""
        v = world.ves
        dk = v.where(Stage.DOCKED)
        open_pore(world, dk[v.t_stage[dk] >= v.dur[dk]], Stage.PORE, PORE_START_NM, "full_fusion")

    def _pore(self, world: World, dt: float, exit_y: float) -> None:
        """The narrow pore widens and cargo starts to leak; then the pore dilates (RELEASE)."""
        v = world.ves
        po = v.where(Stage.PORE)
        v.pore[po] = PORE_START_NM + (PORE_DILATED_NM - PORE_START_NM) * np.minimum(v.t_stage[po] / PORE_S, 1)
        leak(world, po, LEAK_PORE_PER_S, dt, v.pore[po], exit_y)
        v.set_stage(po[v.t_stage[po] >= PORE_S], Stage.RELEASE)

    def _bud(self, world: World, dt: float) -> None:
        """New buds on random Golgi stacks, at the budding rate, while the pool is short."""
        v, rng = world.ves, world.rng
        k = top_up(world, Kind.SECRETORY, world.params.budding_rate, dt)
        if k == 0:
            return
        e = self.scene.extra
        idx = self._new_vesicles(world, k, Stage.BUDDING)
        stack = rng.integers(0, len(e["stack_x"]), k)
        x = e["stack_x"][stack] + rng.uniform(-BUD_SPREAD, BUD_SPREAD, k) * e["stack_w"]
        v.anchor[idx, 0] = x  # the bud's neck on the trans face
        v.anchor[idx, 1] = self.trans_face_y(x, stack)
        v.pos[idx] = v.anchor[idx]
        v.dur[idx] = rng.uniform(*BUD_S, k)
        self._shape_buds(v, idx)
        v.prev[idx] = v.pos[idx]

    # -- what viewers read ----------------------------------------------------------------------------------
    def featured(self, world: World) -> int:
        """Keep following one vesicle until it has merged; then pick the oldest fresh bud."""
        return self.follow.oldest(world, (Stage.BUDDING, Stage.TRANSPORT))

    def extra_stats(self, world: World) -> dict:
        return {}
