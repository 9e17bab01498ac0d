"""The event close-up: a magnified inset framing the body in focus at its event (a fusing body's Omega, an ILV bud on
its endosome's membrane), or a wound (the whole hole and the lysosomes at its edges), with its own scale bar;
render/overlays.py chooses where it goes."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import _
from exoviz.render import hud
from exoviz.render.overlay_parts import block_size
from exoviz.render.overlays import CAPTION, Overlay
from exoviz.render.renderer import Renderer
from exoviz.sim.membrane_shape import attached
from exoviz.sim.stages import Stage, stage_mask
from exoviz.sim.turnover_const import WOUND_D_NM
from exoviz.tracking import WOUND_UID
from exoviz.viewstate import HudState, Layers

FILL = 0.8  # the framed box fills this share of the inset's width or height (whichever it reaches first)
MAGNIFY_MAIN = 1.25  # ... but the inset magnifies at least this many times the main view
LEAVING = stage_mask((Stage.PORE, Stage.RELEASE, Stage.KISS_RELEASE))  # cargo leaves: frame the fluid outside too
BUD_VIEW = 0.9  # an ILV bud's close-up frames at least this many of its endosome's radii
AT_MEMBRANE = stage_mask((Stage.PORE, Stage.RELEASE, Stage.COLLAPSE, Stage.KISS_RELEASE, Stage.PORE_CLOSED,
                          Stage.MVB_FUSION, Stage.RETURN_FUSE))
SHARE_W, ASPECT = 0.38, 0.75  # inset width as a share of the scene view; height / width
WOUND_VIEW_NM = 2.0 * WOUND_D_NM  # a wound's inset shows this much membrane across: the hole and its edges
LAYERS = Layers(labels=False, captions=False, clock=False, readout=False, legend=False, notes=False)


SHARES = (SHARE_W, 0.32, 0.26, 0.21)  # the inset's widths, share of the view, largest first (it shrinks, then moves)


def inset_sizes(view: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    """The inset's sizes (w, h) px in a view, largest first (render/overlays.py picks one and its place)."""
    vw, vh = view[2], view[3]
    return [(int(vw * k), max(40, min(int(vw * k * ASPECT), vh - 2 * max(6, vw // 120)))) for k in SHARES]


def inset_places(view: tuple[int, int, int, int], body_px: float) -> tuple[str, ...]:
    """Its places in preference: the top corner on the side away from the body, then the bottom one, then the
    other side."""
    right = body_px < view[0] + view[2] / 2
    away, near = ("right", "left") if right else ("left", "right")
    return (f"top{away}", f"bottom{away}", f"top{near}", f"bottom{near}")


def inset_rect(view: tuple[int, int, int, int], body_px: float, below: int) -> pygame.Rect:
    """Where the inset goes alone: the top corner on the side away from the body, below `below` px from the top."""
    vx, vy, vw, vh = view
    w, h = inset_sizes(view)[0]
    h = min(h, vh - 2 * below)
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


def inset_camera(world, main: Camera, slot: int, inner: pygame.Rect, top: int = 0) -> tuple[Camera, np.ndarray]:
    """(the inset's camera on `inner`, the framed box (x0, y0, x1, y1) in screen px): the box is centred in the
    part of the inset under its title (`top` px tall) and fills FILL of it (at least MAGNIFY_MAIN x the main view),
    so the title never covers the event it names."""
    point, size = framed(world, slot)
    cam = Camera(world.scene.width, world.scene.height, (inner.x, inner.y, inner.w, inner.h))
    cam.MAX_ZOOM = 1e6  # an inset may magnify far beyond what the main view allows
    room_h = max(inner.h - top, 1)
    fit = FILL * min(inner.w / max(size[0], 1e-6), room_h / max(size[1], 1e-6))
    zoom = max(fit, MAGNIFY_MAIN * main.scale) / cam.base_scale
    shift = 0.5 * top / (zoom * cam.base_scale)  # nm: the framed box sits that much lower than the inset's middle
    cam.look_at(point - np.array([0.0, shift]), zoom)
    corners = cam.to_screen(np.array([point - 0.5 * size, point + 0.5 * size]))
    return cam, corners.ravel()


def title_lines(renderer, title: str, k: float, slow: float, h: int) -> list[tuple[str, int, bool]]:
    """The inset's title: what it shows and its magnification (k), and the slow motion if any."""
    lines = [(_("{title} · ×{k:.0f} of the main view").format(title=title, k=k), renderer.font_px(15, h), True)]
    if slow < 1.0:
        lines.append((_("slow motion ×{k:g}").format(k=slow), renderer.font_px(14, h), False))
    return lines


def inner_rect(rect: pygame.Rect, theme) -> pygame.Rect:
    """The inset's picture inside the frame drawn in the rect it was given."""
    border = max(2, rect.w // 160) + theme.outline
    return rect.inflate(-2 * border, -2 * border)


def wound_point(world) -> np.ndarray | None:
    """The latest wound's middle, a little into the cytosol so the lysosomes at its edges are in the inset."""
    w = world.turnover_view().wound
    return None if w is None else np.array([w.x, world.scene.membrane_y + 150.0])


def _point(world, uid: int) -> np.ndarray | None:
    """What the inset centres on: the body uid's event (WOUND_UID: the latest wound); None when it is gone."""
    if uid == WOUND_UID:
        return wound_point(world)
    slot = world.ves.index_of_uid(uid)
    return framed(world, slot)[0] if slot >= 0 else None


def closeup_point(world, main: Camera, uid: int) -> float | None:
    """The screen x (px) of what the inset shows, or None when the body (or wound) is gone."""
    point = _point(world, uid)
    return None if point is None else float(main.to_screen(point[None, :])[0, 0])


def draw_closeup(screen: pygame.Surface, renderer: Renderer, world, main: Camera, alpha: float, uid: int,
                 title: str, slow: float, layers: Layers, rect: pygame.Rect) -> pygame.Rect | None:
    """Draw the inset on the body uid (WOUND_UID: on the latest wound) into rect (render/overlays.py chose it);
    None when the body is gone."""
    point = _point(world, uid)
    if point is None:
        return None
    th = renderer.theme
    border = max(2, rect.w // 160) + th.outline
    inner = inner_rect(rect, th)  # the frame is drawn inside the rect it was given
    h = screen.get_height()
    top = block_size(renderer.text, title_lines(renderer, title, 10.0, slow, h), inner.w)[1]  # the title's height
    if uid == WOUND_UID:  # the whole hole and the lysosomes at its edges: WOUND_VIEW_NM across
        cam = Camera(world.scene.width, world.scene.height, (inner.x, inner.y, inner.w, inner.h))
        cam.MAX_ZOOM = 1e6  # an inset may magnify far beyond what the main view allows
        cam.look_at(point, max(inner.w / WOUND_VIEW_NM, main.scale) / cam.base_scale)
    else:
        cam, box = inset_camera(world, main, world.ves.index_of_uid(uid), inner, top)
        renderer.inset = (pygame.Rect(inner.x, inner.y + top, inner.w, inner.h - top), cam, box)  # for the probes
    scale = cam.scale
    pygame.draw.rect(screen, th.highlight, rect, border)
    sub = Layers(**{**vars(LAYERS), "cargo": layers.cargo, "proteins": layers.proteins})
    lines = title_lines(renderer, title, scale / main.scale, slow, h)
    head = pygame.Rect(inner.topleft, block_size(renderer.text, lines, inner.w))
    plan, rects, reticle = renderer.plan, renderer.rects, renderer.reticle  # the main view's: the inset's own
    renderer.draw(screen, world, cam, alpha, sub, HudState(), extra=(Overlay(CAPTION, [], fixed=head),),
                  clear_subject=False)  # ... draw must not replace them
    renderer.plan, renderer.rects, renderer.reticle = plan, rects, reticle
    hud.text_block(screen, renderer.text, lines, inner.topleft, th, "topleft", max_w=inner.w)
    return rect
