"""exoviz: an animated model of exocytosis for lectures, self-study and recordings (to scale where it can be; the
screen says what is not)."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout

__version__ = "0.1.0"
