"""The world as the model's rules see it: the WorldModel and Mechanism protocols (typing only).

Every rule module of exoviz/sim (the mechanisms, fusion, cargo, turnover, ...) takes a WorldModel, and
exoviz.sim.world.World implements it. So the rules name no module above them: World imports the rules, the
rules import only this leaf (and the plain data it names), and the type hints make no import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from exoviz.i18n import Text
    from exoviz.params import Params
    from exoviz.sim.ledger import Ledger
    from exoviz.sim.machinery import Machinery
    from exoviz.sim.scene import Scene
    from exoviz.sim.signal_view import SignalView
    from exoviz.sim.state import Particles, Vesicles
    from exoviz.sim.surface import Surface


class Mechanism(Protocol):
    """One way of exporting material (one per mode). World calls these; the renderer reads `scene` and stages."""

    time_scale: float  # simulated seconds per playback second at speed x1 (e.g. 0.05 = 1/20 real)
    default_pool: int  # default for params.vesicles
    scene: Scene

    def setup(self, world: WorldModel) -> None:
        """Build the scene and the initial bodies (using world.rng only)."""

    def step(self, world: WorldModel, dt: float) -> None:
        """Advance every body by dt simulated seconds: vectorized, masks for stage changes.

        World.step has already advanced every live body's stage clock (t_stage) by dt; a mechanism never
        does. Every mechanism works in the same order:
          0. inputs (stimuli queued on the world);
          1. stage rules from the latest life stage to the earliest (e.g. COLLAPSE, RELEASE, PORE, DOCKED,
             TRANSPORT, BUDDING). Each rule moves its bodies as its stage prescribes (transport, retreat,
             drift) and decides who leaves the stage. So a body changes stage at most once per step, and
             one that has just entered a stage (t_stage 0, Vesicles.set_stage) first follows that stage's
             rule in the next step;
          2. new bodies (the pool top-up, lifecycle.top_up), given their starting size and place;
          3. shared motion (Brownian jitter, tethers) and physics.relax() of overlaps;
          4. bodies carried inside others (ILVs): 1-3 among themselves, after their parents have moved;
          5. released cargo dots.
        """

    def featured(self, world: WorldModel) -> int:
        """uid of a body worth following now (for captions), or -1."""

    def extra_stats(self, world: WorldModel) -> dict:
        """Mode-specific entries merged into World.stats() (JSON-ready); {} when there are none."""

    def readout(self, world: WorldModel) -> list[Text]:
        """Mode-specific lines for the readout panel (stimuli and Ca²⁺, releases per spike, fate shares), as
        untranslated messages (exoviz.i18n.Msg: the screen translates them)."""

    def compressed(self, world: WorldModel) -> list[Text]:
        """What runs faster than real beyond the playback factor, and by how much (shown under the clock)."""

    def signal_view(self, world: WorldModel) -> SignalView:
        """Ca²⁺ and the postsynaptic response now, for the screen (SignalView() where there are none)."""


class Neighbours(Protocol):
    """What a mechanism asks of the membrane turnover running beside it (exoviz.sim.turnover.Turnover)."""

    def movers(self, world: WorldModel) -> np.ndarray:
        """Rows of turnover bodies that make way in the mechanism's relaxation."""
        ...

    def obstacles(self, world: WorldModel) -> np.ndarray:
        """Rows of turnover bodies that hold their place (pits in the membrane)."""
        ...

    def bodies(self, world: WorldModel) -> tuple[np.ndarray, np.ndarray]:
        """(movers(world), obstacles(world)) from one pass over the pool."""
        ...


class ReleaseRecorder(Protocol):
    """What records the small molecules leaving each pore (sim.amperometry's electrode)."""

    def record(self, world: WorldModel, idx: np.ndarray, small: np.ndarray) -> None: ...


class WorldModel(Protocol):
    """Everything that moves, as the rules read and change it (exoviz.sim.world.World is the one implementation)."""

    params: Params
    rng: np.random.Generator  # the one generator: every random draw of the run
    t: float  # simulated seconds
    dt: float  # simulated seconds per step
    pool: int  # the pool size the mechanism keeps up
    ves: Vesicles
    dots: Particles
    ledger: Ledger
    events: dict[str, int]
    pending_stimuli: int
    scene: Scene
    surface: Surface
    machinery: Machinery  # the fusion machinery at regulated release sites

    @property
    def mech(self) -> Mechanism: ...

    @property
    def turnover(self) -> Neighbours: ...

    @property
    def amp(self) -> ReleaseRecorder | None: ...  # a carbon-fibre electrode on the cell (sim.amperometry), or None

    def count(self, name: str, n: int = 1) -> None:
        """Add n to the event counter `name`."""
        ...
