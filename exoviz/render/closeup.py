"""The event close-up: a magnified inset of the body in focus (>= 8x the whole-scene view), or of a wound (the
whole hole and the lysosomes at its edges), with its own scale bar."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import _
from exoviz.render import hud
from exoviz.render.overlay_parts import block_size
from exoviz.render.overlays import CAPTION, Overlay
from exoviz.render.renderer import Renderer
from exoviz.sim.stages import Stage
from exoviz.sim.turnover_const import WOUND_D_NM
from exoviz.tracking import EVENTS, WOUND_UID
from exoviz.viewstate import HudState, Layers

MAGNIFY_MIN = 8.0  # at least this many times the whole-scene view's scale
MAGNIFY_MAIN = 3.0  # ... and this many times the main view's current scale (when it is zoomed in already)
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


def focus_point(world, slot: int) -> np.ndarray:
    """What to centre on: where a fusing body meets the membrane (the neck), else the body itself."""
    v = world.ves
    stage = int(v.stage[slot])
    if stage in EVENTS and stage != Stage.DEGRADE:
        return np.array([v.pos[slot, 0], world.scene.membrane_y + 0.3 * v.radius[slot]])
    return v.pos[slot].copy()


def wound_point(world) -> np.ndarray | None:
    """The latest wound's middle, a little into the cytosol so the lysosomes at its edges are in the inset."""
    w = world.turnover.wounds.last
    return None if w is None else np.array([w.x, world.scene.membrane_y + 150.0])


def _point(world, uid: int) -> np.ndarray | None:
    """What the inset centres on: the body uid's event (WOUND_UID: the latest wound); None when it is gone."""
    if uid == WOUND_UID:
        return wound_point(world)
    slot = world.ves.index_of_uid(uid)
    return focus_point(world, slot) if slot >= 0 else None


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
    inner = rect.inflate(-2 * border, -2 * border)  # the frame is drawn inside the rect it was given
    cam = Camera(world.scene.width, world.scene.height, tuple(inner))
    cam.MAX_ZOOM = 1e6  # an inset may magnify far beyond what the main view allows
    whole = main.base_scale  # the main view's scale at zoom 1
    scale = max(MAGNIFY_MIN * whole, MAGNIFY_MAIN * main.scale)
    if uid == WOUND_UID:  # the whole hole and the lysosomes at its edges: WOUND_VIEW_NM across
        scale = max(rect.w / WOUND_VIEW_NM, main.scale)
    cam.look_at(point, scale / cam.base_scale)
    pygame.draw.rect(screen, th.highlight, rect, border)
    sub = Layers(**{**vars(LAYERS), "cargo": layers.cargo, "proteins": layers.proteins})
    h = screen.get_height()
    lines = [(_("{title} · ×{k:.0f} of the main view").format(title=title, k=scale / main.scale),
              renderer.font_px(15, h), True)]
    if slow < 1.0:
        lines.append((_("slow motion ×{k:g}").format(k=slow), renderer.font_px(14, h), False))
    head = pygame.Rect(inner.topleft, block_size(renderer.text, lines, inner.w))
    plan, rects = renderer.plan, renderer.rects  # the main view's: the inset's own draw must not replace them
    renderer.draw(screen, world, cam, alpha, sub, HudState(), extra=(Overlay(CAPTION, [], fixed=head),),
                  clear_subject=False)
    renderer.plan, renderer.rects = plan, rects
    hud.text_block(screen, renderer.text, lines, inner.topleft, th, "topleft", max_w=inner.w)
    return rect
