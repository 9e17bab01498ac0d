"""Body sprite keys (render/bodies.py): ILVs in a degrading lysosome fade by how far it has digested them; others,
and scenes without ILVs, keep fade step 0 (compared with the rule written out on its own)."""

from types import SimpleNamespace

import numpy as np

from exoviz.camera import Camera
from exoviz.render.bodies import ILV, LOOK, VESICLE, key_fields
from exoviz.sim.membrane_merge import FADE, ramp
from exoviz.sim.stages import Stage


def bodies(n: int, ilvs: bool, seed: int = 0) -> SimpleNamespace:
    rng = np.random.default_rng(seed)
    stage = np.full(n, int(Stage.TRANSPORT), np.int8)
    parent = np.full(n, -1, np.int64)
    if ilvs:
        stage[:5] = Stage.DEGRADE  # five lysosomes digesting
        stage[5:10] = Stage.LYSOSOME_IDLE
        stage[10:60] = Stage.ILV_INSIDE
        parent[10:60] = rng.integers(0, 10, 50)  # ILVs in digesting and idle parents
        parent[55:60] = -1
    return SimpleNamespace(cargo=rng.integers(0, 30, n), small=rng.integers(0, 10, n), proteins=rng.integers(0, 20, n),
                           kind=np.zeros(n, np.int8), t_stage=np.zeros(n), dur=np.ones(n), stage=stage, parent=parent,
                           digested=rng.uniform(0, 1, n))


def test_ilvs_fade_with_their_lysosomes_digestion_and_nothing_else_does():
    cam = Camera(1000.0, 1000.0, (0, 0, 800, 800))
    for ilvs in (True, False):
        v = bodies(200, ilvs)
        idx = np.arange(200)
        look = LOOK.take(v.stage)
        f4 = key_fields(v, idx, look, np.full(200, 5), cam, 3, True, True, False)[4]
        want = np.zeros(200, np.int64)
        for i in range(200):  # the rule, one body at a time
            p = int(v.parent[i])
            if look[i] == ILV and p >= 0 and v.stage[p] == Stage.DEGRADE:
                want[i] = np.round(ramp(v.digested[p], FADE) * 15)
        assert np.array_equal(f4, want)
        assert (np.count_nonzero(want) > 10) == ilvs
        assert (look == ILV).any() == ilvs and (look == VESICLE).any()
