"""Draws the plasma membrane as a bilayer (two leaflets), its vesicle-derived patches and surface proteins."""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.render.theme import Theme
from exoviz.sim.scene import HALF_BILAYER_NM as LEAFLET_NM  # one leaflet of a ~5 nm bilayer
from exoviz.sim.surface import LAMP1


def leaflet_half_px(cam: Camera, theme: Theme) -> int:
    """Drawn thickness of one leaflet in px: true to scale when zoomed in, at least 3 px otherwise."""
    return max(3, int(round(LEAFLET_NM * cam.scale))) + theme.outline


def draw_bilayer(screen: pygame.Surface, cam: Camera, y_nm: float, x0_nm: float, x1_nm: float,
                 theme: Theme, upper: tuple[int, int, int], lower: tuple[int, int, int]) -> int:
    """A horizontal bilayer from x0 to x1 (nm) at y (nm): the upper and lower leaflets in their colours."""
    mt = leaflet_half_px(cam, theme)
    y = int(round(cam.y_to_screen(y_nm)))
    xa = int(max(cam.view[0], cam.x_to_screen(x0_nm)))
    xb = int(min(cam.view[0] + cam.view[2], cam.x_to_screen(x1_nm)))
    if xb <= xa:
        return mt
    screen.fill(upper, pygame.Rect(xa, y - mt, xb - xa, mt))
    screen.fill(lower, pygame.Rect(xa, y, xb - xa, mt))
    # head groups: a dotted line on each face (texture that reads as "lipids" up close)
    if mt >= 5:
        step = max(4, mt)
        xs = np.arange(xa + step // 2, xb, step)
        dot = pygame.Surface((3, 3), pygame.SRCALPHA)
        dot.fill((*theme.text_dim, 140))
        top = np.stack([xs - 1, np.full(xs.size, y - mt)], axis=1).tolist()
        bot = np.stack([xs - 1, np.full(xs.size, y + mt - 3)], axis=1).tolist()
        screen.fblits(zip(repeat(dot), top + bot))
    return mt


def draw_nuclear_edge(screen: pygame.Surface, cam: Camera, y_nm: float, theme: Theme) -> None:
    """The nucleus filling the view below y_nm, under its double envelope (two membranes 40 nm apart)."""
    vx, vy, vw, vh = cam.view
    ny = cam.y_to_screen(y_nm)
    if ny >= vy + vh:
        return
    lw = max(2, int(round(4 * cam.scale))) + theme.outline
    screen.fill(theme.nucleus, pygame.Rect(vx, int(ny), vw, int(vy + vh - ny) + 1))
    for off in (0.0, 40.0):
        y = int(cam.y_to_screen(y_nm + off))
        pygame.draw.line(screen, theme.er, (vx, y), (vx + vw, y), lw)


def draw_plasma_membrane(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float,
                         show_proteins: bool, protein_img: pygame.Surface,
                         lamp_img: pygame.Surface | None = None) -> int:
    """The plasma membrane with patches of delivered (vesicle-derived) outer leaflet and its proteins (LAMP-1,
    brought by lysosome exocytosis, with lamp_img)."""
    sc = world.scene
    x0, _, x1, _ = cam.visible_world()  # the membrane continues beyond the modelled region
    mt = draw_bilayer(screen, cam, sc.membrane_y, x0, x1, theme, theme.exo_leaflet, theme.cyto_leaflet)
    y = int(round(cam.y_to_screen(sc.membrane_y)))
    vx, _, vw, _ = cam.view
    surf = world.surface
    if surf.patch_x.size:
        cols = np.arange(vx, vx + vw, dtype=np.float64)
        xs = (cols - (vx + vw / 2)) / cam.scale + cam.center[0]
        frac = surf.vesicle_fraction(xs, world.t)
        if frac.max() > 0.02:
            band = max(2, mt // 2 + 1)
            base = np.array(theme.exo_leaflet, dtype=np.float64)
            hi = np.array(theme.delivered, dtype=np.float64)
            rgb = base[None, :] + (hi - base)[None, :] * frac[:, None]
            strip = pygame.surfarray.make_surface(np.repeat(rgb[:, None, :], band, axis=1).astype(np.uint8))
            screen.blit(strip, (vx, y - mt))
    if show_proteins and surf.prot_x.size:
        px = cam.x_to_screen(surf.prot_prev + (surf.prot_x - surf.prot_prev) * alpha)
        ok = (px >= vx) & (px < vx + vw)
        for kind, img in ((0, protein_img), (LAMP1, lamp_img or protein_img)):  # two kinds of mark
            sel = ok & (surf.prot_kind == kind)
            w, h = img.get_size()
            tl = np.stack([np.round(px[sel]) - w // 2, np.full(int(sel.sum()), y - mt - h + 1)], axis=1)
            screen.fblits(zip(repeat(img), tl.astype(np.int64).tolist()))
    return mt
