"""A scene script's experiments: the top-level `experiments = [...]` list and the `experiment` event that adds or
removes one (`experiment = { add = "dynasore" }` / `{ remove = "dynasore" }`); names checked against the registry
(exoviz.experiments). Whether they apply to the run's mode and cell is checked with the run's Params (cli)."""

from __future__ import annotations

from typing import Any

from exoviz.experiments import EXPERIMENTS

EVENT_KEYS = ("add", "remove")


def _name(c: Any, v: Any, label: str, key: str, where: dict[str, Any]) -> str:
    if not isinstance(v, str) or v not in EXPERIMENTS:
        shown = repr(v) if isinstance(v, str) else type(v).__name__
        raise c.fail(f"{label} must be one of {', '.join(EXPERIMENTS)}, got {shown[:60]}", key, **where)
    return v


def experiment_list(c: Any, v: Any) -> tuple[str, ...]:
    """`experiments = ["dynasore", ...]`: known names, each once."""
    if not isinstance(v, list):
        raise c.fail(f"experiments must be a list of names, e.g. [\"dynasore\"]; got {type(v).__name__}",
                     "experiments")
    names = tuple(_name(c, x, "each of experiments", "experiments", {}) for x in v)
    twice = [n for k, n in enumerate(names) if n in names[:k]]
    if twice:
        raise c.fail(f"experiments names {twice[0]} twice", "experiments")
    return names


def experiment_event(c: Any, v: Any, num: str, where: dict[str, Any]) -> tuple[str, bool]:
    """An `experiment` event's value: (name, True to add / False to remove)."""
    table = c.table(v, f"{num} experiment", EVENT_KEYS, key="experiment", **where)
    if len(table) != 1:
        raise c.fail(f"{num} experiment needs one of add = \"NAME\" or remove = \"NAME\"", "experiment", **where)
    (key, name), = table.items()
    return _name(c, name, f"{num} experiment {key}", key, where), key == "add"
