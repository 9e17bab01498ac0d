"""Saving the window's setup as a scene script (Ctrl+S, the Save setup button): to --save-script PATH, else to a
new timestamped .toml in --record-dir (never over an existing file); written atomically; answered with a line."""

from __future__ import annotations

from exoviz.export.errors import ExportError
from exoviz.export.live import timestamped_name
from exoviz.export.script_save import save_setup
from exoviz.i18n import _
from exoviz.options import Options


class SetupFiles:
    """Where the window saves setups, and whether it has written its --save-script file already."""

    def __init__(self, opts: Options) -> None:
        self.path = opts.save_script
        self.folder = opts.record_dir
        self.overwrite = opts.overwrite  # --save-script PATH was checked at start: new, or --overwrite given
        self.duration = opts.duration
        self.last: str | None = None  # the last file saved

    def save(self, session) -> str:
        """Save the session's setup; the line to show (where it went and how to replay it, or what failed)."""
        path = self.path or timestamped_name(self.folder, ext=".toml")
        # --save-script PATH: each save replaces the file this window wrote; a timestamped name is never reused
        overwrite = self.path is not None and (self.overwrite or self.last == path)
        try:
            save_setup(session, path, self.duration, overwrite)
        except ExportError as e:
            return _("Setup not saved: {error}").format(error=e)
        self.last = path
        return _("Setup saved: {path} (replay: python main.py --script {path})").format(path=path)
