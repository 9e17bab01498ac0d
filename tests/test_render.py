"""Headless rendering: the pixels show the membrane and the vesicles where the model puts them."""

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render.layout import compute_layout
from exoviz.render.renderer import Renderer
from exoviz.render.sprites import dense_core_colours
from exoviz.render.theme import DARK, PROJECTOR
from exoviz.sim.stages import Stage
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers

pytestmark = pytest.mark.usefixtures("pygame_display")


def render(world: World, size=(1280, 720), theme=DARK, layers: Layers | None = None):
    screen = pygame.Surface(size)
    lay = compute_layout(size)
    cam = Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    Renderer(theme).draw(screen, world, cam, 1.0, layers or Layers(labels=False, captions=False), HudState(),
                         lay.column)
    return screen, cam, pygame.surfarray.array3d(screen)


def test_membrane_is_drawn_as_two_leaflets_at_the_model_position():
    w = World(Params(seed=1))
    w.run(30)
    _, cam, px = render(w)
    y = int(round(cam.y_to_screen(w.scene.membrane_y)))
    x0 = cam.view[0] + 5
    x_all = np.arange(x0, x0 + 400)
    # a column that no vesicle touches: compare the row just above and just below the midline
    upper = px[x_all, y - 2]
    lower = px[x_all, y + 1]
    is_exo = np.all(np.abs(upper.astype(int) - DARK.exo_leaflet) < 40, axis=1)
    is_cyto = np.all(np.abs(lower.astype(int) - DARK.cyto_leaflet) < 40, axis=1)
    assert is_exo.mean() > 0.5 and is_cyto.mean() > 0.5
    far = px[x_all, y - 60]  # extracellular fluid well above the membrane
    assert np.all(np.abs(far.astype(int) - DARK.ecf) < 40, axis=1).mean() > 0.8


def test_vesicles_appear_at_their_model_positions():
    w = World(Params(seed=2))
    w.run(60)
    screen, cam, px = render(w, layers=Layers(labels=False, captions=False, cargo=False, proteins=False))
    tr = w.ves.where(Stage.TRANSPORT)
    assert tr.size > 3
    centres = np.round(cam.to_screen(w.ves.pos[tr])).astype(int)
    rim = np.round(cam.to_screen(w.ves.pos[tr] + np.c_[w.ves.radius[tr] * 0.9, np.zeros(tr.size)])).astype(int)
    inside = cam.view[0] < centres[:, 0]
    inside &= (centres[:, 0] < cam.view[0] + cam.view[2]) & (centres[:, 1] < cam.view[1] + cam.view[3])
    lumen = px[centres[inside, 0], centres[inside, 1]].astype(int)
    core = dense_core_colours(DARK)[0]  # the default cell's insulin granules: a dense core at the middle
    assert np.all(np.abs(lumen - core) < 30, axis=1).mean() > 0.8
    # the emptiest spot of the cytosol (farthest from every body, clear of the Golgi) keeps the cytosol colour
    sc = w.scene
    gx, gy = np.meshgrid(np.linspace(300, sc.width - 300, 40), np.linspace(sc.membrane_y + 150, sc.height * 0.5, 12))
    spots = np.stack([gx.ravel(), gy.ravel()], axis=1)
    live = w.ves.alive
    gap = np.min(np.hypot(spots[:, None, 0] - w.ves.pos[live, 0], spots[:, None, 1] - w.ves.pos[live, 1])
                 - w.ves.radius[live], axis=1)
    best = spots[np.argmax(gap)]
    assert gap.max() > 100  # a default scene has room between its vesicles
    e = np.round(cam.to_screen(best[None, :])[0]).astype(int)
    assert np.all(np.abs(px[e[0], e[1]].astype(int) - DARK.cytosol) < 20)
    assert rim.shape == centres.shape


def test_projector_theme_is_light_and_every_size_renders():
    w = World(Params(seed=1))
    w.run(10)
    for size in ((800, 600), (1920, 1080), (3840, 2160)):
        _, cam, px = render(w, size=size, theme=PROJECTOR, layers=Layers())
        y = int(cam.y_to_screen(w.scene.membrane_y)) - 80
        strip = px[cam.view[0] + 10: cam.view[0] + 110, max(y, 0)]  # a label may cover part of it
        assert np.median(strip.mean(axis=1)) > 200  # light extracellular fluid


def test_fusing_vesicle_is_drawn_open_to_the_outside():
    w = World(Params(seed=3))
    for _ in range(2000):
        w.step()
        rel = w.ves.where(Stage.RELEASE)
        if rel.size and (w.ves.t_stage[rel] > 0.4).any():
            break
    rel = w.ves.where(Stage.RELEASE)
    k = rel[np.argmax(w.ves.t_stage[rel])]
    _, cam, px = render(w, layers=Layers(labels=False, captions=False, cargo=False, proteins=False))
    x = int(round(cam.x_to_screen(w.ves.pos[k, 0])))
    y = int(round(cam.y_to_screen(w.scene.membrane_y)))
    # at the pore the bilayer is broken: the midline pixel shows extracellular fluid, not a leaflet
    assert np.all(np.abs(px[x, y].astype(int) - DARK.ecf) < 30)
