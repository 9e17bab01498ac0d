"""Full garbage collections wait for quiet frames: counted with a stand-in for the gc module, never timed."""

import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session
from exoviz.ui import gc_pace
from exoviz.ui.gc_pace import DUE, NEVER, OVERDUE, QUIET_FRAMES, GcPace
from exoviz.ui.window import offscreen_window


class FakeGc:
    """gc_pace's gc module: thresholds and counts to set, collections counted (the real collector left alone)."""

    def __init__(self, due: int = DUE) -> None:
        self.threshold = (700, 10, 10)
        self.due = due
        self.full: list[int] = []  # the generation of each collection asked for

    def get_threshold(self) -> tuple[int, int, int]:
        return self.threshold

    def set_threshold(self, *t: int) -> None:
        self.threshold = tuple(t)  # type: ignore[assignment]

    def get_count(self) -> tuple[int, int, int]:
        return (0, 0, self.due)

    def collect(self, generation: int = 2) -> int:
        self.full.append(generation)
        self.due = 0
        return 0


@pytest.fixture
def fake(monkeypatch) -> FakeGc:
    f = FakeGc()
    monkeypatch.setattr(gc_pace, "gc", f)
    return f


def test_held_the_interpreter_never_starts_a_full_collection_and_release_gives_it_back(fake):
    pace = GcPace()
    pace.hold()
    assert fake.threshold == (700, 10, NEVER)
    pace.hold()  # once: the thresholds before are kept
    pace.release()
    assert fake.threshold == (700, 10, 10)


def test_a_due_collection_waits_for_quiet_frames_after_a_command(fake):
    pace = GcPace()
    pace.hold()
    pace.command()
    assert [pace.step(False) for _ in range(QUIET_FRAMES)] == [False] * QUIET_FRAMES  # the command's frames
    assert pace.step(False) and fake.full == [2]  # the first quiet frame
    assert not any(pace.step(False) for _ in range(20))  # not due again
    fake.due = DUE - 1
    assert not any(pace.step(False) for _ in range(20)) and pace.full == 1  # (not due yet: nothing to do)


def test_a_busy_stretch_defers_a_collection_until_it_is_long_overdue(fake):
    pace = GcPace()
    pace.hold()
    assert not any(pace.step(True) for _ in range(50))  # a new look being built
    assert fake.full == []
    fake.due = OVERDUE
    assert pace.step(True) and fake.full == [2]  # never deferred without end


def test_not_held_it_never_collects(fake):
    pace = GcPace()
    assert not any(pace.step(False) for _ in range(20)) and fake.full == []


@pytest.mark.usefixtures("pygame_display")
def test_a_window_collects_in_no_frame_of_a_key_or_of_the_look_it_builds(fake):
    opts = parse(["--headless", "--duration", "1", "--seed", "1", "--size", "1280x720"])
    win = offscreen_window(Session(opts), opts)
    win.ahead.enabled = True  # as in a real window
    try:
        fake.due = 0
        win.frame(1 / 60)
        assert fake.threshold[2] == NEVER
        fake.due = DUE  # due from here on
        win.run_command(Command("ui_bigger"))  # Ctrl++: a new look built over frames (ui/restyle.py)
        building = 0
        for _ in range(40):
            win.frame(1 / 60)
            restyle = win.controls._restyle
            if restyle is not None and not restyle.done:
                building += 1
                assert fake.full == []
            if fake.full:
                break
        assert building >= 2 and fake.full == [2]  # once built and quiet: one full collection
    finally:
        win.ahead.pace.release()
    assert fake.threshold == (700, 10, 10)
