"""Export speed: the real CLI recording an MP4 in a child process (wall and CPU, ffmpeg included), and an
in-process table of x264 presets and of the two ways to hand frames to the sink (RGB array or Surface)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from exoviz.bench.timing import child_env, children_cpu_s, run_child, spread


def cli_record(size: tuple[int, int], duration: float, fps: int = 30, runs: int = 3) -> dict:
    """`python main.py --record X.mp4 --duration D --fps F --size WxH --quiet`, `runs` times: medians."""
    walls, cpus, sizes, error = [], [], [], ""
    with tempfile.TemporaryDirectory(prefix="exoviz-bench-") as tmp:
        out = os.path.join(tmp, "clip.mp4")
        for _ in range(runs):
            cmd = [sys.executable, "main.py", "--record", out, "--duration", f"{duration:g}", "--fps", str(fps),
                   "--size", f"{size[0]}x{size[1]}", "--quiet", "--overwrite"]
            r = run_child(cmd, child_env(SDL_VIDEODRIVER="dummy"), timeout=60 + 20 * duration)
            if r["rc"] != 0:
                error = r["error"] or f"exit code {r['rc']}"
                break
            walls.append(r["wall_s"])
            cpus.append(r["cpu_s"])
            sizes.append(os.path.getsize(out))
    res: dict = {"size": f"{size[0]}x{size[1]}", "fps": fps, "duration_s": duration, "runs": len(walls)}
    if error:
        res["error"] = error
    if walls:
        wall = statistics.median(walls)
        res.update(wall_s=wall, cpu_s=statistics.median(cpus), realtime_x=duration / wall, spread=spread(walls),
                   best_realtime_x=duration / min(walls), bytes=sizes[-1], walls=walls)
    return res


def sink_run(size: tuple[int, int], frames: int, preset: str, surface_path: bool, fps: int = 30) -> dict:
    """Render `frames` frames of the default full-fusion scene (2 steps + draw each, as at 30 fps) into an
    Mp4Sink with the given preset; frames go in as RGB arrays (write) or as the Surface (write_surface)."""
    import numpy as np
    import pygame

    from exoviz.bench.frames import setup
    from exoviz.export.writers import Mp4Sink

    f = setup(None, 0, size, warmup_steps=60)
    steps = max(1, round(60 / fps))
    w, h = size
    with tempfile.TemporaryDirectory(prefix="exoviz-bench-") as tmp:
        path = os.path.join(tmp, "p.mp4")
        kids0 = children_cpu_s()
        cpu0, t0 = time.process_time(), time.perf_counter()
        with Mp4Sink(path, size, fps, False, preset=preset) as sink:
            for _ in range(frames):
                for _ in range(steps):
                    f.world.step()
                f.draw()
                if surface_path:
                    sink.write_surface(f.screen)
                else:
                    sink.write(np.frombuffer(pygame.image.tobytes(f.screen, "RGB"), np.uint8).reshape(h, w, 3))
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0 + children_cpu_s() - kids0
        size_b = os.path.getsize(path)
    return {"preset": preset, "input": "surface" if surface_path else "array", "size": f"{w}x{h}",
            "frames": frames, "wall_s": wall, "cpu_s": cpu, "realtime_x": frames / fps / wall, "bytes": size_b}


def preset_table(size: tuple[int, int], frames: int, presets: tuple[str, ...], runs: int = 1) -> list[dict]:
    """sink_run for each preset (array input) and for the chosen preset with Surface input; median of runs."""
    from exoviz.export.writers import MP4_PRESET

    rows = []
    cases = [(p, False) for p in presets] + [(MP4_PRESET, True)]
    for preset, surf in cases:
        got = [sink_run(size, frames, preset, surf) for _ in range(runs)]
        best = sorted(got, key=lambda r: r["wall_s"])[len(got) // 2]
        rows.append(best)
    return rows
