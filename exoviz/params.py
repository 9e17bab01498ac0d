"""Run parameters: mode, cell, tunable values with units and allowed ranges (shared by CLI, UI, scripts)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from exoviz import experiments
from exoviz.i18n import _
from exoviz.modes import MODES, SPECS, CellSpec, cell_for, cell_problem

# Playback speed multipliers offered by the UI and keys - / + (1.0 = the mode's base playback factor).
SPEEDS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True)
class Range:
    """An allowed closed interval for a parameter, with its unit and a one-line meaning."""

    lo: float
    hi: float
    unit: str
    meaning: str
    integer: bool = False
    toggle: bool = False  # an on/off setting (1/0; the CLI also takes on/off, a script true/false)

    def check(self, name: str, value: float) -> str | None:
        """Return a one-line error if value is outside the range (or not integral), else None."""
        if self.toggle and value not in (0, 1):
            return f"{name} must be on or off (1 or 0), got {value!r}"
        if self.integer and float(value) != int(value):
            return f"{name} must be a whole number from {self.lo:g} to {self.hi:g}, got {value!r}"
        if not (self.lo <= value <= self.hi):
            unit = f" {self.unit}" if self.unit else ""
            return f"{name} must be from {self.lo:g} to {self.hi:g}{unit}, got {value!r}"  # as given
        return None


# Every tunable value: name -> range. The CLI flags, sliders and scene scripts use these names.
RANGES: dict[str, Range] = {
    "vesicles": Range(1, 100_000, "", "vesicles kept in the scene (pool size)", integer=True),
    "budding_rate": Range(0.0, 50.0, "/s", "vesicles budding from the Golgi per second (sim time)"),
    "stimulus_rate": Range(0.0, 10.0, "/s", "Ca²⁺ stimuli per second in a secretory cell (0: granules wait)"),
    "firing_rate": Range(0.0, 50.0, "Hz", "action potentials per second at the synapse"),
    "full_fusion_fraction": Range(0.0, 1.0, "", "share of synaptic releases that fully fuse"),
    "lysosome_fraction": Range(0.0, 1.0, "", "share of MVBs sent to a lysosome instead"),
    "endocytosis_rate": Range(0.0, 5.0, "µm²/s", "membrane taken in per second (sim time) by constitutive "
                              "endocytosis; balance adds what exocytosis brings (default: the cell's own)"),
    "balance": Range(0, 1, "", "membrane balance: endocytosis and recycling follow exocytosis (1 on, 0 off)",
                     integer=True, toggle=True),
    "calcium": Range(0, 1, "", "Ca²⁺ in the extracellular fluid (1 normal, 0 Ca²⁺-free: wounds cannot reseal)",
                     integer=True, toggle=True),
    "calcium_mm": Range(0.0, 10.0, "mM", "extracellular Ca²⁺ concentration (normal 2 mM; regulated release rises "
                        "with about its 4th power at low values: a dose-response)"),
    "electrode_um": Range(-1000.0, 1000.0, "µm", "a carbon-fibre electrode on the cell surface, µm from the scene's "
                          "left edge (full fusion: amperometry)"),
}
NORMAL_CALCIUM_MM = 2.0  # extracellular Ca²⁺ of a normal medium (Ringer's, culture media: 1.8-2.5 mM)
TOGGLE_WORDS = {"on": 1, "off": 0, "true": 1, "false": 0, "yes": 1, "no": 0, "1": 1, "0": 0}



def no_oxidizable_cargo() -> str:
    """Why the amperometry electrode is not offered here, in one line (flag, key and script say the same)."""
    return _("Amperometry: no oxidizable cargo in this cell; try --cell chromaffin")

@dataclass(frozen=True)
class Params:
    """Everything that shapes a run. Replace (dataclasses.replace) to change; never mutate."""

    mode: str = "full-fusion"
    seed: int = 0
    vesicles: int | None = None  # None: the mode's own default pool size
    cell: str = ""  # a cell preset (modes.CELLS) of this mode; "" = the mode's default cell
    budding_rate: float = 2.0
    stimulus_rate: float = 0.2  # a stimulus every 5 s: a newcomer sees fusions within the first 10 s
    firing_rate: float = 50.0  # a 50 Hz train (illustrative): shown ×1/50, a spike every 1 s and a release in
    # every 5 s of playback (at 1 Hz the screen waited 50 s between spikes; at 30 Hz a 5 s stretch could pass empty)
    full_fusion_fraction: float = 0.4  # a hippocampal-like bouton, where many releases were seen as kiss-and-run
    # (Aravanis et al. 2003; Zhang et al. 2009); at most synapses full collapse dominates (the share is debated)
    lysosome_fraction: float = 0.5  # illustrative: no measured share (science.md: MVB fate)
    endocytosis_rate: float | None = None  # µm²/s; None: the cell's own (CellSpec.endocytosis_um2_s)
    balance: int = 1  # 1: endocytosis and recycling follow exocytosis (the area holds); 0: fixed rate (it drifts)
    calcium: int = 1  # extracellular Ca²⁺ present (0: a Ca²⁺-free medium; wounds cannot reseal): the registry's
    # calcium-free experiment is stored here (so --calcium off, the Ca²⁺ toggle and scripts keep working)
    calcium_mm: float = NORMAL_CALCIUM_MM  # extracellular Ca²⁺ when present, mM (the dose of a dose-response)
    electrode_um: float | None = None  # amperometry: the carbon fibre's axis, µm from the scene's left edge
    experiments: tuple[str, ...] = ()  # applied experiments (exoviz.experiments), calcium-free excepted

    def validate(self) -> str | None:
        """Return the first problem as a one-line message, or None when all values are allowed."""
        if self.mode not in MODES:
            return _("unknown mode {value!r}; choose one of: {choices}").format(value=self.mode,
                                                                                choices=", ".join(MODES))
        problem = cell_problem(self.mode, self.cell)
        if problem:
            return problem
        for f in fields(self):
            rng = RANGES.get(f.name)
            if rng is not None and getattr(self, f.name) is not None:
                problem = rng.check(f.name.replace("_", "-"), getattr(self, f.name))
                if problem:
                    return problem
        if self.electrode_um is not None and not self.cell_spec.oxidizable:
            return no_oxidizable_cargo()
        problem = experiments.problem(self.applied, self.mode, self.cell_spec.name)
        if problem:
            return problem
        top = SPECS[self.mode].max_pool
        if self.vesicles is not None and self.vesicles > top:
            return _("vesicles must be from 1 to {top} in {mode} mode (a larger pool cannot step within 40 ms), "
                     "got {n:g}").format(top=top, mode=self.mode, n=self.vesicles)
        return None

    @property
    def applied(self) -> tuple[str, ...]:
        """Every experiment applied, in the order given: calcium-free first when the medium is Ca²⁺-free."""
        return (() if self.calcium else ("calcium-free",)) + tuple(e for e in self.experiments if e != "calcium-free")

    def has(self, name: str) -> bool:
        """Whether an experiment is applied."""
        return name in self.applied

    def fitted(self) -> Params:
        """A copy keeping only the experiments that act in its mode and cell (another mode or cell was chosen)."""
        keep = tuple(e for e in self.experiments if experiments.applies(e, self.mode, self.cell_spec.name))
        return self if keep == self.experiments else replace(self, experiments=keep)

    def with_experiment(self, name: str, on: bool) -> Params:
        """A copy with one experiment applied or removed (calcium-free sets the calcium toggle)."""
        if name == "calcium-free":
            return replace(self, calcium=0 if on else 1)
        rest = tuple(e for e in self.experiments if e != name)
        return replace(self, experiments=rest + ((name,) if on else ()))

    @property
    def cell_spec(self) -> CellSpec:
        """The cell this run shows: the named preset, or the mode's default cell."""
        return cell_for(self.mode, self.cell)

    @property
    def endocytosis_um2_s(self) -> float:
        """The constitutive endocytosis rate of this run: the set one, else the cell's own, µm²/s."""
        return float(self.cell_spec.endocytosis_um2_s if self.endocytosis_rate is None else self.endocytosis_rate)

    def with_value(self, name: str, value: float) -> Params:
        """A copy with one tunable value changed (clamped into its allowed range)."""
        rng = RANGES[name]
        hi = min(rng.hi, SPECS[self.mode].max_pool) if name == "vesicles" and self.mode in SPECS else rng.hi
        v = min(max(float(value), rng.lo), hi)
        changes: dict[str, Any] = {name: int(round(v)) if rng.integer else v}  # name: a field, checked in RANGES
        return replace(self, **changes)
