"""The secretory cell's cytoskeleton and polarity as drawn: microtubule tracks, the cortical actin layer, the
enterocyte's basal nucleus and the way to its tight junctions, and the fibroblast's banded collagen fibrils."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.theme import Theme, mix
from exoviz.sim import fibril
from exoviz.sim.fibril import Fibrils
from exoviz.sim.scene import Scene
from exoviz.sim.tracks import Tracks

MICROTUBULE_NM = 25.0  # a microtubule is 25 nm across: to scale (at least 1 px)
ACTIN_MESH_NM = 60.0  # spacing of the filaments drawn in the cortex (illustrative: a mesh of ~7-nm filaments)


def microtubule_colour(theme: Theme) -> tuple[int, int, int]:
    return mix(theme.cytosol, theme.text_dim, 0.45)


def draw_tracks(screen: pygame.Surface, cam: Camera, tk: Tracks, theme: Theme) -> None:
    """Each microtubule from near the Golgi (minus end) up to the cortex (plus end)."""
    if tk.x.size == 0:
        return
    w = max(1, int(round(MICROTUBULE_NM * cam.scale)))
    colour = microtubule_colour(theme)
    y0, y1 = cam.y_to_screen(tk.minus_y), cam.y_to_screen(tk.plus_y)
    for x in cam.x_to_screen(tk.x):  # a few lines: one per track
        pygame.draw.line(screen, colour, (x, y0), (x, y1), w)


def draw_cortex(screen: pygame.Surface, cam: Camera, tk: Tracks, theme: Theme) -> None:
    """The actin cortex: a tinted band under the membrane, crossed by a mesh of fine filaments."""
    vx, _vy, vw, _vh = cam.view
    top, bot = cam.y_to_screen(tk.membrane_y), cam.y_to_screen(tk.cortex_y)
    if bot - top < 1.0:
        return
    colour = mix(theme.cytosol, theme.calcium, 0.18)
    screen.fill(mix(theme.cytosol, colour, 0.5), pygame.Rect(vx, int(top), vw, max(1, int(bot - top))))
    step = ACTIN_MESH_NM * cam.scale
    if step < 4.0:
        return
    x0, _, x1, _ = cam.visible_world()
    xs = cam.x_to_screen(np.arange(x0 - x0 % ACTIN_MESH_NM, x1 + ACTIN_MESH_NM, ACTIN_MESH_NM))
    lean, top_i, bot_i = round(0.6 * (bot - top)), round(top), round(bot)
    # whole pixels, rounded (not truncated toward zero: a filament left of the window edge would be drawn one
    # pixel off its twin in a panel further right, and control beside treatment would differ by it)
    for x in np.round(xs).astype(int).tolist():  # criss-crossing filaments: one pair per mesh step
        pygame.draw.line(screen, colour, (x, top_i), (x + lean, bot_i), 1)
        pygame.draw.line(screen, colour, (x + lean, top_i), (x, bot_i), 1)


def draw_nucleus(screen: pygame.Surface, cam: Camera, tk: Tracks, theme: Theme) -> None:
    """The enterocyte's nucleus, basal: an ellipse under its double envelope."""
    cx, cy, ax, ay = tk.nucleus
    rect = pygame.Rect(0, 0, max(2, int(2 * ax * cam.scale)), max(2, int(2 * ay * cam.scale)))
    rect.center = (int(cam.x_to_screen(cx)), int(cam.y_to_screen(cy)))
    pygame.draw.ellipse(screen, theme.nucleus, rect)
    lw = max(2, int(round(4 * cam.scale))) + theme.outline
    pygame.draw.ellipse(screen, theme.er, rect, lw)
    pygame.draw.ellipse(screen, theme.er, rect.inflate(int(80 * cam.scale) + 2 * lw, int(80 * cam.scale) + 2 * lw), lw)


def draw_apical_pointer(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Enterocyte: at the bottom of the cytosol, an arrow down to the apical pole (tight junctions, brush border),
    which lies beyond the region shown."""
    x = cam.x_to_screen(0.85 * scene.width)
    y = cam.y_to_screen(scene.cyto[3])
    s = 10
    pygame.draw.line(screen, theme.text_dim, (x, y - 4 * s), (x, y), 3)
    pygame.draw.polygon(screen, theme.text_dim, [(x - s, y - s), (x + s, y - s), (x, y + s // 2)])


def draw_fibrils(screen: pygame.Surface, cam: Camera, fib: Fibrils, theme: Theme) -> None:
    """Collagen fibrils assembled so far: 100 nm thick, with a dark band every D-period (67 nm) where it shows."""
    left, right = fibril.extent(fib)
    width = max(2, int(round(fibril.FIBRIL_NM * cam.scale)))
    light = mix(theme.ecf, theme.protein_cargo, 0.45)
    dark = mix(theme.ecf, theme.protein_cargo, 0.85)
    period = fibril.D_PERIOD_NM * cam.scale
    for a, b, y in zip(left, right, fib.y, strict=True):
        if b - a <= 0.0:
            continue
        ys = cam.y_to_screen(y)
        xa, xb = cam.x_to_screen(a), cam.x_to_screen(b)
        pygame.draw.line(screen, light, (xa, ys), (xb, ys), width)
        if period >= 3.0:  # the gap zones: dark bands, one per D-period
            for xg in np.arange(xa, xb, period):
                pygame.draw.line(screen, dark, (xg, ys - width // 2), (xg, ys + width // 2), max(1, int(period / 2)))
