"""The interface every exocytosis mechanism implements; exoviz.modes names the class for each mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from exoviz.modes import spec

if TYPE_CHECKING:
    from exoviz.i18n import Text
    from exoviz.sim.scene import Scene
    from exoviz.sim.signal_view import SignalView
    from exoviz.sim.world import World


class Mechanism(Protocol):
    """One way of exporting material. World calls these; the renderer reads `scene` and stages."""

    time_scale: float  # simulated seconds per playback second at speed x1 (e.g. 0.05 = 1/20 real)
    default_pool: int  # default for params.vesicles
    scene: Scene

    def setup(self, world: World) -> None:
        """Build the scene and the initial bodies (using world.rng only)."""

    def step(self, world: World, dt: float) -> None:
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

    def featured(self, world: World) -> int:
        """uid of a body worth following now (for captions), or -1."""

    def extra_stats(self, world: World) -> dict:
        """Mode-specific entries merged into World.stats() (JSON-ready); {} when there are none."""

    def readout(self, world: World) -> list[Text]:
        """Mode-specific lines for the readout panel (stimuli and Ca²⁺, releases per spike, fate shares), as
        untranslated messages (exoviz.i18n.Msg: the screen translates them)."""

    def compressed(self, world: World) -> list[Text]:
        """What runs faster than real beyond the playback factor, and by how much (shown under the clock)."""

    def signal_view(self, world: World) -> SignalView:
        """Ca²⁺ and the postsynaptic response now, for the screen (SignalView() where there are none)."""


def create(mode: str) -> Mechanism:
    """A new mechanism for a mode, as named in the one mode table (exoviz.modes)."""
    return spec(mode).mechanism_class()
