"""The next text size (Ctrl++ / Ctrl+-) and the other theme (T) built ahead: while nothing changes, the layouts
one text size up and one down, and in the other theme, are probed, their fonts opened and every caption wrapped
at their strip's width and fonts, a few captions a frame, so the frame that handles the key mostly looks up what
was measured (it stalled on measuring every caption and opening fonts: ~40 ms). The other languages' catalogs are
compiled in a background thread once (a language pick stalled on it). Once the first of these builds is done (start-up
settled), gc.freeze() puts start-up's objects out of the cyclic collector's reach: a full collection walked them all
in whatever frame it fell, a key's frame too (~25 ms in a fresh window). Later full collections are paced into quiet
frames (ui/gc_pace.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

from exoviz.captions import all_captions
from exoviz.i18n import LANGUAGES, language, load
from exoviz.render.caption_strip import PAD, paragraph, walk_prefix
from exoviz.render.theme import THEMES
from exoviz.ui.fit import fit_layout
from exoviz.ui.gc_pace import GcPace

Window = Any  # exoviz.ui.window.Window (which imports this module)

CAPTIONS_PER_FRAME = 12  # captions (title and text) wrapped ahead per frame
FONT_BASES = tuple(range(10, 27))  # the base sizes (px at unit 1) text is drawn at: opened ahead
QUIET_FRAMES = 10  # frames with the same layout before looking ahead (not while the look is changing)


class Lookahead:
    """step(win) once a frame: the next piece of the work for the layout key win's neighbours would have."""

    def __init__(self, scales: tuple[float, ...], enabled: bool = True) -> None:
        self.scales, self.enabled = scales, enabled  # (off in offscreen windows: no key is pressed there)
        self.key: tuple | None = None  # the window's layout key the work is for
        self.quiet = 0
        self.done: set[tuple] = set()  # layout keys whose neighbours are built
        self.wrapped = 0  # captions wrapped ahead so far (counting tests)
        self.probes = 0  # neighbour layouts probed so far (counting tests)
        self._work: Iterator[None] | None = None
        self.catalogs: threading.Thread | None = None  # the other languages' catalogs, compiled in the background
        self.frozen = False  # start-up's objects frozen (settle)
        self.pace = GcPace()  # full collections in quiet frames (held while enabled)

    def warm_catalogs(self) -> None:
        """Compile the other languages' catalogs (i18n.load, kept for the run) in a background thread, once: Babel's
        parser took ~50 ms of CPU in the frame of a language pick. (The thread shares the interpreter: a few
        frames run a little slower meanwhile, none stalls.)"""
        if self.catalogs is None:
            codes = [code for code in LANGUAGES if code != language()]
            self.catalogs = threading.Thread(target=lambda: [load(code) for code in codes], name="exoviz-catalogs",
                                             daemon=True)
            self.catalogs.start()

    def step(self, win: Window) -> None:
        if self.enabled:
            self.pace.hold()
            restyle = win.controls._restyle
            self.pace.step(win._held or (restyle is not None and not restyle.done))
        key = win._layout_key
        if key != self.key:
            self.key, self.quiet, self._work = key, 0, None
            return
        self.quiet += 1
        if self.quiet < QUIET_FRAMES or not self.enabled:
            return
        if key in self.done:
            self.settle(win)
            return
        self.warm_catalogs()
        if self._work is None:
            self._work = self._build(win)
        if next(self._work, "end") == "end":
            self.done.add(key)
            self._work = None

    def settle(self, win: Window) -> bool:
        """Once, in a quiet frame after start-up (the other modes' modules imported, the catalogs compiled): freeze
        what is alive (modules, fonts, catalogs, caches), so later full collections walk only objects made since.
        Only the young generations are collected first: a full collection here walked ~46,000 objects to find none
        dead (22-46 ms; cyclic garbage among the frozen objects is never freed, and there is none or little at
        start-up). True: done now."""
        if self.frozen or win.cold or (self.catalogs is not None and self.catalogs.is_alive()):
            return False
        gc.collect(1)
        gc.freeze()
        self.frozen = True
        return True

    def neighbours(self, ui_scale: float) -> list[float]:
        i = min(range(len(self.scales)), key=lambda j: abs(self.scales[j] - ui_scale))
        return [self.scales[j] for j in (i + 1, i - 1) if 0 <= j < len(self.scales)]

    def looks(self, ui_scale: float, theme: str) -> list[tuple[float, str]]:
        """(text size, theme) of the looks one key away: a size up, a size down, the other theme (T)."""
        other = [name for name in THEMES if name != theme][:1]
        return [(k, theme) for k in self.neighbours(ui_scale)] + [(ui_scale, name) for name in other]

    def _build(self, win: Window) -> Iterator[None]:
        """Probe each neighbouring look's layout (which strip widths and text units it asks for), open its fonts,
        then wrap every caption at those, a few a frame (TextCache keeps them); last, every caption in each other
        language at this look's strip (a language pick wrapped them all in its frame to size the strip)."""
        s = win.session
        here = language()
        others = tuple(code for code in LANGUAGES if code != here)
        for scale, theme, codes in [*((k, t, (here,)) for k, t in self.looks(win.ui_scale, s.theme)),
                                    (win.ui_scale, s.theme, others)]:
            asked: list[tuple[int, float]] = []

            def caption_h(width: int, unit: float, asked: list = asked) -> int:
                asked.append((width, unit))
                return win.layout.caption.h if win.layout.caption is not None else 0

            lay = fit_layout(win.screen.get_size(), scale, s.clean, theme, caption_h, win.drawer)
            self.probes += 1
            yield
            text, k = win.renderer.text, THEMES[theme].text_scale
            if codes == (here,):
                for bold in (False, True):  # the fonts the scene's text, panel and strip take in that look
                    for base in FONT_BASES:
                        text.font(int(round(base * lay.unit * k)), bold)
                    yield
            while self.catalogs is not None and self.catalogs.is_alive():
                yield  # (compiling the other languages in the frame would stall it)
            shown = win._captions_shown() and win.subtitle is None
            for code in codes if shown else ():
                yield from self._wrap(text, load(code), dict.fromkeys(asked), k)

    def _wrap(self, text: Any, cat: Any, asked: dict[tuple[int, float], None], k: float) -> Iterator[None]:
        """Every caption (title and text) in catalog cat's language, wrapped at each (strip width, text unit)."""
        def tr(message: str) -> str:
            return cat.gettext(message) if message else message

        prefix, every = walk_prefix(tr), all_captions(tr)
        for width, unit in asked:
            title_px, body_px = int(round(24 * unit * k)), int(round(19 * unit * k))  # caption_strip.fonts
            w = max(width - 2 * PAD, 50)
            for title, body in every:
                text.wrap(prefix + title, title_px, True, w)
                text.wrap(paragraph(body), body_px, False, w)
                self.wrapped += 1
                if self.wrapped % CAPTIONS_PER_FRAME == 0:
                    yield
