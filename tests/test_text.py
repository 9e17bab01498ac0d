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


def test_a_ticking_number_is_not_measured_again_and_keeps_its_width():
    """Text is measured under its digits as 0 (the fonts' digits are tabular): a clock that ticks measures nothing new,
    and the width is the real string's."""
    text = TextCache()
    lines = [f"t = {k * 1.37:.2f} s (simulated) · {k * 7} events" for k in range(1, 40)]
    text.size(lines[0], 17, True)
    before = text.measured
    for line in lines[1:]:
        assert text.size(line, 17, True) == text.font(17, True).size(line)
    shapes = {line.translate(str.maketrans("123456789", "0" * 9)) for line in lines}
    assert text.measured == before + len(shapes) - 1  # only when the number of digits changes
    long = "Membrane: added +2.998, taken in −0.171, net +2.828 µm² · ΔC +28.3 fF " * 3
    text.wrap(long, 15, False, 300)
    before = text.measured
    assert text.wrap(long.replace("2.998", "7.341"), 15, False, 300) == tuple(
        p.replace("2.998", "7.341") for p in text.wrap(long, 15, False, 300))
    assert text.measured == before  # its pieces' widths were measured already
