"""What the screen shows besides the model (layers, pause, speed, follow, captions, messages), as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


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

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass
class HudState:
    """One frame's view of the session for the renderer: speed, pause, who is followed, overlays."""

    paused: bool = False
    speed: float = 1.0  # the playback speed now (slow motion included)
    slow: float = 1.0  # slow-motion factor of an event close-up (1: none)
    follow_uid: int = -1  # clicked by the user; -1: caption follows the model's featured body
    site: tuple[float, float] | None = None  # where the followed body merged (nm): the camera holds it
    caption_override: str = ""  # from a scene script
    walk: tuple[str, str] | None = None  # presenter walk-through (title, two lines)
    message: str = ""  # short confirmation (screenshot saved, ...)
    extra_lines: list[str] = field(default_factory=list)
