"""The disclosure strip: every distortion in force (time shortened beyond the playback factor, slowed diffusion,
pits drawn for many, illustrative sizes, bilayers and pores drawn wider) said on screen, never dropped.

notes() computes the list for the current world, camera and theme (numbers such as the pore's drawing factor come
from the real drawing factors); height() is the strip's height for a width and text unit; draw() fills the strip:
in moving views a ticker showing one note at a time (each at least TICK_S of wall time), in stills and slides the
whole list, wrapped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from exoviz import experiment_text
from exoviz.camera import Camera
from exoviz.i18n import N_, Msg, Text, _, tr
from exoviz.modes import spec
from exoviz.readouts import rates_note
from exoviz.render.membrane import PORE_REAL_NM, sig2
from exoviz.render.membrane_fused import PORE_MIN_PX
from exoviz.render.retained import Board
from exoviz.render.scale_note import TO_SCALE, bilayer_note
from exoviz.render.snares import main_note
from exoviz.render.theme import Theme
from exoviz.sim import phluorin as ph

if TYPE_CHECKING:
    from exoviz.sim.world import World

TICK_S = 4.0  # the ticker shows each note this many seconds of wall (or video) time
FONT = 15  # base px of the strip's text (the side panel's small size)
SHRINKS = (1.0, 0.9, 0.8, 0.7, 0.6)  # the strip's font shrinks this far to stay within its room
MIN_PX = 9


def pore_note(cam: Camera) -> Text | None:
    """The narrow pore's drawing factor at this zoom, or None when a 1–3 nm pore is drawn to scale."""
    drawn = 2.0 * PORE_MIN_PX / cam.scale
    if drawn <= PORE_REAL_NM[1] * TO_SCALE:
        return None
    return Msg(N_("Fusion pores drawn at least {d} nm wide: a narrow pore (really 1–3 nm) ×{lo}–{hi} wider"),
               d=sig2(drawn), lo=sig2(drawn / PORE_REAL_NM[1]), hi=sig2(drawn / PORE_REAL_NM[0]))


def reacid_note(world: World) -> Text | None:
    """With the TIRF view recording, when the re-acidification outlasts what a lecture watches (over a minute of
    playback): a kissed or retrieved vesicle stays bright on screen; None otherwise."""
    play = ph.TAU_S / max(world.time_scale, 1e-9)
    if not world.tirf_on() or play < 60.0:
        return None
    return Msg(N_("pHluorin re-acidifies with τ {tau:g} s, {p:.0f} s of playback at this speed: a vesicle "
                  "whose pore closed (a kiss, or taken back in) stays bright on screen: its darkening is not seen "
                  "here"), tau=ph.TAU_S, p=play)


def notes(world: World, cam: Camera | None, theme: Theme) -> list[str]:
    """Every distortion in force, in the current language: time shortened beyond the playback factor first, then
    the scene's notes (sizes, slowed diffusion, pits drawn for many, what is illustrative), the rates and their
    sources, then the bilayer's
    and the pore's drawing factors at this camera, and the proteins' when drawn larger (None: leave those out)."""
    out: list[Text] = [*world.compressed(), *world.scene.notes,
                       rates_note(world)]
    out += [n for n in (reacid_note(world),) if n is not None]
    if cam is not None:
        out.append(bilayer_note(cam, theme))
        pore = pore_note(cam)
        if pore is not None:
            out.append(pore)
        proteins = main_note(world, cam, theme)
        if proteins is not None:
            out.append(proteins)
    return experiment_text.strip_notes(world) + [tr(n) for n in out]


def compare_notes(worlds: list, cams: list[Camera], theme: Theme) -> list[str]:
    """The notes of the compare view's panels, each led by its mechanism's name; panels of one mode (control beside
    treatment): the treated panel's (the control's are the same, less the experiments')."""
    if len({w.params.mode for w in worlds}) == 1:
        return notes(worlds[-1], cams[-1], theme)
    return [f"{_(spec(w.params.mode).label)}: {n}" for w, cam in zip(worlds, cams) for n in notes(w, cam, theme)]


def font_px(renderer, unit: float) -> int:
    return renderer.font_at(FONT, unit)


def pad(unit: float) -> int:
    return max(2, int(round(4 * unit)))


def _ticker_line(i: int, n: int, note: str) -> str:
    return _("Scale and speed ({i}/{n}): {note}").format(i=i + 1, n=n, note=note)


def _paragraph(every: list[str]) -> str:
    """The whole list as one paragraph (a still's strip wraps it: no half-empty rows)."""
    return _("Scale and speed:") + " " + "  •  ".join(every)


def _plan(renderer, every: list[str], width: int, unit: float, full: bool, room: int | None) -> tuple[int, int]:
    """(font px, height px) of the strip at the largest of SHRINKS at which it fits in room px (None: any height):
    the ticker as many rows as its longest note needs, the whole list (full) wrapped as one paragraph."""
    text, p = renderer.text, pad(unit)
    inner = max(width - 2 * p, 40)
    n = max(len(every), 1)
    h = 2 * p
    for shrink in SHRINKS:
        px = max(MIN_PX, int(font_px(renderer, unit) * shrink))
        if full:
            rows = len(text.wrap(_paragraph(every), px, False, inner))
        else:
            rows = max([len(text.wrap(_ticker_line(n - 1, n, s), px, False, inner)) for s in every] or [1])
        h = rows * text.line_height(px) + 2 * p
        if room is None or h <= room:
            break
    return px, h


def height(renderer, every: list[str], width: int, unit: float, full: bool = False, room: int | None = None) -> int:
    """Height (px) the strip asks for at this width and unit: the longest note wrapped (ticker), or the whole
    list wrapped (full: stills and slides), in a smaller font if it would be taller than room px."""
    return _plan(renderer, every, width, unit, full, room)[1]


def shown(every: list[str], wall_s: float) -> int:
    """Index of the note the ticker shows at wall_s seconds."""
    return int(wall_s // TICK_S) % max(len(every), 1)


def draw(screen: pygame.Surface, rect: pygame.Rect, renderer, every: list[str], wall_s: float, unit: float,
         full: bool = False, board: Board | None = None) -> pygame.Rect:
    """Fill the strip and draw the notes in it (full: all of them, in the font that fits rect; else the one the
    ticker is at); the box drawn. board: the text put down through it, opaque on the panel colour
    (render/retained.py: over the last frame, only what changed)."""
    th = renderer.theme
    if board is None:
        screen.fill(th.panel[:3], rect)
    if not every or rect.h <= 0:
        if board is not None:
            board.put(screen, "disclosure", [], rect, th.panel[:3], filled=False)
        return pygame.Rect(rect.topleft, (0, 0))
    px, _h = _plan(renderer, every, rect.w, unit, full, rect.h)
    if full:
        line = _paragraph(every)
    else:
        k = shown(every, wall_s)
        line = _ticker_line(k, len(every), every[k])
    p, text = pad(unit), renderer.text
    clip = screen.get_clip()
    screen.set_clip(rect)
    y, row = rect.y + p, text.line_height(px)  # rows at the font's line spacing, as height() counts them
    pieces = []
    for piece in text.wrap(line, px, False, max(rect.w - 2 * p, 40)):  # opaque on the strip's colour: a copy
        surf = text.render(piece, px, th.text, False, th.panel[:3])
        pieces.append((surf, surf.get_rect(topleft=(rect.x + p, y))))
        y += row
    if board is not None:
        board.put(screen, "disclosure", pieces, rect, th.panel[:3], (rect,), th.text_dim if th.outline else None,
                  filled=False)
    else:
        screen.blits(pieces, doreturn=False)
        if th.outline:
            pygame.draw.rect(screen, th.text_dim, rect, 1)
    screen.set_clip(clip)
    return pygame.Rect(rect.x, rect.y, rect.w, min(y + p, rect.bottom) - rect.y)
