"""Foresees the next look of a big fused body and builds its sprite ahead, a step a frame. A body magnified in the
close-up collapses in steps (membrane_fused.quantised), each a new sprite of up to millions of px, rasterised in
the frame that reaches it (tens of ms at 4K). The step it takes next is foreseen from the last (the same change of
collapse again, on the same grid; and, where that differs, the model's own collapse carried on at the rate it
changed: slowed down in the close-up, the model steps once every few frames and each step moves the outline by
a varying number of grid levels, 4 then 5 then 4) and its sprite built over the frames in between
(SpriteLRU.build_ahead), so the frame that reaches that look finds it made. (Foreseeing every body's sprite, the
main view's ~1-2 ms ones too, moved as much work into the frames between as it saved: only big ones are.)
Nothing is guessed into the picture: a sprite built ahead is the one that look builds (same key, same inputs),
and one never asked for is dropped."""

from __future__ import annotations

from collections.abc import Callable, Generator, Hashable, Sequence
from functools import partial
from typing import Any

import numpy as np

from exoviz.render.membrane_sprite import SpriteLRU

BIG_PX = 250.0  # a body r >= this px moves in r / BIG_PX px steps (the close-up at 4K: not re-rasterised per px)
AHEAD_PX = 40_000  # sprites this large (px) are foreseen (the 1080p close-up's Omega: 70,000-80,000 px, ~5 ms, its
# collapse or its pore's lumen changing by a grid step at each of the model's slowed steps; a 4K main view's bodies
# are mostly smaller)
CHANGING = (2, 6)  # what a collapse step changes in a look (membrane_fused.tiles): its collapse and its reach
LUMEN = 3  # ... and where a look has its neck's lumen (px x 2)
TRENDS = 64  # bodies followed at most (their last look)
AHEAD_BUILDS = 4  # sprites built ahead at once at most (a body's own and its seams')
AHEAD_STEPS = 4  # builds stepped a frame at most (a step each, ~1 ms for most steps), the latest
AHEAD_PASSES = 2  # ... twice each (their steps are halves of a direct build's: the same work a frame at most, and
# the ~13 steps of a close-up Omega's build are done in the 9 frames between the model's slowed steps)


def next_collapse(c0: float, c: float, r0: float, hb: float) -> float | None:
    """The collapse after c0 then c if it takes the same step again, on the grid membrane_fused.quantised puts it
    on (levels from the body's drawn radius r0 and leaflet hb, px); None when c0, c are not on that grid, the body
    is not collapsing or it has no step left."""
    q = max(1.0, float(np.floor((r0 + hb) / BIG_PX)))
    levels = float(np.clip(np.round(r0 / q), 12, 1024))
    k, k0 = c * levels, c0 * levels
    if abs(k - round(k)) > 1e-6 or abs(k0 - round(k0)) > 1e-6 or round(k) <= round(k0):
        return None
    nxt = 2 * round(k) - round(k0)
    return float(nxt) / levels if nxt <= levels else None


def carried_on(raw0: float, raw: float, c: float, r0: float, hb: float) -> float | None:
    """The collapse on membrane_fused.quantised's grid if the model's collapse (raw0 then raw, unquantised) changes
    by as much again; None when it does not grow, or lands where it is now (c) or past the end."""
    if raw <= raw0:
        return None
    q = max(1.0, float(np.floor((r0 + hb) / BIG_PX)))
    levels = float(np.clip(np.round(r0 / q), 12, 1024))
    nxt = float(np.round(min(2.0 * raw - raw0, 1.0) * levels)) / levels
    return nxt if abs(nxt - c) > 1e-9 else None


def on_lumen_grid(lumen: float, q: float) -> float:
    """A neck lumen (px) on membrane_fused.quantised's grid: 0.5 px under 4 px, 2 q px above."""
    return float(np.round(lumen * 2.0) / 2.0) if lumen < 4.0 else float(np.round(lumen / (2.0 * q)) * 2.0 * q)


def next_lumen(old: tuple, look: tuple, raw0: float | None, raw: float | None, q: float) -> float | None:
    """The neck's lumen (px) of a body's next look when its last change was its lumen alone (a kiss's pore closing,
    a pore widening): the model's lumen (raw0 then raw, px unquantised) carried on at its rate, on the grid, else
    the same drawn change again (look units: px x 2, so the lumen is exactly look / 2); None when anything else
    changed or the lumen would not stay > 0."""
    if any(a != b for i, (a, b) in enumerate(zip(old, look)) if i not in (LUMEN, 6)) or old[LUMEN] == look[LUMEN]:
        return None
    if raw0 is not None and raw is not None and raw != raw0:
        nxt = on_lumen_grid(2.0 * raw - raw0, q)
        if nxt > 0 and round(nxt * 2) != look[LUMEN]:
            return nxt
    same = 2 * look[LUMEN] - old[LUMEN]
    return same / 2.0 if same > 0 else None


_raw_lumen: dict[Hashable, float] = {}  # a followed body's last unquantised lumen (px), by body as cache.trend


def foresee(cache: SpriteLRU, who: Hashable, look: tuple, c: float, r0: float, hb: float,
            make: Callable[..., Sequence[tuple[Hashable, Generator[None, None, Any]]]], raw: float | None = None,
            raw_lumen: float | None = None) -> None:
    """Follow body `who`'s look (and collapse c; raw: the model's, unquantised); when its last change was a collapse
    step, start building the sprites of the next one (make(collapse) -> their keys and builds in steps: its own,
    its seams'): the same step again, and the model's collapse carried on where that lands elsewhere; when it was
    its neck's lumen alone, those of its next lumen (make(c, lumen); raw_lumen: the model's, px unquantised)."""
    last = cache.trend.get(who)
    if len(cache.trend) >= TRENDS and last is None:
        cache.trend.clear()
    cache.trend[who] = (look, c, c if raw is None else raw)
    if len(_raw_lumen) >= TRENDS and who not in _raw_lumen:
        _raw_lumen.clear()
    lumen0 = _raw_lumen.get(who) if last is not None else None
    if raw_lumen is not None:
        _raw_lumen[who] = raw_lumen
    if last is None or last[0] == look:
        return
    old, c0, raw0 = last
    lumen = next_lumen(old, look, lumen0, raw_lumen, max(1.0, float(np.floor((r0 + hb) / BIG_PX))))
    if lumen is not None:
        for k, (key, steps) in enumerate(make(c, lumen)):
            cache.build_ahead(key, _after(k, steps), most=AHEAD_BUILDS)
        return
    if any(a != b for i, (a, b) in enumerate(zip(old, look)) if i not in CHANGING):
        return
    same = next_collapse(c0, c, r0, hb)
    rate = None if raw is None else carried_on(raw0, raw, c, r0, hb)
    nxt = same if rate is None else rate  # the model's rate where it has one that moves the look, else the last step
    if nxt is not None:
        for k, (key, steps) in enumerate(make(nxt)):
            cache.build_ahead(key, _after(k, steps), most=AHEAD_BUILDS)


def look_ahead(cache: SpriteLRU, now: Any, big: list[int], collapse: np.ndarray, lumen_px: np.ndarray) -> None:
    """Each big sprite's next look foreseen and built ahead (now: membrane_fused's _Now, this frame's tiles; big:
    its bodies with big sprites; collapse, lumen_px: the model's, unquantised, of each of its bodies); a frame's
    share of the builds ahead stepped, AHEAD_PASSES times."""
    att = now.att
    for o in big:
        foresee(cache, (*now.base, int(att.rows[o]), now.looks[o][1]), now.looks[o], float(att.c[o]),
                float(att.r0[o]), float(now.hb[o]), partial(now.next_tiles, o), float(collapse[o]), float(lumen_px[o]))
    for _ in range(AHEAD_PASSES):
        cache.step_ahead(AHEAD_STEPS)


def _after(k: int, steps: Generator[None, None, Any]) -> Generator[None, None, Any]:
    """A build's steps after k idle ones: builds foreseen together (a body's own, its seams') start a frame apart,
    so that their heavy steps (the blocks near the membrane evaluated, the surface made) fall in different frames
    (h-fusion: two of them in one frame were the close-up's worst frames between the model's steps)."""
    for _ in range(k):
        yield
    return (yield from steps)
