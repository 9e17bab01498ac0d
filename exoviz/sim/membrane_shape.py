"""The plasma membrane's shape with every body fused to it, and MVB-lysosome merges, as a smooth-union field.

Design. The membrane midline is the zero level set of a field f(p) (f < 0 on the extracellular/lumen side,
f > 0 on the cytosol side, |grad f| ~ 1, so f is close to a signed distance). The region f < 0 is a union of
simple shapes: the half-plane above the flat membrane, one disc per fused body (its cap, flattening as it
collapses) and one capsule per fusion neck (its half-width is the pore lumen plus half a bilayer). The union
is smooth (a polynomial smooth minimum of the two nearest shapes, radius k), which rounds every junction
into a fillet: that fillet *is* the neck where the vesicle membrane joins the plasma membrane.

Why a field rather than a path with hand-made fillets: a union never tears. Two fusing bodies whose
caps meet keep a wall of two membranes between them (membrane_field.walls), a body with no neck (kiss closed)
simply drops out, and the same field gives the drawing (the leaflets are the bands -h < f < 0 and 0 < f < h,
anti-aliased per pixel), the path (traced in membrane_trace), and where proteins sit (projected onto f = 0).

All builders work in any one length unit: nm in the model, px when the renderer rasterises a sprite.
The plasma membrane path itself: membrane_trace.plasma_membrane_path (one open polyline, x = 0 .. width).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim.membrane_field import Field, walls
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Stage, rows_in, stage_mask
from exoviz.sim.surface import push_out

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

# Bodies joined to the plasma membrane through an open neck (their membrane is now plasma membrane).
ATTACHED = (Stage.PORE, Stage.RELEASE, Stage.COLLAPSE, Stage.KISS_RELEASE, Stage.MVB_FUSION,
            # membrane turnover: pits folding in (collapse runs backwards, the neck narrows), folds of ultrafast
            # endocytosis, and recycling vesicles and lysosomes fusing back
            Stage.PIT, Stage.PIT_NECK, Stage.UF_PIT, Stage.RETURN_FUSE,
            # the macrophage's phagocytic and macropinocytic cups (sim.engulf), drawn like pits
            Stage.PHAGO_CUP, Stage.MACRO_CUP)
IS_ATTACHED = stage_mask(ATTACHED)
KISS_CLOSING = 0.3  # a kiss pore narrows to nothing over the last 30 % of the kiss (then PORE_CLOSED: sealed)
C_MAX = 0.995  # flattest cap drawn before the body is absorbed (a flat cap has an infinite radius)
PROTEIN_SPAN = 0.8  # body proteins sit on this share of the cap's arc (as Surface.add_proteins spreads them)


def cap(r0: np.ndarray, depth0: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(centre depth below the line, radius) of a body's cap circle at collapse progress c (0..1).

    c = 0: the whole sphere (midline radius r0) with its centre depth0 below the membrane line. As c grows the
    sphere opens into a spherical cap of the same membrane area (3-D: 2 pi R^2 (1 - cos t) = 4 pi r0^2) whose
    half-angle t falls from pi to 0, so it flattens into a disc of radius 2 r0. The starting gap between the
    sphere and the membrane (depth0 - r0) closes as it flattens.
    """
    c = np.clip(np.asarray(c, dtype=np.float64), 0.0, C_MAX)
    t = np.pi * (1.0 - c)
    radius = r0 * np.sqrt(2.0 / (1.0 - np.cos(t)))
    depth = -radius * np.cos(t) + (depth0 - r0) * (1.0 - c)
    return depth, radius


def opening(depth: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Half-width of the cap's own opening at the membrane line (0 while the cap hangs below it)."""
    return np.sqrt(np.maximum(radius**2 - depth**2, 0.0)) * (depth < radius)


@dataclass(frozen=True)
class Attached:
    """Bodies joined to a flat membrane at y = line (one length unit throughout), one entry per body.

    rows: slots in world.ves; x: axis; depth0: sphere centre below the line at the start; r0: midline radius of
    the sphere; c: collapse 0..1; lumen: neck lumen half-width (0: a sealed stalk); h_neck: half bilayer of the
    neck; k: fillet radius; touch: caps closer than this meet (the wall kept between them is this thick).
    """

    rows: np.ndarray
    line: float
    x: np.ndarray
    depth0: np.ndarray
    r0: np.ndarray
    c: np.ndarray
    lumen: np.ndarray
    h_neck: float
    k: float
    touch: float = 2.0 * HALF_BILAYER_NM  # caps closer than this meet: a wall of two membranes stays between them

    @property
    def size(self) -> int:
        return int(self.x.size)

    def caps(self) -> tuple[np.ndarray, np.ndarray]:
        """(centre depth below the line, radius) of each body's cap (computed once)."""
        got = self.__dict__.get("_caps")
        if got is None:
            got = cap(self.r0, self.depth0, self.c)
            object.__setattr__(self, "_caps", got)
        return got

    def reach(self) -> np.ndarray:
        """(n,) half-width of the stretch of membrane each body bends, measured from its axis along the line."""
        depth, radius = self.caps()
        q = self.lumen + self.h_neck
        at_line = np.sqrt(np.maximum((radius + self.k) ** 2 - depth**2, 0.0))
        return np.maximum(q + self.k, at_line) + self.k

    def half_width(self) -> np.ndarray:
        """(n,) half-width of each body's own shape below the line (its cap, clipped at the line, and its neck)."""
        got = self.__dict__.get("_half")
        if got is None:
            depth, radius = self.caps()
            got = np.maximum(np.where(depth >= 0, radius, opening(depth, radius)), self.lumen + self.h_neck)
            object.__setattr__(self, "_half", got)
        return got

    def extent(self) -> np.ndarray:
        """(n,) half-width of everything each body shapes, from its axis: its bent stretch or its cap."""
        return np.maximum(self.reach(), self.half_width() + 2.0 * self.k)

    def influence(self, h: float) -> np.ndarray:
        """(n,) beyond this horizontal distance from its axis a body changes no drawn pixel (leaflets h thick): its
        distance term grows at least as fast as the horizontal gap, and its union with the plane rounds over k."""
        return self.half_width() + self.k + h + 2.0

    def field(self, select: np.ndarray | None = None) -> Field:
        """The field of the flat membrane with these bodies (or the subset select)."""
        s = slice(None) if select is None else select
        depth, radius = self.caps()
        x, depth, radius = self.x[s], depth[s], radius[s]
        q = (self.lumen + self.h_neck)[s]
        discs = np.stack([x, self.line + depth, radius], axis=1)
        top = self.line - q - self.k
        caps_ = np.stack([x, top, x, np.maximum(self.line + depth, top), q], axis=1)
        return Field(self.line, discs, caps_, self.k, walls(discs, self.line, self.septum, q), opening(depth, radius))

    @property
    def septum(self) -> float:
        """Half the thickness of the wall between two caps that meet (one bilayer on each side of its middle)."""
        return max(self.h_neck, 0.5 * self.touch)


def attached_rows(world: World) -> np.ndarray:
    """Slots of the bodies whose neck is open to the plasma membrane now (not a flickering pore while it is shut:
    that vesicle is sealed again, a closed body against the membrane; sim.pore)."""
    v = world.ves
    rows = rows_in(IS_ATTACHED, v.stage)  # (a few rows: the shut pores dropped from those)
    shut = (v.stage.take(rows) == int(Stage.PORE)) & (v.pore.take(rows) <= 0)
    return rows[~shut] if shut.any() else rows


def neck_lumen(world: World, rows: np.ndarray, min_lumen: float = 0.0) -> np.ndarray:
    """Neck lumen half-width (nm) of attached rows: the model's pore, at least min_lumen (drawing), closing to 0
    over the end of a kiss."""
    v = world.ves
    lumen = np.maximum(v.pore[rows], min_lumen)
    kiss = v.stage.take(rows) == int(Stage.KISS_RELEASE)
    if not kiss.any():  # (no kiss closing: the pores as they are)
        return lumen
    frac = np.divide(v.t_stage[rows], v.dur[rows], out=np.zeros(rows.size), where=v.dur[rows] > 0)
    closing = np.clip((1.0 - frac) / KISS_CLOSING, 0.0, 1.0)
    return np.where(kiss, lumen * closing, lumen)


def attached(world: World, rows: np.ndarray | None = None, h_body: np.ndarray | float = HALF_BILAYER_NM,
             h_neck: float = HALF_BILAYER_NM, min_lumen: float = 0.0, pos: np.ndarray | None = None) -> Attached:
    """The bodies joined to the plasma membrane, in nm. h_body / h_neck: half bilayer drawn for the body and
    the neck (true 2.5 nm in the model); min_lumen: smallest neck lumen drawn; pos: (capacity, 2) positions to
    use (e.g. interpolated for drawing)."""
    v = world.ves
    rows = attached_rows(world) if rows is None else rows
    p = v.pos if pos is None else pos
    line = world.scene.membrane_y
    r0 = np.maximum(v.radius[rows] - h_body, 0.5)
    return Attached(rows, line, p[rows, 0].copy(), p[rows, 1] - line, r0, v.collapse[rows].copy(),
                    neck_lumen(world, rows, min_lumen), float(h_neck), float(h_neck))


# -- membrane proteins ---------------------------------------------------------------------------------------
def body_protein_points(att: Attached, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(points (total, 2), owner index (total,)): counts[i] proteins spread evenly over body i's cap arc.

    They keep their order and spacing as the cap flattens, ending where Surface.add_proteins puts them.
    """
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    owner = np.repeat(np.arange(att.size), counts)
    if total == 0:
        return np.empty((0, 2)), owner
    first = np.repeat(np.cumsum(counts) - counts, counts)
    frac = ((np.arange(total) - first) + 0.5) / counts[owner] * 2.0 - 1.0
    depth, radius = att.caps()
    half_angle = np.pi * (1.0 - np.clip(att.c, 0.0, C_MAX))
    phi = PROTEIN_SPAN * frac * half_angle[owner]  # angle from the bottom of the cap
    pts = np.stack([att.x[owner] + radius[owner] * np.sin(phi),
                    att.line + depth[owner] + radius[owner] * np.cos(phi)], axis=1)
    return pts, owner


def surface_x(world: World, xs: np.ndarray, att: Attached | None = None, eps: float = 0.05) -> np.ndarray:
    """Where plasma-membrane proteins at model x = xs sit along the membrane now (nm): pushed aside by the
    bodies fusing (push_out), and slid out of any opening onto its lip (to_lip)."""
    att = attached(world) if att is None else att
    if att.size == 0:
        return np.asarray(xs, dtype=np.float64).copy()
    depth, radius = att.caps()
    moved = push_out(xs, att.x, np.maximum(opening(depth, radius), att.lumen + att.h_neck))
    reach = att.extent() + 4.0 * att.k
    near = np.flatnonzero((np.abs(att.x[:, None] - moved[None, :]) < reach[:, None]).any(axis=1))
    if near.size == 0:
        return moved
    line = np.stack([moved, np.full(moved.size, att.line)], axis=1)
    return att.field(near).to_lip(line, eps, 2.0 * att.h_neck)[:, 0]  # only the bodies these proteins are near


def keep_in_place(world: World, idx: np.ndarray, target: np.ndarray, iterations: int = 8) -> None:
    """Move the model x of surface proteins idx so that they are pushed to where they were drawn (target, nm) by
    the bodies fusing now: when a body is absorbed, its neighbours' proteins do not jump."""
    if idx.size == 0:
        return
    att = attached(world)
    s = world.surface
    if att.size == 0:
        s.prot_x[idx] = target
        return
    depth, radius = att.caps()
    half = np.maximum(opening(depth, radius), att.lumen + att.h_neck)
    x = np.asarray(target, dtype=np.float64).copy()
    for _ in range(iterations):  # Newton on the monotone push (numerical slope, at least a little positive)
        fx = push_out(x, att.x, half)
        slope = np.maximum((push_out(x + 0.5, att.x, half) - fx) / 0.5, 0.05)
        x -= (fx - target) / slope
    s.prot_x[idx] = x
