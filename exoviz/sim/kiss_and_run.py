"""Kiss-and-run at a synapse: action potentials, Ca2+, docking sites, narrow pores, cleft, receptors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim import physics
from exoviz.sim.cargo import leak
from exoviz.sim.fusion import collapse_into_membrane, dilate_and_release
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.scene import Scene, world_scale
from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.state import Vesicles
    from exoviz.sim.world import World

# -- sizes (science.md) ------------------------------------------------------------------------------
R_MEAN_NM, R_SD_NM, R_MIN_NM, R_MAX_NM = 20.0, 1.5, 17.5, 22.5  # ~40 nm across (35-45 nm)
CLEFT_NM = 20.0  # synaptic cleft, membrane face to face
HALF_BILAYER_NM = 2.5
SITES_AT_SCALE_1 = 10  # ~10 docked vesicles per active zone (Schikorski & Stevens 1997)
SITE_SPACING_NM = 2.0 * R_MAX_NM + 2.0  # docked vesicles side by side in one plane
RECEPTORS_PER_SITE = 2
RECEPTOR_HALF_NM = 5.0  # half-width of a receptor's binding face
BASE_W_NM, BASE_H_NM = 1600.0, 900.0  # world for the default pool (16:9)
FITS_AT_SCALE_1 = 200  # vesicles per bouton (~200)
DOTS_PER_VESICLE = 12
GLUTAMATE_PER_VESICLE = 3600  # BNID 108622
PORE_R_NM = (0.5, 1.5)  # fusion-pore radius: 1-3 nm across
PROTEINS_PER_VESICLE = 3  # drawn on a fully fused vesicle's patch (illustrative)

# -- times, simulated seconds -----------------------------------------------------------------------
CA_TAU_S = 0.002  # Ca2+ near the channels rises with the action potential and falls within ~ms
RATE_PEAK_PER_S = 270.0  # release hazard of a docked vesicle at full Ca2+: ~35 % per action potential
SPONT_PER_S = 0.01  # spontaneous release of a docked vesicle (rare 'minis')
REDOCK_MEAN_S = 0.004  # an empty site is refilled from the pool within ~14 ms (Kusick et al. 2020)
GLIDE_NM_S = 1.5e4  # the chosen vesicle glides onto its site (~100 nm in ~7 ms)
UNDOCK_MEAN_S = 0.1  # a docked vesicle fuses or undocks within ~100 ms (Kusick et al. 2020)
PORE_S = 0.001  # the narrow pore has opened; full fusion or kiss is decided here
KISS_S = (0.005, 0.02)  # a kiss: milliseconds (He et al. 2006: up to ~2 s)
PORE_CLOSED_S = 0.001
RETREAT_S = 0.02  # back to its place in the cluster (illustrative)
REFILL_DOT_S = 0.005  # one dot pumped in per 5 ms: ~100x faster than real refilling (seconds)
RELEASE_S, COLLAPSE_S = 0.002, 0.01  # full fusion: pore dilates, then the vesicle flattens
LEAK_KISS_PER_S, LEAK_FULL_PER_S = 150.0, 2000.0  # per dot: a 1-3 nm pore lets transmitter out slowly
POOL_D_NM2_S = 1.0e3  # vesicles in the cluster barely move (0.001 um^2/s)
TETHER_S = 0.05  # synapsin-like tether back to the vesicle's home in the cluster
# -- transmitter in the cleft (slowed for display) ----------------------------------------------------
REAL_CLEFT_D_NM2_S = 3.3e8  # glutamate in the cleft, ~330 um^2/s: crosses 20 nm in < 1 us
CLEFT_D_NM2_S = 5.0e4
CLEAR_MEAN_S = 0.015  # real glutamate is cleared from the cleft in ~1 ms
BIND_P = 0.5  # chance that a dot touching a receptor's face binds
BOUND_MEAN_S = 0.002
LIT_S = 0.003  # a receptor stays lit this long after its last bound transmitter (AMPA-like)

CLOSED_AT_SITE = (Stage.PORE, Stage.KISS_RELEASE, Stage.PORE_CLOSED, Stage.RELEASE, Stage.COLLAPSE)
FREE_MOVING = (Stage.POOL, Stage.REFILL, Stage.RETREAT)


class KissAndRun:
    """Synaptic vesicles dock at an active zone, open a narrow pore on an action potential, leave intact.

    Renderer-facing state (also in scene.extra under the same names, updated in place):
      ca_level: (n_sites,) float, 0..1, Ca2+ near each docking site's channels (real kinetics, tau 2 ms)
      last_ap_t: float, simulated s of the latest action potential (-1e9 before the first)
      receptor_x: (n_receptors,) float, nm; receptor_lit_until: (n_receptors,) float, simulated s
      receptor_level: (n_receptors,) float, 0..1, how brightly each receptor is lit now
    Transmitter dots: world.dots (flag 0 free, 1 bound to a receptor, 2 unbound again).
    """

    time_scale = 0.02  # 1/50 of real speed at x1
    default_pool = 200
    walk_stages = (Stage.POOL, Stage.DOCKED, Stage.PORE, Stage.KISS_RELEASE, Stage.PORE_CLOSED,
                   Stage.RETREAT, Stage.REFILL)

    def __init__(self) -> None:
        self.featured_uid = -1
        self.last_ap_t = -1.0e9
        self.ap_phase = 0.0  # regular clock for params.firing_rate: an AP each time it passes 1
        self.refilled = 0  # dots pumped back into vesicles during REFILL
        self.cleared = 0  # dots removed from the cleft (uptake, or diffused out of the synapse)
        self.undocked = 0

    # -- scene ------------------------------------------------------------------------------------------
    def setup(self, world: World) -> None:
        k = world_scale(world.pool, FITS_AT_SCALE_1)
        w, h = BASE_W_NM * k, BASE_H_NM * k
        membrane_y = 0.2 * h
        post_y = membrane_y - 2 * HALF_BILAYER_NM - CLEFT_NM
        n_sites = max(1, int(round(SITES_AT_SCALE_1 * k)))
        sites_x = 0.5 * w + (np.arange(n_sites) - 0.5 * (n_sites - 1)) * SITE_SPACING_NM
        az = (float(sites_x[0] - R_MAX_NM), float(sites_x[-1] + R_MAX_NM))
        n_rec = RECEPTORS_PER_SITE * n_sites
        self.receptor_x = np.linspace(az[0] + RECEPTOR_HALF_NM, az[1] - RECEPTOR_HALF_NM, n_rec)
        self.receptor_lit_until, self.receptor_level = np.full(n_rec, -1.0e9), np.zeros(n_rec)
        self.ca_level = np.zeros(n_sites)
        terminal = (0.15 * w, membrane_y + HALF_BILAYER_NM, 0.85 * w, 0.97 * h)
        world.ledger.molecules_per_dot = GLUTAMATE_PER_VESICLE // DOTS_PER_VESICLE
        slow = REAL_CLEFT_D_NM2_S / CLEFT_D_NM2_S
        self.scene = Scene(
            title="Kiss-and-run exocytosis at a synapse",
            cell="Presynaptic terminal (bouton), synaptic cleft and postsynaptic membrane, cross-section",
            width=w, height=h, membrane_y=membrane_y, cyto=terminal,
            notes=(f"Vesicles (~40 nm), cleft ({CLEFT_NM:.0f} nm) and membranes to scale; all ~{world.pool} "
                   "vesicles drawn in one plane",
                   f"Active zone drawn {az[1] - az[0]:.0f} nm wide so {n_sites} docked vesicles fit side "
                   "by side (real: a ~0.04 µm² disc)",
                   f"Transmitter in the cleft diffuses ~{slow:,.0f}x slower than real (real: crosses in "
                   f"< 1 µs) and lingers ~{CLEAR_MEAN_S * 1000:.0f} ms (real: ~1 ms)",
                   f"1 dot = ~{world.ledger.molecules_per_dot:,} glutamate molecules "
                   f"({DOTS_PER_VESICLE} dots ≈ {GLUTAMATE_PER_VESICLE:,} per vesicle)",
                   "Refilling shown ~100x faster than real (seconds); retreat path illustrative",
                   "Fully fused vesicles are not replaced (no endocytosis shown): the pool shrinks"),
            extra={"sites_x": sites_x, "az_x": az, "post_y": post_y, "cleft_x": (az[0] - 60.0, az[1] + 60.0),
                   "cleft_nm": CLEFT_NM, "terminal": terminal, "receptor_x": self.receptor_x,
                   "receptor_half_nm": RECEPTOR_HALF_NM, "receptor_level": self.receptor_level,
                   "receptor_lit_until": self.receptor_lit_until, "ca_level": self.ca_level,
                   "last_ap_t": self.last_ap_t},
        )
        self.sites_x = sites_x
        self.pre_face, self.post_face = membrane_y - HALF_BILAYER_NM, post_y + HALF_BILAYER_NM  # cleft faces
        for name in ("kiss_and_run", "full_fusion", "action_potential"):
            world.events.setdefault(name, 0)
        self._seed_population(world)

    def _seed_population(self, world: World) -> None:
        """Homes on a hexagonal lattice nearest the active zone; the front ones start docked."""
        v, rng, sc = world.ves, world.rng, self.scene
        n = world.pool
        idx = v.spawn(n, Kind.SYNAPTIC, Stage.POOL, world.t)
        r = np.clip(rng.normal(R_MEAN_NM, R_SD_NM, n), R_MIN_NM, R_MAX_NM)
        v.r_full[idx] = v.radius[idx] = r
        v.cargo[idx] = DOTS_PER_VESICLE
        v.proteins[idx] = PROTEINS_PER_VESICLE
        world.ledger.cargo_loaded += n * DOTS_PER_VESICLE
        x0, y0, x1, y1 = sc.cyto
        s = SITE_SPACING_NM
        top = sc.membrane_contact_y + 1.0 + R_MAX_NM + 1.5 * s  # cluster behind a lane for docking
        rows = np.arange(int((y1 - top) / (0.866 * s)) + 1)
        cols = np.arange(int((x1 - x0) / s) + 1)
        gx = x0 + R_MAX_NM + 1.0 + cols[None, :] * s + 0.5 * s * (rows[:, None] % 2)
        gy = np.broadcast_to(top + rows[:, None] * 0.866 * s, gx.shape)
        grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
        grid = grid[(grid[:, 0] <= x1 - R_MAX_NM - 1.0) & (grid[:, 1] <= y1 - R_MAX_NM - 1.0)]
        near = np.argsort(np.hypot(grid[:, 0] - 0.5 * sc.width, grid[:, 1] - sc.membrane_y), kind="stable")
        homes = grid[near[:n]]
        v.rel[idx] = homes + rng.uniform(-1.0, 1.0, (n, 2))
        v.pos[idx] = v.rel[idx]
        # the vesicles whose homes are nearest each site start docked there
        n_dock = min(self.sites_x.size, n)
        order = np.argsort(np.abs(self.sites_x - 0.5 * sc.width), kind="stable")[:n_dock]
        dock = idx[:n_dock]
        v.set_stage(dock, Stage.DOCKED)
        v.site[dock] = order
        v.pos[dock] = self._site_xy(v, dock)
        v.prev[:] = v.pos

    def _site_xy(self, v: Vesicles, idx: np.ndarray) -> np.ndarray:
        """Where a vesicle docked at its site sits: touching the membrane's inner face, nm."""
        y = self.scene.membrane_contact_y + v.radius[idx] + 1.0
        return np.stack([self.sites_x[v.site[idx]], y], axis=1)

    # -- one step -----------------------------------------------------------------------------------------
    def step(self, world: World, dt: float) -> None:
        v, rng, sc, t = world.ves, world.rng, self.scene, world.t
        v.t_stage[v.alive] += dt
        exit_y = self.pre_face - 1.5

        # Action potentials: S key (pending stimuli) plus a regular clock at the firing rate.
        self.ap_phase += world.params.firing_rate * dt
        n_ap = world.pending_stimuli + int(self.ap_phase)
        self.ap_phase -= int(self.ap_phase)
        world.pending_stimuli = 0
        if n_ap:
            peak = rng.uniform(0.6, 1.0, self.ca_level.size)  # channels open stochastically per site
            np.maximum(self.ca_level, peak, out=self.ca_level)
            self.last_ap_t = t
            world.count("action_potential", n_ap)

        # Stages are handled from the last to the first, so a body changes stage at most once per step.
        # Full fusion, 3/3: flattened into the plasma membrane; its membrane and proteins become surface.
        collapse_into_membrane(world, COLLAPSE_S)

        # Full fusion, 2/3: the pore dilates and the transmitter pours out; the rest goes with collapse.
        dilate_and_release(world, PORE_R_NM[1], RELEASE_S, LEAK_FULL_PER_S, dt, exit_y)

        # Refilling: a transporter pumps transmitter back in, one dot at a time; full -> back to the pool.
        rf = v.where(Stage.REFILL)
        add = np.minimum(rng.poisson(dt / REFILL_DOT_S, rf.size), DOTS_PER_VESICLE - v.cargo[rf])
        v.cargo[rf] += add.astype(v.cargo.dtype)
        self.refilled += int(add.sum())
        v.set_stage(rf[v.cargo[rf] >= DOTS_PER_VESICLE], Stage.POOL)

        # Run: the intact vesicle glides back to its home in the cluster, then refills if it gave any.
        rt = v.where(Stage.RETREAT)
        v.pos[rt] += (v.rel[rt] - v.pos[rt]) * (1.0 - np.exp(-3.0 * dt / RETREAT_S))
        back = rt[v.t_stage[rt] >= RETREAT_S]
        empty = v.cargo[back] < DOTS_PER_VESICLE
        v.set_stage(back[empty], Stage.REFILL)
        v.set_stage(back[~empty], Stage.POOL)

        # Pore closed: the vesicle is sealed again and lets go of its site.
        pc = v.where(Stage.PORE_CLOSED)
        go = pc[v.t_stage[pc] >= PORE_CLOSED_S]
        v.set_stage(go, Stage.RETREAT)
        v.site[go] = -1

        # Kiss: transmitter leaks out through the narrow pore until the pore reseals.
        ks = v.where(Stage.KISS_RELEASE)
        leak(world, ks, LEAK_KISS_PER_S, dt, v.pore[ks], exit_y)
        shut = ks[v.t_stage[ks] >= v.dur[ks]]
        v.set_stage(shut, Stage.PORE_CLOSED)
        v.pore[shut] = 0.0

        # Pore just opened: transmitter starts to leak; then the vesicle either kisses or fully fuses.
        po = v.where(Stage.PORE)
        leak(world, po, LEAK_KISS_PER_S, dt, v.pore[po], exit_y)
        on = po[v.t_stage[po] >= PORE_S]
        kiss, full = on[v.fate[on] == 0], on[v.fate[on] == 1]
        v.set_stage(kiss, Stage.KISS_RELEASE)
        v.dur[kiss] = rng.uniform(*KISS_S, kiss.size)
        v.set_stage(full, Stage.RELEASE)

        self._docked(world, dt)
        self._redock(world, dt)
        self._move(world, dt)
        self._cleft(world, dt)

        # Capacitance flicker: membrane of kissing vesicles is connected to the plasma membrane only now.
        open_ = v.alive & (v.fate == 0) & np.isin(v.stage, (Stage.PORE, Stage.KISS_RELEASE))
        world.ledger.pore_open_um2 = float(np.sum(sphere_area_um2(v.radius[open_])))
        self.ca_level *= np.exp(-dt / CA_TAU_S)
        np.clip((self.receptor_lit_until - (t + dt)) / LIT_S, 0.0, 1.0, out=self.receptor_level)
        sc.extra["last_ap_t"] = self.last_ap_t

    def _docked(self, world: World, dt: float) -> None:
        """Docked vesicles: Ca2+-triggered (or rare spontaneous) pore opening, else occasional undocking."""
        v, rng = world.ves, world.rng
        dk = v.where(Stage.DOCKED)
        if dk.size == 0:
            return
        target = self._site_xy(v, dk)
        arrived = np.hypot(*(v.pos[dk] - target).T) < 2.0
        # integral of the decaying Ca2+ over this step gives the release hazard exactly
        ca_int = self.ca_level[v.site[dk]] * CA_TAU_S * (1.0 - np.exp(-dt / CA_TAU_S))
        p = 1.0 - np.exp(-(RATE_PEAK_PER_S * ca_int + SPONT_PER_S * dt))
        u = rng.random(dk.size)
        fire = dk[arrived & (u < p)]
        v.set_stage(fire, Stage.PORE)
        v.pos[fire, 1] = self.scene.membrane_contact_y + v.radius[fire]
        v.pore[fire] = rng.uniform(*PORE_R_NM, fire.size)
        v.fate[fire] = (rng.random(fire.size) < world.params.full_fusion_fraction).astype(np.int8)
        full = fire[v.fate[fire] == 1]
        world.ledger.pm_added_um2 += float(np.sum(sphere_area_um2(v.radius[full])))
        world.count("full_fusion", full.size)
        world.count("kiss_and_run", fire.size - full.size)
        v.count[fire] += 1  # releases by this vesicle so far
        rest = dk[~(arrived & (u < p))]
        off = rest[rng.random(rest.size) < 1.0 - np.exp(-dt / UNDOCK_MEAN_S)]
        v.set_stage(off, Stage.RETREAT)
        v.site[off] = -1
        self.undocked += off.size

    def _redock(self, world: World, dt: float) -> None:
        """Each empty site takes the nearest vesicle of the pool (ties: one vesicle per site per step)."""
        v, rng = world.ves, world.rng
        occupied = np.zeros(self.sites_x.size, dtype=bool)
        occupied[v.site[v.alive & (v.site >= 0)]] = True
        empty = np.flatnonzero(~occupied)
        fire = empty[rng.random(empty.size) < 1.0 - np.exp(-dt / REDOCK_MEAN_S)]
        cand = np.flatnonzero((v.stage == Stage.POOL) & (v.t_stage > 0))
        if fire.size == 0 or cand.size == 0:
            return
        sy = self.scene.membrane_contact_y + R_MEAN_NM
        d2 = (v.pos[cand, 0, None] - self.sites_x[None, fire]) ** 2 + (v.pos[cand, 1, None] - sy) ** 2
        pick = np.argmin(d2, axis=0)
        chosen, first = np.unique(pick, return_index=True)
        dock = cand[chosen]
        v.set_stage(dock, Stage.DOCKED)
        v.site[dock] = fire[first]
        v.fate[dock] = 0

    def _move(self, world: World, dt: float) -> None:
        """Cluster jiggle and tether, gliding onto sites, no overlaps, everyone inside the terminal."""
        v, rng = world.ves, world.rng
        home = np.flatnonzero((v.stage == Stage.POOL) | (v.stage == Stage.REFILL))
        v.pos[home] += (v.rel[home] - v.pos[home]) * (1.0 - np.exp(-dt / TETHER_S))
        physics.jitter(v.pos, home, POOL_D_NM2_S, dt, rng)
        dk = v.where(Stage.DOCKED)
        target = self._site_xy(v, dk)
        gap = target - v.pos[dk]
        dist = np.hypot(gap[:, 0], gap[:, 1])
        step = np.minimum(dist, GLIDE_NM_S * dt)
        v.pos[dk] += gap * np.divide(step, dist, out=np.zeros_like(dist), where=dist > 1e-9)[:, None]
        on_site = np.hypot(*(v.pos[dk] - target).T) < 2.0
        gliding = dk[~on_site]  # still on its way to the site: may be nudged
        moving = np.concatenate((np.flatnonzero(np.isin(v.stage, FREE_MOVING)), gliding))
        held = np.concatenate((dk[on_site], np.flatnonzero(np.isin(v.stage, CLOSED_AT_SITE))))
        keep = v.pos[held].copy()
        mobility = np.ones(v.capacity)
        mobility[gliding] = 0.5
        mobility[held] = 0.0  # vesicles on their sites hold their place; the cluster makes way

        def constrain() -> None:
            v.pos[held] = keep
            physics.clamp_box(v.pos, v.radius, moving, self.scene.cyto)

        physics.separate(v.pos, v.radius, np.concatenate((moving, held)), iterations=3, mobility=mobility,
                         constrain=constrain)
        constrain()

    def _cleft(self, world: World, dt: float) -> None:
        """Transmitter dots: diffuse between the membranes, bind receptors they touch, get cleared."""
        d, rng, t = world.dots, world.rng, world.t
        live = np.flatnonzero(d.alive)
        if live.size == 0:
            return
        d.age[live] += dt
        rx = self.receptor_x
        # bound dots keep their receptor lit; each lets go after ~BOUND_MEAN_S
        bound = live[d.flag[live] == 1]
        let_go = rng.random(bound.size) < 1.0 - np.exp(-dt / BOUND_MEAN_S)
        d.flag[bound[let_go]] = 2
        still = bound[~let_go]
        self.receptor_lit_until[self._nearest_receptor(d.pos[still, 0])] = t + LIT_S
        # free dots: Brownian motion (display-slowed), reflected at both membranes
        free = live[d.flag[live] != 1]
        d.pos[free] += rng.standard_normal((free.size, 2)) * np.sqrt(2.0 * CLEFT_D_NM2_S * dt)
        y = d.pos[free, 1]
        touch = y < self.post_face
        y = np.where(touch, 2.0 * self.post_face - y, y)
        y = np.where(y > self.pre_face, 2.0 * self.pre_face - y, y)
        d.pos[free, 1] = np.clip(y, self.post_face, self.pre_face)
        # binding: a fresh dot touching a receptor's face may bind it
        cand = free[touch & (d.flag[free] == 0)]
        ri = self._nearest_receptor(d.pos[cand, 0])
        hit = (np.abs(d.pos[cand, 0] - rx[ri]) <= RECEPTOR_HALF_NM) & (rng.random(cand.size) < BIND_P)
        b, bri = cand[hit], ri[hit]
        d.flag[b] = 1
        d.pos[b] = np.stack([rx[bri], np.full(b.size, self.post_face + 1.0)], axis=1)
        self.receptor_lit_until[bri] = t + LIT_S
        # clearance: uptake by transporters (a lifetime) or diffusing out of the synapse sideways
        free = free[d.flag[free] != 1]
        x0, x1 = self.scene.extra["cleft_x"]
        x = d.pos[free, 0]
        gone = free[(x < x0) | (x > x1) | (rng.random(free.size) < 1.0 - np.exp(-dt / CLEAR_MEAN_S))]
        d.remove(gone)
        self.cleared += gone.size

    def _nearest_receptor(self, x: np.ndarray) -> np.ndarray:
        """Index of the receptor nearest each x (nm); receptor_x is sorted and has >= 2 entries."""
        rx = self.receptor_x
        j = np.clip(np.searchsorted(rx, x), 1, rx.size - 1)
        return np.where(x - rx[j - 1] <= rx[j] - x, j - 1, j)

    # -- what viewers read ------------------------------------------------------------------------------
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
            "synaptic_vesicles": int(np.count_nonzero(v.alive & (v.kind == Kind.SYNAPTIC))),
        }

    def featured(self, world: World) -> int:
        """Follow one vesicle through a whole cycle (until it rests in the pool); then pick the next."""
        v = world.ves
        i = v.index_of_uid(self.featured_uid) if self.featured_uid >= 0 else -1
        stage = int(v.stage[i]) if i >= 0 else Stage.FREE
        resting = stage == Stage.POOL and v.t_stage[i] > 0.01
        if i >= 0 and not resting and stage != Stage.DOCKED:
            return self.featured_uid
        busy = np.flatnonzero(np.isin(v.stage, (Stage.PORE, Stage.KISS_RELEASE, Stage.RELEASE)))
        if busy.size:
            self.featured_uid = int(v.uid[busy[np.argmin(v.uid[busy])]])
            return self.featured_uid
        if stage == Stage.DOCKED:
            return self.featured_uid
        dk = v.where(Stage.DOCKED)
        if dk.size:
            self.featured_uid = int(v.uid[dk[np.argmin(np.abs(v.site[dk] - self.sites_x.size // 2))]])
            return self.featured_uid
        return -1
