"""Reading TOML files into plain data with one clear error per failure."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from intake_tui.core.errors import Problem

MAX_DATA_FILE_BYTES = 5 * 1024 * 1024
_LINE_IN_MESSAGE = re.compile(r"line (\d+)")


def read_toml(path: Path, *, max_bytes: int = MAX_DATA_FILE_BYTES) -> dict[str, Any] | Problem:
    """The parsed file, or a Problem naming the file (and line) that is wrong."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(f"file is too large ({size} bytes; at most {max_bytes})", file=path)
        raw = path.read_bytes()
    except FileNotFoundError:
        return Problem("file not found", file=path)
    except IsADirectoryError:
        return Problem("expected a file but found a folder", file=path)
    except OSError as error:
        return Problem(f"cannot be read ({error.strerror or error})", file=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Problem("is not UTF-8 text", file=path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _LINE_IN_MESSAGE.search(str(error))
        line = int(found.group(1)) if found else None
        return Problem(f"is not valid TOML ({error})", file=path, line=line)


def header_lines(path: Path, header: str) -> list[int]:
    """1-based line numbers of each ``[[header]]`` array-of-tables entry in a file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    marker = f"[[{header}]]"
    return [n for n, line in enumerate(lines, start=1) if line.strip().startswith(marker)]
