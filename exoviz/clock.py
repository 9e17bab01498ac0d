"""The fixed-step clock every run uses: playback time in, whole simulation steps out, and the interpolation alpha.

After Glenn Fiedler's "Fix Your Timestep": time accumulates, the model advances in fixed steps, and the
picture is drawn between the last two steps. A window run (realtime) clamps long frames and caps the steps
per frame so a slow machine slows the animation instead of spiralling; an offline run (headless, recording)
passes exact fractions of a second, so a 7 fps film takes exactly the steps its seconds are worth.
"""

from __future__ import annotations

import math
from fractions import Fraction

from exoviz.sim.world import STEPS_PER_PLAYBACK_S  # fixed steps per playback second at speed x1

MAX_FRAME_S = 0.25  # clamp on one long frame (a dragged window, a breakpoint)
MAX_STEPS_PER_FRAME = 24  # beyond this a window run slows down rather than spiralling


class Clock:
    """Accumulates playback time (scaled by speed) in units of one step."""

    def __init__(self) -> None:
        self.acc: float | Fraction = 0.0  # steps owed but not yet taken (0 <= acc < 1 after advance)
        self.lagging = False  # the last realtime frame hit the cap

    def advance(self, wall_s: float | Fraction, speed: float, realtime: bool = True) -> int:
        """Add one frame's time; return how many fixed steps to take now.

        realtime: wall_s is a measured float; clamped, and at most MAX_STEPS_PER_FRAME steps are returned.
        offline: wall_s should be exact (Fraction(1, fps)); nothing is clamped or dropped.
        """
        if realtime:
            self.acc = float(self.acc) + min(float(wall_s), MAX_FRAME_S) * speed * STEPS_PER_PLAYBACK_S
        else:
            self.acc = Fraction(self.acc) + Fraction(wall_s) * Fraction(speed) * STEPS_PER_PLAYBACK_S
        n = math.floor(self.acc)
        self.lagging = realtime and n > MAX_STEPS_PER_FRAME
        if self.lagging:
            self.acc, n = 0.0, MAX_STEPS_PER_FRAME
        else:
            self.acc -= n
        return n

    @property
    def alpha(self) -> float:
        """How far the picture is between the last two steps (0..1)."""
        return min(float(self.acc), 1.0)

    def reset(self) -> None:
        self.acc = 0.0
        self.lagging = False
