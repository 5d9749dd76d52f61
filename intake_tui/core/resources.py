"""Where the bundled question bank lives, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

BUNDLED_DIR_NAME = "bundled_questions"
SETTINGS_FILE = "settings.toml"  # the clinic settings in a question folder
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def bundled_questions_dir() -> Path:
    """The folder holding the bundled questionnaire, protocol data and settings.

    An installed wheel ships it as package data (``intake_tui/bundled_questions``);
    a checkout or editable install reads the top-level ``questions/`` folder. The
    package is always installed as files (the app reads the folder with open()),
    so a path next to this module does what importlib.resources would, without
    importing zipfile and friends before the first screen.
    """
    packaged = PACKAGE_DIR / BUNDLED_DIR_NAME
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "questions"
