"""Labels' leader lines keep off overlays: the crossing test looks only at the rects near the line, with the same
answer as trying every rect."""

import numpy as np
import pygame

from exoviz.render import labels


def test_a_leader_crossing_is_found_among_the_rects_near_it_alone(monkeypatch):
    """Random rects and leaders (fractional anchors, ends anywhere, some on a rect's edge): the answer is the
    one every rect gives, and only the rects meeting the leader's bounding box are tried (a close-up's machinery
    leaves dozens, each label tries a dozen places)."""
    rng = np.random.default_rng(0)
    for _ in range(3000):
        avoid = [pygame.Rect(*rng.integers(0, 300, 2).tolist(), *rng.integers(1, 80, 2).tolist())
                 for _ in range(int(rng.integers(0, 40)))]
        anchor = tuple(rng.uniform(0, 320, 2).tolist())
        end = tuple(rng.integers(0, 320, 2).tolist())
        if avoid and rng.random() < 0.2:  # a leader ending on a rect's edge
            end = avoid[0].bottomright
        every = any(a.clipline(anchor, end) for a in avoid if not a.collidepoint(anchor))
        assert labels._crosses(avoid, anchor, end) == every
    far = [pygame.Rect(1000 + 20 * i, 1000, 10, 10) for i in range(50)]  # (more than NEAR_ONLY)
    seen: list[pygame.Rect] = []

    class Spy(pygame.Rect):
        def clipline(self, *a):
            seen.append(self)
            return super().clipline(*a)

    near = [Spy(5, 5, 10, 10)]
    assert labels._crosses(far + near, (0.5, 0.5), (20, 20))
    assert seen == near  # the 50 far rects were never tried
