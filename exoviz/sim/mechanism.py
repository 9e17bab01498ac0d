"""The interface every exocytosis mechanism implements, and the registry that maps modes to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from exoviz.modes import spec

if TYPE_CHECKING:
    from exoviz.sim.scene import Scene
    from exoviz.sim.world import World


class Mechanism(Protocol):
    """One way of exporting material. World calls these; the renderer reads `scene` and stages."""

    time_scale: float  # simulated seconds per playback second at speed x1 (e.g. 0.05 = 1/20 real)
    default_pool: int  # default for params.vesicles
    walk_stages: tuple[int, ...]  # stages the presenter walk-through visits, in order
    scene: Scene

    def setup(self, world: World) -> None:
        """Build the scene and the initial bodies (using world.rng only)."""

    def step(self, world: World, dt: float) -> None:
        """Advance every body by dt simulated seconds: vectorized, masks for stage changes."""

    def featured(self, world: World) -> int:
        """uid of a body worth following now (for captions), or -1."""


def create(mode: str) -> Mechanism:
    """A new mechanism for a mode, as named in the one mode table (exoviz.modes)."""
    return spec(mode).mechanism_class()
