"""Label placement's body counts (render/labels.py): the occupancy grid is the bodies' bounding boxes per cell, and a
spot's count read from its summed-area table (four look-ups) is the sum over its cells, on and off the grid."""

import numpy as np
import pygame

from exoviz.render import labels

VIEW = (3, 5, 1402, 723)


def bodies(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = np.column_stack([rng.uniform(-60, 1470, n), rng.uniform(-60, 790, n)])
    centres[:40] = np.array([[3 + 16 * k, 5 + 16 * k] for k in range(40)], dtype=float)  # on cell edges exactly
    return centres, rng.uniform(0, 30, n)


def test_the_grid_counts_each_body_in_every_cell_its_box_touches():
    centres, radii = bodies(3000, 1)
    grid = labels.occupancy(VIEW, centres, radii)
    rows, cols = VIEW[3] // labels.CELL_PX + 1, VIEW[2] // labels.CELL_PX + 1
    want = np.zeros((rows, cols), dtype=np.int64)
    for (x, y), r in zip(centres.tolist(), radii.tolist()):  # one body at a time (the test's own loop)
        x0, x1 = int((x - r - VIEW[0]) // 16), int((x + r - VIEW[0]) // 16) + 1
        y0, y1 = int((y - r - VIEW[1]) // 16), int((y + r - VIEW[1]) // 16) + 1
        want[max(y0, 0):max(min(y1, rows), 0), max(x0, 0):max(min(x1, cols), 0)] += 1
    assert np.array_equal(grid, want)


def test_a_spots_count_from_the_summed_table_is_the_sum_over_its_cells():
    centres, radii = bodies(2000, 2)
    grid = labels.occupancy(VIEW, centres, radii)
    sat = labels.summed(grid)
    rng = np.random.default_rng(3)
    nonzero = 0
    for _ in range(2000):
        r = pygame.Rect(int(rng.integers(-200, 1700)), int(rng.integers(-200, 1000)), int(rng.integers(0, 500)),
                        int(rng.integers(0, 120)))
        c0, c1 = (r.left - VIEW[0]) // 16, (r.right - VIEW[0]) // 16 + 1
        r0, r1 = (r.top - VIEW[1]) // 16, (r.bottom - VIEW[1]) // 16 + 1
        want = int(grid[max(r0, 0):max(r1, 0), max(c0, 0):max(c1, 0)].sum())
        assert labels._covered(sat, VIEW, r) == want
        nonzero += want > 0
    assert nonzero > 500
