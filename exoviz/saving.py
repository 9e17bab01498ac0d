"""What a run saved and what it could not: each output is saved through Saves.attempt, and the last lines a run
prints (after a write failure, a signal, or a second signal while saving) come from here, so they are never a
false "saved".
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from exoviz import interrupts
from exoviz.export.errors import ExportError


class Saves:
    """The outputs of one run: saved, failed (with the message already printed), or cut off by a second signal."""

    def __init__(self) -> None:
        self.saved: list[str] = []
        self.failed: list[str] = []

    def attempt(self, path: str, write: Callable[[], object]) -> bool:
        """Run write(); on ExportError print its one line and go on with the other outputs. Aborted propagates."""
        try:
            write()
        except ExportError as e:
            say(str(e))
            self.failed.append(path)
            return False
        except BaseException:
            self.failed.append(path)
            raise
        self.saved.append(path)
        interrupts.checkpoint()  # a second signal held back during the final rename stops here
        return True

    def summary(self) -> str:
        parts = []
        if self.saved:
            parts.append("saved " + ", ".join(self.saved))
        if self.failed:
            parts.append("not saved: " + ", ".join(self.failed))
        return "; ".join(parts) or "nothing to save"

    def report_abort(self, second: interrupts.Aborted, pending: list[str]) -> None:
        """A second signal stopped the saving: say exactly what is on disk and what is not."""
        lost = [p for p in [*self.failed, *pending] if p not in self.saved]
        kept = f"saved {', '.join(self.saved)}" if self.saved else "nothing was saved"
        gone = f"; not saved (no partial files left): {', '.join(dict.fromkeys(lost))}" if lost else ""
        say(f"{second} stopped the saving; {kept}{gone}")


def say(line: str) -> None:
    print(f"exoviz: {line}", file=sys.stderr, flush=True)
