"""On-screen widgets (pygame_gui): toolbar buttons and per-mode sliders; they only issue Commands."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UIHorizontalSlider, UILabel

from exoviz.commands import Command
from exoviz.i18n import _
from exoviz.render.theme import THEMES
from exoviz.ui import experiment_menu, hall, menu_row, overflow
from exoviz.ui.column import build_column, turn_page
from exoviz.ui.file_buttons import label_file_buttons, toolbar_buttons
from exoviz.ui.host import WidgetHost as Window  # the window, as the little its widgets see
from exoviz.ui.restyle import Restyle
from exoviz.ui.sliders import SliderPlay, format_value
from exoviz.ui.toggles import TOGGLES
from exoviz.ui.toolbar import BUTTONS, MODE_BUTTONS, tooltip
from exoviz.ui.widget_layer import WidgetLayer
from exoviz.ui.widget_theme import load_theme

MANAGERS = 2  # widget managers kept for reuse: one per theme, at the current window size only

class Controls:
    """Builds the widgets for the current layout, mode and theme; rebuilds them when any changes."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self.manager: pygame_gui.UIManager | None = None
        self._managers: dict[tuple, pygame_gui.UIManager] = {}  # by (theme, text unit, size), oldest first
        self.commands: dict[UIButton, Command] = {}
        self.sliders: dict[UIHorizontalSlider, tuple[str, UILabel, str]] = {}
        self.buttons: dict[str, UIButton] = {}  # by label
        self.cell_menu: UIDropDownMenu | None = None  # the cell presets (picking one issues Command("cell"))
        self.language_menu: UIDropDownMenu | None = None  # the languages (picking one issues Command("language"))
        self.experiment_menu: UIDropDownMenu | None = None  # the experiments (exoviz/ui/experiment_menu.py)
        self.overflow: UIDropDownMenu | None = None  # "⋯": the toolbar's commands when they do not fit
        self.overflow_buttons: tuple[tuple[str, Command, str], ...] = BUTTONS  # the toolbar buttons "⋯" holds
        self.top = 0  # y where the slider area starts in the column
        self.page, self.pages = 0, 1  # the drawer's page of column widgets, of how many (ui/column.py)
        self.page_button: UIButton | None = None  # "More (k/n)": turns the page (None: one page)
        self._key: tuple = ()
        self._mode_widgets: list = []  # cell menu, sliders, their labels, stimulus button: they follow the mode
        self._mkey: tuple = ()  # the live manager's (theme, unit, size)
        self._restyle: Restyle | None = None  # a new look being built (the live widgets stay meanwhile)
        self._stepped = -1  # the frame in which the new look last took a step
        self._due = -1  # the frame in which a new mode's column widgets are built (-1: none waiting)
        self.mode_delay = 1  # frames after a new mode (or look) before its widgets are built (2 when the window draws
        # the new worlds or theme a frame after the key: Window.split_heavy; the key, the first drawing and the widgets
        # then take a frame each)
        self._frames = 0  # frames so far (update with dt > 0); a manager made in a frame gets its widgets later
        self._made_at = -1
        self.play = SliderPlay(window)  # track clicks; a restarting slider waits for the mouse to be let go
        self.layer = WidgetLayer()  # the widgets' pixels kept while none changes (ui/widget_layer.py)
        self.rebuild()

    def rebuild(self) -> None:
        """Every widget at once (the first frame, a new window size)."""
        win, s = self.window, self.window.session
        lay = win.layout
        size = win.screen.get_size()
        self.manager = self._manager(size, s.theme, lay.unit)
        self._mkey = (s.theme, round(lay.unit, 4), tuple(size))
        self.commands.clear()
        self.sliders.clear()
        self.play.pending = None
        self.buttons.clear()
        self._mode_widgets, self.page_button = [], None
        self.cell_menu = self.language_menu = self.experiment_menu = None  # the old manager's (a layout with no
        # column builds none: a menu left here was synced as if it were in the column; the 50,000-event monkey)
        self._key = self._state_key()
        self.top = lay.column.bottom if lay.column is not None else size[1]
        self.overflow = None
        self.rebuild_overflow()  # "•••": in a tiny window, or at the end of the hall's toolbar row
        if lay.toolbar is None:
            return
        self._build_toolbar(lay)
        if lay.column is not None:
            self._build_sliders(lay)
        self.refresh()

    def _build_toolbar(self, lay) -> None:
        if lay.hall:  # one row, the rest in the "•••" menu (ui/hall.py)
            return hall.build_bar(self, lay, BUTTONS, tooltip, UIButton)
        bar = lay.toolbar
        rows = lay.toolbar_rows
        buttons = toolbar_buttons(BUTTONS, lay.files_in_bar)
        per_row = -(-len(buttons) // rows)
        gap = max(2, int(3 * lay.unit))
        bw = (bar.w - gap) // per_row
        bh = (bar.h - gap) // rows
        for k, (label, cmd, tip) in enumerate(buttons):
            r, c = divmod(k, per_row)
            rect = pygame.Rect(bar.x + gap + c * bw, bar.y + gap + r * bh, bw - gap, bh - gap)
            b = UIButton(rect, _(label), self.manager, tool_tip_text=tooltip(cmd, tip))
            self.commands[b] = cmd
            self.buttons[label] = b  # by the English label, whatever the language shown

    def _manager(self, size: tuple[int, int], theme: str, unit: float) -> pygame_gui.UIManager:
        """A widget manager for the theme and text size, emptied: reused when it was made before (a new one
        per theme toggle would cost ~20 ms, fonts and memory each time), at most MANAGERS kept."""
        key = (theme, round(unit, 4), tuple(size))
        for other in [k for k in self._managers if k[2] != key[2]]:
            del self._managers[other]  # made for another window size: only memory now
        manager = self._managers.pop(key, None)
        if manager is None:
            manager = self._new_manager(key)
        else:
            manager.set_window_resolution(size)
            manager.clear_and_reset()
        self._managers[key] = manager
        return manager

    def _new_manager(self, key: tuple) -> pygame_gui.UIManager:
        while len(self._managers) >= MANAGERS:
            self._managers.pop(next(iter(self._managers)))
        manager = self._managers[key] = pygame_gui.UIManager(key[2], load_theme(key[0], key[1]))
        return manager

    def _build_sliders(self, lay) -> None:
        """The column's widgets: the menus, the mode's sliders, the stimulus, the on/off and file rows (ui/column.py;
        on pages when they do not fit the column)."""
        build_column(self, lay)

    def _drop_restyle(self) -> None:
        if self._restyle is not None:
            self._restyle.abandon()
        self._restyle = None

    def _rebuild_sliders(self) -> None:
        """Only the mode or cell changed: replace the cell menu, sliders and stimulus button; keep the toolbar."""
        for w in self._mode_widgets:
            w.kill()
            self.commands.pop(w, None)
            self.sliders.pop(w, None)
        self.buttons = {k: b for k, b in self.buttons.items() if b not in self._mode_widgets}
        self.play.pending = None
        self._mode_widgets, self.cell_menu, self.language_menu, self.experiment_menu = [], None, None, None
        self.page_button = None
        self._key = self._state_key()
        lay = self.window.layout
        self.top = lay.column.bottom if lay.column is not None else self.window.screen.get_height()
        if lay.toolbar is not None and lay.column is not None:
            self._build_sliders(lay)

    def _state_key(self) -> tuple:
        """What the widget set depends on: (the whole set, the mode's widgets); a change means rebuild."""
        win, s = self.window, self.window.session
        return ((win.screen.get_size(), s.theme, s.clean, win.layout.unit, s.language),
                (s.params.mode, s.params.cell_spec.name, s.compare, s.treating, win.layout.column is not None))

    def refresh(self, step: bool = False) -> None:
        """Show which mode is active and the pause state; rebuild if the layout, mode or theme changed. A new look
        in the same window is built over frames (ui/restyle.py; step: this call may take this frame's step)."""
        win, s = self.window, self.window.session
        key = self._state_key()
        if key[0] != self._key[0]:
            if key[0][0] != self._key[0][0]:  # a new window size: the old widgets are out of place
                self._drop_restyle()
                self.rebuild()
                return
            if self._restyle is None or self._restyle.key != key[0]:
                self._drop_restyle()
                self._restyle = Restyle(self, key[0])
                # no step in the frame that relaid the window, nor (mode_delay 2) in the one that draws it first
                self._stepped = self._frames + (0 if step else 1) + self.mode_delay - 1
            if step and self._frames > self._stepped:
                self._stepped = self._frames
                self._restyle.step()
            if not self._restyle.done:
                return
            self._restyle = None
            key = self._state_key()
        elif self._restyle is not None:  # back to the live look before the new one was finished
            self._drop_restyle()
        if key[1] != self._key[1]:  # a new mode or cell: its column widgets a frame later (not with its new world)
            if self._due < 0 and step:
                self._due = self._frames + self.mode_delay
            if not step or self._frames >= self._due:
                self._due = -1
                self._rebuild_sliders()
        for label, cmd, _tip in MODE_BUTTONS:
            b = self.buttons.get(label)
            if b is not None:
                (b.select if cmd.arg == s.params.mode and not s.compare else b.unselect)()
        cmp = self.buttons.get("Compare")
        if cmp is not None:
            (cmp.select if s.compare else cmp.unselect)()
        self._label("Pause", "Play" if s.paused else "Pause")
        details = self.buttons.get("Details")
        if details is not None:
            (details.unselect if win.simple else details.select)()
        for param, on, off, _tip in TOGGLES:
            self._label(param, on if getattr(s.params, param) else off)
        wound = self.buttons.get("Wound")
        if wound is not None:
            (wound.select if s.wound_tool else wound.unselect)()
        electrode = self.buttons.get("Electrode")
        if electrode is not None:
            (electrode.select if s.electrode_tool else electrode.unselect)()
        label_file_buttons(self, win)
        experiment_menu.sync(self)
        hall.mark_drawer(self.buttons.get("Controls"), win.drawer)

    def _label(self, label: str, want: str) -> None:
        b = self.buttons.get(label)
        if b is not None and b.text != _(want):
            b.set_text(_(want))

    def menus(self) -> list[UIDropDownMenu]:
        return [m for m in (self.cell_menu, self.experiment_menu, self.language_menu, self.overflow)
                if m is not None and m.alive()]

    def rebuild_overflow(self) -> None:
        """The "⋯" menu, when the layout has no room for the toolbar (a tiny window); none in clean view."""
        if self.overflow is not None:
            self.overflow.kill()
        lay, s = self.window.layout, self.window.session
        self.overflow_buttons = hall.hidden(lay, s.theme, BUTTONS) if lay.hall else BUTTONS  # what it holds
        at = hall.overflow_rect(lay, s.theme, self.overflow_buttons) if lay.hall else None  # the hall row's end
        self.overflow = (overflow.build(self, self.overflow_buttons, at) if (lay.cramped or lay.hall) and not s.clean
                         else None)

    def open_menu(self) -> UIDropDownMenu | None:
        """The drop-down menu that is open (expanded), if any."""
        return next((m for m in self.menus() if m.current_state is m.menu_states["expanded"]), None)

    def close_menus(self) -> None:
        """Fold every open drop-down menu (Esc), at once."""
        for m in self.menus():
            if m.current_state is m.menu_states["expanded"]:
                m.current_state.should_transition = True
                m.update(0.0)

    def process(self, ev: pygame.event.Event) -> bool:
        """Give the event to the widgets first; True when a widget used it (the scene must not)."""
        assert self.manager is not None
        self.layer.busy = True  # the widgets may redraw: drawn as they are this frame
        consumed = self.manager.process_events(ev)
        if ev.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and self.play.press(ev, self.sliders):
            consumed = True
        if ev.type == pygame_gui.UI_BUTTON_PRESSED and ev.ui_element is self.page_button:
            turn_page(self)  # the drawer's next page: only the column's widgets change
            self._rebuild_sliders()
            consumed = True
        elif ev.type == pygame_gui.UI_BUTTON_PRESSED and ev.ui_element in self.commands:
            self.window.run_command(self.commands[ev.ui_element])
            consumed = True
        elif ev.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and menu_row.chosen(self, ev):
            consumed = True
        elif ev.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and ev.ui_element is self.overflow:
            cmd = overflow.chosen(self, getattr(ev, "selected_option_id", "") or "", self.overflow_buttons)
            if cmd is not None:
                self.window.run_command(cmd)
            consumed = True
        elif ev.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and ev.ui_element in self.sliders:
            self.play.moved(ev.ui_element, float(ev.value), self.sliders)
            consumed = True
        if ev.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL, pygame.MOUSEMOTION):
            pos = getattr(ev, "pos", None) or pygame.mouse.get_pos()
            lay = self.window.layout
            if not lay.scene.collidepoint(pos) or (lay.hall and lay.column and lay.column.collidepoint(pos)):
                consumed = True  # clicks outside the scene (or on the hall's drawer) never reach it
        return bool(consumed)

    def set_slider(self, param: str, value: float) -> None:
        """Put a slider (and its label) at a value without changing the parameter (Esc undoing a drag)."""
        for w, (name, lab, label) in self.sliders.items():
            if name == param:
                w.set_current_value(value, warn=False)
                lab.set_text(f"{_(label)}: {format_value(name, value)}")

    def update(self, dt: float) -> None:
        self.play.update(dt)
        if dt > 0:
            self._frames += 1
        self.refresh(step=dt > 0)
        assert self.manager is not None
        if not self.layer.idle(self.manager):  # (nothing for it to do: ui/widget_layer.py)
            self.manager.update(dt)

    def draw(self, screen: pygame.Surface, retained: bool = False) -> None:
        """The widgets (retained: over the last frame's, ui/chrome.py: drawn again only when they changed)."""
        assert self.manager is not None
        panel = THEMES[self.window.session.theme].panel[:3]  # (the window follows the session's theme)
        self.layer.draw(self.manager, screen, self._plain(), panel, retained)

    def _plain(self) -> list[pygame.Rect]:
        """Where the widgets lie on the plain panel colour the window filled: the toolbar and the column under
        the side panel (none in the hall layout, whose drawer lies over the scene, nor in the compare view)."""
        lay, s = self.window.layout, self.window.session
        if lay.hall or s.compare or lay.toolbar is None:
            return []
        out = [pygame.Rect(lay.toolbar)]
        if lay.column is not None and lay.column.bottom > self.top:
            col = lay.column
            out.append(pygame.Rect(col.x, self.top, col.w, col.bottom - self.top))
        return out
