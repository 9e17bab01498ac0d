"""The side panel: clock, mode title, the membrane ledger, counts and legend, shrinking in steps.

When the column is short (small window, large text) the panel gives things up in a fixed order: first the long
ledger becomes one line and the legend a compact key, then the cell line goes, and last the clock's lines on
what is shortened. The title and the ledger are never dropped. (The scale and speed notes are not here: the
disclosure strip, render/disclosure.py, says them at every size.)
"""

from __future__ import annotations

import pygame

from exoviz import experiment_text
from exoviz.i18n import _, language, tr
from exoviz.readouts import compact_ledger, playback_factor, readout_lines, sim_clock
from exoviz.render import hud
from exoviz.render.retained import Board
from exoviz.render.text import ZEROS

Lines = list[tuple[str, int, bool]]
LEGEND_MIN_SHRINK = 0.6  # fonts shrink down to this share of their size before the legend is given up
LEVELS = 5  # shrink levels of _blocks: 4 also leaves out the clock's "shortened" lines (only when nothing else fits)
SHRINKS = (1.0, 0.9, 0.8, 0.7, 0.6)  # font scales tried, largest first
READABLE = 10.2  # no panel text is smaller than this base size (px at 720 px, UI scale 1): a cap height of 14 px at
# 1920x1080 in the projector theme at --ui-scale 1, 20 px at 1.5 (issue 22); the panel gives up lines instead


def readable_px(renderer, h: int) -> int:
    """The smallest px of panel text (READABLE) in this window and theme."""
    return int(renderer.font_px(READABLE, h))


def clock_lines(world, state, big: int, body: int, small: int = 0, shortened: bool = True) -> Lines:
    """The clock: simulated time, the playback factor, and what is shortened beyond it (small: that size;
    shortened=False leaves those lines out, the last thing a very short panel gives up before its ledger)."""
    factor = playback_factor(world.time_scale, state.speed)
    slow = _(" · slow motion ×{k:g}").format(k=state.slow) if state.slow < 1.0 else ""
    notes = world.compressed() if shortened else []
    return [(_("t = {t} (simulated)").format(t=sim_clock(world.t)), big, True),
            (f"{factor}{slow} · {_('PAUSED') if state.paused else _('playing')}", body, False),
            *((line, small or body, False) for line in notes)]


def _blocks(renderer, world, cam, layers, state, level: int, fonts: tuple[int, int, int]) -> list[Lines]:
    """The panel's text blocks at one shrink level (0: everything ... 4: the least)."""
    return _compose(_parts(world, layers, state, fonts, level, level), level)


def _parts(world, layers, state, fonts: tuple[int, int, int], first: int = 0, last: int = LEVELS - 1) -> dict:
    """Each piece of text the levels first..last are made of, worked out once (a level picks its own)."""
    small, body, big = fonts
    out: dict = {}
    if layers.clock:
        out["clock"] = clock_lines(world, state, big, body, small, shortened=first < 4)
    if layers.readout:
        out["head"] = [(world.scene.title, big, True)]
        out["cell"] = [(world.scene.cell, small, False)]
        tail = [(s, body, False) for s in state.extra_lines]
        for full in {first < 2, last < 2}:  # the full ledger (levels 0-1) and the compact one (2-4)
            ledger = readout_lines(world) if full else compact_ledger(world)
            out[full] = ([(s, small, True) for s in experiment_text.panel_lines(world, full=full)]
                         + [(s, body, False) for s in ledger] + tail)
    return out


def _compose(parts: dict, level: int) -> list[Lines]:
    """One level's blocks from _parts: the clock (its "shortened" lines given up at level 4) and the readout (the
    cell line given up at 3, the ledger compact from 2)."""
    out: list[Lines] = []
    if "clock" in parts:
        out.append(parts["clock"] if level < 4 else parts["clock"][:2])  # (the shortened notes come last)
    if "head" in parts:
        out.append(parts["head"] + (parts["cell"] if level < 3 else []) + parts[level < 2])
    return out


def _fonts(renderer, h: int, shrink: float) -> tuple[int, int, int]:
    """(small, body, big) px of the panel's text at one font scale."""
    least = readable_px(renderer, h)
    small, body, big = (max(least, int(renderer.font_px(b, h) * shrink)) for b in (15, 17, 22))
    return small, body, big


ROLES = (-1, -2, -3)  # stand-ins for the (small, body, big) sizes: a level's text is built once, then sized
Block = tuple[tuple[str, int, bool], ...]
plans_made = [0]  # panel layouts searched so far (the rest came from the memo): counting tests


def _texts(renderer, world, cam, layers, state) -> tuple[tuple[Block, ...], ...]:
    """Each level's blocks as shown (translated strings), with ROLES for sizes: the plan's text inputs. Each piece
    of text is made and translated once for all the levels (they share most of it)."""
    parts = {k: [(tr(s) if s else s, size, bold) for s, size, bold in lines]
             for k, lines in _parts(world, layers, state, ROLES).items()}
    return tuple(tuple(tuple(b) for b in _compose(parts, level)) for level in range(LEVELS))


_zeroed: dict[str, str] = {}  # a line -> the line with its digits 0 (the panel's lines of recent frames)


def _zero(s: str) -> str:
    z = _zeroed.get(s)
    if z is None:
        if len(_zeroed) > 2048:  # (lines with a clock or count in them are new every frame)
            _zeroed.clear()
        z = _zeroed[s] = str(s).translate(ZEROS)
    return z


def _shape(texts: tuple[tuple[Block, ...], ...]) -> tuple[tuple[Block, ...], ...]:
    """The panel's text with every digit a 0: the same widths and wrapping in the panel's font, whose digits are
    all equally wide (tabular), so a new time or count keeps the plan."""
    return tuple(tuple(tuple((_zero(s), size, bold) for s, size, bold in b) for b in level) for level in texts)


def _sized(blocks: tuple[Block, ...], fonts: tuple[int, ...]) -> list[Lines]:
    size = dict(zip(ROLES, fonts))
    return [[(s, size[role], bold) for s, role, bold in b] for b in blocks]


def _plan(renderer, world, cam, layers, state, cw: int, room: int, m: int, h: int):
    """(blocks, their heights, legend shown, compact legend, font sizes): the richest panel that fits `room` px.

    The search depends only on the text of each level, the font sizes, the widths and the legend, so its answer
    is remembered under exactly those inputs: a frame whose panel text did not change measures nothing."""
    texts = _texts(renderer, world, cam, layers, state)
    shape = _shape(texts)  # digits all as 0 (they are equally wide): the clock ticking re-plans nothing
    fonts = tuple(_fonts(renderer, h, shrink) for shrink in SHRINKS)
    rows = hud.legend_rows(world.params.cell_spec)
    key: tuple = ("panel", shape, fonts, cw, room, m, layers.legend, rows, language())
    got = renderer.text.memo.get(key)
    if got is None:
        got = renderer.text.memo[key] = _search(renderer.text, shape, fonts, cw, room, m, layers.legend, rows,
                                                readable_px(renderer, h))
    level, k, show_legend, compact, heights = got
    cut = renderer.text.memo.get((*key, "cut"))
    if cut is None:
        cut = renderer.text.memo[(*key, "cut")] = _cut(renderer.text, _sized(shape[level], fonts[k]), heights, room, m,
                                                        cw)
    blocks = [b[:n] for b, (n, _h) in zip(_sized(texts[level], fonts[k]), cut)]
    return blocks, tuple(bh for _n, bh in cut), show_legend, compact, fonts[k]


def _cut(text, blocks, heights, room: int, m: int, cw: int) -> tuple[tuple[int, int], ...]:
    """(lines kept, height) of each block: whole while they fit in `room`, then the first lines of the block that
    does not (the ledger's first lines: area added, taken in, net), then none (a column too short for all)."""
    out, y = [], m
    for b, bh in zip(blocks, heights):
        n = len(b)
        if y + bh > room:
            n = next((n for n in range(len(b) - 1, 0, -1) if y + hud.measure(text, b[:n], cw).h <= room), 0)
            bh = hud.measure(text, b[:n], cw).h if n else 0
        out.append((n, bh))
        y += bh + m
        if n < len(b):
            break
    return tuple(out)


def _search(text, texts, fonts, cw: int, room: int, m: int, legend: bool, rows, least: int = 8) -> tuple:
    """(level, font scale index, legend shown, compact legend, block heights) of the richest panel that fits.

    Levels give up the notes, then shorten the ledger and legend, then drop the cell line; then the fonts get
    a little smaller (the legend is the key to the cargo kinds: it stays while it can), then the legend goes,
    and last the fonts get smaller still. Title, ledger and clock always stay.
    """
    plans_made[0] += 1

    def heights(level: int, k: int) -> tuple[int, ...]:
        return tuple(hud.measure(text, b, cw).h for b in _sized(texts[level], fonts[k]))

    for k, shrink in enumerate(SHRINKS):
        for level in range(LEVELS - 1):
            legend_ok = legend and hud.legend_px(text, fonts[k][0], level >= 2, cw, rows) >= least  # else unreadable
            hs = heights(level, k)
            need = sum(hs) + m * len(hs) + m
            legend_h = hud.legend_height(text, fonts[k][0], level >= 2, cw, rows) + m
            if need + (legend_h if legend_ok else 0) <= room:
                return level, k, legend_ok, level >= 2, hs
            if level == LEVELS - 2 and need <= room and (shrink <= LEGEND_MIN_SHRINK or not legend_ok):
                return level, k, False, True, hs
    for k in range(len(SHRINKS)):  # nothing fits with the clock's "shortened" lines: the last level, without them
        hs = heights(LEVELS - 1, k)
        if sum(hs) + m * len(hs) + m <= room:
            break
    return LEVELS - 1, k, False, True, hs


def draw_panel(screen: pygame.Surface, renderer, world, cam, layers, state, column: pygame.Rect,
               limit: int, filled: bool = False, board: Board | None = None) -> list[pygame.Rect]:
    """Fill the column down to `limit` (the top of the sliders) with as much as fits; return the text rects.

    filled: the caller has already filled the column with the panel colour (the window fills the screen);
    board: put the text down through it (render/retained.py: over the last frame, only what changed)."""
    th, h, text = renderer.theme, screen.get_height(), renderer.text
    m = max(4, int(8 * renderer.unit(h)))
    x, cw = column.x + m, column.w - 2 * m
    bg = th.panel[:3]
    if not filled and board is None:
        screen.fill(bg, column)
    blocks, heights, show_legend, compact, fonts = _plan(renderer, world, cam, layers, state, cw, limit - column.y,
                                                         m, h)
    rects, pieces, y = [], [], column.y + m
    for b, bh in zip(blocks, heights):
        if y + bh > limit:
            break
        r, drawn = hud.block_pieces(text, b, (x, y), th, bg, "topleft", max_w=cw, min_w=cw)
        rects.append(r)
        pieces += drawn
        y = r.bottom + m
    frames = tuple(rects)
    rows = hud.legend_rows(world.params.cell_spec)
    if show_legend and y + hud.legend_height(text, fonts[0], compact, cw, rows) <= limit:
        surf = hud.legend_surface(text, th, fonts[0], cw, compact, rows, bg)  # on the filled column
        rects.append(surf.get_rect(topleft=(x, y)))
        pieces.append((surf, rects[-1]))
    area = pygame.Rect(column.x, column.y, column.w, max(0, limit - column.y))
    if board is not None:
        board.put(screen, "panel", pieces, area, bg, frames, th.text_dim if th.outline else None, filled)
    else:
        for f in frames if th.outline else ():
            pygame.draw.rect(screen, th.text_dim, f, 1)
        screen.blits(pieces, doreturn=False)
    return rects
