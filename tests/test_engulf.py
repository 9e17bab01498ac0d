"""The macrophage eats (exoviz.sim.engulf): a bead is taken in by phagocytosis and fluid by macropinocytosis beside the
coated pits; the turnover counts each route; closing the phagocytic cup removes the phagosome's membrane (what
wrapped the bead) from the plasma membrane, exactly; "membrane internalized" counts every route."""

import numpy as np
import pytest
from shared_runs import Probe, StageOrder, shared_run

from exoviz.params import Params
from exoviz.sim.engulf import BEAD_D_NM, MACRO_PER_DRAWN, WRAP_GAP_NM
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.world import World

STEPS = 540  # 3 simulated minutes at ×20


class Closures(Probe):
    """Cups that closed: the membrane each took (by route) from what the bodies are, and the ledger's change then."""

    def __init__(self) -> None:
        super().__init__()
        self.took = {"phagocytosis": 0.0, "macropinocytosis": 0.0}
        self.beads_in: list[bool] = []

    def before(self, w: World) -> None:
        v = w.ves
        self.stage, self.uid = v.stage.copy(), v.uid.copy()
        self.removed = dict(w.ledger.removed_by)

    def after(self, w: World) -> None:
        v = w.ves
        n = self.uid.size
        same = v.uid[:n] == self.uid
        for cup, closed, route, each in ((Stage.PHAGO_CUP, Stage.PHAGOSOME, "phagocytosis", 1),
                                         (Stage.MACRO_CUP, Stage.MACROPINOSOME, "macropinocytosis", MACRO_PER_DRAWN)):
            rows = np.flatnonzero(same & (self.stage == cup) & (v.stage[:n] == closed))
            um2 = each * float(np.sum(sphere_area_um2(v.radius[rows])))
            self.took[route] += um2
            step = w.ledger.removed_by.get(route, 0.0) - self.removed.get(route, 0.0)
            self.check(step == pytest.approx(um2, rel=1e-12, abs=1e-15), f"{route}: ledger took {step}, not {um2}")
            if route == "phagocytosis":
                bead = np.flatnonzero(v.alive & (v.kind == Kind.BEAD) & np.isin(v.parent, rows))
                self.beads_in += [bool(np.all(v.stage[bead] == Stage.BEAD_INSIDE)) and bead.size == rows.size]


@pytest.fixture(scope="module")
def macrophage():
    return shared_run(World(Params(mode="full-fusion", cell="macrophage", seed=0)), STEPS, closed=Closures(),
                      order=StageOrder())


def test_the_macrophage_takes_in_membrane_by_every_route_and_counts_each(macrophage):
    w = macrophage.world
    for route in ("endocytosis", "macropinocytosis", "phagocytosis"):
        assert w.events[route] >= 1, (route, w.events)
        assert w.ledger.removed_by[route] > 0
    st = w.stats()["turnover"]
    assert st["engulf"]["phagocytosed_beads"] == w.events["phagocytosis"]
    share = sum(w.ledger.removed_by[k] for k in ("endocytosis", "macropinocytosis", "phagocytosis"))
    assert st["internalized_percent"] == pytest.approx(100 * share / w.ledger.pm_initial_um2, abs=1e-4)
    assert not macrophage.order.problems, macrophage.order.problems[:3]


def test_phagocytosis_removes_the_beads_wrapping_from_the_ledger(macrophage):
    c = macrophage.closed
    assert not c.problems, c.problems[:3]
    w = macrophage.world
    wrap = 0.5 * BEAD_D_NM + WRAP_GAP_NM + HALF_BILAYER_NM  # the phagosome's radius: the bead's, wrapped
    n = w.events["phagocytosis"]
    assert c.took["phagocytosis"] == pytest.approx(n * float(sphere_area_um2(wrap)), rel=1e-12)
    assert w.ledger.removed_by["phagocytosis"] == pytest.approx(c.took["phagocytosis"], rel=1e-12)
    assert c.beads_in and all(c.beads_in)  # the bead went in with its phagosome
    led = w.ledger
    assert led.pm_um2 == led.pm_initial_um2 + led.pm_added_um2 - led.pm_removed_um2


def test_other_cells_do_not_eat():
    w = World(Params(mode="full-fusion", cell="fibroblast", seed=0))
    w.run(60)
    assert w.turnover.engulf is None and "phagocytosis" not in w.events
    assert not np.any(w.ves.alive & (w.ves.kind == Kind.BEAD))
