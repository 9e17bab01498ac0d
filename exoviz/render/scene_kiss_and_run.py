"""Synapse structures for kiss-and-run: postsynaptic cell, membrane and receptors, active zone, Ca2+ entry, labels."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_, Msg
from exoviz.render.cache import SurfaceCache, kept
from exoviz.render.membrane import draw_bilayer, leaflet_half_px
from exoviz.render.scene_view import Label, SceneView
from exoviz.render.theme import Color, Theme, mix
from exoviz.sim.scene import Scene

RECEPTOR_OUT_NM = 7.0  # receptors stand ~7 nm into the 20 nm cleft (drawn; AMPA receptors reach ~13 nm)
AZ_BAND_NM = 8.0  # dense active-zone matrix under the presynaptic membrane
CA_SHOW = 0.05  # Ca2+ level below which nothing is drawn
CA_FADE_S = 0.004  # Ca2+ dots spread away from the channels over ~4 ms after an action potential
LEVELS = 8  # lit receptors and Ca2+ entry are drawn at 1..LEVELS eighths of full; 0: unlit / closed
# Ca2+ dot offsets (unit half-disc below the membrane, golden-angle spiral): fixed, so no flicker
_K = np.arange(8)
_ANG = (_K * 2.39996) % np.pi
_RAD = np.sqrt((_K + 0.5) / _K.size)
CA_OFFSETS = np.stack([np.cos(_ANG) * _RAD, np.sin(_ANG) * _RAD], axis=1)
Sprite = tuple[pygame.Surface, tuple[int, int]]  # image, and its top-left relative to the thing's anchor
_sprites = SurfaceCache("synapse sprites", 32 * 2**20, 1024)  # zooming makes new sizes; old ones go first


REACH_STEP = 1.04  # the Ca2+ glow grows in steps of 4 % (each size is a new sprite; a close-up makes them big)


_profiles = kept("glow profiles", 3, released=False)  # radius -> its disc's quadrant profile (levels share one)


def _glow_profile(radius: int) -> np.ndarray:
    """(radius + 1, radius + 1) float32 (1 - r)^1.5 over one quadrant of a disc (from its middle out; float32, from a
    row and a column); the last few kept (a glow is drawn at a few levels)."""
    return _profiles.get_or_make(radius, lambda: _profile(radius))


def _profile(radius: int) -> np.ndarray:
    x = np.arange(0, radius + 1, dtype=np.float32) / np.float32(max(radius, 1))
    t = np.sqrt(x[:, None] ** 2 + x[None, :] ** 2)
    np.subtract(1.0, t, out=t)
    np.clip(t, 0.0, 1.0, out=t)
    return t * np.sqrt(t)


def _glow_alpha(radius: int, strength: float) -> np.ndarray:
    """(d, d) uint8 alpha of a soft radial disc, d = 2 * radius + 1; strength 0..1 scales it. One quadrant is
    worked out and mirrored (-k / r is exactly -(k / r): the same values as the whole disc's, a quarter of the
    work: a 4K close-up's glow is ~1.6 M px)."""
    q = (_glow_profile(radius) * np.float32(200 * strength)).astype(np.uint8)
    out = np.empty((2 * radius + 1, 2 * radius + 1), dtype=np.uint8)
    out[radius:, radius:] = q
    out[radius:, :radius] = q[:, :0:-1]
    out[:radius] = out[:radius:-1]
    return out


def _stepped(px: float) -> int:
    """px rounded to the nearest of a geometric ladder (REACH_STEP apart), at least 1."""
    k = round(math.log(max(px, 1.0)) / math.log(REACH_STEP))
    return max(1, int(round(REACH_STEP ** k)))


def _cached(key: tuple, make: Callable[[], Sprite]) -> Sprite:
    return _sprites.get_or_make(key, make)


def _stamp(screen: pygame.Surface, table: list[Sprite], which: np.ndarray, anchors: np.ndarray) -> None:
    """Blit table[which[i]] at anchors[i] ((n, 2) px) for every i, in one fblits call."""
    if which.size == 0:
        return
    surfs = np.empty(len(table), dtype=object)
    surfs[:] = [img for img, _ in table]
    offsets = np.array([off for _, off in table], dtype=np.int64)
    screen.fblits(zip(surfs[which], (anchors.astype(np.int64) + offsets[which]).tolist()))


def _tick(lw: int, length: int, colour: Color) -> Sprite:
    """A docking-site tick pointing down from its top, lw px wide (as pygame.draw.line draws it)."""
    img = pygame.Surface((lw, length + 1))
    img.fill(colour)
    return img, (-((lw - 1) // 2), 0)


def _receptor(q: int, w: int, h: int, out: int, s: float, theme: Theme) -> Sprite:
    """A receptor (w x h px, anchored at its top-left). q = 0: closed "Y" (binding cup toward the cleft);
    q > 0: lit at q / LEVELS: glow around its cleft end, outlined, its channel open down the middle."""
    if q == 0:
        img = pygame.Surface((w, h), pygame.SRCALPHA)
        img.fill(theme.receptor)
        notch, deep = max(1, w // 3), max(2, out // 2)
        img.fill(theme.ecf, pygame.Rect(w // 2 - notch // 2, h - deep, notch, deep))
        return img, (0, 0)
    lv = q / LEVELS
    r = max(6, int(round((6 + 10 * lv) * s))) + 4
    x0, y0 = min(w // 2 - r, -1), min(h - r, -1)
    img = pygame.Surface((max(w // 2 + r + 1, w + 1) - x0, max(h + r + 1, h + 1) - y0), pygame.SRCALPHA)
    img.fill((*theme.receptor_lit, 0))
    gx, gy = w // 2 - r - x0, h - r - y0
    pygame.surfarray.pixels_alpha(img)[gx:gx + 2 * r + 1, gy:gy + 2 * r + 1] = _glow_alpha(r, (80 + 175 * lv) / 255).T
    rect = pygame.Rect(-x0, -y0, w, h)
    pygame.draw.rect(img, theme.receptor_lit, rect)
    pygame.draw.rect(img, theme.highlight, rect.inflate(2, 2), 1 + theme.outline)
    slit = max(1, w // 4)
    img.fill(theme.cytosol, pygame.Rect(rect.centerx - slit // 2, rect.y + 1, slit, h - 2))
    return img, (x0, y0)


def _channel(open_: bool, cw: int, h: int, theme: Theme) -> Sprite:
    """A Ca2+ channel through the presynaptic membrane (anchored at its top-left); open: a pore down it."""
    img = pygame.Surface((cw, h))
    img.fill(mix(theme.receptor, theme.calcium, 0.25))
    if open_:
        img.fill(theme.calcium, pygame.Rect(cw // 2 - max(1, cw // 4), 0, max(1, cw // 2), h))
    return img, (0, 0)


def _ca_entry(q: int, reach: int, dot: int, theme: Theme) -> Sprite:
    """Ca2+ entering under an open channel (anchored at the channel's mouth): a glow and q ions."""
    r = int(round(reach * 1.6))
    img = pygame.Surface((2 * r + 1, 2 * r + 1), pygame.SRCALPHA)
    img.fill((*theme.calcium, 0))
    pygame.surfarray.pixels_alpha(img)[:] = _glow_alpha(r, q / LEVELS).T
    for ox, oy in CA_OFFSETS[:q] * reach:
        pygame.draw.circle(img, theme.calcium, (r + ox, r + oy), dot)
    return img, (-r, -r)


def ca_reach(since: float, s: float) -> int:
    """The Ca2+ glow's reach (px, on the REACH_STEP ladder) `since` s after an action potential, at s px per nm."""
    spread = float(np.clip(since / CA_FADE_S, 0.0, 1.0))
    return _stepped(max(8.0, (10.0 + 20.0 * spread) * s))


_since: dict[tuple[int, float], tuple[float, float, int]] = {}  # (world id, px per nm: a view) -> (its since_ap_s
# before the last change, the last, frames drawn since that change)
GLOW_WAIT = 3  # frames after a step before the next step's glow is built (the fused bodies' next sprites are
# built ahead first; at the model's own pace, a step every frame or two, nothing is built ahead)
glows_ahead = {"built": 0}  # (counted for tests)


def glow_ahead(world, since: float, s: float, levels: list[int], dot: int, theme: Theme, idle: bool) -> None:
    """Follow the glow's spread in this view and, when the frame built nothing (idle), build one Ca2+ entry sprite
    the model's next step is likely to show (its glow spreading at the rate it did over the last step, at the
    levels shown now and one lower as it fades), so that the step's frame finds it made (a close-up glow is
    ~0.4-1.4 M px: ~1 ms each, two or three at each slowed step); at most one a frame, from GLOW_WAIT frames after
    a step."""
    view = (id(world), s)
    if len(_since) > 8 and view not in _since:
        _since.clear()
    last = _since.get(view)
    if last is None or last[1] != since:
        _since[view] = (math.nan if last is None else last[1], since, 0)
        return
    prev, _, frames = last
    _since[view] = (prev, since, frames + 1)
    if frames < GLOW_WAIT or not idle or not levels or not (since > prev) or since >= CA_FADE_S:  # (nan: no rate
        # yet; spread out: the reach stays)
        return
    reach = ca_reach(2.0 * since - prev, s)
    if reach == ca_reach(since, s):
        return
    for k in sorted({*levels, max(1, min(levels) - 1)}, reverse=True):
        key = ("ca", k, reach, dot, theme)
        if key not in _sprites:
            _cached(key, partial(_ca_entry, k, reach, dot, theme))
            glows_ahead["built"] += 1
            return


def post_cytosol(theme: Theme) -> Color:
    """The postsynaptic cell's cytosol: the presynaptic cytosol tinted so the two cells differ."""
    return mix(theme.cytosol, theme.protein, 0.12)


def draw_background(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Postsynaptic cytosol and membrane (cytosolic leaflet up), the active-zone band and docking-site ticks."""
    e = scene.synapse
    vx, vy, vw, vh = cam.view
    py = int(round(cam.y_to_screen(e.post_y)))
    if py > vy:
        screen.fill(post_cytosol(theme), pygame.Rect(vx, vy, vw, min(py, vy + vh) - vy))
    x0, _, x1, _ = cam.visible_world()
    draw_bilayer(screen, cam, e.post_y, x0, x1, theme, theme.cyto_leaflet, theme.exo_leaflet)
    # active zone: a dense band just under the presynaptic membrane, docking sites as ticks below it
    mt = leaflet_half_px(cam, theme)
    my = int(round(cam.y_to_screen(scene.membrane_y)))
    a0, a1 = (int(round(cam.x_to_screen(x))) for x in e.az_x)
    band = max(3, int(round(AZ_BAND_NM * cam.scale)))
    dense = mix(theme.cytosol, theme.text_dim, 0.45)
    screen.fill(dense, pygame.Rect(a0, my + mt, a1 - a0, band))
    tick = max(4, int(round(6 * cam.scale)))
    lw = max(1, int(round(cam.scale))) + theme.outline + 1
    table = [_cached(("tick", lw, tick, theme), partial(_tick, lw, tick, theme.text_dim))]
    sx = np.floor(cam.x_to_screen(np.asarray(e.sites_x)))
    _stamp(screen, table, np.zeros(sx.size, dtype=np.int64), np.stack([sx, np.full(sx.size, my + mt + band)], axis=1))


def draw_overlay(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
    """Receptors (lit ones glow and show an open pore), Ca2+ channels and Ca2+ entering after an action potential."""
    sc, e, s = world.scene, world.scene.synapse, cam.scale
    mt = leaflet_half_px(cam, theme)
    # receptors on the cleft face of the postsynaptic membrane, one sprite per quantised level
    py = cam.y_to_screen(e.post_y)
    w = max(4, int(round(2 * e.receptor_half_nm * s)))
    out = max(4, int(round(RECEPTOR_OUT_NM * s)))
    h = mt + out + mt
    level = np.ceil(np.clip(world.signal_view().receptor_level, 0.0, 1.0) * LEVELS).astype(np.int64)  # > 0: lit
    table = [_cached(("receptor", q, w, h, out, s, theme), partial(_receptor, q, w, h, out, s, theme))
             for q in range(LEVELS + 1)]
    rx = cam.x_to_screen(np.asarray(e.receptor_x))
    _stamp(screen, table, level, np.stack([np.round(rx - w / 2), np.full(rx.size, round(py - mt))], axis=1))
    # Ca2+ channels between and beside the docking sites, in the presynaptic membrane
    my = cam.y_to_screen(sc.membrane_y)
    sites = np.asarray(e.sites_x)
    ca = np.asarray(e.ca_level)
    half = 0.5 * (sites[1] - sites[0]) if sites.size > 1 else 20.0
    chx = cam.x_to_screen(np.concatenate([sites - half, sites[-1:] + half]))
    ch_ca = np.maximum(np.concatenate([ca, [0.0]]), np.concatenate([[0.0], ca]))  # both neighbouring sites
    is_open = ch_ca > CA_SHOW
    cw, ch = max(3, int(round(4 * s))), 2 * mt + 2
    table = [_cached(("channel", o, cw, ch, theme), partial(_channel, o, cw, ch, theme)) for o in (False, True)]
    _stamp(screen, table, is_open.astype(np.int64),
           np.stack([np.round(chx - cw / 2), np.full(chx.size, round(my - mt - 1))], axis=1))
    # Ca2+ entering: a glow and a few ions just under each open channel, spreading as it fades
    since = world.signal_view().since_ap_s
    reach = ca_reach(since, s)
    dot = max(2, int(round(1.5 * s)))
    base_y = my + mt + 1
    q = np.clip(np.round(ch_ca[is_open] * LEVELS), 1, LEVELS).astype(np.int64)
    levels, which = np.unique(q, return_inverse=True)  # only the levels shown are drawn
    idle = all(("ca", k, reach, dot, theme) in _sprites for k in levels.tolist())  # nothing to build this frame ...
    table = [_cached(("ca", k, reach, dot, theme), partial(_ca_entry, k, reach, dot, theme)) for k in levels.tolist()]
    glow_ahead(world, since, s, levels.tolist(), dot, theme, idle)  # ... so the next step's glow may be built now
    clip = screen.get_clip()
    screen.set_clip(clip.clip(pygame.Rect(clip.x, int(base_y), clip.w, clip.h)))  # only inside the terminal
    _stamp(screen, table, which.reshape(-1), np.stack([np.floor(chx[is_open]), np.full(q.size, int(base_y))], axis=1))
    screen.set_clip(clip)


def labels(scene: Scene) -> list[Label]:
    """(text, anchor in nm, label offset in px) for each structure."""
    e = scene.synapse
    w, h, m = scene.width, scene.height, scene.membrane_y
    post_y, (a0, a1) = e.post_y, e.az_x
    rx = e.receptor_x
    t1 = scene.cyto[3]
    return [
        (N_("Postsynaptic cell"), (0.02 * w, 0.3 * post_y), (0, 0)),
        (N_("Postsynaptic membrane with receptors"), (float(rx[-3]), post_y), (170, -55)),
        (Msg(N_("Synaptic cleft ({nm:.0f} nm)"), nm=e.cleft_nm), (a1 + 40.0, 0.5 * (post_y + m)), (190, 0)),
        (N_("Active zone"), (a0 + 10.0, m + 6.0), (-150, 45)),
        (N_("Presynaptic terminal"), (0.02 * w, m + 0.55 * (t1 - m)), (0, 0)),
        (N_("Synaptic vesicles (~40 nm)"), (0.5 * w + 160.0, m + 0.22 * h), (230, 70)),
    ]


def dynamic_labels(world) -> list[Label]:
    """"Ca²⁺" at the site where Ca2+ is highest, while it is visible."""
    e = world.scene.synapse
    ca = np.asarray(e.ca_level)
    if ca.size == 0 or ca.max() <= CA_SHOW:
        return []
    x = float(np.asarray(e.sites_x)[int(np.argmax(ca))])
    return [(N_("Ca²⁺"), (x, world.scene.membrane_y + 12.0), (70, 80))]


class SynapseView(SceneView):
    """The synapse: postsynaptic membrane and receptors, active zone, Ca2+ entry; structure labels."""

    def draw_background(self, screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
        draw_background(screen, cam, scene, theme)

    def draw_overlay(self, screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
        draw_overlay(screen, cam, world, theme, alpha)

    def labels(self, scene: Scene) -> list[Label]:
        return labels(scene)

    def dynamic_labels(self, world) -> list[Label]:
        return dynamic_labels(world)
