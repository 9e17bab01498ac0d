"""SIGINT, SIGTERM and SIGHUP, handled alike in every kind of run: the first asks the run to stop after the current
unit of work and save what it has; a second one, while saving, aborts the save (raised as Aborted) so nothing
half-made is left. The same signal delivered twice within 100 ms (a process-group signal from `timeout`, a
terminal) is one request, not a second signal.

main.py installs the handlers in its first statements, before any heavy import, and they stay until the
process exits: from then on a signal never prints a traceback and never kills the process; the exit code is
128 + the signal number (130, 143, 129) through sys.exit. The first signal only sets a flag: runs poll
requested() once per unit (a frame, a simulation step, a slide). Code that must not be cut in two (renaming a
finished file into place) runs inside shielded(): a second signal arriving there is held back and raised at
the next checkpoint().
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = tuple(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None)
NAMES: dict[int, str] = {signal.SIGINT: "Ctrl+C (SIGINT)", signal.SIGTERM: "SIGTERM"}
if hasattr(signal, "SIGHUP"):
    NAMES[signal.SIGHUP] = "SIGHUP"
SAME_REQUEST_S = 0.1  # the same signal again within this time is the same request (a group delivery)


class Aborted(BaseException):
    """A second signal: stop saving now. Not an Exception, so ordinary error handling lets it through."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"a second {NAMES.get(signum, signum)}")
        self.signum = signum


class _State:
    def __init__(self) -> None:
        self.first: int | None = None  # the signal that asked the run to stop
        self.first_at = 0.0  # time.monotonic() of that first delivery
        self.count = 0  # deliveries that counted (repeats within SAME_REQUEST_S do not)
        self.raised = False  # Aborted was raised once; later signals only count
        self.pending: int | None = None  # a second signal held back by shielded()
        self.shield = 0


_state = _State()
_installed = False


def _handler(signum: int, _frame: FrameType | None) -> None:
    now = time.monotonic()
    if _state.first is None:
        _state.first, _state.first_at = signum, now
        _state.count += 1
        return
    if signum == _state.first and now - _state.first_at < SAME_REQUEST_S:
        return  # the same request, delivered again (to the process and to its group)
    _state.count += 1
    if _state.raised:
        return
    if _state.shield:
        _state.pending = signum
        return
    _state.raised = True
    raise Aborted(signum)


def install() -> None:
    """Install the handlers for the rest of the process (main.py's first statement; main thread only)."""
    global _installed
    if threading.current_thread() is not threading.main_thread():
        return
    for s in SIGNALS:
        signal.signal(s, _handler)
    _installed = True


def ignore_from_now() -> None:
    """The process is about to exit with its code: a signal from here on changes nothing (and kills nothing)."""
    if threading.current_thread() is threading.main_thread():
        for s in SIGNALS:
            signal.signal(s, signal.SIG_IGN)


@contextmanager
def handling() -> Iterator[None]:
    """Handlers for the duration of a run (main thread only; elsewhere a no-op), the previous ones restored after.

    Under main.py the previous ones are these same handlers, so a signal after the run is still caught. A
    signal that arrived before (while the command line was read) is kept: the run stops at once.
    """
    global _state
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _installed:
        _state = _State()
    old = {s: signal.signal(s, _handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        if not _installed:  # a run inside another program (tests): its signal does not outlive it
            _state = _State()


def reset() -> None:
    """Forget any signal (tests, and a fresh run in the same process)."""
    global _state
    _state = _State()


def requested() -> int | None:
    """The signal number if the run was asked to stop, else None."""
    return _state.first


def exit_code() -> int:
    """128 + the signal number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP."""
    return 128 + int(_state.first or signal.SIGINT)


def name(signum: int | None = None) -> str:
    s = signum if signum is not None else _state.first
    return NAMES.get(s, f"signal {s}") if s else "nothing"


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
