"""The walk-through planner's choice of body (exoviz/walkthrough_plan.py), on hand-made records."""

import numpy as np

import exoviz.walkthrough_plan as wp
from exoviz.modes import StoryStep
from exoviz.sim.stages import Stage


def record(cargo_at_release: dict[int, int]) -> np.ndarray:
    """(step, uid, stage, parent, x, radius, cargo, machine) rows: each body docks, opens a pore, releases and
    collapses."""
    rows = []
    for k, (uid, cargo) in enumerate(cargo_at_release.items()):
        x = 2000 * k
        rows += [(0, uid, Stage.DOCKED, -1, x, 150, 12, 0), (10, uid, Stage.PORE, -1, x, 150, 12, 0),
                 (20, uid, Stage.RELEASE, -1, x, 150, cargo, 0), (40, uid, Stage.COLLAPSE, -1, x, 150, 0, 0)]
    t = np.array(rows, dtype=np.int64)
    return t[np.lexsort((t[:, 0], t[:, 1]))]


STORY = (StoryStep(Stage.PORE), StoryStep(Stage.RELEASE), StoryStep(Stage.COLLAPSE))


def test_release_cargo_reads_the_cargo_when_release_started():
    t = record({3: 5, 4: 9})
    stops = wp.find_stops(t, STORY, 10_000, settle=False, min_cargo=0)
    assert stops is not None and wp.release_cargo(t, stops, list(STORY)) in (5, 9)
    assert wp.release_cargo(t, stops, [StoryStep(Stage.PORE)]) > 10**6  # a story without a release


def test_the_fallback_is_the_body_with_the_most_cargo_at_its_release():
    """No body holds min_cargo: the walk settles for the one with most to show, not the first that finished."""
    t = record({3: 4, 4: 6, 5: 5})
    assert wp.find_stops(t, STORY, 10_000, settle=True, min_cargo=7) is None  # keep looking
    stops = wp.find_stops(t, STORY, 10_000, settle=False, min_cargo=7)
    assert stops is not None and {s.uid for s in stops} == {4}
    stops = wp.find_stops(record({3: 4, 4: 8}), STORY, 10_000, settle=True, min_cargo=7)
    assert stops is not None and {s.uid for s in stops} == {4}  # one that shows its story comes first
