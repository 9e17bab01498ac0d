"""A click in the scene: on a spike (or its mark) in the amperometry strip it follows that event's granule, or marks
where it fused once it has merged; anywhere else the session's tool (electrode, wound) or a pick."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exoviz.commands import Command
from exoviz.render import amp_trace

if TYPE_CHECKING:
    from exoviz.session import Session


def click_command(session: Session, pos: tuple[int, int]) -> Command:
    """What a click at pos asks the session for."""
    e = amp_trace.event_at(pos)
    if e is None:
        return Command(session.click_tool(), pos)
    return Command("follow_event", (e.uid, e.x_nm))
