"""The Renderer's own overlays (exoviz.render.overlay_parts): the whole-cell counter is sized by its view and asks
for the view's lower corners first (the plasma membrane and its pits are at the top)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render import overlay_parts
from exoviz.render.overlays import COUNTER
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers


def _counter(view: tuple[int, int, int, int]):
    pygame.init()
    w = World(Params(cell="macrophage", seed=1))
    w.run(20)
    screen = pygame.Surface((1280, 720))
    cam = Camera(w.scene.width, w.scene.height, view)
    asked = overlay_parts.requests(Renderer(DARK), screen, w, cam, Layers(), HudState(), False)
    return next(o for o in asked if o.name == COUNTER)


def test_the_counter_asks_for_the_lower_corners_first_and_shrinks_with_its_view() -> None:
    whole, half = _counter((0, 0, 930, 580)), _counter((0, 70, 460, 280))
    assert whole.places[:2] == ("bottomleft", "bottomright")
    assert min(h for _w, h in half.sizes) < min(h for _w, h in whole.sizes)  # a compare half: smaller text
    assert min(h for _w, h in half.sizes) < 0.25 * 280  # ... a strip of its view, not a third of it
