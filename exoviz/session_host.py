"""The written contract between the Session and its parts (session_view, session_turnover, session_walk,
session_bench, session_display): SessionHost, a typing Protocol of the Session's state the parts read and change
and of the Session methods they call. The Session is composed of its parts: it makes each with itself as their
host (`ViewCommands(self)` ...), and mypy checks there that the Session has every member of the contract with
its type (an attribute missing or of another type, a method missing or typed otherwise, is an error where the
part is made), and checks each part's code against the contract. No pygame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from exoviz.camera import Camera
    from exoviz.clock import Clock
    from exoviz.highlight import Highlight
    from exoviz.i18n import Text
    from exoviz.params import Params
    from exoviz.sim.world import World
    from exoviz.tracking import CloseUp, Follow
    from exoviz.viewstate import ChartRef, Layers
    from exoviz.walkthrough import WalkThrough


class SessionHost(Protocol):
    """The Session as its parts see it: its state they read and change, and the methods they call."""

    params: Params
    world: World
    compare: bool
    compare_worlds: list[World]
    treatment: Params | None  # the treated half's params in the control-beside-treatment view (session_bench)
    investigation: str  # the guided investigation shown ('' for none; exoviz.investigations)
    camera: Camera
    clock: Clock
    paused: bool
    follow: Follow
    highlight: Highlight
    closeup: CloseUp
    walk: WalkThrough
    layers: Layers
    chart_ref: ChartRef | None
    wound_tool: bool
    electrode_tool: bool  # the next click on the cell places the amperometry electrode (session_turnover)
    caption_override: str
    message: str
    _closeup_user: bool  # the close-up as the user chose it (the walk-through turns it on meanwhile)
    _now: Callable[[], float]  # the wall clock (tests pass their own)
    theme: str  # the theme's name (session_display)
    clean: bool  # the clean view (session_display)
    show_help: bool
    language: str  # the language code of every text shown

    def _say(self, arg: Text | tuple[Text, float]) -> None:
        """A message for a few seconds: text, or (text, seconds) (Session's "say" handler)."""
        ...

    def _set_value(self, arg: tuple[str, float]) -> None:
        """Change one parameter as a slider does (Session's "set_value" handler)."""
        ...

    def _set_params(self, params: Params, force: bool = False) -> None:
        """New parameters: a live change, or a new world for another mode or cell, or when forced (Session's)."""
        ...

    def _end_walk(self) -> None:
        """Leave the walk-through, if on (the Session hands it to its walk part, session_walk.WalkCommands)."""
        ...
