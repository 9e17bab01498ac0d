"""The fusion machinery's proteins as shapes: helices as rods, domains as ellipses, ions as dots, all sized in one
drawing unit u (px per real nm) shared with the bilayer; placed on a release site's wedge (render/snare_geometry.py)
by the state of its row (render/snares.py reads the MachineryView and calls these)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pygame

from exoviz.render.snare_geometry import Site, bundles, free_start, snap_start, syt_anchor
from exoviz.render.theme import BLUE, GREY, ORANGE, PURPLE, SKY, WHITE, YELLOW, Color, Theme, mix
from exoviz.sim.machinery_view import Machine

HELIX_NM = 0.62  # a helix's drawn width (real α-helix ~1 nm; four of them side by side make the ~2.5 nm bundle)
TMD_NM = 0.9  # a transmembrane helix
OFFSETS = {"stx": 0.95, "snap": 0.32, "snap2": -0.32, "vamp": -0.95}  # across the bundle, + toward the PM
C2_NM = (2.2, 1.5)  # a C2 domain's half-axes (a β-sandwich ~4.4 × 3 nm)
RIGHT_NAMES = frozenset({"stx", "snap"})  # named on the complex right of the contact; VAMP2 on the left one
BEHIND_DIM = 0.45  # complexes behind the first pair fade this far toward the cytosol


@dataclass(frozen=True)
class Palette:
    """Okabe-Ito hues (render/theme.py), one per protein; shapes and labels tell them apart too."""

    vamp: Color
    stx: Color
    snap: Color
    munc18: Color
    cpx: Color
    syt: Color
    nsf: Color
    asnap: Color
    ca: Color
    edge: Color
    back: Color


def palette(theme: Theme) -> Palette:
    light = sum(theme.cytosol) > 384  # the projector theme: a light cytosol, dark edges
    if light:
        return Palette(theme.protein, YELLOW, ORANGE, SKY, (20, 20, 20), (120, 120, 120), BLUE, (170, 170, 170),
                       theme.calcium, (25, 25, 25), theme.cytosol)
    return Palette(PURPLE, YELLOW, ORANGE, mix(BLUE, WHITE, 0.3), (236, 236, 236), (175, 175, 175), SKY, GREY,
                   theme.calcium, (8, 10, 12), theme.cytosol)


Pt = np.ndarray | tuple[float, float]  # a point in px: an array of two, or two floats
_line, _circle = pygame.draw.line, pygame.draw.circle
_T = np.linspace(0.0, 2 * np.pi, 24, endpoint=False)
_COS, _SIN = np.cos(_T), np.sin(_T)  # an ellipse's 24 points around the unit circle (every blob's)


@dataclass
class Pen:
    """Draws shapes in unit u, fading them by `dim`, and records where each protein was drawn."""

    screen: pygame.Surface
    pal: Palette
    u: float
    theme: Theme
    dim: float = 0.0
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    boxes: list[pygame.Rect] = field(default_factory=list)

    def group(self, start: int) -> None:
        """Merge the boxes recorded since `start` into one (one protein assembly: labels keep off it whole)."""
        if len(self.boxes) > start + 1:
            self.boxes[start:] = [self.boxes[start].unionall(self.boxes[start + 1:])]

    def colour(self, c: Color) -> Color:
        return mix(c, self.pal.back, self.dim) if self.dim > 0 else c

    def mark(self, key: str, pt: np.ndarray | tuple[float, float], box: pygame.Rect, weak: bool = False) -> None:
        if key and (not weak or key not in self.anchors) and self.dim < 0.3:
            self.anchors[key] = (float(pt[0]), float(pt[1]))
        self.boxes.append(box)

    def rod(self, a: Pt, b: Pt, width_nm: float, c: Color, key: str = "", weak: bool = False) -> None:
        """A helix from a to b (px), width_nm wide, round-ended, edged when wide enough to show an edge. (Scalars
        only, no calls it can do without: a site's sprite draws ~55 of them.)"""
        w = max(2, int(round(width_nm * self.u)))
        ax, ay, bx, by = float(a[0]), float(a[1]), float(b[0]), float(b[1])
        pa, pb, screen = (ax, ay), (bx, by), self.screen
        if w >= 4:
            edge, r = self.pal.edge, w / 2 + 1
            _line(screen, edge, pa, pb, w + 2)
            _circle(screen, edge, pa, r)
            _circle(screen, edge, pb, r)
        col = mix(c, self.pal.back, self.dim) if self.dim > 0 else c
        _line(screen, col, pa, pb, w)
        _circle(screen, col, pa, w / 2)
        _circle(screen, col, pb, w / 2)
        box = pygame.Rect(int((ax if ax <= bx else bx) - w), int((ay if ay <= by else by) - w),
                          int(abs(ax - bx) + 2 * w), int(abs(ay - by) + 2 * w))
        if key and (not weak or key not in self.anchors) and self.dim < 0.3:  # (mark(): its middle, in floats)
            self.anchors[key] = (0.5 * (ax + bx), 0.5 * (ay + by))
        self.boxes.append(box)

    def thin(self, pts: Sequence[Pt], c: Color) -> None:
        """A flexible linker through pts."""
        w = max(1, int(round(0.3 * self.u)))
        pygame.draw.lines(self.screen, self.colour(c), False, [(float(p[0]), float(p[1])) for p in pts], w)

    def blob(self, centre: np.ndarray, rx_nm: float, ry_nm: float, angle: float, c: Color, key: str = "") -> None:
        """A folded domain: an ellipse with half-axes rx (along angle, radians) and ry, in nm."""
        ca, sa = np.cos(angle), np.sin(angle)
        ex, ey = rx_nm * self.u * _COS, ry_nm * self.u * _SIN
        pts = np.stack([centre[0] + ex * ca - ey * sa, centre[1] + ex * sa + ey * ca], axis=1)
        pygame.draw.polygon(self.screen, self.colour(c), pts.tolist())
        pygame.draw.polygon(self.screen, self.pal.edge, pts.tolist(), 1 + self.theme.outline)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        self.mark(key, centre, pygame.Rect(int(lo[0]), int(lo[1]), int(hi[0] - lo[0]) + 1, int(hi[1] - lo[1]) + 1))

    def dot(self, centre: np.ndarray, c: Color) -> None:
        """An ion: a small dot (drawn at least 2 px across its radius, far larger than a 0.1 nm ion)."""
        r = max(2.5, 0.5 * self.u)
        p = (float(centre[0]), float(centre[1]))
        pygame.draw.circle(self.screen, self.pal.edge, p, r + 1)
        pygame.draw.circle(self.screen, self.colour(c), p, r)


def _tmd(pen: Pen, top: Pt, inward: Pt, depth_px: float, c: Color, key: str = "") -> None:
    """A transmembrane helix from `top` (on the cytosolic face) through a bilayer depth_px thick along inward."""
    tx, ty, ix, iy, u = float(top[0]), float(top[1]), float(inward[0]), float(inward[1]), pen.u
    pen.rod((tx - ix * 0.3 * u, ty - iy * 0.3 * u), (tx + ix * depth_px, ty + iy * depth_px), TMD_NM, c, key)


def _on_vesicle(site: Site, x: float, y: float) -> tuple[float, float, float, float]:
    """Site.on_vesicle in floats: (x, y) of the vesicle's outer face nearest (x, y), and the outward normal there
    (the same arithmetic: the same floats)."""
    dx, dy = x - site.cx, y - site.cy
    h = max(float(np.hypot(dx, dy)), 1e-9)
    nx, ny = dx / h, dy / h
    return site.cx + site.R * nx, site.cy + site.R * ny, nx, ny


def _complex(pen: Pen, site: Site, m: np.ndarray, far: np.ndarray, side: float, zipper: float, ves_thick: float,
             clamped: bool, munc18: bool) -> None:
    """One trans-SNARE complex: zippered from its far (N-terminal) end to `zipper` of the way to the membranes;
    the rest of its helices run apart, the t-SNAREs' to the plasma membrane, VAMP2's to the vesicle. (In plain
    floats, each in the order of the arrays it replaced: the same points, ~2x faster.)"""
    u, pal = pen.u, pen.pal
    (mx, my), (fx, fy) = m.tolist(), far.tolist()
    h = max(float(np.hypot(mx - fx, my - fy)), 1e-9)
    dx, dy = (mx - fx) / h, (my - fy) / h  # toward the membranes
    px, py = (dy, -dx) if dx * side > 0 else (-dy, dx)
    if py > 0:
        px, py = -px, -py  # across the bundle, toward the plasma membrane (up)
    if munc18:  # Munc18 templating the complex at its N-terminal end
        centre = np.array([fx - dx * 2.4 * u + px * 0.6 * u, fy - dy * 2.4 * u + py * 0.6 * u])
        pen.blob(centre, 3.0, 2.2, float(np.arctan2(dy, dx)), pal.munc18, "munc18")
    zx, zy = fx + zipper * (mx - fx), fy + zipper * (my - fy)
    ax, ay = mx - side * 0.4 * u, float(site.face)  # syntaxin-1's transmembrane anchor
    bx, by, nx, ny = _on_vesicle(site, mx, my)  # VAMP2's
    _tmd(pen, (ax, ay), (0.0, -1.0), site.face - (2 * site.line - site.face), pal.stx)
    _tmd(pen, (bx, by), (-nx, -ny), ves_thick, pal.vamp)
    colours = {"stx": pal.stx, "snap": pal.snap, "snap2": pal.snap, "vamp": pal.vamp}
    loose = zipper < 0.999
    for key, off in OFFSETS.items():
        c = colours[key]
        if key == "vamp":
            end = (bx + nx * 0.4 * u, by + ny * 0.4 * u)
        else:  # the t-SNAREs' membrane ends, SNAP-25's a little further out than syntaxin-1's
            end = (ax + side * (0.95 - off) * 0.9 * u, ay + 0.5 * u)
        start = (fx + px * off * u, fy + py * off * u)
        zipped = (zx + px * off * u, zy + py * off * u)
        name = key.rstrip("2")
        weak = (name in RIGHT_NAMES) != (side > 0)  # names spread over both sides' complexes
        if loose:  # VAMP2 named on its own, unzipped stretch
            pen.rod(zipped, end, HELIX_NM, c, name if name == "vamp" else "", weak)
        pen.rod(start, zipped, HELIX_NM, c, "" if loose and name == "vamp" else name, weak)
    pin = (ax + side * 2.6 * u, ay + 0.0)  # SNAP-25's palmitoylated linker on the membrane
    snap2 = OFFSETS["snap2"] * u
    pen.thin([(ax + side * 0.95 * u, ay + 0.5 * u), pin, (fx + px * snap2, fy + py * snap2)], pal.snap)
    if clamped:  # complexin: its central helix on the zippered part, its accessory helix reaching out
        c0 = (fx + dx * 0.6 * u - px * 1.9 * u, fy + dy * 0.6 * u - py * 1.9 * u)
        reach = max(float(np.hypot(zx - fx, zy - fy)), 4.0 * u)
        c1x, c1y = fx + dx * reach - px * 1.9 * u, fy + dy * reach - py * 1.9 * u
        pen.rod(c0, (c1x, c1y), 0.5, pal.cpx, "cpx")
        pen.rod((c1x, c1y), (c1x + dx * 3.0 * u - px * 1.6 * u, c1y + dy * 3.0 * u - py * 1.6 * u), 0.5, pal.cpx)


def _free(pen: Pen, site: Site, munc18: bool, ves_thick: float) -> None:
    """The SNAREs before they pair: closed syntaxin-1 (Munc18 holding it once docked) right of the contact,
    SNAP-25 lying on the membrane and VAMP2 on the vesicle left of it."""
    u, pal = pen.u, pen.pal
    start = len(pen.boxes)
    s = free_start(site)
    a = np.array([site.cx + s, site.face])
    if munc18:
        pen.blob(a + np.array([4.0, 2.6]) * u, 4.2, 2.1, 0.0, pal.munc18, "munc18")
    _tmd(pen, a, np.array([0.0, -1.0]), site.face - (2 * site.line - site.face), pal.stx)
    pen.rod(a + np.array([0.5, 0.9]) * u, a + np.array([7.0, 0.9]) * u, HELIX_NM, pal.stx, "stx")
    for k, y in enumerate((1.8, 2.6, 3.4)):  # the Habc domain folded back onto the SNARE motif: closed
        pen.rod(a + np.array([2.0 + 0.3 * k, y]) * u, a + np.array([6.2 - 0.3 * k, y]) * u, HELIX_NM, pal.stx)
    pen.thin([a + np.array([7.0, 0.9]) * u, a + np.array([7.6, 2.2]) * u, a + np.array([6.2, 3.4]) * u], pal.stx)
    pen.group(start)
    start = len(pen.boxes)
    left = np.array([site.cx - snap_start(site), site.face])
    for y in (1.0, 2.0):  # SNAP-25's two helices and its palmitoylated linker
        pen.rod(left + np.array([-0.5, y]) * u, left + np.array([-8.5, y]) * u, HELIX_NM, pal.snap, "snap")
    pen.thin([left + np.array([-0.5, 1.0]) * u, left + np.array([0.6, 0.0]) * u, left + np.array([-0.5, 2.0]) * u],
             pal.snap)
    x = left[0] + 5.0 * u
    b, nrm = site.on_vesicle(np.array([x, site.face]))
    t = np.array([-nrm[1], nrm[0]])
    t = t if t[0] < 0 else -t
    _tmd(pen, b, -nrm, ves_thick, pal.vamp)
    pen.rod(b + nrm * 0.9 * u, b + nrm * 0.9 * u + t * 7.0 * u, HELIX_NM, pal.vamp, "vamp")
    pen.group(start)


def _c2(pen: Pen, centre: np.ndarray, axis: np.ndarray, n_ca: int, key: str) -> None:
    """A C2 domain with its long axis along `axis` (its Ca²⁺-binding loops at the axis' end) and n_ca ions."""
    pen.blob(centre, C2_NM[0], C2_NM[1], float(np.arctan2(axis[1], axis[0])), pen.pal.syt, key)
    tip = centre + axis * (C2_NM[0] - 0.85) * pen.u  # the loops, just inside the domain (legible on it)
    across = np.array([-axis[1], axis[0]])
    for j in range(n_ca):
        pen.dot(tip + across * (j - (n_ca - 1) / 2) * 0.95 * pen.u, pen.pal.ca)
    if n_ca:
        pen.mark("ca", tip, pygame.Rect(int(tip[0]), int(tip[1]), 1, 1))


def _syt(pen: Pen, site: Site, state: int, n: int, occupancy: float, left: tuple | None, ves_thick: float) -> None:
    """Synaptotagmin on the vesicle left of the contact: its C2A and C2B domains hang free, meet SNAP-25
    (docked), bind the complex (primed), or hold Ca²⁺ (occupancy × 5 ions: 3 on C2A, 2 on C2B) and touch the
    plasma membrane with their loops (Ca²⁺-bound, fused)."""
    u, pal = pen.u, pen.pal
    x = site.cx - syt_anchor(site, n)
    t_pt, nrm = site.on_vesicle(np.array([x, float(site.mid(x))]))
    _tmd(pen, t_pt, -nrm, ves_thick, pal.syt)
    ions = int(round(float(np.clip(occupancy, 0.0, 1.0)) * 5))
    up = np.array([0.0, -1.0])
    if state in (Machine.CA_BOUND, Machine.FUSED):
        a_c, a_ax = np.array([x - 2.4 * u, site.face + 2.1 * u]), up
        b_c, b_ax = np.array([x + 2.4 * u, site.face + 2.1 * u]), up
    elif state == Machine.PRIMED and left is not None:  # C2B on the complex's far end, C2A by the vesicle
        m, far = left
        d = (m - far) / max(float(np.hypot(*(m - far))), 1e-9)
        b_c, b_ax = far - d * 2.6 * u, -d if -d[1] <= 0 else d
        a_c, a_ax = t_pt + nrm * 2.0 * u + np.array([-2.2 * u, 0.0]), up
    elif state == Machine.DOCKED and n == 0:  # C2B meets SNAP-25 on the membrane
        s = snap_start(site)
        b_c, b_ax = np.array([site.cx - s - 4.5 * u, site.face + 3.9 * u]), np.array([1.0, 0.0])
        a_c, a_ax = t_pt + nrm * 2.0 * u + np.array([-1.8 * u, 0.0]), up
    else:  # hanging off the vesicle
        tan = np.array([-nrm[1], nrm[0]])
        a_c, a_ax = t_pt + nrm * 2.4 * u, nrm
        b_c, b_ax = a_c + tan * 4.6 * u, nrm
    pen.thin([t_pt + nrm * 0.3 * u, a_c, b_c], pal.syt)
    _c2(pen, a_c, a_ax, min(ions, 3), "syt")
    _c2(pen, b_c, b_ax, max(ions - 3, 0), "")


def draw_site(pen: Pen, site: Site, state: int, n: int, zipper: float, occupancy: float, clamped: bool,
              ves_thick: float) -> None:
    """Everything at one release site in its state: n trans-complexes zippered `zipper` of the way (or free SNAREs),
    Munc18 when docked, complexin when clamped, synaptotagmin with its Ca²⁺."""
    left = None
    if n > 0:
        m, far, side, rank = bundles(site, n)
        for j in np.argsort(-rank, kind="stable").tolist():  # those behind first
            pen.dim = BEHIND_DIM if rank[j] else 0.0
            start = len(pen.boxes)
            _complex(pen, site, m[j], far[j], float(side[j]), zipper, ves_thick, clamped and rank[j] == 0,
                     state == Machine.DOCKED and rank[j] == 0)
            pen.group(start)
        pen.dim = 0.0
        if n >= 2:
            left = (m[1], far[1])
    else:
        _free(pen, site, state == Machine.DOCKED, ves_thick)
    start = len(pen.boxes)
    _syt(pen, site, state, n, occupancy, left, ves_thick)
    pen.group(start)


def draw_cis(pen: Pen, x: float, face: float, top: float, progress: float, names: tuple[str, ...] = ()) -> None:
    """A cis-SNARE complex standing in the plasma membrane at x (px) after a fusion, and NSF (a hexameric ATPase)
    with α-SNAP pulling its helices apart as progress goes 0 -> 1 (fading out at the end); it names what is in
    `names` (what nothing has named yet)."""
    u, pal = pen.u, pen.pal
    start = len(pen.boxes)
    p = float(np.clip(progress, 0.0, 1.0))
    pen.dim = float(np.clip((p - 0.8) / 0.2, 0.0, 1.0)) * 0.85
    base = np.array([x, face])
    colours = {"stx": pal.stx, "snap": pal.snap, "snap2": pal.snap, "vamp": pal.vamp}
    for key, off in OFFSETS.items():
        root = base + np.array([off * 0.7 * u, 1.2 * u])
        tip = base + np.array([off * u * (1.0 + 5.0 * p), 13.2 * u - 2.0 * p * u])
        if key in ("stx", "vamp"):
            _tmd(pen, base + np.array([off * 0.7 * u, 0.0]), np.array([0.0, -1.0]), face - top, colours[key])
        pen.rod(root, tip, HELIX_NM, colours[key], key if key in names else "", weak=True)
    for k, sx in enumerate((-1.0, 1.0, 0.0)):  # three α-SNAPs along the complex
        if k == 2:
            pen.dim = max(pen.dim, 0.35)
        lo = base + np.array([sx * (2.0 + 4.0 * p) * u, 6.5 * u])
        pen.rod(lo, lo + np.array([sx * 1.2 * p * u, 6.0 * u]), 0.9, pal.asnap)
    pen.dim = float(np.clip((p - 0.8) / 0.2, 0.0, 1.0)) * 0.85
    centre = base + np.array([0.0, 17.5 * u])
    ang = np.arange(6) * np.pi / 3 + p * np.pi / 3  # the ring turns as it hydrolyses ATP
    order = np.argsort(np.sin(ang))  # the lobes behind first
    for j in order.tolist():
        lobe = centre + np.array([4.0 * np.cos(ang[j]), 1.4 * np.sin(ang[j])]) * u
        pen.blob(lobe, 1.7, 1.7, 0.0, pal.nsf)
        if j == order[-1] and "nsf" in names:  # the front lobe names NSF
            pen.mark("nsf", lobe, pen.boxes[-1], weak=True)
    pen.dim = 0.0
    pen.group(start)
