"""The benchmark's text report: one aligned table per section, with the issue's targets beside the numbers."""

from __future__ import annotations


def _ms(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms" if v < 1000 else f"{v / 1000:.2f} s"


def _x(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}×"


def _table(head: list[str], rows: list[list[str]], left: int = 0) -> list[str]:
    """Aligned columns: the first `left` ones flush left (names), the others flush right (numbers)."""
    cols = [head, *rows]
    widths = [max(len(r[i]) for r in cols) for i in range(len(head))]
    return ["  " + "  ".join(c.ljust(w) if k < left else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths)))
            for r in cols]


def _cpu(r: dict, peer: str) -> float | None:
    """A peer's median CPU ms (its wall ms where the run has no CPU time)."""
    t = r.get(f"{peer}_cpu_ms")
    return r.get(f"{peer}_ms") if t is None else t


def physics(rows: list[dict], note: str | None) -> list[str]:
    out = ["Physics step, full fusion: exoviz vs pymunk vs a per-vesicle Python loop on the same discs",
           "(same positions, radii, box, dt and number of steps, taken in turns; medians of CPU time, which does not",
           " count the time other processes held the core; ratio = peer time / exoviz time)"]
    body = [[f"{r['vesicles']:,}", f"{r['discs']:,}", str(r["steps"]), _ms(_cpu(r, "exoviz")), _ms(_cpu(r, "pymunk")),
             _x(r["pymunk_over_exoviz"]), _ms(_cpu(r, "python")), _x(r["python_over_exoviz"])] for r in rows]
    out += _table(["pool", "discs", "steps", "exoviz", "pymunk", "pymunk/exoviz", "Python loop", "Python/exoviz"],
                  body)
    wall = "; ".join(f"{r['vesicles']:,}: exoviz {_ms(r.get('exoviz_ms'))}, pymunk {_ms(r.get('pymunk_ms'))},"
                     f" Python {_ms(r.get('python_ms'))}" for r in rows)
    out.append(f"  wall-clock medians: {wall}")
    if note:
        out.append(f"  note: {note}")
    out.append("  targets: step <= 0.5 ms at 1k, <= 2 ms at 10k, <= 25 ms at 100k; >= 5x pymunk at 10k and faster"
               " at 1k; >= 10x the Python loop at 10k")
    return out


def modes(rows: list[dict], scan: list[dict] | None) -> list[str]:
    out = ["Every mode at its largest allowed pool (child process each; steps after a 3-step warm-up)"]
    body = []
    for r in rows:
        if r.get("step_ms") is None:
            body.append([r["mode"], f"{r['pool']:,}", "—", "—", "—", "—", r.get("error", "failed")])
            continue
        body.append([r["mode"], f"{r['pool']:,}", f"{r['bodies']:,}", f"{r['setup_s']:.2f} s", _ms(r["step_ms"]),
                     str(r["steps"]), "yes" if r["meets_40ms"] else "NO"])
    out += _table(["mode", "pool", "bodies", "set-up", "step", "steps", "<= 40 ms"], body, left=1)
    for s in scan or []:
        tried = ", ".join(f"{t['pool']:,}: {_ms(t['step_ms'])}" for t in s["tried"])
        best = s["largest_pool_within_40ms"]
        out.append(f"  {s['mode']}: largest pool within 40 ms = {best if best is None else f'{best:,}'}"
                   f"  ({tried})")
    return out


def frames(rows: list[dict]) -> list[str]:
    out = ["Whole frame (one step + drawing: scene, bodies, cargo dots, labels, text column; no widgets)"]
    body = [[r["size"], f"{r['vesicles']:,}", f"{r['dots']:,}", _ms(r["frame_ms"]), f"{1000 / r['frame_ms']:.0f}",
             _ms(r["draw_ms"]), _ms(r["step_ms"]), _ms(r.get("frame_cpu_ms")), _ms(r.get("draw_cpu_ms")),
             _ms(r.get("frame_best_ms"))] for r in rows]
    out += _table(["size", "vesicles", "dots", "frame", "fps", "draw alone", "step alone", "frame CPU",
                   "draw CPU", "best frame"], body)
    out.append("  target: <= 16.7 ms at 1920x1080 with 10k vesicles and 50k cargo dots")
    return out


def scenes(rows: list[dict]) -> list[str]:
    out = ["Frames as shown in a lecture: every cell preset in the real Window, widgets, chart (G) and close-up (I)",
           "(Window.frame at 60 fps: events, time, widgets, drawing; CPU time of this thread)"]
    body = [[r["cell"], r["mode"], r["size"], r["theme"], _ms(r["median_cpu_ms"]), _ms(r["p90_cpu_ms"]),
             _ms(r["worst_cpu_ms"]), "—" if r["meets_target"] is None else "yes" if r["meets_target"] else "NO"]
            for r in rows]
    out += _table(["cell", "mode", "size", "theme", "median", "p90", "worst", "p90 in target"], body, left=4)
    out.append("  targets (issue 23): p90 <= 16.7 ms at 1920x1080, <= 33 ms at 3840x2160")
    return out


def compare(rows: list[dict]) -> list[str]:
    out = ["Control beside treatment (key E, --compare-experiment): two worlds and the shared trace strip",
           "(Window.frame at 30 fps; CPU time of this thread; peer: the same cell's single view)"]
    body = [[r["cell"], r["experiment"], r["size"], _ms(r["median_cpu_ms"]), _ms(r["p90_cpu_ms"]),
             _ms(r["worst_cpu_ms"]), _ms(r["single_median_cpu_ms"]), _x(r["ratio"]),
             "yes" if r["meets_target"] else "NO"] for r in rows]
    out += _table(["cell", "experiment", "size", "median", "p90", "worst", "single view", "ratio", "p90 in target"],
                  body, left=5)
    out.append("  target (issue 27): p90 <= 33.3 ms at 1920x1080 (30 fps)")
    return out


def export(rows: list[dict], presets: list[dict]) -> list[str]:
    out = ["Export: python main.py --record X.mp4 --duration D --fps 30 --size WxH --quiet (child process, median)"]
    body = []
    for r in rows:
        if "wall_s" not in r:
            body.append([r["size"], f"{r['duration_s']:g} s", "—", "—", "—", "—", r.get("error", "failed")])
            continue
        body.append([r["size"], f"{r['duration_s']:g} s", f"{r['wall_s']:.2f} s", f"{r['cpu_s']:.2f} s",
                     _x(r["realtime_x"]), _x(r.get("best_realtime_x")), f"{r['bytes'] / 1e6:.1f} MB",
                     f"{r['runs']} runs, spread {r['spread']:.0%}"])
    out += _table(["size", "video", "wall", "CPU (all procs)", "real time", "best run", "file", "noise"], body)
    out.append("  targets: 1080p30 >= 3x real time, 720p30 >= 6x (wall includes start-up)")
    if presets:
        out.append("x264 presets (in-process: default scene, 2 steps + draw + encode per frame)")
        body = [[p["preset"], p["input"], p["size"], str(p["frames"]), f"{p['wall_s']:.2f} s", f"{p['cpu_s']:.2f} s",
                 _x(p["realtime_x"]), f"{p['bytes'] / 1e6:.2f} MB"] for p in presets]
        out += _table(["preset", "frames in as", "size", "frames", "wall", "CPU", "real time", "file"], body, left=2)
    return out


def startup(r: dict) -> list[str]:
    runs = ", ".join(f"{t:.2f}" for t in r["runs"])
    out = [f"Start-up: python main.py to the first frame on screen ({r['driver']}): {r['first_frame_s']:.2f} s"
           f"  (median of {len(r['runs'])}: {runs} s; target <= 1.5 s)"]
    if r.get("imports_ms"):
        out.append("  imports (python -X importtime, cumulative): "
                   + ", ".join(f"{name} {ms:.0f} ms" for name, ms in r["imports_ms"]))
    return out


def respond(rows: list[dict]) -> list[str]:
    out = ["Responsiveness: the real Window, keys posted as events (controls without a key: their widget's command);"
           " the worst frame after each, wall ms (CPU ms), per mode; the target is on CPU time (a shared machine)"]
    by_press: dict[str, list[dict]] = {}
    for r in rows:
        by_press.setdefault(r["press"], []).append(r)
    modes_ = list(dict.fromkeys(r["mode"] for r in rows))
    body = []
    for press, rs in by_press.items():
        cells = {r["mode"]: f"{r['worst_ms']:.0f} ({r['worst_cpu_ms']:.0f})" for r in rs}
        body.append([press, *[cells.get(m, "—") for m in modes_]])
    out += _table(["key", *[f"{m} ms (CPU)" for m in modes_]], body, left=1)
    worst = max(rows, key=lambda r: r["worst_cpu_ms"]) if rows else None
    if worst is not None:
        out.append(f"  worst frame: {worst['worst_cpu_ms']:.0f} ms CPU, {worst['worst_ms']:.0f} ms wall"
                   f" ({worst['press']}, {worst['mode']}); target: no frame over 50 ms CPU")
        over = [f"{r['press']} ({r['mode']}, {r['worst_cpu_ms']:.0f})" for r in rows if not r["meets_50ms"]]
        out.append(f"  over 50 ms CPU: {', '.join(over) if over else 'none'} ({len(rows)} keys and controls measured)")
    return out


def render(res: dict) -> str:
    m = res["machine"]
    lines = [f"exoviz bench — {m['cpus']} CPUs, Python {m['python']}, numpy {m['numpy']}, pygame-ce {m['pygame-ce']},"
             f" pymunk {m['pymunk'] or 'not installed'}",
             f"load average {m['load_at_start']} at start, {res.get('load_at_end', '?')} at end "
             f"(shared machine: other work inflates wall times; medians reported)",
             f"host speed: a fixed reference work took {m.get('reference_ms_at_start', '?')} ms CPU at start, "
             f"{res.get('reference_ms_at_end', '?')} ms at end (the same work: a larger figure is a slower host then; "
             f"CPU times inflate alike)", ""]
    if "physics" in res:
        lines += physics(res["physics"], res.get("physics_note")) + [""]
    if "modes" in res:
        lines += modes(res["modes"], res.get("pool_scan")) + [""]
    if "frames" in res:
        lines += frames(res["frames"]) + [""]
    if res.get("scenes"):
        lines += scenes(res["scenes"]) + [""]
    if res.get("compare"):
        lines += compare(res["compare"]) + [""]
    if "export" in res or "presets" in res:
        lines += export(res.get("export", []), res.get("presets", [])) + [""]
    if "startup" in res:
        lines += startup(res["startup"]) + [""]
    if "respond" in res:
        lines += respond(res["respond"]) + [""]
    lines.append(f"bench took {res['took_s']:.0f} s")
    return "\n".join(lines)
