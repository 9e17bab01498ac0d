"""What the screen shows besides the model (layers, pause, speed, follow, captions, messages), as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np


@dataclass
class Layers:
    """What is drawn. Clean view turns off everything but the scene (and what is kept on purpose)."""

    labels: bool = True
    captions: bool = True
    cargo: bool = True
    proteins: bool = True
    scale_bar: bool = True
    clock: bool = True
    readout: bool = True
    legend: bool = True
    notes: bool = True
    chart: bool = False  # the live chart of membrane area and capacitance (key G)
    tirf: bool = False  # the pHluorin TIRF kymograph and its region's trace (key O)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, eq=False)
class ChartRef:
    """A run kept for the chart to compare with (Ctrl+G): its samples and what it was."""

    t: np.ndarray  # simulated s
    area: np.ndarray  # plasma membrane, µm²
    dc: np.ndarray  # capacitance change from the start, fF
    label: str  # what was kept, e.g. "Pancreatic β-cell · balance on" (translated when shown)


@dataclass(frozen=True)
class Spotlight:
    """The highlighted body (exoviz.highlight): its uid, or the spot where it merged (held until its patch has
    spread, showing the caption of site_stage), and where the reticle is while it glides or holds."""

    uid: int = -1
    site: tuple[float, float] | None = None  # nm
    site_uid: int = -1
    site_stage: int = -1
    reticle: tuple[float, float, float] | None = None  # (x, y, radius) nm; None: on the body itself


@dataclass
class HudState:
    """One frame's view of the session for the renderer: speed, pause, who is followed, overlays."""

    paused: bool = False
    speed: float = 1.0  # the playback speed now (slow motion included)
    slow: float = 1.0  # slow-motion factor of an event close-up (1: none)
    follow_uid: int = -1  # clicked by the user; -1: caption follows the highlighted body
    follow_site: tuple[float, float] | None = None  # nm: where the followed body merged (the camera stays there)
    spotlight: Spotlight | None = None  # the highlighted body (None: ask the model's featured body directly)
    caption_override: str = ""  # from a scene script
    walk: tuple[str, str] | None = None  # presenter walk-through (title, two lines)
    message: str = ""  # short confirmation (screenshot saved, ...)
    extra_lines: list[str] = field(default_factory=list)
    chart_ref: ChartRef | None = None  # a kept run the chart draws dashed under the live one
