"""The Session's membrane-turnover commands: on/off settings (balance, Ca²⁺ outside) and the wound tool.

A mixin of Session (its handlers are looked up by name like every other command); no pygame.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from exoviz.i18n import N_, _
from exoviz.modes import spec
from exoviz.params import RANGES, Params

if TYPE_CHECKING:
    from exoviz.camera import Camera
    from exoviz.sim.world import World

WOUND_PICK_PX = 14  # the wound tool's click counts when it is this close to the membrane line
TOGGLE_SAID = {"balance": (N_("Membrane balance on"), N_("Membrane balance off")),
               "calcium": (N_("Ca²⁺ in the extracellular fluid: on"), N_("Ca²⁺ in the extracellular fluid: off"))}


class TurnoverCommands:
    """Handlers of the turnover commands; they read and change the Session's params, world and wound tool."""

    params: Params
    world: World
    camera: Camera
    compare: bool
    compare_worlds: list[World]
    wound_tool: bool
    # and Session's _set_value(arg) and _say(arg)

    def _toggle_value(self, arg: object) -> None:
        """Flip an on/off parameter (balance, calcium)."""
        name = str(arg)
        if not RANGES[name].toggle:
            raise KeyError(f"{name!r} is no on/off setting")
        self._set_value((name, 0 if getattr(self.params, name) else 1))
        for w in self.compare_worlds:
            w.set_params(replace(w.params, **{name: getattr(self.params, name)}))
        on, off = TOGGLE_SAID[name]
        self._say((_(on if getattr(self.params, name) else off), 4.0))

    def _wound(self, arg: object) -> None:
        """A wound at x nm in the current scene (in the compare view: in each cell scene); the tool is put down."""
        self.wound_tool = False
        if self.compare:
            for w in self.compare_worlds:
                if spec(w.params.mode).cells:
                    w.wound(float(arg))
            return
        self._say((self.world.wound(float(arg)), 5.0))

    def _wound_at(self, arg: object) -> None:
        """A click with the wound tool: a wound where the membrane is under it, if the click is on the membrane."""
        x, y = self.camera.to_world(arg)
        if abs(y - self.world.scene.membrane_y) * self.camera.scale > WOUND_PICK_PX:
            self._say((_("Wound tool: click on the plasma membrane (the bilayer line)"), 4.0))
            return
        self._wound(x)

    def _toggle_wound_tool(self, _arg: object) -> None:
        if not self.compare and spec(self.params.mode).cells:
            self.wound_tool = not self.wound_tool
            self._say((_("Wound tool: click on the plasma membrane (Esc or W to cancel)") if self.wound_tool
                       else _("Wound tool put down"), 5.0))
        else:
            self._say((_("Wounds are made in one cell scene (full fusion or exosome)"), 4.0))

