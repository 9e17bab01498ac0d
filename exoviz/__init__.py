"""exoviz: an animated, to-scale model of exocytosis for lectures, self-study and recordings."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout

__version__ = "0.1.0"
