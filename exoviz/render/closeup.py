"""The event close-up: a magnified inset framing the body in focus at its event (a fusing body's Omega, an ILV bud on
its endosome's membrane), with its own scale bar."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import _
from exoviz.render import hud
from exoviz.render.renderer import Renderer
from exoviz.sim.membrane_shape import attached
from exoviz.sim.stages import Stage, stage_mask
from exoviz.viewstate import HudState, Layers

FILL = 0.8  # the framed box fills this share of the inset's width or height (whichever it reaches first)
MAGNIFY_MAIN = 1.25  # ... but the inset magnifies at least this many times the main view
LEAVING = stage_mask((Stage.PORE, Stage.RELEASE, Stage.KISS_RELEASE))  # cargo leaves: frame the fluid outside too
BUD_VIEW = 0.9  # an ILV bud's close-up frames at least this many of its endosome's radii
AT_MEMBRANE = stage_mask((Stage.PORE, Stage.RELEASE, Stage.COLLAPSE, Stage.KISS_RELEASE, Stage.PORE_CLOSED,
                          Stage.MVB_FUSION, Stage.RETURN_FUSE))
SHARE_W, ASPECT = 0.38, 0.75  # inset width as a share of the scene view; height / width
LAYERS = Layers(labels=False, captions=False, clock=False, readout=False, legend=False, notes=False)


def inset_rect(view: tuple[int, int, int, int], body_px: float, below: int) -> pygame.Rect:
    """Where the inset goes: the top corner on the side away from the body, below `below` px from the top."""
    vx, vy, vw, vh = view
    w = int(vw * SHARE_W)
    h = min(int(w * ASPECT), vh - 2 * below)
    m = max(6, vw // 120)
    x = vx + vw - w - m if body_px < vx + vw / 2 else vx + m
    return pygame.Rect(x, vy + below + m, w, max(h, 40))


def bud_of(world, slot: int) -> int:
    """The slot of the ILV bud furthest along on the endosome `slot`'s membrane (-1: none now)."""
    v = world.ves
    buds = np.flatnonzero((v.stage == Stage.ILV_BUD) & (v.parent == slot))
    return int(buds[np.argmax(v.t_stage[buds])]) if buds.size else -1


def framed(world, slot: int) -> tuple[np.ndarray, np.ndarray]:
    """(centre (2,) nm, size (w, h) nm) of what the inset frames for the body in slot: at the membrane its Omega
    (the cap and its neck, with the fluid just outside the pore), an endosome budding its ILV bud on the limiting
    membrane, otherwise the body."""
    v = world.ves
    stage, r = int(v.stage[slot]), float(v.radius[slot])
    if stage == Stage.ILV_BUDDING:
        bud = bud_of(world, slot)
        if bud >= 0:
            # the bud and a stretch of the limiting membrane it forms on (the endosome's sprite stays drawable)
            return v.pos[bud].copy(), np.full(2, max(5.0 * float(v.radius[bud]), BUD_VIEW * r))
    if AT_MEMBRANE[stage]:
        line = world.scene.membrane_y
        att = attached(world, np.array([slot]))
        depth, radius = att.caps()
        half = max(float(att.half_width()[0]), r)
        top = line - max(0.35 * r, 2.2 * float(v.pore[slot])) if LEAVING[stage] else line  # ... where cargo leaves
        bottom = max(line + float(depth[0] + radius[0]), float(v.pos[slot, 1]) + r)
        return np.array([float(v.pos[slot, 0]), 0.5 * (top + bottom)]), np.array([2.0 * half, bottom - top])
    return v.pos[slot].copy(), np.full(2, 2.0 * r)


def inset_view(world, main: Camera, uid: int, below: int = 0) -> tuple[pygame.Rect, Camera, np.ndarray] | None:
    """(the inset's rectangle, its camera, the framed box (x0, y0, x1, y1) in screen px) on the body uid; None when
    the body is gone. The box is centred and fills FILL of the inset (at least MAGNIFY_MAIN x the main view)."""
    slot = world.ves.index_of_uid(uid)
    if slot < 0:
        return None
    point, size = framed(world, slot)
    body_px = float(main.to_screen(point[None, :])[0, 0])
    rect = inset_rect(main.view, body_px, below)
    cam = Camera(world.scene.width, world.scene.height, tuple(rect))
    cam.MAX_ZOOM = 1e6  # an inset may magnify far beyond what the main view allows
    fit = FILL * min(rect.w / max(size[0], 1e-6), rect.h / max(size[1], 1e-6))
    cam.look_at(point, max(fit, MAGNIFY_MAIN * main.scale) / cam.base_scale)
    corners = cam.to_screen(np.array([point - 0.5 * size, point + 0.5 * size]))
    return rect, cam, corners.ravel()


def draw_closeup(screen: pygame.Surface, renderer: Renderer, world, main: Camera, alpha: float, uid: int,
                 title: str, slow: float, layers: Layers, below: int = 0) -> pygame.Rect | None:
    """Draw the inset on the body uid; returns its rectangle (None when the body is gone)."""
    got = inset_view(world, main, uid, below)
    if got is None:
        return None
    rect, cam, _box = got
    scale = cam.scale
    th = renderer.theme
    border = max(2, rect.w // 160) + th.outline
    pygame.draw.rect(screen, th.highlight, rect.inflate(2 * border, 2 * border), border)
    sub = Layers(**{**vars(LAYERS), "cargo": layers.cargo, "proteins": layers.proteins})
    reticle = renderer.reticle
    renderer.draw(screen, world, cam, alpha, sub, HudState())
    renderer.reticle = reticle  # the main view's
    h = screen.get_height()
    lines = [(_("{title} · ×{k:.0f} of the main view").format(title=title, k=scale / main.scale),
              renderer.font_px(15, h), True)]
    if slow < 1.0:
        lines.append((_("slow motion ×{k:g}").format(k=slow), renderer.font_px(14, h), False))
    hud.text_block(screen, renderer.text, lines, (rect.x + border, rect.y + border), th, "topleft",
                   max_w=rect.w - 2 * border)
    return rect
