"""The exosome / MVB model: ILV containment, release, sizes, ledger, fates, stage order, determinism."""

import json
import subprocess
import sys

import numpy as np

from exoviz.params import Params
from exoviz.sim import physics
from exoviz.sim.ledger import sphere_area_um2
from exoviz.sim.stages import Kind, Stage, transition_table
from exoviz.sim.world import World

ILV_STAGES = (Stage.ILV_BUD, Stage.ILV_INSIDE)
CYTOSOLIC = (Stage.ENDOSOME, Stage.ILV_BUDDING, Stage.MVB, Stage.MVB_TRANSPORT, Stage.MVB_DOCKED,
             Stage.TO_LYSOSOME, Stage.LYSOSOME_IDLE)


def make(seed: int = 0, **kw) -> World:
    return World(Params(mode="exosome", seed=seed, **kw))


def snapshot(w: World) -> tuple[np.ndarray, np.ndarray]:
    return w.ves.stage.copy(), w.ves.uid.copy()


def after_step(w: World, before: np.ndarray, uid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(stage before, same-body mask) over the current capacity; slots added by growth were FREE."""
    n = w.ves.capacity
    b = np.full(n, Stage.FREE, dtype=before.dtype)
    b[: before.size] = before
    u = np.zeros(n, dtype=uid.dtype)
    u[: uid.size] = uid
    return b, w.ves.uid == u


def ilv_rows(w: World) -> np.ndarray:
    return np.flatnonzero(np.isin(w.ves.stage, ILV_STAGES))


def test_ilvs_never_leave_their_parent_before_fusion():
    for seed in (0, 4):
        w = make(seed=seed)
        v = w.ves
        checked = 0
        for _ in range(2400):  # 40 s of playback
            w.step()
            ilv = ilv_rows(w)
            assert (v.parent[ilv] >= 0).all(), "an ILV lost its parent without being released"
            ilv = ilv[v.stage[v.parent[ilv]] != Stage.MVB_FUSION]  # fusing: they leave (test_membrane_continuity)
            par = v.parent[ilv]
            assert (v.kind[par] == Kind.ENDOSOME).all() and v.alive[par].all()
            dist = np.hypot(*(v.pos[ilv] - v.pos[par]).T)
            assert (dist + v.radius[ilv] <= v.radius[par] + 1e-6).all(), "an ILV pokes out of its MVB"
            assert np.allclose(v.pos[ilv], v.pos[par] + v.rel[ilv])
            checked += ilv.size
        assert checked > 50_000


def test_fusion_turns_every_ilv_of_the_mvb_into_an_extracellular_exosome():
    """By the time a fusing MVB has flattened, each of its ILVs is an exosome in the extracellular fluid."""
    w = make(seed=1)
    v = w.ves
    mem = w.scene.membrane_y
    pending: dict[int, int] = {}  # ILV uid -> parent uid, for ILVs of fusing MVBs
    released = 0
    for _ in range(1800):
        fu = v.where(Stage.MVB_FUSION)
        ilv = ilv_rows(w)
        inside_fusing = ilv[np.isin(v.parent[ilv], fu)]
        pending.update(zip(v.uid[inside_fusing].tolist(), v.uid[v.parent[inside_fusing]].tolist()))
        w.step()
        for ilv_uid, par_uid in list(pending.items()):
            i = v.index_of_uid(ilv_uid)
            assert i >= 0, "an ILV vanished during MVB fusion"
            if v.stage[i] == Stage.ILV_INSIDE:
                assert v.index_of_uid(par_uid) >= 0, "an ILV outlived its MVB's fusion"
                continue
            assert v.stage[i] == Stage.EXOSOME and v.parent[i] == -1
            assert v.pos[i, 1] + v.radius[i] < mem, "a released exosome is not in the extracellular fluid"
            released += 1
            del pending[ilv_uid]
        ex = v.where(Stage.EXOSOME)
        assert (v.pos[ex, 1] + v.radius[ex] < mem).all(), "an exosome drifted back into the cell"
    assert released > 40
    assert w.events["exosome_release"] >= released


def test_released_exosomes_are_40_to_100_nm_across_with_a_spread():
    w = make(seed=2)
    w.run(1800)
    st = json.loads(json.dumps(w.stats()))  # JSON-ready
    d = np.array(st["exosome_diameters_nm"])
    assert d.size == st["events"]["exosome_release"] > 30
    assert (d >= 40.0).all() and (d <= 100.0).all()
    assert d.std() > 10.0
    assert st["events"]["mvb_fusion"] > 0


def test_ledger_adds_the_limiting_membrane_and_exports_the_ilv_membrane():
    w = make(seed=3)
    v = w.ves
    fused_r: list[float] = []
    exo_r: list[float] = []
    for _ in range(1800):
        before, uid = snapshot(w)
        w.step()
        before, same = after_step(w, before, uid)
        fused = np.flatnonzero(same & (before != Stage.MVB_FUSION) & (v.stage == Stage.MVB_FUSION))
        fused_r.extend(v.radius[fused].tolist())
        out = np.flatnonzero(same & (before != Stage.EXOSOME) & (v.stage == Stage.EXOSOME))
        exo_r.extend(v.radius[out].tolist())
    assert len(fused_r) >= 3 and len(exo_r) >= 30
    assert np.isclose(w.ledger.pm_added_um2, np.sum(sphere_area_um2(np.array(fused_r))), rtol=1e-12)
    assert np.isclose(w.ledger.exosome_um2, np.sum(sphere_area_um2(np.array(exo_r))), rtol=1e-12)
    assert w.events["mvb_fusion"] == len(fused_r)
    assert w.events["exosome_release"] == len(exo_r)


def stages_seen(w, steps: int) -> set[int]:
    """Run w for steps and return every stage code that occurred."""
    seen: set[int] = set()
    for _ in range(steps):
        w.step()
        seen.update(np.unique(w.ves.stage).tolist())
    return seen


def test_lysosome_fraction_one_releases_no_exosomes():
    w = make(seed=0, lysosome_fraction=1.0)
    seen = stages_seen(w, 1800)
    st = w.stats()
    assert st["events"].get("exosome_release", 0) == 0 and st["events"].get("mvb_fusion", 0) == 0
    assert st["exosome_diameters_nm"] == []
    assert st["events"]["lysosome_fusion"] >= 3
    assert Stage.DEGRADE in seen and Stage.MVB_TRANSPORT not in seen
    assert st["degraded"]["ilvs"] > 20 and st["degraded"]["cargo_dots"] > 0
    assert w.ledger.pm_added_um2 == 0.0 and w.ledger.exosome_um2 == 0.0
    # lysosomes persist, in place
    lyso = w.scene.extra["lysosome_slots"]
    assert (w.ves.stage[lyso] == Stage.LYSOSOME_IDLE).all()


def test_lysosome_fraction_zero_sends_every_mvb_to_the_membrane():
    w = make(seed=0, lysosome_fraction=0.0)
    seen = stages_seen(w, 1800)
    assert w.events.get("lysosome_fusion", 0) == 0
    assert Stage.TO_LYSOSOME not in seen and Stage.DEGRADE not in seen
    assert w.events["mvb_fusion"] >= 5


def test_stage_changes_follow_allowed_and_bodies_stay_apart_in_the_cytosol():
    w = make(seed=5)
    v = w.ves
    table = transition_table()
    contact = w.scene.membrane_contact_y
    x0, y0, x1, y1 = w.scene.cyto
    seen = set()
    for _ in range(2400):
        before, uid = snapshot(w)
        w.step()
        before, same = after_step(w, before, uid)
        assert table[before[same], v.stage[same]].all()
        recycled = ~same & (before != Stage.FREE)  # old body retired, slot reused within the step
        assert table[before[recycled], Stage.FREE].all() and table[Stage.FREE, v.stage[recycled]].all()
        seen.update(np.unique(v.stage).tolist())
        body = np.flatnonzero(np.isin(v.stage, CYTOSOLIC))
        assert physics.overlaps(v.pos, v.radius, body, tolerance=0.1) == 0
        assert (v.pos[body, 1] - v.radius[body] >= contact - 1e-6).all()
        assert (v.pos[body, 1] + v.radius[body] <= y1 + 1e-6).all()
        assert (v.pos[body, 0] >= x0).all() and (v.pos[body, 0] <= x1).all()
        assert np.isfinite(v.pos).all()
    for s in (Stage.ENDOSOME, Stage.ILV_BUDDING, Stage.MVB, Stage.MVB_TRANSPORT, Stage.MVB_DOCKED,
              Stage.MVB_FUSION, Stage.TO_LYSOSOME, Stage.DEGRADE, Stage.ILV_BUD, Stage.ILV_INSIDE,
              Stage.EXOSOME, Stage.LYSOSOME_IDLE):
        assert s in seen, Stage(s).name


def test_buds_grow_from_the_limiting_membrane_inward_then_pinch_off():
    w = make(seed=6)
    v = w.ves
    young = np.empty(0, dtype=int)
    for _ in range(600):
        w.step()
        buds = v.where(Stage.ILV_BUD)
        young = buds[v.t_stage[buds] == 0.0]  # started this step
        if young.size:
            break
    assert young.size
    i, u = int(young[0]), int(v.uid[young[0]])
    radii, depth, gap = [], [], []
    while v.uid[i] == u and v.stage[i] == Stage.ILV_BUD:
        p = v.parent[i]
        d = float(np.hypot(*v.rel[i]))
        radii.append(float(v.radius[i]))
        depth.append(d)
        gap.append(float(v.radius[p]) - d - radii[-1])  # space between bud and limiting membrane
        w.step()
    assert v.stage[i] == Stage.ILV_INSIDE and v.radius[i] == v.r_full[i]
    assert len(radii) > 10
    assert radii[-1] > 2.5 * radii[0] and np.all(np.diff(radii) >= 0)
    assert gap[0] < 3.0 and gap[-1] > gap[0] + 5.0  # starts on the membrane, ends inside the lumen
    assert depth[-1] < depth[0]


def test_a_larger_pool_enlarges_the_world_and_keeps_endosomes_near_the_pool():
    small, big = make(seed=0), make(seed=0, vesicles=40)
    assert big.scene.width > 2.0 * small.scene.width
    big.run(1200)
    n = int(np.count_nonzero(big.ves.alive & (big.ves.kind == Kind.ENDOSOME)))
    assert 30 <= n <= 40
    assert big.scene.extra["lysosome_slots"].size > small.scene.extra["lysosome_slots"].size


def test_featured_is_a_live_body_and_follows_it():
    w = make(seed=0)
    uid = w.featured()
    assert uid > 0 and w.ves.kind[w.ves.index_of_uid(uid)] == Kind.ENDOSOME
    stages = []
    for _ in range(900):
        w.step()
        f = w.featured()
        assert w.ves.index_of_uid(f) >= 0
        if f == uid:
            stages.append(int(w.ves.stage[w.ves.index_of_uid(f)]))
    assert len(set(stages)) >= 3  # the same body seen through several stages


def test_same_params_same_arrays_bit_for_bit():
    a, b, c = make(seed=9), make(seed=9), make(seed=10)
    for w in (a, b, c):
        w.run(600)
    for name in ("uid", "kind", "stage", "pos", "radius", "rel", "parent", "vel", "pore", "collapse"):
        assert np.array_equal(getattr(a.ves, name), getattr(b.ves, name)), name
    assert a.stats() == b.stats()
    assert not np.array_equal(a.ves.pos, c.ves.pos)


def test_the_model_never_imports_pygame():
    code = ("import sys; from exoviz.params import Params; from exoviz.sim.world import World; "
            "w = World(Params(mode='exosome')); w.run(30); "
            "import exoviz.sim.exosome, exoviz.sim.exosome_ilv, exoviz.sim.exosome_setup; "
            "assert 'pygame' not in sys.modules, 'pygame imported'")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
