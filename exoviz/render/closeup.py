"""The event close-up: a magnified inset framing the body in focus at its event (a fusing body's Omega, an ILV bud on
its endosome's membrane), or a wound (the whole hole and the lysosomes at its edges), with its own scale bar;
render/overlays.py chooses where it goes."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import _
from exoviz.render import hud, snares
from exoviz.render.labels import draw_labels, place_labels
from exoviz.render.membrane import leaflet_half_px
from exoviz.render.overlay_parts import block_size
from exoviz.render.overlays import CAPTION, DISCLOSURE, Overlay
from exoviz.render.renderer import Renderer
from exoviz.sim.machinery_view import Machine
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
MOL_AT = stage_mask((Stage.PORE, Stage.KISS_RELEASE))  # a fused body still framed for its machinery
CIS_AT = stage_mask((Stage.PORE_CLOSED, Stage.RETREAT))  # ... and one whose kiss is over (release and collapse keep
# the Omega's frame: the cis-complexes are drawn in it at that zoom)
MOL_ASPECT, MOL_ABOVE = 0.62, 0.28  # the machinery's frame: height / width, share above the membrane
VESICLE_SHOWN_NM = 12.0  # the machinery's frame shows at least this much of the vesicle under its top
CIS_ASPECT, CIS_ABOVE = 0.9, 0.1  # ... after fusion (NSF works deep in the cytosol, its label under it)
CIS_HALF_NM, CIS_PAD_NM = 25.0, 12.0  # its half-width: at least this, and this beyond the outermost cis-complex
ABOVE = frozenset({"stx", "snap", "munc18", "ca"})  # proteins on the plasma membrane: named in the fluid above it
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
    mol = machinery_frame(world, slot)
    if mol is not None:
        return mol
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


def machinery_frame(world, slot: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(centre, size) nm framing the fusion machinery between the body in slot and the plasma membrane (the
    proteins drawn there: render/snares.py), or None when the slot has none to show (not at a release site,
    or fused and past its narrow pore)."""
    mv = world.machinery_view()
    i = mv.of(slot)
    if i < 0:
        return None
    state = int(mv.state[i])
    x = float(world.ves.pos[slot, 0])
    narrow = bool(MOL_AT[world.ves.stage[slot]])
    cis = state == Machine.FUSED and bool(CIS_AT[world.ves.stage[slot]]) and bool(
        np.any(np.abs(mv.cis_x - x) < world.ves.radius[slot]))  # a kiss over: NSF at the cis-complexes it left
    if not (Machine.TETHERED <= state <= Machine.CA_BOUND or (state == Machine.FUSED and narrow) or cis):
        return None
    near = np.abs(mv.cis_x - x)[np.abs(mv.cis_x - x) < world.ves.radius[slot]]
    half = max(CIS_HALF_NM, float(near.max()) + CIS_PAD_NM) if cis else snares.frame_half_nm(world, slot)
    size = np.array([2.0 * half, 2.0 * half * (CIS_ASPECT if cis else MOL_ASPECT)]) * FILL  # proteins fill the inset
    top = world.scene.membrane_y - (CIS_ABOVE if cis else MOL_ABOVE) * size[1]
    if not cis:  # a vesicle held further off: down to its top and a little of it
        vesicle_top = float(world.ves.pos[slot, 1] - world.ves.radius[slot])
        size[1] = max(size[1], vesicle_top + VESICLE_SHOWN_NM - top)
    return np.array([x, top + 0.5 * size[1]]), size


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
    cam.center[0] = point[0]  # across, the subject stays in the middle even at the scene's side edge
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
    extra = [Overlay(CAPTION, [], fixed=head)]
    note = _note(renderer, world, cam, inner, h) if layers.proteins else None
    if note is not None:
        extra.append(Overlay(DISCLOSURE, [], fixed=note[1]))
    plan, rects, reticle = renderer.plan, renderer.rects, renderer.reticle  # the main view's: the inset's own
    renderer.draw(screen, world, cam, alpha, sub, HudState(), extra=tuple(extra), clear_subject=False)
    taken = renderer.plan.taken()  # ... draw must not replace them
    renderer.plan, renderer.rects, renderer.reticle = plan, rects, reticle
    hud.text_block(screen, renderer.text, lines, inner.topleft, th, "topleft", max_w=inner.w)
    if note is not None and renderer.snares.factor > 0:
        hud.text_block(screen, renderer.text, note[0], note[1].topleft, th, "topleft", max_w=inner.w)
        if layers.labels:  # the names follow the labels layer (L); the scale note stays
            _machinery_labels(screen, renderer, world, cam, inner, taken)
    return rect


def _note(renderer: Renderer, world, cam: Camera, inner: pygame.Rect, h: int
          ) -> tuple[list[tuple[str, int, bool]], pygame.Rect] | None:
    """(lines, box at the inset's bottom left) saying at what scale the proteins are drawn, when the inset shows
    them (None otherwise)."""
    mv = world.machinery_view()
    if not snares.shown(cam) or (mv.rows.size == 0 and mv.cis_x.size == 0):
        return None
    lines = [(str(snares.scale_note(snares.shared_unit(cam, renderer.theme)[1])), renderer.font_px(13, h), False)]
    w, bh = block_size(renderer.text, lines, inner.w)
    return lines, pygame.Rect(inner.x, inner.bottom - bh, w, bh)


def _machinery_labels(screen: pygame.Surface, renderer: Renderer, world, cam: Camera, inner: pygame.Rect,
                      taken: list[pygame.Rect]) -> None:
    """The proteins' names, each once, kept off the proteins, the title, the note and the scale bar
    (render/snares.py drew the proteins in the inset): those on the plasma membrane in the fluid above it, the
    others below, toward the inset's middle; where that is full, on the other side, then beside."""
    drawn, th, h = renderer.snares, renderer.theme, screen.get_height()
    px = renderer.font_px(13, h)
    top = float(cam.y_to_screen(world.scene.membrane_y)) - leaflet_half_px(cam, th) - 1.2 * px
    below = max(4.5 * px, 0.22 * inner.h)
    avoid = [*taken, *drawn.boxes]
    placed: list = []
    named = sorted(snares.labels(drawn), key=lambda it: -abs(it[2][0] - inner.centerx))  # edge ones first: less room
    for key, name, (ax, ay) in named:  # a handful of names, each tried in a few places, nearest first
        dx = 40 if ax < inner.centerx else -40
        up, down = int(top - ay), int(below)
        near, far = (up, down) if key in ABOVE else (down, up)
        world_at = cam.to_world((ax, ay))
        at = (float(world_at[0]), float(world_at[1]))
        for offset in [(k * dx, dy) for dy in (near, far) for k in (1, 4, 8)] + [(4 * dx, 0), (8 * dx, 0)]:
            got = place_labels(cam, renderer.text, [(name, at, offset)], px, avoid, None, th)
            if got:
                placed += got
                avoid.append(got[0][1])
                break
    clip = screen.get_clip()
    screen.set_clip(inner)
    draw_labels(screen, th, placed)
    screen.set_clip(clip)
