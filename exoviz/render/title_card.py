"""A recording's title card: the title over the dimmed first frame, with the mode and the cell it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from exoviz.render import hud

if TYPE_CHECKING:
    from exoviz.sim.world import World

CARD_S = 2.0  # seconds a title card stays at the start of a recording


def draw_title_card(screen: pygame.Surface, renderer, title: str, world: World) -> None:
    """Dim what is on the screen and put the title in the middle, the scene's name and cell under it."""
    w, h = screen.get_size()
    dim = pygame.Surface((w, h), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 190))
    screen.blit(dim, (0, 0))
    th = renderer.theme
    lines = [(title, renderer.font_px(34, h), True), ("", 8, False),
             (world.scene.title, renderer.font_px(22, h), False),
             (world.scene.cell, renderer.font_px(18, h), False)]
    hud.text_block(screen, renderer.text, lines, (w // 2, h // 2), th, "center", pad=int(24 * renderer.unit(h)),
                   max_w=int(w * 0.8))
