"""Bounded caches of drawn surfaces (text, panels, backgrounds, scene sprites): least recently used first out,
bounded in bytes, and all released together when the window is resized or the theme changes.

Released memory is handed back to the operating system (malloc_trim where glibc has it), so an 8K window
shrunk back to 720p costs no more than before.
"""

from __future__ import annotations

import ctypes
import gc
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import pygame

from exoviz.render.sprites import SpriteMaker
from exoviz.render.theme import Theme

_all: weakref.WeakSet[SurfaceCache] = weakref.WeakSet()
TRIM_AFTER_BYTES = 8 * 2**20  # hand memory back to the OS when a release freed at least this much


def surface_bytes(s: pygame.Surface) -> int:
    return s.get_width() * s.get_height() * s.get_bytesize()


def _size_of(value: Any) -> int:
    if isinstance(value, pygame.Surface):
        return surface_bytes(value)
    if isinstance(value, tuple) and value and isinstance(value[0], pygame.Surface):
        return surface_bytes(value[0])
    return int(getattr(value, "cache_bytes", 0))  # an object holding surfaces says its size (render/backdrop.py)


class SurfaceCache:
    """A mapping of key -> surface (or (surface, extra)) that keeps its total under max_bytes and max_items."""

    def __init__(self, name: str, max_bytes: int, max_items: int = 100_000, released: bool = True) -> None:
        """released: dropped by release_all() (a resize, a new theme); False for caches of results that do not
        depend on them (text layouts keyed by their inputs)."""
        self.name = name
        self.max_bytes = max_bytes
        self.max_items = max_items
        self.nbytes = 0
        self._d: OrderedDict[Hashable, Any] = OrderedDict()
        if released:
            _all.add(self)

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._d

    def get(self, key: Hashable) -> Any:
        value = self._d.get(key)
        if value is not None:
            self._d.move_to_end(key)
        return value

    def __getitem__(self, key: Hashable) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: Hashable, value: Any) -> None:
        self.put(key, value)

    def put(self, key: Hashable, value: Any) -> Any:
        """Keep value under key (evicting the least recently used to make room); returns value."""
        size = _size_of(value)
        old = self._d.pop(key, None)
        if old is not None:
            self.nbytes -= _size_of(old)
        while self._d and (self.nbytes + size > self.max_bytes or len(self._d) >= self.max_items):
            _, gone = self._d.popitem(last=False)
            self.nbytes -= _size_of(gone)
        self._d[key] = value
        self.nbytes += size
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        value = self.get(key)
        return value if value is not None else self.put(key, make())

    def clear(self) -> int:
        """Drop everything; the bytes released."""
        freed = self.nbytes
        self._d.clear()
        self.nbytes = 0
        return freed


def kept(name: str, items: int, released: bool = True) -> SurfaceCache:
    """A cache of the last few results by their inputs (frame to frame: the main view's and the close-up's), bounded
    by count alone; released: dropped with the surface caches (results holding or read from their sprites)."""
    return SurfaceCache(name, 2**62, items, released)


class BoundedSprites(SpriteMaker):
    """The body sprite cache, bounded in bytes (a zoomed-in 8K frame makes sprites of megabytes each)."""

    def __init__(self, theme: Theme, max_bytes: int = 96 * 2**20) -> None:
        super().__init__(theme)
        self._bounded = SurfaceCache("body sprites", max_bytes, max_items=3000)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._bounded.clear()

    def get(self, key: tuple[int, ...]) -> tuple[pygame.Surface, tuple[int, int]]:
        return self._bounded.get_or_make(key, lambda: self._build(key))


def release_all(trim: bool = True) -> int:
    """Empty every surface cache; hand the memory back to the OS if it was worth it (trim; not for a new theme, whose
    sprites fill the caches again at once: the collection and trim stalled the frame of key T ~50 ms). The bytes
    released."""
    freed = sum(c.clear() for c in list(_all))
    if trim and freed >= TRIM_AFTER_BYTES:
        gc.collect()
        trim_heap()
    return freed


_libc: list[Any] = []


def trim_heap() -> None:
    """Return free heap pages to the OS (glibc's malloc_trim); a no-op elsewhere."""
    if not _libc:
        try:
            _libc.append(ctypes.CDLL("libc.so.6").malloc_trim)
        except (OSError, AttributeError):
            _libc.append(None)
    if _libc[0] is not None:
        _libc[0](0)
