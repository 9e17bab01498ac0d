"""Full garbage collections paced into quiet frames: the window, not the interpreter, decides when the cyclic
collector walks its oldest generation. Left to itself a full collection ran in whatever frame it came due, a key's
frame too, freeing there the garbage of every widget set and world rebuilt since the last one (15-50 ms CPU added to
a frame of Ctrl++, a mode switch or compare in the respond bench). Here the oldest generation's threshold is
lifted while a window holds it, and the window collects it itself once it is due and the frame is quiet: a few
frames after the last command, with no new look being built (ui/restyle.py). Young collections are unchanged."""

from __future__ import annotations

import gc

QUIET_FRAMES = 5  # frames after the last command (key, widget) before a due full collection may run (a key that
# sets up new worlds draws them in the next frame and builds widgets in the two after)
DUE = 10  # young (generation 1) collections since the last full one: CPython's own threshold for the oldest
OVERDUE = 20 * DUE  # never deferred past this, quiet or not (a long busy stretch must not grow garbage unbounded)
NEVER = 1 << 30  # the oldest generation's threshold while held: the interpreter never starts a full collection


class GcPace:
    """hold() once (a real window); command() when a command runs; step(busy) once a frame."""

    def __init__(self) -> None:
        self.since = QUIET_FRAMES  # frames since the last command
        self.full = 0  # full collections run here (counting tests)
        self.held: tuple[int, int, int] | None = None  # the thresholds before hold()

    def hold(self) -> None:
        """Take the oldest generation's collections out of the interpreter's hands (process-wide) until release()."""
        if self.held is None:
            self.held = gc.get_threshold()
            t0, t1, _t2 = self.held
            gc.set_threshold(t0, t1, NEVER)

    def release(self) -> None:
        """The interpreter collects on its own again (a closed window; benches opening one window after another)."""
        if self.held is not None:
            gc.set_threshold(*self.held)
            self.held = None

    def command(self) -> None:
        self.since = 0

    def step(self, busy: bool) -> bool:
        """This frame's end: a full collection if one is due and the frame is quiet (or it is long overdue)."""
        self.since += 1
        if self.held is None:
            return False
        due = gc.get_count()[2]
        if due < DUE or (due < OVERDUE and (busy or self.since <= QUIET_FRAMES)):
            return False
        gc.collect(2)
        self.full += 1
        return True
