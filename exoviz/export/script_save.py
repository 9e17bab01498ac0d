"""The setup a lecturer prepared, written as a scene script (TOML) that --script replays: mode, cell, seed, speed,
theme, language, close-up, chart, drawing layers, parameters and the view (a zoom event at 0 s). No pygame.

A saved setup played from the same seed draws the same frames as the session it came from, after a restart.
"""

from __future__ import annotations

import json
import time
from typing import Any

from exoviz.export.atomic import atomic_write
from exoviz.export.script import LAYER_KEYS, MAX_DURATION, MAX_ZOOM
from exoviz.params import RANGES

DEFAULT_DURATION_S = 60.0  # a setup saved in the window: the length of a recording made from it (--record)


def _value(x: Any) -> str:
    """A TOML value: true/false, an integer, a float that reads back exactly (repr), or a quoted string."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        text = repr(x)
        return text if any(ch in text for ch in ".en") else text + ".0"
    return json.dumps(str(x), ensure_ascii=False)


def _view(session: Any) -> dict[str, float] | None:
    """The camera as a zoom event's value (centre in nm, factor), or None at the whole-scene view."""
    cam = session.camera
    if session.compare or cam.zoom <= 1.0 + 1e-12:
        return None
    x, y = (float(v) for v in cam.center)
    return {"x_nm": x, "y_nm": y, "factor": min(float(cam.zoom), MAX_ZOOM)}


def setup_toml(session: Any, duration: float | None = None, saved: str = "") -> str:
    """The session's setup as the text of a scene script (its world restarted from t = 0 when replayed)."""
    p = session.params
    dur = min(MAX_DURATION, float(duration or DEFAULT_DURATION_S))
    lines = [f"# exoviz setup{f' saved {saved}' if saved else ''}: replay with python main.py --script THIS.toml",
             "# (add --record clip.mp4 to film it). Every key is explained in the README, 'Scene scripts'.",
             f"mode = {_value(p.mode)}",
             f"cell = {_value(p.cell_spec.name)}",
             f"duration = {_value(dur)}  # playback s of a recording made from it; the window plays on",
             f"seed = {_value(int(p.seed))}",
             f"speed = {_value(float(session.speed))}",
             f"theme = {_value(session.theme)}",
             f"lang = {_value(session.language)}",
             f"closeup = {_value(bool(session.closeup_chosen))}",
             f"chart = {_value(bool(session.layers.chart))}",
             f"experiments = [{', '.join(_value(e) for e in p.experiments)}]  # calcium-free: calcium = false below",
             "", "[layers]"]
    lines += [f"{name} = {_value(bool(getattr(session.layers, name)))}" for name in LAYER_KEYS]
    lines += ["", "[params]"]
    for name, rng in RANGES.items():
        v = getattr(p, name)
        if v is not None:
            lines.append(f"{name} = {_value(bool(v) if rng.toggle else int(v) if rng.integer else float(v))}")
    view = _view(session)
    if view is not None:
        zoom = ", ".join(f"{k} = {_value(v)}" for k, v in view.items())
        lines += ["", "[[events]]  # the view: centre (nm) and zoom", "at = 0.0", f"zoom = {{ {zoom} }}"]
    return "\n".join(lines) + "\n"


def save_setup(session: Any, path: str, duration: float | None = None, overwrite: bool = False) -> None:
    """Write the session's setup to path atomically (ExportError, one line, if it cannot be saved)."""
    text = setup_toml(session, duration, time.strftime("%Y-%m-%d %H:%M"))
    atomic_write(path, text.encode("utf-8"), overwrite)
