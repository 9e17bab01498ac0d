"""Headless recording: drives the Session frame by frame at the export fps into an MP4, GIF or PNG folder.

An optional title card (--title, or the script's title) comes first. SIGINT or SIGTERM ends the film after the
current frame: the frames so far become a playable file under the final name (and its subtitles beside it); a
second signal while that is being finished stops it cleanly.
"""

from __future__ import annotations

from fractions import Fraction

from exoviz import interrupts
from exoviz.captions import subtitle
from exoviz.commands import Command
from exoviz.export.errors import ExportError
from exoviz.export.progress import Progress
from exoviz.export.srt import CaptionTrack, write_srt
from exoviz.export.subtitles import Cue, cut
from exoviz.export.writers import FrameSink, check_target, open_sink
from exoviz.i18n import _
from exoviz.options import Options, given
from exoviz.outputs import srt_path
from exoviz.render.title_card import CARD_S, draw_title_card
from exoviz.saving import Saves, say
from exoviz.session import Session


def _title_frames(opts: Options) -> tuple[str, int]:
    title = opts.title or (opts.script.title if opts.script is not None else None) or ""
    return title, int(round(CARD_S * opts.fps)) if title else 0


def _frames(opts: Options) -> int:
    return max(1, int(round(given(opts.duration, "--duration") * opts.fps)))


def subtitles_ahead(opts: Options, view: tuple[int, int, int, int]) -> list[Cue]:
    """The subtitle cues of the film opts describes, known before it is drawn (so burned captions can follow
    the same cut as the SRT): the same session run once without drawing; [] if a signal stops it."""
    ghost = Session(opts)
    ghost.apply(Command("set_view", view))
    frame_s = Fraction(1, opts.fps)
    _title, card = _title_frames(opts)
    track = CaptionTrack()
    frames = _frames(opts)
    for k in range(frames):
        if interrupts.requested():
            return []
        ghost.tick(frame_s, realtime=False)
        track.update((card + k) / opts.fps, subtitle(ghost.caption_world, ghost.hud()))
    end = (card + frames) / opts.fps
    return cut([c for c in track.cues(end) if c[1] > c[0]], end)


def cue_at(cues: list[Cue], t: float) -> str:
    """The text of the cue on screen at t ('' between cues)."""
    for start, end, text in cues:  # a film's few dozen cues
        if start <= t < end:
            return text
    return ""


def _film(session: Session, window, opts: Options, sink: FrameSink, track: CaptionTrack,
          burned: list[Cue] | None) -> int:
    """Draw and write the title card and the frames until the duration is filmed or a signal asks to stop;
    returns the frames written (the title card's included). burned: the subtitle cues drawn into the frames."""
    frames = _frames(opts)
    frame_s = Fraction(1, opts.fps)
    title, card = _title_frames(opts)
    progress = Progress(frames + card, opts.fps, quiet=opts.quiet)
    done = 0
    try:
        for _i in range(card):  # the title card: the first frame, dimmed, under the title
            if interrupts.requested():
                return done
            window.draw()
            draw_title_card(window.screen, window.renderer, title, session.world)
            sink.write_surface(window.screen)
            done += 1
            progress.advance()
        for _i in range(frames):
            if interrupts.requested():
                break
            session.tick(frame_s, realtime=False)
            if burned is not None:
                window.subtitle = cue_at(burned, done / opts.fps)
            window.draw()
            sink.write_surface(window.screen)
            track.update(done / opts.fps, subtitle(session.caption_world, session.hud()))
            done += 1
            progress.advance()
    finally:
        progress.close()
    return done


def record(session: Session, window, opts: Options, saves: Saves) -> int:
    """Render opts.duration playback seconds at opts.fps into opts.record; write NAME.srt beside it.

    window: an offscreen exoviz.ui.window.Window on the session (what it draws is what is saved; burned
    captions are the subtitle cues, cut as in the SRT). Returns 0; a film or subtitles that could not be
    saved are in saves (the run's last line names them).
    """
    record = given(opts.record, "--record")
    kind, target = check_target(record, opts.overwrite)  # again: time has passed since the command line
    subs = srt_path(target, kind)
    try:
        sink = open_sink(record, window.screen.get_size(), opts.fps, overwrite=opts.overwrite)
    except ExportError:
        if not interrupts.requested():
            raise
        # the signal reached the encoder's start too (a process-group signal): it is the signal, not ffmpeg
        say(_("stopped while the encoder was starting; nothing written to {target}").format(target=target))
        return 0
    if sink.notice and not opts.quiet:
        say(sink.notice)
    track = CaptionTrack()
    session.apply(Command("set_layer", ("captions", opts.burn_captions)))
    window.detail = False
    burned = None
    if opts.burn_captions:
        window.subtitle = ""
        window.sync()
        burned = subtitles_ahead(opts, tuple(window.layout.scene))
    try:
        done = _film(session, window, opts, sink, track, burned)
    except ExportError as e:  # the encoder failed mid-film (a full disk): nothing of it is kept; the rest is
        sink.abort()
        saves.fail(target, str(sink.public(e)))
        saves.fail(subs, f"{subs} was not written (its film could not be saved)")
        return 0
    except BaseException:  # a second signal during the frames: nothing is kept
        sink.abort()
        raise
    if done == 0:
        sink.abort()
        say(_("stopped before the first frame; nothing written to {target}").format(target=target))
        return 0
    end = done / opts.fps
    film_saved = saves.attempt(target, sink.close)
    if burned is not None:  # the SRT is what was burned in, up to where the film ends
        cues = [(a, min(b, end), text) for a, b, text in burned if a < end and min(b, end) - a > 0.001]
    else:
        cues = cut([c for c in track.cues(end) if c[1] > c[0]], end)
    if cues:  # written even if the film was not: every output is saved or named
        saves.attempt(subs, lambda: write_srt(subs, cues, opts.overwrite))
    if not film_saved:
        return 0  # the run's last line says what was not saved, after the other outputs are written
    if interrupts.requested():
        say(_("{n} frames ({s:.1f} s) of the film are in {target}").format(n=done, s=end, target=target))
    elif not opts.quiet:
        say(_("wrote {target} ({n} frames, {s:.1f} s)").format(target=target, n=done, s=end)
            + (_(" and {subtitles}").format(subtitles=subs) if cues else ""))
    return 0
