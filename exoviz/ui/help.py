"""The help overlay: every key binding (generated from the binding table so it cannot drift) and the mouse."""

from __future__ import annotations

import pygame

from exoviz.i18n import N_, _
from exoviz.render.theme import Theme
from exoviz.ui.keys import BINDINGS

MOUSE: tuple[tuple[str, str], ...] = (
    (N_("Click a body"), N_("follow it with the camera (its stage in the caption)")),
    (N_("Click empty space"), N_("stop following")),
    (N_("Wheel"), N_("zoom in / out about the pointer")),
    (N_("Drag"), N_("move the view")),
    (N_("Buttons, sliders"), N_("the same commands as the keys; sliders change values live")),
)


def help_lines() -> list[tuple[str, str]]:
    """(keys, what they do) for every binding, in table order."""
    return [(b.label, _(b.help)) for b in BINDINGS]


def _wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap of text into lines no wider than width px (a single long word stays whole)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and font.size(f"{lines[-1]} {word}")[0] <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _layout(renderer, w: int, h: int, size: int, title_px: int) -> tuple | None:
    """At one font size: (key column width, column width, line height, entries as (key, wrapped lines), rows in
    the first column, box height), or None when the two columns do not fit the window even with descriptions
    wrapped."""
    text = renderer.text
    entries = help_lines() + [("", "")] + [(f"{_(k)}:", _(d)) for k, d in MOUSE]
    key_w = max(text.font(size, True).size(k)[0] for k, _d in entries) + 16
    natural = max(text.font(size).size(d)[0] for _k, d in entries)
    room = (w - 16 - 32) // 2 - key_w - 24  # what a description may take in one of two columns
    if room < natural // 2:
        return None
    desc_w = min(natural, room)
    wrapped = [(k, _wrap(text.font(size), d, desc_w)) for k, d in entries]
    heights = [len(lines) for _k, lines in wrapped]
    total, run, split = sum(heights), 0, len(wrapped)
    for i, n in enumerate(heights):  # the first column takes entries until it holds half the lines
        if run >= (total + 1) // 2:
            split = i
            break
        run += n
    lh = text.line_height(size) + 2
    rows = max(run, total - run)
    box_h = (rows + 1) * lh + text.line_height(title_px) + 48
    if box_h > h - 16:
        return None
    return key_w, key_w + desc_w + 24, lh, wrapped, split, box_h


def draw_help(screen: pygame.Surface, renderer, theme: Theme) -> pygame.Rect:
    """An opaque box centred over the dimmed window, in the theme's own colours (readable in both): the largest
    text whose two columns fit, long descriptions wrapped onto a second line when the window is narrow."""
    w, h = screen.get_size()
    dim = pygame.Surface((w, h), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 170))
    screen.blit(dim, (0, 0))
    size = renderer.font_px(16, h)
    title_px = renderer.font_px(21, h)
    text = renderer.text
    heading = _("Keys and mouse (H or Esc closes)")
    plan = _layout(renderer, w, h, size, title_px)
    while plan is None and size > 8:
        size -= 1
        title_px = max(size + 2, 10)
        plan = _layout(renderer, w, h, size, title_px)
    if plan is None:  # a tiny window: the smallest text, whatever fits
        plan = _layout(renderer, 10**6, 10**6, size, title_px)
    assert plan is not None  # an unbounded window always fits
    key_w, col_w, lh, wrapped, split, box_h = plan
    rect = pygame.Rect(0, 0, min(2 * col_w + 32, w), min(box_h, h))
    while title_px > size and text.font(title_px, True).size(heading)[0] > rect.w - 32:
        title_px -= 1
    rect.center = screen.get_rect().center
    screen.fill(theme.panel[:3], rect)
    pygame.draw.rect(screen, theme.highlight, rect, 2 + theme.outline)
    title = text.render(heading, title_px, theme.text, True)
    screen.blit(title, (rect.x + 16, rect.y + 12))
    top = rect.y + title.get_height() + 24
    for c, part in enumerate((wrapped[:split], wrapped[split:])):
        y = top
        for k, lines in part:
            x = rect.x + 16 + c * col_w
            if k:
                screen.blit(text.render(k, size, theme.text, True), (x, y))
                for j, line in enumerate(lines):
                    screen.blit(text.render(line, size, theme.text, False), (x + key_w, y + j * lh))
            y += len(lines) * lh
    return rect
