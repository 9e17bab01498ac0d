"""The help overlay: every key binding, generated from the binding table so it cannot drift."""

from __future__ import annotations

import pygame

from exoviz.render import hud
from exoviz.render.theme import Theme
from exoviz.ui.keys import BINDINGS


def help_lines() -> list[tuple[str, str]]:
    """(keys, what they do) for every binding, in table order."""
    return [(b.label, b.help) for b in BINDINGS]


def draw_help(screen: pygame.Surface, renderer, theme: Theme) -> pygame.Rect:
    h = screen.get_height()
    size = renderer.font_px(15, h)
    rows = help_lines()
    half = (len(rows) + 1) // 2
    cols = [rows[:half], rows[half:]]
    text = renderer.text
    key_w = max(text.font(size, True).size(k)[0] for k, _ in rows) + 16
    col_w = key_w + max(text.font(size).size(d)[0] for _, d in rows) + 24
    lh = text.line_height(size) + 2
    title = text.render("Keys (H or Esc closes)", renderer.font_px(20, h), theme.text, True)
    rect = pygame.Rect(0, 0, min(2 * col_w + 32, screen.get_width() - 16), half * lh + title.get_height() + 40)
    rect.center = screen.get_rect().center
    hud.panel(screen, rect, theme)
    hud.panel(screen, rect, theme)
    screen.blit(title, (rect.x + 16, rect.y + 12))
    for c, items in enumerate(cols):
        x = rect.x + 16 + c * col_w
        for r, (k, d) in enumerate(items):
            y = rect.y + title.get_height() + 24 + r * lh
            screen.blit(text.render(k, size, theme.text, True), (x, y))
            screen.blit(text.render(d, size, theme.text_dim), (x + key_w, y))
    return rect
