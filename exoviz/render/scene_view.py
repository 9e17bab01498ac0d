"""The small protocol every scene view implements (one per mode, named in render/scene_views.py), with do-nothing
defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from exoviz.camera import Camera
from exoviz.render.labels import Label
from exoviz.render.theme import Theme
from exoviz.sim.scene import Scene

if TYPE_CHECKING:
    from exoviz.sim.world import World


class SceneView:
    """Draws what is special about one mode's scene. The renderer calls every method in this order:
    draw_background (cached per view), draw_overlay (under the bodies), draw_front (over the bodies),
    labels + dynamic_labels (when labels are on)."""

    def draw_background(self, screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
        """Static structures (organelles, the other cell) into the cached background layer."""

    def draw_overlay(self, screen: pygame.Surface, cam: Camera, world: World, theme: Theme, alpha: float) -> None:
        """Things that change every frame and lie under the bodies."""

    def draw_front(self, screen: pygame.Surface, cam: Camera, world: World, theme: Theme, alpha: float) -> None:
        """Things that change every frame and lie over the bodies."""

    def labels(self, scene: Scene) -> list[Label]:
        """Labels of static structures."""
        return []

    def dynamic_labels(self, world: World) -> list[Label]:
        """Labels anchored on moving bodies (recomputed every frame)."""
        return []
