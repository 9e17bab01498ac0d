"""Headless rendering of the synapse: postsynaptic membrane, lit receptors and Ca2+ entry appear in the pixels."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render import scene_kiss_and_run as skr
from exoviz.render.layout import compute_layout
from exoviz.render.membrane import leaflet_half_px
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers

QUIET = Layers(labels=False, captions=False)


pytestmark = pytest.mark.usefixtures("pygame_display")


def render(world: World, size=(1280, 720), layers: Layers = QUIET):
    screen = pygame.Surface(size)
    lay = compute_layout(size)
    cam = Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    Renderer(DARK).draw(screen, world, cam, 1.0, layers, HudState(), lay.column)
    return cam, pygame.surfarray.array3d(screen).astype(int)


def near(px: np.ndarray, colour, tol: int = 40) -> np.ndarray:
    return np.all(np.abs(px - np.array(colour)) < tol, axis=-1)


def world_after_stimulus(steps: int) -> World:
    w = World(Params(mode="kiss-and-run", seed=1))
    w.run(20)
    w.stimulate()
    w.run(steps)
    return w


def test_postsynaptic_membrane_is_a_bilayer_at_post_y_with_its_cytosol_above():
    w = World(Params(mode="kiss-and-run", seed=1))
    w.run(10)
    cam, px = render(w)
    e = w.scene.synapse
    py = int(round(cam.y_to_screen(e.post_y)))
    x_end = int(cam.x_to_screen(e.cleft_x[0])) - 10  # left of the synapse: no receptors there
    xs = np.arange(cam.view[0] + 5, x_end)
    assert xs.size > 50
    assert near(px[xs, py - 2], DARK.cyto_leaflet).mean() > 0.9  # cytosolic leaflet faces the postsynaptic cell
    assert near(px[xs, py + 1], DARK.exo_leaflet).mean() > 0.9  # exoplasmic leaflet faces the cleft
    assert near(px[xs, py - 40], skr.post_cytosol(DARK), 6).mean() > 0.9
    cleft = int(round(cam.y_to_screen(0.5 * (e.post_y + w.scene.membrane_y))))
    assert near(px[xs, cleft], DARK.ecf, 6).mean() > 0.9  # the cleft is extracellular fluid


def test_lit_receptor_is_drawn_differently_from_an_unlit_one():
    w = world_after_stimulus(0)
    for _ in range(300):
        if w.mech.receptor_level.max() > 0.5:
            break
        w.step()
    level = w.mech.receptor_level
    assert level.max() > 0.5, "no receptor lit within 300 steps of a stimulus"
    cam, px = render(w)
    e = w.scene.synapse
    rx = e.receptor_x
    lit = int(np.argmax(level))
    dark = np.flatnonzero(level == 0.0)
    unlit = int(dark[np.argmax(np.min(np.abs(rx[dark, None] - rx[None, level > 0]), axis=1))])
    row = int(round(cam.y_to_screen(e.post_y))) + leaflet_half_px(cam, DARK) + 1
    p_lit = px[int(round(cam.x_to_screen(rx[lit]))) - 2, row]
    p_unlit = px[int(round(cam.x_to_screen(rx[unlit]))) - 2, row]
    assert near(p_lit, DARK.receptor_lit) and near(p_unlit, DARK.receptor)
    assert np.abs(p_lit - p_unlit).sum() > 100


def calcium_pixels(w: World) -> int:
    cam, px = render(w)
    e = w.scene.synapse
    top = int(round(cam.y_to_screen(w.scene.membrane_y))) + leaflet_half_px(cam, DARK)
    a0, a1 = (int(round(cam.x_to_screen(x))) for x in e.az_x)
    return int(near(px[a0 - 10:a1 + 10, top:top + 30], DARK.calcium, 30).sum())


def test_calcium_appears_at_the_active_zone_only_after_a_stimulus():
    before = World(Params(mode="kiss-and-run", seed=1))
    before.run(40)
    assert calcium_pixels(before) == 0
    assert skr.dynamic_labels(before) == []
    after = world_after_stimulus(2)
    assert calcium_pixels(after) > 30
    assert [t for t, _, _ in skr.dynamic_labels(after)] == ["Ca²⁺"]


def test_labels_name_every_structure_and_render_with_labels_on():
    w = world_after_stimulus(3)
    names = [str(t) for t, _, _ in skr.labels(w.scene)]  # Msg labels: as shown in English
    for want in ("Postsynaptic cell", "Postsynaptic membrane with receptors", "Synaptic cleft (20 nm)",
                 "Active zone", "Presynaptic terminal", "Synaptic vesicles (~40 nm)"):
        assert want in names
    render(w, layers=Layers())
    render(w, size=(3840, 2160), layers=Layers())


def test_the_calcium_glow_of_the_next_step_is_built_ahead_in_the_frames_between(monkeypatch):
    """Magnified (a close-up), the Ca²⁺ glow is a new sprite at each step as it spreads: the frames between two steps
    build the next step's sprites ahead (one a frame), so the step's frame builds none, and it draws the very
    pixels a frame with nothing built ahead draws."""
    w = world_after_stimulus(1)
    e = w.scene.synapse
    cam = Camera(w.scene.width, w.scene.height, (0, 0, 900, 600))
    cam.MAX_ZOOM = 1e6
    cam.look_at(np.array([0.5 * (e.az_x[0] + e.az_x[1]), w.scene.membrane_y]), 600.0 / cam.base_scale / 120.0)
    screen = pygame.Surface((900, 600))
    built: list[tuple[int, int]] = []
    make = skr._ca_entry
    monkeypatch.setattr(skr, "_ca_entry", lambda q, reach, *a: (built.append((q, reach)), make(q, reach, *a))[1])
    skr._sprites.clear()
    for _ in range(2):  # two steps seen: the glow's rate known
        skr.draw_overlay(screen, cam, w, DARK, 1.0)
        w.step()
    for _ in range(9):  # the frames between two of the model's steps in the close-up's slow motion
        skr.draw_overlay(screen, cam, w, DARK, 1.0)
    assert skr.glows_ahead["built"] > 0
    w.step()
    built.clear()
    screen.fill(DARK.cytosol)
    skr.draw_overlay(screen, cam, w, DARK, 1.0)
    assert built == [] and np.asarray(w.scene.synapse.ca_level).max() > skr.CA_SHOW  # lit, and nothing built
    ahead = pygame.surfarray.array3d(screen)
    skr._sprites.clear()
    screen.fill(DARK.cytosol)
    skr.draw_overlay(screen, cam, w, DARK, 1.0)
    assert built and np.array_equal(ahead, pygame.surfarray.array3d(screen))
    count = skr.glows_ahead["built"]
    for _ in range(6):  # at the model's own pace, a step every frame: nothing is built ahead
        w.step()
        skr.draw_overlay(screen, cam, w, DARK, 1.0)
    assert skr.glows_ahead["built"] == count


def test_a_glow_worked_out_on_one_quadrant_is_the_whole_discs():
    """The Ca²⁺ glow's alpha is worked out on one quadrant and mirrored: the very values of the whole disc's
    formula, at every radius and strength (a 4K close-up's glow is ~1.6 M px)."""
    for radius in (0, 1, 2, 7, 18, 115, 331):
        x = np.arange(-radius, radius + 1, dtype=np.float32) / np.float32(max(radius, 1))
        t = np.clip(1.0 - np.sqrt(x[:, None] ** 2 + x[None, :] ** 2), 0.0, 1.0).astype(np.float32)
        for strength in (0.125, 0.3137, 0.87, 1.0):
            whole = (t * np.sqrt(t) * np.float32(200 * strength)).astype(np.uint8)
            assert np.array_equal(skr._glow_alpha(radius, strength), whole)
