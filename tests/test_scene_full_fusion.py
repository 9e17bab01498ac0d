"""Full fusion's scene view: the Ca²⁺ glow under the membrane is drawn only over the rows in view, and those rows
look exactly as when the whole band was scaled and blitted (a close-up's band is thousands of px deep)."""

from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.render import scene_full_fusion as ff
from exoviz.render.theme import THEMES

pytestmark = pytest.mark.usefixtures("pygame_display")


def whole_band(screen, cam, world, theme) -> None:
    """The glow as drawn before: the whole band, however deep, scaled to the view's width."""
    ca = world.signal_view().cytosolic_ca
    vx, vy, vw, vh = cam.view
    y0 = int(round(cam.y_to_screen(world.scene.membrane_contact_y)))
    depth = max(6, int(round(ff.CA_BAND_NM * cam.scale)))
    shade = np.linspace(1.0, 0.0, depth) ** 1.2 * 110 * ca
    band = pygame.Surface((1, depth), pygame.SRCALPHA)
    band.fill((*theme.calcium, 0))
    pygame.surfarray.pixels_alpha(band)[0, :] = shade.astype(np.uint8)
    screen.blit(pygame.transform.scale(band, (vw, depth)), (vx, y0))


@pytest.mark.parametrize("zoom, look_y", [(1.0, 3000.0), (12.0, 3000.0), (12.0, 3300.0), (12.0, 2000.0)])
def test_the_glow_in_view_is_the_whole_band_clipped(zoom, look_y):
    scene = SimpleNamespace(width=8000.0, height=6000.0, membrane_contact_y=3000.0,
                            secretory=SimpleNamespace(fibrils=None))  # no fibroblast fibrils here
    world = SimpleNamespace(scene=scene, signal_view=lambda: SimpleNamespace(cytosolic_ca=0.8))
    theme = THEMES["dark"]
    cam = Camera(scene.width, scene.height, (20, 10, 300, 200))
    cam.MAX_ZOOM = 1e6
    cam.look_at(np.array([4000.0, look_y]), zoom)
    shots = []
    for draw in (ff.draw_overlay, lambda s, c, w, t, _a: whole_band(s, c, w, t)):
        screen = pygame.Surface((340, 220))
        screen.fill((30, 40, 50))
        screen.set_clip(pygame.Rect(cam.view))
        draw(screen, cam, world, theme, 1.0)
        shots.append(pygame.surfarray.array3d(screen))
    assert np.array_equal(shots[0], shots[1])
    if look_y == 2000.0 and zoom == 12.0:  # the band is below the view: nothing drawn
        assert (shots[0] == (30, 40, 50)).all()
    else:
        assert (shots[0] != (30, 40, 50)).any()


@pytest.mark.parametrize("cell", ["beta-cell", "enterocyte", "acinar"])
def test_a_close_up_on_the_membrane_draws_no_golgi_or_er_and_looks_the_same(monkeypatch, cell):
    """A close-up on the membrane (its background drawn again as it follows an event) skips the ER and Golgi far
    below it (counted: no polygon, no ER line), and its picture is the one drawn with them; the main view has them."""
    from exoviz.cli import parse
    from exoviz.session import Session

    scene = Session(parse(["--headless", "--duration", "1", "--cell", cell, "--seed", "1"])).world.scene
    theme = THEMES["projector"]
    drawn: list[str] = []
    polygon, lines = pygame.draw.polygon, pygame.draw.lines
    monkeypatch.setattr(pygame.draw, "polygon", lambda *a, **k: (drawn.append("golgi" if a[1] == theme.golgi else ""),
                                                                  polygon(*a, **k))[1])
    monkeypatch.setattr(pygame.draw, "lines", lambda *a, **k: (drawn.append("er"), lines(*a, **k))[1])
    close = Camera(scene.width, scene.height, (15, 15, 526, 393))
    close.MAX_ZOOM = 1e6
    close.look_at(np.array([0.5 * scene.width, scene.membrane_y]), 29.0)
    shots, rows_seen = [], ff._rows_seen
    for seen in (rows_seen, lambda *a: True):
        monkeypatch.setattr(ff, "_rows_seen", seen)
        drawn.clear()
        screen = pygame.Surface((560, 420))
        screen.fill(theme.cytosol)
        ff.draw_background(screen, close, scene, theme)
        shots.append((pygame.surfarray.array3d(screen), list(drawn)))
    assert "golgi" not in shots[0][1] and "er" not in shots[0][1] and "golgi" in shots[1][1]
    assert np.array_equal(shots[0][0], shots[1][0])
    monkeypatch.setattr(ff, "_rows_seen", rows_seen)
    drawn.clear()
    main = Camera(scene.width, scene.height, (0, 0, 1400, 720))
    ff._golgi_and_nucleus(pygame.Surface((1400, 720)), main, scene, theme)
    assert drawn.count("er") == 2 and "golgi" in drawn
