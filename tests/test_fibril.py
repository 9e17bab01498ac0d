"""Collagen fibrils outside the fibroblast (exoviz.sim.fibril): they grow only from procollagen released and
processed, and lie outside the cell."""

import numpy as np

from exoviz.params import Params
from exoviz.sim import fibril
from exoviz.sim.state import PROTEIN, SMALL, Particles
from exoviz.sim.world import World


def test_fibrils_grow_with_the_procollagen_released_and_lie_outside_the_cell():
    w = World(Params(mode="full-fusion", cell="fibroblast", seed=2))
    fib = w.scene.secretory.fibrils
    assert fib is not None and fib.length.sum() == 0.0  # none before any release
    mols = w.ledger.molecules_per_dot
    seen = []
    for _ in range(4):
        w.run(180)
        used = w.events["fibril_collagen"]
        seen.append(fib.length.sum())
        assert used <= w.ledger.cargo_released  # every dot in a fibril was released first
        assert np.isclose(fib.molecules, used * mols)
        assert np.isclose(fib.length.sum(), used * fibril.nm_per_dot(mols)) or fib.length.max() == fib.max_nm
    assert seen[-1] > seen[1] > 0.0 and all(b >= a for a, b in zip(seen, seen[1:], strict=False))
    assert np.all(fib.y + 0.5 * fibril.FIBRIL_NM < w.scene.membrane_outer_y) and np.all(fib.y > 0.0)
    left, right = fibril.extent(fib)
    assert np.allclose(right - left, fib.length)


def test_only_procollagen_dots_outside_long_enough_join():
    fib = fibril.layout(5000.0, 1000.0)
    d = Particles(capacity=8)
    d.emit(np.array([[100.0, 200.0], [200.0, 500.0], [300.0, 800.0]]), np.array([PROTEIN, PROTEIN, SMALL]))
    d.age[:3] = [fibril.PROCESS_S + 1.0, 0.5, fibril.PROCESS_S + 1.0]
    assert fibril.step(d, fib, 1200) == 1  # the young one waits; small molecules never join
    assert d.n == 2 and np.isclose(fib.length.sum(), 100.0)
    assert fib.length[np.argmin(np.abs(fib.y - 200.0))] == 100.0  # it joined the fibril nearest in depth
