"""World-to-screen mapping: fit the scene into the view, zoom about a point, pan; nm <-> px."""

from __future__ import annotations

from typing import overload

import numpy as np


class Camera:
    """Maps world nm to screen px. zoom 1 shows the whole scene; larger zooms in about `center`."""

    MIN_ZOOM, MAX_ZOOM = 1.0, 60.0

    def __init__(self, world_w: float, world_h: float, view: tuple[int, int, int, int]) -> None:
        self.world_w, self.world_h = world_w, world_h
        self.view = view  # (x, y, w, h) px of the scene area on screen
        self.zoom = 1.0
        self.center = np.array([world_w / 2, world_h / 2])

    @property
    def base_scale(self) -> float:
        return min(self.view[2] / self.world_w, self.view[3] / self.world_h)

    @property
    def scale(self) -> float:
        """Screen px per nm."""
        return self.base_scale * self.zoom

    def set_view(self, view: tuple[int, int, int, int]) -> None:
        self.view = view

    def to_screen(self, pts: np.ndarray) -> np.ndarray:
        """(n, 2) nm -> (n, 2) px (float)."""
        vx, vy, vw, vh = self.view
        return (pts - self.center) * self.scale + np.array([vx + vw / 2, vy + vh / 2])

    @overload
    def x_to_screen(self, x: float) -> float: ...
    @overload
    def x_to_screen(self, x: np.ndarray) -> np.ndarray: ...

    def x_to_screen(self, x: np.ndarray | float) -> np.ndarray | float:
        """x nm -> px: a number for a number, an array for an array."""
        return (x - self.center[0]) * self.scale + self.view[0] + self.view[2] / 2

    @overload
    def y_to_screen(self, y: float) -> float: ...
    @overload
    def y_to_screen(self, y: np.ndarray) -> np.ndarray: ...

    def y_to_screen(self, y: np.ndarray | float) -> np.ndarray | float:
        """y nm -> px: a number for a number, an array for an array."""
        return (y - self.center[1]) * self.scale + self.view[1] + self.view[3] / 2

    def to_world(self, px: tuple[float, float]) -> np.ndarray:
        vx, vy, vw, vh = self.view
        return (np.asarray(px, dtype=float) - np.array([vx + vw / 2, vy + vh / 2])) / self.scale + self.center

    def visible_world(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) nm currently on screen."""
        a = self.to_world((self.view[0], self.view[1]))
        b = self.to_world((self.view[0] + self.view[2], self.view[1] + self.view[3]))
        return float(a[0]), float(a[1]), float(b[0]), float(b[1])

    # -- control ---------------------------------------------------------------------------------------
    def zoom_at(self, factor: float, px: tuple[float, float] | None = None) -> None:
        """Zoom by factor keeping the world point under px (default: view centre) fixed."""
        anchor = self.to_world(px) if px is not None else self.center.copy()
        new = float(np.clip(self.zoom * factor, self.MIN_ZOOM, self.MAX_ZOOM))
        if px is not None:
            vx, vy, vw, vh = self.view
            offset = np.asarray(px, dtype=float) - np.array([vx + vw / 2, vy + vh / 2])
            self.center = anchor - offset / (self.base_scale * new)
        self.zoom = new
        self.clamp()

    def pan_px(self, dx: float, dy: float) -> None:
        self.center = self.center - np.array([dx, dy]) / self.scale
        self.clamp()

    def look_at(self, point: np.ndarray | tuple[float, float], zoom: float) -> None:
        self.zoom = float(np.clip(zoom, self.MIN_ZOOM, self.MAX_ZOOM))
        self.center = np.asarray(point, dtype=float).copy()
        self.clamp()

    def reset(self) -> None:
        self.zoom = 1.0
        self.center = np.array([self.world_w / 2, self.world_h / 2])

    def clamp(self) -> None:
        """Keep the view over the scene (no panning into the void)."""
        half_w = self.view[2] / 2 / self.scale
        half_h = self.view[3] / 2 / self.scale
        for axis, half, size in ((0, half_w, self.world_w), (1, half_h, self.world_h)):
            if 2 * half >= size:
                self.center[axis] = size / 2
            else:
                self.center[axis] = float(np.clip(self.center[axis], half, size - half))
