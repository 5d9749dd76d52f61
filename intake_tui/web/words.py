"""The kiosk page's own few words, per language (the app's are in its catalogue).

English is the fallback for a language without an entry here.
"""

from __future__ import annotations

ENGLISH = "en"
PAGE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "ended": "Session ended. Your answers so far are kept for the clinic's staff.",
        "again": "Start again",
        "full": "All of this kiosk's places are in use. Please try again in a moment.",
    },
    "es": {
        "ended": "Sesión terminada. Sus respuestas hasta ahora se guardan para el personal "
        "de la clínica.",
        "again": "Empezar de nuevo",
        "full": "Todos los puestos de este quiosco están en uso. Vuelva a intentarlo en un "
        "momento.",
    },
}


def page_language(language: str) -> str:
    """The page's lang attribute: the base language (``es`` for ``es_MX``)."""
    return language.split("_", 1)[0].lower() or ENGLISH


def page_words(language: str) -> dict[str, str]:
    """The page's words in ``language``, in English where it has none."""
    words = PAGE_WORDS.get(language) or PAGE_WORDS.get(page_language(language), {})
    return {**PAGE_WORDS[ENGLISH], **words}
