"""The written contract between the Session and its parts (session_view, session_turnover, session_walk,
session_bench): the Session's state they read and change (SessionFields) and the Session methods they call
(SessionCalls, a typing Protocol). Each part subclasses SessionPart (both), so mypy checks the parts' code against
the contract, and the Session (made of the parts) against it: a method of SessionCalls the Session lacks leaves it
abstract (mypy: cannot instantiate), one it types otherwise is an incompatible override, a field it sets to another
type an incompatible assignment; tests/test_session.py checks that a new Session has every field. No pygame.

(The fields are a plain class, not Protocol members: mypy takes `self.x = ...` in a class that subclasses a
protocol for a new definition of x with the type of that value, so the parts' own assignments would re-type them.)
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


class SessionFields:
    """The Session's state its parts read and change (declarations only: Session.__init__ sets every one)."""

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


class SessionCalls(Protocol):
    """The Session methods its parts call."""

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
        """Leave the walk-through, if on (session_walk.WalkCommands provides it)."""
        ...


class SessionPart(SessionFields, SessionCalls):
    """The base of each part of the Session: the contract, fields and calls."""
