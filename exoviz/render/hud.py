"""On-screen text pieces: boxed and wrapped text blocks, the scale bar, the legend."""

from __future__ import annotations

import math

import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_, language
from exoviz.modes import spec
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


def premul_panel(layer: pygame.Surface, theme: Theme) -> None:
    """panel()'s translucent box (and outline) over the whole of a layer kept in premultiplied alpha."""
    r, g, b, a = theme.panel
    layer.fill((r * a // 255, g * a // 255, b * a // 255, a))
    if theme.outline:
        pygame.draw.rect(layer, theme.text_dim, layer.get_rect(), 1)


_boxed = SurfaceCache("boxed text", 16 * 2**20, 256)


def boxed(surf: pygame.Surface, size: tuple[int, int], at: tuple[int, int], theme: Theme) -> pygame.Surface:
    """A text surface in its translucent box (panel(), then the text blitted at `at` inside it) as one layer in
    premultiplied alpha, made once per text, box and theme: blitted with BLEND_PREMULTIPLIED it gives the pixels of
    drawing the box and then the text (within a level), in one blit instead of two."""
    key = (surf, size, at, theme)
    layer = _boxed.get(key)
    if layer is None:
        layer = pygame.Surface(size, pygame.SRCALPHA)
        premul_panel(layer, theme)
        text = surf.premul_alpha() if surf.get_flags() & pygame.SRCALPHA else surf
        layer.blit(text, at, special_flags=pygame.BLEND_PREMULTIPLIED)
        layer = _boxed.put(key, layer)
    return layer


def wrap(text: TextCache, line: str, size: int, bold: bool, max_w: int) -> list[str]:
    """Split one line into pieces no wider than max_w px, at spaces (TextCache.wrap: cached)."""
    return list(text.wrap(line, size, bold, max_w))


def measure(text: TextCache, lines: list[tuple[str, int, bool]], max_w: int, pad: int = 8) -> pygame.Rect:
    """The size text_block would take (without drawing); remembered per lines, width and language, so a block
    measured once is not wrapped again while its text stays the same."""
    key = ("measure", tuple(lines), max_w, pad, language())
    h = text.memo.get(key)
    if h is None:
        inner = max_w - 2 * pad if max_w else 0
        h = 2 * pad
        for s, size, bold in lines:
            if s:
                h += len(text.wrap(s, size, bold, inner)) * text.line_height(size, bold)
        text.memo[key] = h
    return pygame.Rect(0, 0, max_w, h)


# (full label, short label, shape, theme colour) of each colour key.
Row = tuple[str, str, str, str]
BASE_ROWS: tuple[Row, ...] = ((N_("outer leaflet (faces lumen / outside)"), N_("outer leaflet"), "bar", "exo_leaflet"),
                              (N_("cytosolic leaflet"), N_("cytosolic leaflet"), "bar", "cyto_leaflet"),
                              (N_("membrane delivered by vesicles"), N_("delivered membrane"), "bar", "delivered"))


def legend_rows(cell=None) -> tuple[Row, ...]:
    """The colour keys of a cell preset (modes.CellSpec; None: generic): its two cargo kinds, its marker."""
    small, protein = cell.cargo if cell is not None else (N_("small molecules"), N_("protein cargo"))
    lipid = cell is not None and "lacteal" in cell.structures
    rows = list(BASE_ROWS)
    if small:
        rows.append((small, N_("small molecules"), "dot", "cargo"))
    if protein:
        rows.append((protein, N_("chylomicron"), "lipid", "lipid") if lipid else
                    (protein, N_("protein cargo"), "bigdot", "protein_cargo"))
    rows.append((N_("membrane protein"), N_("membrane protein"), "tri", "protein"))
    if cell is not None and cell.marker:
        rows.append((cell.marker, N_("MHC-II + peptide"), "mhc", "protein"))
    if cell is not None and spec(cell.mode).cells:  # endocytosis and wound repair in the cell scenes
        rows += [(N_("clathrin coat (endocytosis)"), N_("clathrin coat"), "coat", "clathrin"),
                 (N_("LAMP-1 (lysosome protein on the surface)"), N_("LAMP-1"), "lamp", "lamp")]
    return tuple(rows)


def _legend_plan(text: TextCache, size: int, width: int, compact: bool,
                 rows: tuple[Row, ...]) -> tuple[list[str], int, int]:
    """(labels, columns, font px) of the richest legend that fits width (0: any width); cached per layout."""
    key = ("legend", size, width, compact, rows, language())  # rows are English: measured translated
    plan = text.memo.get(key)
    if plan is None:
        plan = text.memo[key] = _legend_search(text, size, width, compact, rows)
    return plan


def _legend_search(text: TextCache, size: int, width: int, compact: bool,
                   rows: tuple[Row, ...]) -> tuple[list[str], int, int]:
    full = [row[0] for row in rows]
    short = [row[1] for row in rows]
    plans = ([(short, 2), (short, 1)] if compact else [(full, 1), (short, 2), (short, 1)])
    for px in range(size, 7, -1):
        lh = text.line_height(px)
        for labels, cols in plans:
            need = cols * (max(text.size(t, px)[0] for t in labels) + lh + 18) + 16
            if not width or need <= width:
                return labels, cols, px
    return short, 1, 8


def legend_px(text: TextCache, size: int, compact: bool = False, width: int = 0,
              rows: tuple[Row, ...] | None = None) -> int:
    """The px the legend's text gets to fit `width` (it shrinks from `size`)."""
    return _legend_plan(text, size, width, compact, rows or legend_rows())[2]


def legend_height(text: TextCache, size: int, compact: bool = False, width: int = 0,
                  rows: tuple[Row, ...] | None = None) -> int:
    labels, cols, px = _legend_plan(text, size, width, compact, rows or legend_rows())
    return text.line_height(px) * -(-len(labels) // cols) + 16


def text_block(screen: pygame.Surface, text: TextCache, lines: list[tuple[str, int, bool]], pos: tuple[int, int],
               theme: Theme, anchor: str = "topleft", pad: int = 8, color=None, max_w: int = 0,
               min_w: int = 0, box: bool = True, bg: tuple[int, int, int] | None = None) -> pygame.Rect:
    """Draw lines [(text, size, bold)] in a panel, wrapped to max_w px; anchor is a pygame.Rect attribute.

    box=False: the caller has already filled the place with the panel colour (side panel, caption strip), so
    only the outline (if the theme has one) is drawn under the text, not the translucent box again; bg: that
    colour, when the text lies on it alone (its lines are then rendered opaque on it: copied, not blended)."""
    inner = max_w - 2 * pad if max_w else 0
    pieces = [(p, size, bold) for s, size, bold in lines if s for p in text.wrap(s, size, bold, inner)]
    on = None if box else bg
    surfs = [text.render(s, size, color or theme.text, bold, on) for s, size, bold in pieces]
    if not surfs:
        return pygame.Rect(pos, (0, 0))
    w = max(max(s.get_width() for s in surfs) + 2 * pad, min_w)
    h = sum(s.get_height() for s in surfs) + 2 * pad
    rect = pygame.Rect(0, 0, w, h)
    setattr(rect, anchor, pos)
    _backing(screen, rect, theme, box)
    y = rect.y + pad
    for s in surfs:
        screen.blit(s, (rect.x + pad, y))
        y += s.get_height()
    return rect


def block_pieces(text: TextCache, lines: list[tuple[str, int, bool]], pos: tuple[int, int], theme: Theme,
                 bg: tuple[int, int, int], anchor: str = "topleft", pad: int = 8, color=None, max_w: int = 0,
                 min_w: int = 0) -> tuple[pygame.Rect, list[tuple[pygame.Surface, pygame.Rect]]]:
    """What text_block(..., box=False, bg=bg) draws, not drawn: its rect and its lines as (opaque surface, rect)
    pieces (render/retained.py puts down only those that changed)."""
    inner = max_w - 2 * pad if max_w else 0
    pieces = [(p, size, bold) for s, size, bold in lines if s for p in text.wrap(s, size, bold, inner)]
    surfs = [text.render(s, size, color or theme.text, bold, bg) for s, size, bold in pieces]
    if not surfs:
        return pygame.Rect(pos, (0, 0)), []
    w = max(max(s.get_width() for s in surfs) + 2 * pad, min_w)
    h = sum(s.get_height() for s in surfs) + 2 * pad
    rect = pygame.Rect(0, 0, w, h)
    setattr(rect, anchor, pos)
    out, y = [], rect.y + pad
    for s in surfs:
        out.append((s, pygame.Rect((rect.x + pad, y), s.get_size())))
        y += s.get_height()
    return rect, out


def _backing(screen: pygame.Surface, rect: pygame.Rect, theme: Theme, box: bool) -> None:
    """The translucent box behind text, or (box=False, on an already filled panel) just the theme's outline."""
    if box:
        panel(screen, rect, theme)
    elif theme.outline:
        pygame.draw.rect(screen, theme.text_dim, rect, 1)


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


def legend(screen: pygame.Surface, text: TextCache, theme: Theme, pos: tuple[int, int], size: int,
           anchor: str = "topright", min_w: int = 0, compact: bool = False,
           rows: tuple[Row, ...] | None = None, box: bool = True) -> pygame.Rect:
    """Colour keys (rows: legend_rows(cell); default generic), each with a shape too, so nothing is told by
    colour alone. Full labels in one column when they fit min_w, else short labels in two columns or one
    (compact: short)."""
    rows = rows or legend_rows()
    labels, cols, px = _legend_plan(text, size, min_w, compact, rows)
    lh = text.line_height(px)
    sw = lh + 6
    surfs = [text.render(label, px, theme.text, False) for label in labels]
    col_w = max(sf.get_width() for sf in surfs) + sw + 12
    n_rows = -(-len(surfs) // cols)
    rect = pygame.Rect(0, 0, max(col_w * cols + 16, min_w), lh * n_rows + 16)
    setattr(rect, anchor, pos)
    _backing(screen, rect, theme, box)
    for k, ((_, _, shape, colour), sf) in enumerate(zip(rows, surfs)):
        x0 = rect.x + 8 + (k // n_rows) * col_w
        y = rect.y + 8 + (k % n_rows) * lh
        _swatch(screen, shape, getattr(theme, colour), theme, (x0, y), sw, lh)
        screen.blit(sf, (x0 + 4 + sw, y))
    return rect


_legends = SurfaceCache("legends", 8 * 2**20, 16)


def legend_surface(text: TextCache, theme: Theme, size: int, min_w: int, compact: bool, rows: tuple[Row, ...],
                   bg: tuple[int, int, int]) -> pygame.Surface:
    """legend(..., box=False) on a place filled with bg, as one opaque surface (made once per inputs)."""
    key = (size, min_w, compact, rows, theme, tuple(bg), language())
    surf = _legends.get(key)
    if surf is None:
        labels, cols, px = _legend_plan(text, size, min_w, compact, rows)
        lh = text.line_height(px)
        col_w = max(text.render(label, px, theme.text, False).get_width() for label in labels) + lh + 6 + 12
        surf = pygame.Surface((max(col_w * cols + 16, min_w), lh * -(-len(labels) // cols) + 16))
        try:
            surf = surf.convert()  # the screen's format: a plain copy
        except pygame.error:
            pass
        surf.fill(bg)
        legend(surf, text, theme, (0, 0), size, "topleft", min_w, compact, rows, box=False)
        surf = _legends.put(key, surf)
    return surf


def _swatch(screen: pygame.Surface, shape: str, col, theme: Theme, at: tuple[int, int], sw: int, lh: int) -> None:
    """One key's shape: a bar (leaflet), a small or large dot (cargo), a fat droplet, a protein triangle."""
    x0, y = at
    cx, cy = x0 + sw // 2, y + lh // 2
    if shape == "bar":
        pygame.draw.rect(screen, col, (x0, cy - 3, sw - 4, 7))
    elif shape in ("dot", "bigdot"):
        pygame.draw.circle(screen, col, (cx, cy), max(2, lh // 7) if shape == "dot" else max(4, lh // 4))
    elif shape == "lipid":
        pygame.draw.circle(screen, theme.text_dim, (cx, cy), max(5, lh // 3))
        pygame.draw.circle(screen, col, (cx, cy), max(4, lh // 3 - 1))
    elif shape == "coat":  # a row of bristles on an arc, as on a coated pit
        r = max(5, lh // 3)
        for k in range(7):
            a = 3.4 + 0.45 * k
            ux, uy = -math.cos(a), math.sin(a)
            pygame.draw.line(screen, col, (cx + ux * r * 0.6, cy + uy * r * 0.6), (cx + ux * r, cy + uy * r), 2)
    elif shape == "lamp":
        r = max(3, lh // 6)
        pygame.draw.line(screen, theme.text_dim, (cx, cy + 2 * r), (cx, cy), 2)
        pygame.draw.circle(screen, col, (cx, cy - r // 2), r)
    else:
        r = max(4, lh // 4)
        pygame.draw.polygon(screen, col, ((cx - r, cy + r), (cx, cy - r), (cx + r, cy + r)))
        if shape == "mhc":
            pygame.draw.circle(screen, theme.protein_cargo, (cx, cy - r), max(2, r // 2))


def wrapped_text(renderer, text: str, px: int, bold: bool, width: int, colour, screen: pygame.Surface, x: int,
                 y: int) -> int:
    """Draw text wrapped to width at (x, y); returns the y under it."""
    lh = renderer.text.line_height(px, bold)
    for piece in wrap(renderer.text, text, px, bold, width):
        screen.blit(renderer.text.render(piece, px, colour, bold), (x, y))
        y += lh
    return y
