"""Static structures of the secretory cell (Golgi stacks, ER, nucleus) and their labels."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.membrane import draw_nuclear_edge
from exoviz.render.scene_view import Label, SceneView
from exoviz.render.theme import Theme, mix
from exoviz.sim.scene import Scene

CISTERNA_HALF_NM = 20.0


def draw_background(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Golgi stacks (cis at the bottom, trans facing the membrane), ER sheets and the nuclear edge."""
    e = scene.extra
    s = cam.scale
    lw = max(2, int(round(4 * s))) + theme.outline
    # nucleus and its envelope, with ER sheets above it
    draw_nuclear_edge(screen, cam, e["nucleus_y"], theme)
    xs = np.linspace(0, scene.width, 200)
    for k, dy in enumerate((-140.0, -260.0)):
        ys = e["nucleus_y"] + dy + 25.0 * np.sin(xs / (600.0 + 150 * k))
        pts = np.stack([cam.x_to_screen(xs), cam.y_to_screen(ys)], axis=1)
        pygame.draw.lines(screen, theme.er, False, pts.tolist(), lw)
    # Golgi: five curved cisternae per stack
    for cx in e["stack_x"]:
        for i in range(int(e["cisternae"])):
            half = 0.5 * e["stack_w"] * (1.0 - 0.07 * i)
            x = np.linspace(cx - half, cx + half, 40)
            u = (x - cx) / (0.5 * e["stack_w"])
            yc = e["trans_y"] + i * e["cisterna_gap"] - e["bow"] * u**2
            top = np.stack([cam.x_to_screen(x), cam.y_to_screen(yc - CISTERNA_HALF_NM)], axis=1)
            bot = np.stack([cam.x_to_screen(x[::-1]), cam.y_to_screen(yc[::-1] + CISTERNA_HALF_NM)], axis=1)
            poly = np.concatenate([top, bot]).tolist()
            pygame.draw.polygon(screen, mix(theme.cytosol, theme.golgi, 0.35), poly)
            pygame.draw.polygon(screen, theme.golgi, poly, lw)


def labels(scene: Scene) -> list[Label]:
    """(text, anchor in nm, label offset in px) for each structure."""
    e = scene.extra
    w, m = scene.width, scene.membrane_y
    cx = float(e["stack_x"][0])
    half = 0.5 * e["stack_w"]
    cis_y = e["trans_y"] + (e["cisternae"] - 1) * e["cisterna_gap"]
    return [
        ("Extracellular fluid", (0.02 * w, 0.35 * m), (0, 0)),
        ("Plasma membrane (lipid bilayer)", (0.97 * w, m), (-40, -60)),
        ("Cytosol", (0.02 * w, m + 0.12 * scene.height), (0, 0)),
        ("Golgi, trans face", (cx + 0.55 * half, e["trans_y"] - e["bow"] * 0.3), (80, -40)),
        ("Golgi, cis face", (cx + 0.5 * half, cis_y - e["bow"] * 0.25), (90, 30)),
        ("ER", (0.9 * w, e["nucleus_y"] - 140.0), (0, -30)),
        ("Nucleus (edge)", (0.16 * w, e["nucleus_y"] + 60.0), (0, 0)),
    ]


class FullFusionView(SceneView):
    """The secretory cell: Golgi stacks, ER and nuclear edge; structure labels."""

    def draw_background(self, screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
        draw_background(screen, cam, scene, theme)

    def labels(self, scene: Scene) -> list[Label]:
        return labels(scene)
