"""The window's own overlays over the scene, as requests to the one overlay layout (render/overlays.py): the
caption strip (its fixed place), the close-up inset, the start hint banner and the REC badge (the disclosure
line has a strip of its own under the scene, ui/disclosure_room.py, so it covers nothing). The Renderer places
them with its own (clock, scale bar, chart, message) and the labels go around all of them; the window then
draws each in the rect it got.
"""

from __future__ import annotations

import pygame

from exoviz.i18n import N_, _
from exoviz.render.closeup import closeup_point, draw_closeup, inset_places, inset_sizes
from exoviz.render.overlay_parts import text_overlay
from exoviz.render.overlays import CAPTION, CLOSEUP, DISCLOSURE, HINT, LEDGER, REC, Overlay, Plan, plan_overlays
from exoviz.ui.hall import ledger_lines

HINT_TEXT = N_("Page Down: guided tour  ·  H: help  ·  Esc twice: quit")


def requests(win) -> tuple[Overlay, ...]:
    """The window's overlays for this frame (the caption strip, disclosure, close-up, hint, REC badge)."""
    s, lay = win.session, win.layout
    out: list[Overlay | None] = []
    if lay.caption is not None:
        out.append(Overlay(CAPTION, [], fixed=pygame.Rect(lay.caption)))
    if lay.hall and not win.drawer and s.visible_layers().readout:  # the hall layout, drawer closed: the ledger
        # stays in the scene as a card (with the drawer open the scene is narrow and the card would cover it)
        lines = ledger_lines(win)
        corners = ("bottomright", "bottomleft", "topright", "topleft")  # low first: the docked bodies are on top
        out.append(text_overlay(LEDGER, win.renderer, win.screen, [(lines, 0)], corners))
    if s.closeup.open:
        out.append(_closeup(win))
    if win.hint_left > 0 and not s.show_help:
        out.append(_hint(win))
    line = win.rec.mark_line()
    if line:
        px = win.renderer.font_px(18, win.screen.get_height())
        out.append(Overlay(REC, [win.rec.mark_size(line, win.renderer.text, px)],
                           ("topleft", "topright", "bottomleft", "bottomright", "midtop"),
                           lambda screen, rect, _k: win.rec.draw_mark(screen, win.renderer.text, px, rect.topleft)))
    return tuple(o for o in out if o is not None)


def _closeup(win) -> Overlay | None:
    s = win.session
    x = closeup_point(s.world, s.camera, s.closeup.uid)
    if x is None:
        return None
    view = s.camera.view

    def draw(screen: pygame.Surface, rect: pygame.Rect, _k: int) -> None:
        state = s.hud()
        draw_closeup(screen, win.renderer, s.world, s.camera, s.alpha, s.closeup.uid, s.closeup.title(s.world),
                     1.0 if s.paused else state.slow, s.visible_layers(), rect)

    return Overlay(CLOSEUP, inset_sizes(view), inset_places(view, x), draw)


def _hint(win) -> Overlay:
    """The first-launch hint: one line, near the bottom of the scene if it can, fading out in its last second."""
    r = win.renderer
    label = r.text.render(_(HINT_TEXT), r.font_px(20, win.screen.get_height()), win.theme.text, True)

    def draw(screen: pygame.Surface, rect: pygame.Rect, _k: int) -> None:
        box = pygame.Surface(rect.size)
        box.fill(win.theme.panel[:3])
        pygame.draw.rect(box, win.theme.highlight, box.get_rect(), 2)
        box.blit(label, (12, 8))
        box.set_alpha(int(255 * min(1.0, win.hint_left)))
        screen.blit(box, rect)

    return Overlay(HINT, [(label.get_width() + 24, label.get_height() + 16)],
                   ("midbottom", "center", "midtop", "bottomleft", "bottomright", "topleft", "topright"), draw)


def compare_plan(win, drawn: list[pygame.Rect]) -> Plan:
    """The compare view's plan: its panels' text (already drawn) holds its place; the hint and the REC badge
    go around it."""
    fixed = [Overlay(f"compare{k}", [], fixed=pygame.Rect(r)) for k, r in enumerate(drawn) if r.w and r.h]
    own = [o for o in requests(win) if o.name in (HINT, REC)]
    m = max(4, int(8 * win.renderer.unit(win.screen.get_height())))
    return plan_overlays(win.screen.get_rect(), pygame.Rect(win.layout.scene), None, fixed + own, m)


WINDOW_FIRST = (DISCLOSURE, LEDGER, CLOSEUP)  # drawn with the scene, before the widgets
WINDOW_LAST = (HINT,)  # over the widgets' frame (but in the scene)
