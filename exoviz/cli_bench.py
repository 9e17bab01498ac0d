"""The experiment bench's flags (--experiment, --calcium-mm, --compare-experiment, --repeat, --doses) and their
checks: one line and exit 2 for anything wrong, before any step (cli.parse calls these)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from exoviz.experiments import EXPERIMENTS, unknown
from exoviz.i18n import _
from exoviz.options import UsageError
from exoviz.params import Params


def add_bench_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--calcium", default=None, help="on (default): Ca²⁺ in the extracellular fluid; off: a "
                   "Ca²⁺-free medium, in which a wound cannot reseal (the experiment calcium-free)")
    p.add_argument("--calcium-mm", default=None, help="extracellular Ca²⁺, 0-10 mM (default 2): release rises with "
                   "about its 4th power at low values")
    p.add_argument("--experiment", action="append", default=None, metavar="NAME", help="apply an experiment "
                   "(repeatable): " + ", ".join(EXPERIMENTS))


def with_experiments(params: Params, names: Sequence[str]) -> Params:
    """params with each named experiment applied (a flag given beats the script's list); UsageError for an
    unknown name or one given twice (mode, cell and clashes: Params.validate)."""
    for k, name in enumerate(names):
        if name not in EXPERIMENTS:
            raise UsageError(unknown(name))
        if name in names[:k]:
            raise UsageError(_("experiment {name} is given twice").format(name=name))
        params = params.with_experiment(name, True)
    return params
