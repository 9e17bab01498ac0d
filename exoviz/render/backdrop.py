"""The scene's static background layer put down each frame: one blit of the whole layer at first, and once the
same layer has been drawn SPLIT_AT times, the fills of its rows' own colours and one colour-keyed RLE layer of the
pixels that differ from them (the same pixels, for about a third of the memory traffic: a fill only writes, and
the RLE blit skips the runs of keyed pixels).

A 1080p scene (1.0 Mpx, a cold 4 MB copy each frame: ~0.7 ms) is mostly fluid and cytosol, each row one colour
but for a few microtubules, organelle edges and the nucleus: restored as ~6 fills and ~12,000 keyed-out pixels in
~0.23 ms.
"""

from __future__ import annotations

import numpy as np
import pygame

SPLIT_AT = 8  # the use that splits a layer (~5-9 ms at 1080p, and the RLE encoding at its next blit): a view held
# this many frames is a steady one, and the heavy frames right after a key (a new world, the widgets rebuilt) are past
MIN_KEYED = 0.5  # split only a layer whose rows are at least this share their own colour (else one blit is as good)
_KEY_TRIES = (0x010203, 0x020301, 0x030102, 0xFE01FD, 0x01FE02, 0xFD02FE)  # key colours tried, rarely used in art


class Backdrop:
    """A background layer (opaque, the screen's size of the view) and, from its SPLIT_AT-th use, its split form."""

    def __init__(self, layer: pygame.Surface) -> None:
        self.layer = layer
        self.cache_bytes = layer.get_width() * layer.get_height() * layer.get_bytesize()  # (render/cache.py)
        self.uses = 0
        self.fills: list[tuple[pygame.Color, int, int]] | None = None  # (colour, first row, rows) per band
        self.keyed: pygame.Surface | None = None  # the pixels that differ from their row's colour, colour-keyed
        self.tried = False
        self.splits = 0  # times split (counting tests: once per layer at most)

    def draw(self, screen: pygame.Surface, at: tuple[int, int]) -> None:
        """Put the layer down at `at` on screen (within its clip): the very pixels of screen.blit(layer, at)."""
        self.uses += 1
        if self.uses >= SPLIT_AT and not self.tried:
            self.tried = True
            if _same_format(screen, self.layer):
                self._split()
        if self.keyed is None or self.fills is None:
            screen.blit(self.layer, at)
            return
        x, y = at
        w = self.keyed.get_width()
        for colour, top, rows in self.fills:
            screen.fill(colour, pygame.Rect(x, y + top, w, rows))
        screen.blit(self.keyed, at)

    def _split(self) -> None:
        """The fills (runs of rows whose first pixel has one colour) and the layer with every pixel of its row's
        colour keyed out, when enough are (MIN_KEYED) and a key colour unused in the layer is found."""
        layer = self.layer
        px = pygame.surfarray.pixels2d(layer)  # (w, h) mapped pixels, a view while it lives
        rgb = np.uint32(layer.get_masks()[0] | layer.get_masks()[1] | layer.get_masks()[2])
        vals = px & rgb
        del px
        base = vals[0].copy()  # each row's colour: its first pixel's
        own = vals == base[None, :]
        if float(own.mean()) < MIN_KEYED:
            return
        key = next((k for k in _KEY_TRIES if not (vals == np.uint32(k) & rgb).any()), None)
        if key is None:
            return
        keyed = layer.copy()
        kp = pygame.surfarray.pixels2d(keyed)
        kp[own] = np.uint32(key) & rgb
        del kp
        keyed.set_colorkey(int(np.uint32(key) & rgb), pygame.RLEACCEL)
        edges = np.flatnonzero(base[1:] != base[:-1]) + 1
        starts = [0, *edges.tolist()]
        ends = [*edges.tolist(), base.size]
        self.fills = [(layer.unmap_rgb(int(base[a])), a, b - a) for a, b in zip(starts, ends)]
        self.keyed = keyed
        self.layer = keyed  # (the split form is all that is drawn from now on: one copy kept)
        self.splits += 1


def _same_format(screen: pygame.Surface, layer: pygame.Surface) -> bool:
    """A fill on screen gives the layer's pixel only when both have one 32-bit pixel format (a blit converts)."""
    return (screen.get_bitsize() == layer.get_bitsize() == 32 and screen.get_masks() == layer.get_masks()
            and not layer.get_flags() & pygame.SRCALPHA)
