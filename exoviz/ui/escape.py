"""The Esc stack: everything that can be open registers here, and Esc closes the one opened last.

REGISTRY is the one list of things that can be open (menus, help, tools, views, the recording, ...). A later
feature adds its own with register(Openable(...)); tests iterate the registry, so they cover it too. Each frame
(and on every Esc) EscapeStack.sync() notes what has opened since, in the order it opened: Esc closes the top.
Only when nothing is open does Esc ask before quitting (a second Esc within a few seconds quits). An entry with
`ask` (a running recording) is closed only by a second Esc, after the question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exoviz.commands import Command, NoArg
from exoviz.i18n import N_, _

if TYPE_CHECKING:
    from exoviz.ui.host import Host as Window

ASK_S = 4.0  # a question (quit? stop the recording?) waits this long for the second Esc
QUIT_QUESTION = N_("Press Esc again to quit (or Ctrl+Q)")


@dataclass(frozen=True)
class Openable:
    """One thing that can be open: how to tell, how Esc closes it, and how a test opens it."""

    name: str
    is_open: Callable[[Window], bool]
    close: Callable[[Window], None]
    open: Callable[[Window], None]  # puts it open (tests iterate the registry with it)
    ask: str = ""  # not empty: Esc first asks this (marked with N_), a second Esc closes it


REGISTRY: list[Openable] = []


def register(entry: Openable) -> Openable:
    """Add something that can be open (a tool, a card, a view); Esc will close it, tests will try it."""
    if any(e.name == entry.name for e in REGISTRY):
        raise ValueError(f"{entry.name!r} is registered already")
    REGISTRY.append(entry)
    return entry


def _cmd(name: NoArg) -> Callable[[Window], None]:
    return lambda w: w.run_command(Command(name))


def _open_menu(w: Window) -> None:
    menu = w.controls.cell_menu or w.controls.language_menu
    if menu is not None and menu.current_state is not None:
        menu.current_state.should_transition = True
        menu.update(0.0)


def _start_follow(w: Window) -> None:
    s = w.session
    uid = int(s.world.featured())
    slot = s.world.ves.index_of_uid(uid) if uid >= 0 else -1
    if slot >= 0:  # a click on the featured body
        pos = s.camera.to_screen(s.world.ves.pos[slot:slot + 1])[0]
        w.run_command(Command("pick", (int(pos[0]), int(pos[1]))))


def _move_pool(w: Window) -> None:
    """The pool slider dragged to another value, the mouse still down (its restart waits)."""
    c = w.controls
    slider = next((k for k, v in c.sliders.items() if v[0] == "vesicles"), None)
    if slider is not None:
        c.play.held = True
        lo, hi = slider.value_range
        c.play.moved(slider, float(hi if slider.get_current_value() < hi else lo), c.sliders)


def _open_record(w: Window) -> None:
    if not w.rec.active:
        w.run_command(Command("toggle_record"))


for _entry in (
    Openable("recording", lambda w: w.rec.active, _cmd("toggle_record"), _open_record,
             ask=N_("A recording is running: press Esc again to stop and save it (Ctrl+R also stops it)")),
    Openable("fullscreen", lambda w: w.fullscreen, _cmd("toggle_fullscreen"), _cmd("toggle_fullscreen")),
    Openable("compare", lambda w: w.session.compare,
             lambda w: w.run_command(Command("compare_treatment" if w.session.treating else "compare")),
             _cmd("compare")),
    Openable("close-up", lambda w: w.session.closeup.enabled and not w.session.walk.active, _cmd("toggle_closeup"),
             _cmd("toggle_closeup")),
    Openable("follow", lambda w: w.session.follow.active and not w.session.walk.active, _cmd("release"),
             _start_follow),
    Openable("walk-through", lambda w: w.session.walk.active, _cmd("walk_exit"), _cmd("walk_next")),
    Openable("wound tool", lambda w: w.session.wound_tool, _cmd("toggle_wound_tool"), _cmd("toggle_wound_tool")),
    Openable("electrode tool", lambda w: w.session.electrode_tool, _cmd("toggle_electrode_tool"),
             _cmd("toggle_electrode_tool")),
    Openable("blank", lambda w: w.blank, _cmd("blank"), _cmd("blank")),
    Openable("help", lambda w: w.session.show_help, _cmd("close_help"), _cmd("toggle_help")),
    Openable("pool change", lambda w: w.controls.play.pending is not None,
             lambda w: w.controls.play.cancel(w.controls.set_slider), _move_pool),
    Openable("menu", lambda w: w.controls.open_menu() is not None, lambda w: w.controls.close_menus(), _open_menu),
):
    register(_entry)


class EscapeStack:
    """What is open now, oldest first; Esc closes the last. `question` is the entry a pending question is
    about ("" for quitting); Window.quit_armed holds the seconds it still waits."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.question: str | None = None

    def sync(self, w: Window) -> list[str]:
        """Note what opened since the last call (at the top, in registry order) and drop what closed."""
        now = {e.name for e in REGISTRY if e.is_open(w)}
        self.order = [n for n in self.order if n in now] + [e.name for e in REGISTRY
                                                            if e.name in now and e.name not in self.order]
        return self.order

    def top(self, w: Window) -> Openable | None:
        order = self.sync(w)
        return next(e for e in REGISTRY if e.name == order[-1]) if order else None

    def press(self, w: Window) -> None:
        """Esc: close the top of the stack (asking first if it says so); with nothing open, ask, then quit."""
        entry = self.top(w)
        armed = w.quit_armed > 0
        name = entry.name if entry is not None else ""
        if entry is not None and not entry.ask:
            entry.close(w)
            w.quit_armed, self.question = 0.0, None
            self.sync(w)
        elif armed and self.question == name:
            w.quit_armed, self.question = 0.0, None
            if entry is None:
                w.running = False
            else:
                entry.close(w)
                self.sync(w)
        else:
            w.quit_armed, self.question = ASK_S, name
            w.session.apply(Command("say", (_(entry.ask if entry is not None else QUIT_QUESTION), ASK_S)))
