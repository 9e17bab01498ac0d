"""Every walk-through stop shows its caption: each stop passes its stage's probe (tests/stop_probes.py), which
tests what is drawn, not the label. Two seeds per mode by default, ten in the slow tier; one walk per mode and seed,
shared by the tests of this module."""

import pytest
from stop_probes import PROBES, probe, walk

from exoviz.modes import MODES
from exoviz.sim.stages import Stage

FAST_SEEDS = (0, 1)
SLOW_SEEDS = tuple(range(2, 10))


class Walks(dict):
    """Each (mode, seed)'s walk, planned and drawn once per module."""

    def of(self, mode: str, seed: int):
        if (mode, seed) not in self:
            self[(mode, seed)] = walk(mode, seed)
        return self[(mode, seed)]


@pytest.fixture(scope="module")
def walks(pygame_display) -> Walks:
    return Walks()


def check(shots) -> None:
    assert shots, "no walk-through"
    fails = {f"step {k + 1} ({shots[k].row['title']})": probe(shots, k) for k in range(len(shots))}
    fails = {k: f for k, f in fails.items() if f}
    assert not fails, fails


@pytest.mark.parametrize("seed", FAST_SEEDS)
@pytest.mark.parametrize("mode", MODES)
def test_every_stop_passes_its_probe(mode, seed, walks):
    check(walks.of(mode, seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS)
@pytest.mark.parametrize("mode", MODES)
def test_every_stop_passes_its_probe_on_more_seeds(mode, seed, walks):
    check(walks.of(mode, seed))


def test_every_probed_stage_is_in_a_story():
    """The probes cover the stages the issue names (a probe for a stage no story has would test nothing)."""
    from exoviz.modes import spec

    stages = {int(s.stage) for m in MODES for s in spec(m).story}
    assert set(PROBES) <= stages
    assert {Stage.PORE, Stage.RELEASE, Stage.COLLAPSE, Stage.FREE, Stage.ILV_BUDDING, Stage.RETREAT} <= set(PROBES)
