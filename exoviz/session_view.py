"""The Session's camera commands: zoom, pan, look, pick a body to follow, stop following, the close-up.

A part of Session (a base class of it): it names its handlers in its own table, and declares the Session attributes
it uses as typed class attributes (its written contract with the Session); no pygame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.commands import Point, Rect
from exoviz.session_host import SessionPart

if TYPE_CHECKING:
    pass

PICK_PX = 8  # a click within this many px of a body's rim picks it


class ViewCommands(SessionPart):
    """Handlers of the view commands; they read and change the Session's camera, follow and close-up."""

    def _zoom_in(self, _arg: None) -> None:
        self._zoom_about_subject(1.5)

    def _zoom_out(self, _arg: None) -> None:
        self._zoom_about_subject(1 / 1.5)

    def subject_point(self) -> np.ndarray:
        """What Z/X zoom about (nm): the followed body, else the highlighted one (or its held spot), else the
        scene's centre."""
        target = self.follow.target(self.world)
        if target is None:
            at = self.highlight.reticle_at()
            target = None if at is None else np.array(at[:2])
        return np.array([self.world.scene.width / 2, self.world.scene.height / 2]) if target is None else target

    def _zoom_about_subject(self, factor: float) -> None:
        """Zoom keeping the subject where it is on the screen (it stays in view however far one zooms)."""
        self.camera.zoom_at(factor, tuple(self.camera.to_screen(np.asarray(self.subject_point())[None, :])[0]))

    def _zoom_reset(self, _arg: None) -> None:
        self.camera.reset()
        self.follow.stop()


    def _zoom_at(self, arg: tuple[float, Point | None]) -> None:
        """Zoom keeping a screen point fixed (the wheel: the pointer); no point: about the subject."""
        factor, px = arg
        if px is None:
            self._zoom_about_subject(float(factor))
        else:
            self.camera.zoom_at(float(factor), (float(px[0]), float(px[1])))

    def _toggle_closeup(self, _arg: None) -> None:
        self._closeup_user = not self._closeup_user
        self.closeup.enabled = self._closeup_user or self.walk.active
        if not self.closeup.enabled:
            self.closeup.close()

    def _release(self, _arg: None) -> None:
        """Stop following (the camera stays where it is)."""
        self.follow.stop()

    def _pan(self, arg: Point) -> None:
        dx, dy = arg
        self.camera.pan_px(dx, dy)

    def _look_at(self, arg: tuple[float, float, float]) -> None:
        x, y, zoom = arg
        self.camera.look_at((float(x), float(y)), float(zoom))

    def _set_view(self, arg: Rect) -> None:
        x, y, w, h = (int(v) for v in arg)
        self.camera.set_view((x, y, w, h))
        self.camera.clamp()

    def _pick(self, arg: Point) -> None:
        """Follow the body under the pointer (within a few px of its rim); a click on nothing stops following."""
        px = arg
        v = self.world.ves
        idx = np.flatnonzero(v.alive)
        self.follow.stop()
        if idx.size:
            p = self.camera.to_screen(v.pos[idx])
            d = np.hypot(p[:, 0] - px[0], p[:, 1] - px[1]) - v.radius[idx] * self.camera.scale
            best = int(np.argmin(d))
            if d[best] <= PICK_PX:
                self.follow.start(int(v.uid[idx[best]]))
