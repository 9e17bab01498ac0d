"""Languages: every string a user reads goes through _() here; catalogs are gettext .po files in assets/locale.

The catalogs are managed with Babel (extract the template, update, translate; see the README). At run time the
chosen language's .po is compiled in memory (Babel's mofile) and handed to the standard library's gettext, so no
compiled files live in the repository. Constants that are defined before a language is chosen are marked with
N_() and translated where they are shown, so switching language in the window takes effect at once. The model
(exoviz.sim) stays language-neutral: it keeps Msg objects (an N_-marked template and its numbers), which the
screen translates and formats with tr().
"""

from __future__ import annotations

import gettext
import io
import locale
import os
from functools import cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parents[1] / "assets" / "locale"
DOMAIN = "exoviz"
# code -> the language's own name (what the language menu shows); English is the source language.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_code = "en"


def N_(message: str) -> str:
    """Mark a constant for translation without translating it now (it is translated where it is shown)."""
    return message


_memo: dict[str, str] = {}  # message -> its translation in the current language (emptied by set_language)
MEMO_MAX = 8192  # strings remembered before the memo starts afresh (text with numbers passes here too)


def _(message: str) -> str:
    """The message in the current language (itself when there is no translation); remembered per language."""
    got = _memo.get(message)
    if got is None:
        got = _current.gettext(message) if message else message
        if len(_memo) >= MEMO_MAX:
            _memo.clear()
        _memo[message] = got
    return got


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


class Msg:
    """A message kept untranslated: an N_-marked template with {fields} and the values that fill them.

    The model stores these (scale notes, readout lines) so that it never depends on the language; tr() (or
    str()) translates the template in the current language and formats it. A value that is itself a Msg is
    translated too; plain values (numbers, names) are formatted as they are.
    """

    __slots__ = ("text", "args")

    def __init__(self, text: str, **args: Any) -> None:
        self.text = text
        self.args = args

    def __str__(self) -> str:
        return tr(self)

    def __repr__(self) -> str:
        return f"Msg({self.text!r}{''.join(f', {k}={v!r}' for k, v in self.args.items())})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.text, self.args) == (other.text, other.args)

    def __hash__(self) -> int:
        return hash((self.text, tuple(sorted((k, repr(v)) for k, v in self.args.items()))))


Text = str | Msg  # what a label, note or readout line may be before it is shown


def tr(message: Text) -> str:
    """A str or Msg in the current language, its fields filled in."""
    if isinstance(message, Msg):
        text = _(message.text)
        if not message.args:
            return text
        return text.format(**{k: tr(v) if isinstance(v, Msg) else v for k, v in message.args.items()})
    return _(message)


def language() -> str:
    """The current language code."""
    return _code


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def load(code: str) -> gettext.NullTranslations:
    """Translations for a language code (English: the messages themselves); compiled once per run."""
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


def choices() -> str:
    """The languages as a user types them, with their names: 'en (English), es (Español)'."""
    return ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())


def set_language(code: str) -> None:
    """Switch every later _() to this language (a code in LANGUAGES; ValueError otherwise)."""
    global _current, _code
    if code not in LANGUAGES:
        raise ValueError(_("unknown language {code!r}; choose one of: {choices}").format(code=code, choices=choices()))
    _current, _code = load(code), code
    _memo.clear()


def _code_of(value: str) -> str | None:
    """The language code of a locale name ('es_ES.UTF-8' -> 'es'; 'C' and 'POSIX' -> 'en'), None if unknown."""
    code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].strip().lower()
    if code in ("c", "posix"):
        return "en"
    return code if code in LANGUAGES else None


def system_language() -> str:
    """The system locale's language if we have it, else English.

    As GNU gettext reads them: LANGUAGE (a list, the first language we have wins), then LC_ALL, LC_MESSAGES
    and LANG (the first that is set decides)."""
    for value in os.environ.get("LANGUAGE", "").split(":"):
        code = _code_of(value) if value else None
        if code:
            return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return _code_of(value) or "en"
    return _code_of(locale.getlocale()[0] or "en") or "en"
