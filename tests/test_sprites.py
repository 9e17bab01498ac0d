"""Body sprites: an insulin granule is drawn with an electron-dense core in a clear halo; other granules are not."""

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render.layout import compute_layout
from exoviz.render.renderer import Renderer
from exoviz.render.sprites import CORE_SHARE, CORED, VESICLE, SpriteMaker, leaflet_px
from exoviz.render.theme import DARK, PROJECTOR
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers

pytestmark = pytest.mark.usefixtures("pygame_display")
SIZE = (1280, 720)


def luminance(px: np.ndarray) -> np.ndarray:
    return px[..., :3].astype(float) @ np.array([0.299, 0.587, 0.114])


def core_and_halo(px: np.ndarray, centre: np.ndarray, r_lumen: float) -> tuple[float, float]:
    """Median luminance of the middle of a body (a disc of half the core's radius) and of its halo (a ring between
    the core and the membrane), from an (w, h, 3) pixel array."""
    w, h = px.shape[:2]
    xs, ys = np.meshgrid(np.arange(w), np.arange(h), indexing="ij")
    d = np.hypot(xs - centre[0], ys - centre[1])
    lum = luminance(px)
    mid = lum[d <= 0.5 * CORE_SHARE * r_lumen]
    ring = lum[(d >= (CORE_SHARE + 0.1) * r_lumen) & (d <= 0.9 * r_lumen)]
    return float(np.median(mid)), float(np.median(ring))


@pytest.mark.parametrize("theme", [DARK, PROJECTOR], ids=lambda t: t.name)
def test_a_dense_core_granule_sprite_has_a_dark_core_in_a_clear_halo(theme):
    cache = SpriteMaker(theme)
    r = 40
    lumen = r - 2 * (leaflet_px(r) + theme.outline)
    for cargo, small in ((0, 0), (12, 4)):  # empty, and with insulin dots in the core and small ones in the halo
        cored, anchor = cache.get((VESICLE, r, cargo, 0, 0, small, CORED, 0))
        plain, _ = cache.get((VESICLE, r, cargo, 0, 0, small, 0, 0))
        core, halo = core_and_halo(pygame.surfarray.array3d(cored), np.array(anchor), lumen)
        assert core < halo - 60  # electron-dense core, electron-lucent halo
        core, halo = core_and_halo(pygame.surfarray.array3d(plain), np.array(anchor), lumen)
        assert abs(core - halo) < 60 or cargo  # a plain granule: one lumen (its dots aside)


def granule_contrast(cell: str) -> list[float]:
    """Halo minus core luminance of every whole secretory granule on screen in a rendered scene of `cell`."""
    w = World(Params(cell=cell, seed=2))
    w.run(120)
    screen = pygame.Surface(SIZE)
    lay = compute_layout(SIZE)
    cam = Camera(w.scene.width, w.scene.height, tuple(lay.scene))
    Renderer(DARK).draw(screen, w, cam, 1.0, Layers(labels=False, captions=False), HudState(), lay.column)
    px = pygame.surfarray.array3d(screen)
    v = w.ves
    g = np.flatnonzero((v.kind == Kind.SECRETORY) & np.isin(v.stage, (Stage.TRANSPORT, Stage.DOCKED)))
    out = []
    for i in g[:40]:  # a few dozen granules, each measured on its own
        c = cam.to_screen(v.pos[i][None, :])[0]
        r = v.radius[i] * cam.scale
        x0, y0 = int(c[0] - r) - 2, int(c[1] - r) - 2
        if r < 8 or x0 < 0 or y0 < 0 or x0 + 2 * r + 4 >= SIZE[0] or y0 + 2 * r + 4 >= SIZE[1]:
            continue
        crop = px[x0:int(c[0] + r) + 3, y0:int(c[1] + r) + 3]
        core, halo = core_and_halo(crop, c - (x0, y0), r - 2 * (leaflet_px(r) + DARK.outline))
        out.append(halo - core)
    return out


def test_insulin_granules_on_screen_have_a_dense_core_and_zymogen_granules_do_not():
    beta = granule_contrast("beta-cell")
    assert len(beta) >= 10 and np.median(beta) > 40
    acinar = granule_contrast("acinar")
    assert len(acinar) >= 5 and np.median(acinar) < 20
