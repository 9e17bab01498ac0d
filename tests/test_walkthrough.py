"""The walk-through is complete: from step 1, every stage of the story in order, on the body it follows.

By default one seed per mode, read from the walks tests/test_stop_probes.py draws (stop_probes.walked, one per
process); the slow tier walks ten seeds per mode headless."""

from fractions import Fraction

import pytest
from stop_probes import WALKS, walked

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.modes import MODES, spec
from exoviz.session import Session
from exoviz.sim.stages import Stage

FAST_SEEDS = (1,)  # the seed tests/test_stop_probes.py walks by default
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
        seen.append((s.walk.index, int(s.world.ves.stage[slot]) if slot >= 0 else int(Stage.FREE)))
        assert s.follow_uid == s.walk.uid or slot < 0


def check(mode: str, seed: int, seen: list[tuple[int, int]]) -> None:
    story = spec(mode).story
    assert [i for i, _ in seen] == list(range(len(story))), (seed, seen)
    assert [st for _, st in seen] == [int(step.stage) for step in story], (seed, seen)


@pytest.mark.xdist_group(WALKS)
@pytest.mark.parametrize("seed", FAST_SEEDS)
@pytest.mark.parametrize("mode", MODES)
def test_every_seed_walks_the_whole_story_in_order(mode, seed, pygame_display):
    shots = walked(mode, seed).shots
    for shot in shots:
        assert shot.follow_uid == shot.uid or shot.world.ves.index_of_uid(shot.uid) < 0
    check(mode, seed, [(shot.index, shot.stage) for shot in shots])


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", MODES)
def test_every_seed_walks_the_whole_story_in_order_headless(mode, seed):
    check(mode, seed, visit_every_stop(mode, seed))
