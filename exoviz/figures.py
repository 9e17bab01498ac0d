"""A run's figures, what the bench compares between runs: releases, full fusions, area change, exosomes and
cargo dots per release, synchronous and asynchronous releases, the chance of synchronous release per spike
(--repeat's summary and the results card of predict-then-look read them here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exoviz.sim.world import World

# The events that are one release of cargo in each mode (a kiss counts), and the figures of a run.
RELEASES = {"full-fusion": ("full_fusion",), "kiss-and-run": ("kiss_and_run", "full_fusion"),
            "exosome": ("mvb_fusion",)}
FIGURES = ("releases", "fusions", "area_change_um2", "exosomes", "cargo_per_release", "synchronous", "asynchronous",
           "p_sync")


def releases(world: World) -> int:
    """Releases of the world's own mode so far (the events in RELEASES)."""
    return sum(int(world.events.get(k, 0)) for k in RELEASES[world.params.mode])


def figures(world: World) -> dict[str, float]:
    """One run's numbers."""
    ev = world.events
    n = releases(world)
    return {"releases": n,
            "fusions": ev.get("full_fusion", 0),
            "area_change_um2": round(world.ledger.pm_um2 - world.ledger.pm_initial_um2, 6),
            "exosomes": ev.get("exosome_release", 0),
            "cargo_per_release": round(world.ledger.cargo_released / n, 4) if n else 0.0,
            **{k: world.machinery.latency[k] for k in ("synchronous", "asynchronous")},
            "p_sync": round(world.machinery.p_sync(), 8)}
