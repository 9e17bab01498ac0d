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


@pytest.fixture(autouse=True)
def _gc_thresholds():
    """A window pacing full collections (ui/gc_pace.py) lifts the collector's threshold process-wide: restored after
    each test, so one test's window never changes another's garbage collection."""
    import gc

    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist (`--dist loadgroup` in pyproject.toml) a module whose tests share a module-scoped fixture of its
    own (a shared run) goes to one worker, so the run is made once, not once per worker. Tests that already name a
    group (stop_probes.WALKS) keep it. xdist hands out the groups first, the largest first, then single tests."""
    for item in items:
        if any(True for _ in item.iter_markers("xdist_group")):
            continue
        defs = getattr(item, "_fixtureinfo", None)
        shared = defs is not None and any(
            d.scope in ("module", "session") and d.baseid == item.nodeid.split("::")[0]
            for name in defs.names_closure for d in defs.name2fixturedefs.get(name, ()))
        if shared:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0].rsplit("/", 1)[-1]))
