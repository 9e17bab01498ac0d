"""Test setup: no window, no sound; the repository root on sys.path."""

import os
import sys

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
# The default language follows the system locale: tests (and their subprocesses) run in English.
os.environ["LANGUAGE"] = "en"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


import pytest  # noqa: E402


@pytest.fixture(scope="module")
def pygame_display():
    """A dummy display (with a pixel format, which pygame_gui needs) and fonts, for one test module."""
    import pygame

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1, 1))
    yield
    pygame.quit()
