"""The amperometry strip (the shared trace strip when an electrode is placed): the current in pA against ms, each
event marked (full fusion ▼, transient ○), the membrane capacitance and a marked TIRF region's ΔF/F0
(render/tirf_trace.py) on the same time axis below it, and the latest event magnified with its foot and spike;
and the carbon fibre drawn on the cell. Reads World's amperometry_view() only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import _
from exoviz.render import hud
from exoviz.render.overlays import TRACES, Overlay
from exoviz.render.theme import GREY, ORANGE, SKY, Theme, mix
from exoviz.render.tirf_trace import draw_row
from exoviz.sim.amperometry import FIBRE_RADIUS_UM, AmperometryView, AmpEvent
from exoviz.sim.phluorin import TirfView

if TYPE_CHECKING:
    from exoviz.sim.world import World

WINDOW_S = 2.0  # the scrolling trace shows the last 2 s (simulated)
ZOOM_S = 0.06  # the latest event, magnified: from ZOOM_LEAD_S before its pore opened, this long (a 1-10 ms foot
ZOOM_LEAD_S = 0.005  # then spans 2-17 % of the box; the spike's decay has run its course by the right edge)
ZOOM_FOOT_S = 0.02  # a stand-alone foot (a transient fusion) magnified: 1-10 ms in 20
SHARES = ((0.62, 0.42), (0.52, 0.36), (0.44, 0.30))  # the strip's sizes, share of the view (w, h)
BESIDE_TIRF = ((0.5, 0.42), (0.44, 0.36), (0.38, 0.30))  # narrower, so the TIRF panel fits beside it
MIN = (300, 170)
PAD = 6
HIT_PX = 8  # a click this close to an event's mark picks it


@dataclass
class Drawn:
    """Where the last frame drew the scrolling trace and its events' marks (x px, event), for a click on a spike."""

    trace: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    marks: list[tuple[int, AmpEvent]] = field(default_factory=list)


LAST = Drawn()


def event_at(pos: tuple[int, int]) -> AmpEvent | None:
    """The event whose mark or spike is under a screen point in the last drawn strip, or None."""
    if not LAST.trace.inflate(0, 2 * HIT_PX).collidepoint(pos) or not LAST.marks:
        return None
    x, e = min(LAST.marks, key=lambda m: abs(m[0] - pos[0]))
    return e if abs(x - pos[0]) <= HIT_PX else None


def overlay(renderer, world: World, vw: int, vh: int, cap: bool, tirf: bool = False, uid: int = -1,
            region: TirfView | None = None) -> Overlay | None:
    """The strip's placement request (bottom first: the cell's surface and the fibre sit at the top); narrower
    with the TIRF panel on, which goes beside it (both below the docked granules' membrane row). uid: the body
    followed or highlighted (the close-up's): its event is the one magnified, when the electrode saw one. region:
    the marked TIRF region's view (its ΔF/F0 joins the strip as a row on the same time axis)."""
    view = world.amperometry_view()
    if view is None:
        return None
    sizes = [(min(vw - 32, max(MIN[0], int(sw * vw))), min(vh - 32, max(MIN[1], int(sh * vh))))
             for sw, sh in (BESIDE_TIRF if tirf else SHARES)]
    if sizes[-1][0] < MIN[0] // 2 or sizes[-1][1] < MIN[1] // 2:
        return None

    def draw(surface: pygame.Surface, rect: pygame.Rect, _k: int) -> None:
        draw_strip(surface, renderer, view, world.t, rect, cap, uid, region)

    return Overlay(TRACES, sorted(set(sizes), reverse=True), ("bottomleft", "bottomright", "midbottom"), draw)


def _envelope(y: np.ndarray, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of y in each of cols columns (so a spike of one sample still shows)."""
    if y.size == 0:
        return np.zeros(cols), np.zeros(cols)
    edges = np.linspace(0, y.size, cols + 1).astype(np.int64)
    edges[1:] = np.maximum(edges[1:], edges[:-1] + 1)
    edges = np.minimum(edges, y.size)
    starts = np.minimum(edges[:-1], y.size - 1)
    return np.minimum.reduceat(y, starts), np.maximum.reduceat(y, starts)


def _plot(screen: pygame.Surface, box: pygame.Rect, y: np.ndarray, lo: float, hi: float, colour) -> None:
    """A min/max envelope of y across box (one vertical line per column)."""
    if box.w < 4 or box.h < 4 or y.size < 2:
        return
    mn, mx = _envelope(y, box.w)
    scale = box.h / max(hi - lo, 1e-9)
    top = np.clip(box.bottom - (mx - lo) * scale, box.top, box.bottom).astype(int)
    bot = np.clip(box.bottom - (mn - lo) * scale, box.top, box.bottom).astype(int)
    for i in range(box.w):  # one column of pixels each (a few hundred)
        pygame.draw.line(screen, colour, (box.x + i, top[i]), (box.x + i, bot[i] + 1))


def _text(screen, renderer, s: str, px: int, colour, at: tuple[int, int], anchor: str = "topleft") -> pygame.Rect:
    img = renderer.text.render(s, px, colour, False)
    r = img.get_rect(**{anchor: at})
    screen.blit(img, r)
    return r


def _mark(screen: pygame.Surface, e: AmpEvent, x: int, y: int, r: int) -> None:
    if e.kind == "full":  # ▼ filled
        pygame.draw.polygon(screen, ORANGE, [(x - r, y - r), (x + r, y - r), (x, y + r)])
    else:  # ○ open
        pygame.draw.circle(screen, SKY, (x, y), r, 2)


def draw_strip(screen: pygame.Surface, renderer, view: AmperometryView, now: float, rect: pygame.Rect,
               cap: bool, uid: int = -1, region: TirfView | None = None) -> None:
    """The panel: title, key, the scrolling trace with its marks, the capacitance and the TIRF region's ΔF/F0 below
    it on the same time axis, and zoomed the event of body uid (the followed or highlighted one) if the electrode
    saw it, else the latest."""
    th: Theme = renderer.theme
    hud.panel(screen, rect, th)
    h = screen.get_height()
    px, small = renderer.font_px(14, h), renderer.font_px(12, h)
    lh = renderer.text.line_height(px)
    title = _("Amperometry: carbon fibre at {x:.1f} µm · {n} events").format(x=view.x_um, n=len(view.events))
    _text(screen, renderer, title, px, th.text, (rect.x + PAD, rect.y + PAD))
    key = _("▼ full fusion (foot + spike)  ○ transient (foot)")  # short: the zoom's label sits at its end
    _text(screen, renderer, key, small, th.text_dim, (rect.x + PAD, rect.y + PAD + lh))
    body = pygame.Rect(rect.x + PAD + 4 * small, rect.y + PAD + 2 * lh + 6, 0, 0)
    body.w = int(0.66 * (rect.w - 2 * PAD)) - 4 * small
    inside = rect.x + PAD + renderer.text.size(key, small)[0] + PAD > body.right + 3 * PAD  # zoom label in its box
    axis = _("time, ms (last {s:.0f} ms) · spike kinetics: Wightman et al. 1991; Mosharov & Sulzer 2005").format(
        s=min(now, WINDOW_S) * 1e3)
    foot_lines = hud.wrap(renderer.text, axis, small, False, rect.w - 2 * PAD)
    body.h = rect.bottom - PAD - len(foot_lines) * renderer.text.line_height(small) - body.y
    cap_h = int((0.24 if region is not None else 0.3) * body.h) if cap and view.cap_ff.size else 0
    row_h = int(0.32 * body.h) if region is not None else 0
    trace = pygame.Rect(body.x, body.y, body.w, body.h - cap_h - (6 if cap_h else 0) - row_h - (6 if row_h else 0))
    t0 = max(0.0, now - WINDOW_S)
    i0, i1 = int(t0 / view.bin_s), view.current_pa.size
    y = view.current_pa[i0:i1]
    hi = max(20.0, float(y.max()) * 1.1 if y.size else 20.0)
    lo = -0.1 * hi
    pygame.draw.rect(screen, mix(th.text_dim, th.ecf, 0.7), trace, 1)
    _plot(screen, trace, y, lo, hi, th.text)
    _text(screen, renderer, f"{hi:.0f} pA", small, th.text_dim, (trace.x - 2, trace.y), "topright")
    _text(screen, renderer, "0", small, th.text_dim, (trace.x - 2, int(trace.bottom - (0 - lo) * trace.h / (hi - lo))),
          "midright")
    span = max(now - t0, view.bin_s)
    LAST.trace, LAST.marks = pygame.Rect(trace), []
    for e in view.events:
        if e.start_s >= t0:
            x = int(trace.x + (e.start_s + e.foot_s - t0) / span * trace.w)
            _mark(screen, e, x, trace.y + 6, 5)
            LAST.marks.append((x, e))
    if cap_h:
        _cap(screen, renderer, view, pygame.Rect(trace.x, trace.bottom + 6, trace.w, cap_h), t0, now, small)
    if region is not None:
        draw_row(screen, renderer, region, pygame.Rect(trace.x, body.bottom - row_h, trace.w, row_h), small, t0, now)
    yy = body.bottom
    for piece in foot_lines:
        yy = _text(screen, renderer, piece, small, th.text_dim, (rect.x + PAD, yy)).bottom
    if view.events:
        lines = 4 * renderer.text.line_height(small)
        words = body.h - lines >= 40  # room for the event's numbers under it
        zoom = pygame.Rect(body.right + 3 * PAD, body.y, rect.right - PAD - body.right - 3 * PAD,
                           body.h - lines if words else body.h)
        own = [e for e in view.events if e.uid == uid]
        _zoom(screen, renderer, view, (own or list(view.events))[-1], zoom, small, words, inside, bool(own))


def _cap(screen, renderer, view: AmperometryView, box: pygame.Rect, t0: float, now: float, px: int) -> None:
    """The capacitance change (fF) on the same time axis: a lasting step per full fusion, a flicker per kiss."""
    th = renderer.theme
    k0 = int(max(0.0, t0 - view.cap_t0) / max(view.cap_dt, 1e-9))
    c = view.cap_ff[k0:]
    if c.size < 2:
        return
    lo, hi = float(c.min()), float(c.max())
    pad = max(1.0, 0.15 * (hi - lo))
    pygame.draw.rect(screen, mix(th.text_dim, th.ecf, 0.7), box, 1)
    _plot(screen, box, np.repeat(c, 8), lo - pad, hi + pad, ORANGE)
    _text(screen, renderer, _("ΔC {v:+.1f} fF").format(v=float(c[-1])), px, ORANGE, (box.x + 3, box.y + 1))


def _zoom(screen, renderer, view: AmperometryView, e: AmpEvent, box: pygame.Rect, px: int, words: bool,
          inside: bool = False, own: bool = False) -> None:
    """An event magnified (the latest, or own: the followed body's): the foot shaded for as long as the pore stayed
    narrow, then the spike; its label above the box (inside it, at its top left, when the key needs that room)."""
    th = renderer.theme
    if box.w < 40 or box.h < 30:
        return
    full = e.kind == "full"
    zoom_s = ZOOM_S if full else ZOOM_FOOT_S  # a stand-alone foot: a few ms, magnified further
    start = e.start_s - ZOOM_LEAD_S
    i0 = max(0, int(start / view.bin_s))
    y = view.current_pa[i0: i0 + int(zoom_s / view.bin_s)]
    hi = max(5.0, e.peak_pa * 1.15, float(y.max(initial=0.0)) * 1.05)  # an overlapping event stays inside
    lo = -0.1 * hi
    foot_x0 = box.x + int(ZOOM_LEAD_S / zoom_s * box.w)
    foot_w = max(1, int(e.foot_s / zoom_s * box.w))
    shade = pygame.Surface((min(foot_w, box.right - foot_x0), box.h), pygame.SRCALPHA)
    shade.fill((*SKY, 60))
    screen.blit(shade, (foot_x0, box.y))
    pygame.draw.rect(screen, mix(th.text_dim, th.ecf, 0.7), box, 1)
    _plot(screen, box, y, lo, hi, th.text)
    kind = _("full fusion") if e.kind == "full" else _("transient")
    label = _("#{uid}: {kind}").format(uid=e.uid, kind=kind) if own else _("latest: {kind}").format(kind=kind)
    span = _("{ms:.0f} ms").format(ms=zoom_s * 1e3)
    if inside and renderer.text.size(f"{label} · {span}", px)[0] <= box.w - 6:  # one line at the box's top left
        label = f"{label} · {span}"
    _text(screen, renderer, label, px, th.text, (box.x + 3, box.y + 2) if inside else (box.x, box.y - 2),
          "topleft" if inside else "bottomleft")
    lines = [_("foot {f:.1f} ms (pore narrow)").format(f=e.foot_s * 1e3),
             _("peak {p:.1f} pA").format(p=e.peak_pa)]
    if full:
        lines.append(_("half-width {w:.1f} ms").format(w=e.half_width_ms))
    charge = _("Q {q:.3g} pC = 2e × {n:.2g} molecules").format(q=e.charge_pc, n=e.reached)
    if renderer.text.size(charge, px)[0] > box.w + PAD:  # the numbers alone where the sentence would overflow
        charge = _("Q {q:.3g} pC").format(q=e.charge_pc)
    lines.append(charge)
    yy = box.bottom + 2
    for s in lines if words else ():
        r = _text(screen, renderer, s, px, th.text_dim, (box.x, yy))
        yy = r.bottom
    if not inside:
        _text(screen, renderer, span, px, th.text_dim, (box.right - 3, box.y + 2), "topright")


def draw_electrode(screen: pygame.Surface, cam: Camera, world: World, th: Theme, text, px: int) -> None:
    """The carbon fibre: a dark cylinder standing on the cell's surface at its x, its face a thin film above it."""
    view = world.amperometry_view()
    if view is None:
        return
    sc = world.scene
    x0 = cam.x_to_screen((view.x_um - FIBRE_RADIUS_UM) * 1e3)
    x1 = cam.x_to_screen((view.x_um + FIBRE_RADIUS_UM) * 1e3)
    face = cam.y_to_screen(sc.membrane_outer_y - 300.0)  # the 0.3 µm film between the face and the membrane
    top = cam.view[1] - 10
    r = pygame.Rect(int(x0), int(top), max(2, int(x1 - x0)), max(2, int(face - top)))
    body = pygame.Surface(r.size, pygame.SRCALPHA)
    body.fill((*mix(GREY, (20, 20, 20), 0.6), 170))
    screen.blit(body, r)
    pygame.draw.rect(screen, GREY, r, 2)
    pygame.draw.line(screen, ORANGE, (r.x, r.bottom - 1), (r.right, r.bottom - 1), 3)  # the oxidizing face
    img = text.render(_("carbon fibre (5 µm), +700 mV"), px, th.text, True)
    screen.blit(img, img.get_rect(midtop=(r.centerx, cam.view[1] + 6)))  # at its top, clear of the labels below
