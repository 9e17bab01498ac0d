"""Rendered text (exoviz/render/text.py): text on a known panel colour is rendered opaque on it (blitted as a
copy, not blended) and draws the same pixels as the blended text."""

import numpy as np
import pygame
import pytest

from exoviz.render import hud
from exoviz.render.text import TextCache
from exoviz.render.theme import THEMES

pytestmark = pytest.mark.usefixtures("pygame_display")
LINES = [("Regulated exocytosis: insulin secretion", 22, True), ("Membrane: added +0.281 µm² · ΔC +7.7 fF", 15, False)]


@pytest.mark.parametrize("name", sorted(THEMES))
def test_text_on_a_filled_panel_is_opaque_and_the_same_picture(name):
    th = THEMES[name]
    text = TextCache()
    drawn = []
    for bg in (None, th.panel[:3]):
        screen = pygame.Surface((600, 200))
        screen.fill(th.panel[:3])
        hud.text_block(screen, text, LINES, (10, 10), th, "topleft", max_w=580, min_w=580, box=False, bg=bg)
        drawn.append(pygame.surfarray.array3d(screen).astype(int))
    blended, opaque = drawn
    assert np.abs(blended - opaque).max() <= 1 and (blended != th.panel[0]).any()  # text drawn, the same pixels
    surf = text.render(LINES[0][0], 22, th.text, True, th.panel[:3])
    assert not surf.get_flags() & pygame.SRCALPHA and surf.get_alpha() is None  # a copy to blit
    assert text.render(LINES[0][0], 22, th.text, True).get_flags() & pygame.SRCALPHA  # (without bg: blended)
