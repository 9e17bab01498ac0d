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
