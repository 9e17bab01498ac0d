"""Ultrafast endocytosis at the synapse (Watanabe et al. 2013): 50-100 ms after a synaptic vesicle fully fuses, an
uncoated fold beside the active zone takes the same area back (4 pi r^2 in the ledger, as endocytosis), pinches
off, and the vesicle it makes refills with transmitter and rejoins the pool (real: via an endosome and clathrin,
within seconds; shortened here, said in the scene's notes). With balance off nothing takes the membrane back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.kiss_and_run_const import PROTEINS_PER_VESICLE
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.perturb import dynamin_blocked
from exoviz.sim.scene import DOCK_GAP_NM
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.turnover_const import FLAT_C, NECK_LUMEN, RETURN_PORE_NM, UF_DONE_S, UF_EDGE_NM, UF_START_S

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

NECK_FROM = 0.7  # over the last 30 % of the fold's life its neck narrows to nothing


class Ultrafast:
    """Folds waiting to start (one per full fusion), then UF_PIT rows until they pinch off."""

    def __init__(self) -> None:
        self.start = np.empty(0)  # simulated s each waiting fold appears
        self.end = np.empty(0)  # ... and pinches off
        self.radius = np.empty(0)  # nm: the fused vesicle's, so the same area comes back
        self.home = np.empty((0, 2))  # the fused vesicle's home in the cluster, nm
        self.side = np.empty(0)  # -1: left edge of the active zone, +1: right

    def step(self, world: World, dt: float) -> None:
        self._schedule(world)
        self._fold(world)
        self._appear(world)

    def _schedule(self, world: World) -> None:
        """Full fusions that opened their pore in this step (t_stage 0) each get a fold, if balance is on."""
        v = world.ves
        new = np.flatnonzero((v.stage == Stage.PORE) & (v.fate == 1) & (v.t_stage == 0.0)
                             & (v.kind == Kind.SYNAPTIC))
        if new.size == 0 or not world.params.balance:
            return
        rng = world.rng
        az = world.scene.synapse.az_x
        mid = 0.5 * (az[0] + az[1])
        self.start = np.concatenate((self.start, world.t + rng.uniform(*UF_START_S, new.size)))
        self.end = np.concatenate((self.end, world.t + rng.uniform(*UF_DONE_S, new.size)))
        self.radius = np.concatenate((self.radius, v.radius[new]))
        self.home = np.concatenate((self.home, v.anchor[new]))
        self.side = np.concatenate((self.side, np.where(v.pos[new, 0] < mid, -1.0, 1.0)))

    def _appear(self, world: World) -> None:
        due = self.start <= world.t
        if not due.any():
            return
        v, sc = world.ves, world.scene
        az = sc.synapse.az_x
        r, side = self.radius[due], self.side[due]
        idx = v.spawn(r.size, Kind.SYNAPTIC, Stage.UF_PIT, world.t)
        v.r_full[idx] = v.radius[idx] = r
        edge = np.where(side < 0, az[0], az[1])
        v.pos[idx, 0] = edge + side * (UF_EDGE_NM + r + world.rng.uniform(0.0, 2.0 * r))
        v.pos[idx, 1] = sc.fused_y(r)
        v.prev[idx] = v.pos[idx]
        v.anchor[idx] = self.home[due]
        v.dur[idx] = np.maximum(self.end[due] - world.t, world.dt)
        v.collapse[idx] = FLAT_C
        v.pore[idx] = r
        keep = ~due
        self.start, self.end, self.radius = self.start[keep], self.end[keep], self.radius[keep]
        self.home, self.side = self.home[keep], self.side[keep]

    def _fold(self, world: World) -> None:
        """UF_PIT rows deepen, their neck narrows, then they pinch off: a new (empty) synaptic vesicle."""
        v = world.ves
        uf = v.where(Stage.UF_PIT)
        f = np.clip(v.t_stage[uf] / v.dur[uf], 0.0, 1.0)
        v.collapse[uf] = FLAT_C * np.maximum(1.0 - f / NECK_FROM, 0.0)
        neck = np.clip((f - NECK_FROM) / (1.0 - NECK_FROM), 0.0, 1.0)
        wide = v.radius[uf] * (1.0 - (1.0 - NECK_LUMEN) * np.minimum(f / NECK_FROM, 1.0))
        v.pore[uf] = wide + (RETURN_PORE_NM - wide) * neck
        off = uf[v.t_stage[uf] >= v.dur[uf]]
        if off.size == 0 or dynamin_blocked(world.params):  # dynamin blocked: the neck never closes
            return
        world.ledger.remove(float(np.sum(sphere_area_um2(v.radius[off]))), "endocytosis")
        world.count("endocytosis", off.size)
        v.set_stage(off, Stage.REFILL)
        v.pore[off] = 0.0
        v.collapse[off] = 0.0
        v.pos[off, 1] = world.scene.membrane_contact_y + v.radius[off] + DOCK_GAP_NM + 2.0
        v.cargo[off] = v.small[off] = 0
        v.fate[off] = 0
        v.proteins[off] = PROTEINS_PER_VESICLE

    def stats(self) -> dict:
        return {"waiting": int(self.start.size)}
