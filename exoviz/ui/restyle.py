"""A new look for the widgets (theme, text size, language, clean view) built ahead, one piece per frame.

Making a widget manager and building all the widgets in one frame stalled it (theme: 150-170 ms). Instead a
Restyle builds, one step per frame: the manager (if the look needs one not made before), the toolbar's
buttons, then the column's blocks one a frame (the menu row, each slider, the stimulus, the on/off row, the file
row: a slider alone took ~10 ms, the whole column ~70 ms at 1080p), and swaps them in in a last step. The
live widgets stay shown and working meanwhile. Widgets built into the live manager (a new language keeps the
manager) are hidden until the swap.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from exoviz.ui.column import column_steps

if TYPE_CHECKING:
    from exoviz.ui.host import Panel as Controls

STEPS = ("manager", "toolbar", "column", "swap")  # the work of each step (the manager only when it is new; a
# "column" step for each block of the column: ui/column.py)
MAX_WIDGETS_PER_STEP = 20  # the toolbar's buttons (18 with Rec scene and Save setup); the column has fewer
MAX_COLUMN_WIDGETS_PER_STEP = 4  # a column block: the menu row (cell, Details, language, experiments) is the largest


class Restyle:
    """The widgets of the look `key` (Controls._state_key()[0]) being built; step() does one step's work."""

    def __init__(self, controls: Controls, key: tuple) -> None:
        self.controls = controls
        self.key = key
        self.done = False
        self.steps_taken: list[str] = []  # what each step built (STEPS names), for counting tests
        self.stage: Controls | None = None
        self._same = False  # building into the live manager (new widgets hidden until the swap)
        self._run: Iterator[str] = self._steps()

    def step(self) -> None:
        """One frame's work; done once the new widgets are live."""
        if self.done:
            return
        what = next(self._run, None)
        if what is None:
            self.done = True
        else:
            self.steps_taken.append(what)
            self.done = what == "swap"

    def abandon(self) -> None:
        """The look changed again before this one was finished: its hidden widgets in the live manager go."""
        if self.stage is not None and self._same:
            for w in _widgets(self.stage):
                w.kill()
        self.stage = None

    def _steps(self) -> Iterator[str]:
        c = self.controls
        size, theme, _clean, unit, _lang = self.key
        mkey = (theme, round(unit, 4), tuple(size))
        self._same = mkey == c._mkey
        if not self._same and mkey not in c._managers:
            c._new_manager(mkey)
            yield "manager"
        lay = c.window.layout
        stage = self.stage = object.__new__(type(c))
        stage.__dict__.update(c.__dict__)
        stage.manager = c.manager if self._same else c._manager(size, theme, unit)
        stage.commands, stage.sliders, stage.buttons, stage._mode_widgets = {}, {}, {}, []
        stage.cell_menu = stage.language_menu = stage.experiment_menu = stage.page_button = None
        stage.top = lay.column.bottom if lay.column is not None else size[1]
        if lay.toolbar is not None:
            stage._build_toolbar(lay)
            self._hide(stage)
            yield "toolbar"
            if lay.column is not None:  # (the hall layout's drawer closed: no column)
                for _block in column_steps(stage, lay):  # a block a frame (the sliders cost ~10 ms each)
                    self._hide(stage)
                    yield "column"
            self._hide(stage)
        self._swap(stage, mkey)
        yield "swap"

    def _hide(self, stage: Controls) -> None:
        if self._same:
            for w in _widgets(stage):
                if w.visible:
                    w.hide()

    def _swap(self, stage: Controls, mkey: tuple) -> None:
        c = self.controls
        if self._same:
            for w in _widgets(c):
                w.kill()
            for w in _widgets(stage):
                w.show()
        c.manager, c._mkey = stage.manager, mkey
        c.commands, c.sliders, c.buttons, c._mode_widgets = stage.commands, stage.sliders, stage.buttons, \
            stage._mode_widgets
        c.cell_menu, c.language_menu, c.top = stage.cell_menu, stage.language_menu, stage.top
        c.experiment_menu = stage.experiment_menu
        c.page, c.pages, c.page_button = stage.page, stage.pages, stage.page_button
        c._key = (self.key, c._state_key()[1])
        c.rebuild_overflow()  # "•••" in the new look's manager (a tiny window, the hall's toolbar row), or none
        self.stage = None


def _widgets(c: Controls) -> list:
    """Every widget of a set: the buttons with commands, the sliders and their labels, the column's widgets."""
    seen: dict[int, object] = {}
    for w in [*c.commands, *c.sliders, *(lab for _n, lab, _l in c.sliders.values()), *c._mode_widgets]:
        seen.setdefault(id(w), w)
    return list(seen.values())
