"""The TIRF region tool: a drag up or down the kymograph (key O) marks the region along the plasma membrane whose
ΔF/F0 is traced; Esc clears the region (it is on the Esc stack, ui/escape.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from exoviz.commands import Command
from exoviz.ui.escape import Openable, register

if TYPE_CHECKING:
    from exoviz.render.renderer import Renderer
    from exoviz.ui.host import Host as Window

MIN_UM = 0.1  # a click without a drag marks this much around the point


class RegionDrag:
    """A drag on the kymograph in progress: its start, µm along the membrane."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer  # its tirf_plot: the kymograph's box and the membrane's width (µm) as last drawn
        self.start: float | None = None

    def handle(self, w: Window, ev: pygame.event.Event) -> bool:
        """Take the mouse events of a drag that starts on the kymograph; True when the event was the tool's."""
        plot = self.renderer.tirf_plot if w.session.layers.tirf else None
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and plot is not None and plot[0].collidepoint(ev.pos):
            self.start = _um(plot, ev.pos[1])
            return True
        if self.start is None or plot is None:
            return False
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            end = _um(plot, ev.pos[1])
            x0, x1 = sorted((self.start, end))
            if x1 - x0 < MIN_UM:
                x0, x1 = max(0.0, x0 - MIN_UM), min(plot[1], x1 + MIN_UM)
            w.run_command(Command("tirf_region", (x0, x1)))
            self.start = None
            return True
        return ev.type == pygame.MOUSEMOTION


def _um(plot: tuple[pygame.Rect, float], y: int) -> float:
    """µm along the membrane at screen row y of the kymograph (0 at its bottom)."""
    box, width = plot
    return max(0.0, min(width, width * (box.bottom - y) / max(box.h, 1)))


def _open(w: Window) -> None:
    mid = 0.5 * w.session.world.scene.width / 1000.0
    w.run_command(Command("set_layer", ("tirf", True)))
    w.run_command(Command("tirf_region", (mid - 0.5, mid + 0.5)))


register(Openable("TIRF region", lambda w: w.session.layers.tirf and w.session.tirf_region is not None,
                  lambda w: w.run_command(Command("tirf_region", None)), _open))
