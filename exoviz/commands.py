"""Commands as plain data: keys, widgets, scene scripts, recordings and tests all speak in these.

A Command is a name and an argument whose type the name fixes. SESSION commands change the Session (its only
door is Session.apply); WINDOW commands need the window itself (fullscreen, files of the screen, quitting) and
are handled by the Window, which passes everything else on to the Session.

Each command declares its argument type twice, and both are checked: SessionHandlers / WindowHandlers type each
handler with its argument (mypy checks the Session's and the Window's tables against them: every name handled,
every handler taking what its command carries), and Command's overloads tie each name to that type at every
place a Command is made (mypy: `Command("pause", "yes")` has no overload). tests/test_commands.py checks that
the overloads and the handler tables name the same types. At run time a Command checks its argument against
the table too (a script, a recording or a test that builds one from data gets a TypeError naming the command).
"""

from __future__ import annotations

import numbers
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal, TypedDict, overload

from exoviz.i18n import Text

Point = tuple[float, float]  # a point on the screen, px (a click, a pointer) or a move by (dx, dy) px
Rect = tuple[int, int, int, int]  # a screen rectangle (x, y, w, h) px
Said = Text | tuple[Text, float]  # a message, or (message, seconds on screen)

NoArg = Literal[
    "toggle_pause", "step", "slower", "faster", "reset", "compare", "stimulate", "walk_next", "walk_prev",
    "walk_exit", "toggle_scale", "toggle_theme", "toggle_clean", "toggle_help", "close_help", "zoom_in", "zoom_out",
    "zoom_reset", "release", "toggle_closeup", "chart_keep", "toggle_wound_tool", "toggle_electrode_tool",
    "toggle_fullscreen", "screenshot", "toggle_record", "toggle_record_scene", "save_setup", "investigations",
    "escape", "blank", "toggle_drawer", "toggle_view", "ui_bigger", "ui_smaller", "quit"]
Named = Literal["mode", "cell", "investigate", "toggle_layer", "set_theme", "caption", "toggle_value", "language"]
ClickTool = Literal["pick", "wound_at", "electrode_at"]  # what a click in the scene asks for
ScreenPoint = Literal[ClickTool, "pan"]
NameOn = Literal["set_layer", "experiment"]
Amount = Literal["set_speed", "wound"]


class CoreHandlers(TypedDict):
    """The commands of the Session's own (session.py): playback, mode and cell, parameters, stimuli, messages."""

    toggle_pause: Callable[[None], None]
    pause: Callable[[bool], None]  # True: pause, False: play
    step: Callable[[None], None]
    slower: Callable[[None], None]
    faster: Callable[[None], None]
    set_speed: Callable[[float], None]  # one of params.SPEEDS
    reset: Callable[[None], None]
    mode: Callable[[str], None]  # a mode name
    cell: Callable[[str], None]  # a cell preset name
    compare: Callable[[None], None]
    stimulate: Callable[[None], None]
    set_value: Callable[[tuple[str, float]], None]  # (params.RANGES name, value)
    say: Callable[[Said], None]
    tirf_region: Callable[[Point | None], None]  # (x0, x1) µm along the membrane, or None


class DisplayHandlers(TypedDict):
    """The commands of session_display.py: layers, theme, clean view, help, captions, language."""

    toggle_layer: Callable[[str], None]  # a Layers field name
    set_layer: Callable[[tuple[str, bool]], None]  # (Layers field name, on)
    toggle_scale: Callable[[None], None]
    toggle_theme: Callable[[None], None]
    set_theme: Callable[[str], None]
    toggle_clean: Callable[[None], None]
    toggle_help: Callable[[None], None]
    close_help: Callable[[None], None]
    caption: Callable[[str], None]
    language: Callable[[str], None]  # a language code


class ViewHandlers(TypedDict):
    """The commands of session_view.py: the camera, following a body, the close-up."""

    zoom_in: Callable[[None], None]
    zoom_out: Callable[[None], None]
    zoom_reset: Callable[[None], None]
    zoom_at: Callable[[tuple[float, Point | None]], None]  # (factor, fixed screen point or None: the subject)
    pan: Callable[[Point], None]  # (dx, dy) px
    look_at: Callable[[tuple[float, float, float]], None]  # (x_nm, y_nm, zoom)
    set_view: Callable[[Rect], None]
    pick: Callable[[Point], None]
    release: Callable[[None], None]
    toggle_closeup: Callable[[None], None]


class TurnoverHandlers(TypedDict):
    """The commands of session_turnover.py: on/off settings, wounds, the electrode, the kept chart trace."""

    toggle_value: Callable[[str], None]  # an on/off params.RANGES name
    wound: Callable[[float], None]  # x_nm
    wound_at: Callable[[Point], None]
    toggle_wound_tool: Callable[[None], None]
    electrode_at: Callable[[Point], None]
    follow_event: Callable[[tuple[int, float]], None]  # (uid, x_nm)
    toggle_electrode_tool: Callable[[None], None]
    chart_keep: Callable[[None], None]


class WalkHandlers(TypedDict):
    """The commands of session_walk.py: the walk-through."""

    walk_next: Callable[[None], None]
    walk_prev: Callable[[None], None]
    walk_exit: Callable[[None], None]


class BenchHandlers(TypedDict):
    """The commands of session_bench.py: experiments, control beside treatment, investigations."""

    experiment: Callable[[tuple[str, bool]], None]  # (experiment name, on)
    compare_treatment: Callable[[str | None], None]  # None: the experiments applied; or an experiment to add
    investigate: Callable[[str], None]  # an investigation name


class SessionHandlers(CoreHandlers, DisplayHandlers, ViewHandlers, TurnoverHandlers, WalkHandlers, BenchHandlers):
    """Every SESSION command's handler, typed with the argument it takes (None: none), by the part that has it."""


class WindowHandlers(TypedDict):
    """Every WINDOW command's handler (none takes an argument; what one returns is not used)."""

    toggle_fullscreen: Callable[[], object]
    screenshot: Callable[[], object]
    toggle_record: Callable[[], object]
    toggle_record_scene: Callable[[], object]
    save_setup: Callable[[], object]
    investigations: Callable[[], object]
    escape: Callable[[], object]
    blank: Callable[[], object]
    toggle_drawer: Callable[[], object]
    toggle_view: Callable[[], object]
    ui_bigger: Callable[[], object]
    ui_smaller: Callable[[], object]
    quit: Callable[[], object]


@dataclass(frozen=True, init=False)
class Command:
    """A command name and its argument, checked against the name's declared type when made."""

    name: str
    arg: object = None

    @overload
    def __init__(self, name: NoArg, arg: None = None) -> None: ...
    @overload
    def __init__(self, name: Literal["pause"], arg: bool) -> None: ...
    @overload
    def __init__(self, name: Amount, arg: float) -> None: ...
    @overload
    def __init__(self, name: Named, arg: str) -> None: ...
    @overload
    def __init__(self, name: Literal["compare_treatment"], arg: str | None = None) -> None: ...
    @overload
    def __init__(self, name: NameOn, arg: tuple[str, bool]) -> None: ...
    @overload
    def __init__(self, name: Literal["set_value"], arg: tuple[str, float]) -> None: ...
    @overload
    def __init__(self, name: ScreenPoint, arg: Point) -> None: ...
    @overload
    def __init__(self, name: Literal["zoom_at"], arg: tuple[float, Point | None]) -> None: ...
    @overload
    def __init__(self, name: Literal["look_at"], arg: tuple[float, float, float]) -> None: ...
    @overload
    def __init__(self, name: Literal["set_view"], arg: Rect) -> None: ...
    @overload
    def __init__(self, name: Literal["say"], arg: Said) -> None: ...
    @overload
    def __init__(self, name: Literal["follow_event"], arg: tuple[int, float]) -> None: ...
    @overload
    def __init__(self, name: Literal["tirf_region"], arg: Point | None) -> None: ...

    def __init__(self, name: str, arg: object = None) -> None:
        check_arg(name, arg)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "arg", arg)


@cache
def arg_types() -> dict[str, object]:
    """Every command's argument type, read from the handler tables (WINDOW commands: None)."""
    out: dict[str, object] = dict.fromkeys(typing.get_type_hints(WindowHandlers), type(None))
    for name, hint in typing.get_type_hints(SessionHandlers).items():
        arg = typing.get_args(hint)[0][0]
        out[name] = type(None) if arg is None else arg
    return out


def check_arg(name: str, arg: object) -> None:
    """KeyError for a name no table has; TypeError, naming the command, for an argument not of its type."""
    if name not in arg_types():
        raise KeyError(f"unknown command {name!r}")
    expected = arg_types()[name]
    if not matches(arg, expected):
        raise TypeError(f"command {name!r} takes {shown(expected)}, not {arg!r}")


def matches(value: object, tp: object) -> bool:
    """Whether value is of the type tp, as mypy counts it (an int is a float; a list does for a tuple)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return any(matches(value, a) for a in args)
    if origin is tuple:
        if not isinstance(value, tuple | list):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(matches(v, args[0]) for v in value)
        return len(value) == len(args) and all(matches(v, a) for v, a in zip(value, args))
    if tp is float:
        return isinstance(value, numbers.Real)
    if tp is int:
        return isinstance(value, numbers.Integral)
    return isinstance(tp, type) and isinstance(value, tp)


def shown(tp: object) -> str:
    """A type as a reader writes it: `tuple[float, float] | None`, `str | Msg`."""
    if typing.get_origin(tp) is typing.Union or typing.get_origin(tp) is types.UnionType:
        return " | ".join(shown(a) for a in typing.get_args(tp))
    if typing.get_origin(tp) is tuple:
        return f"tuple[{', '.join(shown(a) for a in typing.get_args(tp))}]"
    return "None" if tp is type(None) else getattr(tp, "__name__", repr(tp))


def dispatch(table: Mapping[str, object], command: Command) -> bool:
    """Call the table's handler for the command with its argument (checked when the Command was made); False
    when the table has none. The one place a handler is found by name."""
    handler = table.get(command.name)
    if not callable(handler):
        return False
    handler(command.arg)
    return True


# name -> what it does (the argument, if any, in brackets). The one table of what can be asked.
SESSION: dict[str, str] = {
    "toggle_pause": "play / pause",
    "pause": "pause [True] or play [False]",
    "step": "one fixed step forward while paused",
    "slower": "next slower playback speed",
    "faster": "next faster playback speed",
    "set_speed": "playback speed [one of params.SPEEDS]",
    "reset": "restart the scene with the same seed",
    "mode": "switch to a mode [mode name] (its default cell)",
    "cell": "switch to a cell preset [cell name] (and to the mode it runs in)",
    "compare": "the three mechanisms side by side, on or off",
    "compare_treatment": "control beside treatment, on or off [None: the experiments applied; or a name to add]",
    "investigate": "a guided investigation's scene: its cell, control beside treatment from t = 0 [name]",
    "stimulate": "one stimulus: a Ca²⁺ signal in a secretory cell, an action potential at the synapse",
    "walk_next": "walk-through: the followed body's next stage",
    "walk_prev": "walk-through: back to the previous stop",
    "walk_exit": "leave the walk-through",
    "toggle_layer": "one drawing layer on or off [Layers field name]",
    "set_layer": "set one drawing layer [(name, on)]",
    "toggle_scale": "scale bar and clock on or off",
    "toggle_theme": "dark / projector theme",
    "set_theme": "choose the theme [name]",
    "toggle_clean": "clean view (no widgets) on or off",
    "toggle_help": "help overlay on or off",
    "close_help": "close the help overlay",
    "zoom_in": "zoom in about the view centre",
    "zoom_out": "zoom out about the view centre",
    "zoom_reset": "whole scene; stop following",
    "zoom_at": "zoom by a factor keeping a screen point fixed [(factor, (x, y) px)]",
    "pan": "move the view by screen pixels [(dx, dy)]",
    "look_at": "centre on a point at a zoom [(x_nm, y_nm, zoom)]",
    "set_view": "the screen rectangle the scene is drawn in [(x, y, w, h) px]",
    "pick": "follow the body under a screen point, or stop following [(x, y) px]",
    "release": "stop following",
    "toggle_closeup": "event close-up (magnified inset, slow motion) on or off",
    "set_value": "change one tunable parameter [(name, value)]",
    "toggle_value": "turn an on/off parameter (balance, calcium) on or off [name]",
    "experiment": "apply or remove an experiment of the registry [(name, on)]; refused with a message where it "
                  "does not apply or clashes",
    "wound": "open a wound in the plasma membrane [x_nm] (cell scenes)",
    "wound_at": "open a wound where the membrane is under a screen point [(x, y) px]",
    "toggle_wound_tool": "the wound tool: the next click on the plasma membrane wounds it",
    "electrode_at": "place the amperometry electrode above a screen point [(x, y) px] (chromaffin cell)",
    "follow_event": "follow the granule of an amperometry event, or mark where it fused [(uid, x_nm)]",
    "toggle_electrode_tool": "the electrode tool: the next click on the cell places the carbon fibre",
    "caption": "show a caption instead of the stage caption [text]",
    "say": "a short message on screen for a few seconds [text]",
    "chart_keep": "keep this run's chart trace to compare the next run with; again: drop it",
    "tirf_region": "the TIRF view's region traced as ΔF/F0 [(x0, x1) µm along the membrane, or None]",
    "language": "the language of every text shown [code: en, es]; takes effect at once",
}
WINDOW: dict[str, str] = {
    "toggle_fullscreen": "fullscreen on or off",
    "screenshot": "save the window as a PNG",
    "toggle_record": "start or stop recording the window to MP4",
    "toggle_record_scene": "start or stop recording only the scene and its caption strip to MP4",
    "save_setup": "save the setup as a scene script (--save-script PATH, else a new file in --record-dir)",
    "investigations": "the guided investigations' start page open or closed",
    "escape": "close what was opened last (ui/escape.py); with nothing open, ask, then quit",
    "blank": "blank the screen to black, and back",
    "toggle_drawer": "the hall layout's Controls drawer (sliders, menus, the panel) open or closed",
    "toggle_view": "the Simple view (caption, clock, three numbers) or the Detailed panel; remembered",
    "ui_bigger": "larger text and widgets",
    "ui_smaller": "smaller text and widgets",
    "quit": "close the window",
}
ALL: dict[str, str] = {**SESSION, **WINDOW}
