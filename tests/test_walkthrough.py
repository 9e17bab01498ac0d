"""The walk-through is complete: from step 1, every stage of the story in order, on the body it follows."""

from fractions import Fraction

import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.modes import MODES, cell_for, spec
from exoviz.session import Session
from exoviz.sim.stages import Stage
from exoviz.walkthrough_plan import STORY_MACHINE

SEEDS = range(10)


def visit_every_stop(mode: str, seed: int) -> list[tuple[int, int]]:
    """(story index, stage of the followed body there) for every stop of a walk through one run."""
    s = Session(parse(["--headless", "--duration", "1", "--mode", mode, "--seed", str(seed)]))
    s.apply(Command("set_view", (0, 0, 934, 676)))
    seen = []
    while True:
        before = s.walk.index
        s.apply(Command("walk_next"))
        while s.walk.busy:
            s.tick(Fraction(1, 60), realtime=False)
        if not s.walk.active or s.walk.index == before:
            return seen
        slot = s.world.ves.index_of_uid(s.walk.uid)
        seen.append((s.walk.index, int(s.world.ves.stage[slot]) if slot >= 0 else int(Stage.FREE),
                     int(STORY_MACHINE[s.world.ves.machine[slot]]) if slot >= 0 else 0))
        assert s.follow_uid == s.walk.uid or slot < 0


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", MODES)
def test_every_seed_walks_the_whole_story_in_order(mode, seed):
    story = spec(mode).story_for(cell_for(mode))
    seen = visit_every_stop(mode, seed)
    assert [i for i, _, _ in seen] == list(range(len(story))), (seed, seen)
    assert [st for _, st, _ in seen] == [int(step.stage) for step in story], (seed, seen)
    assert [m for _, _, m in seen] == [step.machine for step in story], (seed, seen)  # primed, Ca²⁺-bound


def test_a_vesicle_that_fell_back_from_ca_bound_to_primed_is_told_from_its_last_priming():
    """The planner's runs of one body: docked, primed, Ca²⁺-bound, primed again (no fusion on that stimulus),
    Ca²⁺-bound, pore -> docked (until it first primed), the last primed run, the last Ca²⁺-bound run, the pore."""
    import numpy as np

    from exoviz.modes import CA_BOUND, PRIMED, StoryStep
    from exoviz.walkthrough_plan import _runs, find_stops

    rows = [(0, 1, Stage.DOCKED, 0), (5, 1, Stage.DOCKED, 0), (9, 1, Stage.DOCKED, PRIMED),
            (12, 1, Stage.DOCKED, CA_BOUND), (14, 1, Stage.DOCKED, PRIMED), (20, 1, Stage.DOCKED, CA_BOUND),
            (22, 1, Stage.PORE, 0)]
    t = np.array([(s, u, st, -1, 0, 100, 8, m) for s, u, st, m in rows], dtype=np.int64)
    steps, _codes, exits = _runs(t, 1)
    assert steps.tolist() == [0, 14, 20, 22] and exits.tolist() == [9, 20, 22, -1]
    story = (StoryStep(Stage.DOCKED, 0.5), StoryStep(Stage.DOCKED, 0.5, machine=PRIMED),
             StoryStep(Stage.DOCKED, 0.5, machine=CA_BOUND), StoryStep(Stage.PORE, 0.5, max_s=0.01))
    stops = find_stops(t, story, now=100, settle=False)
    assert stops is not None and [s.step for s in stops] == [4, 17, 21, 22]  # halfway through each run
