"""Stage tables (exoviz.sim.stages): rows_in picks the rows of a stage_mask's stages as the full table read does."""

import numpy as np

from exoviz.sim.stages import Stage, rows_in, stage_mask


def test_rows_in_is_the_table_read_over_every_row():
    rng = np.random.default_rng(3)
    stage = rng.choice(np.array([int(s) for s in Stage], dtype=np.int8), 5000)
    masks = [stage_mask((Stage.PORE, Stage.KISS_RELEASE)), stage_mask((Stage.FREE, Stage.PIT)),
             stage_mask((Stage.TRANSPORT,)), stage_mask(()), stage_mask([int(s) for s in Stage])]
    for mask in masks:
        want = np.flatnonzero(mask.take(stage))
        got = rows_in(stage, mask)
        assert np.array_equal(got, want) and got.dtype == want.dtype
    assert rows_in(stage, masks[0]).size > 0 and rows_in(stage[:0], masks[0]).size == 0
