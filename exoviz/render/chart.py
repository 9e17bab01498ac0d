"""The live chart (key G): plasma-membrane area and capacitance change against simulated time, with a mark for each
membrane event, over the whole run.

The time axis runs from 0 to a fixed end (the first 20 playback seconds at first) and doubles when the run reaches
it, so the whole history stays in view and nothing moves while the run is inside the axis. The traces live on a
surface: only the samples new since the last frame are drawn onto it; the whole surface is drawn again only when
it is new, the world, size or kept trace changed, the axis doubled or a trace left its value range. The starting
area is a dashed line; a kept trace (Ctrl+G: a run to compare with, e.g. balance on against off) is drawn dashed
under the live one, so the two differ by line style as well as colour.
"""

from __future__ import annotations

import math
import weakref
from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.i18n import N_
from exoviz.render.theme import Theme
from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2
from exoviz.viewstate import ChartRef

if TYPE_CHECKING:
    from exoviz.sim.world import World

WINDOW_PLAYBACK_S = 20.0  # the axis first spans this many playback seconds (× the mode's time scale in sim s)
# Marked events: (event key, shape, theme colour, key label, row: 0 adds membrane or opens a pore, 1 takes it or
# tears it), in the order the key lists them.
MARKS = (("full_fusion", "up", "delivered", N_("full fusion"), 0),
         ("kiss_and_run", "diamond", "cargo", N_("kiss-and-run"), 0),
         ("transient_fusion", "diamond", "cargo", N_("transient fusion"), 0),
         ("compound_fusion", "up_open", "delivered", N_("compound fusion"), 0),
         ("mvb_fusion", "square", "lumen_mark", N_("MVB fusion"), 0),
         ("recycling", "up_open", "cyto_leaflet", N_("recycling"), 0),
         ("lysosome_exocytosis", "plus", "lamp", N_("lysosome"), 0),
         ("endocytosis", "down", "clathrin", N_("endocytosis"), 1),
         ("wound", "cross", "text", N_("wound"), 1))
# What a mark means in the trace, in words (shown under the key for the kinds the chart marks).
MEANING = {"full_fusion": N_("a full fusion is a lasting step up"),
           "kiss_and_run": N_("a kiss is a brief flicker of ΔC, no lasting step"),
           "transient_fusion": N_("a transient fusion is a flicker of ΔC: the granule reseals, no lasting step"),
           "compound_fusion": N_("a granule fusing onto a fused one: a lasting step up"),
           "mvb_fusion": N_("an MVB fusion is a step up (its limiting membrane)"),
           "endocytosis": N_("a coated pit pinching off is a step down")}
MARK_ROW_PX = 10  # height of one row of event marks
MARK_ROWS = 2
NICE = (1, 2, 2.5, 5)
DASH_PX = 6  # dashed lines: this much drawn, this much left out


def nice_range(lo: float, hi: float, min_span: float) -> tuple[float, float]:
    """A round axis range holding lo..hi with some room, at least min_span wide."""
    mid, span = 0.5 * (lo + hi), max(hi - lo, min_span) * 1.3
    exp = 10.0 ** np.floor(np.log10(span / 4))
    step = next((m * exp for m in NICE if m * exp * 4 >= span), 10 * exp)
    return float(np.floor((mid - 2 * step) / step) * step), float(np.ceil((mid + 2 * step) / step) * step)


def axis_end(t_now: float, first_s: float) -> float:
    """The end of the time axis for a run at t_now: first_s doubled as often as needed to hold it."""
    if t_now <= first_s:
        return first_s
    return first_s * 2.0 ** math.ceil(math.log2(t_now / first_s) - 1e-12)


def values(series: dict, initial_um2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t s, area µm², ΔC fF) of every sample."""
    t = np.asarray(series["t_s"], dtype=float)
    area = np.asarray(series["plasma_membrane_um2"], dtype=float)
    dc = np.asarray(series["capacitance_pF"], dtype=float) * 1000.0 - initial_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2
    return t, area, dc


class LiveChart:
    """One world's chart surface and how far it has been drawn."""

    def __init__(self) -> None:
        self.surf: pygame.Surface | None = None
        self.key: tuple = ()
        self.n = 0  # samples drawn so far
        self.t_end = WINDOW_PLAYBACK_S  # simulated s at the axis's right end
        self.ranges: list[tuple[float, float]] = []
        self.full_draws = 0  # how often the whole surface had to be drawn again (the rest are increments)
        self.plots = 0  # how often samples were drawn onto it (whole or new ones): counting tests
        self._vals: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # values() of the samples so far
        self._vals_of: tuple[int, float] = (0, 0.0)  # (the world, its starting area) they are of
        self.layer: pygame.Surface | None = None  # the whole chart drawn, premultiplied (chart_frame._layer)
        self.layer_key: tuple = ()  # what it was drawn from
        self.static: tuple | None = None  # (its box, title and key premultiplied, the plots' rect, their inputs)
        self.layers_made = 0  # how often it was drawn (the other frames copy it): counting tests

    # -- geometry ----------------------------------------------------------------------------------------------
    def layout(self, size: tuple[int, int], kinds: int) -> tuple[int, pygame.Rect, pygame.Rect]:
        """(marks strip height, area plot, capacitance plot) inside a surface of `size`."""
        w, h = size
        marks = MARK_ROW_PX * min(kinds, MARK_ROWS) + 2
        plot_h = max(10, (h - marks - 6) // 2)
        return marks, pygame.Rect(0, marks + 2, w, plot_h), pygame.Rect(0, marks + 6 + plot_h, w, plot_h)

    def x_of(self, t: np.ndarray) -> np.ndarray:
        """Surface x (px, float) of simulated times t."""
        w = self.surf.get_width() if self.surf is not None else 1
        return np.asarray(t, dtype=float) / self.t_end * (w - 1)

    def values(self, world: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """values() of the world's samples, converted once each: only those added since the last call are new."""
        s, of = world.series, (id(world), world.ledger.pm_initial_um2)
        count = len(s["t_s"])
        got = self._vals
        if got is None or of != self._vals_of or count < got[0].size:
            got, self._vals_of = values(s, of[1]), of
        elif count > got[0].size:
            new = values({k: s[k][got[0].size:] for k in ("t_s", "plasma_membrane_um2", "capacitance_pF")}, of[1])
            got = (np.concatenate([got[0], new[0]]), np.concatenate([got[1], new[1]]),
                   np.concatenate([got[2], new[2]]))
        self._vals = got
        return got

    # -- drawing -----------------------------------------------------------------------------------------------
    def update(self, world: World, size: tuple[int, int], theme: Theme, first_s: float, kinds: tuple[str, ...],
               ref: ChartRef | None = None) -> None:
        """Bring the surface up to the world's latest sample (incrementally when it can; nothing to do in the
        frames between samples)."""
        key = (id(world), size, theme.name, first_s, kinds, id(ref))
        count = len(world.series["t_s"])
        if (self.surf is None or key != self.key or count < self.n or count == 0
                or axis_end(float(world.series["t_s"][-1]), first_s) != self.t_end):
            return self._full(world, size, theme, first_s, kinds, key, ref)
        if count == self.n:  # no sample since the last frame: the surface shows them all
            return None
        t, area, dc = self.values(world)
        first = max(self.n - 1, 0)
        if any(((v[first:] < lo) | (v[first:] > hi)).any() for v, (lo, hi) in zip((area, dc), self.ranges)):
            return self._full(world, size, theme, first_s, kinds, key, ref)
        self._draw(world, theme, first, count, kinds)
        self.n = count

    def _full(self, world: World, size, theme, first_s, kinds, key, ref: ChartRef | None) -> None:
        """Draw the whole surface again: the axis end and value ranges from every sample (and the kept trace)."""
        self.full_draws += 1
        self.key = key
        self.surf = pygame.Surface(size, pygame.SRCALPHA)
        t, area, dc = self.values(world)
        self.t_end = axis_end(float(t[-1]) if t.size else 0.0, first_s)
        a_all = [area, np.array([world.ledger.pm_initial_um2])]
        d_all = [dc, np.zeros(1)]
        if ref is not None:
            inside = ref.t <= self.t_end
            a_all.append(ref.area[inside])
            d_all.append(ref.dc[inside])
        a_cat, d_cat = np.concatenate(a_all), np.concatenate(d_all)
        self.ranges = [nice_range(float(a_cat.min()), float(a_cat.max()), 0.05),
                       nice_range(float(d_cat.min()), float(d_cat.max()), 0.5)]
        _, area_box, dc_box = self.layout(size, len(kinds))
        for box, (lo, hi), base in ((area_box, self.ranges[0], world.ledger.pm_initial_um2),
                                    (dc_box, self.ranges[1], 0.0)):  # where the run started: a dashed line
            y = box.bottom - 1 - (base - lo) / (hi - lo) * (box.h - 2)
            self._dashed(np.array([0.0, size[0] - 1.0]), np.array([y, y]), theme.text_dim, 1)
        if ref is not None:
            self._reference(ref, theme, area_box, dc_box)
        self._draw(world, theme, 0, t.size, kinds)
        self.n = t.size

    def _ys(self, vals: np.ndarray, box: pygame.Rect, rng: tuple[float, float]) -> np.ndarray:
        lo, hi = rng
        return box.bottom - 1 - (vals - lo) / (hi - lo) * (box.h - 2)

    def _reference(self, ref: ChartRef, theme: Theme, area_box: pygame.Rect, dc_box: pygame.Rect) -> None:
        """The kept run's traces, dashed (drawn once per full draw)."""
        inside = ref.t <= self.t_end
        x = self.x_of(ref.t[inside])
        for vals, box, rng in ((ref.area[inside], area_box, self.ranges[0]), (ref.dc[inside], dc_box, self.ranges[1])):
            self._dashed(x, self._ys(vals, box, rng), theme.text, 2)

    def _dashed(self, x: np.ndarray, y: np.ndarray, colour, width: int) -> None:
        """A polyline drawn in dashes of DASH_PX along x (resampled every pixel, as a step)."""
        if x.size < 2 or self.surf is None:
            return
        xs = np.arange(np.floor(x[0]), np.ceil(x[-1]) + 1)
        idx = np.clip(np.searchsorted(x, xs, side="right") - 1, 0, x.size - 1)
        ys = y[idx]
        on = (xs // DASH_PX).astype(int) % 2 == 0
        starts = np.flatnonzero(on & np.r_[True, ~on[:-1]])
        ends = np.flatnonzero(on & np.r_[~on[1:], True])
        for a, b in zip(starts, ends, strict=True):  # one dash per DASH_PX * 2 px: a few hundred at most
            if b > a:
                pts = np.stack([np.repeat(xs[a:b + 1], 2)[1:], np.repeat(ys[a:b + 1], 2)[:-1]], axis=1)
                pygame.draw.lines(self.surf, colour, False, pts.tolist(), width)

    def _draw(self, world: World, theme: Theme, first: int, count: int, kinds: tuple[str, ...]) -> None:
        """Samples first..count-1: the two traces (from the sample before, so they join) and the event marks."""
        surf = self.surf
        assert surf is not None
        self.plots += 1
        marks_h, area_box, dc_box = self.layout(surf.get_size(), len(kinds))
        s = world.series
        t, area, dc = self.values(world)
        lo_i = max(first - 1, 0)
        x = self.x_of(t[lo_i:count])
        for vals, box, rng, colour in ((area, area_box, self.ranges[0], theme.delivered),
                                       (dc, dc_box, self.ranges[1], theme.cyto_leaflet)):
            y = self._ys(vals[lo_i:count], box, rng)
            if x.size >= 2:
                # a step: hold the old value until the new sample (so a jump is drawn as a vertical edge)
                xs = np.repeat(x, 2)[1:]
                ys = np.repeat(y, 2)[:-1]
                pygame.draw.lines(surf, colour, False, np.stack([xs, ys], axis=1).tolist(), 2 + theme.outline)
        for name in kinds:
            row = next(r for key, *_, r in MARKS if key == name)
            counts = s["events"].get(name)
            if counts is None:
                continue
            c = np.asarray(counts[lo_i:count])
            hit = np.flatnonzero(np.diff(c) > 0) + 1
            for xi in self.x_of(t[lo_i:count][hit]):  # a few marks per frame at most
                draw_mark(surf, mark_of(name), theme, (int(round(xi)), 1 + row * MARK_ROW_PX + MARK_ROW_PX // 2))


def mark_of(name: str) -> tuple[str, str]:
    """(shape, theme colour name) of an event's mark."""
    return next(((shape, colour) for key, shape, colour, *_ in MARKS if key == name), ("cross", "text"))


def colour_of(theme: Theme, name: str) -> tuple[int, int, int]:
    if name == "lumen_mark":  # MVB: a colour between the lumen and the text, visible on the panel
        r, g, b = (int(0.5 * (a + b)) for a, b in zip(theme.lumen, theme.text))
        return r, g, b
    return getattr(theme, name)


def draw_mark(surf: pygame.Surface, mark: tuple[str, str], theme: Theme, at: tuple[int, int], r: int = 4) -> None:
    """One event mark: its shape tells the kind as well as its colour."""
    shape, colour = mark
    col = colour_of(theme, colour)
    x, y = at
    if shape in ("up", "up_open"):
        pygame.draw.polygon(surf, col, ((x - r, y + r), (x + r, y + r), (x, y - r)), 0 if shape == "up" else 1)
    elif shape == "down":
        pygame.draw.polygon(surf, col, ((x - r, y - r), (x + r, y - r), (x, y + r)))
    elif shape == "diamond":
        pygame.draw.polygon(surf, col, ((x, y - r), (x + r, y), (x, y + r), (x - r, y)))
    elif shape == "square":
        pygame.draw.rect(surf, col, (x - r + 1, y - r + 1, 2 * r - 1, 2 * r - 1))
    elif shape == "plus":
        pygame.draw.line(surf, col, (x - r, y), (x + r, y), 2)
        pygame.draw.line(surf, col, (x, y - r), (x, y + r), 2)
    else:
        pygame.draw.line(surf, col, (x - r, y - r), (x + r, y + r), 2)
        pygame.draw.line(surf, col, (x - r, y + r), (x + r, y - r), 2)


_charts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def chart_for(world: World) -> LiveChart:
    """The chart kept for a world (dropped with the world)."""
    chart = _charts.get(world)
    if chart is None:
        chart = _charts[world] = LiveChart()
    return chart


def kinds_for(world: World) -> tuple[str, ...]:
    """The marked event kinds this world counts, in MARKS order."""
    cells_only = () if world.turnover_view().cells else ("lysosome_exocytosis", "wound")
    return tuple(k for k, *_ in MARKS if k in world.events and k not in cells_only)


