"""On-screen text: clock, readouts, stage caption, labels, scale bar, legend and scale notes."""

from __future__ import annotations

import pygame

from exoviz.camera import Camera
from exoviz.render.cache import SurfaceCache
from exoviz.render.text import TextCache
from exoviz.render.theme import Theme

NICE_NM = (1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000)


_boxes = SurfaceCache("text panels", 32 * 2**20, 256)


def panel(screen: pygame.Surface, rect: pygame.Rect, theme: Theme) -> None:
    """A translucent box behind text so it stays legible over any part of the scene (boxes are cached)."""
    key = (rect.size, theme.panel)
    box = _boxes.get(key)
    if box is None:
        box = _boxes.put(key, pygame.Surface(rect.size, pygame.SRCALPHA))
        box.fill(theme.panel)
    screen.blit(box, rect.topleft)
    if theme.outline:
        pygame.draw.rect(screen, theme.text_dim, rect, 1)


def wrap(text: TextCache, line: str, size: int, bold: bool, max_w: int) -> list[str]:
    """Split one line into pieces no wider than max_w px, at spaces."""
    font = text.font(size, bold)
    if max_w <= 0 or font.size(line)[0] <= max_w:
        return [line]
    out, cur = [], ""
    for word in line.split(" "):
        trial = f"{cur} {word}" if cur else word
        if cur and font.size(trial)[0] > max_w:
            out.append(cur)
            cur = "  " + word if line.startswith(" ") else word
        else:
            cur = trial
    out.append(cur)
    return out


def measure(text: TextCache, lines: list[tuple[str, int, bool]], max_w: int, pad: int = 8) -> pygame.Rect:
    """The size text_block would take (without drawing)."""
    inner = max_w - 2 * pad if max_w else 0
    h = 2 * pad
    for s, size, bold in lines:
        if s:
            h += len(wrap(text, s, size, bold, inner)) * text.font(size, bold).get_linesize()
    return pygame.Rect(0, 0, max_w, h)


def legend_height(text: TextCache, size: int) -> int:
    return text.font(size).get_linesize() * len(LEGEND_ROWS) + 16


LEGEND_ROWS = ("outer leaflet (faces lumen / outside)", "cytosolic leaflet", "membrane delivered by vesicles",
               "cargo", "membrane protein")


def text_block(screen: pygame.Surface, text: TextCache, lines: list[tuple[str, int, bool]], pos: tuple[int, int],
               theme: Theme, anchor: str = "topleft", pad: int = 8, color=None, max_w: int = 0,
               min_w: int = 0) -> pygame.Rect:
    """Draw lines [(text, size, bold)] in a panel, wrapped to max_w px; anchor is a pygame.Rect attribute."""
    inner = max_w - 2 * pad if max_w else 0
    pieces = [(p, size, bold) for s, size, bold in lines if s for p in wrap(text, s, size, bold, inner)]
    surfs = [text.render(s, size, color or theme.text, bold) for s, size, bold in pieces]
    if not surfs:
        return pygame.Rect(pos, (0, 0))
    w = max(max(s.get_width() for s in surfs) + 2 * pad, min_w)
    h = sum(s.get_height() for s in surfs) + 2 * pad
    rect = pygame.Rect(0, 0, w, h)
    setattr(rect, anchor, pos)
    panel(screen, rect, theme)
    y = rect.y + pad
    for s in surfs:
        screen.blit(s, (rect.x + pad, y))
        y += s.get_height()
    return rect


def nice_length(scale_px_per_nm: float, target_px: float) -> float:
    """The round length (nm) whose bar is closest to target_px."""
    return min(NICE_NM, key=lambda n: abs(n * scale_px_per_nm - target_px))


def format_nm(nm: float) -> str:
    return f"{nm / 1000:g} µm" if nm >= 1000 else f"{nm:g} nm"


def scale_bar(screen: pygame.Surface, cam: Camera, text: TextCache, theme: Theme, pos: tuple[int, int],
              size: int) -> pygame.Rect:
    """A bar of a round length with its label, bottom-left corner at pos."""
    length = nice_length(cam.scale, 0.12 * cam.view[2])
    bar_px = int(round(length * cam.scale))
    label = text.render(format_nm(length), size, theme.text, True)
    h = label.get_height() + 16
    rect = pygame.Rect(pos[0], pos[1] - h, max(bar_px, label.get_width()) + 16, h)
    panel(screen, rect, theme)
    y = rect.bottom - 8
    thick = 4 + theme.outline
    pygame.draw.rect(screen, theme.text, (rect.x + 8, y - thick, bar_px, thick))
    pygame.draw.rect(screen, theme.text, (rect.x + 8, y - 3 * thick, thick, 3 * thick))
    pygame.draw.rect(screen, theme.text, (rect.x + 8 + bar_px - thick, y - 3 * thick, thick, 3 * thick))
    screen.blit(label, (rect.x + 8, rect.y + 4))
    return rect


def draw_labels(screen: pygame.Surface, cam: Camera, text: TextCache, theme: Theme,
                items: list[tuple[str, tuple[float, float], tuple[int, int]]], size: int) -> None:
    """Each label in a small panel, with a leader line to its structure when offset."""
    vx, vy, vw, vh = cam.view
    for label, (x, y), (dx, dy) in items:  # a handful of structure labels
        ax, ay = cam.x_to_screen(x), cam.y_to_screen(y)
        s = text.render(label, size, theme.text, False)
        tx = min(max(ax + dx - (s.get_width() // 2 if dx else 0), vx + 4), vx + vw - s.get_width() - 8)
        ty = min(max(ay + dy - s.get_height() // 2, vy + 4), vy + vh - s.get_height() - 8)
        if not (vx <= ax <= vx + vw and vy <= ay <= vy + vh):
            continue
        rect = pygame.Rect(int(tx) - 4, int(ty) - 2, s.get_width() + 8, s.get_height() + 4)
        if dx or dy:
            pygame.draw.line(screen, theme.text, (ax, ay), rect.center, 2 + theme.outline)
            pygame.draw.circle(screen, theme.text, (ax, ay), 3 + theme.outline)
        panel(screen, rect, theme)
        screen.blit(s, (rect.x + 4, rect.y + 2))


def legend(screen: pygame.Surface, text: TextCache, theme: Theme, pos: tuple[int, int], size: int,
           anchor: str = "topright", min_w: int = 0) -> pygame.Rect:
    """Colour keys, each with a shape too, so nothing is told by colour alone."""
    rows = list(zip(LEGEND_ROWS, ("bar", "bar", "bar", "dot", "tri"),
                    (theme.exo_leaflet, theme.cyto_leaflet, theme.delivered, theme.cargo, theme.protein)))
    surfs = [text.render(label, size, theme.text, False) for label, _, _ in rows]
    lh = max(s.get_height() for s in surfs)
    sw = lh + 6
    w = max(max(s.get_width() for s in surfs) + sw + 20, min_w)
    rect = pygame.Rect(0, 0, w, lh * len(rows) + 16)
    setattr(rect, anchor, pos)
    panel(screen, rect, theme)
    for k, ((_, shape, col), s) in enumerate(zip(rows, surfs)):
        y = rect.y + 8 + k * lh
        cx, cy = rect.x + 8 + sw // 2, y + lh // 2
        if shape == "bar":
            pygame.draw.rect(screen, col, (rect.x + 8, cy - 3, sw - 4, 7))
        elif shape == "dot":
            pygame.draw.circle(screen, col, (cx, cy), max(3, lh // 5))
        else:
            r = max(4, lh // 4)
            pygame.draw.polygon(screen, col, ((cx - r, cy + r), (cx, cy - r), (cx + r, cy + r)))
        screen.blit(s, (rect.x + 12 + sw, y))
    return rect
