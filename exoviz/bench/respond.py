"""Responsiveness: the real Window on a Session, driven frame by frame with posted key events (and, for the controls
without a key, the Command their widget issues); the worst frame after each key or control (wall and CPU ms), per
mode. Keys and buttons issue the same Commands, so a key stands for its button."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exoviz.commands import Command
from exoviz.experiments import available
from exoviz.i18n import LANGUAGES
from exoviz.modes import CELLS, SPECS

TARGET_MS = 50.0  # issues 13 and 23: no frame over 50 ms (CPU time: the machine is shared) from any key or control
FRAME_S = 1 / 60
FRAMES = 30  # frames measured after a key: the new look's widgets (ui/restyle.py) and the look ahead included

Window = Any  # exoviz.ui.window.Window (imported in measure: the bench imports pygame late)


@dataclass(frozen=True)
class Press:
    name: str  # what the report calls it
    key: str = ""  # pygame key name (pygame.key.key_code); "" for a control without a key
    frames: int = FRAMES  # frames measured after the key (planning and fast-forwarding are spread over frames)
    ctrl: bool = False
    shift: bool = False
    command: Callable[[Window], Command | None] | None = None  # a control without a key: the Command its widget
    # issues (through Window.run_command, as a widget does), from the window's state; None: nothing to do here


def _mode_press(mode: str) -> Press:
    m = SPECS[mode]
    return Press(f"mode {m.key} {mode.replace('-', ' ')}", m.key)


def _experiment(on: bool) -> Callable[[Window], Command | None]:
    """The experiment menu: apply (or remove) the first experiment of the cell shown."""
    def pick(win: Window) -> Command | None:
        p = win.session.params
        names = [e.name for e in available(p.mode, p.cell_spec.name)]
        return Command("experiment", (names[0], on)) if names else None
    return pick


def _slider(win: Window) -> Command | None:
    """The mode's last slider moved to the middle of its range (as a drag lets go; not the pool's slider: the keys
    after it are measured on the mode's default scene, not on 1,000 vesicles)."""
    sl = SPECS[win.session.params.mode].sliders[-1]
    return Command("set_value", (sl.param, (sl.lo + sl.hi) / 2))


def _command(name: str, arg: object = None) -> Callable[[Window], Command]:
    # names and arguments from the key table, checked when made (commands.check_arg)
    return lambda win: Command(name, arg)  # type: ignore[call-overload]


def presses(mode: str) -> tuple[Press, ...]:
    """Every key of the key table (ui/keys.py) and every toolbar and drawer control, in an order that leaves the
    window as it found it between groups: the other modes, then this one again; this mode's cell presets; ..."""
    others = [m for m in SPECS if m != mode]
    langs = [code for code in LANGUAGES if code != "en"][:1]
    return (
        Press("reset (R)", "r"),
        *(_mode_press(m) for m in (*others, mode)),
        *(Press(f"cell {name}", command=_command("cell", name)) for name, c in CELLS.items() if c.mode == mode),
        Press("mode (its default cell) again", SPECS[mode].key),
        Press("compare (4) on", "4"), Press("compare (4) off", "4"),
        Press("experiment menu: apply", command=_experiment(True)),
        Press("control beside treatment (E) on", "e"), Press("control beside treatment (E) off", "e"),
        Press("experiment menu: remove", command=_experiment(False)),
        Press("investigations (N) open", "n"), Press("investigation 1 picked", "1"),
        Press("its control beside treatment off (E)", "e"), Press(f"mode {SPECS[mode].key} back", SPECS[mode].key),
        Press("investigations (N) open again", "n"), Press("investigations (N) closed", "n"),
        Press("Page Down: plan + step 1", "page down", frames=600), Press("Page Down: step 2", "page down", frames=400),
        Press("Page Down: step 3", "page down", frames=400), Press("Page Up", "page up"),
        Press("Home (leave walk)", "home"),
        Press("theme (T)", "t"), Press("theme back (T)", "t"),
        *(Press(f"language {code}", command=_command("language", code)) for code in langs),
        *(Press("language en", command=_command("language", "en")) for _code in langs),
        Press("labels (L)", "l"), Press("labels back (L)", "l"), Press("captions (C)", "c"),
        Press("captions back (C)", "c"), Press("cargo (D)", "d"), Press("cargo back (D)", "d"),
        Press("proteins (M)", "m"), Press("proteins back (M)", "m"), Press("scale bar (K)", "k"),
        Press("scale bar back (K)", "k"),
        Press("chart (G) on", "g"), Press("chart keep (Ctrl+G)", "g", ctrl=True),
        Press("chart drop (Ctrl+G)", "g", ctrl=True), Press("chart (G) off", "g"),
        Press("close-up (I)", "i"), Press("close-up off (I)", "i"),
        Press("TIRF (O) on", "o"), Press("TIRF (O) off", "o"),
        Press("electrode tool (A)", "a"), Press("electrode tool off (A)", "a"),
        Press("wound tool (W)", "w"), Press("wound tool off (W)", "w"), Press("stimulus (S)", "s"),
        Press("balance button", command=_command("toggle_value", "balance")),
        Press("balance button back", command=_command("toggle_value", "balance")),
        Press("Ca2+ button", command=_command("toggle_value", "calcium")),
        Press("Ca2+ button back", command=_command("toggle_value", "calcium")),
        Press("slider moved", command=_slider),
        Press("zoom in (Z)", "z"), Press("zoom out (X)", "x"), Press("zoom reset (0)", "0"),
        Press("help (H)", "h"), Press("help off (H)", "h"), Press("simple view (V)", "v"),
        Press("detailed view (V)", "v"), Press("clean view (Tab)", "tab"), Press("clean view off (Tab)", "tab"),
        Press("blank (B)", "b"), Press("blank off (B)", "b"), Press("fullscreen (F)", "f"),
        Press("fullscreen off (F)", "f"), Press("drawer (Controls)", command=_command("toggle_drawer")),
        Press("drawer closed (Controls)", command=_command("toggle_drawer")),
        Press("bigger text (Ctrl++)", "=", ctrl=True), Press("smaller text (Ctrl+-)", "-", ctrl=True),
        Press("pause (Space)", "space"), Press("step (→)", "right"), Press("play (Space)", "space"),
        Press("slower (-)", "-"), Press("faster (+)", "="),
        Press("screenshot (P)", "p"), Press("save setup (Ctrl+S)", "s", ctrl=True),
        Press("record (Ctrl+R)", "r", ctrl=True), Press("record stop (Ctrl+R)", "r", ctrl=True),
        Press("record scene (Ctrl+Shift+R)", "r", ctrl=True, shift=True),
        Press("record scene stop (Ctrl+Shift+R)", "r", ctrl=True, shift=True),
        Press("Esc (asks to quit; a second Esc would quit: not pressed)", "escape"),
    )


def only(presses_: tuple[Press, ...], words: tuple[str, ...]) -> tuple[Press, ...]:
    """The presses whose name contains one of words (case-insensitive), in order; all of them without words. (To
    reproduce a key's worst frame: the keys before it are not pressed, so its window may differ a little.)"""
    low = tuple(w.lower() for w in words if w)
    return tuple(p for p in presses_ if any(w in p.name.lower() for w in low)) if low else presses_


PRESSES = presses("full-fusion")  # full fusion's list (each mode measures its own: measure(presses=None))
QUICK = (Press("reset (R)", "r", frames=3), Press("mode 3 exosome", "3", frames=3),
         Press("Page Down", "page down", frames=20))


def measure(mode: str, size: tuple[int, int] = (1920, 1080), presses_: tuple[Press, ...] | None = None,
            warmup: int = 30) -> list[dict]:
    """Worst frame (wall and CPU ms) within `frames` frames after each press, in order, on one window (settings,
    recordings, screenshots and saved setups go to a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="exoviz-respond-") as tmp:
        old = os.environ.get("EXOVIZ_CONFIG_DIR")
        os.environ["EXOVIZ_CONFIG_DIR"] = tmp  # V saves the view: not into the user's settings
        try:
            return _measure(mode, size, presses(mode) if presses_ is None else presses_, warmup, tmp)
        finally:
            if old is None:
                os.environ.pop("EXOVIZ_CONFIG_DIR", None)
            else:
                os.environ["EXOVIZ_CONFIG_DIR"] = old


def _measure(mode: str, size: tuple[int, int], presses_: tuple[Press, ...], warmup: int, tmp: str) -> list[dict]:
    from exoviz.bench.frames import init_pygame

    init_pygame()
    from exoviz.cli import parse
    from exoviz.session import Session
    from exoviz.ui.window import offscreen_window

    opts = parse(["--headless", "--duration", "1", "--mode", mode, "--seed", "1", "--size", f"{size[0]}x{size[1]}",
                  "--record-dir", tmp])
    session = Session(opts)
    session.plan_ahead()  # as in a real window: the walk-through's tours are planned in a worker process,
    window = offscreen_window(session, opts)
    window.ahead.enabled = True  # the next text size is built ahead while nothing changes,
    window.split_heavy, window.controls.mode_delay = True, 2  # and new worlds are drawn a frame after their key
    try:
        return _press_all(window, mode, presses_, warmup)
    finally:
        window.ahead.pace.release()  # (the next window paces its own full collections)
        window.rec.finish()  # a recording left running (not by this list) is closed
        window.shots.wait()
        session.close()


def _press_all(window: Window, mode: str, presses_: tuple[Press, ...], warmup: int) -> list[dict]:
    import pygame

    for _ in range(warmup):
        window.frame(FRAME_S)
    out = []
    for p in presses_:
        cmd = p.command(window) if p.command is not None else None
        if p.command is not None and cmd is None:
            continue  # (no experiment for this cell)
        if p.command is None:
            mods = (pygame.KMOD_CTRL if p.ctrl else 0) | (pygame.KMOD_SHIFT if p.shift else 0)
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.key.key_code(p.key), mod=mods,
                                                 unicode="", scancode=0))
        walls, cpus = [], []
        for i in range(p.frames):
            c0, t0 = time.thread_time(), time.perf_counter()
            if i == 0 and cmd is not None:
                window.run_command(cmd)  # as the widget does, in the frame's event handling (timed with it)
            window.frame(FRAME_S)
            walls.append((time.perf_counter() - t0) * 1000.0)
            cpus.append((time.thread_time() - c0) * 1000.0)
        k = max(range(len(cpus)), key=cpus.__getitem__)
        out.append({"mode": mode, "press": p.name, "worst_ms": max(walls), "worst_cpu_ms": cpus[k],
                    "worst_frame": k, "frames": p.frames, "meets_50ms": cpus[k] <= TARGET_MS})
    return out
