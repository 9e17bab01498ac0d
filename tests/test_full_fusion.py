"""The full-fusion model: motion, no overlap, confinement, stage order, ledger, determinism."""

import subprocess
import sys

import numpy as np
import pytest

from exoviz.params import Params
from exoviz.sim import physics
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.stages import Kind, Stage, transition_table
from exoviz.sim.world import World

FUSING = (Stage.PORE, Stage.RELEASE, Stage.COLLAPSE)


def make(seed: int = 3, **kw) -> World:
    return World(Params(mode="full-fusion", seed=seed, **kw))


def test_transport_moves_vesicles_toward_the_membrane():
    w = make()
    tr = w.ves.where(Stage.TRANSPORT)
    y0 = w.ves.pos[tr, 1].copy()
    w.run(30)
    still = tr[w.ves.stage[tr] == Stage.TRANSPORT]
    dy = w.ves.pos[still, 1] - y0[np.isin(tr, still)]
    assert still.size > 5
    assert np.mean(dy) < -50.0  # ~0.5 s at 0.3-1 um/s: tens to hundreds of nm upward (y down)


def test_stages_follow_the_allowed_order_and_vesicles_stay_in_the_cytosol():
    w = make(seed=5)
    table = transition_table()
    contact = w.scene.membrane_contact_y
    seen = set()
    for _ in range(900):
        before = w.ves.stage.copy()
        uid_before = w.ves.uid.copy()
        w.step()
        after = w.ves.stage
        same = w.ves.uid == uid_before  # rows that were not recycled into a new vesicle this step
        assert table[before[same], after[same]].all()
        seen.update(np.unique(after).tolist())
        live = np.flatnonzero(w.ves.alive & ~np.isin(w.ves.stage, FUSING))
        top = w.ves.pos[live, 1] - w.ves.radius[live]
        assert (top >= contact - 1e-6).all(), "a closed vesicle crossed the plasma membrane"
        x0, y0, x1, y1 = w.scene.cyto
        assert (w.ves.pos[live, 0] >= x0).all() and (w.ves.pos[live, 0] <= x1).all()
        assert np.isfinite(w.ves.pos).all()
    for s in (Stage.BUDDING, Stage.TRANSPORT, Stage.DOCKED, Stage.PORE, Stage.RELEASE, Stage.COLLAPSE):
        assert s in seen


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


def test_membrane_ledger_adds_four_pi_r_squared_per_fusion():
    w = make(seed=7)
    expected = w.ledger.pm_initial_um2
    fused = 0
    for _ in range(1200):
        before = w.ves.stage.copy()
        w.step()
        new = np.flatnonzero((w.ves.stage == Stage.PORE) & (before == Stage.DOCKED))
        expected += float(np.sum(sphere_area_um2(w.ves.radius[new])))
        fused += new.size
    assert fused == w.events["full_fusion"] > 5
    assert w.ledger.pm_um2 == pytest.approx(expected, rel=1e-12)
    assert w.stats()["series"]["plasma_membrane_um2"][-1] >= w.ledger.pm_initial_um2


def test_cargo_is_conserved():
    w = make(seed=11)
    for _ in range(1000):
        w.step()
        inside = int(w.ves.cargo[w.ves.alive].sum())
        assert inside + w.ledger.cargo_released == w.ledger.cargo_loaded
    assert w.ledger.cargo_released > 50
    assert w.dots.count > 0  # some released cargo is still visibly diffusing


def test_fused_vesicles_leave_their_proteins_on_the_cell_surface():
    w = make(seed=4)
    w.run(900)
    assert w.surface.proteins_delivered > 0
    assert w.surface.prot_x.size + w.surface.proteins_left_view == w.surface.proteins_delivered
    assert w.surface.patch_x.size > 0


def test_same_seed_same_run_bit_for_bit():
    a, b = make(seed=9), make(seed=9)
    a.run(400)
    b.run(400)
    assert np.array_equal(a.ves.pos, b.ves.pos)
    assert np.array_equal(a.ves.stage, b.ves.stage)
    assert np.array_equal(a.dots.pos[a.dots.alive], b.dots.pos[b.dots.alive])
    assert a.stats() == b.stats()
    c = make(seed=10)
    c.run(400)
    assert not np.array_equal(a.ves.pos, c.ves.pos)


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


def test_the_model_never_imports_pygame():
    code = ("import sys; from exoviz.sim.world import World; from exoviz.params import Params; "
            "import exoviz.sim.full_fusion, exoviz.readouts, exoviz.captions; "
            "World(Params()).run(5); print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
