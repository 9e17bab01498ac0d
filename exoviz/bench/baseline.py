"""The bench's memory of this machine: --record-baseline keeps each figure of a run in a local file (outside git),
--check compares a run's figures with it and lists every figure more than 25 % worse."""

from __future__ import annotations

import json
import os
import platform
import re
import time
from pathlib import Path

WORSE = 1.25  # a figure this much worse than the baseline is reported
# Figures (by name prefix) below which a change is noise, not a regression: a key's worst frame is one frame, on a
# shared machine 5 ms one run and 20 the next; what the README claims is "no frame over 50 ms"
FLOORS = {"respond ": 25.0}

# A figure: name -> (value, True when higher is better).
Figures = dict[str, tuple[float, bool]]


def path() -> Path:
    """The baseline file of this machine: $EXOVIZ_BENCH_BASELINE, else under the user's cache folder, per host."""
    given = os.environ.get("EXOVIZ_BENCH_BASELINE")
    if given:
        return Path(given)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    host = re.sub(r"[^A-Za-z0-9_.-]", "_", platform.node() or "this-machine")
    return cache / "exoviz" / f"bench-baseline-{host}.json"


def _put(out: Figures, name: str, value, higher_better: bool = False) -> None:
    if isinstance(value, int | float) and value == value and value > 0:  # not None, not NaN
        out[name] = (float(value), higher_better)


def figures(res: dict) -> Figures:
    """Every comparable figure of a bench result, by a stable name (CPU times where the bench has them)."""
    out: Figures = {}
    for r in res.get("physics", []):
        n = f"physics {r['vesicles']}"
        _put(out, f"{n} exoviz CPU ms", r.get("exoviz_cpu_ms") or r.get("exoviz_ms"))
        _put(out, f"{n} pymunk/exoviz", r.get("pymunk_over_exoviz"), True)
        _put(out, f"{n} python/exoviz", r.get("python_over_exoviz"), True)
    for r in res.get("modes", []):
        _put(out, f"modes {r['mode']} {r['pool']} step ms", r.get("step_ms"))
    for r in res.get("frames", []):
        n = f"frame {r['size']} {r['vesicles']} vesicles {r['dots']} dots"
        for k in ("frame_cpu_ms", "draw_cpu_ms", "step_cpu_ms"):
            _put(out, f"{n} {k}", r.get(k))
    for r in res.get("scenes", []):
        n = f"scene {r['cell']} {r['size']} {r['theme']}"
        _put(out, f"{n} median CPU ms", r.get("median_cpu_ms"))
        _put(out, f"{n} p90 CPU ms", r.get("p90_cpu_ms"))
    for r in res.get("export", []):
        _put(out, f"export {r['size']} real time x", r.get("realtime_x"), True)
    for r in res.get("presets", []):
        _put(out, f"preset {r['preset']} {r['input']} CPU s", r.get("cpu_s"))
    if "startup" in res:
        _put(out, "start-up s", res["startup"].get("first_frame_s"))
    for r in res.get("respond", []):
        _put(out, f"respond {r['mode']} {r['press']} worst CPU ms", r.get("worst_cpu_ms"))
    return out


def record(res: dict, where: Path | None = None) -> tuple[Path, int]:
    """Keep this run's figures as the baseline (figures it did not measure keep their earlier value)."""
    where = where or path()
    old = load(where) or {}
    m = res.get("machine", {})
    stamp = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "load": m.get("load_at_start"),
             "reference_ms": m.get("reference_ms_at_start")}  # the host's speed then (timing.reference_ms)
    for name, (value, higher) in figures(res).items():
        old[name] = {"value": value, "higher_is_better": higher, **stamp}
    where.parent.mkdir(parents=True, exist_ok=True)
    tmp = where.with_name(where.name + ".tmp")
    tmp.write_text(json.dumps(old, indent=1, sort_keys=True))
    tmp.replace(where)
    return where, len(figures(res))


def load(where: Path | None = None) -> dict | None:
    """The recorded figures, or None when there is no (readable) baseline."""
    try:
        data = json.loads((where or path()).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def compare(res: dict, base: dict, worse: float = WORSE) -> tuple[list[str], int]:
    """(a line for every figure more than `worse` times worse than its baseline, figures compared)."""
    lines, n = [], 0
    for name, (value, higher) in figures(res).items():
        b = base.get(name)
        if not isinstance(b, dict) or not b.get("value"):
            continue
        n += 1
        ratio = (b["value"] / value) if higher else (value / b["value"])
        floor = next((f for prefix, f in FLOORS.items() if name.startswith(prefix)), 0.0)
        if ratio > worse and (higher or value > floor):
            lines.append(f"  {name}: {value:.4g} against {b['value']:.4g} on {b.get('when', '?')} "
                         f"(load {b.get('load', '?')}, host reference {b.get('reference_ms', '?')} ms): "
                         f"{100 * (ratio - 1):.0f} % worse")
    return lines, n
