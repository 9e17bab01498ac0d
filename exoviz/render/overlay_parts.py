"""The requests of the overlays the Renderer draws over the scene (render/overlays.py places them): the clock as
one compact line, the scale bar, the shared trace strip (the amperometry current, else the live chart, else the TIRF
region's trace alone; the region's trace joins whichever it is), the internalized-membrane counter and the message."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from exoviz.camera import Camera
from exoviz.i18n import _
from exoviz.readouts import playback_factor, sim_clock
from exoviz.render import amp_trace, hud, kymograph, tirf_trace
from exoviz.render.chart_frame import draw_chart
from exoviz.render.overlays import CLOCK, COUNTER, MESSAGE, SCALE_BAR, TRACES, Overlay
from exoviz.render.panel import clock_lines
from exoviz.render.text import TextCache
from exoviz.sim.phluorin import TirfView

if TYPE_CHECKING:
    from exoviz.sim.world import World

Lines = list[tuple[str, int, bool]]
PAD = 8
CHART_SHARES = ((0.45, 0.40), (0.38, 0.34), (0.32, 0.28))  # the chart's sizes, share of the view (w, h)
CHART_MIN = (260, 170)  # px: below this the chart's plots cannot be read
CLOCK_SHARE = 0.6  # the in-scene clock is one line no wider than this share of the scene
MESSAGE_SHARES = (0.6, 0.45, 0.34)  # the message's widths, share of the view (it wraps to more lines)


def block_size(text: TextCache, lines: Lines, max_w: int, pad: int = PAD) -> tuple[int, int]:
    """(w, h) px that hud.text_block takes for lines wrapped to max_w (0: no wrapping)."""
    inner = max_w - 2 * pad if max_w else 0
    pieces = [(p, size, bold) for s, size, bold in lines if s for p in text.wrap(s, size, bold, inner)]
    if not pieces:
        return 0, 0
    w = max(text.size(p, size, bold)[0] for p, size, bold in pieces) + 2 * pad
    return w, sum(text.line_height(size, bold) for _p, size, bold in pieces) + 2 * pad


def text_overlay(name: str, renderer, screen: pygame.Surface, variants: list[tuple[Lines, int]],
           places: tuple[str, ...]) -> Overlay | None:
    """A boxed text overlay with one size per (lines, max width) variant."""
    text, th = renderer.text, renderer.theme
    sizes = [block_size(text, lines, max_w) for lines, max_w in variants]
    if not any(w for w, _h in sizes):
        return None

    def draw(surface: pygame.Surface, rect: pygame.Rect, k: int) -> None:
        lines, max_w = variants[k]
        hud.text_block(surface, text, lines, rect.topleft, th, "topleft", max_w=max_w, min_w=rect.w)

    return Overlay(name, sizes, places, draw)


def clock_line(world: World, state, px: int) -> Lines:
    """The clock as one line: simulated time · playback factor · playing or paused (what is compressed beyond
    the playback factor is the disclosure line's)."""
    lines = clock_lines(world, state, px, px, px, shortened=False)
    return [(" · ".join(s for s, _size, _bold in lines if s), px, True)]


def short_clock_line(world: World, state, px: int) -> Lines:
    """The clock in the fewest words, for a narrow scene: 't = 5.88 s · × 1 · PAUSED' (the panel, the caption
    strip and the disclosure line say the rest)."""
    factor = playback_factor(world.time_scale, state.speed).split(" (")[0]
    parts = [_("t = {t}").format(t=sim_clock(world.t)), factor]
    if state.paused:
        parts.append(_("PAUSED"))
    return [(" · ".join(parts), px, True)]


def clock_variants(text: TextCache, world: World, state, fonts: list[int], vw: int) -> list[tuple[Lines, int]]:
    """The clock's sizes, largest first: the whole line, then the short one, each on ONE line no wider than
    CLOCK_SHARE of the scene (a clock that wraps to three lines would cover the scene it times); the short
    line at the smallest font is kept whatever its width, so the time is always shown."""
    out: list[tuple[Lines, int]] = []
    for make in (clock_line, short_clock_line):
        for px in fonts:
            lines = make(world, state, px)
            if block_size(text, lines, 0)[0] <= CLOCK_SHARE * vw:
                out.append((lines, 0))
    return out or [(short_clock_line(world, state, fonts[-1]), 0)]


def subject_uid(state) -> int:
    """The body the view is about: the one followed, else the highlighted one (or where it merged); -1: none."""
    if state.follow_uid >= 0:
        return int(state.follow_uid)
    spot = state.spotlight
    return -1 if spot is None else int(spot.uid if spot.uid >= 0 else spot.site_uid)


def requests(renderer, screen: pygame.Surface, world: World, cam: Camera, layers, state,
             in_scene_clock: bool, main: bool = True) -> list[Overlay]:
    """Every overlay the Renderer itself draws over the view `cam.view`, as placement requests (main: False for
    the close-up's inset, which shows the scene only: the trace strip is the main view's)."""
    h = screen.get_height()
    vw, vh = cam.view[2], cam.view[3]
    out: list[Overlay | None] = []
    if in_scene_clock and layers.clock:
        fonts = [renderer.font_px(b, h) for b in (16, 14, 12)]  # compact: below the caption's text
        out.append(text_overlay(CLOCK, renderer, screen, clock_variants(renderer.text, world, state, fonts, vw),
                                ("topright", "topleft", "bottomright", "midtop")))
    if layers.scale_bar:
        out.append(_scale_bar(renderer, cam, renderer.font_px(17, h)))
    if main:
        renderer.tirf_row = None  # drawn anew by the strip, if it has the row
    if main and vw > 120 and vh > 120:
        out.append(_strip(renderer, world, vw, vh, layers, state))
    if layers.tirf and vw > 120 and vh > 120:
        out.append(kymograph.request(renderer, world, vw, vh))
    tv = world.turnover_view()
    if world.params.cell_spec.counter and tv.cells:
        # sized by the view (a compare half is a third of the window high): low places first, the membrane and
        # its pits are at the top
        k = min(1.0, max(0.6, vh / (0.55 * h)))
        variants = []
        for big, small, share in ((22, 15, 0.5), (22, 15, 0.35), (15, 12, 0.7)):
            lines = [(_("Membrane internalized: {p:.0f} % of the surface").format(p=100 * tv.internalized),
                      renderer.font_px(round(big * k), h), True)]
            if tv.full_at is not None:
                lines.append((_("100 % reached at t = {t} (measured in this run)").format(
                    t=sim_clock(tv.full_at)), renderer.font_px(round(small * k), h), False))
            variants.append((lines, int(share * vw)))
        out.append(text_overlay(COUNTER, renderer, screen, variants,
                                ("bottomleft", "bottomright", "topleft", "topright", "midtop")))
    if state.message:
        body = renderer.font_px(17, h)
        out.append(text_overlay(MESSAGE, renderer, screen, [([(state.message, body, True)], int(k * vw))
                                                      for k in MESSAGE_SHARES],
                          ("midtop", "topleft", "midbottom", "topright", "bottomleft", "bottomright")))
    return [o for o in out if o is not None]


def _strip(renderer, world: World, vw: int, vh: int, layers, state) -> Overlay | None:
    """The shared trace strip: the amperometry current with an electrode placed, else the live chart (G), else a
    marked TIRF region's trace alone; a marked region's ΔF/F0 joins the first two as a row on their time axis."""
    region = tirf_trace.shown(world, layers.tirf)
    if world.amperometry_view() is not None:
        return amp_trace.overlay(renderer, world, vw, vh, layers.chart, layers.tirf, subject_uid(state), region)
    if layers.chart:
        return _chart(renderer, world, vw, vh, state.chart_ref, region)
    return None if region is None else tirf_trace.overlay(renderer, world, region, vw, vh)


def _scale_bar(renderer, cam: Camera, px: int) -> Overlay:
    length = hud.nice_length(cam.scale, 0.12 * cam.view[2])
    label = renderer.text.size(hud.format_nm(length), px, True)
    size = (max(int(round(length * cam.scale)), label[0]) + 16, label[1] + 16)

    def draw(surface: pygame.Surface, rect: pygame.Rect, _k: int) -> None:
        hud.scale_bar(surface, cam, renderer.text, renderer.theme, rect.bottomleft, px)

    return Overlay(SCALE_BAR, [size], ("bottomleft", "bottomright", "topleft", "topright"), draw)


def _chart(renderer, world: World, vw: int, vh: int, ref=None, region: TirfView | None = None) -> Overlay | None:
    sizes = [(min(vw - 4 * PAD, max(CHART_MIN[0], int(sw * vw))), min(vh - 4 * PAD, max(CHART_MIN[1], int(sh * vh))))
             for sw, sh in CHART_SHARES]
    if sizes[-1][0] < CHART_MIN[0] // 2 or sizes[-1][1] < CHART_MIN[1] // 2:
        return None

    def draw(surface: pygame.Surface, rect: pygame.Rect, _k: int) -> None:
        draw_chart(surface, renderer, world, rect, ref, region)

    return Overlay(TRACES, sorted(set(sizes), reverse=True), ("bottomright", "bottomleft", "topright", "topleft"),
                   draw)
