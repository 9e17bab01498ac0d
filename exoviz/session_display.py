"""The Session's display commands: the drawing layers, the theme, the clean view, the help overlay, the caption
shown instead of the stage's, and the language of every text.

A part of the Session (composed: the Session makes it with itself as its host, session_host.SessionHost, the
written contract); no pygame.
"""

from __future__ import annotations

from exoviz.commands import DisplayHandlers
from exoviz.i18n import set_language
from exoviz.session_host import SessionHost
from exoviz.viewstate import Layers

THEME_NAMES = ("dark", "projector")


class DisplayCommands:
    """Handlers of the display commands; they change what is shown, never the model."""

    def __init__(self, s: SessionHost) -> None:
        self.s = s

    def handlers(self) -> DisplayHandlers:
        """The display commands this part carries out, by name."""
        return {"toggle_layer": self._toggle_layer, "set_layer": self._set_layer, "toggle_scale": self._toggle_scale,
                "toggle_theme": self._toggle_theme, "set_theme": self._set_theme, "toggle_clean": self._toggle_clean,
                "toggle_help": self._toggle_help, "close_help": self._close_help, "caption": self._caption,
                "language": self._language}

    def _toggle_layer(self, arg: str) -> None:
        name = str(arg)
        setattr(self.s.layers, name, not getattr(self.s.layers, name))

    def _set_layer(self, arg: tuple[str, bool]) -> None:
        name, on = arg
        if name not in Layers.names():
            raise KeyError(f"unknown layer {name!r}")
        setattr(self.s.layers, name, bool(on))

    def _toggle_scale(self, _arg: None) -> None:
        on = not self.s.layers.scale_bar
        self.s.layers.scale_bar = self.s.layers.clock = on

    def _toggle_theme(self, _arg: None) -> None:
        self.s.theme = THEME_NAMES[(THEME_NAMES.index(self.s.theme) + 1) % len(THEME_NAMES)]

    def _set_theme(self, arg: str) -> None:
        if arg not in THEME_NAMES:
            raise KeyError(f"unknown theme {arg!r}")
        self.s.theme = str(arg)

    def _toggle_clean(self, _arg: None) -> None:
        self.s.clean = not self.s.clean

    def _toggle_help(self, _arg: None) -> None:
        self.s.show_help = not self.s.show_help

    def _close_help(self, _arg: None) -> None:
        self.s.show_help = False

    def _caption(self, arg: str) -> None:
        self.s.caption_override = str(arg)

    def _language(self, arg: str) -> None:
        """Switch the language of everything shown (ValueError for a code we have no catalog for)."""
        set_language(str(arg))
        self.s.language = str(arg)
