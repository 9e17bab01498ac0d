"""python -m exoviz.bench [--quick] [--json] [--only SECTIONS]: every speed figure of issue 13 in one run."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from exoviz.bench import discs, export, frames, modes, report, respond, startup  # noqa: E402
from exoviz.bench.timing import load, machine  # noqa: E402

SECTIONS = ("physics", "modes", "frames", "export", "presets", "startup", "respond")
MODES = ("full-fusion", "kiss-and-run", "exosome")
SCAN_POOLS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def plan(quick: bool, repeats: int) -> dict:
    """Sizes and repetitions: the full run, or a smoke run of tiny sizes (seconds, for a test)."""
    if quick:
        return {"physics": ((200, 3), (1_000, 3)), "pool": 300, "mode_steps": 3, "mode_warmup": 1,
                "frames": ((200, 2_000, (640, 360)),), "frame_repeats": 3,
                "export": (((320, 240), 1.0),), "export_runs": 1, "presets": ((320, 240), 10, ("ultrafast",)),
                "startup_runs": 1, "respond": (("full-fusion", (640, 360), respond.QUICK),)}
    return {"physics": ((1_000, repeats), (10_000, repeats), (100_000, max(3, repeats // 6))),
            "pool": None, "mode_steps": 20, "mode_warmup": 3,
            "frames": ((2_000, 0, (1920, 1080)), (10_000, 50_000, (1920, 1080))), "frame_repeats": repeats,
            "export": (((1920, 1080), 10.0), ((1280, 720), 10.0)), "export_runs": 3,
            "presets": ((1920, 1080), 150, ("ultrafast", "superfast", "veryfast", "faster")), "startup_runs": 5,
            "respond": tuple((m, (1280, 720), respond.PRESSES) for m in MODES)}


def run(sections: tuple[str, ...], quick: bool, repeats: int, scan: bool, log) -> dict:
    p = plan(quick, repeats)
    res: dict = {"machine": machine(), "quick": quick}
    t0 = time.perf_counter()
    if "physics" in sections:
        log("physics ...")
        res["physics"] = [discs.compare(n, steps) for n, steps in p["physics"]]
        if res["physics"] and res["physics"][0]["pymunk_ms"] is None:
            res["physics_note"] = "pymunk is not installed (pip install -r requirements-bench.txt); column skipped"
    if "modes" in sections:
        log("modes ...")
        res["modes"] = [modes.measure(m, p["pool"] or modes.largest_pool(m), p["mode_warmup"], 15.0, p["mode_steps"])
                        for m in MODES]
        if scan:
            res["pool_scan"] = [modes.largest_meeting(m, tuple(q for q in SCAN_POOLS if q <= modes.largest_pool(m)))
                                for m in MODES]
    if "frames" in sections:
        log("frames ...")
        res["frames"] = [frames.bench(n, d, size, p["frame_repeats"]) for n, d, size in p["frames"]]
    if "export" in sections:
        log("export ...")
        res["export"] = [export.cli_record(size, dur, 30, p["export_runs"]) for size, dur in p["export"]]
    if "presets" in sections:
        log("presets ...")
        size, n, presets = p["presets"]
        res["presets"] = export.preset_table(size, n, presets)
    if "startup" in sections:
        log("start-up ...")
        res["startup"] = startup.bench(p["startup_runs"], breakdown=not quick)
    if "respond" in sections:
        log("responsiveness ...")
        res["respond"] = [r for m, size, presses in p["respond"] for r in respond.measure(m, size, presses)]
    res["load_at_end"] = load()
    res["took_s"] = time.perf_counter() - t0
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m exoviz.bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one repetition: a smoke run of every part")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    ap.add_argument("--repeats", type=int, default=30, help="timed steps/frames per figure (median reported)")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of: {', '.join(SECTIONS)}")
    ap.add_argument("--pool-scan", action="store_true", help="also find each mode's largest pool within 40 ms")
    ap.add_argument("--profile-frame", action="store_true",
                    help="print a cProfile of 30 whole frames (1920x1080, 10k vesicles, 50k dots) and stop")
    a = ap.parse_args(argv)
    sections = tuple(s.strip() for s in a.only.split(",") if s.strip())
    bad = [s for s in sections if s not in SECTIONS]
    if bad or a.repeats < 1:
        what = f"unknown section {bad[0]!r}" if bad else f"--repeats must be at least 1, got {a.repeats}"
        print(f"exoviz bench: {what}; sections are {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    if a.profile_frame:
        print(frames.profile(10_000, 50_000, (1920, 1080)))
        return 0
    log = (lambda s: print(s, file=sys.stderr, flush=True)) if not a.json else (lambda s: None)
    res = run(sections, a.quick, a.repeats, a.pool_scan, log)
    print(json.dumps(res, indent=1) if a.json else report.render(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
