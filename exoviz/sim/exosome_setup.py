"""Exosome-mode scene: layout, lysosomes on a grid, new endosomes and the staggered starting population."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg
from exoviz.sim import physics
from exoviz.sim.exosome_const import (
    ENDO_CARGO_DOTS,
    ENDO_R_NM,
    ENDOSOME_S,
    FITS_AT_SCALE_1,
    GROW_S,
    LYSO_PER_SCALE,
    LYSO_R_NM,
    MVB_S,
    MVB_SPEED_NM_S,
)
from exoviz.sim.exosome_ilv import seed_inside, target_ilvs
from exoviz.sim.scene import BASE_H_NM, BASE_W_NM, ExosomeScene, Scene, world_scale
from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World
    from exoviz.sim.state import Vesicles

_OFFSETS = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
SEED_ROUNDS, SEED_ITERATIONS = 4, 8  # overlap removal for the starting population


def build_scene(world: World) -> Scene:
    """The world rectangle (enlarged with the pool), bands for arrival, maturation and lysosomes."""
    k = world_scale(world.pool, FITS_AT_SCALE_1)
    w, h = BASE_W_NM * k, BASE_H_NM * k
    membrane_y = 0.22 * h
    cell = world.params.cell_spec
    nucleus_y, home, lyso, floor = 0.93 * h, (0.38 * h, 0.58 * h), (0.68 * h, 0.82 * h), 0.9 * h
    if cell.cytoplasm_um:  # a thin rim of cytoplasm (B cell): the same bands, as shares of its depth
        depth = cell.cytoplasm_um * 1000.0 * k
        nucleus_y = membrane_y + depth
        home, lyso = (membrane_y + 0.23 * depth, membrane_y + 0.5 * depth), (nucleus_y - 0.35 * depth,
                                                                             nucleus_y - 0.15 * depth)
        floor = nucleus_y - 0.04 * depth
    return Scene(
        title=cell.title, cell=cell.cell,
        width=w, height=h, membrane_y=membrane_y,
        cyto=(0.0, membrane_y + 2.5, w, floor),
        notes=(Msg(N_("{sizes}: to scale; MVBs 440–840 nm holding ~10–50 ILVs (size illustrative), lysosomes "
                      "300–500 nm"), sizes=Msg(cell.sizes)),
               N_("Exosomes drift with D = 0.004 µm²/s, ~1500× slower than in water, to stay in view"),
               N_("MVB transport at a net ~0.05 µm/s (motor runs with pauses), illustrative"),
               Msg(N_("1 cargo dot = ~{n:,} molecules of endocytosed antigen"), n=world.ledger.molecules_per_dot),
               *cell.notes),
        exosome_part=ExosomeScene(arrival_y=(membrane_y + 40.0,
                                             membrane_y + min(600.0, 0.2 * (nucleus_y - membrane_y))),
                                  home_band=home, lysosome_band=lyso, nucleus_y=nucleus_y, marker=cell.marker,
                                  cell=cell.name),
    )


def add_lysosomes(world: World, scene: Scene) -> None:
    """A few lysosomes, one per cell of a (rows, cols) grid in the lysosome band: rows slots in scene.exosome."""
    v, rng = world.ves, world.rng
    k = world_scale(world.pool, FITS_AT_SCALE_1)  # the scale build_scene used
    cols, rows = max(1, int(round(LYSO_PER_SCALE * k))), max(1, int(round(k)))
    y0, y1 = scene.exosome.lysosome_band
    cw, ch = scene.width / cols, (y1 - y0) / rows
    idx = v.spawn(rows * cols, Kind.LYSOSOME, Stage.LYSOSOME_IDLE, world.t)
    r = rng.uniform(*LYSO_R_NM, idx.size)
    v.r_full[idx] = r
    v.radius[idx] = r
    ri, ci = np.divmod(np.arange(idx.size), cols)
    v.pos[idx, 0] = (ci + 0.5 + rng.uniform(-0.3, 0.3, idx.size)) * cw
    v.pos[idx, 1] = y0 + (ri + 0.5 + rng.uniform(-0.15, 0.15, idx.size)) * ch
    v.prev[idx] = v.pos[idx]
    scene.exosome.lysosome_grid = idx.reshape(rows, cols)
    scene.exosome.lysosome_slots = idx.copy()


def nearest_lysosome(world: World, scene: Scene, pos: np.ndarray) -> np.ndarray:
    """Slot of the nearest lysosome to each point of pos ((k, 2) nm), scanning the 3x3 grid cells around."""
    grid = scene.exosome.lysosome_grid
    rows, cols = grid.shape
    y0, y1 = scene.exosome.lysosome_band
    ci = np.clip(np.floor(pos[:, 0] / (scene.width / cols)), 0, cols - 1).astype(np.int64)
    ri = np.clip(np.floor((pos[:, 1] - y0) / ((y1 - y0) / rows)), 0, rows - 1).astype(np.int64)
    best = np.full(len(pos), np.inf)
    slot = grid[ri, ci].copy()
    for dr, dc in _OFFSETS:
        s = grid[np.clip(ri + dr, 0, rows - 1), np.clip(ci + dc, 0, cols - 1)]
        d = np.hypot(*(pos - world.ves.pos[s]).T)
        closer = d < best
        best[closer], slot[closer] = d[closer], s[closer]
    return slot


def new_endosomes(world: World, k: int, stage: int) -> np.ndarray:
    """k early endosomes (300-500 nm across) with endocytosed cargo and limiting-membrane proteins."""
    v, rng = world.ves, world.rng
    idx = v.spawn(k, Kind.ENDOSOME, stage, world.t)
    r = rng.uniform(*ENDO_R_NM, k)
    v.r_full[idx] = r
    v.radius[idx] = r
    v.cargo[idx] = rng.integers(ENDO_CARGO_DOTS[0], ENDO_CARGO_DOTS[1] + 1, k)
    # proteins on the luminal face of the limiting membrane (MHC class II, ...): face out after fusion
    v.proteins[idx] = np.clip(np.round(6.0 * (r / 200.0) ** 2), 3, 12).astype(np.int16)
    v.dur[idx] = rng.uniform(*ENDOSOME_S, k)
    world.ledger.cargo_loaded += int(v.cargo[idx].sum())
    return idx


def set_speed_to_membrane(world: World, idx: np.ndarray) -> None:
    """Transport velocity (nm/s) for MVBs leaving for the plasma membrane: mostly straight up."""
    physics.head_to_membrane(world.ves.vel, idx, MVB_SPEED_NM_S, 0.1, world.rng)


def head_for_lysosome(v: Vesicles, idx: np.ndarray, speed: np.ndarray) -> None:
    """Point the velocity of rows idx at their lysosome (v.target), at speed (nm/s, one per row)."""
    d = v.pos[v.target[idx]] - v.pos[idx]
    unit = d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    v.vel[idx] = unit * speed[:, None]


def set_speed_to_lysosome(world: World, scene: Scene, idx: np.ndarray) -> None:
    """Pick each MVB's nearest lysosome (target = its slot) and head for it at a new transport speed."""
    if idx.size == 0:  # nothing to route (a zero-size draw would not touch world.rng either)
        return
    v = world.ves
    v.target[idx] = nearest_lysosome(world, scene, v.pos[idx])
    head_for_lysosome(v, idx, world.rng.uniform(*MVB_SPEED_NM_S, idx.size))


def seed_population(world: World, scene: Scene) -> None:
    """Start mid-stream so that something happens within seconds: bodies at staggered stages.

    Of the pool: ~30 % already mature and on their way (to the membrane or to a lysosome, drawn with
    lysosome_fraction), ~15 % full MVBs about to leave, ~25 % budding ILVs, the rest early endosomes.
    """
    v, rng = world.ves, world.rng
    pool = world.pool
    n_adv = max(1, int(round(0.3 * pool)))
    n_mvb = int(round(0.15 * pool))
    n_bud = min(int(round(0.25 * pool)), pool - n_adv - n_mvb)
    n_endo = max(0, pool - n_adv - n_mvb - n_bud)
    w = scene.width
    contact = scene.membrane_contact_y
    hy0, hy1 = scene.exosome.home_band
    ay0, ay1 = scene.exosome.arrival_y
    ly0 = scene.exosome.lysosome_band[0]

    endo = new_endosomes(world, n_endo, Stage.ENDOSOME)
    v.pos[endo, 1] = rng.uniform(ay1, hy1, n_endo)
    v.t_stage[endo] = GROW_S + rng.random(n_endo) * np.maximum(v.dur[endo] * 0.8 - GROW_S, 0.0)

    bud = new_endosomes(world, n_bud, Stage.ILV_BUDDING)
    v.pos[bud, 1] = rng.uniform(hy0, hy1, n_bud)
    v.ilvs[bud] = np.round(target_ilvs(v.radius[bud]) * rng.uniform(0.2, 0.7, n_bud)).astype(np.int32)

    mvb = new_endosomes(world, n_mvb, Stage.MVB)
    v.pos[mvb, 1] = rng.uniform(hy0, hy1, n_mvb)
    v.dur[mvb] = rng.uniform(*MVB_S, n_mvb)
    v.t_stage[mvb] = v.dur[mvb] * rng.uniform(0.5, 0.9, n_mvb)

    lyso_fate = rng.random(n_adv) < world.params.lysosome_fraction
    up = new_endosomes(world, int(np.count_nonzero(~lyso_fate)), Stage.MVB_TRANSPORT)
    v.pos[up, 1] = contact + v.radius[up] + rng.uniform(100.0, 900.0, up.size)
    down = new_endosomes(world, int(np.count_nonzero(lyso_fate)), Stage.TO_LYSOSOME)
    v.pos[down, 1] = rng.uniform(hy1, ly0, down.size)

    bodies = np.concatenate((endo, bud, mvb, up, down))
    v.pos[bodies, 0] = rng.uniform(0.0, w, bodies.size)
    # Lysosomes hold their place: bodies they touch take the whole correction. Bodies start anywhere: relax
    # searches the pairs afresh whenever they have moved far.
    physics.relax(v.pos, v.radius, bodies, scene.exosome.lysosome_slots, iterations=SEED_ITERATIONS * SEED_ROUNDS,
                  box=scene.cyto)
    set_speed_to_membrane(world, up)
    set_speed_to_lysosome(world, scene, down)
    v.prev[bodies] = v.pos[bodies]

    full = np.concatenate((mvb, up, down))
    v.ilvs[full] = target_ilvs(v.radius[full]).astype(np.int32)
    filled = np.concatenate((bud, full))
    seed_inside(world, filled, v.ilvs[filled].astype(np.int64))
