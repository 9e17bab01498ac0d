"""World.signal_view(): the screen's typed view of Ca²⁺ and the postsynaptic response follows the model."""

import math

import numpy as np

from exoviz.params import Params
from exoviz.sim.signal_view import SignalView
from exoviz.sim.world import World


def test_the_synapse_shows_its_receptors_and_the_time_since_the_action_potential():
    w = World(Params(mode="kiss-and-run", seed=2, firing_rate=0.0))
    quiet = w.signal_view()
    assert quiet.since_ap_s > 1e6 and quiet.cytosolic_ca == 0.0
    assert quiet.receptor_level.shape == w.scene.synapse.receptor_x.shape and not quiet.receptor_level.any()
    w.stimulate()
    for _ in range(6):
        w.step()
    view = w.signal_view()
    assert 0.0 < view.since_ap_s <= 6 * w.dt + 1e-12
    assert np.array_equal(view.receptor_level, w.mech.receptor_level)


def test_a_secretory_cell_shows_its_cytosolic_calcium_and_the_exosome_scene_none():
    w = World(Params(mode="full-fusion", seed=3, stimulus_rate=0.0))
    assert w.signal_view().cytosolic_ca == 0.0
    w.stimulate()
    w.step()
    assert w.signal_view().cytosolic_ca > 0.5
    e = World(Params(mode="exosome", seed=3)).signal_view()
    none = SignalView()
    assert (e.cytosolic_ca, e.receptor_level.size, e.since_ap_s) == (none.cytosolic_ca, 0, math.inf)
