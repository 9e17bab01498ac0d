"""The Session's membrane-turnover commands: on/off settings (balance, Ca²⁺ outside), the wound tool and keeping
a chart trace to compare runs.

A part of the Session (composed: the Session makes it with itself as its host, session_host.SessionHost, the
written contract); it names its handlers in its own table; no pygame.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from exoviz.commands import ClickTool, Point, TurnoverHandlers
from exoviz.i18n import N_, _
from exoviz.modes import spec
from exoviz.params import RANGES, no_oxidizable_cargo
from exoviz.readouts import sim_clock
from exoviz.session_host import SessionHost
from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2
from exoviz.viewstate import ChartRef

WOUND_PICK_PX = 14  # the wound tool's click counts when it is this close to the membrane line
TOGGLE_SAID = {"balance": (N_("Membrane balance on"), N_("Membrane balance off")),
               "calcium": (N_("Ca²⁺ in the extracellular fluid: on"), N_("Ca²⁺ in the extracellular fluid: off"))}


class TurnoverCommands:
    """Handlers of the turnover commands; they read and change the Session's params, world and wound tool."""

    def __init__(self, s: SessionHost) -> None:
        self.s = s

    def handlers(self) -> TurnoverHandlers:
        """The turnover commands this part carries out, by name."""
        return {"chart_keep": self._chart_keep, "toggle_value": self._toggle_value, "wound": self._wound,
                "wound_at": self._wound_at, "toggle_wound_tool": self._toggle_wound_tool,
                "electrode_at": self._electrode_at, "follow_event": self._follow_event,
                "toggle_electrode_tool": self._toggle_electrode_tool}

    def _chart_keep(self, _arg: None) -> None:
        """Keep this run's chart trace to compare the next with (balance on against off, ...); again: drop it."""
        if self.s.chart_ref is not None:
            self.s.chart_ref = None
            self.s._say((_("Kept chart trace dropped"), 4.0))
            return
        w = self.s.world
        s = w.series
        if not s["t_s"]:
            self.s._say((_("Nothing to keep yet: let the run play a moment"), 4.0))
            return
        area = np.asarray(s["plasma_membrane_um2"], dtype=float)
        dc = np.asarray(s["capacitance_pF"], dtype=float) * 1000.0 - w.ledger.pm_initial_um2 * \
            SPECIFIC_CAPACITANCE_FF_PER_UM2
        label = _("balance on") if self.s.params.balance else _("balance off")
        if not self.s.params.calcium:
            label += _(", no Ca²⁺ outside")
        label += f" · {sim_clock(w.t)}"
        self.s.chart_ref = ChartRef(np.asarray(s["t_s"], dtype=float), area, dc, label)
        self.s.layers.chart = True
        self.s._say((_("Chart trace kept (dashed): change a setting or restart (R), then compare"), 6.0))

    def _toggle_value(self, arg: str) -> None:
        """Flip an on/off parameter (balance, calcium)."""
        name = str(arg)
        if not RANGES[name].toggle:
            raise KeyError(f"{name!r} is no on/off setting")
        before = self.s.params
        self.s._set_value((name, 0 if getattr(self.s.params, name) else 1))
        if self.s.params == before:  # refused (it says why)
            return
        for w in self.s.compare_worlds:
            w.set_params(replace(w.params, **{name: getattr(self.s.params, name)}))
        on, off = TOGGLE_SAID[name]
        self.s._say((_(on if getattr(self.s.params, name) else off), 4.0))

    def _wound(self, arg: float) -> None:
        """A wound at x nm in the current scene (in the compare view: in each cell scene); the tool is put down."""
        self.s.wound_tool = False
        if self.s.compare:
            for w in self.s.compare_worlds:
                if spec(w.params.mode).cells:
                    w.wound(float(arg))
            return
        self.s._say((self.s.world.wound(float(arg)), 5.0))

    def _wound_at(self, arg: Point) -> None:
        """A click with the wound tool: a wound where the membrane is under it, if the click is on the membrane."""
        x, y = self.s.camera.to_world((float(arg[0]), float(arg[1])))
        if abs(y - self.s.world.scene.membrane_y) * self.s.camera.scale > WOUND_PICK_PX:
            self.s._say((_("Wound tool: click on the plasma membrane (the bilayer line)"), 4.0))
            return
        self._wound(x)

    def _toggle_wound_tool(self, _arg: None) -> None:
        if not self.s.compare and spec(self.s.params.mode).cells:
            self.s.wound_tool = not self.s.wound_tool
            self.s._say((_("Wound tool: click on the plasma membrane (Esc or W to cancel)") if self.s.wound_tool
                       else _("Wound tool put down"), 5.0))
        else:
            self.s._say((_("Wounds are made in one cell scene (full fusion or exosome)"), 4.0))

    def click_tool(self) -> ClickTool:
        """What a click in the scene does now: place the electrode, wound the membrane, or pick a body."""
        return "electrode_at" if self.s.electrode_tool else "wound_at" if self.s.wound_tool else "pick"

    def _electrode_at(self, arg: Point) -> None:
        """A click with the electrode tool: the carbon fibre goes onto the cell's surface above the click."""
        x, _y = self.s.camera.to_world((float(arg[0]), float(arg[1])))
        self.s.electrode_tool = False
        self.s._set_value(("electrode_um", round(float(x) / 1e3, 2)))
        self.s._say((_("Carbon-fibre electrode placed at {x:.1f} µm: amperometry below").format(x=x / 1e3), 5.0))

    def _toggle_electrode_tool(self, _arg: None) -> None:
        if self.s.compare:
            self.s._say((_("Amperometry needs a single scene, not the compare view"), 4.0))
        elif not self.s.params.cell_spec.oxidizable:  # the electrode sees catecholamine only
            self.s._say((no_oxidizable_cargo(), 5.0))
        else:
            self.s.electrode_tool = not self.s.electrode_tool
            self.s.wound_tool = False
            self.s._say((_("Electrode tool: click on the cell where the carbon fibre goes (Esc or A to cancel)")
                         if self.s.electrode_tool else _("Electrode tool put down"), 5.0))

    def _follow_event(self, arg: tuple[int, float]) -> None:
        """A click on a spike: follow its granule if it is still in the scene, else mark where it fused."""
        uid, x = int(arg[0]), float(arg[1])
        if self.s.world.ves.index_of_uid(uid) >= 0:
            self.s.follow.start(uid)
            self.s._say((_("Following the granule of this amperometric event"), 4.0))
            return
        self.s.follow.hold(np.array([x, self.s.world.scene.membrane_y]), self.s.world.playback_s)
        self.s._say((_("This granule has merged with the membrane: its fusion site is marked"), 4.0))
