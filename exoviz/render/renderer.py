"""Composes one frame: scene background, membrane, bodies, dots, overlays, then the text layer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.captions import focus_slot
from exoviz.i18n import Text
from exoviz.render import overlay_parts
from exoviz.render.amp_trace import draw_electrode
from exoviz.render.backdrop import Backdrop
from exoviz.render.bodies import (
    body_screen_positions,
    dot_sprite,
    draw_bodies,
    draw_dots,
    interpolated,
    lamp_sprite,
    protein_sprite,
)
from exoviz.render.cache import BoundedSprites, SurfaceCache, release_all
from exoviz.render.coat_overlay import draw_coats
from exoviz.render.labels import draw_labels, occupancy, place_labels
from exoviz.render.layout import base_unit
from exoviz.render.lysosome_merge import draw_merges, merged
from exoviz.render.membrane import draw_plasma_membrane, draw_protein_marks
from exoviz.render.membrane_sprite import SpriteLRU
from exoviz.render.merge_site import draw_merge_site
from exoviz.render.overlays import (
    CLOCK,
    COUNTER,
    MESSAGE,
    SCALE_BAR,
    TIRF,
    TRACES,
    Overlay,
    Plan,
    plan_overlays,
    subject_rect,
)
from exoviz.render.scene_view import SceneView
from exoviz.render.scene_views import view_for
from exoviz.render.snares import Drawn, draw_machinery
from exoviz.render.text import TextCache
from exoviz.render.theme import Theme
from exoviz.render.wound import (
    draw_wound_cloud,
    draw_wound_front,
    draw_wound_under,
    turnover_labels,
    wound_labels,
)
from exoviz.sim.stages import Stage
from exoviz.tracking import EVENTS
from exoviz.viewstate import HudState, Layers

if TYPE_CHECKING:
    from exoviz.sim.world import World

BG_CACHE = 6  # background layers kept (three compare panels, the main view, an inset, one spare)
BG_SCREENS = 2.5  # ... and at most this many screenfuls of bytes
RING_PAD = 6  # px between a body's rim and its reticle
SITE_NM = 250.0  # half-width of the spot kept clear where a followed body merged


class Renderer:
    """Draws a World through a Camera. Reads the model only."""

    def __init__(self, theme: Theme, ui_scale: float = 1.0) -> None:
        self.theme = theme
        self.ui_scale = ui_scale
        self.layout_unit: float | None = None  # the window's layout unit, when a window has laid out
        self.strip_unit: float | None = None  # the caption strip's text unit (Layout.strip_unit), when laid out
        self.rects: list[pygame.Rect] = []  # text boxes drawn by the last draw() (labels, clock, scale bar)
        self.plan = Plan(pygame.Rect(0, 0, 0, 0), pygame.Rect(0, 0, 0, 0), None)  # the last draw()'s overlays
        self._plans: dict[tuple, Plan] = {}  # the last plan of each view, so overlays keep their places
        self.label_filter: Callable[[Text], bool] | None = None  # the Simple view: only labels the caption names
        self.inset: tuple | None = None  # the last close-up: (its picture under the title, its camera, framed box)
        self.reticle = -1  # the slot the last draw() put the reticle on (-1: none)
        self.snares = Drawn()  # the fusion machinery the last draw() drew (render/snares.py)
        self.sprites = BoundedSprites(theme)
        self.membranes = SpriteLRU()  # membrane sprites around fused bodies (render/membrane_fused.py)
        self.text = TextCache(1.0)
        self._dot: tuple[pygame.Surface, ...] = ()
        self._prot: pygame.Surface | None = None
        self._lamp: pygame.Surface | None = None
        self._sizes: tuple[int, float] = (0, 0.0)
        self._bg = SurfaceCache("backgrounds", 64 * 2**20, BG_CACHE)  # static background layers by view, LRU
        self._screen: tuple[int, int] = (0, 0)
        self.tirf_plot: tuple[pygame.Rect, float] | None = None  # the last TIRF kymograph's box, membrane width µm
        self.tirf_row: pygame.Rect | None = None  # the TIRF region's trace row in the shared strip, as last drawn

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.sprites.set_theme(theme)
        self.release(measures=False, trim=False)  # text is measured in px: what was measured still holds

    def release(self, measures: bool = True, trim: bool = True) -> int:
        """Drop every cached surface, and (measures) the fonts and text measurements (the window was resized or
        the theme changed); trim: hand the memory back to the OS (cache.release_all); bytes released."""
        self._sizes = (0, 0.0)
        self._dot, self._prot, self._lamp = (), None, None
        self.text.release(measures)
        return release_all(trim)

    def _fit_caches(self, screen: pygame.Surface) -> None:
        size = screen.get_size()
        if size != self._screen:
            self._screen = size
            self._bg.max_bytes = int(BG_SCREENS * size[0] * size[1] * 4) + 2**20

    def unit(self, screen_h: int) -> float:
        """The layout's unit (set by the window), else the window height over 720 times the UI scale."""
        return self.layout_unit or base_unit((0, screen_h)) * self.ui_scale

    def font_at(self, base: int, unit: float) -> int:
        return int(round(base * unit * self.theme.text_scale))

    def font_px(self, base: int, screen_h: int) -> int:
        """A font size: base px at 720 px tall and UI scale 1, scaled with the layout and the theme."""
        return int(round(base * self.unit(screen_h) * self.theme.text_scale))

    def _small_sprites(self, screen_h: int) -> None:
        key = (screen_h, self.ui_scale)
        if self._sizes != key:
            k = max(1.0, screen_h / 720)
            edge = self.theme.text_dim if self.theme.outline else None
            self._dot = (dot_sprite(self.theme.cargo, int(round(2.0 * k)), edge),  # small molecules
                         dot_sprite(self.theme.protein_cargo, int(round(3.5 * k)), self.theme.ecf))  # protein
            self._prot = protein_sprite(self.theme.protein, int(round(4 * k)) + self.theme.outline)
            self._lamp = lamp_sprite(self.theme.lamp, self.theme.text_dim, int(round(3 * k)) + self.theme.outline)
            self._sizes = key

    # -- the frame ----------------------------------------------------------------------------------------
    def draw(self, screen: pygame.Surface, world: World, cam: Camera, alpha: float, layers: Layers,
             state: HudState, in_scene_clock: bool = True, extra: tuple[Overlay, ...] = (),
             clear_subject: bool = True) -> None:
        """The scene in cam.view, and over it the overlays (render/overlays.py places them, extra included:
        the window's close-up, banners and badge, drawn by the window from self.plan), then the labels around
        them. self.plan is this frame's placement; self.rects lists the text boxes drawn (labels included)."""
        th, sc = self.theme, world.scene
        self.rects = []
        self.plan = Plan(screen.get_rect(), pygame.Rect(cam.view), None)
        if cam.view[2] <= 0 or cam.view[3] <= 0:  # a panel squeezed to nothing: nothing to draw
            return
        self._fit_caches(screen)
        self._small_sprites(screen.get_height())
        prot = self._prot
        assert prot is not None  # _small_sprites made it
        vx, vy, vw, vh = cam.view
        clip = screen.get_clip()
        screen.set_clip(pygame.Rect(cam.view))
        view = view_for(world.params.mode)
        self._background(screen, cam, sc, th, view).draw(screen, (vx, vy))
        draw_wound_cloud(screen, cam, world, th)
        membrane = draw_plasma_membrane(screen, cam, world, th, alpha, layers.proteins, prot, self.membranes,
                                        cargo_imgs=self._dot if layers.cargo else (), lamp_img=self._lamp)
        mt = membrane.half_px
        draw_wound_under(screen, cam, world, th, mt)
        size = max(1, (prot.get_width() - 1) // 2) if layers.proteins else 0
        draw_merges(screen, cam, world, th, alpha, self.membranes, self._dot if layers.cargo else (), size,
                    lambda pts, nrm, face, px: draw_protein_marks(screen, cam, pts, nrm, face, px, th, prot))
        view.draw_overlay(screen, cam, world, th, alpha)
        membrane.finish()  # fused bodies and proteins over the overlay, like the other bodies
        draw_coats(screen, cam, world, th, alpha)  # the clathrin coat and dynamin on pits folding in
        at = body_screen_positions(world, cam, alpha)  # (the labels keep off them too)
        draw_bodies(screen, cam, world, alpha, self.sprites, mt, layers.cargo, layers.proteins, merged(world), at)
        self.snares = draw_machinery(screen, cam, world, th, alpha) if layers.proteins else Drawn()
        view.draw_front(screen, cam, world, th, alpha)  # scene details that belong over the bodies
        self._front_tools(screen, cam, world, th, mt)
        if layers.cargo:
            draw_dots(screen, cam, world.dots, alpha, self._dot)
        ring, site = self._reticle(screen, cam, world, state, alpha, layers.captions or state.follow_uid >= 0, mt)
        screen.set_clip(clip)
        subject = None  # an inset (clear_subject=False) is all subject: its scale bar goes where it can
        if clear_subject and (ring is not None or site is not None):
            subject = subject_rect(cam, ring.center if ring else None, ring.w / 2 - RING_PAD if ring else 0.0, site,
                                   site_radius_px=0.0 if ring else SITE_NM * cam.scale)
        plan = self._plan(screen, world, cam, layers, state, in_scene_clock, subject, extra, clear_subject)
        plan.draw(screen, (CLOCK, SCALE_BAR, COUNTER, MESSAGE))
        self.rects = [plan.rects[k] for k in (CLOCK, SCALE_BAR, COUNTER, MESSAGE, TRACES) if k in plan.rects]
        if layers.labels:
            items = wound_labels(world) + view.labels(sc) + view.dynamic_labels(world) + membrane.labels + \
                turnover_labels(world)  # the wound's first: placed before all others, never crowded out
            if self.label_filter is not None:
                items = [it for it in items if self.label_filter(it[0])]
            grid = occupancy(cam.view, at[1], world.ves.radius[at[0]] * cam.scale)  # (slots, centres)
            avoid = plan.taken() + ([ring] if ring is not None else [])
            placed = place_labels(cam, self.text, items, self.font_px(15, screen.get_height()), avoid, grid, th)
            screen.set_clip(pygame.Rect(cam.view))
            plan.labels = draw_labels(screen, th, placed)
            self.rects += plan.labels
            screen.set_clip(clip)
        plan.draw(screen, (TRACES, TIRF))  # over the labels' leader lines (the labels themselves keep off it)

    def _front_tools(self, screen: pygame.Surface, cam: Camera, world: World, th: Theme, mt: int) -> None:
        """What the tools put in the scene, over the bodies: a wound's front, the amperometry electrode."""
        draw_wound_front(screen, cam, world, th, mt)
        draw_electrode(screen, cam, world, th, self.text, self.font_px(14, screen.get_height()))

    def _plan(self, screen: pygame.Surface, world: World, cam: Camera, layers: Layers, state: HudState,
              in_scene_clock: bool, subject: pygame.Rect | None, extra: tuple[Overlay, ...],
              main: bool = True) -> Plan:
        """Place this frame's overlays (render/overlays.py), keeping last frame's places in this view (main: not
        an inset, which has no trace strip of its own)."""
        m = max(4, int(8 * self.unit(screen.get_height())))
        asked = overlay_parts.requests(self, screen, world, cam, layers, state, in_scene_clock, main) + list(extra)
        key = (tuple(cam.view), screen.get_size())
        plan = self.plan = plan_overlays(screen.get_rect(), pygame.Rect(cam.view), subject, asked, m,
                                         self._plans.get(key))
        if len(self._plans) > 8:  # one per view drawn (main, inset, compare panels)
            self._plans.clear()
        self._plans[key] = plan
        return plan

    def _background(self, screen: pygame.Surface, cam: Camera, sc, th: Theme, view: SceneView) -> Backdrop:
        """The static layer under everything (fluids, organelles): drawn again only when the view changes (put down
        as fills and a keyed layer once reused: render/backdrop.py)."""
        key = (id(sc), sc.width, sc.height, tuple(cam.view), cam.zoom, float(cam.center[0]),
               float(cam.center[1]), th.name)
        layer = self._bg.get(key)
        if layer is None:
            vx, vy, vw, vh = cam.view
            full = pygame.Surface((vx + vw, vy + vh))
            full.set_clip(pygame.Rect(cam.view))
            full.fill(th.cytosol, pygame.Rect(cam.view))
            ecf_bottom = int(cam.y_to_screen(sc.membrane_y))
            if ecf_bottom > vy:  # the extracellular fluid fills the view above the membrane, letterbox included
                full.fill(th.ecf, pygame.Rect(vx, vy, vw, min(ecf_bottom, vy + vh) - vy))
            view.draw_background(full, cam, sc, th)
            layer = self._bg.put(key, Backdrop(full.subsurface(pygame.Rect(cam.view)).copy()))
        return layer

    def _reticle(self, screen: pygame.Surface, cam: Camera, world: World, state: HudState, alpha: float, shown: bool,
                 mt: int) -> tuple[pygame.Rect | None, tuple[float, float] | None]:
        """The marker on the body in focus, or where the highlight holds or glides (drawn when shown; the
        subject is the same with captions off): (the box it covers, the fusion site in px when the body is at
        an event). Where a followed body merged, its delivered patch and proteins are marked (merge_site.py) and
        no body wears the reticle; in a walk-through no other body gets one. self.reticle: the slot wearing it."""
        spot = state.spotlight
        self.reticle = -1
        if state.follow_uid < 0 and state.follow_site is not None:  # the followed body merged here: its spot
            x, y = state.follow_site
            box = draw_merge_site(screen, cam, world, x, self.theme, mt) if shown else None
            return box, (float(cam.x_to_screen(x)), float(cam.y_to_screen(world.scene.membrane_y)))
        if state.follow_uid < 0 and state.walk is None and spot is not None and spot.reticle is not None:
            x, y, r = spot.reticle
            if spot.site is not None and shown:  # held where it merged: its delivered patch and proteins marked
                draw_merge_site(screen, cam, world, spot.site[0], self.theme, mt)
            return self._ring(screen, cam, cam.to_screen(np.array([[x, y]]))[0], r, shown), None
        slot = focus_slot(world, state) if state.walk is None or state.follow_uid >= 0 else -1
        if slot < 0:
            return None, None
        v = world.ves
        p = cam.to_screen(interpolated(v.pos[slot:slot + 1], v.prev[slot:slot + 1], alpha))[0]
        site = None
        if int(v.stage[slot]) in EVENTS and int(v.stage[slot]) != Stage.DEGRADE:  # where it meets the membrane
            site = (float(p[0]), float(cam.y_to_screen(world.scene.membrane_y)))
        self.reticle = slot if shown else -1
        return self._ring(screen, cam, p, float(v.radius[slot]), shown), site

    def _ring(self, screen: pygame.Surface, cam: Camera, p, radius_nm: float, shown: bool = True) -> pygame.Rect:
        """The marker: a circle with four ticks around p (px), if shown; the box it covers (labels keep off it)."""
        r = max(6.0, radius_nm * cam.scale) + RING_PAD
        w = 2 + self.theme.outline
        box = pygame.Rect(int(p[0] - r - 8), int(p[1] - r - 8), int(2 * r + 17), int(2 * r + 17))
        if not shown:
            return box
        pygame.draw.circle(screen, self.theme.highlight, p, r, w)
        # four ticks so the marker reads without colour
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            pygame.draw.line(screen, self.theme.highlight, (p[0] + dx * r, p[1] + dy * r),
                             (p[0] + dx * (r + 8), p[1] + dy * (r + 8)), w)
        return box
