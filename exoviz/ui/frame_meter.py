"""The frame-time meter (--frame-time): the CPU and wall time of each window frame (events, the session's time,
widgets, drawing), shown at the bottom of the scene with the 90th percentile and the worst frame of the last two
seconds (a key's worst frame stays on the meter that long: a screenshot a second after the key shows it)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence

import numpy as np
import pygame

from exoviz.i18n import _

KEEP = 120  # frames the percentile is taken over (two seconds at 60 fps)


class FrameMeter:
    """Times frames; draws the last frame's times and the p90 over the last KEEP frames when shown."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self.cpu: deque[float] = deque(maxlen=KEEP)  # ms
        self.wall: deque[float] = deque(maxlen=KEEP)  # ms

    def frame(self, run: Callable[[float], None], frame_s: float) -> None:
        """run(frame_s) (Window.frame), timed."""
        c0, t0 = time.thread_time(), time.perf_counter()
        run(frame_s)
        self.cpu.append((time.thread_time() - c0) * 1000.0)
        self.wall.append((time.perf_counter() - t0) * 1000.0)

    def line(self) -> str:
        """The meter's text (empty before the first frame)."""
        if not self.cpu:
            return ""
        p90 = float(np.percentile(np.asarray(self.cpu), 90))
        return _("frame {cpu:.1f} ms CPU, {wall:.1f} ms wall · p90 {p90:.1f} ms CPU · worst {worst:.0f} ms CPU, "
                 "{worst_wall:.0f} ms wall").format(cpu=self.cpu[-1], wall=self.wall[-1], p90=p90, worst=max(self.cpu),
                                                    worst_wall=max(self.wall))

    def draw(self, screen: pygame.Surface, renderer, scene: pygame.Rect, avoid: Sequence[pygame.Rect] = ()) -> None:
        """The meter over everything in the scene (after the frame: its own time is not counted): at its bottom
        middle, or the first other edge place clear of `avoid` (the subject, the overlays placed this frame: the
        scale bar, the hint, the caption; the least covered place when none is clear)."""
        text = self.line()
        if not self.shown or not text:
            return
        th = renderer.theme
        label = renderer.text.render(text, renderer.font_px(14, screen.get_height()), th.text, True)
        box = meter_place((label.get_width() + 12, label.get_height() + 6), scene, list(avoid))
        screen.fill(th.panel[:3], box)
        pygame.draw.rect(screen, th.highlight, box, 1)
        screen.blit(label, (box.x + 6, box.y + 3))


def meter_place(size: tuple[int, int], scene: pygame.Rect, avoid: list[pygame.Rect]) -> pygame.Rect:
    """Where the meter goes: the first of the scene's bottom middle, top middle and corners clear of every rect in
    avoid; where none is, the one they cover least."""
    box, inner = pygame.Rect((0, 0), size), scene.inflate(-8, -8)
    spots = [("midbottom", inner.midbottom), ("midtop", inner.midtop), ("bottomleft", inner.bottomleft),
             ("bottomright", inner.bottomright), ("topleft", inner.topleft), ("topright", inner.topright)]
    best, least = box, None
    for anchor, at in spots:
        cand = box.copy()
        setattr(cand, anchor, at)
        covered = sum(c.w * c.h for c in map(cand.clip, avoid))
        if least is None or covered < least:
            best, least = cand, covered
        if covered == 0:
            break
    return best
