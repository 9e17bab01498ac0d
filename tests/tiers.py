"""The two test tiers: a matrix whose cases are all in the slow tier except a sample that stays in the default run."""

from __future__ import annotations

from collections.abc import Iterable

import pytest


def sampled(matrix: Iterable, sample: Iterable) -> list:
    """The matrix as pytest params: the sample's cases in the default tier, every other case marked slow (so
    `python -m pytest` runs the sample and `python -m pytest -m slow` the rest). Every sample case is in the matrix."""
    cases, keep = list(matrix), list(sample)
    assert all(c in cases for c in keep), [c for c in keep if c not in cases]
    return [c if c in keep else pytest.param(*(c if isinstance(c, tuple) else (c,)), marks=pytest.mark.slow)
            for c in cases]
