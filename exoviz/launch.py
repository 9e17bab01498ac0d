"""The process around a run (main.py and the `exoviz` command): signal handlers first, then the command line,
and the exit code by sys.exit whatever arrives at the end. Imports only the standard library at the top, so
the handlers are in place before numpy, pygame or the model are imported."""

from __future__ import annotations

import sys

from exoviz import interrupts


def run() -> int:
    """Install the handlers, run exoviz.cli.main, and return its exit code (130/143/129 after a late signal)."""
    interrupts.install()  # again if main.py did already: harmless
    try:
        from exoviz.cli import main  # numpy, the model ...: a signal from here on is a request to stop

        code = main()
    except interrupts.Aborted as second:  # two different signals before the run could look at the first
        print(f"exoviz: {second} stopped the run before it started; nothing was written", file=sys.stderr)
        code = 128 + second.signum
    interrupts.ignore_from_now()  # a signal after the last line changes neither the code nor the output
    if code == 0 and interrupts.requested():  # it came after the last line: what that line says stands
        print(f"exoviz: {interrupts.name()} arrived as the run ended; everything above was saved", file=sys.stderr)
        code = interrupts.exit_code()
    return code
