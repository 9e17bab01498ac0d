"""Full-fusion exocytosis in a secretory cell: Golgi budding, transport, docking, pore, collapse.

The cell preset (params.cell_spec) sets the granule sizes, the cargo kinds, regulated or constitutive secretion
(exoviz.sim.secretion) and the scene (exoviz.sim.full_fusion_scene); the enterocyte's vesicles carry
chylomicrons (exoviz.sim.chylomicron).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.sim import chylomicron, compound, fibril, physics, pore, tracks
from exoviz.sim.cargo import diffuse_outside, emit, leak, stream_out
from exoviz.sim.endocytosis import clear_of_pits
from exoviz.sim.full_fusion_scene import OUTSIDE_SLOW, build_scene, mean_r2, radii
from exoviz.sim.fusion import book_open_pores, collapse_into_membrane, dilate, dilate_and_release, footprint, open_pore
from exoviz.sim.lifecycle import Follow, top_up
from exoviz.sim.machinery import Machinery
from exoviz.sim.machinery_params import GRANULE
from exoviz.sim.perturb import motors
from exoviz.sim.secretion import Secretion
from exoviz.sim.signal_view import SignalView
from exoviz.sim.stages import Kind, Stage, stage_mask

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World
    from exoviz.sim.state import Vesicles

# Times and speeds (science.md): motor transport 0.3-1 µm/s; free diffusion in cytoplasm 5e-5 to 2e-2 µm²/s
# (0.005 used); initial fusion pore 1-3 nm across, dilating once it lets protein through.
SPEED_NM_S = (300.0, 1000.0)
CYTO_D_NM2_S = 5.0e3
BUD_S = (2.0, 4.0)  # budding from the trans-Golgi (illustrative)
RELEASE_S = 0.6  # pore dilates to the vesicle's width while cargo streams out
COLLAPSE_S = 1.2  # the Omega flattens into the bilayer
PORE_NARROW_NM = (0.5, 1.5)  # radius of the first, narrow pore (1-3 nm across)
LEAK_PORE_PER_S = 1.5  # small molecules leaving through the narrow pore, per dot per s
# Released protein cargo diffuses at ~60-100 µm²/s in water; shown OUTSIDE_SLOW times slower to stay visible.
OUTSIDE_D_NM2_S = 6.0e7 / OUTSIDE_SLOW
# Cargo leaves the pore as a plume (a dense core dissolves as it goes): for its first STREAM_S a released dot moves
# straight out at STREAM_NM_S, then it diffuses (illustrative: so a release is seen as a stream from the pore).
STREAM_NM_S, STREAM_S = 200.0, 0.5
REAL_SUPPLY_S = 1800.0  # granule formation at the Golgi to docking takes >= ~30 min in cells (illustrative)
TRANS_FACE_NM = 20.0  # buds start on the trans cisterna's upper surface, this far above its midline
BUD_SPREAD = 0.38  # buds start within +-BUD_SPREAD of the stack width from its centre
PINCH_GAP_NM = 6.0  # a pinched-off vesicle starts this far clear of the cisterna
RELAX_ITERATIONS = 8  # overlap relaxation passes per step
# each stage's part in the relaxation (a lookup table read with take: one pass over the pool instead of six)
ROLE = stage_mask((Stage.TRANSPORT, Stage.DOCKED)).astype(np.int8)  # 1: moves
ROLE[stage_mask((Stage.BUDDING, Stage.PORE, Stage.RELEASE, Stage.COLLAPSE))] = 2  # 2: held (attached to a membrane)
SIDE = np.array((1.0, -1.0))  # a carrier's way along the cortex by the parity of its turns


class FullFusion:
    """Secretory vesicles bud from Golgi stacks, travel to the membrane, wait docked (regulated) or not
    (constitutive), open a narrow pore (small molecules leave), dilate (protein leaves) and merge."""

    time_scale = 1.0  # real time at speed x1
    default_pool = 40

    def __init__(self) -> None:
        self.follow = Follow()
        self.jammed = np.zeros(0, dtype=bool)  # (capacity,) rows that touched a neighbour last step
        self.neighbours = physics.NeighbourList()  # kept from step to step by _relax

    # -- scene ------------------------------------------------------------------------------------------
    def setup(self, world: World) -> None:
        self.cell = world.params.cell_spec
        self.secretion = Secretion(self.cell, world.params.stimulus_rate)
        world.machinery = Machinery(self.secretion.regulated, GRANULE)
        if self.secretion.regulated:  # a stimulus fuses a primed granule with the cell's fusion_p
            world.machinery.calibrate(self.cell.fusion_p, self.secretion.ca_trace(world.dt), world.dt)
        self.mean_r = float(np.sqrt(mean_r2(self.cell)))
        if self.cell.molecules_per_dot:
            world.ledger.molecules_per_dot = self.cell.molecules_per_dot
        self.scene = build_scene(world, self.cell, world.ledger.molecules_per_dot)
        self.lacteal = "lacteal" in self.cell.structures
        if self.cell.flicker is not None:
            self.scene.notes = (*self.scene.notes, pore.flicker_note(self.cell.flicker))
        world.events.setdefault("full_fusion", 0)
        if self.cell.flicker is not None:
            world.events.setdefault("pore_flicker", 0)
        if self.secretion.regulated:
            world.events.setdefault("stimulus", 0)
        for key, _ in self.cell.events:
            world.events.setdefault(key, 0)
        self._seed_population(world)

    def trans_face_y(self, x: np.ndarray, stack: np.ndarray) -> np.ndarray:
        """y (nm) of the trans cisterna's upper surface above x, for the given stacks."""
        e = self.scene.secretory
        u = (x - e.stack_x[stack]) / (0.5 * e.stack_w)
        return e.trans_y - e.bow * u**2 - TRANS_FACE_NM

    def _new_vesicles(self, world: World, k: int, stage: int) -> np.ndarray:
        """k vesicles of this cell's sizes, loaded with cargo (small molecules and protein) or a chylomicron."""
        v = world.ves
        idx = v.spawn(k, Kind.SECRETORY, stage, world.t)
        r, chylo_d = radii(world, self.cell, k)
        v.r_full[idx] = r
        v.radius[idx] = r
        if self.cell.dots:
            rel_vol = (r / self.mean_r) ** 3
            v.cargo[idx] = np.clip(np.round(self.cell.dots * rel_vol), 3, 40).astype(np.int32)
            v.small[idx] = np.round(v.cargo[idx] * self.cell.small_share).astype(np.int32)
        v.proteins[idx] = np.clip(np.round(4 * (r / 110.0) ** 2), 2, 8).astype(np.int16)
        world.ledger.cargo_loaded += int(v.cargo[idx].sum())
        if chylo_d.size:
            chylomicron.load(world, idx, chylo_d)
        return idx

    def _seed_population(self, world: World) -> None:
        """Start mid-stream: most of the pool in transit, some docked, the rest still to bud."""
        sc, v, rng = self.scene, world.ves, world.rng
        n_dock = min(int(0.15 * world.pool), int(sc.width / (4.0 * self.mean_r)))
        n_move = int(0.7 * world.pool)
        idx = self._new_vesicles(world, n_move, Stage.TRANSPORT)
        y_top, y_bot = sc.membrane_y + 300.0, sc.secretory.trans_y - 250.0
        v.pos[idx, 0] = rng.uniform(0.0, sc.width, n_move)
        v.pos[idx, 1] = rng.uniform(y_top, max(y_bot, y_top + 1.0), n_move)
        if motors(world.params):  # mid-stream: already carried on a track (those with room on it)
            tracks.board(sc.secretory.tracks, v.pos, idx, 2.0 * float(v.radius[idx].max(initial=0.0)))
        self._set_transport_velocity(world, idx)
        dock = self._new_vesicles(world, n_dock, Stage.DOCKED)
        slot = sc.width / max(n_dock, 1)  # docked ones side by side along the membrane, one per slot
        room = np.maximum(0.5 * slot - v.radius[dock], 0.0)
        v.pos[dock, 0] = (np.arange(n_dock) + 0.5) * slot + rng.uniform(-1.0, 1.0, n_dock) * room
        v.pos[dock, 1] = sc.docked_y(v.radius[dock])
        v.dur[dock] = self.secretion.wait(world, n_dock)
        world.machinery.seed_primed(world, dock)
        p = np.take(v.pos, idx, axis=0)
        tracks.keep_off_nucleus(sc.secretory.tracks, p, v.radius[idx])
        v.pos[idx] = p
        physics.relax(v.pos, v.radius, idx, dock, iterations=12, box=sc.cyto)  # the docked ones hold
        chylomicron.ride(world)
        v.prev[:] = v.pos

    def _set_transport_velocity(self, world: World, idx: np.ndarray) -> None:
        physics.head_to_membrane(world.ves.vel, idx, SPEED_NM_S, 0.15, world.rng)

    # -- one step -----------------------------------------------------------------------------------------
    def step(self, world: World, dt: float) -> None:
        """Stages from the latest to the earliest (Mechanism.step), then new buds, relaxation, chylomicrons
        carried in their vesicles, released cargo."""
        sc = self.scene
        exit_y = sc.pore_mouth_y
        self.secretion.step(world, dt)
        if self.lacteal:
            chylomicron.drift(world, dt, sc.membrane_outer_y)
        # Collapse: the Omega flattens; when flat, its membrane is a patch of the plasma membrane.
        collapse_into_membrane(world, COLLAPSE_S)
        dilating = world.ves.where(Stage.RELEASE) if self.lacteal else None
        dilate_and_release(world, PORE_NARROW_NM[1], RELEASE_S, dt, exit_y)
        if dilating is not None:  # the pore has dilated: the chylomicron leaves as the vesicle starts to collapse
            chylomicron.set_free(world, dilating[world.ves.stage[dilating] == Stage.COLLAPSE], sc.membrane_outer_y)
        self._pore(world, dt, exit_y)
        if self.cell.compound:  # granules fusing onto granules already fused (the acinar cell)
            compound.step(world, self.secretion.ca, dt, PORE_NARROW_NM, SPEED_NM_S)
        self._docked(world, dt)
        self._transport(world, dt)
        self._budding(world)
        self._bud(world, dt)
        self._relax(world)
        chylomicron.ride(world)
        fib = sc.secretory.fibrils
        if fib is not None:  # fibroblast: released procollagen, processed, builds fibrils
            world.count("fibril_collagen", fibril.step(world.dots, fib, world.ledger.molecules_per_dot))
        jet = stream_out(world, dt, STREAM_NM_S, STREAM_S)
        diffuse_outside(world, dt, OUTSIDE_D_NM2_S, exit_y, sc.secretory.ceiling_y, sc.secretory.flow, jet)

    def _budding(self, world: World) -> None:
        """Budding: the bud swells out of the trans face, then pinches off."""
        v = world.ves
        b = v.where(Stage.BUDDING)
        if b.size == 0:
            return
        self._shape_buds(v, b)
        off = b[v.t_stage.take(b) >= v.dur.take(b)]
        if off.size:  # (none: nothing to set, and no speeds drawn)
            v.set_stage(off, Stage.TRANSPORT)
            v.pos[off, 1] -= PINCH_GAP_NM  # pinched off: a small gap opens below the new vesicle
            self._set_transport_velocity(world, off)

    @staticmethod
    def _shape_buds(v: Vesicles, b: np.ndarray) -> None:
        """Size and lift buds from their progress: they swell out of the trans face from their anchor."""
        frac = np.minimum(np.maximum(v.t_stage[b] / v.dur[b], 0.0), 1.0)  # np.clip without its wrapper's cost
        v.radius[b] = v.r_full[b] * np.minimum(1.0, 0.15 + 1.1 * frac)
        v.pos[b, 1] = v.anchor[b, 1] - v.radius[b] * np.minimum(1.0, 0.3 + frac)

    def _transport(self, world: World, dt: float) -> None:
        """Kinesin along the nearest microtubule, then myosin V through the actin cortex (exoviz.sim.tracks), around
        the nucleus where it is in the way; Brownian jitter off the tracks; at the membrane's inner face, docking.

        A vesicle pressed against a neighbour last step stalls (its motor cannot push through).
        """
        v, rng, sc = world.ves, world.rng, self.scene
        if self.jammed.size != v.capacity:
            grown = np.zeros(v.capacity, dtype=bool)
            grown[: self.jammed.size] = self.jammed[: v.capacity]
            self.jammed = grown
        tr = v.where(Stage.TRANSPORT)
        tk = sc.secretory.tracks
        p = v.pos.take(tr, axis=0)
        r, jam = v.radius.take(tr), self.jammed.take(tr)
        drift, on = tracks.advance(tk, p, r, dt, motors(world.params), jam, lambda k: self._side(v, tr.take(k)))
        # on its way to a fused granule (sim.compound: only a compound cell marks any; spawn clears the mark)
        steer = (v.fate.take(tr) == compound.COMPOUND).nonzero()[0] if self.cell.compound else tr[:0]
        if steer.size:
            drift[steer] = v.vel[tr[steer]] * (dt * ~jam[steer] * motors(world.params))[:, None]
            on[steer] = False
        p += drift
        tracks.keep_off_nucleus(tk, p, r)
        free = (~on).nonzero()[0]  # bound to a microtubule: no jitter; caged in the cortex: little
        sigma = np.array((physics.sigma_nm(CYTO_D_NM2_S, dt), physics.sigma_nm(tracks.CORTEX_D_NM2_S, dt))).take(
            tracks.in_cortex(tk, p[:, 1].take(free), r.take(free)))  # (the two values jitter would work out row by row)
        physics.kick(p, free, sigma, rng)  # on the carriers' own rows: one write back to v.pos below
        # (x, y) pairs as one complex each: one indexed write of 16-byte items, a quarter of the time of a column
        # at a time (the same bits)
        v.pos.view(np.complex128)[:, 0][tr] = p.view(np.complex128)[:, 0]
        arrived = tr[p[:, 1] - r <= sc.dock_line_y]
        if arrived.size == 0:  # (none docks: nothing to set, no waits drawn)
            return
        v.set_stage(arrived, Stage.DOCKED)
        v.vel[arrived] = 0.0
        v.dur[arrived] = self.secretion.wait(world, arrived.size)
        world.machinery.arrive(world, arrived)

    @staticmethod
    def _side(v: Vesicles, rows: np.ndarray) -> np.ndarray:
        """Each carrier's own way along the actin (+1 or -1), turning now and then: by the parity of its uid plus
        t // TURN_S (the stage clock is never negative, so truncating t / TURN_S is its floor; t / TURN_S, as exactly
        for a power of two, is many times faster than NumPy's float floor_divide)."""
        turns = v.uid.take(rows) + (v.t_stage.take(rows) / tracks.TURN_S).astype(v.uid.dtype)
        return SIDE.take(turns & 1)  # +1 on even turns, -1 on odd ones

    def _relax(self, world: World) -> None:
        """Nobody overlaps; vesicles attached to a membrane (budding, fusing) hold their place, docked ones
        slide along the membrane only."""
        v, sc = world.ves, self.scene
        role = ROLE.take(v.stage)
        moving = (role == 1).nonzero()[0]
        held = (role == 2).nonzero()[0]
        tv = world.turnover  # endocytic vesicles, endosomes and lysosomes make way; pits hold their place
        extra_moving, extra_held = tv.bodies(world)
        moving = np.concatenate((moving, extra_moving))
        held = np.concatenate((held, extra_held))
        dk = v.where(Stage.DOCKED)
        self.jammed = physics.relax(v.pos, footprint(world), moving, held, iterations=RELAX_ITERATIONS, box=sc.cyto,
                                    pin_y=(dk, sc.docked_y(v.radius[dk])), half=dk, nlist=self.neighbours)
        if sc.secretory.tracks.nucleus[2] > 0.0:  # around the nucleus, never through
            p = v.pos.take(moving, axis=0)
            tracks.keep_off_nucleus(sc.secretory.tracks, p, v.radius[moving])
            v.pos[moving] = p

    def _docked(self, world: World, dt: float) -> None:
        """Docked: regulated granules fuse on Ca²⁺ once primed (exoviz.sim.machinery), constitutive ones after their
        short wait. The first pore is narrow (1-3 nm): the vesicle membrane is now continuous with the plasma
        membrane."""
        v = world.ves
        dk = v.where(Stage.DOCKED)
        fire = dk[self.secretion.fusing(world, dk, dt)]
        if fire.size == 0 and not self.cell.compound:  # nothing opens (and nothing since _pore booked the pores)
            return
        fire = fire[clear_of_pits(world, fire)]  # a pit where it would spread: it waits for the pinch-off
        open_pore(world, fire, Stage.PORE, world.rng.uniform(*PORE_NARROW_NM, fire.size), "full_fusion")
        world.machinery.fused(world, fire)

    def _pore(self, world: World, dt: float, exit_y: float) -> None:
        """The narrow pore is a size filter: small molecules leak out while it is open, protein stays. It may
        flicker shut and open again (sim.pore); then it dilates, or (a regulated cell at low stimulation) reseals:
        a transient fusion."""
        v = world.ves
        po = v.where(Stage.PORE)
        if po.size == 0:  # (no pore: nothing leaks, settles or draws)
            book_open_pores(world)
            return
        is_open = pore.flicker(world, po, self.cell.flicker, PORE_NARROW_NM, dt)
        op = po[is_open]
        own = v.narrow.take(op) > 0.0  # a drawn narrow time: only what the pore passes in it (sim.pore)
        rate = self.cell.leak_per_s or LEAK_PORE_PER_S
        timed = op[own] if own.any() else op[:0]  # (most cells draw none: no mask gathers)
        rest = op[~own] if timed.size else op
        leak(world, rest, rate, dt, v.pore.take(rest), exit_y, proteins=False)
        if timed.size:
            foot = pore.narrow_release(world, timed, rate, dt)
            emit(world, timed, foot, v.pore[timed], exit_y, small=foot)
        done = po[pore.settled(world, po, self.cell.narrow_pore_s)]
        share = pore.transient_share(self.cell.transient, world.params.stimulus_rate) if self.cell.transient else 0.0
        if share > 0.0 and done.size:
            back = (world.rng.random(done.size) < share) & (v.fate[done] != compound.COMPOUND)
            pore.reseal(world, done[back], self.scene.docked_y(v.radius[done[back]]))
            done = done[~back]
        dilate(world, done)
        book_open_pores(world)

    def _bud(self, world: World, dt: float) -> None:
        """New buds on random Golgi stacks, at the budding rate, while the pool is short."""
        v, rng = world.ves, world.rng
        k = top_up(world, Kind.SECRETORY, world.params.budding_rate, dt)
        if k == 0:
            return
        e = self.scene.secretory
        idx = self._new_vesicles(world, k, Stage.BUDDING)
        stack = rng.integers(0, len(e.stack_x), k)
        x = e.stack_x[stack] + rng.uniform(-BUD_SPREAD, BUD_SPREAD, k) * e.stack_w
        v.anchor[idx, 0] = x  # the bud's neck on the trans face
        v.anchor[idx, 1] = self.trans_face_y(x, stack)
        v.pos[idx] = v.anchor[idx]
        v.dur[idx] = rng.uniform(*BUD_S, k)
        self._shape_buds(v, idx)
        v.prev[idx] = v.pos[idx]

    # -- what viewers read ----------------------------------------------------------------------------------
    def featured(self, world: World) -> int:
        """Keep following one vesicle until it has merged; then pick the docked granule nearest the middle."""
        v = world.ves

        def pick(_slot: int) -> int:  # a docked granule near the middle of the scene (fuses at one of the next
            dk = v.where(Stage.DOCKED)  # stimuli, where the lecture's eye is); else the oldest on its way
            if dk.size:
                return int(dk[np.argmin(np.abs(v.pos[dk, 0] - 0.5 * self.scene.width))])
            return v.oldest((Stage.TRANSPORT, Stage.BUDDING))

        return self.follow.featured(world, pick)

    def extra_stats(self, world: World) -> dict:
        d = world.dots
        kinds = np.bincount(d.kind[d.alive], minlength=2)
        return {"cell": self.cell.name, "secretion": self.cell.secretion, "stimuli": world.events.get("stimulus", 0),
                "calcium_uM": round(self.secretion.ca_um, 4),
                "outside_dots": {"small_molecule": int(kinds[0]), "protein": int(kinds[1])},
                **world.machinery.stats(world)}

    def readout(self, world: World) -> list[Text]:
        """Lines for the readout panel: stimuli and Ca²⁺ (regulated) or 'fuse on arrival' (constitutive)."""
        lines = self.secretion.readout(world)
        if self.cell.transient:
            lines.append(pore.transient_note(self.cell.transient, world.params.stimulus_rate))
        return lines

    def signal_view(self, world: World) -> SignalView:
        return SignalView(cytosolic_ca=float(self.secretion.ca))

    def compressed(self, world: World) -> list[Text]:
        """What runs faster than real, and by how much (shown under the clock)."""
        e = self.scene.secretory
        shown = 0.5 * sum(BUD_S) + (e.trans_y - self.scene.membrane_y) / tracks.KINESIN_NM_S
        return [Msg(N_("Golgi → membrane shortened ≈×{k} (real ≥ 30 min, here ≈ {shown:.0f} s)"),
                    k=_round2(REAL_SUPPLY_S / shown), shown=shown), *self.secretion.compressed(world)]


def _round2(x: float) -> str:
    """x to two significant figures, as text ('250', '1,200')."""
    return f"{float(f'{x:.2g}'):,.0f}"
