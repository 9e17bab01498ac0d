"""The Simple view's side panel and label choice: the clock (with what it shortens), the mechanism, and three
plain numbers (membrane added, taken back, net, in µm²); in the scene only the labels the caption names.

The Detailed view is render/panel.py (today's panel). Recordings, --headless screenshots and walk-through
slides always draw the Detailed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from exoviz import experiment_text
from exoviz.i18n import N_, Text, _, tr
from exoviz.render import hud
from exoviz.render.panel import clock_lines, readable_px
from exoviz.render.retained import Board

if TYPE_CHECKING:
    from exoviz.sim.world import World

NUMBERS = (N_("Membrane added"), N_("Taken back"), N_("Net change"))
SHRINKS = (1.0, 0.85, 0.7, 0.6)
SKIP = frozenset({"with", "from", "into", "that", "this", "edge", "face", "the", "and", "con", "del", "las", "los",
                  "una", "por", "para"})  # words too common to tell what a caption names (English, Spanish)


def numbers(world: World) -> list[str]:
    """The three plain numbers of the membrane ledger, in µm², signed."""
    led = world.ledger
    added, back = led.pm_added_um2, led.pm_removed_um2
    net = added - back
    values = (f"+{added:,.3f}" if added >= 5e-4 else "0.000", f"−{back:,.3f}" if back >= 5e-4 else "0.000",
              f"{net:+,.3f}".replace("-", "−") if abs(net) >= 5e-4 else "0.000")
    return [f"{_(name)}: {v}\u00a0µm²" for name, v in zip(NUMBERS, values)]


def draw_simple_panel(screen: pygame.Surface, renderer, world: World, state, column: pygame.Rect, limit: int,
                      clock: bool = True, board: Board | None = None) -> list[pygame.Rect]:
    """Fill the column down to `limit` with the clock, the mechanism and the three numbers (the column is filled
    already); the largest text that fits; the text rects. The text is opaque on the panel colour, put down through
    board when given (render/retained.py: over the last frame, only what changed)."""
    th, h, text = renderer.theme, screen.get_height(), renderer.text
    m = max(4, int(8 * renderer.unit(h)))
    x, cw = column.x + m, column.w - 2 * m
    blocks: list[list[tuple[str, int, bool]]] = []
    least = readable_px(renderer, h)
    for shrink in SHRINKS:
        small, body, big, huge = (max(least, int(renderer.font_px(b, h) * shrink)) for b in (15, 18, 22, 26))
        blocks = []
        if clock:  # the time and the playback factor; what is shortened beyond it is the disclosure strip's to say
            blocks.append(clock_lines(world, state, big, body, small)[:2])
        blocks.append([(world.scene.title, big, True)]
                      + [(s, small, True) for s in experiment_text.panel_lines(world, full=False)])
        blocks.append([(line, huge, True) for line in numbers(world)])
        if sum(hud.measure(text, b, cw).h + m for b in blocks) + m <= limit - column.y:
            break
    rects, pieces, y, bg = [], [], column.y + m, th.panel[:3]
    for b in blocks:
        if y + hud.measure(text, b, cw).h > limit:
            break
        r, drawn = hud.block_pieces(text, b, (x, y), th, bg, "topleft", max_w=cw, min_w=cw)
        rects.append(r)
        pieces += drawn
        y = r.bottom + m
    area = pygame.Rect(column.x, column.y, column.w, max(0, limit - column.y))
    if board is not None:
        board.put(screen, "panel", pieces, area, bg, tuple(rects), th.text_dim if th.outline else None)
    else:
        for f in rects if th.outline else ():
            pygame.draw.rect(screen, th.text_dim, f, 1)
        screen.blits(pieces, doreturn=False)
    return rects


def _words(line: str) -> list[str]:
    """The words of a label that can name it: no parenthesis, at least 4 letters, not a common word."""
    line = re.sub(r"\(.*?\)", " ", line.lower())
    return [w for w in re.findall(r"[^\W\d_]+", line) if len(w) >= 4 and w not in SKIP]


def caption_filter(world: World, state, captions_shown: bool) -> Callable[[Text], bool]:
    """The Simple view's label filter: only what the caption on screen (title and text) names."""
    from exoviz.captions import caption_parts

    cap = caption_parts(world, state) if captions_shown else None
    return named_in(f"{cap[0]} {cap[1]}" if cap else "")


def named_in(caption: str) -> Callable[[Text], bool]:
    """Whether a label is named by the caption: one of its words (or the word without a plural s) is in it."""
    said = caption.lower()

    def named(label: Text) -> bool:
        for w in _words(tr(label)):
            stem = w[:-1] if w.endswith("s") and len(w) > 4 else w
            if re.search(r"\b" + re.escape(stem), said):
                return True
        return False

    return named
