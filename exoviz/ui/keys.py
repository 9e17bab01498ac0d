"""The one table that binds keys to commands; the help overlay is generated from it."""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Binding:
    keys: tuple[int, ...]  # pygame key codes (any of them)
    label: str  # how the help overlay names the keys
    command: str  # what App.run_command does: a layer or mode switch, or App.cmd_<command>
    help: str  # what it does, in a few words
    ctrl: bool = False  # needs Ctrl held


BINDINGS: tuple[Binding, ...] = (
    Binding((pygame.K_SPACE,), "Space", "toggle_pause", "play / pause"),
    Binding((pygame.K_RIGHT,), "→", "step", "one step forward (while paused)"),
    Binding((pygame.K_MINUS, pygame.K_KP_MINUS), "-", "slower", "slower (×0.25 ... ×4)"),
    Binding((pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), "+", "faster", "faster"),
    Binding((pygame.K_r,), "R", "reset", "restart the scene (same seed)"),
    Binding((pygame.K_1,), "1", "mode_full_fusion", "full fusion"),
    Binding((pygame.K_2,), "2", "mode_kiss_and_run", "kiss-and-run at a synapse"),
    Binding((pygame.K_3,), "3", "mode_exosome", "exosome release"),
    Binding((pygame.K_4,), "4", "compare", "compare the three side by side"),
    Binding((pygame.K_s,), "S", "stimulate", "fire one action potential (synapse)"),
    Binding((pygame.K_PAGEDOWN,), "Page Down", "walk_next", "walk-through: next stage"),
    Binding((pygame.K_PAGEUP,), "Page Up", "walk_prev", "walk-through: previous stage"),
    Binding((pygame.K_HOME,), "Home", "walk_exit", "leave the walk-through"),
    Binding((pygame.K_l,), "L", "toggle_labels", "labels on / off"),
    Binding((pygame.K_c,), "C", "toggle_captions", "captions on / off"),
    Binding((pygame.K_d,), "D", "toggle_cargo", "cargo dots on / off"),
    Binding((pygame.K_m,), "M", "toggle_proteins", "membrane proteins on / off"),
    Binding((pygame.K_b,), "B", "toggle_scale", "scale bar and clock on / off"),
    Binding((pygame.K_t,), "T", "toggle_theme", "dark / projector theme"),
    Binding((pygame.K_TAB,), "Tab", "toggle_clean", "clean view (no widgets) for recording"),
    Binding((pygame.K_F11, pygame.K_f), "F11 / F", "toggle_fullscreen", "fullscreen"),
    Binding((pygame.K_h, pygame.K_QUESTION, pygame.K_SLASH), "H / ?", "toggle_help", "this help"),
    Binding((pygame.K_z, pygame.K_PERIOD), "Z / .", "zoom_in", "zoom in (or mouse wheel)"),
    Binding((pygame.K_x, pygame.K_COMMA), "X / ,", "zoom_out", "zoom out"),
    Binding((pygame.K_0,), "0", "zoom_reset", "whole scene; stop following"),
    Binding((pygame.K_p, pygame.K_F12), "P / F12", "screenshot", "save a PNG screenshot"),
    Binding((pygame.K_r,), "Ctrl+R", "toggle_record", "start / stop recording an MP4", ctrl=True),
    Binding((pygame.K_ESCAPE,), "Esc", "escape", "leave fullscreen, close help, or quit"),
)


def lookup(key: int, mods: int) -> Binding | None:
    """The binding for a key press, honouring Ctrl (Ctrl+R is not R)."""
    ctrl = bool(mods & pygame.KMOD_CTRL)
    for b in BINDINGS:  # a short constant table
        if key in b.keys and b.ctrl == ctrl:
            return b
    return None
