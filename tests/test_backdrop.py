"""The background layer put down as fills plus a keyed RLE layer: the very pixels of one blit, split once, only when
reused, only when worth it."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame

from exoviz.render.backdrop import SPLIT_AT, Backdrop


def _layer(w: int = 160, h: int = 90) -> pygame.Surface:
    """Fluid above, cytosol below, a wavy line across and a nucleus band at the bottom: a scene's background."""
    s = pygame.Surface((w, h), depth=32)
    s.fill((20, 40, 90), pygame.Rect(0, 0, w, 30))
    s.fill((30, 30, 36), pygame.Rect(0, 30, w, h - 30))
    pygame.draw.lines(s, (70, 70, 80), False, [(40 + 10 * np.sin(y / 9), y) for y in range(0, h, 3)], 2)
    s.fill((50, 40, 60), pygame.Rect(0, h - 12, w, 12))
    pygame.draw.line(s, (200, 200, 90), (0, h - 13), (w, h - 13), 1)
    return s


def _screen(layer: pygame.Surface) -> pygame.Surface:
    return pygame.Surface((layer.get_width() + 30, layer.get_height() + 20), depth=32, masks=layer.get_masks())


def _blitted(layer: pygame.Surface, at: tuple[int, int], clip: pygame.Rect) -> np.ndarray:
    screen = _screen(layer)
    screen.fill((255, 0, 255))
    screen.set_clip(clip)
    screen.blit(layer, at)
    return pygame.surfarray.array3d(screen)


def _drawn(b: Backdrop, screen: pygame.Surface, at: tuple[int, int], clip: pygame.Rect, times: int) -> np.ndarray:
    """The screen after the backdrop was put down `times` times, each on a fresh magenta screen under clip."""
    for _ in range(times):
        screen.fill((255, 0, 255))
        screen.set_clip(clip)
        b.draw(screen, at)
    return pygame.surfarray.array3d(screen)


def test_the_same_pixels_as_one_blit_and_split_only_once_it_is_reused():
    layer = _layer()
    at, clip = (12, 7), pygame.Rect(12, 7, 160, 90)
    want = _blitted(layer, at, clip)
    b = Backdrop(layer.copy())
    screen = _screen(layer)
    for use in range(1, SPLIT_AT + 3):
        screen.fill((255, 0, 255))
        screen.set_clip(clip)
        b.draw(screen, at)
        assert np.array_equal(pygame.surfarray.array3d(screen), want)
        assert b.splits == (0 if use < SPLIT_AT else 1)  # a view drawn a few times (a gliding camera, the frames
        # right after a key) never pays for a split
    assert b.fills is not None and [(a, n) for _c, a, n in b.fills] == [(0, 30), (30, 47), (77, 1), (78, 12)]
    # (fluid, cytosol, the nucleus's edge line, the nucleus: the wavy line is keyed, not filled)
    assert b.keyed is not None and b.keyed.get_flags() & pygame.RLEACCEL


def test_clipped_by_the_screen_clip_as_a_blit_is():
    layer = _layer()
    at, clip = (12, 7), pygame.Rect(30, 20, 60, 40)
    want = _blitted(layer, at, clip)
    b = Backdrop(layer.copy())
    got = _drawn(b, _screen(layer), at, clip, SPLIT_AT + 1)
    assert b.splits == 1
    assert np.array_equal(got, want)


def test_a_layer_of_noise_is_not_split_and_still_the_same_pixels():
    rng = np.random.default_rng(3)
    layer = pygame.Surface((64, 48), depth=32)
    pygame.surfarray.blit_array(layer, rng.integers(0, 256, (64, 48, 3), dtype=np.uint8))
    at, clip = (5, 5), pygame.Rect(0, 0, 200, 200)
    want = _blitted(layer, at, clip)
    b = Backdrop(layer.copy())
    got = _drawn(b, _screen(layer), at, clip, SPLIT_AT + 1)
    assert b.splits == 0 and b.tried
    assert np.array_equal(got, want)


def test_a_screen_of_another_format_gets_the_plain_blit():
    layer = _layer()
    b = Backdrop(layer.copy())
    other = pygame.Surface((200, 120), pygame.SRCALPHA, 32)
    for _ in range(SPLIT_AT + 1):
        b.draw(other, (0, 0))
    assert b.splits == 0
