"""Languages: the app's own words (``_``) and the bank's translations (bank_files.py).

The app's words are gettext-style: the English text is the key, ``_("Continue")``
gives it in the active language, and a catalogue per language
(``intake_tui/locale/<language>.toml``) holds the translations. English is the source
language: with it active, ``_`` is one dict lookup that misses and returns its
argument; no catalogue is read and Babel (core/i18n/formats.py) is never imported.

The language is chosen once per process (``use_language``, at launch), and may be
changed for one stretch of work in the current thread (``speaking``): a document is
written in its report's language whatever the app speaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

ENGLISH = "en"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
# A language code as folders and settings name it: "es", "pt_BR".
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")

_NO_TRANSLATIONS: dict[str, str] = {}
_process: tuple[str, dict[str, str]] = (ENGLISH, _NO_TRANSLATIONS)
_speaking: ContextVar[tuple[str, dict[str, str]] | None] = ContextVar("speaking", default=None)
_loaded: dict[str, dict[str, str]] = {ENGLISH: _NO_TRANSLATIONS}


def _active() -> tuple[str, dict[str, str]]:
    return _speaking.get() or _process


def _(message: str) -> str:
    """``message`` (English, the key) in the active language; itself when untranslated."""
    return _active()[1].get(message, message)


def N_(message: str) -> str:  # gettext's name for it
    """Marks English for the catalogue where it is translated later (a constant)."""
    return message


def _n(one: str, other: str, count: float) -> str:
    """The singular or the plural, translated: languages with two forms, one and other."""
    return _(one if count == 1 else other)


def current_language() -> str:
    return _active()[0]


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / f"{language}.toml"


def catalogue(language: str) -> dict[str, str]:
    """The app's words in ``language`` (read once); {} for English or no catalogue."""
    if language not in _loaded:
        import tomllib

        path = catalogue_path(language)
        try:
            messages = tomllib.loads(path.read_text(encoding="utf-8")).get("messages", {})
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            messages = {}  # a broken catalogue shows English; validate says why
        _loaded[language] = {k: v for k, v in messages.items() if isinstance(v, str) and v}
    return _loaded[language]


def use_language(language: str) -> None:
    """The process's language, chosen at launch (before the app's screens are built)."""
    global _process
    _process = (language, catalogue(language))


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """``_`` gives ``language`` for the duration, in this thread only."""
    token = _speaking.set((language, catalogue(language)))
    try:
        yield
    finally:
        _speaking.reset(token)
