"""Launcher: python main.py [flags]; see --help."""

from exoviz import interrupts  # the standard library only: installed before any heavy import

interrupts.install()

import sys  # noqa: E402

from exoviz.launch import run  # noqa: E402  (the standard library only, too)

if __name__ == "__main__":
    sys.exit(run())
