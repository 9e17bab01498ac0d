"""Widget text measured as pygame_gui draws it (Noto Sans), and long menu entries shortened to fit their menu."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

NOTO = Path(pygame_gui.__file__).resolve().parent / "data"
_fonts: dict[tuple[int, bool], pygame.font.Font] = {}


def noto(px: int, bold: bool) -> pygame.font.Font:
    """Noto Sans at px (what pygame_gui draws with); kept, but opened again after a pygame.quit()."""
    key = (px, bold)
    font = _fonts.get(key)
    if font is not None:
        try:
            font.get_height()
            return font
        except pygame.error:  # the font module was shut down since: every kept font is dead
            _fonts.clear()
    if not pygame.font.get_init():
        pygame.font.init()
    font = _fonts[key] = pygame.font.Font(str(NOTO / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), px)
    return font


def fit_entry(text: str, font: pygame.font.Font, width: int) -> str:
    """text if it fits width px; else without its parenthesis ("Célula acinar pancreática (zimógeno)" ->
    "Célula acinar pancreática"); else whole words and "…". Never a word cut in the middle."""
    if font.size(text)[0] <= width:
        return text
    head = text.split(" (")[0]
    if font.size(head)[0] <= width:
        return head
    words = head.split(" ")
    while len(words) > 1 and font.size(" ".join(words) + "…")[0] > width:
        words.pop()
    return " ".join(words) + "…"
