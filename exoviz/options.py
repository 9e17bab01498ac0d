"""Options and UsageError: the parsed command line as plain data, imported by every runner, importing nothing above."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from exoviz.params import Params

NO_DISPLAY = ("no usable display for a window; run headless instead, e.g.: python main.py --headless "
              "--duration 10 --screenshot out.png (or --record out.mp4)")


_T = TypeVar("_T")


class UsageError(Exception):
    """A one-line message for the user; the CLI prints it and exits 2."""


def given(value: _T | None, flag: str) -> _T:
    """An option's value where the caller runs only when the flag was given (cli.main checks: a bug otherwise)."""
    if value is None:
        raise ValueError(f"{flag} was not given")
    return value


@dataclass(frozen=True)
class Options:
    """Everything the command line (and a scene script) decided before a run starts."""

    params: Params
    size: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    headless: bool = False
    duration: float | None = None  # playback seconds (headless and record runs)
    screenshot: str | None = None
    stats: str | None = None
    overwrite: bool = False
    theme: str = "dark"
    ui_scale: float = 1.0
    speed: float = 1.0
    fps: int = 30
    record: str | None = None
    record_dir: str = "."
    burn_captions: bool = False
    clean: bool = False
    closeup: bool = False  # event close-up on from the start
    frame_time: bool = False  # --frame-time: the window shows each frame's time (ui/frame_meter.py)
    walkthrough: str | None = None  # folder for walk-through slides
    title: str | None = None  # a recording's title card
    quiet: bool = False
    csv: str | None = None  # the time series as CSV
    amperometry: str | None = None  # the amperometry trace as CSV (its events beside it, PATH-events.csv)
    chart: bool = False  # the live chart shown from the start
    tirf: bool = False  # the pHluorin TIRF kymograph shown from the start
    tirf_region: tuple[float, float] | None = None  # µm along the membrane: the region traced as ΔF/F0
    script: Any = None  # the loaded exoviz.export.script.Script when --script is given
    lang: str = "en"  # the language of every text shown (a code in exoviz.i18n.LANGUAGES)
    save_script: str | None = None  # where the setup is saved as a scene script (headless: at the end)
    compare_experiment: str | None = None  # control beside treatment with this experiment from the start
    investigate: str | None = None  # --investigate: '' the start page; a name: that investigation's scene
    repeat: int = 0  # --repeat N: N seeds, control and treated, a summary CSV (exoviz/repeat.py)
    doses: tuple[float, ...] = ()  # --doses: extracellular Ca²⁺ concentrations for a dose-response, mM
