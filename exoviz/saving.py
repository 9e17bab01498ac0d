"""What a run saved and what it could not: each output is saved through Saves.attempt, and the last line a run
prints (after a write failure, a signal, or a second signal while saving) comes from here, so it is never a
false "saved" and it names every output of the run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from exoviz import interrupts
from exoviz.export.errors import ExportError


def _abs(path: str) -> str:
    return os.path.abspath(os.path.expanduser(path)).rstrip(os.sep) or os.sep


class Saves:
    """The outputs of one run: saved, failed (with the reason), or cut off by a second signal.

    A failure does not stop the others: each output is attempted, and the run's one last line lists them all.
    """

    def __init__(self) -> None:
        self.saved: list[str] = []
        self.failed: list[str] = []
        self.reasons: dict[str, str] = {}  # failed path -> its one-line message

    def attempt(self, path: str, write: Callable[[], object]) -> bool:
        """Run write(); on ExportError note it and go on with the other outputs. Aborted propagates."""
        path = _abs(path)
        try:
            write()
        except ExportError as e:
            self.failed.append(path)
            self.reasons[path] = str(e)
            return False
        except BaseException:
            self.failed.append(path)
            raise
        self.saved.append(path)
        interrupts.checkpoint()  # a second signal held back during the final rename stops here
        return True

    def fail(self, path: str, reason: str) -> None:
        """An output that was not even attempted (e.g. the subtitles of a film that could not be saved)."""
        path = _abs(path)
        self.failed.append(path)
        self.reasons[path] = reason

    def summary(self) -> str:
        """'saved A, B; not saved: C (why)' for the last line after a signal."""
        parts = []
        if self.saved:
            parts.append("saved " + ", ".join(dict.fromkeys(self.saved)))
        if self.failed:
            parts.append("not saved: " + ", ".join(self.reasons.get(p, p) for p in dict.fromkeys(self.failed)))
        return "; ".join(parts) or "nothing to save"

    def failure_line(self) -> str:
        """The one line after a failed output: each failure with its reason, then every output that was saved."""
        reasons = "; ".join(self.reasons.get(p, f"{p} was not saved") for p in dict.fromkeys(self.failed))
        if not self.saved:
            return reasons
        return f"{reasons}; saved: {', '.join(dict.fromkeys(self.saved))}"

    def report_abort(self, second: interrupts.Aborted, pending: list[str]) -> None:
        """A second signal stopped the saving: say exactly what is on disk and what is not."""
        saved = list(dict.fromkeys(self.saved))
        lost = [p for p in dict.fromkeys([*self.failed, *(_abs(p) for p in pending)]) if p not in saved]
        kept = f"saved {', '.join(saved)}" if saved else "nothing was saved"
        gone = f"; not saved (no partial files left): {', '.join(lost)}" if lost else ""
        say(f"{second} stopped the saving; {kept}{gone}")


def say(line: str) -> None:
    print(f"exoviz: {line}", file=sys.stderr, flush=True)
