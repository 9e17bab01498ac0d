"""Full-fusion stage rules shared by every mechanism whose vesicles merge: pore dilation, collapse, absorption."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.cargo import emit, leak
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.world import World


def dilate_and_release(world: World, start_nm: float, release_s: float, rate_per_s: float, dt: float,
                       exit_y: float) -> None:
    """RELEASE rows: the pore widens from start_nm to 0.8 r over release_s while cargo leaks out; then the
    remaining cargo leaves at once and the vesicle starts to collapse."""
    v = world.ves
    rel = v.where(Stage.RELEASE)
    f = np.minimum(v.t_stage[rel] / release_s, 1.0)
    v.pore[rel] = start_nm + (0.8 * v.radius[rel] - start_nm) * f
    leak(world, rel, rate_per_s, dt, v.pore[rel], exit_y)
    col = rel[v.t_stage[rel] >= release_s]
    emit(world, col, v.cargo[col].astype(np.int64), v.pore[col], exit_y)
    v.set_stage(col, Stage.COLLAPSE)


def collapse_into_membrane(world: World, collapse_s: float) -> None:
    """COLLAPSE rows: the Omega flattens over collapse_s; when flat, its membrane and proteins become part
    of the plasma membrane and the row is retired."""
    v = world.ves
    co = v.where(Stage.COLLAPSE)
    v.collapse[co] = np.minimum(v.t_stage[co] / collapse_s, 1.0)
    absorb(world, co[v.t_stage[co] >= collapse_s])


def absorb(world: World, flat: np.ndarray) -> None:
    """Rows flat have merged: a patch of their membrane and their proteins join the plasma membrane."""
    v = world.ves
    world.surface.absorb(v.pos[flat, 0].copy(), v.radius[flat], v.proteins[flat].astype(np.int64), world.t)
    v.retire(flat)
