"""Released cargo dots' per-step rules (sim/cargo.py): diffusion's random steps are normal quantiles picked by 16 random
bits (normal_steps: statistically a normal step, the same seed the same course); reflection, flow and dropping dots
follow the rule as written with new arrays (to the float32 steps' rounding); dots streaming out of their pore are
indexed and left undiffused. Counted and compared, never timed."""

from types import SimpleNamespace

import numpy as np

from exoviz.sim.cargo import NORMAL_TABLE, diffuse_outside, normal_steps, stream_out
from exoviz.sim.state import Particles

WIDTH, FLOOR, CEILING = 1000.0, 400.0, 50.0


def world_with_dots(n: int, seed: int = 3) -> SimpleNamespace:
    rng = np.random.default_rng(seed)
    dots = Particles(capacity=16)
    dots.emit(np.column_stack([rng.uniform(0, WIDTH, n), rng.uniform(CEILING, FLOOR, n)]))
    dots.age[: n // 10] = 0.0  # a tenth just released (streaming), the rest older
    dots.age[n // 10: n] = 1.0
    return SimpleNamespace(dots=dots, rng=np.random.default_rng(seed + 1), scene=SimpleNamespace(width=WIDTH))


def reference_step(pos: np.ndarray, age: np.ndarray, rng, dt: float, d: float, flow: float) -> np.ndarray:
    """The rule written plainly with new arrays: the draws (normal_steps), masked, reflected, dropped."""
    fresh = age < 0.05
    pos[fresh, 1] -= 100.0 * dt
    age += dt
    step = normal_steps(rng, len(pos), float(np.sqrt(2.0 * d * dt))).astype(np.float64)
    step[fresh] = 0.0
    pos += step
    pos[:, 0] += flow * dt
    pos[:, 1] = FLOOR - np.abs(pos[:, 1] - FLOOR)
    pos[:, 1] = CEILING + np.abs(pos[:, 1] - CEILING)
    keep = ~((pos[:, 1] < 0) | (pos[:, 0] < 0) | (pos[:, 0] > WIDTH))
    return keep


def test_diffusion_follows_the_plain_rule():
    w = world_with_dots(5000)
    ref_pos, ref_age = w.dots.pos[:5000].copy(), w.dots.age[:5000].copy()
    ref_rng = np.random.default_rng(4)
    dt, d, flow = 1e-3, 4e6, 3000.0  # steps of ~90 nm: some dots reach the floor, the ceiling and the sides
    for _ in range(20):
        jet = stream_out(w, dt, 100.0, 0.05)
        diffuse_outside(w, dt, d, FLOOR, CEILING, flow, jet)
        keep = reference_step(ref_pos, ref_age, ref_rng, dt, d, flow)
        if not keep.all():  # removal fills holes from the end: compare as sets of rows
            ref_pos, ref_age = ref_pos[keep], ref_age[keep]
            order = np.lexsort(ref_pos.T)
            ref_pos, ref_age = ref_pos[order], ref_age[order]
            mine = np.lexsort(w.dots.pos[: w.dots.n].T)
            w.dots.pos[: w.dots.n] = w.dots.pos[: w.dots.n][mine]
            w.dots.age[: w.dots.n] = w.dots.age[: w.dots.n][mine]
            w.dots.prev[: w.dots.n] = w.dots.pos[: w.dots.n]
        assert w.dots.n == len(ref_pos)
        # the flow rides on the float32 steps: rounded to ~1e-5 nm
        assert np.allclose(w.dots.pos[: w.dots.n], ref_pos, rtol=0, atol=1e-4)
    assert w.dots.n < 5000  # some left the view
    assert w.rng.standard_normal() == ref_rng.standard_normal()  # the same draws were taken from the stream


def test_streaming_dots_are_indexed_and_left_undiffused():
    w = world_with_dots(1000)
    before = w.dots.pos[:1000].copy()
    jet = stream_out(w, 1e-3, 100.0, 0.05)
    assert jet.dtype.kind == "i" and jet.tolist() == list(range(100))  # the rows, not a mask over every dot
    diffuse_outside(w, 1e-3, 4e6, FLOOR, CEILING, 0.0, jet)
    moved = w.dots.pos[:1000] - before
    assert np.array_equal(moved[:100, 0], np.zeros(100)) and np.allclose(moved[:100, 1], -0.1)  # straight up
    assert np.count_nonzero(moved[100:, 0]) > 850  # the others diffused


def test_normal_steps_are_statistically_normal_and_seeded():
    table = NORMAL_TABLE.astype(np.float64)
    assert table.size == 65536 and np.all(np.diff(table) > 0) and np.array_equal(table, -table[::-1])  # symmetric
    assert abs(np.mean(table * table) - 1.0) < 1e-6  # each equally likely entry: variance exactly 1
    a = normal_steps(np.random.default_rng(7), 200_001, 2.0)  # (an odd count: the last raw draw half used)
    assert a.shape == (200_001, 2) and a.dtype == np.float32
    assert np.array_equal(a, normal_steps(np.random.default_rng(7), 200_001, 2.0))  # same seed, same steps
    z = a.astype(np.float64) / 2.0
    assert np.all(np.abs(z.mean(axis=0)) < 0.01) and np.all(np.abs(z.var(axis=0) - 1.0) < 0.01)
    assert abs(np.corrcoef(z[:, 0], z[:, 1])[0, 1]) < 0.01 and abs(np.corrcoef(z[:-1, 0], z[1:, 0])[0, 1]) < 0.01
    for k, share in ((1, 0.3173), (2, 0.0455), (3, 0.0027)):  # two-sided normal tails
        assert abs(np.mean(np.abs(z) > k) - share) < 0.1 * share + 0.001
    assert abs(np.mean(z ** 4) - 3.0) < 0.05  # kurtosis of a normal
    assert np.unique(z).size > 60000  # the steps take most of the 65,536 values


def test_diffusion_spreads_like_brownian_motion():
    w = world_with_dots(20000)
    w.dots.pos[:20000] = [WIDTH / 2, (FLOOR + CEILING) / 2]  # all at the middle, far from every wall
    w.dots.age[:20000] = 1.0
    dt, d = 1e-3, 1e4  # 50 steps of sd 4.5 nm: spread ~32 nm, walls 175 nm away
    for _ in range(50):
        diffuse_outside(w, dt, d, FLOOR, CEILING)
    msd = w.dots.pos[:20000].var(axis=0)
    assert w.dots.n == 20000 and np.allclose(msd, 2 * d * 50 * dt, rtol=0.04)  # <x²> = 2 D t per axis


def test_a_burst_of_fresh_dots_streams_under_a_mask_like_rows():
    """When most dots were just released, stream_out returns a mask (a pass over all) instead of rows; the dots
    move and diffuse exactly as with the rows."""
    a, b = world_with_dots(1000), world_with_dots(1000)
    a.dots.age[:900] = b.dots.age[:900] = 0.0  # nine in ten just released
    jet = stream_out(a, 1e-3, 100.0, 0.05)
    assert jet.dtype == np.bool_ and int(jet.sum()) == 900 and jet[:900].all()
    rows = np.flatnonzero(b.dots.age[:1000] < 0.05)
    b.dots.pos[rows, 1] -= 100.0 * 1e-3
    assert np.array_equal(a.dots.pos[:1000], b.dots.pos[:1000])
    diffuse_outside(a, 1e-3, 4e6, FLOOR, CEILING, 0.0, jet)
    diffuse_outside(b, 1e-3, 4e6, FLOOR, CEILING, 0.0, rows)
    assert a.dots.n == b.dots.n and np.array_equal(a.dots.pos[: a.dots.n], b.dots.pos[: b.dots.n])
