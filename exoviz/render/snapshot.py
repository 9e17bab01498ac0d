"""A drawn surface as an RGB array (for video) or a PNG file (screenshots), written atomically."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.export.atomic import atomic_write
from exoviz.export.png import encode_png


def grab(screen: pygame.Surface) -> np.ndarray:
    """The surface as an (h, w, 3) uint8 RGB array."""
    w, h = screen.get_size()
    return np.frombuffer(pygame.image.tobytes(screen, "RGB"), dtype=np.uint8).reshape(h, w, 3)


def save_png(screen: pygame.Surface, path: str, overwrite: bool = False) -> None:
    """Save the surface as a PNG at path (deterministic bytes; never a half-written file; ExportError if not)."""
    atomic_write(path, encode_png(grab(screen)), overwrite)
