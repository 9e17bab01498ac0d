"""Settings the window remembers between launches (the Simple / Detailed view), in a small TOML file.

The file is settings.toml in $EXOVIZ_CONFIG_DIR if set (tests point it at a temporary folder), else in
$XDG_CONFIG_HOME/exoviz, else ~/.config/exoviz. A missing or unreadable file means the defaults; a file that
cannot be written is skipped silently (the setting still holds for this run). Recordings, --headless
screenshots and walk-through slides never read it: they look the same on every machine.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ENV = "EXOVIZ_CONFIG_DIR"
NAME = "settings.toml"
VIEWS = ("simple", "detailed")  # the first is the default on first launch


def config_dir() -> Path:
    """The folder of exoviz's settings."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "exoviz"


def load() -> dict:
    """Every remembered setting (empty when there is no readable file)."""
    try:
        with open(config_dir() / NAME, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**values: str) -> bool:
    """Remember these settings (strings) beside the others; False when the file could not be written."""
    data = {k: v for k, v in load().items() if isinstance(v, str)} | values
    folder = config_dir()
    text = "".join(f'{k} = "{_escape(v)}"\n' for k, v in sorted(data.items()))
    tmp = folder / f".{NAME}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text("# exoviz settings (written by the window)\n" + text, encoding="utf-8")
        os.replace(tmp, folder / NAME)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # the folder itself is not there (or not a folder)
            pass
        return False
    return True


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def view() -> str:
    """The remembered view, "simple" (the default) or "detailed"."""
    v = load().get("view")
    return v if v in VIEWS else VIEWS[0]
