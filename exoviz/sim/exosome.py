"""Exosome release in an antigen-presenting cell: endosome -> ILVs -> MVB -> plasma membrane or lysosome.

ILVs are rows of the same vesicle arrays with parent = the slot of their MVB; sub-steps live in
exosome_ilv (budding, jostling, release, drift) and exosome_setup (scene, lysosomes, first bodies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.sim import physics
from exoviz.sim.cargo import diffuse_outside, emit
from exoviz.sim.endocytosis import clear_of_pits
from exoviz.sim.exosome_const import (
    ARRIVAL_PER_S,
    BUDDING_EST_S,
    CONTACT_NM,
    CYTO_D_NM2_S,
    DEFAULT_POOL,
    DEGRADE_S,
    DOCK_S,
    DOTS_D_NM2_S,
    ENDOSOME_S,
    FUSION_REAL_S,
    FUSION_S,
    GROW_S,
    HOME_PULL_PER_S,
    HOME_SPEED_NM_S,
    LYSOSOME_SHARE_NOTE,
    MATURATION_REAL_S,
    MVB_S,
    PORE_OPEN_S,
    PORE_START_NM,
    PORE_WIDE,
    TIME_SCALE,
)
from exoviz.sim.exosome_exit import leave
from exoviz.sim.exosome_ilv import count_buds, drift, full_of_ilvs, grow_buds, ilv_area, jostle, start_buds
from exoviz.sim.exosome_pack import Before
from exoviz.sim.exosome_setup import (
    add_lysosomes,
    build_scene,
    head_for_lysosome,
    new_endosomes,
    seed_population,
    set_speed_to_lysosome,
    set_speed_to_membrane,
)
from exoviz.sim.fusion import absorb, footprint, open_pore
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.lifecycle import Follow, top_up
from exoviz.sim.perturb import ilv_share, motors, mvb_docking
from exoviz.sim.signal_view import SignalView
from exoviz.sim.stages import Kind, Stage, stage_mask

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

# Cytosolic bodies that move (and are pushed apart) vs. those held in place while pushing others.
WANDER = (Stage.ENDOSOME, Stage.ILV_BUDDING, Stage.MVB)
MOVING = (*WANDER, Stage.MVB_TRANSPORT, Stage.MVB_DOCKED, Stage.TO_LYSOSOME)
HELD = (Stage.MVB_FUSION, Stage.DEGRADE, Stage.LYSOSOME_IDLE)
IS_WANDER, IS_MOVING, IS_HELD = stage_mask(WANDER), stage_mask(MOVING), stage_mask(HELD)
GOLDEN = 0.6180339887498949  # spreads home depths by uid without storing them
MOVE_ITERATIONS = 8  # overlap relaxation passes per step among cytosolic bodies (as in full fusion)


class ExosomeRelease:
    """Endosomes bud ILVs into their lumen, mature into MVBs, then fuse with the membrane or a lysosome."""

    time_scale = TIME_SCALE
    default_pool = DEFAULT_POOL

    def __init__(self) -> None:
        self.follow = Follow()
        self.last_exosome_uid = -1  # latest exosome out of the followed MVB
        self.diameters: list[float] = []  # nm, one per released exosome, in release order
        self.left_view = 0  # exosomes that drifted out of the view
        self.ilvs_degraded = 0
        self.ilv_um2_degraded = 0.0
        self.neighbours = physics.NeighbourList()  # cytosolic bodies, kept from step to step by _move
        self.ilv_neighbours = physics.NeighbourList(skin=60.0, margin=20.0)  # ILVs inside their MVBs (jostle)
        self.growing_neighbours = physics.NeighbourList(skin=60.0, margin=20.0)  # those of MVBs still budding
        self.exit_neighbours = physics.NeighbourList(skin=60.0, margin=20.0)  # ILVs of fusing MVBs (leave)

    # -- scene ----------------------------------------------------------------------------------------------
    def setup(self, world: World) -> None:
        self.scene = build_scene(world)
        add_lysosomes(world, self.scene)
        seed_population(world, self.scene)

    # -- one step -------------------------------------------------------------------------------------------
    def step(self, world: World, dt: float) -> None:
        """Terminal stages first, so that no body changes stage twice in one step."""
        v, sc = world.ves, self.scene
        self.left_view += drift(world, dt, sc.membrane_outer_y, sc.width)
        self._degrade(world)
        self._fuse(world, dt)
        n_buds = count_buds(world)  # buds forming before any starts or pinches off in this step
        self._transitions(world, n_buds)
        self._arrive(world, dt)
        self._move(world, dt)
        # ILVs ride in their MVBs: their stage rule, new buds and motion come after their parents moved.
        before = Before.take(v)  # where the ILVs were: what an overlap left by this step goes back to
        grow_buds(world)
        start_buds(world, dt, v.where(Stage.ILV_BUDDING), n_buds)
        jostle(world, dt, (self.ilv_neighbours, self.growing_neighbours), before)
        diffuse_outside(world, dt, DOTS_D_NM2_S, sc.pore_mouth_y)

    def _degrade(self, world: World) -> None:
        """After lysosome fusion the contents are digested (`digested` 0..1), then ILVs and cargo are gone."""
        v = world.ves
        dg = v.where(Stage.DEGRADE)
        v.digested[dg] = np.minimum(v.t_stage[dg] / DEGRADE_S, 1.0)
        end = dg[v.t_stage[dg] >= DEGRADE_S]
        if end.size == 0:
            return
        ending = np.zeros(v.capacity, dtype=bool)
        ending[end] = True
        ilv = np.flatnonzero((v.kind == Kind.ILV) & v.alive & (v.parent >= 0))
        ilv = ilv[ending[v.parent[ilv]]]
        self.ilvs_degraded += int(ilv.size)
        self.ilv_um2_degraded += float(np.sum(sphere_area_um2(v.radius[ilv])))
        world.ledger.cargo_degraded += int(v.cargo[end].sum())
        v.retire(ilv)
        v.retire(end)

    def _fuse(self, world: World, dt: float) -> None:
        """MVB fusion: the pore widens, the ILVs leave one by one as exosomes, the limiting membrane flattens."""
        v, sc = world.ves, self.scene
        fu = v.where(Stage.MVB_FUSION)
        t = v.t_stage[fu]
        wide = v.radius[fu] * PORE_WIDE
        v.pore[fu] = np.where(t < PORE_OPEN_S, PORE_START_NM + (wide - PORE_START_NM) * t / PORE_OPEN_S, wide)
        v.collapse[fu] = np.clip((t - PORE_OPEN_S) / (FUSION_S - PORE_OPEN_S), 0.0, 1.0)
        rows, par = leave(world, dt, sc.membrane_outer_y, self.exit_neighbours)
        if rows.size:
            self.diameters.extend(np.round(2.0 * v.radius[rows], 2).tolist())
            mine = rows[v.uid[par] == self.follow.uid]
            if mine.size:  # remember the followed MVB's latest exosome: the caption follows it once the MVB is flat
                self.last_exosome_uid = int(v.uid[mine[-1]])
        opened = fu[(t >= PORE_OPEN_S) & (v.cargo[fu] > 0)]
        emit(world, opened, v.cargo[opened].astype(np.int64), v.pore[opened], sc.pore_mouth_y)
        flat = fu[t >= FUSION_S]
        if np.isin(v.uid[flat], self.follow.uid).any() and self.last_exosome_uid >= 0:
            self.follow.uid = self.last_exosome_uid
        absorb(world, flat)

    def _transitions(self, world: World, n_buds: np.ndarray) -> None:
        """Stage changes of endosomes and MVBs, latest life stage first; n_buds: buds forming per slot."""
        v, rng, sc = world.ves, world.rng, self.scene

        # Docked -> fusion: the limiting membrane joins the plasma membrane (ledger: + 4 pi R^2).
        dk = v.where(Stage.MVB_DOCKED)
        due = dk[v.t_stage[dk] >= v.dur[dk]]
        open_pore(world, due[clear_of_pits(world, due)], Stage.MVB_FUSION, PORE_START_NM, "mvb_fusion")

        # Reaching the lysosome: fusion, then digestion (the lysosome stays).
        tl = v.where(Stage.TO_LYSOSOME)
        lyso = v.target[tl]
        gap = np.hypot(*(v.pos[tl] - v.pos[lyso]).T) - v.radius[tl] - v.radius[lyso]
        at = tl[gap <= CONTACT_NM]
        v.set_stage(at, Stage.DEGRADE)
        v.vel[at] = 0.0
        v.digested[at] = 0.0
        world.count("lysosome_fusion", at.size)

        # Reaching the plasma membrane: docking.
        tr = v.where(Stage.MVB_TRANSPORT)
        arrived = tr[v.pos[tr, 1] - v.radius[tr] <= sc.dock_line_y]
        if not mvb_docking(world.params):  # no Rab27a: no docking; the MVB goes on to a lysosome instead
            world.count("mvb_docking_failed", arrived.size)
            v.set_stage(arrived, Stage.TO_LYSOSOME)
            set_speed_to_lysosome(world, sc, arrived)
            arrived = arrived[:0]
        v.set_stage(arrived, Stage.MVB_DOCKED)
        v.vel[arrived] = 0.0
        v.dur[arrived] = rng.uniform(*DOCK_S, arrived.size)

        # A mature MVB chooses its fate: lysosome with probability lysosome_fraction, else the membrane.
        m = v.where(Stage.MVB)
        go = m[v.t_stage[m] >= v.dur[m]]
        to_lyso = rng.random(go.size) < world.params.lysosome_fraction
        up, down = go[~to_lyso], go[to_lyso]
        v.set_stage(up, Stage.MVB_TRANSPORT)
        set_speed_to_membrane(world, up)
        v.set_stage(down, Stage.TO_LYSOSOME)
        set_speed_to_lysosome(world, sc, down)

        # Full of ILVs (and no bud still forming): a multivesicular body.
        b = v.where(Stage.ILV_BUDDING)
        full = b[full_of_ilvs(world, b, ilv_area(world), ilv_share(world.params)) & (n_buds[b] == 0)]
        v.set_stage(full, Stage.MVB)
        v.dur[full] = rng.uniform(*MVB_S, full.size)

        # An early endosome starts to bud inward.
        e = v.where(Stage.ENDOSOME)
        v.set_stage(e[v.t_stage[e] >= v.dur[e]], Stage.ILV_BUDDING)

    def _arrive(self, world: World, dt: float) -> None:
        """New early endosomes form near the membrane while endosomes + MVBs are short.

        An early endosome grows from the endocytic vesicles that fuse with it (exoviz.sim.turnover draws them;
        the ledger took their membrane from the plasma membrane as each pit pinched off) and from membrane
        sent by the Golgi (not drawn). So nothing is charged to the plasma membrane here.
        """
        v, rng, sc = world.ves, world.rng, self.scene
        k = top_up(world, Kind.ENDOSOME, ARRIVAL_PER_S, dt, per_missing=True)
        if k == 0:
            return
        idx = new_endosomes(world, k, Stage.ENDOSOME)
        ay0, ay1 = sc.exosome.arrival_y
        v.pos[idx, 0] = rng.uniform(v.radius[idx], sc.width - v.radius[idx])
        v.pos[idx, 1] = rng.uniform(ay0, ay1, k) + v.radius[idx]
        v.radius[idx] = 0.5 * v.r_full[idx]
        v.prev[idx] = v.pos[idx]

    def _move(self, world: World, dt: float) -> None:
        """Drift, motor transport and Brownian motion; bodies never overlap and stay in the cytosol."""
        v, rng, sc = world.ves, world.rng, self.scene
        e = v.where(Stage.ENDOSOME)
        v.radius[e] = v.r_full[e] * np.minimum(1.0, 0.5 + 0.5 * v.t_stage[e] / GROW_S)

        # Endosomes and MVBs drift toward their own maturation depth (peripheral -> deeper cytosol).
        wander = np.flatnonzero(IS_WANDER.take(v.stage))
        y0, y1 = sc.exosome.home_band
        home = y0 + np.mod(v.uid[wander] * GOLDEN, 1.0) * (y1 - y0)
        v.vel[wander, 0] = 0.0
        v.vel[wander, 1] = np.clip((home - v.pos[wander, 1]) * HOME_PULL_PER_S,
                                   -HOME_SPEED_NM_S, HOME_SPEED_NM_S)
        # MVBs bound for a lysosome steer toward it at their own speed.
        tl = v.where(Stage.TO_LYSOSOME)
        head_for_lysosome(v, tl, np.hypot(v.vel[tl, 0], v.vel[tl, 1]))

        if not motors(world.params):  # no microtubules: MVBs on their long way out or to a lysosome stay put
            v.vel[v.where(Stage.MVB_TRANSPORT)] = 0.0
            v.vel[tl] = 0.0
        moving = np.flatnonzero(IS_MOVING.take(v.stage))
        v.pos[moving] += v.vel[moving] * dt
        physics.jitter(v.pos, moving, CYTO_D_NM2_S, dt, rng)
        # Held bodies (fusing, digesting, lysosomes) push but are not pushed: the mover takes the correction.
        # Turnover's vesicles (and its lysosomes near the membrane) make way too; its pits hold their place.
        extra, obstacles = world.turnover.bodies(world)
        held = np.setdiff1d(np.union1d(np.flatnonzero(IS_HELD.take(v.stage)), obstacles), extra)
        moving = np.concatenate((moving, extra))
        dk = v.where(Stage.MVB_DOCKED)
        physics.relax(v.pos, footprint(world), moving, held, iterations=MOVE_ITERATIONS, box=sc.cyto,
                      pin_y=(dk, sc.docked_y(v.radius[dk])), nlist=self.neighbours)

    # -- what viewers read ----------------------------------------------------------------------------------
    def featured(self, world: World) -> int:
        """Follow one body from early endosome to fusion (then one of its exosomes); else pick the next."""
        return self.follow.oldest(world, (Stage.MVB_DOCKED, Stage.MVB_TRANSPORT, *WANDER, Stage.TO_LYSOSOME))

    def readout(self, world: World) -> list[Text]:
        """The lysosome share now, said with what it rests on."""
        return [Msg(LYSOSOME_SHARE_NOTE, share=world.params.lysosome_fraction)]

    def signal_view(self, world: World) -> SignalView:
        return SignalView()

    def compressed(self, world: World) -> list[Text]:
        """What runs faster than real beyond the playback factor, and by how much (shown under the clock)."""
        shown = 0.5 * (sum(ENDOSOME_S) + sum(MVB_S)) + BUDDING_EST_S
        notes: list[Text] = [Msg(N_("MVB maturation shortened ≈×{k:.0f} more (real: tens of minutes)"),
                                 k=MATURATION_REAL_S / shown)]
        if FUSION_S < FUSION_REAL_S:  # the fusion event itself lasts as long as measured (ILVs leave one by one)
            notes.append(Msg(N_("MVB fusion event shortened ×{k:g} (real ~{real:.0f} s)"), k=FUSION_REAL_S / FUSION_S,
                             real=FUSION_REAL_S))
        return notes

    def extra_stats(self, world: World) -> dict:
        led = world.ledger
        return {
            "cell": world.params.cell_spec.name,
            "exosome_diameters_nm": list(self.diameters),
            "exosomes": {
                "released": world.events.get("exosome_release", 0),
                "in_view": int(np.count_nonzero(world.ves.stage == Stage.EXOSOME)),
                "left_view": self.left_view,
                "membrane_um2": round(led.exosome_um2, 6),
            },
            "mvb_limiting_membrane_added_um2": round(led.added_by.get("mvb_fusion", 0.0), 6),
            "degraded": {"ilvs": self.ilvs_degraded, "ilv_membrane_um2": round(self.ilv_um2_degraded, 6),
                         "cargo_dots": led.cargo_degraded},
        }
