"""SIGINT and SIGTERM, handled alike in every kind of run: the first asks the run to stop after the current frame
and save what it has; a second one, while saving, aborts the save (raised as Aborted) so nothing half-made is left.

Runs poll requested() once per frame. Code that must not be cut in two (renaming a finished file into place)
runs inside shielded(): a second signal arriving there is held back and raised at the next checkpoint().
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "Ctrl+C (SIGINT)", signal.SIGTERM: "SIGTERM"}


class Aborted(BaseException):
    """A second signal: stop saving now. Not an Exception, so ordinary error handling lets it through."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"a second {NAMES.get(signum, signum)}")
        self.signum = signum


class _State:
    def __init__(self) -> None:
        self.first: int | None = None  # the signal that asked the run to stop
        self.count = 0
        self.raised = False  # Aborted was raised once; later signals only count
        self.pending: int | None = None  # a second signal held back by shielded()
        self.shield = 0


_state = _State()


def _handler(signum: int, _frame: FrameType | None) -> None:
    _state.count += 1
    if _state.first is None:
        _state.first = signum
        return
    if _state.raised:
        return
    if _state.shield:
        _state.pending = signum
        return
    _state.raised = True
    raise Aborted(signum)


@contextmanager
def handling() -> Iterator[None]:
    """Install the handlers for the duration of a run (main thread only; elsewhere a no-op). Resets the state."""
    global _state
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _state = _State()
    old = {s: signal.signal(s, _handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def requested() -> int | None:
    """The signal number if the run was asked to stop, else None."""
    return _state.first


def exit_code() -> int:
    """128 + the signal number: 130 for SIGINT, 143 for SIGTERM."""
    return 128 + int(_state.first or signal.SIGINT)


def name() -> str:
    return NAMES.get(_state.first, "a signal") if _state.first else "nothing"


def checkpoint() -> None:
    """Raise Aborted now if a second signal was held back by shielded()."""
    if _state.pending is not None and not _state.shield and not _state.raised:
        signum, _state.pending = _state.pending, None
        _state.raised = True
        raise Aborted(signum)


@contextmanager
def shielded() -> Iterator[None]:
    """A block a second signal must not cut in two; it is raised at the next checkpoint() instead."""
    _state.shield += 1
    try:
        yield
    finally:
        _state.shield -= 1

