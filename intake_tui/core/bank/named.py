"""Named conditions: defined once in ``conditions.toml``, used by name anywhere.

The file is optional (a bank without it simply has no names)::

    [conditions]
    adult = { question = "age", operator = "greater_than", value = 17 }
    quiz_wanted.any = ["unsure_of_skin_tone", { question = "fitz_quiz_offer", ... }]

A definition may use other names. Names are resolved here, in dependency order,
so a cycle or an unknown name is a loading error naming this file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from intake_tui.core.bank.models import ID_PATTERN
from intake_tui.core.conditions import CONDITION, NAMED_CONDITIONS, Condition
from intake_tui.core.errors import Problem
from intake_tui.core.tomlfile import read_lines, read_toml

CONDITIONS_FILE = "conditions.toml"
TABLE = "conditions"


@dataclass(frozen=True)
class NamedConditions:
    """The resolved definitions, where each is written, and those that failed."""

    path: Path | None = None
    definitions: Mapping[str, Condition] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    broken: frozenset[str] = frozenset()

    @property
    def context(self) -> dict[str, Any]:
        """The pydantic validation context that lets conditions use these names."""
        known: dict[str, Condition | None] = {name: None for name in self.broken}
        known.update(self.definitions)
        return {NAMED_CONDITIONS: known}


def load_named_conditions(root: Path) -> tuple[NamedConditions, list[Problem]]:
    """The named conditions of the bank in ``root`` (none if it has no conditions.toml)."""
    path = root / CONDITIONS_FILE
    if not path.exists():
        return NamedConditions(), []
    data = read_toml(path)
    if isinstance(data, Problem):
        return NamedConditions(path), [data]
    problems = [
        Problem(f"unknown top-level key '{key}' (expected only '{TABLE}')", file=path)
        for key in sorted(set(data) - {TABLE})
    ]
    raw = data.get(TABLE, {})
    if not isinstance(raw, dict):
        return NamedConditions(path), [*problems, Problem(f"'{TABLE}' must be a table", path)]
    lines = _definition_lines(path, list(raw))
    resolver = _Resolver(path, raw, lines)
    for name in raw:
        resolver.visit(name, [])
    named = NamedConditions(path, resolver.definitions, lines, frozenset(resolver.broken))
    return named, problems + resolver.problems


class _Resolver:
    """Validates definitions after the names they use; finds cycles on the way."""

    def __init__(self, path: Path, raw: dict[str, Any], lines: Mapping[str, int]) -> None:
        self.path, self.raw, self.lines = path, raw, lines
        self.definitions: dict[str, Condition] = {}
        self.broken: set[str] = set()
        self.problems: list[Problem] = []

    def visit(self, name: str, trail: list[str]) -> None:
        if name in self.definitions or name in self.broken:
            return
        if name in trail:
            cycle = [*trail[trail.index(name) :], name]
            self._fail(cycle[0], f"named conditions form a cycle: {' -> '.join(cycle)}")
            self.broken.update(cycle)
            return
        for used in _used_names(self.raw[name]):
            if used in self.raw:
                self.visit(used, [*trail, name])
        if name in self.broken:
            return  # part of a cycle found deeper down
        if not ID_PATTERN.match(name):
            self._fail(name, f"'{name}': names are lower_snake_case, starting with a letter")
            return
        self._validate(name)

    def _validate(self, name: str) -> None:
        context = NamedConditions(definitions=self.definitions, broken=frozenset(self.broken))
        try:
            self.definitions[name] = CONDITION.validate_python(
                self.raw[name], context=context.context
            )
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(p) for p in detail["loc"] if not isinstance(p, int))
                message = str(detail["msg"]).removeprefix("Value error, ")
                self._fail(
                    name, f"'{name}' {where}: {message}" if where else f"'{name}': {message}"
                )

    def _fail(self, name: str, message: str) -> None:
        self.broken.add(name)
        self.problems.append(Problem(message, self.path, self.lines.get(name)))


def _used_names(raw: Any) -> Iterator[str]:
    """Names a raw (unvalidated) condition refers to."""
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, dict):
        for key in ("all", "any"):
            members = raw.get(key)
            if isinstance(members, list):
                for member in members:
                    yield from _used_names(member)


def _definition_lines(path: Path, names: list[str]) -> dict[str, int]:
    """Where each name is defined: ``name = ...``, ``name.any = ...`` or ``[conditions.name]``."""
    text = read_lines(path)
    found: dict[str, int] = {}
    for name in names:
        key = re.escape(name)
        pattern = re.compile(rf'^\s*(\[\s*{TABLE}\s*\.\s*)?"?{key}"?\s*[.=\]]')
        for number, line in enumerate(text, start=1):
            if pattern.match(line):
                found[name] = number
                break
    return found
