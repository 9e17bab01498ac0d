"""Layout at every window size and text scale: nothing overlaps, nothing leaves the window, nothing is clipped."""

import itertools

import pygame
import pytest
from tiers import sampled

from exoviz.cli import parse
from exoviz.session import Session
from exoviz.ui.window import Window

pytestmark = pytest.mark.usefixtures("pygame_display")

SIZES = [(800, 600), (1280, 720), (1920, 1080), (3840, 2160)]
SCALES = [0.75, 1.0, 1.5, 3.0]


def window(size, scale, *args) -> Window:
    opts = parse(["--headless", "--duration", "1", "--size", f"{size[0]}x{size[1]}", "--ui-scale", str(scale),
                  *args])
    win = Window(Session(opts), pygame.Surface(size), opts, windowed=False)
    win.session.world.run(30)
    win.frame(1 / 60)
    return win


def widget_rects(win: Window) -> list[pygame.Rect]:
    c = win.controls
    menus = [m.rect for m in (c.cell_menu, c.language_menu) if m is not None]
    return ([b.rect for b in c.buttons.values()] + [s.rect for s in c.sliders]
            + [lab.rect for _, lab, _ in c.sliders.values()] + menus)


def check(win: Window) -> None:
    screen = win.screen.get_rect()
    lay = win.layout
    widgets = widget_rects(win)
    texts = [r for r in win.text_rects if r.w and r.h]
    assert widgets and texts
    for r in widgets + texts:
        assert screen.contains(r), r
    for a, b in itertools.combinations(widgets, 2):
        assert not a.colliderect(b), (a, b)
    for t in texts:
        assert t.collidelist(widgets) < 0, t
    scene_texts = [r for r in texts if r.colliderect(lay.scene)]
    for a, b in itertools.combinations(scene_texts, 2):
        assert not a.colliderect(b), (a, b)  # labels, clock, scale bar, messages never overlap
    if lay.caption is not None:
        assert not lay.caption.colliderect(lay.scene)
        assert lay.caption.h > 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_no_overlaps_at_any_size_and_scale(size, scale):
    check(window(size, scale))


@pytest.mark.parametrize("args", [("--mode", "kiss-and-run", "--theme", "projector"), ("--mode", "exosome")])
def test_no_overlaps_in_the_other_modes_and_themes(args):
    for size in ((800, 600), (1920, 1080)):
        check(window(size, 1.5, *args))


def test_the_caption_strip_keeps_its_height_from_frame_to_frame():
    win = window((1280, 720), 1.0)
    heights = set()
    for _ in range(120):
        win.frame(1 / 60)
        heights.add(win.layout.caption.h)
    assert len(heights) == 1


def test_captions_are_28_px_at_1080p_and_buttons_scale_with_the_ui():
    from exoviz.render.caption_strip import fonts

    win = window((1920, 1080), 1.0)
    assert fonts(win.renderer, win.layout.unit)[1] >= 28
    small = window((1280, 720), 1.0).controls.buttons["Pause"].rect.h
    big = window((1280, 720), 1.5).controls.buttons["Pause"].rect.h
    assert big > small * 1.3


def test_tiny_window_with_huge_text_still_fits():
    check(window((800, 600), 3.0))
    win = window((320, 240), 3.0)
    assert all(win.screen.get_rect().contains(r) for r in widget_rects(win))


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_view_panels_have_labels_bars_and_no_overlaps(size):
    from exoviz.commands import Command

    win = window(size, 1.0)
    win.run_command(Command("compare"))
    for _ in range(30):
        win.frame(1 / 60)
    check(win)
    assert "Trigger all three (S)" in win.controls.buttons
    cams = [r for r in win.text_rects if r.h and r.w]
    assert len(cams) > 6  # three headers, three bars, labels and the column


@pytest.mark.parametrize("mode, seconds", sampled([(m, t) for m in ("full-fusion", "kiss-and-run", "exosome")
                                                   for t in (10, 30)], [("full-fusion", 10)]))  # exosome: below
def test_labels_never_overlap_while_playing(mode, seconds):
    """Scene labels never overlap: 10 s of playback per mode by default, 30 s in the slow tier."""
    from fractions import Fraction

    win = window((1280, 720), 1.0, "--mode", mode)
    s = win.session
    for k in range(seconds * 6):  # the playback, drawn every 1/6 s
        for _ in range(10):
            s.tick(Fraction(1, 60), realtime=False)
        win.draw()
        scene = [r for r in win.renderer.rects if r.w and r.h]
        for a, b in itertools.combinations(scene, 2):
            assert not a.colliderect(b), (k, a, b)


@pytest.mark.parametrize("looks", sampled([60, 120], [60]))  # 15 s by default, 30 s in the slow tier
def test_exosome_labels_stay_on_their_body(looks):
    from fractions import Fraction

    from exoviz.render.scene_exosome import PICKS
    from exoviz.render.scene_views import view_for

    win = window((1280, 720), 1.0, "--mode", "exosome", "--lysosome-fraction", "0.3")
    s = win.session
    view = view_for("exosome")
    history: dict[str, list[int]] = {text: [] for text, _, _ in PICKS}
    for _ in range(looks):
        for _ in range(15):
            s.tick(Fraction(1, 60), realtime=False)
        before = dict(view._chosen)
        win.draw()
        for text, stages, _ in PICKS:
            uid = before.get(text, -1)
            if uid >= 0 and view._chosen[text] != uid:  # a label moved: its body had left that kind
                slot = s.world.ves.index_of_uid(uid)
                assert slot < 0 or int(s.world.ves.stage[slot]) not in stages
            history[text].append(view._chosen.get(text, -1))
    mvb = history["Multivesicular body (MVB)"]
    assert sum(a != b for a, b in zip(mvb, mvb[1:])) < len(mvb) / 8  # holds for seconds at a time


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_help_box_fits_the_window_with_readable_text(size, lang):
    """Every binding and mouse action inside the window (long descriptions wrap rather than run off), and the
    text no smaller than 9 px."""
    from exoviz.commands import Command
    from exoviz.i18n import _
    from exoviz.ui import help as help_overlay

    win = window(size, 1.0, "--lang", lang)
    seen = []
    real = win.renderer.text.render

    def spy(text, px, *a, **k):
        seen.append((text, px))
        return real(text, px, *a, **k)

    win.renderer.text.render = spy
    rect = help_overlay.draw_help(win.screen, win.renderer, win.theme)
    assert win.screen.get_rect().contains(rect), (rect, size)
    drawn = " ".join(str(t) for t, _px in seen)
    for key, what in help_overlay.help_lines() + [(_(k), _(d)) for k, d in help_overlay.MOUSE]:
        assert key in drawn and all(word in drawn for word in what.split()), (key, what)
    assert min(px for _t, px in seen) >= 9
    win.session.apply(Command("language", "en"))


@pytest.mark.parametrize("size, theme", sampled(itertools.product([(1280, 720), (1920, 1080)], ["dark", "projector"]),
                                                [((1280, 720), "projector")]), ids=str)
def test_no_overlaps_in_spanish(size, theme):
    """Spanish labels are longer: the layout still fits them (fit.py measures them in the language shown)."""
    from exoviz.commands import Command
    from exoviz.ui.fit import fits

    for mode in ("full-fusion", "kiss-and-run", "exosome"):
        win = window(size, 1.0, "--lang", "es", "--mode", mode, "--theme", theme)
        assert win.controls.buttons["Pause"].text == "Pausa"
        check(win)
        assert fits(win.layout, theme)
    win.run_command(Command("compare"))
    for _ in range(3):
        win.frame(1 / 60)
    check(win)
    win.session.apply(Command("language", "en"))


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size,theme", [((800, 600), "dark"), ((1280, 720), "dark"), ((1920, 1080), "projector")],
                         ids=lambda s: f"{s[0]}x{s[1]}" if isinstance(s, tuple) else s)
def test_cell_menu_entries_fit_their_menu_without_a_cut_word(size, theme, lang):
    """Long preset names lose their parenthesis (then words, with "…") rather than being cut mid-word, and stay
    one distinct entry per preset (at 1920x1080 projector both pancreatic cells read "Pancreatic…": Details then
    takes a row of its own and leaves the cell menu the width)."""
    from exoviz.commands import Command
    from exoviz.ui.textfit import noto
    from exoviz.ui.widget_theme import load_theme

    win = window(size, 1.0, "--lang", lang, "--theme", theme)
    try:
        menu = win.controls.cell_menu
        px = int(load_theme(win.session.theme, win.layout.unit)["defaults"]["font"]["size"])
        room = menu.rect.w - menu.rect.h - 8
        entries = [text for text, _id in menu.options_list]
        assert len(entries) == len(set(entries)) >= 8  # still one distinct entry per preset
        for text in entries:
            assert noto(px, True).size(text)[0] <= room, text
    finally:
        win.session.apply(Command("language", "en"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_800x600_keeps_its_widgets_and_the_on_off_labels_fit(lang):
    """At the smallest size the widgets stay in both languages, and each on/off button is wide enough for its
    longest label (the row gives each the width its labels need)."""
    from exoviz.commands import Command
    from exoviz.i18n import _
    from exoviz.ui.textfit import noto
    from exoviz.ui.toggles import TOGGLES, WOUND_BUTTON
    from exoviz.ui.widget_theme import load_theme

    win = window((800, 600), 1.0, "--lang", lang)
    try:
        assert win.layout.column is not None and win.controls.buttons
        font = noto(int(load_theme(win.session.theme, win.layout.unit)["button"]["font"]["size"]), True)
        for param, on, off, _tip in TOGGLES:
            width = win.controls.buttons[param].rect.w
            assert max(font.size(_(on))[0], font.size(_(off))[0]) + 2 <= width, (param, width)
        assert font.size(_(WOUND_BUTTON[0]))[0] + 2 <= win.controls.buttons["Wound"].rect.w
    finally:
        win.session.apply(Command("language", "en"))


def test_fill_around_leaves_the_scene_to_the_renderer():
    from exoviz.render.layout import fill_around

    screen = pygame.Surface((200, 100))
    screen.fill((255, 0, 0))
    hole = pygame.Rect(20, 10, 150, 60)
    fill_around(screen, (0, 0, 255), hole)
    for x, y in ((0, 0), (199, 99), (10, 50), (180, 50), (100, 5), (100, 80)):
        assert screen.get_at((x, y))[:3] == (0, 0, 255)
    for x, y in ((20, 10), (169, 69), (100, 40)):
        assert screen.get_at((x, y))[:3] == (255, 0, 0)
