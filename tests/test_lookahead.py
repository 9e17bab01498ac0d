"""The next text size is built ahead while nothing changes, a bounded piece a frame: counted, never timed."""

import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session
from exoviz.ui import lookahead
from exoviz.ui.window import UI_SCALES, offscreen_window

pytestmark = pytest.mark.usefixtures("pygame_display")


def window(ahead: bool):
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", "1280x720"])
    win = offscreen_window(Session(opts), opts)
    win.ahead.enabled = ahead
    return win


def settle(win, frames: int = 120) -> list[int]:
    """Frames until the look-ahead is done (or `frames`); the captions it wrapped in each frame."""
    per_frame = []
    for _ in range(frames):
        before = win.ahead.wrapped
        win.frame(1 / 60)
        per_frame.append(win.ahead.wrapped - before)
        if win.ahead.key in win.ahead.done:
            break
    return per_frame


def measures(win, command: str, arg: object = None) -> int:
    """Strings measured with a font in the frame that handles a command (Ctrl++: ui_bigger, T: toggle_theme)."""
    before = win.renderer.text.measured
    win.run_command(Command(command, arg))
    win.frame(1 / 60)
    return win.renderer.text.measured - before


def test_the_frame_after_ctrl_plus_measures_a_fraction_of_what_it_did():
    cold, warm = window(False), window(True)
    settle(cold)
    per_frame = settle(warm)
    assert warm.ahead.key in warm.ahead.done and cold.ahead.wrapped == 0
    assert warm.ahead.probes == 4  # one size up, one down, the other theme; this look in the other language
    assert max(per_frame) <= lookahead.CAPTIONS_PER_FRAME  # spread: a bounded piece a frame
    assert warm.ahead.wrapped > 0
    cold_n, warm_n = measures(cold, "ui_bigger"), measures(warm, "ui_bigger")
    assert cold.ui_scale == warm.ui_scale == 1.25
    assert cold_n > 100 and warm_n * 4 < cold_n


def test_the_other_theme_is_built_ahead_too():
    cold, warm = window(False), window(True)
    settle(cold)
    settle(warm)
    assert warm.ahead.looks(1.0, "dark") == [(1.25, "dark"), (0.75, "dark"), (1.0, "projector")]
    cold_n, warm_n = measures(cold, "toggle_theme"), measures(warm, "toggle_theme")
    assert cold.session.theme == warm.session.theme == "projector"
    assert warm_n < 0.7 * cold_n  # captions and layout measured ahead (723 -> 400; the side panel is not)


def test_a_language_pick_finds_every_caption_wrapped_ahead():
    cold, warm = window(False), window(True)
    settle(cold)
    settle(warm, frames=400)
    assert warm.ahead.key in warm.ahead.done
    try:
        cold_n, warm_n = measures(cold, "language", "es"), measures(warm, "language", "es")
        assert cold_n > 100 and warm_n < 0.7 * cold_n  # every caption in Spanish wrapped ahead (810 -> 517 at
        # 1280x720: what is left is the side panel's plan in Spanish)
    finally:
        cold.session.apply(Command("language", "en"))


def test_nothing_is_built_while_the_layout_changes_or_once_done():
    win = window(True)
    for _ in range(lookahead.QUIET_FRAMES - 1):
        win.frame(1 / 60)
    assert win.ahead.probes == 0  # not yet: the look has just settled
    settle(win)
    done = win.ahead.wrapped
    for _ in range(20):
        win.frame(1 / 60)
    assert win.ahead.wrapped == done  # the same layout: nothing more to build


def test_neighbours_are_one_size_up_and_down_within_the_scales():
    ahead = lookahead.Lookahead(UI_SCALES)
    assert ahead.neighbours(1.0) == [1.25, 0.75]
    assert ahead.neighbours(UI_SCALES[0]) == [UI_SCALES[1]]
    assert ahead.neighbours(UI_SCALES[-1]) == [UI_SCALES[-2]]


def test_the_other_languages_catalogs_are_compiled_in_the_background_before_a_pick(monkeypatch):
    import babel.messages.pofile

    from exoviz import i18n

    i18n.load.cache_clear()
    win = window(True)
    settle(win, frames=lookahead.QUIET_FRAMES + 2)
    assert win.ahead.catalogs is not None and win.ahead.catalogs.name == "exoviz-catalogs"
    win.ahead.catalogs.join(30)
    read = []
    monkeypatch.setattr(babel.messages.pofile, "read_po", lambda *a, **k: read.append(a))
    try:
        win.run_command(Command("language", "es"))
        win.frame(1 / 60)
        assert read == []  # nothing parsed in the frame of the pick
        assert i18n._("Pause") == "Pausa"
    finally:
        win.session.apply(Command("language", "en"))


class CountingGc:
    """lookahead's gc module, counting what it is asked (the process's own collector left alone)."""

    def __init__(self) -> None:
        self.collects = self.freezes = 0
        self.generations: list[int] = []

    def collect(self, generation: int = 2) -> int:
        self.collects += 1
        self.generations.append(generation)
        return 0

    def freeze(self) -> None:
        self.freezes += 1


def test_start_up_is_collected_and_frozen_once_when_settled_never_again(monkeypatch):
    fake = CountingGc()
    monkeypatch.setattr(lookahead, "gc", fake)
    win = window(True)
    for _ in range(400):
        win.frame(1 / 60)
        if fake.freezes:
            break
    assert fake.freezes == 1 and fake.collects == 1 and win.ahead.frozen
    assert fake.generations == [1]  # the young generations only: a full collection walked all of start-up's objects
    assert win.cold == 0 and not (win.ahead.catalogs and win.ahead.catalogs.is_alive())  # only once settled
    for cmd in ("ui_bigger", "toggle_theme", "ui_smaller", "toggle_theme"):  # keys, and quiet frames after each
        win.run_command(Command(cmd))
        for _ in range(lookahead.QUIET_FRAMES + 5):
            win.frame(1 / 60)
    assert (fake.freezes, fake.collects) == (1, 1)


def test_no_freeze_before_the_first_look_ahead_or_in_an_offscreen_window(monkeypatch):
    fake = CountingGc()
    monkeypatch.setattr(lookahead, "gc", fake)
    win = window(True)
    for _ in range(lookahead.QUIET_FRAMES):  # still building (or cold): nothing yet
        win.frame(1 / 60)
    assert fake.freezes == 0
    off = window(False)  # recordings and screenshots: no look ahead, no freeze
    for _ in range(60):
        off.frame(1 / 60)
    assert fake.freezes == 0 and not off.ahead.frozen


def test_after_the_freeze_a_full_collection_walks_a_fraction_of_the_objects():
    import gc

    win = window(True)
    try:
        for _ in range(400):
            win.frame(1 / 60)
            if win.ahead.frozen:
                break
        assert win.ahead.frozen
        walked = len(gc.get_objects(2)) + len(gc.get_objects(1)) + len(gc.get_objects(0))
        assert gc.get_freeze_count() > 5 * max(walked, 1)  # what a full collection would walk, against before
    finally:
        gc.unfreeze()
