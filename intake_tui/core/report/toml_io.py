"""SessionReport <-> TOML text, with one clear error for a bad file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError

from intake_tui.core.errors import SessionFileError
from intake_tui.core.i18n import ENGLISH
from intake_tui.core.report.models import SessionReport
from intake_tui.core.safe_text import shown
from intake_tui.core.tomlfile import (
    TomlSyntaxError,
    UnreadableFile,
    parse_toml_text,
    read_limited,
)

MAX_SESSION_BYTES = 2 * 1024 * 1024
M = TypeVar("M", bound=BaseModel)
HEADER = "# intake-tui session report. Format: docs/report-format.md\n"


def _strip_empty(value: Any) -> Any:
    """Drop None (TOML has no null) but keep empty lists and tables."""
    if isinstance(value, dict):
        return {k: _strip_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_strip_empty(v) for v in value]
    return value


def dumps_report(report: SessionReport) -> str:
    data = _strip_empty(report.model_dump(mode="python", exclude_none=True))
    if data.get("language") == ENGLISH:  # absent reads as English (old reports too)
        del data["language"]
    return HEADER + tomli_w.dumps(data)


def parse_session_text(text: str, source: str) -> dict[str, Any]:
    """Session file text as plain data, or one clear SessionFileError naming ``source``."""
    try:
        return parse_toml_text(text)
    except TomlSyntaxError as error:
        where = f"{source}:{error.line}" if error.line else source
        detail = str(error).removeprefix("is not valid TOML")
        raise SessionFileError(f"{where}: not a valid TOML file{detail}") from None
    except UnreadableFile as error:
        raise SessionFileError(f"{source}: not a valid session file: it {error}") from None


def validate_session(model: type[M], data: dict[str, Any], source: str) -> M:
    """``data`` as ``model`` (the whole report, or just a part of it), or one clear error."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = shown(".".join(str(p) for p in first["loc"]) or "file", 60)
        message = shown(str(first["msg"]).removeprefix("Value error, "), 120)
        raise SessionFileError(f"{source}: not a valid session file ({where}: {message})") from None


def loads_report(text: str, source: str = "<text>") -> SessionReport:
    return validate_session(SessionReport, parse_session_text(text, source), source)


def read_session_data(path: Path) -> dict[str, Any]:
    """A session file's TOML as plain data, refusing huge, unreadable or binary files."""
    return parse_session_text(read_session_text(path), str(path))


def read_session_text(path: Path) -> str:
    """A session file's text, refusing huge, unreadable or binary files."""
    try:
        raw = read_limited(path, MAX_SESSION_BYTES)
    except UnreadableFile as error:
        raise SessionFileError(f"{path}: not a session file: {error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError(f"{path}: not a text file") from None
    return text


def read_report(path: Path) -> SessionReport:
    return validate_session(SessionReport, read_session_data(path), str(path))
