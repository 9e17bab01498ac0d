"""Release sites' sprites (render/snare_sprites.py) are run-length encoded only once asked for again and again (a
moving site's sprites are each blitted once, and encoding one costs ~10 blits of it); encoded or not, they blit the
same pixels. Counted, never timed."""

import numpy as np
import pygame
import pytest

from exoviz.render import snare_sprites
from exoviz.render.snare_geometry import Site
from exoviz.render.theme import DARK, PROJECTOR
from exoviz.sim.machinery_view import Machine

pytestmark = pytest.mark.usefixtures("pygame_display")


def _site(u: float, cy: float) -> Site:
    return Site(60.0 * u, cy, 30.0 * u, 12.0 * u, 10.0 * u, u, 0.0)


def _encoding(surface: pygame.Surface) -> bool:
    return bool(surface.get_flags() & pygame.RLEACCELOK)


@pytest.mark.parametrize("theme", [DARK, PROJECTOR])
def test_a_site_holding_still_is_encoded_once_asked_for_again_and_again(theme):
    snare_sprites._CACHE.clear()
    snare_sprites._PLACES.clear()
    site = _site(6.8, 40.0 * 6.8)
    before = dict(snare_sprites.drawn)
    for k in range(1, 3 * snare_sprites.RLE_AFTER):
        sprite, _x0, _y0 = snare_sprites.site_sprite(theme, site, Machine.CA_BOUND, 3, 0.6, 0.8, False, 4.0)
        assert _encoding(sprite.surface) == (k >= snare_sprites.RLE_AFTER)
    assert snare_sprites.drawn["sprites"] - before["sprites"] == 1  # drawn once
    assert snare_sprites.drawn["encoded"] - before["encoded"] == 1  # ... and encoded once


def test_a_moving_site_is_drawn_each_frame_and_never_encoded():
    """A docked vesicle coming up to the membrane a px a frame: a new sprite each frame, blitted once, not encoded."""
    snare_sprites._CACHE.clear()
    snare_sprites._PLACES.clear()
    before = dict(snare_sprites.drawn)
    for k in range(12):
        sprite, _x0, _y0 = snare_sprites.site_sprite(DARK, _site(6.8, 300.0 - k), Machine.DOCKED, 0, 0.0, 0.6, True,
                                                     4.0)
        assert not _encoding(sprite.surface)
    assert snare_sprites.drawn["sprites"] - before["sprites"] == 12
    assert snare_sprites.drawn["encoded"] == before["encoded"]


@pytest.mark.parametrize("u", [1.2, 6.8])
def test_encoded_or_not_a_sprite_blits_the_same_pixels(u):
    snare_sprites._CACHE.clear()
    snare_sprites._PLACES.clear()
    site = _site(u, 40.0 * u)
    sprite, _x0, _y0 = snare_sprites.site_sprite(PROJECTOR, site, Machine.CA_BOUND, 3, 0.6, 0.8, False, 4.0)
    w, h = sprite.surface.get_size()
    shots = []
    for _k in range(snare_sprites.RLE_AFTER + 1):
        canvas = pygame.Surface((w + 8, h + 8))
        canvas.fill(PROJECTOR.cytosol)
        canvas.blit(sprite.surface, (4, 4))
        shots.append((_encoding(sprite.surface), pygame.surfarray.array3d(canvas)))
        sprite, _x0, _y0 = snare_sprites.site_sprite(PROJECTOR, site, Machine.CA_BOUND, 3, 0.6, 0.8, False, 4.0)
    assert not shots[0][0] and shots[-1][0]  # (blitted plain first, encoded at the end)
    assert (shots[0][1] != PROJECTOR.cytosol).any()  # (the proteins are there)
    assert all(np.array_equal(shots[0][1], a) for _e, a in shots)
