"""Synapse structures for kiss-and-run: postsynaptic cell, membrane and receptors, active zone, Ca2+ entry, labels."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.render.camera import Camera
from exoviz.render.membrane import draw_bilayer, leaflet_half_px
from exoviz.render.theme import Color, Theme, mix
from exoviz.sim.scene import Scene

RECEPTOR_OUT_NM = 7.0  # receptors stand ~7 nm into the 20 nm cleft (drawn; AMPA receptors reach ~13 nm)
AZ_BAND_NM = 8.0  # dense active-zone matrix under the presynaptic membrane
CA_SHOW = 0.05  # Ca2+ level below which nothing is drawn
CA_FADE_S = 0.004  # Ca2+ dots spread away from the channels over ~4 ms after an action potential
# Ca2+ dot offsets (unit half-disc below the membrane, golden-angle spiral): fixed, so no flicker
_K = np.arange(8)
_ANG = (_K * 2.39996) % np.pi
_RAD = np.sqrt((_K + 0.5) / _K.size)
CA_OFFSETS = np.stack([np.cos(_ANG) * _RAD, np.sin(_ANG) * _RAD], axis=1)
_glow_cache: dict[tuple[int, Color], pygame.Surface] = {}


def _glow(radius: int, colour: Color) -> pygame.Surface:
    """A soft radial disc of colour (per-pixel alpha), cached by size and colour."""
    key = (radius, colour)
    if key not in _glow_cache:
        d = 2 * radius + 1
        yy, xx = np.mgrid[0:d, 0:d] - radius
        a = np.clip(1.0 - np.hypot(xx, yy) / max(radius, 1), 0.0, 1.0) ** 1.5 * 200
        s = pygame.Surface((d, d), pygame.SRCALPHA)
        s.fill((*colour, 0))
        pygame.surfarray.pixels_alpha(s)[:] = a.T.astype(np.uint8)
        _glow_cache[key] = s
    return _glow_cache[key]


def post_cytosol(theme: Theme) -> Color:
    """The postsynaptic cell's cytosol: the presynaptic cytosol tinted so the two cells differ."""
    return mix(theme.cytosol, theme.protein, 0.12)


def draw_background(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Postsynaptic cytosol and membrane (cytosolic leaflet up), the active-zone band and docking-site ticks."""
    e = scene.extra
    vx, vy, vw, vh = cam.view
    py = int(round(cam.y_to_screen(e["post_y"])))
    if py > vy:
        screen.fill(post_cytosol(theme), pygame.Rect(vx, vy, vw, min(py, vy + vh) - vy))
    x0, _, x1, _ = cam.visible_world()
    draw_bilayer(screen, cam, e["post_y"], x0, x1, theme, theme.cyto_leaflet, theme.exo_leaflet)
    # active zone: a dense band just under the presynaptic membrane, docking sites as ticks below it
    mt = leaflet_half_px(cam, theme)
    my = int(round(cam.y_to_screen(scene.membrane_y)))
    a0, a1 = (int(round(cam.x_to_screen(x))) for x in e["az_x"])
    band = max(3, int(round(AZ_BAND_NM * cam.scale)))
    dense = mix(theme.cytosol, theme.text_dim, 0.45)
    screen.fill(dense, pygame.Rect(a0, my + mt, a1 - a0, band))
    tick = max(4, int(round(6 * cam.scale)))
    lw = max(1, int(round(cam.scale))) + theme.outline
    for sx in cam.x_to_screen(e["sites_x"]):  # ~10 sites
        pygame.draw.line(screen, theme.text_dim, (sx, my + mt + band), (sx, my + mt + band + tick), lw + 1)


def draw_overlay(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
    """Receptors (lit ones glow and show an open pore), Ca2+ channels and Ca2+ entering after an action potential."""
    sc, e, s = world.scene, world.scene.extra, cam.scale
    mt = leaflet_half_px(cam, theme)
    # receptors on the cleft face of the postsynaptic membrane
    py = cam.y_to_screen(e["post_y"])
    w = max(4, int(round(2 * e["receptor_half_nm"] * s)))
    out = max(4, int(round(RECEPTOR_OUT_NM * s)))
    level = e["receptor_level"]
    for x, lv in zip(cam.x_to_screen(e["receptor_x"]), level):  # ~20 receptors
        rect = pygame.Rect(int(round(x - w / 2)), int(round(py - mt)), w, mt + out + mt)
        if lv > 0.0:
            g = _glow(max(6, int(round((6 + 10 * lv) * s))) + 4, theme.receptor_lit)
            g.set_alpha(int(80 + 175 * lv))
            screen.blit(g, g.get_rect(center=(rect.centerx, rect.bottom)))
            pygame.draw.rect(screen, theme.receptor_lit, rect)
            pygame.draw.rect(screen, theme.highlight, rect.inflate(2, 2), 1 + theme.outline)  # outlined when lit
            slit = max(1, w // 4)  # the channel stands open: a gap down its middle
            screen.fill(theme.cytosol, pygame.Rect(rect.centerx - slit // 2, rect.y + 1, slit, rect.h - 2))
        else:
            pygame.draw.rect(screen, theme.receptor, rect)
            notch = max(1, w // 3)  # a "Y": closed stem, binding cup facing the cleft
            screen.fill(theme.ecf, pygame.Rect(rect.centerx - notch // 2, rect.bottom - max(2, out // 2),
                                               notch, max(2, out // 2)))
    # Ca2+ channels between and beside the docking sites, in the presynaptic membrane
    my = cam.y_to_screen(sc.membrane_y)
    sites = np.asarray(e["sites_x"])
    ca = np.asarray(e["ca_level"])
    half = 0.5 * (sites[1] - sites[0]) if sites.size > 1 else 20.0
    chx = cam.x_to_screen(np.concatenate([sites - half, sites[-1:] + half]))
    ch_ca = np.maximum(np.concatenate([ca, [0.0]]), np.concatenate([[0.0], ca]))  # both neighbouring sites
    cw = max(3, int(round(4 * s)))
    for x, lv in zip(chx, ch_ca):  # ~11 channels
        r = pygame.Rect(int(round(x - cw / 2)), int(round(my - mt - 1)), cw, 2 * mt + 2)
        pygame.draw.rect(screen, mix(theme.receptor, theme.calcium, 0.25), r)
        if lv > CA_SHOW:  # open: a pore through the channel
            screen.fill(theme.calcium, pygame.Rect(r.centerx - max(1, cw // 4), r.y, max(1, cw // 2), r.h))
    # Ca2+ entering: a glow and a few ions just under each open channel, spreading as it fades
    since = world.t - float(e["last_ap_t"])
    spread = float(np.clip(since / CA_FADE_S, 0.0, 1.0))
    reach = max(8.0, (10.0 + 20.0 * spread) * s)
    dot = max(2, int(round(1.5 * s)))
    base_y = my + mt + 1
    clip = screen.get_clip()
    screen.set_clip(clip.clip(pygame.Rect(clip.x, int(base_y), clip.w, clip.h)))  # only inside the terminal
    for x, lv in zip(chx, ch_ca):
        if lv <= CA_SHOW:
            continue
        g = _glow(int(round(reach * 1.6)), theme.calcium)
        g.set_alpha(int(255 * min(1.0, lv)))
        screen.blit(g, g.get_rect(center=(int(x), int(base_y))))
        n = max(1, int(round(lv * CA_OFFSETS.shape[0])))
        for ox, oy in CA_OFFSETS[:n] * reach:
            pygame.draw.circle(screen, theme.calcium, (x + ox, base_y + oy), dot)
    screen.set_clip(clip)


def labels(scene: Scene) -> list[tuple[str, tuple[float, float], tuple[int, int]]]:
    """(text, anchor in nm, label offset in px) for each structure."""
    e = scene.extra
    w, h, m = scene.width, scene.height, scene.membrane_y
    post_y, (a0, a1) = e["post_y"], e["az_x"]
    rx = e["receptor_x"]
    t0, _, _, t1 = e["terminal"]
    return [
        ("Postsynaptic cell", (0.02 * w, 0.3 * post_y), (0, 0)),
        ("Postsynaptic membrane with receptors", (float(rx[-3]), post_y), (170, -55)),
        (f"Synaptic cleft ({e['cleft_nm']:.0f} nm)", (a1 + 40.0, 0.5 * (post_y + m)), (190, 0)),
        ("Active zone", (a0 + 10.0, m + 6.0), (-150, 45)),
        ("Presynaptic terminal", (0.02 * w, m + 0.55 * (t1 - m)), (0, 0)),
        ("Synaptic vesicles (~40 nm)", (0.5 * w + 160.0, m + 0.22 * h), (230, 70)),
    ]


def dynamic_labels(world) -> list[tuple[str, tuple[float, float], tuple[int, int]]]:
    """"Ca²⁺" at the site where Ca2+ is highest, while it is visible."""
    e = world.scene.extra
    ca = np.asarray(e["ca_level"])
    if ca.size == 0 or ca.max() <= CA_SHOW:
        return []
    x = float(np.asarray(e["sites_x"])[int(np.argmax(ca))])
    return [("Ca²⁺", (x, world.scene.membrane_y + 12.0), (70, 80))]
