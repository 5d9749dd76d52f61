"""One way in: every file the program reads goes through ``read_limited``.

A regular file only (a FIFO would hang, a device never ends, a folder is no file),
opened without blocking and checked on the opened descriptor, so what is checked
is what is read; at most the byte limit is read, whatever ``stat`` claimed.
Parsed data is then checked for depth, length and value ranges before any model
sees it. Every failure is one sentence naming the file (and line when known).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from intake_tui.core.errors import Problem, file_kind
from intake_tui.core.limits import shape_problem
from intake_tui.core.safe_text import shown

MAX_DATA_FILE_BYTES = 5 * 1024 * 1024
_LINE_IN_MESSAGE = re.compile(r"line (\d+)")
_READ_CHUNK = 1 << 20


class UnreadableFile(Exception):
    """A file that must not or cannot be read; the message is the reason (no path)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.line = line


class TomlSyntaxError(UnreadableFile):
    """The bytes are not TOML (as opposed to TOML that breaks a limit)."""


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except FileNotFoundError:
        raise UnreadableFile("file not found") from None
    except IsADirectoryError:
        raise UnreadableFile("expected a file but found a folder") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or type(error).__name__})") from None


def read_limited(path: Path, max_bytes: int = MAX_DATA_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed); raise UnreadableFile
    for anything else, or for more than ``max_bytes`` actually read."""
    fd = _open(path)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile("expected a file but found a folder")
        if not stat.S_ISREG(mode):
            raise UnreadableFile(f"is {file_kind(mode)}, not a regular file")
        chunks: list[bytes] = []
        left = max_bytes + 1  # one byte more tells a file over the limit
        while left > 0 and (chunk := os.read(fd, min(left, _READ_CHUNK))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or type(error).__name__})") from None
    finally:
        os.close(fd)
    if left <= 0:
        raise UnreadableFile(f"file is too large (more than {max_bytes:,} bytes)")
    return b"".join(chunks)


def read_lines(path: Path) -> list[str]:
    """The file's lines for locating a problem; [] if it cannot be read (the load that
    found the problem has already said why)."""
    try:
        return read_limited(path).decode("utf-8").splitlines()
    except (UnreadableFile, UnicodeDecodeError):
        return []


def parse_toml(raw: bytes) -> dict[str, Any]:
    """Parsed, shape-checked TOML; raise UnreadableFile (with ``.line`` when known)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile("is not UTF-8 text") from None
    return parse_toml_text(text)


def parse_toml_text(text: str) -> dict[str, Any]:
    """As ``parse_toml``, for text already decoded."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _LINE_IN_MESSAGE.search(str(error))
        line = int(found.group(1)) if found else None
        raise TomlSyntaxError(f"is not valid TOML ({shown(error, 80)})", line) from None
    except RecursionError:
        raise UnreadableFile("is nested too deeply") from None
    except ValueError:  # tomllib lets a few through: a 5,000-digit number, year 0
        raise UnreadableFile("holds a number or date that cannot be read") from None
    problem = shape_problem(data)
    if problem:
        raise UnreadableFile(f"is not accepted ({problem})")
    return data


def read_toml(path: Path, *, max_bytes: int = MAX_DATA_FILE_BYTES) -> dict[str, Any] | Problem:
    """The parsed file, or a Problem naming the file (and line) that is wrong."""
    try:
        return parse_toml(read_limited(path, max_bytes))
    except UnreadableFile as error:
        return Problem(str(error), file=path, line=error.line)


def read_toml_quietly(path: Path) -> dict[str, Any] | None:
    """The parsed file, or None: for cheap early reads whose full load names problems."""
    data = read_toml(path)
    return None if isinstance(data, Problem) else data


def header_lines(path: Path, header: str) -> list[int]:
    """1-based line numbers of each ``[[header]]`` array-of-tables entry in a file."""
    marker = f"[[{header}]]"
    return [
        n for n, line in enumerate(read_lines(path), start=1) if line.strip().startswith(marker)
    ]
