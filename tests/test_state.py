"""The model's struct-of-arrays fields: declared in their class, allocated as declared, kept when grown."""

from __future__ import annotations

from typing import get_args, get_type_hints

import numpy as np
import pytest

from exoviz.sim.state import Col, Particles, Vesicles, columns


@pytest.mark.parametrize("cls", [Vesicles, Particles])
def test_every_declared_field_is_allocated_as_declared(cls):
    obj = cls(20)
    cols = columns(cls)
    assert len(cols) >= 6
    hints = get_type_hints(cls, include_extras=True)
    for name, col in cols.items():
        arr = getattr(obj, name)
        assert arr.dtype == np.dtype(col.dtype), name
        assert arr.shape == (obj.capacity, *col.shape), name
        assert np.all(arr == col.fill), name
        # the type checkers' view (NDArray[dtype]) names the same dtype as the allocation
        array_type = get_args(hints[name])[0]
        assert get_args(get_args(array_type)[1])[0] is col.dtype, name


def test_no_array_field_is_undeclared():
    v = Vesicles(8)
    arrays = {k for k, val in vars(v).items() if isinstance(val, np.ndarray)}
    assert arrays == set(columns(Vesicles))


def test_growing_keeps_rows_and_fills_new_ones():
    v = Vesicles(8)
    idx = v.spawn(8, kind=1, stage=2, t=0.5)
    v.pos[idx] = np.arange(16.0).reshape(8, 2)
    v.spawn(5, kind=1, stage=2, t=1.0)  # forces a grow
    assert v.capacity > 8
    assert np.array_equal(v.pos[:8], np.arange(16.0).reshape(8, 2))
    fresh = np.flatnonzero(v.stage == 0)
    assert fresh.size and np.all(v.parent[fresh] == -1) and np.all(v.site[fresh] == -1)


def test_col_is_frozen():
    with pytest.raises(AttributeError):
        Col(np.int8).fill = 3  # type: ignore[misc]
