"""The one exception the export package raises for problems a user can fix (bad path, bad script, ffmpeg)."""

from __future__ import annotations


class ExportError(Exception):
    """A one-line message saying what is wrong and what is allowed; the CLI prints it and exits 2."""

    def __init__(self, message: str) -> None:
        # Keep it to one line whatever the cause (ffmpeg and TOML messages may carry newlines).
        super().__init__(" ".join(str(message).split()))
