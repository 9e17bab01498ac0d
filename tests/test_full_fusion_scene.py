"""The secretory cell's scene (exoviz.sim.full_fusion_scene): the enterocyte drawn with its polarity (nucleus basal,
the Golgi apical of it, chylomicrons leaving basolaterally, on the basal side of the tight junctions); microtubules
and the actin cortex in every full-fusion cell."""

import numpy as np

from exoviz.modes import CELLS
from exoviz.params import Params
from exoviz.sim import tracks
from exoviz.sim.stages import Stage
from exoviz.sim.world import World


def test_enterocyte_nucleus_is_basal_with_the_golgi_apical_of_it():
    w = World(Params(mode="full-fusion", cell="enterocyte", seed=1))
    sc, e = w.scene, w.scene.secretory
    cx, cy, ax, ay = e.tracks.nucleus
    assert ax > 0.0 and ay > 0.0
    # The basolateral membrane is on top (y = membrane_y); apical is down (+y): the nucleus lies nearer the
    # basolateral membrane than the Golgi, the Golgi wholly on its apical side, the tight junctions further apical.
    assert sc.membrane_y < cy - ay and cy + ay < e.trans_y - e.bow < e.junction_y
    assert np.any(np.abs(e.stack_x - cx) < ax)  # the Golgi right above the nucleus (supranuclear)
    assert e.junction_y > sc.height  # the tight junctions lie beyond the region shown, apically


def test_chylomicrons_leave_on_the_basal_side_of_the_tight_junctions_and_never_through_the_nucleus():
    w = World(Params(mode="full-fusion", cell="enterocyte", seed=1))
    sc, e = w.scene, w.scene.secretory
    cx, cy, ax, ay = e.tracks.nucleus
    out_y = []
    worst = np.inf
    for _ in range(12):
        w.run(60)
        v = w.ves
        out = v.where(Stage.CHYLO_OUT)
        out_y.append(v.pos[out, 1])
        tr = v.where(Stage.TRANSPORT)
        d = ((v.pos[tr, 0] - cx) / (ax + v.radius[tr])) ** 2 + ((v.pos[tr, 1] - cy) / (ay + v.radius[tr])) ** 2
        worst = min(worst, float(d.min(initial=np.inf)))
    ys = np.concatenate(out_y)
    assert w.events["chylomicron_release"] > 0 and ys.size > 0
    assert np.all(ys < sc.membrane_outer_y) and np.all(ys < e.junction_y)  # out through the basolateral membrane
    assert worst >= 1.0 - 1e-6  # carriers went around the nucleus


def test_every_full_fusion_cell_has_microtubules_and_a_cortex():
    for name, cell in CELLS.items():
        if cell.mode != "full-fusion":
            continue
        w = World(Params(mode="full-fusion", cell=name, seed=0))
        tk = w.scene.secretory.tracks
        assert tk.x.size >= 2 and np.all(np.diff(tk.x) > 0), name
        assert np.isclose(tk.cortex_y - w.scene.membrane_contact_y, tracks.CORTEX_NM), name
        assert tk.minus_y > tk.plus_y, name  # from the Golgi up to the cortex
