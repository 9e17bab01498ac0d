"""Responsiveness: the real Window on a Session, driven frame by frame with posted key events; the worst frame after
each key (wall and CPU ms), per mode. Keys and buttons issue the same Commands, so a key stands for its button."""

from __future__ import annotations

import time
from dataclasses import dataclass

TARGET_MS = 50.0  # issue 13: no frame over 50 ms from any key or button
FRAME_S = 1 / 60


@dataclass(frozen=True)
class Press:
    name: str  # what the report calls it
    key: str  # pygame key name (pygame.key.key_code)
    frames: int = 45  # frames measured after the key (planning and fast-forwarding are spread over frames)
    ctrl: bool = False


PRESSES = (
    Press("reset (R)", "r"),
    Press("mode 1 full fusion", "1"), Press("mode 2 kiss-and-run", "2"), Press("mode 3 exosome", "3"),
    Press("compare (4) on", "4"), Press("compare (4) off", "4"),
    Press("Page Down: plan + step 1", "page down", frames=600), Press("Page Down: step 2", "page down", frames=400),
    Press("Page Down: step 3", "page down", frames=400), Press("Page Up", "page up", frames=30),
    Press("Home (leave walk)", "home", frames=30),
    Press("theme (T)", "t"), Press("labels (L)", "l"), Press("captions (C)", "c"), Press("close-up (I)", "i"),
    Press("close-up off (I)", "i"), Press("zoom in (Z)", "z"), Press("zoom reset (0)", "0"),
    Press("help (H)", "h"), Press("help off (H)", "h"), Press("bigger text (Ctrl++)", "=", ctrl=True),
    Press("smaller text (Ctrl+-)", "-", ctrl=True), Press("pause (Space)", "space"), Press("play (Space)", "space"),
)
QUICK = (Press("reset (R)", "r", frames=3), Press("mode 3 exosome", "3", frames=3),
         Press("Page Down", "page down", frames=20))


def measure(mode: str, size: tuple[int, int] = (1280, 720), presses: tuple[Press, ...] = PRESSES,
            warmup: int = 30) -> list[dict]:
    """Worst frame (wall and CPU ms) within `frames` frames after each press, in order, on one window."""
    from exoviz.bench.frames import init_pygame

    init_pygame()
    import pygame

    from exoviz.cli import parse
    from exoviz.session import Session
    from exoviz.ui.window import offscreen_window

    opts = parse(["--headless", "--duration", "1", "--mode", mode, "--seed", "1", "--size", f"{size[0]}x{size[1]}"])
    window = offscreen_window(Session(opts), opts)
    window.ahead.enabled = True  # as in a real window: the next text size is built ahead while nothing changes
    for _ in range(warmup):
        window.frame(FRAME_S)
    out = []
    for p in presses:
        mods = pygame.KMOD_CTRL if p.ctrl else 0
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.key.key_code(p.key), mod=mods,
                                             unicode="", scancode=0))
        walls, cpus = [], []
        for _ in range(p.frames):
            c0, t0 = time.thread_time(), time.perf_counter()
            window.frame(FRAME_S)
            walls.append((time.perf_counter() - t0) * 1000.0)
            cpus.append((time.thread_time() - c0) * 1000.0)
        k = max(range(len(walls)), key=walls.__getitem__)
        out.append({"mode": mode, "press": p.name, "worst_ms": walls[k], "worst_cpu_ms": max(cpus),
                    "worst_frame": k, "frames": p.frames, "meets_50ms": walls[k] <= TARGET_MS})
    return out
