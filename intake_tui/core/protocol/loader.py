"""Load the protocol tables and clinic settings, naming file and line on error."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from intake_tui.core.bank.loader import content_hash
from intake_tui.core.errors import BankError, Problem
from intake_tui.core.protocol.models import ClinicSettings, Protocol
from intake_tui.core.tomlfile import header_lines, read_toml

PROTOCOL_DIR = "protocol"
PROTOCOL_FILES = ("rules", "depth", "timeline", "longevity", "aftercare", "facts")
SETTINGS_FILE = "settings.toml"
T = TypeVar("T", bound=BaseModel)


def _locate(path: Path, loc: tuple[Any, ...]) -> tuple[int | None, str | None]:
    """Line and entry id of a pydantic error location like ('rules', 3, 'when')."""
    for depth in range(len(loc) - 1, 0, -1):
        key, index = loc[depth - 1], loc[depth]
        if isinstance(key, str) and isinstance(index, int):
            dotted = ".".join(str(p) for p in loc[: depth - 1] if isinstance(p, str))
            header = f"{dotted}.{key}" if dotted else key
            lines = header_lines(path, header)
            return (lines[index] if index < len(lines) else None), None
    return None, None


def _problems(path: Path, error: ValidationError, data: dict[str, Any]) -> list[Problem]:
    problems = []
    for detail in error.errors():
        loc = tuple(detail["loc"])
        line, _ = _locate(path, loc)
        entry_id = _entry_id(data, loc)
        where = ".".join(str(p) for p in loc)
        message = str(detail["msg"]).removeprefix("Value error, ")
        label = f"'{entry_id}' " if entry_id else ""
        prefix = f"{label}{where}: " if where else label
        problems.append(Problem(f"{prefix}{message}", file=path, line=line))
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


def _validated(model: type[T], path: Path, data: dict[str, Any]) -> T:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise BankError(_problems(path, error, data)) from None


def load_protocol(root: Path) -> Protocol:
    folder = root / PROTOCOL_DIR
    merged: dict[str, Any] = {}
    problems: list[Problem] = []
    paths = [folder / f"{name}.toml" for name in PROTOCOL_FILES]
    for name, path in zip(PROTOCOL_FILES, paths, strict=True):
        data = read_toml(path)
        if isinstance(data, Problem):
            problems.append(data)
            continue
        # Each file holds one top-level table (or array of tables) named after it.
        problems += [
            Problem(f"unknown top-level key '{key}' (expected only '{name}')", file=path)
            for key in sorted(set(data) - {name})
        ]
        part = data.get(name)
        try:
            merged[name] = _validated(_model_for(name), path, {name: part})
        except BankError as error:
            problems += error.problems
    if problems:
        raise BankError(problems)
    fields = {name: getattr(merged[name], name) for name in PROTOCOL_FILES}
    return Protocol(**fields, content_hash=content_hash(paths))


def _model_for(name: str) -> type[BaseModel]:
    """A one-field wrapper so each file is validated on its own, with its own path."""
    field = Protocol.model_fields[name]
    return _WRAPPERS.setdefault(
        name,
        type(f"_{name.title()}File", (BaseModel,), {"__annotations__": {name: field.annotation}}),
    )


_WRAPPERS: dict[str, type[BaseModel]] = {}


def load_settings(root: Path) -> ClinicSettings:
    path = root / SETTINGS_FILE
    data = read_toml(path)
    if isinstance(data, Problem):
        raise BankError([data])
    settings = _validated(ClinicSettings, path, data)
    return settings.model_copy(update={"content_hash": content_hash([path])})
