"""Cargo dots: the colour-keyed sprite path draws the same pixels as per-pixel-alpha sprites, deterministically;
stamped dots (plain or outlined) are the blits' pixels; N dots take one call per kind (counted, not timed)."""

from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render import dot_stamp
from exoviz.render.bodies import dot_sprite, draw_dots
from exoviz.render.layout import compute_layout
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK, PROJECTOR
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers

pytestmark = pytest.mark.usefixtures("pygame_display")


def alpha_sprite(color, radius, outline=None) -> pygame.Surface:
    """The previous look: the same discs on a per-pixel-alpha surface."""
    surf = pygame.Surface((2 * radius + 2, 2 * radius + 2), pygame.SRCALPHA)
    if outline is not None:
        pygame.draw.circle(surf, outline, (radius + 1, radius + 1), radius + 1)
    pygame.draw.circle(surf, color, (radius + 1, radius + 1), radius)
    return surf


def scattered(n: int, seed: int, world_w: float, world_h: float, live: float = 0.9):
    rng = np.random.default_rng(seed)
    pos = np.column_stack([rng.uniform(-0.05, 1.05, n) * world_w, rng.uniform(-0.05, 1.05, n) * world_h])
    prev = pos + rng.normal(0.0, 5.0, pos.shape)
    alive = rng.random(n) < live
    return pos, prev, alive


@pytest.mark.parametrize("theme", [DARK, PROJECTOR])
@pytest.mark.parametrize("radius,live", [(2, 0.9), (4, 0.9), (6, 0.9), (4, 0.3)])  # 0.3: the sparse-slot path
def test_colour_keyed_dots_match_alpha_sprites_pixel_for_pixel(theme, radius, live):
    outline = theme.text_dim if theme.outline else None
    cam = Camera(4000.0, 2000.0, (10, 20, 600, 300))
    # crowded: the dots overlap, and many are off the view
    pos, prev, alive = scattered(3000 if live > 0.5 else 9000, radius, 4000.0, 2000.0, live)
    a = pygame.Surface((640, 360))
    a.fill(theme.ecf)
    b = a.copy()
    for s in (a, b):
        s.set_clip(pygame.Rect(cam.view))
    dots = SimpleNamespace(pos=pos, prev=prev, alive=alive, kind=np.zeros(len(alive), np.int8))
    drawn = draw_dots(a, cam, dots, 0.3, (dot_sprite(theme.cargo, radius, outline),))
    # reference: one blit per live dot in view, in slot order, through the alpha sprite
    ref = alpha_sprite(theme.cargo, radius, outline)
    scr = cam.to_screen(prev + (pos - prev) * 0.3)
    vx, vy, vw, vh = cam.view
    n = 0
    for k in np.flatnonzero(alive):
        x, y = scr[k]
        if vx <= x < vx + vw and vy <= y < vy + vh:
            b.blit(ref, (int(np.round(x)) - radius - 1, int(np.round(y)) - radius - 1))
            n += 1
    assert drawn == n > 1000
    pa, pb = pygame.surfarray.array3d(a), pygame.surfarray.array3d(b)
    assert np.array_equal(pa, pb)
    assert np.all(pa[:vx] == theme.ecf) and np.all(pa[:, :vy] == theme.ecf)  # nothing outside the view
    assert (np.all(pa == theme.cargo, axis=2)).sum() > 1000  # the dots are there


def test_dot_sprite_key_is_transparent_even_when_a_colour_equals_it():
    s = dot_sprite((255, 0, 255), 3)  # the usual key colour used as the dot colour
    bg = pygame.Surface(s.get_size())
    bg.fill((1, 2, 3))
    bg.blit(s, (0, 0))
    px = pygame.surfarray.array3d(bg)
    assert tuple(px[0, 0]) == (1, 2, 3)  # corner: outside the disc
    assert tuple(px[4, 4]) == (255, 0, 255)  # centre: the disc


def test_fifty_thousand_dots_render_deterministically_in_both_themes():
    frames = []
    for _ in range(2):
        w = World(Params(seed=4, vesicles=200))
        w.run(20)
        rng = np.random.default_rng(9)
        w.dots.emit(np.column_stack([rng.uniform(0, w.scene.width, 50_000),
                                     rng.uniform(0, w.scene.membrane_y, 50_000)]))
        w.step()
        for theme in (DARK, PROJECTOR):
            size = (1280, 720)
            screen = pygame.Surface(size)
            lay = compute_layout(size)
            cam = Camera(w.scene.width, w.scene.height, tuple(lay.scene))
            Renderer(theme).draw(screen, w, cam, 0.5, Layers(), HudState())
            frames.append(pygame.image.tobytes(screen, "RGB"))
    assert frames[0] == frames[2] and frames[1] == frames[3]
    assert frames[0] != frames[1]


def _blitted_and_stamped(rng, sprite, fill, stamp):
    """(pixels of blitting sprite at 4,000 random top-left corners, pixels of stamp(surface, xs, ys) there) on a
    320x180 surface clipped inside its edges, dots off the clip, on its edges and 50 on one spot."""
    n = 4000
    tlx, tly = rng.integers(-20, 340, n), rng.integers(-20, 200, n)
    tlx[:50], tly[:50] = 37, 41  # many on one spot
    a = pygame.Surface((320, 180))
    a.fill(fill)
    a.set_clip(pygame.Rect(15, 10, 280, 150))
    b = a.copy()
    b.set_clip(a.get_clip())
    a.fblits([(sprite, (x, y)) for x, y in zip(tlx.tolist(), tly.tolist())])
    stamp(b, tlx, tly)
    return pygame.surfarray.array3d(a), pygame.surfarray.array3d(b)


@pytest.mark.parametrize("radius", [1, 2, 4, 7])
@pytest.mark.parametrize("seed", [0, 1])
def test_stamped_dots_are_the_pixels_of_the_blits(radius, seed):
    """One-colour dots written into the pixel array cover exactly the pixels of blitting each sprite, within the
    clip, with dots off the clip, on its edges and on top of one another."""
    rng = np.random.default_rng(seed)
    sprite = dot_sprite(DARK.cargo, radius)
    shape = dot_stamp.shape_of(sprite)
    assert shape is not None and shape.color == DARK.cargo
    pa, pb = _blitted_and_stamped(rng, sprite, DARK.ecf, lambda b, x, y: dot_stamp.stamp(b, shape, x, y))
    assert np.array_equal(pa, pb)
    assert (np.all(pa == DARK.cargo, axis=2)).sum() > 1000


def test_crowded_dots_take_the_stamp_and_outlined_dots_the_ordered_stamp():
    outlined = dot_sprite(PROJECTOR.cargo, 4, PROJECTOR.text_dim)
    assert dot_stamp.shape_of(outlined) is None  # two colours: the order of the blits matters
    layers = dot_stamp.layers_of(outlined)
    assert layers is not None and [s.color for s in layers] == [PROJECTOR.text_dim, PROJECTOR.cargo]
    ring = pygame.Surface((10, 10))
    ring.fill(DARK.ecf)
    pygame.draw.circle(ring, DARK.cargo, (5, 5), 5, 2)
    ring.set_colorkey(DARK.ecf)
    assert dot_stamp.layers_of(ring) is None  # a hole in the middle: its rows are not contiguous
    plain = dot_sprite(DARK.cargo, 4)
    screen = pygame.Surface((640, 360))
    assert dot_stamp.worth_it(screen, 50_000, (600, 100))
    assert not dot_stamp.worth_it(screen, 500, (600, 300))
    cam = Camera(4000.0, 2000.0, (10, 20, 600, 300))
    pos, prev, alive = scattered(60_000, 3, 4000.0, 2000.0)
    a, b = pygame.Surface((640, 360)), pygame.Surface((640, 360))
    for s in (a, b):
        s.fill(DARK.ecf)
        s.set_clip(pygame.Rect(cam.view))
    dots = SimpleNamespace(pos=pos, prev=prev, alive=alive, kind=np.zeros(len(alive), np.int8))
    drawn = draw_dots(a, cam, dots, 0.5, (plain,))  # stamped
    scr = cam.to_screen(prev + (pos - prev) * 0.5)
    vx, vy, vw, vh = cam.view
    vis = alive & (scr[:, 0] >= vx) & (scr[:, 0] < vx + vw) & (scr[:, 1] >= vy) & (scr[:, 1] < vy + vh)
    tl = np.rint(scr[vis]).astype(int) - 5
    b.fblits([(plain, (x, y)) for x, y in tl.tolist()])
    assert drawn == int(vis.sum()) > 40_000
    assert np.array_equal(pygame.surfarray.array3d(a), pygame.surfarray.array3d(b))


class Counting(pygame.Surface):
    """A screen that counts the blit calls made on it (the work is in the calls' number, not their time)."""

    def __init__(self, size) -> None:
        super().__init__(size)
        self.calls = {"blit": 0, "blits": 0, "fblits": 0}

    def blit(self, *a, **k):
        self.calls["blit"] += 1
        return super().blit(*a, **k)

    def blits(self, *a, **k):
        self.calls["blits"] += 1
        return super().blits(*a, **k)

    def fblits(self, *a, **k):
        self.calls["fblits"] += 1
        return super().fblits(*a, **k)


def packed_dots(n: int, seed: int, kinds: int = 1) -> SimpleNamespace:
    """n live dots in the first rows of a larger pool (as world.dots keeps them), over the whole camera box."""
    rng = np.random.default_rng(seed)
    cap = n + 64
    pos = np.zeros((cap, 2))
    pos[:n] = np.column_stack([rng.uniform(0, 4000.0, n), rng.uniform(0, 2000.0, n)])
    alive = np.zeros(cap, bool)
    alive[:n] = True
    kind = np.zeros(cap, np.int8)
    kind[:n] = rng.integers(0, kinds, n)
    return SimpleNamespace(pos=pos, prev=pos - 3.0, alive=alive, kind=kind)


@pytest.mark.parametrize("n", [300, 30_000])
def test_drawing_n_dots_takes_one_call_per_kind_not_one_per_dot(monkeypatch, n):
    cam = Camera(4000.0, 2000.0, (10, 20, 600, 300))
    stamps = []
    real_stamp = dot_stamp.stamp
    monkeypatch.setattr(dot_stamp, "stamp", lambda *a: stamps.append(1) or real_stamp(*a))
    ordered = []
    real_layers = dot_stamp.stamp_layers
    monkeypatch.setattr(dot_stamp, "stamp_layers", lambda *a: ordered.append(1) or real_layers(*a))
    # outlined dots (projector theme), two kinds: one ordered stamp or one fblits call per kind
    outlined = Counting((640, 360))
    sprites = (dot_sprite(PROJECTOR.cargo, 2, PROJECTOR.text_dim),
               dot_sprite(PROJECTOR.protein_cargo, 4, PROJECTOR.ecf))
    drawn = draw_dots(outlined, cam, packed_dots(n, 1, kinds=2), 0.5, sprites)
    assert drawn > 0.9 * n
    assert outlined.calls["blit"] == outlined.calls["blits"] == 0 and not stamps
    assert outlined.calls["fblits"] + len(ordered) == 2
    assert len(ordered) == (1 if n >= 10_000 else 0)  # the small dots of a crowd are stamped
    # one-colour dots: a crowd is stamped (one stamp, no blit), a few are blitted in one call
    plain = Counting((640, 360))
    drawn = draw_dots(plain, cam, packed_dots(n, 2), 0.5, (dot_sprite(DARK.cargo, 3),))
    assert drawn > 0.9 * n
    crowded = n >= 10_000
    assert plain.calls == {"blit": 0, "blits": 0, "fblits": 0 if crowded else 1}
    assert len(stamps) == (1 if crowded else 0)


def test_packed_and_scattered_dots_are_drawn_alike():
    """The packed rows (read as slices) and the same dots scattered over a sparse pool give the same pixels."""
    cam = Camera(4000.0, 2000.0, (10, 20, 600, 300))
    packed = packed_dots(5_000, 3)
    n = 5_000
    rng = np.random.default_rng(4)
    slots = np.sort(rng.choice(3 * n, n, replace=False))  # the same dots in slot order, holes between
    sparse = SimpleNamespace(pos=np.zeros((3 * n, 2)), prev=np.zeros((3 * n, 2)), alive=np.zeros(3 * n, bool),
                             kind=np.zeros(3 * n, np.int8))
    sparse.pos[slots], sparse.prev[slots], sparse.alive[slots] = packed.pos[:n], packed.prev[:n], True
    for sprite in (dot_sprite(DARK.cargo, 3), dot_sprite(PROJECTOR.cargo, 3, PROJECTOR.text_dim)):
        a, b = pygame.Surface((640, 360)), pygame.Surface((640, 360))
        for s in (a, b):
            s.fill(DARK.ecf)
            s.set_clip(pygame.Rect(cam.view))
        assert draw_dots(a, cam, packed, 0.4, (sprite,)) == draw_dots(b, cam, sparse, 0.4, (sprite,)) > 1000
        assert np.array_equal(pygame.surfarray.array3d(a), pygame.surfarray.array3d(b))


@pytest.mark.parametrize("radius", [1, 2, 4, 7])
@pytest.mark.parametrize("seed", [0, 1])
def test_outlined_dots_stamped_in_order_are_the_pixels_of_the_blits(radius, seed):
    """Dots of an outline and a fill written into the pixel array are the pixels of blitting them one after the
    other: where they overlap, the last one's outline covers the fill of those before it."""
    rng = np.random.default_rng(seed)
    sprite = dot_sprite(PROJECTOR.cargo, radius, PROJECTOR.text_dim)
    layers = dot_stamp.layers_of(sprite)
    pa, pb = _blitted_and_stamped(rng, sprite, PROJECTOR.ecf,
                                  lambda b, x, y: dot_stamp.stamp_layers(b, layers, x, y))
    assert np.array_equal(pa, pb)
    assert (np.all(pa == PROJECTOR.text_dim, axis=2)).sum() > 1000 and (np.all(pa == PROJECTOR.cargo, axis=2)).sum()


def test_outlined_dots_keep_their_order_when_most_are_off_the_clip():
    """Ranks count the dots that reach the clip: 70,000 dots of which the last 10,000 reach it still give the
    blits' pixels (the ranks of the first 65,535 would not tell the last ones apart otherwise)."""
    rng = np.random.default_rng(5)
    sprite = dot_sprite(PROJECTOR.cargo, 3, PROJECTOR.text_dim)
    n, far = 70_000, 60_000
    tlx, tly = rng.integers(0, 150, n), rng.integers(0, 100, n)
    tlx[:far] -= 1000  # far off the clip
    a = pygame.Surface((160, 110))
    a.fill(PROJECTOR.ecf)
    b = a.copy()
    a.fblits([(sprite, (x, y)) for x, y in zip(tlx[far:].tolist(), tly[far:].tolist())])
    dot_stamp.stamp_layers(b, dot_stamp.layers_of(sprite), tlx, tly)
    assert np.array_equal(pygame.surfarray.array3d(a), pygame.surfarray.array3d(b))


@pytest.mark.parametrize("radius", [2, 4])
def test_stamped_dots_all_inside_the_clip_are_the_pixels_of_the_blits(radius):
    """Every corner inside the clip (the usual crowded box: no corner needs filtering) gives the blits' pixels."""
    rng = np.random.default_rng(radius)
    sprite = dot_sprite(DARK.cargo, radius)
    shape = dot_stamp.shape_of(sprite)
    n = 3000
    tlx, tly = rng.integers(20, 280, n), rng.integers(15, 140, n)
    a = pygame.Surface((320, 180))
    a.fill(DARK.ecf)
    a.set_clip(pygame.Rect(15, 10, 280, 150))
    b = a.copy()
    b.set_clip(a.get_clip())
    a.fblits([(sprite, (x, y)) for x, y in zip(tlx.tolist(), tly.tolist())])
    dot_stamp.stamp(b, shape, tlx, tly)
    assert np.array_equal(pygame.surfarray.array3d(a), pygame.surfarray.array3d(b))
