"""One layout for everything over the scene (render/overlays.py): the subject is never covered, no two overlays
meet, everything lies inside the window; what must give way shrinks, then moves, then hides."""

import itertools
import json
from fractions import Fraction

import pygame
import pytest

from exoviz.cli import main, parse
from exoviz.commands import Command
from exoviz.render.overlays import CLOCK, CLOSEUP, HINT, LEDGER, MESSAGE, ORDER, REC, TRACES, Overlay, plan_overlays
from exoviz.session import Session
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")
FRAME = Fraction(1, 60)


def check_rects(window: pygame.Rect, subject, overlays: dict, labels: list) -> None:
    """The subject meets no overlay or label, no two overlays (labels included) meet, all lie in the window."""
    boxes = [(name, pygame.Rect(r)) for name, r in overlays.items()] + [(f"label{k}", pygame.Rect(r))
                                                                         for k, r in enumerate(labels)]
    for name, r in boxes:
        assert window.contains(r), (name, r)
        if subject is not None:
            assert not r.colliderect(pygame.Rect(subject)), (name, r, subject)
    for (na, a), (nb, b) in itertools.combinations(boxes, 2):
        assert not a.colliderect(b), (na, a, nb, b)


def check_window(win: Window) -> None:
    plan = win.plan
    d = plan.describe()
    check_rects(win.screen.get_rect(), d["subject"], d["overlays"], d["labels"])


# -- the planner itself -------------------------------------------------------------------------------------------
def test_the_order_is_written_down_and_the_disclosure_has_its_slot():
    assert ORDER.index("caption") < ORDER.index("clock") < ORDER.index("disclosure") < ORDER.index("closeup")
    assert ORDER.index("closeup") < ORDER.index("traces") < ORDER.index("labels") < ORDER.index("message")
    assert ORDER[-2:] == (HINT, REC)


def test_an_overlay_shrinks_in_place_then_moves_then_hides():
    scene = pygame.Rect(0, 0, 800, 600)
    subject = pygame.Rect(420, 30, 40, 40)  # in the way of the big clock only
    big, small = (400, 100), (300, 80)
    clock = Overlay(CLOCK, [big, small], ("topright", "topleft"))
    plan = plan_overlays(scene, scene, subject, [clock], 8)
    assert plan.size[CLOCK] == 1 and plan.rects[CLOCK].topright == (792, 8)  # shrank, kept its place
    subject = pygame.Rect(700, 10, 80, 80)  # now even the small one meets it there
    plan = plan_overlays(scene, scene, subject, [clock], 8)
    moved = plan.rects[CLOCK]
    assert plan.size[CLOCK] == 0 and moved.topright != (792, 8)  # moved, at its largest size again
    assert moved.top >= subject.bottom + 8 and moved.right == 792  # pushed clear: just under what was in the way
    huge = Overlay(CLOSEUP, [(790, 590)])
    plan = plan_overlays(scene, scene, subject, [clock, huge], 8)
    assert CLOSEUP in plan.hidden and CLOSEUP not in plan.rects  # no room left: hidden (key I brings it back)


def test_an_overlay_keeps_its_place_while_it_is_free():
    scene = pygame.Rect(0, 0, 800, 600)
    inset = Overlay(CLOSEUP, [(300, 200)], ("topright", "topleft"))
    first = plan_overlays(scene, scene, pygame.Rect(100, 300, 50, 50), [inset], 8)
    assert first.rects[CLOSEUP].topright == (792, 8)
    inset = Overlay(CLOSEUP, [(300, 200)], ("topleft", "topright"))  # the body crossed the middle
    kept = plan_overlays(scene, scene, pygame.Rect(600, 300, 50, 50), [inset], 8, first)
    assert kept.rects[CLOSEUP] == first.rects[CLOSEUP]  # no jump to the other side
    pushed = plan_overlays(scene, scene, pygame.Rect(600, 100, 50, 50), [inset], 8, first)
    assert pushed.rects[CLOSEUP].topleft == (8, 8)  # its old place is taken now: it moves


def test_a_higher_overlay_is_placed_first_whatever_the_order_asked():
    scene = pygame.Rect(0, 0, 800, 600)
    message = Overlay(MESSAGE, [(300, 50)], ("topright",))
    clock = Overlay(CLOCK, [(300, 50)], ("topright",))
    plan = plan_overlays(scene, scene, None, [message, clock], 8)
    assert plan.rects[CLOCK].topright == (792, 8)
    assert not plan.rects[MESSAGE].colliderect(plan.rects[CLOCK])


# -- the window: normal play, clean view, walk-through slides ----------------------------------------------------
def window(size, *args) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", *args])
    return Window(Session(opts), pygame.Surface(size), opts, windowed=False)


@pytest.mark.parametrize("clean", [False, True], ids=["panel", "clean"])
def test_play_with_chart_and_closeup_covers_nothing(clean):
    args = ["--closeup", "--chart"] + (["--clean"] if clean else [])
    win = window((1280, 720), *args)
    win.hint_left = 5.0  # the start banner, as in a real window
    win.rec.mark_line = lambda: "● REC 0:01.0"  # and a REC badge
    s = win.session
    s.apply(Command("say", ("#31 merged into the plasma membrane; the camera stays on the spot", 60.0)))
    seen = set()
    for _k in range(8 * 6):  # 8 s of playback, drawn every 1/6 s
        for _ in range(10):
            s.tick(FRAME, realtime=False)
        win.draw()
        check_window(win)
        seen |= set(win.plan.rects)
    assert {CLOSEUP, MESSAGE, HINT, REC} <= seen
    assert TRACES in seen or clean  # the chart needs room beside the close-up; clean view has the whole scene


def test_the_clock_is_one_compact_line():
    win = window((1920, 1080), "--clean", "--theme", "projector")
    win.session.tick(FRAME, realtime=False)
    win.draw()
    clock = win.plan.rects[CLOCK]
    assert clock.h < 0.08 * 1080
    assert win.plan.subject is not None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_clock_stays_one_line_in_a_narrow_scene(lang):
    """At ui-scale 2 with the Controls drawer open the scene is about 740 px wide: the clock keeps to one line
    no wider than 60 % of it (it had wrapped to three lines over half the scene)."""
    win = window((1920, 1080), "--theme", "projector", "--ui-scale", "2", "--lang", lang)
    win.run_command(Command("toggle_drawer"))
    win.session.tick(FRAME, realtime=False)
    win.draw()
    scene = win.plan.scene
    clock = win.plan.rects[CLOCK]
    assert scene.w < 0.6 * 1920  # the drawer took the rest
    assert clock.w <= 0.6 * scene.w + 16
    assert clock.h < 0.12 * 1080  # one line of text in its box
    assert LEDGER not in win.plan.rects  # the ledger card waits for the drawer to close


def test_the_hall_ledger_card_is_back_when_the_drawer_closes():
    win = window((1920, 1080), "--theme", "projector", "--ui-scale", "2")
    win.session.tick(FRAME, realtime=False)
    win.draw()
    assert LEDGER in win.plan.rects


def slides(tmp_path, *args) -> list[dict]:
    out = tmp_path / "slides"
    assert main(["--walkthrough", f"{out}/", "--quiet", *args]) == 0
    return json.loads((out / "steps.json").read_text())["steps"]


def check_steps(steps: list[dict], size: tuple[int, int]) -> None:
    assert steps
    window_rect = pygame.Rect(0, 0, *size)
    for step in steps:
        assert "subject" in step and "overlays" in step, step
        check_rects(window_rect, step["subject"], step["overlays"], step["labels"])
    assert any(step["subject"] is not None for step in steps)


@pytest.mark.parametrize("args", [("--mode", "kiss-and-run", "--size", "1920x1080", "--theme", "projector"),
                                  pytest.param(("--mode", "exosome", "--size", "1280x720", "--theme", "projector",
                                                "--ui-scale", "1.5"), marks=pytest.mark.slow)],  # 11 s: slow tier
                         ids=["kiss-and-run", "exosome"])
def test_walkthrough_steps_record_rects_that_cover_nothing(tmp_path, args):
    """A sample of the matrix below (full-fusion, the walk whose slides take longest to plan, is in it)."""
    size = tuple(int(v) for v in args[args.index("--size") + 1].split("x"))
    check_steps(slides(tmp_path, *args), size)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["full-fusion", "kiss-and-run", "exosome"])
@pytest.mark.parametrize("size", ["1280x720", "1920x1080"])
@pytest.mark.parametrize("theme", ["dark", "projector"])
@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_every_step_of_every_mode_covers_nothing(tmp_path, mode, size, theme, scale):
    steps = slides(tmp_path, "--mode", mode, "--size", size, "--theme", theme, "--ui-scale", scale)
    check_steps(steps, tuple(int(v) for v in size.split("x")))


@pytest.mark.usefixtures("pygame_display")
def test_a_label_leader_never_runs_across_the_subject_or_an_overlay():
    """The label goes to another spot rather than draw its leader line across the reticled body or the clock."""
    from exoviz.camera import Camera
    from exoviz.render.labels import place_labels
    from exoviz.render.text import TextCache
    from exoviz.render.theme import DARK

    pygame.font.init()  # the module's other tests may have closed pygame
    cam = Camera(8000.0, 4500.0, (0, 0, 800, 450))
    anchor_nm = (4000.0, 2250.0)  # the screen centre
    ax, ay = float(cam.x_to_screen(anchor_nm[0])), float(cam.y_to_screen(anchor_nm[1]))
    subject = pygame.Rect(int(ax) + 25, int(ay) - 25, 12, 12)  # on the preferred leader line, clear of its box
    placed = place_labels(cam, TextCache(1.0), [("Insulin granule", anchor_nm, (60, -45))], 15, [subject], None,
                          DARK)
    assert placed, "the label found a spot"
    _s, box, anchor = placed[0]
    assert not subject.clipline(anchor, box.center) and not box.colliderect(subject)

