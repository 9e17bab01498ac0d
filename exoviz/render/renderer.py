"""Composes one frame: scene background, membrane, bodies, dots, overlays, then the text layer."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

import pygame

from exoviz.captions import caption
from exoviz.readouts import playback_factor, readout_lines, sim_clock
from exoviz.render import hud
from exoviz.render.bodies import dot_sprite, draw_bodies, draw_dots, interpolated, protein_sprite
from exoviz.render.camera import Camera
from exoviz.render.membrane import draw_plasma_membrane
from exoviz.render.sprites import SpriteCache
from exoviz.render.text import TextCache
from exoviz.render.theme import Theme
from exoviz.sim.stages import STAGE_NAMES

SCENE_MODULES = {"full-fusion": "exoviz.render.scene_full_fusion",
                 "kiss-and-run": "exoviz.render.scene_kiss_and_run",
                 "exosome": "exoviz.render.scene_exosome"}


@dataclass
class Layers:
    """What is drawn. Clean view turns off everything but the scene (and what is kept on purpose)."""

    labels: bool = True
    captions: bool = True
    cargo: bool = True
    proteins: bool = True
    scale_bar: bool = True
    clock: bool = True
    readout: bool = True
    legend: bool = True
    notes: bool = True


@dataclass
class HudState:
    """What the loop knows that the model does not: speed, pause, who is followed, overlays."""

    paused: bool = False
    speed: float = 1.0
    follow_uid: int = -1  # clicked by the user; -1: caption follows the model's featured body
    caption_override: str = ""  # from a scene script
    walk: tuple[str, str] | None = None  # presenter walk-through (title, two lines)
    message: str = ""  # short confirmation (screenshot saved, ...)
    extra_lines: list[str] = field(default_factory=list)


def scene_module(mode: str) -> ModuleType | None:
    try:
        return importlib.import_module(SCENE_MODULES[mode])
    except ModuleNotFoundError:
        return None


class Renderer:
    """Draws a World through a Camera. Reads the model only."""

    def __init__(self, theme: Theme, ui_scale: float = 1.0) -> None:
        self.theme = theme
        self.ui_scale = ui_scale
        self.sprites = SpriteCache(theme)
        self.text = TextCache(1.0)
        self._dot: pygame.Surface | None = None
        self._prot: pygame.Surface | None = None
        self._sizes: tuple[int, float] = (0, 0.0)
        self._bg: dict[tuple, pygame.Surface] = {}  # static background layers by view

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.sprites.set_theme(theme)
        self._sizes = (0, 0.0)

    def font_px(self, base: int, screen_h: int) -> int:
        return int(round(base * max(screen_h, 480) / 720 * self.ui_scale * self.theme.text_scale))

    def _small_sprites(self, screen_h: int) -> None:
        key = (screen_h, self.ui_scale)
        if self._sizes != key:
            k = max(1.0, screen_h / 720)
            self._dot = dot_sprite(self.theme.cargo, int(round(2.5 * k)), self.theme.text_dim
                                   if self.theme.outline else None)
            self._prot = protein_sprite(self.theme.protein, int(round(4 * k)) + self.theme.outline)
            self._sizes = key

    # -- the frame ----------------------------------------------------------------------------------------
    def draw(self, screen: pygame.Surface, world, cam: Camera, alpha: float, layers: Layers,
             state: HudState, column: pygame.Rect | None = None, column_limit: int = 0) -> None:
        th = self.theme
        sc = world.scene
        self._small_sprites(screen.get_height())
        vx, vy, vw, vh = cam.view
        clip = screen.get_clip()
        screen.set_clip(pygame.Rect(cam.view))
        mod = scene_module(world.params.mode)
        screen.blit(self._background(screen, cam, sc, th, mod), (vx, vy))
        membrane = draw_plasma_membrane(screen, cam, world, th, alpha, layers.proteins, self._prot,
                                        cargo_img=self._dot if layers.cargo else None)
        mt = membrane.half_px
        if mod is not None and hasattr(mod, "draw_overlay"):
            mod.draw_overlay(screen, cam, world, th, alpha)
        draw_bodies(screen, cam, world, alpha, self.sprites, mt, layers.cargo, layers.proteins)
        if mod is not None and hasattr(mod, "draw_front"):  # scene details that belong over the bodies
            mod.draw_front(screen, cam, world, th, alpha)
        if layers.cargo:
            d = world.dots
            draw_dots(screen, cam, d.pos, d.prev, d.alive, alpha, self._dot)
        focus = self._focus_slot(world, state)
        if focus >= 0 and (layers.captions or state.follow_uid >= 0):
            self._ring(screen, cam, world, focus, alpha)
        if layers.labels and mod is not None:
            items = mod.labels(sc) + (mod.dynamic_labels(world) if hasattr(mod, "dynamic_labels") else [])
            items += membrane.labels
            hud.draw_labels(screen, cam, self.text, th, items, self.font_px(15, screen.get_height()))
        screen.set_clip(clip)
        self._text_layer(screen, world, cam, layers, state, focus, column, column_limit)

    def _background(self, screen: pygame.Surface, cam: Camera, sc, th: Theme, mod: ModuleType | None
                    ) -> pygame.Surface:
        """The static layer under everything (fluids, organelles): drawn again only when the view changes."""
        key = (id(sc), sc.width, sc.height, tuple(cam.view), cam.zoom, float(cam.center[0]),
               float(cam.center[1]), th.name)
        layer = self._bg.get(key)
        if layer is None:
            if len(self._bg) >= 4:  # the compare view keeps three
                self._bg.clear()
            vx, vy, vw, vh = cam.view
            full = pygame.Surface((vx + vw, vy + vh))
            full.set_clip(pygame.Rect(cam.view))
            full.fill(th.cytosol, pygame.Rect(cam.view))
            ecf_bottom = int(cam.y_to_screen(sc.membrane_y))
            if ecf_bottom > vy:  # the extracellular fluid fills the view above the membrane, letterbox included
                full.fill(th.ecf, pygame.Rect(vx, vy, vw, min(ecf_bottom, vy + vh) - vy))
            if mod is not None:
                mod.draw_background(full, cam, sc, th)
            layer = self._bg[key] = full.subsurface(pygame.Rect(cam.view)).copy()
        return layer

    def _focus_slot(self, world, state: HudState) -> int:
        uid = state.follow_uid if state.follow_uid >= 0 else world.featured()
        return world.ves.index_of_uid(uid) if uid >= 0 else -1

    def _ring(self, screen: pygame.Surface, cam: Camera, world, slot: int, alpha: float) -> None:
        v = world.ves
        p = cam.to_screen(interpolated(v.pos[slot:slot + 1], v.prev[slot:slot + 1], alpha))[0]
        r = max(6.0, v.radius[slot] * cam.scale) + 6
        w = 2 + self.theme.outline
        pygame.draw.circle(screen, self.theme.highlight, p, r, w)
        # four ticks so the marker reads without colour
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            pygame.draw.line(screen, self.theme.highlight, (p[0] + dx * r, p[1] + dy * r),
                             (p[0] + dx * (r + 8), p[1] + dy * (r + 8)), w)

    def _text_layer(self, screen: pygame.Surface, world, cam: Camera, layers: Layers, state: HudState,
                    focus: int, column: pygame.Rect | None, column_limit: int = 0) -> None:
        th, h = self.theme, screen.get_height()
        small, body, big = self.font_px(14, h), self.font_px(17, h), self.font_px(21, h)
        vx, vy, vw, vh = cam.view
        m = int(8 * max(1.0, h / 720))
        factor = playback_factor(world.mech.time_scale, state.speed)
        clock = [(f"t = {sim_clock(world.t)} (simulated)", big, True),
                 (f"{factor} · {'PAUSED' if state.paused else 'playing'}", body, False)]
        if column is not None:
            x, y, cw = column.x + m, column.y + m, column.w - 2 * m
            limit = column_limit or column.bottom
            screen.fill(th.panel[:3], column)
            blocks: list[list[tuple[str, int, bool]]] = []
            if layers.clock:
                blocks.append(clock)
            if layers.readout:
                blocks.append([(world.scene.title, big, True), (world.scene.cell, small, False)]
                              + [(s, body, False) for s in readout_lines(world) + state.extra_lines])
            if layers.notes and world.scene.notes:
                notes = [("Scale and speed:", small, True)] + [(n, small, False) for n in world.scene.notes]
                if cam.zoom > 1.01:
                    notes.append((f"Zoom × {cam.zoom:.1f}", small, False))
            else:
                notes = []
            for lines in blocks + ([notes] if notes else []):  # only what fits above the sliders
                if y + hud.measure(self.text, lines, cw).h > limit:
                    break
                y = hud.text_block(screen, self.text, lines, (x, y), th, "topleft", max_w=cw, min_w=cw).bottom + m
            if layers.legend and y + hud.legend_height(self.text, small) <= limit:
                y = hud.legend(screen, self.text, th, (x, y), small, "topleft", min_w=cw).bottom + m
        elif layers.clock:
            hud.text_block(screen, self.text, clock, (vx + vw - m, vy + m), th, "topright")
        bottom = vy + vh - m
        if layers.scale_bar:
            hud.scale_bar(screen, cam, self.text, th, (vx + m, bottom), body)
        cap = self.caption_parts(world, state, focus)
        if cap and (layers.captions or state.walk):
            lines = [(cap[0], big, True)] + [(s, body, False) for s in (cap[1] + "\n" + cap[2]).split("\n") if s]
            width = int(vw * 0.68)
            hud.text_block(screen, self.text, lines, (vx + vw - m, bottom), th, "bottomright", pad=10,
                           max_w=width)
        if state.message:
            hud.text_block(screen, self.text, [(state.message, body, True)], (vx + vw // 2, vy + m), th,
                           "midtop", max_w=int(vw * 0.9))

    def caption_parts(self, world, state: HudState, focus: int | None = None) -> tuple[str, str, str] | None:
        """(title, explanation, detail line) of what the caption shows now: the walk-through stop, a script's
        override, or the followed / highlighted body's stage. Subtitles use the first two parts."""
        if state.walk:
            return (*state.walk, "")
        if state.caption_override:
            return (state.caption_override, "", "")
        focus = self._focus_slot(world, state) if focus is None else focus
        if focus < 0:
            return None
        v = world.ves
        stage = int(v.stage[focus])
        title, text = caption(stage)
        who = "Followed" if state.follow_uid >= 0 else "Highlighted"
        age = world.t - v.born[focus]
        detail = (f"{who} #{int(v.uid[focus])}: {STAGE_NAMES.get(stage, '?')} · ⌀ {2 * v.r_full[focus]:.0f} nm"
                  f" · cargo {int(v.cargo[focus])} dots · age {sim_clock(age)}")
        return (title, text, detail)
