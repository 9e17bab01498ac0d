"""Launcher: python main.py [flags]; see --help."""

import sys

from exoviz.cli import main

if __name__ == "__main__":
    sys.exit(main())
