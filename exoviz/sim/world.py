"""The model's facade: World(params).step() advances every body; .stats() reports what happened."""

from __future__ import annotations

import numpy as np

from exoviz.i18n import Text
from exoviz.params import Params
from exoviz.sim import perturb
from exoviz.sim.amperometry import Amperometry, AmperometryView
from exoviz.sim.heap import keep_freed_pages
from exoviz.sim.ledger import Ledger
from exoviz.sim.machinery import Machinery
from exoviz.sim.machinery_params import MachineryParams
from exoviz.sim.machinery_view import MachineryView
from exoviz.sim.mechanism import create
from exoviz.sim.phluorin import Phluorin, TirfView
from exoviz.sim.signal_view import SignalView
from exoviz.sim.stages import Stage
from exoviz.sim.state import Particles, Vesicles
from exoviz.sim.surface import Surface
from exoviz.sim.turnover import Turnover
from exoviz.sim.turnover_view import TurnoverView, WoundView

STEPS_PER_PLAYBACK_S = 60  # fixed steps per playback second at speed x1
SAMPLE_EVERY = 6  # steps between samples of the time series (10 samples per playback second)


class World:
    """Everything that moves, in NumPy arrays, advanced by a fixed step.

    All randomness comes from one generator seeded by params.seed, and dt is fixed per mechanism,
    so the same params give the same course bit for bit, whatever the frame rate.
    """

    def __init__(self, params: Params) -> None:
        problem = params.validate()
        if problem:
            raise ValueError(problem)
        self.params = params
        keep_freed_pages()  # the step's temporaries reuse their pages (exoviz.sim.heap)
        self.rng = np.random.default_rng(params.seed)
        self.mech = create(params.mode)
        if params.cell_spec.time_scale:  # a cell shown on its own clock (the macrophage: ×20)
            self.mech.time_scale = params.cell_spec.time_scale
        self.pool = self._pool(params)
        self.dt = self.mech.time_scale / STEPS_PER_PLAYBACK_S  # simulated seconds per step
        self.t = 0.0  # simulated seconds
        self.steps = 0
        self.ves = Vesicles(capacity=int(self.pool * 1.25) + 16)
        self.dots = Particles(capacity=256)
        self.ledger = Ledger()
        self.events: dict[str, int] = {}
        self.pending_stimuli = 0
        self.since: dict[str, float] = dict.fromkeys(params.applied, 0.0)  # experiment -> simulated s applied
        self.machinery_base = MachineryParams()  # the knobs set_machinery chose (the experiments act on top)
        self.series: dict = {"t_s": [], "plasma_membrane_um2": [], "capacitance_pF": [], "events": {},
                             "experiments": []}
        self.machinery = Machinery(regulated=False)  # the mechanism sets up its release sites' own in setup
        self.amp: Amperometry | None = None
        self._mv: tuple[int, MachineryView] | None = None  # (steps, machinery_view() then): drawn ~7 times a frame
        self.mech.setup(self)
        if params.electrode_um is not None:
            self.place_electrode(params.electrode_um)
        self._experiments_act()  # after the mechanism calibrated its machinery on a healthy cell
        perturb.unprime(self)
        self.scene = self.mech.scene
        self.surface = Surface(self.scene.width)
        self.turnover = Turnover()
        self.turnover.setup(self)
        self.phluorin = Phluorin()  # pHluorin in TIRF: recorded once started (tirf_start)
        self._sample()

    # -- time ----------------------------------------------------------------------------------------
    @property
    def playback_s(self) -> float:
        """Playback seconds at speed x1 that correspond to the simulated time so far."""
        return self.steps / STEPS_PER_PLAYBACK_S

    def step(self) -> None:
        """Advance the whole scene by one fixed step of dt simulated seconds."""
        self.ves.prev[:] = self.ves.pos
        self.dots.prev[:self.dots.n] = self.dots.pos[:self.dots.n]  # (the live dots: the first rows)
        clock = self.ves.t_stage  # the one stage clock, of the live rows: mechanisms never advance it
        np.add(clock, self.dt, out=clock, where=self.ves.alive)  # (in place: no gather and scatter)
        if self.cleaving:  # a toxin cleaves SNAREs over time
            self._experiments_act()
            perturb.cleave(self, self.dt)
        self.mech.step(self, self.dt)
        if self.amp is not None:
            self.amp.observe(self)
        self.machinery.step(self, self.dt)
        self.turnover.step(self, self.dt)
        self.surface.step(self.t, self.dt, self.rng)
        self.t += self.dt
        self.steps += 1
        self._mv = None
        if self.phluorin.on:
            self.phluorin.step(self)
        if self.steps % SAMPLE_EVERY == 0:
            self._sample()

    def run(self, steps: int) -> None:
        for _ in range(steps):
            self.step()

    def _sample(self) -> None:
        """One sample of the time series: time, area, capacitance and the running count of every event (an
        event first seen now gets zeros for the samples before)."""
        s = self.series
        s["t_s"].append(round(self.t, 6))
        s["plasma_membrane_um2"].append(round(self.ledger.pm_um2, 6))
        s["capacitance_pF"].append(round(self.ledger.capacitance_pf, 6))
        s["experiments"].append("+".join(self.since))
        counts = s["events"]
        for name, n in self.events.items():  # a dozen kinds at most
            column = counts.get(name)
            if column is None:
                column = counts[name] = [0] * (len(s["t_s"]) - 1)
            column.append(n)

    # -- commands --------------------------------------------------------------------------------------
    def count(self, name: str, n: int = 1) -> None:
        """Add n events of one kind (full_fusion, kiss_and_run, ...)."""
        if n:
            self.events[name] = self.events.get(name, 0) + int(n)

    def wound(self, x_nm: float) -> Text:
        """Open a wound in the plasma membrane at x_nm (cell scenes); returns the line to show."""
        self._mv = None
        return self.turnover.wound(self, x_nm)

    def stimulate(self) -> None:
        """Queue one stimulus (an action potential at the synapse); mechanisms without one ignore it."""
        self.pending_stimuli += 1

    def set_machinery(self, params: MachineryParams) -> None:
        """Change the fusion machinery's molecular knobs (toxins, knockouts, buffers, ATP) from now on."""
        problem = params.problem()
        if problem:
            raise ValueError(problem)
        self.machinery_base = params
        self._mv = None
        self._experiments_act()

    def set_params(self, params: Params) -> None:
        """Take new tunable values (same mode); the pool size takes effect through budding/retiring."""
        problem = params.validate()
        if problem:
            raise ValueError(problem)
        if params.mode != self.params.mode or params.cell_spec != self.params.cell_spec:
            raise ValueError("a World keeps its mode and cell; make a new World to switch")
        if params.electrode_um is None:
            self.amp = None
        elif params.electrode_um != self.params.electrode_um:
            self.place_electrode(params.electrode_um)
        self.since = {name: self.since.get(name, self.t) for name in params.applied}
        self.params = params
        self.pool = self._pool(params)
        self._mv = None
        self._experiments_act()

    def _experiments_act(self) -> None:
        """The experiments applied set the fusion machinery's knobs (exoviz.sim.perturb)."""
        self.machinery.params = perturb.machinery(self.params, self.since, self.t, self.mech.time_scale,
                                                  self.machinery_base)  # set_machinery's knobs, experiments on top
        self.cleaving = any(name in self.since for name in perturb.CLEAVES)

    def _pool(self, params: Params) -> int:
        """The pool size: params.vesicles, else the cell's default, else the mechanism's."""
        return int(params.vesicles or params.cell_spec.pool or self.mech.default_pool)

    # -- what viewers read -----------------------------------------------------------------------------
    def featured(self) -> int:
        return self.mech.featured(self)

    @property
    def time_scale(self) -> float:
        """Simulated seconds per playback second at speed x1 (the mechanism's, or the cell's own clock)."""
        return float(self.mech.time_scale)

    def compressed(self) -> list[Text]:
        """What runs faster than real beyond the playback factor (the mechanism's, then the turnover's)."""
        return [*self.mech.compressed(self), *self.turnover.compressed(self)]

    def turnover_view(self) -> TurnoverView:
        """The latest wound, the lysosomes near the membrane and the internalized share, for the screen."""
        tv = self.turnover
        w = tv.wounds.last
        wound = None if w is None else WoundView(x=w.x, opened=w.opened, sealed=w.sealed, is_open=tv.wounds.open is w,
                                                   half_open_nm=w.half_open_nm if tv.wounds.open is w else 0.0)
        return TurnoverView(cells=tv.cells, wound=wound, wound_ca=tv.wounds.ca, lysosomes=tv.lysosomes,
                            internalized=tv.internalized(self), full_at=tv.full_at)

    def signal_view(self) -> SignalView:
        """Ca²⁺ and the postsynaptic response now, for the screen."""
        return self.mech.signal_view(self)

    def place_electrode(self, x_um: float) -> None:
        """Put the carbon-fibre electrode at x_um from the left edge (or move it: the trace goes on)."""
        if self.amp is None:
            self.amp = Amperometry(float(x_um), self.params.seed, self.ledger.molecules_per_dot,
                                   self.params.cell_spec.leak_per_s)
        else:
            self.amp.move(x_um)

    def amperometry_view(self) -> AmperometryView | None:
        """The electrode and its trace up to now, for the screen; None without an electrode."""
        return None if self.amp is None else self.amp.view(self.t)

    def machinery_view(self) -> MachineryView:
        """The fusion machinery at the regulated release sites, for the screen (empty where there are none): built
        once a step (kept until the next step or a change of the machinery's knobs; its arrays are the view's own,
        never written to)."""
        if self._mv is None or self._mv[0] != self.steps:
            self._mv = (self.steps, self.machinery.view(self))
        return self._mv[1]

    def tirf_start(self, region_um: tuple[float, float] | None = None) -> None:
        """Start recording pHluorin in TIRF (the kymograph begins now); region_um: the region to trace."""
        if not self.phluorin.on:
            self.phluorin.start(self)
        if region_um is not None:
            self.phluorin.region = region_um

    def tirf_on(self) -> bool:
        """Whether the TIRF kymograph is being recorded (a light check; tirf_view() builds the picture)."""
        return bool(self.phluorin.on)

    def tirf_view(self) -> TirfView:
        """The TIRF kymograph, the region's ΔF/F0 trace and the flashes, for the screen (empty until started)."""
        return self.phluorin.view(self) if self.phluorin.on else TirfView()

    def stage_counts(self) -> dict[str, int]:
        """Bodies per stage (by lower-case stage name); at regulated release sites the docked ones are split by the
        machinery's state: tethered, docked, primed, ca_bound (which then add up to Stage.DOCKED's rows)."""
        counts = np.bincount(self.ves.stage, minlength=64)
        out = {Stage(int(s)).name.lower(): int(counts[s]) for s in np.flatnonzero(counts) if s != Stage.FREE}
        if self.machinery.regulated:
            split = self.machinery.counts(self)
            split["docked"] += out.pop("docked", 0) - sum(split.values())  # docked with no machinery state
            out.update({k: n for k, n in split.items() if n})
        return out

    def stats(self) -> dict:
        """A JSON-ready summary: mode, seed, times, events, ledger, series."""
        led = self.ledger
        out = {
            "mode": self.params.mode,
            "cell": self.params.cell_spec.name,
            "seed": self.params.seed,
            "sim_time_s": round(self.t, 6),
            "playback_s": round(self.playback_s, 6),
            "time_scale": self.mech.time_scale,
            "vesicle_pool": self.pool,
            "experiments": [{"name": k, "since_s": round(t, 6)} for k, t in self.since.items()],
            "calcium_mM": self.params.calcium_mm,
            "events": dict(sorted(self.events.items())),
            "plasma_membrane_um2": round(led.pm_um2, 6),
            "plasma_membrane_initial_um2": round(led.pm_initial_um2, 6),
            "membrane_added_um2": round(led.pm_added_um2, 6),
            "membrane_endocytosed_um2": round(led.pm_removed_um2, 6),
            "capacitance_pF": round(led.capacitance_pf, 6),
            "cargo": {
                "loaded_dots": led.cargo_loaded,
                "released_dots": led.cargo_released,
                "degraded_dots": led.cargo_degraded,
                "in_vesicles_dots": int(self.ves.cargo[self.ves.alive].sum()),
                "molecules_per_dot": led.molecules_per_dot,
            },
            "surface_proteins": {
                "delivered": self.surface.proteins_delivered,
                "in_view": int(self.surface.prot_x.size),
                "diffused_out_of_view": self.surface.proteins_left_view,
                "taken_in_by_endocytosis": self.surface.proteins_taken,
            },
            "stage_counts": self.stage_counts(),
            "turnover": self.turnover.stats(self),
            "series": self.series,
        }
        if self.phluorin.on:
            out["tirf"] = self.phluorin.stats(self)
        out.update(self.mech.extra_stats(self))
        if self.amp is not None:
            out["amperometry"] = self.amp.stats()
        return out
