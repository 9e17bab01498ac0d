"""The one table that binds keys to commands; the help overlay is generated from it."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from exoviz.commands import Command
from exoviz.i18n import N_
from exoviz.modes import SPECS


@dataclass(frozen=True)
class Binding:
    keys: tuple[int, ...]  # pygame key codes (any of them)
    label: str  # how the help overlay names the keys
    command: Command  # what the key asks of the Window (window commands) or the Session (all others)
    help: str  # what it does, in a few words
    ctrl: bool = False  # needs Ctrl held
    shift: bool = False  # needs Shift held (bindings without it take either)


BINDINGS: tuple[Binding, ...] = (
    Binding((pygame.K_SPACE,), "Space", Command("toggle_pause"), N_("play / pause")),
    Binding((pygame.K_RIGHT,), "→", Command("step"), N_("one step forward (while paused)")),
    Binding((pygame.K_MINUS, pygame.K_KP_MINUS), "-", Command("slower"), N_("slower (×0.25 ... ×4)")),
    Binding((pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), "+", Command("faster"), N_("faster")),
    Binding((pygame.K_r,), "R", Command("reset"), N_("restart the scene (same seed)")),
    *(Binding((getattr(pygame, f"K_{m.key}"),), m.key, Command("mode", m.name), m.help) for m in SPECS.values()),
    Binding((pygame.K_4,), "4", Command("compare"), N_("compare the three side by side")),
    Binding((pygame.K_e,), "E", Command("compare_treatment"), N_("control beside treatment (the experiments applied)")),
    Binding((pygame.K_n,), "N", Command("investigations"), N_("guided investigations: the start page")),
    Binding((pygame.K_s,), "S", Command("stimulate"), N_("one stimulus: Ca²⁺ signal / action potential")),
    Binding((pygame.K_PAGEDOWN,), "Page Down", Command("walk_next"), N_("walk-through: next stage")),
    Binding((pygame.K_PAGEUP,), "Page Up", Command("walk_prev"), N_("walk-through: previous stage")),
    Binding((pygame.K_HOME,), "Home", Command("walk_exit"), N_("leave the walk-through")),
    Binding((pygame.K_l,), "L", Command("toggle_layer", "labels"), N_("labels on / off")),
    Binding((pygame.K_c,), "C", Command("toggle_layer", "captions"), N_("captions on / off")),
    Binding((pygame.K_d,), "D", Command("toggle_layer", "cargo"), N_("cargo dots on / off")),
    Binding((pygame.K_m,), "M", Command("toggle_layer", "proteins"), N_("membrane proteins on / off")),
    Binding((pygame.K_k,), "K", Command("toggle_scale"), N_("scale bar and clock on / off")),
    Binding((pygame.K_g,), "G", Command("toggle_layer", "chart"), N_("live chart: membrane area and capacitance")),
    Binding((pygame.K_g,), "Ctrl+G", Command("chart_keep"),
            N_("keep the chart's trace to compare runs"), ctrl=True),
    Binding((pygame.K_o,), "O", Command("toggle_layer", "tirf"), N_("pHluorin in TIRF (drag on it: a region)")),
    Binding((pygame.K_a,), "A", Command("toggle_electrode_tool"),
            N_("amperometry electrode tool: then click on the cell (chromaffin cell)")),
    Binding((pygame.K_w,), "W", Command("toggle_wound_tool"), N_("wound tool: then click on the plasma membrane")),
    Binding((pygame.K_b, pygame.K_PERIOD), "B / .", Command("blank"), N_("blank the screen (black) and back")),
    Binding((pygame.K_v,), "V", Command("toggle_view"), N_("simple / detailed view")),
    Binding((pygame.K_t,), "T", Command("toggle_theme"), N_("dark / projector theme")),
    Binding((pygame.K_TAB,), "Tab", Command("toggle_clean"), N_("clean view (no widgets) for recording")),
    Binding((pygame.K_F11, pygame.K_f, pygame.K_F5), "F11 / F / F5", Command("toggle_fullscreen"),
            N_("fullscreen (F5: a presenter remote's 'start show')")),
    Binding((pygame.K_h, pygame.K_QUESTION, pygame.K_SLASH), "H / ?", Command("toggle_help"), N_("this help")),
    Binding((pygame.K_z,), "Z", Command("zoom_in"), N_("zoom in about the followed or highlighted body")),
    Binding((pygame.K_x, pygame.K_COMMA), "X / ,", Command("zoom_out"),
            N_("zoom out about the followed or highlighted body")),
    Binding((pygame.K_0,), "0", Command("zoom_reset"), N_("whole scene; stop following")),
    Binding((pygame.K_i,), "I", Command("toggle_closeup"), N_("event close-up (magnified, slow motion) on / off")),
    Binding((pygame.K_p, pygame.K_F12), "P / F12", Command("screenshot"), N_("save a PNG screenshot")),
    Binding((pygame.K_r,), "Ctrl+Shift+R", Command("toggle_record_scene"),
            N_("start / stop recording the scene only (no toolbar, no panel)"), ctrl=True, shift=True),
    Binding((pygame.K_r,), "Ctrl+R", Command("toggle_record"), N_("start / stop recording an MP4"), ctrl=True),
    Binding((pygame.K_s,), "Ctrl+S", Command("save_setup"), N_("save this setup as a scene script (--script)"),
            ctrl=True),
    Binding((pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS), "Ctrl++", Command("ui_bigger"),
            N_("larger text and buttons"), ctrl=True),
    Binding((pygame.K_MINUS, pygame.K_KP_MINUS), "Ctrl+-", Command("ui_smaller"), N_("smaller text and buttons"),
            ctrl=True),
    Binding((pygame.K_ESCAPE,), "Esc", Command("escape"),
            N_("close what was opened last; then asks to quit")),
    Binding((pygame.K_q,), "Ctrl+Q", Command("quit"), N_("quit"), ctrl=True),
)


def lookup(key: int, mods: int) -> Binding | None:
    """The binding for a key press, honouring Ctrl (Ctrl+R is not R) and Shift where a binding needs it (the
    first match wins: Ctrl+Shift+R comes before Ctrl+R)."""
    ctrl, shift = bool(mods & pygame.KMOD_CTRL), bool(mods & pygame.KMOD_SHIFT)
    for b in BINDINGS:  # a short constant table
        if key in b.keys and b.ctrl == ctrl and (shift or not b.shift):
            return b
    return None
