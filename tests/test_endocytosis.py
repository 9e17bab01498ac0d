"""Endocytosis's per-step shortcuts keep the model's course: touches() gives the same answer by either of its two
ways, the step's rows found in one pass (turnover.NEAR) hold every row a rule looks for (a wounded β-cell with every
endocytic stage stepped as if each rule searched the whole pool, position for position), and the early exits on
empty groups draw nothing from the random stream, as the long way does."""

import numpy as np

from exoviz.params import Params
from exoviz.sim import endocytosis, turnover
from exoviz.sim.endocytosis import FEW, groups, step_pits, step_vesicles, touches
from exoviz.sim.stages import Stage
from exoviz.sim.world import World


def brute(left, right, lo, hi):
    return np.array([bool(np.any((left < h) & (right > lo_))) for lo_, h in zip(lo, hi, strict=True)], dtype=bool)


def test_touches_gives_the_same_answer_for_a_few_ranges_and_for_many():
    rng = np.random.default_rng(3)
    left = rng.uniform(0, 1000, 60).round()  # rounded: ends that meet exactly (touching is not overlapping)
    right = left + rng.uniform(1, 30, 60).round()
    lo = rng.uniform(0, 1000, 3 * FEW).round()
    hi = lo + rng.uniform(1, 30, lo.size).round()
    many = touches(left, right, lo, hi)  # more than FEW ranges: the sorted way
    assert many.any() and not many.all()
    assert np.array_equal(many, brute(left, right, lo, hi))
    for k in range(0, lo.size, FEW):  # FEW at a time: the direct way
        assert np.array_equal(touches(left, right, lo[k:k + FEW], hi[k:k + FEW]), many[k:k + FEW])
    assert not touches(left[:0], right[:0], lo[:2], hi[:2]).any()


def run(monkeypatch, near_all: bool, steps: int = 500) -> tuple[World, dict[str, int]]:
    """The default β-cell, wounded at step 20; near_all: every slot counts as one of the step's rows (each rule
    then finds its rows as a search of the whole pool would)."""
    with monkeypatch.context() as m:
        if near_all:
            m.setattr(turnover, "NEAR", np.ones(64, dtype=bool))
        w = World(Params(mode="full-fusion", seed=5))
        seen = dict.fromkeys(("PIT", "PIT_NECK", "COATED", "ENDOCYTIC", "RECYCLING", "RETURN_FUSE", "TO_WOUND"), 0)
        for i in range(steps):
            w.step()
            if i == 20:
                w.wound(0.5 * w.scene.width)
            for name in seen:
                seen[name] += bool(np.any(w.ves.stage == Stage[name]))
    return w, seen


def test_the_step_rows_found_in_one_pass_are_every_row_the_rules_look_for(monkeypatch):
    short, seen = run(monkeypatch, near_all=False)
    long, _ = run(monkeypatch, near_all=True)
    assert all(n > 0 for n in seen.values()), seen  # every endocytic stage and the wound's lysosomes were stepped
    assert short.events["endocytosis"] > 0 and short.events["lysosome_exocytosis"] > 0
    assert short.events == long.events
    for name in ("pos", "radius", "stage", "vel", "t_stage", "dur"):
        assert np.array_equal(getattr(short.ves, name), getattr(long.ves, name)), name
    assert short.rng.bit_generator.state == long.rng.bit_generator.state


def test_groups_among_the_step_rows_are_the_groups_of_the_pool(monkeypatch):
    w, _ = run(monkeypatch, near_all=False, steps=120)
    near = np.flatnonzero(turnover.NEAR.take(w.ves.stage))
    some, every = groups(w, near), groups(w)
    assert some[Stage.PIT].size > 0
    for s in (Stage.PIT, Stage.PIT_NECK, Stage.COATED, Stage.ENDOCYTIC, Stage.RECYCLING):
        assert np.array_equal(some[s], every[s])
        assert np.array_equal(every[s], np.flatnonzero(w.ves.stage == s))  # ascending: the order draws are made in


def test_empty_groups_draw_nothing_as_the_long_way_draws_nothing():
    rng = np.random.default_rng(1)
    before = rng.bit_generator.state
    rng.uniform(0.0, 1.0, 0), rng.normal(0.0, 1.0, 0), rng.random(0), rng.integers(0, 5, 0)
    assert rng.bit_generator.state == before  # what the early exits rely on: a draw of 0 numbers consumes nothing
    w = World(Params(mode="full-fusion", seed=2))
    g = groups(w)
    assert all(rows.size == 0 for rows in g.values())
    before, pos = w.rng.bit_generator.state, w.ves.pos.copy()
    step_vesicles(w, w.turnover, w.dt, g)
    step_pits(w, w.turnover, g)
    assert w.rng.bit_generator.state == before
    assert np.array_equal(w.ves.pos, pos)
    assert endocytosis.clear_of_pits(w, np.empty(0, dtype=np.intp)).shape == (0,)
