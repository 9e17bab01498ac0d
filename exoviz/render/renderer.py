"""Composes one frame: scene background, membrane, bodies, dots, overlays, then the text layer."""

from __future__ import annotations

import pygame

from exoviz.camera import Camera
from exoviz.captions import focus_slot
from exoviz.i18n import _
from exoviz.modes import spec
from exoviz.readouts import sim_clock
from exoviz.render import hud
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
from exoviz.render.chart import chart_rect
from exoviz.render.chart_frame import draw_chart
from exoviz.render.coat_overlay import draw_coats
from exoviz.render.labels import draw_labels, occupancy, place_labels
from exoviz.render.layout import base_unit
from exoviz.render.lysosome_merge import draw_merges, merged
from exoviz.render.membrane import draw_plasma_membrane, draw_protein_marks
from exoviz.render.membrane_sprite import SpriteLRU
from exoviz.render.panel import clock_lines
from exoviz.render.scene_view import SceneView, view_for
from exoviz.render.text import TextCache
from exoviz.render.theme import Theme
from exoviz.render.wound import (
    draw_wound_cloud,
    draw_wound_front,
    draw_wound_under,
    turnover_labels,
    wound_labels,
)
from exoviz.viewstate import HudState, Layers

BG_CACHE = 6  # background layers kept (three compare panels, the main view, an inset, one spare)
BG_SCREENS = 2.5  # ... and at most this many screenfuls of bytes


class Renderer:
    """Draws a World through a Camera. Reads the model only."""

    def __init__(self, theme: Theme, ui_scale: float = 1.0) -> None:
        self.theme = theme
        self.ui_scale = ui_scale
        self.layout_unit: float | None = None  # the window's layout unit, when a window has laid out
        self.rects: list[pygame.Rect] = []  # text boxes drawn by the last draw() (labels, clock, scale bar)
        self.avoid: list[pygame.Rect] = []  # drawn over the scene afterwards (the close-up inset): no label there
        self.sprites = BoundedSprites(theme)
        self.membranes = SpriteLRU()  # membrane sprites around fused bodies (render/membrane_fused.py)
        self.text = TextCache(1.0)
        self._dot: tuple[pygame.Surface, ...] = ()
        self._prot: pygame.Surface | None = None
        self._lamp: pygame.Surface | None = None
        self._sizes: tuple[int, float] = (0, 0.0)
        self._bg = SurfaceCache("backgrounds", 64 * 2**20, BG_CACHE)  # static background layers by view, LRU
        self._screen: tuple[int, int] = (0, 0)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.sprites.set_theme(theme)
        self.release()

    def release(self) -> int:
        """Drop every cached surface and font (the window was resized or the theme changed); bytes released."""
        self._sizes = (0, 0.0)
        self._dot, self._prot, self._lamp = (), None, None
        self.text.release()
        return release_all()

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
    def draw(self, screen: pygame.Surface, world, cam: Camera, alpha: float, layers: Layers,
             state: HudState, in_scene_clock: bool = True) -> None:
        """The scene in cam.view with its labels, and over it the clock (if asked), scale bar and messages.

        self.rects lists the text boxes drawn (labels included), for layout checks."""
        th = self.theme
        sc = world.scene
        self.rects = []
        if cam.view[2] <= 0 or cam.view[3] <= 0:  # a panel squeezed to nothing: nothing to draw
            return
        self._fit_caches(screen)
        self._small_sprites(screen.get_height())
        vx, vy, vw, vh = cam.view
        clip = screen.get_clip()
        screen.set_clip(pygame.Rect(cam.view))
        view = view_for(spec(world.params.mode).view)
        screen.blit(self._background(screen, cam, sc, th, view), (vx, vy))
        draw_wound_cloud(screen, cam, world, th)
        membrane = draw_plasma_membrane(screen, cam, world, th, alpha, layers.proteins, self._prot, self.membranes,
                                        cargo_imgs=self._dot if layers.cargo else (), lamp_img=self._lamp)
        mt = membrane.half_px
        draw_wound_under(screen, cam, world, th, mt)
        size = max(1, (self._prot.get_width() - 1) // 2) if layers.proteins else 0
        draw_merges(screen, cam, world, th, alpha, self.membranes, self._dot if layers.cargo else (), size,
                    lambda *a: draw_protein_marks(screen, cam, *a, th, self._prot))
        view.draw_overlay(screen, cam, world, th, alpha)
        membrane.finish()  # fused bodies and proteins over the overlay, like the other bodies
        draw_coats(screen, cam, world, th, alpha)  # the clathrin coat and dynamin on pits folding in
        draw_bodies(screen, cam, world, alpha, self.sprites, mt, layers.cargo, layers.proteins, merged(world))
        view.draw_front(screen, cam, world, th, alpha)  # scene details that belong over the bodies
        draw_wound_front(screen, cam, world, th, mt)
        if layers.cargo:
            draw_dots(screen, cam, world.dots, alpha, self._dot)
        focus = focus_slot(world, state)
        ring = None
        if focus >= 0 and (layers.captions or state.follow_uid >= 0):
            ring = self._ring(screen, cam, world, focus, alpha)
        screen.set_clip(clip)
        self.rects = []
        self._text_layer(screen, world, cam, layers, state, in_scene_clock)
        chart = self._turnover_layer(screen, world, cam, layers)
        if layers.labels:
            avoid = self.rects + self.avoid + ([ring] if ring is not None else [])
            items = wound_labels(world) + view.labels(sc) + view.dynamic_labels(world) + membrane.labels + \
                turnover_labels(world)  # the wound's first: placed before all others, never crowded out
            idx, centres = body_screen_positions(world, cam, alpha)
            grid = occupancy(cam.view, centres, world.ves.radius[idx] * cam.scale)
            placed = place_labels(cam, self.text, items, self.font_px(15, screen.get_height()), avoid, grid, th)
            screen.set_clip(pygame.Rect(cam.view))
            self.rects += draw_labels(screen, th, placed)
            screen.set_clip(clip)
        if chart is not None:  # over the labels' leader lines (the labels themselves keep off it)
            draw_chart(screen, self, world, chart)

    def _background(self, screen: pygame.Surface, cam: Camera, sc, th: Theme, view: SceneView) -> pygame.Surface:
        """The static layer under everything (fluids, organelles): drawn again only when the view changes."""
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
            layer = self._bg.put(key, full.subsurface(pygame.Rect(cam.view)).copy())
        return layer

    def _ring(self, screen: pygame.Surface, cam: Camera, world, slot: int, alpha: float) -> pygame.Rect:
        """The marker around the body in focus; returns the box it covers (labels keep off it)."""
        v = world.ves
        p = cam.to_screen(interpolated(v.pos[slot:slot + 1], v.prev[slot:slot + 1], alpha))[0]
        r = max(6.0, v.radius[slot] * cam.scale) + 6
        w = 2 + self.theme.outline
        pygame.draw.circle(screen, self.theme.highlight, p, r, w)
        # four ticks so the marker reads without colour
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            pygame.draw.line(screen, self.theme.highlight, (p[0] + dx * r, p[1] + dy * r),
                             (p[0] + dx * (r + 8), p[1] + dy * (r + 8)), w)
        return pygame.Rect(int(p[0] - r - 8), int(p[1] - r - 8), int(2 * r + 17), int(2 * r + 17))

    def _turnover_layer(self, screen: pygame.Surface, world, cam: Camera, layers: Layers) -> pygame.Rect | None:
        """The big counter of membrane internalized so far for a cell that asks for it (the macrophage); and where
        the live chart goes (layer `chart`; drawn last, over the labels' leader lines), or None."""
        h = screen.get_height()
        m = max(4, int(8 * self.unit(h)))
        chart = None
        if layers.chart and cam.view[2] > 120 and cam.view[3] > 120:
            chart = chart_rect(cam.view, m)
            self.rects.append(chart)
        if world.params.cell_spec.counter and world.turnover.cells:
            tv = world.turnover
            lines = [(_("Membrane internalized: {p:.0f} % of the surface").format(p=100 * tv.internalized(world)),
                      self.font_px(22, h), True)]
            if tv.full_at is not None:
                lines.append((_("100 % reached at t = {t} (measured in this run)").format(t=sim_clock(tv.full_at)),
                              self.font_px(15, h), False))
            vx, vy, vw, _vh = cam.view
            self.rects.append(hud.text_block(screen, self.text, lines, (vx + m, vy + m), self.theme, "topleft",
                                             max_w=int(0.5 * vw)))
        return chart

    def _text_layer(self, screen: pygame.Surface, world, cam: Camera, layers: Layers, state: HudState,
                    in_scene_clock: bool) -> None:
        """What is drawn over the scene: the clock (when there is no side panel), scale bar and messages."""
        th, h = self.theme, screen.get_height()
        body, big = self.font_px(17, h), self.font_px(22, h)
        vx, vy, vw, vh = cam.view
        m = max(4, int(8 * self.unit(h)))
        left, top = vx + vw - m, vy + m  # the message's room: left of the clock, or under it
        if in_scene_clock and layers.clock:
            lines = clock_lines(world, state, big, body, self.font_px(14, h))
            clock = hud.text_block(screen, self.text, lines, (vx + vw - m, vy + m), th, "topright",
                                   max_w=int(0.5 * vw))
            self.rects.append(clock)
            left = clock.left - m
            if left - vx - m < 0.35 * vw:
                left, top = vx + vw - m, clock.bottom + m
        if layers.scale_bar:
            self.rects.append(hud.scale_bar(screen, cam, self.text, th, (vx + m, vy + vh - m), body))
        if state.message:  # never over the clock
            room = left - vx - m
            self.rects.append(hud.text_block(screen, self.text, [(state.message, body, True)],
                                             (vx + m + room // 2, top), th, "midtop", max_w=int(room * 0.95)))
