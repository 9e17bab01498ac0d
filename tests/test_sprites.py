"""Body sprites: an insulin granule is drawn with an electron-dense core in a clear halo; other granules are not.
Bodies are drawn with one blit call and one sprite per look, never one per body (counted, not timed)."""

from dataclasses import replace

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render.bodies import draw_bodies, looks_of
from exoviz.render.cache import BoundedSprites
from exoviz.render.layout import compute_layout
from exoviz.render.renderer import Renderer
from exoviz.render.sprites import CORE_SHARE, CORED, FADING, ILV, VESICLE, SpriteMaker, leaflet_px, opaque
from exoviz.render.theme import DARK, PROJECTOR
from exoviz.sim.stages import Kind, Stage
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers
from tests.test_render_dots import Counting

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


def test_an_all_or_nothing_sprite_becomes_colour_keyed_with_the_same_pixels():
    """Sprites whose pixels are fully opaque or fully transparent are kept as opaque colour-keyed surfaces (cheaper
    to blit); blitted, they give the pixels of the per-pixel-alpha sprite. A fading sprite keeps its alpha."""
    for theme in (DARK, PROJECTOR):
        cache = BoundedSprites(theme)
        for key in ((VESICLE, 4, 6, 2, 0, 3, 0, 1), (VESICLE, 12, 24, 8, 0, 10, CORED, 1), (ILV, 6, 0, 4, 0, 0, 1, 1),
                    (VESICLE, 30, 0, 12, 0, 0, 0, 2)):
            raw, _ = cache._draw(key)
            built, _ = cache.get(key)
            assert not built.get_flags() & pygame.SRCALPHA and built.get_colorkey() is not None
            on = [pygame.Surface(built.get_size()) for _ in range(2)]
            for s, sprite in zip(on, (raw, built)):
                s.fill(theme.cytosol)
                s.blit(sprite, (0, 0))
            assert np.array_equal(pygame.surfarray.array3d(on[0]), pygame.surfarray.array3d(on[1]))
        fading, _ = cache.get((FADING, 8, 0, 0, 7, 0, 0, 1))
        assert fading.get_flags() & pygame.SRCALPHA and fading.get_alpha() < 255
        big, _ = cache.get((VESICLE, 100, 0, 0, 0, 0, 0, 3))  # a close-up's few large sprites are left as drawn
        assert big.get_flags() & pygame.SRCALPHA
    soft = pygame.Surface((6, 6), pygame.SRCALPHA)
    soft.fill((10, 20, 30, 128))
    assert opaque(soft) is soft  # half-transparent pixels: left as they are


def test_drawing_n_bodies_is_one_blit_call_and_one_sprite_per_look():
    w = World(Params(seed=3, vesicles=1500))
    w.run(40)
    lay = compute_layout(SIZE)
    cam = Camera(w.scene.width, w.scene.height, tuple(lay.scene))
    screen = Counting(SIZE)
    sprites = BoundedSprites(DARK)
    built, looked_up = [], []
    real_build, real_get = sprites._build, sprites.get
    sprites._build = lambda key: built.append(key) or real_build(key)
    sprites.get = lambda key: looked_up.append(key) or real_get(key)
    drawn = draw_bodies(screen, cam, w, 0.5, sprites, 2)
    assert drawn > 1000
    assert screen.calls == {"blit": 0, "blits": 0, "fblits": 1}
    assert len(looked_up) == len(set(looked_up)) == len(built) < drawn / 10  # one sprite per look, not per body
    built.clear()
    w.step()
    assert draw_bodies(screen, cam, w, 0.5, sprites, 2) > 1000
    assert screen.calls["fblits"] == 2 and len(built) < 5  # the next frame reuses the looks (a few new ones)
    looked_up.clear()
    draw_bodies(screen, cam, w, 0.5, sprites, 2)
    assert looked_up == []  # the same looks again: the last frame's sprites, no cache look-up
    sprites.theme = replace(sprites.theme)  # (another theme object: the sprites are looked up again)
    draw_bodies(screen, cam, w, 0.5, sprites, 2)
    assert len(looked_up) == len(set(looked_up)) > 0


def test_looks_of_is_np_unique():
    rng = np.random.default_rng(7)
    for _ in range(60):  # the table of recent codes grows, is reused and is reset
        pool = rng.integers(0, 2**50, rng.integers(1, 80))
        codes = pool[rng.integers(0, pool.size, rng.integers(1, 3000))]
        uniq, inverse = looks_of(codes)
        want, want_inv = np.unique(codes, return_inverse=True)
        assert np.array_equal(uniq, want) and np.array_equal(inverse, want_inv)

