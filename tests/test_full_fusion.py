"""The full-fusion model: motion, no overlap, confinement, stage order, ledger, determinism.

Most checks watch one shared run (RUN_STEPS steps, seed 7) through probes; see tests/shared_runs.py.
"""

import numpy as np
import pytest
from shared_runs import Probe, Snapshot, StageOrder, shared_run

from exoviz.params import Params
from exoviz.sim import physics
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.world import World

FUSING = (Stage.PORE, Stage.RELEASE, Stage.COLLAPSE)
RUN_STEPS = 1200
SAME_RUN_STEPS = 400
FIELDS = ("uid", "stage", "pos", "radius", "cargo")


def make(seed: int = 3, **kw) -> World:
    return World(Params(mode="full-fusion", seed=seed, **kw))


class TransportUp(Probe):
    """y of the vesicles in transport at the start, and their displacement after `after_steps` steps."""

    def __init__(self, after_steps: int = 30) -> None:
        super().__init__()
        self.n = after_steps

    def before(self, w: World) -> None:
        if self.step == 0:
            self.tr = w.ves.where(Stage.TRANSPORT)
            self.y0 = w.ves.pos[self.tr, 1].copy()

    def after(self, w: World) -> None:
        if self.step == self.n:
            self.still = self.tr[w.ves.stage[self.tr] == Stage.TRANSPORT]
            self.dy = w.ves.pos[self.still, 1] - self.y0[np.isin(self.tr, self.still)]


class InCytosol(Probe):
    """Closed vesicles never cross the plasma membrane and stay inside the cytosol's sides."""

    def after(self, w: World) -> None:
        v = w.ves
        live = np.flatnonzero(v.alive & ~np.isin(v.stage, FUSING))
        top = v.pos[live, 1] - v.radius[live]
        self.check((top >= w.scene.membrane_contact_y - 1e-6).all(), "a closed vesicle crossed the plasma membrane")
        x0, y0, x1, y1 = w.scene.cyto
        self.check(((v.pos[live, 0] >= x0) & (v.pos[live, 0] <= x1)).all(), "a vesicle left the cytosol sideways")
        self.check(np.isfinite(v.pos).all(), "a position is not finite")


class FusionLedger(Probe):
    """The plasma membrane expected from every PORE -> RELEASE change (the pore dilates: the fusion is lasting):
    initial + sum of 4 pi r^2."""

    def __init__(self) -> None:
        super().__init__()
        self.expected, self.fused = None, 0

    def before(self, w: World) -> None:
        if self.expected is None:
            self.expected = w.ledger.pm_initial_um2
        self.stage = w.ves.stage.copy()

    def after(self, w: World) -> None:
        v = w.ves
        new = np.flatnonzero((v.stage[: self.stage.size] == Stage.RELEASE) & (self.stage == Stage.PORE))
        self.expected += float(np.sum(sphere_area_um2(v.radius[new])))
        self.fused += new.size


class CargoConserved(Probe):
    def after(self, w: World) -> None:
        inside = int(w.ves.cargo[w.ves.alive].sum())
        self.check(inside + w.ledger.cargo_released == w.ledger.cargo_loaded, "a cargo dot was lost or made")


@pytest.fixture(scope="module")
def run():
    return shared_run(make(seed=7), RUN_STEPS, transport=TransportUp(), order=StageOrder(), inside=InCytosol(),
                      ledger=FusionLedger(), cargo=CargoConserved(), early=Snapshot(SAME_RUN_STEPS, FIELDS))


def test_transport_moves_vesicles_toward_the_membrane(run):
    assert run.transport.still.size > 5
    assert np.mean(run.transport.dy) < -50.0  # ~0.5 s at 0.3-1 um/s: tens to hundreds of nm upward (y down)


def test_stages_follow_the_allowed_order_and_vesicles_stay_in_the_cytosol(run):
    assert not run.order.problems, run.order.problems[:3]
    assert not run.inside.problems, run.inside.problems[:3]
    for s in (Stage.BUDDING, Stage.TRANSPORT, Stage.DOCKED, Stage.PORE, Stage.RELEASE, Stage.COLLAPSE):
        assert s in run.order.seen


def test_vesicles_do_not_overlap_one_another():
    w = make(seed=2, vesicles=150)
    for _ in range(300):
        w.step()
        moving = np.flatnonzero((w.ves.stage == Stage.TRANSPORT) | (w.ves.stage == Stage.DOCKED))
        # after the two Jacobi passes a pair may still touch by a few percent, never more
        assert physics.overlaps(w.ves.pos, w.ves.radius, moving, tolerance=0.1) == 0


def test_separate_removes_overlaps_without_an_n_by_n_matrix():
    rng = np.random.default_rng(0)
    n = 5000
    pos = rng.uniform(0, 20000, (n, 2))
    radius = np.full(n, 50.0)
    idx = np.arange(n)
    before = physics.overlaps(pos, radius, idx)
    for _ in range(10):
        physics.separate(pos, radius, idx, iterations=2)
    assert before > 100
    assert physics.overlaps(pos, radius, idx, tolerance=0.02) == 0


def test_membrane_ledger_adds_four_pi_r_squared_per_fusion(run):
    w = run.world
    assert run.ledger.fused == w.events["full_fusion"] > 3  # (a stochastic count: 5-12 over seeds 3, 7, 8, 11)
    granules = run.ledger.expected - w.ledger.pm_initial_um2  # endocytosis and recycling are tested elsewhere
    assert w.ledger.added_by["full_fusion"] == pytest.approx(granules, rel=1e-12)
    assert w.stats()["series"]["plasma_membrane_um2"][-1] >= w.ledger.pm_initial_um2


def test_cargo_is_conserved(run):
    assert not run.cargo.problems, run.cargo.problems[:3]
    assert run.world.ledger.cargo_released > 50
    assert run.world.dots.count > 0  # some released cargo is still visibly diffusing


def test_fused_vesicles_leave_their_proteins_on_the_cell_surface(run):
    s = run.world.surface
    assert s.proteins_delivered > 0
    assert s.prot_x.size + s.proteins_left_view + s.proteins_taken == s.proteins_delivered
    assert s.patch_x.size > 0


def test_same_seed_same_run_bit_for_bit(run):
    a = run.early.taken
    b, c = make(seed=7), make(seed=8)
    b.run(SAME_RUN_STEPS)
    c.run(SAME_RUN_STEPS)
    assert np.array_equal(a["ves"]["pos"], b.ves.pos)
    assert np.array_equal(a["ves"]["stage"], b.ves.stage)
    assert np.array_equal(a["dots_pos"][a["dots_alive"]], b.dots.pos[b.dots.alive])
    assert a["stats"] == b.stats()
    assert not np.array_equal(a["ves"]["pos"], c.ves.pos)


def test_pool_size_is_kept_by_budding():
    w = make(seed=1, vesicles=30, budding_rate=20.0)
    w.run(600)
    n = int(np.count_nonzero(w.ves.alive & (w.ves.kind == Kind.SECRETORY)))
    assert 20 <= n <= 30


def test_large_pool_enlarges_the_world_and_fits():
    w = make(seed=1, vesicles=2000)
    assert w.scene.width > 8000 * 3
    w.run(5)
    assert np.isfinite(w.ves.pos).all()
