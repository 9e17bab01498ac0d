"""--repeat N: the scene run headless over N seeds for each condition (control and treated with an experiment, or
each Ca²⁺ concentration of --doses), with a progress bar, and a summary CSV: each run's releases, full fusions,
area change, exosomes and cargo dots per release, then the mean and standard deviation of each condition; a
dose-response's log-log slope, and the doses it is fitted over (up to LOW_MM), are said on the last line and in the
CSV's last row."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from exoviz import interrupts
from exoviz.export.atomic import atomic_write
from exoviz.export.progress import Progress
from exoviz.figures import FIGURES, figures
from exoviz.options import Options
from exoviz.params import NORMAL_CALCIUM_MM, Params
from exoviz.saving import Saves, say
from exoviz.session import Session
from exoviz.session_bench import control_of
from exoviz.sim.world import STEPS_PER_PLAYBACK_S

FRAME = Fraction(1, STEPS_PER_PLAYBACK_S)
# the dose-response's slope is fitted over the doses up to LOW_MM, where synaptotagmin-1 is far from saturation
# (--doses alone: cli_bench.DEFAULT_DOSES, 0.25-2 mM, the range Dodge & Rahamimoff 1967 varied)
LOW_MM = 1.0
HEADER = ("condition", "seed", "calcium_mM", *FIGURES)


@dataclass(frozen=True)
class Condition:
    name: str  # "control", the experiments applied ("dynasore+bafilomycin"), or "calcium 0.5 mM"
    params: Params


def conditions(opts: Options) -> list[Condition]:
    """What is compared: each dose of --doses; else the control and (when anything is applied) the treated."""
    p = opts.params
    if opts.doses:
        return [Condition(f"calcium {d:g} mM", replace(p, calcium_mm=d)) for d in opts.doses]
    out = [Condition("control", control_of(p))]
    if p.applied or p.calcium_mm != NORMAL_CALCIUM_MM:
        name = "+".join(p.applied) + ("" if p.calcium_mm == NORMAL_CALCIUM_MM else f"+calcium {p.calcium_mm:g} mM")
        out.append(Condition(name.strip("+"), p))
    return out


def summary_csv(rows: list[tuple[str, int, float, dict[str, float]]],
                fit: tuple[str, dict[str, float | None]] | None = None) -> bytes:
    """Each run, then the mean and the standard deviation (n - 1) of each condition; for a dose-response, a last
    row (fit: its condition text, which says the doses fitted, and the slope of each figure fitted)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    for name, seed, ca, f in rows:
        w.writerow([name, seed, ca, *(f[k] for k in FIGURES)])
    for name in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == name]
        values = np.array([[r[3][k] for k in FIGURES] for r in mine], dtype=float)
        sd = values.std(axis=0, ddof=1) if len(mine) > 1 else np.zeros(len(FIGURES))
        for label, vals in (("mean", values.mean(axis=0)), ("sd", sd)):
            w.writerow([name, label, mine[0][2], *(round(float(x), 6) for x in vals)])
    if fit is not None:
        text, slopes = fit
        w.writerow([text, "log-log slope", "", *("" if (x := slopes.get(k)) is None else round(x, 3) for k in FIGURES)])
    return out.getvalue().encode("utf-8")


def dose_fit(doses: list[float], means: dict[float, dict[str, float]]) -> tuple[str, dict[str, float | None]]:
    """The CSV's last row of a dose-response: which doses the slopes are fitted over, and the slopes."""
    low = [d for d in doses if d <= LOW_MM]
    where = f"dose-response fitted over {min(low):g}-{max(low):g} mM" if low else "dose-response: no dose up to 1 mM"
    return where, {k: slope(doses, [means[d][k] for d in doses], LOW_MM) for k in ("p_sync", "releases")}


def slope(doses: list[float], values: list[float], upto: float = math.inf) -> float | None:
    """The dose-response's log-log slope, least squares over the doses up to `upto` with values above 0 (None if
    there are not two)."""
    pts = np.array(sorted((d, r) for d, r in zip(doses, values) if r > 0 and d <= upto), dtype=float)
    if len(pts) < 2 or np.ptp(pts[:, 0]) == 0:
        return None
    if len(pts) == 2:
        return math.log(pts[1, 1] / pts[0, 1]) / math.log(pts[1, 0] / pts[0, 0])
    return float(np.polyfit(np.log(pts[:, 0]), np.log(pts[:, 1]), 1)[0])


def dose_line(doses: list[float], means: dict[float, dict[str, float]]) -> str:
    """What the dose-response says: the slope of synaptotagmin-1's synchronous release probability over the low
    doses (the Dodge & Rahamimoff relation), and the whole-run releases' slope beside it."""
    low = [d for d in doses if d <= LOW_MM]
    fast = slope(doses, [means[d]["p_sync"] for d in doses], LOW_MM)
    runs = slope(doses, [means[d]["releases"] for d in doses], LOW_MM)
    if fast is None and runs is None:
        return "no slope: fewer than two doses up to 1 mM gave releases"
    where = f"fitted over the {len(low)} doses {min(low):g}-{max(low):g} mM (up to {LOW_MM:g} mM)"
    text = (f"log-log slope {fast:.2f} of the synchronous release probability per ready vesicle "
            f"(synaptotagmin-1, in the synchronous window after each stimulus), {where}" if fast is not None
            else f"slopes {where}")
    if runs is not None:
        k = sum(1 for d in low if means[d]["releases"] > 0)  # a dose with no release has no logarithm
        text += (f"; whole-run releases {runs:.2f} over the {k} of them with releases (asynchronous and "
                 "spontaneous release and depletion flatten "
                 "it, and few releases at low doses make it noisy)")
    return text


def run_repeat(opts: Options) -> int:
    """Run every condition over opts.repeat seeds, write the summary to opts.csv; exit code."""
    conds = conditions(opts)
    frames = int(round((opts.duration or 0.0) * STEPS_PER_PLAYBACK_S))
    bar = Progress(frames * len(conds) * opts.repeat, STEPS_PER_PLAYBACK_S, quiet=opts.quiet, label="repeating",
                   interval=5.0, playback=True, summary=False)
    rows: list[tuple[str, int, float, dict[str, float]]] = []
    try:
        for cond in conds:
            for k in range(opts.repeat):
                seed = (cond.params.seed + k) % 2**32
                session = Session(replace(opts, params=replace(cond.params, seed=seed), compare_experiment=None))
                for _ in range(frames):
                    if interrupts.requested():
                        break
                    session.tick(FRAME, realtime=False)
                    bar.advance()
                if interrupts.requested():
                    break
                rows.append((cond.name, seed, cond.params.calcium_mm, figures(session.world)))
    finally:
        bar.close()
    saves = Saves()
    target = opts.csv
    assert target is not None
    means = {c.name: float(np.mean([r[3]["releases"] for r in rows if r[0] == c.name] or [0])) for c in conds}
    line = "; ".join(f"{name}: {m:.3g} releases on average" for name, m in means.items())
    fit = None
    if opts.doses:
        per = {d: {k: float(np.mean([r[3][k] for r in rows if r[0] == c.name] or [0])) for k in ("p_sync", "releases")}
               for d, c in zip(opts.doses, conds)}
        line += "; " + dose_line(list(opts.doses), per)
        fit = dose_fit(list(opts.doses), per)
    table = summary_csv(rows, fit)
    saves.attempt(target, lambda: atomic_write(target, table, opts.overwrite))
    if interrupts.requested():
        say(f"stopped by {interrupts.name()} after {len(rows)} runs; {saves.summary()}")
        return interrupts.exit_code()
    if saves.failed:
        say(saves.failure_line())
        return 2
    say(f"{len(rows)} runs ({opts.repeat} seeds × {len(conds)} conditions); {line}; {saves.summary()}")
    return 0
