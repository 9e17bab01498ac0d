"""stages.rows_in: the same slots, in the same order, as a take of the stage mask over the whole pool (every mask
the turnover uses, random masks, one with FREE marked, an empty one and a full one); stages.Codes are plain ints."""

import numpy as np

from exoviz.sim import endocytosis, turnover
from exoviz.sim.stages import Stage, rows_in, stage_mask


def test_rows_in_finds_what_a_take_over_the_pool_finds():
    rng = np.random.default_rng(7)
    stage = rng.choice(np.array([int(s) for s in Stage], dtype=np.int8), 5000)
    stage[:2000] = Stage.TRANSPORT  # a crowded pool: mostly below every mask
    rng.shuffle(stage)
    masks = [turnover.NEAR, turnover.HOLDS, endocytosis.ON_MEMBRANE, endocytosis.IS_PIT, endocytosis.ACCEPTS,
             stage_mask((Stage.FREE, Stage.PIT)), stage_mask(())]
    for mask in masks:
        want = np.flatnonzero(mask.take(stage))
        got = rows_in(mask, stage)
        assert np.array_equal(got, want)
        assert got.dtype == want.dtype
    assert rows_in(turnover.NEAR, stage).size > 0 and rows_in(stage_mask(()), stage).size == 0


def test_codes_are_plain_ints_of_their_stage_and_kind():
    from exoviz.sim.stages import Codes, Kind
    for name, code in vars(Codes).items():
        if name.isupper():
            assert type(code) is int  # not the IntEnum member: arrays compare with it ~5x faster
            member = Kind[name.removesuffix("_KIND")] if name.endswith("_KIND") else Stage[name]
            assert code == int(member)


def test_rows_in_is_the_table_read_over_every_row():
    rng = np.random.default_rng(3)
    stage = rng.choice(np.array([int(s) for s in Stage], dtype=np.int8), 5000)
    masks = [stage_mask((Stage.PORE, Stage.KISS_RELEASE)), stage_mask((Stage.FREE, Stage.PIT)),
             stage_mask((Stage.TRANSPORT,)), stage_mask(()), stage_mask([int(s) for s in Stage])]
    for mask in masks:
        want = np.flatnonzero(mask.take(stage))
        got = rows_in(mask, stage)
        assert np.array_equal(got, want) and got.dtype == want.dtype
    assert rows_in(masks[0], stage).size > 0 and rows_in(masks[0], stage[:0]).size == 0
