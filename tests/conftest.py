"""Test setup: no window, no sound; the repository root on sys.path."""

import atexit
import os
import shutil
import sys
import tempfile

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
# The default language follows the system locale: tests (and their subprocesses) run in English.
os.environ["LANGUAGE"] = "en"
# The window remembers its Simple / Detailed view in a settings file: tests (and their subprocesses) never touch
# the real one in the home folder.
os.environ["EXOVIZ_CONFIG_DIR"] = tempfile.mkdtemp(prefix="exoviz-config-")
atexit.register(shutil.rmtree, os.environ["EXOVIZ_CONFIG_DIR"], True)
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
