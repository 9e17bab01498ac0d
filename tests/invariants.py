"""What must hold for any world at any moment (the monkey and soak tests check it all the time)."""

from __future__ import annotations

import math
import weakref

import numpy as np

from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2


class Watch:
    """Checks worlds; remembers each world's ledger so the running totals can only grow."""

    def __init__(self, note_area: bool = False) -> None:
        """note_area: keep going when the membrane area is not positive, noting it in .area_problems."""
        self._last: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.checks = 0
        self.note_area = note_area
        self.area_problems: list[str] = []

    def world(self, w) -> None:
        v = w.ves
        a = v.alive
        pos, r = v.pos[a], v.radius[a]
        assert np.isfinite(pos).all() and np.isfinite(r).all(), "NaN or inf in a body's position or radius"
        assert (r > 0).all(), "a living body with no radius"
        sc = w.scene
        outside = np.maximum.reduce([-pos[:, 0], pos[:, 0] - sc.width, -pos[:, 1], pos[:, 1] - sc.height,
                                     np.zeros(len(r))]) if len(r) else np.zeros(0)
        assert (outside <= r + 1e-6).all(), f"a body left the scene by {float((outside - r).max()):.1f} nm"
        d = w.dots
        assert np.isfinite(d.pos[d.alive]).all(), "NaN in a cargo dot"
        led = w.ledger
        totals = (led.pm_initial_um2, led.pm_added_um2, led.pm_removed_um2, led.pore_open_um2)
        assert all(math.isfinite(x) for x in totals), totals
        assert led.pm_um2 == led.pm_initial_um2 + led.pm_added_um2 - led.pm_removed_um2
        if led.pm_um2 <= 0:
            problem = f"plasma membrane area {led.pm_um2:.3f} um2 at t = {w.t:.1f} s ({w.params.mode})"
            assert self.note_area, problem
            self.area_problems.append(problem)
        assert led.pore_open_um2 >= 0
        cap = (led.pm_um2 + led.pore_open_um2) * SPECIFIC_CAPACITANCE_FF_PER_UM2 / 1000.0
        assert math.isclose(led.capacitance_pf, cap, rel_tol=1e-12)
        before = self._last.get(w)
        if before is not None:
            assert led.pm_added_um2 >= before[0] and led.pm_removed_um2 >= before[1], "the ledger went back"
            assert w.t >= before[2]
        self._last[w] = (led.pm_added_um2, led.pm_removed_um2, w.t)
        self.checks += 1

    def session(self, s) -> None:
        for w in s.worlds:
            self.world(w)
        cam = s.camera
        assert math.isfinite(cam.zoom) and cam.zoom > 0 and np.isfinite(cam.center).all()
