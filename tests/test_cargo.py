"""Released cargo dots' per-step rules (sim/cargo.py): diffusion draws its random steps into one reused buffer, the
very draws of a new array (the same course, bit for bit, as drawing a new array each step); dots streaming out of
their pore are indexed and left undiffused. Counted and compared, never timed."""

from types import SimpleNamespace

import numpy as np

from exoviz.sim.cargo import diffuse_outside, stream_out
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
    """The rule as it was written before the reused buffer: a new array of draws, masked, reflected, dropped."""
    fresh = age < 0.05
    pos[fresh, 1] -= 100.0 * dt
    age += dt
    step = rng.standard_normal((len(pos), 2)) * np.sqrt(2.0 * d * dt)
    step[fresh] = 0.0
    pos += step
    pos[:, 0] += flow * dt
    pos[:, 1] = FLOOR - np.abs(pos[:, 1] - FLOOR)
    pos[:, 1] = CEILING + np.abs(pos[:, 1] - CEILING)
    keep = ~((pos[:, 1] < 0) | (pos[:, 0] < 0) | (pos[:, 0] > WIDTH))
    return keep


def test_diffusion_reuses_one_buffer_and_keeps_the_course_bit_for_bit():
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
        assert np.array_equal(w.dots.pos[: w.dots.n], ref_pos)
    assert w.dots.n < 5000  # some left the view
    assert w.dots.noise_allocs == 1  # one buffer for all twenty steps
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


def test_the_noise_buffer_is_not_pickled():
    import pickle

    w = world_with_dots(20000)
    plain = len(pickle.dumps(w.dots))
    diffuse_outside(w, 1e-3, 4e6, FLOOR, CEILING)
    assert w.dots._noise is not None
    again = pickle.loads(pickle.dumps(w.dots))
    assert again._noise is None and len(pickle.dumps(w.dots)) < plain + 1000
    assert np.array_equal(again.pos[: again.n], w.dots.pos[: w.dots.n])
