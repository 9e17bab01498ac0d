"""The fusion machinery of one release site, or one cis-complex, drawn once into a transparent sprite and kept (keyed
by its state and its geometry in whole px), so a view with many release sites costs one blit each per frame. A
site's sprite reaching far below or right of its view (a vesicle still tens of nm under the membrane in the
close-up) is cut there, in CLIP_STEP px steps (the same pixels in view). A sprite is run-length encoded once it
has been asked for RLE_AFTER times: encoding one costs ~10 blits of it, and a moving site's sprites are each blitted
once."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pygame

from exoviz.render import snare_parts as parts
from exoviz.render.cache import SurfaceCache
from exoviz.render.snare_geometry import BUNDLE_NM, Site, extent
from exoviz.render.theme import Theme

ZIP_STEPS = 40  # zippering drawn in at most this many steps (one per px the zipper's front moves: zip_steps)
CIS_STEPS = 40  # ... and disassembly
MARGIN_NM = 6.0  # room around the drawing inside its sprite
CLIP_STEP = 32  # px: a sprite cut to its view is cut at multiples of this (a view moving a little keeps the cut)
RLE_AFTER = 4  # a sprite asked for this many times is run-length encoded (a 1080p close-up site of 330 x 400 px:
# encoding and a first blit ~0.6 ms, a plain colour-keyed blit ~0.11, later blits ~0.06 plain, ~0.02 encoded)

_CACHE = SurfaceCache("machinery", 32 * 2**20, 400)
drawn = {"sprites": 0, "px": 0, "encoded": 0}  # site sprites drawn so far, their px, and sprites run-length encoded
# (counted for tests)


@dataclass(frozen=True)
class Sprite:
    """A drawing and what it records, relative to its top-left corner: where each protein was named, the boxes of
    its assemblies."""

    surface: pygame.Surface
    anchors: dict[str, tuple[float, float]]
    boxes: tuple[pygame.Rect, ...]
    last: list = field(default_factory=list, compare=False, repr=False)  # [(x0, y0), placed there] of the last placing
    uses: list = field(default_factory=lambda: [0], compare=False, repr=False)  # [times asked for]

    def placed(self, x0: int, y0: int) -> tuple[dict[str, tuple[float, float]], list[pygame.Rect]]:
        """(anchors, boxes) with the sprite's corner at (x0, y0) px (the last kept: a sprite that stays put is
        placed where it was; the caller must not change them)."""
        if self.last and self.last[0] == (x0, y0):
            return self.last[1]
        out = ({k: (a[0] + x0, a[1] + y0) for k, a in self.anchors.items()}, [b.move(x0, y0) for b in self.boxes])
        self.last[:] = [(x0, y0), out]
        return out


KEYS = ((255, 0, 254), (1, 255, 2), (254, 1, 255))  # colour keys: one no protein is drawn in


def _canvas(size: tuple[int, int], pal: parts.Palette) -> pygame.Surface:
    """An opaque surface filled with a colour key the palette does not use. The proteins are drawn unblended in
    opaque colours (palette colours, or mixed toward the cytosol's, which no key is near), so the sprite keyed
    (_record) blits the very pixels a transparent one would, run-length encoded once it is used again and again
    (_used): a sprite is mostly empty (the 4K close-up's sites are ~1,000 x 450 px), and skipping its empty runs is
    far cheaper than blending them."""
    used = {tuple(c) for c in vars(pal).values()}
    key = next(k for k in KEYS if k not in used)
    surf = pygame.Surface(size)
    surf.fill(key)
    surf.set_colorkey(key)  # (run-length encoded once used RLE_AFTER times: _used)
    return surf


def _record(surface: pygame.Surface, pen: parts.Pen) -> Sprite:
    return Sprite(surface, dict(pen.anchors), tuple(pen.boxes))


def _used(sprite: Sprite) -> Sprite:
    """sprite, asked for once more: run-length encoded (the same pixels blitted) the RLE_AFTER-th time."""
    sprite.uses[0] += 1
    if sprite.uses[0] == RLE_AFTER:
        key = sprite.surface.get_colorkey()
        if key is not None:
            sprite.surface.set_colorkey(key, pygame.RLEACCEL)
            drawn["encoded"] += 1
    return sprite


def _ves_y(site: Site, x: float) -> float:
    """Site.ves_y at one x, in scalars (the same float)."""
    dx = x - site.cx
    return site.cy - math.sqrt(max(site.R * site.R - dx * dx, 0.0))


def cut(size: tuple[int, int], x0: int, y0: int, view: tuple[int, int, int, int] | None) -> tuple[int, int] | None:
    """(w, h) of the part of a drawing of `size` px with its corner at (x0, y0) on screen to draw: all of it but
    what lies right of or below the view, cut at multiples of CLIP_STEP from the corner (the shapes keep their px
    coordinates: the same pixels, the same anchors); None: all of it (nothing is beyond the view there, or no
    view)."""
    if view is None:
        return None
    w, h = size
    vx, vy, vw, vh = view
    s = CLIP_STEP
    b = max(min(w, -(-(vx + vw - x0) // s) * s), 1)
    d = max(min(h, -(-(vy + vh - y0) // s) * s), 1)
    return None if (b, d) == (w, h) else (b, d)


def zip_steps(u: float) -> int:
    """Zippering steps drawn at u px per nm: one per px its front moves along a complex (BUNDLE_NM long), so a
    sprite is drawn again only when the picture moves (at most ZIP_STEPS)."""
    return min(max(round(BUNDLE_NM * u), 6), ZIP_STEPS)  # (scalars: no NumPy call per site and frame)


def site_sprite(theme: Theme, site: Site, state: int, n: int, zipper: float, occupancy: float, clamped: bool,
                ves_thick: float, view: tuple[int, int, int, int] | None = None) -> tuple[Sprite, int, int]:
    """(sprite, x0, y0): the site's machinery and where its corner goes on screen (px); view (x, y, w, h) px: what
    lies right of or below it need not be drawn."""
    args = (theme.name, site, state, n, zipper, occupancy, clamped, ves_thick, view)
    placed = _PLACES.get(args)  # a site as it was last frame (a vesicle holding still): its key is known
    if placed is None:
        placed = _place(theme, site, state, n, zipper, occupancy, clamped, ves_thick, view)
        if len(_PLACES) >= 1024:
            _PLACES.clear()
        _PLACES[args] = placed
    key, x0, y0, part, steps = placed
    sprite = _CACHE.get(key)
    if sprite is None:
        (_k, _t, _u, cx, h, cy, r, face, line, s_min, *_rest) = key
        pal = parts.palette(theme)
        surf = _canvas((2 * cx + 2, max(h, 1)) if part is None else part, pal)
        pen = parts.Pen(surf, pal, site.u, theme)
        local = Site(float(cx), float(cy), float(r), float(face), float(line), site.u, float(s_min))
        parts.draw_site(pen, local, state, n, round(zipper * steps) / steps, round(occupancy * 5) / 5,
                        clamped, ves_thick)
        sprite = _CACHE.put(key, _record(surf, pen))
        drawn["sprites"] += 1
        drawn["px"] += surf.get_width() * surf.get_height()
    return _used(sprite), x0, y0


_PLACES: dict[tuple, tuple[tuple, int, int, tuple[int, int] | None, int]] = {}  # site_sprite's arguments -> _place


def _place(theme: Theme, site: Site, state: int, n: int, zipper: float, occupancy: float, clamped: bool,
           ves_thick: float, view: tuple[int, int, int, int] | None) -> tuple[tuple, int, int, tuple[int, int] | None,
                                                                               int]:
    """(the sprite's key, x0, y0 of its corner on screen, the part of it drawn (cut), zipper steps) of a site."""
    u = site.u
    reach = extent(site) + MARGIN_NM * u
    top = site.line - (site.face - site.line) - 2.0 * u  # transmembrane helices reach the outer face
    bottom = min(max(_ves_y(site, site.cx - reach), _ves_y(site, site.cx + reach)), site.cy + site.R)
    bottom += ves_thick + MARGIN_NM * u
    half = math.ceil(reach)  # the axis's column in the sprite: the same whatever the site's sub-px place (a
    # site drifting by a fraction of a px, or rounding either way, keeps its sprite)
    x0, y0 = int(round(site.cx)) - half, math.floor(top)
    steps = zip_steps(u)
    key: tuple = ("site", theme.name, round(u, 3), half, int(round(bottom)) - y0,
                  int(round(site.cy)) - y0, int(round(site.R)), int(round(site.face)) - y0,
                  int(round(site.line)) - y0, int(round(site.s_min)), state, n, int(round(zipper * steps)),
                  int(round(occupancy * 5)), clamped, int(round(ves_thick)))
    part = cut((2 * half + 2, max(key[4], 1)), x0, y0, view)
    return (key if part is None else (*key, part)), x0, y0, part, steps


CIS_KEYS = ("nsf", "stx", "vamp", "snap")


def cis_sprite(theme: Theme, u: float, thick: int, progress: float) -> tuple[Sprite, int, int]:
    """(sprite, dx, dy): a cis-complex being taken apart, and the offset of its corner from its anchor (x on the
    membrane's cytosolic face); thick: the drawn bilayer px. It records anchors for every name (the caller keeps
    those it names)."""
    step = int(round(min(max(float(progress), 0.0), 1.0) * CIS_STEPS))
    half_w = math.ceil(14.0 * u) + 2
    above = thick + math.ceil(2.0 * u)
    key = ("cis", theme.name, round(u, 3), thick, step)
    sprite = _CACHE.get(key)
    if sprite is None:
        pal = parts.palette(theme)
        surf = _canvas((2 * half_w + 1, above + math.ceil(24.0 * u) + 2), pal)
        pen = parts.Pen(surf, pal, u, theme)
        parts.draw_cis(pen, float(half_w), float(above), float(above - thick), step / CIS_STEPS, CIS_KEYS)
        sprite = _CACHE.put(key, _record(surf, pen))
    return _used(sprite), -half_w, -above
