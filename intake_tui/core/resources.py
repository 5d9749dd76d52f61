"""Where the bundled question bank lives, in a checkout and in an installed wheel."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED_DIR_NAME = "bundled_questions"


def bundled_questions_dir() -> Path:
    """The folder holding the bundled questionnaire, protocol data and settings.

    An installed wheel ships it as package data (``intake_tui/bundled_questions``);
    a checkout or editable install reads the top-level ``questions/`` folder.
    """
    packaged = resources.files("intake_tui").joinpath(BUNDLED_DIR_NAME)
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "questions"
