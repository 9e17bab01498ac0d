"""The Session's camera commands: zoom, pan, look, pick a body to follow, stop following, the close-up.

A part of the Session (composed: the Session makes it with itself as its host, session_host.SessionHost, the
written contract); it names its handlers in its own table; no pygame.
"""

from __future__ import annotations

import numpy as np

from exoviz.commands import Point, Rect, ViewHandlers
from exoviz.session_host import SessionHost

PICK_PX = 8  # a click within this many px of a body's rim picks it


class ViewCommands:
    """Handlers of the view commands; they read and change the Session's camera, follow and close-up."""

    def __init__(self, s: SessionHost) -> None:
        self.s = s

    def handlers(self) -> ViewHandlers:
        """The view commands this part carries out, by name."""
        return {"zoom_in": self._zoom_in, "zoom_out": self._zoom_out, "zoom_reset": self._zoom_reset,
                "zoom_at": self._zoom_at, "toggle_closeup": self._toggle_closeup, "release": self._release,
                "pan": self._pan, "look_at": self._look_at, "set_view": self._set_view, "pick": self._pick}

    def _zoom_in(self, _arg: None) -> None:
        self._zoom_about_subject(1.5)

    def _zoom_out(self, _arg: None) -> None:
        self._zoom_about_subject(1 / 1.5)

    def subject_point(self) -> np.ndarray:
        """What Z/X zoom about (nm): the followed body, else the highlighted one (or its held spot), else the
        scene's centre."""
        target = self.s.follow.target(self.s.world)
        if target is None:
            at = self.s.highlight.reticle_at()
            target = None if at is None else np.array(at[:2])
        return np.array([self.s.world.scene.width / 2, self.s.world.scene.height / 2]) if target is None else target

    def _zoom_about_subject(self, factor: float) -> None:
        """Zoom keeping the subject where it is on the screen (it stays in view however far one zooms)."""
        self.s.camera.zoom_at(factor, tuple(self.s.camera.to_screen(np.asarray(self.subject_point())[None, :])[0]))

    def _zoom_reset(self, _arg: None) -> None:
        self.s.camera.reset()
        self.s.follow.stop()

    def _zoom_at(self, arg: tuple[float, Point | None]) -> None:
        """Zoom keeping a screen point fixed (the wheel: the pointer); no point: about the subject."""
        factor, px = arg
        if px is None:
            self._zoom_about_subject(float(factor))
        else:
            self.s.camera.zoom_at(float(factor), (float(px[0]), float(px[1])))

    def _toggle_closeup(self, _arg: None) -> None:
        self.s._closeup_user = not self.s._closeup_user
        self.s.closeup.enabled = self.s._closeup_user or self.s.walk.active
        if not self.s.closeup.enabled:
            self.s.closeup.close()

    def _release(self, _arg: None) -> None:
        """Stop following (the camera stays where it is)."""
        self.s.follow.stop()

    def _pan(self, arg: Point) -> None:
        dx, dy = arg
        self.s.camera.pan_px(dx, dy)

    def _look_at(self, arg: tuple[float, float, float]) -> None:
        x, y, zoom = arg
        self.s.camera.look_at((float(x), float(y)), float(zoom))

    def _set_view(self, arg: Rect) -> None:
        x, y, w, h = (int(v) for v in arg)
        self.s.camera.set_view((x, y, w, h))
        self.s.camera.clamp()

    def _pick(self, arg: Point) -> None:
        """Follow the body under the pointer (within a few px of its rim); a click on nothing stops following."""
        px = arg
        v = self.s.world.ves
        idx = np.flatnonzero(v.alive)
        self.s.follow.stop()
        if idx.size:
            p = self.s.camera.to_screen(v.pos[idx])
            d = np.hypot(p[:, 0] - px[0], p[:, 1] - px[1]) - v.radius[idx] * self.s.camera.scale
            best = int(np.argmin(d))
            if d[best] <= PICK_PX:
                self.s.follow.start(int(v.uid[idx[best]]))
