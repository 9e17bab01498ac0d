"""Exporting runs: video/GIF/PNG sinks, subtitles, progress, live recording and scene scripts."""

from __future__ import annotations

from exoviz.export.errors import ExportError

__all__ = ["ExportError"]
