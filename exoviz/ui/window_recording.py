"""Recording the live window (Ctrl+R) or only its scene with the caption strip (Ctrl+Shift+R, what --record films):
frames at 30 fps to a background encoder, and the REC mark, which is never in the video (the overlay layout,
render/overlays.py, gives it a place where it covers no label; it is drawn after the frame is taken)."""

from __future__ import annotations

import time

import pygame

from exoviz import interrupts
from exoviz.export.errors import ExportError
from exoviz.export.live import LiveRecorder, SinkFactory, timestamped_name
from exoviz.i18n import _
from exoviz.render.layout import Layout
from exoviz.render.snapshot import grab
from exoviz.render.text import TextCache

FPS = 30


class WindowRecording:
    """Owns the LiveRecorder while one runs. toggle() answers with the line to show the user."""

    def __init__(self, folder: str, sink_factory: SinkFactory | None = None) -> None:
        self.folder = folder
        self.recorder: LiveRecorder | None = None
        self.next_capture = 0.0
        self.scene_only = False  # the scene and its caption strip only (taken before the widgets are drawn)
        self._factory = sink_factory
        self._fit: pygame.Surface | None = None  # a scene region of another size, fitted to the video's
        self.size = (0, 0)  # the video's frame size

    @property
    def active(self) -> bool:
        return self._live() is not None

    def _live(self) -> LiveRecorder | None:
        """The recorder while it records, else None."""
        return self.recorder if self.recorder is not None and self.recorder.recording else None

    def toggle(self, size: tuple[int, int], scene_only: bool = False) -> str:
        """Start recording frames of size (the window, or the scene region), or stop the recording running."""
        running = self._live()
        if running is not None:
            try:
                return _("Recording saved: {path}").format(path=running.stop())
            except ExportError as e:
                return _("Recording failed: {error}").format(error=e)
            finally:
                self.recorder = None
        self.recorder = LiveRecorder(self._factory)
        self.scene_only, self._fit, self.size = scene_only, None, (int(size[0]), int(size[1]))
        try:
            self.recorder.start(timestamped_name(self.folder), size, FPS)
        except ExportError as e:
            self.recorder = None
            return _("Cannot record: {error}").format(error=e)
        self.next_capture = time.monotonic()
        if scene_only:
            return _("Recording the scene only… (Ctrl+Shift+R stops)")
        return _("Recording… (Ctrl+R stops)")

    def finish(self) -> str | None:
        """Stop a running recording as the app ends (closed, or a signal); the line for the terminal, or None.

        The frames so far become a playable file under the final name. A second signal while it is being
        finished cancels it (nothing half-made is left) and the line says so: never a false "saved".
        """
        rec = self._live()
        if rec is None:
            return None
        try:
            return f"window recording saved to {rec.stop()}"
        except ExportError as e:
            return f"window recording not saved: {e}"
        except interrupts.Aborted as second:
            rec.cancel()
            return f"{second} stopped the saving: window recording {rec.path} not saved (no partial file left)"
        finally:
            self.recorder = None

    def cancel(self) -> str | None:
        """Drop a running recording without finishing it (nothing is left); the line saying so, or None."""
        rec = self._live()
        if rec is None:
            return None
        self.recorder = None
        rec.cancel()
        return f"window recording {rec.path} not saved (no partial file left)"

    def _due(self) -> bool:
        if not self.active or time.monotonic() < self.next_capture:
            return False
        self.next_capture += 1 / FPS
        if time.monotonic() - self.next_capture > 0.5:  # after a stall, do not try to catch up
            self.next_capture = time.monotonic()
        return True

    def capture(self, screen: pygame.Surface) -> None:
        """Whole-window recording: hand the frame just drawn to the encoder when a 1/30 s slot is due (before the
        REC mark)."""
        rec = self._live()
        if rec is not None and not self.scene_only and self._due():
            rec.push(grab(screen))

    def capture_scene(self, screen: pygame.Surface, region: pygame.Rect) -> None:
        """Scene-only recording: the scene and caption strip just drawn, before any widget, hint or help is drawn
        over them. A region of another size than the video's (a resize, captions turned on) is fitted into it."""
        rec = self._live()
        if rec is None or not self.scene_only or not self._due():
            return
        sub = screen.subsurface(region.clip(screen.get_rect()))
        size = self.size
        if sub.get_size() != size:
            if self._fit is None:
                self._fit = pygame.Surface(size)
            self._fit.fill((0, 0, 0))
            k = min(size[0] / sub.get_width(), size[1] / sub.get_height())
            scaled = pygame.transform.smoothscale(sub, (max(1, int(sub.get_width() * k)),
                                                        max(1, int(sub.get_height() * k))))
            self._fit.blit(scaled, scaled.get_rect(center=(size[0] // 2, size[1] // 2)))
            sub = self._fit
        rec.push(grab(sub))

    def mark_line(self) -> str:
        """The REC mark's text: elapsed time, and a warning when the encoder falls behind ('' when idle)."""
        rec = self._live()
        if rec is None:
            return ""
        secs = rec.elapsed_frames / FPS
        line = f"● REC {int(secs // 60)}:{secs % 60:04.1f}"
        if rec.behind:
            line += _(" — encoder behind, {n} frames dropped").format(n=rec.dropped)
        if self.scene_only:
            line += " · " + _("scene only")
        return line

    @staticmethod
    def mark_size(line: str, text: TextCache, size: int) -> tuple[int, int]:
        w, h = text.size(line, size, True)
        return w + 16, h + 8

    def draw_mark(self, screen: pygame.Surface, text: TextCache, size: int, at: tuple[int, int] = (8, 8)) -> None:
        """The REC mark with elapsed time at `at` (the overlay layout's place for it; drawn after capture, so it
        never appears in the video)."""
        line = self.mark_line()
        if not line:
            return
        surf = text.render(line, size, (255, 255, 255), True)
        box = pygame.Rect(at[0], at[1], surf.get_width() + 16, surf.get_height() + 8)
        pygame.draw.rect(screen, (180, 20, 20), box, border_radius=6)
        screen.blit(surf, (at[0] + 8, at[1] + 4))


def scene_region(layout: Layout) -> pygame.Rect:
    """What a scene-only recording films: the scene and the caption strip under it (as --record does; the
    disclosure strip between them too)."""
    return layout.scene.union(layout.caption) if layout.caption is not None else layout.scene.copy()
