"""Scene scripts (TOML): loading and validating a mode, settings and timed events for scripted recordings."""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from exoviz.export.errors import ExportError
from exoviz.export.script_experiments import experiment_event, experiment_list
from exoviz.export.script_text import MAX_NESTING, control_character, nesting_problem, strings
from exoviz.i18n import LANGUAGES
from exoviz.modes import CELLS, spec
from exoviz.params import MODES, RANGES, SPEEDS
from exoviz.render.theme import THEMES
from exoviz.viewstate import Layers

MAX_BYTES = 256 * 1024
MAX_EVENTS = 1000
MAX_DURATION = 3600.0
MAX_TEXT = 200
MAX_PAUSE = 60.0
MAX_ZOOM = 20.0
MAX_COORD_NM = 1_000_000.0  # 1 mm: far beyond any scene, so anything larger is a typo
TOP_KEYS = ("mode", "cell", "duration", "seed", "speed", "theme", "title", "chart", "lang", "closeup", "layers",
            "params", "experiments", "events")
LAYER_KEYS = tuple(n for n in Layers.names() if n != "chart")  # [layers]: what is drawn (the chart is `chart`)
ACTIONS = ("set", "stimulate", "walkthrough", "zoom", "caption", "speed", "pause", "wound", "experiment")
WALKTHROUGH = ("next", "prev", "exit")
ZOOM_KEYS = ("x_nm", "y_nm", "factor")


@dataclass(frozen=True)
class Event:
    """One timed action: at (playback s), action (one of ACTIONS) and its checked value."""

    at: float
    action: str
    value: Any


@dataclass(frozen=True)
class Script:
    """A validated scene script; events are sorted by time (file order kept for equal times)."""

    mode: str
    duration: float
    cell: str = ""  # a cell preset of the mode ("": the mode's default cell)
    seed: int = 0
    speed: float = 1.0
    theme: str = "dark"
    title: str | None = None
    chart: bool = False  # show the live chart of area and capacitance
    lang: str = ""  # the language of everything shown ("": the command line's or the system's)
    closeup: bool = False  # the event close-up on from the start
    layers: dict[str, bool] = field(default_factory=dict)  # [layers]: Layers field -> on/off (unnamed: as default)
    params: dict[str, float] = field(default_factory=dict)
    experiments: tuple[str, ...] = ()  # applied from the start (exoviz.experiments)
    events: tuple[Event, ...] = ()


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return f"{str(v).lower()} (true/false)"
    if isinstance(v, str):
        return f"text {v[:40]!r}"
    if isinstance(v, (int, float)):
        return f"{v!r}"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list"
    return f"a {type(v).__name__}"


def _choices(values: tuple[Any, ...]) -> str:
    return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


class _Checker:
    """Builds one-line errors that name the key and, when it can find it, its line in the file."""

    _HEADER = re.compile(r"^\s*\[")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def _block(self, section: str | None, index: int | None) -> tuple[int, int] | None:
        n = len(self.lines)
        if section is None:
            end = next((i for i, ln in enumerate(self.lines) if self._HEADER.match(ln)), n)
            return 0, end
        head = re.compile(r"^\s*\[\[\s*events\s*\]\]" if section == "events" else rf"^\s*\[\s*{section}\s*\]")
        starts = [i for i, ln in enumerate(self.lines) if head.match(ln)]
        k = index or 0
        if k >= len(starts):
            return None
        end = next((i for i in range(starts[k] + 1, n) if self._HEADER.match(self.lines[i])), n)
        return starts[k], end

    def line_of(self, key: str | None, section: str | None = None, index: int | None = None) -> int | None:
        """1-based line of key (inside [section] / the index-th [[events]]), or of the section header."""
        block = self._block(section, index)
        if key is None:
            return block[0] + 1 if block and section else None
        pat = re.compile(rf"(^|[\s{{,.]){re.escape(key)}\s*=|(^|[\s{{,.])\"{re.escape(key)}\"\s*=")
        ranges = [block] if block else []
        ranges.append((0, len(self.lines)))
        for lo, hi in ranges:
            for i in range(lo, hi):
                if pat.search(self.lines[i].split("#", 1)[0]):
                    return i + 1
        return block[0] + 1 if block and section else None

    def fail(self, message: str, key: str | None = None, section: str | None = None,
             index: int | None = None) -> ExportError:
        line = self.line_of(key, section, index)
        where = f"{self.path}, line {line}" if line else self.path
        return ExportError(f"{where}: {message}")

    def number(self, v: Any, name: str, lo: float, hi: float, unit: str, *, open_lo: bool = False,
               section: str | None = None, index: int | None = None, key: str | None = None) -> float:
        key = key or name
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(f"{name} must be a number, got {_kind(v)}", key, section, index)
        x = float(v)
        low_ok = x > lo if open_lo else x >= lo
        if not (math.isfinite(x) and low_ok and x <= hi):
            rule = f"{'more than' if open_lo else 'from'} {lo:g} {'up to' if open_lo else 'to'} {hi:g}{unit}"
            raise self.fail(f"{name} must be {rule}, got {v!r}", key, section, index)  # the number as given
        return x

    def text(self, v: Any, name: str, section: str | None = None, index: int | None = None,
             key: str | None = None) -> str:
        if not isinstance(v, str):
            raise self.fail(f"{name} must be text in quotes, got {_kind(v)}", key or name, section, index)
        if len(v) > MAX_TEXT:
            raise self.fail(f"{name} is {len(v)} characters long; the limit is {MAX_TEXT}", key or name,
                            section, index)
        return v

    def choice(self, v: Any, name: str, allowed: tuple[Any, ...], section: str | None = None,
               index: int | None = None, key: str | None = None) -> Any:
        if isinstance(v, (bool, dict, list)) or v not in allowed:
            raise self.fail(f"{name} must be one of {_choices(allowed)}, got {_kind(v)}", key or name,
                            section, index)
        return float(v) if isinstance(v, (int, float)) else v

    def table(self, v: Any, name: str, allowed: tuple[str, ...], section: str | None = None,
              index: int | None = None, key: str | None = None) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise self.fail(f"{name} must be a table of names and values, got {_kind(v)}", key or name,
                            section, index)
        for k in v:
            if k not in allowed:
                raise self.fail(f"unknown key {k!r} in {name}; allowed: {', '.join(allowed)}", k, section,
                                index)
        return v

    def params(self, v: Any, name: str, section: str | None, index: int | None = None,
               key: str | None = None) -> dict[str, float]:
        table = self.table(v, name, tuple(RANGES), section, index, key)
        out: dict[str, float] = {}
        for k, raw in table.items():
            if RANGES[k].toggle and isinstance(raw, bool):
                out[k] = float(raw)  # balance = true / calcium = false
                continue
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                kind = "true or false (or 1 or 0)" if RANGES[k].toggle else "a number"
                raise self.fail(f"{k} must be {kind}, got {_kind(raw)}", k, section, index)
            problem = RANGES[k].check(k, raw) if math.isfinite(raw) else f"{k} must be a finite number"
            if problem:
                raise self.fail(problem, k, section, index)
            out[k] = float(raw)
        return out


def _read(path: str) -> str:
    if not os.path.exists(path):
        raise ExportError(f"scene script {path} not found")
    if not os.path.isfile(path):
        raise ExportError(f"scene script {path} is not a file; give the path of a .toml file")
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise ExportError(f"scene script {path} is {size} bytes; the limit is {MAX_BYTES} bytes "
                          f"({MAX_BYTES // 1024} KiB)")
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8").removeprefix("\ufeff")  # a BOM (some Windows editors) is fine
    except UnicodeDecodeError as exc:
        raise ExportError(f"scene script {path} is not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ExportError(f"cannot read scene script {path}: {exc.strerror or exc}") from exc


def _parse(path: str, text: str) -> dict[str, Any]:
    deep = nesting_problem(text)
    if deep:
        line, _key, message = deep
        raise ExportError(f"{path}, line {line}: {message}")
    try:
        return tomllib.loads(text)
    except RecursionError:  # the scanner above should have caught it; never a traceback
        raise ExportError(f"{path}: arrays or tables nest too deep; the limit is {MAX_NESTING}") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)", msg)
        if m:
            raise ExportError(f"{path}, line {m.group(1)}, column {m.group(2)}: TOML syntax error: "
                              f"{msg[:m.start()] + msg[m.end():]}") from exc
        raise ExportError(f"{path}: TOML syntax error: {msg}") from exc


def _event(c: _Checker, raw: Any, i: int, mode: str, duration: float) -> Event:
    num = f"event #{i + 1}"
    if not isinstance(raw, dict):
        raise c.fail(f"{num} must be a table ([[events]] with at = ... and one action), got {_kind(raw)}",
                     "events")
    for k in raw:
        if k != "at" and k not in ACTIONS:
            raise c.fail(f"unknown key {k!r} in {num}; allowed: at, {', '.join(ACTIONS)}", k, "events", i)
    if "at" not in raw:
        raise c.fail(f"{num} is missing 'at' (playback seconds from 0 to {duration:g})", None, "events", i)
    at = c.number(raw["at"], f"{num} at", 0.0, duration, " s (the script's duration)", section="events",
                  index=i, key="at")
    actions = [k for k in raw if k in ACTIONS]
    if len(actions) != 1:
        got = f"{len(actions)} ({', '.join(actions)})" if actions else "none"
        raise c.fail(f"{num} needs exactly one action of: {', '.join(ACTIONS)}; it has {got}",
                     actions[-1] if actions else None, "events", i)
    action = actions[0]
    v = raw[action]
    where: dict[str, Any] = {"section": "events", "index": i}
    if action == "set":
        value: Any = c.params(v, f"{num} set", key="set", **where)
        if not value:
            raise c.fail(f"{num} set is empty; name at least one of: {', '.join(RANGES)}", "set", **where)
        top = spec(mode).max_pool
        if value.get("vesicles", 0) > top:  # the same limit as in [params]: never clamped in silence
            raise c.fail(f"{num} set vesicles must be from 1 to {top} in {mode} mode, got {v['vesicles']!r}",
                         "vesicles", **where)
    elif action == "stimulate":
        if v is not True:
            raise c.fail(f"{num} stimulate must be true, got {_kind(v)}", "stimulate", **where)
        if not spec(mode).stimulus:
            raise c.fail(f"{num} stimulate only works in a mode with a stimulus "
                         f"({', '.join(m for m in MODES if spec(m).stimulus)}); this script is {mode}",
                         "stimulate", **where)
        value = True
    elif action == "walkthrough":
        value = c.choice(v, f"{num} walkthrough", WALKTHROUGH, key="walkthrough", **where)
    elif action == "zoom":
        table = c.table(v, f"{num} zoom", ZOOM_KEYS, key="zoom", **where)
        missing = [k for k in ZOOM_KEYS if k not in table]
        if missing:
            raise c.fail(f"{num} zoom is missing {', '.join(missing)} (needs x_nm, y_nm and factor)",
                         "zoom", **where)
        value = {k: c.number(table[k], f"{num} zoom {k}", 0.0, MAX_COORD_NM, " nm", key=k, **where)
                 for k in ("x_nm", "y_nm")}
        value["factor"] = c.number(table["factor"], f"{num} zoom factor", 1.0, MAX_ZOOM, "", key="factor",
                                   **where)
    elif action == "wound":
        value = _wound(c, v, num, mode, where)
    elif action == "experiment":
        value = experiment_event(c, v, num, where)
    elif action == "caption":
        value = c.text(v, f"{num} caption", key="caption", **where)
    elif action == "speed":
        value = c.choice(v, f"{num} speed", SPEEDS, key="speed", **where)
    else:
        value = c.number(v, f"{num} pause", 0.0, MAX_PAUSE, " s", open_lo=True, key="pause", **where)
    return Event(at, action, value)


def _wound(c: _Checker, v: Any, num: str, mode: str, where: dict[str, Any]) -> dict[str, float]:
    """A wound event's value: { x_nm = ... }, in a cell scene."""
    if not spec(mode).cells:
        raise c.fail(f"{num} wound only works in a cell scene ({', '.join(m for m in MODES if spec(m).cells)}); "
                     f"this script is {mode}", "wound", **where)
    table = c.table(v, f"{num} wound", ("x_nm",), key="wound", **where)
    if "x_nm" not in table:
        raise c.fail(f"{num} wound is missing x_nm (where on the membrane, nm from the left edge)", "wound", **where)
    return {"x_nm": c.number(table["x_nm"], f"{num} wound x_nm", 0.0, MAX_COORD_NM, " nm", key="x_nm", **where)}


def _refuse_control_characters(c: _Checker, data: dict[str, Any]) -> None:
    """No NUL, escape, newline or tab in any string: captions are drawn as one line of text."""
    for where, text in strings(data):
        code = control_character(text)
        if code:
            names = [k for k in where if isinstance(k, str)]
            section = where[0] if len(where) > 1 and where[0] in ("params", "events") else None
            index = where[1] if section == "events" and isinstance(where[1], int) else None
            label = ".".join(str(k) for k in where)
            if index is not None:
                label = " ".join([f"event #{index + 1}", *(str(k) for k in where[2:])])
            raise c.fail(f"{label} contains a control character ({code}); use plain text on one line",
                         names[-1] if names else None, section, index)


def load_script(path: str) -> Script:
    """Read, validate a scene script; any problem is one ExportError line (with the line number if found)."""
    text = _read(path)
    data = _parse(path, text)
    c = _Checker(path, text)
    for k in data:
        if k not in TOP_KEYS:
            raise c.fail(f"unknown key {k!r}; allowed: {', '.join(TOP_KEYS)}", k)
    _refuse_control_characters(c, data)
    required = (("mode", f"one of {', '.join(MODES)}"), ("duration", f"playback s, up to {MAX_DURATION:g}"))
    for k, rule in required:
        if k not in data:
            raise ExportError(f"{path}: missing required key {k!r} ({rule})")
    mode = c.choice(data["mode"], "mode", MODES)
    duration = c.number(data["duration"], "duration", 0.0, MAX_DURATION, " s", open_lo=True)
    cell = c.choice(data["cell"], "cell", tuple(CELLS)) if "cell" in data else ""
    if cell and CELLS[cell].mode != mode:
        raise c.fail(f"cell {cell!r} runs in {CELLS[cell].mode} mode, not {mode}", "cell")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= 2**32 - 1:
        raise c.fail(f"seed must be a whole number from 0 to {2**32 - 1}, got {_kind(seed)}", "seed")
    speed = c.choice(data.get("speed", 1.0), "speed", SPEEDS)
    theme = c.choice(data.get("theme", "dark"), "theme", tuple(THEMES))
    title = c.text(data["title"], "title") if "title" in data else None
    chart, closeup = (_flag(c, data, k) for k in ("chart", "closeup"))
    lang = c.choice(data["lang"], "lang", tuple(LANGUAGES)) if "lang" in data else ""
    layers = _layers(c, data.get("layers", {}))
    params = c.params(data.get("params", {}), "[params]", "params", key="params")
    experiments = experiment_list(c, data["experiments"]) if "experiments" in data else ()
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        raise c.fail(f"events must be a list of [[events]] tables, got {_kind(raw_events)}", "events")
    if len(raw_events) > MAX_EVENTS:
        raise c.fail(f"too many events ({len(raw_events)}); the limit is {MAX_EVENTS}", None, "events",
                     MAX_EVENTS)
    events = [_event(c, raw, i, mode, duration) for i, raw in enumerate(raw_events)]
    events.sort(key=lambda e: e.at)
    return Script(mode=mode, duration=duration, cell=cell, seed=seed, speed=speed, theme=theme, title=title,
                  chart=chart, lang=lang, closeup=closeup, layers=layers, params=params, experiments=experiments,
                  events=tuple(events))


def _flag(c: _Checker, data: dict[str, Any], key: str) -> bool:
    """A top-level true/false key (default false)."""
    v = data.get(key, False)
    if not isinstance(v, bool):
        raise c.fail(f"{key} must be true or false, got {_kind(v)}", key)
    return v


def _layers(c: _Checker, v: Any) -> dict[str, bool]:
    """[layers]: each of LAYER_KEYS true or false."""
    table = c.table(v, "[layers]", LAYER_KEYS, "layers", key="layers")
    for k, on in table.items():
        if not isinstance(on, bool):
            raise c.fail(f"layers {k} must be true or false, got {_kind(on)}", k, "layers")
    return dict(table)
