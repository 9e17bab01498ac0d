"""When a frame may be drawn over the last one outside the scene: the side panel, the caption and disclosure strips
and the widgets then put down only what changed (render/retained.py, ui/widget_layer.py) instead of the window
filling everything around the scene and drawing it all again (~2 ms a 1080p frame, ~4 at 4K).

Only frames of the window's own loop (Window.frame) are drawn over the last one, and only when the last one was
drawn there too with the same screen, layout, theme, language and view, and nothing else covered the strips
since: no help page, investigation card, open menu or tooltip out of place, blank screen, compare or hall layout
(those frames are drawn whole, as every frame was before). A film, a still or a slide draws whole frames.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from exoviz.i18n import language
from exoviz.render.retained import Board


class Chrome:
    """Says whether this frame is drawn over the last one (begin), and remembers what the last frame was (end)."""

    def __init__(self) -> None:
        self.board = Board()
        self._screen: pygame.Surface | None = None  # the surface the last frame of the loop was drawn on
        self._key: tuple = ()
        self._clean_end = False  # the last frame left the strips as the board and widget layer know them
        self.retained_frames = 0  # frames drawn over the last one so far (counting tests)
        self.loop = False  # the window is drawing a frame of its own loop (looping)

    def looping(self, draw: Callable[[], None]) -> None:
        """Draw a frame of the window's own loop (the only frames drawn over the last one)."""
        self.loop = True
        try:
            draw()
        finally:
            self.loop = False

    def begin(self, win: Any) -> bool:
        """Whether this frame draws over the last one (only a frame of the window's own loop may)."""
        loop, key = self.loop, _key(win)
        ok = (loop and self._clean_end and win.screen is self._screen and key == self._key
              and not _covering(win))
        self._key, self._screen, self._clean_end = key, (win.screen if loop else None), False
        self.board.retained = ok
        if not ok:
            self.board.forget()
        self.retained_frames += ok
        return ok

    def end(self, win: Any) -> None:
        """After the frame: the strips are as drawn unless something went over them (help, a card, a widget out
        of its place)."""
        self._clean_end = self.loop and not _covering(win) and not win.controls.layer.spilled

    def invalidate(self) -> None:
        """Something drew over the window (the next frame is drawn whole)."""
        self._clean_end = False


def _covering(win: Any) -> bool:
    """Something that lies over the strips or needs them drawn another way this frame."""
    s, lay = win.session, win.layout
    return bool(win.blank or s.show_help or s.compare or lay.hall or win.cards.box.w
                or win.controls.open_menu() is not None)


def _key(win: Any) -> tuple:
    s, lay = win.session, win.layout
    return (win.screen.get_size(), tuple(lay.scene), tuple(lay.caption or ()), tuple(lay.column or ()),
            tuple(lay.toolbar or ()), win.controls.top, win.theme.name, language(), s.clean, win.simple,
            win.subtitle is not None, win.caption_detail, tuple(win.disclosure.rect), win.disclosure.still)
