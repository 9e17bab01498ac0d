"""World.turnover_view(): the screen's typed view of the wound, the lysosomes and the share internalized."""

from exoviz.params import Params
from exoviz.sim.world import World


def test_a_wound_shows_open_where_it_was_made_then_its_patch_narrows_it():
    w = World(Params(mode="full-fusion", seed=5))
    before = w.turnover_view()
    assert before.cells and before.wound is None and before.lysosomes.size > 0
    w.wound(3000.0)
    v = w.turnover_view()
    model = w.turnover.wounds.last  # placed at or near 3000 nm, clear of the bodies at the membrane
    assert model is not None and v.wound is not None
    assert (v.wound.x, v.wound.opened, v.wound.is_open, v.wound.sealed) == (model.x, model.opened, True, None)
    first = v.wound.half_open_nm
    assert first > 0.0
    for _ in range(240):
        w.step()
    later = w.turnover_view().wound
    assert later is not None and later.half_open_nm <= first
    assert 0.0 <= w.turnover_view().internalized == w.turnover.internalized(w)


def test_the_synapse_is_no_cell_scene():
    v = World(Params(mode="kiss-and-run", seed=1)).turnover_view()
    assert not v.cells and v.wound is None
