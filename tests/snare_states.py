"""Hand-made MachineryViews of one release site at each state (tethered ... disassembly), a World whose
machinery_view() returns them, and the close-up drawn at each: shared by tests/test_snares.py and, as a script,
for looking at them (python -m tests.snare_states OUTDIR writes the PNGs at 1920x1080 projector and 1280x720 dark).
"""

from __future__ import annotations

import os
import sys

import numpy as np

from exoviz.params import Params
from exoviz.sim.fusion import open_pore
from exoviz.sim.machinery_view import Machine, MachineryView
from exoviz.sim.stages import Stage
from exoviz.sim.world import World

STATES = ("tethered", "docked", "primed", "ca_bound", "zippered", "pore", "disassembly")
STORIES = {"beta-cell": Params(mode="full-fusion", seed=3), "synapse": Params(mode="kiss-and-run", seed=3)}


def docked_world(story: str) -> tuple[World, int]:
    """A World of the story a few steps in, and the docked row nearest the scene's middle."""
    w = World(STORIES[story])
    for _ in range(5):
        w.step()
    v = w.ves
    dk = np.flatnonzero(v.stage == Stage.DOCKED)
    slot = int(dk[np.argmin(np.abs(v.pos[dk, 0] - w.scene.width / 2))])
    return w, slot


def view_at(world: World, slot: int, state: str) -> MachineryView:
    """The view of row `slot` at one of STATES (pore and disassembly open its pore first)."""
    code, n, zipper, ca, clamped = {
        "tethered": (Machine.TETHERED, 0, 0.0, 0.0, False),
        "docked": (Machine.DOCKED, 0, 0.0, 0.0, False),
        "primed": (Machine.PRIMED, 3, 0.5, 0.0, True),
        "ca_bound": (Machine.CA_BOUND, 3, 0.75, 1.0, False),
        "zippered": (Machine.CA_BOUND, 3, 1.0, 0.6, False),
        "pore": (Machine.FUSED, 3, 1.0, 1.0, False),
        "disassembly": (Machine.FUSED, 3, 1.0, 1.0, False),
    }[state]
    if state in ("pore", "disassembly") and world.ves.stage[slot] == Stage.DOCKED:
        stage = Stage.KISS_RELEASE if world.params.mode == "kiss-and-run" else Stage.PORE
        open_pore(world, np.array([slot]), stage, 1.0, "test_pore")
    cis = np.zeros(0)
    prog = np.zeros(0)
    if state == "disassembly":  # the kiss is over (synapse) or the vesicle all but flattened into the membrane
        x = float(world.ves.pos[slot, 0])  # (beta-cell); the complexes it left are cis
        if world.params.mode == "kiss-and-run":  # sealed, and moving back into the cytosol
            world.ves.set_stage(np.array([slot]), Stage.PORE_CLOSED)
            world.ves.set_stage(np.array([slot]), Stage.RETREAT)
            world.ves.pore[slot] = 0.0
            world.ves.pos[slot, 1] += 1.6 * world.ves.radius[slot]
            world.ves.prev[slot] = world.ves.pos[slot]
        else:
            world.ves.set_stage(np.array([slot]), Stage.COLLAPSE)
            world.ves.collapse[slot] = 0.97
            world.ves.pore[slot] = 0.8 * world.ves.radius[slot]
        cis = x + np.array([-24.0, -9.0, 10.0, 26.0])
        prog = np.array([0.1, 0.45, 0.75, 0.92])
    return MachineryView(rows=np.array([slot], np.int64), state=np.array([code], np.int8),
                         complexes=np.array([n], np.int8), zipper=np.array([zipper]),
                         ca_occupancy=np.array([ca]), clamped=np.array([clamped]), cis_x=cis, cis_progress=prog)


def serve(world: World, view: MachineryView) -> None:
    """Make this World's machinery_view() return `view` (on the instance only)."""
    world.machinery_view = lambda: view  # type: ignore[method-assign]


def render(world: World, slot: int, size: tuple[int, int], theme_name: str, labels: bool = True):
    """The screen with the close-up on row `slot` drawn (main view left undrawn: only the inset is of interest);
    (screen, renderer, inset rect)."""
    import pygame

    from exoviz.camera import Camera
    from exoviz.render.closeup import draw_closeup, inset_sizes
    from exoviz.render.renderer import Renderer
    from exoviz.render.theme import THEMES
    from exoviz.viewstate import Layers

    screen = pygame.Surface(size)
    renderer = Renderer(THEMES[theme_name])
    main = Camera(world.scene.width, world.scene.height, (0, 0, *size))
    screen.fill(renderer.theme.cytosol)
    w, h = inset_sizes((0, 0, *size))[0]
    rect = pygame.Rect(0, 0, w, h)
    rect.center = (size[0] // 2, size[1] // 2)
    draw_closeup(screen, renderer, world, main, 1.0, int(world.ves.uid[slot]), "Close-up: docked", 1.0,
                 Layers(labels=labels), rect)
    return screen, renderer, rect


def main(out: str) -> None:
    import pygame

    pygame.init()
    os.makedirs(out, exist_ok=True)
    for story in STORIES:
        for state in STATES:
            world, slot = docked_world(story)
            serve(world, view_at(world, slot, state))
            for size, theme in (((1920, 1080), "projector"), ((1280, 720), "dark")):
                screen, _r, rect = render(world, slot, size, theme)
                pygame.image.save(screen.subsurface(rect), os.path.join(out, f"{story}-{state}-{theme}.png"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/snares")
