"""Fonts (DejaVu Sans from assets/) and a cache of rendered text so text costs nothing per frame."""

from __future__ import annotations

from pathlib import Path

import pygame

from exoviz.render.cache import SurfaceCache

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"


class TextCache:
    """Renders strings once per (text, size, colour, bold) and reuses the surfaces (at most 32 MB of them)."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._cache = SurfaceCache("text", 32 * 2**20, 4000)

    def release(self) -> None:
        """Forget rendered text and opened fonts (sizes change with the window)."""
        self._cache.clear()
        self._fonts.clear()

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
            surf = self._cache.put(key, self.font(size, bold).render(text, True, color))
        return surf

    def line_height(self, size: int, bold: bool = False) -> int:
        return self.font(size, bold).get_linesize()
