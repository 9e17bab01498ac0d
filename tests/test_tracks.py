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


def _layouts():
    return (tracks.layout(4000.0, 100.0, 3000.0),
            tracks.layout(12000.0, 0.0, 5000.0, nucleus=(6000.0, 2000.0, 1500.0, 800.0), r_max=600.0),
            tracks.layout(323910.5, 0.0, 1.0e5))


def _probes(tk, rng):
    """Random x over and beyond the tracks, the tracks themselves, midpoints, bin edges and their neighbours."""
    t = tk.x
    edges = tk.index.x0 + np.arange(tk.index.below.size) / tk.index.inv if tk.index is not None else t
    x = np.concatenate((rng.uniform(t[0] - 5000.0, t[-1] + 5000.0, 20_000), t, 0.5 * (t[1:] + t[:-1]), edges,
                        [-1e300, 1e300, np.inf]))
    return np.concatenate((x, np.nextafter(x, np.inf), np.nextafter(x, -np.inf)))


def test_nearest_is_the_closest_track_with_ties_to_the_left():
    rng = np.random.default_rng(5)
    for tk in _layouts():
        tracks.nearest(tk, tk.x[:1])  # make the index, so its bin edges are probed too
        x = _probes(tk, rng)
        got = tracks.nearest(tk, x)
        t = tk.x
        j = np.clip(np.searchsorted(t, x), 1, t.size - 1)  # the plain search over all tracks
        want = np.where(np.abs(x - t[j - 1]) <= np.abs(x - t[j]), t[j - 1], t[j])
        assert np.array_equal(got, want)
        near = x[np.isfinite(x) & (np.abs(x) < 1e12)][:500]
        brute = t[np.argmin(np.abs(near[:, None] - t[None, :]), axis=1)]  # first minimum: the left one on a tie
        assert np.array_equal(tracks.nearest(tk, near), brute)


def test_nearest_reads_two_tracks_per_carrier_however_many_tracks_there_are():
    x = np.random.default_rng(6).uniform(0.0, 4000.0, 1000)
    for tk in _layouts():
        tracks.nearest(tk, x)
        index = tk.index
        assert index is not None and index.lookups == 2 * x.size  # 4 tracks or 360: the same count
        tracks.nearest(tk, x)
        assert tk.index is index and index.lookups == 4 * x.size  # made once per layout
    tk = _layouts()[0]
    tracks.nearest(tk, x)
    tk.x = tk.x + 100.0  # another layout: a new index
    assert np.array_equal(tracks.nearest(tk, np.array([tk.x[1]])), tk.x[1:2]) and tk.index.lookups == 2


def _advance_reference(tk, pos, r, dt, microtubules, stalled, side):
    """advance as first written (one np.where after another on a zeroed step): the fast one must match it bit
    for bit, so seeded runs keep their course."""
    k = pos.shape[0]
    step = np.zeros((k, 2))
    actin = tracks.in_cortex(tk, pos[:, 1], r)
    on = np.zeros(k, dtype=bool)
    tx = pos[:, 0]
    if microtubules:
        tx = tracks.nearest(tk, pos[:, 0])
        near = pos[:, 1] - r <= tk.cortex_y + tracks.HANDOFF_R * r
        actin |= near & (stalled | (np.abs(tx - pos[:, 0]) > tracks.ON_TRACK_NM))
        on = ~actin & (np.abs(tx - pos[:, 0]) <= tracks.ON_TRACK_NM)
    step[:, 1] = np.where(actin, -tracks.MYOSIN_V_NM_S * dt, 0.0)
    if side is not None:
        step[:, 0] = np.where(actin, side * tracks.CORTEX_SIDEWAYS * tracks.MYOSIN_V_NM_S * dt, 0.0)
    if microtubules:
        off = tx - pos[:, 0]
        step[:, 0] = np.where(actin, step[:, 0], np.where(on, off, off * -np.expm1(-tracks.SNAP_PER_S * dt)))
        step[:, 1] = np.where(on, -tracks.KINESIN_NM_S * dt, step[:, 1])
    step[stalled & ~actin] = 0.0
    return step, on


def test_advance_matches_the_plain_formulation_bit_for_bit():
    rng = np.random.default_rng(7)
    tk = _layouts()[1]
    k = 5000
    pos = np.column_stack((rng.uniform(0.0, 12000.0, k), rng.uniform(-100.0, 5000.0, k)))
    pos[: k // 4, 0] = tracks.nearest(tk, pos[: k // 4, 0]) + rng.uniform(-30.0, 30.0, k // 4)  # on or near a track
    r = rng.uniform(40.0, 200.0, k)
    stalled = rng.random(k) < 0.3
    side = np.where(rng.random(k) < 0.5, 1.0, -1.0)
    for microtubules in (True, False):
        for sd in (side, None):
            got, on = tracks.advance(tk, pos, r, 1.0 / 60.0, microtubules, stalled, sd)
            want, on_want = _advance_reference(tk, pos, r, 1.0 / 60.0, microtubules, stalled, sd)
            assert np.array_equal(on, on_want) and on.any() == microtubules
            assert got.tobytes() == want.tobytes()


def test_a_side_function_is_asked_only_for_the_carriers_in_the_cortex_and_steps_as_the_array_does():
    rng = np.random.default_rng(8)
    tk = _layouts()[1]
    k = 3000
    pos = np.column_stack((rng.uniform(0.0, 12000.0, k), rng.uniform(-100.0, 5000.0, k)))
    r = rng.uniform(40.0, 200.0, k)
    stalled = rng.random(k) < 0.3
    side = np.where(rng.random(k) < 0.5, 1.0, -1.0)
    asked = []

    def side_of(rows):
        asked.append(rows)
        return side[rows]

    for microtubules in (True, False):
        asked.clear()
        want, on_want = tracks.advance(tk, pos, r, 1.0 / 60.0, microtubules, stalled, side)
        got, on = tracks.advance(tk, pos, r, 1.0 / 60.0, microtubules, stalled, side_of)
        assert got.tobytes() == want.tobytes() and np.array_equal(on, on_want)
        cortex = np.flatnonzero(want[:, 1] == -tracks.MYOSIN_V_NM_S / 60.0)  # myosin V's step up: in the cortex
        assert 0 < cortex.size < k // 2 and len(asked) == 1 and np.array_equal(asked[0], cortex)
