"""The compare view's numbers: what one release adds to the plasma membrane in each panel (like with like), and
one shared chart strip under the panels (each mechanism's area change on its own clock, one µm² scale)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz import experiment_text
from exoviz.figures import releases
from exoviz.i18n import _
from exoviz.modes import spec
from exoviz.readouts import NB, sim_clock
from exoviz.render import hud
from exoviz.render.chart import nice_range

if TYPE_CHECKING:
    from exoviz.sim.world import World

# The releases counted are figures.RELEASES (a kiss counts: it adds no membrane); SOURCES: the ledger's entries
# of the membrane they add.
SOURCES = {"full-fusion": ("full_fusion",), "kiss-and-run": ("full_fusion", "kiss_and_run"),
           "exosome": ("mvb_fusion",)}
LINE_STYLES = ("solid", "dashed", "dotted")  # one per panel, so the traces differ by more than colour
PAD = 6


def per_release(world: World) -> tuple[float, int]:
    """(plasma membrane added per release so far, µm²; releases so far) of the world's own mode."""
    mode = world.params.mode
    n = releases(world)
    added = sum(world.ledger.added_by.get(k, 0.0) for k in SOURCES[mode])
    return (added / n if n else 0.0), n


def bar_text(world: World, latency: bool = True) -> str:
    """The panel's bar: membrane added per release, and (latency: control beside treatment, where a Ca²⁺ sensor
    may be what differs) the synchronous and asynchronous releases; the three mechanisms' panels leave them out."""
    each, n = per_release(world)
    if n == 0:
        return _("no release yet · t = {t}").format(t=sim_clock(world.t))
    text = _("+{a:.3f}{nb}µm² per release ({n} in {t})").format(a=each, nb=NB, n=n, t=sim_clock(world.t))
    mv = world.machinery_view()
    if latency and mv.synchronous + mv.asynchronous:  # regulated release sites: the fast and the slow sensor's share
        # pores opened, not releases: a β-cell's transient fusions reseal uncounted as releases, so the two may differ
        text += " · " + _("pores opened: {sync} synchronous (< {a:g} ms), {asyn} asynchronous").format(
            sync=mv.synchronous, a=mv.sync_ms, asyn=mv.asynchronous)
    return text


def _styled(screen: pygame.Surface, colour, pts: np.ndarray, style: str, width: int) -> None:
    """A polyline in a line style: solid, dashed (8 on, 6 off) or dotted (a dot every 6 px)."""
    if len(pts) < 2:
        return
    if style == "solid":
        pygame.draw.lines(screen, colour, False, pts.tolist(), width)
        return
    seg = np.hypot(*np.diff(pts, axis=0).T)
    s = np.r_[0.0, np.cumsum(seg)]
    period, on = (14.0, 8.0) if style == "dashed" else (6.0, 0.0)
    marks = np.arange(0.0, s[-1], period)
    xs, ys = np.interp(marks, s, pts[:, 0]), np.interp(marks, s, pts[:, 1])
    if style == "dotted":
        for x, y in zip(xs, ys, strict=True):  # a dot every 6 px of a strip a few hundred px wide
            pygame.draw.circle(screen, colour, (x, y), width)
        return
    xe, ye = np.interp(marks + on, s, pts[:, 0]), np.interp(marks + on, s, pts[:, 1])
    for a, b, c, d in zip(xs, ys, xe, ye, strict=True):
        pygame.draw.line(screen, colour, (a, b), (c, d), width)


def bench_lines(treated, small: int, big: int) -> list[tuple[str, int, bool]]:
    """The column of the control-beside-treatment view: what it is, and the treatment's target, what real cells
    show and the source."""
    return [(_("Control beside treatment"), big, True),
            (_("Same cell and seed from t = 0, each half with its own random generator: they differ by the "
               "treatment. S stimulates both."), small, False),
            *((line, small, False) for line in experiment_text.strip_notes(treated))]


def draw_strip(screen: pygame.Surface, renderer, worlds: list, rect: pygame.Rect,
               labels: list[str] | None = None, filled: bool = False) -> list[pygame.Rect]:
    """One chart under the panels: for each mechanism a row with its area change against its own simulated time
    (its clock written at the row's end); one value scale for all rows. labels: control beside treatment, the rows'
    names (each with its releases so far). filled: the rect is already filled with the panel colour (the window's
    compare frame), so the translucent box over it would change no pixel: only its outline is drawn. Returns the
    text boxes drawn."""
    th, text = renderer.theme, renderer.text
    if not filled:
        hud.panel(screen, rect, th)
    elif th.outline:
        pygame.draw.rect(screen, th.text_dim, rect, 1)
    px = max(9, renderer.font_px(12, screen.get_height()))
    lh = text.line_height(px)
    series = []
    for w in worlds:
        t = np.asarray(w.series["t_s"], dtype=float)
        area = np.asarray(w.series["plasma_membrane_um2"], dtype=float) - w.ledger.pm_initial_um2
        series.append((t, area))
    every = np.concatenate([a for _t, a in series] + [np.zeros(1)])
    lo, hi = nice_range(float(every.min()), float(every.max()), 0.05)
    title = _("Plasma membrane change in each panel: one scale, {lo:+.2f} to {hi:+.2f}{nb}µm²; each on its own "
              "clock").format(lo=lo, hi=hi, nb=NB)
    boxes = [hud.text_block(screen, text, [(title, px, True)], rect.topleft, th, "topleft", pad=PAD, max_w=rect.w,
                            box=False)]
    rows_top = boxes[0].bottom
    row_h = max(lh + 8, (rect.bottom - PAD - rows_top) // max(len(worlds), 1))
    names = ([f"{label} · {_('releases')} {per_release(w)[1]}" for label, w in zip(labels, worlds)] if labels
             else [_(spec(w.params.mode).label) for w in worlds])
    clocks = [sim_clock(w.t) for w in worlds]
    label_w = min(rect.w // (2 if labels else 3), max(text.size(n, px, True)[0] for n in names) + 2 * PAD)
    clock_w = max(text.size(c, px)[0] for c in clocks) + PAD
    for k, (t, area) in enumerate(series):
        row = pygame.Rect(rect.x + PAD, rows_top + k * row_h, rect.w - 2 * PAD, row_h - 4)
        plot = pygame.Rect(row.x + label_w, row.y, row.w - label_w - clock_w, row.h)
        if plot.w < 30 or plot.h < 8:
            continue
        colour = (th.delivered, th.cargo, th.cyto_leaflet)[k % 3]
        zero_y = plot.bottom - 1 - (0.0 - lo) / (hi - lo) * (plot.h - 2)
        pygame.draw.line(screen, th.text_dim, (plot.x, zero_y), (plot.right, zero_y), 1)
        if t.size >= 2 and t[-1] > 0:
            cols = np.unique(np.linspace(0, t.size - 1, min(t.size, 2 * plot.w)).astype(int))
            x = plot.x + t[cols] / t[-1] * (plot.w - 1)
            y = plot.bottom - 1 - (area[cols] - lo) / (hi - lo) * (plot.h - 2)
            _styled(screen, colour, np.stack([x, y], axis=1), LINE_STYLES[k % 3], 2 + th.outline)
        name = text.render(names[k], px, colour, True)
        screen.blit(name, (row.x, row.centery - lh // 2))
        boxes.append(name.get_rect(topleft=(row.x, row.centery - lh // 2)))
        clock = text.render(clocks[k], px, th.text_dim, False)
        boxes.append(screen.blit(clock, (plot.right + PAD, row.centery - lh // 2)))
    return boxes
