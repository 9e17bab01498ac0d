"""The TIRF panel (key O, --tirf): the pHluorin kymograph (time across, position along the plasma membrane up the
side) with the marked region (its ΔF/F0 trace goes into the shared trace strip: render/tirf_trace.py). It is one
overlay (overlays.TIRF), so the layout keeps it off the subject."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.i18n import _
from exoviz.readouts import NB
from exoviz.render import hud
from exoviz.render.overlays import TIRF, Overlay
from exoviz.render.tirf_trace import span_text
from exoviz.sim import phluorin as ph
from exoviz.sim.phluorin import TirfView

if TYPE_CHECKING:
    from exoviz.sim.world import World

PAD = 6
SHARES = ((0.46, 0.62), (0.42, 0.5), (0.36, 0.42))  # the panel's sizes, share of the view (w, h)
MIN = (240, 150)  # px: below this the kymograph cannot be read
GAMMA = 0.6  # brightness shown = ((F - floor) / (brightest - floor)) ** GAMMA: a dark vesicle shows dim, not black
FLOOR_PERCENTILE = 5.0  # the display range starts at this percentile of F in view (the resting level: black)


def colours(values: np.ndarray, dark_bg: bool) -> np.ndarray:
    """A GFP-like ramp by brightness alone (black, green, white on dark; white, green, black on light), so it
    reads in any colour vision: (..., 3) uint8 for values 0..1."""
    v = np.clip(values, 0.0, 1.0)[..., None]
    lo = np.array((0, 0, 0) if dark_bg else (255, 255, 255), float)
    mid = np.array((0, 180, 90), float)
    hi = np.array((235, 255, 235) if dark_bg else (0, 40, 20), float)
    out = np.where(v < 0.5, lo + (mid - lo) * (2 * v), mid + (hi - mid) * (2 * v - 1))
    return out.astype(np.uint8)


def request(renderer, world: World, vw: int, vh: int) -> Overlay | None:
    """The TIRF panel's placement request (None when the view is too small for it)."""
    sizes = [(min(vw - 4 * PAD, max(MIN[0], int(sw * vw))), min(vh - 4 * PAD, max(MIN[1], int(sh * vh))))
             for sw, sh in SHARES]
    if sizes[-1][0] < MIN[0] // 2 or sizes[-1][1] < MIN[1] // 2:
        return None

    def draw(surface: pygame.Surface, rect: pygame.Rect, _k: int) -> None:
        draw_panel(surface, renderer, world, rect)

    return Overlay(TIRF, sorted(set(sizes), reverse=True), ("bottomright", "bottomleft", "topright", "topleft"),
                   draw)


def facts(world: World) -> str:
    """The figures the picture rests on, in one line (with the re-acidification in playback time)."""
    tau_play = ph.TAU_S / max(world.time_scale, 1e-9)
    return _("fluorescence within the ~{f:.0f}{nb}nm evanescent field; ×{r:.0f} brighter at pH 7.4 than 5.5; "
             "re-acidifies with τ {tau:g}{nb}s ({p:.3g}{nb}s of playback here); in the membrane it spreads with "
             "D {d:g}{nb}µm²/s and is taken back in with τ {e:g}{nb}s").format(
        f=ph.FIELD_NM, nb=NB, r=ph.RATIO, tau=ph.TAU_S, p=tau_play, d=ph.D_NM2_S / 1e6, e=ph.RETRIEVE_S)


def short_facts() -> str:
    """The figures in a few words, for a small panel."""
    return _("field ~{f:.0f}{nb}nm · ×{r:.0f} at pH 7.4 · τ {tau:g}{nb}s · D {d:g}{nb}µm²/s").format(
        f=ph.FIELD_NM, nb=NB, r=ph.RATIO, tau=ph.TAU_S, d=ph.D_NM2_S / 1e6)


def draw_panel(screen: pygame.Surface, renderer, world: World, rect: pygame.Rect) -> None:
    """Title, what it rests on and the kymograph, in rect."""
    th, text = renderer.theme, renderer.text
    hud.panel(screen, rect, th)
    small = max(9, renderer.font_px(12, screen.get_height()))
    tv = world.tirf_view()
    title = _("pHluorin in TIRF ({probe})").format(probe=tv.probe)
    y = hud.wrapped_text(renderer, title, small, True, rect.w - 2 * PAD, th.text, screen, rect.x + PAD, rect.y + PAD)
    probe = pygame.Surface((1, 1))
    for about in (facts(world), short_facts()):  # the figures, in full if there is room, else in short
        w = rect.w - 2 * PAD
        if hud.wrapped_text(renderer, about, small, False, w, th.text_dim, probe, 0, y) - rect.y < 0.4 * rect.h:
            y = hud.wrapped_text(renderer, about, small, False, w, th.text_dim, screen, rect.x + PAD, y)
            break
    line = text.line_height(small)
    left_w = text.size("00.0", small)[0] + PAD
    body = pygame.Rect(rect.x + PAD + left_w, y + 2, rect.w - 2 * PAD - left_w, rect.bottom - PAD - line - y - 4)
    if body.w < 40 or body.h < 40:
        return
    kymo = body.copy()
    _kymograph(screen, renderer, tv, kymo, th.name == "dark", small)
    renderer.tirf_plot = (kymo.copy(), float(tv.x_um[-1] + tv.x_um[0]) if tv.x_um.size else 0.0)
    _time_axis(screen, renderer, tv, body, small)


def _kymograph(screen: pygame.Surface, renderer, tv: TirfView, box: pygame.Rect, dark: bool, px: int) -> None:
    th, text = renderer.theme, renderer.text
    pygame.draw.rect(screen, th.text_dim, box, 1)
    if tv.kymo.shape[0] == 0:
        return
    lo, hi = float(np.percentile(tv.kymo, FLOOR_PERCENTILE)), float(tv.kymo.max())  # the display range
    shown = (np.maximum(tv.kymo - lo, 0.0) / max(hi - lo, 1e-12)) ** GAMMA
    rgb = colours(shown, dark)  # (t, x, 3): time across, membrane position up the side
    img = pygame.surfarray.make_surface(np.ascontiguousarray(rgb[:, ::-1]))
    filled = max(1, int(box.w * tv.kymo.shape[0] / ph.HISTORY))
    screen.blit(pygame.transform.scale(img, (filled, box.h - 2)), (box.right - 1 - filled, box.y + 1))
    width_um = float(tv.x_um[-1] + tv.x_um[0])
    for value, yy in ((width_um, box.top), (0.0, box.bottom - text.line_height(px))):
        s = text.render(f"{value:.0f}" if width_um >= 4 else f"{value:.1f}", px, th.text, False)
        screen.blit(s, (box.x - s.get_width() - 3, yy))
    screen.blit(text.render(_("x along the membrane (µm)"), px, th.text_dim, False), (box.x + 4, box.y + 2))
    if tv.region is not None:
        y0, y1 = (box.bottom - int(box.h * min(max(v, 0.0), width_um) / width_um) for v in tv.region)
        band = pygame.Rect(box.x, min(y0, y1), box.w, max(2, abs(y1 - y0)))
        pygame.draw.rect(screen, th.highlight, band, 1)
        pygame.draw.line(screen, th.highlight, (box.x, band.centery), (box.x + 6, band.centery), 2)
    _flash_ticks(screen, th, tv, box)


def _flash_ticks(screen: pygame.Surface, th, tv: TirfView, box: pygame.Rect) -> None:
    """A small tick under the kymograph at each flash (its pore's opening), in the kymograph's time span."""
    if tv.t_s.size < 2 or tv.events.shape[0] == 0:
        return
    t0, t1 = float(tv.t_s[0]), float(tv.t_s[-1])
    filled = box.w * tv.kymo.shape[0] / ph.HISTORY
    seen = tv.events[(tv.events[:, 0] >= t0) & (tv.events[:, 0] <= t1), 0]
    xs = box.right - 1 - filled + filled * (seen - t0) / max(t1 - t0, 1e-12)
    for x in xs.astype(int).tolist():  # the flashes in view: a few at most
        pygame.draw.line(screen, th.highlight, (x, box.bottom), (x, box.bottom + 4), 1)


def _time_axis(screen: pygame.Surface, renderer, tv: TirfView, box: pygame.Rect, px: int) -> None:
    th, text = renderer.theme, renderer.text
    if tv.t_s.size < 2:
        return
    span = float(tv.t_s[-1] - tv.t_s[0])
    label = _("simulated time: the last {span}").format(span=span_text(span))
    s = text.render(label, px, th.text_dim, False)
    screen.blit(s, (box.right - s.get_width(), box.bottom + 2))

