"""Kiss-and-run at a synapse: action potentials, Ca2+, docking sites, narrow pores, cleft, receptors.

Docking sites refill two ways: a site emptied by release right after a spike takes a vesicle within ~14 ms, but
such newly docked vesicles undock within ~100 ms unless they fuse; otherwise a site recovers a (stable) docked
vesicle slowly (tau ~10 s, shown sped up). So docked vesicles stay docked at rest, and trains depress release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.i18n import N_, Msg, Text
from exoviz.sim import kiss_and_run_const as kc
from exoviz.sim import machinery_params, physics, pore
from exoviz.sim.cargo import leak
from exoviz.sim.fusion import book_open_pores, collapse_into_membrane, dilate, dilate_and_release, footprint, open_pore
from exoviz.sim.lifecycle import Follow
from exoviz.sim.machinery import Machinery
from exoviz.sim.perturb import calcium_influx, refilling
from exoviz.sim.scene import DOCK_GAP_NM, Scene, SynapseScene, world_scale
from exoviz.sim.signal_view import SignalView
from exoviz.sim.stages import Kind, Stage, stage_mask
from exoviz.sim.synapse_cleft import CLEAR_MEAN_S, CLEFT_D_NM2_S, REAL_CLEFT_D_NM2_S, RECEPTOR_HALF_NM, Cleft

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World
    from exoviz.sim.state import Vesicles

AT_SITE = (Stage.PORE, Stage.KISS_RELEASE, Stage.PORE_CLOSED, Stage.RELEASE, Stage.COLLAPSE)
FREE_MOVING = (Stage.POOL, Stage.REFILL, Stage.RETREAT)
BUSY = (Stage.PORE, Stage.KISS_RELEASE, Stage.RELEASE)  # releasing now: worth following
IS_AT_SITE, IS_FREE_MOVING, IS_BUSY = stage_mask(AT_SITE), stage_mask(FREE_MOVING), stage_mask(BUSY)


class KissAndRun:
    """Synaptic vesicles dock at an active zone, open a narrow pore on an action potential, leave intact.

    Renderer-facing state (also in scene.synapse under the same names; arrays shared, not copied):
      ca_level: (n_sites,) float, 0..1, Ca2+ near each docking site's channels (real kinetics, tau 2 ms)
      receptor_x: (n_receptors,) float, nm; receptor_lit_until: (n_receptors,) float, simulated s
      receptor_level: (n_receptors,) float, 0..1, how brightly each receptor is lit now (a property)
    last_ap_t: float, simulated s of the latest action potential (-1e9 before the first); here only.
    The cleft (transmitter dots in world.dots, receptors, clearance) is self.cleft (synapse_cleft.Cleft).
    """

    time_scale = kc.TIME_SCALE
    default_pool = kc.DEFAULT_POOL

    def __init__(self) -> None:
        self.follow = Follow()
        self.last_ap_t = -1.0e9
        self.ap_phase = 0.0  # regular clock for params.firing_rate: an AP each time it passes 1
        self.refilled = 0  # dots pumped back into vesicles during REFILL
        self.undocked = 0
        self.per_spike: list[int] = []  # releases after each action potential (until the next), in order
        # kept from step to step by _move; a dense cluster of small vesicles: most listed pairs take part anyway
        self.neighbours = physics.NeighbourList(skin=40.0, margin=20.0)

    # -- scene ------------------------------------------------------------------------------------------
    def setup(self, world: World) -> None:
        k = world_scale(world.pool, kc.FITS_AT_SCALE_1)
        w, h = kc.SYNAPSE_W_NM * k, kc.SYNAPSE_H_NM * k
        membrane_y = 0.2 * h
        post_y = membrane_y - 2 * kc.HALF_BILAYER_NM - kc.CLEFT_NM
        n_sites = max(1, int(round(kc.SITES_AT_SCALE_1 * k)))
        sites_x = 0.5 * w + (np.arange(n_sites) - 0.5 * (n_sites - 1)) * kc.SITE_SPACING_NM
        az = (float(sites_x[0] - kc.R_MAX_NM), float(sites_x[-1] + kc.R_MAX_NM))
        self.pre_face, self.post_face = membrane_y - kc.HALF_BILAYER_NM, post_y + kc.HALF_BILAYER_NM  # cleft faces
        self.cleft = cl = Cleft.facing(az, n_sites, self.pre_face, self.post_face)
        self.ca_level = np.zeros(n_sites)
        self.transient = np.zeros(n_sites, dtype=bool)  # the site's vesicle docked just after a spike
        self.released = np.zeros(n_sites, dtype=bool)  # the site's last vesicle left it by release
        rate = world.params.firing_rate  # the first action potential comes soon (none at rate 0)
        self.ap_phase = max(0.0, 1.0 - rate * kc.FIRST_AP_S) if rate > 0 else 0.0
        terminal = (0.15 * w, membrane_y + kc.HALF_BILAYER_NM, 0.85 * w, 0.97 * h)
        world.ledger.molecules_per_dot = kc.GLUTAMATE_PER_VESICLE // kc.DOTS_PER_VESICLE
        slow = REAL_CLEFT_D_NM2_S / CLEFT_D_NM2_S
        self.scene = Scene(
            title=world.params.cell_spec.title, cell=world.params.cell_spec.cell,
            width=w, height=h, membrane_y=membrane_y, cyto=terminal,
            notes=(Msg(N_("Vesicles (~40 nm) and cleft ({cleft:.0f} nm) to scale; all ~{n} vesicles drawn in one "
                          "plane"), cleft=kc.CLEFT_NM, n=world.pool),
                   Msg(N_("Active zone drawn {w:.0f} nm wide so {n} docked vesicles fit side by side (real: a "
                          "~0.04 µm² disc)"), w=az[1] - az[0], n=n_sites),
                   Msg(N_("Transmitter in the cleft diffuses ~{slow:,.0f}× slower than real (real: crosses in "
                          "< 1 µs) and lingers ~{ms:.0f} ms (real: ~1 ms)"), slow=slow, ms=CLEAR_MEAN_S * 1000),
                   Msg(N_("1 dot = ~{n:,} glutamate molecules ({dots} dots ≈ {total:,} per vesicle)"),
                       n=world.ledger.molecules_per_dot, dots=kc.DOTS_PER_VESICLE, total=kc.GLUTAMATE_PER_VESICLE),
                   N_("Retreat path illustrative"),
                   *((pore.flicker_note(world.params.cell_spec.flicker),) if world.params.cell_spec.flicker else ())),
            synapse_part=SynapseScene(sites_x=sites_x, az_x=az, post_y=post_y, cleft_x=cl.x_range,
                                      cleft_nm=kc.CLEFT_NM, receptor_x=cl.receptor_x, receptor_half_nm=RECEPTOR_HALF_NM,
                                      receptor_lit_until=cl.lit_until, ca_level=self.ca_level),
        )
        self.sites_x = sites_x
        world.machinery = mc = Machinery(True, machinery_params.SYNAPSE)  # calibrated: ~35 % per AP at a mean peak
        mc.calibrate(kc.P_PER_AP, 0.5 * sum(kc.AP_PEAK) * np.exp(-np.arange(40) * world.dt / kc.CA_TAU_S), world.dt)
        for name in ("kiss_and_run", "full_fusion", "action_potential", "pore_flicker"):
            world.events.setdefault(name, 0)
        self._seed_population(world)

    def _seed_population(self, world: World) -> None:
        """Homes on a hexagonal lattice nearest the active zone; the front ones start docked."""
        v, rng, sc = world.ves, world.rng, self.scene
        n = world.pool
        idx = v.spawn(n, Kind.SYNAPTIC, Stage.POOL, world.t)
        r = np.clip(rng.normal(kc.R_MEAN_NM, kc.R_SD_NM, n), kc.R_MIN_NM, kc.R_MAX_NM)
        v.r_full[idx] = v.radius[idx] = r
        v.cargo[idx] = v.small[idx] = kc.DOTS_PER_VESICLE  # glutamate: small molecules only
        v.proteins[idx] = kc.PROTEINS_PER_VESICLE
        world.ledger.cargo_loaded += n * kc.DOTS_PER_VESICLE
        x0, y0, x1, y1 = sc.cyto
        s = kc.SITE_SPACING_NM
        top = sc.membrane_contact_y + DOCK_GAP_NM + kc.R_MAX_NM + 1.5 * s  # cluster behind a lane for docking
        rows = np.arange(int((y1 - top) / (0.866 * s)) + 1)
        cols = np.arange(int((x1 - x0) / s) + 1)
        gx = x0 + kc.R_MAX_NM + kc.HOME_MARGIN_NM + cols[None, :] * s + 0.5 * s * (rows[:, None] % 2)
        gy = np.broadcast_to(top + rows[:, None] * 0.866 * s, gx.shape)
        grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
        x_max, y_max = x1 - kc.R_MAX_NM - kc.HOME_MARGIN_NM, y1 - kc.R_MAX_NM - kc.HOME_MARGIN_NM
        grid = grid[(grid[:, 0] <= x_max) & (grid[:, 1] <= y_max)]
        near = np.argsort(np.hypot(grid[:, 0] - 0.5 * sc.width, grid[:, 1] - sc.membrane_y), kind="stable")
        homes = grid[near[:n]]
        v.anchor[idx] = homes + rng.uniform(-1.0, 1.0, (n, 2))
        v.pos[idx] = v.anchor[idx]
        # the vesicles whose homes are nearest each site start docked there
        n_dock = min(self.sites_x.size, n)
        order = np.argsort(np.abs(self.sites_x - 0.5 * sc.width), kind="stable")[:n_dock]
        dock = idx[:n_dock]
        v.set_stage(dock, Stage.DOCKED)
        v.site[dock] = order
        v.pos[dock] = self._site_xy(v, dock)
        world.machinery.seed_primed(world, dock)
        v.prev[:] = v.pos

    def _site_xy(self, v: Vesicles, idx: np.ndarray) -> np.ndarray:
        """Where a vesicle docked at its site sits: DOCK_GAP_NM below the membrane's inner face, nm."""
        y = self.scene.docked_y(v.radius[idx])
        return np.stack([self.sites_x[v.site[idx]], y], axis=1)

    def _on_site(self, v: Vesicles, idx: np.ndarray) -> np.ndarray:
        """(len(idx),) bool: docked vesicles idx that have reached their site (and so may fire, and hold it)."""
        return np.hypot(*(v.pos[idx] - self._site_xy(v, idx)).T) < kc.ON_SITE_NM

    # -- one step -----------------------------------------------------------------------------------------
    def step(self, world: World, dt: float) -> None:
        """Stages are handled from the last to the first, so a body changes stage at most once per step."""
        exit_y = self.scene.pore_mouth_y
        self._action_potentials(world, dt)
        # Full fusion, 3/3: flattened into the plasma membrane; its membrane and proteins become surface.
        collapse_into_membrane(world, kc.COLLAPSE_S)
        # Full fusion, 2/3: the pore dilates and the transmitter pours out; the rest goes with collapse.
        dilate_and_release(world, kc.PORE_R_NM[1], kc.RELEASE_S, dt, exit_y)
        self._refill(world, dt)
        self._retreat(world, dt)
        self._pore_closed(world)
        self._kiss(world, dt, exit_y)
        self._pore(world, dt, exit_y)
        self._docked(world, dt)
        self._redock(world, dt)
        self._move(world, dt)
        self.cleft.step(world, dt)
        # Capacitance flicker: membrane connected to the plasma membrane through a narrow open pore only now.
        book_open_pores(world)
        self.ca_level *= np.exp(-dt / kc.CA_TAU_S)

    def _action_potentials(self, world: World, dt: float) -> None:
        """Action potentials: S key (pending stimuli) plus a regular clock at the firing rate; Ca2+ rises."""
        self.ap_phase += world.params.firing_rate * dt
        n_ap = world.pending_stimuli + int(self.ap_phase)
        self.ap_phase -= int(self.ap_phase)
        world.pending_stimuli = 0
        if n_ap:
            peak = world.rng.uniform(*kc.AP_PEAK, self.ca_level.size)  # channels open stochastically per site
            peak *= (influx := calcium_influx(world.params))  # the medium's [Ca²⁺] sets the influx (dose-response)
            if world.params.calcium:  # in a Ca²⁺-free medium nothing flows in through them
                np.maximum(self.ca_level, peak, out=self.ca_level)
                world.machinery.stimulus(world, influx * n_ap)  # the residual Ca²⁺ syt7 senses
            self.last_ap_t = world.t
            world.count("action_potential", n_ap)
            self.per_spike += [0] * n_ap
            del self.per_spike[:-kc.SPIKES_KEPT]

    def _refill(self, world: World, dt: float) -> None:
        """A transporter pumps transmitter back in, one dot at a time; full -> back to the pool."""
        v = world.ves
        rf = v.where(Stage.REFILL)
        add = np.minimum(world.rng.poisson(dt / kc.REFILL_DOT_S, rf.size), kc.DOTS_PER_VESICLE - v.cargo[rf])
        if not refilling(world.params):  # no proton gradient (bafilomycin): nothing pumped in; back to the pool
            add[:] = 0  # as it is after the time a refill takes (at once, it would recycle faster than the control)
            v.set_stage(rf[v.t_stage[rf] >= (kc.DOTS_PER_VESICLE - v.cargo[rf]) * kc.REFILL_DOT_S], Stage.POOL)
        v.cargo[rf] += add.astype(v.cargo.dtype)
        v.small[rf] += add.astype(v.small.dtype)
        self.refilled += int(add.sum())
        v.set_stage(rf[v.cargo[rf] >= kc.DOTS_PER_VESICLE], Stage.POOL)

    def _retreat(self, world: World, dt: float) -> None:
        """Run: the intact vesicle glides back to its home in the cluster, then refills if it gave any."""
        v = world.ves
        rt = v.where(Stage.RETREAT)
        v.pos[rt] += (v.anchor[rt] - v.pos[rt]) * (1.0 - np.exp(-3.0 * dt / kc.RETREAT_S))
        back = rt[v.t_stage[rt] >= kc.RETREAT_S]
        empty = v.cargo[back] < kc.DOTS_PER_VESICLE
        v.set_stage(back[empty], Stage.REFILL)
        v.set_stage(back[~empty], Stage.POOL)

    def _pore_closed(self, world: World) -> None:
        """Pore closed: the vesicle is sealed again and lets go of its site."""
        v = world.ves
        pc = v.where(Stage.PORE_CLOSED)
        go = pc[v.t_stage[pc] >= kc.PORE_CLOSED_S]
        v.set_stage(go, Stage.RETREAT)
        v.site[go] = -1
        world.machinery.release(world, go)

    def _kiss(self, world: World, dt: float, exit_y: float) -> None:
        """Kiss: transmitter leaks out through the narrow pore until the pore reseals."""
        v = world.ves
        ks = v.where(Stage.KISS_RELEASE)
        leak(world, ks, kc.LEAK_KISS_PER_S, dt, v.pore[ks], exit_y, proteins=False)  # narrow: small only
        shut = ks[v.t_stage[ks] >= v.dur[ks]]
        v.set_stage(shut, Stage.PORE_CLOSED)
        v.pore[shut] = 0.0

    def _pore(self, world: World, dt: float, exit_y: float) -> None:
        """Pore just opened: transmitter leaks while it is open; it may flicker shut and open again (sim.pore);
        then the vesicle either kisses or fully fuses (its pore dilates: its membrane joins the plasma membrane)."""
        v = world.ves
        po = v.where(Stage.PORE)
        op = po[pore.flicker(world, po, world.params.cell_spec.flicker, kc.PORE_R_NM, dt)]
        leak(world, op, kc.LEAK_KISS_PER_S, dt, v.pore[op], exit_y, proteins=False)
        on = po[pore.settled(world, po, kc.PORE_S)]
        kiss, full = on[v.fate[on] == 0], on[v.fate[on] == 1]
        v.set_stage(kiss, Stage.KISS_RELEASE)
        v.dur[kiss] = world.rng.uniform(*kc.KISS_S, kiss.size)
        dilate(world, full)

    def _docked(self, world: World, dt: float) -> None:
        """Docked vesicles, once primed: Ca2+-triggered (or rare spontaneous) pore opening through their machinery
        (exoviz.sim.machinery); vesicles newly docked after a spike undock within ~100 ms unless they fuse (the
        others stay docked)."""
        v, rng = world.ves, world.rng
        dk = v.where(Stage.DOCKED)
        if dk.size == 0:
            return
        arrived = self._on_site(v, dk)
        go = arrived & world.machinery.fusing(world, dk, self.ca_level[v.site[dk]], dt)
        fire = dk[go]
        pore = rng.uniform(*kc.PORE_R_NM, fire.size)
        full = rng.random(fire.size) < world.params.full_fusion_fraction  # decided as the pore opens
        open_pore(world, fire, Stage.PORE, pore, "full_fusion", full=full, kiss_event="kiss_and_run")
        world.machinery.fused(world, fire)
        v.fate[fire] = full.astype(np.int8)
        v.releases[fire] += 1
        self.released[v.site[fire]] = True
        if self.per_spike:
            self.per_spike[-1] += int(fire.size)
        rest = dk[~go]
        rest = rest[self.transient[v.site[rest]]]
        off = rest[rng.random(rest.size) < 1.0 - np.exp(-dt / kc.UNDOCK_MEAN_S)]
        v.set_stage(off, Stage.RETREAT)
        v.site[off] = -1
        world.machinery.release(world, off)
        self.undocked += off.size

    def _redock(self, world: World, dt: float) -> None:
        """Empty sites take the nearest vesicle of the pool (ties: one vesicle per site per step): fast but
        transiently just after a spike where release emptied them, else slowly (the pool's recovery)."""
        v, rng = world.ves, world.rng
        occupied = np.zeros(self.sites_x.size, dtype=bool)
        occupied[v.site[v.alive & (v.site >= 0)]] = True
        fast = ~occupied & self.released & (world.t - self.last_ap_t < kc.TRANSIENT_WINDOW_S)
        empty = np.flatnonzero(~occupied)
        rate = np.where(fast[empty], 1.0 / kc.REDOCK_MEAN_S, 1.0 / kc.RECOVERY_S)
        fire = empty[rng.random(empty.size) < 1.0 - np.exp(-dt * rate)]
        cand = np.flatnonzero((v.stage == Stage.POOL) & (v.t_stage > 0))
        if fire.size == 0 or cand.size == 0:
            return
        sy = self.scene.membrane_contact_y + kc.R_MEAN_NM
        pick = _nearest_to_each(v.pos[cand], self.sites_x[fire], sy, kc.REDOCK_SHORTLIST * fire.size)
        chosen, first = np.unique(pick, return_index=True)
        dock = cand[chosen]
        v.set_stage(dock, Stage.DOCKED)
        v.site[dock] = fire[first]
        v.fate[dock] = 0
        world.machinery.arrive(world, dock)
        self.transient[fire[first]] = fast[fire[first]]
        self.released[fire[first]] = False

    def _move(self, world: World, dt: float) -> None:
        """Cluster jiggle and tether, gliding onto sites, no overlaps, everyone inside the terminal."""
        v, rng = world.ves, world.rng
        home = np.flatnonzero((v.stage == Stage.POOL) | (v.stage == Stage.REFILL))
        v.pos[home] += (v.anchor[home] - v.pos[home]) * (1.0 - np.exp(-dt / kc.TETHER_S))
        physics.jitter(v.pos, home, kc.POOL_D_NM2_S, dt, rng)
        dk = v.where(Stage.DOCKED)
        gap = self._site_xy(v, dk) - v.pos[dk]
        dist = np.hypot(gap[:, 0], gap[:, 1])
        step = np.minimum(dist, kc.GLIDE_NM_S * dt)
        v.pos[dk] += gap * np.divide(step, dist, out=np.zeros_like(dist), where=dist > 1e-9)[:, None]
        on_site = self._on_site(v, dk)
        gliding = dk[~on_site]  # still on its way to the site: may be nudged
        moving = np.concatenate((np.flatnonzero(IS_FREE_MOVING.take(v.stage)), gliding))
        # vesicles on their sites hold their place; the cluster makes way
        held = np.concatenate((dk[on_site], np.flatnonzero(IS_AT_SITE.take(v.stage)), world.turnover.obstacles(world)))
        physics.relax(v.pos, footprint(world), moving, held, iterations=3, box=self.scene.cyto, half=gliding,
                      nlist=self.neighbours)

    # -- what viewers read ------------------------------------------------------------------------------
    @property
    def cleared(self) -> int:
        return self.cleft.cleared

    @property
    def receptor_level(self) -> np.ndarray:
        return self.cleft.level

    def extra_stats(self, world: World) -> dict:
        led, v = world.ledger, world.ves
        return {
            "neurotransmitter_released": led.cargo_released * led.molecules_per_dot,
            "neurotransmitter_dots_released": led.cargo_released,
            "cleared": self.cleared,
            "molecules_per_dot": led.molecules_per_dot,
            "refilled_dots": self.refilled,
            "in_cleft_dots": world.dots.count,
            "docked": int(np.count_nonzero(v.stage == Stage.DOCKED)),
            "docking_sites": int(self.sites_x.size),
            "undocked": self.undocked,
            "releases_per_spike": list(self.per_spike),
            "synaptic_vesicles": int(np.count_nonzero(v.alive & (v.kind == Kind.SYNAPTIC))),
            **world.machinery.stats(world),
        }

    def readout(self, world: World) -> list[Text]:
        """Releases after each of the latest spikes (depression shows as falling numbers)."""
        last = self.per_spike[-kc.SPIKES_SHOWN:]
        blocked: list[Text] = [] if world.params.calcium else [
            N_("Ca²⁺-free medium: action potentials open the Ca²⁺ channels, but no Ca²⁺ enters, so nothing is "
               "released")]
        return [*blocked, Msg(N_("Releases per spike (latest last): {counts}"),
                              counts=" ".join(map(str, last)) if last else "–"),
                *world.machinery.readout(), kc.share_note(world.params.full_fusion_fraction)]

    def signal_view(self, world: World) -> SignalView:
        return SignalView(receptor_level=self.receptor_level, since_ap_s=world.t - self.last_ap_t)

    def compressed(self, world: World) -> list[Text]:
        """What runs faster than real, and by how much (shown under the clock)."""
        return [Msg(N_("Refilling (real τ ≈ {refill:g} s) shown ×{k} faster; release-site recovery (≈ {recovery:g} s) "
                       "×{kr} faster"), refill=kc.REFILL_REAL_S, k=kc.SPEEDUP, recovery=kc.RECOVERY_REAL_S,
                    kr=kc.RECOVERY_SPEEDUP)]

    def featured(self, world: World) -> int:
        """Follow one vesicle through a whole cycle (until it rests in the pool or docks again); then the
        oldest vesicle releasing now, else the current one if docked, else the docked one nearest the middle."""
        v = world.ves

        def keep(i: int) -> bool:
            resting = v.stage[i] == Stage.POOL and v.t_stage[i] > 0.01
            return not resting and v.stage[i] != Stage.DOCKED

        def pick(i: int) -> int:
            busy = np.flatnonzero(IS_BUSY.take(v.stage))
            if busy.size:
                return int(busy[np.argmin(v.uid[busy])])
            if i >= 0 and v.stage[i] == Stage.DOCKED:
                return i
            dk = v.where(Stage.DOCKED)
            if dk.size:
                return int(dk[np.argmin(np.abs(v.site[dk] - self.sites_x.size // 2))])
            return -1

        return self.follow.featured(world, pick, keep)


def _nearest_to_each(p: np.ndarray, sx: np.ndarray, sy: float, shortlist: int) -> np.ndarray:
    """Row of p ((n, 2) nm) nearest to each site (sx[k], sy) (sx sorted; the first row on ties).

    Exact, without an n x len(sx) array: the `shortlist` rows nearest to any site are searched first;
    a site whose best there could be matched by a row off the list is searched over all rows.
    """
    x, y = p[:, 0], p[:, 1]
    j = np.searchsorted(sx, x)
    dx = np.minimum(np.abs(x - sx[np.maximum(j - 1, 0)]), np.abs(x - sx[np.minimum(j, sx.size - 1)]))
    to_any = dx ** 2 + (y - sy) ** 2  # squared distance to the nearest site: no site is nearer
    if x.size > shortlist:
        part = np.argpartition(to_any, shortlist)
        rows, beyond = np.sort(part[:shortlist]), to_any[part[shortlist]]
    else:
        rows, beyond = np.arange(x.size), np.inf
    d2 = (x[rows, None] - sx[None, :]) ** 2 + (y[rows, None] - sy) ** 2
    best = np.argmin(d2, axis=0)
    pick = rows[best]
    unsure = np.flatnonzero(d2[best, np.arange(sx.size)] >= beyond)
    if unsure.size:  # rare: a row off the list may be as near
        pick[unsure] = np.argmin((x[:, None] - sx[None, unsure]) ** 2 + (y[:, None] - sy) ** 2, axis=0)
    return pick
