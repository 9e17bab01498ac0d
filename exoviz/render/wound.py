"""Draws a wound in the plasma membrane: the hole with its torn bilayer edges, the Ca²⁺ flooding in (a green cloud
and arrows pointing in) or, in a Ca²⁺-free medium, the cytosol leaking out (arrows pointing out), and its labels;
and the labels of the other turnover bodies (a coated pit, dynamin, an early endosome, a lysosome). The bodies
themselves are drawn by bodies.py; LAMP-1 marks with the membrane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_, Msg
from exoviz.render.cache import SurfaceCache
from exoviz.render.labels import Label
from exoviz.render.theme import Theme, mix
from exoviz.sim.stages import Stage
from exoviz.sim.turnover_const import CA_SPREAD_NM

if TYPE_CHECKING:
    from exoviz.sim.world import World

SEALED_LABEL_PLAYBACK_S = 20.0  # the "sealed" label stays this long (playback s) after the seal
_glows = SurfaceCache("wound glows", 4 * 2**20, 16)


def _glow(radius: int, colour: tuple[int, int, int]) -> pygame.Surface:
    """A half-disc (the lower half) fading from the centre outward, cached per size and colour."""
    key = (radius, colour)
    surf = _glows.get(key)
    if surf is None:
        size = 2 * radius + 1
        yy, xx = np.mgrid[0:radius + 1, 0:size]
        d = np.hypot(xx - radius, yy) / max(radius, 1)
        alpha = (np.clip(1.0 - d, 0.0, 1.0) ** 1.5 * 170).astype(np.uint8)
        surf = pygame.Surface((size, radius + 1), pygame.SRCALPHA)
        surf.fill((*colour, 0))
        pygame.surfarray.pixels_alpha(surf)[:, :] = alpha.T
        _glows.put(key, surf)
    return surf


def draw_wound_cloud(screen: pygame.Surface, cam: Camera, world: World, theme: Theme) -> None:
    """Under the membrane and the bodies: the Ca²⁺ cloud in the cytosol below the latest wound (the lumens of
    bodies fused with the membrane are extracellular fluid, drawn over it, so they are not tinted)."""
    tv = world.turnover_view()
    w = tv.wound
    if w is None or tv.wound_ca <= 0.02:
        return
    x = float(cam.x_to_screen(w.x))
    y = int(round(cam.y_to_screen(world.scene.membrane_y)))
    radius = max(8, min(int(CA_SPREAD_NM * cam.scale), 2000))
    glow = _glow(radius, theme.calcium)
    glow.set_alpha(int(255 * min(tv.wound_ca, 1.0)))
    screen.blit(glow, (int(x) - radius, y))


def draw_wound_under(screen: pygame.Surface, cam: Camera, world: World, theme: Theme, mt: int) -> None:
    """Over the membrane, under the bodies: the open hole through the bilayer, with its torn edges."""
    w = world.turnover_view().wound
    if w is None or not w.is_open:
        return
    x = float(cam.x_to_screen(w.x))
    y = int(round(cam.y_to_screen(world.scene.membrane_y)))
    half = max(2.0, w.half_open_nm * cam.scale)
    x0, x1 = int(round(x - half)), int(round(x + half))
    screen.fill(mix(theme.ecf, theme.cytosol, 0.5), pygame.Rect(x0, y - mt - 1, x1 - x0, 2 * mt + 2))
    for edge, left in ((x0, False), (x1, True)):  # a torn bilayer's edge: its two leaflets curve into each other
        pygame.draw.circle(screen, theme.exo_leaflet, (edge, y), mt, draw_top_left=left, draw_top_right=not left)
        pygame.draw.circle(screen, theme.cyto_leaflet, (edge, y), mt, draw_bottom_left=left,
                           draw_bottom_right=not left)
    _arrows(screen, x, y, half, mt, theme, inward=bool(world.params.calcium))


def _arrows(screen: pygame.Surface, x: float, y: int, half: float, mt: int, theme: Theme, inward: bool) -> None:
    """Three arrows through the hole: down into the cytosol (Ca²⁺ floods in) or up out of it (cytosol leaks)."""
    length = max(22, int(6 * mt))
    colour = theme.calcium if inward else theme.text
    head = max(5, length // 4)
    for k in (-0.5, 0.0, 0.5):
        ax = int(round(x + k * half))
        top, bottom = y - length, y + length
        tip, tail = (bottom, top) if inward else (top, bottom)
        pygame.draw.line(screen, colour, (ax, tail), (ax, tip), max(3, mt // 2))
        sgn = 1 if inward else -1
        pygame.draw.polygon(screen, colour, ((ax - head, tip - sgn * head), (ax + head, tip - sgn * head),
                                             (ax, tip + sgn * 2)))


def draw_wound_front(screen: pygame.Surface, cam: Camera, world: World, theme: Theme, mt: int) -> None:
    """Over the bodies: nothing yet beyond the labels (kept for the membrane geometry's wound drawing)."""


def wound_labels(world: World) -> list[Label]:
    """What the latest wound is doing, anchored on it (placed by the label layout with everything else)."""
    w = world.turnover_view().wound
    if w is None:
        return []
    at = (w.x, world.scene.membrane_y)
    if w.sealed is None:
        if world.params.calcium:
            return [(N_("Wound opened here: Ca²⁺ floods in"), at, (40, -90))]
        return [(N_("Wound opened here: no Ca²⁺ outside, no repair"), at, (40, -90))]
    if (world.t - w.sealed) / world.time_scale < SEALED_LABEL_PLAYBACK_S:
        return [(Msg(N_("Wound sealed here in {s:.1f} s by lysosome membrane"),
                     s=w.sealed - w.opened), at, (40, -90))]
    return []


def turnover_labels(world: World) -> list[Label]:
    """Labels on one body of each turnover kind in the scene: a coated pit, dynamin at a neck, an early endosome,
    a lysosome (the oldest of each); the wound's are wound_labels (placed first)."""
    v = world.ves
    out: list[Label] = []
    for stage, text, off in ((Stage.PIT, N_("Clathrin-coated pit"), (-50, 70)),
                             (Stage.PIT_NECK, N_("Dynamin pinches the neck"), (60, 80)),
                             (Stage.SORTING, N_("Early endosome"), (70, 40)),
                             (Stage.LYSOSOME_IDLE, N_("Lysosome"), (-60, 50)),
                             (Stage.TO_WOUND, N_("Lysosome to the wound"), (-60, 50)),
                             (Stage.PHAGO_CUP, N_("Phagocytic cup closing around a bead"), (-80, 60)),
                             (Stage.PHAGOSOME, N_("Phagosome with the bead"), (-80, 60)),
                             (Stage.BEAD_OUT, N_("Bead (1 µm)"), (80, -40)),
                             (Stage.MACRO_CUP, N_("Macropinocytic cup: fluid taken in"), (70, 60)),
                             (Stage.MACROPINOSOME, N_("Macropinosome"), (70, 50))):
        if stage == Stage.LYSOSOME_IDLE:  # one of the lysosomes near the membrane (exosome mode labels its own)
            mine = world.turnover_view().lysosomes
            mine = mine[v.alive[mine] & (v.stage[mine] == Stage.LYSOSOME_IDLE)]
            i = int(mine[0]) if mine.size else -1
        else:
            i = v.oldest((stage,))
        if i >= 0:
            out.append((text, (float(v.pos[i, 0]), float(v.pos[i, 1] + 0.5 * v.radius[i])), off))
    return out
