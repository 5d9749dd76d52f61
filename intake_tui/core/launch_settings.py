"""The clinic's mode settings, read cheaply at launch (before the bank is loaded).

``default_mode`` is the mode the app starts in when ``--mode`` is not given;
``mode_switch`` says whether staff may switch mode inside the app ("with_initials":
they enter their initials and the switch is audit-logged) or not at all ("off").
Only tomllib here: the full load (protocol/loader.py) validates the same keys and
says what is wrong; until then anything unreadable falls back to the careful choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from intake_tui.core.i18n import ENGLISH, LANGUAGE_PATTERN
from intake_tui.core.modes import Mode, parse_mode
from intake_tui.core.resources import SETTINGS_FILE
from intake_tui.core.tomlfile import read_toml_quietly

ModeSwitch = Literal["off", "with_initials"]


@dataclass(frozen=True)
class ModeSettings:
    default_mode: Mode = "self"
    mode_switch: ModeSwitch = "with_initials"
    # The clinic's language ("en" when unreadable: the full load says what is wrong).
    language: str = ENGLISH


def read_mode_settings(root: Path) -> ModeSettings:
    """The mode settings of a question folder; self-assessment with switching off when
    the file or a value cannot be read (the full load reports the problem)."""
    data = read_toml_quietly(root / SETTINGS_FILE)
    if data is None:
        return ModeSettings(mode_switch="off")
    mode = parse_mode(str(data.get("default_mode", "self"))) or "self"
    switch = data.get("mode_switch", "with_initials")
    language = data.get("language", ENGLISH)
    usable = isinstance(language, str) and LANGUAGE_PATTERN.match(language)
    return ModeSettings(
        mode, switch if switch in get_args(ModeSwitch) else "off", language if usable else ENGLISH
    )


def clinic_language(root: Path) -> str:
    """The language a folder's settings.toml chooses ("en" if none or unreadable)."""
    return read_mode_settings(root).language


def start_language(root: Path, asked: str | None, clinic: ModeSettings) -> str | None:
    """Why the app or plain mode cannot start in the language ``asked`` (else the
    clinic's) with the question folder ``root``, or None. English always can; another
    language is checked only when chosen, so an English start imports nothing more."""
    language = asked or clinic.language
    if language == ENGLISH:
        return None
    from intake_tui.core.i18n.bank_files import language_problem

    problem = language_problem(root, language)
    return None if problem is None else f"cannot start: {problem.message}"
