"""The live chart (key G): plasma-membrane area and capacitance change against simulated time, with a mark for each
membrane event, over a scrolling window.

It is drawn incrementally: the traces live on a surface that is scrolled left by whole pixels as time passes, and
only the samples that are new since the last frame are drawn onto it. The whole window (never the whole history)
is drawn again only when the surface is new, the world or size changed, or a trace leaves its axis range.
"""

from __future__ import annotations

import weakref

import numpy as np
import pygame

from exoviz.render.theme import Theme
from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2

WINDOW_PLAYBACK_S = 20.0  # the window shows this many playback seconds (× the mode's time scale in sim s)
# Marked events: (event key, shape, theme colour, key label, row: 0 adds membrane or opens a pore, 1 takes it or
# tears it), in the order the key lists them.
MARKS = (("full_fusion", "up", "delivered", "full fusion", 0), ("kiss_and_run", "diamond", "cargo", "kiss-and-run", 0),
         ("mvb_fusion", "square", "lumen_mark", "MVB fusion", 0),
         ("recycling", "up_open", "cyto_leaflet", "recycling", 0),
         ("lysosome_exocytosis", "plus", "lamp", "lysosome", 0), ("endocytosis", "down", "clathrin", "endocytosis", 1),
         ("wound", "cross", "text", "wound", 1))
MARK_ROW_PX = 10  # height of one row of event marks
MARK_ROWS = 2
NICE = (1, 2, 2.5, 5)


def nice_range(lo: float, hi: float, min_span: float) -> tuple[float, float]:
    """A round axis range holding lo..hi with some room, at least min_span wide."""
    mid, span = 0.5 * (lo + hi), max(hi - lo, min_span) * 1.3
    exp = 10.0 ** np.floor(np.log10(span / 4))
    step = next((m * exp for m in NICE if m * exp * 4 >= span), 10 * exp)
    return float(np.floor((mid - 2 * step) / step) * step), float(np.ceil((mid + 2 * step) / step) * step)


class LiveChart:
    """One world's chart surface and how far it has been drawn."""

    def __init__(self) -> None:
        self.surf: pygame.Surface | None = None
        self.key: tuple = ()
        self.n = 0  # samples drawn so far
        self.t_right = 0.0  # simulated s at the surface's right edge
        self.ranges: list[tuple[float, float]] = []
        self.full_draws = 0  # how often the whole window had to be drawn again (the rest are increments)

    # -- geometry ----------------------------------------------------------------------------------------------
    def layout(self, size: tuple[int, int], kinds: int) -> tuple[int, pygame.Rect, pygame.Rect]:
        """(marks strip height, area plot, capacitance plot) inside a surface of `size`."""
        w, h = size
        marks = MARK_ROW_PX * min(kinds, MARK_ROWS) + 2
        plot_h = max(10, (h - marks - 6) // 2)
        return marks, pygame.Rect(0, marks + 2, w, plot_h), pygame.Rect(0, marks + 6 + plot_h, w, plot_h)

    @staticmethod
    def values(series: dict, initial_um2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(t s, area µm², ΔC fF) of every sample."""
        t = np.asarray(series["t_s"])
        area = np.asarray(series["plasma_membrane_um2"])
        dc = np.asarray(series["capacitance_pF"]) * 1000.0 - initial_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2
        return t, area, dc

    # -- drawing -----------------------------------------------------------------------------------------------
    def update(self, world, size: tuple[int, int], theme: Theme, span_s: float, kinds: tuple[str, ...]) -> None:
        """Bring the surface up to the world's latest sample (incrementally when it can)."""
        key = (id(world), size, theme.name, span_s, kinds)
        series = world.series
        count = len(series["t_s"])
        t, area, dc = self.values(series, world.ledger.pm_initial_um2)
        if self.surf is None or key != self.key or count < self.n or t[-1] < self.t_right - 1e-9:
            return self._full(world, size, theme, span_s, kinds, key)
        w = size[0]
        px_per_s = w / span_s
        shift = int((t[-1] - self.t_right) * px_per_s)
        if shift >= w:
            return self._full(world, size, theme, span_s, kinds, key)
        first = max(self.n - 1, 0)
        if any(((v[first:] < lo) | (v[first:] > hi)).any() for v, (lo, hi) in zip((area, dc), self.ranges)):
            return self._full(world, size, theme, span_s, kinds, key)
        if shift > 0:
            self.surf.scroll(-shift, 0)
            self.surf.fill((0, 0, 0, 0), pygame.Rect(w - shift, 0, shift, size[1]))
            self.t_right += shift / px_per_s
        self._draw(world, theme, first, count, span_s, kinds)
        self.n = count

    def _full(self, world, size, theme, span_s, kinds, key) -> None:
        """Draw the whole window again: new ranges from the samples in it."""
        self.full_draws += 1
        self.key = key
        self.surf = pygame.Surface(size, pygame.SRCALPHA)
        t, area, dc = self.values(world.series, world.ledger.pm_initial_um2)
        self.t_right = float(t[-1])
        first = int(np.searchsorted(t, self.t_right - span_s * 1.05))
        self.ranges = [nice_range(float(area[first:].min()), float(area[first:].max()), 0.05),
                       nice_range(float(dc[first:].min()), float(dc[first:].max()), 0.5)]
        self._draw(world, theme, first, t.size, span_s, kinds)
        self.n = t.size

    def x_of(self, t: np.ndarray, span_s: float) -> np.ndarray:
        """Surface x (px, float) of simulated times t."""
        w = self.surf.get_width() if self.surf is not None else 1
        return w - 1 - (self.t_right - t) * (w / span_s)

    def _draw(self, world, theme: Theme, first: int, count: int, span_s: float, kinds: tuple[str, ...]) -> None:
        """Samples first..count-1: the two traces (from the sample before, so they join) and the event marks."""
        surf = self.surf
        assert surf is not None
        marks_h, area_box, dc_box = self.layout(surf.get_size(), len(kinds))
        s = world.series
        t, area, dc = self.values(s, world.ledger.pm_initial_um2)
        lo_i = max(first - 1, 0)
        x = self.x_of(t[lo_i:count], span_s)
        for vals, box, (lo, hi), colour in ((area, area_box, self.ranges[0], theme.delivered),
                                            (dc, dc_box, self.ranges[1], theme.cyto_leaflet)):
            y = box.bottom - 1 - (vals[lo_i:count] - lo) / (hi - lo) * (box.h - 2)
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
            for xi in self.x_of(t[lo_i:count][hit], span_s):  # a few marks per frame at most
                draw_mark(surf, mark_of(name), theme, (int(round(xi)), 1 + row * MARK_ROW_PX + MARK_ROW_PX // 2))


def mark_of(name: str) -> tuple[str, str]:
    """(shape, theme colour name) of an event's mark."""
    return next(((shape, colour) for key, shape, colour, *_ in MARKS if key == name), ("cross", "text"))


def colour_of(theme: Theme, name: str) -> tuple[int, int, int]:
    if name == "lumen_mark":  # MVB: a colour between the lumen and the text, visible on the panel
        return tuple(int(0.5 * (a + b)) for a, b in zip(theme.lumen, theme.text))  # type: ignore[return-value]
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


def chart_for(world) -> LiveChart:
    """The chart kept for a world (dropped with the world)."""
    chart = _charts.get(world)
    if chart is None:
        chart = _charts[world] = LiveChart()
    return chart


def kinds_for(world) -> tuple[str, ...]:
    """The marked event kinds this world counts, in MARKS order."""
    cells_only = () if world.turnover.cells else ("lysosome_exocytosis", "wound")
    return tuple(k for k, *_ in MARKS if k in world.events and k not in cells_only)


def chart_rect(view: tuple[int, int, int, int], margin: int) -> pygame.Rect:
    """Where the chart goes in a scene view: its lower right, about 45 % wide and 40 % tall."""
    vx, vy, vw, vh = view
    w = min(vw - 2 * margin, max(320, int(0.45 * vw)))
    h = min(vh - 2 * margin, max(200, int(0.40 * vh)))
    return pygame.Rect(vx + vw - margin - w, vy + vh - margin - h, w, h)
