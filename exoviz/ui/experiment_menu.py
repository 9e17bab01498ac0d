"""The experiment menu: a drop-down under the cell menu listing the experiments of exoviz.experiments that act in
this cell, each to apply ("+ …") or to remove ("- …"); a pick sends Command("experiment", (name, on))."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIDropDownMenu

from exoviz.commands import Command
from exoviz.experiments import EXPERIMENTS, available
from exoviz.i18n import N_, _
from exoviz.ui.textfit import fit_entry

if TYPE_CHECKING:
    from exoviz.ui.host import Panel as Controls

HEAD = "-"  # the option id of the menu's title line (picking it changes nothing)
SIDE = "compare"  # the option id of "Control beside treatment (E)"
SIDE_TEXT = N_("Control beside treatment (E)")
TIP = N_("Experiments: drugs, toxins, media and knockouts that act on the model's mechanism (--experiment NAME); "
         "the strip under the scene says each one's target, what real cells show and the source")


def head_text(applied: tuple[str, ...]) -> str:
    """The menu's title: what is applied now."""
    if not applied:
        return _("Experiments: none")
    if len(applied) == 1:
        return _("Experiment: {label}").format(label=_(EXPERIMENTS[applied[0]].label))
    return _("Experiments: {n} applied").format(n=len(applied))


def build(c: Controls, rect: pygame.Rect, font: pygame.font.Font) -> UIDropDownMenu:
    """The menu in rect: its title, then each experiment of this cell with + (apply) or - (remove)."""
    p = c.window.session.params
    room = rect.w - rect.h - 8
    head = fit_entry(head_text(p.applied), font, room)
    options: list[str | tuple[str, str]] = [(head, HEAD)]
    options += [(fit_entry(f"{'-' if p.has(e.name) else '+'} {_(e.label)}", font, room), e.name)
                for e in available(p.mode, p.cell_spec.name)]
    options.append((fit_entry(_(SIDE_TEXT), font, room), SIDE))
    menu = UIDropDownMenu(options, (head, HEAD), rect, c.manager)
    menu.set_tooltip(_(TIP))
    _built[menu] = (p.applied, rect, font)
    return menu


# menu -> what it shows, where (forgotten with the menu)
_built: weakref.WeakKeyDictionary[UIDropDownMenu, tuple[tuple[str, ...], pygame.Rect, pygame.font.Font]] = \
    weakref.WeakKeyDictionary()


def sync(c: Controls) -> None:
    """After an experiment was applied or removed, the menu alone is built again (its title and +/- entries)."""
    menu = c.experiment_menu
    if menu is None or not menu.alive() or menu not in _built:
        return
    applied, rect, font = _built[menu]
    if applied == c.window.session.params.applied or menu.current_state is menu.menu_states["expanded"]:
        return
    del _built[menu]
    menu.kill()
    new = c.experiment_menu = build(c, rect, font)
    c._mode_widgets[c._mode_widgets.index(menu)] = new


def chosen(c: Controls, option_id: str) -> Command | None:
    """The command for a pick (None for the title line)."""
    if option_id == SIDE:
        return Command("compare_treatment")
    if option_id not in EXPERIMENTS:
        return None
    return Command("experiment", (option_id, not c.window.session.params.has(option_id)))
