"""Languages: every string a user reads goes through _() here; catalogs are gettext .po files in assets/locale.

The catalogs are managed with Babel (extract the template, update, translate; see the README). At run time the
chosen language's .po is compiled in memory (Babel's mofile) and handed to the standard library's gettext, so no
compiled files live in the repository. Constants that are defined before a language is chosen are marked with
N_() and translated where they are shown, so switching language in the window takes effect at once.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "assets" / "locale"
DOMAIN = "exoviz"
# code -> the language's own name (what the language menu shows); English is the source language.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_code = "en"


def N_(message: str) -> str:
    """Mark a constant for translation without translating it now (it is translated where it is shown)."""
    return message


def _(message: str) -> str:
    """The message in the current language (itself when there is no translation)."""
    return _current.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def language() -> str:
    """The current language code."""
    return _code


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(code: str) -> gettext.NullTranslations:
    """Translations for a language code (English: the messages themselves)."""
    if code == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(catalog_path(code), "rb") as f:
        catalog = read_po(f, locale=code)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(code: str) -> None:
    """Switch every later _() to this language (a code in LANGUAGES; ValueError otherwise)."""
    global _current, _code
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose one of: {', '.join(LANGUAGES)}")
    _current, _code = load(code), code


def system_language() -> str:
    """The system locale's language if we have it, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    return code if code in LANGUAGES else "en"
