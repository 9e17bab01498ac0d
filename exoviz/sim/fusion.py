"""Fusion rules shared by every mechanism: pore opening, dilation (with the ledger), release, collapse, absorption."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.cargo import emit
from exoviz.sim.compound import COMPOUND
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.membrane_shape import attached, attached_rows, keep_in_place, surface_x
from exoviz.sim.pore import plan
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Kind, Stage, rows_in, stage_mask

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

# The pore is a size filter (Barg et al. 2002): small molecules leave through the first 1-3 nm pore, protein
# cargo only once its radius reaches this (6 nm across: an insulin hexamer is ~5 nm), nm.
PROTEIN_PORE_NM = 3.0


def open_pore(world: World, idx: np.ndarray, stage: int, pore_nm: np.ndarray | float, event: str,
              full: np.ndarray | None = None, kiss_event: str = "") -> None:
    """Rows idx open a fusion pore: they enter `stage` with pore radius pore_nm (nm), stop, and sit with
    their membrane continuous with the plasma membrane's inner face.

    full: (len(idx),) bool, which openings will be full fusions (default: all); the others are kisses (the vesicle's
    membrane stays its own), counted as `kiss_event` now. Into Stage.PORE (a narrow pore that may flicker, drawn now
    from the cell's flicker, sim.pore, and may reseal) a full fusion's membrane is only connected through the pore
    for now (ledger.pore_open_um2): it joins the plasma membrane when the pore dilates (dilate: one `event` each).
    Into any other stage (an MVB's fusion) its membrane (4 pi r^2) joins the plasma membrane now, one `event` each.
    """
    v = world.ves
    v.set_stage(idx, stage)
    v.pore[idx] = pore_nm
    v.vel[idx] = 0.0
    v.pos[idx, 1] = world.scene.fused_y(v.radius[idx])
    if kiss_event:
        world.count(kiss_event, 0 if full is None else int(np.count_nonzero(~full)))
    if stage == Stage.PORE:
        plan(world, idx, world.params.cell_spec.flicker)
        book_open_pores(world)
        return
    merged = idx if full is None else idx[full]
    world.ledger.add(float(np.sum(sphere_area_um2(v.radius[merged]))), event)
    world.count(event, merged.size)


def dilate(world: World, rows: np.ndarray, event: str = "full_fusion") -> None:
    """Rows' narrow pores dilate (PORE -> RELEASE): the fusion is now lasting, so their membrane (4 pi r^2) joins
    the plasma membrane in the ledger, one `event` each ("compound_fusion" for a granule fused onto another:
    fate COMPOUND, sim.compound)."""
    v = world.ves
    if rows.size == 0:
        return
    v.set_stage(rows, Stage.RELEASE)
    onto = (v.fate[rows] == COMPOUND) & (v.kind[rows] == Kind.SECRETORY)
    for name, part in ((event, rows[~onto]), ("compound_fusion", rows[onto])):
        world.ledger.add(float(np.sum(sphere_area_um2(v.radius[part]))), name)
        world.count(name, part.size)
    book_open_pores(world)


IS_CONNECTED = stage_mask((Stage.PORE, Stage.KISS_RELEASE))


def book_open_pores(world: World) -> None:
    """The ledger's pore_open_um2: the membrane of vesicles connected to the plasma membrane only through a narrow
    pore that is open now (a shut flickering pore, a resealed kiss: not connected; a dilated one: plasma membrane)."""
    v = world.ves
    rows = rows_in(IS_CONNECTED, v.stage)  # (a few rows: the pores open of them picked from those)
    rows = rows[v.pore.take(rows) > 0]
    world.ledger.pore_open_um2 = float(np.sum(sphere_area_um2(v.radius.take(rows))))


def dilate_and_release(world: World, start_nm: float, release_s: float, dt: float, exit_y: float) -> None:
    """RELEASE rows: the pore widens from start_nm to 0.8 r over release_s while the cargo drains out evenly (small
    molecules first; protein only once the pore is PROTEIN_PORE_NM wide), so that halfway through, half of it
    is still on its way out; then the vesicle starts to collapse."""
    v = world.ves
    rel = v.where(Stage.RELEASE)
    if rel.size == 0:
        return
    ts = v.t_stage.take(rel)
    first = rel[ts <= 1.5 * dt]  # its first step in RELEASE: note what it holds
    v.cargo0[first] = v.cargo[first]
    f = np.minimum(ts / release_s, 1.0)
    wide = start_nm + (0.8 * v.radius.take(rel) - start_nm) * f
    v.pore[rel] = wide
    left = np.ceil(v.cargo0.take(rel) * (1.0 - f) - 1e-9).astype(np.int64)  # what should still be inside
    out = np.maximum(v.cargo.take(rel).astype(np.int64) - left, 0)
    small = np.minimum(out, v.small.take(rel))
    out = np.where(wide >= PROTEIN_PORE_NM, out, small)
    emit(world, rel, out, wide, exit_y, small=small)
    col = rel[ts >= release_s]
    emit(world, col, v.cargo[col].astype(np.int64), v.pore[col], exit_y)
    v.set_stage(col, Stage.COLLAPSE)


def collapse_into_membrane(world: World, collapse_s: float) -> None:
    """COLLAPSE rows: the Omega flattens over collapse_s; when flat, its membrane and proteins become part
    of the plasma membrane and the row is retired."""
    v = world.ves
    co = v.where(Stage.COLLAPSE)
    if co.size == 0:
        return
    v.collapse[co] = np.minimum(v.t_stage[co] / collapse_s, 1.0)
    absorb(world, co[v.t_stage[co] >= collapse_s])


def absorb(world: World, flat: np.ndarray, kind: np.ndarray | int = 0) -> None:
    """Rows flat have merged: a patch of their membrane and their proteins (of the given Surface kind: LAMP-1 from
    a lysosome) join the plasma membrane. Proteins that sat on a lip shared with a neighbour still fusing stay
    where they were (membrane_shape.keep_in_place)."""
    v = world.ves
    if flat.size == 0:
        return
    s = world.surface
    near = np.flatnonzero((np.abs(s.prot_x[:, None] - v.pos[flat, 0][None, :]) < 4.0 * v.radius[flat]).any(axis=1))
    drawn = surface_x(world, s.prot_x[near])
    s.absorb(v.pos[flat, 0].copy(), v.radius[flat], v.proteins[flat].astype(np.int64), world.t, kind)
    v.retire(flat)
    keep_in_place(world, near, drawn)


FOOTPRINT_MAX = 1.25  # a flattening cap keeps neighbours clear up to this many of its radii from its axis


def footprint(world: World) -> np.ndarray:
    """(capacity,) nm: each body's radius, but for bodies fused to the plasma membrane the half-width of their
    flattening cap (sim.membrane_shape) if wider: the room neighbours must leave them (physics.relax)."""
    v = world.ves
    r = v.radius.copy()
    rows = attached_rows(world)
    if rows.size:  # (at most FOOTPRINT_MAX radii: a docked row pushed further jams against its own neighbours)
        grown = np.minimum(attached(world, rows).half_width() + HALF_BILAYER_NM, FOOTPRINT_MAX * r[rows])
        r[rows] = np.maximum(r[rows], grown)
    return r
