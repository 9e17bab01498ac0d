"""Fonts (DejaVu Sans from assets/) and a cache of rendered text so text costs nothing per frame."""

from __future__ import annotations

from pathlib import Path

import pygame

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"


class TextCache:
    """Renders strings once per (text, size, colour, bold) and reuses the surfaces."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._cache: dict[tuple[str, int, tuple[int, ...], bool], pygame.Surface] = {}

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        px = max(8, int(round(size * self.scale)))
        key = (px, bold)
        if key not in self._fonts:
            path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
            self._fonts[key] = pygame.font.Font(str(path) if path.exists() else None, px)
        return self._fonts[key]

    def render(self, text: str, size: int, color: tuple[int, ...], bold: bool = False) -> pygame.Surface:
        key = (text, size, tuple(color), bold)
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            surf = self.font(size, bold).render(text, True, color)
            self._cache[key] = surf
        return surf

    def line_height(self, size: int, bold: bool = False) -> int:
        return self.font(size, bold).get_linesize()
