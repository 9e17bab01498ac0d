"""Pre-rendered body sprites (vesicles, buds, ILVs, organelles, chylomicrons), cached by look (fused: membrane)."""

from __future__ import annotations

import math

import numpy as np
import pygame

from exoviz.render.coat import coated_vesicle_sprite
from exoviz.render.theme import Theme, mix

# Looks (the first field of a sprite key).
VESICLE, BUD, FUSING, ILV, LYSOSOME, ENDOSOME, FADING, LIPID = range(8)
COATED_VES = 9  # a coated vesicle shedding its coat (exoviz.render.coat; 8 was a pit, now part of the membrane)
MARKED, CORED = 1, 2  # the marker field of a key: MHC class II on an ILV; a granule's dense core in its halo
MAX_R_PX = 700
CORE_SHARE = 0.62  # the dense core's radius, share of the lumen's (insulin granule: core ~2/3 of its width, EM)
_GOLDEN = math.pi * (3 - math.sqrt(5))


def leaflet_px(r_px: float) -> int:
    """Stroke of one leaflet: a bilayer is ~5 nm, drawn at least 1 px (thicker than scale when small)."""
    return max(1, int(round(r_px * 0.07)))


def _dots(surf: pygame.Surface, cx: float, cy: float, r: float, n: int, small: int, colours: tuple[tuple, tuple],
          clip_y: float | None, dot_r: float) -> None:
    """n cargo dots on a sunflower spiral inside radius r (only below clip_y when given): the n - small protein
    dots at the middle (a dense core), slightly larger; the small-molecule dots around them."""
    prot_colour, small_colour = colours
    for k in range(n):  # at most a couple of dozen dots per sprite, drawn once per cached sprite
        rho = r * math.sqrt((k + 0.5) / max(n, 1))
        a = k * _GOLDEN
        x, y = cx + rho * math.cos(a), cy + rho * math.sin(a)
        is_small = k >= n - small
        d = max(1.0, dot_r * (0.8 if is_small else 1.25))
        if clip_y is not None and y < clip_y + d:
            y = clip_y + d + (k % 3)
        pygame.draw.circle(surf, small_colour if is_small else prot_colour, (x, y), d)


def dense_core_colours(th: Theme) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(core, halo): an electron-dense core (near black, as in EM) in a clear, electron-lucent halo."""
    return mix(th.lumen, (0, 0, 0), 0.72), mix(th.lumen, (255, 255, 255), 0.32)


def _dense_core(surf: pygame.Surface, cx: float, cy: float, r: float, th: Theme) -> None:
    """The halo fills the lumen (radius r); the crystalline core is a slightly irregular hexagon, off centre."""
    core, halo = dense_core_colours(th)
    pygame.draw.circle(surf, halo, (cx, cy), r)
    rc = CORE_SHARE * r
    turn = 0.37 * r  # each size its own orientation
    pts = [(cx + 0.08 * r + rc * (1.0 - 0.08 * (k % 2)) * math.cos(turn + k * math.pi / 3),
            cy - 0.05 * r + rc * (1.0 - 0.08 * (k % 2)) * math.sin(turn + k * math.pi / 3)) for k in range(6)]
    pygame.draw.polygon(surf, core, pts)


def _halo_dots(surf: pygame.Surface, cx: float, cy: float, r: float, n: int, colour: tuple, dot_r: float) -> None:
    """n small-molecule dots spread around the halo, between the core and the membrane (lumen radius r)."""
    for k in range(n):
        rho = r * (CORE_SHARE + 0.12 + (0.86 - CORE_SHARE - 0.12) * ((k * 0.618) % 1.0))
        a = k * _GOLDEN + 0.4
        pygame.draw.circle(surf, colour, (cx + rho * math.cos(a), cy + rho * math.sin(a)), dot_r)


def _proteins(surf: pygame.Surface, cx: float, cy: float, r: float, n: int, color: tuple, outward: bool,
              size: float, arc: tuple[float, float] = (0.0, 2 * math.pi), peptide: tuple | None = None) -> None:
    """n protein marks (small triangles) on a circle of radius r, pointing in or out; with `peptide` (a colour)
    each holds a peptide at its tip: the marker of MHC class II with its peptide."""
    a0, a1 = arc
    for k in range(n):
        a = a0 + (a1 - a0) * (k + 0.5) / n + 0.3
        ux, uy = math.cos(a), math.sin(a)
        base = (cx + ux * r, cy + uy * r)
        sgn = 1.0 if outward else -1.0
        tip = (base[0] + sgn * ux * size * 1.6, base[1] + sgn * uy * size * 1.6)
        left = (base[0] - uy * size * 0.7, base[1] + ux * size * 0.7)
        right = (base[0] + uy * size * 0.7, base[1] - ux * size * 0.7)
        pygame.draw.polygon(surf, color, (left, tip, right))
        if peptide is not None:
            pygame.draw.circle(surf, peptide, tip, max(1.0, size * 0.6))


KEYS = ((255, 0, 255), (0, 255, 1), (1, 254, 253))  # colour keys to choose from: one the sprite does not use
OPAQUE_MAX_PX = 128 * 128  # sprites made colour-keyed at most this large


def opaque(surf: pygame.Surface) -> pygame.Surface:
    """The sprite as an opaque colour-keyed surface (RLE) when every pixel is either fully opaque or fully
    transparent and it has no surface alpha: the same pixels when blitted, at a lower blit cost (10,000 bodies
    a frame). Otherwise the sprite itself, and so are large ones (few in a frame: not worth checking)."""
    w, h = surf.get_size()
    if not surf.get_flags() & pygame.SRCALPHA or surf.get_alpha() not in (None, 255) or w * h > OPAQUE_MAX_PX:
        return surf
    a = pygame.surfarray.array_alpha(surf)
    on = a == 255
    if not np.all(on | (a == 0)):
        return surf
    rgb = pygame.surfarray.array3d(surf)[on]
    key = next((k for k in KEYS if not np.all(rgb == k, axis=1).any()), None)
    if key is None:
        return surf
    out = pygame.Surface(surf.get_size())
    out.fill(key)
    out.blit(surf, (0, 0))
    out.set_colorkey(key, pygame.RLEACCEL)
    return out


class SpriteMaker:
    """Builds the sprite of a look. Keys are small int tuples; see `key_codes` for the packing. It keeps nothing:
    render/cache.BoundedSprites is the cache (bounded in bytes) that the renderer draws through."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme

    def get(self, key: tuple[int, ...]) -> tuple[pygame.Surface, tuple[int, int]]:
        """(surface, anchor), built now: the anchor is the pixel that goes on the body's screen position."""
        return self._build(key)

    # -- builders -----------------------------------------------------------------------------------------
    def _build(self, key: tuple[int, ...]) -> tuple[pygame.Surface, tuple[int, int]]:
        surf, anchor = self._draw(key)
        return opaque(surf), anchor

    def _draw(self, key: tuple[int, ...]) -> tuple[pygame.Surface, tuple[int, int]]:
        look, r = key[0], max(1, min(key[1], MAX_R_PX))
        if look == LIPID:
            return self._lipid(r)
        if look == COATED_VES:
            return coated_vesicle_sprite(self.theme, r, key[4], key[7])
        return self._closed(look, r, cargo=key[2], proteins=key[3], extra=key[4], small=key[5], marker=key[6],
                            leaf=key[7])

    def _lipid(self, r: int) -> tuple[pygame.Surface, tuple[int, int]]:
        """A chylomicron: a fat droplet in a single phospholipid layer (a thin rim, not a bilayer)."""
        th = self.theme
        size = 2 * r + 4
        surf = pygame.Surface((size, size), pygame.SRCALPHA)
        c = size / 2
        pygame.draw.circle(surf, mix(th.lipid, th.text_dim, 0.45), (c, c), r)
        pygame.draw.circle(surf, th.lipid, (c, c), max(1, r - 1 - th.outline))
        return surf, (int(c), int(c))

    def _closed(self, look: int, r: int, cargo: int, proteins: int, extra: int, small: int = 0,
                marker: int = 0, leaf: int = 0) -> tuple[pygame.Surface, tuple[int, int]]:
        """A closed body; leaf: one leaflet's drawn thickness (px; 0: from the radius)."""
        th = self.theme
        t = (leaf or leaflet_px(r)) + th.outline
        neck = int(r * 0.45) if look == BUD else 0
        size = 2 * r + 4
        surf = pygame.Surface((size, size + neck), pygame.SRCALPHA)
        c = size / 2
        # ILVs (and exosomes) bud away from the cytosol: exoplasmic leaflet outside, cytosol inside.
        outer, inner = (th.exo_leaflet, th.cyto_leaflet) if look == ILV else (th.cyto_leaflet, th.exo_leaflet)
        lumen = {ILV: th.cytosol, LYSOSOME: th.lysosome, ENDOSOME: th.lumen}.get(look, th.lumen)
        if look == BUD:
            pygame.draw.polygon(surf, th.golgi, ((c - r * 0.35, c + r * 0.8), (c + r * 0.35, c + r * 0.8),
                                                 (c + r * 0.5, c + r + neck), (c - r * 0.5, c + r + neck)))
        pygame.draw.circle(surf, outer, (c, c), r)
        if r >= 2:
            pygame.draw.circle(surf, inner, (c, c), max(1, r - t))
            pygame.draw.circle(surf, lumen, (c, c), max(1, r - 2 * t))
            if marker == CORED:
                _dense_core(surf, c, c, max(1, r - 2 * t), th)
        colours = (th.protein_cargo, th.cargo)
        if marker == CORED and cargo and r >= 5:  # protein in the core, small molecules in the halo
            inner_r = max(1, r - 2 * t)
            _dots(surf, c, c, CORE_SHARE * inner_r * 0.75, cargo - small, 0, colours, None, max(1.0, r * 0.055))
            _halo_dots(surf, c, c, inner_r, small, th.cargo, max(1.0, r * 0.06))
        elif cargo and r >= 5:
            _dots(surf, c, c, (r - 2 * t) * 0.7, cargo, small, colours, None, max(1.0, r * 0.085))
        elif cargo and r >= 2:
            tint = th.cargo if 2 * small >= cargo else th.protein_cargo
            pygame.draw.circle(surf, mix(lumen, tint, min(1.0, cargo / 10)), (c, c), max(1, r - 2 * t))
        if proteins and r >= 7:
            if look == ILV:
                _proteins(surf, c, c, r, proteins, th.protein, True, max(1.5, r * 0.12),
                          peptide=th.protein_cargo if marker == MARKED else None)
            else:
                _proteins(surf, c, c, r - 2 * t, proteins, th.protein, False, max(1.5, r * 0.09))
        if extra and look in (FADING, ILV, LYSOSOME):
            surf.set_alpha(int(255 * (1 - extra / 15.0)))
        return surf, (int(c), int(c))
