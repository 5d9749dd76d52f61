"""What the first screens need from the questions, read cheaply before the bank loads.

Only tomllib: no pydantic, no models, so the welcome screen can paint before
the full bank is loaded and validated in the background. The full load checks
all of this again and says what is wrong; here anything unreadable is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_tui.core.bank.roles import CLIENT_REFERENCE
from intake_tui.core.i18n import ENGLISH
from intake_tui.core.tomlfile import read_toml_quietly

WORDING_FILE = Path("protocol", "wording.toml")  # protocol.loader reads it in full


@dataclass(frozen=True)
class BankHeader:
    title: str
    description: str
    # The id of the question with role "client_reference", if any: the lists show it.
    reference_question: str | None = None
    # The title of each gate decision (the saved-reports list shows them).
    decision_titles: Mapping[str, str] = field(default_factory=dict)


def _reader(root: Path, language: str) -> Callable[[Path], dict[str, Any] | None]:
    """Reads a file of the folder, its texts in ``language`` (English: as written)."""
    if language == ENGLISH:
        return read_toml_quietly
    from intake_tui.core.i18n.bank_files import BankTranslation

    swap = BankTranslation(root, language).swap

    def read(path: Path) -> dict[str, Any] | None:
        data = read_toml_quietly(path)
        if data is not None:
            swap(path, data)
        return data

    return read


def read_header(root: Path, language: str = ENGLISH) -> BankHeader:
    """The header, or a neutral one if the file is unreadable (the full load will say why)."""
    read = _reader(root, language)
    header = (read(root / "questionnaire.toml") or {}).get("questionnaire")
    titles = _decision_titles(root, read)
    if not isinstance(header, dict) or "title" not in header:
        return BankHeader("Intake questionnaire", "", decision_titles=titles)
    sections = header.get("sections")
    names = [str(name) for name in sections] if isinstance(sections, list) else []
    description = str(header.get("description", ""))
    return BankHeader(str(header["title"]), description, _reference_question(root, names), titles)


def _reference_question(root: Path, sections: list[str]) -> str | None:
    """Section files are read in order only until the role is found (usually the first)."""
    for name in sections:
        questions = (read_toml_quietly(root / name) or {}).get("questions", [])
        for question in questions if isinstance(questions, list) else []:
            if isinstance(question, dict) and question.get("role") == CLIENT_REFERENCE:
                return str(question.get("id", "")) or None
    return None


def _decision_titles(root: Path, read: Callable[[Path], dict[str, Any] | None]) -> dict[str, str]:
    wording = (read(root / WORDING_FILE) or {}).get("wording", {})
    if not isinstance(wording, dict):
        return {}
    return {
        decision: str(entry["title"])
        for decision, entry in wording.items()
        if isinstance(entry, dict) and "title" in entry
    }
