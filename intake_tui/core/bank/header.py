"""The questionnaire's title and description, read cheaply for the first screen.

Only tomllib: no pydantic, no models, so the welcome screen can paint before
the full bank is loaded and validated in the background.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BankHeader:
    title: str
    description: str


def read_header(root: Path) -> BankHeader:
    """The header, or a neutral one if the file is unreadable (the full load will say why)."""
    try:
        data = tomllib.loads((root / "questionnaire.toml").read_text(encoding="utf-8"))
        header = data["questionnaire"]
        return BankHeader(str(header["title"]), str(header.get("description", "")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return BankHeader("Intake questionnaire", "")
