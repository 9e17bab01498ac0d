"""The window and its widget panel as their parts see them: the WidgetHost, Host and Panel protocols (typing only).

ui/window.py composes the widgets (ui/controls.py) and hands itself to them as a WidgetHost: the little the widgets
read (the session, the screen, the layout, the view, the drawer, the recording) and the one command door. The
window's other helpers (answers, escape) are handed the whole window as a Host. They name these protocols, never
the classes above them, so no import (type hints included) goes back up to the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pygame
    import pygame_gui
    from pygame_gui.elements import UIButton, UIDropDownMenu, UIHorizontalSlider, UILabel

    from exoviz.commands import Command
    from exoviz.render.layout import Layout
    from exoviz.render.renderer import Renderer
    from exoviz.session import Session


class Recording(Protocol):
    """The window's recording, as far as the widgets ask."""

    @property
    def active(self) -> bool: ...

    @property
    def scene_only(self) -> bool: ...


class WidgetHost(Protocol):
    """The window as the widgets (ui/controls.Controls, the column, the sliders, the menus) see it: read-only
    state and the one command door (every change they make goes through run_command)."""

    @property
    def session(self) -> Session: ...

    @property
    def screen(self) -> pygame.Surface: ...

    @property
    def layout(self) -> Layout: ...

    @property
    def simple(self) -> bool: ...  # the Simple view (the Details button is lit in the Detailed one)

    @property
    def drawer(self) -> bool: ...  # the hall layout's Controls drawer is open (ui/hall.py)

    @property
    def rec(self) -> Recording: ...

    @property
    def recording(self) -> bool: ...

    def run_command(self, cmd: Command) -> None: ...


class Play(Protocol):
    """The pool slider's pending restart (ui/sliders.SliderPlay), as the Esc key handles it."""

    held: bool
    pending: tuple[str, float, str] | None

    def moved(self, w: UIHorizontalSlider, value: float, sliders: dict) -> None: ...

    def cancel(self, relabel: Callable[[str, float], None]) -> None: ...


class Panel(Protocol):
    """The widgets (ui/controls.Controls): what its helpers build into and read, the private parts included."""

    window: WidgetHost
    manager: pygame_gui.UIManager | None
    commands: dict[UIButton, Command]
    sliders: dict[UIHorizontalSlider, tuple[str, UILabel, str]]
    buttons: dict[str, UIButton]
    cell_menu: UIDropDownMenu | None
    language_menu: UIDropDownMenu | None
    experiment_menu: UIDropDownMenu | None
    top: int
    page: int  # the drawer's page of column widgets (ui/column.py), of `pages`
    pages: int
    page_button: UIButton | None
    _key: tuple
    _mkey: tuple
    _mode_widgets: list
    _managers: dict[tuple, pygame_gui.UIManager]

    @property
    def play(self) -> Play: ...

    def open_menu(self) -> UIDropDownMenu | None: ...

    def close_menus(self) -> None: ...

    def set_slider(self, param: str, value: float) -> None: ...

    def rebuild_overflow(self) -> None: ...

    def _manager(self, size: tuple[int, int], theme: str, unit: float) -> pygame_gui.UIManager: ...

    def _new_manager(self, key: tuple) -> pygame_gui.UIManager: ...

    def _build_toolbar(self, lay: Any) -> None: ...

    def _build_sliders(self, lay: Any) -> None: ...

    def _state_key(self) -> tuple: ...


class Cards(Protocol):
    """The investigation cards (ui/investigate.Cards), as the Esc stack reads them."""

    page: str
    live: bool

    def auto(self, w: Host) -> bool: ...

    def update(self, w: Host) -> None: ...

    def close(self, w: Host) -> None: ...

    def open_start(self, w: Host) -> None: ...


class Host(Protocol):
    """The whole window (ui/window.Window), as the Esc stack and the answers check read and change it."""

    session: Session
    screen: pygame.Surface
    layout: Layout
    simple: bool
    blank: bool
    fullscreen: bool
    running: bool
    quit_armed: float
    ui_scale: float
    drawer: bool  # the hall layout's Controls drawer is open (ui/hall.py)
    renderer: Renderer

    @property
    def rec(self) -> Recording: ...

    @property
    def controls(self) -> Panel: ...

    @property
    def cards(self) -> Cards: ...  # the investigation cards (ui/investigate.py)

    @property
    def recording(self) -> bool: ...

    def run_command(self, cmd: Command) -> None: ...
