"""Rasterises a membrane Field (sim.membrane_field, in px) into anti-aliased sprites, and caches them (LRU).

Each pixel gets its colour from the field value f at its centre: lumen or extracellular fluid (f < -h), the
exoplasmic leaflet (-h < f < 0; its outer half tinted with the delivered-membrane colour on a fused body's own
membrane), the cytosolic leaflet (0 < f < h) and, beyond it, nothing (the cytosol under the sprite shows), with
a 1 px linear blend at each boundary (anti-aliasing). For the plasma membrane, pixels that the flat bilayer
drawn underneath already shows identically stay transparent, and the flat bilayer is painted over with cytosol
where the membrane has bent away from it.

Only pixels near the membrane are evaluated exactly: the field is first sampled once per block of 4 or 8 px,
and blocks farther from f = 0 than the leaflets (f is close to a signed distance) are filled whole, as lumen
or left transparent.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Generator, Hashable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np
import pygame

from exoviz.render.cache import SurfaceCache
from exoviz.render.theme import Theme

CACHE_BYTES = 96 * 2**20  # sprites kept (least recently used dropped first)
Lumen = Callable[[np.ndarray], np.ndarray]  # points (m, 2) -> colours (m, 3)


class Weighed(Protocol):
    """What SpriteLRU keeps: a Raster, a Tile (render/membrane_fused.py), an array; each counts its bytes."""

    @property
    def nbytes(self) -> int: ...


_T = TypeVar("_T", bound=Weighed | tuple[Weighed, ...])


class Sampled(Protocol):
    """A membrane field as the rasteriser samples it (sim.membrane_field.Field, sim.membrane_merge.MergeField)."""

    def f(self, p: np.ndarray) -> np.ndarray: ...

    def f_weight(self, p: np.ndarray, width: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...


@dataclass(frozen=True)
class Paint:
    """How a field is painted: leaflet half-widths (px) on necks / the flat membrane and on bodies' own discs,
    the flat membrane's line (its bilayer is drawn under the sprite; None: a closed organelle in the cytosol),
    whether bodies' own outer leaflet is tinted as delivered membrane, and the lumen colour (None: outside)."""

    h_line: float
    h_body: float
    line: float | None = 0.0
    tint: bool = True
    lumen: Lumen | None = None


def _unit(x: np.ndarray) -> np.ndarray:  # x clipped to 0..1 in place: np.clip without its per-call overhead
    return np.minimum(np.maximum(x, 0.0, out=x), 1.0, out=x)


def _colours(f: np.ndarray, h: np.ndarray, w: np.ndarray, band: np.ndarray, lumen: np.ndarray, th: Theme,
             out: np.ndarray) -> np.ndarray:
    """Into out ((m, 4) uint8): rgb rounded, and alpha (0..1) returned, for field values f (px), leaflet
    half-thickness h, delivered tint w, flat band, the lumen's colours ((m, 3), or (3,) for one colour)."""
    c1 = _unit(f + h + 0.5)  # share beyond the lumen / leaflet boundary
    c2 = _unit(f + 0.5)  # share beyond the midline
    c3 = _unit(f - h + 0.5)  # share beyond the cytosolic face
    outer = _unit(f + h * 0.5 + 0.5)  # the outer half of the exoplasmic leaflet
    tinted = np.maximum(c1 - outer, 0.0) * w
    # weights of: exoplasmic leaflet, its delivered tint, cytosolic leaflet, cytosol (erasing the flat bilayer)
    wts = (c1 - c2 - tinted, tinted, c2 - c3, c3 * band)
    c0, c1_, c2_, c3_ = (th.exo_leaflet, th.delivered, th.cyto_leaflet, th.cytosol)
    beyond = 1 - c1
    alpha = 1.0 - c3 * (1.0 - band)  # beyond the cytosolic face and off the flat bilayer: see-through
    ok = alpha > 1e-6
    for ch in range(3):  # each channel a weighted sum of whole arrays (no BLAS: its threads stall a busy machine)
        acc = wts[0] * float(c0[ch]) + wts[1] * float(c1_[ch]) + wts[2] * float(c2_[ch]) + wts[3] * float(c3_[ch])
        acc += (lumen[:, ch] if lumen.ndim == 2 else float(lumen[ch])) * beyond
        out[:, ch] = np.round(np.divide(acc, alpha, out=np.zeros_like(acc), where=ok))
    return alpha


BLOCK = 4  # px: one field sample per BLOCK x BLOCK block decides whether its pixels are evaluated one by one


def _blocks(fld: Sampled, rect: tuple[int, int, int, int], paint: Paint
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """((nby, nbx) blocks to evaluate pixel by pixel, (nby, nbx) blocks all lumen, (nby, nbx) the field at each
    block's centre) over rect, from one field sample per BLOCK px block."""
    x0, y0, w, hgt = rect
    b = BLOCK
    nbx, nby = -(-w // b), -(-hgt // b)
    cx = x0 + (np.arange(nbx) + 0.5) * b
    cy = y0 + (np.arange(nby) + 0.5) * b
    xx, yy = np.meshgrid(cx, cy)
    fc = fld.f(np.stack([xx.ravel(), yy.ravel()], axis=1)).reshape(nby, nbx)
    # f is close to a signed distance: within a block it changes by at most ~0.71 b
    margin = max(paint.h_line, paint.h_body) + 0.75 * b + 1.5
    exact = np.abs(fc) < margin
    if paint.line is not None:
        exact |= (np.abs(cy - paint.line) < paint.h_line + b)[:, None]
    return exact, (fc <= -margin) & ~exact, fc


def _block_pixels(by: np.ndarray, bx: np.ndarray, x0: int, y0: int) -> np.ndarray:
    """(k * BLOCK**2, 2) the pixel centres of blocks (by, bx), block by block, row by row within each."""
    d = np.arange(BLOCK, dtype=np.float64)
    px = x0 + 0.5 + bx[:, None, None] * BLOCK + d[None, None, :]
    py = y0 + 0.5 + by[:, None, None] * BLOCK + d[None, :, None]
    return np.stack(np.broadcast_arrays(px, py), axis=-1).reshape(-1, 2)


def _exact(fld: Sampled, p: np.ndarray, paint: Paint, th: Theme) -> tuple[np.ndarray, np.ndarray]:
    """(rgba (m, 4) uint8, field (m,)) at pixel centres p, every pixel through one blend (in the lumen it gives the
    lumen's colour; beyond the cytosolic face nothing, or cytosol where it erases the flat bilayer drawn underneath)."""
    f, wgt, plane = fld.f_weight(p, 2.0 * paint.h_line)
    m = len(p)
    h = paint.h_line + (paint.h_body - paint.h_line) * wgt
    band = np.zeros(m) if paint.line is None else (np.abs(p[:, 1] - paint.line) < paint.h_line) * 1.0
    lumen = paint.lumen(p) if paint.lumen is not None else np.asarray(th.ecf, dtype=np.float64)
    out = np.empty((m, 4), dtype=np.uint8)
    with np.errstate(invalid="ignore"):  # (no shape at all: NaN, mended below)
        alpha = _colours(f, h, wgt if paint.tint else np.zeros(m), band, lumen, th, out)
        alpha *= 255
        out[:, 3] = np.round(alpha, out=alpha)
    bad = np.flatnonzero(np.isnan(f))
    if bad.size:
        out[bad] = np.where(band[bad, None] > 0, np.array([*th.cytosol, 255], dtype=np.uint8), np.uint8(0))
    if paint.line is not None:  # where the flat bilayer under the sprite already looks the same: see-through
        out[(np.abs(f - plane) < 1e-6) & (wgt < 1e-6), 3] = 0
    return out, f


@dataclass(frozen=True)
class Raster:
    """A rasterised membrane: the sprite, the field at each pixel centre (h, w) float32 (exact near the membrane,
    one sample per block elsewhere) and its top-left (x0, y0) in field px. Its pixels are not kept beside the
    sprite (a 4K close-up's are 8 MB; rgba reads them back)."""

    img: pygame.Surface
    f: np.ndarray
    x0: int
    y0: int

    @property
    def rgba(self) -> np.ndarray:
        """(h, w, 4) uint8 the sprite's pixels, RGBA."""
        w, h = self.img.get_size()
        return np.frombuffer(pygame.image.tobytes(self.img, "RGBA"), dtype=np.uint8).reshape(h, w, 4)

    @property
    def nbytes(self) -> int:
        return int(self.img.get_width() * self.img.get_height() * 4 + self.f.nbytes + 256)


def _surface(rgba: np.ndarray) -> pygame.Surface:
    h, w = rgba.shape[:2]
    surf = pygame.image.frombuffer(np.ascontiguousarray(rgba).data, (w, h), "RGBA")  # (a view: copied below)
    try:
        return surf.convert_alpha()
    except pygame.error:  # no display mode set (some tests): keep the RGBA surface
        return surf.copy()


EXACT_STEP, AHEAD_STEP = 1024, 512  # blocks evaluated pixel by pixel per step of a build (~1 ms), of a build ahead


def rasterise(fld: Sampled, rect: tuple[int, int, int, int], paint: Paint, th: Theme, mirror: bool = False) -> Raster:
    """The field's membrane over rect (x, y, w, h) in the field's px coordinates.

    mirror: the field is symmetric about x = 0 and rect is -e .. e + 1 (w = 2 e + 1): only the columns from x = 0
    are computed, the others are their mirror images (column x mirrors column -1 - x): half the work."""
    return finish(rasterising(fld, rect, paint, th, mirror, EXACT_STEP))


def finish(steps: Generator[None, None, _T]) -> _T:
    """Run a build made in steps to its end; its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def rasterising(fld: Sampled, rect: tuple[int, int, int, int], paint: Paint, th: Theme, mirror: bool = False,
                step: int = AHEAD_STEP) -> Generator[None, None, Raster]:
    """rasterise() in steps of a few ms (yielding between them), so that a sprite can be built ahead, a step a
    frame (render/membrane_ahead.py): the same sprite. step: blocks evaluated pixel by pixel per step."""
    x0, y0, w, hgt = rect
    if mirror and x0 < 0 and w == 1 - 2 * x0:
        e = -x0
        rgba, f = yield from _arrays(fld, (0, y0, e + 1, hgt), paint, th, step)
        px = _mirrored(rgba.view(np.uint32)[..., 0], e)  # whole RGBA pixels as uint32: copied far faster than bytes
        yield
        rgba, f = px.view(np.uint8).reshape(*px.shape, 4), _mirrored(f, e)
    else:
        rgba, f = yield from _arrays(fld, rect, paint, th, step)
        rgba, f = np.ascontiguousarray(rgba), np.ascontiguousarray(f)
    yield
    return Raster(_surface(rgba), f, x0, y0)


def _mirrored(a: np.ndarray, e: int) -> np.ndarray:
    """(h, 2 e + 1) the columns a[:, e - 1 :: -1], then a (its columns 0 .. e)."""
    out = np.empty((a.shape[0], 2 * e + 1, *a.shape[2:]), dtype=a.dtype)
    out[:, e:] = a
    out[:, :e] = a[:, e - 1::-1]
    return out


def _arrays(fld: Sampled, rect: tuple[int, int, int, int], paint: Paint, th: Theme, step: int = EXACT_STEP
            ) -> Generator[None, None, tuple[np.ndarray, np.ndarray]]:
    """(rgba (h, w, 4) uint8, field (h, w) float32) of the membrane over rect, in steps: small rects pixel by pixel,
    larger ones block by block (whole blocks of lumen or of nothing filled at once, the others pixel by pixel)."""
    x0, y0, w, hgt = rect
    if w * hgt < 3000:
        yy, xx = np.mgrid[0:hgt, 0:w]
        out, f = _exact(fld, np.stack([xx.ravel() + (x0 + 0.5), yy.ravel() + (y0 + 0.5)], axis=1), paint, th)
        return out.reshape(hgt, w, 4), f.astype(np.float32).reshape(hgt, w)
    exact, lumen, fc = _blocks(fld, rect, paint)
    yield
    nby, nbx = fc.shape
    b = BLOCK
    rgba = np.zeros((nby, b, nbx, b, 4), dtype=np.uint8)  # block row, row in it, block column, column in it
    f_all = np.empty((nby, b, nbx, b), dtype=np.float32)
    f_all[...] = fc.astype(np.float32)[:, None, :, None]
    yield
    if paint.lumen is None:
        ecf = np.array([*th.ecf, 255], dtype=np.uint8).view(np.uint32)[0]  # whole pixels: faster than bytes
        rgba.view(np.uint32)[..., 0] = np.where(lumen, ecf, np.uint32(0))[:, None, :, None]
    elif lumen.any():
        ly, lx = np.nonzero(lumen)
        rgba[ly, :, lx, :, :3] = np.round(paint.lumen(_block_pixels(ly, lx, x0, y0))).reshape(ly.size, b, b, 3)
        rgba[ly, :, lx, :, 3] = 255
    by, bx = np.nonzero(exact)
    for k in range(0, by.size, step):  # a few steps of blocks near the membrane
        yield
        ey, ex = by[k:k + step], bx[k:k + step]
        out, f = _exact(fld, _block_pixels(ey, ex, x0, y0), paint, th)
        rgba[ey, :, ex] = out.reshape(ey.size, b, b, 4)
        f_all[ey, :, ex] = f.reshape(ey.size, b, b)
    yield
    return rgba.reshape(nby * b, nbx * b, 4)[:hgt, :w], f_all.reshape(nby * b, nbx * b)[:hgt, :w]


def lip_table(r: Raster, deep: float) -> tuple[np.ndarray, np.ndarray]:
    """Where the membrane's midline crosses each pixel column first, going down from the fluid: (anchors (w, 4)
    x, y, normal x, normal y in field px, open (w,) bool: the column is over an opening, its membrane more than
    `deep` px below the line at y = 0)."""
    hgt, w = r.f.shape
    cols = np.arange(w)
    below = np.argmin(r.f < 0, axis=0)  # the first row not in the fluid: f >= 0, or no shape there (NaN): far outside
    i = np.minimum(np.maximum(below, 1), hgt - 1)
    left, right = np.maximum(cols - 1, 0), np.minimum(cols + 1, w - 1)
    rows = np.empty((6, w), dtype=np.intp)  # the rows above and at the crossing, in the column and either side
    rows[0::2], rows[1::2] = i - 1, i
    at = r.f.ravel().take((rows * w + np.stack([cols, cols, right, right, left, left])).ravel())
    a, b, ar, br, al, bl = np.nan_to_num(at.astype(np.float64), nan=1e6, posinf=1e6, neginf=-1e6).reshape(6, w)
    d = a - b
    t = np.divide(a, d, out=np.full(w, 0.5), where=np.abs(d) > 1e-9)
    out = np.empty((w, 4))
    out[:, 0], out[:, 1] = r.x0 + cols + 0.5, r.y0 + i - 0.5 + np.minimum(np.maximum(t, 0.0), 1.0)
    gx = (ar - al + br - bl) / (2.0 * np.maximum(right - left, 1))
    gy = b - a
    g = np.hypot(gx, gy)
    tiny, g = g < 1e-9, np.maximum(g, 1e-9)
    out[:, 2], out[:, 3] = np.where(tiny, 0.0, gx / g), np.where(tiny, 1.0, gy / g)
    is_open = (out[:, 1] > deep) | (np.abs(a) >= 1e6) | (np.abs(b) >= 1e6)
    return out, is_open


def _corners(r: Raster, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                np.ndarray]:
    """(field at the four pixel centres around each point p (m, 2) field px: top left, top right, bottom left, bottom
    right, as float64; s, t: the point's place between them) gathered from the raster, never a copy of all of it."""
    f = r.f
    hgt, w = f.shape
    u = np.minimum(np.maximum(p[:, 0] - r.x0 - 0.5, 0.0), w - 1.001)  # np.clip without its per-call overhead
    v = np.minimum(np.maximum(p[:, 1] - r.y0 - 0.5, 0.0), hgt - 1.001)
    i, j = v.astype(np.int64), u.astype(np.int64)
    at = i * w + j  # the four corners gathered at once from the flat field
    at1, j1 = np.minimum(i + 1, hgt - 1) * w, np.minimum(j + 1, w - 1)
    m = at.size
    g = f.ravel().take(np.concatenate((at, at - j + j1, at1 + j, at1 + j1))).astype(np.float64)
    return g[:m], g[m:2 * m], g[2 * m:3 * m], g[3 * m:], u - j, v - i


def sample(r: Raster, p: np.ndarray) -> np.ndarray:
    """The raster's field at points p (m, 2) field px, bilinear between pixel centres (where no shape is: NaN or
    infinite, far outside: +-1e6)."""
    a, b, c, d, s, t = _corners(r, p)
    a, b, c, d = (np.nan_to_num(x, nan=1e6, posinf=1e6, neginf=-1e6) for x in (a, b, c, d))
    return (a * (1 - s) + b * s) * (1 - t) + (c * (1 - s) + d * s) * t


def project(r: Raster, p: np.ndarray, iterations: int = 2) -> np.ndarray:
    """(m, 4) points p ((m, 2) field px, near the membrane) moved onto its midline (x, y, normal x, normal y),
    by Newton steps on the raster's field (bilinear between pixel centres)."""
    m = len(p)
    out = np.empty((m, 4))
    if m == 0:
        return out
    out[:, :2] = p
    px, py = out[:, 0], out[:, 1]  # (views: the Newton steps move the points in place)
    for it in range(iterations + 1):
        a, b, c, d, s, t = _corners(r, out[:, :2])
        s1, t1 = 1 - s, 1 - t
        gx = (b - a) * t1 + (d - c) * t
        gy = (c - a) * s1 + (d - b) * s
        if it == iterations:
            break
        val = (a * s1 + b * s) * t1 + (c * s1 + d * s) * t
        gg = gx * gx + gy * gy
        q = np.divide(val, gg, out=np.zeros(m), where=(gg > 1e-9) & np.isfinite(val))
        px -= q * gx
        py -= q * gy
    n = np.hypot(gx, gy)
    ok = n > 1e-9
    out[:, 2], out[:, 3] = np.divide(gx, n, out=np.zeros(m), where=ok), np.divide(gy, n, out=np.ones(m), where=ok)
    return out


class SpriteLRU(SurfaceCache):
    """Cached membrane sprites with what goes with them (Tile, Raster or tuples of those), by key; least recently
    used dropped first beyond a byte budget; emptied with every other surface cache (render/cache.release_all).
    Sprites foreseen (render/membrane_ahead.py) are built ahead, a step a frame: ahead holds those builds."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        super().__init__("membrane sprites", budget, max_items=20_000)
        self.misses = 0  # sprites built when asked for
        self.foreseen = 0  # ... and asked for once built ahead (or while being built: finished then)
        self.stepped = 0  # steps of builds ahead run so far (counting tests)
        self._sizes: dict = {}
        self.ahead: OrderedDict[Hashable, Generator[None, None, Any]] = OrderedDict()
        self.trend: dict[Hashable, tuple[tuple, float, float]] = {}  # (a body's last look, its collapse quantised and
        # the model's) by body

    def put(self, key: Hashable, value: Any) -> Any:
        size = _nbytes(value)
        while len(self) and (self.nbytes + size > self.max_bytes or len(self) >= self.max_items):
            old, _ = self._d.popitem(last=False)
            self.nbytes -= self._sizes.pop(old, 0)
        self._d[key] = value
        self._sizes[key] = size
        self.nbytes += size
        return value

    def clear(self) -> int:
        self._sizes.clear()
        self.ahead.clear()
        self.trend.clear()
        return super().clear()

    def fetch(self, key: tuple, build: Callable[[], _T]) -> _T:
        """The value for key, built on a miss (or its build ahead finished now)."""
        hit = self.get(key)
        if hit is None:
            steps = self.ahead.pop(key, None)
            if steps is not None:
                self.foreseen += 1
                return self.put(key, finish(steps))
            self.misses += 1
            hit = self.put(key, build())
        return hit

    def build_ahead(self, key: Hashable, steps: Generator[None, None, Any], most: int = 2) -> None:
        """Build key's value ahead (steps: its build in steps), the `most` latest such builds at once."""
        if key in self or key in self.ahead:
            return
        self.ahead[key] = steps
        while len(self.ahead) > most:
            self.ahead.popitem(last=False)

    def step_ahead(self, most: int | None = None) -> None:
        """A frame's share of the builds ahead: one step of each (a few ms at most each; a build's heavy steps, its
        field sampled, its arrays made, its surface, fall in different frames), or of the latest `most` only (a
        frame's cost stays bounded however many bodies are foreseen; the latest are the looks reached soonest)."""
        builds = list(self.ahead.items())
        for key, steps in builds if most is None else builds[max(0, len(builds) - most):] if most > 0 else []:
            self._step(key, steps)

    def _step(self, key: Hashable, steps: Generator[None, None, Any]) -> None:
        self.stepped += 1
        try:
            next(steps)
        except StopIteration as done:
            del self.ahead[key]
            self.put(key, done.value)


def _nbytes(value: Weighed | tuple[Weighed, ...]) -> int:
    if isinstance(value, tuple):
        return sum(_nbytes(v) for v in value)
    return int(value.nbytes) + 64
