"""The caption strip under the scene: the stage's title and explanation (and, on screen, who is followed).

Its height is fixed for a window size and text size: it is made to hold the longest caption of every stage,
so it never changes from frame to frame and never covers the scene.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import pygame

from exoviz.captions import all_captions, caption_parts
from exoviz.i18n import _, language
from exoviz.render import hud
from exoviz.render.retained import Board

if TYPE_CHECKING:
    from exoviz.sim.world import World

PAD = 10


def walk_prefix(tr: Callable[[str], str] = _) -> str:
    """The longest lead a walk-through title gets, in the current language (or through tr)."""
    return tr("Step {i} of {n}").format(i=10, n=10) + tr(" (alternative fate)") + ": "


def strip_unit(renderer, screen_h: int) -> float:
    """The strip's text unit: the layout's (Layout.strip_unit, set on the renderer by the window), else the
    renderer's."""
    return renderer.strip_unit or renderer.unit(screen_h)


def fonts(renderer, unit: float) -> tuple[int, int]:
    """(title px, text px) of captions: at least 28 px text at 1080p, for the back row."""
    return renderer.font_at(24, unit), renderer.font_at(19, unit)


@lru_cache(maxsize=64)
def _rows(text_key: tuple, width: int, title_px: int, body_px: int) -> tuple[int, int]:
    """(title rows, text rows) needed by the longest caption at this width (cached per layout and language)."""
    measure, _lang = text_key
    every = all_captions()
    prefix = walk_prefix()
    t_rows = max(len(hud.wrap(measure, prefix + title, title_px, True, width)) for title, _t in every)
    b_rows = max(len(hud.wrap(measure, paragraph(text), body_px, False, width)) for _t, text in every)
    return t_rows, b_rows


def strip_height(renderer, width: int, unit: float, detail: bool) -> int:
    """Height (px) of a caption strip `width` px wide at a layout unit."""
    title_px, body_px = fonts(renderer, unit)
    t_rows, b_rows = _rows((renderer.text, language()), max(width - 2 * PAD, 50), title_px, body_px)
    lh_t, lh_b = renderer.text.line_height(title_px, True), renderer.text.line_height(body_px)
    return 2 * PAD + t_rows * lh_t + (b_rows + (1 if detail else 0)) * lh_b


def draw_caption(screen: pygame.Surface, renderer, world: World, state, rect: pygame.Rect, detail: bool,
                 focus: int | None = None, filled: bool = False, board: Board | None = None) -> pygame.Rect | None:
    """Fill the strip (unless the caller has: filled) and draw the caption in it (title, text, and the
    detail line when asked); board: put it down through that (render/retained.py: only what changed)."""
    th = renderer.theme
    if not filled and board is None:
        screen.fill(th.panel[:3], rect)
    cap = caption_parts(world, state, focus)
    if not cap:
        if board is not None:
            board.put(screen, "caption", [], rect, th.panel[:3], filled=filled)
        return None
    title_px, body_px = fonts(renderer, strip_unit(renderer, screen.get_height()))
    lines = [(cap[0], title_px, True), (paragraph(cap[1]), body_px, False)]
    inner = rect.w - 2 * PAD
    if detail and cap[2]:
        lines.append((_fit(renderer, cap[2], body_px, inner), body_px, False))
    clip = screen.get_clip()
    screen.set_clip(rect)
    if board is None:
        drawn = hud.text_block(screen, renderer.text, lines, rect.topleft, th, "topleft", pad=PAD, max_w=rect.w,
                               box=False, bg=th.panel[:3])  # the strip is filled with the panel colour above
    else:
        drawn, pieces = hud.block_pieces(renderer.text, lines, rect.topleft, th, th.panel[:3], pad=PAD,
                                         max_w=rect.w)
        board.put(screen, "caption", pieces, rect, th.panel[:3], (drawn,), th.text_dim if th.outline else None,
                  filled)
    screen.set_clip(clip)
    return drawn.clip(rect)


def paragraph(text: str) -> str:
    """A caption's lines as one paragraph, wrapped to the strip's width when drawn."""
    return " ".join(text.split())


def _fit(renderer, line: str, px: int, width: int) -> str:
    """The line, shortened with an ellipsis at a word boundary if it is wider than width."""
    text = renderer.text
    if text.size(line, px)[0] <= width:
        return line
    words = line.split(" ")
    while words and text.size(" ".join(words) + " …", px)[0] > width:
        words.pop()
    return " ".join(words) + " …"


def subtitle_height(renderer, unit: float) -> int:
    """Height (px) of the strip when it shows a burned subtitle: two lines of the title font."""
    title_px, _body = fonts(renderer, unit)
    return 2 * PAD + 2 * renderer.text.line_height(title_px, True)


def draw_subtitle(screen: pygame.Surface, renderer, text: str, rect: pygame.Rect) -> pygame.Rect | None:
    """Fill the strip and draw a subtitle cue (at most two lines, each centred), as a film burns it in."""
    screen.fill(renderer.theme.panel[:3], rect)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return None
    title_px, _body = fonts(renderer, strip_unit(renderer, screen.get_height()))
    lh = renderer.text.line_height(title_px, True)
    y = rect.y + (rect.h - lh * len(lines)) // 2
    drawn: pygame.Rect | None = None
    for line in lines:
        img = renderer.text.render(line, title_px, renderer.theme.text, True)
        r = screen.blit(img, img.get_rect(midtop=(rect.centerx, y)), special_flags=0)
        drawn = r if drawn is None else drawn.union(r)
        y += lh
    return drawn
