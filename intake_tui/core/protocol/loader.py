"""Load the protocol tables and clinic settings, naming file and line on error."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from intake_tui.core.bank.loader import TextSwap, content_hash, key_line
from intake_tui.core.bank.named import NamedConditions, load_named_conditions
from intake_tui.core.errors import BankError, Problem
from intake_tui.core.protocol.models import ClinicSettings, Protocol
from intake_tui.core.resources import SETTINGS_FILE
from intake_tui.core.tomlfile import header_lines, read_lines, read_toml

PROTOCOL_DIR = "protocol"
PROTOCOL_FILES = ("rules", "depth", "timeline", "longevity", "aftercare", "facts", "wording")
T = TypeVar("T")


def _line(path: Path, loc: tuple[Any, ...]) -> int | None:
    """The line of the array-of-tables entry a pydantic error points into, e.g. ('rules', 3),
    or of a top-level key, e.g. ('time_zone',)."""
    if len(loc) == 1 and isinstance(loc[0], str):
        return _top_level_key_line(path, loc[0])
    for depth in range(len(loc) - 1, 0, -1):
        key, index = loc[depth - 1], loc[depth]
        if isinstance(key, str) and isinstance(index, int):
            dotted = ".".join(str(p) for p in loc[: depth - 1] if isinstance(p, str))
            lines = header_lines(path, f"{dotted}.{key}" if dotted else key)
            return lines[index] if index < len(lines) else None
    keys = [str(part) for part in loc if isinstance(part, str)]
    if not keys:
        return None
    # A plain table: the line of the key (or of the table, for a missing key).
    return key_line(path, ".".join(keys[:-1]), keys[-1]) or key_line(path, "", keys[0])


def _top_level_key_line(path: Path, key: str) -> int | None:
    """The line setting ``key`` before the file's first table, if it is there."""
    for number, line in enumerate(read_lines(path), start=1):
        text = line.strip()
        if text.startswith("["):
            return None
        if text.split("=", 1)[0].strip() == key and "=" in text:
            return number
    return None


def _problems(path: Path, error: ValidationError, data: Any, within: str) -> list[Problem]:
    problems = []
    for detail in error.errors():
        loc = (within, *detail["loc"]) if within else tuple(detail["loc"])
        entry_id = _entry_id(data, loc)
        where = ".".join(str(p) for p in loc)
        message = str(detail["msg"]).removeprefix("Value error, ")
        label = f"'{entry_id}' " if entry_id else ""
        prefix = f"{label}{where}: " if where else label
        problems.append(Problem(f"{prefix}{message}", file=path, line=_line(path, loc)))
    return problems


def _entry_id(data: Any, loc: tuple[Any, ...]) -> str | None:
    node = data
    found = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _validated(validate: Callable[[Any], T], path: Path, data: Any, within: str = "") -> T:
    """``validate`` the file's data (or its ``within`` table); errors name file and line."""
    try:
        return validate(data.get(within) if within else data)
    except ValidationError as error:
        raise BankError(_problems(path, error, data, within)) from None


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    """Each protocol file is validated on its own, so errors carry its own path."""
    annotation = Protocol.model_fields[name].annotation
    assert annotation is not None, f"Protocol.{name} has a type"
    return TypeAdapter(annotation)


def load_protocol(
    root: Path, named: NamedConditions | None = None, texts: TextSwap | None = None
) -> Protocol:
    """``named``: the folder's named conditions, read by the caller (None: read here;
    their problems are the bank's to report). ``texts``: another language's (None: English)."""
    folder = root / PROTOCOL_DIR
    parts: dict[str, Any] = {}
    problems: list[Problem] = []
    if named is None:
        named, _reported_by_the_bank = load_named_conditions(root)
    paths = [folder / f"{name}.toml" for name in PROTOCOL_FILES]
    for name, path in zip(PROTOCOL_FILES, paths, strict=True):
        data = read_toml(path)
        if isinstance(data, Problem):
            problems.append(data)
            continue
        if texts is not None:
            texts(path, data)
        # Each file holds one top-level table (or array of tables) named after it.
        problems += [
            Problem(
                f"unknown top-level key '{key}' (expected only '{name}')",
                file=path,
                line=key_line(path, "", key),
            )
            for key in sorted(set(data) - {name})
        ]
        try:
            validate = partial(_adapter(name).validate_python, context=named.context)
            parts[name] = _validated(validate, path, data, within=name)
        except BankError as error:
            problems += error.problems
    if problems:
        raise BankError(problems)
    hashed = [*paths, *([named.path] if named.path else [])]
    return Protocol(**parts, content_hash=content_hash(hashed))


def load_settings(root: Path, texts: TextSwap | None = None) -> ClinicSettings:
    path = root / SETTINGS_FILE
    data = read_toml(path)
    if isinstance(data, Problem):
        raise BankError([data])
    if texts is not None:
        texts(path, data)
    settings = _validated(ClinicSettings.model_validate, path, data)
    return settings.model_copy(update={"content_hash": content_hash([path])})
