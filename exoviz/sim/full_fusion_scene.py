"""The secretory cell's scene for each cell preset: region size, membrane, Golgi stacks, a shared apical lumen
(acinar cell) or a lacteal (enterocyte), granule sizes, and the scale notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.sim import chylomicron, fibril, tracks
from exoviz.sim.scene import HALF_BILAYER_NM, Scene, SecretoryScene, world_scale

if TYPE_CHECKING:
    from exoviz.modes import CellSpec
    from exoviz.sim.model import WorldModel as World

PACKING = 0.19  # share of the cytosol's cross-section the default pool fills (before the world grows)
# Golgi stacks (mammalian stacks: ~1-1.5 um wide, 4-8 cisternae, ~100 nm apart).
STACK_W_NM = 1400.0  # width of one stack's trans cisterna (wider in cells with larger granules)
STACK_EVERY_NM = 8000.0  # one stack per this much width of the region shown
CISTERNAE = 5  # cisternae per stack (cis to trans)
CISTERNA_GAP_NM = 90.0  # midline to midline
BOW_NM = 70.0  # the stack's curvature: a cisterna's ends rise this far above its middle
LUMEN_NM = 1500.0  # acinar lumen, membrane to membrane (illustrative: it widens during secretion)
LUMEN_FLOW_NM_S = 1000.0  # the lumen's contents flow toward the duct (+x; illustrative), nm/s
INTERSTITIUM_NM = 1500.0  # enterocyte: basolateral membrane to the lacteal's wall (shortened)
LACTEAL_WALL_NM = 300.0  # lymphatic endothelial cell, thin
LACTEAL_GAP_NM = 1600.0  # openings between overlapping endothelial flaps (illustrative)
LACTEAL_GAP_EVERY_NM = 3500.0
# Enterocyte polarity: the nucleus is basal, the Golgi supranuclear (between nucleus and brush border); the
# region shown is the cell's basal part, basolateral membrane on top. Nucleus drawn shortened along the cell's axis
# (real ~4 µm wide, ~8-10 µm long); the tight junctions and the brush border lie ~20 µm apical of the basolateral
# membrane (a ~25 µm tall cell), below the region shown.
NUCLEUS_HALF_NM = (1500.0, 800.0)  # half-width, half-height of the enterocyte's nucleus as drawn
NUCLEUS_GAP_NM = 600.0  # basolateral membrane to the nucleus's basal end
JUNCTION_NM = 20000.0  # basolateral membrane to the tight junctions
OUTSIDE_SLOW = 300  # released cargo diffuses this many times slower than in water (to stay visible)


def radii(world: World, cell: CellSpec, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(vesicle radii, chylomicron diameters or empty) for k new vesicles of this cell, nm."""
    lo, hi = cell.diameter_nm
    if "lacteal" in cell.structures:
        d = chylomicron.diameters(world, k, lo, hi)
        return chylomicron.vesicle_radius(d), d
    return 0.5 * world.rng.uniform(lo, hi, k), np.empty(0)


def radius_range(cell: CellSpec) -> tuple[float, float]:
    """Smallest and largest vesicle radius of this cell, nm."""
    lo, hi = cell.diameter_nm
    if "lacteal" in cell.structures:
        return float(chylomicron.vesicle_radius(np.array(lo))), float(chylomicron.vesicle_radius(np.array(hi)))
    return 0.5 * lo, 0.5 * hi


def mean_r2(cell: CellSpec) -> float:
    """Mean squared vesicle radius (nm²) of this cell's size distribution, for packing."""
    lo, hi = radius_range(cell)
    if "lacteal" in cell.structures:  # log-uniform diameters: E[r²] = (hi² - lo²) / (2 ln(hi / lo))
        return (hi * hi - lo * lo) / (2.0 * np.log(hi / lo))
    return (hi**3 - lo**3) / (3.0 * (hi - lo))


def membrane_share(cell: CellSpec) -> float:
    """How far down the region the plasma membrane lies: room above it for a lumen or an interstitium."""
    return 0.30 if "lumen" in cell.structures else 0.36 if "lacteal" in cell.structures else 0.22


def build_scene(world: World, cell: CellSpec, molecules_per_dot: int) -> Scene:
    """The region shown (enlarged with the pool), its membrane, Golgi stacks and the cell's own structures."""
    w0 = cell.world_um * 1000.0
    h0 = w0 * 9.0 / 16.0
    share = membrane_share(cell)
    fits = max(4, int(PACKING * w0 * (0.86 - share) * h0 / (np.pi * mean_r2(cell))))
    k = world_scale(world.pool, fits)
    w, h = w0 * k, h0 * k
    membrane_y = share * h
    n_stacks = max(1, int(round(w / STACK_EVERY_NM)))
    r_hi = radius_range(cell)[1]
    part = SecretoryScene(stack_x=(np.arange(n_stacks) + 0.5) * w / n_stacks, stack_w=max(STACK_W_NM, 3.0 * r_hi),
                          trans_y=0.66 * h, cisterna_gap=CISTERNA_GAP_NM, cisternae=CISTERNAE, bow=BOW_NM,
                          nucleus_y=0.9 * h, structures=cell.structures, cell=cell.name, ceiling_y=-np.inf, flow=0.0)
    if "lumen" in cell.structures:  # the far wall of the lumen: the apical membranes of neighbouring cells
        part.neighbour_y = membrane_y - 2.0 * HALF_BILAYER_NM - LUMEN_NM
        part.ceiling_y, part.flow = part.neighbour_y + HALF_BILAYER_NM, LUMEN_FLOW_NM_S
    if "lacteal" in cell.structures:
        _polarity(part, w, membrane_y, r_hi)
        part.lacteal_y = membrane_y - HALF_BILAYER_NM - INTERSTITIUM_NM
        part.lacteal_top = part.lacteal_y - LACTEAL_WALL_NM
        part.lacteal_gap_x = np.arange(0.5 * LACTEAL_GAP_EVERY_NM, max(w, 2 * LACTEAL_GAP_EVERY_NM),
                                       LACTEAL_GAP_EVERY_NM)
        part.lacteal_gap_nm = LACTEAL_GAP_NM
    if "ecm" in cell.structures:
        part.fibrils = fibril.layout(w, membrane_y - HALF_BILAYER_NM - fibril.FIBRIL_NM)
    part.tracks = tracks.layout(w, membrane_y + HALF_BILAYER_NM, part.trans_y - 100.0, part.tracks.nucleus,
                                 r_hi)
    return Scene(title=cell.title, cell=cell.cell, width=w, height=h, membrane_y=membrane_y,
                 cyto=(0.0, membrane_y + HALF_BILAYER_NM, w, 0.86 * h),
                 notes=notes(cell, molecules_per_dot), secretory_part=part)


def _polarity(part: SecretoryScene, w: float, membrane_y: float, r_hi: float) -> None:
    """Enterocyte: the nucleus basal (near the basolateral membrane), the Golgi apical of it (further down the
    picture), the tight junctions further apical still."""
    ax, ay = NUCLEUS_HALF_NM
    top = membrane_y + HALF_BILAYER_NM + NUCLEUS_GAP_NM
    part.tracks = tracks.Tracks(nucleus=(0.5 * w, top + ay, ax, ay))
    part.stack_x = np.array([0.5 * w])
    part.trans_y = top + 2.0 * ay + 1.2 * r_hi + 150.0  # the largest bud clears the nucleus
    part.junction_y = membrane_y + JUNCTION_NM


def notes(cell: CellSpec, molecules_per_dot: int) -> tuple[Text, ...]:
    """What is to scale, what is slowed or illustrative (the bilayer's drawn thickness is added on screen)."""
    out: list[Text] = [Msg(N_("{sizes}: to scale, as are the Golgi stacks and nucleus"), sizes=Msg(cell.sizes))]
    if cell.secretion == "regulated":
        out.append(Msg(N_("Stimulus: {trigger}; Ca²⁺ near the membrane shown green"), trigger=Msg(cell.trigger)))
    if cell.dots:
        out += [Msg(N_("Released cargo shown spreading ~{slow}× slower than real diffusion"), slow=OUTSIDE_SLOW),
                Msg(N_("1 cargo dot = ~{n:,} molecules (illustrative)"), n=molecules_per_dot)]
    if "lumen" in cell.structures:
        out.append(Msg(N_("Lumen drawn {w:g} µm wide, its contents flowing right toward the duct at {v:g} µm/s "
                          "(illustrative)"), w=LUMEN_NM / 1000, v=LUMEN_FLOW_NM_S / 1000))
    if "ecm" in cell.structures:
        out.append(Msg(N_("Propeptides cut and collagen in fibrils {s:g} s after release (real: minutes); 1 dot adds "
                          "~{nm:.0f} nm of a {d:g}-nm fibril (~{m:g} molecules per nm)"), s=fibril.PROCESS_S,
                       nm=fibril.nm_per_dot(molecules_per_dot), d=fibril.FIBRIL_NM, m=fibril.MOLECULES_PER_NM))
    out.append(Msg(N_("Kinesin ~{k:g} µm/s on microtubules, myosin V ~{m:g} µm/s in the ~{c:g} nm actin cortex; "
                      "tracks every ~{e:g} µm, mesh schematic (illustrative)"),
                   k=tracks.KINESIN_NM_S / 1000, c=tracks.CORTEX_NM, m=tracks.MYOSIN_V_NM_S / 1000,
                   e=tracks.TRACK_EVERY_NM / 1000))
    return (*out, *cell.notes)
