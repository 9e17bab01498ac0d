"""The experiment bench's flags (--experiment, --calcium-mm, --compare-experiment, --repeat, --doses) and their
checks: one line and exit 2 for anything wrong, before any step (cli.parse calls these)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from exoviz.experiments import EXPERIMENTS, unknown
from exoviz.i18n import _
from exoviz.investigations import INVESTIGATIONS
from exoviz.investigations import unknown as unknown_investigation
from exoviz.options import UsageError
from exoviz.params import Params

# --doses alone: a quarter of normal extracellular Ca²⁺ up to normal (exoviz.repeat fits the slope up to 1 mM)
DEFAULT_DOSES = (0.25, 0.35, 0.5, 0.7, 1.0, 2.0)

MAX_REPEAT = 1000


def add_bench_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--calcium", default=None, help="on (default): Ca²⁺ in the extracellular fluid; off: a "
                   "Ca²⁺-free medium, in which a wound cannot reseal (the experiment calcium-free)")
    p.add_argument("--calcium-mm", default=None, help="extracellular Ca²⁺, 0-10 mM (default 2): release rises with "
                   "about its 4th power at low values")
    p.add_argument("--experiment", action="append", default=None, metavar="NAME", help="apply an experiment "
                   "(repeatable): " + ", ".join(EXPERIMENTS))
    p.add_argument("--compare-experiment", default=None, metavar="NAME", help="control beside treatment: the same "
                   "cell run twice from t = 0 with the same seed, untreated and with this experiment (key E)")
    p.add_argument("--investigate", nargs="?", const="", default=None, metavar="NAME", help="guided investigations "
                   "for students: the start page (key N), or one investigation's scene: " + ", ".join(INVESTIGATIONS))
    p.add_argument("--repeat", default=None, metavar="N", help="run the scene headless over N seeds (1-1000; control "
                   "and treated with --experiment) and write a summary to --csv PATH")
    p.add_argument("--doses", default=None, nargs="?", const=",".join(map(str, DEFAULT_DOSES)), metavar="LIST",
                   help="with --repeat: a Ca²⁺ dose-response over these extracellular concentrations, mM (default "
                   "0.25,0.35,0.5,0.7,1,2); the log-log slope is fitted over the doses up to 1 mM")
    p.add_argument("--frame-time", action="store_true", help="show each frame's time (CPU and wall ms, and the "
                   "90th percentile of the last 120 frames) at the bottom of the window's scene")


def bench_options(a: argparse.Namespace, params: Params) -> dict[str, Any]:
    """The bench's fields of Options from the parsed flags; UsageError (one line) for anything wrong."""
    out: dict[str, Any] = {"frame_time": a.frame_time}
    name = a.compare_experiment
    if name is not None:
        if name not in EXPERIMENTS:
            raise UsageError(unknown(name))
        problem = params.with_experiment(name, True).validate()
        if problem:
            raise UsageError(problem)
        if a.walkthrough is not None:
            raise UsageError(_("--walkthrough follows one body in one scene; leave out --compare-experiment"))
        out["compare_experiment"] = name
    if a.investigate is not None:
        if a.investigate and a.investigate not in INVESTIGATIONS:
            raise UsageError(unknown_investigation(a.investigate))
        if name is not None or a.walkthrough is not None or a.repeat is not None:
            raise UsageError(_("--investigate opens its own scene: leave out --compare-experiment, --walkthrough "
                               "and --repeat"))
        out["investigate"] = a.investigate
    if a.repeat is not None:
        try:
            n = int(a.repeat)
        except ValueError:
            n = 0
        if not 1 <= n <= MAX_REPEAT:
            raise UsageError(_("--repeat must be a whole number from 1 to {hi}, got {text!r}").format(
                hi=MAX_REPEAT, text=a.repeat))
        if a.duration is None or a.csv is None:
            raise UsageError(_("--repeat needs --duration S and --csv PATH (the summary of the runs)"))
        if a.record is not None or a.walkthrough is not None or a.screenshot is not None or name is not None:
            raise UsageError(_("--repeat runs without drawing: leave out --record, --walkthrough, --screenshot "
                               "and --compare-experiment"))
        out["repeat"] = n
    if a.doses is not None:
        if a.repeat is None:
            raise UsageError(_("--doses needs --repeat N"))
        out["doses"] = _doses(a.doses)
    return out


def _doses(text: str) -> tuple[float, ...]:
    try:
        doses = tuple(float(x) for x in text.split(","))
    except ValueError:
        doses = ()
    if not doses or len(doses) > 20 or any(not 0.0 < d <= 10.0 for d in doses):
        raise UsageError(_("--doses must be a list of 1 to 20 concentrations from 0 (excluded) to 10 mM, e.g. "
                           "0.5,1,2; got {text!r}").format(text=text))
    return doses

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
