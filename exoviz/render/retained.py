"""What the window's strips (side panel, caption strip, disclosure strip) drew last frame, so that a frame drawn
over the last one (ui/chrome.py says when it may be) puts down only the pieces of text that changed.

A strip's drawing is a list of opaque pieces (text rendered on the panel colour: render/hud.py block_pieces) and
the outlines of its boxes, inside its area (filled with the panel colour). Drawn over the last frame: when the
pieces lie where they lay (the same places and heights, the same boxes), each piece whose surface changed is
erased (its old rect filled with the panel colour) and put down; nothing else is touched. Otherwise the area is
filled and everything drawn, as in a whole frame. The pixels are those of a whole frame either way.
"""

from __future__ import annotations

import pygame

Piece = tuple[pygame.Surface, pygame.Rect]


class Board:
    """The strips' pieces as last drawn, by slot ("panel", "caption", "disclosure")."""

    def __init__(self) -> None:
        self.retained = False  # this frame is drawn over the last one (set by ui/chrome.py)
        self._drawn: dict[str, tuple[list[Piece], tuple, pygame.Rect]] = {}
        self.put_down = 0  # pieces blitted so far (counting tests: an unchanged strip puts down none)
        self.filled = 0  # whole areas filled again so far

    def forget(self) -> None:
        self._drawn.clear()

    def put(self, screen: pygame.Surface, slot: str, pieces: list[Piece], area: pygame.Rect, bg: tuple,
            frames: tuple[pygame.Rect, ...] = (), outline: tuple | None = None, filled: bool = True) -> None:
        """Draw a strip's pieces (and, with outline, a 1 px frame of that colour around each of frames) in area.

        filled: in a whole frame the caller (or the window) filled area already."""
        old = self._drawn.get(slot)
        key = tuple(tuple(r) for r in frames)
        self._drawn[slot] = (pieces, key, pygame.Rect(area))
        if self.retained and old is not None and old[1] == key and old[2] == area and _same_places(old[0], pieces):
            changed = False
            for (was, r0), (surf, r) in zip(old[0], pieces):
                if was is not surf:
                    if r0.w > r.w:  # the old piece was wider: its tail erased
                        screen.fill(bg, pygame.Rect(r.right, r0.y, r0.w - r.w, r0.h))
                    screen.blit(surf, r)
                    self.put_down += 1
                    changed = True
            if changed and outline is not None:  # (a piece never reaches its box's frame; but if it did)
                _frames(screen, outline, frames)
            return
        if self.retained or not filled:
            screen.fill(bg, area)
            self.filled += 1
        screen.blits([(s, r) for s, r in pieces], doreturn=False)
        self.put_down += len(pieces)
        if outline is not None:
            _frames(screen, outline, frames)


def _frames(screen: pygame.Surface, colour: tuple, frames: tuple[pygame.Rect, ...]) -> None:
    for f in frames:
        pygame.draw.rect(screen, colour, f, 1)


def _same_places(old: list[Piece], new: list[Piece]) -> bool:
    """The same number of pieces, each at the same top-left with the same height (widths may change)."""
    return len(old) == len(new) and all(a.topleft == b.topleft and a.h == b.h for (_s, a), (_t, b) in zip(old, new))
