"""The help overlay: every key binding (generated from the binding table so it cannot drift) and the mouse."""

from __future__ import annotations

import pygame

from exoviz.i18n import N_, _
from exoviz.render.theme import Theme
from exoviz.ui.keys import BINDINGS

MOUSE: tuple[tuple[str, str], ...] = (
    (N_("Click a body"), N_("follow it with the camera (its stage in the caption)")),
    (N_("Click empty space"), N_("stop following")),
    (N_("Wheel"), N_("zoom in / out (about the followed body, if any)")),
    (N_("Drag"), N_("move the view")),
    (N_("Buttons, sliders"), N_("the same commands as the keys; sliders change values live")),
)


def help_lines() -> list[tuple[str, str]]:
    """(keys, what they do) for every binding, in table order."""
    return [(b.label, _(b.help)) for b in BINDINGS]


def _layout(renderer, screen: pygame.Surface, size: int) -> tuple[int, int, int, int]:
    """(key column width, row width, line height, rows per column) at one font size."""
    text = renderer.text
    rows = help_lines() + [(_(k), _(d)) for k, d in MOUSE]
    key_w = max(text.font(size, True).size(k)[0] for k, _d in rows) + 16
    col_w = key_w + max(text.font(size).size(d)[0] for _k, d in rows) + 24
    lh = text.line_height(size) + 2
    return key_w, col_w, lh, (len(rows) + 3) // 2


def draw_help(screen: pygame.Surface, renderer, theme: Theme) -> pygame.Rect:
    """An opaque box centred over the dimmed window, in the theme's own colours (readable in both)."""
    w, h = screen.get_size()
    dim = pygame.Surface((w, h), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 170))
    screen.blit(dim, (0, 0))
    size = renderer.font_px(16, h)
    title_px = renderer.font_px(21, h)
    while size > 9:  # the largest text that fits the window
        key_w, col_w, lh, per_col = _layout(renderer, screen, size)
        box_h = (per_col + 1) * lh + renderer.text.line_height(title_px) + 48
        if 2 * col_w + 32 <= w - 16 and box_h <= h - 16:
            break
        size -= 1
        title_px = max(size + 2, 10)
    rect = pygame.Rect(0, 0, 2 * col_w + 32, box_h)
    rect.center = screen.get_rect().center
    screen.fill(theme.panel[:3], rect)
    pygame.draw.rect(screen, theme.highlight, rect, 2 + theme.outline)
    text = renderer.text
    title = text.render(_("Keys and mouse (H or Esc closes)"), title_px, theme.text, True)
    screen.blit(title, (rect.x + 16, rect.y + 12))
    entries = help_lines() + [("", "")] + [(f"{_(k)}:", _(d)) for k, d in MOUSE]
    top = rect.y + title.get_height() + 24
    for i, (k, d) in enumerate(entries):
        c, r = divmod(i, per_col + 1)
        x, y = rect.x + 16 + c * col_w, top + r * lh
        if k:
            screen.blit(text.render(k, size, theme.text, True), (x, y))
            screen.blit(text.render(d, size, theme.text, False), (x + key_w, y))
    return rect
