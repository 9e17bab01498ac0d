"""Fonts (DejaVu Sans from assets/) and caches of rendered, measured and wrapped text: text costs nothing per frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame

from exoviz.i18n import Text, tr
from exoviz.render.cache import SurfaceCache

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"


ZEROS = str.maketrans("123456789", "000000000")  # a text's digits as 0: the same width in the fonts (tabular)
CACHE_MAX = 4000  # entries per cache before it starts afresh (text that changes every frame fills it slowly)
MEMO_MAX = 512  # layout results (plans, block heights) kept, least recently used first out


class Memo(SurfaceCache):
    """Layout results keyed by everything they depend on (strings, sizes, widths, language): a bounded LRU, so
    keys that hold text changing every frame (a clock) push out only each other. Bounded by count, not bytes, and
    kept across a resize or a new theme (its keys say what a result depends on)."""

    def __init__(self, max_items: int = MEMO_MAX) -> None:
        super().__init__("layout memo", max_bytes=2**62, max_items=max_items, released=False)


class TextCache:
    """Every drawn string passes here in the current language: a Msg is translated and formatted, a str is looked
    up in the catalog (N_-marked constants are stored in English and shown translated; text already translated or
    built from numbers is not in the catalog and is shown as it is).

    Renders strings once per (text, size, colour, bold) and reuses the surfaces; measures (size) and wraps
    (wrap) each string once per font and width. Lines whose numbers change every frame are new strings: only
    they are measured again. Rendered surfaces take at most 32 MB."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._cache = SurfaceCache("text", 32 * 2**20, 4000)
        self._sizes: dict[tuple[str, int, bool], tuple[int, int]] = {}
        self._wraps: dict[tuple[str, int, bool, int], tuple[str, ...]] = {}
        self.memo = Memo()  # other layout results keyed by their inputs (legend plans, block heights, panel plans)
        self.measured = 0  # strings measured with a font so far (cache misses of size and wrap): counting tests

    def release(self, measures: bool = True) -> None:
        """Forget rendered text, and (measures) measurements, layouts and opened fonts (sizes change with the
        window; a new theme only changes colours: measures=False keeps what was measured)."""
        self._cache.clear()
        if not measures:
            return
        self._fonts.clear()
        self._sizes.clear()
        self._wraps.clear()
        self.memo.clear()

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        px = max(8, int(round(size * self.scale)))
        key = (px, bold)
        if key not in self._fonts:
            path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
            self._fonts[key] = pygame.font.Font(str(path) if path.exists() else None, px)
        return self._fonts[key]

    def render(self, text: Text, size: int, color: tuple[int, ...], bold: bool = False,
               bg: tuple[int, int, int] | None = None) -> pygame.Surface:
        """The text's surface: with per-pixel alpha, or (bg) opaque on that colour, in the screen's format where
        there is one (for text on a filled panel: a plain copy to blit, not a blend; the same pixels)."""
        text = tr(text)
        key = (text, size, tuple(color), bold, bg)
        surf = self._cache.get(key)
        if surf is None:
            if bg is None:
                surf = self.font(size, bold).render(text, True, color)
            else:
                surf = _opaque(self.font(size, bold).render(text, True, color, bg))
            surf = self._cache.put(key, surf)
        return surf

    def line_height(self, size: int, bold: bool = False) -> int:
        return self.font(size, bold).get_linesize()

    def size(self, text: Text, size: int, bold: bool = False) -> tuple[int, int]:
        """(width, height) px of text in this font (font.size, cached). Cached under the text with every digit a 0:
        the fonts' digits are all equally wide (tabular, not kerned), so a clock or a count that ticks is not
        measured again (tests/test_text.py checks the widths)."""
        text = tr(text)
        key = (text.translate(ZEROS), size, bold)
        got = self._sizes.get(key)
        if got is None:
            if len(self._sizes) > CACHE_MAX:
                self._sizes.clear()
            got = self._sizes[key] = self.font(size, bold).size(key[0])
            self.measured += 1
        return got

    def wrap(self, line: Text, size: int, bold: bool, max_w: int) -> tuple[str, ...]:
        """One line split into pieces no wider than max_w px, at spaces (cached per line, font and width).

        A piece of a line that starts with spaces keeps a two-space indent."""
        line = tr(line)
        key = (line, size, bold, max_w)
        got = self._wraps.get(key)
        if got is None:
            if len(self._wraps) > CACHE_MAX:
                self._wraps.clear()
            got = self._wraps[key] = tuple(self._wrap(line, size, bold, max_w))
        return got

    def _wrap(self, line: str, size: int, bold: bool, max_w: int) -> list[str]:
        """Words are added to a piece until one does not fit (that word starts the next piece). The first word that
        does not fit is searched for around a guess from the line's mean character width, galloping then
        bisecting over the piece's trial strings (each is the one before plus a word, so never narrower): about
        two measurements per piece instead of one per word, and the same pieces."""
        width = self.size(line, size, bold)[0]
        if max_w <= 0 or width <= max_w:
            return [line]
        per_char = width / max(1, len(line))
        words = line.split(" ")
        out, cur, i = [], "", 0
        while i < len(words):
            trials: list[str] = []
            checked: list[int] = []
            c = cur
            for word in words[i:]:
                if c:
                    checked.append(len(trials))  # a word added to a non-empty piece: it must fit
                c = f"{c} {word}" if c else word
                trials.append(c)

            tries = [trials[k] for k in checked]

            def too_wide(k: int, tries: list[str] = tries) -> bool:
                return self.size(tries[k], size, bold)[0] > max_w  # (cached: a ticking number measures nothing)

            n = len(tries)
            guess = next((k for k in range(n) if len(tries[k]) * per_char > max_w), n - 1)
            j = _first(too_wide, n, guess) if n else 0
            if j == n:
                cur = trials[-1]
                break
            j = checked[j]
            out.append(trials[j - 1] if j > 0 else cur)
            cur = "  " + words[i + j] if line.startswith(" ") else words[i + j]
            i += j + 1
        out.append(cur)
        return out


def _first(fails: Callable[[int], bool], n: int, guess: int) -> int:
    """The first k in 0..n-1 with fails(k) (n if none), fails being monotone: gallop from guess, then bisect."""
    step = 1
    if fails(guess):
        lo, hi = -1, guess
        while hi - step >= 0:
            if not fails(hi - step):
                lo = hi - step
                break
            hi -= step
            step *= 2
    else:
        lo, hi = guess, n
        while lo + step < n:
            if fails(lo + step):
                hi = lo + step
                break
            lo += step
            step *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fails(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _opaque(surf: pygame.Surface) -> pygame.Surface:
    """surf in the display's pixel format (blitted as a copy), or as it is without a display mode."""
    try:
        return surf.convert()
    except pygame.error:
        return surf
