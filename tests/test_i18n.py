"""Languages: the Spanish catalog is complete and up to date with the sources, its placeholders match, --lang and
the window's language menu change what is drawn, and a bad --lang is one line and exit code 2."""

import re
import subprocess
import sys
from pathlib import Path

import pygame
import pygame_gui
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from exoviz import i18n
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session
from exoviz.ui.window import Window

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "Msg": None, "ngettext": (1, 2)}  # as in babel.cfg's command line
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def template():
    with open(ROOT / "assets" / "locale" / "exoviz.pot", "rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def spanish():
    with open(i18n.catalog_path("es"), "rb") as f:
        return read_po(f, locale="es")


def test_template_is_up_to_date_with_the_sources(template):
    """Extract the messages of exoviz/ in memory, as pybabel extract does, and compare with exoviz.pot."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=[("exoviz/**.py", "python")], keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    in_pot = {m.id for m in template if m.id}
    assert found - in_pot == set(), "new messages: run pybabel extract (README, Languages)"
    assert in_pot - found == set(), "messages gone from the sources: run pybabel extract and update"


def test_spanish_catalog_is_complete(template, spanish):
    ids = {m.id for m in template if m.id}
    es = {m.id: m for m in spanish if m.id}
    assert ids - set(es) == set(), "missing in es"
    assert set(es) - ids == set(), "obsolete in es"
    assert [m.id for m in es.values() if not m.string] == []
    assert [m.id for m in es.values() if m.fuzzy] == []


def test_placeholders_match(spanish):
    for m in spanish:
        if m.id:
            assert sorted(PLACEHOLDER.findall(m.id)) == sorted(PLACEHOLDER.findall(m.string)), m.id


def test_translations_format_with_the_fields_the_code_gives():
    i18n.set_language("es")
    line = i18n.tr(i18n.Msg(i18n.N_("Wound sealed here in {s:.1f} s by lysosome membrane"), s=9.25))
    assert line.startswith("Herida sellada aquí en 9.2 s")
    assert i18n.tr("Full fusion") == "Fusión completa" and i18n.tr("Kiss & run") == "Beso y huida"


def test_system_language(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert i18n.system_language() == "es"
    monkeypatch.setenv("LC_ALL", "C")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANGUAGE", "fr:es")
    assert i18n.system_language() == "es"  # the first language of the list that we have
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert i18n.system_language() == "en"  # a language we have no catalog for: English


def test_bad_lang_is_one_line_and_exit_2():
    proc = subprocess.run([sys.executable, "main.py", "--lang", "xx", "--headless", "--duration", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert "en (English)" in lines[0] and "es (Español)" in lines[0] and "'xx'" in lines[0]


def test_usage_errors_come_in_the_language_asked_for():
    from exoviz.options import UsageError

    with pytest.raises(UsageError, match="debe estar entre"):
        parse(["--lang", "es", "--size", "10x10"])
    with pytest.raises(UsageError, match="argumentos no reconocidos: --nope"):
        parse(["--lang=es", "--nope"])


@pytest.fixture(scope="module")
def window_es(pygame_display):
    opts = parse(["--headless", "--duration", "1", "--size", "1280x720", "--seed", "2", "--lang", "es"])
    win = Window(Session(opts), pygame.Surface((1280, 720)), opts, windowed=False)
    win.frame(1 / 60)
    return win


def _drawn(win: Window) -> bytes:
    win.draw()
    return pygame.image.tobytes(win.screen, "RGB")


def test_lang_es_changes_what_is_drawn(window_es):
    from exoviz.captions import caption_parts
    from exoviz.ui.help import help_lines

    s = window_es.session
    i18n.set_language(s.language)
    assert s.language == "es"
    title, text, detail = caption_parts(s.world, s.hud())
    assert detail.startswith("Destacada n.º") and "Highlighted" not in detail
    assert dict(help_lines())["Space"] == "reproducir / pausa"
    assert window_es.controls.buttons["Pause"].text == "Pausa"
    spanish = _drawn(window_es)
    s.apply(Command("language", "en"))
    english = _drawn(window_es)
    assert spanish != english
    s.apply(Command("language", "es"))
    assert _drawn(window_es) == spanish  # the same frame again: only the language changed what was drawn


def test_language_menu_switches_live(window_es):
    win = window_es
    win.session.apply(Command("language", "es"))
    win.frame(1 / 60)
    menu = win.controls.language_menu
    assert menu is not None and menu.selected_option[1] == "es"
    pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu, text="EN",
                                         selected_option_id="en"))
    for _ in range(12):  # the new widgets are built over frames (ui/restyle.py): toolbar, the column block by block
        win.frame(1 / 60)
    assert win.session.language == "en" and i18n.language() == "en"
    assert win.controls.buttons["Pause"].text == "Pause"
    assert win.controls.language_menu.selected_option[1] == "en"
    assert not win.layout.scene.colliderect(win.controls.language_menu.rect)


def test_subtitles_and_burned_captions_follow_the_language(window_es):
    """Subtitles (.srt) and burned captions come from caption_parts/subtitle, in the language of the session."""
    from exoviz.captions import all_captions, subtitle

    s = window_es.session
    s.apply(Command("language", "es"))
    titles = {t for t, _x in all_captions()}
    assert "Transporte" in titles or "Gemación" in titles
    assert subtitle(s.world, s.hud()).split(":")[0] in titles


def test_no_mo_files_in_the_repository():
    assert list((ROOT / "assets" / "locale").rglob("*.mo")) == []


def test_catalog_compiles_in_memory():
    t = i18n.load("es")
    assert t.gettext("Early endosome") == "Endosoma temprano"
