"""The one table of modes: for each, its mechanism, scene view, sliders, readouts, compare panel and story.

Plain data (no pygame, no NumPy): the model, the renderer, the widgets, the walk-through and the CLI all
read this table instead of keeping their own list of modes. Adding a mode is one entry here plus its
mechanism module (exoviz/sim) and its scene view (exoviz/render).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from exoviz.sim.stages import Stage


@dataclass(frozen=True)
class Slider:
    """A slider for one tunable parameter (a name in params.RANGES), within that parameter's range."""

    param: str
    label: str
    lo: float
    hi: float


@dataclass(frozen=True)
class StoryStep:
    """One stop of the presenter walk-through: a stage, and where in it to hold.

    The stop is at `at` of the way through the stage (0 = its first step), but no later than max_s playback
    seconds after it began (for the last stage, which has no end). body: "main" (the walk's body), "exosome"
    (one of the main body's ILVs once released) or "alt" (another body: an alternative fate).
    """

    stage: int
    at: float = 0.5
    max_s: float = 4.0
    body: str = "main"


@dataclass(frozen=True)
class ModeSpec:
    """Everything that differs between modes, by name. Mechanism and view are "module:Class" paths."""

    name: str  # "full-fusion": the --mode value, the script's mode
    label: str  # button text
    help: str  # what the mode shows, in a few words (help overlay, tooltips)
    key: str  # the number key that switches to it
    mechanism: str  # the model: exoviz.sim.<module>:<Class> (time scale and default pool live there)
    view: str  # the scene view: exoviz.render.<module>:<Class>
    sliders: tuple[Slider, ...]
    events: tuple[tuple[str, str], ...]  # (event key in world.events, readout label), in readout order
    story: tuple[StoryStep, ...]  # the presenter walk-through's stops, in order
    fate: str  # one line for the compare panel: what happens to the vesicle membrane
    compare_nm: float  # width of the stretch of membrane a compare panel frames, nm
    stimulus: bool = False  # whether S (stimulate) means something here
    max_pool: int = 100_000  # largest allowed --vesicles: a step stays within 40 ms (python -m exoviz.bench)

    @cached_property
    def mechanism_class(self) -> Any:
        module, cls = self.mechanism.split(":")
        return getattr(importlib.import_module(module), cls)

    @property
    def time_scale(self) -> float:
        """Simulated seconds per playback second at speed ×1."""
        return float(self.mechanism_class.time_scale)

    @property
    def default_pool(self) -> int:
        return int(self.mechanism_class.default_pool)

    @property
    def command(self) -> str:
        """The command that switches to this mode (keys and buttons issue it)."""
        return "mode_" + self.name.replace("-", "_")


SPECS: dict[str, ModeSpec] = {
    spec.name: spec
    for spec in (
        ModeSpec(
            name="full-fusion", label="Full fusion", help="full-fusion secretion", key="1",
            mechanism="exoviz.sim.full_fusion:FullFusion", view="exoviz.render.scene_full_fusion:FullFusionView",
            sliders=(Slider("vesicles", "Vesicles", 5, 2000), Slider("budding_rate", "Budding rate", 0.0, 20.0)),
            events=(("full_fusion", "Full fusions"),),
            story=(StoryStep(Stage.BUDDING, 0.6), StoryStep(Stage.TRANSPORT, 0.5), StoryStep(Stage.DOCKED, 0.5),
                   StoryStep(Stage.PORE, 0.7), StoryStep(Stage.RELEASE, 0.5), StoryStep(Stage.COLLAPSE, 0.35),
                   StoryStep(Stage.FREE, 1.0, max_s=1.5)),
            fate="vesicle membrane joins the plasma membrane", compare_nm=2500.0,
        ),
        ModeSpec(
            name="kiss-and-run", label="Kiss & run", help="kiss-and-run at a synapse", key="2",
            mechanism="exoviz.sim.kiss_and_run:KissAndRun", view="exoviz.render.scene_kiss_and_run:SynapseView",
            sliders=(Slider("vesicles", "Vesicles", 20, 1000), Slider("firing_rate", "Firing rate", 0.0, 50.0),
                     Slider("full_fusion_fraction", "Full-fusion share", 0.0, 1.0)),
            events=(("full_fusion", "Full fusions"), ("kiss_and_run", "Kiss-and-run"),
                    ("action_potential", "Action potentials")),
            story=(StoryStep(Stage.POOL, 0.9, max_s=1.0), StoryStep(Stage.DOCKED, 0.8), StoryStep(Stage.PORE, 0.6),
                   StoryStep(Stage.KISS_RELEASE, 0.5), StoryStep(Stage.PORE_CLOSED, 0.5),
                   StoryStep(Stage.RETREAT, 0.5), StoryStep(Stage.REFILL, 0.5)),
            fate="vesicle retreats: no membrane added", compare_nm=700.0,
            stimulus=True, max_pool=25_000,  # a packed cluster: 25,000 vesicles 23-29 ms per step, 40,000 ~44
        ),
        ModeSpec(
            name="exosome", label="Exosome", help="multivesicular body and exosome release", key="3",
            mechanism="exoviz.sim.exosome:ExosomeRelease", view="exoviz.render.scene_exosome:ExosomeView",
            sliders=(Slider("vesicles", "Endosomes / MVBs", 1, 40),
                     Slider("lysosome_fraction", "To lysosomes", 0.0, 1.0)),
            events=(("mvb_fusion", "MVB fusions"), ("lysosome_fusion", "Lysosome fusions"),
                    ("exosome_release", "Exosomes")),
            story=(StoryStep(Stage.ENDOSOME, 0.5), StoryStep(Stage.ILV_BUDDING, 0.6), StoryStep(Stage.MVB, 0.5),
                   StoryStep(Stage.MVB_TRANSPORT, 0.6), StoryStep(Stage.MVB_DOCKED, 0.5),
                   StoryStep(Stage.MVB_FUSION, 0.35, max_s=3.0),
                   StoryStep(Stage.EXOSOME, 1.0, max_s=1.5, body="exosome"),
                   StoryStep(Stage.TO_LYSOSOME, 0.6, body="alt"), StoryStep(Stage.DEGRADE, 0.4, body="alt")),
            fate="MVB membrane joins; ILVs leave as exosomes", compare_nm=3200.0,
            max_pool=4_000,  # with their ILVs ~35,000 bodies, 26-38 ms per step; 5,000: 33-47 ms
        ),
    )
}

MODES: tuple[str, ...] = tuple(SPECS)


def spec(mode: str) -> ModeSpec:
    """The spec of a mode name (KeyError for an unknown one; the CLI checks names first)."""
    return SPECS[mode]


def mode_for_command(command: str) -> str | None:
    """The mode a "mode_..." command switches to, or None."""
    return next((s.name for s in SPECS.values() if s.command == command), None)
