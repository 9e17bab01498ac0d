"""Microtubule tracks and the actin cortex (exoviz.sim.tracks): carriers ride the nearest track at kinesin's speed,
cross the cortex slower (myosin V), and without microtubules (nocodazole) only the cortex's stretch still runs."""

import numpy as np

from exoviz.params import Params
from exoviz.sim import tracks
from exoviz.sim.stages import Stage
from exoviz.sim.world import World


def speeds(experiments=(), steps=240):
    """Per-step velocity (nm/s) of carriers in transport, split: on a track outside the cortex, in the cortex."""
    w = World(Params(mode="full-fusion", cell="beta-cell", seed=3, experiments=experiments))
    tk, dt = w.scene.secretory.tracks, w.dt
    on, cortex, off = [], [], []
    for _ in range(steps):
        v = w.ves
        tr = v.where(Stage.TRANSPORT)
        uid, y0, x0 = v.uid[tr].copy(), v.pos[tr, 1].copy(), v.pos[tr, 0].copy()
        on_track = (np.abs(x0 - tracks.nearest(tk, x0)) < 1e-6) & ~tracks.in_cortex(tk, y0, v.radius[tr])
        in_cx = tracks.in_cortex(tk, y0, v.radius[tr])
        free = ~w.mech.jammed[tr] if w.mech.jammed.size >= v.capacity else np.ones(tr.size, dtype=bool)
        w.step()
        same = (v.uid[tr] == uid) & (v.stage[tr] == Stage.TRANSPORT) & ~w.mech.jammed[tr] & free  # motor not stalled
        vy = (v.pos[tr, 1] - y0) / dt
        on.append(vy[same & on_track])
        cortex.append(vy[same & in_cx])
        off.append(vy[same & ~on_track & ~in_cx])
    return np.concatenate(on), np.concatenate(cortex), np.concatenate(off)


def test_carriers_ride_the_tracks_at_kinesin_speed_and_cross_the_cortex_slower():
    on, cortex, _off = speeds()
    assert on.size > 200 and cortex.size > 20
    assert abs(-np.median(on) - tracks.KINESIN_NM_S) < 0.1 * tracks.KINESIN_NM_S  # up, ~1 µm/s
    assert abs(-np.median(cortex) - tracks.MYOSIN_V_NM_S) < 0.3 * tracks.MYOSIN_V_NM_S  # myosin V, plus jitter
    assert -np.median(cortex) < 0.5 * -np.median(on)


def test_nocodazole_stops_track_transport_but_not_the_cortex():
    on, cortex, off = speeds(("nocodazole",))
    assert abs(np.mean(off)) < 0.1 * tracks.KINESIN_NM_S  # no track: Brownian jitter only
    assert abs(-np.median(cortex) - tracks.MYOSIN_V_NM_S) < 0.3 * tracks.MYOSIN_V_NM_S


def test_advance_snaps_sideways_onto_the_nearest_track_then_runs_up_it():
    tk = tracks.layout(4000.0, 100.0, 3000.0)
    pos = np.array([[tk.x[1] + 300.0, 2000.0], [tk.x[2], 2000.0], [tk.x[0], 150.0]])
    r = np.full(3, 50.0)
    step, on = tracks.advance(tk, pos, r, 0.1, True, np.zeros(3, dtype=bool))
    assert list(on) == [False, True, False]
    assert step[0, 0] < 0.0 and step[0, 1] == 0.0  # toward the track, not yet up
    assert np.isclose(step[1, 1], -tracks.KINESIN_NM_S * 0.1) and step[1, 0] == 0.0
    assert np.isclose(step[2, 1], -tracks.MYOSIN_V_NM_S * 0.1)  # in the cortex
    side, _ = tracks.advance(tk, pos, r, 0.1, True, np.zeros(3, dtype=bool), np.array([1.0, 1.0, -1.0]))
    assert side[2, 0] < 0.0 and side[1, 0] == 0.0  # along the cortex's filaments, its own way; not on the track
    still, _ = tracks.advance(tk, pos, r, 0.1, False, np.zeros(3, dtype=bool))
    assert still[0].tolist() == [0.0, 0.0] and still[1].tolist() == [0.0, 0.0] and still[2, 1] < 0.0


def test_tracks_pass_beside_the_nucleus_and_carriers_go_around_it():
    tk = tracks.layout(12000.0, 0.0, 5000.0, nucleus=(6000.0, 2000.0, 1500.0, 800.0), r_max=600.0)
    assert np.all(np.abs(tk.x - 6000.0) >= 1500.0 + 600.0)
    pos = np.array([[6100.0, 2000.0], [5000.0, 2100.0], [9000.0, 2000.0]])
    tracks.keep_off_nucleus(tk, pos, np.full(3, 100.0))
    inside = ((pos[:, 0] - 6000.0) / 1600.0) ** 2 + ((pos[:, 1] - 2000.0) / 900.0) ** 2
    assert np.all(inside >= 1.0 - 1e-9) and pos[0, 0] > 6000.0 > pos[1, 0] and pos[2, 0] == 9000.0
