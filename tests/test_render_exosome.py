"""Exosome-mode drawing: the nucleus band sits at nucleus_y and forming ILVs show a neck to their MVB's rim."""

import inspect
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render import scene_exosome
from exoviz.render.layout import compute_layout
from exoviz.render.renderer import Renderer
from exoviz.render.scale_note import vesicle_leaflet_px
from exoviz.render.theme import DARK
from exoviz.sim.stages import Stage
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers

SIZE = (1280, 720)
HOOKED = "draw_front" in inspect.getsource(Renderer.draw)


pytestmark = pytest.mark.usefixtures("pygame_display")


def near(px: np.ndarray, colour, tol: int = 30) -> np.ndarray:
    return np.all(np.abs(px.astype(int) - np.array(colour)) < tol, axis=-1)


def render(world: World, cam: Camera | None = None, front: bool = False):
    screen = pygame.Surface(SIZE)
    lay = compute_layout(SIZE)
    cam = cam or Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    Renderer(DARK).draw(screen, world, cam, 1.0, Layers(labels=False, captions=False), HudState(), lay.column)
    if front:
        scene_exosome.draw_front(screen, cam, world, DARK, 1.0)
    return cam, pygame.surfarray.array3d(screen)


def world_with_bud() -> tuple[World, int]:
    """A world where one typical ILV bud (on an MVB <= 500 nm across, whose rim curvature the cross-section
    assumes) is a third of the way through pinching off (wide, visible neck), with no other
    ILV within 40 nm of where its neck meets the rim and no protein on its MVB's rim (MVBs hold tens of ILVs and
    carry a dozen proteins: the neck's surroundings are cleared so that only the neck is sampled)."""
    w = World(Params(mode="exosome", seed=7))
    v = w.ves
    for _ in range(3000):
        w.step()
        b = v.where(Stage.ILV_BUD)
        frac = v.t_stage[b] / np.maximum(v.dur[b], 1e-9)
        typical = (v.r_full[b] >= 35.0) & (v.r_full[b] <= 50.0) & (v.radius[v.parent[b]] <= 250.0)  # small MVB
        for i in b[(frac > 0.25) & (frac < 0.45) & typical]:
            par = v.parent[i]
            rim = v.pos[par] + v.rel[i] / np.hypot(*v.rel[i]) * v.radius[par]
            others = np.flatnonzero((v.parent == par) & (np.arange(v.capacity) != i) & v.alive)
            if (np.hypot(*(v.pos[others] - rim).T) - v.radius[others] > 40.0).all():
                v.proteins[par] = 0  # no membrane protein drawn on the rim over the neck either
                return w, int(i)
    raise AssertionError("no ILV bud formed")


def neck_cross_section(world: World, bud: int, front: bool) -> tuple[np.ndarray, np.ndarray]:
    """Pixels across the neck where it crosses the parent's outer (cytosolic) leaflet, and that leaflet nearby."""
    v = world.ves
    par = int(v.parent[bud])
    lay = compute_layout(SIZE)
    cam = Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    cam.look_at(v.pos[par], 8.0)
    cam, px = render(world, cam, front)
    pc, bc = cam.to_screen(v.pos[[par, bud]])
    u = (bc - pc) / np.hypot(*(bc - pc))
    perp = np.array([-u[1], u[0]])
    r_par = v.radius[par] * cam.scale
    on_rim = pc + u * (r_par - 0.5 * vesicle_leaflet_px(cam))  # middle of the outer leaflet
    offs = np.arange(-16, 17)[:, None] * perp
    across = np.round(on_rim + offs).astype(int)
    rot = np.array([[np.cos(0.6), -np.sin(0.6)], [np.sin(0.6), np.cos(0.6)]])  # same leaflet, 34 deg away
    away = np.round(pc + (rot @ u) * np.hypot(*(on_rim - pc))).astype(int)
    return px[across[:, 0], across[:, 1]], px[away[0], away[1]]


def test_nucleus_band_is_drawn_at_nucleus_y():
    w = World(Params(mode="exosome", seed=1))
    w.run(20)
    cam, px = render(w)
    ny = float(w.scene.exosome.nucleus_y)
    vx, _, vw, _ = cam.view
    xs = np.arange(vx + int(0.3 * vw), vx + int(0.6 * vw))
    inside = px[xs, int(cam.y_to_screen(ny + 20.0))]  # between the two envelope lines
    deep = px[xs, int(cam.y_to_screen(ny + 150.0))]
    envelope = px[xs, int(cam.y_to_screen(ny))]
    above = px[xs, int(cam.y_to_screen(ny - 150.0))]
    assert near(inside, DARK.nucleus, 12).mean() > 0.9
    assert near(deep, DARK.nucleus, 12).mean() > 0.9
    assert near(envelope, DARK.er, 30).mean() > 0.9
    assert near(above, DARK.nucleus, 12).mean() < 0.2  # cytosol above the nuclear edge


def test_draw_front_puts_a_neck_between_the_bud_and_its_parents_rim():
    w, bud = world_with_bud()
    across, away = neck_cross_section(w, bud, front=True)
    assert near(away, DARK.cyto_leaflet, 40)  # the limiting membrane's outer leaflet elsewhere
    walls = near(across, DARK.exo_leaflet, 40)
    assert walls[:16].sum() >= 1 and walls[17:].sum() >= 1  # neck walls (exoplasmic leaflet) on both sides
    assert not near(across[13:20], DARK.cyto_leaflet, 40).any()  # the cytosolic leaflet is cut through (±1 px)
    assert near(across[16], DARK.cytosol, 30)  # open core: cytosol still flows into the bud


@pytest.mark.xfail(not HOOKED, reason="renderer.py does not call scene_exosome.draw_front after the bodies yet",
                   strict=True)
def test_renderer_draws_bud_necks_on_top_of_the_mvb():
    w, bud = world_with_bud()
    across, _ = neck_cross_section(w, bud, front=False)
    walls = near(across, DARK.exo_leaflet, 40)
    assert walls[:16].sum() >= 1 and walls[17:].sum() >= 1


def test_a_neck_stamp_is_blitted_once_per_place_and_draws_the_same_pixels(monkeypatch):
    pts = np.array([[40.2, 30.0], [40.4, 29.8], [40.0, 30.0], [52.0, 31.0], [52.3, 31.2], [70.0, 40.0]])
    radii = np.array([3.0, 3.0, 6.0, 3.0, 3.1, 0.2])  # (the last too small to stamp)
    colour = (200, 120, 40)
    one_by_one = pygame.Surface((120, 80))
    for p, r in zip(pts, radii):
        scene_exosome._stamp(one_by_one, p[None, :], np.array([r]), colour)
    blitted = []
    real = pygame.Surface.fblits

    class Counting(pygame.Surface):
        def fblits(self, seq, *args):
            seq = list(seq)
            blitted.extend(tl for _, tl in seq)
            return real(self, seq, *args)

    together = Counting((120, 80))
    scene_exosome._stamp(together, pts, radii, colour)
    assert len(blitted) == 3  # two places at radius 3 (the near-duplicates round to them), one at radius 6
    assert pygame.image.tobytes(together, "RGB") == pygame.image.tobytes(one_by_one, "RGB")
