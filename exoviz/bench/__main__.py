"""python -m exoviz.bench [--quick] [--json] [--only SECTIONS] [--check] [--record-baseline]: every speed figure of
issues 13 and 23 in one run, compared with the last run recorded on this machine."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from exoviz.bench import baseline, compare, discs, export, frames, modes, report, respond, scenes, startup
from exoviz.bench.timing import load, machine, reference_ms

SECTIONS = ("physics", "modes", "frames", "compare", "export", "presets", "startup", "respond")
MODES = ("full-fusion", "kiss-and-run", "exosome")
SCAN_POOLS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def plan(quick: bool, repeats: int) -> dict:
    """Sizes and repetitions: the full run, or a smoke run of tiny sizes (seconds, for a test)."""
    if quick:
        return {"physics": ((200, 3), (1_000, 3)), "pool": 300, "mode_steps": 3, "mode_warmup": 1,
                "frames": ((200, 2_000, (640, 360)),), "frame_repeats": 3,
                "scenes": {"sizes": ((640, 360),), "themes": ("projector",), "names": ("beta-cell",), "frames": 3,
                           "warmup_steps": 3},
                "export": (((320, 240), 1.0),), "export_runs": 1, "presets": ((320, 240), 10, ("ultrafast",)),
                "startup_runs": 1, "respond": (("full-fusion", (640, 360), respond.QUICK),),
                "compare": {"cases": (("neuron", "botulinum-a"),), "size": (640, 360), "frames": 3,
                            "warmup_steps": 3}}
    return {"physics": ((1_000, repeats), (10_000, repeats), (100_000, max(3, repeats // 6))),
            "pool": None, "mode_steps": 20, "mode_warmup": 3,
            "frames": ((2_000, 0, (1920, 1080)), (10_000, 50_000, (1920, 1080))), "frame_repeats": repeats,
            "scenes": {"frames": 40, "warmup_steps": 120},
            "export": (((1920, 1080), 10.0), ((1280, 720), 10.0)), "export_runs": 3,
            "presets": ((1920, 1080), 150, ("ultrafast", "superfast", "veryfast", "faster")), "startup_runs": 5,
            "respond": tuple((m, (1920, 1080), None) for m in MODES),  # each mode its own keys (respond.presses)
            "compare": {"frames": 60, "warmup_steps": 120}}


def run(sections: tuple[str, ...], quick: bool, repeats: int, scan: bool, log, keys: tuple[str, ...] = ()) -> dict:
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
        log("frames of every cell preset (widgets, chart, close-up) ...")
        res["scenes"] = scenes.bench(**p["scenes"], log=log)
    if "compare" in sections:
        log("control beside treatment (key E) ...")
        res["compare"] = compare.bench(**p["compare"], log=log)
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
        res["respond"] = [r for m, size, presses in p["respond"]
                          for r in respond.measure(m, size, respond.only(presses or respond.presses(m), keys))]
    res["load_at_end"] = load()
    res["reference_ms_at_end"] = reference_ms()
    res["took_s"] = time.perf_counter() - t0
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m exoviz.bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one repetition: a smoke run of every part")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    ap.add_argument("--repeats", type=int, default=30, help="timed steps/frames per figure (median reported)")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of: {', '.join(SECTIONS)}")
    ap.add_argument("--keys", default="",
                    help="respond: only the keys and controls whose name contains one of these comma-separated words "
                         "(e.g. 'language,Ctrl++'); the others are not pressed")
    ap.add_argument("--pool-scan", action="store_true", help="also find each mode's largest pool within 40 ms")
    ap.add_argument("--profile-frame", action="store_true",
                    help="print a cProfile of 30 whole frames (1920x1080, 10k vesicles, 50k dots) and stop")
    ap.add_argument("--check", action="store_true",
                    help="compare every figure with the last run recorded on this machine (--record-baseline) and "
                         "list those more than 25 %% worse (exit 1 if any)")
    ap.add_argument("--record-baseline", action="store_true",
                    help=f"keep this run's figures as this machine's baseline (a local file outside git: "
                         f"{baseline.path()})")
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
    base = baseline.load() if a.check else None
    if a.check and base is None:
        print(f"exoviz bench: no baseline recorded on this machine ({baseline.path()}); run with --record-baseline "
              f"first", file=sys.stderr)
        return 2
    log = (lambda s: print(s, file=sys.stderr, flush=True)) if not a.json else (lambda s: None)
    res = run(sections, a.quick, a.repeats, a.pool_scan, log, tuple(w.strip() for w in a.keys.split(",")))
    print(json.dumps(res, indent=1) if a.json else report.render(res))
    code = 0
    if base is not None:
        worse, n = baseline.compare(res, base)
        print(f"check against {baseline.path()}: {n} figures compared, {len(worse)} more than 25 % worse"
              + (":" if worse else ""), file=sys.stderr if a.json else sys.stdout)
        for line in worse:
            print(line, file=sys.stderr if a.json else sys.stdout)
        code = 1 if worse else 0
    if a.record_baseline:
        where, n = baseline.record(res)
        print(f"baseline: {n} figures recorded in {where}", file=sys.stderr if a.json else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
