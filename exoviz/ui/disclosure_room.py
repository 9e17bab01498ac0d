"""Where the Window puts the disclosure strip (render/disclosure.py): its room taken off the bottom of the scene,
just above the caption strip, sized for the notes in force (a ticker, or a still's whole list)."""

from __future__ import annotations

from dataclasses import replace

import pygame

from exoviz.commands import Command
from exoviz.render import disclosure
from exoviz.render.layout import Layout

ROOM = 0.4  # the strip takes at most this share of the scene's height (its font shrinks to fit) ...
MAX_ROOM = 0.85  # ... or up to this share when even its smallest font needs more (a still's list, a tiny window)


class DisclosureRoom:
    """The strip's rect in a window's layout; still: a still or slide is drawn (the whole list, not the ticker)."""

    def __init__(self, window) -> None:
        self.window = window
        self.still = False
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.uncarved: Layout | None = None  # the layout before the strip's room was taken from the scene

    def notes(self) -> list[str]:
        """Every distortion in force in what the window shows now (the compare view: each panel's)."""
        win = self.window
        s = win.session
        if s.compare and self.uncarved is not None:
            from exoviz.render.compare import panel_camera, split

            lay = self.uncarved
            rects = split(lay.scene, len(s.compare_worlds), max(4, int(6 * lay.unit)))
            cams = [panel_camera(w, r) for w, r in zip(s.compare_worlds, rects)]
            return disclosure.compare_notes(s.compare_worlds, cams, win.theme)
        return disclosure.notes(s.world, s.camera, win.theme)

    def height(self, lay: Layout) -> int:
        """The room the strip takes off the bottom of a layout's scene, for the notes in force now."""
        return self._height(lay, self.notes())

    def _height(self, lay: Layout, notes: list[str]) -> int:
        room = int(ROOM * lay.scene.h)  # the scene keeps most of its height, unless the notes cannot fit there
        need = disclosure.height(self.window.renderer, notes, lay.scene.w, lay.strip_unit, self.still, room)
        return min(need, int(MAX_ROOM * lay.scene.h))

    def _carve(self, lay: Layout, h: int) -> Layout:
        sc = lay.scene
        self.rect = pygame.Rect(sc.x, sc.bottom - h, sc.w, h)
        return replace(lay, scene=pygame.Rect(sc.x, sc.y, sc.w, sc.h - h))

    def carve(self, lay: Layout) -> Layout:
        """The window's new layout with the strip's room taken off the bottom of its scene."""
        self.uncarved = lay
        return self._carve(lay, self._height(lay, self.notes()))

    def fit(self) -> list[str]:
        """The notes in force now; a strip too short for them (a still's list, a longer note) grows first, before
        anything is drawn (a ticker's strip only grows, so the scene does not jump from note to note)."""
        win = self.window
        notes = self.notes()
        if self.uncarved is None:
            return notes
        need = self._height(self.uncarved, notes)
        if need > self.rect.h or (self.still and need != self.rect.h):
            win.layout = self._carve(self.uncarved, need)
            r = win.layout.scene
            win.session.apply(Command("set_view", (r.x, r.y, r.w, r.h)))
        return notes

    def draw_still(self) -> None:
        """Draw one still into the window's screen (the whole list, for a saved screenshot); the next frame is the
        ticker's layout again."""
        win = self.window
        self.still = True
        try:
            win.draw()
        finally:
            self.still = False
            if self.uncarved is not None:
                win.layout = self.carve(self.uncarved)
                r = win.layout.scene
                win.session.apply(Command("set_view", (r.x, r.y, r.w, r.h)))

    def draw(self, notes: list[str], board=None) -> pygame.Rect:
        win = self.window
        return disclosure.draw(win.screen, self.rect, win.renderer, notes, win.session.wall_s, win.layout.strip_unit,
                               self.still, board)
