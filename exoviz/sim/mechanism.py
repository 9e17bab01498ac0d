"""The mechanism for each mode: create(mode) imports its class (explicitly, on first use) and makes one.

The interface every mechanism implements is the Mechanism protocol (exoviz.sim.model); it is re-exported here.
"""

from __future__ import annotations

from exoviz.sim.model import Mechanism

__all__ = ["Mechanism", "create", "mechanism_class"]


def mechanism_class(mode: str) -> type[Mechanism]:
    """The mechanism class of a mode name (KeyError for an unknown one). Each mode's module is imported only
    when first asked for, so a run loads only its own mode's model (the window warms the others later)."""
    if mode == "full-fusion":
        from exoviz.sim.full_fusion import FullFusion

        return FullFusion
    if mode == "kiss-and-run":
        from exoviz.sim.kiss_and_run import KissAndRun

        return KissAndRun
    if mode == "exosome":
        from exoviz.sim.exosome import ExosomeRelease

        return ExosomeRelease
    raise KeyError(mode)


def create(mode: str) -> Mechanism:
    """A new mechanism for a mode (one of exoviz.modes.MODES)."""
    return mechanism_class(mode)()
