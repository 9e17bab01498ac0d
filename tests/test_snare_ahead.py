"""Release sites' sprites built ahead of the next model step (render/snare_ahead.py): drawn in the frames between
steps from the last step's change, found kept by the step's frame, the very pixels drawn fresh."""

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render import snare_ahead, snare_sprites, snares
from exoviz.render.snare_ahead import Args, foreseen
from exoviz.render.snare_geometry import Site
from exoviz.render.theme import THEMES
from exoviz.sim.machinery_view import Machine, MachineryView
from tests.snare_states import docked_world


def _view(rows: np.ndarray, zipper: float, occupancy: float) -> MachineryView:
    n = rows.size
    return MachineryView(rows=rows.astype(np.int64), state=np.full(n, Machine.CA_BOUND, np.int8),
                         complexes=np.full(n, 3, np.int8), zipper=np.full(n, zipper),
                         ca_occupancy=np.full(n, occupancy), clamped=np.zeros(n, bool))


def _draw(world, cam: Camera, view: MachineryView, alpha: float) -> pygame.Surface:
    surf = pygame.Surface(cam.view[2:])
    surf.fill((1, 2, 3))
    snares.draw_machinery(surf, cam, world, THEMES["dark"], alpha, view)
    return surf


def test_the_next_steps_sprites_are_drawn_between_steps_and_the_steps_frame_draws_none(monkeypatch):
    world, slot = docked_world("synapse")
    rows = np.flatnonzero(world.ves.stage == world.ves.stage[slot])
    cam = Camera(world.scene.width, world.scene.height, (0, 0, 1280, 720))
    made: list[tuple] = []
    real = snare_sprites.parts.draw_site
    monkeypatch.setattr(snare_sprites.parts, "draw_site", lambda *a, **k: (made.append(a), real(*a, **k))[1])
    _draw(world, cam, _view(rows, 0.61, 0.83), 0.0)  # two steps' frames: the zipper and the occupancy falling
    step = _view(rows, 0.52, 0.71)
    _draw(world, cam, step, 0.0)
    assert made
    look = snare_ahead.ahead(world)
    built = look.built
    for k in range(200):  # the frames between the steps (the same view, other alphas), until all guesses are drawn
        _draw(world, cam, step, 0.1 + k / 1000)
        if look.todo == []:
            break
    assert look.built - built > 0 and look.todo == []
    before = len(made)
    ahead = _draw(world, cam, _view(rows, 0.43, 0.59), 0.0)  # the next step: as much again
    assert len(made) == before  # its frame draws no site: every sprite was drawn ahead
    snare_sprites._CACHE.clear()
    snare_sprites._PLACES.clear()
    fresh = _draw(world, cam, _view(rows, 0.43, 0.59), 0.0)
    assert len(made) > before
    assert pygame.image.tobytes(ahead, "RGB") == pygame.image.tobytes(fresh, "RGB")


def test_only_a_site_in_the_same_place_is_foreseen_and_never_as_drawn_now():
    site = Site(100.0, 80.0, 30.0, 12.0, 10.0, 2.0, 0.0)
    before = Args(site, Machine.CA_BOUND, 3, 0.6, 0.8, False, 4.0, None)
    now = Args(site, Machine.CA_BOUND, 3, 0.5, 0.6, False, 4.0, None)
    guesses = foreseen(before, now)
    steps = snare_sprites.zip_steps(site.u)
    drawn = [(round(g.zipper * steps), round(g.occupancy * 5)) for g in guesses]
    assert drawn[0] == (round(0.425 * steps), round(0.45 * 5))  # the likeliest first: three quarters as much again
    assert (round(0.4 * steps), round(0.4 * 5)) in drawn and (round(0.5 * steps), 3) not in drawn
    assert len(guesses) <= snare_ahead.PER_SITE
    moved = Args(Site(101.0, 80.0, 30.0, 12.0, 10.0, 2.0, 0.0), Machine.CA_BOUND, 3, 0.5, 0.6, False, 4.0, None)
    assert foreseen(before, moved) == [] and foreseen(now, now) == []
