"""The close-up's camera (render/closeup.inset_camera): what it frames sits in the middle of the inset, across,
even where that is at the scene's side edge (exosome seed 8's walk-through had its bud at the inset's side)."""

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render.closeup import framed, inset_camera
from exoviz.sim.world import World


@pytest.mark.parametrize("side", ("left", "right"))
def test_the_inset_centres_a_body_at_the_scenes_side_edge(side):
    w = World(Params(mode="exosome", seed=0))
    v = w.ves
    slot = int(np.flatnonzero(v.alive & (v.parent < 0))[0])
    r = float(v.radius[slot])
    v.pos[slot, 0] = r + 5.0 if side == "left" else w.scene.width - r - 5.0
    main = Camera(w.scene.width, w.scene.height, (0, 0, 1280, 720))
    inner = pygame.Rect(10, 10, 480, 360)
    cam, _box = inset_camera(w, main, slot, inner)
    point, _size = framed(w, slot)
    x = float(cam.to_screen(point[None, :])[0, 0])
    assert x == pytest.approx(inner.centerx, abs=1.0)
